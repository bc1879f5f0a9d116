#!/bin/bash
# Microsoft's VBScript IMAPI2 samples' call sequence ("Burning a Disc",
# "Creating a Multisession Disc") under Wine's cscript against a virtual
# recorder: a folder burned, a second one appended; xorriso reads both back.
t_name=imapi2fs-vbscript
. "$(dirname "$0")/imapi2-common.sh"
require xorriso

vbs="Z:$(echo "$top/tests/interop/imapi2fs-burn.vbs" | tr / '\\')"

# cscript_burn FOLDER [append]: the script's checks become ours.
cscript_burn()
{
    local out line seen=0 done_count=
    out=$(timeout 300 "$VDRIVE" exec "$drive" -- "$WINE" cscript.exe //nologo "$vbs" \
        "Z:$(echo "$1" | tr / '\\')" ${2:+"$2"} 2>&1 | tr -d '\r')
    while IFS= read -r line; do
        case $line in
        "ok "*) seen=$((seen + 1)); t_ok "$media: ${line#ok }" true ;;
        "fail "*) seen=$((seen + 1)); t_ok "$media: ${line#fail }" false ;;
        "done "*) done_count=${line#done } ;;
        "") ;;
        *) printf '%s\n' "$t_name: $media: $line" ;;
        esac
    done <<EOF2
$out
EOF2
    t_eq "$media: the script ran to its end" "done $seen" "done ${done_count:-missing}"
}

# Not DVD+R: the samples leave consumer compatibility mode on, which closes it.
for media in ${IMAPI2FS_VBS_MEDIA:-cd-r bd-r}; do
    new_drive "$media" "$media" || { t_ok "$media: create the recorder" false; continue; }
    s1=$work/$media-s1 s2=$work/$media-s2
    make_tree "$s1" one
    make_tree "$s2" two
    cscript_burn "$s1"
    t_ok "$media: the first folder reads back" same_files "$s1"
    cscript_burn "$s2" append
    t_eq "$media: two sessions" 2 "$(sessions)"
    t_ok "$media: both folders read back from the last session" same_files "$s1" "$s2"
done

t_finish
