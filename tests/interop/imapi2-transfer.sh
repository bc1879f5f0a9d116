#!/bin/bash
# Transfer sizes: under Wine 8 the pass-through reports a 32 KiB placeholder
# limit, and imapi2.dll sends 256 KiB WRITEs; a host that refuses them (a
# smaller max_hw_sectors_kb: 120 KiB behind usb-storage) gets half as much,
# down to 32 KiB, from then on, and the disc holds the whole image either way.
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

new_drive bd-r-256k bd-r
"$VDRIVE" log "$drive" on >/dev/null
burn "$work/s1.iso"
t_ok "256 KiB: burns" test $? -eq 0 || cat "$work/burn.txt"
sizes=$(write_sizes)
t_ok "256 KiB: WRITEs of 256 KiB (got: $sizes)" grep -qw 262144 <<<"$sizes"
t_ok "256 KiB: no WRITE above 256 KiB ($sizes)" test -z "$(echo "$sizes" | tr ' ' '\n' | awk '$1 > 262144')"
head -c "$size" "$drive/disc.img" | cmp -s - "$work/s1.iso"
t_ok "256 KiB: the disc holds the image" test $? -eq 0
t_ok "256 KiB: the files read back" same_files "$work/s1"

new_drive bd-r-120k bd-r
"$VDRIVE" log "$drive" on >/dev/null
VDRIVE_MAX_TRANSFER=122880 burn "$work/s1.iso"
t_ok "host limit 120 KiB: burns" test $? -eq 0 || cat "$work/burn.txt"
sizes=$(write_sizes)
t_ok "host limit 120 KiB: WRITEs of 64 KiB (got: $sizes)" grep -qw 65536 <<<"$sizes"
t_ok "host limit 120 KiB: no WRITE above 120 KiB ($sizes)" \
    test -z "$(echo "$sizes" | tr ' ' '\n' | awk '$1 > 122880')"
head -c "$size" "$drive/disc.img" | cmp -s - "$work/s1.iso"
t_ok "host limit 120 KiB: the disc holds the image" test $? -eq 0

new_drive bd-r-32k bd-r
"$VDRIVE" log "$drive" on >/dev/null
VDRIVE_MAX_TRANSFER=32768 burn "$work/s1.iso"
t_ok "host limit 32 KiB: burns" test $? -eq 0 || cat "$work/burn.txt"
sizes=$(write_sizes)
t_ok "host limit 32 KiB: no WRITE above 32 KiB (got: $sizes)" \
    test -z "$(echo "$sizes" | tr ' ' '\n' | awk '$1 > 32768')"
head -c "$size" "$drive/disc.img" | cmp -s - "$work/s1.iso"
t_ok "host limit 32 KiB: the disc holds the image" test $? -eq 0
t_ok "host limit 32 KiB: the files read back" same_files "$work/s1"

"$WINESERVER" -k >/dev/null 2>&1
t_finish
