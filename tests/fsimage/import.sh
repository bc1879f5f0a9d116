#!/bin/sh
#
# Imports images made by tools we did not write (xorriso, genisoimage,
# mkudffs) and compares the imported trees with the files they were made of
#
# Copyright 2026 The imapi2-for-Wine authors
#
# This library is free software; you can redistribute it and/or
# modify it under the terms of the GNU Lesser General Public
# License as published by the Free Software Foundation; either
# version 2.1 of the License, or (at your option) any later version.
#
# This library is distributed in the hope that it will be useful,
# but WITHOUT ANY WARRANTY; without even the implied warranty of
# MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the GNU
# Lesser General Public License for more details.
#
# You should have received a copy of the GNU Lesser General Public
# License along with this library; if not, write to the Free Software
# Foundation, Inc., 51 Franklin St, Fifth Floor, Boston, MA 02110-1301, USA
#
# Usage: tests/fsimage/import.sh (from the top of the tree; BUILD defaults
# to build).  The driver, tests/fsimage/import_test.c, is built natively with
# AddressSanitizer; the file data is read back through the imported extents.

t_name=import
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
. "$top/tests/lib.sh"

BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$top/$BUILD ;; esac
out=$BUILD/native/fsimage
driver=$out/import_test
work=$out/import.work
export LC_ALL=C.UTF-8 TZ=Asia/Kolkata

mkdir -p "$out" || exit 1
if ! (cd "$top" && ${CC:-cc} -std=gnu11 -Wall -Wextra -Wno-unused-parameter -fsanitize=address,undefined \
        -fno-sanitize-recover=all -g -Iinclude -Idlls/imapi2fs tests/fsimage/import_test.c \
        dlls/imapi2fs/fs_import.c dlls/imapi2fs/fs_layout.c dlls/imapi2fs/fs_tree.c -o "$driver"); then
    t_ok "the import driver builds" false
    t_finish
    exit 1
fi
rm -rf "$work"
mkdir -p "$work" || exit 1

# The source trees: nested directories, an empty file and directory, a name
# with spaces and one outside ASCII, a file of several blocks.
stamp='2020-02-29 12:34:56 UTC'
src=$work/src
mkdir -p "$src/sub/deep/deeper" "$src/empty dir"
echo hello > "$src/a.txt"
printf 'x%.0s' $(seq 1 5000) > "$src/sub/five thousand.txt"
head -c 300000 /dev/urandom > "$src/sub/random.bin"
echo deep > "$src/sub/deep/deeper/leaf.txt"
echo accent > "$src/sub/caf$(printf '\303\251').txt"
: > "$src/zero"
find "$src" -exec touch -d "$stamp" {} +

# sums DIR: "checksum path" of every file, sorted; NAMES=0 leaves the paths out.
sums()
{
    (cd "$1" && find . -type f -exec sha256sum {} + | if [ "${NAMES:-1}" = 1 ]; then cat; else cut -d' ' -f1; fi | sort)
}

dirs()
{
    (cd "$1" && find . -mindepth 1 -type d | sort)
}

# check IMAGE FS SESSION SOURCE VOLUME [NAMES]: imports, extracts, compares.
check()
{
    local image=$1 fs=$2 session=$3 source=$4 volume=$5 names=${6:-1} mtime=${7:-1} what dest list
    what="$(basename "$image") $fs @$session"
    dest=$work/out.$(basename "$image").$fs.$session
    list=$dest.list
    rm -rf "$dest"
    mkdir -p "$dest"
    if ! t_ok "$what: import" "$driver" list "$image" "$fs" "$session" > "$list"; then
        cat "$list"
        return
    fi
    t_eq "$what: volume name" "volume $volume" "$(head -n 1 "$list")"
    t_ok "$what: extract through the extents" "$driver" extract "$image" "$fs" "$session" "$dest"
    t_eq "$what: files and contents" "$(NAMES=$names sums "$source")" "$(NAMES=$names sums "$dest")"
    if [ "$names" = 1 ]; then
        t_eq "$what: directories" "$(dirs "$source")" "$(dirs "$dest")"
        [ "$mtime" = 1 ] && t_eq "$what: mtime of a.txt" "f /a.txt 6 2020-02-29T12:34:56Z" \
            "$(grep '^f /a.txt ' "$list" | cut -d' ' -f1-4)"
    else
        t_eq "$what: number of directories" "$(dirs "$source" | wc -l)" "$(dirs "$dest" | wc -l)"
    fi
}

# identify IMAGE SESSION EXPECTED
identify()
{
    t_eq "$(basename "$1") @$2: file systems" "$3" "$("$driver" identify "$1" "$2")"
}

# 1. xorriso: ISO 9660 + Rock Ridge + Joliet.
img=$work/xorriso.iso
if xorriso -as mkisofs -quiet -J -R -V XORRISO_VOL -o "$img" "$src" 2>"$work/xorriso.log"; then
    identify "$img" 0 "iso9660 joliet "
    check "$img" iso9660 0 "$src" XORRISO_VOL       # Rock Ridge names
    check "$img" joliet 0 "$src" XORRISO_VOL
    t_eq "xorriso.iso: no UDF" "error 0xc0aab152" "$("$driver" list "$img" udf)"
else
    t_ok "xorriso makes an image" false
fi

# Rock Ridge names longer than a record holds go on in continuation areas.
long=$work/long
mkdir -p "$long/$(printf 'D%.0s' $(seq 1 200))"
echo hello > "$long/a.txt"
echo long > "$long/$(printf 'L%.0s' $(seq 1 240)).txt"
echo longer > "$long/$(printf 'D%.0s' $(seq 1 200))/$(printf '\303\251%.0s' $(seq 1 120))"
find "$long" -exec touch -d "$stamp" {} +
img=$work/long.iso
if xorriso -as mkisofs -quiet -R -V LONG -o "$img" "$long" 2>>"$work/xorriso.log"; then
    check "$img" iso9660 0 "$long" LONG
else
    t_ok "xorriso makes an image with long names" false
fi

# 2. genisoimage: ISO 9660 (8.3 names, one hidden file) + Joliet.
img=$work/genisoimage.iso
if genisoimage -quiet -input-charset utf-8 -J -hidden a.txt -V GENISO -o "$img" "$src" 2>"$work/genisoimage.log"; then
    identify "$img" 0 "iso9660 joliet "
    check "$img" iso9660 0 "$src" GENISO 0
    t_eq "genisoimage.iso iso9660: A.TXT hidden" "f /A.TXT 6 2020-02-29T12:34:56Z hidden" \
        "$("$driver" list "$img" iso9660 | grep '^f /A.TXT ' | cut -d' ' -f1-5)"
    check "$img" joliet 0 "$src" GENISO
else
    t_ok "genisoimage makes an image" false
fi

# 3. genisoimage -udf: the ISO 9660 / UDF 1.02 bridge.
img=$work/bridge.iso
if genisoimage -quiet -input-charset utf-8 -J -udf -V BRIDGE -o "$img" "$src" 2>"$work/bridge.log"; then
    identify "$img" 0 "iso9660 joliet udf "
    check "$img" udf 0 "$src" BRIDGE
    check "$img" joliet 0 "$src" BRIDGE
else
    t_ok "genisoimage -udf makes an image" false
fi

# 4. mkudffs: pure UDF (a plain, a sparable and a virtual partition), empty.
if command -v mkudffs >/dev/null 2>&1; then
    for media in hd dvdrw; do
        img=$work/mkudffs-$media.img
        rm -f "$img"
        truncate -s 8M "$img"
        if mkudffs --media-type=$media -b 2048 -r 0x201 --lvid=MKUDFFS_$media "$img" >"$work/mkudffs.log" 2>&1; then
            identify "$img" 0 "udf "
            t_eq "mkudffs $media: empty volume" "volume MKUDFFS_$media" "$("$driver" list "$img" udf)"
        else
            t_ok "mkudffs $media makes an image" false
        fi
    done
    # Write-once media: a virtual partition and its allocation table (VAT),
    # found in the last recorded block, which the readable size ends with.
    for rev in 1.50 2.50; do
        img=$work/mkudffs-cdr-$rev.img
        rm -f "$img"
        truncate -s 4M "$img"
        vat=$(mkudffs --media-type=cdr -b 2048 -r $rev --lvid=VAT_$rev "$img" 2>&1 | sed -n 's/^vatblock=//p')
        if t_ok "mkudffs cdr $rev makes an image with a VAT ($vat)" [ -n "$vat" ]; then
            truncate -s $(((vat + 1) * 2048)) "$img"
            identify "$img" 0 "udf "
            t_eq "mkudffs cdr $rev: empty volume" "volume VAT_$rev" "$("$driver" list "$img" udf)"
        fi
    done
else
    t_skip "mkudffs is missing (udftools)"
fi

# 4b. newfs_udf and udfclient (NetBSD's UDF, udfclient package): pure UDF
# with files, small ones embedded in their File Entries.  udfclient stamps
# the files with the time it writes them.
if command -v newfs_udf >/dev/null 2>&1 && command -v udfclient >/dev/null 2>&1; then
    img=$work/udfclient.img
    rm -f "$img"
    truncate -s 64M "$img"
    # udfclient records a name's bytes as they are (8-bit CS0, i.e. Latin-1):
    # its tree has ASCII names only.
    usrc=$work/usrc
    cp -a "$src" "$usrc"
    rm "$usrc/sub/caf"*
    if newfs_udf -b 2048 -L UDFCLIENT "$img" >"$work/newfs_udf.log" 2>&1; then
        fileset=$(printf 'ls\n' | udfclient -b 2048 "$img" 2>/dev/null | awk '/:fileset$/ { print $NF; exit }')
        (cd "$usrc" && { printf 'cd %s\n' "$fileset"; for f in *; do printf 'put "%s"\n' "$f"; done; printf 'quit\n'; } \
            | udfclient -b 2048 -W "$img" >"$work/udfclient.log" 2>&1)
        identify "$img" 0 "udf "
        check "$img" udf 0 "$usrc" UDFCLIENT 1 0
        t_ok "udfclient.img: a.txt is embedded" grep -q '^f /a.txt 6 .* embedded$' "$work/out.udfclient.img.udf.0.list"
    else
        t_ok "newfs_udf makes an image" false
    fi
else
    t_skip "newfs_udf / udfclient are missing (udfclient)"
fi

# 5. Multisession: the second session's tree holds the files of both.
img=$work/multi.iso
s2=$work/s2
mkdir -p "$s2/more"
echo second > "$s2/two.txt"
head -c 5000 /dev/urandom > "$s2/more/data.bin"
find "$s2" -exec touch -d "$stamp" {} +
rm -f "$img"
if xorriso -dev "$img" -joliet on -volid MULTI -map "$src" / -commit >"$work/multi.log" 2>&1 \
        && xorriso -dev "$img" -joliet on -volid MULTI -map "$s2" /s2 -commit >>"$work/multi.log" 2>&1; then
    start=$(xorriso -indev "$img" -toc 2>/dev/null | awk '/^ISO session *: *2 /{ print $6 }')
    both=$work/both
    mkdir -p "$both"
    cp -a "$src/." "$both/"
    cp -a "$s2" "$both/s2"
    if t_ok "multi.iso: second session found ($start)" [ -n "$start" ]; then
        identify "$img" "$start" "iso9660 joliet "
        check "$img" iso9660 "$start" "$both" MULTI
        check "$img" joliet "$start" "$both" MULTI
        first=$(xorriso -indev "$img" -toc 2>/dev/null | awk '/^ISO session *: *1 /{ print $6 }')
        check "$img" joliet "$first" "$src" MULTI
    fi
else
    t_ok "xorriso makes a multisession image" false
fi

# 6. Damaged and absent file systems.
img=$work/zeros.img
head -c 1048576 /dev/zero > "$img"
identify "$img" 0 "none"
t_eq "zeros.img: import" "error 0xc0aab152" "$("$driver" list "$img" iso9660)"
t_eq "zeros.img: import udf" "error 0xc0aab152" "$("$driver" list "$img" udf)"
img=$work/truncated.iso
head -c $((18 * 2048)) "$work/xorriso.iso" > "$img"
t_eq "truncated.iso: identify" "iso9660 joliet " "$("$driver" identify "$img" 0)"
t_eq "truncated.iso: import" "error 0xc0aab153" "$("$driver" list "$img" iso9660)"
t_eq "session beyond the disc" "none" "$("$driver" identify "$work/xorriso.iso" 100000)"

t_finish
