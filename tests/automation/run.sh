#!/bin/sh
#
# Automation layer: IMAPI2 driven from VBScript and JScript through Wine's
# cscript.exe
#
# Copyright 2026 The imapi2-for-Wine authors
#
# This library is free software; you can redistribute it and/or
# modify it under the terms of the GNU Lesser General Public
# License as published by the Free Software Foundation; either
# version 2.1 of the License, or (at your option) any later version.
#
# This library is distributed in the hope that it will be useful,
# but WITHOUT ANY WARRANTY; without even the implied warranty of
# MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the GNU
# Lesser General Public License for more details.
#
# You should have received a copy of the GNU Lesser General Public
# License along with this library; if not, write to the Free Software
# Foundation, Inc., 51 Franklin St, Fifth Floor, Boston, MA 02110-1301, USA
#
# Environment: WINE (default: wine64 or wine from PATH), WINEPREFIX (a prefix
# where imapi2.dll is installed and registered; required), WINEDEBUG (default
# -all), IMAPI2_EXPECT_RECORDERS (optional: how many recorders recorders.vbs
# must list).  With virtual recorders, run the whole script under the bridge:
#   vdrive exec DIR... -- tests/automation/run.sh
#
# Each script prints "ok DESC", "fail DESC: DETAIL", "skip DESC: REASON",
# "info TEXT" and, as its last line, "done N" with N its number of checks.
# Every ok/fail line is one counted check here; a script that does not reach
# its "done" line, or whose count disagrees, is one more failure.

t_name=automation
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
. "$top/tests/lib.sh"

WINE=${WINE:-$(command -v wine64 || command -v wine)}
export WINEDEBUG=${WINEDEBUG:--all}

if [ -z "$WINE" ] || [ -z "$WINEPREFIX" ]; then
    t_ok "WINE and WINEPREFIX are set" false
    t_finish
    exit
fi
export WINEPREFIX

# The Windows path of a file of this tree, through Wine's Z: drive.
windows_path()
{
    printf 'Z:%s' "$1" | tr / '\\'
}

# run_script FILE: runs one script and counts its lines.
run_script()
{
    script=$1
    name=$(basename "$script")
    out=$(timeout 300 "$WINE" cscript.exe //nologo "$(windows_path "$script")" 2>&1 | tr -d '\r')
    seen=0
    done_count=
    recorders=0
    while IFS= read -r line; do
        case $line in
        "ok "*)
            seen=$((seen + 1))
            t_ok "$name: ${line#ok }" true
            ;;
        "fail "*)
            seen=$((seen + 1))
            t_ok "$name: ${line#fail }" false
            ;;
        "skip "*)
            t_skip "$name: ${line#skip }"
            ;;
        "info recorder "*)
            recorders=$((recorders + 1))
            printf '%s\n' "$t_name: $name: ${line#info }"
            ;;
        "info "*)
            printf '%s\n' "$t_name: $name: ${line#info }"
            ;;
        "done "*)
            done_count=${line#done }
            ;;
        "")
            ;;
        *)
            # cscript's own messages (script errors) are shown, not counted.
            printf '%s\n' "$t_name: $name: $line"
            ;;
        esac
    done <<EOF
$out
EOF
    t_eq "$name ran to its end" "done $seen" "done ${done_count:-missing}"
}

run_script "$here/objects.vbs"
run_script "$here/objects.js"
run_script "$here/filesystem.vbs"
run_script "$here/recorders.vbs"
if [ -n "$IMAPI2_EXPECT_RECORDERS" ]; then
    t_eq "recorders.vbs lists the mapped recorders" "$IMAPI2_EXPECT_RECORDERS" "$recorders"
fi

t_finish
