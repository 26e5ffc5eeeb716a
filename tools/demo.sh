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
echo "== every compartment transition curl makes (LD_C18N_TRACE=1), first 25 lines"
LD_C18N_TRACE="$tmp/trace" "$L" /usr/bin/curl -s "file://$tmp/hello.txt" >/dev/null
head -25 "$tmp/trace"
echo "... $(wc -l <"$tmp/trace") records in all"

echo
echo "== busiest boundaries (LD_C18N_STATS)"
LD_C18N_STATS="$tmp/stats.json" "$L" /usr/bin/curl -s "file://$tmp/hello.txt" >/dev/null
if [ -x tools/c18n-trace ]; then
    tools/c18n-trace --top 10 "$tmp/stats.json"
else
    cat "$tmp/stats.json"
fi
