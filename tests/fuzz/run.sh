#!/bin/sh
#
# Builds the libFuzzer targets of the MMC layer and runs each for a bounded time
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
# Usage: run.sh BUILDDIR
# Builds every tests/fuzz/fuzz_*.c with CLANG (default clang) under
# -fsanitize=fuzzer,address,undefined into BUILDDIR and runs it from the seed
# corpus tests/fuzz/corpus/<target> for FUZZ_SECONDS in total (default 60),
# shared between the targets.  A target that builds and runs without a crash
# counts as one passed check.  New inputs go to BUILDDIR, never to the tree.

t_name=fuzz
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
. "$top/tests/lib.sh"

CLANG=${CLANG:-clang}
FUZZ_SECONDS=${FUZZ_SECONDS:-60}

if [ -z "$1" ]; then
    echo "usage: $0 BUILDDIR" >&2
    exit 2
fi
build=$1/fuzz
mkdir -p "$build" || exit 1

targets=$(cd "$here" && ls fuzz_*.c | sed 's/\.c$//')
count=$(echo "$targets" | wc -w)
seconds=$((FUZZ_SECONDS / count))
[ "$seconds" -ge 1 ] || seconds=1

# Can this clang build a fuzzer at all?
printf 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long s) { return 0; }\n' > "$build/probe.c"
if ! "$CLANG" -fsanitize=fuzzer,address,undefined "$build/probe.c" -o "$build/probe" >"$build/probe.log" 2>&1; then
    for target in $targets; do
        t_skip "$target: $CLANG cannot build libFuzzer targets"
    done
    t_finish
    exit $?
fi

for target in $targets; do
    if ! "$CLANG" -g -O1 -std=gnu11 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
            -I"$top/include" -I"$top/dlls/imapi2" "$here/$target.c" "$top/dlls/imapi2/mmc.c" \
            -o "$build/$target" >"$build/$target.build.log" 2>&1; then
        cat "$build/$target.build.log"
        t_ok "$target builds" false
        continue
    fi
    mkdir -p "$build/$target.corpus"
    seeds=
    [ -d "$here/corpus/$target" ] && seeds="$here/corpus/$target"
    # The writable corpus comes first: libFuzzer adds new inputs to it only.
    if "$build/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=1024 -print_final_stats=1 \
            -artifact_prefix="$build/$target-" "$build/$target.corpus" $seeds >"$build/$target.log" 2>&1; then
        t_ok "$target runs clean for ${seconds}s" true
    else
        tail -n 40 "$build/$target.log"
        t_ok "$target runs clean for ${seconds}s (artifacts in $build)" false
    fi
done

t_finish
