#!/bin/bash
# Faults during Write: each gives its documented HRESULT through
# imapi2-burn.exe, nothing hangs, and the earlier session still reads back.
t_name=imapi2-faults
. "$(dirname "$0")/imapi2-common.sh"
require xorriso

# The recorder holding one session burned by us, made once: each case starts
# from a copy of it.  Sets $next and makes s2.iso.
make_template()
{
    new_drive template bd-r || return 1
    burn "$work/s1.iso" || { cat "$work/burn.txt"; return 1; }
    info || return 1
    cp "$work/info.txt" "$work/template-info.txt"
    next=$(value next_writable)
    iso "$work/s2.iso" "$work/s2" -C "$(value start_prev),$next" -M /dev/sr0
}

# setup NAME [LETTER]: a copy of the template recorder, mapped as E: (or
# LETTER:); sets $drive.
setup()
{
    drive=$work/$1
    "$WINESERVER" -k >/dev/null 2>&1
    rm -rf "$drive"
    cp -a --sparse=always "$work/template" "$drive" &&
        "$VDRIVE" wine-map "$drive" "$WINEPREFIX" "${2:-E}" >>"$work/setup.log" 2>&1 &&
        cp "$work/template-info.txt" "$work/info.txt"
}

# Session 1's files, loaded from session 1 whatever came after it.
session1_reads_back()
{
    local out=$work/extract f
    rm -rf "$out"
    mkdir -p "$out"
    linux xorriso -osirrox on -load session 1 -indev /dev/sr0 -extract / "$out" >>"$work/setup.log" 2>&1 || return 1
    for f in $(cd "$work/s1" && find . -type f); do
        cmp -s "$work/s1/$f" "$out/$f" || return 1
    done
}

# fault_check NAME EXPECTED_HRESULT_NAME STATUS: the burn's outcome.
fault_check()
{
    local name=$1 expect=$2 status=$3
    t_ok "$name: finishes in time" test "$status" -ne 124
    t_ok "$name: fails" test "$status" -ne 0
    t_ok "$name: reports $expect" grep -q "$expect" "$work/burn.txt" || cat "$work/burn.txt"
    t_ok "$name: session 1 reads back" session1_reads_back
}

# fault NAME SPEC EXPECTED_HRESULT_NAME [IMAGE]: on a fresh recorder.
fault()
{
    local name=$1 spec=$2 expect=$3 image=${4:-$work/s2.iso} status
    setup "$(echo "$name" | tr ' ' '-')" || { t_ok "$name: setup" false; return; }
    spec=${spec/NEXT+40/$((next + 40))}
    [ -n "$spec" ] && "$VDRIVE" fault "$drive" "$spec" >/dev/null
    burn "$image"
    status=$?
    "$VDRIVE" fault "$drive" clear >/dev/null
    [ "$spec" = "${spec#remove-after}" ] || "$VDRIVE" insert "$drive" --media reload >/dev/null 2>&1
    fault_check "$name" "$expect" $status
}

make_tree "$work/s1" one
make_tree "$work/s2" two
xorriso -as mkisofs -quiet -R -J -V IMAPI2_TEST -o "$work/s1.iso" "$work/s1" >>"$work/setup.log" 2>&1
make_template || { t_ok "a recorder with session 1" false; t_finish; exit; }

fault "medium error" "medium-error:NEXT+40" E_IMAPI_UNEXPECTED_RESPONSE_FROM_DEVICE
fault "media removed mid-write" "remove-after:40" E_IMAPI_RECORDER_MEDIA_NO_MEDIA

# A drive that stays not ready, or busy with a long write: Write gives up after
# the DLL's whole patience (PATIENCE_MS, a minute).  The two wait side by
# side, on F: and G:.
setup not-ready F && "$VDRIVE" fault "$drive" not-ready:100000 >/dev/null
setup long-write G && "$VDRIVE" fault "$drive" long-write:100000 >/dev/null
pids=()
for case in not-ready:F long-write:G; do
    timeout 300 "$VDRIVE" exec "$work/${case%:*}" -- "$WINE" "$BURN" --drive "${case#*:}:" "$work/s2.iso" \
        >"$work/${case%:*}.out" 2>&1 &
    pids+=($!)
done
wait "${pids[0]}"; status_not_ready=$?
wait "${pids[1]}"; status_long_write=$?
for case in not-ready:BECOMING_READY:$status_not_ready long-write:BUSY:$status_long_write; do
    IFS=: read -r name code status <<<"$case"
    drive=$work/$name
    "$VDRIVE" fault "$drive" clear >/dev/null
    tr -d '\r' <"$work/$name.out" >"$work/burn.txt"
    fault_check "$name" "E_IMAPI_RECORDER_MEDIA_$code" "$status"
done
"$WINESERVER" -k >/dev/null 2>&1
unmap_letters F G

fault "write protected" "write-protect" E_IMAPI_RECORDER_MEDIA_WRITE_PROTECTED
# Wine drops the host status: a timed-out WRITE arrives as GOOD with nothing moved.
fault "WRITE timed out twice" "timeout:2a:2" E_IMAPI_RECORDER_COMMAND_TIMEOUT

# Timed out once on rewritable media, where nothing refuses the next WRITE: the
# lost one is sent again and the disc holds the whole image.
new_drive timeout-bd-re bd-re
"$VDRIVE" fault "$drive" timeout:2a >/dev/null
burn "$work/s1.iso"
t_ok "BD-RE, WRITE timed out once: succeeds" test $? -eq 0 || cat "$work/burn.txt"
head -c "$(stat -c %s "$work/s1.iso")" "$drive/disc.img" >"$work/readback.iso"
t_ok "BD-RE, WRITE timed out once: the disc holds the image" cmp -s "$work/s1.iso" "$work/readback.iso"
"$VDRIVE" fault "$drive" timeout:2a:2 >/dev/null
burn "$work/s1.iso"
t_ok "BD-RE, WRITE timed out twice: reports E_IMAPI_RECORDER_COMMAND_TIMEOUT" \
    grep -q E_IMAPI_RECORDER_COMMAND_TIMEOUT "$work/burn.txt" || cat "$work/burn.txt"
head -c 4097 /dev/zero >"$work/odd.iso"
fault "size not a multiple of 2048" "" E_IMAPI_DF2DATA_STREAM_NOT_SUPPORTED "$work/odd.iso"
# Larger than the free space: a sparse file, never read.
truncate -s $(( ($(value free) + 32) * 2048 )) "$work/huge.iso"
fault "no space" "" E_IMAPI_DF2DATA_STREAM_TOO_LARGE_FOR_CURRENT_MEDIA "$work/huge.iso"

# CancelWrite after a second of writing on a paced drive: it stops within a
# second, the partial session is closed, session 1 still reads back.
setup cancel
head -c $((24 * 1048576)) /dev/urandom >"$work/s2/sub/big.bin"
iso "$work/big.iso" "$work/s2" -C "$(value start_prev),$next" -M /dev/sr0
"$VDRIVE" speed "$drive" 1x-bd >/dev/null
burn --cancel-after 1 "$work/big.iso"
status=$?
t_ok "cancel: fails" test $status -ne 0 -a $status -ne 124
t_ok "cancel: reports E_IMAPI_REQUEST_CANCELLED" grep -q E_IMAPI_REQUEST_CANCELLED "$work/burn.txt" ||
    cat "$work/burn.txt"
elapsed=$(sed -n 's/.*writing data.*, \([0-9]*\)s elapsed.*/\1/p' "$work/burn.txt" | tail -n 1)
t_ok "cancel: stopped within a second (${elapsed:-?}s of writing)" test "${elapsed:-99}" -le 2
"$VDRIVE" speed "$drive" unpaced >/dev/null
t_ok "cancel: session 1 reads back" session1_reads_back
info
t_ok "cancel: the disc is still appendable" test "$(value status)" = 0x0004

# A burner killed mid-track leaves an open track in an incomplete session:
# IMAPI2 reports NON_EMPTY_SESSION and writes nothing; --close-open-session
# closes it through IDiscRecorder2Ex, after which our values equal cdrskin's and
# a new session appends and reads back.
rm -f "$work/s2/sub/big.bin"
head -c $((3 * 1048576)) /dev/urandom >"$work/s2/sub/killed.bin"
iso "$work/killed.iso" "$work/s2"
for media in cd-r dvd+r bd-r; do
    new_drive "killed-$media" "$media"
    linux xorriso -abort_on FAILURE -outdev /dev/sr0 -map "$work/s1" / -commit -close off >>"$work/setup.log" 2>&1
    "$VDRIVE" speed "$drive" 1x-cd >/dev/null
    timeout -s KILL 2 "$VDRIVE" exec "$drive" -- cdrskin dev=/dev/sr0 -tao -multi "$work/killed.iso" \
        >>"$work/setup.log" 2>&1
    "$VDRIVE" speed "$drive" unpaced >/dev/null
    t_ok "$media, killed burner: the track is open" grep -q "state open" <("$VDRIVE" layout "$drive")
    info
    t_ok "$media, killed burner: NON_EMPTY_SESSION" test "$(value status)" = 0x1000
    burn "$work/s1.iso"
    t_ok "$media, killed burner: Write refuses with E_IMAPI_DF2DATA_INVALID_MEDIA_STATE" \
        grep -q E_IMAPI_DF2DATA_INVALID_MEDIA_STATE "$work/burn.txt"
    burn --close-open-session
    t_ok "$media, killed burner: --close-open-session" test $? -eq 0 || cat "$work/burn.txt"
    info
    t_ok "$media, killed burner: appendable again" test "$(value status)" = 0x0004
    t_ok "$media, killed burner: values as cdrskin's ($(msinfo))" \
        test "$(value start_prev),$(value next_writable)" = "$(msinfo)"
    iso "$work/after.iso" "$work/s2" -C "$(value start_prev),$(value next_writable)"
    burn "$work/after.iso"
    t_ok "$media, killed burner: a new session burns" test $? -eq 0 || cat "$work/burn.txt"
    t_ok "$media, killed burner: session 1 reads back" session1_reads_back
    t_ok "$media, killed burner: the new session reads back" same_files "$work/s2"
done

new_drive dvd-rom dvd-rom
burn "$work/s1.iso"
status=$?
t_ok "unsupported media: fails" test $status -ne 0 -a $status -ne 124
t_ok "unsupported media: reports E_IMAPI_DF2DATA_MEDIA_IS_NOT_SUPPORTED" \
    grep -q E_IMAPI_DF2DATA_MEDIA_IS_NOT_SUPPORTED "$work/burn.txt" || cat "$work/burn.txt"

"$WINESERVER" -k >/dev/null 2>&1
t_finish
