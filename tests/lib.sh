# Shared helpers for the shell-driven test layers (interop, automation).
# Source it, call the checks, end with t_finish.  The closing line has the
# same form as a Wine test unit's, so tests/run counts every layer alike:
#   NAME: N tests executed (0 marked as todo, N failures), N skipped.

t_name=${t_name:-$(basename "$0" .sh)}
t_run=0
t_fail=0
t_skip=0

# t_ok DESCRIPTION COMMAND [ARGS...]: passes when the command exits 0.
t_ok()
{
    local desc=$1; shift
    t_run=$((t_run + 1))
    if "$@"; then
        return 0
    fi
    t_fail=$((t_fail + 1))
    printf '%s\n' "$t_name: Test failed: $desc"
    return 1
}

# t_eq DESCRIPTION EXPECTED ACTUAL
t_eq()
{
    t_run=$((t_run + 1))
    if [ "$2" = "$3" ]; then
        return 0
    fi
    t_fail=$((t_fail + 1))
    printf '%s\n' "$t_name: Test failed: $1: expected '$2', got '$3'"
    return 1
}

# t_skip REASON: one skipped check.
t_skip()
{
    t_skip=$((t_skip + 1))
    printf '%s\n' "$t_name: Tests skipped: $1"
}

t_finish()
{
    printf '%s\n' "$t_name: $t_run tests executed (0 marked as todo, $t_fail failures), $t_skip skipped."
    [ "$t_fail" -eq 0 ]
}
