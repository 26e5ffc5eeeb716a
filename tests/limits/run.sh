#!/bin/sh
# Resource-limits suite (issue 17): under an address-space limit (ulimit -v) and a
# descriptor limit (ulimit -n), at start-up and at dlopen, ld-c18n runs the program as the
# system loader does, or stops it with a clear error: status 127 and a message at start-up,
# a dlerror() at dlopen naming the library.  Never a crash (death by a signal), never a hang.
# The program (prog.c) uses two libraries (one with TLS), a thread and a dlopen'ed plugin.
#   as-KIB       ulimit -v KIB where the program runs natively with room to spare: the same
#                output and status under ld-c18n (compartment stacks and trampoline
#                reservations fit the limit), with and without compartments
#   tight-KIB    ulimit -v KIB near or below what the program needs: the same output as
#                natively, or status 127 with stderr naming the reason; no signal
#   dlopen-as    the address space exhausted by the program itself, then a dlopen: dlerror()
#                names the library; once the space is given back, the dlopen works
#   dlopen-fds   the same with file descriptors
#   isolate-as   --isolate=enforce under ulimit -v: runs, or status 127 with a reason
# Environment: LDC18N, OUTDIR, CC, CFLAGS.
here=$(cd "$(dirname "$0")" && pwd)
: "${OUTDIR:=$here/../out/limits}"
: "${LDC18N:=$here/../../build/ld-c18n}"
: "${CC:=gcc}"; : "${CFLAGS:=-O1 -g}"
unset LD_LIBRARY_PATH LD_PRELOAD LD_C18N_LIBRARY_PATH LD_C18N_TRACE LD_C18N_STATS
LC_ALL=C; export LC_ALL
ulimit -c 0 2>/dev/null
mkdir -p "$OUTDIR" && OUTDIR=$(cd "$OUTDIR" && pwd -P)
B=$OUTDIR/build
rm -rf "$B"; mkdir -p "$B"
if ! { $CC $CFLAGS -fPIC -shared -o "$B/liblb.so" "$here/lb.c" &&
       $CC $CFLAGS -fPIC -shared -o "$B/libla.so" "$here/la.c" -L"$B" -llb &&
       $CC $CFLAGS -fPIC -shared -o "$B/liblplug.so" "$here/lplug.c" -L"$B" -llb &&
       $CC $CFLAGS -pthread -o "$B/prog" "$here/prog.c" -L"$B" -lla -llb -ldl; } \
       >"$OUTDIR/build.log" 2>&1; then
    echo "FAIL: limits (build)"; sed 's/^/  /' "$OUTDIR/build.log"; exit 0
fi

# run NAME ULIMIT-ARGS WHO [LOADER OPTIONS] -- PROG ARGS: NAME.WHO.{out,err,st}
run() {
    name=$1 lim=$2 who=$3; shift 3
    opts=""
    while [ "$1" != "--" ]; do opts="$opts $1"; shift; done
    shift
    if [ "$who" = native ]; then
        (cd "$B" && ulimit $lim && LD_LIBRARY_PATH="$B" timeout 60 ./prog "$@") \
            >"$OUTDIR/$name.$who.out" 2>"$OUTDIR/$name.$who.err" </dev/null
    else
        (cd "$B" && ulimit $lim && LD_C18N_LIBRARY_PATH="$B" timeout 60 "$LDC18N" $opts ./prog "$@") \
            >"$OUTDIR/$name.$who.out" 2>"$OUTDIR/$name.$who.err" </dev/null
    fi
    echo $? >"$OUTDIR/$name.$who.st"
}

# same NAME WHO: ld-c18n's run (WHO) gave the native output and status
same() {
    n=$1 w=$2
    if cmp -s "$OUTDIR/$n.native.out" "$OUTDIR/$n.$w.out" &&
       [ "$(cat "$OUTDIR/$n.native.st")" = "$(cat "$OUTDIR/$n.$w.st")" ]; then
        echo "PASS: $n ($w)"
    else
        echo "FAIL: $n ($w): status $(cat "$OUTDIR/$n.$w.st"), native $(cat "$OUTDIR/$n.native.st")"
        diff "$OUTDIR/$n.native.out" "$OUTDIR/$n.$w.out" | head -10 | sed 's/^/  /'
        head -5 "$OUTDIR/$n.$w.err" | sed 's/^/  stderr: /'
    fi
}

# clear_or_same NAME WHO: the native output and status; or status 127 with the reason on
# stderr; or the program's own report of a failed call (pthread_create, dlopen), status 1
clear_or_same() {
    n=$1 w=$2 st=$(cat "$OUTDIR/$1.$2.st")
    if cmp -s "$OUTDIR/$n.native.out" "$OUTDIR/$n.$w.out" &&
       [ "$(cat "$OUTDIR/$n.native.st")" = "$st" ]; then
        echo "PASS: $n ($w): as natively"
    elif [ "$st" = 127 ] && grep -q -E ': .*(memory|map|allocate|reserve|Too many|open)' "$OUTDIR/$n.$w.err"; then
        echo "PASS: $n ($w): stopped with: $(head -1 "$OUTDIR/$n.$w.err")"
    elif [ "$st" = 1 ] && grep -q -E '(pthread_create|dlopen) failed' "$OUTDIR/$n.$w.out"; then
        echo "PASS: $n ($w): the program reports: $(grep -E 'failed' "$OUTDIR/$n.$w.out" | head -1)"
    else
        echo "FAIL: $n ($w): status $st, native $(cat "$OUTDIR/$n.native.st")"
        head -5 "$OUTDIR/$n.$w.err" | sed 's/^/  stderr: /'
    fi
}

# the program's needs, measured: the smallest ulimit -v (in steps of 4 MiB) it runs under
# natively, so that the cases below are relative to this machine's libraries
need=8192
while [ $need -lt 1048576 ]; do
    (cd "$B" && ulimit -v $need && LD_LIBRARY_PATH="$B" ./prog run) >/dev/null 2>&1 </dev/null && break
    need=$((need + 4096))
done
echo "  the program runs natively under ulimit -v $need"

for kib in $((need * 4)) $((need * 2)) $((need + 16384)); do
    run as-$kib "-v $kib" native -- run
    run as-$kib "-v $kib" c18n -- run
    run as-$kib "-v $kib" nocomp --no-compartments -- run
    same as-$kib c18n
    same as-$kib nocomp
done
for kib in $need $((need - 4096)) $((need / 2)) 4096; do
    run tight-$kib "-v $kib" native -- run
    run tight-$kib "-v $kib" c18n -- run
    clear_or_same tight-$kib c18n
done

# dlopen_ok NAME WHO WHAT: status 0; the dlopen with WHAT exhausted worked or failed with a
# dlerror() naming the library (ld-c18n needs more than the system loader: a compartment
# stack); once WHAT was given back it worked
dlopen_ok() {
    n=$1 w=$2 f=$OUTDIR/$1.$2.out
    if [ "$(cat "$OUTDIR/$n.$w.st")" = 0 ] &&
       grep -q -E "^$3 exhausted: (plugin says [0-9]+|dlopen failed, naming the library: yes)\$" "$f" &&
       grep -q -E "^$3 given back: plugin says [0-9]+\$" "$f"; then
        echo "PASS: $n ($w): $(grep exhausted "$f")"
    else
        echo "FAIL: $n ($w): status $(cat "$OUTDIR/$n.$w.st")"
        sed 's/^/  stdout: /' "$f" | head -5
        head -5 "$OUTDIR/$n.$w.err" | sed 's/^/  stderr: /'
    fi
}
run dlopen-as "-v $((need * 4))" native -- as
run dlopen-as "-v $((need * 4))" c18n -- as
run dlopen-as "-v $((need * 4))" nocomp --no-compartments -- as
dlopen_ok dlopen-as native "address space"
dlopen_ok dlopen-as c18n "address space"
dlopen_ok dlopen-as nocomp "address space"

run dlopen-fds "-n 64" native -- fds
run dlopen-fds "-n 64" c18n -- fds
run dlopen-fds "-n 64" nocomp --no-compartments -- fds
same dlopen-fds c18n
same dlopen-fds nocomp
dlopen_ok dlopen-fds c18n descriptors

run isolate-as "-v $((need * 4))" native -- run
run isolate-as "-v $((need * 4))" c18n --isolate=enforce -- run
clear_or_same isolate-as c18n
