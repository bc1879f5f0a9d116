#!/bin/bash
# Installs imapi2.dll (and imapi2fs.dll, when given) into a Wine prefix's
# system32, each with the DLL override
# "native,builtin", and registers it.  Plain "native" would refuse a DLL built
# in Wine's own tree: it carries Wine's builtin marker, and Wine loads such a
# file only when builtin is allowed (doc/wine-bugs/README.md).  This project's
# own DLL has no marker and loads as native either way.
#
# usage: install-prefix.sh [--i386 DLL32] DLL64 [DLL64...]
#   WINEPREFIX  the prefix (default: ~/.wine); created when missing
#   WINE        the wine loader (default: wine64 or wine from PATH, or /usr/lib/wine/wine64)
set -eu

dll32=
if [ "${1:-}" = "--i386" ]; then
    dll32=$2
    shift 2
fi
dll64=${1:?usage: install-prefix.sh [--i386 DLL32] DLL64 [DLL64...]}

if [ -z "${WINE:-}" ]; then
    WINE=$(command -v wine64 || command -v wine || echo /usr/lib/wine/wine64)
fi
if [ ! -x "$WINE" ] && ! command -v "$WINE" >/dev/null 2>&1; then
    echo "install-prefix: wine not found (install the Debian package 'wine64', or set WINE)" >&2
    exit 1
fi
for dll in "$@"; do
    if [ ! -f "$dll" ]; then
        echo "install-prefix: $dll not found: run 'make' first" >&2
        exit 1
    fi
done

export WINEPREFIX=${WINEPREFIX:-$HOME/.wine}
export WINEDEBUG=${WINEDEBUG:--all}
# No Mono or Gecko installers in a prefix made for burning.
export WINEDLLOVERRIDES=${WINEDLLOVERRIDES:-mscoree,mshtml=}

if [ ! -f "$WINEPREFIX/system.reg" ]; then
    echo "install-prefix: creating $WINEPREFIX"
    "$WINE" wineboot -i >/dev/null 2>&1
fi

system32="$WINEPREFIX/drive_c/windows/system32"
if [ -n "$dll32" ] && [ -d "$WINEPREFIX/drive_c/windows/syswow64" ]; then
    install -m 644 "$dll32" "$WINEPREFIX/drive_c/windows/syswow64/imapi2.dll"
fi
for dll in "$@"; do
    name=$(basename "$dll")
    install -m 644 "$dll" "$system32/$name"
    "$WINE" reg add 'HKCU\Software\Wine\DllOverrides' /v "${name%.dll}" /t REG_SZ /d native,builtin /f >/dev/null
    "$WINE" regsvr32 /s "$name"
    echo "install-prefix: $name installed and registered in $WINEPREFIX"
done
