#!/bin/sh
# Top-level test runner.  Runs every suite named in tests/SUITES; each suite's run.sh prints
# "PASS: name" or "FAIL: name" lines (anything else is diagnostics).  Prints the closing
# "N passed, N failed" line and exits non-zero on any failure.
cd "$(dirname "$0")/.."
ROOT=$(pwd)
export LDC18N="${LDC18N:-$ROOT/build/ld-c18n}"  # (make SANITIZE=undefined check: its build)
pass=0; fail=0
for suite in $(grep -v '^#' tests/SUITES); do
    out="$ROOT/tests/out/$suite"
    rm -rf "$out"; mkdir -p "$out"
    log="$out/log"
    OUTDIR="$out" sh "tests/$suite/run.sh" >"$log" 2>&1
    p=$(grep -c '^PASS: ' "$log"); f=$(grep -c '^FAIL: ' "$log")
    grep -E '^(PASS|FAIL): ' "$log" | sed "s|^|[$suite] |"
    if [ "$f" -gt 0 ] || [ "$p" -eq 0 ]; then
        echo "---- $suite log (failures) ----"; grep -v '^PASS: ' "$log" | head -200
    fi
    [ "$p" -eq 0 ] && [ "$f" -eq 0 ] && f=1 && echo "FAIL: $suite ran no test"
    pass=$((pass + p)); fail=$((fail + f))
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
