# Shared setup for the interop tests: sourced (not run) by tests/interop/*.sh.
# Finds the built tools from the repository root or from variables:
#   VDRIVE        the vdrive program (default tools/vdrive/vdrive)
#   TOOL_TIMEOUT  seconds allowed to each tool run (default 60)
#   KEEP_SCRATCH  set: keep the scratch directory for inspection
#   INTEROP_JOBS  checks run at once by in_background (default 4; the libburn
#                 tools spend most of their time in built-in sleeps)
# and gives each script a scratch directory, removed on exit.

interop_top=$(cd "$(dirname "$0")/../.." && pwd)
. "$interop_top/tests/lib.sh"

VDRIVE=${VDRIVE:-$interop_top/tools/vdrive/vdrive}
TOOL_TIMEOUT=${TOOL_TIMEOUT:-60}
export LC_ALL=C

scratch=$(mktemp -d -t vdrive-interop.XXXXXX) || exit 1
interop_cleanup()
{
    if [ -n "${KEEP_SCRATCH:-}" ]; then
        echo "$t_name: scratch kept in $scratch"
    else
        rm -rf "$scratch"
    fi
}
trap interop_cleanup EXIT

# vd ARGS...: the vdrive command line, bounded in time like every tool
vd()
{
    timeout "$TOOL_TIMEOUT" "$VDRIVE" "$@"
}

have()
{
    command -v "$1" >/dev/null 2>&1
}

# The script cannot run at all: report one skip and stop.
skip_all()
{
    t_skip "$1"
    t_finish
    exit 0
}

[ -x "$VDRIVE" ] || skip_all "vdrive is not built ($VDRIVE)"

# vrun DIR COMMAND [ARGS...]: runs a Linux tool with the recorder as /dev/sr0,
# output in $out (stdout and stderr), status in $rc.
vrun()
{
    local dir=$1 start; shift
    start=$(date +%s.%N)
    out=$(timeout "$TOOL_TIMEOUT" "$VDRIVE" exec "$dir" -- "$@" 2>&1 </dev/null)
    rc=$?
    printf '%s\n' "--- $* (rc $rc, $(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }') s)" "$out" \
        >>"$tools_log"
    return $rc
}

tools_log="$scratch/tools.log"
INTEROP_JOBS=${INTEROP_JOBS:-4}
job_count=0

# in_background FUNCTION [ARGS...]: runs a group of checks in a subshell, at
# most INTEROP_JOBS at once; wait_jobs adds their counts and output.
in_background()
{
    local id=$job_count
    job_count=$((job_count + 1))
    while [ "$(jobs -pr | wc -l)" -ge "$INTEROP_JOBS" ]; do
        wait -n
    done
    (
        t_run=0 t_fail=0 t_skip=0
        tools_log="$scratch/tools-$id.log"
        "$@" >"$scratch/job-$id.out" 2>&1
        echo "$t_run $t_fail $t_skip" >"$scratch/job-$id.count"
    ) &
}

wait_jobs()
{
    local id run fail skip
    wait
    for id in $(seq 0 $((job_count - 1))); do
        cat "$scratch/job-$id.out" 2>/dev/null
        if read -r run fail skip 2>/dev/null <"$scratch/job-$id.count"; then
            t_run=$((t_run + run))
            t_fail=$((t_fail + fail))
            t_skip=$((t_skip + skip))
        else
            t_run=$((t_run + 1))
            t_fail=$((t_fail + 1))
            echo "$t_name: Test failed: check group $id did not finish"
        fi
        [ -f "$scratch/tools-$id.log" ] && cat "$scratch/tools-$id.log" >>"$scratch/tools.log"
    done
    job_count=0
}

# be32 N / be16 N: a number as big-endian CDB bytes for sg_raw.
be32()
{
    printf '%02x %02x %02x %02x' $(($1 >> 24 & 255)) $(($1 >> 16 & 255)) $(($1 >> 8 & 255)) $(($1 & 255))
}

be16()
{
    printf '%02x %02x' $(($1 >> 8 & 255)) $(($1 & 255))
}

# new_recorder NAME PROFILE: creates $scratch/NAME holding blank PROFILE media.
new_recorder()
{
    vd new "$scratch/$1" --media "$2" >>"$tools_log" 2>&1
}

# Shows the tool log of a failed script, so the test log explains the failure.
show_log_on_failure()
{
    if [ "$t_fail" -ne 0 ] && [ -f "$scratch/tools.log" ]; then
        echo "$t_name: tool output follows"
        tail -n 200 "$scratch/tools.log" | sed "s/^/$t_name: | /"
    fi
}
