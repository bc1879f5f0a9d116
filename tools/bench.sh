#!/bin/bash
# make bench: the data write path. Figures only, no verdict.
#
# 1. One image burned to a fresh unpaced virtual BD-R by each contender in
#    turn, over BENCH_ROUNDS rounds (the order rotates every round): ours
#    (IDiscFormat2Data::Write through imapi2-burn.exe), the raw WRITE(10) loop
#    (bench-rawwrite.exe: reads the same file and writes it with the transfer
#    size imapi2.dll uses), cdrskin and growisofs. Median, min and max of the
#    time, the rate, the CPU seconds per GiB (also without the emulated
#    drive's part: VDRIVE_CPU_REPORT of the bridge), and ours/raw for each;
#    then BENCH_PAIRS more runs of ours and the raw loop, for the CPU without
#    the drive's part over more runs (median and mean).
# 2. One imapi2-burn with one --drive per recorder, burning one image to
#    BENCH_MULTI_DRIVES virtual BD-R recorders paced at 16x at once, against
#    the raw loop on as many recorders at once (one process each), rounds
#    alternating: each drive's median rate against the 72 MB/s of BD 16x
#    (the goal: 95% or more).
# 3. The MMC commands a full multisession query costs.
# 4. A file system image of a tree (BENCH_FS_MIB MiB in BENCH_FS_FILES small
#    files plus four large ones) made and streamed to nowhere: imapi2fs.dll
#    (imapi2-burn --files --output NUL: ISO 9660, Joliet and UDF) against
#    xorriso -as mkisofs -J and genisoimage -J -udf, whole processes, rounds
#    rotating: median time and peak memory (maximum resident set size).
#
# Every measurement runs beside a Wine process that does nothing (the keeper):
# when the last process of a prefix ends, Wine's services (services.exe,
# winedevice, explorer, rpcss) end with it, and the next process starts them
# again beside its own work, on the same two cores.  A round of the first
# section is run first and thrown away.  The recorders' discs and the images
# are on tmpfs (/dev/shm) when it has room, so that the host disk's writeback
# is not what is measured.
#
# Variables: BUILD, WINE, WINESERVER (set by 'make bench'); BENCH_MIB (1024),
# BENCH_ROUNDS (5), BENCH_PAIRS (16), BENCH_MULTI_MIB (1024), BENCH_MULTI_DRIVES (4, at most 5:
# Wine's limit of CD-ROM devices per process), BENCH_FS_MIB (1024),
# BENCH_FS_FILES (10000), BENCH_SCRATCH (where discs and images go).
set -u

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$top/$BUILD ;; esac
WINE=${WINE:-/usr/lib/wine/wine64}
WINESERVER=${WINESERVER:-/usr/lib/wine/wineserver64}
VDRIVE=$top/tools/vdrive/vdrive
BURN=$top/tools/imapi2-burn.exe
RAW=$top/tools/bench-rawwrite.exe
MIB=${BENCH_MIB:-1024}
ROUNDS=${BENCH_ROUNDS:-5}
PAIRS=${BENCH_PAIRS:-16}
MULTI_MIB=${BENCH_MULTI_MIB:-1024}
MULTI_DRIVES=${BENCH_MULTI_DRIVES:-4}
# BD 16x: 16 x 4.4955 MB/s, 72 MB/s as drive makers round it.
MULTI_SPEED=16x-bd
TARGET_MBS=72

work=$BUILD/bench
export WINEPREFIX=$work/prefix
export WINEDEBUG=${WINEDEBUG:--all}
export WINEDLLOVERRIDES=${WINEDLLOVERRIDES:-mscoree,mshtml=}
export WINE WINESERVER

"$WINESERVER" -k >/dev/null 2>&1
rm -rf "$work"
mkdir -p "$work"
tools/install-prefix.sh dlls/imapi2/imapi2.dll dlls/imapi2fs/imapi2fs.dll >"$work/setup.log" 2>&1 || { cat "$work/setup.log"; exit 1; }

# Scratch space for the discs and images: tmpfs when it holds the image and a
# disc per recorder of the second section, with 1 GiB to spare.
need_mib=$((MIB + MULTI_MIB * (MULTI_DRIVES + 1) + 1024))
if [ -z "${BENCH_SCRATCH:-}" ] && [ -d /dev/shm ] && [ -w /dev/shm ] &&
        [ "$(df -Pm /dev/shm | awk 'NR == 2 { print $4 }')" -gt "$need_mib" ]; then
    BENCH_SCRATCH=/dev/shm/imapi2-bench.$$
fi
scratch=${BENCH_SCRATCH:-$work/scratch}
mkdir -p "$scratch"
keeper_writer=
trap '[ -n "$keeper_writer" ] && kill "$keeper_writer" 2>/dev/null; rm -rf "$scratch"' EXIT
echo "(discs and images in $scratch)"

# keeper_start / keeper_stop: the Wine process that keeps the prefix's
# services up (see the top of this file).  Its pause reads a FIFO whose only
# writer is a sleep of ours: the Wine processes started meanwhile inherit
# nothing that would keep the FIFO open once that sleep is killed.
keeper_start()
{
    rm -f "$work/keeper.fifo"
    mkfifo "$work/keeper.fifo"
    "$WINE" cmd /c pause <"$work/keeper.fifo" >/dev/null 2>&1 &
    keeper=$!
    sleep infinity >"$work/keeper.fifo" &
    keeper_writer=$!
    "$WINE" cmd /c exit >/dev/null 2>&1     # services up before the first measurement
}
keeper_stop()
{
    kill "$keeper_writer" 2>/dev/null
    wait "$keeper_writer" "$keeper" 2>/dev/null
}

image=$scratch/image.iso
head -c $((MIB * 1048576)) /dev/urandom >"$image"

calc() { echo "$1" | bc -l; }
fmt() { printf "%.${2:-2}f" "$1"; }

# median / min / max of numbers on stdin, one a line.
median()
{
    sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
minimum() { sort -g | head -n 1; }
maximum() { sort -g | tail -n 1; }

# fresh DIR: a blank unpaced BD-R in DIR, a new disc each time; the path, so
# Wine's mapping of E: to it, stays the same. The page cache's dirty data of
# the previous run goes to disk first, outside the measurement.
fresh()
{
    "$VDRIVE" new "$1" --media bd-r >>"$work/setup.log" 2>&1 &&
        "$VDRIVE" speed "$1" unpaced >>"$work/setup.log" 2>&1 && sync
}

# measure NAME DIR COMMAND...: runs the command with DIR as /dev/sr0; sets
# $wall, $cpu (user + system seconds of the whole process tree) and $drive_cpu
# (the CPU seconds of that spent in the emulated drive: its copy of the data
# into the disc image, work a real drive does itself after a DMA).
measure()
{
    local name=$1 dir=$2 status
    shift 2
    rm -f "$work/$name.drivecpu"
    VDRIVE_CPU_REPORT=$work/$name.drivecpu /usr/bin/time -f "%e %U %S" -o "$work/$name.time" \
        timeout 1800 "$VDRIVE" exec "$dir" -- "$@" >"$work/$name.out" 2>&1
    status=$?
    read -r wall user sys <"$work/$name.time"
    cpu=$(calc "$user + $sys")
    drive_cpu=$(awk '$1 == "vdrive-cpu" { s += $3 } END { printf "%.6f\n", s }' "$work/$name.drivecpu" 2>/dev/null)
    tr -d '\r' <"$work/$name.out" >"$work/$name.txt"
    [ $status -eq 0 ] || { echo "bench: $name failed:"; tail -n 5 "$work/$name.txt" | sed 's/^/    /'; }
    return $status
}

# ---------------------------------------------------------------------------
# 1. One drive, the contenders in turn

contenders=(ours raw)
command -v cdrskin >/dev/null 2>&1 && contenders+=(cdrskin)
command -v growisofs >/dev/null 2>&1 && contenders+=(growisofs)
declare -A label=([ours]="IDiscFormat2Data::Write" [raw]="raw WRITE(10) loop" [cdrskin]="cdrskin"
                  [growisofs]="growisofs")

# One recorder path for every contender, mapped once as E:.
dir=$scratch/drive
fresh "$dir" && "$VDRIVE" wine-map "$dir" "$WINEPREFIX" E >>"$work/setup.log" 2>&1
keeper_start

# run_one CONTENDER ROUND [SET]: appends "seconds cpu process_cpu drive_cpu" to
# $work/CONTENDER.results (CONTENDER.SET.results): the time and CPU of what is
# measured (the Write call, the raw loop, the whole process of the others), of
# the whole process, and of the emulated drive in it.
run_one()
{
    local c=$1 r=$2 set=${3:+.$3} s= k=
    fresh "$dir" || return 1
    case $c in
    ours)
        measure "$c-$r" "$dir" "$WINE" "$BURN" --drive E: "$image" || return 1
        s=$(sed -n 's/^imapi2-burn: done in \([0-9.]*\) s (CPU \([0-9.]*\) s)$/\1/p' "$work/$c-$r.txt")
        k=$(sed -n 's/^imapi2-burn: done in \([0-9.]*\) s (CPU \([0-9.]*\) s)$/\2/p' "$work/$c-$r.txt")
        ;;
    raw)
        measure "$c-$r" "$dir" "$WINE" "$RAW" E: "$image" || return 1
        s=$(sed -n 's/^seconds=//p' "$work/$c-$r.txt")
        k=$(sed -n 's/^loop_cpu=//p' "$work/$c-$r.txt")
        transfer=$(sed -n 's/^transfer=//p' "$work/$c-$r.txt")
        ;;
    cdrskin)
        measure "$c-$r" "$dir" cdrskin dev=/dev/sr0 -data "$image" || return 1
        s=$wall k=$cpu
        ;;
    growisofs)
        measure "$c-$r" "$dir" growisofs -Z "/dev/sr0=$image" || return 1
        s=$wall k=$cpu
        ;;
    esac
    [ -n "$s" ] && [ -n "$k" ] || { echo "bench: $c printed no time"; return 1; }
    echo "$s $k $cpu ${drive_cpu:-0}" >>"$work/$c$set.results"
}

transfer=?
echo "Burning $MIB MiB to a fresh unpaced virtual BD-R, $ROUNDS rounds (the order rotates each round)"
n=${#contenders[@]}
# The warm-up round: page cache, Wine's DLLs, the services; thrown away.
for c in "${contenders[@]}"; do
    run_one "$c" warmup
    rm -f "$work/$c.results"
done
for r in $(seq 0 $((ROUNDS - 1))); do
    for i in $(seq 0 $((n - 1))); do
        run_one "${contenders[$(((i + r) % n))]}" "$r"
    done
done

printf '  %-24s %7s %7s %7s %8s %10s %15s %10s %10s\n' "" "median" "min" "max" "MiB/s" "CPU s/GiB" "CPU min-max" \
    "process" "host CPU"
for c in "${contenders[@]}"; do
    if [ ! -s "$work/$c.results" ]; then
        printf '  %-24s no successful run\n' "${label[$c]}"
        continue
    fi
    s_med=$(cut -d' ' -f1 "$work/$c.results" | median)
    s_min=$(cut -d' ' -f1 "$work/$c.results" | minimum)
    s_max=$(cut -d' ' -f1 "$work/$c.results" | maximum)
    c_med=$(cut -d' ' -f2 "$work/$c.results" | median)
    c_min=$(cut -d' ' -f2 "$work/$c.results" | minimum)
    c_max=$(cut -d' ' -f2 "$work/$c.results" | maximum)
    p_med=$(cut -d' ' -f3 "$work/$c.results" | median)
    # Without the emulated drive: what is measured less the drive's part, per round.
    h_med=$(awk '{ print $2 - $4 }' "$work/$c.results" | median)
    eval "${c}_s=$s_med ${c}_cpu=$c_med ${c}_pcpu=$p_med ${c}_hcpu=$h_med"
    printf '  %-24s %6ss %6ss %6ss %8s %10s %15s %10s %10s\n' "${label[$c]}" "$(fmt "$s_med" 3)" "$(fmt "$s_min" 3)" \
        "$(fmt "$s_max" 3)" "$(fmt "$(calc "$MIB / $s_med")" 1)" "$(fmt "$(calc "$c_med * 1024 / $MIB")")" \
        "$(fmt "$(calc "$c_min * 1024 / $MIB")")-$(fmt "$(calc "$c_max * 1024 / $MIB")")" \
        "$(fmt "$(calc "$p_med * 1024 / $MIB")")" "$(fmt "$(calc "$h_med * 1024 / $MIB")")"
done
echo "  (ours: the Write call; raw: its read and write loop, $transfer bytes per WRITE(10);"
echo "   cdrskin and growisofs: the whole process. CPU: user + system seconds of the process during"
echo "   what is timed; process: of the whole process, Wine's start, COM and the enumeration included;"
echo "   host CPU: what is timed less the emulated drive's work, which a real drive does itself.)"
if [ -n "${ours_s:-}" ] && [ -n "${raw_s:-}" ]; then
    echo "  ours / raw loop: time $(fmt "$(calc "$ours_s / $raw_s")"), CPU $(fmt "$(calc "$ours_cpu / $raw_cpu")")," \
        "process CPU $(fmt "$(calc "$ours_pcpu / $raw_pcpu")"), host CPU $(fmt "$(calc "$ours_hcpu / $raw_hcpu")")" \
        "(medians; 1.00 is the floor)"
fi
[ -n "${cdrskin_s:-}" ] && [ -n "${ours_s:-}" ] &&
    echo "  ours / cdrskin:  time $(fmt "$(calc "$ours_s / $cdrskin_s")"), process CPU $(fmt "$(calc "$ours_pcpu / $cdrskin_pcpu")")"
[ -n "${growisofs_s:-}" ] && [ -n "${ours_s:-}" ] &&
    echo "  ours / growisofs: time $(fmt "$(calc "$ours_s / $growisofs_s")"), process CPU $(fmt "$(calc "$ours_pcpu / $growisofs_pcpu")")"

# 1a. The host CPU once more, over more runs: it is the figure nearest its goal
# (1.1x the raw loop's), a difference of a few hundredths of a second per GiB,
# while Wine's GetProcessTimes counts in 10 ms ticks and the kernel's copy of
# the image, the same work for both, varies with the machine's memory
# bandwidth from run to run.  BENCH_PAIRS more pairs of ours and the raw loop,
# who goes first alternating, with the rounds above.
echo
echo "Host CPU per GiB, ours and the raw loop: the $ROUNDS rounds above and $PAIRS more pairs (who goes first alternating)"
for p in $(seq 0 $((PAIRS - 1))); do
    if [ $((p % 2)) -eq 0 ]; then
        run_one ours "pair$p" pairs; run_one raw "pair$p" pairs
    else
        run_one raw "pair$p" pairs; run_one ours "pair$p" pairs
    fi
done
# Per run, CPU seconds per GiB less the drive's; then: runs median mean min max.
host_cpu()
{
    cat "$work/$1.results" "$work/$1.pairs.results" 2>/dev/null |
        awk -v f="$(calc "1024 / $MIB")" '{ print ($2 - $4) * f }' >"$work/$1.host"
    [ -s "$work/$1.host" ] || return 1
    echo "$(wc -l <"$work/$1.host") $(median <"$work/$1.host")" \
        "$(awk '{ s += $1 } END { print s / NR }' "$work/$1.host")" \
        "$(minimum <"$work/$1.host") $(maximum <"$work/$1.host")"
}
if read -r ours_n ours_hmed ours_hmean ours_hmin ours_hmax < <(host_cpu ours) && [ -n "$ours_n" ] &&
        read -r raw_n raw_hmed raw_hmean raw_hmin raw_hmax < <(host_cpu raw) && [ -n "$raw_n" ]; then
    printf '  %-24s %5s %7s %7s %7s %7s\n' "" "runs" "median" "mean" "min" "max"
    printf '  %-24s %5s %7s %7s %7s %7s\n' "${label[ours]}" "$ours_n" "$(fmt "$ours_hmed" 3)" \
        "$(fmt "$ours_hmean" 3)" "$(fmt "$ours_hmin" 3)" "$(fmt "$ours_hmax" 3)"
    printf '  %-24s %5s %7s %7s %7s %7s\n' "${label[raw]}" "$raw_n" "$(fmt "$raw_hmed" 3)" \
        "$(fmt "$raw_hmean" 3)" "$(fmt "$raw_hmin" 3)" "$(fmt "$raw_hmax" 3)"
    echo "  ours / raw loop, host CPU: $(fmt "$(calc "$ours_hmed / $raw_hmed")") (medians)," \
        "$(fmt "$(calc "$ours_hmean / $raw_hmean")") (means)"
fi

# 1b. The raw loop by transfer size, through the same pass-through path: what
# the transfer size imapi2.dll picks under Wine 8 (256 KiB, halved on refusal:
# doc/wine-bugs/cdrom-scsi-capabilities.md) gains or costs.
sizes=(32768 65536 131072 262144 524288)
echo
echo "The raw loop by bytes per WRITE(10), $MIB MiB, $ROUNDS rounds (the order rotates each round):"
for r in $(seq 0 $((ROUNDS - 1))); do
    for i in "${!sizes[@]}"; do
        t=${sizes[$(((i + r) % ${#sizes[@]}))]}
        fresh "$dir" || continue
        measure "raw-$t-$r" "$dir" "$WINE" "$RAW" E: "$image" --transfer "$t" --read 524288 || continue
        s=$(sed -n 's/^seconds=//p' "$work/raw-$t-$r.txt")
        [ -n "$s" ] && echo "$s $cpu" >>"$work/raw-$t.results"
    done
done
printf '  %-24s %7s %7s %7s %8s %10s\n' "" "median" "min" "max" "MiB/s" "CPU s/GiB"
for t in "${sizes[@]}"; do
    [ -s "$work/raw-$t.results" ] || { printf '  %-24s no successful run\n' "$((t / 1024)) KiB"; continue; }
    s_med=$(cut -d' ' -f1 "$work/raw-$t.results" | median)
    c_med=$(cut -d' ' -f2 "$work/raw-$t.results" | median)
    printf '  %-24s %6ss %6ss %6ss %8s %10s\n' "$((t / 1024)) KiB" "$(fmt "$s_med" 3)" \
        "$(fmt "$(cut -d' ' -f1 "$work/raw-$t.results" | minimum)" 3)" \
        "$(fmt "$(cut -d' ' -f1 "$work/raw-$t.results" | maximum)" 3)" "$(fmt "$(calc "$MIB / $s_med")" 1)" \
        "$(fmt "$(calc "$c_med * 1024 / $MIB")")"
done
echo "  (image reads of 512 KiB; the seconds of the read and write loop, CPU of the whole process)"
keeper_stop
rm -rf "$dir"

# ---------------------------------------------------------------------------
# 2. Several drives at once, each paced at BD 16x

echo
echo "Burning $MULTI_MIB MiB to $MULTI_DRIVES virtual BD-R recorders paced at $MULTI_SPEED at once, $ROUNDS rounds:"
echo "one imapi2-burn with one --drive each, and for comparison the raw loop, one process per drive"
multi_image=$image
[ "$MULTI_MIB" = "$MIB" ] || { multi_image=$scratch/multi.iso; head -c $((MULTI_MIB * 1048576)) /dev/urandom >"$multi_image"; }
letters=(E F G H I)
dirs=()
drives=()
for i in $(seq 0 $((MULTI_DRIVES - 1))); do
    dir=$scratch/multi-${letters[$i]}
    "$VDRIVE" new "$dir" --media bd-r >>"$work/setup.log" 2>&1
    "$VDRIVE" wine-map "$dir" "$WINEPREFIX" "${letters[$i]}" >>"$work/setup.log" 2>&1
    dirs+=("$dir")
    drives+=(--drive "${letters[$i]}:")
done
keeper_start     # after wine-map, which stops the server

# fresh_paced: blank paced recorders at the same paths.
fresh_paced()
{
    local dir
    for dir in "${dirs[@]}"; do
        "$VDRIVE" new "$dir" --media bd-r >>"$work/setup.log" 2>&1
        "$VDRIVE" speed "$dir" "$MULTI_SPEED" >>"$work/setup.log" 2>&1
    done
    sync
}

# multi_ours ROUND: one process, every drive; appends the seconds of each
# drive to $work/multi-ours-LETTER.results and the CPU to multi-ours.cpu.
multi_ours()
{
    local r=$1 status wall user sys letter hr seconds
    fresh_paced
    /usr/bin/time -f "%e %U %S" -o "$work/multi-$r.time" timeout 1800 "$VDRIVE" exec "${dirs[@]}" -- \
        "$WINE" "$BURN" "${drives[@]}" "$multi_image" >"$work/multi-$r.out" 2>&1
    status=$?
    tr -d '\r' <"$work/multi-$r.out" >"$work/multi-$r.txt"
    read -r wall user sys <"$work/multi-$r.time"
    [ $status -eq 0 ] || { echo "bench: the burn to several drives failed:"; grep -v progress "$work/multi-$r.txt" | tail -n 10; }
    while read -r _ _ letter hr seconds _; do
        [ "$hr" = S_OK ] && echo "$seconds" >>"$work/multi-ours-${letter%:}.results"
    done < <(grep '^imapi2-burn: summary ' "$work/multi-$r.txt")
    calc "$user + $sys" >>"$work/multi-ours.cpu"
}

# multi_raw ROUND: the raw loop, one process per drive, all at once.
multi_raw()
{
    local r=$1 i seconds pids=()
    fresh_paced
    for i in $(seq 0 $((MULTI_DRIVES - 1))); do
        timeout 1800 "$VDRIVE" exec "${dirs[$i]}" -- "$WINE" "$RAW" "${letters[$i]}:" "$multi_image" \
            >"$work/multi-raw-$r-$i.out" 2>&1 &
        pids+=($!)
    done
    wait "${pids[@]}"     # not the keeper
    for i in $(seq 0 $((MULTI_DRIVES - 1))); do
        seconds=$(tr -d '\r' <"$work/multi-raw-$r-$i.out" | sed -n 's/^seconds=//p')
        [ -n "$seconds" ] && echo "$seconds" >>"$work/multi-raw-${letters[$i]}.results"
    done
}

for r in $(seq 0 $((ROUNDS - 1))); do
    if [ $((r % 2)) -eq 0 ]; then
        multi_ours "$r"; multi_raw "$r"
    else
        multi_raw "$r"; multi_ours "$r"
    fi
done

# rates KIND LETTER: "median min max" in MB/s of that drive's runs.
rates()
{
    local f=$work/multi-$1-$2.results
    [ -s "$f" ] || return 1
    awk -v b=$((MULTI_MIB * 1048576)) '{ print b / $1 / 1000000 }' "$f" >"$f.mbs"
    echo "$(median <"$f.mbs") $(minimum <"$f.mbs") $(maximum <"$f.mbs")"
}

printf '  %-5s %-37s %s\n' "" "ours: MB/s median (min-max), % of $TARGET_MBS" "raw loop: MB/s median (min-max), %"
held=0
for i in $(seq 0 $((MULTI_DRIVES - 1))); do
    l=${letters[$i]}
    if read -r med min max < <(rates ours "$l"); then
        pct=$(calc "$med * 100 / $TARGET_MBS")
        verdict=below
        [ "$(calc "$pct >= 95")" = 1 ] && { verdict=holds; held=$((held + 1)); }
        ours_text="$(fmt "$med") ($(fmt "$min")-$(fmt "$max")) $(fmt "$pct" 1)% $verdict"
    else
        ours_text="failed"
    fi
    if read -r med min max < <(rates raw "$l"); then
        raw_text="$(fmt "$med") ($(fmt "$min")-$(fmt "$max")) $(fmt "$(calc "$med * 100 / $TARGET_MBS")" 1)%"
    else
        raw_text="failed"
    fi
    printf '  %-5s %-37s %s\n' "$l:" "$ours_text" "$raw_text"
done
if [ -s "$work/multi-ours.cpu" ]; then
    cpu=$(median <"$work/multi-ours.cpu")
    echo "  $held of $MULTI_DRIVES drives hold 95% of $TARGET_MBS MB/s (median); imapi2-burn used $(fmt "$cpu") CPU s" \
        "($(fmt "$(calc "$cpu * 1024 / ($MULTI_MIB * $MULTI_DRIVES)")") CPU s/GiB written, the recorders' emulation included)"
fi

keeper_stop
"$WINESERVER" -k >/dev/null 2>&1
for i in $(seq 1 $((MULTI_DRIVES - 1))); do
    l=${letters[$i],,}
    rm -f "$WINEPREFIX/dosdevices/$l:" "$WINEPREFIX/dosdevices/$l::"
done
rm -rf "${dirs[@]}"
[ "$multi_image" = "$image" ] || rm -f "$multi_image"

# ---------------------------------------------------------------------------
# 3. A full multisession query: get_MultisessionInterfaces on a fresh object
# plus the five IMultisessionSequential properties. The properties are served
# from the snapshot, so the query costs the snapshot's commands: those from
# the first current-features GET CONFIGURATION (46 01) up to the first GET
# EVENT STATUS NOTIFICATION the later getters send.
echo
echo "MMC commands of a full multisession query (imapi2-burn --info):"
small=$work/small.iso
head -c 4194304 /dev/urandom >"$small"
for media in cd-r dvd-r dvd+r bd-r; do
    drive=$work/query-$media
    "$WINESERVER" -k >/dev/null 2>&1
    "$VDRIVE" new "$drive" --media "$media" >>"$work/setup.log" 2>&1
    "$VDRIVE" wine-map "$drive" "$WINEPREFIX" E >>"$work/setup.log" 2>&1
    timeout 300 "$VDRIVE" exec "$drive" -- "$WINE" "$BURN" --drive E: "$small" >>"$work/setup.log" 2>&1
    for state in appendable; do
        "$VDRIVE" log "$drive" clear >/dev/null
        "$VDRIVE" log "$drive" on >/dev/null
        timeout 120 "$VDRIVE" exec "$drive" -- "$WINE" "$BURN" --drive E: --info >/dev/null 2>&1
        "$VDRIVE" log "$drive" off >/dev/null
        count=$("$VDRIVE" log "$drive" show | awk '/cdb=4601/ { on = 1 } /GET_EVENT_STATUS/ { if (on) exit } on { n++ } END { print n + 0 }')
        printf '  %-6s %-10s %s commands: %s\n' "$media" "$state" "$count" \
            "$("$VDRIVE" log "$drive" show | awk '/cdb=4601/ { on = 1 } /GET_EVENT_STATUS/ { if (on) exit } on { printf "%s ", $2 }')"
    done
done

"$WINESERVER" -k >/dev/null 2>&1
rm -f "$image" "$small"

# ---------------------------------------------------------------------------
# 4. File system images

FS_MIB=${BENCH_FS_MIB:-1024}
FS_FILES=${BENCH_FS_FILES:-10000}
tree=$scratch/fstree
rm -rf "$tree"
mkdir -p "$tree"
# Small files of 1 to 64 KiB in 100 directories, then four large files
# taking what is left of FS_MIB.
head -c 1048576 /dev/urandom >"$work/chunk"
small_bytes=0
for ((i = 0; i < FS_FILES; i++)); do
    d=$tree/dir$((i % 100))
    [ -d "$d" ] || mkdir "$d"
    size=$(( (i * 7919 % 64 + 1) * 1024 ))
    head -c "$size" "$work/chunk" >"$d/file $i.dat"
    small_bytes=$((small_bytes + size))
done
large=$(( (FS_MIB * 1048576 - small_bytes) / 4 ))
[ "$large" -gt 0 ] || large=1048576
for i in 1 2 3 4; do
    for ((j = 0; j < large / 1048576; j++)); do cat "$work/chunk"; done >"$tree/large $i.bin"
done
total_mib=$(( $(du -sb "$tree" | cut -f1) / 1048576 ))
sync

echo
echo "A file system image of $total_mib MiB ($FS_FILES small files, 4 large ones) streamed to nowhere, $ROUNDS rounds:"
fs_contenders=(ours)
command -v xorriso >/dev/null 2>&1 && fs_contenders+=(xorriso)
command -v genisoimage >/dev/null 2>&1 && fs_contenders+=(genisoimage)
declare -A fs_label=([ours]="imapi2fs.dll (ISO 9660+Joliet+UDF)" [xorriso]="xorriso -as mkisofs -J"
                     [genisoimage]="genisoimage -J -udf")
keeper_start
wintree="Z:${tree//\//\\}"
for ((r = 0; r < ROUNDS; r++)); do
    for ((k = 0; k < ${#fs_contenders[@]}; k++)); do
        c=${fs_contenders[$(( (k + r) % ${#fs_contenders[@]} ))]}
        case $c in
        ours) cmd=("$WINE" "$BURN" --files "$wintree" --output NUL) ;;
        xorriso) cmd=(xorriso -as mkisofs -quiet -J -o /dev/null "$tree") ;;
        genisoimage) cmd=(genisoimage -quiet -J -udf -o /dev/null "$tree") ;;
        esac
        if /usr/bin/time -f "%e %M" -o "$work/fs-$c.time" timeout 1800 "${cmd[@]}" >"$work/fs-$c.out" 2>&1; then
            cat "$work/fs-$c.time" >>"$work/fs-$c.results"
        else
            echo "bench: $c failed:"; tail -n 5 "$work/fs-$c.out" | sed 's/^/    /'
        fi
    done
done
for c in "${fs_contenders[@]}"; do
    [ -s "$work/fs-$c.results" ] || continue
    t=$(cut -d' ' -f1 "$work/fs-$c.results" | median)
    m=$(cut -d' ' -f2 "$work/fs-$c.results" | maximum)
    printf '  %-36s %7s s (min %s, max %s)  %7s MiB/s  peak memory %s MiB\n' "${fs_label[$c]}" "$(fmt "$t")" \
        "$(cut -d' ' -f1 "$work/fs-$c.results" | minimum)" "$(cut -d' ' -f1 "$work/fs-$c.results" | maximum)" \
        "$(fmt "$(calc "$total_mib / $t")" 0)" "$(( m / 1024 ))"
done
keeper_stop
rm -rf "$tree" "$work/chunk"
# Figures only: no wineserver left to stop is no failure of make bench.
"$WINESERVER" -k >/dev/null 2>&1 || true
