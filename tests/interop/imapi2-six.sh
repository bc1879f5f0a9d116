#!/bin/bash
# Six recorders in one prefix (E: to J:): Wine 8 serves SCSI pass-through for
# at most 5 CD-ROM devices per process (doc/wine-bugs/cdrom-open-cache.md).
# IDiscMaster2 lists the five it can reach, in drive letter order, without
# hanging; imapi2-burn refuses the sixth before burning anything, with the
# message the README quotes, and still burns on one of the five.
t_name=imapi2-six
. "$(dirname "$0")/imapi2-common.sh"
require xorriso

letters=(E F G H I J)
DIAG=$top/tools/imapi2-diag.exe

dirs=()
"$WINESERVER" -k >/dev/null 2>&1
for i in 0 1 2 3 4 5; do
    dir=$work/drive${letters[$i]}
    if ! "$VDRIVE" new "$dir" --media bd-r >>"$work/setup.log" 2>&1 ||
            ! "$VDRIVE" wine-map "$dir" "$WINEPREFIX" "${letters[$i]}" >>"$work/setup.log" 2>&1; then
        t_ok "create the recorder ${letters[$i]}:" false
        unmap_letters F G H I J
        t_finish
        exit
    fi
    dirs+=("$dir")
done

# run OUT ARGS...: a program under Wine with all six recorders; its status.
run()
{
    local out=$1 status
    shift
    timeout 120 "$VDRIVE" exec "${dirs[@]}" -- "$WINE" "$@" >"$work/$out.out" 2>&1
    status=$?
    tr -d '\r' <"$work/$out.out" >"$work/$out.txt"
    return $status
}

if [ -f "$DIAG" ]; then
    run diag "$DIAG"
    t_eq "imapi2-diag ends in time" 0 $?
    t_eq "IDiscMaster2 lists the five recorders Wine serves" 5 "$(grep -c '^Recorder [0-9]*: ' "$work/diag.txt")"
    t_eq "the first five letters" "E F G H I" \
        "$(sed -n 's/^  Volume paths *\([A-Z]\):.*/\1/p' "$work/diag.txt" | tr '\n' ' ' | sed 's/ $//')"
else
    t_skip "tools/imapi2-diag.exe was not built"
fi

make_tree "$work/src" six
xorriso -as mkisofs -quiet -R -J -V IMAPI2_SIX -o "$work/six.iso" "$work/src" >>"$work/setup.log" 2>&1

run burn-j "$BURN" --drive J: "$work/six.iso"
status=$?
t_ok "J: the burn ends in time and fails" test $status -ne 0 -a $status -ne 124
t_ok "J: the message names the limit and the drives that took it" \
    grep -q 'J: does not answer: Wine serves SCSI pass-through for at most 5 CD-ROM devices per process, and E: F: G: H: I: took them' \
    "$work/burn-j.txt" || cat "$work/burn-j.txt"
t_eq "J: nothing was written" "status blank" "$("$VDRIVE" layout "${dirs[5]}" | awk '$1 == "disc" { print "status", $2 }')"

run burn-i "$BURN" --drive I: "$work/six.iso"
t_eq "I:, the fifth, burns" 0 $? || cat "$work/burn-i.txt"
drive=${dirs[4]}
t_ok "I: the disc reads back" same_files "$work/src"

unmap_letters F G H I J
t_finish
