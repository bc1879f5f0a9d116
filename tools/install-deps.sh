#!/bin/bash
# Installs the Debian packages needed to build imapi2, run its tests and the demo.
# Debian bookworm or later.  Run as root, or as a user who may use sudo: the
# script then runs itself again through sudo.
set -eu

if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 ||
        { echo "install-deps: run this as root (there is no sudo here)" >&2; exit 1; }
    exec sudo "$0" "$@"
fi

packages=(
    # build: Wine's tools and headers, the mingw-w64 cross compilers
    gcc make wine64 wine64-tools libwine-dev mingw-w64
    # Wine's preloader: without it one Wine start in a few thousand fails
    # (doc/wine-bugs/loader-without-preloader.md)
    wine64-preloader
    # tests: sanitizers and libFuzzer, Linux burning tools for the interop layer
    clang xorriso cdrskin growisofs dvd+rw-tools wodim sg3-utils
    # readers of audio CDs (tests/interop/imapi2-audio.sh, imapi2-rawcd.sh)
    cdparanoia libcdio-utils cdrdao icedax
    # readers that check the images imapi2fs.dll makes (isoinfo, 7z, pycdlib, udfinfo)
    genisoimage p7zip-full python3-pycdlib udftools udfclient
    # benchmarks
    time bc
    # the wine-tree layer: Wine's own build of dlls/imapi2 (tools/wine-tree.sh)
    git autoconf flex bison dpkg-dev
)

export DEBIAN_FRONTEND=noninteractive

# Source packages: a deb-src entry for each deb entry of the system's sources,
# in a file of our own, unless the system has some already.
add_deb_src()
{
    local dir=/etc/apt/sources.list.d own=/etc/apt/sources.list.d/imapi2-deb-src.sources f
    grep -rqsE '^(deb-src[[:space:]]|Types:.*deb-src)' /etc/apt/sources.list "$dir" && return 0
    {
        for f in "$dir"/*.sources; do
            [ -f "$f" ] || continue
            # Each stanza with Types: deb, as deb-src.
            awk 'BEGIN { RS = ""; ORS = "\n\n" }
                 /(^|\n)Types:[^\n]*deb([ \t\n]|$)/ {
                     sub(/(^|\n)Types:[^\n]*/, "\nTypes: deb-src"); sub(/^\n/, ""); print }' "$f"
        done
    } >"$own.new"
    # One-line entries become one-line deb-src entries of a .list file.
    for f in /etc/apt/sources.list "$dir"/*.list; do
        [ -f "$f" ] || continue
        sed -n -E 's/^deb([[:space:]])/deb-src\1/p' "$f"
    done >"${own%.sources}.list.new"
    if [ -s "$own.new" ]; then mv "$own.new" "$own"; else rm -f "$own.new"; fi
    if [ -s "${own%.sources}.list.new" ]; then
        mv "${own%.sources}.list.new" "${own%.sources}.list"
    else
        rm -f "${own%.sources}.list.new"
    fi
}

add_deb_src
apt-get update
apt-get install -y --no-install-recommends "${packages[@]}"

# Wine's source, as Debian packages it, for the wine-tree layer: unpacked once
# under build/wine-src of this tree (a failure here only skips that layer).
top=$(cd "$(dirname "$0")/.." && pwd)
if ! ls -d "$top"/build/wine-src/wine-*/ >/dev/null 2>&1; then
    # As the user who ran sudo, when one did: the tree stays theirs.
    as_user=()
    [ -n "${SUDO_USER:-}" ] && [ "$SUDO_USER" != root ] && as_user=(sudo -u "$SUDO_USER")
    "${as_user[@]}" mkdir -p "$top/build/wine-src"
    (cd "$top/build/wine-src" && "${as_user[@]}" apt-get source -q wine) ||
        echo "install-deps: could not fetch the source of wine: the wine-tree layer will be skipped" >&2
fi
