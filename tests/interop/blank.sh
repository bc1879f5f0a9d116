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

# toc_field DIR: "Media status" line of xorriso -toc into $status.
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

for m in cd-rw dvd-rw; do
    dir="$scratch/$m"
    new_recorder "$m" "$m" || { t_ok "create a $m recorder" false; continue; }
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
done

# DVD+RW: dvd+rw-format
dir="$scratch/dvd+rw"
if have dvd+rw-format && new_recorder dvd+rw dvd+rw; then
    if have dvd+rw-mediainfo; then
        vrun "$dir" dvd+rw-mediainfo /dev/sr0
        t_ok "dvd+rw: unformatted at first (READ FORMAT CAPACITIES)" \
            grep -q '^ *unformatted:' <<<"$out"
    fi
    vrun "$dir" dvd+rw-format /dev/sr0
    t_eq "dvd+rw: dvd+rw-format status" 0 "$rc"
    if have dvd+rw-mediainfo; then
        vrun "$dir" dvd+rw-mediainfo /dev/sr0
        t_ok "dvd+rw: formatted (READ FORMAT CAPACITIES)" \
            grep -q '^ *formatted:' <<<"$out"
    fi
    write_session "$dir" "$scratch/in"
    t_eq "dvd+rw: xorriso writes after formatting" 0 "$rc"
    vrun "$dir" xorriso -abort_on FAILURE -indev /dev/sr0 -osirrox on -extract /data "$scratch/out-dvd+rw"
    t_ok "dvd+rw: data read back" diff -r "$scratch/in" "$scratch/out-dvd+rw"
else
    t_skip "dvd+rw-format"
fi

# BD-RE: xorriso -format
dir="$scratch/bd-re"
if new_recorder bd-re bd-re; then
    vrun "$dir" xorriso -abort_on FAILURE -outdev /dev/sr0 -format as_needed
    t_eq "bd-re: xorriso -format as_needed status" 0 "$rc"
    vrun "$dir" xorriso -outdev /dev/sr0 -list_formats
    t_ok "bd-re: formatted" grep -q '^Format status: formatted' <<<"$out"
    write_session "$dir" "$scratch/in"
    t_eq "bd-re: xorriso writes after formatting" 0 "$rc"
    vrun "$dir" xorriso -abort_on FAILURE -indev /dev/sr0 -osirrox on -extract /data "$scratch/out-bd-re"
    t_ok "bd-re: data read back" diff -r "$scratch/in" "$scratch/out-bd-re"
fi

# growisofs -M appends a session to DVD+R and DVD-R
if have growisofs; then
    for m in dvd+r dvd-r; do
        dir="$scratch/grow-$m"
        new_recorder "grow-$m" "$m" || continue
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
    done
else
    t_skip "growisofs is not installed"
fi

show_log_on_failure
t_finish
