#!/bin/bash
# Folders burned through IMAPI2FS (imapi2-burn --files, the way file-burning
# programs use imapi2fs.dll with IDiscFormat2Data), a second session added
# with --append (put_MultisessionInterfaces + ImportFileSystem), and both
# sessions' files read back by xorriso from the virtual recorder.
t_name=imapi2fs-burn
. "$(dirname "$0")/imapi2-common.sh"
require xorriso

MEDIA=${IMAPI2FS_BURN_MEDIA:-cd-r dvd+r bd-r}

for media in $MEDIA; do
    new_drive "$media" "$media" || { t_ok "$media: create the recorder" false; continue; }
    s1=$work/$media-s1 s2=$work/$media-s2
    make_tree "$s1" one
    make_tree "$s2" two
    t_ok "$media: burn folder 1" burn --files "Z:${s1//\//\\}" || { cat "$work/burn.txt"; continue; }
    grep '^image:' "$work/burn.txt" | sed "s/^/    $media: /"
    t_ok "$media: folder 1 reads back" same_files "$s1"
    # The second session has the same sub/ directory: its files join the old ones.
    t_ok "$media: append folder 2" burn --files "Z:${s2//\//\\}" --append || { cat "$work/burn.txt"; continue; }
    grep -E '^(image|imported)' "$work/burn.txt" | sed "s/^/    $media: /"
    t_eq "$media: xorriso sees two sessions" 2 "$(sessions)"
    t_ok "$media: both folders' files read back from the last session" same_files "$s1" "$s2"
done

t_finish
