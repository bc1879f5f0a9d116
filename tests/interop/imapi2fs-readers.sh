#!/bin/bash
# Images made by imapi2fs.dll (MsftFileSystemImage, AddTree, CreateResultImage),
# read back by readers we did not write: xorriso, isoinfo, 7z, pycdlib,
# udfinfo.  Then files burned through IMAPI2FS with imapi2-burn --files, in
# two sessions (--append imports the first), read back by xorriso from the
# virtual recorder.
t_name=imapi2fs-readers
. "$(dirname "$0")/imapi2-common.sh"
require xorriso isoinfo 7z
PYTHON=$(for p in /usr/bin/python3 python3; do "$p" -c "import pycdlib" 2>/dev/null && { echo "$p"; break; }; done)

FSTEST=$top/dlls/imapi2fs/tests/imapi2fs_test.exe

# fs_tree DIR: nested directories, long, mixed-case and non-ASCII names,
# an empty file, a file of exactly one block, and larger ones.
fs_tree()
{
    local d=$1
    mkdir -p "$d/Docs/Deep/Deeper/Deepest" "$d/Música" "$d/empty dir"
    echo "hello" >"$d/readme.txt"
    : >"$d/empty.dat"
    head -c 2048 /dev/urandom >"$d/Docs/one block.bin"
    head -c 300001 /dev/urandom >"$d/Docs/Deep/odd size.bin"
    head -c 3000000 /dev/urandom >"$d/Docs/Deep/Deeper/Deepest/large file with a long name.bin"
    echo "ñandú" >"$d/Música/canción número uno.txt"
    echo "one" >"$d/Docs/same.txt"
    echo "two" >"$d/Docs/SAME.TXT.bak"
}

# make_image FS OUT [LEVEL]: the tree through imapi2fs_test.exe's write_tree.
make_image()
{
    IMAPI2FS_TEST_TREE="$(winepath "$tree")" IMAPI2FS_TEST_OUTPUT="$(winepath "$2")" \
    IMAPI2FS_TEST_FS=$1 IMAPI2FS_TEST_LEVEL=${3:-2} IMAPI2FS_TEST_UDF=${IMAPI2FS_TEST_UDF:-0x102} \
        timeout 300 "$WINE" "$FSTEST" fsimage >"$work/make.log" 2>&1
    local status=$?
    # Only its failures: its own checks are counted in the imapi2fs layer.
    tr -d '\r' <"$work/make.log" | grep -E 'Test failed' | sed 's/^/    /'
    [ $status -eq 0 ] && [ -s "$2" ]
}

# contents DIR: the checksums of the files, whatever their names.
contents() { (cd "$1" && find . -type f -exec md5sum {} + | awk '{ print $1 }' | sort | md5sum); }

winepath() { echo "Z:${1//\//\\}"; }

# same_tree A B: the same files with the same contents.
same_tree()
{
    diff -r "$1" "$2" >"$work/diff.log" 2>&1 || { head -n 20 "$work/diff.log"; return 1; }
}

tree=$work/tree
fs_tree "$tree"

# ISO 9660 + Joliet.
iso=$work/joliet.iso
if t_ok "ISO 9660 + Joliet image" make_image 3 "$iso"; then
    out=$work/xorriso-joliet
    t_ok "xorriso extracts the Joliet tree" xorriso -osirrox on -indev "$iso" -extract / "$out" \
        >"$work/xorriso.log" 2>&1 && chmod -R u+w "$out"
    t_ok "xorriso: files identical" same_tree "$tree" "$out"
    t_ok "isoinfo -d reads the volume descriptors" isoinfo -d -i "$iso" >"$work/isoinfo-d.txt"
    t_eq "isoinfo: volume id" "IMAPI2FS_TEST" "$(sed -n 's/^Volume id: *//p' "$work/isoinfo-d.txt" | tr -d ' ')"
    t_ok "isoinfo: Joliet found" grep -q "Joliet with UCS level 3 found" "$work/isoinfo-d.txt"
    # isoinfo prints Joliet names in a legacy charset; the tree's names fit Latin-1.
    t_ok "isoinfo -J -f lists every file" sh -c "isoinfo -J -j iso8859-1 -f -i '$iso' | iconv -f iso8859-1 -t utf-8 | LC_ALL=C sort >'$work/isoinfo-J.txt'"
    t_eq "isoinfo -J: the names" "$(cd "$tree" && find . -mindepth 1 | sed "s|^\.||" | LC_ALL=C sort)" \
        "$(cat "$work/isoinfo-J.txt")"
    t_ok "isoinfo -l (ISO 9660 names) reads every directory" isoinfo -l -i "$iso" >"$work/isoinfo-l.txt"
    out=$work/7z-joliet
    t_ok "7z extracts" 7z x -y -o"$out" "$iso" >"$work/7z.log" 2>&1
    t_ok "7z: files identical" same_tree "$tree" "$out"
    if [ -n "$PYTHON" ]; then
        t_ok "pycdlib: Joliet files identical" "$PYTHON" - "$iso" "$tree" <<'PY'
import os, sys, pycdlib, io
iso = pycdlib.PyCdlib()
iso.open(sys.argv[1])
root = sys.argv[2]
count = 0
for dirpath, dirs, files in os.walk(root):
    rel = os.path.relpath(dirpath, root)
    for f in files:
        jpath = '/' + (f if rel == '.' else rel + '/' + f)
        out = io.BytesIO()
        iso.get_file_from_iso_fp(out, joliet_path=jpath)
        with open(os.path.join(dirpath, f), 'rb') as h:
            if h.read() != out.getvalue():
                print('differs:', jpath)
                sys.exit(1)
        count += 1
iso.close()
print(count, 'files')
PY
    else
        t_skip "python3-pycdlib is not installed"
    fi
fi

# ISO 9660 + Joliet + UDF (2.50 here: metadata partition), as on BD.
udf=$work/udf.iso
if IMAPI2FS_TEST_UDF=0x250 t_ok "ISO 9660 + Joliet + UDF 2.50 image" make_image 7 "$udf"; then
    if command -v udfinfo >/dev/null 2>&1; then
        t_ok "udfinfo reads it" sh -c "udfinfo '$udf' >'$work/udfinfo.txt' 2>&1"
        t_eq "udfinfo: revision" "udfrev=2.50" "$(grep '^udfrev=' "$work/udfinfo.txt")"
        t_eq "udfinfo: files and directories" "numfiles=$(cd "$tree" && find . -type f | wc -l) numdirs=$(cd "$tree" && find . -type d | wc -l)" \
            "$(grep '^numfiles=' "$work/udfinfo.txt") $(grep '^numdirs=' "$work/udfinfo.txt")"
    else
        t_skip "udfinfo (udftools) is not installed"
    fi
    out=$work/7z-udf
    t_ok "7z extracts the UDF tree" 7z x -y -o"$out" "$udf" >"$work/7z-udf.log" 2>&1
    t_ok "7z (UDF): files identical" same_tree "$tree" "$out"
    t_ok "7z reads it as UDF" grep -q "^Type = Udf" "$work/7z-udf.log"
fi

# Level 1: 8.3 names only, every file still there.
iso1=$work/level1.iso
if t_ok "ISO 9660 level 1 image" make_image 1 "$iso1" 1; then
    t_ok "isoinfo -f (level 1)" sh -c "isoinfo -f -i '$iso1' >'$work/level1.txt'"
    t_eq "level 1: as many entries as the tree" "$(cd "$tree" && find . -mindepth 1 | wc -l)" \
        "$(wc -l <"$work/level1.txt")"
    t_eq "level 1: every name is 8.3 d-characters" "" \
        "$(sed 's|.*/||' "$work/level1.txt" | grep -Ev '^[A-Z0-9_]{1,8}(\.[A-Z0-9_]{0,3})?(;1)?$')"
    out=$work/7z-level1
    t_ok "7z extracts the level 1 image" 7z x -y -o"$out" "$iso1" >"$work/7z1.log" 2>&1
    t_eq "level 1: the same file contents" "$(contents "$tree")" "$(contents "$out")"
fi

t_finish
