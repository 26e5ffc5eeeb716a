#!/bin/sh
# dwarfsig suite: dwarfsig.h's implementation (per function of an object, the bytes of
# stack-passed arguments by the SysV x86-64 ABI, from DWARF) on its own: rtld/dwarf-abi.c
# (the classifier), rtld/debugfile.c (debug-file discovery), rtld/mangle.c (mangled names)
# and rtld/dwarfsig.c (the per-object tables).
#
# Builds driver.c + those four + rtld/util.c with the project's XCFLAGS (read from the
# Makefile, so -Werror applies) into OUTDIR, then checks:
#   c-* / cxx-*   exact dwarfsig_lookup answers for libsig.c and libsigxx.cc (built -g): 0, 8,
#                 16 for 8 ints, doubles beyond 8, 40- and 200-byte structs by value, long
#                 double, a memory-returned struct plus 6 ints, over-aligned structs, variadic,
#                 an alias, C++ member functions and constructors, classes passed by invisible
#                 reference; declarations, static functions, assembly, IFUNCs and names
#                 with two versioned definitions are unknown;
#   mangled-*     dwarfsig_from_mangled: 0 from a C++ name alone when every parameter is a
#                 builtin, pointer or reference and they fit the registers whatever the hidden
#                 arguments; else unknown; and never 0 where gcc or clang put something on
#                 the stack (the random signatures below, again as mgl::g<i>);
#   nodebug-*     no DWARF (built without -g, or stripped): dwarfsig_load returns NULL;
#   sep-*         separate debug files: .gnu_debuglink beside the file and in .debug/, a
#                 build-id tree and a mirrored directory under a debug root
#                 (dwarfsig_find_debug), and debug files that must be refused (other build-id,
#                 CRC mismatch without build-id);
#   gcc-agrees-*  random signatures (gen.py, fixed seeds) whose ground truth is gcc's own
#                 layout, measured in an -O0 probe: no answer may differ (clang too when
#                 installed; its answers may be "unknown" more often, never wrong);
#   alloc-*       dwarfsig_lookup allocates nothing; none of the four calls malloc itself;
#   shared-*      tools/ has no classifier of its own (c18n-inspect uses rtld/dwarf-abi.c),
#                 and the classifier is among the four.
# Each case prints "PASS: name" or "FAIL: name" with the difference.
# Environment: OUTDIR (scratch, default tests/out/dwarfsig), CC (gcc), CXX (g++),
# PYTHON (/usr/bin/python3).
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
: "${OUTDIR:=$root/tests/out/dwarfsig}"
: "${CC:=gcc}"
: "${CXX:=g++}"
: "${PYTHON:=/usr/bin/python3}"
mkdir -p "$OUTDIR" || exit 1
OUTDIR=$(cd "$OUTDIR" && pwd -P)
LC_ALL=C; export LC_ALL
cd "$OUTDIR" || exit 1

pass() { echo "PASS: $1"; }
fail() { echo "FAIL: $1"; }

# ---- build ---------------------------------------------------------------------------------
flags=$(cd "$root" && printf 'print-xcflags:\n\t@echo $(XCFLAGS)\n' |
        make -s --no-print-directory -f Makefile -f - print-xcflags 2>/dev/null)
[ -n "$flags" ] || flags="-std=gnu11 -fPIC -Wall -Wextra -Werror -Wno-unused-parameter \
-fno-strict-aliasing -fvisibility=hidden -Irtld -Iarch/x86_64 -Itrampolines"
D=$OUTDIR/driver
DWARFSIG_SRC="rtld/dwarf-abi.c rtld/debugfile.c rtld/mangle.c rtld/dwarfsig.c"
if (cd "$root" && $CC $flags -O1 -g -Wl,--wrap=rtld_alloc -o "$D" tests/dwarfsig/driver.c \
        $DWARFSIG_SRC rtld/util.c -ldw -lelf &&
    for f in $DWARFSIG_SRC; do
        $CC $flags -O1 -c -o "$OUTDIR/$(basename "$f" .c).o" "$f" || exit 1
    done) >build.log 2>&1; then
    pass "build with the project's flags"
else
    fail "build with the project's flags"; sed 's/^/  /' build.log | head -40; exit 0
fi
S=$here
if ! { $CC -O1 -g -fPIC -shared -Wno-psabi -o libsig.so "$S/libsig.c" "$S/asmfn.S" &&
       $CXX -O1 -g -fPIC -shared -o libsigxx.so "$S/libsigxx.cc" &&
       $CC -O1 -g -fPIC -shared -o libver.so "$S/libver.c" -Wl,--version-script="$S/libver.map" &&
       $CC -O1 -fPIC -shared -Wno-psabi -o libnog.so "$S/libsig.c" &&
       $CC -O1 -g -fPIC -shared -Wno-psabi -o libstripped.so "$S/libsig.c" &&
       strip --strip-debug libstripped.so; } >libs.log 2>&1; then
    fail "build the test libraries"; sed 's/^/  /' libs.log | head -40; exit 0
fi

# ---- helpers -------------------------------------------------------------------------------
# query OUT LIB NAME...: the driver's answers for LIB into OUT
query() { out=$1; shift; "$D" "$@" >"$out" 2>&1; }
# expect OUT NAME WANT TEST-NAME: the answer for NAME in OUT is WANT
expect() {
    got=$(sed -n "s/^$2 //p" "$1" | head -1)
    if [ "$got" = "$3" ]; then pass "$4"
    else fail "$4"; echo "  $2: want $3, got ${got:-(no line)}"; fi
}
# expect_null OUT TEST-NAME: dwarfsig_load returned NULL
expect_null() {
    if [ "$(head -1 "$1")" = NULL ]; then pass "$2"
    else fail "$2"; echo "  want NULL, got: $(head -1 "$1")"; fi
}
# same OUT1 OUT2 TEST-NAME: two answer files agree (and have answers)
same() {
    if grep -q '^count [1-9]' "$1" && cmp -s "$1" "$2"; then pass "$3"
    else fail "$3"; diff "$1" "$2" | head -20 | sed 's/^/  /'; fi
}

# ---- C -------------------------------------------------------------------------------------
C_NAMES="sig_none sig_six_ints sig_seven_ints sig_eight_ints sig_eight_doubles
sig_nine_doubles sig_ten_doubles sig_full_files sig_big40 sig_big200 sig_long_double
sig_ld_after_7 sig_big40_ld sig_ret_mem_six sig_ret_pair_six sig_pair_after_five
sig_pair_then_long sig_aligned32 sig_printf sig_vprintf sig_alias sig_static sig_calls_static
puts sig_asm sig_narrow_union sig_wide_union"
query c.out ./libsig.so $C_NAMES
if grep -q '^count [1-9]' c.out; then pass "c-table: libsig.so has a table"
else fail "c-table: libsig.so has a table"; sed 's/^/  /' c.out; fi
expect c.out sig_none 0 "c-none: no arguments, 0 bytes"
expect c.out sig_six_ints 0 "c-six-ints: 6 ints fit the registers, 0 bytes"
expect c.out sig_seven_ints 8 "c-seven-ints: one int on the stack, 8 bytes"
expect c.out sig_eight_ints 16 "c-eight-ints: 8 ints, 16 bytes"
expect c.out sig_eight_doubles 0 "c-eight-doubles: 8 doubles fit %xmm0-7, 0 bytes"
expect c.out sig_nine_doubles 8 "c-nine-doubles: one double beyond 8, 8 bytes"
expect c.out sig_ten_doubles 16 "c-ten-doubles: two doubles beyond 8, 16 bytes"
expect c.out sig_full_files 0 "c-full-files: 6 ints and 8 doubles, both files full, 0 bytes"
expect c.out sig_big40 40 "c-big40: 40-byte struct by value, 40 bytes"
expect c.out sig_big200 200 "c-big200: 200-byte struct by value, 200 bytes"
expect c.out sig_long_double 16 "c-long-double: long double is memory class, 16 bytes"
expect c.out sig_ld_after_7 32 "c-ld-after-7: long double 16-aligned after a stack long, 32 bytes"
expect c.out sig_big40_ld 64 "c-big40-ld: 40-byte struct then aligned long double, 64 bytes"
expect c.out sig_ret_mem_six 8 "c-ret-mem: memory-returned struct takes %rdi, 6 ints give 8 bytes"
expect c.out sig_ret_pair_six 0 "c-ret-pair: 16-byte struct returned in registers, 6 ints 0 bytes"
expect c.out sig_pair_after_five 16 "c-pair-after-five: a 2-register struct with 1 left goes whole, 16"
expect c.out sig_pair_then_long 16 "c-pair-then-long: the later long still takes the register, 16"
expect c.out sig_aligned32 64 "c-aligned32: 32-aligned struct at offset 32 after a long, 64 bytes"
expect c.out sig_printf variadic "c-variadic: sig_printf(fmt, ...) is variadic"
expect c.out sig_vprintf 0 "c-va-list: sig_vprintf(fmt, va_list) is not variadic, 0 bytes"
expect c.out sig_alias 16 "c-alias: .dynsym alias of sig_eight_ints gets its 16 bytes"
expect c.out sig_static unknown "c-static: a static function is not in the table"
expect c.out sig_calls_static 0 "c-calls-static: its external caller is, 0 bytes"
expect c.out puts unknown "c-declaration: puts (only declared) is unknown"
expect c.out sig_asm unknown "c-assembly: GNU as's parameterless DIE for sig_asm is unknown, not 0"
expect c.out sig_narrow_union 8 "c-narrow-union: a union of 2^10 one-byte unions is classified, 8 bytes"
expect c.out sig_wide_union unknown "c-wide-union: a union of 2^13 exceeds the classifier's budget: unknown"
query ver.out ./libver.so ver_foo foo_old foo_new sig_ifunc
expect ver.out foo_old 0 "c-symver-old: foo_old(long), 0 bytes"
expect ver.out foo_new 8 "c-symver-new: foo_new(7 longs), 8 bytes"
expect ver.out ver_foo unknown "c-symver: ver_foo@V1 and ver_foo@@V2 are different functions: unknown"
expect ver.out sig_ifunc unknown "c-ifunc: an IFUNC's DWARF is its resolver's: unknown"
query none.out /nonexistent/libnothing.so
expect_null none.out "c-missing-file: dwarfsig_load of a missing file is NULL"

# ---- C++ -----------------------------------------------------------------------------------
X_NAMES="_ZNK1K1mEllllll _ZN1KC2Ellllll _ZN1KC1Ellllll _ZN1K1sEllllll _Z7take_nt2NT
_Z17take_nt_after_sixllllll2NT _Z6ret_ntllllll _Z18take_ntd_then_longlllll3NTDl
_Z18take_del_after_sixllllll3DEL _Z20take_plain_after_sixllllll5Plain _ZN2ns1fElllllll
cxx_variadic K::m m"
query x.out ./libsigxx.so $X_NAMES
expect x.out _ZNK1K1mEllllll 8 "cxx-member: K::m(6 longs) const, this takes %rdi, 8 bytes"
expect x.out _ZN1KC2Ellllll 8 "cxx-ctor-c2: K::K(6 longs) base constructor, 8 bytes"
expect x.out _ZN1KC1Ellllll 8 "cxx-ctor-c1: complete constructor (alias of C2), 8 bytes"
expect x.out _ZN1K1sEllllll 0 "cxx-static-member: static K::s(6 longs), no this, 0 bytes"
expect x.out _Z7take_nt2NT 0 "cxx-by-reference: non-trivial class by invisible reference, 0 bytes"
expect x.out _Z17take_nt_after_sixllllll2NT 8 "cxx-by-reference-stack: its pointer on the stack, 8 bytes not 16"
expect x.out _Z6ret_ntllllll 8 "cxx-ret-by-reference: non-trivial class returned in memory, 8 bytes"
expect x.out _Z18take_ntd_then_longlllll3NTDl 8 "cxx-by-reference-int: {double,double} by reference takes an int register, 8 bytes"
expect x.out _Z18take_del_after_sixllllll3DEL 8 "cxx-deleted-copy: only deleted copy constructors, by reference, 8 bytes"
expect x.out _Z20take_plain_after_sixllllll5Plain 16 "cxx-trivial: defaulted copy constructor, by value, 16 bytes"
expect x.out _ZN2ns1fElllllll 8 "cxx-namespace: ns::f(7 longs), 8 bytes"
expect x.out cxx_variadic variadic "cxx-variadic: extern \"C\" cxx_variadic(int, ...)"
expect x.out K::m unknown "cxx-linkage-name: K::m is known by its mangled name only"
expect x.out m unknown "cxx-plain-name: m (DW_AT_name of a member) is not a key"

# ---- the registers that may carry a pointer (dwarfsig_lookup's mask: isolation's grants) ---
"$D" --ptrs ./libsig.so ptr_mixed ptr_uintptr ptr_pair ptr_ret_mem ptr_none ptr_variadic \
    >ptrs.out 2>&1
expect ptrs.out ptr_mixed 0x5 "ptrs-mixed: char *, long, int *, enum: %rdi and %rdx"
expect ptrs.out ptr_uintptr 0x5 "ptrs-uintptr: uintptr_t and intptr_t may carry a pointer, unsigned long not"
expect ptrs.out ptr_pair 0x3 "ptrs-aggregate: a two-eightbyte struct in registers may carry pointers"
expect ptrs.out ptr_ret_mem 0x5 "ptrs-sret: a memory result's address in %rdi, then char * in %rdx"
expect ptrs.out ptr_none 0x0 "ptrs-none: integers alone carry no pointer"
expect ptrs.out ptr_variadic unknown "ptrs-variadic: no exact answer for a variadic function"

# ---- from the mangled name alone (dwarfsig_from_mangled) -------------------------------------
"$D" --mangled _ZNKSt5ctypeIcE8do_widenEc _Z1fiii _Z1fiiii _Z1fdddddddd _Z1fddddddddd _Z1fv \
    _Z1fe _Z1fiz _Z1f5Plain _Z1fP5Plain _Z1fRK5Plain _ZN1KC2Ev _ZN1KC2Ellllll _ZNK1K1mEllllll \
    _Z1fIiEvT_ _Z1fIiEvi _Z1fn _ZN2ns1fElllllll _ZTV1K _ZL1fi _Z1fPFviiiiiiiE _Z1fPKcS0_ \
    sig_eight_ints >m.out 2>&1
expect m.out _ZNKSt5ctypeIcE8do_widenEc 0 "mangled-member: ctype<char>::do_widen(char) const, 0 bytes"
expect m.out _Z1fiii 0 "mangled-ints: f(int, int, int): registers even with three hidden arguments"
expect m.out _Z1fiiii unknown "mangled-ints-4: f(4 ints) might spill with this, a result address and a VTT"
expect m.out _Z1fdddddddd 0 "mangled-doubles: f(8 doubles), 0 bytes"
expect m.out _Z1fddddddddd unknown "mangled-doubles-9: the ninth double is on the stack"
expect m.out _Z1fv 0 "mangled-void: f(), 0 bytes"
expect m.out _Z1fe unknown "mangled-long-double: passed in memory"
expect m.out _Z1fiz unknown "mangled-variadic: f(int, ...)"
expect m.out _Z1f5Plain unknown "mangled-class-by-value: its size is not in the name"
expect m.out _Z1fP5Plain 0 "mangled-pointer: f(Plain *), 0 bytes"
expect m.out _Z1fRK5Plain 0 "mangled-reference: f(const Plain &), 0 bytes"
expect m.out _ZN1KC2Ev 0 "mangled-ctor: K::K(), 0 bytes"
expect m.out _ZN1KC2Ellllll unknown "mangled-ctor-6: K::K(6 longs) spills"
expect m.out _ZNK1K1mEllllll unknown "mangled-this: K::m(6 longs) const spills"
expect m.out _Z1fIiEvT_ unknown "mangled-template-param: T_ is not read"
expect m.out _Z1fIiEvi 0 "mangled-template: void f<int>(int): the return type comes first"
expect m.out _Z1fn unknown "mangled-int128: __int128 may go to the stack whole"
expect m.out _ZN2ns1fElllllll unknown "mangled-namespace: ns::f(7 longs) spills"
expect m.out _ZTV1K unknown "mangled-special: a vtable is no function"
expect m.out _ZL1fi unknown "mangled-internal: internal-linkage names are not read"
expect m.out _Z1fPFviiiiiiiE 0 "mangled-function-pointer: f(void (*)(7 ints)), 0 bytes"
expect m.out _Z1fPKcS0_ unknown "mangled-substitution: a parameter given by substitution is not read"
expect m.out sig_eight_ints unknown "mangled-c: a C name says nothing"

# ---- no DWARF ------------------------------------------------------------------------------
query nog.out ./libnog.so sig_eight_ints
expect_null nog.out "nodebug-no-g: library built without -g, dwarfsig_load is NULL"
query stripped.out ./libstripped.so sig_eight_ints
expect_null stripped.out "nodebug-stripped: stripped library, dwarfsig_load is NULL"

# ---- separate debug files ------------------------------------------------------------------
query embedded.out ./libsig.so $C_NAMES
rm -rf sep; mkdir -p sep/beside sep/dotdebug/.debug sep/root sep/bid sep/other sep/nobid \
    sep/nobidbad
if ! { cp libsig.so sep/beside/libsig.so &&
       objcopy --only-keep-debug sep/beside/libsig.so sep/beside/libsig.so.debug &&
       (cd sep/beside && objcopy --strip-debug --add-gnu-debuglink=libsig.so.debug libsig.so) &&
       cp libsig.so sep/dotdebug/libsig.so &&
       objcopy --only-keep-debug sep/dotdebug/libsig.so sep/dotdebug/.debug/libsig.debug &&
       (cd sep/dotdebug && objcopy --strip-debug --add-gnu-debuglink=.debug/libsig.debug \
            libsig.so) &&
       cp sep/dotdebug/libsig.so sep/bid/libsig.so &&
       id=$(readelf -n libsig.so | sed -n 's/.*Build ID: *\([0-9a-f]*\).*/\1/p') &&
       [ -n "$id" ] && idd=$(echo "$id" | cut -c1-2) && idf=$(echo "$id" | cut -c3-) &&
       mkdir -p "sep/root/.build-id/$idd" &&
       cp sep/dotdebug/.debug/libsig.debug "sep/root/.build-id/$idd/$idf.debug" &&
       mkdir -p "sep/root$OUTDIR/sep/other" &&
       cp sep/dotdebug/libsig.so sep/other/libsig.so &&
       cp sep/dotdebug/.debug/libsig.debug "sep/root$OUTDIR/sep/other/libsig.debug" &&
       $CC -O1 -g -fPIC -shared -Wno-psabi -DOTHER -o sep/wrong.so "$S/libsig.c" -Wl,-soname,x &&
       cp libsig.so sep/wrongid.so &&
       (cd sep && objcopy --only-keep-debug wrong.so libsig.so.debug &&
        objcopy --strip-debug --add-gnu-debuglink=libsig.so.debug wrongid.so) &&
       $CC -O1 -g -fPIC -shared -Wno-psabi -Wl,--build-id=none -o sep/nobid/libsig.so \
           "$S/libsig.c" &&
       (cd sep/nobid && objcopy --only-keep-debug libsig.so libsig.so.debug &&
        objcopy --strip-debug --add-gnu-debuglink=libsig.so.debug libsig.so) &&
       cp sep/nobid/libsig.so sep/nobidbad/libsig.so &&
       cp sep/nobid/libsig.so.debug sep/nobidbad/libsig.so.debug &&
       printf 'x' >>sep/nobidbad/libsig.so.debug; } >sep.log 2>&1; then
    fail "sep-build: separate debug files"; sed 's/^/  /' sep.log | head -30
else
    query beside.out sep/beside/libsig.so $C_NAMES
    same embedded.out beside.out "sep-debuglink-beside: DIR/NAME gives the embedded answers"
    query dotdebug.out sep/dotdebug/libsig.so $C_NAMES
    same embedded.out dotdebug.out "sep-debuglink-dotdebug: DIR/.debug/NAME gives the embedded answers"
    got=$("$D" --find-debug sep/dotdebug/libsig.so)
    if [ "$got" = "debuglink $OUTDIR/sep/dotdebug/.debug/libsig.debug" ]; then
        pass "sep-find-dotdebug: dwarfsig_find_debug names the .debug/ file"
    else fail "sep-find-dotdebug: dwarfsig_find_debug names the .debug/ file"; echo "  got: $got"; fi
    got=$("$D" --find-debug sep/bid/libsig.so "$OUTDIR/sep/root")
    if [ "$got" = "build-id $OUTDIR/sep/root/.build-id/$idd/$idf.debug" ]; then
        pass "sep-build-id: ROOT/.build-id/xx/yyyy.debug found first"
    else fail "sep-build-id: ROOT/.build-id/xx/yyyy.debug found first"; echo "  got: $got"; fi
    # the build-id file would be found first; move it away to reach the mirrored directory
    mv sep/root/.build-id sep/root/.build-id.off
    got=$("$D" --find-debug sep/other/libsig.so "$OUTDIR/sep/root")
    if [ "$got" = "debuglink $OUTDIR/sep/root$OUTDIR/sep/other/libsig.debug" ]; then
        pass "sep-mirror: .gnu_debuglink under ROOT + the object's directory"
    else fail "sep-mirror: .gnu_debuglink under ROOT + the object's directory"; echo "  got: $got"; fi
    mv sep/root/.build-id.off sep/root/.build-id
    got=$("$D" --find-debug libsig.so "$OUTDIR/sep/root")
    if [ "$got" = "embedded" ]; then pass "sep-embedded: own .debug_info comes first"
    else fail "sep-embedded: own .debug_info comes first"; echo "  got: $got"; fi
    query wrongid.out sep/wrongid.so sig_eight_ints
    expect_null wrongid.out "sep-wrong-build-id: a debuglink file of another build is refused"
    query nobid.out sep/nobid/libsig.so sig_eight_ints sig_big200
    expect nobid.out sig_big200 200 "sep-crc: without build-id, a debuglink file with the right CRC is used"
    query nobidbad.out sep/nobidbad/libsig.so sig_eight_ints
    expect_null nobidbad.out "sep-crc-mismatch: without build-id, a wrong CRC is refused"
fi

# ---- agreement with the compiler -----------------------------------------------------------
# agree NAME LANG SEED COUNT COMPILER [portable]: gcc's (or clang's) layout vs the driver
agree() {
    name=$1 lang=$2 seed=$3 count=$4 comp=$5 port=$6
    d=$OUTDIR/agree-$name; rm -rf "$d"; mkdir -p "$d"
    ext=c; [ "$lang" = c++ ] && ext=cc
    if ! { $PYTHON "$S/gen.py" "$lang" "$seed" "$count" "$d" $port &&
           (cd "$d" && $comp -w -Wno-psabi -O1 -g -fPIC -shared -o lib.so "lib.$ext" &&
            $comp -w -Wno-psabi -O0 -o probe "probe.$ext" && ./probe >truth); } \
            >"$d/log" 2>&1; then
        fail "$name: build and probe"; sed 's/^/  /' "$d/log" | head -20; return
    fi
    "$D" "$d/lib.so" - <"$d/names" >"$d/got"
    sort "$d/truth" >"$d/truth.s"; grep '^g' "$d/got" | sort >"$d/got.s"
    join "$d/truth.s" "$d/got.s" >"$d/joined"
    total=$(wc -l <"$d/truth.s"); joined=$(wc -l <"$d/joined")
    wrong=$(awk '$3 != "unknown" && $2 != $3' "$d/joined" | wc -l)
    unknown=$(awk '$3 == "unknown"' "$d/joined" | wc -l)
    allocs=$(sed -n 's/^allocations during lookups: //p' "$d/got")
    if [ "$joined" -eq "$total" ] && [ "$total" -eq "$count" ] && [ "$wrong" -eq 0 ] &&
       [ "$unknown" -le "${7:-$count}" ]; then
        pass "$name: $count random $lang signatures, none wrong ($unknown unknown)"
    else
        fail "$name: $count random $lang signatures ($wrong wrong, $unknown unknown, $joined/$total answered)"
        awk '$3 != "unknown" && $2 != $3' "$d/joined" | head -10 | while read -r g t a; do
            echo "  $g: compiler $t, dwarfsig $a: $(grep "^$g:" "$d/sigs")"
        done
    fi
    [ "$allocs" = 0 ] || { fail "alloc-$name: lookups allocated ($allocs)"; }
    [ "$lang" = c++ ] && mangled_sound "$name" "$d"
}
# mangled_sound NAME DIR: dwarfsig_from_mangled() on the mangled names of mgl::g<i> (same
# signatures as g<i>) may answer 0 only where the compiler put nothing on the stack
mangled_sound() {
    d=$2
    nm -D --defined-only "$d/lib.so" | awk '{ print $3 }' | grep '^_ZN3mgl' >"$d/mnames"
    "$D" --mangled - <"$d/mnames" >"$d/mgot"
    sed -n 's/^_ZN3mgl[0-9]*\(g[0-9]*\)[^0-9][^ ]* \(.*\)$/\1 \2/p' "$d/mgot" | sort >"$d/mgot.s"
    join "$d/truth.s" "$d/mgot.s" >"$d/mjoined"
    n=$(wc -l <"$d/mjoined"); zero=$(awk '$3 == 0' "$d/mjoined" | wc -l)
    bad=$(awk '$3 != "unknown" && $2 != $3' "$d/mjoined" | wc -l)
    if [ "$n" -eq "$(wc -l <"$d/truth.s")" ] && [ "$bad" -eq 0 ] && [ "$zero" -gt 0 ] &&
       grep -q '^allocations during lookups: 0$' "$d/mgot"; then
        pass "mangled-$1: $n C++ names, $zero answered 0 from the name alone, none wrong"
    else
        fail "mangled-$1: $n/$(wc -l <"$d/truth.s") names, $zero answered, $bad wrong"
        awk '$3 != "unknown" && $2 != $3' "$d/mjoined" | head -5 | while read -r g t a; do
            echo "  $g: compiler $t, from the name $a: $(grep "^$g:" "$d/sigs")"
        done
    fi
}
# gcc's C: every type understood, so nothing may be unknown
agree gcc-agrees-c c 1 300 "$CC" "" 0
agree gcc-agrees-c-2 c 2 300 "$CC" "" 0
# g++: only structs ending in a flexible array member (g++ passes them in memory) are unknown
agree gcc-agrees-cxx c++ 1 300 "$CXX" "" 60
agree gcc-agrees-cxx-2 c++ 2 300 "$CXX" ""  60
if command -v clang >/dev/null 2>&1 && command -v clang++ >/dev/null 2>&1; then
    agree clang-agrees-c c 3 200 clang portable
    agree clang-agrees-cxx c++ 3 200 "clang++ -std=c++17" portable
else
    echo "(clang not installed: the clang cross-check was not run)"
fi

# ---- allocation ----------------------------------------------------------------------------
a=$(sed -n 's/^allocations during lookups: //p' c.out x.out | sort -u)
if [ "$a" = 0 ]; then pass "alloc-lookup: dwarfsig_lookup allocates nothing"
else fail "alloc-lookup: dwarfsig_lookup allocates nothing"; echo "  counted: $a"; fi
bad=
for f in $DWARFSIG_SRC; do
    o=$(basename "$f" .c).o
    calls=$(nm -u "$o" | awk '{print $2}' |
            grep -E '^(malloc|calloc|realloc|free|strdup|strndup|asprintf|vasprintf|reallocarray)$')
    [ -n "$calls" ] && bad="$bad $f: $(echo $calls)"
done
if [ -z "$bad" ]; then pass "alloc-own: $DWARFSIG_SRC allocate only with rtld_alloc"
else fail "alloc-own: $DWARFSIG_SRC allocate only with rtld_alloc"; echo "  calls:$bad"; fi

# ---- one classifier ------------------------------------------------------------------------
copies=$(grep -lE 'SSEUP|X87UP|pass_by_reference|DW_ATE_complex_float' "$root"/tools/*.c 2>/dev/null)
uses=$(grep -l 'dwarfsig_stack_bytes_of' "$root"/tools/*.c 2>/dev/null)
home=$(cd "$root" && grep -lE 'SSEUP|X87UP|pass_by_reference|DW_ATE_complex_float' $DWARFSIG_SRC)
if [ -z "$copies" ] && [ -n "$uses" ] && [ -n "$home" ]; then
    pass "shared-classifier: tools/ calls dwarfsig_stack_bytes_of and classifies nothing itself"
else
    fail "shared-classifier: tools/ calls dwarfsig_stack_bytes_of and classifies nothing itself"
    echo "  classifier-like code in: ${copies:-none}; users: ${uses:-none}; in rtld: ${home:-none}"
fi
