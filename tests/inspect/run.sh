#!/bin/sh
# c18n-inspect suite.  Builds (with -g) a program and libraries holding every boundary hazard
# the tool reports (haz.h lists them), runs the tool, and checks its --json output with
# check.py (/usr/bin/python3's json module) and its text output for one case; then a clean
# boundary, a library without debug information (caller-side signature, ELF-only report),
# separate debug files found by .gnu_debuglink and by build-id, policy grouping (through the
# loader's rtld/policy.c) and policy errors, a missing library, agreement with ld-c18n --list,
# the copies of the loader's lists, and real programs (curl, python3.11, sqlite3: no error,
# valid JSON, a few seconds at most).
# Contract (tests/run.sh): "PASS: name" / "FAIL: name" lines, OUTDIR scratch, LDC18N names the
# loader; the tool is $(dirname $LDC18N)/c18n-inspect.  Must stay true: every hazard kind in
# man/c18n-inspect.1 has a case here.
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
: "${OUTDIR:=$here/../out/inspect}"
: "${LDC18N:=$root/build/ld-c18n}"
: "${CC:=gcc}"
case $LDC18N in /*) ;; *) LDC18N=$(pwd)/$LDC18N ;; esac
TOOL=$(dirname "$LDC18N")/c18n-inspect
PY=/usr/bin/python3
CHECK="$PY $here/check.py"
mkdir -p "$OUTDIR" || exit 1
OUTDIR=$(cd "$OUTDIR" && pwd -P)
cd "$OUTDIR" || exit 1
unset LD_C18N_LIBRARY_PATH LD_C18N_PRELOAD LD_C18N_POLICY

pass() { echo "PASS: $1"; }
fail() { echo "FAIL: $1"; }
# check NAME JSON CHECK-ARGS...: one check.py assertion as one test
check() {
    name=$1; shift
    if out=$($CHECK "$@" 2>&1); then pass "$name"; else fail "$name"; echo "$out"; fi
}
# inspect OUT ARGS...: run the tool, JSON to OUT.json, stderr to OUT.err, status to $rc
inspect() {
    o=$1; shift
    "$TOOL" --json "$@" >"$o.json" 2>"$o.err"; rc=$?
}

if [ ! -x "$TOOL" ]; then
    fail "c18n-inspect built"; echo "  $TOOL not found (make builds it)"; exit 0
fi

# ---- build --------------------------------------------------------------------------------
S=$here
if ! { $CC -O1 -g -fPIC -shared -o libhaz.so "$S/libhaz.c" &&
       $CC -O1 -g -o prog "$S/prog.c" -I"$S" -L. -lhaz &&
       $CC -O1 -g -fPIC -shared -o libclean.so "$S/libclean.c" &&
       $CC -O1 -g -o clean "$S/clean.c" -L. -lclean &&
       $CC -O1 -fPIC -shared -o libnodebug.so "$S/libnodebug.c" &&
       $CC -O1 -g -o usend "$S/usend.c" -L. -lnodebug &&
       $CC -O1 -o usend-nog "$S/usend.c" -L. -lnodebug &&
       mkdir -p link/.debug build-id &&
       $CC -O1 -g -fPIC -shared -Wl,--build-id -o link/libsep.so "$S/libsep.c" &&
       objcopy --only-keep-debug link/libsep.so link/.debug/libsep.debug &&
       objcopy --strip-debug --add-gnu-debuglink=link/.debug/libsep.debug link/libsep.so &&
       $CC -O1 -g -o link/sepprog "$S/sepprog.c" -Llink -lsep &&
       $CC -O1 -g -fPIC -shared -Wl,--build-id -o build-id/libsep.so "$S/libsep.c" &&
       id=$(readelf -n build-id/libsep.so | sed -n 's/.*Build ID: *\([0-9a-f]*\).*/\1/p') &&
       [ -n "$id" ] &&
       mkdir -p "debugroot/.build-id/$(echo "$id" | cut -c1-2)" &&
       objcopy --only-keep-debug build-id/libsep.so \
           "debugroot/.build-id/$(echo "$id" | cut -c1-2)/$(echo "$id" | cut -c3-).debug" &&
       objcopy --strip-debug build-id/libsep.so &&
       $CC -O1 -g -o build-id/sepprog "$S/sepprog.c" -Lbuild-id -lsep &&
       mkdir -p bidlink/.debug &&
       $CC -O1 -g -fPIC -shared -Wl,--build-id -o bidlink/libsep.so "$S/libsep.c" &&
       id2=$(readelf -n bidlink/libsep.so | sed -n 's/.*Build ID: *\([0-9a-f]*\).*/\1/p') &&
       [ "$id2" = "$id" ] &&
       objcopy --only-keep-debug bidlink/libsep.so "bidlink/.debug/$(echo "$id" | cut -c3-).debug" &&
       objcopy --strip-debug \
           --add-gnu-debuglink="bidlink/.debug/$(echo "$id" | cut -c3-).debug" bidlink/libsep.so &&
       $CC -O1 -g -o bidlink/sepprog "$S/sepprog.c" -Lbidlink -lsep; } >build.log 2>&1
then
    fail "build"; sed 's/^/  /' build.log | head -40; exit 0
fi
pass "build"

# ---- every hazard, from the JSON document ----------------------------------------------------
inspect haz --library-path "$OUTDIR" ./prog
if [ $rc = 0 ]; then pass "prog: exit status 0"; else fail "prog: exit status $rc"; sed 's/^/  /' haz.err; fi
check "prog: valid JSON" haz.json valid
line() { grep -n "^[a-z].* \**$1(" "$S/libhaz.c" | head -1 | cut -d: -f1; }
H="check"
$H "stack-args many_ints: 8 int arguments, 16 bytes" haz.json hazard stack-args many_ints prog libhaz.so stack_bytes=16 file=libhaz.c line="$(line many_ints)"
$H "stack-args many_doubles: 10 double arguments, 16 bytes" haz.json hazard stack-args many_doubles prog libhaz.so stack_bytes=16
$H "stack-args take_big: 24-byte struct by value" haz.json hazard stack-args take_big prog libhaz.so stack_bytes=24 file=libhaz.c line="$(line take_big)"
$H "stack-args take_ld: long double is memory class" haz.json hazard stack-args take_ld prog libhaz.so stack_bytes=16
$H "stack-args mixed: struct + 16-aligned long double, 48 bytes" haz.json hazard stack-args mixed prog libhaz.so stack_bytes=48
$H "stack-args ints_then_pair: 16-byte struct with one register left" haz.json hazard stack-args ints_then_pair prog libhaz.so stack_bytes=16
$H "stack-args ret_big: memory-returned struct takes %rdi" haz.json hazard stack-args ret_big prog libhaz.so stack_bytes=8
$H "variadic hz_printf" haz.json hazard variadic hz_printf prog libhaz.so stack_bytes=0 file=libhaz.c
$H "fnptr register_cb: function-pointer parameter" haz.json hazard fnptr register_cb prog libhaz.so "detail~'cb' is a function pointer" file=libhaz.c
$H "fnptr use_ops: struct member" haz.json hazard fnptr use_ops prog libhaz.so "detail~member 'open'"
$H "fnptr use_config: member reached through a pointer" haz.json hazard fnptr use_config prog libhaz.so "detail~member 'ops->open'"
$H "data shared_counter: COPY into the program, 4 bytes" haz.json hazard data shared_counter prog libhaz.so size=4 file=libhaz.c
$H "data shared_counter: the library reaches the program's copy" haz.json hazard data shared_counter libhaz.so prog size=4
$H "data default_ops: holds a callback" haz.json hazard data default_ops prog libhaz.so size=16 "detail~function-pointer member 'open'"
$H "tls tls_counter: 4 bytes" haz.json hazard tls tls_counter prog libhaz.so size=4 file=libhaz.c
$H "setjmp _setjmp from lib_try" haz.json hazard setjmp _setjmp libhaz.so "[TCB]" "detail~lib_try"
$H "setjmp longjmp" haz.json hazard setjmp longjmp libhaz.so "[TCB]"
$H "signal sigaction from lib_install" haz.json hazard signal sigaction libhaz.so "[TCB]" "detail~lib_install" file=libhaz.c
$H "no hazard: small struct in registers" haz.json nohazard take_small
$H "import many_ints gets a trampoline" haz.json import prog libhaz.so many_ints function trampoline=true signature=callee
$H "import printf into [TCB]: no trampoline" haz.json import prog "[TCB]" printf function trampoline=false
$H "import __libc_start_main binds to [RTLD]" haz.json import prog "[RTLD]" __libc_start_main function trampoline=false
$H "import tls_counter is TLS" haz.json import prog libhaz.so tls_counter tls size=4
$H "compartments: one per object" haz.json comp libhaz.so libhaz.so
$H "compartments: the program by its basename" haz.json comp prog prog
$H "debug: embedded" haz.json debug libhaz.so embedded

# ---- text output --------------------------------------------------------------------------
"$TOOL" --library-path "$OUTDIR" ./prog >haz.txt 2>haz.txt.err
if grep -q "^  stack-args: many_ints (prog -> libhaz.so) at .*libhaz.c:$(line many_ints): 16 bytes of arguments on the stack" haz.txt &&
   grep -q "^  variadic: hz_printf (prog -> libhaz.so)" haz.txt &&
   grep -q "^  2  prog$" haz.txt && grep -q "^      function many_ints  trampoline$" haz.txt; then
    pass "text output"
else
    fail "text output"; sed 's/^/  /' haz.txt | head -60
fi

# ---- a clean boundary -----------------------------------------------------------------------
inspect clean --library-path "$OUTDIR" ./clean
check "clean boundary: no hazards" clean.json nohazards
check "clean boundary: calls still get trampolines" clean.json import clean libclean.so clean_norm1 function trampoline=true

# ---- no debug information in the callee -------------------------------------------------------
inspect usend --library-path "$OUTDIR" ./usend
check "no callee DWARF: caller's declaration gives 8 stack bytes" usend.json hazard stack-args nodebug_many usend libnodebug.so stack_bytes=8 "detail~signature from usend's declaration"
check "no callee DWARF: import says where the signature came from" usend.json import usend libnodebug.so nodebug_many function signature=caller
check "no callee DWARF: object reported without debug information" usend.json debug libnodebug.so none
inspect usendnog --library-path "$OUTDIR" ./usend-nog
check "no DWARF at all: no guessed hazards" usendnog.json nohazard nodebug_many
check "no DWARF at all: the function is counted unchecked" usendnog.json unchecked libnodebug.so 1
check "no DWARF at all: imports still listed" usendnog.json import usend-nog libnodebug.so nodebug_many function trampoline=true
"$TOOL" --library-path "$OUTDIR" ./usend-nog >usendnog.txt 2>&1
if grep -q "^  libnodebug.so: 1 imported function unchecked" usendnog.txt; then pass "no DWARF at all: said per object in text"
else fail "no DWARF at all: said per object in text"; sed 's/^/  /' usendnog.txt | tail -8; fi

# ---- separate debug files ----------------------------------------------------------------------
inspect link --library-path "$OUTDIR/link" ./link/sepprog
check "debuglink: found in .debug/" link.json debug libsep.so debuglink
check "debuglink: hazard from the separate file" link.json hazard stack-args sep_many sepprog libsep.so stack_bytes=24 file=libsep.c
inspect bid --library-path "$OUTDIR/build-id" --debug-dir "$OUTDIR/debugroot" ./build-id/sepprog
check "build-id: found under --debug-dir" bid.json debug libsep.so build-id
check "build-id: hazard from the separate file" bid.json hazard stack-args sep_many sepprog libsep.so stack_bytes=24
# a debuglink that names the build-id file (yyyy.debug, as Debian writes it) is looked for
# by build ID only (c18n-inspect(1)): not beside the object, found under the debug directory
inspect bidl --library-path "$OUTDIR/bidlink" ./bidlink/sepprog
check "debuglink naming the build-id file: not searched beside the object" bidl.json debug libsep.so none
inspect bidl2 --library-path "$OUTDIR/bidlink" --debug-dir "$OUTDIR/debugroot" ./bidlink/sepprog
check "debuglink naming the build-id file: found by build-id" bidl2.json debug libsep.so build-id

# ---- policy ----------------------------------------------------------------------------------
printf 'Version 1\n\ncompartment app\n\tprog\n\tlibhaz.so\n\ncompartment [TCB]\n\tlibc.so.6\n\ncaller *\ntrust\n\tmemcpy\n\ncallee app\nexport to [TCB]\n\tmain\n' >group.policy
inspect pol --library-path "$OUTDIR" --policy group.policy ./prog
check "policy: grouped libraries share a compartment" pol.json comp app prog libhaz.so
check "policy: no hazards inside a group" pol.json nohazard many_ints
check "policy: no imports inside a group" pol.json noimport app app
"$TOOL" --library-path "$OUTDIR" --policy group.policy ./prog >pol.txt 2>&1
if [ $rc = 0 ] && grep -q "^Policy: group.policy (compartment grouping only)" pol.txt; then
    pass "policy: caller/callee blocks accepted, grouping applied"
else fail "policy: caller/callee blocks accepted, grouping applied"; echo "  status $rc"; sed 's/^/  /' pol.err; fi
printf 'Version 1\ncompartment app\n\tprog\ncallee nowhere\n\tf\n' >bad.policy
"$TOOL" --policy bad.policy ./prog >bad.out 2>bad.err; rc=$?
if [ $rc = 1 ] && grep -q "^c18n-inspect: bad.policy:4:8: unknown compartment 'nowhere'" bad.err; then
    pass "policy: errors name file:line:column"
else
    fail "policy: errors name file:line:column"; echo "  status $rc"; sed 's/^/  /' bad.err
fi
printf 'Version 2\n' >v2.policy
"$TOOL" --policy v2.policy ./prog >/dev/null 2>v2.err; rc=$?
if [ $rc = 1 ] && grep -q "^c18n-inspect: v2.policy:1:[0-9]*: " v2.err; then pass "policy: version checked"
else fail "policy: version checked"; sed 's/^/  /' v2.err; fi

# ---- a missing library ------------------------------------------------------------------------
inspect missing ./prog   # libhaz.so is not on any search path
if [ $rc = 2 ] && $CHECK missing.json errors 1 >/dev/null && grep -q "libhaz.so: cannot open shared object file" missing.err; then
    pass "missing library: reported, exit status 2, JSON still complete"
else
    fail "missing library: reported, exit status 2, JSON still complete"; echo "  status $rc"; sed 's/^/  /' missing.err
fi

# ---- same objects and compartments as the loader's --list -----------------------------------
# listing PROG ARGS...: "realpath [compartment]" lines, sorted, from ld-c18n --list and the tool
listing() {
    "$LDC18N" --list "$@" 2>&1 | awk '{print $3, $5}' |
        while read -r p c; do echo "$(realpath "$p") $c"; done | sort >loader.list
    "$TOOL" --json "$@" 2>/dev/null | $PY -c '
import json, os, sys
d = json.load(sys.stdin)
for c in d["compartments"]:
    for o in c["objects"]:
        if o["path"]:
            print("%s [%s]" % (os.path.realpath(o["path"]), c["name"]))' | sort >tool.list
    cmp -s loader.list tool.list
}
# (ruby and the JDK: the runtimes' own compartments, rtld/runtime.c, when installed)
runtimes=
for r in /usr/bin/ruby "$(readlink -f "$(command -v java 2>/dev/null)" 2>/dev/null)"; do
    [ -x "$r" ] && runtimes="$runtimes $r"
done
for args in "--library-path $OUTDIR ./prog" "/usr/bin/curl" $runtimes; do
    # shellcheck disable=SC2086
    if listing $args; then pass "same objects and compartments as ld-c18n --list: $args"
    else fail "same objects and compartments as ld-c18n --list: $args"; diff loader.list tool.list | head -10 | sed 's/^/  /'; fi
done

# ---- the tool's copies of the loader's lists -------------------------------------------------
if $PY - "$root/rtld/host.c" "$root/tools/c18n-inspect.c" >lists.log 2>&1 <<'EOF'
import re, sys
host, tool = (open(p).read() for p in sys.argv[1:3])
def arr(src, name):
    m = re.search(name + r"\[\]\s*=\s*\{(.*?)\};", src, re.S)
    return re.findall(r'"([^"]+)"', m.group(1)) if m else None
h_tcb, t_tcb = arr(host, "tcb_names"), arr(tool, "tcb_names")
h_int = re.findall(r'\{\s*"([^"]+)",\s*\(void \*\)', host)
t_int = arr(tool, "interposed_names")
ok = h_tcb and h_tcb == t_tcb and h_int and sorted(h_int) == sorted(t_int)
if not ok:
    print("host.c tcb_names", h_tcb, "\ntool", t_tcb, "\nhost.c interpose_table", h_int, "\ntool", t_int)
sys.exit(0 if ok else 1)
EOF
then pass "tcb_names and interposed names match rtld/host.c"
else fail "tcb_names and interposed names match rtld/host.c"; sed 's/^/  /' lists.log; fi

# ---- real programs ----------------------------------------------------------------------------
for p in /usr/bin/curl /usr/bin/python3.11 /usr/bin/sqlite3; do
    n=$(basename "$p")
    if [ ! -x "$p" ]; then fail "real $n (not installed: make test-deps)"; continue; fi
    t0=$(date +%s%N)
    "$TOOL" --json "$p" >"real-$n.json" 2>"real-$n.err"; rc=$?
    "$TOOL" "$p" >"real-$n.txt" 2>>"real-$n.err"; rc2=$?
    ms=$(( ($(date +%s%N) - t0) / 1000000 ))
    if [ $rc = 0 ] && [ $rc2 = 0 ] && [ ! -s "real-$n.err" ] && $CHECK "real-$n.json" errors 0 >/dev/null &&
       [ "$ms" -lt 5000 ]; then
        pass "real $n (json + text in ${ms} ms)"
    else
        fail "real $n"; echo "  status $rc/$rc2, ${ms} ms"; sed 's/^/  /' "real-$n.err" | head
    fi
done
