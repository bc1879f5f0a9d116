#!/bin/bash
# What the Linux tools report for each media profile the recorder can hold,
# freshly inserted: the MMC profile number and name, and the disc status
# (blank for recordable media, written and closed for ROM media, no media
# for "none").  Checked with dvd+rw-mediainfo (DVD/BD), cdrskin -minfo,
# xorriso -toc and the sg3-utils (sg_inq, sg_turs, sg_get_config, sg_readcap).
#
# Variables: VDRIVE, TOOL_TIMEOUT, MEDIA_INFO_PROFILES (subset of the profiles).
. "$(dirname "$0")/common.sh"

# profile : MMC profile number : state : the profile's name as sg3-utils
# spells it : as libburn spells it (both from MMC's profile table)
table="
none:-:none:-:-
cd-rom:0008:rom:CD-ROM:CD-ROM
cd-r:0009:blank:CD-R:CD-R
cd-rw:000A:blank:CD-RW:CD-RW
dvd-rom:0010:rom:DVD-ROM:DVD-ROM
dvd-r:0011:blank:DVD-R sequential recording:DVD-R sequential recording
dvd-rw:0014:blank:DVD-RW sequential recording:DVD-RW sequential recording
dvd-rw-ro:0013:overwrite:DVD-RW restricted overwrite:DVD-RW restricted overwrite
dvd+r:001B:blank:DVD+R:DVD+R
dvd+r-dl:002B:blank:DVD+R dual layer:DVD+R/DL
dvd+rw:001A:blank:DVD+RW:DVD+RW
bd-r:0041:blank:BD-R SRM:BD-R sequential recording
bd-re:0043:blank:BD-RE:BD-RE
"
only=${MEDIA_INFO_PROFILES:-}

field()
{
    printf '%s\n' "$out" | sed -n -E "s/^ *$1 *:? *(.*)$/\\1/p" | head -n 1
}

# check_profile PROFILE NUMBER STATE SG_NAME BURN_NAME
check_profile()
{
    local m=$1 profile=$2 state=$3 sg_name=$4 burn_name=$5 dir
    dir="$scratch/$m"
    new_recorder "$m" "$m" || { t_ok "create a $m recorder" false; return; }

    if have sg_inq; then
        vrun "$dir" sg_inq /dev/sr0
        t_eq "$m: sg_inq status" 0 "$rc"
        t_ok "$m: sg_inq sees a cd/dvd device" grep -q 'Peripheral device type: cd/dvd' <<<"$out"
    fi
    if have sg_turs; then
        vrun "$dir" sg_turs /dev/sr0
        # sg3-utils exit status 2: "not ready" (sense key 2)
        if [ "$state" = none ]; then
            t_eq "$m: sg_turs says not ready" 2 "$rc"
        else
            t_eq "$m: sg_turs says ready" 0 "$rc"
        fi
    fi
    if have sg_get_config; then
        vrun "$dir" sg_get_config --rt=1 /dev/sr0
        t_eq "$m: sg_get_config status" 0 "$rc"
        if [ "$state" = none ]; then
            t_ok "$m: sg_get_config: no current profile" \
                grep -qi 'Current profile: 0x0000\|no current profile' <<<"$out"
        else
            t_eq "$m: sg_get_config: current profile" "$sg_name" \
                "$(sed -n 's/^Current profile: //p' <<<"$out")"
        fi
    fi
    if have sg_readcap && [ "$state" = rom ]; then
        vrun "$dir" sg_readcap /dev/sr0
        t_eq "$m: sg_readcap status" 0 "$rc"
        t_ok "$m: sg_readcap: 2048-byte blocks" grep -q 'Logical block length=2048' <<<"$out"
    fi

    vrun "$dir" cdrskin dev=/dev/sr0 -minfo
    case $state in
    none)
        t_ok "$m: cdrskin -minfo finds no media" test "$rc" -ne 0
        ;;
    *)
        t_eq "$m: cdrskin -minfo status" 0 "$rc"
        t_eq "$m: cdrskin -minfo media type" "$burn_name" "$(field 'Mounted media type')"
        if [ "$state" = blank ]; then
            t_eq "$m: cdrskin disk status" "empty" "$(field 'disk status')"
        else
            t_eq "$m: cdrskin disk status" "complete" "$(field 'disk status')"
        fi
        ;;
    esac

    vrun "$dir" xorriso -outdev /dev/sr0 -toc
    case $state in
    none)
        t_ok "$m: xorriso -toc: no media" grep -q 'Media current: is not present\|is not present' <<<"$out"
        ;;
    blank|overwrite)
        # libburn counts formatted overwritable media as blank: writable from LBA 0
        t_ok "$m: xorriso -toc: blank" grep -q '^Media status : is blank' <<<"$out"
        t_eq "$m: xorriso media" "$burn_name" "$(field 'Media current')"
        ;;
    rom)
        t_ok "$m: xorriso -toc: written, closed" grep -q '^Media status : is written , is closed' <<<"$out"
        ;;
    esac

    case $m in
    cd-*)
        if have wodim; then
            vrun "$dir" wodim dev=/dev/sr0 -toc
            if [ "$state" = rom ]; then
                t_eq "$m: wodim -toc status" 0 "$rc"
                t_eq "$m: wodim -toc: one track" "first: 1 last 1" "$(grep '^first:' <<<"$out")"
                t_ok "$m: wodim -toc: a lead-out" grep -q '^track:lout lba:' <<<"$out"
            else
                # MMC: a blank disc has no TOC (READ TOC fails 05/24/00)
                t_ok "$m: wodim -toc: no TOC on blank media" grep -q 'Cannot read TOC' <<<"$out"
            fi
        fi
        ;;
    dvd*|bd*)
        if have dvd+rw-mediainfo; then
            vrun "$dir" dvd+rw-mediainfo /dev/sr0
            t_eq "$m: dvd+rw-mediainfo status" 0 "$rc"
            t_ok "$m: dvd+rw-mediainfo: mounted media ${profile:2:2}h" \
                grep -q "Mounted Media: *${profile:2:2}h" <<<"$out"
            case $state in
            blank) t_eq "$m: dvd+rw-mediainfo disc status" "blank" "$(field 'Disc status')" ;;
            # MMC: formatted restricted-overwrite media report a complete disc
            overwrite) t_eq "$m: dvd+rw-mediainfo disc status" "complete" "$(field 'Disc status')" ;;
            esac
        fi
        ;;
    esac
}

while IFS=: read -r m profile state sg_name burn_name; do
    [ -n "$m" ] || continue
    [ -z "$only" ] || [[ " $only " == *" $m "* ]] || continue
    in_background check_profile "$m" "$profile" "$state" "$sg_name" "$burn_name"
done <<<"$table"
wait_jobs

show_log_on_failure
t_finish
