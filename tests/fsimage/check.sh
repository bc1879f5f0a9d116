#!/bin/bash
# The image engine's layout, checked with readers we did not write: xorriso,
# isoinfo, 7-Zip, pycdlib and udfinfo read the images mkimage writes from
# host trees.  Needs xorriso and isoinfo (genisoimage); 7-Zip (7zip),
# pycdlib (python3-pycdlib) and udfinfo (udftools) are used when present.
# Run from the top of the tree: tests/fsimage/check.sh

t_name=fsimage
cd "$(dirname "$0")/../.." || exit 1
. tests/lib.sh

BUILD=${BUILD:-build}
OUT=$BUILD/native/fsimage
MK=$OUT/mkimage
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
export TZ=UTC LC_ALL=C.UTF-8

mkdir -p "$OUT"
if ! ${CC:-cc} -std=gnu11 -Wall -Wextra -Wno-unused-parameter -fsanitize=address,undefined \
        -Iinclude -Idlls/imapi2fs -o "$MK" tests/fsimage/mkimage.c \
        dlls/imapi2fs/fs_layout.c dlls/imapi2fs/fs_tree.c; then
    t_ok "mkimage builds" false
    t_finish
    exit 1
fi

# Our own importer (fs_import.c) reads the UDF images back, metadata
# partitions and later sessions included.
IMP=$OUT/import_test
if ! ${CC:-cc} -std=gnu11 -Wall -Wextra -Wno-unused-parameter -fsanitize=address,undefined \
        -Iinclude -Idlls/imapi2fs -o "$IMP" tests/fsimage/import_test.c \
        dlls/imapi2fs/fs_import.c dlls/imapi2fs/fs_layout.c dlls/imapi2fs/fs_tree.c; then
    t_ok "import_test builds" false
    t_finish
    exit 1
fi

T=$(mktemp -d "${TMPDIR:-/tmp}/fsimage.XXXXXX")
trap 'rm -rf "$T"' EXIT

PY=
for p in python3 /usr/bin/python3; do
    if command -v "$p" >/dev/null && "$p" -c 'import pycdlib' 2>/dev/null; then PY=$p; break; fi
done
SZ=
for z in 7z 7zz 7za; do
    if command -v $z >/dev/null; then SZ=$z; break; fi
done
have() { command -v "$1" >/dev/null; }

# extract_xorriso IMG DIR [xorriso options before -indev]
extract_xorriso()
{
    local img=$1 dir=$2; shift 2
    rm -rf "$dir"
    xorriso -osirrox on "$@" -indev "$img" -extract / "$dir" >"$T/xorriso.log" 2>&1 &&
        chmod -R u+w "$dir"
}

# The main tree: nested directories, Unicode names, empty and block-sized
# files, a few MB of random data, names that collide at level 1.
S=$T/src
mkdir -p "$S/dir1/sub/deeper/deepest" "$S/Ünïcødé" "$S/日本語" "$S/emptydir" "$S/a.b.c"
echo hello > "$S/a.txt"
echo x > "$S/dir1/sub/deeper/deepest/f.c"
: > "$S/empty"
: > "$S/dir1/empty2.dat"
head -c 2048 /dev/urandom > "$S/exact2048.bin"
head -c 4096 /dev/urandom > "$S/dir1/exact4096.bin"
head -c 3145731 /dev/urandom > "$S/dir1/random.bin"
echo u > "$S/Ünïcødé/ファイル名.txt"
echo j > "$S/日本語/文書.txt"
echo 1 > "$S/longname1.txt"
echo 2 > "$S/longname2.txt"
echo 3 > "$S/longname3.text"
echo 4 > "$S/Long Name 4 with spaces.txt"
echo 5 > "$S/.hidden"
echo 6 > "$S/no_extension"
echo 7 > "$S/semi;colon*star?.txt"
echo 8 > "$S/a.b.c/x.tar.gz"
echo 9 > "$S/hideme.txt"
touch -d '2001-02-03 04:05:06 UTC' "$S/a.txt"

# The names as Joliet writes them (* ; ? become _).
J=$T/joliet
cp -a "$S" "$J"
mv "$J/semi;colon*star?.txt" "$J/semi_colon_star_.txt"

check_tree()
{
    local img=$1 what=$2
    local blocks size

    size=$(stat -c %s "$img")
    blocks=$(isoinfo -d -i "$img" | sed -n 's/^Volume size is: //p')
    t_eq "$what: volume size" "$((size / 2048))" "$blocks"
    t_ok "$what: isoinfo -l" isoinfo -l -i "$img" >"$T/l.txt"
    t_ok "$what: isoinfo -J -l" isoinfo -J -l -i "$img" >"$T/jl.txt"
    t_ok "$what: xorriso extracts" extract_xorriso "$img" "$T/x"
    t_ok "$what: xorriso tree is the source tree" diff -r "$J" "$T/x"
    if [ -n "$SZ" ]; then
        rm -rf "$T/z"
        t_ok "$what: 7-Zip extracts" $SZ x -o"$T/z" "$img" >/dev/null
        t_ok "$what: 7-Zip tree is the source tree" diff -r "$J" "$T/z"
    fi
    if [ -n "$PY" ]; then
        t_ok "$what: pycdlib reads Joliet" "$PY" tests/fsimage/pycheck.py "$img" "$J" joliet
        t_ok "$what: pycdlib reads ISO 9660" "$PY" tests/fsimage/pycheck.py "$img" "$J" iso
    fi
}

B=$T/boot
mkdir -p "$B"
head -c 4096 /dev/urandom >"$B/bios.img"
head -c 100000 /dev/urandom >"$B/efi.img"
head -c 1474560 /dev/urandom >"$B/floppy.img"
head -c 1048576 /dev/zero >"$B/hd.img"
printf '\x80\x00\x02\x00\x0c\xfe\xff\xff' | dd of="$B/hd.img" bs=1 seek=446 conv=notrunc status=none
printf '\x55\xaa' | dd of="$B/hd.img" bs=1 seek=510 conv=notrunc status=none

# --- ISO 9660 + Joliet at each level -----------------------------------------
for level in 1 2 3; do
    img=$T/l$level.iso
    t_ok "level $level: mkimage" $MK -o "$img" -J -level $level -V "Test volume $level" -hide hideme.txt "$S" || continue
    check_tree "$img" "level $level"
    isoinfo -d -i "$img" >"$T/d.txt"
    t_eq "level $level: volume id" "TEST_VOLUME_$level" "$(sed -n 's/^Volume id: //p' "$T/d.txt")"
    t_ok "level $level: Joliet level 3" grep -q 'Joliet with UCS level 3 found' "$T/d.txt"
    t_eq "level $level: Joliet volume name" "Test volume $level   " \
        "$(dd if="$img" bs=1 skip=$((17 * 2048 + 40)) count=32 status=none | iconv -f UTF-16BE -t UTF-8)"
    # 133000000000000000 FILETIME ticks, mkimage's creation time.
    t_eq "level $level: creation date" "2022061804264000" \
        "$(dd if="$img" bs=1 skip=$((16 * 2048 + 813)) count=16 status=none)"
    # ISO 9660 identifiers: d-characters, the level's lengths, unique.
    awk '/^Directory listing/ { dir = $4; next }
         /^[-d]/ && $NF != "." && $NF != ".." { print substr($1, 1, 1), dir $NF }' "$T/l.txt" >"$T/names.txt"
    case $level in
    1) fre='[A-Z0-9_]{0,8}\.[A-Z0-9_]{0,3};1'; dre='[A-Z0-9_]{1,8}' ;;
    *) fre='[A-Z0-9_.]{1,31};1'; dre='[A-Z0-9_]{1,31}' ;;
    esac
    t_eq "level $level: bad file identifiers" "" \
        "$(awk '$1 == "-" { n = split($2, p, "/"); print p[n] }' "$T/names.txt" | grep -Ev "^$fre\$")"
    t_eq "level $level: bad directory identifiers" "" \
        "$(awk '$1 == "d" { n = split($2, p, "/"); print p[n] }' "$T/names.txt" | grep -Ev "^$dre\$")"
    t_eq "level $level: duplicate identifiers" "" "$(awk '{ sub(/\.?;1$/, "", $2); print $2 }' "$T/names.txt" | sort | uniq -d)"
    t_eq "level $level: file count" "$(find "$S" -type f | wc -l)" "$(grep -c '^-' "$T/names.txt")"
    t_ok "level $level: hidden flag" grep -Eq '01\] +HIDEME' "$T/l.txt"
    t_ok "level $level: recording date" grep -q 'Feb  3 2001.*A\.TXT;1' "$T/l.txt"
done
t_eq "level 1: colliding names made unique" "LONGNAME.TEX;1 LONGNAME.TXT;1 LONGNA_1.TXT;1" \
    "$(isoinfo -l -i "$T/l1.iso" | grep -o 'LONGNA[^ ]*' | tr '\n' ' ' | sed 's/ $//')"

# ISO 9660 alone.
t_ok "ISO 9660 only: mkimage" $MK -o "$T/iso.iso" -level 2 "$S"
t_ok "ISO 9660 only: no Joliet" sh -c "! isoinfo -d -i '$T/iso.iso' | grep -q 'Joliet with'"
t_ok "ISO 9660 only: xorriso extracts" extract_xorriso "$T/iso.iso" "$T/x"
t_eq "ISO 9660 only: file count" "$(find "$S" -type f | wc -l)" "$(find "$T/x" -type f | wc -l)"
[ -n "$PY" ] && t_ok "ISO 9660 only: pycdlib reads it" "$PY" tests/fsimage/pycheck.py "$T/iso.iso" "$S" iso

# --- Joliet names longer than 64 characters ----------------------------------
L=$T/long
mkdir -p "$L"
long=$(printf 'n%.0s' $(seq 1 70))
echo a > "$L/${long}a.txt"
echo b > "$L/${long}b.txt"
echo c > "$L/${long}"
t_ok "long names: mkimage" $MK -o "$T/long.iso" -J "$L"
t_ok "long names: xorriso extracts" extract_xorriso "$T/long.iso" "$T/x"
t_eq "long names: three files" 3 "$(ls "$T/x" | wc -l)"
t_eq "long names: at most 64 characters" "" "$(ls "$T/x" | awk 'length($0) > 64')"
t_eq "long names: extension kept" 2 "$(ls "$T/x" | grep -c '\.txt$')"
t_eq "long names: contents" "a b c" "$(cat "$T/x"/* | sort | tr '\n' ' ' | sed 's/ $//')"

# Joliet: names that become the same after * ; ? are replaced.
C=$T/collide
mkdir -p "$C"
echo 1 > "$C/a*b.txt"
echo 2 > "$C/a?b.txt"
echo 3 > "$C/a_b.txt"
t_ok "Joliet collisions: mkimage" $MK -o "$T/collide.iso" -J "$C"
t_ok "Joliet collisions: xorriso extracts" extract_xorriso "$T/collide.iso" "$T/x"
t_eq "Joliet collisions: unique names" "a_b.txt a_b~1.txt a_b~2.txt" "$(ls "$T/x" | sort | tr '\n' ' ' | sed 's/ $//')"
t_eq "Joliet collisions: contents" "1 2 3" "$(cat "$T/x"/* | sort | tr '\n' ' ' | sed 's/ $//')"

# Many files and directories: directories and path tables of several blocks.
W=$T/many
for d in $(seq 1 150); do
    mkdir -p "$W/directory number $d with a long name"
    for f in $(seq 1 12); do echo "$d $f" > "$W/directory number $d with a long name/file $f of directory $d.txt"; done
done
for f in $(seq 1 400); do echo $f > "$W/root_file_with_long_name_$f.dat"; done
t_ok "many files: mkimage" $MK -o "$T/many.iso" -J -U -reread "$W"
t_ok "many files: xorriso extracts" extract_xorriso "$T/many.iso" "$T/x"
t_ok "many files: same tree" diff -r "$W" "$T/x"
[ -n "$PY" ] && t_ok "many files: pycdlib reads Joliet" "$PY" tests/fsimage/pycheck.py "$T/many.iso" "$W" joliet
[ -n "$PY" ] && t_ok "many files: pycdlib reads UDF" "$PY" tests/fsimage/pycheck.py "$T/many.iso" "$W" udf

# An empty tree.
mkdir -p "$T/empty"
t_ok "empty tree: mkimage" $MK -o "$T/empty.iso" -J -U "$T/empty"
t_ok "empty tree: isoinfo" isoinfo -l -i "$T/empty.iso" >/dev/null
[ -n "$PY" ] && t_ok "empty tree: pycdlib" "$PY" tests/fsimage/pycheck.py "$T/empty.iso" "$T/empty" udf

# --- Directory depth ---------------------------------------------------------
D=$T/deep
mkdir -p "$D/1/2/3/4/5/6/7/8/9/10"
echo deep > "$D/1/2/3/4/5/6/7/8/9/10/deep.txt"
t_ok "deep tree: ISO 9660 alone refuses it (IMAPI_E_ISO9660_LEVELS)" $MK -expect 0xc0aab131 "$D"
t_ok "deep tree: with Joliet" $MK -o "$T/deep.iso" -J "$D"
t_ok "deep tree: xorriso extracts" extract_xorriso "$T/deep.iso" "$T/x"
t_ok "deep tree: same tree" diff -r "$D" "$T/x"
mkdir -p "$T/deep7/1/2/3/4/5/6/7" && echo ok > "$T/deep7/1/2/3/4/5/6/7/f"
t_ok "8 levels: ISO 9660 alone" $MK -o "$T/deep7.iso" "$T/deep7"

# --- Reading -----------------------------------------------------------------
t_ok "unaligned reads match the image" $MK -o "$T/r.iso" -J -U -start 77 -boot "$B/bios.img" -reread "$S"
t_ok "a source's read error comes out of fsi_layout_read" sh -c \
    "$MK -o '$T/r.iso' -J -fail random.bin '$S' 2>&1 | grep -q 'fsi_layout_read: 0xc0aab129'"

# --- Errors -----------------------------------------------------------------
t_ok "UDF 3.00: not supported" $MK -U -udfrev 0x300 -expect 0xc0aab154 "$S"
t_ok "max blocks: IMAPI_E_IMAGE_TOO_BIG" $MK -J -max 100 -expect 0xc0aab121 "$S"
t_ok "max blocks: enough" $MK -J -max 100000 -expect 0 "$S"

# --- Multisession start ---------------------------------------------------
t_ok "start 1000: mkimage" $MK -o "$T/s.iso" -J -start 1000 -list "$S" >"$T/list.txt"
t_ok "start 1000: xorriso with displacement" extract_xorriso "$T/s.iso" "$T/x" -displacement -1000
t_ok "start 1000: same tree" diff -r "$J" "$T/x"
dd if="$T/s.iso" of="$T/pre.iso" bs=2048 seek=1000 conv=sparse status=none
t_ok "start 1000: isoinfo at sector 1000" isoinfo -J -l -T 1000 -i "$T/pre.iso" >"$T/jl.txt"
t_ok "start 1000: isoinfo finds the data" sh -c "isoinfo -J -x /dir1/random.bin -T 1000 -i '$T/pre.iso' | cmp - '$S/dir1/random.bin'"
first=$(awk '$1 == "/dir1/random.bin" { print $2 }' "$T/list.txt")
t_ok "start 1000: progress items are absolute" test "${first:-0}" -ge 1000
t_ok "start 1000: progress item's block holds the file" \
    sh -c "dd if='$T/pre.iso' bs=2048 skip=$first count=1 status=none | cmp -n 2048 - '$S/dir1/random.bin'"

# A second session: one file keeps its data in the first session.
t_ok "second session: first" $MK -o "$T/s1.iso" -J -list "$S" >"$T/list1.txt"
n1=$(($(stat -c %s "$T/s1.iso") / 2048))
old=$(awk '$1 == "/dir1/random.bin" { print $2 }' "$T/list1.txt")
mkdir -p "$T/s2src"
echo second >"$T/s2src/new.txt"
t_ok "second session: mkimage" $MK -o "$T/s2.iso" -J -start $n1 -list \
    -extent "old random.bin=$old:$(stat -c %s "$S/dir1/random.bin")" "$T/s2src" >"$T/list2.txt"
t_eq "second session: only new data is a progress item" "/new.txt" "$(awk '{ print $1 }' "$T/list2.txt")"
cp "$T/s1.iso" "$T/ms.iso"
dd if="$T/s2.iso" of="$T/ms.iso" bs=2048 seek=$n1 conv=notrunc status=none
t_ok "second session: old data through the new directory" sh -c \
    "isoinfo -J -T $n1 -x '/old random.bin' -i '$T/ms.iso' | cmp - '$S/dir1/random.bin'"
t_ok "second session: new data" sh -c "isoinfo -J -T $n1 -x /new.txt -i '$T/ms.iso' | cmp - '$T/s2src/new.txt'"
t_ok "first session: UDF cannot point before its partition" \
    $MK -U -extent "old=100:100" -expect 0xc0aab154 "$T/s2src"
t_ok "second session: UDF cannot point past its partition" \
    $MK -U -start $n1 -extent "old=$((n1 + 100000)):100" -expect 0xc0aab154 "$T/s2src"

# Joliet without the ISO 9660 flag still has its Primary Volume Descriptor.
t_ok "Joliet only: mkimage" $MK -o "$T/jo.iso" -J -noiso "$S"
t_ok "Joliet only: xorriso extracts" extract_xorriso "$T/jo.iso" "$T/x"
t_ok "Joliet only: same tree" diff -r "$J" "$T/x"

# --- El Torito ---------------------------------------------------------------
eltorito()
{
    xorriso -indev "$1" -report_el_torito plain 2>/dev/null | grep '^El Torito boot img :'
}

t_ok "El Torito: BIOS + EFI" $MK -o "$T/b.iso" -J -boot "$B/bios.img" -id "imapi2 for Wine" \
    -boot "$B/efi.img" -efi "$S"
eltorito "$T/b.iso" >"$T/et.txt"
t_eq "El Torito: two entries" 2 "$(wc -l <"$T/et.txt")"
t_ok "El Torito: BIOS no emulation, 4 sectors" grep -Eq '1 +BIOS +y +none +0x0000 +0x00 +4 ' "$T/et.txt"
t_ok "El Torito: UEFI entry" grep -Eq '2 +UEFI +y +none +0x0000 +0x00 +196 ' "$T/et.txt"
rm -rf "$T/bi"
t_ok "El Torito: xorriso extracts the images" sh -c \
    "xorriso -osirrox on -indev '$T/b.iso' -extract_boot_images '$T/bi' >/dev/null 2>&1"
t_ok "El Torito: BIOS image" cmp "$T/bi/eltorito_img1_bios.img" "$B/bios.img"
t_ok "El Torito: EFI image" cmp -n 100000 "$T/bi/eltorito_img2_uefi.img" "$B/efi.img"
t_ok "El Torito: xorriso extracts the files" extract_xorriso "$T/b.iso" "$T/x"
t_ok "El Torito: same tree" diff -r "$J" "$T/x"
[ -n "$PY" ] && t_ok "El Torito: pycdlib sees 2 entries" "$PY" tests/fsimage/pycheck.py "$T/b.iso" "$J" joliet eltorito 2
t_ok "El Torito: isoinfo -d" sh -c "isoinfo -d -i '$T/b.iso' | grep -q 'El Torito'"

t_ok "El Torito: floppy emulation" $MK -o "$T/f.iso" -boot "$B/floppy.img" -emul floppy144 "$S"
t_ok "El Torito: 1.44 MB floppy entry" sh -c "xorriso -indev '$T/f.iso' -report_el_torito plain 2>/dev/null | grep -Eq 'boot img : +1 +BIOS +y +fd1.4 +0x0000 +0x00 +1 '"
t_ok "El Torito: floppy of the wrong size" $MK -boot "$B/bios.img" -emul floppy144 -expect 0xc0aab14a "$S"
t_ok "El Torito: hard disk emulation" $MK -o "$T/h.iso" -boot "$B/hd.img" -emul hd "$S"
t_ok "El Torito: hard disk entry with partition type" sh -c "xorriso -indev '$T/h.iso' -report_el_torito plain 2>/dev/null | grep -Eq 'boot img : +1 +BIOS +y +hd +0x0000 +0x0c'"
[ -n "$PY" ] && t_ok "El Torito: pycdlib reads hd image" "$PY" tests/fsimage/pycheck.py "$T/h.iso" "$S" iso eltorito 1

# --- UDF bridge ---------------------------------------------------------------
if have udfinfo; then
    udf_check() { udfinfo "$@" >"$T/udfinfo.txt" 2>&1; }
else
    udf_check() { return 0; }
    t_skip "udfinfo (udftools) is not installed"
fi
for rev in 0x102 0x150 0x200 0x201; do
    img=$T/udf$rev.iso
    t_ok "UDF $rev: mkimage" $MK -o "$img" -J -U -udfrev $rev -V "UDF vol ü" "$S" || continue
    if have udfinfo; then
        t_ok "UDF $rev: udfinfo" udf_check "$img"
        t_eq "UDF $rev: revision" "udfrev=$(printf '%d.%02x' $((rev >> 8)) $((rev & 0xff)))" "$(grep '^udfrev=' "$T/udfinfo.txt")"
        t_eq "UDF $rev: label" "label=UDF vol ü" "$(grep '^label=' "$T/udfinfo.txt")"
        t_eq "UDF $rev: closed" "integrity=closed" "$(grep '^integrity=' "$T/udfinfo.txt")"
        t_eq "UDF $rev: counts" "numfiles=$(find "$S" -type f | wc -l) numdirs=$(find "$S" -type d | wc -l)" \
            "$(grep '^numfiles=' "$T/udfinfo.txt") $(grep '^numdirs=' "$T/udfinfo.txt")"
        t_ok "UDF $rev: anchors at 256 and at the end" sh -c \
            "grep -q 'start=256, blocks=1, type=ANCHOR' '$T/udfinfo.txt' &&
             grep -q 'start=$(($(stat -c %s "$img") / 2048 - 1)), blocks=1, type=ANCHOR' '$T/udfinfo.txt'"
    fi
    if [ -n "$SZ" ]; then
        rm -rf "$T/z"
        t_ok "UDF $rev: 7-Zip extracts UDF" $SZ x -tudf -o"$T/z" "$img" >/dev/null
        t_ok "UDF $rev: 7-Zip UDF tree is the source tree" diff -r "$S" "$T/z"
    fi
    [ -n "$PY" ] && t_ok "UDF $rev: pycdlib reads UDF" "$PY" tests/fsimage/pycheck.py "$img" "$S" udf
    t_ok "UDF $rev: xorriso still reads Joliet" extract_xorriso "$img" "$T/x"
    t_ok "UDF $rev: Joliet tree" diff -r "$J" "$T/x"
done
# Named streams (UDF 3.3.5): written for UDF 2.00 and later, read back by
# our importer (fs_import.c); 7-Zip and udfinfo know nothing of streams
# (7-Zip lists no alternate streams of UDF) but must read the volume as
# before, files and integrity unchanged.  udfclient finds no volume in any
# image of ours, with or without streams: not used.  Below 2.00 the streams
# are left out.
head -c 5000 /dev/urandom >"$T/stream1"
echo zone >"$T/stream2"
for rev in 0x102 0x201 0x250; do
    img=$T/streams$rev.iso
    t_ok "streams $rev: mkimage" $MK -o "$img" -J -U -udfrev $rev -stream a.txt:Zone.Identifier:"$T/stream1" \
        -stream dir1/sub/deeper/deepest/f.c:meta:"$T/stream2" -stream dir1/sub/deeper/deepest/f.c:x:"$T/stream1" \
        "$S" || continue
    $IMP list "$img" udf >"$T/streams.txt"
    rm -rf "$T/se"
    mkdir -p "$T/se"
    if [ $rev = 0x102 ]; then
        t_eq "streams $rev: none written" 0 "$(grep -c '^s ' "$T/streams.txt")"
        t_eq "streams $rev: same size as without" "$(stat -c %s "$T/udf$rev.iso")" "$(stat -c %s "$img")"
        continue
    fi
    t_eq "streams $rev: import lists them" \
        "s /a.txt:Zone.Identifier 5000|s /dir1/sub/deeper/deepest/f.c:meta 5|s /dir1/sub/deeper/deepest/f.c:x 5000" \
        "$(grep '^s ' "$T/streams.txt" | cut -d' ' -f1-3 | paste -sd'|')"
    t_ok "streams $rev: import extracts" $IMP extract "$img" udf 0 "$T/se"
    t_ok "streams $rev: stream bytes" sh -c "cmp '$T/se/a.txt:Zone.Identifier' '$T/stream1' &&
        cmp '$T/se/dir1/sub/deeper/deepest/f.c:meta' '$T/stream2' && cmp '$T/se/dir1/sub/deeper/deepest/f.c:x' '$T/stream1'"
    t_ok "streams $rev: files unchanged" diff -r -x '*:*' "$S" "$T/se"
    if have udfinfo; then
        t_ok "streams $rev: udfinfo" udf_check "$img"
        t_eq "streams $rev: udfinfo counts and integrity" \
            "numfiles=$(find "$S" -type f | wc -l) numdirs=$(find "$S" -type d | wc -l) integrity=closed" \
            "$(grep '^numfiles=' "$T/udfinfo.txt") $(grep '^numdirs=' "$T/udfinfo.txt") $(grep '^integrity=' "$T/udfinfo.txt")"
    fi
    if [ -n "$SZ" ]; then
        rm -rf "$T/z"
        t_ok "streams $rev: 7-Zip extracts UDF without error" $SZ x -tudf -o"$T/z" "$img" >/dev/null
        t_ok "streams $rev: 7-Zip UDF tree is the source tree" diff -r "$S" "$T/z"
    fi
done
# A second session over the first: the imported files and streams keep
# their data where it is, and read back through the new session.
img=$T/streams0x201.iso
n1=$(($(stat -c %s "$img") / 2048))
$IMP list "$img" udf | grep '^s ' >"$T/streams1.txt"
if t_ok "streams: a second session" $IMP append "$img" udf 0 "$T/streams2.iso"; then
    t_eq "streams: the second session's streams point to the first's data" "$(cat "$T/streams1.txt")" \
        "$($IMP list "$T/streams2.iso" udf $n1 | grep '^s ')"
    rm -rf "$T/se"
    mkdir -p "$T/se"
    t_ok "streams: extract the second session" $IMP extract "$T/streams2.iso" udf $n1 "$T/se"
    t_ok "streams: bytes through the second session" cmp "$T/se/a.txt:Zone.Identifier" "$T/stream1"
    have udfinfo && t_ok "streams: udfinfo reads the second session" udf_check --startblock=$n1 "$T/streams2.iso"
fi
t_ok "UDF only: mkimage" $MK -o "$T/udfonly.iso" -U -noiso "$S"
t_ok "UDF only: no ISO 9660" sh -c "! isoinfo -d -i '$T/udfonly.iso' >/dev/null 2>&1"
have udfinfo && t_ok "UDF only: udfinfo" udf_check "$T/udfonly.iso"
if [ -n "$SZ" ]; then
    rm -rf "$T/z"
    t_ok "UDF only: 7-Zip extracts" $SZ x -o"$T/z" "$T/udfonly.iso" >/dev/null
    t_ok "UDF only: same tree" diff -r "$S" "$T/z"
fi
t_ok "UDF start 500: mkimage" $MK -o "$T/us.iso" -J -U -start 500 "$S"
dd if="$T/us.iso" of="$T/usp.iso" bs=2048 seek=500 conv=sparse status=none
if have udfinfo; then
    t_ok "UDF start 500: udfinfo at 500" udf_check --startblock=500 "$T/usp.iso"
    t_ok "UDF start 500: anchor at 756" grep -q 'start=756, blocks=1, type=ANCHOR' "$T/udfinfo.txt"
    t_ok "UDF start 500: partition from the disc's start" \
        grep -q "start=0, blocks=$((500 + $(stat -c %s "$T/us.iso") / 2048 - 1)), type=PSPACE" "$T/udfinfo.txt"
fi
t_ok "UDF + El Torito" $MK -o "$T/ub.iso" -J -U -boot "$B/bios.img" "$S"
[ -n "$PY" ] && t_ok "UDF + El Torito: pycdlib" "$PY" tests/fsimage/pycheck.py "$T/ub.iso" "$S" udf eltorito 1
t_ok "El Torito without ISO 9660: IMAPI_E_BOOT_OBJECT_CONFLICT" $MK -U -noiso -boot "$B/bios.img" -expect 0xc0aab149 "$S"

# udfmeta IMG SESSION: the UDF 2.50 structures as UDF 2.2.10 and 2.2.13 want
# them (descriptor versions, the Metadata Partition Map, the Metadata File
# and its Mirror holding the same blocks); prints what is wrong.
udfmeta()
{
    /usr/bin/python3 - "$1" "$2" <<'PY'
import struct, sys
img, s = open(sys.argv[1], 'rb'), int(sys.argv[2])
def blk(n, c=1):
    img.seek(n * 2048)
    return img.read(2048 * c)
def u16(b, o): return struct.unpack_from('<H', b, o)[0]
def u32(b, o): return struct.unpack_from('<I', b, o)[0]
bad = []
a = blk(s + 256)
vds = u32(a, 20)
pd = lvd = None
for i in range(16):
    d = blk(vds + i)
    if u16(d, 2) != 3 and u16(d, 0) != 0: bad.append('descriptor %d: version %d' % (u16(d, 0), u16(d, 2)))
    if u16(d, 0) == 5: pd = d
    if u16(d, 0) == 6: lvd = d
    if u16(d, 0) == 8: break
if lvd[216 + 1:216 + 20] != b'*OSTA UDF Compliant' or u16(lvd, 216 + 24) != 0x250: bad.append('LVD domain')
if u32(lvd, 268) != 2: bad.append('%d partition maps' % u32(lvd, 268))
m = lvd[446:446 + 64]
if m[0] != 2 or m[1] != 64 or m[5:5 + 23] != b'*UDF Metadata Partition': bad.append('metadata map')
if u16(lvd, 248 + 8) != 1: bad.append('File Set not in the metadata partition')
if not m[58] & 1: bad.append('duplicate flag')
if u32(m, 48) != 0xffffffff: bad.append('bitmap file')
start = u32(pd, 188)
def metafile(loc, ftype):
    fe = blk(start + loc)
    if u16(fe, 0) != 261 or u32(fe, 12) != loc or fe[27] != ftype: bad.append('file type %d entry' % ftype)
    ad = 176 + u32(fe, 168)
    n = u32(fe, 172) // 8
    ext = [(u32(fe, ad + 8 * i), u32(fe, ad + 8 * i + 4)) for i in range(n)]
    return b''.join(blk(start + p, l // 2048) for l, p in ext), ext
main, me = metafile(u32(m, 40), 250)
mirror, mi = metafile(u32(m, 44), 251)
if main != mirror or me == mi: bad.append('the mirror is no copy')
if not all((p % u32(m, 52)) == 0 and l % (2048 * u32(m, 52)) == 0 for l, p in me + mi): bad.append('alignment')
if u16(main, 0) != 256 or u32(main, 12) != 0: bad.append('File Set Descriptor at the metadata partition start')
lvid = blk(u32(lvd, 436))
n = u32(lvid, 72)
iu = 80 + 8 * n
if n != 2 or u32(lvid, 80 + 4 * n + 4) != len(main) // 2048: bad.append('LVID sizes')
if struct.unpack_from('<3H', lvid, iu + 40) != (0x250, 0x250, 0x250): bad.append('LVID revisions')
print(' '.join(bad))
PY
}

# --- UDF 2.50 and 2.60: the metadata partition ---------------------------
for rev in 0x250 0x260; do
    img=$T/udf$rev.iso
    t_ok "UDF $rev: mkimage" $MK -o "$img" -J -U -udfrev $rev -V "UDF vol ü" -reread "$S" || continue
    if have udfinfo; then
        t_ok "UDF $rev: udfinfo" udf_check "$img"
        t_eq "UDF $rev: revision" "udfrev=$(printf '%d.%02x' $((rev >> 8)) $((rev & 0xff)))" "$(grep '^udfrev=' "$T/udfinfo.txt")"
        t_eq "UDF $rev: label" "label=UDF vol ü" "$(grep '^label=' "$T/udfinfo.txt")"
        t_eq "UDF $rev: closed" "integrity=closed" "$(grep '^integrity=' "$T/udfinfo.txt")"
        t_eq "UDF $rev: counts" "numfiles=$(find "$S" -type f | wc -l) numdirs=$(find "$S" -type d | wc -l)" \
            "$(grep '^numfiles=' "$T/udfinfo.txt") $(grep '^numdirs=' "$T/udfinfo.txt")"
        t_ok "UDF $rev: anchors at 256 and at the end" sh -c \
            "grep -q 'start=256, blocks=1, type=ANCHOR' '$T/udfinfo.txt' &&
             grep -q 'start=$(($(stat -c %s "$img") / 2048 - 1)), blocks=1, type=ANCHOR' '$T/udfinfo.txt'"
    fi
    [ $rev = 0x250 ] && t_eq "UDF $rev: metadata partition structures" "" "$(udfmeta "$img" 0 2>&1)"
    if [ -n "$SZ" ]; then
        rm -rf "$T/z"
        t_ok "UDF $rev: 7-Zip extracts UDF" $SZ x -tudf -o"$T/z" "$img" >/dev/null
        t_ok "UDF $rev: 7-Zip UDF tree is the source tree" diff -r "$S" "$T/z"
    fi
    # pycdlib (1.12) reads no Type 2 partition map after a Type 1 one.
    rm -rf "$T/i" && mkdir -p "$T/i"
    t_ok "UDF $rev: our import extracts UDF" "$IMP" extract "$img" udf 0 "$T/i"
    t_ok "UDF $rev: imported tree is the source tree" diff -r "$S" "$T/i"
    t_ok "UDF $rev: xorriso still reads Joliet" extract_xorriso "$img" "$T/x"
    t_ok "UDF $rev: Joliet tree" diff -r "$J" "$T/x"
done
t_ok "UDF 2.50 only, start 300: mkimage" $MK -o "$T/u250.iso" -U -noiso -udfrev 0x250 -start 300 "$S"
dd if="$T/u250.iso" of="$T/u250p.iso" bs=2048 seek=300 conv=sparse status=none
have udfinfo && t_ok "UDF 2.50 start 300: udfinfo at 300" udf_check --startblock=300 "$T/u250p.iso"
t_eq "UDF 2.50 start 300: metadata partition structures" "" "$(udfmeta "$T/u250p.iso" 300 2>&1)"
rm -rf "$T/i" && mkdir -p "$T/i"
t_ok "UDF 2.50 start 300: our import" "$IMP" extract "$T/u250p.iso" udf 300 "$T/i"
t_ok "UDF 2.50 start 300: same tree" diff -r "$S" "$T/i"

# --- UDF in a second session ---------------------------------------------------
# Session 2 keeps files of session 1 by reference (-extent): its partition
# starts at LBA 0 and reaches them.  Readers are told the session's start,
# as a drive's multisession information tells them the last one.
for rev in 0x201 0x250; do
    t_ok "UDF $rev two sessions: first" $MK -o "$T/m1.iso" -J -U -udfrev $rev -list "$S" >"$T/ml1.txt" || continue
    n1=$(($(stat -c %s "$T/m1.iso") / 2048))
    old=$(awk '$1 == "/dir1/random.bin" { print $2 }' "$T/ml1.txt")
    olda=$(awk '$1 == "/a.txt" { print $2 }' "$T/ml1.txt")
    rm -rf "$T/m2src" "$T/mboth"
    mkdir -p "$T/m2src/newdir" "$T/mboth"
    echo second >"$T/m2src/new.txt"
    head -c 70000 /dev/urandom >"$T/m2src/newdir/new.bin"
    cp -a "$T/m2src/." "$T/mboth"
    cp "$S/dir1/random.bin" "$T/mboth/old random.bin"
    cp -p "$S/a.txt" "$T/mboth/a.txt"
    t_ok "UDF $rev two sessions: second" $MK -o "$T/m2.iso" -J -U -udfrev $rev -V "Session 2" -start $n1 \
        -extent "old random.bin=$old:$(stat -c %s "$S/dir1/random.bin")" -extent "a.txt=$olda:$(stat -c %s "$S/a.txt")" \
        "$T/m2src" || continue
    cp "$T/m1.iso" "$T/md.iso"
    dd if="$T/m2.iso" of="$T/md.iso" bs=2048 seek=$n1 conv=notrunc status=none
    total=$(($(stat -c %s "$T/md.iso") / 2048))
    if have udfinfo; then
        t_ok "UDF $rev two sessions: udfinfo --startblock=$n1" udf_check --startblock=$n1 "$T/md.iso"
        t_eq "UDF $rev two sessions: label" "label=Session 2" "$(grep '^label=' "$T/udfinfo.txt")"
        t_eq "UDF $rev two sessions: counts" "numfiles=4 numdirs=2" \
            "$(grep '^numfiles=' "$T/udfinfo.txt") $(grep '^numdirs=' "$T/udfinfo.txt")"
        t_ok "UDF $rev two sessions: partition from 0 to the last anchor" \
            grep -q "start=0, blocks=$((total - 1)), type=PSPACE" "$T/udfinfo.txt"
        t_ok "UDF $rev two sessions: anchors at $((n1 + 256)) and at the end" sh -c \
            "grep -q 'start=$((n1 + 256)), blocks=1, type=ANCHOR' '$T/udfinfo.txt' &&
             grep -q 'start=$((total - 1)), blocks=1, type=ANCHOR' '$T/udfinfo.txt'"
        t_ok "UDF $rev two sessions: udfinfo still reads session 1" udf_check --startblock=0 --lastblock=$((n1 - 1)) "$T/md.iso"
        t_eq "UDF $rev two sessions: session 1 counts" \
            "numfiles=$(find "$S" -type f | wc -l) numdirs=$(find "$S" -type d | wc -l)" \
            "$(grep '^numfiles=' "$T/udfinfo.txt") $(grep '^numdirs=' "$T/udfinfo.txt")"
    fi
    [ $rev = 0x250 ] && t_eq "UDF $rev two sessions: metadata partition structures" "" "$(udfmeta "$T/md.iso" $n1 2>&1)"
    t_eq "UDF $rev two sessions: file systems of session 2" "iso9660 joliet udf " "$("$IMP" identify "$T/md.iso" $n1)"
    rm -rf "$T/i" && mkdir -p "$T/i"
    t_ok "UDF $rev two sessions: our import of session 2" "$IMP" extract "$T/md.iso" udf $n1 "$T/i"
    t_ok "UDF $rev two sessions: both sessions' files with their data" diff -r "$T/mboth" "$T/i"
    t_eq "UDF $rev two sessions: old data read where session 1 put it" "3145731 $old+3145731" \
        "$("$IMP" list "$T/md.iso" udf $n1 | grep '^f /old random.bin ' | awk '{ print $4, $NF }')"
    rm -rf "$T/i" && mkdir -p "$T/i"
    t_ok "UDF $rev two sessions: our import of session 1" "$IMP" extract "$T/md.iso" udf 0 "$T/i"
    t_ok "UDF $rev two sessions: session 1 unchanged" diff -r "$S" "$T/i"
    t_ok "UDF $rev two sessions: Joliet of session 2 agrees" sh -c \
        "isoinfo -J -T $n1 -x '/old random.bin' -i '$T/md.iso' | cmp - '$S/dir1/random.bin'"
    if [ -n "$SZ" ]; then
        # 7-Zip knows the Anchor at 256 only: it reads session 1.
        rm -rf "$T/z"
        $SZ x -tudf -o"$T/z" "$T/md.iso" >/dev/null 2>&1
        t_ok "UDF $rev two sessions: 7-Zip reads session 1" diff -r "$S" "$T/z"
    fi
done

# --- A file larger than 4 GiB (sparse) ---------------------------------------
G=$T/big
mkdir -p "$G"
if truncate -s 5G "$G/huge.bin" 2>/dev/null; then
    head -c 4096 /dev/urandom >"$T/m1"
    head -c 8192 /dev/urandom >"$T/m2"
    dd if="$T/m1" of="$G/huge.bin" conv=notrunc status=none
    dd if="$T/m2" of="$G/huge.bin" bs=2048 seek=$((0xFFFFF800 / 2048 - 2)) conv=notrunc status=none
    dd if="$T/m1" of="$G/huge.bin" bs=4096 seek=$((5 * 1024 * 1024 / 4 - 1)) conv=notrunc status=none
    echo small >"$G/after.txt"
    t_ok "4 GiB: level 2 refuses it (IMAPI_E_DATA_TOO_BIG)" $MK -level 2 -expect 0xc0aab132 "$G"
    if t_ok "4 GiB: level 3" $MK -o "$T/big.iso" -J -U -level 3 "$G"; then
        t_eq "4 GiB: two ISO 9660 records" 2 "$(isoinfo -l -i "$T/big.iso" | grep -c 'HUGE.BIN;1')"
        t_eq "4 GiB: two Joliet records" 2 "$(isoinfo -J -l -i "$T/big.iso" | grep -c 'huge.bin')"
        t_ok "4 GiB: xorriso size" sh -c "xorriso -indev '$T/big.iso' -find /huge.bin -exec lsdl 2>/dev/null | grep -q ' 5368709120 '"
        for spec in "0 4096 m1" "$((0xFFFFF800 - 4096)) 8192 m2" "$((5 * 1024 * 1024 * 1024 - 4096)) 4096 m1"; do
            set -- $spec
            rm -f "$T/cut"
            xorriso -osirrox on -indev "$T/big.iso" -extract_cut /huge.bin $1 $2 "$T/cut" >/dev/null 2>&1
            t_ok "4 GiB: bytes at $1" cmp "$T/cut" "$T/$3"
        done
        [ -n "$SZ" ] && t_ok "4 GiB: UDF size" sh -c "$SZ l -tudf '$T/big.iso' | grep -q ' 5368709120 .*huge.bin'"
        t_ok "4 GiB: small file after it" sh -c "isoinfo -J -x /after.txt -i '$T/big.iso' | cmp - '$G/after.txt'"
    fi
else
    t_skip "no sparse files here"
fi

t_finish
