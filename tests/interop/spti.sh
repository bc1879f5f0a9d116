#!/bin/bash
# A Windows program under Wine reaches the virtual recorder through
# DeviceIoControl(IOCTL_SCSI_PASS_THROUGH[_DIRECT]): INQUIRY, GET CONFIGURATION,
# READ DISC INFORMATION, a WRITE(10)/READ(10) round trip and an invalid opcode
# (tests/interop/spti_roundtrip.c).  The data it wrote is then compared with the
# recorder's image and read back by a Linux tool.
#
# Variables: VDRIVE, WINE, WINESERVER, WINEGCC, TOOL_TIMEOUT.
. "$(dirname "$0")/common.sh"

WINE=${WINE:-/usr/lib/wine/wine64}
WINESERVER=${WINESERVER:-$(dirname "$WINE")/wineserver}
if [ -z "${WINEGCC:-}" ]; then
    WINEGCC=$(command -v winegcc-stable || command -v winegcc || true)
fi
export WINEDEBUG=-all
[ -x "$WINE" ] || skip_all "wine not found ($WINE)"
[ -n "$WINEGCC" ] || skip_all "winegcc not found"

letter=X
sectors=16
export WINEPREFIX="$scratch/prefix"
spti_cleanup()
{
    [ -d "$WINEPREFIX" ] && WINEPREFIX="$WINEPREFIX" "$WINESERVER" -k >/dev/null 2>&1
    interop_cleanup
}
trap spti_cleanup EXIT

exe="$scratch/spti_roundtrip.exe"
t_ok "build spti_roundtrip.exe" timeout 120 "$WINEGCC" -b x86_64-w64-mingw32 -mno-cygwin \
    -I "$interop_top/include" -o "$exe" "$interop_top/tests/interop/spti_roundtrip.c" \
    || skip_all "spti_roundtrip.exe did not build"

# DVD+R: a blank write-once medium that takes WRITE(10) at its NWA without
# any write parameters (MMC: DVD+R has no mode page 05h).
new_recorder drive dvd+r || skip_all "cannot create a recorder"
t_ok "vdrive wine-map" timeout 120 "$VDRIVE" wine-map "$scratch/drive" "$WINEPREFIX" "$letter" \
    >>"$scratch/tools.log" 2>&1
t_eq "dosdevices ${letter,,}:: points at the placeholder" "$scratch/drive/disc.img" \
    "$(readlink "$WINEPREFIX/dosdevices/${letter,,}::")"
t_ok "registry says cdrom" grep -qx "\"${letter,,}:\"=\"cdrom\"" "$WINEPREFIX/system.reg"

head -c $((sectors * 2048)) /dev/urandom >"$scratch/input.bin"
winpath()
{
    local p=${1//\//\\}
    echo "Z:$p"
}

output=$(SPTI_DRIVE=$letter SPTI_PROFILE=1B SPTI_INPUT=$(winpath "$scratch/input.bin") \
         SPTI_OUTPUT=$(winpath "$scratch/nwa.txt") \
         timeout 300 "$VDRIVE" exec "$scratch/drive" -- "$WINE" "$exe" 2>&1)
status=$?
# The program's own closing line is counted by tests/run like ours.
printf '%s\n' "$output"
t_eq "spti_roundtrip.exe exit status" 0 "$status"

nwa=$(tr -d "\r\n" 2>/dev/null <"$scratch/nwa.txt")
t_eq "NWA of the blank DVD+R" 0 "${nwa:-none}"
if [ -n "$nwa" ]; then
    dd if="$scratch/drive/disc.img" of="$scratch/image.bin" bs=2048 skip="$nwa" count=$sectors \
        status=none
    t_ok "the image holds the data written through Wine" cmp -s "$scratch/input.bin" "$scratch/image.bin"
    vrun "$scratch/drive" sg_raw -r $((sectors * 2048)) -o "$scratch/sg_read.bin" /dev/sr0 \
        28 00 $(be32 "$nwa") 00 $(be16 $sectors) 00
    t_eq "sg_raw READ(10) status" 0 "$rc"
    t_ok "sg_raw reads back the data written through Wine" cmp -s "$scratch/input.bin" "$scratch/sg_read.bin"
fi

show_log_on_failure
t_finish
