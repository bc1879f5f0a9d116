#!/bin/bash
# Erase: after our quick and full erase cdrskin -minfo reports a blank disc;
# after cdrskin blank=fast our IDiscFormat2Data says blank, and a disc
# IDiscFormat2Erase refuses stays as it was.  DVD+RW and BD-RE: after our
# erase dvd+rw-mediainfo, cdrskin -minfo and xorriso -toc see what
# dvd+rw-format leaves; after dvd+rw-format -force our IDiscFormat2Data sees
# an overwrite-only, heuristically blank disc written from 0.
t_name=imapi2-erase
. "$(dirname "$0")/imapi2-common.sh"
require xorriso cdrskin dvd+rw-format dvd+rw-mediainfo

# minfo_status: cdrskin's "disk status" line of the disc in the drive.
minfo_status()
{
    linux cdrskin dev=/dev/sr0 -minfo 2>>"$work/setup.log" | tr -d '\r' |
        sed -n -E 's/^disk status: *([a-z]+).*/\1/p' | head -n 1
}

write_theirs()
{
    make_tree "$work/tree-$1" "$1"
    linux xorriso -abort_on FAILURE -outdev /dev/sr0 -map "$work/tree-$1" / -commit -close off \
        >>"$work/setup.log" 2>&1
}

new_drive cd-rw cd-rw || t_ok "cd-rw: create the recorder" false
for mode in quick full; do
    t_ok "cd-rw $mode: xorriso writes a session" write_theirs "$mode" || continue
    t_eq "cd-rw $mode: cdrskin sees a written disc" incomplete "$(minfo_status)"
    full=; [ "$mode" = full ] && full=--full
    t_ok "cd-rw $mode: our erase" burn --erase $full ||
        { cat "$work/burn.txt"; continue; }
    t_eq "cd-rw $mode: cdrskin -minfo says blank" empty "$(minfo_status)"
    t_ok "cd-rw $mode: --info" info
    t_eq "cd-rw $mode: our status says blank" 2 "$(( $(value status) & 2 ))"
    t_eq "cd-rw $mode: next writable address" 0 "$(value next_writable)"
done

# a medium that fails the erase, then the drive losing power in the middle of one
t_ok "cd-rw: xorriso writes a session" write_theirs failing
t_ok "cd-rw: fault erase-failure" "$VDRIVE" fault "$drive" erase-failure
t_ok "cd-rw: an erase the medium fails is reported" eval '! burn --erase --full'
t_ok "cd-rw: as E_IMAPI_ERASE_UNEXPECTED_DRIVE_RESPONSE_DURING_ERASE" \
    grep -q E_IMAPI_ERASE_UNEXPECTED_DRIVE_RESPONSE_DURING_ERASE "$work/burn.txt"
t_ok "cd-rw: erased again" burn --erase
t_eq "cd-rw: cdrskin -minfo says blank after erasing again" empty "$(minfo_status)"

t_ok "cd-rw: xorriso writes a session" write_theirs theirs
t_ok "cd-rw: cdrskin blank=fast" linux cdrskin dev=/dev/sr0 blank=fast >>"$work/setup.log" 2>&1
t_ok "cd-rw after cdrskin: --info" info
t_eq "cd-rw after cdrskin: our status says blank" 2 "$(( $(value status) & 2 ))"
t_eq "cd-rw after cdrskin: next writable address" 0 "$(value next_writable)"

# DVD+RW and BD-RE: what the Linux tools see of a disc; the lines every
# formatted disc shows the same whatever was written on it.
overwritable_state()
{
    {
        linux dvd+rw-mediainfo /dev/sr0 2>/dev/null | tr -d '\r' |
            grep -E '^ *(Disc status|State of Last Session|BG Format Status|formatted):'
        linux cdrskin dev=/dev/sr0 -minfo 2>/dev/null | tr -d '\r' | grep -E '^disk status:'
        linux xorriso -indev /dev/sr0 -toc 2>/dev/null | tr -d '\r' | grep -E '^Media (status|summary)'
    } | sed -E 's/[[:space:]]+/ /g'
}

for media in dvd+rw bd-re; do
    # theirs first: the state dvd+rw-format leaves on a fresh disc
    new_drive "$media" "$media" || { t_ok "$media: create the recorder" false; continue; }
    t_ok "$media: dvd+rw-format" linux dvd+rw-format /dev/sr0 >>"$work/setup.log" 2>&1
    ref=$(overwritable_state)
    echo "$media reference: $ref" >>"$work/setup.log"
    t_ok "$media: xorriso says blank after dvd+rw-format" grep -q 'Media status : is blank' <<<"$ref"
    for mode in quick full; do
        t_ok "$media $mode: xorriso writes a session" write_theirs "$media-$mode" || continue
        t_ok "$media $mode: xorriso sees it" eval "! overwritable_state | grep -q 'is blank'"
        full=; [ "$mode" = full ] && full=--full
        t_ok "$media $mode: our erase" burn --erase $full ||
            { cat "$work/burn.txt"; continue; }
        t_eq "$media $mode: the Linux tools see what dvd+rw-format leaves" "$ref" "$(overwritable_state)"
        t_ok "$media $mode: --info" info
        t_eq "$media $mode: our status says overwrite-only" 1 "$(( $(value status) & 1 ))"
        t_eq "$media $mode: heuristically blank" 1 "$(value heuristically_blank)"
        t_eq "$media $mode: next writable address" 0 "$(value next_writable)"
    done

    # theirs on a written disc: cdrskin blank=fast leaves overwritable media
    # alone (libburn: "media was already blank"), dvd+rw-format -force formats
    # it again
    t_ok "$media: xorriso writes a session" write_theirs "$media-theirs"
    t_ok "$media: dvd+rw-format -force" linux dvd+rw-format -force /dev/sr0 >>"$work/setup.log" 2>&1
    t_ok "$media after dvd+rw-format: --info" info
    t_eq "$media after dvd+rw-format: our status says overwrite-only" 1 "$(( $(value status) & 1 ))"
    t_eq "$media after dvd+rw-format: heuristically blank" 1 "$(value heuristically_blank)"
    t_eq "$media after dvd+rw-format: next writable address" 0 "$(value next_writable)"
done

new_drive cd-r cd-r || t_ok "cd-r: create the recorder" false
t_ok "cd-r: xorriso writes a session" write_theirs cd-r
t_ok "cd-r: our erase is refused" eval '! burn --erase'
t_ok "cd-r: with the documented error" grep -q 0xc0aa0909 "$work/burn.txt"
t_eq "cd-r: cdrskin still sees the session" incomplete "$(minfo_status)"

"$WINESERVER" -k >/dev/null 2>&1
t_finish
