// libref.so: C++ functions whose entries are made at start-up (the program takes their
// addresses) and whose stack-argument bytes are read from their mangled names at their
// first call only (tests/trace/run.sh, "refine-*").
long ref_two(long a, long b) { return a + b; }                        // _Z7ref_twoll: 0
long ref_eight(long a, long b, long c, long d, long e, long f, long g, long h)
{
    return a + b + c + d + e + f + g + h;                           // spills: the window stays
}
long ref_never(long a) { return -a; }                               // never called
