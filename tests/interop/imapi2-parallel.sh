#!/bin/bash
# One image burned through IMAPI2 to three recorders at once: imapi2-burn with
# three --drive options (one thread and one IDiscFormat2Data per drive) on a
# BD-R, a DVD+R and a CD-R. Every disc reads back byte-identical with xorriso,
# and the per-drive summary reports success for each.
t_name=imapi2-parallel
. "$(dirname "$0")/imapi2-common.sh"
require xorriso

letters=(E F G)
medias=(bd-r dvd+r cd-r)

dirs=()
"$WINESERVER" -k >/dev/null 2>&1
for i in 0 1 2; do
    dir=$work/${medias[$i]}
    if ! "$VDRIVE" new "$dir" --media "${medias[$i]}" >>"$work/setup.log" 2>&1 ||
            ! "$VDRIVE" wine-map "$dir" "$WINEPREFIX" "${letters[$i]}" >>"$work/setup.log" 2>&1; then
        t_ok "${medias[$i]}: create the recorder as ${letters[$i]}:" false
        unmap_letters F G
        t_finish
        exit
    fi
    dirs+=("$dir")
done

src=$work/src
make_tree "$src" parallel
head -c 3000000 /dev/urandom >"$src/sub/large.bin"
image=$work/parallel.iso
xorriso -as mkisofs -quiet -R -J -V IMAPI2_PARALLEL -o "$image" "$src" >>"$work/setup.log" 2>&1
size=$(stat -c %s "$image")

timeout 300 "$VDRIVE" exec "${dirs[@]}" -- "$WINE" "$BURN" --drive E: --drive F: --drive G: "$image" \
    >"$work/burn.out" 2>&1
status=$?
tr -d '\r' <"$work/burn.out" >"$work/burn.txt"
t_eq "imapi2-burn exits 0 when every drive succeeds" 0 "$status" || cat "$work/burn.txt"
t_eq "three summary lines" 3 "$(grep -c '^imapi2-burn: summary ' "$work/burn.txt")"
t_ok "the closing line counts three burned drives" grep -q '^imapi2-burn: 3 of 3 drives burned$' "$work/burn.txt"

for i in 0 1 2; do
    l=${letters[$i]} media=${medias[$i]}
    drive=${dirs[$i]}
    t_ok "$l: ($media) the summary reports S_OK with seconds and MiB/s" \
        grep -Eq "^imapi2-burn: summary $l: S_OK [0-9]+\.[0-9]{3} s [0-9]+\.[0-9]{2} MiB/s$" "$work/burn.txt"
    t_ok "$l: ($media) progress lines carry the drive letter" \
        grep -q "^$l: progress: writing data " "$work/burn.txt"
    t_ok "$l: ($media) its own done line" grep -Eq "^$l: done in [0-9.]+ s$" "$work/burn.txt"

    # The disc, as xorriso reads it, starts with the image byte for byte.
    rm -f "$work/read-$media.iso"
    linux xorriso -indev /dev/sr0 -check_media what=disc data_to="$work/read-$media.iso" -- \
        >>"$work/setup.log" 2>&1
    t_ok "$l: ($media) the disc reads back identical to the image" \
        cmp -s -n "$size" "$image" "$work/read-$media.iso"
    t_ok "$l: ($media) every file reads back" same_files "$src"
done

unmap_letters F G
t_finish
