#!/bin/bash
# Audio CDs written disc at once: three tracks of known PCM made into a raw image by
# IRawCDImageCreator (2-second pre-gaps, raw P-W sub-channel) and written by
# IDiscFormat2RawCD (imapi2-burn --raw-audio): session at once with a cue sheet and
# 2448-byte blocks. cdparanoia extracts every track byte-identical; cd-info, cdrdao read-toc
# and cdrskin -toc report the TOC the image creator announced.
t_name=imapi2-rawcd
. "$(dirname "$0")/imapi2-common.sh"
require cdparanoia cd-info cdrdao cdrskin python3

# Tracks of 500, 400 and 600 sectors: track 1 after the disc's pre-gap at -150, the others
# each after a 150-sector pre-gap of their own, no run-out (disc at once).
starts="0 650 1200 1800"
new_drive raw cd-r || { t_ok "create the recorder" false; t_finish; exit; }
pcm "$work/t1.raw" 500 1
pcm "$work/t2.raw" 400 2
pcm "$work/t3.raw" 600 3
if t_ok "write 3 audio tracks through IRawCDImageCreator and IDiscFormat2RawCD" burn --raw-audio \
        "$work/t1.raw" "$work/t2.raw" "$work/t3.raw"; then
    t_eq "NumberOfExistingTracks" 3 "$(sed -n 's/^tracks=//p' "$work/burn.txt")"
    t_eq "StartOfLeadout" 1800 "$(sed -n 's/^leadout=//p' "$work/burn.txt")"
    t_eq "ExpectedTableOfContents starts" "$starts" "$(toc_starts)"
    t_eq "ExpectedTableOfContents controls" "12 12 12 12" "$(toc_controls)"
    t_eq "StartOfNextSession" -150 "$(sed -n 's/^start_of_next_session=//p' "$work/burn.txt")"
    t_ok "progress events: preparing, writing, finishing" \
        sh -c "grep -q 'progress: preparing' '$work/burn.txt' && grep -q 'progress: writing' '$work/burn.txt' \
            && grep -q 'progress: finishing' '$work/burn.txt'"
else
    cat "$work/burn.txt"
fi
"$VDRIVE" layout "$drive" >>"$work/setup.log" 2>&1

for n in 1 2 3; do
    t_ok "cdparanoia extracts track $n byte-identical" extracted_same "$n" "$work/t$n.raw" "$work/out$n.raw"
done

info=$(linux cd-info --no-cddb --no-device-info /dev/sr0 2>&1)
echo "$info" >>"$work/setup.log"
t_eq "cd-info: audio tracks and their starts" "1 0 audio;2 650 audio;3 1200 audio;170 1800 leadout;" \
    "$(echo "$info" | awk '/^ *[0-9]+: [0-9][0-9]:[0-9][0-9]:[0-9][0-9] / {
        sub(":", "", $1); printf "%d %d %s;", $1, $3, $4 }')"

rm -f "$work/cdrdao.toc"
linux cdrdao read-toc --device /dev/sr0 "$work/cdrdao.toc" >>"$work/setup.log" 2>&1
t_eq "cdrdao read-toc: three audio tracks" 3 "$(grep -c '^TRACK AUDIO' "$work/cdrdao.toc" 2>/dev/null)"
# each track from the end of the one before: its 2-second pre-gap (index 0) first
t_eq "cdrdao read-toc: track data" "0 00:06:50 00:14:00" \
    "$(sed -n 's/^FILE "[^"]*" \([0-9:]*\) .*/\1/p' "$work/cdrdao.toc" | tr '\n' ' ' | sed 's/ $//')"
t_eq "cdrdao read-toc: pre-gaps of tracks 2 and 3" "00:02:00 00:02:00" \
    "$(sed -n 's/^START \([0-9:]*\).*/\1/p' "$work/cdrdao.toc" | tr '\n' ' ' | sed 's/ $//')"

toc=$(linux cdrskin dev=/dev/sr0 -toc 2>&1)
echo "$toc" >>"$work/setup.log"
t_eq "cdrskin -toc: track starts and lead-out" "$starts" \
    "$(echo "$toc" | awk '/^(track|lout):/ { for (i = 1; i < NF; i++) if ($i == "lba:") printf "%s%d", (n++ ? " " : ""), $(i + 1) }')"
t_eq "cdrskin -toc: one closed session" "1 sessions, 3 tracks, closed" \
    "$(echo "$toc" | sed -n 's/^Media summary: \(.*\) CD-R.*/\1/p')"

"$WINESERVER" -k >/dev/null 2>&1
t_finish
