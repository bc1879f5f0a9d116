#!/bin/bash
# Installs the Debian packages needed to build imapi2, run its tests and the demo.
# Run as root (sudo) on Debian bookworm or later.
set -eu

packages=(
    # build: Wine's tools and headers, the mingw-w64 cross compilers
    gcc make wine64 wine64-tools libwine-dev mingw-w64
    # tests: sanitizers and libFuzzer, Linux burning tools for the interop layer
    clang xorriso cdrskin growisofs dvd+rw-tools wodim sg3-utils
    # benchmarks
    time bc
)

export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends "${packages[@]}"
