#!/bin/bash
# Transfer sizes: under Wine 8 the pass-through reports a 32 KiB placeholder
# limit, and imapi2.dll sends 256 KiB WRITEs; a host that refuses them (a
# smaller max_sectors_kb) gets 64 KiB, then 32 KiB WRITEs from then on, and the
# disc holds the whole image every time.
t_name=imapi2-transfer
. "$(dirname "$0")/imapi2-common.sh"
require xorriso

make_tree "$work/s1" one
head -c $((2 * 1048576)) /dev/urandom >"$work/s1/sub/two.bin"
xorriso -as mkisofs -quiet -R -J -V IMAPI2_TEST -o "$work/s1.iso" "$work/s1" >>"$work/setup.log" 2>&1
size=$(stat -c %s "$work/s1.iso")

# write_sizes: the distinct data lengths of the WRITE(10) commands the recorder got.
write_sizes()
{
    "$VDRIVE" log "$drive" show | sed -n 's/.*WRITE_10 .* len=\([0-9]*\) .*/\1/p' | sort -un | tr '\n' ' '
}

# limit NAME HOST_LIMIT EXPECTED: a burn under a host limit (0: none) must use
# WRITEs of EXPECTED bytes and none larger.
limit()
{
    local name=$1 host=$2 expect=$3 sizes
    new_drive "bd-r-$name" bd-r
    "$VDRIVE" log "$drive" on >/dev/null
    if [ "$host" -gt 0 ]; then
        VDRIVE_MAX_TRANSFER=$host burn "$work/s1.iso"
    else
        burn "$work/s1.iso"
    fi
    t_ok "$name: burns" test $? -eq 0 || cat "$work/burn.txt"
    sizes=$(write_sizes)
    t_ok "$name: WRITEs of $expect bytes (got: $sizes)" grep -qw "$expect" <<<"$sizes"
    t_ok "$name: no WRITE above $expect bytes ($sizes)" \
        test -z "$(echo "$sizes" | tr ' ' '\n' | awk -v max="$expect" '$1 > max')"
    head -c "$size" "$drive/disc.img" | cmp -s - "$work/s1.iso"
    t_ok "$name: the disc holds the image" test $? -eq 0
    t_ok "$name: the files read back" same_files "$work/s1"
}

limit default 0 262144
limit host-128k 131072 65536
limit host-32k 32768 32768

"$WINESERVER" -k >/dev/null 2>&1
t_finish
