#!/bin/bash
# Benchmark of the SG_IO bridge: WRITE(10) throughput of 64 KiB transfers
# through the bridge from a native loop (unpaced), and how closely a paced
# recorder ('vdrive speed') holds its set speed.  Prints figures, judges
# nothing.
#
# Variables: VDRIVE (default: vdrive beside this script), BENCH_BRIDGE
# (default: $BUILD/native/vdrive/bench_bridge, BUILD defaulting to build),
# BENCH_MIB (unpaced amount, default 2048).
set -u

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
BUILD=${BUILD:-$top/build}
VDRIVE=${VDRIVE:-$here/vdrive}
BENCH_BRIDGE=${BENCH_BRIDGE:-$BUILD/native/vdrive/bench_bridge}
BENCH_MIB=${BENCH_MIB:-2048}

for tool in "$VDRIVE" "$BENCH_BRIDGE"; do
    if [ ! -x "$tool" ]; then
        echo "bench.sh: $tool is not built" >&2
        exit 1
    fi
done

scratch=$(mktemp -d -t vdrive-bench.XXXXXX) || exit 1
trap 'rm -rf "$scratch"' EXIT
dir="$scratch/drive"

# DVD-RW restricted overwrite arrives formatted: random writes from LBA 0.
"$VDRIVE" new "$dir" --media dvd-rw-ro || exit 1

echo "== unpaced: $BENCH_MIB MiB"
timeout 300 "$VDRIVE" exec "$dir" -- "$BENCH_BRIDGE" --mib "$BENCH_MIB" || exit 1

# speed : amount : expected kB/s of user data (vdrive.h: 1x CD = 75 blocks/s,
# 1x DVD = 1385000 B/s, 1x BD = 4495500 B/s)
for line in 16x-bd:256:71928 16x-dvd:64:22160 40x-cd:16:6144 5000:16:5000; do
    IFS=: read -r speed mib kbps <<<"$line"
    "$VDRIVE" speed "$dir" "$speed" || exit 1
    echo "== paced at $speed: $mib MiB"
    timeout 300 "$VDRIVE" exec "$dir" -- "$BENCH_BRIDGE" --mib "$mib" --expect-kbps "$kbps" || exit 1
done
"$VDRIVE" speed "$dir" unpaced
