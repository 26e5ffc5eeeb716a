#!/bin/sh
# Installs the Debian packages ld-c18n needs to build (and, with --test, to run its tests).
# Must stay true: idempotent, quiet when everything is present, prints the exact apt-get line
# when it cannot install (not root).
set -e
pkgs="gcc g++ make libelf-dev libdw-dev zlib1g-dev liblzma-dev libbz2-dev libunwind-dev"
if [ "$1" = "--test" ]; then
    shift
    pkgs="$pkgs $*"
fi
missing=""
for p in $pkgs; do
    dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" != 0 ]; then
    echo "ld-c18n: missing packages:$missing" >&2
    echo "run: sudo apt-get install -y$missing" >&2
    exit 1
fi
echo "installing:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get install -y -q $missing >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q $missing >/dev/null; }
