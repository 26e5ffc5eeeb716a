#!/bin/sh
# fuzz/run.sh: the fuzzing campaign `make fuzz` runs (after building build/fuzz/afl/fuzz-* and
# build/fuzz/replay/fuzz-*): seed corpora from the system's own files, then each target under
# afl-fuzz for FUZZ_SECONDS, one after another, then a summary per target from afl's
# fuzzer_stats (executions, executions per second, run time, crashes and hangs saved).
#
# Before fuzzing, the seeds and fuzz/regress/TARGET are replayed without AFL (they must pass).
#
# Must stay true: one afl-fuzz at a time, at `nice -n 19` (the machine is shared); everything
# it writes is under build/fuzz/ (seeds/TARGET, out/TARGET, logs/); an output directory from an
# earlier run is resumed (AFL_AUTORESUME), so figures accumulate over runs until it is removed.
#
# Environment: FUZZ_SECONDS (per target, default 600), FUZZ_TARGETS (default: object ldcache
# policy inspect), FUZZ_WRITE=1 (also write the summary to build/fuzz/summary.md),
# FUZZ_TIMEOUT (afl-fuzz -t, milliseconds per input, default 1000), CC (for the seeds: gcc).
# `sh fuzz/run.sh --summary` prints the summary of what build/fuzz/out holds, running nothing.
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
F=$root/build/fuzz
: "${FUZZ_SECONDS:=600}"
: "${FUZZ_TARGETS:=object ldcache policy inspect}"
: "${FUZZ_TIMEOUT:=1000}"
: "${CC:=gcc}"
LC_ALL=C; export LC_ALL

# ---- summary -----------------------------------------------------------------------------
stat_of() { sed -n "s/^$2 *: *//p" "$1" | head -n 1; }
summary() {
    echo "| target | executions | execs/s (mean) | run time (s) | corpus | crashes | hangs |"
    echo "|---|---:|---:|---:|---:|---:|---:|"
    for t in $FUZZ_TARGETS; do
        s=$F/out/$t/default/fuzzer_stats
        if [ ! -f "$s" ]; then echo "| $t | (not run) | | | | | |"; continue; fi
        ex=$(stat_of "$s" execs_done); rt=$(stat_of "$s" run_time)
        cr=$(stat_of "$s" saved_crashes); [ -n "$cr" ] || cr=$(stat_of "$s" unique_crashes)
        hg=$(stat_of "$s" saved_hangs); [ -n "$hg" ] || hg=$(stat_of "$s" unique_hangs)
        cp=$(stat_of "$s" corpus_count); [ -n "$cp" ] || cp=$(stat_of "$s" paths_total)
        eps=$(awk -v e="$ex" -v t="$rt" 'BEGIN { printf "%.0f", (t > 0 ? e / t : 0) }')
        echo "| $t | $ex | $eps | $rt | $cp | $cr | $hg |"
    done
}
if [ "$1" = "--summary" ]; then summary; exit 0; fi

# ---- seeds -------------------------------------------------------------------------------
# Small real objects: gcc-built ones covering what the readers parse (GNU and SysV hash,
# version definitions and needs, RELR, TLS, C++ names, DWARF, a non-PIE program), stripped
# copies, and a few system files.
S=$F/seeds; B=$F/seeds-build
rm -rf "$S" "$B"; mkdir -p "$S/object" "$S/inspect" "$S/ldcache" "$S/policy" "$B" "$F/logs"
cat >"$B/lib.c" <<'EOS'
#include <setjmp.h>
#include <signal.h>
struct ops { int (*cb)(int); long pad[4]; };
__thread int tls_counter;
int shared_global = 42;
int lib_v1(int a) { return a + 1; }
int lib_v2(int a) { return a + 2; }
__asm__(".symver lib_v1,lib_f@VERS_1");
__asm__(".symver lib_v2,lib_f@@VERS_2");
long many(long a, long b, long c, long d, long e, long f, long g, struct ops o) { return a + g + o.pad[0]; }
int with_cb(struct ops *o, int x) { static jmp_buf jb; if (setjmp(jb)) return 0; signal(SIGINT, SIG_IGN); return o->cb(x) + tls_counter++; }
EOS
printf 'VERS_1 { global: lib_f; many; with_cb; shared_global; tls_counter; local: *; };\nVERS_2 { global: lib_f; } VERS_1;\n' >"$B/lib.map"
cat >"$B/cxx.cc" <<'EOS'
#include <string>
namespace ns { struct S { int v; virtual int get() const { return v; } };
int take(const std::string &s, double d, int *p) { return (int)s.size() + (int)d + *p; }
template <class T> T twice(T t) { return t + t; }
template int twice<int>(int); template double twice<double>(double); }
EOS
cat >"$B/main.c" <<'EOS'
#include <stdio.h>
int lib_f(int);
int main(int argc, char **argv) { printf("%d\n", lib_f(argc)); return 0; }
EOS
(cd "$B" &&
 $CC -g -O1 -fPIC -shared -Wl,-soname,libseed.so.1 -Wl,--version-script=lib.map -Wl,--hash-style=both -o libseed-g.so lib.c &&
 $CC -O1 -fPIC -shared -Wl,-soname,libseed.so.1 -Wl,--version-script=lib.map -Wl,--hash-style=sysv -s -o libseed-sysv.so lib.c &&
 $CC -O1 -fPIC -shared -Wl,-soname,libseed.so.1 -Wl,--version-script=lib.map -Wl,-z,pack-relative-relocs -s -o libseed-relr.so lib.c &&
 g++ -g -O1 -fPIC -shared -Wl,-soname,libcxxseed.so -o libcxx-g.so cxx.cc &&
 $CC -g -O1 -fPIE -pie -o prog-g main.c -L. -l:libseed-g.so &&
 $CC -O1 -fno-PIE -no-pie -s -o prog-nopie main.c -L. -l:libseed-g.so &&
 strip -o libcxx.so libcxx-g.so) >"$B/build.log" 2>&1 || { echo "fuzz: cannot build the seed objects:"; cat "$B/build.log"; exit 1; }
for f in libseed-g.so libseed-sysv.so libseed-relr.so libcxx-g.so libcxx.so prog-g prog-nopie; do
    cp "$B/$f" "$S/object/$f"
done
cp /bin/true "$S/object/true"
cp "$(readlink -f /usr/lib/x86_64-linux-gnu/libz.so.1)" "$S/object/libz.so"
cp "$S/object/"* "$S/inspect/"
# C++ names for the mangled-name reader (an input not starting with the ELF magic)
nm -D --defined-only "$(readlink -f /usr/lib/x86_64-linux-gnu/libstdc++.so.6)" 2>/dev/null |
    awk '$3 ~ /^_Z/ { print $3 }' | head -n 400 >"$S/inspect/names-libstdcxx"
nm -D "$B/libcxx-g.so" | awk '$NF ~ /^_Z/ { print $NF }' >"$S/inspect/names-seed"

# ld.so.cache: the system's, a small one ldconfig builds over a root of a few libraries, and
# that one behind an old-format ("ld.so-1.7.0", no entries) header.
cp /etc/ld.so.cache "$S/ldcache/system.cache"
R=$B/ldroot; mkdir -p "$R/etc" "$R/lib" "$R/usr/lib"; : >"$R/etc/ld.so.conf"
for so in libc.so.6 libz.so.1 libm.so.6 libstdc++.so.6 libgcc_s.so.1 libcrypto.so.3; do
    echo 'int x;' | $CC -shared -fPIC -x c -Wl,-soname,$so -o "$R/lib/$so" - 2>>"$B/build.log"
done
cp "$B/libseed-relr.so" "$R/usr/lib/libseed.so.1"
if ldconfig -X -r "$R" 2>>"$B/build.log" && [ -s "$R/etc/ld.so.cache" ]; then
    cp "$R/etc/ld.so.cache" "$S/ldcache/small.cache"
    { printf 'ld.so-1.7.0\000\000\000\000\000'; cat "$R/etc/ld.so.cache"; } >"$S/ldcache/old-new.cache"
fi

# policies: the examples of tests/policy (valid and broken ones)
OUTDIR=$B/policy-suite sh "$root/tests/policy/run.sh" >"$B/policy-suite.log" 2>&1
cp "$B/policy-suite/p/"*.policy "$S/policy/" 2>/dev/null
[ "$(ls "$S/policy" | wc -l)" -gt 0 ] || { echo "fuzz: no policy seeds (tests/policy/run.sh)"; exit 1; }

# ---- regressions -------------------------------------------------------------------------
# Before fuzzing, each target's replay build (ASan+UBSan, no AFL) reads its seeds, then the
# inputs of fuzz/regress/TARGET (findings whose regression case cannot live in
# tests/malformed, see fuzz/RESULTS.md); a crash, a hang of the seeds past 60 s, or of the
# regression inputs past 10 s (each takes well under a second; the hangs they record took
# 38 s and more) stops the campaign.
for t in $FUZZ_TARGETS; do
    if ! timeout 60 "$F/replay/fuzz-$t" "$S/$t" >"$F/logs/$t.replay" 2>&1 ||
       { [ -d "$here/regress/$t" ] &&
         ! timeout 10 "$F/replay/fuzz-$t" "$here/regress/$t" >>"$F/logs/$t.replay" 2>&1; }; then
        echo "fuzz: $t: replaying the seeds and fuzz/regress/$t failed (a known finding is back):"
        tail -n 20 "$F/logs/$t.replay"; exit 1
    fi
done

# ---- campaign ----------------------------------------------------------------------------
mkdir -p "$F/out" "$F/logs"
for t in $FUZZ_TARGETS; do
    bin=$F/afl/fuzz-$t
    [ -x "$bin" ] || { echo "fuzz: $bin missing (make fuzz-build)"; exit 1; }
    dict=""; [ -f "$here/$t.dict" ] && dict="-x $here/$t.dict"
    echo "fuzz: $t for ${FUZZ_SECONDS}s ($(ls "$S/$t" | wc -l) seeds; log build/fuzz/logs/$t.log)"
    # shellcheck disable=SC2086  # dict is empty or two words
    AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_AFFINITY=1 AFL_NO_UI=1 \
    AFL_AUTORESUME=1 AFL_IGNORE_SEED_PROBLEMS=1 \
    ASAN_OPTIONS=abort_on_error=1:symbolize=0:detect_leaks=0:allocator_may_return_null=1:malloc_context_size=0 \
    UBSAN_OPTIONS=halt_on_error=1:abort_on_error=1:print_stacktrace=0 \
        nice -n 19 afl-fuzz -i "$S/$t" -o "$F/out/$t" -m none -t "$FUZZ_TIMEOUT" \
        -V "$FUZZ_SECONDS" $dict -- "$bin" >"$F/logs/$t.log" 2>&1 ||
        { echo "fuzz: afl-fuzz failed for $t:"; tail -n 20 "$F/logs/$t.log"; }
done

echo
summary | tee "$F/summary.tmp"
[ "$FUZZ_WRITE" = 1 ] && mv "$F/summary.tmp" "$F/summary.md" || rm -f "$F/summary.tmp"
echo "crashes and hangs: build/fuzz/out/TARGET/default/{crashes,hangs}/; replay one without AFL:"
echo "  build/fuzz/replay/fuzz-TARGET FILE|DIR"
