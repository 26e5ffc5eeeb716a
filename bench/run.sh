#!/bin/sh
# bench/run.sh: runs the benchmarks (issue 5) and prints a markdown report on stdout: the
# machine, one table per group, and where we stand against each target.  Run by `make bench`,
# which first builds build/ld-c18n and the programs under build/bench/ (runner, gen, micro,
# libbenchlib.so, cxxstart and its stripped copy).
#
#   micro     micro.c's in-process timing of cross-library calls (ns per call) under the system
#             loader (PLT), ld-c18n --no-compartments, ld-c18n (trampolines), ld-c18n --stats
#             and ld-c18n --trace=FILE (a file under build/bench, deleted after)
#   start-up  curl --version, cxxstart (built -g: ld-c18n reads its DWARF) and the same
#             program stripped, cmake --version, gdb -batch: wall time and peak RSS per run
#   scale     start-up of generated programs with 300 and 1,000 libraries (issue 17)
#   macro     sqlite3 running a generated SQL script, and an xz compress + decompress round
#             trip of a generated 4 MB file: wall time and peak RSS per run
#   isolation every group again with ld-c18n --isolate=enforce (issue 13; the micro calls
#             and sqlite3 with fewer calls and runs: a transition costs microseconds), the
#             cost of one mprotect(2) call (build/bench/mprot) measured alongside, and the
#             mprotect calls per transition each workload makes (--stats' "isolation"); from
#             mprot's parts (a close, an open, a first access, the guard's two writes), what
#             the micro round trip's unavoidable steps cost, in the same unit
# Every configuration runs once before it is timed and its output is compared with the
# system loader's (a difference is reported as a failure, not measured).
#
# Knobs (environment): BENCH_RUNS (runs per configuration, default 15; start-up and sqlite3,
# whose runs are short, use three times as many), BENCH_WARMUP (discarded rounds, default 1), BENCH_CALLS (calls per micro
# sample, default 10000000), BENCH_SAMPLES (micro samples per run, default 2), BENCH_WRITE=1
# (also write bench/RESULTS.md).
#
# Must stay true: the baseline of every ratio is measured in the same invocation, interleaved
# with the configurations it is compared to (build/bench/runner runs them round-robin); the
# verdict for each target is computed from the numbers printed, never hand-written; a failing
# configuration is reported with its command and stderr, and the script then exits 1; nothing
# outside build/bench is written except bench/RESULTS.md when BENCH_WRITE=1.
set -eu
cd "$(dirname "$0")/.."
root=$(pwd)
B=$root/build/bench
L=$root/build/ld-c18n
R=$B/runner
RUNS=${BENCH_RUNS:-15}
WARMUP=${BENCH_WARMUP:-1}
CALLS=${BENCH_CALLS:-10000000}
SAMPLES=${BENCH_SAMPLES:-2}
WRITE=${BENCH_WRITE:-0}
# Tracing writes ~120 bytes a call and costs ~100 ns: a hundredth of the calls (a trace
# file of ~12 MB at the default).  (--stats counts inline, at about the cost of the round
# trip itself: a tenth.)
TRACE_CALLS=$((CALLS / 100)); [ "$TRACE_CALLS" -ge 1000 ] || TRACE_CALLS=1000
STATS_CALLS=$((CALLS / 10)); [ "$STATS_CALLS" -ge 1000 ] || STATS_CALLS=1000
SHORT_RUNS=$((RUNS * 3))   # groups whose runs take well under a second

# Isolation: a transition costs tens of microseconds
ISO_CALLS=$((CALLS / 5000)); [ "$ISO_CALLS" -ge 200 ] || ISO_CALLS=200
ISO_RUNS=$((RUNS / 3)); [ "$ISO_RUNS" -ge 3 ] || ISO_RUNS=3

for f in "$L" "$R" "$B/gen" "$B/micro" "$B/libbenchlib.so" "$B/cxxstart" "$B/cxxstart-stripped" "$B/mprot"; do
    [ -e "$f" ] || { echo "bench: $f is missing (run 'make bench')" >&2; exit 2; }
done
for p in /usr/bin/curl /usr/bin/sqlite3 /usr/bin/xz; do
    [ -x "$p" ] || { echo "bench: $p is missing (apt-get install curl sqlite3 xz-utils)" >&2; exit 2; }
done

results=$B/results.txt     # "GROUP LABEL KEY MEDIAN MIN MAX Q1 Q3 N" or "GROUP LABEL failed ..."
failures=$B/failures.txt   # commands, statuses and stderr of what failed
extra=$B/extra.txt         # "GROUP LABEL transitions N" and similar facts, one per line
report=$B/report.md
: >"$results"; : >"$failures"; : >"$extra"
trap 'rm -f "$B/trace.out" "$B/stats.json" "$B/stderr.txt" "$B/check.out" "$B/check.flt" "$B/check.ref" "$B/data.xz"' EXIT

note() { printf '%s\n' "$*" >&2; }

# group LABEL... -- runner arguments: run the runner, append its lines prefixed with GROUP
group() {
    g=$1; shift
    n=$1; shift
    w=$1; shift
    note "bench: $g ($n runs per configuration after $w warm-up round(s))"
    if ! "$R" -n "$n" -w "$w" -E "$B/stderr.txt" "$@" >"$B/group.out" 2>>"$failures"; then
        :
    fi
    sed "s/^/$g /" "$B/group.out" >>"$results"
}

# check GROUP LABEL REF CMD...: run CMD once and compare its stdout, BENCH lines left out
# (timings), with REF (the system loader's, filtered alike)
check() {
    g=$1; lbl=$2; ref=$3; shift 3
    if "$@" >"$B/check.out" 2>"$B/stderr.txt"; then st=0; else st=$?; fi
    if [ $st != 0 ]; then
        { echo "check [$g/$lbl] $*: exit status $st"; sed 's/^/  | /' "$B/stderr.txt" | tail -20; } >>"$failures"
        echo "$g $lbl failed exit-status-$st" >>"$results"
        return 1
    fi
    grep -v '^BENCH ' "$ref" >"$B/check.ref" || :
    grep -v '^BENCH ' "$B/check.out" >"$B/check.flt" || :
    if ! cmp -s "$B/check.ref" "$B/check.flt"; then
        { echo "check [$g/$lbl] $*: output differs from the system loader's"
          diff "$B/check.ref" "$B/check.flt" | head -20 | sed 's/^/  | /'; } >>"$failures"
        echo "$g $lbl failed output-differs" >>"$results"
        return 1
    fi
}

# phases_of GROUP CMD...: where ld-c18n's start-up goes (LD_C18N_DEBUG=statistics, one run
# with compartments): "GROUP phases TOTAL LOADING RELOCATION ENTRIES" (ms, ms, ms, count)
phases_of() {
    g=$1; shift
    LD_C18N_DEBUG=statistics "$L" "$@" 2>&1 >/dev/null </dev/null |
        sed -n 's/.*start-up: \([0-9.]*\) ms: loading \([0-9.]*\) ms.*relocation \([0-9.]*\) ms.* \([0-9]*\) trampoline entries.*/\1 \2 \3 \4/p' |
        head -1 | sed "s/^/$g phases /" >>"$extra"
    return 0
}

# stats_of GROUP LABEL CMD...: one run under --stats (stdin inherited); record its
# transitions (the report sums them over a group's steps) and compartments; for LABEL iso,
# under --isolate, also the mprotect calls isolation made
stats_of() {
    g=$1; lbl=$2; shift 2
    iso=""; [ "$lbl" = iso ] && iso=--isolate
    if "$L" $iso --stats="$B/stats.json" "$@" >/dev/null 2>&1; then
        t=$(grep -o '"transitions":[0-9]*' "$B/stats.json" | cut -d: -f2)
        c=$(grep -o '"id":[0-9]*' "$B/stats.json" | wc -l)
        echo "$g $lbl transitions ${t:-?} compartments $c" >>"$extra"
        m=$(grep -o '"isolation":{"mprotect":[0-9]*' "$B/stats.json" | sed 's/.*://')
        [ -n "$m" ] && echo "$g $lbl mprotect $m" >>"$extra"
    fi
    return 0
}

load_start=$(cut -d' ' -f1-3 /proc/loadavg)
note "bench: generating inputs"
"$B/gen" sql 20000 2000 >"$B/workload.sql"
"$B/gen" data 4000000 >"$B/data.txt"

# ---- micro ----
M=$B/micro
LP="--library-path $B"
sysref=$B/micro.ref
LD_LIBRARY_PATH=$B "$M" 1000 1 >"$sysref"
ok_nocomp=1; ok_tramp=1; ok_ldso=1
# the system loader run explicitly ("ld.so PROGRAM") maps the program next to its libraries,
# as ld-c18n does, where the kernel maps a PIE program far below them
ldso=$(readelf -p .interp "$M" 2>/dev/null | sed -n 's/^ *\[ *[0-9a-f]*\] *//p' | head -1)
if [ -x "$ldso" ]; then
    check micro ldso "$sysref" "$ldso" $LP "$M" 1000 1 || ok_ldso=0
else
    ok_ldso=0
fi
check micro nocomp "$sysref" "$L" --no-compartments $LP "$M" 1000 1 || ok_nocomp=0
check micro tramp "$sysref" "$L" $LP "$M" 1000 1 || ok_tramp=0
ok_iso=1
check micro iso "$sysref" "$L" --isolate $LP "$M" 1000 1 || ok_iso=0
[ $ok_iso = 1 ] && stats_of micro iso $LP "$M" 1000 1
# which transitions one call of each kind makes: 1000 calls + 100 warm-up each
if "$L" $LP --stats="$B/stats.json" "$M" 1000 1 >/dev/null 2>"$B/stderr.txt"; then
    grep -o '"symbol":"[a-z_0-9]*","calls":[0-9]*' "$B/stats.json" |
        sed 's/"symbol":"\([^"]*\)","calls":\([0-9]*\)/micro edges \1 \2/' >>"$extra"
    # every call timed must make its transition (a trampoline that skipped it would look
    # fast): 1000 calls and 100 of warm-up of each kind, and the library's call back by name
    for sym in bench_nop bench_args10 bench_callback bench_upcall bench_cb; do
        got=$(grep -o "\"symbol\":\"$sym\",\"calls\":[0-9]*" "$B/stats.json" |
            cut -d: -f3 | awk '{ s += $1 } END { print s + 0 }')
        if [ "$got" != 1100 ]; then
            echo "check [micro/stats]: $got transitions into $sym in \`micro 1000 1', not 1100" >>"$failures"
            ok_tramp=0
        fi
    done
else
    { echo "check [micro/stats]: ld-c18n --stats micro 1000 1 failed"; sed 's/^/  | /' "$B/stderr.txt" | tail -20; } >>"$failures"
    ok_tramp=0
fi
set -- @plt LD_LIBRARY_PATH=$B "$M" "$CALLS" "$SAMPLES"
[ $ok_ldso = 1 ] && set -- "$@" @ldso "$ldso" $LP "$M" "$CALLS" "$SAMPLES"
[ $ok_nocomp = 1 ] && set -- "$@" @nocomp "$L" --no-compartments $LP "$M" "$CALLS" "$SAMPLES"
[ $ok_tramp = 1 ] && set -- "$@" @tramp "$L" $LP "$M" "$CALLS" "$SAMPLES" \
    @stats "$L" --stats="$B/stats.json" $LP "$M" "$STATS_CALLS" "$SAMPLES" \
    @trace "$L" --trace="$B/trace.out" $LP "$M" "$TRACE_CALLS" "$SAMPLES"
[ $ok_iso = 1 ] && set -- "$@" @iso "$L" --isolate $LP "$M" "$ISO_CALLS" "$SAMPLES" \
    @mprot "$B/mprot" 20000 "$SAMPLES"
group micro "$RUNS" "$WARMUP" "$@"
rm -f "$B/trace.out" "$B/stats.json"
echo "micro calls plt=$CALLS stats=$STATS_CALLS trace=$TRACE_CALLS iso=$ISO_CALLS samples=$SAMPLES" >>"$extra"

# ---- start-up ----
# cmake and gdb (issue 7): many libraries, few of their functions called -- lazy binding
# (the default) against --bind-now shows what binding only on first call saves
# node (issue 16): a 98 MB program exporting 75,000 symbols, with DWARF
for prog in curl cxxstart cxxstart-stripped cmake gdb node; do
    [ $prog = node ] && ! [ -x /usr/bin/node ] && continue
    case $prog in
        curl) cmd="/usr/bin/curl --version" ;;
        cxxstart) cmd="$B/cxxstart" ;;
        cxxstart-stripped) cmd="$B/cxxstart-stripped" ;;
        cmake) cmd="/usr/bin/cmake --version" ;;
        gdb) cmd="/usr/bin/gdb -batch -nx -ex quit" ;;
        node) cmd="/usr/bin/node --version" ;;
    esac
    $cmd >"$B/$prog.ref"
    set -- @sys $cmd
    check "startup-$prog" nocomp "$B/$prog.ref" "$L" --no-compartments $cmd &&
        set -- "$@" @nocomp "$L" --no-compartments $cmd
    check "startup-$prog" c18n "$B/$prog.ref" "$L" $cmd && set -- "$@" @c18n "$L" $cmd
    case $prog in
    cmake | gdb)
        check "startup-$prog" bindnow "$B/$prog.ref" "$L" --bind-now $cmd &&
            set -- "$@" @bindnow "$L" --bind-now $cmd ;;
    esac
    check "startup-$prog" iso "$B/$prog.ref" "$L" --isolate $cmd &&
        set -- "$@" @iso "$L" --isolate $cmd && stats_of "startup-$prog" iso $cmd
    stats_of "startup-$prog" c18n $cmd
    phases_of "startup-$prog" $cmd
    group "startup-$prog" "$SHORT_RUNS" 3 "$@"
done

# ---- scale (issue 17) ----
# A program linked against N small libraries (build/bench/gen libs): each library is a
# compartment, is called once by the program and binds one symbol of its neighbour, so that
# start-up work growing faster than the number of objects shows up between the two rows.
# Built once into build/bench/libsN (kept: 1,000 compilations).
many_libs() { # N: builds $B/libsN/prog
    d=$B/libs$1
    [ -f "$d/built" ] && return 0
    rm -rf "$d"; mkdir -p "$d"
    note "bench: building a program with $1 libraries"
    { "$B/gen" libs "$1" "$d" &&
      seq 1 "$1" | xargs -P "$(nproc)" -I{} ${CC:-gcc} -O2 -fPIC -shared -o "$d/libm{}.so" "$d/l{}.c" &&
      ${CC:-gcc} -O2 -o "$d/prog" "$d/main.c" -L"$d" $(seq 1 "$1" | sed 's/^/-lm/') \
          -Wl,-rpath,'$ORIGIN'; } >>"$failures" 2>&1 || return 1
    rm -f "$d"/l*.c
    touch "$d/built"
}
for n in 300 1000; do
    g=startup-libs$n
    if ! many_libs $n; then
        echo "$g sys failed build" >>"$results"
        continue
    fi
    cmd=$B/libs$n/prog
    $cmd >"$B/$g.ref"
    set -- @sys $cmd
    check "$g" nocomp "$B/$g.ref" "$L" --no-compartments $cmd &&
        set -- "$@" @nocomp "$L" --no-compartments $cmd
    check "$g" c18n "$B/$g.ref" "$L" $cmd && set -- "$@" @c18n "$L" $cmd
    stats_of "$g" c18n $cmd
    phases_of "$g" $cmd
    group "$g" "$RUNS" 1 "$@"
done

# ---- macro ----
sqlite() { # [LOADER...]: the sqlite3 command line, stdin from the script
    "$@" /usr/bin/sqlite3 :memory: <"$B/workload.sql"
}
sqlite >"$B/sqlite.ref"
set -- @sys "<$B/workload.sql" ">/dev/null" /usr/bin/sqlite3 :memory:
check macro-sqlite3 nocomp "$B/sqlite.ref" sqlite "$L" --no-compartments &&
    set -- "$@" @nocomp "<$B/workload.sql" ">/dev/null" "$L" --no-compartments /usr/bin/sqlite3 :memory:
check macro-sqlite3 c18n "$B/sqlite.ref" sqlite "$L" &&
    set -- "$@" @c18n "<$B/workload.sql" ">/dev/null" "$L" /usr/bin/sqlite3 :memory:
stats_of macro-sqlite3 c18n /usr/bin/sqlite3 :memory: <"$B/workload.sql"
group macro-sqlite3 "$SHORT_RUNS" "$WARMUP" "$@"
# the same under isolation: its own group, fewer runs (each is seconds long)
set -- @sys "<$B/workload.sql" ">/dev/null" /usr/bin/sqlite3 :memory: \
    @c18n "<$B/workload.sql" ">/dev/null" "$L" /usr/bin/sqlite3 :memory:
check macro-sqlite3-iso iso "$B/sqlite.ref" sqlite "$L" --isolate &&
    set -- "$@" @iso "<$B/workload.sql" ">/dev/null" "$L" --isolate /usr/bin/sqlite3 :memory: &&
    stats_of macro-sqlite3-iso iso /usr/bin/sqlite3 :memory: <"$B/workload.sql"
stats_of macro-sqlite3-iso c18n /usr/bin/sqlite3 :memory: <"$B/workload.sql"
group macro-sqlite3-iso "$ISO_RUNS" 1 "$@"

# xz round trip: compress (level 1, one thread) to a file, decompress to /dev/null
xz_round() { # LOADER...: both steps, the decompressed bytes on stdout
    "$@" /usr/bin/xz -T1 -1 -c "$B/data.txt" >"$B/data.xz" && "$@" /usr/bin/xz -dc "$B/data.xz"
}
set -- @sys ">$B/data.xz" /usr/bin/xz -T1 -1 -c "$B/data.txt" :: "<$B/data.xz" ">/dev/null" /usr/bin/xz -dc
check macro-xz nocomp "$B/data.txt" xz_round "$L" --no-compartments &&
    set -- "$@" @nocomp ">$B/data.xz" "$L" --no-compartments /usr/bin/xz -T1 -1 -c "$B/data.txt" :: \
        "<$B/data.xz" ">/dev/null" "$L" --no-compartments /usr/bin/xz -dc
check macro-xz c18n "$B/data.txt" xz_round "$L" &&
    set -- "$@" @c18n ">$B/data.xz" "$L" /usr/bin/xz -T1 -1 -c "$B/data.txt" :: \
        "<$B/data.xz" ">/dev/null" "$L" /usr/bin/xz -dc
check macro-xz iso "$B/data.txt" xz_round "$L" --isolate &&
    set -- "$@" @iso ">$B/data.xz" "$L" --isolate /usr/bin/xz -T1 -1 -c "$B/data.txt" :: \
        "<$B/data.xz" ">/dev/null" "$L" --isolate /usr/bin/xz -dc
stats_of macro-xz c18n /usr/bin/xz -T1 -1 -c "$B/data.txt"
stats_of macro-xz iso /usr/bin/xz -T1 -1 -c "$B/data.txt"
/usr/bin/xz -T1 -1 -c "$B/data.txt" >"$B/data.xz"
stats_of macro-xz c18n /usr/bin/xz -dc <"$B/data.xz"
stats_of macro-xz iso /usr/bin/xz -dc <"$B/data.xz"
group macro-xz "$RUNS" "$WARMUP" "$@"

# ---- the report ----
load_end=$(cut -d' ' -f1-3 /proc/loadavg)
cpu=$(grep -m1 '^model name' /proc/cpuinfo | sed 's/.*: //')
fms=$(awk -F': ' '/^cpu family/{f=$2} /^model\t/{m=$2} /^stepping/{s=$2} END{print "family " f ", model " m ", stepping " s}' /proc/cpuinfo)
mhz=$(grep -m1 '^cpu MHz' /proc/cpuinfo | sed 's/.*: //; s/\..*//')
ncpu=$(grep -c '^processor' /proc/cpuinfo)
virt=""; grep -q '^flags.* hypervisor' /proc/cpuinfo && virt=", virtualised"
kernel=$(uname -srm)
glibc="$(getconf GNU_LIBC_VERSION | sed 's/^glibc //') (Debian $(dpkg-query -W -f='${Version}' libc6 2>/dev/null || echo '?'))"
os=$(. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME")
ccv=$(${CC:-gcc} -dumpfullversion 2>/dev/null || echo '?')
rev=$(git rev-parse --short HEAD 2>/dev/null || echo '?')
[ -n "$(git status --porcelain -- rtld arch trampolines 2>/dev/null | head -1)" ] && rev="$rev + uncommitted loader changes"
progs="curl $(/usr/bin/curl --version | head -1 | cut -d' ' -f2), sqlite3 $(/usr/bin/sqlite3 --version | cut -d' ' -f1), $(/usr/bin/xz --version | head -1)"

{
echo "# ld-c18n benchmark results"
echo
echo "Written by \`make bench BENCH_WRITE=1\` (bench/run.sh) on $(date -u '+%Y-%m-%d %H:%M UTC')."
echo
echo "## Machine"
echo
echo "- CPU: $cpu ($fms), $ncpu CPUs at ${mhz} MHz$virt"
echo "- OS: $os; kernel $kernel; glibc $glibc; gcc $ccv"
echo "- ld-c18n $($L --version 2>/dev/null | head -1 | sed 's/^ld-c18n //'), git $rev"
echo "- Programs: $progs"
echo "- Load average (1, 5, 15 min) before: $load_start; after: $load_end; niceness $(nice)."
echo "  Other work on the machine shows up as spread (min-max, IQR), and in wall time more than"
echo "  in CPU time."
echo
echo "## Method"
echo
echo "- Every group runs its configurations round-robin (build/bench/runner: fork, execvp,"
echo "  wait4), the system loader's among them, so drift of the machine hits all alike."
echo "  $WARMUP warm-up round(s) are discarded (3 for start-up), then $RUNS timed rounds"
echo "  ($SHORT_RUNS for start-up and sqlite3). Each configuration first runs once untimed and"
echo "  its output is compared with the system loader's."
echo "- Wall time: CLOCK_MONOTONIC from fork to wait4 (a round trip's two steps summed)."
echo "  CPU time: user + system from wait4's rusage. Peak RSS: wait4's ru_maxrss (the largest"
echo "  of the steps; it includes the forked runner's own ~1 MiB, equally for every"
echo "  configuration)."
echo "- Micro: ns per call measured inside build/bench/micro (CLOCK_MONOTONIC around a loop"
echo "  of $CALLS calls after a warm-up loop of a tenth as many; $SAMPLES samples per run and"
echo "  kind, samples of all runs pooled). Program and library: gcc -O2, PIE, calls through the"
echo "  PLT. --stats and --trace runs make $STATS_CALLS and $TRACE_CALLS calls per sample."
echo "- Median, min-max and interquartile range (IQR) of the runs; ratios are median over the"
echo "  median of the system loader (PLT call for micro). Verdicts use these wall-time (micro:"
echo "  ns per call) medians; next to each ratio, the IQR of the runs over the baseline's median,"
echo "  and a note where the IQRs of the two configurations overlap: the difference is then"
echo "  within the noise of this machine."
echo
} >"$report"

awk -v extrafile="$extra" '
function num(x) { return x + 0 }
function f(x, d) { return sprintf("%." d "f", x) }
function mib(kb) { return sprintf("%.1f", kb / 1024) }
BEGIN {
    while ((getline line < extrafile) > 0) {
        split(line, e, " ")
        if (e[2] == "edges") { if (!(e[3] in ecount)) esym[++nesym] = e[3]; ecount[e[3]] += e[4] }
        else if (e[2] == "calls") microcalls = line
        else if (e[3] == "mprotect") mp[e[1] "/" e[2]] += e[4]
        else if (e[2] == "phases") { ph[e[1]] = e[3] " " e[4] " " e[5] " " e[6]; phg[++nph] = e[1] }
        else trans[e[1] "/" e[2]] += e[4]
    }
    for (i = 1; i <= nesym; i++) edges = edges sprintf("%s%s: %s", i > 1 ? ", " : "", esym[i], ecount[esym[i]])
    name["plt"] = "system loader (PLT call)"; name["nocomp"] = "ld-c18n --no-compartments"
    name["ldso"] = "system loader as ld.so PROGRAM (PLT call)"
    name["tramp"] = "ld-c18n (trampoline)"; name["stats"] = "ld-c18n --stats"
    name["trace"] = "ld-c18n --trace=FILE"; name["sys"] = "system loader"
    name["c18n"] = "ld-c18n (compartments)"; name["bindnow"] = "ld-c18n --bind-now (compartments)"
    name["iso"] = "ld-c18n --isolate=enforce"; name["mprot"] = "one mprotect(2) call (build/bench/mprot)"
    kindname["nop"] = "empty function"; kindname["args10"] = "10 integer arguments"
    kindname["callback"] = "callback via function pointer"
    kindname["upcall"] = "callback by name (library calls program)"
}
{
    g = $1; l = $2
    if (!((g, l) in seen)) { seen[g, l] = 1; order[g] = order[g] " " l }
    if (!(g in gseen)) { gseen[g] = 1; groups[++ng] = g }
    if ($3 == "failed") { failed[g, l] = $4; next }
    k = $3; med[g, l, k] = num($4); mn[g, l, k] = num($5); mx[g, l, k] = num($6)
    q1[g, l, k] = num($7); q3[g, l, k] = num($8); cnt[g, l, k] = $9
}
function cell(g, l, k, d) {
    return f(med[g, l, k], d) " | " f(mn[g, l, k], d) "-" f(mx[g, l, k], d) " | " \
           f(q1[g, l, k], d) "-" f(q3[g, l, k], d)
}
function ratio(g, l, k, base) {
    if (!((g, base, k) in med) || med[g, base, k] == 0) return "-"
    return f(med[g, l, k] / med[g, base, k], 2) "x"
}
function spread(g, l, base, k,    s) {
    s = sprintf("; IQR %.2fx-%.2fx", q1[g, l, k] / med[g, base, k], q3[g, l, k] / med[g, base, k])
    if (q1[g, l, k] <= q3[g, base, k] && q1[g, base, k] <= q3[g, l, k])
        s = s "; the two IQRs overlap"
    return s
}
function verdict(r, limit, aim) {
    if (r == "") return "NOT MEASURED"
    if (r <= aim) return "MET (aim met)"
    if (r <= limit) return "MET (aim not met)"
    return "NOT MET"
}
END {
    print "## Micro: a call into another library (ns per call)"
    print ""
    print "| call | configuration | median ns | min-max | IQR | vs PLT |"
    print "|---|---|---:|---:|---:|---:|"
    nk = split("nop args10 callback upcall", kinds, " ")
    nl = split(order["micro"], labels, " ")
    for (i = 1; i <= nk; i++) for (j = 1; j <= nl; j++) {
        l = labels[j]; k = kinds[i] "_ns"
        if (("micro", l) in failed) { if (i == 1) printf "| - | %s | FAILED (%s) | | | |\n", name[l], failed["micro", l]; continue }
        if (!(("micro", l, k) in med)) continue
        printf "| %s | %s | %s | %s |\n", kindname[kinds[i]], name[l], cell("micro", l, k, 2), ratio("micro", l, k, "plt")
    }
    if (("micro", "mprot", "mprotect_ns") in med)
        printf "| one mprotect(2) call | %s | %s | %s |\n", name["mprot"], cell("micro", "mprot", "mprotect_ns", 2), ratio("micro", "mprot", "mprotect_ns", "plt")
    if (("micro", "mprot", "stackfirst_ns") in med)
        printf "| first use of a compartment stack: one mprotect and the first write to a page table of its own | %s | %s | %s |\n", name["mprot"], cell("micro", "mprot", "stackfirst_ns", 0), ratio("micro", "mprot", "stackfirst_ns", "plt")
    print ""
    if (("micro", "ldso", "nop_ns") in med) {
        print "\"ld.so PROGRAM\" is the system loader run explicitly: it maps the program next to its"
        print "libraries, as ld-c18n does, where the kernel maps a PIE program far below them. The"
        print "difference between that row and the PLT row is the cost of where the program lies, not"
        print "of the loader; the targets keep the PLT call of a normally started program as baseline."
        print ""
    }
    print "Transitions counted by ld-c18n --stats in a run of `micro 1000 1` (1100 calls of each"
    print "kind): " edges "."
    if ("bench_callback" in ecount && ecount["bench_cb"] + 0 < ecount["bench_callback"] + ecount["bench_upcall"]) {
        print "The library'"'"'s call through the function pointer the program passed made no transition"
        print "back into the program: ld-c18n gives a program'"'"'s own functions their raw address (so"
        print "pointers compare equal with the PC-relative ones the program takes), so that callback"
        print "runs in the library'"'"'s compartment. The callback by name makes both transitions."
    }
    print ""
    print "## Start-up and macro workloads (wall time per run, peak RSS)"
    print ""
    print "| workload | configuration | wall ms median | min-max | IQR | vs system | CPU ms median | vs system | peak RSS MiB | vs system | transitions/run |"
    print "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    wl["startup-curl"] = "start-up: curl --version"; wl["startup-cxxstart"] = "start-up: C++ (cxxstart, built -g)"
    wl["startup-cxxstart-stripped"] = "start-up: C++ (cxxstart, stripped)"
    wl["startup-cmake"] = "start-up: cmake --version"; wl["startup-gdb"] = "start-up: gdb -batch"
    wl["startup-node"] = "start-up: node --version"
    wl["startup-libs300"] = "start-up: a program with 300 libraries"
    wl["startup-libs1000"] = "start-up: a program with 1,000 libraries"
    wl["macro-sqlite3"] = "macro: sqlite3, SQL script"; wl["macro-xz"] = "macro: xz -1 round trip, 4 MB"
    wl["macro-sqlite3-iso"] = "macro: sqlite3, SQL script (isolation runs)"
    for (gi = 1; gi <= ng; gi++) {
        g = groups[gi]; if (g == "micro") continue
        nl = split(order[g], labels, " ")
        for (j = 1; j <= nl; j++) {
            l = labels[j]
            if ((g, l) in failed) { printf "| %s | %s | FAILED (%s) | | | | | | | | |\n", wl[g], name[l], failed[g, l]; continue }
            t = ((g "/" l) in trans) ? trans[g "/" l] : (l == "c18n" ? "?" : "-")
            printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", wl[g], name[l], cell(g, l, "wall_ms", 1),
                ratio(g, l, "wall_ms", "sys"), f(med[g, l, "cpu_ms"], 1), ratio(g, l, "cpu_ms", "sys"),
                mib(med[g, l, "rss_kb"]), ratio(g, l, "rss_kb", "sys"), t
        }
    }
    print ""
    print "## Targets (issues 5 and 16)"
    print ""
    print "| target | limit (aim) | measured | status |"
    print "|---|---|---|---|"
    split("nop args10 upcall", tk, " ")
    tl["nop"] = "trampoline round trip, empty function, tracing off"
    tl["args10"] = "trampoline round trip, 10 arguments, tracing off"
    tl["upcall"] = "callback by name (two transitions vs two PLT calls)"
    for (i = 1; i <= 3; i++) {
        k = tk[i] "_ns"
        if (("micro", "tramp", k) in med && ("micro", "plt", k) in med) {
            r = med["micro", "tramp", k] / med["micro", "plt", k]
            m = sprintf("%.2fx (%.2f ns vs %.2f ns%s)", r, med["micro", "tramp", k], med["micro", "plt", k], spread("micro", "tramp", "plt", k))
            printf "| %s | <= 4x PLT (2.5x) | %s | %s |\n", tl[tk[i]], m, verdict(r, 4, 2.5)
        } else printf "| %s | <= 4x PLT (2.5x) | - | NOT MEASURED |\n", tl[tk[i]]
    }
    # issue 16: statistics cost at most one more round trip
    if (("micro", "stats", "nop_ns") in med && ("micro", "tramp", "nop_ns") in med) {
        r = med["micro", "stats", "nop_ns"] / med["micro", "tramp", "nop_ns"]
        printf "| --stats: round trip, empty function (issue 16) | <= 2x the round trip without | %.2fx (%.2f ns vs %.2f ns%s) | %s |\n", r, med["micro", "stats", "nop_ns"], med["micro", "tramp", "nop_ns"], spread("micro", "stats", "tramp", "nop_ns"), verdict(r, 2, 2)
    } else print "| --stats: round trip, empty function (issue 16) | <= 2x the round trip without | - | NOT MEASURED |"
    if (("micro", "trace", "nop_ns") in med) {
        r = med["micro", "trace", "nop_ns"]
        printf "| --trace=FILE: a traced call, empty function, call and return records (issue 16) | <= 150 ns | %.1f ns (IQR %.1f-%.1f) | %s |\n", r, q1["micro", "trace", "nop_ns"], q3["micro", "trace", "nop_ns"], (r <= 150 ? "MET" : "NOT MET")
    } else print "| --trace=FILE: a traced call, empty function, call and return records (issue 16) | <= 150 ns | - | NOT MEASURED |"
    ntg = split("startup-curl startup-cxxstart startup-cxxstart-stripped startup-cmake startup-gdb startup-node startup-libs300 macro-sqlite3 macro-xz", tg, " ")
    for (i = 1; i <= ntg; i++) {
        g = tg[i]; st = (g ~ /^startup/)
        lim = st ? "<= 1.5x (1.2x)" : "within 5% (<= 1.05x)"
        if (g == "startup-libs300") lim = "<= 1.3x (issue 17)"
        if ((g, "c18n", "wall_ms") in med && (g, "sys", "wall_ms") in med) {
            r = med[g, "c18n", "wall_ms"] / med[g, "sys", "wall_ms"]
            m = sprintf("%.2fx (%.2f ms vs %.2f ms; CPU time %s%s)", r, med[g, "c18n", "wall_ms"], med[g, "sys", "wall_ms"], ratio(g, "c18n", "cpu_ms", "sys"), spread(g, "c18n", "sys", "wall_ms"))
            v = st ? verdict(r, 1.5, 1.2) : (r <= 1.05 ? "MET" : "NOT MET")
            if (g == "startup-libs300") v = (r <= 1.3 ? "MET" : "NOT MET")
        } else { m = "-"; v = "NOT MEASURED (failed)" }
        printf "| %s, compartments on | %s | %s | %s |\n", wl[g], lim, m, v
    }
    print ""
    if (("micro", "mprot", "stackfirst_ns") in med && ("startup-libs300", "sys", "wall_ms") in med) {
        fl = 300 * med["micro", "mprot", "stackfirst_ns"] / 1e6
        printf "The 300-library program makes 300 compartment stacks; at %.1f us each (micro table: first use of a compartment stack) they alone take %.1f ms, %.2fx the system loader'"'"'s whole start-up (%.2f ms).\n", med["micro", "mprot", "stackfirst_ns"] / 1000, fl, fl / med["startup-libs300", "sys", "wall_ms"], med["startup-libs300", "sys", "wall_ms"]
        if (("startup-libs300", "nocomp", "wall_ms") in med)
            printf "Add them to the same program run by ld-c18n --no-compartments (%.2f ms: the loader without compartments) and this start-up cannot take less than %.2f ms with a stack per compartment, %.2fx the system loader'"'"'s, before any other cost of compartments (entries, their descriptor and stub pages, initialisers through trampolines); the limit is 1.3x.\n", med["startup-libs300", "nocomp", "wall_ms"], med["startup-libs300", "nocomp", "wall_ms"] + fl, (med["startup-libs300", "nocomp", "wall_ms"] + fl) / med["startup-libs300", "sys", "wall_ms"]
        print ""
    }
    if (nph) {
        print "## Start-up by phase (issue 16)"
        print ""
        print "One run of each with compartments and `LD_C18N_DEBUG=statistics`: the start-up of the loader itself (loading: mapping, dependencies, DWARF; relocation: symbol lookups and trampoline entries), before the first instruction of the program; the rest of a start-up row is the program itself and its exit."
        print ""
        print "| workload | loader start-up ms | loading ms | relocation ms | trampoline entries |"
        print "|---|---:|---:|---:|---:|"
        for (i = 1; i <= nph; i++) {
            split(ph[phg[i]], p, " ")
            printf "| %s | %s | %s | %s | %s |\n", wl[phg[i]], p[1], p[2], p[3], p[4]
        }
        print ""
    }
    print "## Isolation (issue 13): enforce against the cost of mprotect"
    print ""
    u = (("micro", "mprot", "mprotect_ns") in med) ? med["micro", "mprot", "mprotect_ns"] : 0
    if (u > 0) {
        printf "One mprotect(2) call, measured in this run: %.0f ns (median; IQR %.0f-%.0f ns).\n", u, q1["micro", "mprot", "mprotect_ns"], q3["micro", "mprot", "mprotect_ns"]
        if (("micro", "mprot", "close1_ns") in med && ("micro", "mprot", "open1_ns") in med && ("micro", "mprot", "touch1_ns") in med) {
            print ""
            printf "That unit is half of a close, an open and a first access, each timed on its own: closing the resident page %.0f ns (the kernel flushes it from the TLB), opening it %.0f ns (no flush), the first write after it reopens %.0f ns (a TLB miss on hardware; under a paravirtualised MMU, a fault the hypervisor takes). A transition pays about a close for each range it closes that has resident pages, an open for each range it opens, and a first access for each reopened page the code then touches.\n", med["micro", "mprot", "close1_ns"], med["micro", "mprot", "open1_ns"], med["micro", "mprot", "touch1_ns"]
        }
        print ""
        print "| call | enforce ns median | in mprotect calls | --isolate=enforce over compartments only |"
        print "|---|---:|---:|---:|"
        for (i = 1; i <= nk; i++) {
            k = kinds[i] "_ns"
            if (!(("micro", "iso", k) in med)) continue
            printf "| %s | %.0f | %.1f | %s |\n", kindname[kinds[i]], med["micro", "iso", k], med["micro", "iso", k] / u, ratio("micro", "iso", k, "tramp")
        }
        print ""
        print "| target | limit (aim) | measured | status |"
        print "|---|---|---|---|"
        if (("micro", "iso", "nop_ns") in med) {
            r = med["micro", "iso", "nop_ns"] / u
            printf "| round trip into another compartment (empty function) under enforce | <= 10 mprotect calls (6) | %.1f mprotect calls (%.0f ns vs %.0f ns) | %s |\n", r, med["micro", "iso", "nop_ns"], u, verdict(r, 10, 6)
        } else print "| round trip into another compartment (empty function) under enforce | <= 10 mprotect calls (6) | - | NOT MEASURED (failed) |"
        if (("micro", "iso", "nop_ns") in med && ("micro", "mprot", "close1_ns") in med && ("micro", "mprot", "open1_ns") in med && ("micro", "mprot", "touch1_ns") in med && ("micro", "mprot", "guardpush_ns") in med && ("micro", "mprot", "guardpop_ns") in med) {
            fc = med["micro", "mprot", "close1_ns"]; fo = med["micro", "mprot", "open1_ns"]; ft = med["micro", "mprot", "touch1_ns"]
            fp = med["micro", "mprot", "guardpush_ns"]; fq = med["micro", "mprot", "guardpop_ns"]
            fl = 5 * fc + 5 * fo + 4 * ft + fp + fq
            print ""
            print "What that round trip cannot do without under this design (c18n(7)): the call closes"
            print "the program'"'"'s code, data and stack and opens the library'"'"'s code and data (the"
            print "library'"'"'s stack, with no frames waiting on it, stays open); the return closes those"
            print "two and opens the program'"'"'s three. That is 5 closes of ranges with resident pages"
            print "and 5 opens; then 4 first accesses of reopened pages (the library'"'"'s code; the"
            print "program'"'"'s code, its stack and its PLT slot, in its data); and the guard'"'"'s two writes"
            print "(isolation/guard.c: the frame at the call, its end at the return). Each priced as"
            print "build/bench/mprot measured it in this run:"
            print ""
            printf "5 x %.0f + 5 x %.0f + 4 x %.0f + %.0f + %.0f = %.0f ns = %.1f mprotect calls (limit 10).\n", fc, fo, ft, fp, fq, fl, fl / u
            if (med["micro", "iso", "nop_ns"] >= fl)
                printf "The rest of the measured round trip, %.1f calls (%.0f ns), is the program'"'"'s stack pages beyond the first, which its close must also flush, and the hooks'"'"' own work.\n", (med["micro", "iso", "nop_ns"] - fl) / u, med["micro", "iso", "nop_ns"] - fl
            else
                printf "The measured round trip came in %.0f ns under that sum: the parts, each timed on its own page, do not add up exactly to a transition'"'"'s.\n", fl - med["micro", "iso", "nop_ns"]
        }
    } else print "The mprotect(2) cost was not measured in this run (build/bench/mprot failed)."
    print ""
    print "Per workload: how often it crosses a boundary, and what enforce adds. Transitions and"
    print "mprotect calls come from one --stats run of each (under --isolate for the mprotect"
    print "calls); transitions per second use the compartments-only wall time. A workload with"
    print "many transitions per second pays most; merging its busiest boundaries with a policy"
    print "file (see c18n-inspect) is what lowers the overhead."
    print ""
    print "| workload | transitions/run | transitions/s | mprotect calls/run (enforce) | mprotect/transition | compartments ms | enforce ms | enforce overhead |"
    print "|---|---:|---:|---:|---:|---:|---:|---:|"
    for (gi = 1; gi <= ng; gi++) {
        g = groups[gi]
        if (!((g "/iso") in mp)) continue
        tc = ((g "/c18n") in trans) ? trans[g "/c18n"] : (((g "/iso") in trans) ? trans[g "/iso"] : "")
        ti = ((g "/iso") in trans) ? trans[g "/iso"] : tc
        per = (ti + 0 > 0) ? f(mp[g "/iso"] / ti, 1) : "-"
        if (g == "micro") {
            printf "| micro 1000 1 (all four kinds) | %s | - | %s | %s | - | - | - |\n", ti, mp[g "/iso"], per
            continue
        }
        base = ((g, "c18n", "wall_ms") in med) ? "c18n" : ""
        cm = base != "" ? med[g, base, "wall_ms"] : 0
        im = ((g, "iso", "wall_ms") in med) ? med[g, "iso", "wall_ms"] : 0
        tps = (cm > 0 && tc != "") ? sprintf("%.0f", tc / (cm / 1000)) : "-"
        ov = (cm > 0 && im > 0) ? sprintf("+%.1f ms (%.2fx)", im - cm, im / cm) : "-"
        cms = (cm > 0) ? f(cm, 1) : "-"; ims = (im > 0) ? f(im, 1) : "-"
        printf "| %s | %s | %s | %s | %s | %s | %s | %s |\n", wl[g], tc, tps, mp[g "/iso"], per, cms, ims, ov
    }
}' "$results" >>"$report"

if [ -s "$failures" ]; then
    { echo; echo "## Failures"; echo; echo '```'; cat "$failures"; echo '```'; } >>"$report"
fi
cat "$report"
if [ "$WRITE" = 1 ]; then
    cp "$report" bench/RESULTS.md
    note "bench: wrote bench/RESULTS.md"
fi
[ ! -s "$failures" ]
