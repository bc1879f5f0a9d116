#!/bin/bash
# Runs the Wine conformance tests (dlls/imapi2/tests) under Wine, once per
# recorder configuration.  Each configuration maps virtual recorders to drive
# letters of the test prefix and tells the tests what it holds through
#   IMAPI2_TEST_CONFIG   the configuration's name
#   IMAPI2_TEST_DRIVES   the mapped letters, e.g. "E: F: G:" (empty: none)
#   IMAPI2_TEST_MEDIA    the media profile in each, e.g. "cd-r dvd+r bd-r"
#   IMAPI2_TEST_STATE    blank, appendable (one session written by xorriso),
#                        appendable-tao (one session written track-at-once by
#                        cdrskin, CD only) or none
#   IMAPI2_TEST_EXPECT_X for each mapped letter X: what the disc holds, taken
#                        from the recorder's own layout (vdrive layout) and
#                        checked against cdrskin -msinfo, never from imapi2.dll:
#                        space-separated key=value pairs (see expect_values)
# On Windows none of these is set and the tests check what they can.
#
# The test executable is run once per unit, the unit named on its command line
# as winetest does (Wine's include/wine/test.h runs nothing without a name);
# the units are the SOURCES of dlls/imapi2/tests/Makefile.in.
#
# Variables: BUILD, WINE, WINESERVER, WINEPREFIX (prepared by tests/run),
#            CONFORMANCE_CONFIGS (subset of the names below),
#            CONFORMANCE_UNITS (subset of the units, in the order given),
#            IMAPI2_TEST_EXE (the test executable; default the one make builds).
set -u

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

BUILD=${BUILD:-$top/build}
WINE=${WINE:-/usr/lib/wine/wine64}
WINESERVER=${WINESERVER:-/usr/lib/wine/wineserver64}
VDRIVE=${VDRIVE:-$top/tools/vdrive/vdrive}
TEST_EXE=${IMAPI2_TEST_EXE:-$top/dlls/imapi2/tests/imapi2_test.exe}
export WINEDEBUG=${WINEDEBUG:--all}

# The units, one per test source, in the Makefile.in's order.
test_units()
{
    sed -n -E '/^SOURCES[[:space:]]*=/,/^[[:space:]]*$/p' dlls/imapi2/tests/Makefile.in |
        tr ' \t\\' '\n\n\n' | sed -n -E 's/^([A-Za-z0-9_]+)\.c$/\1/p'
}
units=${CONFORMANCE_UNITS:-$(test_units)}
units=$(echo $units)
if [ -z "$units" ]; then
    echo "conformance.sh: Test failed: no units in dlls/imapi2/tests/Makefile.in"
    echo "conformance.sh: 1 tests executed (0 marked as todo, 1 failures), 0 skipped."
    exit 1
fi
echo "conformance.sh: units $units"
if [ ! -f "$TEST_EXE" ]; then
    echo "conformance.sh: Test failed: $TEST_EXE not found: run make first"
    echo "conformance.sh: 1 tests executed (0 marked as todo, 1 failures), 0 skipped."
    exit 1
fi

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
cd-r-tao:appendable-tao:cd-r
dvd+r-appendable:appendable:dvd+r
dvd-r-appendable:appendable:dvd-r
bd-r-appendable:appendable:bd-r
three:blank:cd-r,dvd+r,bd-r
"}

letters=(E F G H)
failed=0
checks=0
bad_exit=0
work="$BUILD/conformance"
rm -rf "$work"
mkdir -p "$work"

# unmap_all [LETTER...]: the letters (default all of them) are no drives of
# the prefix any more.  Each registry value costs a Wine start: between
# configurations only the letters the last one mapped are given.
unmap_all()
{
    local l
    for l in "${@:-${letters[@]}}"; do
        rm -f "$WINEPREFIX/dosdevices/${l,,}:" "$WINEPREFIX/dosdevices/${l,,}::"
        "$WINE" reg delete 'HKLM\Software\Wine\Drives' /v "${l}:" /f >/dev/null 2>&1
        unset "IMAPI2_TEST_EXPECT_$l"
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

# Writes one small ISO session track-at-once with cdrskin (a CD track with its
# 2 run-out blocks, as a TAO burner leaves it).
write_session_tao()
{
    local dir=$1 src
    src=$(mktemp -d "$work/src.XXXXXX")
    echo "first session" >"$src/session1.txt"
    xorriso -as mkisofs -quiet -R -o "$src.iso" "$src" >>"$work/setup.log" 2>&1 &&
        timeout 120 "$VDRIVE" exec "$dir" -- cdrskin dev=/dev/sr0 -multi -tao "$src.iso" \
            >>"$work/setup.log" 2>&1
}

# expect_values DIR: the disc as the recorder lays it out, for the tests, in
# IMAPI2's terms (doc/multisession.md 3.2 and 3.5):
#   profile=0xPPPP status=none|blank|appendable|finalized|formatted|unformatted
#   and on blank or appendable sequential media
#   start_prev=N          first block of the first track of the last complete
#                         session (-1 without one)
#   last_written_prev=N   last block written by the host in the last track of
#                         that session: its LRA, or its start + recorded - 1
#                         (so never the 2 run-out blocks of a CD TAO track)
#   next_writable=N       the NWA of the empty track of the last session
#   free=N                its free blocks less what IMAPI2 spends besides the
#                         data: on CD the 150-block post-gap and 2 run-out
#   total=N               the capacity of the disc (NWA + free blocks)
#   first_data_session=0|1  1 without a complete session (every session this
#                         script writes is a data session)
expect_values()
{
    local layout
    layout=$("$VDRIVE" layout "$1" 2>>"$work/setup.log") || return 1
    awk '
    $1 == "media" { profile = $4; cd = ($2 ~ /^cd/) }
    $1 == "disc" { status = $2; capacity = $10 }
    $1 == "session" && $3 == "start" && $10 == "complete" { complete = $2 }
    $1 == "session" && $3 == "track" {
        n = $4; session[n] = $2; start[n] = $6; size[n] = $8; recorded[n] = $10
        nwa[n] = $12; lra[n] = $14; free[n] = $16; state[n] = $18
        if (n > last) last = n
    }
    END {
        printf "profile=%s status=%s", profile, status
        if (status != "blank" && status != "appendable") { print ""; exit }
        start_prev = last_written = -1
        for (n = 1; n <= last; n++) {
            if (session[n] != complete) continue
            if (start_prev == -1) start_prev = start[n]
            last_written = lra[n] != "-" ? lra[n] : start[n] + recorded[n] - 1
        }
        for (n = 1; n <= last; n++)
            if (state[n] == "blank") { next_writable = nwa[n]; blank_free = free[n] }
        printf " start_prev=%d last_written_prev=%d next_writable=%d free=%d total=%d first_data_session=%d\n",
            start_prev, last_written, next_writable, blank_free - (cd ? 152 : 0), capacity, complete ? 0 : 1
    }' <<<"$layout"
}

# check_msinfo DIR EXPECT: cdrskin -msinfo ("start,next") agrees with the
# layout, or refuses a blank disc; prints why when not.
check_msinfo()
{
    local dir=$1 expect=$2 start next pair
    command -v cdrskin >/dev/null 2>&1 || return 0
    case $expect in *status=blank*|*status=appendable*) ;; *) return 0 ;; esac
    start=$(sed -n -E 's/.*start_prev=(-?[0-9]+).*/\1/p' <<<"$expect")
    next=$(sed -n -E 's/.*next_writable=(-?[0-9]+).*/\1/p' <<<"$expect")
    pair=$(timeout 60 "$VDRIVE" exec "$dir" -- cdrskin dev=/dev/sr0 -msinfo 2>>"$work/setup.log" |
        grep -E '^-?[0-9]+,-?[0-9]+$' | tail -n 1)
    if [ "$start" = -1 ]; then
        [ -z "$pair" ] && return 0
        echo "cdrskin -msinfo says $pair on a disc without a complete session"
    else
        [ "$pair" = "$start,$next" ] && return 0
        echo "cdrskin -msinfo says '$pair', the layout $start,$next"
    fi
    return 1
}

# run_tests UNIT: one unit of the test executable with the configuration's
# recorders.
run_tests()
{
    local status started=$SECONDS out=$work/unit.out attempt
    for attempt in 1 2; do
        if [ ${#dirs[@]} -gt 0 ]; then
            timeout 600 "$VDRIVE" exec "${dirs[@]}" -- "$WINE" "$TEST_EXE" "$@" >"$out" 2>&1
        else
            timeout 600 "$WINE" "$TEST_EXE" "$@" >"$out" 2>&1
        fi
        status=$?
        cat "$out"
        # A Wine without wine64-preloader loses one process start in a few
        # thousand: it exits with status 1 at once, printing nothing, and the
        # unit never ran (doc/wine-bugs/loader-without-preloader.md).  It is
        # run again once; a unit that ran and failed, or crashed after its
        # first line, is not.
        [ $status -ne 0 ] && [ ! -s "$out" ] && [ $attempt = 1 ] || break
        echo "conformance.sh: configuration $name ($1) exited with status $status printing nothing; once more"
        "$WINESERVER" -k >/dev/null 2>&1
    done
    echo "conformance.sh: configuration $name ($1) took $((SECONDS - started)) s" >>"$work/times.log"
    if [ $status -ne 0 ]; then
        echo "conformance.sh: configuration $name ($1) exited with status $status"
        bad_exit=1
    fi
}

# Units that need no recorder, or one kind only, run where they test
# something: streams (MsftStream*) without recorders; raw_cd's image creator
# without recorders and its writer on a CD-RW; events (IDiscMaster2's device
# added and removed, whatever the medium) with a drive without media, with
# one holding a disc, and with three drives.  Elsewhere they would only
# repeat themselves or skip.  CONFORMANCE_UNITS given explicitly runs them
# everywhere.
unit_configs="streams:none raw_cd:none,cd-rw events:empty,cd-r,three"
[ -n "${CONFORMANCE_UNITS:-}" ] && unit_configs=

# config_units NAME: the units to run in configuration NAME.
config_units()
{
    local unit entry only
    for unit in $units; do
        only=
        for entry in $unit_configs; do
            [ "${entry%%:*}" = "$unit" ] && only=${entry#*:}
        done
        if [ -z "$only" ] || [[ ",$only," == *",$1,"* ]]; then
            printf '%s ' "$unit"
        fi
    done
}

unmap_all
mapped=()
for line in $configs; do
    IFS=: read -r name state media <<<"$line"
    [ -n "$name" ] || continue
    echo "=== configuration $name ($state: $media)"

    "$WINESERVER" -k >/dev/null 2>&1
    # The letters this configuration maps again are replaced by wine-map.
    count=0
    [ "$media" != "-" ] && count=$(tr ',' '\n' <<<"$media" | wc -l)
    [ ${#mapped[@]} -gt "$count" ] && unmap_all "${mapped[@]:$count}"
    mapped=()
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
            if { [ "$state" = appendable ] && ! write_session "$dir"; } ||
                    { [ "$state" = appendable-tao ] && ! write_session_tao "$dir"; }; then
                echo "conformance.sh: Test failed: could not write a session on $m for $name"
                failed=$((failed + 1))
                continue 2
            fi
            if ! expect=$(expect_values "$dir"); then
                echo "conformance.sh: Test failed: no layout of the $m recorder for $name"
                failed=$((failed + 1))
                continue 2
            fi
            checks=$((checks + 1))
            if ! why=$(check_msinfo "$dir" "$expect"); then
                echo "conformance.sh: Test failed: $name, $m: $why"
                failed=$((failed + 1))
            fi
            export "IMAPI2_TEST_EXPECT_${letters[$i]}=$expect"
            echo "IMAPI2_TEST_EXPECT_${letters[$i]}=$expect" >>"$work/setup.log"
            "$VDRIVE" wine-map "$dir" "$WINEPREFIX" "${letters[$i]}" >>"$work/setup.log" 2>&1
            mapped+=("${letters[$i]}")
            dirs+=("$dir")
            drives="$drives ${letters[$i]}:"
            medias="$medias $m"
            i=$((i + 1))
        done
    fi

    export IMAPI2_TEST_CONFIG=$name IMAPI2_TEST_DRIVES=${drives# } IMAPI2_TEST_MEDIA=${medias# }
    export IMAPI2_TEST_STATE=$state
    # The multisession unit first, alone, while the disc is as described in
    # IMAPI2_TEST_EXPECT_*; then every unit (format_data writes sessions) with
    # the expectations withdrawn, so multisession runs its checks for a disc
    # nobody described, as on Windows.
    case " $units " in *" multisession "*) run_tests multisession ;; esac
    for l in "${letters[@]}"; do unset "IMAPI2_TEST_EXPECT_$l"; done
    for unit in $(config_units "$name"); do
        run_tests "$unit"
    done
done

"$WINESERVER" -k >/dev/null 2>&1
unmap_all
echo "conformance.sh: $checks tests executed (0 marked as todo, $failed failures), 0 skipped."
[ "$failed" -eq 0 ] && [ "$bad_exit" -eq 0 ]
