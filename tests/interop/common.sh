# Shared setup for the interop tests: sourced (not run) by tests/interop/*.sh.
# Finds the built tools from the repository root or from variables:
#   VDRIVE        the vdrive program (default tools/vdrive/vdrive)
#   TOOL_TIMEOUT  seconds allowed to each tool run (default 60)
#   KEEP_SCRATCH  set: keep the scratch directory for inspection
# and gives each script a scratch directory, removed on exit.

interop_top=$(cd "$(dirname "$0")/../.." && pwd)
. "$interop_top/tests/lib.sh"

VDRIVE=${VDRIVE:-$interop_top/tools/vdrive/vdrive}
TOOL_TIMEOUT=${TOOL_TIMEOUT:-60}
export LC_ALL=C

scratch=$(mktemp -d "${TMPDIR:-/tmp}/vdrive-interop.XXXXXX") || exit 1
interop_cleanup()
{
    if [ -n "${KEEP_SCRATCH:-}" ]; then
        echo "$t_name: scratch kept in $scratch"
    else
        rm -rf "$scratch"
    fi
}
trap interop_cleanup EXIT

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
    local dir=$1; shift
    out=$(timeout "$TOOL_TIMEOUT" "$VDRIVE" exec "$dir" -- "$@" 2>&1 </dev/null)
    rc=$?
    printf '%s\n' "--- $* (rc $rc)" "$out" >>"$scratch/tools.log"
    return $rc
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
    "$VDRIVE" new "$scratch/$1" --media "$2" >>"$scratch/tools.log" 2>&1
}

# Shows the tool log of a failed script, so the test log explains the failure.
show_log_on_failure()
{
    if [ "$t_fail" -ne 0 ] && [ -f "$scratch/tools.log" ]; then
        echo "$t_name: tool output follows"
        tail -n 200 "$scratch/tools.log" | sed "s/^/$t_name: | /"
    fi
}
