#!/bin/sh
#
# Builds the libFuzzer targets and runs each for a bounded time
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
# Usage: run.sh [--merge] BUILDDIR
# Builds every tests/fuzz/fuzz_*.c with CLANG (default clang) under
# -fsanitize=fuzzer,address,undefined into BUILDDIR/fuzz and runs it from the
# seed corpus tests/fuzz/corpus/<target> for FUZZ_SECONDS in total (default
# 60), shared equally between the targets (at least 1 s each).  A target that
# builds and runs without a crash counts as one passed check.  New inputs go
# to BUILDDIR/fuzz/<target>.corpus, never to the tree.
#
# With --merge (or FUZZ_MERGE=1), each target that ran clean then rebuilds
# tests/fuzz/corpus/<target> with libFuzzer's -merge=1: the hand-written seeds
# (files whose name is not a SHA-1) are kept, and of the other inputs, the
# committed ones and those found so far in BUILDDIR, only a minimal set that
# keeps the coverage is written back, named by SHA-1.  That is one more check.
#
# FUZZ_TARGETS restricts the run to some targets (e.g. "fuzz_drive").

t_name=fuzz
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
. "$top/tests/lib.sh"

CLANG=${CLANG:-clang}
FUZZ_SECONDS=${FUZZ_SECONDS:-60}
FUZZ_MERGE=${FUZZ_MERGE:-0}
# The committed corpus stays small: inputs are capped, the total is checked.
FUZZ_MAX_LEN=${FUZZ_MAX_LEN:-4096}
CORPUS_LIMIT_KB=${CORPUS_LIMIT_KB:-400}

if [ "$1" = "--merge" ]; then
    FUZZ_MERGE=1
    shift
fi
if [ -z "$1" ] || [ $# -ne 1 ]; then
    echo "usage: $0 [--merge] BUILDDIR" >&2
    exit 2
fi
case $FUZZ_SECONDS in
    ''|*[!0-9]*) echo "$0: FUZZ_SECONDS must be a whole number of seconds" >&2; exit 2 ;;
esac
build=$1/fuzz
mkdir -p "$build" && build=$(cd "$build" && pwd) || exit 1

targets=${FUZZ_TARGETS:-$(cd "$here" && ls fuzz_*.c | sed 's/\.c$//')}
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

# corpus_bytes DIR: the size of the files in DIR, in bytes.
corpus_bytes()
{
    find "$1" -type f -exec cat {} + 2>/dev/null | wc -c
}

# summary TARGET: one line from libFuzzer's final statistics.
summary()
{
    awk -v t="$1" '
        /^stat::number_of_executed_units:/ { runs = $2 }
        /^stat::peak_rss_mb:/ { rss = $2 }
        /^#[0-9]+[ \t].* cov: / {
            for (i = 1; i < NF; i++)
            {
                if ($i == "cov:") cov = $(i + 1)
                if ($i == "corp:") corp = $(i + 1)
            }
        }
        END { printf "%s: %d runs, coverage %d, corpus %s (inputs/size), peak RSS %d MB\n", t, runs, cov, corp, rss }' "$build/$1.log"
}

# merge TARGET: rebuilds tests/fuzz/corpus/TARGET as a minimal corpus.
merge()
{
    local target=$1 committed=$here/corpus/$1 fresh=$build/$1.merged f name before after

    rm -rf "$fresh"
    mkdir -p "$fresh" "$committed" || return 1
    for f in "$committed"/*; do
        [ -f "$f" ] || continue
        name=$(basename "$f")
        if ! echo "$name" | grep -Eq '^[0-9a-f]{40}$'; then
            cp "$f" "$fresh/" || return 1
        fi
    done
    before=$(ls "$committed" | wc -l)
    if ! "$build/$target" -merge=1 -timeout=10 -rss_limit_mb=1024 -max_len="$FUZZ_MAX_LEN" \
            -artifact_prefix="$build/$target-" "$fresh" "$committed" "$build/$target.corpus" \
            >"$build/$target.merge.log" 2>&1; then
        tail -n 20 "$build/$target.merge.log"
        return 1
    fi
    rm -rf "$committed"
    mv "$fresh" "$committed" || return 1
    after=$(ls "$committed" | wc -l)
    echo "$target: corpus merged: $before -> $after inputs, $(corpus_bytes "$committed") bytes in tests/fuzz/corpus/$target"
}

for target in $targets; do
    if [ ! -f "$here/$target.c" ]; then
        t_ok "$target exists" false
        continue
    fi
    # A target may name its own sources and include directories (relative to
    # the top) on "fuzz-sources:" / "fuzz-includes:" lines; the default is
    # the MMC layer.
    sources=$(sed -n 's|^/\* fuzz-sources: \(.*\) \*/$|\1|p' "$here/$target.c")
    includes=$(sed -n 's|^/\* fuzz-includes: \(.*\) \*/$|\1|p' "$here/$target.c")
    [ -n "$sources" ] || sources=dlls/imapi2/mmc.c
    [ -n "$includes" ] || includes=dlls/imapi2
    if ! (cd "$top" && "$CLANG" -g -O1 -std=gnu11 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
            -Iinclude $(for i in $includes; do printf ' -I%s' "$i"; done) "$here/$target.c" $sources \
            -o "$build/$target") >"$build/$target.build.log" 2>&1; then
        cat "$build/$target.build.log"
        t_ok "$target builds" false
        continue
    fi
    mkdir -p "$build/$target.corpus"
    seeds=
    [ -d "$here/corpus/$target" ] && seeds="$here/corpus/$target"
    # The writable corpus comes first: libFuzzer adds new inputs to it only.
    if "$build/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=1024 -print_final_stats=1 \
            -max_len="$FUZZ_MAX_LEN" -artifact_prefix="$build/$target-" "$build/$target.corpus" $seeds \
            >"$build/$target.log" 2>&1; then
        summary "$target"
        t_ok "$target runs clean for ${seconds}s" true
    else
        tail -n 40 "$build/$target.log"
        t_ok "$target runs clean for ${seconds}s (artifacts in $build)" false
        continue
    fi
    if [ "$FUZZ_MERGE" = 1 ]; then
        t_ok "$target: merge the corpus into tests/fuzz/corpus/$target" merge "$target"
    fi
done

if [ "$FUZZ_MERGE" = 1 ]; then
    total=$(corpus_bytes "$here/corpus")
    echo "fuzz: the committed corpus holds $total bytes"
    t_ok "the committed corpus stays under $CORPUS_LIMIT_KB KB" [ "$total" -le $((CORPUS_LIMIT_KB * 1024)) ]
fi

t_finish
