#!/bin/sh
# Tracing suite: LD_C18N_TRACE / --trace, LD_C18N_TRACE_FORMAT, LD_C18N_STATS / --stats
# (design.md section 5, issue 4) and tools/c18n-trace.
#
# Builds, in OUTDIR/b, a program and three libraries whose compartment transitions are known
# exactly (prog.c says how): the program calls liba.so's a_fn N1 times, the first N2 of which
# call libb.so's b_fn; dlopen()s libplug.so and calls plug_fn through dlsym N3 times; one
# pthread (start routine thr_main) calls liba.so's a_thr N4 times.  Then checks, with
# check.py:
#   trace-*    the exact text records of a tiny run (tids as the program prints them; records
#              of the program's own calls and of initialisers/finalisers compared apart), the
#              same records on every destination (1, stderr, --trace, PATH, --trace=PATH), and
#              none at all with tracing off; JSON records: exact keys in order, types, ts on
#              CLOCK_MONOTONIC within the run; 4 threads tracing at once in both formats: every
#              line a whole record; a callback from the trusted base;
#   trace-end-*, trace-fork, trace-flush-each, trace-threads-pipe
#              records are buffered per thread, yet every one is written however the process
#              ends (exit, _exit, a fault, abort, SIGTERM, exec; SIGKILL with
#              LD_C18N_TRACE_FLUSH=1), once across fork, and whole lines through a pipe;
#   trace-sample-*  LD_C18N_TRACE_SAMPLE=N: one call in N with its return, exact statistics;
#   stats-*    exact edge counts (also from 4 threads at once, and for an entry called from
#              three compartments), transitions == their sum == the trace's calls, compartments,
#              stacks, trampolines (== entries the loader's debug output reports), --stats;
#   tool-*     tools/c18n-trace on hand-written inputs (busiest edges, DOT, Chrome, errors) and
#              on the loader's output (busiest edges, DOT rendered by dot -Tsvg, Chrome JSON);
#   man-*      man/c18n-trace.1 documents the tool's options and renders cleanly;
#   refine-*   an entry's stack-argument bytes from a C++ name are worked out at its first
#              call (LD_C18N_DEBUG=compartments reports it), never for an entry not called.
# Contract (tests/run.sh): "PASS: name" / "FAIL: name" lines (anything else is diagnostics),
# OUTDIR scratch, LDC18N names the loader; CC (default gcc).  Needs /usr/bin/python3 and dot
# (graphviz, in the Makefile's TEST_PKGS).
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
: "${OUTDIR:=$here/../out/trace}"
: "${LDC18N:=$root/build/ld-c18n}"
: "${CC:=gcc}"
case $LDC18N in /*) ;; *) LDC18N=$(pwd)/$LDC18N ;; esac
TOOL=$root/tools/c18n-trace
PY=/usr/bin/python3
CHECK="$PY $here/check.py"
mkdir -p "$OUTDIR" || exit 1
OUTDIR=$(cd "$OUTDIR" && pwd -P)
cd "$OUTDIR" || exit 1
for v in $(env | sed -n 's/^\(LD_C18N_[A-Z_]*\)=.*/\1/p'); do unset "$v"; done
LC_ALL=C; export LC_ALL

pass() { echo "PASS: $1"; }
fail() { echo "FAIL: $1"; }
# check NAME CHECK-ARGS...: one check.py assertion as one test
check() {
    name=$1; shift
    if out=$($CHECK "$@" 2>&1); then pass "$name"; else fail "$name"; echo "$out"; fi
}
# verdict NAME CONDITION-STATUS [DIAGNOSTIC-FILE]...
verdict() {
    name=$1; st=$2; shift 2
    if [ "$st" -eq 0 ]; then pass "$name"; else
        fail "$name"
        for f in "$@"; do [ -s "$f" ] && { echo "  -- $f:"; head -20 "$f" | sed 's/^/  /'; }; done
    fi
}
# run OUT [VAR=value]... LOADER-ARGS...: in B, with the libraries' directory on the loader's
# path; stdout to OUT.out, stderr to OUT.err, status to $rc.
run() {
    o=$1; shift
    (cd "$B" && timeout 120 env LD_C18N_LIBRARY_PATH="$B" "$@") >"$o.out" 2>"$o.err"
    rc=$?
}
mono() { $PY -c 'import time; print(time.monotonic_ns())'; }

# ---- c18n-trace on hand-written inputs (no loader needed) ----------------------------------
S=$OUTDIR/samples
rm -rf "$S"; mkdir -p "$S"
cat >"$S/trace.json" <<'EOF'
{"event":"call","tid":100,"caller":"prog","callee":"liba.so","symbol":"a_fn","depth":1,"ts":1000}
{"event":"call","tid":100,"caller":"liba.so","callee":"libb.so","symbol":"b_fn","depth":2,"ts":1500}
{"event":"return","tid":100,"caller":"liba.so","callee":"libb.so","symbol":"b_fn","depth":2,"ts":2000}
{"event":"return","tid":100,"caller":"prog","callee":"liba.so","symbol":"a_fn","depth":1,"ts":2500}
{"event":"call","tid":100,"caller":"prog","callee":"liba.so","symbol":"a_fn","depth":1,"ts":3000}
{"event":"call","tid":101,"caller":"[TCB]","callee":"prog","symbol":"thr_main","depth":1,"ts":3050}
{"event":"return","tid":100,"caller":"prog","callee":"liba.so","symbol":"a_fn","depth":1,"ts":3100}
{"event":"call","tid":101,"caller":"prog","callee":"liba.so","symbol":"a_thr","depth":2,"ts":4100}
{"event":"return","tid":101,"caller":"prog","callee":"liba.so","symbol":"a_thr","depth":2,"ts":4200}
{"event":"return","tid":101,"caller":"[TCB]","callee":"prog","symbol":"thr_main","depth":1,"ts":4300}
{"event":"call","tid":100,"caller":"prog","callee":"libplug.so","symbol":"plug_fn","depth":1,"ts":5000}
EOF
cat >"$S/busiest.want" <<'EOF'
prog    -> liba.so    a_fn     2
[TCB]   -> prog       thr_main 1
liba.so -> libb.so    b_fn     1
prog    -> liba.so    a_thr    1
prog    -> libplug.so plug_fn  1
EOF
"$TOOL" "$S/trace.json" >"$S/busiest.got" 2>&1
cmp -s "$S/busiest.want" "$S/busiest.got"
verdict "tool-sample: busiest edges of a trace, busiest first, ties by name" $? "$S/busiest.got"
"$TOOL" --top 2 "$S/trace.json" >"$S/top2.got" 2>&1
printf 'prog  -> liba.so a_fn     2\n[TCB] -> prog    thr_main 1\n' | cmp -s - "$S/top2.got"
verdict "tool-sample: --top 2" $? "$S/top2.got"

# a pretty-printed stats file (the tool must not assume one line)
$PY -c '
import json
d = {"compartments": [{"id": 0, "name": "[RTLD]", "objects": []},
                      {"id": 1, "name": "[TCB]", "objects": ["/lib/x86_64-linux-gnu/libc.so.6"]},
                      {"id": 2, "name": "prog", "objects": ["./prog"]},
                      {"id": 3, "name": "liba.so", "objects": ["./liba.so"]},
                      {"id": 4, "name": "libb.so", "objects": ["./libb.so"]}],
     "trampolines": 9, "stacks": 4, "transitions": 14,
     "edges": [{"caller": "prog", "callee": "liba.so", "symbol": "a_fn", "calls": 7},
               {"caller": "liba.so", "callee": "libb.so", "symbol": "b_fn", "calls": 3},
               {"caller": "prog", "callee": "liba.so", "symbol": "a_thr", "calls": 2},
               {"caller": "prog", "callee": "liba.so", "symbol": "a_x", "calls": 1},
               {"caller": "prog", "callee": "liba.so", "symbol": "a_y", "calls": 1}]}
print(json.dumps(d, indent=2))' >"$S/stats.json"
"$TOOL" --top 3 --dot "$S/stats.dot" "$S/stats.json" >"$S/stats.got" 2>&1
printf 'prog    -> liba.so a_fn  7\nliba.so -> libb.so b_fn  3\nprog    -> liba.so a_thr 2\n' |
    cmp -s - "$S/stats.got"
verdict "tool-sample: busiest edges of a stats file" $? "$S/stats.got"
check "tool-sample: DOT edge label: total calls, top symbols, the rest counted" \
    dot-label "$S/stats.dot" prog liba.so "11 calls" "a_fn (7)" "a_thr (2)" "a_x (1)" "+1 more"
dot -Tsvg "$S/stats.dot" >"$S/stats.svg" 2>"$S/dot.err"
verdict "tool-sample: the DOT graph renders with dot -Tsvg" $? "$S/dot.err"
check "tool-sample: the SVG has one node per compartment, one edge per pair" svg "$S/stats.svg" \
    "$S/stats.json"

"$TOOL" --chrome "$S/chrome.json" "$S/trace.json" >/dev/null 2>"$S/chrome.err"
$PY - "$S/chrome.json" >"$S/chrome.got" 2>&1 <<'EOF'
import json, sys
ev = json.load(open(sys.argv[1]))["traceEvents"]
for e in ev:
    print(e["ph"], e["pid"], e["tid"], e["ts"], e["dur"], e["name"],
          ",".join(k for k in ("unwound", "unfinished") if e["args"].get(k)))
EOF
cat >"$S/chrome.want" <<'EOF'
X 1 100 1.0 1.5 prog -> liba.so: a_fn 
X 1 100 1.5 0.5 liba.so -> libb.so: b_fn 
X 1 100 3.0 0.1 prog -> liba.so: a_fn 
X 1 101 3.05 1.25 [TCB] -> prog: thr_main 
X 1 101 4.1 0.1 prog -> liba.so: a_thr 
X 1 100 5.0 0.0 prog -> libplug.so: plug_fn unfinished
EOF
cmp -s "$S/chrome.want" "$S/chrome.got"
verdict "tool-sample: Chrome trace: one X event per call, ts/dur in us, unfinished marked" $? \
    "$S/chrome.got" "$S/chrome.err"
"$TOOL" --chrome "$S/x.json" "$S/stats.json" >"$S/cs.out" 2>"$S/cs.err"; st=$?
[ $st -eq 1 ] && [ "$(wc -l <"$S/cs.err")" -eq 1 ] && grep -q 'needs a trace' "$S/cs.err" &&
    [ ! -e "$S/x.json" ] && [ ! -s "$S/cs.out" ]
verdict "tool-sample: --chrome on a stats file: one-line error, status 1, nothing written" $? \
    "$S/cs.err"

# bad inputs: one line "c18n-trace: FILE:LINE: ...", status 1
bad_input() { # NAME FILE LINE MESSAGE-PART
    "$TOOL" "$2" >"$2.out" 2>"$2.err"; st=$?
    [ $st -eq 1 ] && [ "$(wc -l <"$2.err")" -eq 1 ] && [ ! -s "$2.out" ] &&
        grep -q "^c18n-trace: $2:$3: .*$4" "$2.err"
    verdict "tool-bad-input: $1" $? "$2.err" "$2.out"
}
{ head -2 "$S/trace.json"; echo '{"event":"call","tid":1,'; } >"$S/bad1"
bad_input "truncated JSON line" "$S/bad1" 3 "not JSON"
{ head -3 "$S/trace.json"; echo '{"event":"call","tid":1,"caller":"a","symbol":"f","depth":1,"ts":5}'; } \
    >"$S/bad2"
bad_input "record without callee" "$S/bad2" 4 'no "callee"'
echo 'c18n-trace: tid=5 call prog -> liba.so a_fn depth=1' >"$S/bad3"
bad_input "a text trace (hint: use json)" "$S/bad3" 1 "LD_C18N_TRACE_FORMAT=json"
$PY -c '
import json, sys
d = json.load(open(sys.argv[1])); del d["edges"][2]["calls"]
print(json.dumps(d, indent=2))' "$S/stats.json" >"$S/bad4"
line=$(grep -n '"symbol": "a_thr"' "$S/bad4" | cut -d: -f1); line=$((line - 3))
bad_input "stats edge without calls (pretty-printed: the edge's line)" "$S/bad4" "$line" \
    'no "calls"'
$PY -c 'import sys; print(open(sys.argv[1]).read()[:-40])' "$S/stats.json" >"$S/bad5"
bad_input "truncated stats document" "$S/bad5" "$(wc -l <"$S/bad5")" "not JSON"
echo '{"event":"call","tid":"1","caller":"a","callee":"b","symbol":"f","depth":1,"ts":5}' >"$S/bad6"
bad_input "tid not an integer" "$S/bad6" 1 '"tid" is not an integer'

# ---- the man page --------------------------------------------------------------------------
MAN=$root/man/c18n-trace.1
"$TOOL" --help >"$S/help" 2>&1
st=0
for o in --top --dot --chrome; do
    grep -q -- "$o" "$S/help" || { echo "  --help lacks $o"; st=1; }
    grep -q "^\.B[RI]* *\\\\-\\\\-${o#--}" "$MAN" || { echo "  man page lacks $o"; st=1; }
done
verdict "man-options: man/c18n-trace.1 and --help document --top, --dot, --chrome" $st
groff -man -Tutf8 -ww -z "$MAN" >"$S/groff.err" 2>&1 && [ ! -s "$S/groff.err" ]
verdict "man-renders: man/c18n-trace.1 renders without warnings" $? "$S/groff.err"

# ---- build ---------------------------------------------------------------------------------
B=$OUTDIR/b
rm -rf "$B"; mkdir -p "$B"
if (cd "$B" &&
    $CC -O1 -g -fPIC -shared -o libb.so "$here/libb.c" &&
    $CC -O1 -g -fPIC -shared -o liba.so "$here/liba.c" -L. -lb &&
    $CC -O1 -g -fPIC -shared -o libplug.so "$here/libplug.c" &&
    $CC -O1 -g -pthread -o prog "$here/prog.c" -L. -la -Wl,-rpath-link,. -ldl \
        -Wl,--export-dynamic-symbol=thr_main) >"$OUTDIR/build.log" 2>&1; then
    pass "build the program and libraries"
else
    fail "build the program and libraries"; sed 's/^/  /' "$OUTDIR/build.log" | head -40
    exit 0
fi
# the program's own result, natively: every run under ld-c18n must print the same
(cd "$B" && LD_LIBRARY_PATH="$B" ./prog calls 3 2 4 5) 2>&1 | grep '^sum' >"$OUTDIR/native.sum"
(cd "$B" && LD_LIBRARY_PATH="$B" ./prog calls 2 1 1 1) 2>&1 | grep '^sum' >"$OUTDIR/native.tiny"

# ---- tracing off ---------------------------------------------------------------------------
ls "$B" >"$OUTDIR/files.before"
run off "$LDC18N" ./prog calls 3 2 4 5
st=$rc; [ -s off.err ] && st=1
grep '^sum' off.out | cmp -s - native.sum || st=1
run off2 LD_C18N_TRACE_FORMAT=json "$LDC18N" ./prog calls 3 2 4 5
[ $rc -eq 0 ] && [ ! -s off2.err ] || st=1
ls "$B" | cmp -s - "$OUTDIR/files.before" || st=1
verdict "trace-off: no trace output and no file without LD_C18N_TRACE" $st off.err off2.err off.out

# ---- text traces ---------------------------------------------------------------------------
run tiny LD_C18N_TRACE=1 "$LDC18N" ./prog calls 2 1 1 1
st=$rc; grep '^sum' tiny.out | cmp -s - native.tiny || st=1
verdict "trace-run: prog calls 2 1 1 1 under LD_C18N_TRACE=1 runs as natively" $st tiny.out
check "trace-text-program: exact records of the program's own transitions" \
    text-exact "$here/expected-calls.text" tiny.err tiny.out program
check "trace-text-initfini: exact records of initialisers and finalisers ([RTLD] -> LIB)" \
    text-exact "$here/expected-calls.text" tiny.err tiny.out initfini
check "trace-text-nesting: returns repeat their calls, depth counts open transitions" \
    nesting tiny.err

run dest-stderr LD_C18N_TRACE=stderr LD_C18N_TRACE_FORMAT=text "$LDC18N" ./prog calls 2 1 1 1
check "trace-dest: LD_C18N_TRACE=stderr (LD_C18N_TRACE_FORMAT=text) = LD_C18N_TRACE=1" \
    same-records tiny.err dest-stderr.err
run dest-opt "$LDC18N" --trace ./prog calls 2 1 1 1
check "trace-dest: --trace = LD_C18N_TRACE=1" same-records tiny.err dest-opt.err
run dest-opt2 "$LDC18N" --trace=stderr ./prog calls 2 1 1 1
check "trace-dest: --trace=stderr = LD_C18N_TRACE=1" same-records tiny.err dest-opt2.err

echo "stale content that must go" >"$B/trace.txt"
run dest-file LD_C18N_TRACE="$B/trace.txt" "$LDC18N" ./prog calls 2 1 1 1
if [ -s dest-file.err ]; then
    fail "trace-dest: LD_C18N_TRACE=PATH: nothing on stderr"; head -5 dest-file.err
else
    pass "trace-dest: LD_C18N_TRACE=PATH: nothing on stderr"
fi
check "trace-dest: LD_C18N_TRACE=PATH truncates PATH and writes the same records" \
    same-records tiny.err "$B/trace.txt"
run dest-optfile LD_C18N_TRACE="$B/env-trace.txt" "$LDC18N" --trace="$B/opt-trace.txt" \
    ./prog calls 2 1 1 1
st=0; [ -e "$B/env-trace.txt" ] && { echo "  env-trace.txt was written"; st=1; }
[ -s dest-optfile.err ] && st=1
verdict "trace-dest: --trace=PATH wins over LD_C18N_TRACE (its file is not even created)" $st \
    dest-optfile.err
check "trace-dest: --trace=PATH writes the same records" same-records tiny.err "$B/opt-trace.txt"

# a traced process tree (LD_C18N_FOLLOW_EXEC): sh -c runs a pipeline of two programs under
# ld-c18n too, and %p gives each process a file of its own
rm -f "$B"/tree.*
run tree LD_C18N_TRACE="$B/tree.%p" "$LDC18N" /bin/sh -c \
    './prog calls 2 1 1 1 >/dev/null | ./prog calls 2 1 1 1'
n=0
for f in "$B"/tree.*; do
    [ -f "$f" ] && $CHECK same-records tiny.err "$f" >/dev/null 2>&1 && n=$((n + 1))
done
st=$rc; [ "$n" -eq 2 ] || { echo "  files with prog's records: $n (want 2)"; st=1; }
grep '^sum' tree.out | cmp -s - native.tiny || st=1
verdict "trace-tree: sh -c 'prog | prog' traced with %p: each prog's own file holds its records" \
    $st tree.out tree.err

# ---- JSON traces ---------------------------------------------------------------------------
t0=$(mono)
run json LD_C18N_TRACE="$B/trace.json" LD_C18N_TRACE_FORMAT=json "$LDC18N" ./prog calls 2 1 1 1
t1=$(mono)
check "trace-json: one object per line, keys event,tid,caller,callee,symbol,depth,ts in order, ts CLOCK_MONOTONIC ns within the run" \
    json-records "$B/trace.json" "$t0" "$t1" json.out
check "trace-json: the same records as the text trace" same-records tiny.err "$B/trace.json"

# ---- many threads at once ------------------------------------------------------------------
run thr LD_C18N_TRACE="$B/threads.json" LD_C18N_TRACE_FORMAT=json "$LDC18N" ./prog threads 4 5000
check "trace-threads-json: 4 threads x 5000 calls: every line one whole JSON record, exact counts" \
    threads "$B/threads.json" json 4 5000
run thrtext LD_C18N_TRACE=1 "$LDC18N" ./prog threads 4 5000
check "trace-threads-text: 4 threads x 5000 calls on stderr: every line one whole record" \
    threads thrtext.err text 4 5000

run thrpipe sh -c 'LD_C18N_TRACE=1 "$0" ./prog threads 4 5000 2>&1 >/dev/null | cat >thrpipe.txt' \
    "$LDC18N"
check "trace-threads-pipe: 4 threads x 5000 calls through a pipe: every line one whole record" \
    threads "$B/thrpipe.txt" text 4 5000

# ---- records are buffered, and none is lost however the process ends -----------------------
# (a_fn's calls, counted in the trace: N calls and N returns)
calls_in() { grep -c "^c18n-trace: tid=[0-9]* $2 prog -> liba\.so a_fn depth=1\$" "$1"; }
for how in exit _exit segv abort term exec; do
    rm -f "$B/end-$how.txt"
    run "end-$how" LD_C18N_TRACE="$B/end-$how.txt" "$LDC18N" ./prog end $how 1000
    c=$(calls_in "$B/end-$how.txt" call); r=$(calls_in "$B/end-$how.txt" return)
    st=0; [ "$c" = 1000 ] && [ "$r" = 1000 ] || st=1
    [ $st = 0 ] || echo "  $how: $c calls and $r returns recorded (want 1000 each), status $rc"
    verdict "trace-end-$how: 1000 traced calls, then the process ends by $how: every record written" \
        $st "end-$how.err"
done
rm -f "$B/end-kill.txt"
run end-kill LD_C18N_TRACE="$B/end-kill.txt" LD_C18N_TRACE_FLUSH=1 "$LDC18N" ./prog end kill 1000
c=$(calls_in "$B/end-kill.txt" call); r=$(calls_in "$B/end-kill.txt" return)
st=0; [ "$c" = 1000 ] && [ "$r" = 1000 ] || { st=1; echo "  kill: $c calls, $r returns"; }
verdict "trace-flush-each: LD_C18N_TRACE_FLUSH=1 writes each record at once (even SIGKILL loses none)" \
    $st end-kill.err
rm -f "$B/fork.txt"
run fork LD_C18N_TRACE="$B/fork.txt" "$LDC18N" ./prog fork 100 200 300
st=0
tids=$(sed -n 's/^c18n-trace: tid=\([0-9]*\) call prog -> liba\.so a_fn .*/\1/p' "$B/fork.txt" |
    sort | uniq -c | awk '{print $1}' | sort -n | tr '\n' ' ')
[ "$tids" = "200 400 " ] || { st=1; echo "  calls per thread id: $tids(want 200 400)"; }
verdict "trace-fork: a child's records and its parent's, each once (nothing buffered is written twice)" \
    $st fork.err

rm -f "$B/sample.txt"
run sample LD_C18N_TRACE="$B/sample.txt" LD_C18N_TRACE_SAMPLE=10 LD_C18N_STATS="$B/sample.json" \
    "$LDC18N" ./prog end exit 1000
c=$(calls_in "$B/sample.txt" call); r=$(calls_in "$B/sample.txt" return)
st=0; [ "$c" -ge 99 ] && [ "$c" -le 101 ] && [ "$c" = "$r" ] || { st=1; echo "  $c calls, $r returns of a_fn recorded (want 99-101, as many returns)"; }
verdict "trace-sample: LD_C18N_TRACE_SAMPLE=10 records one call in ten, each with its return" $st sample.err
check "trace-sample-nesting: the sampled records still nest" nesting "$B/sample.txt"
check "trace-sample-stats: statistics stay exact" stats-edges "$B/sample.json" "prog|liba.so|a_fn=1000"
run sample-bad LD_C18N_TRACE=1 LD_C18N_TRACE_SAMPLE=x "$LDC18N" ./prog end exit 1
st=0; [ $rc = 127 ] && grep -q "^ld-c18n: LD_C18N_TRACE_SAMPLE: 'x' is not a number of calls (1 or more)\$" sample-bad.err || st=1
verdict "trace-sample-bad: LD_C18N_TRACE_SAMPLE=x is refused with status 127" $st sample-bad.err

# ---- a callback from the trusted base ------------------------------------------------------
run cb LD_C18N_TRACE=1 "$LDC18N" ./prog callback
check "trace-callback: bsearch's call of liba.so's comparator is [TCB] -> liba.so a_cmp" \
    text-exact "$here/expected-callback.text" cb.err cb.out program

# ---- statistics ----------------------------------------------------------------------------
# N1=3 N2=2 N3=4 N4=5
run stats LD_C18N_STATS="$B/stats.json" "$LDC18N" ./prog calls 3 2 4 5
st=$rc; [ -s stats.err ] && st=1
verdict "stats-run: LD_C18N_STATS=PATH: the program runs, nothing on stderr" $st stats.err
check "stats-shape: keys in order, edges sorted by calls, transitions == sum of calls" \
    stats-shape "$B/stats.json"
check "stats-edges: exact calls of every edge the program makes" stats-edges "$B/stats.json" \
    "prog|liba.so|a_fn=3" "liba.so|libb.so|b_fn=2" "prog|libplug.so|plug_fn=4" \
    "[TCB]|prog|thr_main=1" "prog|liba.so|a_thr=5"
check "stats-unique: one edge per (caller, callee, symbol)" stats-unique "$B/stats.json"
check "stats-initfini: initialiser and finaliser edges are [RTLD] -> LIB, by function name" \
    stats-initfini "$B/stats.json"
check "stats-compartments: ids, names and objects of every compartment" \
    stats-compartments "$B/stats.json" "$B"
# stacks: the main thread enters [RTLD] (which runs the initialisers and finalisers), liba.so,
# libb.so and libplug.so (it runs prog on its own stack); the pthread enters prog (from
# [TCB]) and liba.so
check "stats-stacks: 6 compartment stacks" stats-value "$B/stats.json" stacks 6

run both LD_C18N_STATS="$B/both.json" LD_C18N_TRACE="$B/both-trace.json" \
    LD_C18N_TRACE_FORMAT=json LD_C18N_DEBUG=compartments LD_C18N_DEBUG_OUTPUT="$B/both.debug" \
    "$LDC18N" ./prog calls 3 2 4 5
check "stats-vs-trace: every edge count equals the trace's calls of that edge" \
    stats-vs-trace "$B/both.json" "$B/both-trace.json"
check "stats-same: a run with tracing and debug output on gives the same statistics" \
    stats-same "$B/stats.json" "$B/both.json"
entries=$(grep -c ': entry [0-9]* for ' "$B/both.debug")
check "stats-trampolines: trampolines == entries made (LD_C18N_DEBUG=compartments: $entries)" \
    stats-value "$B/both.json" trampolines "$entries"

run sopt "$LDC18N" --stats="$B/stats-opt.json" ./prog calls 3 2 4 5
check "stats-opt: --stats=PATH writes the same statistics" stats-same "$B/stats.json" \
    "$B/stats-opt.json"
run sopt2 "$LDC18N" --stats ./prog calls 3 2 4 5
check "stats-opt: --stats alone writes them to stderr" stats-same "$B/stats.json" sopt2.err

# the entries' own counters: lock-free from 4 threads at once, and a third caller of one entry
run sthr LD_C18N_STATS="$B/stats-threads.json" "$LDC18N" ./prog threads 4 5000
check "stats-threads: 4 threads x 5000 calls at once: the edge counts every one" stats-edges \
    "$B/stats-threads.json" "prog|liba.so|a_fn=20000"
$CC -fPIC -shared -o "$B/libsink.so" "$here/fanin-sink.c" &&
$CC -fPIC -shared -DFN=fa -o "$B/libfa.so" "$here/fanin-lib.c" -L"$B" -lsink &&
$CC -fPIC -shared -DFN=fb -o "$B/libfb.so" "$here/fanin-lib.c" -L"$B" -lsink &&
$CC -o "$B/fanin" "$here/fanin.c" -L"$B" -lsink -lfa -lfb
run fanin LD_C18N_STATS="$B/stats-fanin.json" "$LDC18N" ./fanin 1000
check "stats-fanin: one entry called from three compartments: each caller's edge exact" \
    stats-edges "$B/stats-fanin.json" "fanin|libsink.so|sink=1000" \
    "libfa.so|libsink.so|sink=2000" "libfb.so|libsink.so|sink=3000" "fanin|libfa.so|fa=1" \
    "fanin|libfb.so|fb=1"

# ---- c18n-trace on the loader's output ------------------------------------------------------
# (--top 3: the fourth place is a tie at 2 calls between b_fn and liba.so's unnamed
# initialiser and finaliser, "?")
"$TOOL" --top 3 "$B/both-trace.json" >tool-trace.out 2>&1
printf '%s\n' 'prog -> liba.so    a_thr   5' 'prog -> libplug.so plug_fn 4' \
    'prog -> liba.so    a_fn    3' >tool.want
cmp -s tool.want tool-trace.out
verdict "tool-busiest: --top 3 of the trace: a_thr 5, plug_fn 4, a_fn 3" $? tool-trace.out
"$TOOL" --top 3 "$B/both.json" >tool-stats.out 2>&1
cmp -s tool.want tool-stats.out
verdict "tool-busiest: --top 3 of the stats file: the same" $? tool-stats.out
"$TOOL" --top 0 "$B/both.json" >tool-all.out 2>&1
grep -q '^liba.so -> libb.so *b_fn *2$' tool-all.out
verdict "tool-busiest: liba.so -> libb.so b_fn 2 is listed" $? tool-all.out
"$TOOL" --top 0 "$B/both-trace.json" >tool-all-trace.out 2>&1
"$TOOL" --top 0 "$B/both.json" >tool-all-stats.out 2>&1
cmp -s tool-all-trace.out tool-all-stats.out && [ -s tool-all-trace.out ]
verdict "tool-busiest: --top 0 (every edge) agrees between the trace and the stats" $? \
    tool-all-trace.out tool-all-stats.out

"$TOOL" --top 1 --dot "$B/graph.dot" "$B/both.json" >/dev/null 2>tool-dot.err
st=$?
dot -Tsvg "$B/graph.dot" >"$B/graph.svg" 2>>tool-dot.err || st=1
verdict "tool-dot: c18n-trace --dot of the stats renders with dot -Tsvg" $st tool-dot.err
check "tool-dot: the SVG has one node per compartment, one labelled edge per pair" \
    svg "$B/graph.svg" "$B/both.json"
check "tool-dot: liba.so -> libb.so is labelled 2 calls, b_fn (2)" \
    dot-label "$B/graph.dot" liba.so libb.so "2 calls" "b_fn (2)"
check "tool-dot: [TCB] -> prog is labelled 1 call, thr_main (1)" \
    dot-label "$B/graph.dot" "[TCB]" prog "1 call" "thr_main (1)"
"$TOOL" --dot "$B/graph-trace.dot" "$B/threads.json" >/dev/null 2>tool-dot2.err &&
    dot -Tsvg "$B/graph-trace.dot" >"$B/graph-trace.svg" 2>>tool-dot2.err &&
    $PY -c 'import sys, xml.etree.ElementTree as E; sys.exit(E.parse(sys.argv[1]).getroot().tag != "{http://www.w3.org/2000/svg}svg")' "$B/graph-trace.svg"
verdict "tool-dot: --dot of a 4-thread trace renders to SVG too" $? tool-dot2.err

"$TOOL" --top 1 --chrome "$B/chrome.json" "$B/both-trace.json" >/dev/null 2>tool-chrome.err
verdict "tool-chrome: c18n-trace --chrome of the trace" $? tool-chrome.err
check "tool-chrome: valid JSON, one X event per call record, ts/dur from the trace" \
    chrome "$B/chrome.json" "$B/both-trace.json"
"$TOOL" --chrome "$B/chrome-threads.json" "$B/threads.json" >/dev/null 2>tool-chrome2.err
check "tool-chrome: the 4-thread trace: one X event per call" \
    chrome "$B/chrome-threads.json" "$B/threads.json"

# ---- stack-argument bytes from a C++ name, read at an entry's first call -------------------
# libref.so has no DWARF; refprog takes the addresses of three of its functions (entries at
# start-up) and calls two of them twice.  The debug output (compartments) reports each
# entry's answer once, at its first call: 0 for ref_two(long, long); the default window for
# ref_eight (eight longs: the last two may be on the stack); nothing for ref_never.
if (cd "$B" && ${CXX:-g++} -O1 -fPIC -shared -o libref.so "$here/libref.cc" &&
    ${CXX:-g++} -O1 -o refprog "$here/refprog.cc" -L. -lref) >"$OUTDIR/build-ref.log" 2>&1
then
    run ref LD_C18N_DEBUG=compartments "$LDC18N" ./refprog
    grep 'stack arguments from its first call on$' ref.err | sed 's/^ *[0-9]*: entry [0-9]* for //' | grep '_Z[0-9]*ref_' >ref.got
    printf '%s\n' '_Z7ref_twoll: 0 bytes of stack arguments from its first call on' \
        '_Z9ref_eightllllllll: 128 bytes of stack arguments from its first call on' >ref.want
    [ $rc -eq 0 ] && grep -qx 'refprog 62 1' ref.out && cmp -s ref.want ref.got
    verdict "refine-first-call: an entry's C++ name is read once, at its first call: 0 for ref_two, the window for ref_eight, nothing for ref_never" \
        $? ref.got ref.out
    n=$(grep -c ': entry [0-9]* for _Z[0-9]*ref_[a-z]* in libref.so' ref.err)
    [ "$n" -eq 3 ]
    verdict "refine-entries: all three functions got entries at start-up ($n)" $? ref.err
else
    fail "refine-build: libref.so and refprog"; sed 's/^/  /' "$OUTDIR/build-ref.log" | head -20
fi
