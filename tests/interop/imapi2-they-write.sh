#!/bin/bash
# They write, we append: sessions written by xorriso and growisofs, our
# multisession values compared with cdrskin -msinfo, our session read back.
t_name=imapi2-they-write
. "$(dirname "$0")/imapi2-common.sh"
require xorriso cdrskin

append_and_check()
{
    local media=$1 s1=$2 s2=$3 count=$4
    t_ok "$media: --info" info || return
    t_eq "$media: our values against cdrskin -msinfo" "$(msinfo)" "$(value start_prev),$(value next_writable)"
    t_eq "$media: status is appendable" 0x0004 "$(value status)"
    t_eq "$media: not the first data session" 0 "$(value first_data_session)"
    iso "$work/$media-ours.iso" "$s2" -C "$(value start_prev),$(value next_writable)" -M /dev/sr0
    t_ok "$media: burn our session" burn "$work/$media-ours.iso" || { cat "$work/burn.txt"; return; }
    t_eq "$media: xorriso sees our session" "$count" "$(sessions)"
    t_ok "$media: every file reads back" same_files "$s1" "$s2"
}

for media in cd-r dvd-r dvd+r bd-r; do
    new_drive "$media" "$media" || { t_ok "$media: create the recorder" false; continue; }
    s1=$work/$media-s1 s2=$work/$media-s2
    make_tree "$s1" theirs
    make_tree "$s2" ours
    t_ok "$media: xorriso writes session 1" linux xorriso -abort_on FAILURE -outdev /dev/sr0 -map "$s1" / \
        -commit -close off >>"$work/setup.log" 2>&1 || continue
    append_and_check "$media" "$s1" "$s2" 2
done

if command -v growisofs >/dev/null 2>&1; then
    media=dvd+r
    new_drive growisofs-$media $media
    s1=$work/g-s1 s2=$work/g-s2
    make_tree "$s1" growisofs
    make_tree "$s2" ours
    t_ok "growisofs writes session 1" linux growisofs -Z /dev/sr0 -quiet -R -J "$s1" >>"$work/setup.log" 2>&1 &&
        append_and_check "growisofs $media" "$s1" "$s2" 2
else
    t_skip "growisofs is not installed"
fi

"$WINESERVER" -k >/dev/null 2>&1
t_finish
