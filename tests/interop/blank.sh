#!/bin/bash
# Blanking and formatting with the Linux tools: cdrskin blank=fast and
# blank=all make a written CD-RW or DVD-RW blank again; dvd+rw-format formats
# a DVD+RW and xorriso -format formats a BD-RE, after which they take an ISO
# image; growisofs -M appends a session to DVD+R and DVD-R media.
#
# Variables: VDRIVE, TOOL_TIMEOUT.
. "$(dirname "$0")/common.sh"

have xorriso || skip_all "xorriso is not installed"
have cdrskin || skip_all "cdrskin is not installed"

make_input()
{
    mkdir -p "$1"
    head -c 150000 /dev/urandom >"$1/data.bin"
}

# media_status DIR: the "Media status" of xorriso -toc into $status.
media_status()
{
    vrun "$1" xorriso -outdev /dev/sr0 -toc
    status=$(sed -n -E 's/^Media status : (.*)$/\1/p' <<<"$out" | head -n 1)
}

write_session()
{
    local dir=$1 src=$2
    vrun "$dir" xorriso -abort_on FAILURE -dev /dev/sr0 -map "$src" /data -close off -commit
}

make_input "$scratch/in"

# blank_rewritable PROFILE: write, blank=fast, write, blank=all, write again
blank_rewritable()
{
    local m=$1 dir="$scratch/$1" mode
    new_recorder "$m" "$m" || { t_ok "create a $m recorder" false; return; }
    for mode in fast all; do
        write_session "$dir" "$scratch/in"
        t_eq "$m: xorriso writes a session before blank=$mode" 0 "$rc"
        media_status "$dir"
        t_eq "$m: written before blank=$mode" "is written , is appendable" "$status"
        vrun "$dir" cdrskin dev=/dev/sr0 blank=$mode
        t_eq "$m: cdrskin blank=$mode status" 0 "$rc"
        media_status "$dir"
        t_eq "$m: blank after blank=$mode" "is blank" "$status"
    done
    # blanked media must take a new session again
    write_session "$dir" "$scratch/in"
    t_eq "$m: xorriso writes after blanking" 0 "$rc"
    vrun "$dir" xorriso -abort_on FAILURE -indev /dev/sr0 -osirrox on -extract /data "$scratch/out-$m"
    t_ok "$m: data read back after blanking" diff -r "$scratch/in" "$scratch/out-$m"
}

# DVD+RW: dvd+rw-format, then an ISO image
format_dvd_plus_rw()
{
    local dir="$scratch/dvd+rw"
    if ! have dvd+rw-format; then
        t_skip "dvd+rw-format is not installed"
        return
    fi
    new_recorder dvd+rw dvd+rw || { t_ok "create a dvd+rw recorder" false; return; }
    if have dvd+rw-mediainfo; then
        vrun "$dir" dvd+rw-mediainfo /dev/sr0
        t_ok "dvd+rw: unformatted at first (READ FORMAT CAPACITIES)" \
            grep -q '^ *unformatted:' <<<"$out"
    fi
    vrun "$dir" dvd+rw-format /dev/sr0
    t_eq "dvd+rw: dvd+rw-format status" 0 "$rc"
    if have dvd+rw-mediainfo; then
        vrun "$dir" dvd+rw-mediainfo /dev/sr0
        t_ok "dvd+rw: formatted (READ FORMAT CAPACITIES)" grep -q '^ *formatted:' <<<"$out"
    fi
    write_session "$dir" "$scratch/in"
    t_eq "dvd+rw: xorriso writes after formatting" 0 "$rc"
    vrun "$dir" xorriso -abort_on FAILURE -indev /dev/sr0 -osirrox on -extract /data "$scratch/out-dvd+rw"
    t_ok "dvd+rw: data read back" diff -r "$scratch/in" "$scratch/out-dvd+rw"
}

# BD-RE: xorriso -format, then an ISO image
format_bd_re()
{
    local dir="$scratch/bd-re"
    new_recorder bd-re bd-re || { t_ok "create a bd-re recorder" false; return; }
    vrun "$dir" xorriso -abort_on FAILURE -outdev /dev/sr0 -format as_needed
    t_eq "bd-re: xorriso -format as_needed status" 0 "$rc"
    vrun "$dir" xorriso -outdev /dev/sr0 -list_formats
    t_ok "bd-re: formatted" grep -q '^Format status: formatted' <<<"$out"
    write_session "$dir" "$scratch/in"
    t_eq "bd-re: xorriso writes after formatting" 0 "$rc"
    vrun "$dir" xorriso -abort_on FAILURE -indev /dev/sr0 -osirrox on -extract /data "$scratch/out-bd-re"
    t_ok "bd-re: data read back" diff -r "$scratch/in" "$scratch/out-bd-re"
}

# growisofs -M appends a session to DVD+R and DVD-R
grow_session()
{
    local m=$1 dir="$scratch/grow-$1"
    new_recorder "grow-$m" "$m" || { t_ok "create a $m recorder" false; return; }
    write_session "$dir" "$scratch/in"
    t_eq "$m: first session by xorriso" 0 "$rc"
    mkdir -p "$scratch/in2-$m"
    head -c 70000 /dev/urandom >"$scratch/in2-$m/second.bin"
    vrun "$dir" growisofs -M /dev/sr0 -R -graft-points "/second=$scratch/in2-$m"
    t_eq "$m: growisofs -M status" 0 "$rc"
    vrun "$dir" xorriso -indev /dev/sr0 -toc
    t_eq "$m: two sessions after growisofs -M" 2 "$(grep -c '^ISO session' <<<"$out")"
    vrun "$dir" xorriso -abort_on FAILURE -indev /dev/sr0 -osirrox on -extract / "$scratch/out-grow-$m"
    t_ok "$m: first session's files still there" diff -r "$scratch/in" "$scratch/out-grow-$m/data"
    t_ok "$m: growisofs's files there" diff -r "$scratch/in2-$m" "$scratch/out-grow-$m/second"
}

in_background blank_rewritable cd-rw
in_background blank_rewritable dvd-rw
in_background format_dvd_plus_rw
in_background format_bd_re
if have growisofs; then
    in_background grow_session dvd+r
    in_background grow_session dvd-r
else
    t_skip "growisofs is not installed"
fi
wait_jobs

show_log_on_failure
t_finish
