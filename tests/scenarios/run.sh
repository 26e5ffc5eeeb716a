#!/bin/sh
# Scenario suite: one scenario per directory under tests/scenarios/.  Each is built into a fresh
# directory, run natively (system loader) and under ld-c18n, and both runs are compared with the
# expected output.  Contract for a scenario directory NAME/:
#   build            sh script run with cwd = output dir; $SRC = scenario dir, $CC, $CXX, $CFLAGS.
#                    Must produce ./prog (and any libraries it needs) in the output dir.
#   expected         exact expected stdout ("@OUT@" stands for the output dir).
#   expected-status  expected exit status (default 0).
#   args             optional: one line of arguments (shell words) for prog.
#   env              optional: VAR=value lines set for both runs.
#   stdin            optional: file fed to stdin (default /dev/null).
#   native-skip      optional: do not run natively (loader-specific behaviour); then
#   expected-stderr  is the exact stderr under ld-c18n ("@OUT@" substituted).
#   expected.bindnow optional: expected stdout when binding is immediate (C18N_MODE=bindnow).
#   needs-compartments  optional: the scenario asserts compartment behaviour; skipped when
#                    C18N_MODE=nocomp.
#   isolate-skip     optional: not run with C18N_MODE=isolate; the file says why (a stress
#                    test of millions of transitions, each of which costs several mprotect
#                    calls with isolation: tests/isolation covers the same paths at a rate
#                    isolation can sustain).  Printed as a SKIP line.
# Natively LD_LIBRARY_PATH=out; under ld-c18n LD_C18N_LIBRARY_PATH=out.  Under ld-c18n stdout
# and status must equal the expected ones and stderr must equal the native run's stderr.
# Extra loader options for every run come from $C18N_OPTS.  C18N_MODE selects a variant run:
#   bindnow  natively LD_BIND_NOW=1, under ld-c18n --bind-now;
#   nocomp   under ld-c18n --no-compartments;
#   isolate  under ld-c18n --isolate=enforce (memory isolation): every scenario's legitimate
#            patterns must run unchanged, none may report a violation.
here=$(cd "$(dirname "$0")" && pwd)
: "${OUTDIR:=$here/../out/scenarios}"
: "${LDC18N:=$here/../../build/ld-c18n}"
: "${CC:=gcc}"; : "${CXX:=g++}"; : "${CFLAGS:=-O1 -g}"
export CC CXX CFLAGS
only="$1"
run_mode="${C18N_MODE:-}"
native_env=""
case "$run_mode" in
bindnow) C18N_OPTS="$C18N_OPTS --bind-now"; native_env="LD_BIND_NOW=1" ;;
nocomp) C18N_OPTS="$C18N_OPTS --no-compartments" ;;
isolate) C18N_OPTS="$C18N_OPTS --isolate=enforce" ;;
esac
for dir in "$here"/*/; do
    name=$(basename "$dir")
    [ -n "$only" ] && [ "$name" != "$only" ] && continue
    [ -f "$dir/build" ] || continue
    [ "$run_mode" = nocomp ] && [ -f "$dir/needs-compartments" ] && continue
    if [ "$run_mode" = isolate ] && [ -f "$dir/isolate-skip" ]; then
        echo "SKIP: $name ($(head -1 "$dir/isolate-skip"))"; continue
    fi
    out="$OUTDIR/$name"; rm -rf "$out"; mkdir -p "$out"
    if ! (cd "$out" && SRC="${dir%/}" sh "$dir/build") >"$out/build.log" 2>&1; then
        echo "FAIL: $name (build)"; sed 's/^/  /' "$out/build.log" | head -40; continue
    fi
    exp="$dir/expected"
    [ "$run_mode" = bindnow ] && [ -f "$dir/expected.bindnow" ] && exp="$dir/expected.bindnow"
    sed "s|@OUT@|$out|g" "$exp" >"$out/expected.out"
    want_status=0; [ -f "$dir/expected-status" ] && want_status=$(cat "$dir/expected-status")
    args=""; [ -f "$dir/args" ] && args=$(cat "$dir/args")
    envs=""; [ -f "$dir/env" ] && envs=$(grep -v '^#' "$dir/env" | tr '\n' ' ')
    input=/dev/null; [ -f "$dir/stdin" ] && input="$dir/stdin"
    run() { # mode
        if [ "$1" = native ]; then
            (cd "$out" && eval "env LD_LIBRARY_PATH=\"$out\" $native_env $envs ./prog $args") \
                <"$input" >"$out/native.out" 2>"$out/native.err"
        else
            (cd "$out" && eval "env LD_C18N_LIBRARY_PATH=\"$out\" $envs timeout 60 \"$LDC18N\" $C18N_OPTS ./prog $args") \
                <"$input" >"$out/c18n.out" 2>"$out/c18n.err"
        fi
    }
    check() { # mode label
        mode=$1; st=$2; ok=1; why=""
        if ! cmp -s "$out/expected.out" "$out/$mode.out"; then ok=0; why="stdout differs"; fi
        if [ "$st" != "$want_status" ]; then ok=0; why="$why status $st (want $want_status)"; fi
        if [ "$mode" = c18n ]; then
            if [ -f "$dir/native-skip" ]; then
                sed "s|@OUT@|$out|g" "$dir/expected-stderr" >"$out/expected.err"
                cmp -s "$out/expected.err" "$out/c18n.err" || { ok=0; why="$why stderr differs from expected-stderr"; ref="$out/expected.err"; }
            elif [ -f "$out/native.err" ]; then
                cmp -s "$out/native.err" "$out/c18n.err" || { ok=0; why="$why stderr differs from native"; ref="$out/native.err"; }
            fi
        fi
        label=native; [ "$mode" = c18n ] && label=ld-c18n
        if [ $ok = 1 ]; then echo "PASS: $name ($label)"; else
            echo "FAIL: $name ($label):$why"
            diff "$out/expected.out" "$out/$mode.out" | head -20 | sed 's/^/  /'
            [ -n "$ref" ] && diff "$ref" "$out/$mode.err" | head -20 | sed 's/^/  /'
        fi
        ref=""
    }
    if [ ! -f "$dir/native-skip" ]; then run native; check native $?; fi
    run c18n; check c18n $?
done
