#!/bin/sh
#
# Self-test of include/wine/test.h
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
# Usage: run.sh [BUILDDIR]
# Builds the units of units.c natively (CC, default gcc) in BUILDDIR (default:
# a temporary directory) and checks their exact output and exit status.  When
# WINE is set, WINEPREFIX names an existing prefix and a mingw compiler exists
# (MINGW_CC, default x86_64-w64-mingw32-gcc), the same units are also built as
# a PE program and checked under Wine.

t_name=harness
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
. "$top/tests/lib.sh"

CC=${CC:-gcc}
MINGW_CC=${MINGW_CC:-x86_64-w64-mingw32-gcc}
if [ -n "$1" ]; then
    build=$1
    mkdir -p "$build" || exit 1
else
    build=$(mktemp -d) || exit 1
    trap 'rm -rf "$build"' EXIT
fi

# line MARKER: the line of units.c carrying the comment /* MARKER */
line()
{
    grep -n "/\* $1 \*/" "$here/units.c" | cut -d: -f1
}

# run_unit PROGRAM ARGS...: output with CRs dropped and the process id of the
# summary line replaced by "pid"; the exit status goes to $status.
run_unit()
{
    out=$("$@" 2>&1)
    status=$?
    out=$(printf '%s\n' "$out" | tr -d '\r' | sed 's/^[0-9a-f]\{4,\}:/pid:/')
}

L_FAIL1=$(line LINE_FAIL1)
L_FAIL2=$(line LINE_FAIL2)
L_HELPER=$(line LINE_HELPER)
L_TODO1=$(line LINE_TODO1)
L_TODO_SUCCEEDED=$(line LINE_TODO_SUCCEEDED)
L_TODO_NESTED=$(line LINE_TODO_NESTED)
L_BROKEN=$(line LINE_BROKEN)
L_SKIP=$(line LINE_SKIP)
L_WIN_SKIP=$(line LINE_WIN_SKIP)
L_TRACE=$(line LINE_TRACE)
L_FLAKY=$(line LINE_FLAKY)

# check_units PREFIX RUNNER...: the checks that hold on every platform that
# counts as Wine (native builds, and PE builds run under Wine).
check_units()
{
    p=$1; shift

    run_unit "$@" pass
    t_eq "$p: pass output" "pid:pass: 3 tests executed (0 marked as todo, 0 failures), 0 skipped." "$out"
    t_eq "$p: pass exit status" 0 "$status"

    run_unit "$@" fail
    t_eq "$p: failures and contexts" "units.c:$L_FAIL1: Test failed: first failure 42
units.c:$L_FAIL2: Test failed: outer 1: inner: second failure
pid:fail: 3 tests executed (0 marked as todo, 2 failures), 0 skipped." "$out"
    t_eq "$p: exit status is the failure count" 2 "$status"

    run_unit "$@" location
    t_eq "$p: ok_ reports the caller's line" "units.c:$L_HELPER: Test failed: expected a positive value, got -5
pid:location: 2 tests executed (0 marked as todo, 1 failure), 0 skipped." "$out"
    t_eq "$p: location exit status" 1 "$status"

    run_unit "$@" todo
    t_eq "$p: todo semantics" "units.c:$L_TODO1: Test marked todo: todo on wine
units.c:$L_TODO_SUCCEEDED: Test succeeded inside todo block: fixed but still todo
units.c:$((L_TODO1 + 3)): Test marked todo: todo_wine_if(1) on wine
units.c:$L_TODO_NESTED: Test succeeded inside todo block: an enclosing todo still applies
units.c:$((L_TODO_NESTED + 1)): Test marked todo: nested todo failure
pid:todo: 8 tests executed (3 marked as todo, 2 failures), 0 skipped." "$out"
    t_eq "$p: todo exit status" 2 "$status"

    run_unit "$@" broken
    t_eq "$p: broken() is false on wine" "units.c:$L_BROKEN: Test failed: broken(1) must not pass on wine
pid:broken: 3 tests executed (0 marked as todo, 1 failure), 0 skipped." "$out"
    t_eq "$p: broken exit status" 1 "$status"

    run_unit "$@" skip
    t_eq "$p: skips counted, win_skip fails on wine" "units.c:$L_SKIP: Tests skipped: first skip
units.c:$((L_SKIP + 1)): Tests skipped: second skip with argument
units.c:$L_WIN_SKIP: Test failed: not acceptable on wine
pid:skip: 2 tests executed (0 marked as todo, 1 failure), 2 skipped." "$out"
    t_eq "$p: skip exit status" 1 "$status"

    run_unit "$@" trace
    t_eq "$p: trace lines" "units.c:$L_TRACE: hello world
units.c:$((L_TRACE + 2)): ctx: with context
pid:trace: 0 tests executed (0 marked as todo, 0 failures), 0 skipped." "$out"

    run_unit "$@" flaky
    t_eq "$p: flaky failures are not failures" "units.c:$L_FLAKY: Test marked flaky: flaky failure
pid:flaky: 2 tests executed (0 marked as todo, 0 failures), 0 skipped." "$out"
    t_eq "$p: flaky exit status" 0 "$status"

    run_unit "$@" dbgstr
    case $out in
    "pid:dbgstr: "*" tests executed (0 marked as todo, 0 failures), 0 skipped.") ok=yes ;;
    *) ok="$out" ;;
    esac
    t_eq "$p: wine_dbgstr_* results" yes "$ok"

    run_unit "$@" mainargs extra
    t_eq "$p: arguments after the unit reach it" \
        "pid:mainargs: 2 tests executed (0 marked as todo, 0 failures), 0 skipped." "$out"

    run_unit "$@" nosuchunit
    t_eq "$p: unknown unit is fatal" "Fatal: test 'nosuchunit' does not exist." \
        "$(printf '%s\n' "$out" | head -n 1)"
    t_eq "$p: unknown unit exit status" 1 "$status"
}

if ! $CC -std=gnu11 -Wall -Wextra -Werror -I"$top/include" -o "$build/harness" \
        "$here/units.c" "$here/testlist.c"; then
    t_ok "native build with $CC" false
    t_finish
    exit
fi

check_units native "$build/harness"

# Only native: the environment is passed straight through there.
run_unit env WINETEST_DEBUG=0 "$build/harness" trace
t_eq "WINETEST_DEBUG=0 hides traces and the summary" "" "$out"
run_unit env WINETEST_DEBUG=2 "$build/harness" debuglevel
t_eq "WINETEST_DEBUG=2 reaches winetest_debug" 0 "$status"
run_unit env WINETEST_PLATFORM=windows "$build/harness" broken
t_eq "broken() is true on windows" "units.c:$((L_BROKEN - 1)): Test failed: broken(1) is false on wine
pid:broken: 3 tests executed (0 marked as todo, 1 failure), 0 skipped." "$out"
run_unit env WINETEST_PLATFORM=windows "$build/harness" todo
t_eq "todo_wine is inactive on windows" 3 "$status"

run_unit "$build/harness" --list
t_eq "--list" "Valid test names:
    pass
    fail
    location
    todo
    broken
    skip
    trace
    flaky
    dbgstr
    mainargs
    debuglevel" "$out"
t_eq "--list exit status" 0 "$status"

# Without a unit every unit runs; the status is the sum of the failures
# (2 + 1 + 2 + 1 + 1 from fail, location, todo, broken, skip; mainargs and
# debuglevel fail once each without their argument and environment).
run_unit "$build/harness"
t_eq "all units: exit status" 9 "$status"
t_eq "all units: one summary each" 11 "$(printf '%s\n' "$out" | grep -c ' tests executed (')"

if [ -n "$WINE" ] && [ -d "$WINEPREFIX/drive_c" ] && command -v "$MINGW_CC" >/dev/null 2>&1; then
    if $MINGW_CC -Wall -Wextra -Werror -I"$top/include" -o "$build/harness.exe" \
            "$here/units.c" "$here/testlist.c"; then
        check_units wine env WINEDEBUG=-all "$WINE" "$build/harness.exe"
    else
        t_ok "PE build with $MINGW_CC" false
    fi
else
    t_skip "PE build under Wine (needs WINE, an existing WINEPREFIX and $MINGW_CC)"
fi

t_finish
