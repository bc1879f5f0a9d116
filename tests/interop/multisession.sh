#!/bin/bash
# Multisession burns on sequential media (CD-R, DVD-R, DVD+R, BD-R) with
# xorriso (sessions 1 and 2) and cdrskin (session 3), and growing an ISO image
# on DVD+RW and BD-RE.  After each session the "-msinfo" pair of cdrskin
# agrees with the recorder's layout, with wodim (CD) and with growisofs
# -dry-run -M (DVD/BD), and follows the MMC rules: the new session starts at
# the NWA reported before it was written; on CD the next NWA is the lead-out
# start + 11400 after the first session, + 6900 after later ones; DVD
# addresses are multiples of 16 blocks, BD addresses of 32.  Files extracted
# from every session with xorriso -osirrox equal the input.
#
# Variables: VDRIVE, TOOL_TIMEOUT, MULTISESSION_MEDIA (subset of the media).
. "$(dirname "$0")/common.sh"

for tool in xorriso cdrskin; do
    have $tool || skip_all "$tool is not installed"
done

media=${MULTISESSION_MEDIA:-"cd-r dvd-r dvd+r bd-r dvd+rw bd-re"}

make_input()
{
    local dir=$1 n=$2
    mkdir -p "$dir"
    head -c $((100000 + n * 12345)) /dev/urandom >"$dir/data$n.bin"
    echo "session $n" >"$dir/readme$n.txt"
}

# msinfo DIR: "-msinfo" of cdrskin into $msinfo.
msinfo()
{
    vrun "$1" cdrskin dev=/dev/sr0 -msinfo
    msinfo=$(printf '%s\n' "$out" | grep -E '^[0-9]+,[0-9]+$' | tail -n 1)
}

# layout_pair DIR: "last session start,next writable address" from vdrive
# layout, whose session lines read
#   session N start LBA end LBA next LBA state complete
layout_pair()
{
    "$VDRIVE" layout "$1" 2>&1 | sed -n -E \
        's/^session [0-9]+ start (-?[0-9]+) end -?[0-9]+ next (-?[0-9]+) state complete$/\1,\2/p' | tail -n 1
}

# The lead-out start of the last complete session as wodim sees it (CD).
wodim_leadout()
{
    vrun "$1" wodim dev=/dev/sr0 -toc
    printf '%s\n' "$out" | sed -n -E 's/^track:lout lba: +([0-9]+).*/\1/p' | tail -n 1
}

check_session()
{
    local m=$1 dir=$2 s=$3 prev_nwa=$4 start nwa lout c n
    msinfo "$dir"
    t_ok "$m session $s: cdrskin -msinfo answers" test -n "$msinfo" || return 1
    start=${msinfo%,*}
    nwa=${msinfo#*,}
    t_eq "$m session $s: last session starts at the NWA before it" "$prev_nwa" "$start"
    t_eq "$m session $s: cdrskin -msinfo = vdrive layout" "$msinfo" "$(layout_pair "$dir")"
    case $m in
    cd-*)
        if have wodim; then
            vrun "$dir" wodim dev=/dev/sr0 -msinfo
            t_eq "$m session $s: wodim -msinfo" "$msinfo" \
                "$(printf '%s\n' "$out" | grep -E '^[0-9]+,[0-9]+$' | tail -n 1)"
            lout=$(wodim_leadout "$dir")
            if [ "$s" -eq 1 ]; then c=11400; else c=6900; fi
            t_eq "$m session $s: NWA = lead-out $lout + $c" "$((lout + c))" "$nwa"
        fi
        ;;
    dvd*|bd*)
        case $m in dvd*) n=16 ;; *) n=32 ;; esac
        t_eq "$m session $s: NWA $nwa is a multiple of $n" 0 "$((nwa % n))"
        if have growisofs; then
            mkdir -p "$scratch/empty"
            vrun "$dir" growisofs -dry-run -M /dev/sr0 "$scratch/empty"
            t_eq "$m session $s: growisofs -dry-run -M" "$((start + 16)),$nwa" \
                "$(printf '%s\n' "$out" | sed -n -E 's/.* -C ([0-9]+,[0-9]+) .*/\1/p' | head -n 1)"
        fi
        ;;
    esac
    next_nwa=$nwa
}

# extract_all M DIR SESSIONS: every session holds the files of it and the earlier ones.
extract_all()
{
    local m=$1 dir=$2 sessions=$3 k j target
    for k in $(seq 1 "$sessions"); do
        target="$scratch/out-$m-$k"
        vrun "$dir" xorriso -abort_on FAILURE -indev /dev/sr0 -load session "$k" \
            -osirrox on -extract / "$target"
        t_eq "$m: xorriso extracts session $k" 0 "$rc"
        for j in $(seq 1 "$k"); do
            t_ok "$m: session $k holds the files of session $j" \
                diff -r "$scratch/in-$m-$j" "$target/s$j"
        done
    done
}

sequential()
{
    local m=$1 dir="$scratch/$1" s nwa=0
    new_recorder "$m" "$m" || { t_ok "create a $m recorder" false; return; }
    for s in 1 2 3; do
        make_input "$scratch/in-$m-$s" "$s"
        if [ "$s" -lt 3 ]; then
            vrun "$dir" xorriso -abort_on FAILURE -dev /dev/sr0 -map "$scratch/in-$m-$s" "/s$s" \
                -close off -commit
            t_eq "$m session $s: xorriso writes it" 0 "$rc"
        else
            # The pair the recorder reports (checked against cdrskin above), so
            # that one tool's disagreement does not spoil the later checks.
            vrun "$dir" xorriso -abort_on FAILURE -as mkisofs -R -C "$(layout_pair "$dir")" -M /dev/sr0 \
                -o "$scratch/s3-$m.iso" -graft-points "/s3=$scratch/in-$m-3"
            t_eq "$m session 3: xorriso -as mkisofs -C -M builds the image" 0 "$rc"
            vrun "$dir" cdrskin dev=/dev/sr0 -multi -tao "$scratch/s3-$m.iso"
            t_eq "$m session 3: cdrskin writes it" 0 "$rc"
        fi
        check_session "$m" "$dir" "$s" "$nwa" || return
        nwa=$next_nwa
    done
    extract_all "$m" "$dir" 3
}

# DVD+RW and BD-RE: xorriso grows one ISO image; every growth is a session
# for xorriso's table of contents.
overwritable()
{
    local m=$1 dir="$scratch/$1" s
    new_recorder "$m" "$m" || { t_ok "create a $m recorder" false; return; }
    for s in 1 2; do
        make_input "$scratch/in-$m-$s" "$s"
        vrun "$dir" xorriso -abort_on FAILURE -dev /dev/sr0 -map "$scratch/in-$m-$s" "/s$s" -commit
        t_eq "$m growth $s: xorriso writes it" 0 "$rc"
        vrun "$dir" xorriso -indev /dev/sr0 -toc
        t_eq "$m growth $s: xorriso -toc lists $s sessions" "$s" \
            "$(printf '%s\n' "$out" | grep -c '^ISO session')"
    done
    extract_all "$m" "$dir" 2
}

for m in $media; do
    case $m in
    dvd+rw|bd-re) in_background overwritable "$m" ;;
    *) in_background sequential "$m" ;;
    esac
done
wait_jobs

show_log_on_failure
t_finish
