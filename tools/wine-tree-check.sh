#!/bin/bash
# The wine-tree test layer: builds dlls/imapi2 and its tests inside Wine's
# source tree (tools/wine-tree.sh), then runs the conformance suite
# (tests/conformance.sh) with Wine's build of the test executable and of the
# DLL, installed two ways, each in a prefix of its own:
#   builtin   as Wine ships it: the DLL in a Wine library directory
#             (WINEDLLPATH), copied into system32 by wineboot, default load
#             order, registered by regsvr32
#   drop-in   the DLL copied into system32 of a prefix, load order
#             "native,builtin", registered by regsvr32 (plain "native" cannot
#             load it: it carries Wine's builtin marker; see
#             doc/wine-bugs/README.md)
# Prints Wine-style summary lines for tests/run to count.
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

echo "=== build in $src"
start=$(date +%s)
if ! tools/wine-tree.sh --objdir "$objdir" "$src"; then
    tail -n 30 "$objdir/wine-tree.log" 2>/dev/null
    fail "tools/wine-tree.sh could not build imapi2 in Wine's tree"
fi
echo "wine-tree: build: $(($(date +%s) - start)) s"
echo "wine-tree: 1 tests executed (0 marked as todo, 0 failures), 0 skipped."

dll=$objdir/dlls/imapi2/x86_64-windows/imapi2.dll
exe=$objdir/dlls/imapi2/tests/x86_64-windows/imapi2_test.exe
status=0

# prefix MODE: a prefix of its own for each way of installing the DLL,
# created once and kept under the build tree.
run_mode()
{
    local mode=$1 configs=$2 prefix=$work/prefix-$1 libdir=$work/lib-$1 loaded
    export WINEPREFIX=$prefix
    unset WINEDLLPATH
    if [ "$mode" = builtin ]; then
        # Laid out as Wine's own library directory: <dir>/x86_64-windows/*.dll
        mkdir -p "$libdir/x86_64-windows"
        cp "$dll" "$libdir/x86_64-windows/imapi2.dll"
        export WINEDLLPATH=$libdir
    fi
    echo "=== $mode DLL, prefix $prefix"
    "$WINESERVER" -k >/dev/null 2>&1
    if [ ! -f "$prefix/system.reg" ]; then
        "$WINE" wineboot -i >/dev/null 2>&1
    elif [ "$mode" = builtin ]; then
        # wineboot copies the builtin DLLs of the library path into system32.
        "$WINE" wineboot -u >/dev/null 2>&1
    fi
    if [ "$mode" = builtin ]; then
        "$WINE" reg delete 'HKCU\Software\Wine\DllOverrides' /v imapi2 /f >/dev/null 2>&1
    else
        cp "$dll" "$prefix/drive_c/windows/system32/imapi2.dll"
        "$WINE" reg add 'HKCU\Software\Wine\DllOverrides' /v imapi2 /t REG_SZ /d native,builtin /f >/dev/null
    fi
    # Registered, and which file the loader took, for the log.
    if ! loaded=$(WINEDEBUG=+loaddll "$WINE" regsvr32 /s imapi2.dll 2>&1); then
        echo "wine-tree: Test failed: regsvr32 imapi2.dll ($mode)"
        return 1
    fi
    echo "wine-tree: $mode: $(grep -i 'Loaded.*imapi2\.dll' <<<"$loaded" | head -n 1)"
    "$WINESERVER" -w
    BUILD=$work CONFORMANCE_CONFIGS=$configs IMAPI2_TEST_EXE=$exe tests/conformance.sh
}

run_mode builtin "$configs" || status=1
run_mode dropin "$dropin_configs" || status=1
"$WINESERVER" -k >/dev/null 2>&1
exit $status
