#!/bin/bash
# The wine-tree test layer: builds dlls/imapi2, dlls/imapi2fs and their
# tests inside Wine's source tree (tools/wine-tree.sh), then runs the
# conformance suite (tests/conformance.sh) and imapi2fs's tests (each unit of
# dlls/imapi2fs/tests, by name as winetest runs them; they need no recorder)
# with Wine's build of the test executables and of the DLLs, installed two
# ways, each in a prefix of its own:
#   builtin   as Wine ships them: the DLLs in a Wine library directory
#             (WINEDLLPATH), copied into system32 by wineboot, default load
#             order, registered by regsvr32
#   drop-in   the DLLs copied into system32 of a prefix, load order
#             "native,builtin", registered by regsvr32 (plain "native" cannot
#             load them: they carry Wine's builtin marker; see
#             doc/wine-bugs/README.md)
# Prints Wine-style summary lines for tests/run to count.
#
# Usage: wine-tree-check.sh                 build, then test
#        wine-tree-check.sh --build-only    the build alone (its output is
#                                           the log --built takes)
#        wine-tree-check.sh --built LOG     test what --build-only built
#
# Variables: BUILD, WINE, WINESERVER (as tests/run sets them),
#   WINE_SRC            the Wine source tree (default: the one tools/install-deps.sh
#                       unpacks, BUILD/wine-src/wine-*)
#   WINE_TREE_CONFIGS   configurations for the builtin DLL (conformance.sh's
#                       names; default a few covering each kind of media state)
#   WINE_TREE_DROPIN_CONFIGS  configurations for the drop-in DLL
set -u

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

BUILD=${BUILD:-$top/build}
WINE=${WINE:-/usr/lib/wine/wine64}
WINESERVER=${WINESERVER:-/usr/lib/wine/wineserver64}
export WINEDEBUG=${WINEDEBUG:--all}
export WINEDLLOVERRIDES=${WINEDLLOVERRIDES:-mscoree,mshtml=}

configs=${WINE_TREE_CONFIGS:-"none:none:- cd-r:blank:cd-r dvd+r-appendable:appendable:dvd+r"}
dropin_configs=${WINE_TREE_DROPIN_CONFIGS:-"dvd+r:blank:dvd+r"}

# wine_src: the tree given, or the one install-deps unpacked.
wine_src()
{
    local d
    if [ -n "${WINE_SRC:-}" ]; then
        echo "$WINE_SRC"
        return
    fi
    for d in "$BUILD"/wine-src/wine-*/; do
        [ -f "$d/configure.ac" ] && { echo "${d%/}"; return; }
    done
}

fail()
{
    echo "wine-tree: Test failed: $*"
    echo "wine-tree: 1 tests executed (0 marked as todo, 1 failures), 0 skipped."
    exit 1
}

src=$(wine_src)
[ -n "$src" ] && [ -d "$src" ] || fail "no Wine source tree (run tools/install-deps.sh, or set WINE_SRC)"
work=$BUILD/wine-tree
objdir=$work/obj64
mkdir -p "$work"

if [ "${1:-}" = --build-only ]; then
    # The build alone, with its seconds, and nothing else: tests/run starts
    # it early, beside the other layers, and gives its output back with
    # --built LOG when the tests run.
    start=$(date +%s)
    tools/wine-tree.sh --objdir "$objdir" "$src"
    status=$?
    echo "wine-tree: build: $(($(date +%s) - start)) s, exit status $status"
    exit $status
fi

echo "=== build in $src"
if [ "${1:-}" = --built ] && [ -f "${2:-}" ]; then
    # Built already by --build-only; its log ends with the seconds it took
    # and how it ended.
    cat "$2"
    built=$(sed -n -E 's/^wine-tree: build: [0-9]+ s, exit status ([0-9]+)$/\1/p' "$2" | tail -n 1)
    built=${built:-1}
else
    start=$(date +%s)
    tools/wine-tree.sh --objdir "$objdir" "$src"
    built=$?
    echo "wine-tree: build: $(($(date +%s) - start)) s"
fi
if [ $built -ne 0 ]; then
    tail -n 30 "$objdir/wine-tree.log" 2>/dev/null
    fail "tools/wine-tree.sh could not build imapi2 in Wine's tree"
fi
echo "wine-tree: 1 tests executed (0 marked as todo, 0 failures), 0 skipped."

# The DLLs this project has, as Wine's tree built them.
dlls=imapi2
[ -f dlls/imapi2fs/Makefile.in ] && dlls="$dlls imapi2fs"
exe=$objdir/dlls/imapi2/tests/x86_64-windows/imapi2_test.exe
fs_exe=$objdir/dlls/imapi2fs/tests/x86_64-windows/imapi2fs_test.exe
status=0

# test_units MAKEFILE_IN: the units, one per test source, in order.
test_units()
{
    sed -n -E '/^SOURCES[[:space:]]*=/,/^[[:space:]]*$/p' "$1" | grep -oE '[A-Za-z0-9_]+\.c' | sed 's/\.c$//'
}

# prefix MODE: a prefix of its own for each way of installing the DLLs,
# created once and kept under the build tree.
run_mode()
{
    local mode=$1 configs=$2 prefix=$work/prefix-$1 libdir=$work/lib-$1 loaded dll unit ret=0
    export WINEPREFIX=$prefix
    unset WINEDLLPATH
    if [ "$mode" = builtin ]; then
        # Laid out as Wine's own library directory: <dir>/x86_64-windows/*.dll
        mkdir -p "$libdir/x86_64-windows"
        for dll in $dlls; do
            cp "$objdir/dlls/$dll/x86_64-windows/$dll.dll" "$libdir/x86_64-windows/$dll.dll"
        done
        export WINEDLLPATH=$libdir
    fi
    echo "=== $mode DLLs ($dlls), prefix $prefix"
    "$WINESERVER" -k >/dev/null 2>&1
    if [ ! -f "$prefix/system.reg" ]; then
        "$WINE" wineboot -i >/dev/null 2>&1
    elif [ "$mode" = builtin ]; then
        # wineboot copies the builtin DLLs of the library path into system32.
        "$WINE" wineboot -u >/dev/null 2>&1
    fi
    for dll in $dlls; do
        if [ "$mode" = builtin ]; then
            "$WINE" reg delete 'HKCU\Software\Wine\DllOverrides' /v "$dll" /f >/dev/null 2>&1
        else
            cp "$objdir/dlls/$dll/x86_64-windows/$dll.dll" "$prefix/drive_c/windows/system32/$dll.dll"
            "$WINE" reg add 'HKCU\Software\Wine\DllOverrides' /v "$dll" /t REG_SZ /d native,builtin /f >/dev/null
        fi
        # Registered, and which file the loader took, for the log.
        if ! loaded=$(WINEDEBUG=+loaddll "$WINE" regsvr32 /s "$dll.dll" 2>&1); then
            echo "wine-tree: Test failed: regsvr32 $dll.dll ($mode)"
            return 1
        fi
        echo "wine-tree: $mode: $(grep -i "Loaded.*[\\/]$dll\.dll" <<<"$loaded" | head -n 1)"
    done
    "$WINESERVER" -w
    BUILD=$work CONFORMANCE_CONFIGS=$configs IMAPI2_TEST_EXE=$exe tests/conformance.sh || ret=1
    case " $dlls " in *" imapi2fs "*)
        # Wine's test.h runs the units named; no recorder needed. fsimage
        # also writes a tree of ours (include/) as an image file: an ISO 9660
        # volume descriptor at block 16.
        echo "=== imapi2fs tests, $mode DLL"
        local iso=$work/fsimage-$mode.iso tree=$top/include
        rm -f "$iso"
        for unit in $(test_units dlls/imapi2fs/tests/Makefile.in); do
            IMAPI2FS_TEST_TREE="Z:${tree//\//\\}" IMAPI2FS_TEST_OUTPUT="Z:${iso//\//\\}" \
                timeout 300 "$WINE" "$fs_exe" "$unit" ||
                { echo "wine-tree: imapi2fs_test.exe $unit ($mode) exited with status $?"; ret=1; }
        done
        "$WINESERVER" -w
        if [ "$(dd if="$iso" bs=1 skip=32769 count=5 2>/dev/null)" = CD001 ]; then
            echo "wine-tree: $iso: ISO 9660 image of $tree"
            echo "wine-tree: 1 tests executed (0 marked as todo, 0 failures), 0 skipped."
        else
            echo "wine-tree: Test failed: no ISO 9660 image in $iso ($mode)"
            echo "wine-tree: 1 tests executed (0 marked as todo, 1 failures), 0 skipped."
            ret=1
        fi
        ;;
    esac
    return $ret
}

run_mode builtin "$configs" || status=1
run_mode dropin "$dropin_configs" || status=1
"$WINESERVER" -k >/dev/null 2>&1
exit $status
