#!/bin/bash
# Injected faults ('vdrive fault DIR SPEC') produce the sense data vdrive.h
# documents, as sg3-utils and xorriso see it through the bridge, and leave the
# data already on the disc intact.  A corrupt state file gives clear errors
# (CLI) and CHECK CONDITION (bridge), never a crash, and leaves the image alone.
#
# Variables: VDRIVE, TOOL_TIMEOUT.
. "$(dirname "$0")/common.sh"

for tool in xorriso sg_raw sg_turs; do
    have $tool || skip_all "$tool is not installed"
done

dir="$scratch/drive"
new_recorder drive dvd+r || skip_all "cannot create a recorder"
mkdir -p "$scratch/in"
head -c 200000 /dev/urandom >"$scratch/in/data.bin"
vrun "$dir" xorriso -abort_on FAILURE -dev /dev/sr0 -map "$scratch/in" /data -close off -commit
t_eq "xorriso writes the reference session" 0 "$rc"

# The recorded area, from the layout: "session 1 start S end E ..."
end=$(vd layout "$dir" | sed -n -E 's/^session 1 start 0 end ([0-9]+) .*/\1/p')
t_ok "the layout shows the session's end" test -n "$end"
end=${end:-16}
image_sum()
{
    head -c $((end * 2048)) "$dir/disc.img" | md5sum
}
reference=$(image_sum)

# sense_of: "Sense key / Additional sense" of the last sg_raw output
sense_of()
{
    local key asc
    key=$(sed -n -E 's/.*Sense key: (.*)$/\1/p' <<<"$out" | head -n 1)
    asc=$(sed -n -E 's/^ *Additional sense: (.*)$/\1/p' <<<"$out" | head -n 1)
    echo "$key / $asc"
}

fault()
{
    vd fault "$dir" "$1" >>"$scratch/tools.log" 2>&1
}

read10()
{
    vrun "$dir" sg_raw -r $(($2 * 2048)) -o "$scratch/read.bin" /dev/sr0 28 00 $(be32 "$1") 00 $(be16 "$2") 00
}

differ()
{
    ! cmp -s "$1" "$2"
}

intact()
{
    t_eq "$1: the recorded data is intact" "$reference" "$(image_sum)"
}

# medium-error:LBA: READ touching LBA fails 03/11/00, other reads work
t_ok "fault medium-error" fault medium-error:20
read10 18 4
t_eq "medium-error: READ(10) over the LBA" "Medium Error / Unrecovered read error" "$(sense_of)"
read10 0 4
t_eq "medium-error: READ(10) elsewhere succeeds" 0 "$rc"
t_ok "medium-error: READ(10) elsewhere returns the image's data" \
    cmp -s "$scratch/read.bin" <(head -c $((4 * 2048)) "$dir/disc.img")
vrun "$dir" xorriso -indev /dev/sr0 -osirrox on -extract /data "$scratch/out-medium"
t_ok "medium-error: xorriso reports the failed read" test "$rc" -ne 0
fault clear
intact "medium-error"

# not-ready:N: the next N media commands fail 02/04/01, then the drive is ready
t_ok "fault not-ready" fault not-ready:2
vrun "$dir" sg_raw /dev/sr0 00 00 00 00 00 00
t_eq "not-ready: TEST UNIT READY 1" "Not Ready / Logical unit is in process of becoming ready" "$(sense_of)"
vrun "$dir" sg_turs /dev/sr0
t_eq "not-ready: sg_turs 2 says not ready" 2 "$rc"
vrun "$dir" sg_turs /dev/sr0
t_eq "not-ready: ready after 2 commands" 0 "$rc"
intact "not-ready"

# long-write:N: 02/04/08
t_ok "fault long-write" fault long-write:1
vrun "$dir" sg_raw /dev/sr0 00 00 00 00 00 00
t_eq "long-write: TEST UNIT READY" "Not Ready / Logical unit not ready, long write in progress" "$(sense_of)"
vrun "$dir" sg_turs /dev/sr0
t_eq "long-write: ready again" 0 "$rc"

# timeout:OPCODE: no status, host_status DID_TIME_OUT, once
t_ok "fault timeout" fault timeout:28
read10 0 1
t_ok "timeout: sg_raw sees DID_TIME_OUT" grep -q 'Host_status=0x03' <<<"$out"
read10 0 1
t_eq "timeout: the next READ(10) works" 0 "$rc"
intact "timeout"

# truncate:OPCODE:N: the next reply is cut to N bytes
t_ok "fault truncate" fault truncate:12:10
vrun "$dir" sg_raw -r 96 /dev/sr0 12 00 00 00 60 00
t_ok "truncate: INQUIRY returns 10 bytes" grep -q 'Received 10 bytes' <<<"$out"
vrun "$dir" sg_raw -r 96 /dev/sr0 12 00 00 00 60 00
t_ok "truncate: once only" grep -q 'Received 96 bytes\|Received [2-9][0-9] bytes' <<<"$out"

# garbage:OPCODE: the next reply is other bytes than the real one
vrun "$dir" sg_raw -r 36 -o "$scratch/inq1.bin" /dev/sr0 12 00 00 00 24 00
t_ok "fault garbage" fault garbage:12
vrun "$dir" sg_raw -r 36 -o "$scratch/inq2.bin" /dev/sr0 12 00 00 00 24 00
t_ok "garbage: INQUIRY data differs" differ "$scratch/inq1.bin" "$scratch/inq2.bin"
vrun "$dir" sg_raw -r 36 -o "$scratch/inq3.bin" /dev/sr0 12 00 00 00 24 00
t_ok "garbage: once only" cmp -s "$scratch/inq1.bin" "$scratch/inq3.bin"

# write-protect: writes fail 07/27/00 and change nothing
nwa=$(vd layout "$dir" | sed -n -E 's/^session [0-9]+ track [0-9]+ start [0-9]+ size [0-9]+ recorded [0-9]+ nwa ([0-9]+) .*/\1/p' | tail -n 1)
t_ok "the layout shows an NWA" test -n "$nwa"
nwa=${nwa:-0}
head -c $((16 * 2048)) /dev/urandom >"$scratch/block.bin"
t_ok "fault write-protect" fault write-protect
layout_before=$(vd layout "$dir")
vrun "$dir" sg_raw -s $((16 * 2048)) -i "$scratch/block.bin" /dev/sr0 2a 00 $(be32 "$nwa") 00 00 10 00
t_eq "write-protect: WRITE(10)" "Data Protect / Write protected" "$(sense_of)"
t_eq "write-protect: layout unchanged" "$layout_before" "$(vd layout "$dir")"
vrun "$dir" xorriso -abort_on FAILURE -dev /dev/sr0 -map "$scratch/in" /again -commit
t_ok "write-protect: xorriso cannot write" test "$rc" -ne 0
t_ok "write-protect off" fault write-protect:off
intact "write-protect"

# remove-after:N: the WRITE that crosses N blocks fails 02/3A/00, tray open
t_ok "fault remove-after" fault remove-after:8
vrun "$dir" sg_raw -s $((16 * 2048)) -i "$scratch/block.bin" /dev/sr0 2a 00 $(be32 "$nwa") 00 00 10 00
t_eq "remove-after: WRITE(10)" "Not Ready / Medium not present" "$(sense_of)"
vrun "$dir" sg_raw /dev/sr0 00 00 00 00 00 00
t_eq "remove-after: tray open afterwards" "Not Ready / Medium not present - tray open" "$(sense_of)"
t_ok "remove-after: layout shows the interrupted track" grep -q 'state damaged' <<<"$(vd layout "$dir")"
t_ok "reload the disc" vd insert "$dir" --media reload
intact "remove-after"
vrun "$dir" xorriso -abort_on FAILURE -indev /dev/sr0 -osirrox on -extract /data "$scratch/out-removed"
t_ok "remove-after: the earlier session still reads back" diff -r "$scratch/in" "$scratch/out-removed"

# A corrupt state file: clear errors, CHECK CONDITION, the image untouched
cp "$dir/state" "$scratch/state.good"
printf 'garbage' | dd of="$dir/state" bs=1 seek=64 conv=notrunc status=none
vd layout "$dir" >"$scratch/layout.err" 2>&1
t_eq "corrupt state: vdrive layout exits 1" 1 "$?"
t_ok "corrupt state: vdrive layout says why" test -s "$scratch/layout.err"
vrun "$dir" sg_raw /dev/sr0 00 00 00 00 00 00
t_eq "corrupt state: TEST UNIT READY" "Hardware Error / Internal target failure" "$(sense_of)"
vrun "$dir" sg_inq /dev/sr0
t_eq "corrupt state: INQUIRY still answers" 0 "$rc"
intact "corrupt state"
cp "$scratch/state.good" "$dir/state"

show_log_on_failure
t_finish
