#!/bin/bash
# We write, they read: two sessions burned through IMAPI2 (the second built by
# xorriso with -C from our multisession values), read back by xorriso, and our
# values compared with cdrskin -msinfo. Growing on overwritable media.
t_name=imapi2-we-write
. "$(dirname "$0")/imapi2-common.sh"
require xorriso cdrskin

for media in cd-r dvd-r dvd+r bd-r; do
    new_drive "$media" "$media" || { t_ok "$media: create the recorder" false; continue; }
    s1=$work/$media-s1 s2=$work/$media-s2
    make_tree "$s1" one
    make_tree "$s2" two
    iso "$work/$media-1.iso" "$s1"
    t_ok "$media: burn session 1" burn "$work/$media-1.iso" || { cat "$work/burn.txt"; continue; }
    t_ok "$media: --info after session 1" info || continue
    start=$(value start_prev) next=$(value next_writable)
    t_eq "$media: start of session 1" 0 "$start"
    t_eq "$media: our values against cdrskin -msinfo" "$(msinfo)" "$start,$next"

    iso "$work/$media-2.iso" "$s2" -C "$start,$next" -M /dev/sr0
    t_ok "$media: burn session 2" burn "$work/$media-2.iso" || { cat "$work/burn.txt"; continue; }
    t_ok "$media: --info after session 2" info || continue
    t_eq "$media: session 2 starts at the old next writable address" "$next" "$(value start_prev)"
    t_eq "$media: our values against cdrskin -msinfo after session 2" "$(msinfo)" \
        "$(value start_prev),$(value next_writable)"
    t_eq "$media: xorriso sees two sessions" 2 "$(sessions)"
    t_ok "$media: every file reads back" same_files "$s1" "$s2"
done

# Overwritable media: IMAPI2 writes the whole image from sector 0 (Microsoft:
# Write), so image 2 is the disc's tree with session 2's files added, made by
# xorriso from what it reads on the disc.
for media in dvd+rw bd-re; do
    new_drive "$media" "$media" || { t_ok "$media: create the recorder" false; continue; }
    s1=$work/$media-s1 s2=$work/$media-s2
    make_tree "$s1" one
    make_tree "$s2" two
    iso "$work/$media-1.iso" "$s1"
    t_ok "$media: burn image 1" burn "$work/$media-1.iso" || { cat "$work/burn.txt"; continue; }
    t_ok "$media: --info" info || continue
    t_eq "$media: next writable address" 0 "$(value next_writable)"
    t_eq "$media: no previous session" -1 "$(value start_prev)"
    t_eq "$media: free equals total" "$(value total)" "$(value free)"
    linux xorriso -indev /dev/sr0 -outdev "stdio:$work/$media-2.iso" -map "$s2" / -commit >>"$work/setup.log" 2>&1
    t_ok "$media: burn the grown image" burn "$work/$media-2.iso" || { cat "$work/burn.txt"; continue; }
    t_ok "$media: every file reads back" same_files "$s1" "$s2"
done

# Closing (doc/multisession.md 6.1-6.3): ForceMediaToBeClosed on every sequential
# medium, and DVD+R in consumer compatibility mode, which Microsoft documents
# as closed even without ForceMediaToBeClosed.
for case in cd-r:--close dvd-r:--close dvd+r:--close bd-r:--close dvd+r:--dvd-compat; do
    media=${case%%:*} option=${case#*:}
    new_drive "close-$media$option" "$media" || { t_ok "$media $option: create the recorder" false; continue; }
    src=$work/close-$media$option-src
    make_tree "$src" closed
    xorriso -as mkisofs -quiet -R -J -o "$work/close.iso" "$src" >>"$work/setup.log" 2>&1
    t_ok "$media $option: burn" burn "$option" "$work/close.iso" || { cat "$work/burn.txt"; continue; }
    t_ok "$media $option: --info" info || continue
    t_eq "$media $option: status is finalized" 0x4000 "$(value status)"
    t_eq "$media $option: no next writable address" -1 "$(value next_writable)"
    t_ok "$media $option: every file reads back" same_files "$src"
done

"$WINESERVER" -k >/dev/null 2>&1
t_finish
