#!/bin/bash
# Demo: two data sessions on a virtual BD-R, burned through IMAPI2 by
# tools/imapi2-burn.exe under Wine, then read back by xorriso.
#
# Variables: BUILD, WINE, WINESERVER (set by 'make demo').
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$top/$BUILD ;; esac
WINE=${WINE:-/usr/lib/wine/wine64}
WINESERVER=${WINESERVER:-/usr/lib/wine/wineserver64}
VDRIVE=$top/tools/vdrive/vdrive
BURN=$top/tools/imapi2-burn.exe

work=$BUILD/demo
drive=$work/drive
export WINEPREFIX=$work/prefix
export WINEDEBUG=${WINEDEBUG:--all}
export WINEDLLOVERRIDES=${WINEDLLOVERRIDES:-mscoree,mshtml=}
export WINE WINESERVER

step() { printf '\n==> %s\n' "$*"; }
run_wine() { timeout 600 "$VDRIVE" exec "$drive" -- "$WINE" "$@"; }
run_linux() { timeout 300 "$VDRIVE" exec "$drive" -- "$@"; }

for tool in xorriso "$VDRIVE" "$BURN" "$WINE"; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "demo: $tool is missing (run 'make', and tools/install-deps.sh for xorriso)" >&2
        exit 1
    fi
done

"$WINESERVER" -k >/dev/null 2>&1 || true
rm -rf "$work"
mkdir -p "$work/session1/docs" "$work/session2/docs" "$work/session3/photos" "$work/session4/photos"

step "A throwaway Wine prefix with imapi2.dll and imapi2fs.dll installed"
tools/install-prefix.sh dlls/imapi2/imapi2.dll dlls/imapi2fs/imapi2fs.dll

step "A virtual BD-R recorder mapped as E:"
"$VDRIVE" new "$drive" --media bd-r
"$VDRIVE" wine-map "$drive" "$WINEPREFIX" E
# Pace the recorder like a 2x BD writer (9 MB/s), so the burn takes real time.
"$VDRIVE" speed "$drive" 2x-bd

step "Session 1: an ISO 9660 image made by xorriso"
echo "Written in session 1 through IMAPI2 under Wine." >"$work/session1/README.txt"
head -c 16777216 /dev/urandom >"$work/session1/docs/random1.bin"
xorriso -as mkisofs -quiet -R -J -V IMAPI2_DEMO -o "$work/session1.iso" "$work/session1"
ls -l "$work/session1.iso"

step "imapi2-burn.exe --drive E: --info (blank media)"
run_wine "$BURN" --drive E: --info

step "imapi2-burn.exe --drive E: session1.iso"
run_wine "$BURN" --drive E: "$work/session1.iso"

step "imapi2-burn.exe --drive E: --info (after session 1)"
run_wine "$BURN" --drive E: --info | tee "$work/info1.txt"
start_prev=$(sed -n 's/^start_prev=//p' "$work/info1.txt" | tr -d '\r')
next_writable=$(sed -n 's/^next_writable=//p' "$work/info1.txt" | tr -d '\r')

step "Session 2: xorriso -as mkisofs -C $start_prev,$next_writable -M /dev/sr0"
echo "Written in session 2, appended to session 1." >"$work/session2/SESSION2.txt"
head -c 8388608 /dev/urandom >"$work/session2/docs/random2.bin"
run_linux xorriso -as mkisofs -quiet -R -J -V IMAPI2_DEMO -C "$start_prev,$next_writable" -M /dev/sr0 \
    -o "$work/session2.iso" "$work/session2"
ls -l "$work/session2.iso"

step "imapi2-burn.exe --drive E: session2.iso"
run_wine "$BURN" --drive E: "$work/session2.iso"

step "imapi2-burn.exe --drive E: --info (after session 2)"
run_wine "$BURN" --drive E: --info

step "The disc as xorriso sees it"
run_linux xorriso -outdev /dev/sr0 -toc 2>&1 | grep -v '^xorriso : NOTE'

step "Files of session 1"
run_linux xorriso -load session 1 -indev /dev/sr0 -find / -type f -exec lsdl -- 2>/dev/null

step "Files of session 2 (session 1's files imported)"
run_linux xorriso -load session 2 -indev /dev/sr0 -find / -type f -exec lsdl -- 2>/dev/null

step "Session 3: a folder burned through IMAPI2FS, session 2 imported (imapi2-burn --files DIR --append)"
echo "Written in session 3 by imapi2fs.dll." >"$work/session3/SESSION3.txt"
head -c 4194304 /dev/urandom >"$work/session3/photos/photo 1.jpg"
run_wine "$BURN" --drive E: --files "Z:${work//\//\\}\\session3" --append

step "Session 4: another folder the same way"
echo "Written in session 4 by imapi2fs.dll." >"$work/session4/SESSION4.txt"
head -c 2097152 /dev/urandom >"$work/session4/photos/photo 2.jpg"
run_wine "$BURN" --drive E: --files "Z:${work//\//\\}\\session4" --append

step "The disc as xorriso sees it now: four sessions"
run_linux xorriso -outdev /dev/sr0 -toc 2>&1 | grep -v '^xorriso : NOTE' | grep -E '^(ISO session|Media summary)'

step "Files of session 4: every session's files, as IMAPI2FS imported them"
run_linux xorriso -load session 4 -indev /dev/sr0 -find / -type f -exec lsdl -- 2>/dev/null

step "Reading every file back"
mkdir -p "$work/extract"
run_linux xorriso -indev /dev/sr0 -osirrox on -extract / "$work/extract" >/dev/null 2>&1
status=0
for f in README.txt docs/random1.bin; do
    cmp "$work/session1/$f" "$work/extract/$f" && echo "identical: $f" || status=1
done
for f in SESSION2.txt docs/random2.bin; do
    cmp "$work/session2/$f" "$work/extract/$f" && echo "identical: $f" || status=1
done
for f in SESSION3.txt "photos/photo 1.jpg"; do
    cmp "$work/session3/$f" "$work/extract/$f" && echo "identical: $f" || status=1
done
for f in SESSION4.txt "photos/photo 2.jpg"; do
    cmp "$work/session4/$f" "$work/extract/$f" && echo "identical: $f" || status=1
done

"$WINESERVER" -k >/dev/null 2>&1 || true
[ $status -eq 0 ] && printf '\ndemo: four sessions burned through IMAPI2 (two of them folders through IMAPI2FS) and read back intact.\n'
exit $status

