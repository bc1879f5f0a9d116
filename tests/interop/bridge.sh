#!/bin/bash
# The bridge and the vdrive command line: tests/interop/bridge_check.c checks
# what a Linux program sees through the bridge (device paths, both stat ABIs,
# every sg_io_hdr_t field, the sr ioctls, descriptors passed around, threads);
# this script checks the CLI's exit codes and that data read through the
# bridge is the image's.
#
# Variables: VDRIVE, CC, TOOL_TIMEOUT.
. "$(dirname "$0")/common.sh"

CC=${CC:-cc}
have "$CC" || skip_all "no C compiler ($CC)"

check="$scratch/bridge_check"
t_ok "build bridge_check" "$CC" -std=gnu11 -O2 -I "$interop_top/include" -o "$check" \
    "$interop_top/tests/interop/bridge_check.c" -lpthread || skip_all "bridge_check did not build"

rom_blocks=1000
head -c $((rom_blocks * 2048)) /dev/urandom >"$scratch/rom.iso"
t_ok "vdrive new cd-rom:FILE" vd new "$scratch/rom" --media "cd-rom:$scratch/rom.iso"
t_ok "vdrive new none" vd new "$scratch/empty" --media none

# bridge_check prints its own Wine-style summary line, counted by tests/run
BRIDGE_CHECK_ROM_BLOCKS=$rom_blocks timeout "$TOOL_TIMEOUT" \
    "$VDRIVE" exec "$scratch/rom" "$scratch/empty" -- "$check"
t_eq "bridge_check exit status" 0 "$?"

if have sg_raw; then
    vrun "$scratch/rom" sg_raw -r $((16 * 2048)) -o "$scratch/read.bin" /dev/sr0 \
        28 00 $(be32 500) 00 $(be16 16) 00
    t_eq "sg_raw READ(10) status" 0 "$rc"
    t_ok "READ(10) returns the image's blocks 500-515" \
        cmp -s "$scratch/read.bin" <(dd if="$scratch/rom.iso" bs=2048 skip=500 count=16 status=none)
    vrun "$scratch/rom" sg_raw -r 2048 /dev/sr0 28 00 $(be32 $rom_blocks) 00 $(be16 1) 00
    t_ok "READ(10) past the end: LBA out of range" grep -q 'Logical block address out of range' <<<"$out"
fi

# exit codes: 0 ok, 1 runtime error, 2 usage; exec passes the command's status on
expect_status()
{
    local expected=$1 desc=$2; shift 2
    timeout "$TOOL_TIMEOUT" "$@" >/dev/null 2>&1
    t_eq "$desc" "$expected" "$?"
}
expect_status 2 "vdrive without a command" "$VDRIVE"
expect_status 2 "vdrive bogus" "$VDRIVE" bogus
expect_status 2 "vdrive new without --media" "$VDRIVE" new "$scratch/x"
expect_status 2 "vdrive new --media bogus" "$VDRIVE" new "$scratch/x" --media bogus
expect_status 2 "vdrive log DIR bogus" "$VDRIVE" log "$scratch/rom" bogus
expect_status 2 "vdrive exec without --" "$VDRIVE" exec "$scratch/rom" true
expect_status 2 "vdrive wine-map with a bad letter" "$VDRIVE" wine-map "$scratch/rom" "$scratch/p" 12
expect_status 1 "vdrive layout of no recorder" "$VDRIVE" layout "$scratch/nothing"
expect_status 1 "vdrive exec with no recorder" "$VDRIVE" exec "$scratch/nothing" -- true
expect_status 1 "vdrive fault with a bad spec" "$VDRIVE" fault "$scratch/rom" bogus
expect_status 1 "vdrive speed with a bad speed" "$VDRIVE" speed "$scratch/rom" fast
expect_status 7 "vdrive exec passes the status on" "$VDRIVE" exec "$scratch/rom" -- sh -c 'exit 7'
expect_status 0 "vdrive help" "$VDRIVE" help
t_ok "vdrive layout inside vdrive exec" \
    timeout "$TOOL_TIMEOUT" "$VDRIVE" exec "$scratch/rom" -- "$VDRIVE" layout "$scratch/rom" >/dev/null
t_eq "vdrive env names the recorder" "VDRIVE_DRIVES='$scratch/rom'; export VDRIVE_DRIVES" \
    "$(vd env "$scratch/rom" | grep '^VDRIVE_DRIVES=')"

show_log_on_failure
t_finish
