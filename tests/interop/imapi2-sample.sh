#!/bin/bash
# Microsoft's C++ IMAPI2 command-line sample, as its calls (tests/interop/imapi2_sample.c:
# the sample's command line, its calls in its order, its event sinks as ATL's), against
# the virtual recorder, and what it wrote read by tools we did not write:
#   -list                      the recorder, its mount point and media type
#   -audio DIR                 track at once; cdparanoia extracts every track, cut by the
#                              sample to whole sectors with IStream::SetSize
#   -raw DIR                   IRawCDImageCreator and IDiscFormat2RawCD; cdparanoia, cdrskin -toc
#   -erase, -fullerase         a written CD-RW; cdrskin -minfo says blank
#   -write DIR -multi [-boot]  IMAPI2FS sessions with the Root taken before ImportFileSystem;
#                              xorriso reads every file and the El Torito boot image back
#   -write DIR -close          the disc is closed
#   -image FILE                an ISO made by xorriso, read back
#   -eject, -inject            the tray
t_name=imapi2-sample
. "$(dirname "$0")/imapi2-common.sh"
SAMPLE=$BUILD/x86_64/tests/interop/imapi2_sample.exe
require "$SAMPLE" cdparanoia cdrskin xorriso python3

# sample ARGS...: the sample's calls on drive index 0 (E:), output in $work/sample.txt
# (and shown when it failed); its exit status.
sample()
{
    local status
    wine_run sample "$SAMPLE" "$@"
    status=$?
    cat "$work/sample.txt" >>"$work/setup.log"
    [ $status -eq 0 ] || cat "$work/sample.txt"
    return $status
}

win() { echo "Z:${1//\//\\}"; }

# added_order: the files in the order the sample added them (FindNextFile's).
added_order() { sed -n 's/^adding .*\\\([^\\]*\)$/\1/p' "$work/sample.txt"; }

# same_tracks DIR: cdparanoia's track N is the Nth file the sample added.
same_tracks()
{
    local n=0 name
    for name in $(added_order); do
        n=$((n + 1))
        extracted_same "$n" "$1/$name" "$work/out-$n.raw" || return 1
    done
    [ $n -gt 0 ]
}

# toc_summary: cdrskin -toc's "N sessions, N tracks, closed|open" of the CD.
toc_summary()
{
    linux cdrskin dev=/dev/sr0 -toc 2>&1 | tee -a "$work/setup.log" | tr -d '\r' |
        sed -n 's/^Media summary: \(.*\) CD-R.*/\1/p'
}

# tree_counts DIR...: "files=N directories=N" of the union of the trees as one
# root (IFileSystemImage's FileCount, and DirectoryCount, which counts the root).
tree_counts()
{
    local d
    echo "files=$(for d in "$@"; do (cd "$d" && find . -type f); done | sort -u | wc -l)" \
        "directories=$(( $(for d in "$@"; do (cd "$d" && find . -mindepth 1 -type d); done | sort -u | wc -l) + 1 ))"
}

minfo_status()
{
    linux cdrskin dev=/dev/sr0 -minfo 2>>"$work/setup.log" | tr -d '\r' |
        sed -n -E 's/^disk status: *([a-z]+).*/\1/p' | head -n 1
}

# ---- -list ----
new_drive list cd-r || { t_ok "create the recorder" false; t_finish; exit; }
t_ok "-list" sample -list
t_ok "-list: the recorder, its mount point and CD-R media (IMAPI_MEDIA_TYPE_CDR)" \
    grep -q '^recorder 0: VDRIVE .*( E:\\ ) (media type 2)$' "$work/sample.txt"

# ---- -audio: three tracks, one of them with 1000 bytes more than whole sectors ----
audio=$work/tracks
mkdir -p "$audio"
pcm "$audio/first.pcm" 500 1
pcm "$audio/second.pcm" 400 2
pcm "$audio/third.pcm" 600 3
head -c 1000 /dev/urandom >>"$audio/second.pcm"
cp "$audio/second.pcm" "$work/second-uncut.pcm"
new_drive audio cd-r || { t_ok "create the recorder" false; t_finish; exit; }
if t_ok "-audio" sample -audio "$(win "$audio")"; then
    t_eq "-audio: three tracks added" 3 "$(added_order | wc -l)"
    t_eq "-audio: progress while writing each track (IDiscFormat2TrackAtOnceEventArgs)" "1 2 3" \
        "$(sed -n 's/^progress: track \([0-9]\) writing.*/\1/p' "$work/sample.txt" | tr '\n' ' ' | sed 's/ $//')"
    t_eq "-audio: the sink took every Update (type library IMAPILib2 1.0)" 0 \
        "$(grep -c '^event:' "$work/sample.txt")"
fi
t_eq "-audio: SetSize cut the track to whole sectors" $((400 * 2352)) "$(stat -c %s "$audio/second.pcm")"
t_ok "-audio: the cut track is the start of what it was" cmp -s -n $((400 * 2352)) "$audio/second.pcm" \
    "$work/second-uncut.pcm"
t_ok "-audio: cdparanoia extracts every track byte-identical" same_tracks "$audio"
t_eq "-audio: cdrskin -toc: three tracks, session closed (ReleaseMedia)" "1 sessions, 3 tracks, closed" \
    "$(toc_summary)"

# ---- -raw: the same tracks disc at once ----
new_drive raw cd-r || { t_ok "create the recorder" false; t_finish; exit; }
t_ok "-raw" sample -raw "$(win "$audio")"
t_ok "-raw: cdparanoia extracts every track byte-identical" same_tracks "$audio"
t_eq "-raw: cdrskin -toc: one closed session of three tracks" "1 sessions, 3 tracks, closed" "$(toc_summary)"

# ---- -erase and -fullerase of a written CD-RW ----
new_drive erase cd-rw || { t_ok "create the recorder" false; t_finish; exit; }
for mode in erase fullerase; do
    t_ok "-$mode: -audio writes the CD-RW first" sample -audio "$(win "$audio")" || continue
    t_eq "-$mode: cdrskin sees a written disc" complete "$(minfo_status)"
    if t_ok "-$mode" sample -$mode; then
        t_ok "-$mode: Update(object, elapsed, total) as VT_DISPATCH, VT_I4, VT_I4" \
            grep -q '^progress: erasing [0-9]* of [0-9]* s$' "$work/sample.txt"
    fi
    t_eq "-$mode: cdrskin -minfo says blank" empty "$(minfo_status)"
done

# ---- -write: two sessions with -multi, the second with a boot image and UDF, then -close ----
s1=$work/s1 s2=$work/s2 s3=$work/s3
make_tree "$s1" one
make_tree "$s2" two
make_tree "$s3" three
head -c 4096 /dev/urandom >"$work/boot.img"
new_drive write bd-r || { t_ok "create the recorder" false; t_finish; exit; }
if t_ok "-write -multi: first session" sample -write "$(win "$s1")" -multi -vol FIRST; then
    t_ok "-write: ImportFileSystem of a blank disc says IMAPI_E_EMPTY_DISC" grep -q '^empty disc$' "$work/sample.txt"
    t_eq "-write: FileCount and DirectoryCount of the first folder" "$(tree_counts "$s1")" \
        "$(grep '^files=' "$work/sample.txt")"
    t_ok "-write: progress events (IDiscFormat2DataEventArgs)" \
        sh -c "grep -q '^progress: writing data' '$work/sample.txt' && grep -q '^progress: completed' '$work/sample.txt'"
fi
if t_ok "-write -multi -boot -udf: second session" sample -write "$(win "$s2")" -multi -boot "$(win "$work/boot.img")" \
        -udf; then
    # the sample took Root before ImportFileSystem: the imported files and the new ones
    t_eq "-write: FileCount and DirectoryCount after the import and AddTree" "$(tree_counts "$s1" "$s2")" \
        "$(grep '^files=' "$work/sample.txt")"
fi
t_eq "-write: xorriso sees two sessions" 2 "$(sessions)"
t_ok "-write: both sessions' files read back from the last" same_files "$s1" "$s2"
t_eq "-write: the volume name of the first session" FIRST \
    "$(linux xorriso -indev /dev/sr0 -pvd_info 2>/dev/null | sed -n 's/^Volume Id *: //p')"
# boot_image_same: the blocks of the El Torito catalog's boot image are boot.img.
boot_image_same()
{
    local lba
    lba=$(linux xorriso -indev /dev/sr0 -report_el_torito plain 2>/dev/null |
        awk '/^El Torito boot img *: *1 / { print $NF }')
    [ -n "$lba" ] || { echo "$t_name: no boot image in xorriso's El Torito report"; return 1; }
    linux dd if=/dev/sr0 bs=2048 skip="$lba" count=2 status=none | cmp -s "$work/boot.img" -
}
t_ok "-write: the El Torito boot image reads back" boot_image_same
t_ok "-write -multi -close: third session" sample -write "$(win "$s3")" -multi -close
t_eq "-write -close: the disc is closed" "finalized" "$("$VDRIVE" layout "$drive" | awk '$1 == "disc" { print $2 }')"
t_ok "-write: every session's files read back" same_files "$s1" "$s2" "$s3"

# ---- -image ----
new_drive image dvd+r || { t_ok "create the recorder" false; t_finish; exit; }
iso "$work/image.iso" "$s1"
t_ok "-image" sample -image "$(win "$work/image.iso")"
t_ok "-image: the files read back" same_files "$s1"

# ---- -eject, -inject ----
tray() { "$VDRIVE" layout "$drive" | awk '$1 == "media" { for (i = 1; i < NF; i++) if ($i == "tray") print $(i + 1) }'; }
t_ok "-eject" sample -eject
t_eq "-eject: the tray is open" open "$(tray)"
t_ok "-inject" sample -inject
t_eq "-inject: the tray is closed" closed "$(tray)"

"$WINESERVER" -k >/dev/null 2>&1
t_finish
