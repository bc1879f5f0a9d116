# Helpers for the imapi2-*.sh interop scripts (sourced, not run): virtual
# recorders mapped into the test prefix, tools/imapi2-burn.exe under Wine, and
# the Linux tools reaching the same recorder as /dev/sr0.

top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
. tests/lib.sh

BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$top/$BUILD ;; esac
WINE=${WINE:-/usr/lib/wine/wine64}
WINESERVER=${WINESERVER:-/usr/lib/wine/wineserver64}
VDRIVE=${VDRIVE:-$top/tools/vdrive/vdrive}
BURN=$top/tools/imapi2-burn.exe
export WINEDEBUG=${WINEDEBUG:--all}
export WINEDLLOVERRIDES=${WINEDLLOVERRIDES:-mscoree,mshtml=}

work=$BUILD/interop/$t_name
rm -rf "$work"
mkdir -p "$work"

# Skips the whole script when something it needs is missing.
require()
{
    local tool
    if [ -z "${WINEPREFIX:-}" ] || [ ! -f "$WINEPREFIX/system.reg" ]; then
        t_skip "no Wine prefix with imapi2.dll (WINEPREFIX)"
        t_finish
        exit
    fi
    for tool in "$VDRIVE" "$BURN" "$@"; do
        if ! command -v "$tool" >/dev/null 2>&1; then
            t_skip "$tool is not available"
            t_finish
            exit
        fi
    done
}

# new_drive NAME MEDIA: a fresh recorder mapped as E:; sets $drive.
new_drive()
{
    drive=$work/$1
    "$WINESERVER" -k >/dev/null 2>&1
    "$VDRIVE" new "$drive" --media "$2" >>"$work/setup.log" 2>&1 &&
        "$VDRIVE" wine-map "$drive" "$WINEPREFIX" E >>"$work/setup.log" 2>&1
}

# unmap_letters LETTER...: the drive letters mapped besides E: are gone, so
# that only E: is left, as the scripts expect.
unmap_letters()
{
    local l
    for l in "$@"; do
        rm -f "$WINEPREFIX/dosdevices/${l,,}:" "$WINEPREFIX/dosdevices/${l,,}::"
        "$WINE" reg delete 'HKLM\Software\Wine\Drives' /v "$l:" /f >/dev/null 2>&1
    done
    "$WINESERVER" -k >/dev/null 2>&1
}

# wine_run NAME EXE ARGS...: the Windows program EXE under Wine with the recorder
# as E:, output in $work/NAME.txt; its exit status.  Our programs always print;
# a run that failed printing nothing never got to its main
# (doc/wine-bugs/loader-without-preloader.md) and is run once more.
wine_run()
{
    local name=$1 exe=$2 status attempt
    shift 2
    for attempt in 1 2; do
        timeout 300 "$VDRIVE" exec "$drive" -- "$WINE" "$exe" "$@" >"$work/$name.out" 2>&1
        status=$?
        [ $status -ne 0 ] && [ $status -ne 124 ] && [ ! -s "$work/$name.out" ] && [ $attempt = 1 ] || break
        echo "$t_name: $(basename "$exe") $* exited with status $status printing nothing; once more" |
            tee -a "$work/setup.log"
    done
    tr -d '\r' <"$work/$name.out" >"$work/$name.txt"
    return $status
}

# burn ARGS...: imapi2-burn.exe on E:, output in $work/burn.txt; its exit status.
burn() { wine_run burn "$BURN" --drive E: "$@"; }

# info: imapi2-burn --info into $work/info.txt.
info()
{
    burn --info && cp "$work/burn.txt" "$work/info.txt"
}

value() { sed -n "s/^$1=//p" "$work/info.txt"; }

linux() { timeout 300 "$VDRIVE" exec "$drive" -- "$@"; }

# make_tree DIR TAG: a few files with a random payload.
make_tree()
{
    mkdir -p "$1/sub"
    echo "file of $2" >"$1/$2.txt"
    head -c $((100000 + RANDOM)) /dev/urandom >"$1/sub/$2.bin"
}

# iso OUT SRC [mkisofs options]: an image made by xorriso.
iso()
{
    local out=$1 src=$2
    shift 2
    linux xorriso -as mkisofs -quiet -R -J -V IMAPI2_TEST "$@" -o "$out" "$src" >>"$work/setup.log" 2>&1
}

# sessions: the number of ISO sessions xorriso finds on the disc.
sessions()
{
    linux xorriso -outdev /dev/sr0 -toc 2>/dev/null | grep -c '^ISO session'
}

# same_files SRC...: every file of the trees reads back byte-identical.
same_files()
{
    local out=$work/extract src f
    rm -rf "$out"
    mkdir -p "$out"
    linux xorriso -osirrox on -indev /dev/sr0 -extract / "$out" >>"$work/setup.log" 2>&1 || return 1
    chmod -R u+w "$out"
    for src in "$@"; do
        for f in $(cd "$src" && find . -type f); do
            cmp -s "$src/$f" "$out/$f" || { echo "$t_name: $f differs"; return 1; }
        done
    done
}

# msinfo: "start,next" as cdrskin computes it.
msinfo()
{
    linux cdrskin dev=/dev/sr0 -msinfo 2>/dev/null | tr -d ' \r' | tail -n 1
}

# Audio CDs (imapi2-audio.sh, imapi2-rawcd.sh).

# pcm FILE SECTORS SEED: deterministic 44.1 kHz 16-bit stereo samples, whole
# 2352-byte sectors.
pcm()
{
    python3 - "$@" <<'EOF'
import struct, sys
path, sectors, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
x = seed * 2654435761 & 0xffffffff
out = bytearray()
for i in range(sectors * 588):
    x = (x * 1103515245 + 12345) & 0xffffffff
    out += struct.pack('<hh', (x >> 16) - 32768, ((x >> 8) & 0xffff) - 32768)
open(path, 'wb').write(out)
EOF
}

# same_samples SRC OUT: OUT, a track as a ripper extracted it, is SRC
# followed by the silence of the run-out and the next pre-gap, which belong to
# the track in the TOC.
same_samples()
{
    local src=$1 out=$2 size
    size=$(stat -c %s "$src")
    cmp -s -n "$size" "$src" "$out" || { echo "$t_name: $out differs from $src"; return 1; }
    [ "$(tail -c +$((size + 1)) "$out" | tr -d '\0' | wc -c)" = 0 ] ||
        { echo "$t_name: $out: not silence after the samples"; return 1; }
}

# extracted_same N SRC OUT: cdparanoia's raw track N (little-endian, as the
# disc holds it) against SRC.
extracted_same()
{
    linux cdparanoia -d /dev/sr0 -r "$1" "$3" >>"$work/setup.log" 2>&1 || return 1
    same_samples "$2" "$3"
}

# toc_starts: the starts in imapi2-burn's toc= line (tracks, then the lead-out).
toc_starts()
{
    local hex out=
    for hex in $(sed -n 's/^toc=//p' "$work/burn.txt" | awk '{
            for (i = 5; i + 7 <= NF; i += 8) print $(i + 4) $(i + 5) $(i + 6) $(i + 7) }'); do
        out="$out${out:+ }$((16#$hex))"
    done
    echo "$out"
}

# toc_controls: the ADR/control byte of each entry.
toc_controls()
{
    sed -n 's/^toc=//p' "$work/burn.txt" | awk '{
        for (i = 5; i + 7 <= NF; i += 8) printf "%s%s", (i > 5 ? " " : ""), $(i + 1)
        print "" }'
}
