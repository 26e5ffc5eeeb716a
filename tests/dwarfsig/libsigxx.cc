// libsigxx.cc: C++ functions whose stack-argument bytes are known (tests/dwarfsig/run.sh
// checks each answer of dwarfsig_lookup, by mangled name; the number is in the comment).
struct K {
	long v;
	K(long a, long b, long c, long d, long e, long f);  // this + 6: 8 (C1 is an alias of C2)
	long m(long a, long b, long c, long d, long e, long f) const;  // this + 6: 8
	static long s(long a, long b, long c, long d, long e, long f); // 0
};
K::K(long a, long b, long c, long d, long e, long f) : v(a + f) {}
long K::m(long a, long b, long c, long d, long e, long f) const { return v + a + f; }
long K::s(long a, long b, long c, long d, long e, long f) { return a + f; }

// non-trivial copy constructor and destructor: passed by invisible reference
struct NT {
	long v[2];
	NT();
	NT(const NT &o);
	~NT();
};
NT::NT() : v{1, 2} {}
NT::NT(const NT &o) : v{o.v[0], o.v[1]} {}
NT::~NT() {}
long take_nt(NT x) { return x.v[0]; }                                              // 0
long take_nt_after_six(long a, long b, long c, long d, long e, long f, NT x)       // 8
{ return a + f + x.v[1]; }
NT ret_nt(long a, long b, long c, long d, long e, long f) { NT r; r.v[0] = a + f; return r; } // 8

// two doubles would go in SSE registers by value; by reference the pointer takes %r9
struct NTD {
	double a, b;
	NTD(const NTD &o);
};
NTD::NTD(const NTD &o) : a(o.a), b(o.b) {}
long take_ntd_then_long(long a, long b, long c, long d, long e, NTD x, long g)     // 8
{ return a + e + (long)x.a + g; }

// every copy and move constructor deleted: by reference too
struct DEL {
	long v[2];
	DEL() : v{0, 0} {}
	DEL(const DEL &) = delete;
};
long take_del_after_six(long a, long b, long c, long d, long e, long f, DEL x)     // 8
{ return a + f + x.v[0]; }

// trivially copyable: by value, 16 bytes on the stack once the registers are taken
struct Plain {
	long a, b;
	Plain() = default;
	Plain(const Plain &) = default;
};
long take_plain_after_six(long a, long b, long c, long d, long e, long f, Plain x) // 16
{ return a + f + x.b; }

namespace ns {
long f(long a, long b, long c, long d, long e, long f, long g) { return a + g; }   // 8
}
extern "C" long cxx_variadic(int n, ...) { return n; }                             // variadic
