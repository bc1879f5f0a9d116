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

# msinfo DIR: "-msinfo" of cdrskin into $msinfo: "last session start,NWA".
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
    vd layout "$1" 2>&1 | sed -n -E \
        's/^session [0-9]+ start (-?[0-9]+) end -?[0-9]+ next (-?[0-9]+) state complete$/\1,\2/p' | tail -n 1
}

# The lead-out start of the last complete session as wodim sees it (CD).
wodim_leadout()
{
    vrun "$1" wodim dev=/dev/sr0 -toc
    printf '%s\n' "$out" | sed -n -E 's/^track:lout lba: +([0-9]+).*/\1/p' | tail -n 1
}

# Each tool against the MMC rules and against the recorder's own layout.
check_session()
{
    local m=$1 dir=$2 s=$3 prev_nwa=$4 layout start nwa lout c n expected
    layout=$(layout_pair "$dir")
    t_ok "$m session $s: vdrive layout shows it" test -n "$layout" || return 1
    start=${layout%,*}
    nwa=${layout#*,}
    msinfo "$dir"
    t_eq "$m session $s: the session starts at the NWA before it" "$prev_nwa" "$start"
    case $m in
    cd-*)
        # MMC: NWA = lead-out start + 6750 + 4500 + 150 after session 1,
        # + 2250 + 4500 + 150 after later ones
        if [ "$s" -eq 1 ]; then c=11400; else c=6900; fi
        if have wodim; then
            lout=$(wodim_leadout "$dir")
        else
            lout=$(vd layout "$dir" | sed -n -E "s/^session $s start -?[0-9]+ end (-?[0-9]+) .*/\\1/p")
        fi
        expected="$prev_nwa,$((lout + c))"
        t_eq "$m session $s: vdrive layout (lead-out $lout + $c)" "$expected" "$layout"
        t_eq "$m session $s: cdrskin -msinfo (lead-out $lout + $c)" "$expected" "$msinfo"
        if have wodim; then
            vrun "$dir" wodim dev=/dev/sr0 -msinfo
            t_eq "$m session $s: wodim -msinfo (lead-out $lout + $c)" "$expected" \
                "$(printf '%s\n' "$out" | grep -E '^[0-9]+,[0-9]+$' | tail -n 1)"
        fi
        ;;
    dvd*|bd*)
        # MMC: DVD writes whole ECC blocks of 16, BD clusters of 32
        case $m in dvd*) n=16 ;; *) n=32 ;; esac
        t_eq "$m session $s: NWA $nwa is a multiple of $n" 0 "$((nwa % n))"
        t_eq "$m session $s: cdrskin -msinfo = vdrive layout" "$layout" "$msinfo"
        if have growisofs; then
            mkdir -p "$scratch/empty"
            vrun "$dir" growisofs -dry-run -M /dev/sr0 "$scratch/empty"
            t_eq "$m session $s: growisofs -dry-run -M: -C start+16,NWA" "$((start + 16)),$nwa" \
                "$(printf '%s\n' "$out" | sed -n -E 's/.* -C ([0-9]+,[0-9]+) .*/\1/p' | head -n 1)"
        fi
        if have dvd+rw-mediainfo; then
            vrun "$dir" dvd+rw-mediainfo /dev/sr0
            t_eq "$m session $s: dvd+rw-mediainfo multi-session info" "#$s@$start" \
                "$(sed -n -E 's/^ *Multi-session Info: *//p' <<<"$out")"
            t_eq "$m session $s: dvd+rw-mediainfo next writable address" "$nwa" \
                "$(sed -n -E 's/^ *Next Writable Address: *([0-9]+)\*2KB.*/\1/p' <<<"$out" | tail -n 1)"
        fi
        ;;
    esac
    next_nwa=$nwa
}

# check_toc M DIR N: the tables of contents of a disc with N one-track sessions
check_toc()
{
    local m=$1 dir=$2 n=$3
    vrun "$dir" cdrskin dev=/dev/sr0 -toc
    t_eq "$m: cdrskin -toc status" 0 "$rc"
    t_eq "$m: cdrskin -toc: first and last track" "first: 1 last $n" "$(grep '^first:' <<<"$out")"
    t_eq "$m: cdrskin -toc: summary" "$n sessions, $n tracks, appendable" \
        "$(sed -n -E 's/^Media summary: (.*), appendable .*/\1, appendable/p' <<<"$out")"
    vrun "$dir" xorriso -outdev /dev/sr0 -toc
    t_eq "$m: xorriso -toc lists $n ISO sessions" "$n" "$(grep -c '^ISO session' <<<"$out")"
    t_eq "$m: xorriso -toc media status" "is written , is appendable" \
        "$(sed -n -E 's/^Media status : //p' <<<"$out" | head -n 1)"
    case $m in
    cd-*)
        if have wodim; then
            vrun "$dir" wodim dev=/dev/sr0 -toc
            t_eq "$m: wodim -toc status" 0 "$rc"
            t_eq "$m: wodim -toc: first and last track" "first: 1 last $n" "$(grep '^first:' <<<"$out")"
        fi
        ;;
    esac
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
    check_toc "$m" "$dir" 3
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
