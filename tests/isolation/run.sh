#!/bin/sh
# Isolation suite (c18n(7)): one case per directory under tests/isolation/, run under
# `ld-c18n --isolate=MODE`.  Legitimate patterns must run as natively with no report; planted
# violations must be stopped (enforce) or reported and counted (audit) with the exact report
# lines.  Contract for a case directory NAME/:
#   build            sh script run with cwd = output dir; $SRC = case dir, $CC, $CFLAGS.
#                    Must produce ./prog (and the libraries it needs) in the output dir.
#   mode             enforce (default) or audit.
#   args             optional: one line of arguments (shell words) for prog.
#   env              optional: one line of environment assignments for the ld-c18n run
#                    (shell words; $SRC is the case dir), e.g. a policy file.
#   expected         exact expected stdout under ld-c18n ("@OUT@" stands for the output dir).
#   expected-status  expected exit status under ld-c18n (default 0; 139: ended by SIGSEGV).
#   native           optional: also run natively; stdout must equal `expected`, status 0.
#   expected-report  optional: extended regular expressions, one per line, that must match
#                    lines of ld-c18n's stderr in this order ("@OUT@" substituted).  Without
#                    it, stderr must hold no "capability violation" at all.
#   report-count     optional: the exact number of "capability violation" reports.
#   expected-stats   optional: extended regular expressions, one per line, each of which must
#                    match the --stats JSON of the ld-c18n run (LD_C18N_STATS=out/stats.json).
# Natively LD_LIBRARY_PATH=out; under ld-c18n LD_C18N_LIBRARY_PATH=out.
here=$(cd "$(dirname "$0")" && pwd)
: "${OUTDIR:=$here/../out/isolation}"
: "${LDC18N:=$here/../../build/ld-c18n}"
: "${CC:=gcc}"; : "${CFLAGS:=-O1 -g}"
export CC CFLAGS
only="$1"
for dir in "$here"/*/; do
    name=$(basename "$dir")
    [ -n "$only" ] && [ "$name" != "$only" ] && continue
    [ -f "$dir/build" ] && [ -f "$dir/expected" ] || continue
    out="$OUTDIR/$name"; rm -rf "$out"; mkdir -p "$out"
    if ! (cd "$out" && SRC="${dir%/}" sh "$dir/build") >"$out/build.log" 2>&1; then
        echo "FAIL: $name (build)"; sed 's/^/  /' "$out/build.log" | head -40; continue
    fi
    mode=enforce; [ -f "$dir/mode" ] && mode=$(cat "$dir/mode")
    args=""; [ -f "$dir/args" ] && args=$(cat "$dir/args")
    env=""; [ -f "$dir/env" ] && env=$(SRC="${dir%/}" eval "echo $(cat "$dir/env")")
    sed "s|@OUT@|$out|g" "$dir/expected" >"$out/expected.out"
    want=0; [ -f "$dir/expected-status" ] && want=$(cat "$dir/expected-status")
    if [ -f "$dir/native" ]; then
        (cd "$out" && eval "env LD_LIBRARY_PATH=\"$out\" ./prog $args") </dev/null \
            >"$out/native.out" 2>"$out/native.err"
        st=$?
        if cmp -s "$out/expected.out" "$out/native.out" && [ $st = 0 ]; then
            echo "PASS: $name (native)"
        else
            echo "FAIL: $name (native): status $st"; diff "$out/expected.out" "$out/native.out" | head -10 | sed 's/^/  /'
        fi
    fi
    stats=""; [ -f "$dir/expected-stats" ] && { rm -f "$out/stats.json"; stats="LD_C18N_STATS=$out/stats.json"; }
    (cd "$out" && eval "env $stats $env LD_C18N_LIBRARY_PATH=\"$out\" timeout 120 \"$LDC18N\" --isolate=$mode ./prog $args") \
        </dev/null >"$out/c18n.out" 2>"$out/c18n.err"
    st=$?
    ok=1; why=""
    cmp -s "$out/expected.out" "$out/c18n.out" || { ok=0; why="stdout differs"; }
    [ "$st" = "$want" ] || { ok=0; why="$why status $st (want $want)"; }
    n=$(grep -c 'capability violation' "$out/c18n.err")
    if [ -f "$dir/expected-report" ]; then
        # each pattern must match a line after the line the previous one matched
        sed "s|@OUT@|$out|g" "$dir/expected-report" >"$out/expected.report"
        from=0; missing=""
        while IFS= read -r pat; do
            [ -z "$pat" ] && continue
            at=$(tail -n +$((from + 1)) "$out/c18n.err" | grep -n -E -m1 -- "$pat" | cut -d: -f1)
            if [ -z "$at" ]; then missing="$pat"; break; fi
            from=$((from + at))
        done <"$out/expected.report"
        [ -n "$missing" ] && { ok=0; why="$why report lacks: $missing"; }
        if [ -f "$dir/report-count" ] && [ "$n" != "$(cat "$dir/report-count")" ]; then
            ok=0; why="$why $n reports (want $(cat "$dir/report-count"))"
        fi
    elif [ "$n" != 0 ]; then
        ok=0; why="$why a violation was reported"
    fi
    if [ -n "$stats" ]; then
        while IFS= read -r pat; do
            [ -z "$pat" ] && continue
            grep -q -E -- "$pat" "$out/stats.json" 2>/dev/null || { ok=0; why="$why stats lack: $pat"; }
        done <"$dir/expected-stats"
    fi
    if [ $ok = 1 ]; then echo "PASS: $name (ld-c18n --isolate=$mode)"; else
        echo "FAIL: $name (ld-c18n --isolate=$mode):$why"
        diff "$out/expected.out" "$out/c18n.out" | head -10 | sed 's/^/  /'
        head -20 "$out/c18n.err" | sed 's/^/  stderr: /'
    fi
done
