#!/bin/sh
# Debugger suite (issue 15): gdb sees what ld-c18n loads (rtld/debugger.c).
#
# Builds, in OUTDIR/b, prog.c, libdbg.so (lib.c) and libplug.so (plug.c, dlopen'ed), then runs
# gdb in batch mode on the program natively and under ld-c18n (compartments on, off with
# --no-compartments, and with --isolate=enforce) and compares what a user reads:
#   stop-MODE     the "Breakpoint 1, lib_add (a=2, b=3) at lib.c:N" line of a breakpoint set
#                 (pending) on a library function before `run';
#   bt-MODE       the backtrace's frames in the test's own sources (function and file:line,
#                 in order): lib_add, then main;
#   print-MODE    a library global read at the breakpoint, and `finish''s returned value;
#   solibs        `info sharedlibrary' names the program and the library by absolute path,
#                 and libc;
#   line          `break prog.c:LINE' in the program, and a local printed there (pending
#                 under ld-c18n, as the program is loaded after gdb starts: README);
#   break-main    `break main' stops in the program's main (not in the loader's);
#   catch-throw   `catch throw' stops in __cxa_throw for an exception a C++ library throws
#                 through libstdc++'s compartment, the backtrace reaches main, and the
#                 program catches it, all as natively;
#   list          `list lib_add' prints the library's source as natively;
#   dlopen        a pending breakpoint in a library the program dlopen()s is hit, with the
#                 same frames as natively; after dlclose gdb disables it (library unloaded);
#   threads       `info threads' at a breakpoint lists the library's second thread;
#   core          a core file written at a crash in the library (gdb's gcore, so that the
#                 system's core_pattern does not matter) gives the same frames as natively,
#                 and the library's thread-local variable (core-tls);
#   tls-MODE      a thread-local variable of the library printed in each of two threads;
#   attach        gdb -p on a process running under ld-c18n, asleep in the library;
#   ext-*         tools/gdb/ld-c18n.py: info compartments, info c18n-stack, bt naming each
#                 frame's compartment with trampoline frames elided, and its auto-loading
#                 beside build/ld-c18n;
#   step-*        `step' into a cross-compartment call stops in the callee, as natively;
#   finish-*      `finish' from the callee ends in the caller with its value, as natively;
#   perf*         perf report names the program's and the library's hot functions, as
#                 natively; LD_C18N_PERF_MAP=1 names the entry stub in /tmp/perf-PID.map
#                 (when perf works here at all: it is run natively first);
#   crash-*       LD_C18N_DEBUG=crash: the report of a crash in the library (object, function,
#                 line, backtrace across compartments), and the same fatal signal as natively.
# Contract (tests/run.sh): "PASS: name" / "FAIL: name" lines (anything else is diagnostics),
# OUTDIR scratch, LDC18N names the loader; CC (default gcc).  Needs gdb (TEST_PKGS).
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
: "${OUTDIR:=$here/../out/gdb}"
: "${LDC18N:=$root/build/ld-c18n}"
: "${CC:=gcc}"
case $LDC18N in /*) ;; *) LDC18N=$(pwd)/$LDC18N ;; esac
mkdir -p "$OUTDIR" || exit 1
OUTDIR=$(cd "$OUTDIR" && pwd -P)
cd "$OUTDIR" || exit 1
for v in $(env | sed -n 's/^\(LD_C18N_[A-Z_]*\)=.*/\1/p'); do unset "$v"; done
unset DEBUGINFOD_URLS
LC_ALL=C; export LC_ALL

pass() { echo "PASS: $1"; }
fail() { echo "FAIL: $1"; }
# same NAME EXPECTED-FILE ACTUAL-FILE: pass when equal and not empty
same() {
    if [ -s "$2" ] && cmp -s "$2" "$3"; then pass "$1"; else
        fail "$1"; echo "  expected ($2):"; sed 's/^/    /' "$2"; echo "  got ($3):"
        sed 's/^/    /' "$3"
    fi
}
# has NAME FILE PATTERN...: pass when FILE has a line matching each (grep -E) pattern
has() {
    name=$1; f=$2; shift 2
    for p in "$@"; do
        if ! grep -Eq -- "$p" "$f"; then
            fail "$name"; echo "  no line matching /$p/ in $f:"; sed 's/^/    /' "$f" | head -40
            return
        fi
    done
    pass "$name"
}

if ! command -v gdb >/dev/null 2>&1; then
    echo "gdb is not installed (make test-deps installs it)"; fail gdb-installed; exit 0
fi

B=$OUTDIR/b
rm -rf "$B"; mkdir -p "$B"
$CC -g -O0 -fPIC -shared -o "$B/libdbg.so" "$here/lib.c" -lpthread &&
$CC -g -O0 -fPIC -shared -o "$B/libplug.so" "$here/plug.c" &&
$CC -g -O0 -o "$B/prog" "$here/prog.c" -L"$B" -ldbg -Wl,-rpath,"$B" -ldl &&
${CXX:-g++} -g -O0 -fPIC -shared -o "$B/libthrower.so" "$here/thrower.cc" &&
${CXX:-g++} -g -O0 -o "$B/catcher" "$here/catcher.cc" -L"$B" -lthrower -Wl,-rpath,"$B" || {
    fail build; exit 0
}
cd "$B" || exit 1

# gdbrun OUT MODE PROG-ARGS... < script: gdb in batch mode, the program natively (MODE
# native) or under ld-c18n (c18n, nocomp, isolate); output (stdout and stderr) to OUT
gdbrun() {
    o=$1; m=$2; shift 2
    cat >"$o.gdb"
    case $m in
        native) set -- "$B/prog" "$@" ;;
        c18n) set -- "$LDC18N" "$B/prog" "$@" ;;
        nocomp) set -- "$LDC18N" --no-compartments "$B/prog" "$@" ;;
        isolate) set -- "$LDC18N" --isolate=enforce "$B/prog" "$@" ;;
    esac
    timeout 120 gdb -nx -q -batch -x "$o.gdb" --args "$@" >"$o" 2>&1 </dev/null
}
# ext_at LOCATION: the commands that load the extension and run to a breakpoint at LOCATION
ext_at() {
    printf '%s\n' 'set pagination off' 'set breakpoint pending on' \
        "source $root/tools/gdb/ld-c18n.py" "break $1" run
}
# frames FILE: the backtrace lines' frames in this suite's sources, "function file:line"
frames() {
    sed -n 's/^#[0-9][0-9]* *\(0x[0-9a-f]* in \)\{0,1\}\([A-Za-z_][A-Za-z_0-9]*\) (.*) at \(.*\/\)\{0,1\}\([a-z]*\.cc\{0,1\}\):\([0-9]*\)$/\2 \4:\5/p' "$1" |
        grep -E ' (prog|lib|plug|thrower|catcher)\.cc?:' || :
}
# the "Breakpoint N, function (args) at file:line" line, without the directory, pointers as 0x
# (argv lies elsewhere under ld-c18n)
stopline() {
    grep -E '^(Breakpoint|Thread .* hit Breakpoint) [0-9]+, ' "$1" | head -1 |
        sed -e 's/ at .*\/\([^/]*\)$/ at \1/' -e 's/0x[0-9a-f]*/0x/g'
}

for m in native c18n nocomp isolate; do
    gdbrun "add.$m" $m add <<'EOF'
set pagination off
set breakpoint pending on
break lib_add
run
bt
print lib_counter
finish
EOF
    stopline "add.$m" >"stop.$m"
    frames "add.$m" >"bt.$m"
    grep -E '^(\$1 = |Value returned is )' "add.$m" >"print.$m"
done
for m in c18n nocomp isolate; do
    same "stop-$m" stop.native "stop.$m"
    same "bt-$m" bt.native "bt.$m"
    same "print-$m" print.native "print.$m"
done

gdbrun solibs c18n add <<'EOF'
set pagination off
set breakpoint pending on
break lib_add
run
info sharedlibrary
EOF
has solibs solibs " $B/prog\$" " $B/libdbg.so\$" "/libc\.so\.6\$"

# both NAME PROG-ARGS... < commands: the same gdb commands, after a prologue (no paging,
# breakpoints may be pending), natively and under ld-c18n; output to NAME.native, NAME.c18n
both() {
    n=$1; shift
    { echo 'set pagination off'; echo 'set breakpoint pending on'; cat; } >"$n.cmds"
    for m in native c18n; do gdbrun "$n.$m" $m "$@" <"$n.cmds"; done
}

line=$(grep -n 'printf("%d\\n", x);' "$here/prog.c" | cut -d: -f1)
both line add <<EOF
break prog.c:$line
run
print x
EOF
for m in native c18n; do { stopline line.$m; grep '^\$1 = ' line.$m; } >line.$m.out; done
same line line.native.out line.c18n.out

both main add <<'EOF'
break main
run
EOF
for m in native c18n; do stopline main.$m >main.$m.out; done
same break-main main.native.out main.c18n.out

both list add <<'EOF'
break lib_add
run
list lib_add
EOF
for m in native c18n; do grep -E '^[0-9]+	' list.$m >list.$m.out; done
same list list.native.out list.c18n.out

both dlopen plugin "$B/libplug.so" <<'EOF'
break plug_mul
run
bt
continue
EOF
for m in native c18n; do
    { stopline dlopen.$m; frames dlopen.$m; grep -E '^42$' dlopen.$m; } >dlopen.$m.out
done
same dlopen dlopen.native.out dlopen.c18n.out
has dlopen-unloaded dlopen.c18n 'disabling breakpoints for unloaded shared library ".*libplug\.so"'

both threads threads <<'EOF'
break lib_add
run
info threads
EOF
for m in native c18n; do grep -cE '^[* ] +[0-9]+ +Thread ' threads.$m >threads.$m.out; done
same threads threads.native.out threads.c18n.out

for m in native c18n; do
    rm -f "core.$m"
    gdbrun "crash.$m" $m crash <<EOF
set pagination off
run
generate-core-file $B/core.$m
EOF
    if [ -s "core.$m" ]; then
        if [ $m = native ]; then exe=$B/prog; else exe=$LDC18N; fi
        timeout 120 gdb -nx -q -batch -iex "source $root/tools/gdb/ld-c18n.py" \
            -ex 'bt -no-filters' -ex 'print lib_tls' "$exe" "core.$m" >"core.$m.bt" 2>&1 </dev/null
        frames "core.$m.bt" >"core.$m.out"
        grep -E '^\$[0-9]+ = ' "core.$m.bt" >"core-tls.$m.out"
    else
        : >"core.$m.out"; : >"core-tls.$m.out"
    fi
done
has core-lib core.c18n.out '^lib_crash lib\.c:'
same core core.native.out core.c18n.out
same core-tls core-tls.native.out core-tls.c18n.out

# a thread-local variable of the library, in each thread (through ld-c18n's libthread_db,
# tools/gdb/thread_db.c), as natively
for m in native c18n nocomp isolate; do
    { ext_at lib_add; echo 'print lib_tls'; echo 'thread apply all print lib_tls'; } |
        gdbrun "tls.$m" $m threads
    grep -E '^\$[0-9]+ = ' "tls.$m" >"tls.$m.out"
done
for m in c18n nocomp isolate; do same "tls-$m" tls.native.out "tls.$m.out"; done

"$LDC18N" "$B/prog" wait >/dev/null 2>&1 &
pid=$!
sleep 2
timeout 120 gdb -nx -q -batch -ex bt -ex 'info sharedlibrary' -p $pid >attach.out 2>&1 </dev/null
kill $pid 2>/dev/null; wait $pid 2>/dev/null
frames attach.out >attach.frames
if grep -q 'ptrace: Operation not permitted' attach.out; then
    echo "gdb -p is not permitted here (kernel.yama.ptrace_scope; not root): attach not tested"
else
    has attach attach.frames '^lib_wait lib\.c:' '^main prog\.c:'
    has attach-solibs attach.out " $B/libdbg.so\$"
fi

# catch throw: a C++ exception thrown in one library (through libstdc++, another compartment)
# and caught in the program; the backtrace from __cxa_throw reaches main, as natively
for m in native c18n; do
    if [ $m = native ]; then set -- "$B/catcher"; else set -- "$LDC18N" "$B/catcher"; fi
    timeout 120 gdb -nx -q -batch -ex 'set breakpoint pending on' -ex 'catch throw' -ex run \
        -ex bt -ex continue --args "$@" >"throw.$m" 2>&1 </dev/null
    { grep -o '^Catchpoint 1 (exception thrown)' "throw.$m"; frames "throw.$m"
      grep -E '^caught too big$' "throw.$m"; } >"throw.$m.out"
done
same catch-throw throw.native.out throw.c18n.out

# the extension (tools/gdb/ld-c18n.py): sourced, and auto-loaded beside build/ld-c18n
line=$(grep -n 'int x = lib_add(2, 3);' "$here/prog.c" | cut -d: -f1)
{ ext_at lib_add; echo 'info compartments'; echo 'info c18n-stack'; echo bt; } | gdbrun ext c18n add
has ext-compartments ext '^  +[0-9]+ prog +$' '^\* +[0-9]+ libdbg\.so +stack 0x[0-9a-f]+-0x[0-9a-f]+$' \
    "^ +$B/libdbg\\.so\$" '^ +[0-9]+ \[TCB\] +\(trusted\)$'
has ext-c18n-stack ext "^#0 +prog -> libdbg\\.so  lib_add  returns to main \\+ [0-9]+ at .*prog\\.c:$line\$"
has ext-bt ext '^#0  lib_add \[libdbg\.so\] \(a=2, b=3\) at .*lib\.c:[0-9]+$' \
    "^#[0-9]+ +0x[0-9a-f]+ in main \\[prog\\] \\(.*\\) at .*prog\\.c:$line\$" \
    '^    #[0-9]+ +0x[0-9a-f]+ in c18n_tramp_call_'
if [ -f "$root/build/ld-c18n-gdb.py" ] && [ "$(dirname "$LDC18N")" = "$root/build" ]; then
    timeout 120 gdb -nx -q -batch -iex "add-auto-load-safe-path $root/build" \
        -ex 'set breakpoint pending on' -ex 'break lib_add' -ex run -ex 'info compartments' \
        --args "$LDC18N" "$B/prog" add >autoload 2>&1 </dev/null
    has ext-autoload autoload '^\* +[0-9]+ libdbg\.so '
fi
# with the extension, `step' into a cross-compartment call stops in the callee's source after
# its prologue, as natively, and steps back out into the caller (gdbjit.c names the entry
# stubs, and under a debugger each lazily bound slot's stub); the first call (lazy binding),
# a bound one (LD_C18N_BIND_NOW), without compartments, under isolation, and a call through
# a pointer dlsym() returned.  Compared: the stop lines, addresses and directories left out.
steps() {
    sed -n '/^Breakpoint 1, /,$p' "$1" | grep -Ev '^(Breakpoint 1|\[|#)' |
        sed -e 's/ at .*\/\([^/]*\)$/ at \1/' -e 's/0x[0-9a-f]*/0x/g'
}
for sm in native c18n bindnow nocomp isolate; do
    mm=$sm; env=
    [ $sm = bindnow ] && { mm=c18n; env='set environment LD_C18N_BIND_NOW 1'; }
    gdbrun "step.$sm" $mm add <<EOF
set pagination off
set breakpoint pending on
$env
source $root/tools/gdb/ld-c18n.py
break prog.c:$line
run
step
step
step
step
step
step
EOF
    steps "step.$sm" >"steps.$sm"
done
for m in c18n bindnow nocomp isolate; do same "step-$m" steps.native "steps.$m"; done
# the second call through a lazily bound slot (its stub stays the way in, gdbjit.c)
tline=$(grep -n 'a second call through the same slot' "$here/prog.c" | cut -d: -f1)
for sm in native c18n isolate; do
    { ext_at "prog.c:$tline"; echo step; } | gdbrun "step2.$sm" $sm twice
    steps "step2.$sm" | sed 's/^Breakpoint 1, .*//' >"steps2.$sm"
done
for sm in c18n isolate; do same "step-second-$sm" steps2.native "steps2.$sm"; done
# with the extension, `finish' from a cross-compartment callee ends in the caller (through
# the landing pad), with the callee's value, as natively
for sm in native c18n nocomp isolate; do
    { ext_at lib_add; echo finish; echo 'bt -no-filters 1'; } | gdbrun "finish.$sm" $sm add
    { grep -E '^Value returned is ' "finish.$sm"; sed -n '/^Value returned is /,$p' "finish.$sm" |
        frames /dev/stdin; } >"finish.$sm.out"
done
for sm in c18n nocomp isolate; do same "finish-$sm" finish.native.out "finish.$sm.out"; done
pline=$(grep -n 'mul(6)' "$here/prog.c" | cut -d: -f1)
for m in native c18n; do
    gdbrun "step-dlsym.$m" $m plugin "$B/libplug.so" <<EOF
set pagination off
set breakpoint pending on
source $root/tools/gdb/ld-c18n.py
break prog.c:$pline
run
step
EOF
    steps "step-dlsym.$m" >"steps-dlsym.$m"
done
same step-dlsym steps-dlsym.native steps-dlsym.c18n

# perf: the library's hot function is named in the profile, as natively; with
# LD_C18N_PERF_MAP=1 the entry stub it is called through is named in /tmp/perf-PID.map
if command -v perf >/dev/null 2>&1 &&
    timeout 120 perf record -q -e cpu-clock -o perf.native.data "$B/prog" spin >/dev/null 2>perf.native.err; then
    timeout 120 env LD_C18N_PERF_MAP=1 perf record -q -e cpu-clock -o perf.c18n.data \
        "$LDC18N" "$B/prog" spin >perf.c18n.out 2>perf.c18n.err
    for m in native c18n; do
        perf report -i perf.$m.data --stdio --no-children --sort dso,sym 2>/dev/null >perf.$m.report
    done
    has perf-native perf.native.report 'libdbg\.so +\[\.\] lib_spin$'
    has perf perf.c18n.report 'libdbg\.so +\[\.\] lib_spin$' 'prog +\[\.\] prog_spin$'
    # (the loader's process id: the map file that names lib_spin's entry)
    if grep -l 'lib_spin@entry\[libdbg\.so\]$' /tmp/perf-*.map >perf.maps 2>/dev/null; then
        pass perf-map
    else
        fail perf-map; ls -la /tmp/perf-*.map 2>&1 | tail -5
    fi
    xargs rm -f <perf.maps
else
    echo "perf is unusable here (perf record failed natively):"; head -5 perf.native.err
fi

# LD_C18N_DEBUG=crash: a crash in the library is described, then takes its course (the same
# signal as natively)
cl=$(grep -n 'return \*p + lib_counter;' "$here/lib.c" | cut -d: -f1)
ml=$(grep -n 'printf("%d\\n", lib_crash(NULL));' "$here/prog.c" | cut -d: -f1)
sh -c '"$0" crash' "$B/prog" >/dev/null 2>&1
echo "status $?" >crash.native.status
for m in c18n nocomp; do
    o=""; [ $m = nocomp ] && o=--no-compartments
    LD_C18N_DEBUG=crash sh -c '"$0" $1 "$2" crash' "$LDC18N" "$o" "$B/prog" >/dev/null 2>crash.$m.err
    echo "status $?" >crash.$m.status
    same crash-status-$m crash.native.status crash.$m.status
done
has crash-report crash.c18n.err \
    '^ld-c18n: crash: SIGSEGV \(SEGV_MAPERR: address not mapped\) at 0x0 in libdbg\.so$' \
    "^  pc 0x[0-9a-f]+ in lib_crash at lib\\.c:$cl \\($B/libdbg\\.so\\+0x[0-9a-f]+\\)\$" \
    "^    #0 0x[0-9a-f]+ lib_crash at lib\\.c:$cl \\($B/libdbg\\.so\\) \\[libdbg\\.so\\]\$" \
    "^    #1 0x[0-9a-f]+ main at prog\\.c:$ml \\($B/prog\\) \\[prog\\]\$"
has crash-report-nocomp crash.nocomp.err \
    '^ld-c18n: crash: SIGSEGV \(SEGV_MAPERR: address not mapped\) at 0x0$' \
    "^    #1 0x[0-9a-f]+ main at prog\\.c:$ml "
