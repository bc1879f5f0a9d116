#!/bin/bash
# make bench: throughput and CPU of IDiscFormat2Data::Write against a raw
# WRITE(10) loop, cdrskin and growisofs on the same unpaced virtual BD-R, and
# the MMC commands a full multisession query costs. Figures only, no verdict.
#
# Variables: BUILD, WINE, WINESERVER (set by 'make bench'); BENCH_MIB (1024).
set -u

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$top/$BUILD ;; esac
WINE=${WINE:-/usr/lib/wine/wine64}
WINESERVER=${WINESERVER:-/usr/lib/wine/wineserver64}
VDRIVE=$top/tools/vdrive/vdrive
BURN=$top/tools/imapi2-burn.exe
RAW=$top/tools/bench-rawwrite.exe
MIB=${BENCH_MIB:-1024}

work=$BUILD/bench
export WINEPREFIX=$work/prefix
export WINEDEBUG=${WINEDEBUG:--all}
export WINEDLLOVERRIDES=${WINEDLLOVERRIDES:-mscoree,mshtml=}
export WINE WINESERVER

"$WINESERVER" -k >/dev/null 2>&1
rm -rf "$work"
mkdir -p "$work"
tools/install-prefix.sh dlls/imapi2/imapi2.dll >"$work/setup.log" 2>&1 || { cat "$work/setup.log"; exit 1; }

image=$work/image.iso
head -c $((MIB * 1048576)) /dev/urandom >"$image"

# fresh NAME: an unpaced blank BD-R mapped as E:; sets $drive.
fresh()
{
    drive=$work/$1
    "$WINESERVER" -k >/dev/null 2>&1
    "$VDRIVE" new "$drive" --media bd-r >>"$work/setup.log" 2>&1
    "$VDRIVE" speed "$drive" unpaced >>"$work/setup.log" 2>&1
    "$VDRIVE" wine-map "$drive" "$WINEPREFIX" E >>"$work/setup.log" 2>&1
    # Start wineserver outside the measurement.
    "$WINE" cmd /c exit >/dev/null 2>&1
}

# measure NAME COMMAND...: wall seconds of the whole command and its CPU seconds.
measure()
{
    local name=$1
    shift
    /usr/bin/time -f "%e %U %S" -o "$work/$name.time" timeout 1800 "$VDRIVE" exec "$drive" -- "$@" \
        >"$work/$name.out" 2>&1
    local status=$?
    read -r wall user sys <"$work/$name.time"
    cpu=$(echo "$user + $sys" | bc -l)
    [ $status -eq 0 ] || { echo "bench: $name failed:"; tail -5 "$work/$name.out"; }
    return $status
}

rate() { echo "scale=1; $MIB / $1" | bc -l; }
ratio() { echo "scale=3; $1 / $2" | bc -l; }
per_gib() { echo "scale=2; $1 * 1024 / $MIB" | bc -l; }

echo "Burning $MIB MiB to an unpaced virtual BD-R"

fresh ours
measure ours "$WINE" "$BURN" --drive E: "$image"
ours_s=$(tr -d '\r' <"$work/ours.out" | sed -n 's/^imapi2-burn: done in \([0-9.]*\) s$/\1/p')
ours_cpu=$cpu
printf '  %-28s %8s s  %8s MiB/s  %6s CPU s/GiB\n' "IDiscFormat2Data::Write" "$ours_s" "$(rate "$ours_s")" "$(per_gib "$ours_cpu")"

fresh raw
measure raw "$WINE" "$RAW" E: "$image"
raw_s=$(tr -d '\r' <"$work/raw.out" | sed -n 's/^seconds=//p')
raw_cpu=$cpu
transfer=$(tr -d '\r' <"$work/raw.out" | sed -n 's/^transfer=//p')
printf '  %-28s %8s s  %8s MiB/s  %6s CPU s/GiB  (%s bytes per WRITE)\n' "raw WRITE(10) loop" "$raw_s" \
    "$(rate "$raw_s")" "$(per_gib "$raw_cpu")" "$transfer"

cdrskin_s=
if command -v cdrskin >/dev/null 2>&1; then
    fresh cdrskin
    measure cdrskin cdrskin dev=/dev/sr0 -data "$image" && cdrskin_s=$wall
    printf '  %-28s %8s s  %8s MiB/s  %6s CPU s/GiB\n' "cdrskin" "$cdrskin_s" "$(rate "$cdrskin_s")" "$(per_gib "$cpu")"
fi

growisofs_s=
if command -v growisofs >/dev/null 2>&1; then
    fresh growisofs
    measure growisofs growisofs -Z "/dev/sr0=$image" && growisofs_s=$wall
    printf '  %-28s %8s s  %8s MiB/s  %6s CPU s/GiB\n' "growisofs" "$growisofs_s" "$(rate "$growisofs_s")" "$(per_gib "$cpu")"
fi

echo
echo "Throughput ratios (higher is better for us):"
echo "  ours / raw loop:   $(ratio "$raw_s" "$ours_s")"
[ -n "$cdrskin_s" ] && echo "  ours / cdrskin:    $(ratio "$cdrskin_s" "$ours_s")  (cdrskin timed as a whole process)"
[ -n "$growisofs_s" ] && echo "  ours / growisofs:  $(ratio "$growisofs_s" "$ours_s")  (growisofs timed as a whole process)"

# A full multisession query: get_MultisessionInterfaces on a fresh object plus
# the five IMultisessionSequential properties. The properties are served from
# the snapshot, so the query costs the snapshot's commands: those from the
# first current-features GET CONFIGURATION (46 01) up to the first GET EVENT
# STATUS NOTIFICATION the later getters send.
echo
echo "MMC commands of a full multisession query (imapi2-burn --info):"
small=$work/small.iso
head -c 4194304 /dev/urandom >"$small"
for media in cd-r dvd-r dvd+r bd-r; do
    drive=$work/query-$media
    "$WINESERVER" -k >/dev/null 2>&1
    "$VDRIVE" new "$drive" --media "$media" >>"$work/setup.log" 2>&1
    "$VDRIVE" wine-map "$drive" "$WINEPREFIX" E >>"$work/setup.log" 2>&1
    timeout 300 "$VDRIVE" exec "$drive" -- "$WINE" "$BURN" --drive E: "$small" >>"$work/setup.log" 2>&1
    for state in appendable; do
        "$VDRIVE" log "$drive" clear >/dev/null
        "$VDRIVE" log "$drive" on >/dev/null
        timeout 120 "$VDRIVE" exec "$drive" -- "$WINE" "$BURN" --drive E: --info >/dev/null 2>&1
        "$VDRIVE" log "$drive" off >/dev/null
        count=$("$VDRIVE" log "$drive" show | awk '/cdb=4601/ { on = 1 } /GET_EVENT_STATUS/ { if (on) exit } on { n++ } END { print n + 0 }')
        printf '  %-6s %-10s %s commands: %s\n' "$media" "$state" "$count" \
            "$("$VDRIVE" log "$drive" show | awk '/cdb=4601/ { on = 1 } /GET_EVENT_STATUS/ { if (on) exit } on { printf "%s ", $2 }')"
    done
done

"$WINESERVER" -k >/dev/null 2>&1
rm -f "$image" "$small"
