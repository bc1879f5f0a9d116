#!/bin/bash
# Builds this project's DLLs (dlls/imapi2, dlls/imapi2fs) and their tests
# inside a Wine source tree, with Wine's own build system: configure, makedep,
# Wine's winegcc, winebuild, winecrt0 and include/wine/test.h.
#
# usage: tools/wine-tree.sh [options] WINE_SRC
#   WINE_SRC          a Wine 8 source tree: Debian's wine source package
#                     (apt-get source wine) or a checkout of Wine's git
#   --objdir DIR      the 64-bit build directory (default WINE_SRC.build64)
#   --patches DIR     where to write the patch series (default OBJDIR/patches)
#   --no-build        prepare, import and write the patches only
#   --check-patches   build our directories present after each patch, so
#                     that each is known to build on its own (and with no
#                     warning)
#
# Steps, each done once and remembered in WINE_SRC (a new run after a change
# of this project's files imports them again):
#   prepare   WINE_SRC as Debian's rules prepare it before configure: the
#             generated server protocol, config.guess/config.sub, the icon
#             links, configure and config.h.in from autoconf.  The outputs of
#             tools/make_unicode, make_opengl and make_vulkan (Unicode tables,
#             wine/vulkan.h, wine/wgl.h...) take minutes and packages of their
#             own: every such file that makedep wants and the tree lacks is
#             created empty, since no part of our build reads them
#             (WINE_TREE_UNICODE=1 runs Debian's make_unicode first instead).
#             The tree becomes a git repository, its first commit the source
#             as it was, if it is not one already.
#   import    this project's DLLs, tests and headers copied in, with the edits
#             Wine needs (configure.ac, include/Makefile.in, libs/uuid/uuid.c),
#             committed as a series of patches in Wine's style on the branch
#             imapi2 (imapi2's headers, DLL and tests, then imapi2fs's; see
#             imapi2_plan and imapi2fs_plan) and written out with git
#             format-patch
#   configure a minimal 64-bit build (PE files by mingw, no X11, no tests but
#             ours being built)
#   build     make dlls/imapi2/all dlls/imapi2/tests/all dlls/imapi2fs/all
#             dlls/imapi2fs/tests/all (with only the tools, headers and import
#             libraries these need); the warnings of our directories (also in
#             a header included from one of our files) are counted, and any
#             fails the run
#
# Results: OBJDIR/dlls/imapi2/x86_64-windows/imapi2.dll,
# OBJDIR/dlls/imapi2/tests/x86_64-windows/imapi2_test.exe (the same for
# imapi2fs), the patches, and OBJDIR/wine-tree.log with the time of each step.
#
# Variables: MAKE_JOBS (default 2), WINE_TREE_UNICODE, GIT_AUTHOR_NAME and
#            GIT_AUTHOR_EMAIL (the patches' author; default this project's git
#            configuration).
set -eu -o pipefail

top=$(cd "$(dirname "$0")/.." && pwd)

objdir=
patches=
build=1
check_patches=0
while [ $# -gt 0 ]; do
    case $1 in
    --objdir) objdir=$2; shift 2 ;;
    --patches) patches=$2; shift 2 ;;
    --no-build) build=0; shift ;;
    --check-patches) check_patches=1; shift ;;
    -h|--help) sed -n '2,/^set -eu/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    -*) echo "wine-tree: unknown option $1" >&2; exit 2 ;;
    *) break ;;
    esac
done
[ $# -eq 1 ] || { echo "usage: tools/wine-tree.sh [--objdir DIR] [--patches DIR] [--no-build] [--check-patches] WINE_SRC" >&2; exit 2; }

src=$(cd "$1" && pwd) || exit 1
[ -f "$src/configure.ac" ] && [ -d "$src/dlls" ] && [ -f "$src/tools/makedep.c" ] ||
    { echo "wine-tree: $src is not a Wine source tree" >&2; exit 1; }
objdir=${objdir:-$src.build64}
mkdir -p "$objdir"
objdir=$(cd "$objdir" && pwd)
patches=${patches:-$objdir/patches}
jobs=${MAKE_JOBS:-2}
log=$objdir/wine-tree.log
: >"$log"

say() { echo "wine-tree: $*" | tee -a "$log"; }
die() { say "error: $*"; exit 1; }

# timed NAME COMMAND...: runs a step, its output to the log, and notes its time.
timed()
{
    local name=$1 start end status=0
    shift
    start=$(date +%s)
    # In the background, so that set -e holds inside the step's functions.
    "$@" >>"$log" 2>&1 &
    wait $! || status=$?
    end=$(date +%s)
    say "$name: $((end - start)) s$([ $status -eq 0 ] || echo ", failed (status $status, see $log)")"
    return $status
}

wgit() { git -C "$src" -c core.autocrlf=false -c advice.detachedHead=false "$@"; }

author_name=${GIT_AUTHOR_NAME:-$(git -C "$top" config user.name 2>/dev/null || echo "imapi2 for Wine")}
author_email=${GIT_AUTHOR_EMAIL:-$(git -C "$top" config user.email 2>/dev/null || echo "imapi2@localhost")}
export GIT_AUTHOR_NAME=$author_name GIT_AUTHOR_EMAIL=$author_email
export GIT_COMMITTER_NAME=$author_name GIT_COMMITTER_EMAIL=$author_email

# ---------------------------------------------------------------------------
# prepare

# Creates, empty, every file that a Makefile.in lists in SOURCES and the tree
# lacks: generated by Wine's maintainer scripts, read by makedep before it
# writes the Makefile, never read by the imapi2 build.
stub_missing_sources()
{
    local mf dir parent f count=0
    while IFS= read -r mf; do
        dir=$(dirname "$mf")
        # Sources may come from the directory named in PARENTSRC.
        parent=$(sed -n -E 's/^PARENTSRC[[:space:]]*=[[:space:]]*([^[:space:]]+).*/\1/p' "$mf")
        # SOURCES, or the C_SRCS, IDL_SRCS... of older trees.
        for f in $(awk '
                /\\$/ { sub(/\\$/, ""); joined = joined $0 " "; next }
                { line = joined $0; joined = "" }
                line ~ /^(SOURCES|[A-Z]+_SRCS)[ \t]*=/ { sub(/^[^=]*=/, "", line); print line }
            ' "$mf"); do
            [ -e "$dir/$f" ] || [ -L "$dir/$f" ] && continue
            [ -n "$parent" ] && [ -e "$dir/$parent/$f" ] && continue
            mkdir -p "$(dirname "$dir/$f")"
            : >"$dir/$f"
            echo "stub: ${dir#./}/$f"
            count=$((count + 1))
        done
    done < <(cd "$src" && find . -name Makefile.in -not -path './.pc/*' -not -path './debian/*' | sort)
    echo "$count files created empty"
}

prepare()
{
    cd "$src"
    if [ -x debian/scripts/generate ]; then
        # As Debian's rules do: the generated parts of the server are filled
        # in by make_requests between markers.
        [ -f server/trace.generated ] || debian/scripts/generate server/trace.generated make_requests
        [ -f server/request.generated ] || debian/scripts/generate server/request.generated make_requests
    fi
    if [ "${WINE_TREE_UNICODE:-0}" = 1 ]; then
        ./tools/make_unicode
    fi
    ./tools/make_requests
    local f d
    for f in config.guess config.sub; do
        [ -e "tools/$f" ] && continue
        for d in /usr/share/misc /usr/share/autoconf/build-aux; do
            [ -f "$d/$f" ] && { ln -sf "$d/$f" "tools/$f"; break; }
        done
        [ -e "tools/$f" ] || { echo "no $f: install autotools-dev or autoconf"; return 1; }
    done
    if [ -f debian/rules ]; then
        # The icons made from other directories' images, linked as Debian does.
        grep -E '^[[:space:]]+ln -sf \.\./\.\./[^ ]+ [^ ]+$' debian/rules | sed 's/^[[:space:]]*//' | sh -e
    fi
    stub_missing_sources
}

if [ ! -d "$src/.git" ]; then
    command -v git >/dev/null || die "git is needed to record the patch series"
    timed "git repository of the source as it is" bash -c '
        cd "$1" && git init -q . && git add -A . && git commit -q -m "Wine source as unpacked"' _ "$src" ||
        die "could not make $src a git repository"
fi
if [ ! -f "$src/.imapi2-prepared" ]; then
    timed prepare prepare || die "could not prepare $src"
    touch "$src/.imapi2-prepared"
fi
grep -qx '.imapi2-prepared' "$src/.git/info/exclude" 2>/dev/null || echo '.imapi2-prepared' >>"$src/.git/info/exclude"

# ---------------------------------------------------------------------------
# import: the patch series

# The commit the series starts from: the tip of the branch the tree was on
# before our first import.
base_file=$src/.git/imapi2-base
if [ ! -f "$base_file" ]; then
    wgit rev-parse HEAD >"$base_file"
fi
base=$(cat "$base_file")

# The DLLs of this project, in the order of the series: imapi2, then
# imapi2fs (which compiles ../imapi2/events.c through PARENTSRC, and whose
# headers import imapi2.idl).
project_dlls()
{
    local dll
    for dll in imapi2 imapi2fs; do
        [ -f "$top/dlls/$dll/Makefile.in" ] && echo "$dll"
    done
    return 0
}

# Which of this project's files belong to each patch.
project_dll_files()
{
    local d=dlls/$1
    (cd "$top" && ls $d/Makefile.in $d/*.c $d/*.h $d/*.idl $d/*.spec 2>/dev/null)
}
project_test_files()
{
    local d=dlls/$1/tests
    (cd "$top" && ls $d/Makefile.in $d/*.c $d/*.h 2>/dev/null)
}
# The DLL's interfaces and its error codes: include/DLL.idl, include/DLLerror.h.
project_header_files()
{
    (cd "$top" && ls include/$1.idl include/$1error.h 2>/dev/null)
}
project_all_files()
{
    local dll
    for dll in $(project_dlls); do
        project_header_files "$dll"
        project_dll_files "$dll"
        project_test_files "$dll"
    done
}

copy_files()
{
    local f
    for f in "$@"; do
        mkdir -p "$src/$(dirname "$f")"
        cp "$top/$f" "$src/$f"
    done
}

# add_sorted_line FILE REGEX LINE: inserts LINE into FILE, unless it is there,
# in sorted order among the lines matching REGEX (before the first one that
# sorts after it, else after the last one).
add_sorted_line()
{
    local file=$1 regex=$2 line=$3
    grep -qxF -- "$line" "$file" && return 0
    RE=$regex LINE=$line LC_ALL=C awk '
        BEGIN { re = ENVIRON["RE"]; line = ENVIRON["LINE"] }
        { lines[NR] = $0; if ($0 ~ re) { last = NR; if (!before && $0 > line) before = NR } }
        END {
            if (!last) exit 1
            for (i = 1; i <= NR; i++) {
                if (i == before) print line
                print lines[i]
                if (!before && i == last) print line
            }
        }' "$file" >"$file.new" || { rm -f "$file.new"; echo "no place for '$line' in $file"; return 1; }
    mv "$file.new" "$file"
}

# Each DLL's patches, DLL_plan: "subject|class factories of main.c it
# enables|files it adds" (the headers a file includes come with it; a file
# of PARENTSRC is only added to SOURCES). Each step holds what its objects
# link against, so that every patch builds on its own: the files of a step
# depend on each other (recorder.c and format_base.c, format_data.c and
# media_state.c), and a step comes after those it links against
# (discmaster.c fires the events of events.c; the write engine, the erase
# and track-at-once formats use the data writer, patience.c and the media
# state of the data format's step). main.c has a factory line and a table
# line per class; a step's main.c keeps those of the classes enabled so far.
# A file of the DLL left out here comes with a last patch, and the series
# ends with every file as this project has it.
imapi2_plan=(
    "Add stub dll with MsftStreamZero.|stream_zero|main.c stream_zero.c"
    "Implement MsftStreamPrng001.|stream_prng|stream_prng.c"
    "Implement MsftStreamConcatenate.|stream_concatenate|stream_concatenate.c"
    "Implement MsftStreamInterleave.|stream_interleave|stream_interleave.c"
    "Implement MsftRawCDImageCreator.|raw_cd_image|raw_cd_image.c raw_cd_image_stream.c raw_cd_track_info.c"
    "Implement MsftDiscRecorder2 over SCSI pass-through.|recorder|recorder.c format_base.c mmc.c transport.c patience.c write_speed_descriptor.c"
    "Implement MsftDiscMaster2.|discmaster|discmaster.c events.c"
    "Implement MsftDiscFormat2Data.|format_data|format_data.c data_writer.c media_state.c multisession_random.c multisession_sequential.c"
    "Implement MsftWriteEngine2.|write_engine|write_engine.c"
    "Implement MsftDiscFormat2Erase.|format_erase|format_erase.c"
    "Implement MsftDiscFormat2TrackAtOnce.|format_tao|format_tao.c"
    "Implement MsftDiscFormat2RawCD.|format_raw_cd|format_raw_cd.c"
)
# The engine (fs_*.c: plain C, no Win32) comes before the objects that use
# it; MsftFileSystemImage needs every item, result and stream object.
imapi2fs_plan=(
    "Add stub dll with BootOptions.|boot_options|main.c bootoptions.c"
    "Add the file system image tree.||fs_tree.c"
    "Add the ISO 9660, Joliet, UDF and El Torito image layout.||fs_layout.c"
    "Add the import of an existing ISO 9660, Joliet or UDF file system.||fs_import.c"
    "Implement MsftIsoImageManager.|iso_image_manager|isoimagemanager.c"
    "Implement MsftFileSystemImage.|file_system_image|filesystemimage.c item.c directoryitem.c fileitem.c enumitems.c namedstreams.c filesource.c readahead.c result.c progress.c imagestream.c blockrange.c events.c"
)

# dll_parent DLL: the directory of its PARENTSRC, relative to the top, if any.
dll_parent()
{
    local p
    p=$(sed -n -E 's/^PARENTSRC[[:space:]]*=[[:space:]]*([^[:space:]]+).*/\1/p' "$top/dlls/$1/Makefile.in")
    [ -n "$p" ] && echo "dlls/$1/$p"
    return 0
}

# dll_plan_applies DLL: the plan fits this project's DLL: its files exist
# (in the DLL's directory or its PARENTSRC), and main.c has the factories it
# names.
dll_plan_applies()
{
    local dll=$1 step subject factories files f parent
    local -n plan=${dll}_plan
    parent=$(dll_parent "$dll")
    [ ${#plan[@]} -gt 0 ] || return 1
    for step in "${plan[@]}"; do
        IFS='|' read -r subject factories files <<<"$step"
        for f in $files; do
            [ -f "$top/dlls/$dll/$f" ] || { [ -n "$parent" ] && [ -f "$top/$parent/$f" ]; } || return 1
        done
        for f in $factories; do
            grep -qE "^static struct class_factory ${f}_factory = " "$top/dlls/$dll/main.c" || return 1
        done
    done
}

# main_with_factories DLL NAME...: main.c with the factory and class table
# lines of the other classes left out.
main_with_factories()
{
    local dll=$1
    shift
    NAMES=" $* " awk '
        function enabled(word) { sub(/^&/, "", word); sub(/_factory$/, "", word); return index(ENVIRON["NAMES"], " " word " ") }
        /^static struct class_factory [a-z0-9_]+_factory = / && !enabled($4) { next }
        /^    \{ &CLSID_[A-Za-z0-9_]+, &[a-z0-9_]+_factory \},/ && !enabled($3) { next }
        { print }' "$top/dlls/$dll/main.c"
}

# copy_with_headers FILE: FILE, and the headers of its directory it includes.
copy_with_headers()
{
    local f=$1 h dir
    dir=$(dirname "$f")
    copy_files "$f"
    for h in $(sed -n -E 's/^#include "([^"/]+\.h)".*/\1/p' "$top/$f"); do
        [ -f "$top/$dir/$h" ] && [ ! -f "$src/$dir/$h" ] && copy_with_headers "$dir/$h"
    done
    return 0
}

# test_units MAKEFILE_IN: the units, one per .c of SOURCES, in order.
test_units()
{
    awk '/^SOURCES[ \t]*=/ { on = 1 } on { for (i = 1; i <= NF; i++) if ($i ~ /\.c$/) { sub(/\.c$/, "", $i); print $i } }
         on && !/\\$/ { on = 0 }' "$1"
}

# makefile_with_units MAKEFILE_IN UNIT...: the Makefile.in with only these
# .c files (by name without .c) in SOURCES, and every other kind of source.
makefile_with_units()
{
    local mf=$1
    shift
    UNITS=" $* " awk '
        /^SOURCES[ \t]*=/ { on = 1; print; next }
        on {
            if ($1 ~ /\.c$/) { u = $1; sub(/\.c$/, "", u); if (index(ENVIRON["UNITS"], " " u " ")) kept[++n] = $1 }
            else if ($1 != "" && $1 != "\\") kept[++n] = $1
            if (!/\\$/) { on = 0; for (i = 1; i <= n; i++) print "\t" kept[i] (i < n ? " \\" : "") }
            next
        }
        { print }' "$mf"
}

# commit_step SUBJECT BODY PATHS...: commits PATHS when they changed.
commit_step()
{
    local subject=$1 body=$2
    shift 2
    wgit add -- "$@"
    if wgit diff --cached --quiet; then
        return 0
    fi
    if [ -n "$body" ]; then
        wgit commit -q -m "$subject" -m "$body"
    else
        wgit commit -q -m "$subject"
    fi
}

# What the series says of each DLL: the body of its headers' patch, the
# subject and body of the DLL's last patch (the files the plan left out),
# the body of its first test patch.
headers_body_imapi2="The Image Mastering API v2 interfaces, classes and error codes, with their
GUIDs in libuuid."
headers_body_imapi2fs="The IMAPI2 file system image interfaces, classes and error codes, with
their GUIDs in libuuid."
rest_subject_imapi2="Add the Image Mastering API v2 DLL."
rest_body_imapi2="Disc recorders found through IOCTL_SCSI_PASS_THROUGH_DIRECT and MMC commands,
the data, erase, raw CD and track-at-once writers, multisession and the
helper streams."
rest_subject_imapi2fs="Add the IMAPI2 file system image DLL."
rest_body_imapi2fs="File system images (ISO 9660, Joliet, UDF, El Torito) laid out in memory
and streamed, and the import of an earlier session."
tests_body_imapi2="They need no recorder; with one (or a virtual recorder described in the
IMAPI2_TEST_* variables) they check the media as well."
tests_body_imapi2fs="They need no recorder. With IMAPI2FS_TEST_TREE and IMAPI2FS_TEST_OUTPUT set,
a directory is also written out as an image file."

# import_dll DLL: the patches of one DLL: its headers, the DLL (a stub, then
# the steps of its plan) and its tests.
import_dll()
{
    local dll=$1 d=dlls/$1
    local -n headers_body=headers_body_$1 rest_subject=rest_subject_$1 rest_body=rest_body_$1 tests_body=tests_body_$1

    # 1. The headers, and the GUIDs in libuuid.
    local h hdrs=() names=()
    copy_files $(project_header_files "$dll")
    for h in $(project_header_files "$dll"); do
        add_sorted_line "$src/include/Makefile.in" '^[[:space:]]+[a-z0-9_]+[.](h|idl) [\\]$' "	${h#include/} \\"
        hdrs+=("$h")
        names+=("${h#include/}")
    done
    if [ -f "$top/include/$dll.idl" ]; then
        add_uuid_include "$dll.h"
    fi
    commit_step "include: Add $(echo "${names[@]}" | sed 's/ / and /')." \
        "$headers_body" "${hdrs[@]}" include/Makefile.in libs/uuid/uuid.c

    # 2. The DLL: a stub first, then the objects, as DLL_plan says.
    add_sorted_line "$src/configure.ac" '^WINE_CONFIG_MAKEFILE[(]dlls/' "WINE_CONFIG_MAKEFILE($d)"
    if [ "${WINE_TREE_SPLIT_DLL:-1}" = 1 ] && dll_plan_applies "$dll"; then
        local -n plan=${dll}_plan
        local step subject factories files enabled=() sources=() f
        for step in "${plan[@]}"; do
            IFS='|' read -r subject factories files <<<"$step"
            enabled+=($factories)
            for f in $files; do
                # A file of PARENTSRC is there already: only in SOURCES.
                [ -f "$top/$d/$f" ] && copy_with_headers "$d/$f"
                case $f in *.c) sources+=("${f%.c}") ;; esac
            done
            makefile_with_units "$top/$d/Makefile.in" "${sources[@]}" >"$src/$d/Makefile.in"
            main_with_factories "$dll" "${enabled[@]}" >"$src/$d/main.c"
            copy_files $d/$dll.spec $(cd "$top" && ls $d/*.idl)
            commit_step "$dll: $subject" "" $d configure.ac
        done
    fi
    # Whatever the plan left out, and every file as it is.
    copy_files $(project_dll_files "$dll")
    commit_step "$dll: $rest_subject" "$rest_body" $d configure.ac

    # 3. The tests, one patch per unit (test source), in the Makefile.in's
    # order, each with the headers of the tests directory it includes.
    [ -f "$top/$d/tests/Makefile.in" ] || return 0
    local unit units=() done_units=()
    units=($(test_units "$top/$d/tests/Makefile.in"))
    add_sorted_line "$src/configure.ac" '^WINE_CONFIG_MAKEFILE[(]dlls/' "WINE_CONFIG_MAKEFILE($d/tests)"
    for unit in "${units[@]}"; do
        done_units+=("$unit")
        copy_with_headers "$d/tests/$unit.c"
        mkdir -p "$src/$d/tests"
        makefile_with_units "$top/$d/tests/Makefile.in" "${done_units[@]}" \
            >"$src/$d/tests/Makefile.in"
        if [ ${#done_units[@]} -eq 1 ]; then
            commit_step "$dll/tests: Add $unit tests." "$tests_body" $d/tests configure.ac
        else
            commit_step "$dll/tests: Add $unit tests." "" $d/tests
        fi
    done
    # Anything else of the tests directory, and the Makefile.in as it is.
    copy_files $(project_test_files "$dll")
    commit_step "$dll/tests: Add the remaining test files." "" $d/tests
}

import()
{
    # Start again from the base each time: the series is this project's
    # files as they are now.
    local dll
    wgit checkout -q -B imapi2 "$base"
    for dll in $(project_dlls); do
        wgit clean -q -f -- dlls/$dll >/dev/null 2>&1 || true
        rm -rf "$src/dlls/$dll"
    done
    for dll in $(project_dlls); do
        import_dll "$dll"
    done

    rm -rf "$patches"
    mkdir -p "$patches"
    wgit format-patch -q -o "$patches" "$base..imapi2"
    ls "$patches"
}

# add_uuid_include HEADER: #include "HEADER" in libuuid's list.
add_uuid_include()
{
    local uuid=$src/libs/uuid/uuid.c
    grep -qF "#include \"$1\"" "$uuid" && return 0
    # After the last header of the list that defines the GUIDs (before the
    # ones included with a special define, such as netiodef.h).
    INC="#include \"$1\"" awk '{ lines[NR] = $0 }
         /^#define __WINE_INIT_/ && !stop { stop = 1 }
         /^#include "/ && !stop { last = NR }
         END { for (i = 1; i <= NR; i++) { print lines[i]; if (i == last) print ENVIRON["INC"] } }' \
        "$uuid" >"$uuid.new" && mv "$uuid.new" "$uuid"
}

# The import is done again only when this project's files (or this script)
# changed, so that a cached tree configures and builds nothing new.
import_hash=$(cd "$top" && cat tools/wine-tree.sh $(project_all_files) | sha1sum | cut -d' ' -f1)
if [ "$(cat "$src/.git/imapi2-imported" 2>/dev/null)" = "$import_hash" ] &&
        [ "$(wgit rev-parse --abbrev-ref HEAD)" = imapi2 ] && [ -d "$patches" ]; then
    say "import: unchanged since the last run"
else
    timed import import || die "could not import the project into $src"
    echo "$import_hash" >"$src/.git/imapi2-imported"
fi
say "patches in $patches: $(ls "$patches" | tr '\n' ' ')"

[ $build -eq 1 ] || exit 0

# ---------------------------------------------------------------------------
# configure and build

configure_tree()
{
    cd "$src"
    # configure.ac changed: configure and config.h.in again (Wine's git keeps
    # configure; Debian's source has none).
    local dll stale=0
    for dll in $(project_dlls); do
        grep -q "dlls/$dll/tests" configure 2>/dev/null || stale=1
    done
    if [ ! -f configure ] || [ configure.ac -nt configure ] || [ $stale -eq 1 ]; then
        autoconf && autoheader
    fi
    cd "$objdir"
    if [ ! -f Makefile ] || [ "$src/configure" -nt config.status ]; then
        "$src/configure" --enable-win64 --with-mingw --without-x --without-freetype \
            --disable-werror CFLAGS="-g -O2"
    else
        ./config.status Makefile
    fi
}

# Wine 8's makefile has bison write a .tab.h once for itself and again with
# its .tab.c, while a flex scanner that includes the header may already be
# compiling: under -j the scanner can read it half written ("unterminated
# #ifndef"). The tools' parsers are made first, one at a time.
make_tool_parsers()
{
    local tabs
    tabs=$(sed -n -E 's/^(tools\/[^ :]*\.tab\.c):.*/\1/p' Makefile)
    [ -z "$tabs" ] || make -j1 $tabs
}

# The make targets and objects of our directories present in the tree SRC.
dll_targets()
{
    local dll
    for dll in $(project_dlls); do
        [ -d "$1/dlls/$dll" ] && echo "dlls/$dll/all"
        [ -d "$1/dlls/$dll/tests" ] && echo "dlls/$dll/tests/all"
    done
    return 0
}
remove_objects()
{
    local dll
    for dll in $(project_dlls); do
        rm -f "$objdir/dlls/$dll/x86_64-windows/"*.o "$objdir/dlls/$dll/tests/x86_64-windows/"*.o
    done
}

build_dlls()
{
    cd "$objdir"
    remove_objects
    { make_tool_parsers && make -j"$jobs" $(dll_targets "$src"); } 2>&1 |
        tee "$objdir/imapi2-build.log"
}

# Warnings in our directories only (the rest of Wine is not ours to judge):
# in our files, or in a header (wine/debug.h...) included from one of them,
# then shown with the include chain. imapi2fs's events.c is
# dlls/imapi2fs/../imapi2/events.c.
count_warnings()
{
    awk '
        BEGIN { ours = "(^|/)dlls/imapi2(fs)?/[^ :]*:[0-9]+" }
        /^In file included from / || /^ +from / { chain = chain $0 " "; next }
        / warning: / && ($0 ~ ours || chain ~ ours) { print chain $0 }
        { chain = "" }' "$objdir/imapi2-build.log"
}

targets=$(dll_targets "$src" | tr '\n' ' ')
timed configure configure_tree || die "configure failed"
timed "build (${targets% })" build_dlls || die "build failed"
warnings=$(count_warnings)
results=
for dll in $(project_dlls); do
    for f in "dlls/$dll/x86_64-windows/$dll.dll" "dlls/$dll/tests/x86_64-windows/${dll}_test.exe"; do
        [ -f "$objdir/$f" ] || die "the build made no $f"
        results="$results $objdir/$f"
    done
done
if [ -n "$warnings" ]; then
    say "warnings in our directories:"
    echo "$warnings" | tee -a "$log"
    exit 1
fi
say "built$results, no warnings"

if [ $check_patches -eq 1 ]; then
    # Each patch on its own: the tree at each commit of the series builds.
    patch_warnings=0
    for c in $(wgit rev-list --reverse "$base..imapi2"); do
        wgit checkout -q "$c"
        targets=$(dll_targets "$src" | tr '\n' ' ')
        for h in $(project_dlls); do
            [ -f "$src/include/$h.idl" ] && targets="$targets include/$h.h"
        done
        remove_objects
        timed "patch $(wgit log -1 --format=%s "$c")" bash -o pipefail -c '
            cd "$1" && { [ configure.ac -nt configure ] && autoconf && autoheader || true; } &&
            cd "$2" && { [ "$1/configure" -nt config.status ] && ./config.status --recheck && ./config.status || ./config.status Makefile; } &&
            make -j"$3" $4 libs/uuid/x86_64-windows/libuuid.a 2>&1 | tee "$2/patch-build.log"' _ \
            "$src" "$objdir" "$jobs" "$targets" ||
            { wgit checkout -q imapi2; die "patch $c does not build on its own"; }
        cp "$objdir/patch-build.log" "$objdir/imapi2-build.log"
        warnings=$(count_warnings)
        if [ -n "$warnings" ]; then
            say "  warnings:"
            echo "$warnings" | tee -a "$log"
            patch_warnings=$((patch_warnings + $(echo "$warnings" | wc -l)))
        fi
    done
    wgit checkout -q imapi2
    [ $patch_warnings -eq 0 ] || die "$patch_warnings warnings in the patches"
    say "each patch builds on its own, with no warnings"
fi
