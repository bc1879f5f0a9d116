#!/bin/bash
# Runs the Wine conformance tests (dlls/imapi2/tests) under Wine, once per
# recorder configuration.  Each configuration maps virtual recorders to drive
# letters of the test prefix and tells the tests what it holds through
#   IMAPI2_TEST_CONFIG   the configuration's name
#   IMAPI2_TEST_DRIVES   the mapped letters, e.g. "E: F: G:" (empty: none)
#   IMAPI2_TEST_MEDIA    the media profile in each, e.g. "cd-r dvd+r bd-r"
#   IMAPI2_TEST_STATE    blank, appendable (one session written) or none
# On Windows none of these is set and the tests check what they can.
#
# Variables: BUILD, WINE, WINESERVER, WINEPREFIX (prepared by tests/run),
#            CONFORMANCE_CONFIGS (subset of the names below).
set -u

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

BUILD=${BUILD:-$top/build}
WINE=${WINE:-/usr/lib/wine/wine64}
WINESERVER=${WINESERVER:-/usr/lib/wine/wineserver64}
VDRIVE=${VDRIVE:-$top/tools/vdrive/vdrive}
TEST_EXE="$top/dlls/imapi2/tests/imapi2_test.exe"
export WINEDEBUG=${WINEDEBUG:--all}

# name: state and one media profile per drive ("-" for no drive at all)
configs=${CONFORMANCE_CONFIGS:-"
none:none:-
empty:none:none
cd-r:blank:cd-r
cd-rw:blank:cd-rw
dvd-r:blank:dvd-r
dvd+r:blank:dvd+r
dvd+rw:blank:dvd+rw
dvd-rw-ro:blank:dvd-rw-ro
bd-r:blank:bd-r
bd-re:blank:bd-re
dvd-rom:blank:dvd-rom
cd-r-appendable:appendable:cd-r
dvd+r-appendable:appendable:dvd+r
dvd-r-appendable:appendable:dvd-r
bd-r-appendable:appendable:bd-r
three:blank:cd-r,dvd+r,bd-r
"}

letters=(E F G H)
failed=0
bad_exit=0
work="$BUILD/conformance"
rm -rf "$work"
mkdir -p "$work"

unmap_all()
{
    local l
    for l in "${letters[@]}"; do
        rm -f "$WINEPREFIX/dosdevices/${l,,}:" "$WINEPREFIX/dosdevices/${l,,}::"
        "$WINE" reg delete 'HKLM\Software\Wine\Drives' /v "${l}:" /f >/dev/null 2>&1
    done
}

# Writes one small ISO session on the recorder, so that the media is appendable.
write_session()
{
    local dir=$1 src
    src=$(mktemp -d "$work/src.XXXXXX")
    echo "first session" >"$src/session1.txt"
    timeout 120 "$VDRIVE" exec "$dir" -- xorriso -abort_on FAILURE -outdev /dev/sr0 \
        -map "$src" / -commit -close off >>"$work/setup.log" 2>&1
}

for line in $configs; do
    IFS=: read -r name state media <<<"$line"
    [ -n "$name" ] || continue
    echo "=== configuration $name ($state: $media)"

    "$WINESERVER" -k >/dev/null 2>&1
    unmap_all
    dirs=()
    drives=""
    medias=""
    if [ "$media" != "-" ]; then
        i=0
        mkdir -p "$work/$name"
        IFS=, read -r -a list <<<"$media"
        for m in "${list[@]}"; do
            dir="$work/$name/drive$i"
            if ! "$VDRIVE" new "$dir" --media "$m" >>"$work/setup.log" 2>&1; then
                echo "conformance.sh: Test failed: could not create a $m recorder for $name"
                failed=$((failed + 1))
                continue 2
            fi
            if [ "$state" = appendable ] && ! write_session "$dir"; then
                echo "conformance.sh: Test failed: could not write a session on $m for $name"
                failed=$((failed + 1))
                continue 2
            fi
            "$VDRIVE" wine-map "$dir" "$WINEPREFIX" "${letters[$i]}" >>"$work/setup.log" 2>&1
            dirs+=("$dir")
            drives="$drives ${letters[$i]}:"
            medias="$medias $m"
            i=$((i + 1))
        done
    fi

    export IMAPI2_TEST_CONFIG=$name IMAPI2_TEST_DRIVES=${drives# } IMAPI2_TEST_MEDIA=${medias# }
    export IMAPI2_TEST_STATE=$state
    if [ ${#dirs[@]} -gt 0 ]; then
        timeout 600 "$VDRIVE" exec "${dirs[@]}" -- "$WINE" "$TEST_EXE"
    else
        timeout 600 "$WINE" "$TEST_EXE"
    fi
    status=$?
    if [ $status -ne 0 ]; then
        echo "conformance.sh: configuration $name exited with status $status"
        bad_exit=1
    fi
done

"$WINESERVER" -k >/dev/null 2>&1
unmap_all
echo "conformance.sh: 0 tests executed (0 marked as todo, $failed failures), 0 skipped."
[ "$failed" -eq 0 ] && [ "$bad_exit" -eq 0 ]
