#!/bin/sh
# CPython's own test suite (issue 18): each of the 52 modules below is run by the system's
# python3 natively and under ld-c18n (the program, every helper process its tests start
# through exec, followed, and the C extensions they load, compartmentalised); a module passes
# here when it ends with the same regrtest status under ld-c18n as natively (a pair of runs
# that disagree is run once more, and said so).  Needs Debian's libpython3.11-testsuite
# (TEST_PKGS).
#
# Contract (tests/run.sh): "PASS: name" / "FAIL: name" lines, diagnostics indented; OUTDIR
# scratch, LDC18N the loader.  CPYTHON_ONLY runs only the named modules.
here=$(cd "$(dirname "$0")" && pwd)
: "${OUTDIR:=$here/../out/cpython}"
: "${LDC18N:=$here/../../build/ld-c18n}"
case $LDC18N in /*) ;; *) LDC18N=$(pwd)/$LDC18N ;; esac
mkdir -p "$OUTDIR" || exit 1
OUTDIR=$(cd "$OUTDIR" && pwd -P)
for v in $(env | sed -n 's/^\(LD_C18N_[A-Z_]*\)=.*/\1/p'); do unset "$v"; done
PY=/usr/bin/python3
PATH=/usr/bin:/bin; LC_ALL=C.UTF-8; TZ=UTC; export PATH LC_ALL TZ

# module[:+pattern][:-pattern]: +pattern (regrtest -m) runs only the matching tests, -pattern
# (regrtest -i) leaves them out.  The multiprocessing modules run the process tests of each
# start method; test_socket leaves out its VSOCK tests, which wait forever in accept() on a
# virtual machine whose vsock has no peer (natively as under ld-c18n).
MODULES="test_threading test_thread test_threading_local test_subprocess test_signal
test_socket:-*VSOCK* test_ssl test_select test_selectors test_mmap test_ctypes test_os test_posix
test_fcntl test_resource test_pty test_faulthandler test_time test_json test_dbm test_dbm_gnu
test_hashlib test_zlib test_bz2 test_lzma test_gzip test_tarfile test_struct test_array
test_re test_math test_random test_fileio test_tempfile test_shutil test_glob test_locale
test_codecs test_unicodedata test_weakref test_gc test_pwd test_grp test_uuid test_csv
test_queue test_sched test_decimal test_cmath
test_multiprocessing_fork:+*WithProcessesTestProcess*
test_multiprocessing_forkserver:+*WithProcessesTestProcess*
test_multiprocessing_spawn:+*WithProcessesTestProcess*"

if ! $PY -c 'import test.support, test.test_json' 2>/dev/null; then
    echo "CPython's test package is not installed (make test-deps installs libpython3-testsuite)"
    echo "FAIL: cpython-testsuite-installed"; exit 0
fi
[ -x "$LDC18N" ] || { echo "FAIL: loader $LDC18N not found"; exit 0; }

# run DIR CMD...: one regrtest run in a fresh DIR; prints its status
run() {
    dir=$1; shift
    rm -rf "$dir"; mkdir -p "$dir/home"
    (cd "$dir" && HOME=$dir/home TMPDIR=$dir exec timeout -k 10 900 "$@" >"$dir/log" 2>&1)
    echo $?
}

for spec in $MODULES; do
    m=${spec%%:*}; pat=
    [ "$m" != "$spec" ] && pat=${spec#*:}
    if [ -n "$CPYTHON_ONLY" ]; then case " $CPYTHON_ONLY " in *" $m "*) ;; *) continue ;; esac; fi
    set -- -m test --timeout 600 -q "$m"
    case $pat in
        +*) set -- "$@" -m "${pat#+}" ;;
        -*) set -- "$@" -i "${pat#-}" ;;
    esac
    t0=$(date +%s)
    ns=$(run "$OUTDIR/$m.native" $PY "$@")
    t1=$(date +%s)
    cs=$(run "$OUTDIR/$m.c18n" "$LDC18N" $PY "$@")
    t2=$(date +%s)
    again=
    if [ "$ns" != "$cs" ]; then
        # Some of these tests depend on timing (signals, threads, processes): a disagreement
        # gets one more pair of runs, which must agree; the first pair is reported.
        again=" (after natively $ns, under ld-c18n $cs: a second pair of runs)"
        ns=$(run "$OUTDIR/$m.native" $PY "$@")
        cs=$(run "$OUTDIR/$m.c18n" "$LDC18N" $PY "$@")
    fi
    if [ "$ns" = "$cs" ]; then
        echo "PASS: $m${pat:+ ($pat)}: status $ns natively and under ld-c18n ($((t1 - t0))s, $((t2 - t1))s)$again"
    else
        echo "FAIL: $m${pat:+ ($pat)}: status $ns natively, $cs under ld-c18n"
        tail -15 "$OUTDIR/$m.c18n/log" | sed 's/^/  /'
    fi
done
