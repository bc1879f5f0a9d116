#!/bin/bash
# Audio CDs. We write, they read: three tracks of known PCM burned through
# IDiscFormat2TrackAtOnce (imapi2-burn --audio), extracted byte-identical by
# cdparanoia, and the TOC (audio tracks, starts after the 2-second pre-gaps,
# lead-out) as cd-info, cdrdao read-toc and cdrskin -toc report it. They
# write, we read: two tracks written track at once by cdrskin, and session at
# once by cdrskin and by cdrdao from a cue sheet, seen by our
# NumberOfExistingTracks and ExpectedTableOfContents.
t_name=imapi2-audio
. "$(dirname "$0")/imapi2-common.sh"
require cdparanoia cd-info cdrdao cdrskin python3

# icedax_same N SRC OUT: icedax's raw track N (big-endian samples) against SRC.
icedax_same()
{
    local be=${3%.raw}-be
    rm -f "$3" "$be.raw"
    # icedax adds the .raw itself
    linux icedax -D /dev/sr0 -t "$1" -O raw -g -q "$be" >>"$work/setup.log" 2>&1 || return 1
    dd if="$be.raw" of="$3" conv=swab status=none && same_samples "$2" "$3"
}

# ---- we write, they read ----
# Tracks of 500, 400 and 600 sectors: each takes its sectors and 2 run-out,
# the next starts after a 150-sector pre-gap.
starts="0 652 1204 1806"
new_drive we cd-r || { t_ok "create the recorder" false; t_finish; exit; }
pcm "$work/t1.raw" 500 1
pcm "$work/t2.raw" 400 2
pcm "$work/t3.raw" 600 3
if t_ok "burn 3 audio tracks through IDiscFormat2TrackAtOnce" burn --audio "$work/t1.raw" "$work/t2.raw" \
        "$work/t3.raw"; then
    t_eq "NumberOfExistingTracks" 3 "$(sed -n 's/^tracks=//p' "$work/burn.txt")"
    t_eq "ExpectedTableOfContents starts" "$starts" "$(toc_starts)"
    t_eq "ExpectedTableOfContents controls" "10 10 10 10" "$(toc_controls)"
    t_eq "progress events for every track" 3 "$(grep -c 'progress: track [123] writing' "$work/burn.txt" |
        awk '{ print ($1 >= 3 ? 3 : $1) }')"
else
    cat "$work/burn.txt"
fi
"$VDRIVE" layout "$drive" >>"$work/setup.log" 2>&1

for n in 1 2 3; do
    t_ok "cdparanoia extracts track $n byte-identical" extracted_same "$n" "$work/t$n.raw" "$work/out$n.raw"
done

if command -v icedax >/dev/null 2>&1; then
    t_ok "icedax extracts track 2 byte-identical" icedax_same 2 "$work/t2.raw" "$work/ice2.raw"
else
    t_skip "icedax is not installed"
fi

info=$(linux cd-info --no-cddb --no-device-info /dev/sr0 2>&1)
echo "$info" >>"$work/setup.log"
t_eq "cd-info: audio tracks and their starts" "1 0 audio;2 652 audio;3 1204 audio;170 1806 leadout;" \
    "$(echo "$info" | awk '/^ *[0-9]+: [0-9][0-9]:[0-9][0-9]:[0-9][0-9] / {
        sub(":", "", $1); printf "%d %d %s;", $1, $3, $4 }')"

rm -f "$work/cdrdao.toc"
linux cdrdao read-toc --device /dev/sr0 "$work/cdrdao.toc" >>"$work/setup.log" 2>&1
t_eq "cdrdao read-toc: three audio tracks" 3 "$(grep -c '^TRACK AUDIO' "$work/cdrdao.toc" 2>/dev/null)"
# each track from the end of the one before: its 2-second pre-gap (index 0) first
t_eq "cdrdao read-toc: track data" "0 00:06:52 00:14:04" \
    "$(sed -n 's/^FILE "[^"]*" \([0-9:]*\) .*/\1/p' "$work/cdrdao.toc" | tr '\n' ' ' | sed 's/ $//')"
t_eq "cdrdao read-toc: pre-gaps of tracks 2 and 3" "00:02:00 00:02:00" \
    "$(sed -n 's/^START \([0-9:]*\).*/\1/p' "$work/cdrdao.toc" | tr '\n' ' ' | sed 's/ $//')"

toc=$(linux cdrskin dev=/dev/sr0 -toc 2>&1)
echo "$toc" >>"$work/setup.log"
t_eq "cdrskin -toc: track starts and lead-out" "0 652 1204 1806" \
    "$(echo "$toc" | awk '/^(track|lout):/ { for (i = 1; i < NF; i++) if ($i == "lba:") printf "%s%d", (n++ ? " " : ""), $(i + 1) }')"

# ---- they write, we read ----
new_drive they cd-r || { t_ok "create the recorder" false; t_finish; exit; }
pcm "$work/c1.raw" 300 4
pcm "$work/c2.raw" 451 5
t_ok "cdrskin writes 2 audio tracks at once" linux cdrskin dev=/dev/sr0 -tao -multi -audio -swab \
    "$work/c1.raw" "$work/c2.raw" >>"$work/setup.log" 2>&1
if t_ok "imapi2-burn --tracks" burn --tracks; then
    t_eq "NumberOfExistingTracks of cdrskin's disc" 2 "$(sed -n 's/^tracks=//p' "$work/burn.txt")"
    t_eq "ExpectedTableOfContents of cdrskin's disc" "0 452 905" "$(toc_starts)"
else
    cat "$work/burn.txt"
fi
t_ok "cdparanoia extracts cdrskin's track 2" extracted_same 2 "$work/c2.raw" "$work/cout2.raw"
# Audio sectors refuse READ(10) (05/64/00): recorded, not blank.
info
t_eq "MediaHeuristicallyBlank of cdrskin's audio disc" 0 "$(value heuristically_blank)"

# Session-at-once, the session left open: cdrskin -sao, and cdrdao from a cue
# sheet.  The track starts and the lead-out our getters report are those the
# recorder laid out.
layout_starts()
{
    "$VDRIVE" layout "$drive" | awk '
        $1 == "session" && $2 == 1 && $3 == "track" { printf "%s%d", (n++ ? " " : ""), $6 }
        $1 == "session" && $2 == 1 && $3 == "start" { end = $6 }
        END { print " " end }'
}
cat "$work/c1.raw" "$work/c2.raw" >"$work/sao.bin"
printf 'FILE "sao.bin" BINARY\n  TRACK 01 AUDIO\n    INDEX 01 00:00:00\n  TRACK 02 AUDIO\n    INDEX 01 00:04:00\n' \
    >"$work/sao.cue"
for writer in cdrskin cdrdao; do
    new_drive "$writer-sao" cd-r || { t_ok "$writer SAO: create the recorder" false; continue; }
    if [ $writer = cdrskin ]; then
        linux cdrskin dev=/dev/sr0 -sao -multi -audio -swab "$work/c1.raw" "$work/c2.raw" >>"$work/setup.log" 2>&1
    else
        # an audio-only cue sheet for a multi-session disc needs --force
        (cd "$work" && linux cdrdao write --device /dev/sr0 --multi --force -n "$work/sao.cue") \
            >>"$work/setup.log" 2>&1
    fi
    t_eq "$writer writes 2 audio tracks session-at-once" 0 $?
    if t_ok "$writer SAO: imapi2-burn --tracks" burn --tracks; then
        t_eq "$writer SAO: NumberOfExistingTracks" 2 "$(sed -n 's/^tracks=//p' "$work/burn.txt")"
        t_eq "$writer SAO: ExpectedTableOfContents" "$(layout_starts)" "$(toc_starts)"
    else
        cat "$work/burn.txt"
    fi
done

"$WINESERVER" -k >/dev/null 2>&1
t_finish
