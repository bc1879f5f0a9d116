#!/bin/bash
# Benchmark: what enumerating 8 recorders and initialising one costs, in MMC
# commands (from the virtual recorders' command logs) and in time.
#
# Variables: BUILD (default build), WINE, WINESERVER.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
BUILD=${BUILD:-build}
case "$BUILD" in /*) ;; *) BUILD="$top/$BUILD" ;; esac
WINE=${WINE:-/usr/lib/wine/wine64}
WINESERVER=${WINESERVER:-/usr/lib/wine/wineserver64}
VDRIVE="$top/tools/vdrive/vdrive"
export WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
export WINEPREFIX="$BUILD/bench-prefix"

work="$BUILD/bench/recorders"
rm -rf "$work"
mkdir -p "$work"
tools/install-prefix.sh dlls/imapi2/imapi2.dll >"$work/prefix.log" 2>&1

letters=(E F G H I J K L)
media=(cd-r cd-rw dvd-r dvd+r dvd+rw bd-r bd-re dvd-rom)
dirs=()
for i in "${!letters[@]}"; do
    dir="$work/drive$i"
    "$VDRIVE" new "$dir" --media "${media[$i]}" >/dev/null
    "$VDRIVE" wine-map "$dir" "$WINEPREFIX" "${letters[$i]}" >/dev/null
    dirs+=("$dir")
done

# Runs the benchmark program once and prints its steps and the commands the
# recorders received meanwhile, per process (another Wine process may probe
# the drives too; the busiest process is the benchmark).
run_once()
{
    local label=$1; shift
    local d
    for d in "${dirs[@]}"; do
        "$VDRIVE" log "$d" clear >/dev/null
        "$VDRIVE" log "$d" on >/dev/null
    done
    "$VDRIVE" exec "${dirs[@]}" -- "$WINE" tools/bench-recorders.exe "$@" | tr -d '\r' | sed "s/^/$label: /"
    for d in "${dirs[@]}"; do
        "$VDRIVE" log "$d" show
        "$VDRIVE" log "$d" off >/dev/null
    done | awk -v label="$label" '
        { for (i = 1; i <= NF; i++) if ($i ~ /^pid=/) { pid = substr($i, 5); count[pid]++; names[pid] = names[pid] " " $2 } }
        END {
            best = ""; for (p in count) if (best == "" || count[p] > count[best] || (count[p] == count[best] && names[p] ~ /INQUIRY/)) best = p
            if (best == "") { printf "%s: commands=0\n", label; exit }
            printf "%s: commands=%d\n", label, count[best]
            n = split(names[best], list, " "); delete seen
            for (i = 1; i <= n; i++) seen[list[i]]++
            for (c in seen) printf "%s:   %s x%d\n", label, c, seen[c]
            for (p in count) if (p != best) printf "%s: other process %s sent %d commands\n", label, p, count[p]
        }'
}

# Keep one wineserver (and its device manager, which reads each CD-ROM's TOC
# once when it starts) alive, so that the logs hold only the benchmark's commands.
"$WINESERVER" -k >/dev/null 2>&1 || true
"$WINESERVER" -p 60
"$VDRIVE" exec "${dirs[@]}" -- "$WINE" cmd /c exit >/dev/null 2>&1 || true
sleep 2

echo "== IMAPI2 recorder enumeration: ${#dirs[@]} virtual recorders mapped (E: to L:)"
echo "   (Wine 8's ntdll serves SCSI pass-through for at most 5 distinct CD-ROM devices"
echo "    per process: CDROM_Open's cache is full after that, so only 5 can answer)"
run_once enumerate --enumerate-only
run_once "enumerate+initialize"
"$WINESERVER" -k >/dev/null 2>&1 || true
