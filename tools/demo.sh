#!/bin/sh
# The main job: a real program (curl) run under ld-c18n, with its compartments listed and its
# cross-compartment bindings traced, next to the same program run by the system loader.
set -e
cd "$(dirname "$0")/.."
L=build/ld-c18n
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf 'hello from a file:// URL\n' >"$tmp/hello.txt"

echo "== curl's objects and their compartments (ld-c18n --list /usr/bin/curl)"
"$L" --list /usr/bin/curl

echo
echo "== curl file://... natively, then under ld-c18n"
/usr/bin/curl -s "file://$tmp/hello.txt"
"$L" /usr/bin/curl -s "file://$tmp/hello.txt"

echo
echo "== bindings that cross a compartment boundary (LD_C18N_DEBUG=bindings), trusted base left out"
LD_C18N_DEBUG=bindings LD_C18N_DEBUG_OUTPUT="$tmp/bindings" "$L" /usr/bin/curl -s "file://$tmp/hello.txt" >/dev/null
grep -v -e '\[\[TCB\]\]' "$tmp/bindings"* | awk '{ c = $8; sub(/:$/, "", c); if ($5 != c) print }' | head -20
echo "... $(cat "$tmp/bindings"* | wc -l) bindings in all"
