#!/bin/bash
# Installs imapi2.dll into a Wine prefix as a native override and registers it.
#
# usage: install-prefix.sh [--i386 DLL32] DLL64
#   WINEPREFIX  the prefix (default: ~/.wine); created when missing
#   WINE        the wine loader (default: wine64 or wine from PATH, or /usr/lib/wine/wine64)
set -eu

dll32=
if [ "${1:-}" = "--i386" ]; then
    dll32=$2
    shift 2
fi
dll64=${1:?usage: install-prefix.sh [--i386 DLL32] DLL64}

if [ -z "${WINE:-}" ]; then
    WINE=$(command -v wine64 || command -v wine || echo /usr/lib/wine/wine64)
fi
if [ ! -x "$WINE" ] && ! command -v "$WINE" >/dev/null 2>&1; then
    echo "install-prefix: wine not found (install the Debian package 'wine64', or set WINE)" >&2
    exit 1
fi
if [ ! -f "$dll64" ]; then
    echo "install-prefix: $dll64 not found: run 'make' first" >&2
    exit 1
fi

export WINEPREFIX=${WINEPREFIX:-$HOME/.wine}
export WINEDEBUG=${WINEDEBUG:--all}
# No Mono or Gecko installers in a prefix made for burning.
export WINEDLLOVERRIDES=${WINEDLLOVERRIDES:-mscoree,mshtml=}

if [ ! -f "$WINEPREFIX/system.reg" ]; then
    echo "install-prefix: creating $WINEPREFIX"
    "$WINE" wineboot -i >/dev/null 2>&1
fi

system32="$WINEPREFIX/drive_c/windows/system32"
install -m 644 "$dll64" "$system32/imapi2.dll"
if [ -n "$dll32" ] && [ -d "$WINEPREFIX/drive_c/windows/syswow64" ]; then
    install -m 644 "$dll32" "$WINEPREFIX/drive_c/windows/syswow64/imapi2.dll"
fi

"$WINE" reg add 'HKCU\Software\Wine\DllOverrides' /v imapi2 /t REG_SZ /d native /f >/dev/null
"$WINE" regsvr32 /s imapi2.dll
echo "install-prefix: imapi2.dll installed and registered in $WINEPREFIX"
