#!/bin/sh
# Malformed-input suite: ld-c18n must reject corrupted or truncated ELF files with a clear
# one-line error and exit status 127, never crash or hang.
#
# Builds a small valid program (PIE and non-PIE) and the shared library it needs with gcc in
# OUTDIR, and compiles mkbad.c (the corrupter) there.  Then, for every corruption KIND that
# `mkbad -l` lists:
#   prog-KIND    the corrupted program is the PROGRAM:   ld-c18n OUTDIR/bad/prog-KIND
#   lib-KIND     the program is valid, the library it needs (libmlib.so, found through
#                LD_C18N_LIBRARY_PATH=OUTDIR/libs/KIND) is corrupted
# and a few more (non-PIE program, debug-info files, ET_REL object, directory, missing file).
# A case PASSes when: exit status is exactly 127, stdout is empty, stderr is exactly one
# (newline-terminated) line, and that line contains the corrupted file's path (for lib-* cases:
# its basename, libmlib.so) plus some text giving the reason.  Death by a signal (status >= 128)
# or a timeout (status 124) is always a FAIL; for gnu-nsyms-huge the reason must also be the
# exact one.  The line is shown as a diagnostic either way.
# Control cases check that the valid program runs under the loader.
#
# Environment: LDC18N, OUTDIR, C18N_OPTS (extra loader options), CC (default gcc),
# MALFORMED_TIMEOUT (seconds per case, default 10), MALFORMED_BUDGET (seconds, default 180).
here=$(cd "$(dirname "$0")" && pwd)
: "${OUTDIR:=$here/../out/malformed}"
: "${LDC18N:=$here/../../build/ld-c18n}"
: "${CC:=gcc}"
: "${MALFORMED_TIMEOUT:=10}"
: "${MALFORMED_BUDGET:=180}"
mkdir -p "$OUTDIR" || exit 1
OUTDIR=$(cd "$OUTDIR" && pwd -P)
case $LDC18N in /*) ;; *) LDC18N=$(pwd)/$LDC18N ;; esac
unset LD_LIBRARY_PATH LD_PRELOAD LD_C18N_LIBRARY_PATH LD_C18N_TRACE LD_C18N_STATS
LC_ALL=C; export LC_ALL
ulimit -c 0 2>/dev/null
T0=$(date +%s)
[ -x "$LDC18N" ] || echo "  note: loader $LDC18N not found or not executable; every case will fail"

# ---- build the valid inputs and the generator -----------------------------------------------
B=$OUTDIR/build
rm -rf "$B" "$OUTDIR/bad" "$OUTDIR/libs" "$OUTDIR/runs"
mkdir -p "$B/good" "$OUTDIR/bad" "$OUTDIR/libs" "$OUTDIR/runs"
cat >"$B/mlib.c" <<'EOF'
#include <stdio.h>
int mlib_counter = 40;
int mlib_add(int a, int b) { return a + b + mlib_counter++ - 40; }
void mlib_hello(const char *who) { printf("hello %s from libmlib\n", who); }
EOF
cat >"$B/main.c" <<'EOF'
#include <stdio.h>
extern int mlib_counter;
int mlib_add(int a, int b);
void mlib_hello(const char *who);
int main(int argc, char **argv)
{
    mlib_hello(argc > 1 ? argv[1] : "main");
    int x = mlib_add(20, 22);
    printf("mlib_add=%d counter=%d\n", x, mlib_counter);
    return 0;
}
EOF
build() {
    (cd "$B" &&
     $CC -O1 -fPIC -shared -Wl,-soname,libmlib.so -o good/libmlib.so mlib.c &&
     $CC -O1 -c -fPIC -o mlib.o mlib.c &&
     $CC -O1 -c -o main.o main.c &&
     $CC -O1 -pie -fPIE -o prog main.c -Lgood -lmlib &&
     $CC -O1 -no-pie -fno-PIE -o prog-nopie main.c -Lgood -lmlib &&
     $CC -std=gnu11 -O1 -Wall -Wextra -o mkbad "$here/mkbad.c")
}
if ! build >"$B/build.log" 2>&1; then
    echo "FAIL: build (cannot build the valid inputs or mkbad)"
    sed 's/^/  /' "$B/build.log" | head -40
    exit 0
fi
PROG=$B/prog
GOOD=$B/good
want="hello main from libmlib
mlib_add=42 counter=41"

# ---- harness --------------------------------------------------------------------------------
# run NAME LIBDIR FILE: run "$LDC18N FILE" (LD_C18N_LIBRARY_PATH=LIBDIR unless empty) with a
# timeout; sets st, and leaves stdout/stderr in $r.out / $r.err.
run() {
    r=$OUTDIR/runs/$1
    left=$((MALFORMED_BUDGET - ($(date +%s) - T0)))
    tmo=$MALFORMED_TIMEOUT; [ "$left" -lt "$tmo" ] && tmo=$left
    if [ "$tmo" -lt 2 ]; then st=skipped; : >"$r.out"; : >"$r.err"; return; fi
    # The outer subshell takes the shell's "Segmentation fault" job report to /dev/null.
    # shellcheck disable=SC2086  # C18N_OPTS is a list of words
    (cd "$OUTDIR" || exit 125
     if [ -n "$2" ]; then LD_C18N_LIBRARY_PATH=$2; export LD_C18N_LIBRARY_PATH; fi
     (exec timeout -k 3 "$tmo" "$LDC18N" $C18N_OPTS "$3" </dev/null >"$r.out" 2>"$r.err")
     exit $?) 2>/dev/null
    st=$?
}

# verdict NAME NEEDLE: judge the last run; NEEDLE must appear in the one stderr line.
verdict() {
    why=""
    case $st in
        skipped) why=" suite time budget (MALFORMED_BUDGET=${MALFORMED_BUDGET}s) exhausted, not run;" ;;
        127) ;;
        124) why=" timed out (${tmo}s);" ;;
        *) if [ "$st" -gt 128 ]; then why=" crashed: killed by signal $((st - 128));"
           else why=" exit status $st (want 127);"; fi ;;
    esac
    if [ "$st" != skipped ]; then
        lines=$(wc -l <"$r.err")
        if [ "$lines" -ne 1 ] || [ -n "$(tail -c 1 "$r.err")" ]; then
            why="$why stderr has $lines newline-terminated lines$( [ -s "$r.err" ] && [ -n "$(tail -c 1 "$r.err")" ] && echo ' (last one unterminated)') (want exactly 1);"
        fi
        line=$(head -n 1 "$r.err")
        case $line in
            *"$2"*) rest=$(printf '%s' "$line" | sed "s|$(printf '%s' "$2" | sed 's/[][\.*^$|]/\\&/g')||")
                    [ "${#rest}" -ge 8 ] || why="$why message gives no reason beside the file name;" ;;
            *) why="$why message does not name $2;" ;;
        esac
        [ -s "$r.out" ] && why="$why wrote to stdout;"
    fi
    if [ -z "$why" ]; then echo "PASS: $1"; else echo "FAIL: $1:$why"; fi
    head -n 3 "$r.err" | cut -c1-300 | sed 's/^/  stderr: /'
    [ -s "$r.out" ] && head -n 3 "$r.out" | cut -c1-300 | sed 's/^/  stdout: /'
    return 0
}

# control NAME PROGRAM: the valid program must run under the loader and print $want.
control() { runs_ok "$1" "$GOOD" "$2" "$want"; }

# runs_ok NAME LIBDIR PROGRAM WANT: PROGRAM must run under the loader (its libraries in
# LIBDIR), exit 0 and print WANT.
runs_ok() {
    run "$1" "$2" "$3"
    if [ "$st" = 0 ] && [ "$(cat "$r.out")" = "$4" ]; then echo "PASS: $1"; else
        echo "FAIL: $1: status $st (want 0$([ "$st" = 124 ] && echo '; timed out')), or output differs from the native run"
        printf '%s\n' "$4" >"$r.want"
        diff "$r.want" "$r.out" | head -10 | sed 's/^/  /'
        head -n 10 "$r.err" | cut -c1-300 | sed 's/^/  stderr: /'
    fi
}

# ---- control cases --------------------------------------------------------------------------
native=$(LD_LIBRARY_PATH=$GOOD "$PROG" 2>&1)
if [ "$native" != "$want" ]; then
    echo "FAIL: control-native (the test program itself misbehaves natively)"
    printf '%s\n' "$native" | head -10 | sed 's/^/  /'
fi
control control "$PROG"
control control-nopie "$B/prog-nopie"

# ---- corrupted program / library cases ------------------------------------------------------
# (exec-* kinds apply to a fixed-address program only: the non-PIE loop below runs them;
# dwarf-* ones need DWARF: the cases found by `make fuzz', below, run them)
kinds=$("$B/mkbad" -l | cut -d' ' -f1 | grep -v -e '^exec-' -e '^dwarf-')
for k in $kinds; do
    # As the PROGRAM (the valid library is available).
    f=$OUTDIR/bad/prog-$k
    if "$B/mkbad" "$k" "$PROG" "$f" 2>"$OUTDIR/runs/prog-$k.gen"; then
        run "prog-$k" "$GOOD" "$f"; verdict "prog-$k" "$f"
    else
        echo "FAIL: prog-$k (generator)"; sed 's/^/  /' "$OUTDIR/runs/prog-$k.gen"
    fi
    # As the library the valid program needs.
    dir=$OUTDIR/libs/$k; mkdir -p "$dir"
    if "$B/mkbad" "$k" "$GOOD/libmlib.so" "$dir/libmlib.so" 2>"$OUTDIR/runs/lib-$k.gen"; then
        run "lib-$k" "$dir" "$PROG"; verdict "lib-$k" libmlib.so
    else
        echo "FAIL: lib-$k (generator)"; sed 's/^/  /' "$OUTDIR/runs/lib-$k.gen"
    fi
done

# The reason word for word where the generic verdict asks only for some reason: the limit on
# the number of dynamic symbols (rtld/object.c MAX_DYNSYMS), reached with a consistent table.
for n in prog lib; do
    if grep -q ': bad dynamic section: more than 4194304 dynamic symbols$' \
            "$OUTDIR/runs/$n-gnu-nsyms-huge.err" 2>/dev/null; then
        echo "PASS: $n-gnu-nsyms-huge (the reason)"
    else
        echo "FAIL: $n-gnu-nsyms-huge (the reason): want \"bad dynamic section: more than 4194304 dynamic symbols\""
    fi
done

# Non-PIE (ET_EXEC) program: a subset whose checks differ for fixed-address objects.
for k in load-beyond filesz-gt-memsz misaligned load-unsorted load-overlap load-overflow dynamic-outside strtab-outside \
         needed-past-strsz half exec-at-zero; do
    f=$OUTDIR/bad/prog-nopie-$k
    if "$B/mkbad" "$k" "$B/prog-nopie" "$f" 2>"$OUTDIR/runs/prog-nopie-$k.gen"; then
        run "prog-nopie-$k" "$GOOD" "$f"; verdict "prog-nopie-$k" "$f"
    else
        echo "FAIL: prog-nopie-$k (generator)"; sed 's/^/  /' "$OUTDIR/runs/prog-nopie-$k.gen"
    fi
done

# A shared object (not a program) truncated to half its size, given as the PROGRAM.
f=$OUTDIR/bad/libmlib-half.so
"$B/mkbad" half "$GOOD/libmlib.so" "$f" && { run lib-half-as-prog "$GOOD" "$f"; verdict lib-half-as-prog "$f"; }

# Separate debug-info files (objcopy --only-keep-debug): program headers like the object's,
# nothing loadable (PT_DYNAMIC and the segments have no file contents).  As the program, and
# as the library the program needs.
f=$OUTDIR/bad/prog-debuginfo
objcopy --only-keep-debug "$PROG" "$f" && chmod 755 "$f" && { run prog-debuginfo "$GOOD" "$f"; verdict prog-debuginfo "$f"; }
dir=$OUTDIR/libs/debuginfo; mkdir -p "$dir"
objcopy --only-keep-debug "$GOOD/libmlib.so" "$dir/libmlib.so" &&
    { run lib-debuginfo "$dir" "$PROG"; verdict lib-debuginfo libmlib.so; }

# Found by `make fuzz': inputs the loader must read without harm; the programs run as natively.
# - mangled-truncated: a library function whose name is a truncated C++ mangled name
#   ("_Z1fPFv": a function-type parameter without its closing E), called across compartments:
#   the stack-argument guess from the name (rtld/mangle.c) must give up, not loop for ever.
# - dwarf-complex-char: a library whose DWARF says its char parameter's type (1 byte) is a
#   complex float: the stack-argument classifier (rtld/dwarf-abi.c) must give up on it, not
#   divide by its zero alignment.
M=$B/fuzzfound; mkdir -p "$M/bad"
cat >"$M/lib.c" <<'EOF'
int mg_f(void (*cb)(void)) __asm__("_Z1fPFv");
int mg_f(void (*cb)(void)) { cb(); return 7; }
EOF
cat >"$M/main.c" <<'EOF'
#include <stdio.h>
int mg_f(void (*cb)(void)) __asm__("_Z1fPFv");
static void cb(void) { puts("callback"); }
int main(void) { printf("%d\n", mg_f(cb)); return 0; }
EOF
printf 'int mc_f(char c) { return c + 1; }\n' >"$M/libc.c"
printf '#include <stdio.h>\nint mc_f(char c);\nint main(void) { printf("%%d\\n", mc_f(41)); return 0; }\n' \
    >"$M/mainc.c"
if (cd "$M" && $CC -O1 -fPIC -shared -Wl,-soname,libmg.so -o libmg.so lib.c &&
    $CC -O1 -o prog main.c -L. -lmg &&
    $CC -g -O1 -fPIC -shared -Wl,-soname,libmc.so -o libmc.so libc.c &&
    $CC -O1 -o progc mainc.c -L. -lmc &&
    "$B/mkbad" dwarf-complex-char libmc.so bad/libmc.so) >"$M/build.log" 2>&1; then
    runs_ok mangled-truncated "$M" "$M/prog" "callback
7"
    runs_ok dwarf-complex-char "$M/bad" "$M/progc" 42
else
    echo "FAIL: mangled-truncated, dwarf-complex-char (build)"; sed 's/^/  /' "$M/build.log" | head -10
fi

# ET_REL objects (gcc -c output).
f=$OUTDIR/bad/main.o; cp "$B/main.o" "$f"; chmod 755 "$f"
run prog-etrel "$GOOD" "$f"; verdict prog-etrel "$f"
dir=$OUTDIR/libs/etrel; mkdir -p "$dir"; cp "$B/mlib.o" "$dir/libmlib.so"
run lib-etrel "$dir" "$PROG"; verdict lib-etrel libmlib.so

# A directory: as the program, and where the library should be.
f=$OUTDIR/bad/a-directory; mkdir -p "$f"
run prog-directory "$GOOD" "$f"; verdict prog-directory "$f"
dir=$OUTDIR/libs/directory; mkdir -p "$dir/libmlib.so"
run lib-directory "$dir" "$PROG"; verdict lib-directory libmlib.so

# A program that does not exist; a library that is nowhere to be found.
f=$OUTDIR/bad/no-such-program
run prog-missing "$GOOD" "$f"; verdict prog-missing "$f"
dir=$OUTDIR/libs/empty-dir; mkdir -p "$dir"
run lib-missing "$dir" "$PROG"; verdict lib-missing libmlib.so

echo "  suite time: $(($(date +%s) - T0))s"
