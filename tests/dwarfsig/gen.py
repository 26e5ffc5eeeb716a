#!/usr/bin/python3
"""gen.py: random signatures for checking rtld/dwarf-abi.c against the compiler itself.

    gen.py c|c++ SEED COUNT OUTDIR [portable]

writes into OUTDIR:
  types.h   the argument and return types, each as a typedef T<n>
  lib.c[c]  COUNT functions g<i>(...) (extern "C" in C++), to be built -g into a library;
            in C++ also mgl::g<i> with the same signatures (C++ linkage: mangled names)
  probe.c[c] for each g<i>, a p<i> with the same signature plus one trailing 24-byte struct
            (always passed on the stack, after every other stack argument), built -O0: p<i>
            stores where that struct is, relative to the start of the caller's stack arguments
            (the CFA, __builtin_dwarf_cfa(), right also when the frame is realigned), which is
            the number of stack-argument bytes of g<i>; main calls every p<i> and prints
            "g<i> BYTES"
  names     the g<i>, one a line (the driver's queries)

The ground truth is therefore gcc's own layout, not a second reading of the ABI document.
"portable" leaves out the gcc-only _Float16, _Float128 and _Decimal types (for clang).
Must stay true: deterministic for a given SEED (random.Random(SEED)), no other input.
"""
import os
import random
import sys

COMMON = [
    # (C/C++ declaration of T, argument expression style)  -- "{0}"-initialisable in C
    "char", "short", "int", "long", "long long", "unsigned", "unsigned char",
    "float", "double", "long double", "__int128", "_Complex float", "_Complex double",
    "_Complex long double", "void *", "enum E",
    "struct S1", "struct S2", "struct S3", "struct S4", "struct S5", "struct S6", "struct S7",
    "struct S8", "struct S9", "struct S10", "struct S11", "struct S12", "struct S13",
    "union U1", "struct S14", "struct S15", "struct S16", "al16", "struct S18", "struct S20",
    "struct S21", "struct S22", "struct S23", "struct S24", "struct S26", "v4sf", "v2sf",
    "struct S27", "union U2", "struct S28", "struct S29", "struct S30", "struct S31",
    "struct S32", "fnptr", "struct S33", "struct A32", "struct M32", "struct A64",
]
C_ONLY = ["_Float128", "struct S25", "_Float16", "_Decimal32", "_Decimal64", "_Decimal128",
          "struct S19", "struct S34", "_Complex _Float128"]
CXX_ONLY = ["NT1", "NT2", "TD", "DEL", "MOV", "HAS", "DER", "VIR", "EMP", "PLAIN", "CLS",
            "TPL<long>", "dmp", "fmp", "decltype(nullptr)", "MOVU", "ARRNT", "const PLAIN &",
            "long &", "PLAIN &&", "DTD", "HASDEL", "UNI", "HASHASDEL", "DDEL", "HASDEL_DEF",
            "HASDEL_DEL", "DELBOTH", "HASMOV", "SMALLDEL", "HASSMALLDEL", "UDEL", "DELM",
            "HASNT", "ARRDEL", "std::string", "std::vector<int>", "std::shared_ptr<int>",
            "std::unique_ptr<int>", "std::function<void(int)>", "std::pair<int, double>",
            "std::array<char, 24>", "std::string_view", "std::optional<long>",
            "std::tuple<long, long>", "std::complex<double>", "std::chrono::seconds",
            "std::map<int, int>", "std::tuple<>"]
RETS_COMMON = ["void", "int", "double", "long double", "struct S3", "struct S4", "struct S9",
               "struct S10", "struct S11", "_Complex long double", "__int128", "struct S1",
               "_Complex double", "struct S12", "struct S6", "struct S24", "v4sf", "struct S13"]
RETS_CXX = ["NT1", "NT2", "DEL", "EMP", "PLAIN", "VIR", "HAS", "TD", "HASDEL", "HASSMALLDEL",
            "MOV", "DTD", "UDEL", "std::string", "std::pair<int, double>", "std::string_view",
            "std::optional<long>", "std::unique_ptr<int>", "std::complex<double>"]

TYPES_H = r"""
enum E { E0, E1 };
struct S1 { char c; };
struct S2 { int a, b; };
struct S3 { long a, b; };
struct S4 { double a, b; };
struct S5 { float a, b, c; };
struct S6 { long a; double b; };
struct S7 { float f; int i; };
struct S8 { char c[3]; };
struct S9 { long a, b, c; };
struct S10 { double d[5]; };
struct S11 { long double ld; };
struct S12 { int i; long double ld; };
struct __attribute__((packed)) S13 { char c; int i; };
union U1 { double d; long l; };
struct S14 { unsigned a : 3, b : 30; unsigned c : 20; };
struct S15 { __int128 x; };
struct S16 { _Complex double z; };
typedef long al16 __attribute__((aligned(16)));
struct S18 { int a; al16 b; };
struct S20 { struct { float x, y; } p; double d; };
struct S21 { float x[4]; };
struct S22 { char c; double d; };
struct S23 { short s[9]; };
struct S24 { long double ld; long l; };
struct S26 { int a; float b; char c; };
typedef float v4sf __attribute__((vector_size(16)));
typedef float v2sf __attribute__((vector_size(8)));
struct S27 { unsigned long long x : 40, y : 40; };
union U2 { float f[3]; int i; };
struct S28 { void (*fp)(void); int x; };
struct S29 { long a __attribute__((aligned(16))); };
struct S30 { float f; double d; };
struct S31 { char c; short s; float f; };
struct S32 { v4sf v; };
typedef void (*fnptr)(int);
struct S33 { int n; int data[]; };
struct A32 { long a; } __attribute__((aligned(32)));
struct M32 { long a; long b __attribute__((aligned(32))); };
struct A64 { char c[8]; } __attribute__((aligned(64)));
"""
TYPES_C = r"""
struct S19 { };
struct S34 { float a; struct S19 e; float b; };
"""
TYPES_C_F128 = r"""
struct S25 { _Float128 q; };
"""
TYPES_CXX = r"""
#include <array>
#include <chrono>
#include <complex>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>
struct NT1 { long v[2]; NT1() {} NT1(const NT1 &o) { v[0] = o.v[0]; } };
struct NT2 { double a, b; ~NT2() {} };
struct TD { long a, b; TD() = default; TD(const TD &) = default; };
struct DEL { long a, b; DEL() {} DEL(const DEL &) = delete; };
struct MOV { long a, b; MOV() {} MOV(MOV &&) = default; MOV(const MOV &) = delete; };
struct HAS { NT2 n; int x; };
struct DER : NT1 { int y; };
struct VIR { virtual void f() {} long x; };
struct EMP { };
struct PLAIN { long a; double b; void f() {} };
class CLS { long a = 0; public: CLS() {} long get() const { return a; } };
template <class T> struct TPL { T v[2]; TPL() {} TPL(const TPL &) {} };
typedef int PLAIN::*dmp;
typedef void (PLAIN::*fmp)();
struct MOVU { long a; MOVU() {} MOVU(MOVU &&) {} };
struct ARRNT { NT2 arr[2]; };
struct DTD { double a, b; ~DTD() = default; };
struct HASDEL { DEL d; };
union UNI { long l; double d; };
struct HASHASDEL { HASDEL h; };
struct DDEL : DEL { };
struct HASDEL_DEF { DEL d; HASDEL_DEF() {} HASDEL_DEF(const HASDEL_DEF &) = default; };
struct HASDEL_DEL { DEL d; HASDEL_DEL() {} HASDEL_DEL(const HASDEL_DEL &) = delete; };
struct DELBOTH { long a, b; DELBOTH() {} DELBOTH(const DELBOTH &) = delete; DELBOTH(DELBOTH &&) = delete; };
struct HASMOV { MOV m; };
struct SMALLDEL { int a; SMALLDEL() {} SMALLDEL(const SMALLDEL &) = delete; };
struct HASSMALLDEL { SMALLDEL s; int b; };
union UDEL { DEL d; long l; UDEL() {} };
struct DELM { long a, b; DELM() {} DELM(DELM &&) = delete; };
struct HASNT { NT1 n; };
struct ARRDEL { SMALLDEL s[2]; };
static long lval;
"""


def main():
    lang, seed, count, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    portable = sys.argv[5:] == ["portable"]
    cxx = lang == "c++"
    rnd = random.Random(seed)
    pool = COMMON + (CXX_ONLY if cxx else C_ONLY)
    if portable:
        pool = [t for t in pool if "Float" not in t and "Decimal" not in t and t != "struct S25"]
    rets = RETS_COMMON + (RETS_CXX if cxx else [])
    names = {}
    decls = []

    def tname(t):
        if t not in names:
            names[t] = "T%d" % len(names)
            decls.append("typedef %s %s;" % (t, names[t]))
        return names[t]

    def arg(t):
        n = tname(t)
        if not cxx:
            return "(%s){0}" % n
        if t == "long &":
            return "lval"
        if t == "const PLAIN &":
            return "PLAIN{}"
        if t == "PLAIN &&":
            return "PLAIN{}"
        return "%s{}" % n

    sigs = []
    for i in range(count):
        n = rnd.choice([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 14])
        params = [rnd.choice(pool) for _ in range(n)]
        # bias towards register pressure: sometimes lead with scalars
        if rnd.random() < 0.4:
            params = [rnd.choice(["long", "double", "int", "float"])
                      for _ in range(rnd.randint(4, 9))] + params
        ret = rnd.choice(rets) if rnd.random() < 0.5 else "void"
        sigs.append((ret, params))
    for ret, params in sigs:
        for t in params + [ret]:
            if t != "void":
                tname(t)

    ext = "cc" if cxx else "c"
    ec = 'extern "C" ' if cxx else ""
    with open(os.path.join(out, "types.h"), "w") as f:
        f.write("/* generated by gen.py %s %d %d */\n" % (lang, seed, count))
        f.write(TYPES_H + (TYPES_CXX if cxx else TYPES_C))
        if not cxx and not portable:
            f.write(TYPES_C_F128)
        f.write("struct Sent { char c[24]; };\n")
        f.write("\n".join(decls) + "\n")

    def plist(params, extra=""):
        ps = ["%s a%d" % (names[t], k) for k, t in enumerate(params)]
        if extra:
            ps.append(extra)
        return ", ".join(ps) if ps else "void"

    def retstmt(ret):
        if ret == "void":
            return ""
        if cxx:
            return " return %s{};" % names[ret]
        return " %s r; __builtin_memset(&r, 0, sizeof r); return r;" % names[ret]

    def rname(ret):
        return "void" if ret == "void" else names[ret]

    with open(os.path.join(out, "lib." + ext), "w") as f:
        f.write('#include "types.h"\n')
        for i, (ret, params) in enumerate(sigs):
            f.write("%s%s g%d(%s) {%s }\n" % (ec, rname(ret), i, plist(params), retstmt(ret)))
        if cxx:  # the same signatures with C++ linkage: their mangled names (mgl::g<i>)
            f.write("namespace mgl {\n")
            for i, (ret, params) in enumerate(sigs):
                f.write("%s g%d(%s) {%s }\n" % (rname(ret), i, plist(params), retstmt(ret)))
            f.write("}\n")
    with open(os.path.join(out, "probe." + ext), "w") as f:
        f.write('#include <stdio.h>\n#include "types.h"\nstatic long off[%d];\n' % len(sigs))
        for i, (ret, params) in enumerate(sigs):
            f.write("%s%s p%d(%s) { off[%d] = (char *)&s - (char *)__builtin_dwarf_cfa();%s }\n" % (ec, rname(ret), i, plist(params, "struct Sent s"), i,
                                      retstmt(ret)))
        f.write("int main(void)\n{\n")
        for i, (ret, params) in enumerate(sigs):
            args = [arg(t) for t in params] + (["Sent{}"] if cxx else ["(struct Sent){0}"])
            f.write("\tp%d(%s);\n" % (i, ", ".join(args)))
        f.write('\tfor (int i = 0; i < %d; i++)\n\t\tprintf("g%%d %%ld\\n", i, off[i]);\n'
                "\treturn 0;\n}\n" % len(sigs))
    with open(os.path.join(out, "names"), "w") as f:
        for i in range(len(sigs)):
            f.write("g%d\n" % i)
    with open(os.path.join(out, "sigs"), "w") as f:
        for i, (ret, params) in enumerate(sigs):
            f.write("g%d: %s (%s)\n" % (i, ret, ", ".join(params)))


main()
