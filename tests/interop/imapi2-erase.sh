#!/bin/bash
# Erase: after our quick and full erase cdrskin -minfo reports a blank disc;
# after cdrskin blank=fast our IDiscFormat2Data says blank, and a disc
# IDiscFormat2Erase refuses stays as it was.
t_name=imapi2-erase
. "$(dirname "$0")/imapi2-common.sh"
require xorriso cdrskin

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

t_ok "cd-rw: xorriso writes a session" write_theirs theirs
t_ok "cd-rw: cdrskin blank=fast" linux cdrskin dev=/dev/sr0 blank=fast >>"$work/setup.log" 2>&1
t_ok "cd-rw after cdrskin: --info" info
t_eq "cd-rw after cdrskin: our status says blank" 2 "$(( $(value status) & 2 ))"
t_eq "cd-rw after cdrskin: next writable address" 0 "$(value next_writable)"

new_drive cd-r cd-r || t_ok "cd-r: create the recorder" false
t_ok "cd-r: xorriso writes a session" write_theirs cd-r
t_ok "cd-r: our erase is refused" eval '! burn --erase'
t_ok "cd-r: with the documented error" grep -q 0xc0aa0909 "$work/burn.txt"
t_eq "cd-r: cdrskin still sees the session" incomplete "$(minfo_status)"

"$WINESERVER" -k >/dev/null 2>&1
t_finish
