/*
 * dwarfsig.c: function signatures from DWARF (libdw), classified per the SysV x86-64 calling
 * convention -- the one implementation of "how many bytes of this call's arguments are on the
 * stack", used by the loader (a table per object: dwarfsig_load/lookup, so a trampoline copies
 * exactly the caller's stack arguments) and by c18n-inspect (dwarfsig_classify for its reports)
 * -- and of where an object's DWARF lives (embedded, build-id, .gnu_debuglink).  A C++
 * function's mangled name alone can also show that nothing goes on the stack
 * (dwarfsig_from_mangled): used without DWARF, and instead of reading it when it answers for
 * every function an object exports.
 *
 * The classification: 6 integer and 8 vector registers; a memory-returned result takes %rdi;
 * each argument is split into eightbytes classed INTEGER, SSE, SSEUP, X87, X87UP or MEMORY
 * (aggregates over 16 bytes, unaligned fields and long double arguments are MEMORY); an
 * argument that does not fit in the registers left goes on the stack whole, its size rounded
 * up to 8 and its offset aligned to its alignment when that exceeds 8 (gcc >= 4.6; the
 * alignment of the type's main variant: an aligned typedef of a scalar does not count), and
 * leaves the registers to later arguments.  C++ classes (cxx_pass): DW_AT_calling_convention
 * when the producer gives it (clang); else, as g++ does, by invisible reference when
 * non-trivial for the purposes of calls (virtual functions or bases, a user-provided copy or
 * move constructor or destructor, or such a member or base; or every copy and move
 * constructor deleted), and in memory when merely holding a member or base of that last kind.
 *
 * The ground truth is the compiler: tests/dwarfsig compares every answer for thousands of
 * random signatures with the layout gcc (and clang) actually use.
 *
 * Must stay true:
 *  - Exact or nothing: whatever is not understood counts as unknown -- declaration-only types,
 *    vectors wider than 16 bytes (their passing depends on -mavx), _Atomic aggregates, C++
 *    structs ending in a flexible array member, unprototyped declarations, a calling
 *    convention other than the normal one, and from compilers other than gcc (DW_AT_producer)
 *    __int128, nullptr_t and over-aligned arguments, where clang 14 departs from the ABI;
 *    so do functions not written in C or C++ (GNU as describes assembly functions without
 *    parameters), IFUNCs (DWARF describes the resolver) and names with two versioned
 *    definitions.  dwarfsig_load records no number for them; the loader keeps its default.
 *  - dwarfsig_lookup() allocates nothing and takes no lock (signal handlers, lazy binding);
 *    tables are built with rtld_alloc and immutable once dwarfsig_load returns.
 *  - Nothing here prints or calls rtld_error(): a missing or unreadable DWARF is "no table".
 */
#include "rtld.h"

#include "dwarfsig.h"

#include <dwarf.h>
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- DIE helpers ---- */
static int type_of(Dwarf_Die *d, Dwarf_Die *out)
{
	Dwarf_Attribute a;
	return dwarf_attr_integrate(d, DW_AT_type, &a) && dwarf_formref_die(&a, out) ? 0 : -1;
}

static Dwarf_Word udata(Dwarf_Die *d, unsigned at, Dwarf_Word dflt)
{
	Dwarf_Attribute a;
	Dwarf_Word v;
	return dwarf_attr_integrate(d, at, &a) && dwarf_formudata(&a, &v) == 0 ? v : dflt;
}

static int flag(Dwarf_Die *d, unsigned at)
{
	Dwarf_Attribute a;
	bool f = false;
	return dwarf_attr_integrate(d, at, &a) && dwarf_formflag(&a, &f) == 0 && f;
}

static const char *attr_str(Dwarf_Die *d, unsigned at)
{
	Dwarf_Attribute a;
	return dwarf_attr_integrate(d, at, &a) ? dwarf_formstring(&a) : NULL;
}

/* The name a dynamic symbol has: the linkage name (C++), else the plain name. */
static const char *sym_name(Dwarf_Die *d)
{
	const char *n = attr_str(d, DW_AT_linkage_name);
	if (!n)
		n = attr_str(d, DW_AT_MIPS_linkage_name);
	if (!n)
		n = attr_str(d, DW_AT_name);
	return n;
}

/* Strip typedefs and qualifiers.  *xalign gets the largest DW_AT_alignment met on the way (a
 * typedef may carry __attribute__((aligned))), *atomic whether _Atomic was met.  -1: void. */
static int peel(Dwarf_Die *in, Dwarf_Die *out, Dwarf_Word *xalign, int *atomic)
{
	Dwarf_Die t = *in;
	for (int i = 0; i < 64; i++) {
		int tag = dwarf_tag(&t);
		if (tag != DW_TAG_typedef && tag != DW_TAG_const_type &&
		    tag != DW_TAG_volatile_type && tag != DW_TAG_restrict_type &&
		    tag != DW_TAG_atomic_type && tag != DW_TAG_packed_type &&
		    tag != DW_TAG_shared_type && tag != DW_TAG_immutable_type) {
			*out = t;
			return 0;
		}
		Dwarf_Word a = udata(&t, DW_AT_alignment, 0);
		if (a > *xalign)
			*xalign = a;
		if (tag == DW_TAG_atomic_type)
			*atomic = 1;
		Dwarf_Die next;
		if (type_of(&t, &next) < 0)
			return -1;
		t = next;
	}
	return -1;
}

static int peel_plain(Dwarf_Die *in, Dwarf_Die *out)
{
	Dwarf_Word xa = 0;
	int at = 0;
	return peel(in, out, &xa, &at);
}

int dwarfsig_is_aggregate(int tag)
{
	return tag == DW_TAG_structure_type || tag == DW_TAG_class_type ||
	       tag == DW_TAG_union_type;
}

int dwarfsig_is_pointer(int tag)
{
	return tag == DW_TAG_pointer_type || tag == DW_TAG_reference_type ||
	       tag == DW_TAG_rvalue_reference_type;
}

int dwarfsig_is_static_member(Dwarf_Die *m)
{
	return dwarf_hasattr(m, DW_AT_declaration) || dwarf_hasattr(m, DW_AT_external);
}

/* Size in bytes of a peeled type, including those DWARF gives no DW_AT_byte_size. */
static Dwarf_Word type_size(Dwarf_Die *t)
{
	int tag = dwarf_tag(t);
	if (dwarfsig_is_pointer(tag) || tag == DW_TAG_subroutine_type)
		return 8;
	if (tag == DW_TAG_unspecified_type) /* nullptr_t */
		return udata(t, DW_AT_byte_size, 8);
	if (tag == DW_TAG_ptr_to_member_type) {
		Dwarf_Die pt;
		return type_of(t, &pt) == 0 && peel_plain(&pt, &pt) == 0 &&
				       dwarf_tag(&pt) == DW_TAG_subroutine_type
			       ? 16
			       : 8;
	}
	Dwarf_Word s;
	return dwarf_aggregate_size(t, &s) == 0 ? s : 0;
}

static int cu_language(Dwarf_Die *d)
{
	Dwarf_Die cu;
	return dwarf_diecu(d, &cu, NULL, NULL) ? dwarf_srclang(&cu) : -1;
}

static int is_c_language(Dwarf_Die *d)
{
	switch (cu_language(d)) {
	case DW_LANG_C89:
	case DW_LANG_C:
	case DW_LANG_C99:
	case DW_LANG_C11:
	case 0x2c: /* DW_LANG_C17 */
		return 1;
	default:
		return 0;
	}
}

static int is_cxx_language(Dwarf_Die *d)
{
	switch (cu_language(d)) {
	case DW_LANG_C_plus_plus:
	case DW_LANG_C_plus_plus_03:
	case DW_LANG_C_plus_plus_11:
	case DW_LANG_C_plus_plus_14:
	case 0x2a: /* DW_LANG_C_plus_plus_17 */
	case 0x2b: /* DW_LANG_C_plus_plus_20 */
		return 1;
	default:
		return 0;
	}
}

/* What the classification depends on beyond the types: the compiler of the function. */
struct cctx {
	int gnu;     /* DW_AT_producer "GNU ...": gcc's layout, which the classifier follows */
	int gnu_c;   /* ... compiling C */
	int foreign; /* not C or C++ (the assembler describes functions without parameters), or
			built with options that change the convention (-mabi=ms, ...) */
};

static void cctx_init(struct cctx *cx, Dwarf_Die *fn)
{
	Dwarf_Die cu;
	Dwarf_Attribute a;
	const char *p = dwarf_diecu(fn, &cu, NULL, NULL) && dwarf_attr(&cu, DW_AT_producer, &a)
				? dwarf_formstring(&a)
				: NULL;
	cx->gnu = p && !strncmp(p, "GNU ", 4);
	cx->gnu_c = cx->gnu && strncmp(p, "GNU C++", 7) && is_c_language(fn);
	/* the switches gcc records (-grecord-gcc-switches, its default) */
	cx->foreign = (!is_c_language(fn) && !is_cxx_language(fn)) ||
		      (p && (strstr(p, "-mabi=ms") || strstr(p, "-fpcc-struct-return")));
}

/* A flexible array member's type (T[], no bound; not the GNU T[0]). */
static int is_flexible_array(Dwarf_Die *t)
{
	Dwarf_Die c;
	if (dwarf_child(t, &c) != 0)
		return 1;
	do
		if (dwarf_tag(&c) == DW_TAG_subrange_type &&
		    (dwarf_hasattr(&c, DW_AT_upper_bound) || dwarf_hasattr(&c, DW_AT_count)))
			return 0;
	while (dwarf_siblingof(&c, &c) == 0);
	return 1;
}

/* ---- C++: passed by invisible reference? ---- */

/* n names a constructor of the class named cname ("Tm" for "Tm<long int>"). */
static int ctor_name(const char *n, const char *cname)
{
	size_t len = strcspn(cname, "<");
	return strlen(n) == len && !strncmp(n, cname, len);
}

static int same_type(Dwarf_Die *a, Dwarf_Die *b)
{
	if (dwarf_dieoffset(a) == dwarf_dieoffset(b))
		return 1;
	const char *na = dwarf_diename(a), *nb = dwarf_diename(b);
	return na && nb && dwarf_tag(a) == dwarf_tag(b) && !strcmp(na, nb);
}

/* Is the member function m of class t a copy or move constructor: its first parameter after
 * the artificial ones a reference to (cv) t? */
static int copy_or_move_ctor(Dwarf_Die *m, Dwarf_Die *t)
{
	Dwarf_Die c;
	if (dwarf_child(m, &c) != 0)
		return 0;
	do {
		if (dwarf_tag(&c) != DW_TAG_formal_parameter)
			continue;
		if (flag(&c, DW_AT_artificial))
			continue;
		Dwarf_Die rt, target;
		if (type_of(&c, &rt) < 0 || peel_plain(&rt, &rt) < 0)
			return 0;
		int tag = dwarf_tag(&rt);
		if (tag != DW_TAG_reference_type && tag != DW_TAG_rvalue_reference_type)
			return 0;
		if (type_of(&rt, &target) < 0 || peel_plain(&target, &target) < 0)
			return 0;
		return same_type(&target, t);
	} while (dwarf_siblingof(&c, &c) == 0);
	return 0;
}

/* How a C++ class type is passed (as gcc does it when DWARF has no DW_AT_calling_convention). */
enum pass {
	P_VALUE,       /* classified by its members like a C struct */
	P_REF,         /* non-trivial for the purposes of calls: a hidden pointer */
	P_REF_DELETED, /* the same, because every copy and move constructor is deleted */
	P_MEMORY,      /* trivial for calls but holds a P_REF_DELETED (or P_MEMORY) member or base:
			  gcc marks it addressable and passes and returns it in memory */
	P_UNKNOWN,     /* declaration only, or a deleted destructor */
};

/* Classify the peeled aggregate t per the Itanium C++ ABI (a class is non-trivial for the
 * purposes of calls when it has virtual functions or bases, a user-provided copy or move
 * constructor or destructor, such a member or base, or only deleted copy and move
 * constructors), with gcc's treatment of classes that merely contain one of the last kind. */
static enum pass cxx_pass(Dwarf_Die *t, int depth)
{
	Dwarf_Word cc = udata(t, DW_AT_calling_convention, 0);
	if (cc == DW_CC_pass_by_reference)
		return P_REF;
	if (cc == DW_CC_pass_by_value)
		return P_VALUE;
	if (depth > 16 || dwarf_hasattr(t, DW_AT_declaration))
		return P_UNKNOWN;
	const char *cname = dwarf_diename(t);
	int nctor = 0, ndeleted = 0, unknown = 0, memory = 0;
	Dwarf_Die m;
	if (dwarf_child(t, &m) != 0)
		return P_VALUE;
	do {
		int tag = dwarf_tag(&m);
		if (tag == DW_TAG_subprogram) {
			if (udata(&m, DW_AT_virtuality, DW_VIRTUALITY_none) != DW_VIRTUALITY_none)
				return P_REF; /* dynamic class: its copy constructor is not trivial */
			const char *n = dwarf_diename(&m);
			int dtor = n && n[0] == '~';
			int ctor = !dtor && n && cname && ctor_name(n, cname) &&
				   copy_or_move_ctor(&m, t);
			if (!dtor && !ctor)
				continue;
			if (flag(&m, DW_AT_deleted)) { /* also when defaulted but deleted */
				if (dtor)
					return P_UNKNOWN;
				nctor++;
				ndeleted++;
				continue;
			}
			nctor += ctor;
			if (udata(&m, DW_AT_defaulted, DW_DEFAULTED_no) == DW_DEFAULTED_in_class ||
			    flag(&m, DW_AT_artificial))
				continue; /* trivial unless a base or member is not (below) */
			return P_REF;     /* user-provided */
		}
		if (tag != DW_TAG_member && tag != DW_TAG_inheritance)
			continue;
		if (tag == DW_TAG_member && dwarfsig_is_static_member(&m))
			continue;
		if (tag == DW_TAG_inheritance &&
		    udata(&m, DW_AT_virtuality, DW_VIRTUALITY_none) != DW_VIRTUALITY_none)
			return P_REF;
		const char *mn = dwarf_diename(&m);
		if (tag == DW_TAG_member && mn && flag(&m, DW_AT_artificial) &&
		    (!strncmp(mn, "_vptr.", 6) || !strncmp(mn, "_vptr$", 6)))
			return P_REF;
		Dwarf_Die mt;
		if (type_of(&m, &mt) < 0 || peel_plain(&mt, &mt) < 0)
			continue;
		while (dwarf_tag(&mt) == DW_TAG_array_type)
			if (type_of(&mt, &mt) < 0 || peel_plain(&mt, &mt) < 0)
				break;
		if (!dwarfsig_is_aggregate(dwarf_tag(&mt)))
			continue;
		switch (cxx_pass(&mt, depth + 1)) {
		case P_REF: /* its copy, move or destructor makes ours non-trivial */
			return P_REF;
		case P_REF_DELETED:
		case P_MEMORY:
			memory = 1;
			break;
		case P_UNKNOWN:
			unknown = 1;
			break;
		case P_VALUE:
			break;
		}
	} while (dwarf_siblingof(&m, &m) == 0);
	if (nctor && nctor == ndeleted)
		return P_REF_DELETED;
	return unknown ? P_UNKNOWN : memory ? P_MEMORY : P_VALUE;
}

/* ---- SysV x86-64 classification ---- */
enum cls { C_NONE, C_INT, C_SSE, C_SSEUP, C_X87, C_X87UP, C_MEM };

static enum cls merge(enum cls a, enum cls b)
{
	if (a == b)
		return a;
	if (a == C_NONE)
		return b;
	if (b == C_NONE)
		return a;
	if (a == C_MEM || b == C_MEM)
		return C_MEM;
	if (a == C_INT || b == C_INT)
		return C_INT;
	if (a == C_X87 || a == C_X87UP || b == C_X87 || b == C_X87UP)
		return C_MEM;
	return C_SSE;
}

static void put(enum cls eb[2], Dwarf_Word off, enum cls c)
{
	if (off < 16)
		eb[off / 8] = merge(eb[off / 8], c);
}

/* A float or complex float base type that is __float128/_Float128 rather than long double. */
static int is_float128(Dwarf_Die *t)
{
	const char *n = dwarf_diename(t);
	return n && strstr(n, "128");
}

/* complex long double: COMPLEX_X87, returned in %st0/%st1, passed in memory. */
static int is_complex_x87(Dwarf_Die *t)
{
	return dwarf_tag(t) == DW_TAG_base_type &&
	       udata(t, DW_AT_encoding, 0) == DW_ATE_complex_float && type_size(t) == 32 &&
	       !is_float128(t);
}

/* Classify type t0 (not peeled) at byte offset off into eb; *align gets its alignment.
 * -1: a type the classifier does not understand. */
static int classify_into(Dwarf_Die *t0, Dwarf_Word off, enum cls eb[2], Dwarf_Word *align,
			 int depth, const struct cctx *cx)
{
	Dwarf_Die t;
	Dwarf_Word xalign = 0;
	int atomic = 0;
	if (depth > 16 || peel(t0, &t, &xalign, &atomic) != 0)
		return -1;
	int tag = dwarf_tag(&t);
	Dwarf_Word size = type_size(&t);
	*align = 1;
	if (tag == DW_TAG_base_type) {
		Dwarf_Word enc = udata(&t, DW_AT_encoding, 0);
		if (!size)
			return -1;
		*align = enc == DW_ATE_complex_float ? size / 2 : size;
		if (*align > 16)
			*align = 16;
		if (xalign > *align)
			*align = xalign;
		if (off % *align) {
			put(eb, off, C_MEM);
			return 0;
		}
		if (enc == DW_ATE_float || enc == DW_ATE_decimal_float) {
			if (size == 16 && enc == DW_ATE_float && !is_float128(&t)) {
				put(eb, off, C_X87); /* long double */
				put(eb, off + 8, C_X87UP);
			} else if (size == 16) {
				put(eb, off, C_SSE); /* _Float128, _Decimal128 */
				put(eb, off + 8, C_SSEUP);
			} else if (size <= 8) {
				put(eb, off, C_SSE);
			} else {
				return -1;
			}
		} else if (enc == DW_ATE_complex_float) {
			if (size > 16) {
				put(eb, off, C_MEM); /* complex long double / _Float128 */
			} else {
				put(eb, off, C_SSE);
				if (size == 16)
					put(eb, off + 8, C_SSE);
			}
		} else {
			/* __int128: clang before 18 splits it between a register and the stack */
			if (size > 16 || (size == 16 && !cx->gnu))
				return -1;
			put(eb, off, C_INT);
			if (size > 8)
				put(eb, off + 8, C_INT);
		}
		return 0;
	}
	if (tag == DW_TAG_unspecified_type && !cx->gnu)
		return -1; /* nullptr_t: clang 14 passes it in memory */
	if (dwarfsig_is_pointer(tag) || tag == DW_TAG_subroutine_type || tag == DW_TAG_unspecified_type ||
	    tag == DW_TAG_ptr_to_member_type) {
		*align = xalign > 8 ? xalign : 8;
		if (off % *align) {
			put(eb, off, C_MEM);
			return 0;
		}
		put(eb, off, C_INT);
		if (size > 8)
			put(eb, off + 8, C_INT);
		return 0;
	}
	if (tag == DW_TAG_enumeration_type) {
		if (!size) {
			Dwarf_Die ut;
			size = type_of(&t, &ut) == 0 && peel_plain(&ut, &ut) == 0 ? type_size(&ut) : 0;
		}
		if (!size || size > 8)
			return -1;
		*align = xalign > size ? xalign : size;
		put(eb, off, off % *align ? C_MEM : C_INT);
		return 0;
	}
	if (tag == DW_TAG_array_type) {
		Dwarf_Die et;
		if (type_of(&t, &et) < 0)
			return -1;
		if (dwarf_hasattr(&t, DW_AT_GNU_vector)) {
			if (!size || size > 16)
				return -1; /* __m256, __m512: registers only with -mavx */
			*align = xalign > size ? xalign : size;
			if (off % *align) {
				put(eb, off, C_MEM);
				return 0;
			}
			put(eb, off, C_SSE);
			if (size > 8)
				put(eb, off + 8, C_SSEUP);
			return 0;
		}
		Dwarf_Die pet;
		if (peel_plain(&et, &pet) < 0)
			return -1;
		Dwarf_Word es = type_size(&pet), ea = 1;
		/* a struct ending in T[] is passed in registers by gcc, in memory by g++ and
		 * clang: known for gcc's C only */
		if (!size && is_flexible_array(&t) && !cx->gnu_c)
			return -1;
		if (!es || !size) { /* flexible or zero-length array: alignment only */
			enum cls dummy[2] = { C_NONE, C_NONE };
			if (classify_into(&et, 0, dummy, &ea, depth + 1, cx) < 0)
				return -1;
			*align = ea > xalign ? ea : xalign;
			return 0;
		}
		for (Dwarf_Word i = 0; i * es < size && (off + i * es < 16 || i == 0); i++)
			if (classify_into(&et, off + i * es, eb, &ea, depth + 1, cx) < 0)
				return -1;
		*align = ea > xalign ? ea : xalign;
		return 0;
	}
	if (dwarfsig_is_aggregate(tag)) {
		if (dwarf_hasattr(&t, DW_AT_declaration) || atomic)
			return -1;
		Dwarf_Word maxa = 1;
		Dwarf_Die m;
		if (dwarf_child(&t, &m) == 0) {
			do {
				int mt = dwarf_tag(&m);
				if ((mt != DW_TAG_member && mt != DW_TAG_inheritance) ||
				    (mt == DW_TAG_member && dwarfsig_is_static_member(&m)))
					continue;
				Dwarf_Die mtype;
				if (type_of(&m, &mtype) < 0)
					return -1;
				Dwarf_Attribute a;
				Dwarf_Word moff = 0, v, ma = 1;
				if (tag != DW_TAG_union_type &&
				    dwarf_attr(&m, DW_AT_data_member_location, &a)) {
					if (dwarf_formudata(&a, &v) == 0) {
						moff = v;
					} else {
						Dwarf_Op *ops;
						size_t n;
						if (dwarf_getlocation(&a, &ops, &n) != 0 || n != 1 ||
						    ops[0].atom != DW_OP_plus_uconst)
							return -1;
						moff = ops[0].number;
					}
				}
				if (dwarf_hasattr(&m, DW_AT_bit_size)) {
					/* bit-field: integer storage in each eightbyte it touches */
					Dwarf_Word bits = udata(&m, DW_AT_bit_size, 0), first, last;
					if (dwarf_attr(&m, DW_AT_data_bit_offset, &a) &&
					    dwarf_formudata(&a, &v) == 0) {
						first = v / 8;
						last = (v + (bits ? bits : 1) - 1) / 8;
					} else {
						Dwarf_Word bs = udata(&m, DW_AT_byte_size, 0);
						if (!bs) {
							Dwarf_Die pm;
							bs = peel_plain(&mtype, &pm) == 0
								     ? type_size(&pm)
								     : 8;
						}
						first = moff;
						last = moff + (bs ? bs : 1) - 1;
					}
					if (bits) {
						put(eb, off + first, C_INT);
						put(eb, off + last, C_INT);
					}
					continue;
				}
				if (classify_into(&mtype, off + moff, eb, &ma, depth + 1, cx) < 0)
					return -1;
				Dwarf_Word mxa = udata(&m, DW_AT_alignment, 0);
				if (mxa > ma) {
					ma = mxa;
					if ((off + moff) % ma)
						put(eb, off + moff, C_MEM);
				}
				if (ma > maxa)
					maxa = ma;
			} while (dwarf_siblingof(&m, &m) == 0);
		}
		Dwarf_Word ta = udata(&t, DW_AT_alignment, 0);
		*align = maxa;
		if (ta > *align)
			*align = ta;
		if (xalign > *align)
			*align = xalign;
		if (off % *align)
			put(eb, off, C_MEM);
		return 0;
	}
	return -1;
}

struct argclass {
	int known;        /* exact */
	int by_ref;       /* C++ invisible reference */
	int memory;       /* passed (or returned) in memory */
	int nint, nsse;   /* registers it needs otherwise */
	Dwarf_Word size, align;
};

/* Classify an argument (or return value, is_ret) of type t0 (not peeled). */
static void classify(Dwarf_Die *t0, int is_ret, struct argclass *ac, const struct cctx *cx)
{
	memset(ac, 0, sizeof *ac);
	Dwarf_Die t;
	Dwarf_Word xalign = 0;
	int atomic = 0;
	if (peel(t0, &t, &xalign, &atomic) != 0) { /* estimate: one integer register */
		ac->nint = 1;
		ac->size = ac->align = 8;
		return;
	}
	int tag = dwarf_tag(&t);
	int known = !(atomic && dwarfsig_is_aggregate(tag)); /* _Atomic may pad it: size unknown */
	enum pass pass = dwarfsig_is_aggregate(tag) ? cxx_pass(&t, 0) : P_VALUE;
	if (pass == P_REF || pass == P_REF_DELETED) {
		ac->known = 1;
		ac->by_ref = 1;
		ac->memory = is_ret;
		ac->nint = 1;
		ac->size = ac->align = 8;
		return;
	}
	if (pass == P_UNKNOWN)
		known = 0;
	if (is_complex_x87(&t)) {
		ac->known = 1;
		ac->size = 32;
		ac->align = 16;
		ac->memory = !is_ret; /* returned in %st0 and %st1 */
		return;
	}
	enum cls eb[2] = { C_NONE, C_NONE };
	Dwarf_Word align = 8;
	ac->size = type_size(&t);
	int vector = tag == DW_TAG_array_type && dwarf_hasattr(&t, DW_AT_GNU_vector);
	/* t, not t0: gcc aligns a stack argument as its type's main variant, so an aligned
	 * attribute on a typedef of the argument's type does not count (it does on members) */
	if (classify_into(&t, 0, eb, &align, 0, cx) < 0) {
		known = 0;
		if (vector && (ac->size == 32 || ac->size == 64)) {
			ac->align = ac->size;
			ac->nsse = 1; /* estimate: in a register as with -mavx */
			return;
		}
		eb[0] = ac->size > 8 ? C_MEM : C_INT;
		eb[1] = C_NONE;
		align = 8;
	}
	/* other compilers: over-aligned arguments are where they have differed from gcc */
	if (!cx->gnu && (xalign > 8 || align > 16))
		known = 0;
	ac->known = known;
	ac->align = align;
	if (ac->size > 16 || pass == P_MEMORY) {
		ac->memory = 1;
		return;
	}
	for (int i = 0; i < 2; i++) {
		if (eb[i] == C_MEM) {
			ac->memory = 1;
			ac->nint = ac->nsse = 0;
			return;
		}
		if (eb[i] == C_X87UP && (i == 0 || eb[0] != C_X87)) {
			ac->memory = 1;
			ac->nint = ac->nsse = 0;
			return;
		}
		if (eb[i] == C_X87 || eb[i] == C_X87UP) {
			if (!is_ret) {
				ac->memory = 1;
				ac->nint = ac->nsse = 0;
				return;
			}
			continue; /* returned in %st0 */
		}
		if (eb[i] == C_SSEUP && (i == 0 || eb[0] != C_SSE))
			eb[i] = C_SSE;
		if (eb[i] == C_INT)
			ac->nint++;
		else if (eb[i] == C_SSE)
			ac->nsse++;
	}
}

/* ---- signatures ---- */
static int next_origin(Dwarf_Die *cur, Dwarf_Die *out)
{
	Dwarf_Attribute a;
	return (dwarf_attr(cur, DW_AT_abstract_origin, &a) ||
		dwarf_attr(cur, DW_AT_specification, &a)) &&
			       dwarf_formref_die(&a, out)
		       ? 0
		       : -1;
}

/* The DIE whose children are fn's parameters: fn itself, else (a concrete out-of-line instance
 * or a definition that lists none) its abstract origin or specification.  *variadic: any of
 * them has DW_TAG_unspecified_parameters. */
static void param_holder(Dwarf_Die *fn, Dwarf_Die *holder, int *variadic, int *any_params)
{
	Dwarf_Die cur = *fn;
	int found = 0;
	*holder = *fn;
	*variadic = 0;
	for (int hop = 0; hop < 4; hop++) {
		Dwarf_Die c;
		int any = 0;
		if (dwarf_child(&cur, &c) == 0) {
			do {
				int tag = dwarf_tag(&c);
				if (tag == DW_TAG_unspecified_parameters)
					*variadic = any = 1;
				else if (tag == DW_TAG_formal_parameter)
					any = 1;
			} while (dwarf_siblingof(&c, &c) == 0);
		}
		if (any && !found) {
			*holder = cur;
			found = 1;
		}
		Dwarf_Die next;
		if (next_origin(&cur, &next) < 0)
			break;
		cur = next;
	}
	*any_params = found;
}

int dwarfsig_classify(Dwarf_Die *fn, struct dwarfsig_sig *sig, dwarfsig_param_fn each,
		      void *ctx)
{
	memset(sig, 0, sizeof *sig);
	int ftag = dwarf_tag(fn);
	if (ftag != DW_TAG_subprogram && ftag != DW_TAG_subroutine_type)
		return -1;
	Dwarf_Die holder;
	int any_params;
	param_holder(fn, &holder, &sig->variadic, &any_params);
	struct cctx cx;
	cctx_init(&cx, fn);

	/* DW_CC_nocall (a changed signature), vendor conventions (clang's ms_abi): not the SysV
	 * one.  gcc marks no ms_abi function; -mabi=ms for a whole unit shows in the producer. */
	Dwarf_Word cc = udata(fn, DW_AT_calling_convention, DW_CC_normal);
	if ((cc != DW_CC_normal && cc != DW_CC_program) || cx.foreign)
		sig->nunknown++;
	/* int f(); in C: the parameters are whatever the caller passes */
	if (!any_params && !flag(fn, DW_AT_prototyped) && is_c_language(fn) &&
	    (ftag == DW_TAG_subroutine_type || dwarf_hasattr(fn, DW_AT_declaration)))
		sig->nunknown++;

	int int_left = 6, sse_left = 8;
	Dwarf_Die rt;
	if (type_of(fn, &rt) == 0) {
		struct argclass rc;
		classify(&rt, 1, &rc, &cx);
		if (!rc.known)
			sig->nunknown++;
		else if (rc.memory) {
			sig->sret = 1;
			int_left--;
		}
	}

	Dwarf_Word stack = 0;
	Dwarf_Die c;
	if (any_params && dwarf_child(&holder, &c) == 0) {
		do {
			if (dwarf_tag(&c) != DW_TAG_formal_parameter)
				continue;
			struct dwarfsig_param p;
			memset(&p, 0, sizeof p);
			p.index = sig->nparams++;
			p.die = c;
			p.has_type = type_of(&c, &p.type) == 0;
			if (!p.has_type) {
				sig->nunknown++;
			} else {
				struct argclass ac;
				classify(&p.type, 0, &ac, &cx);
				p.known = ac.known;
				p.by_reference = ac.by_ref;
				if (!ac.known)
					sig->nunknown++;
				if (!ac.memory && ac.nint <= int_left && ac.nsse <= sse_left) {
					int_left -= ac.nint;
					sse_left -= ac.nsse;
				} else {
					/* gcc >= 4.6: at the argument's own alignment */
					Dwarf_Word a = ac.align > 8 ? ac.align : 8;
					stack = (stack + a - 1) / a * a;
					p.on_stack = 1;
					p.stack_offset = stack;
					p.stack_size = (ac.size + 7) / 8 * 8;
					stack += p.stack_size;
				}
			}
			if (each)
				each(ctx, &p);
		} while (dwarf_siblingof(&c, &c) == 0);
	}
	sig->stack_bytes = stack;
	return sig->nunknown ? 1 : 0;
}

int dwarfsig_stack_bytes_of(Dwarf_Die *subprogram, size_t *bytes, int *variadic)
{
	struct dwarfsig_sig sig;
	int r = dwarfsig_classify(subprogram, &sig, NULL, NULL);
	*bytes = sig.stack_bytes;
	*variadic = sig.variadic;
	return r;
}

/* ---- where the DWARF is ---- */
static Elf_Scn *find_section(Elf *e, const char *name, GElf_Shdr *sh)
{
	size_t shstrndx;
	if (elf_getshdrstrndx(e, &shstrndx) < 0)
		return NULL;
	for (Elf_Scn *s = elf_nextscn(e, NULL); s; s = elf_nextscn(e, s)) {
		if (!gelf_getshdr(s, sh))
			continue;
		const char *n = elf_strptr(e, shstrndx, sh->sh_name);
		if (n && !strcmp(n, name))
			return s;
	}
	return NULL;
}

static int has_dwarf(Elf *e)
{
	GElf_Shdr sh;
	Elf_Scn *s = find_section(e, ".debug_info", &sh);
	if (!s)
		s = find_section(e, ".zdebug_info", &sh);
	return s && sh.sh_type != SHT_NOBITS && sh.sh_size > 0;
}

/* The NT_GNU_BUILD_ID bytes of e (pointing into e's data), or 0. */
static size_t build_id(Elf *e, const unsigned char **id)
{
	GElf_Shdr sh;
	for (Elf_Scn *s = elf_nextscn(e, NULL); s; s = elf_nextscn(e, s)) {
		if (!gelf_getshdr(s, &sh) || sh.sh_type != SHT_NOTE)
			continue;
		Elf_Data *d = elf_getdata(s, NULL);
		size_t off = 0, noff, doff;
		GElf_Nhdr nh;
		while (d && (off = gelf_getnote(d, off, &nh, &noff, &doff)) > 0) {
			if (nh.n_type != NT_GNU_BUILD_ID || nh.n_namesz != 4 ||
			    memcmp((char *)d->d_buf + noff, "GNU", 4) || nh.n_descsz < 2 ||
			    nh.n_descsz > 64)
				continue;
			*id = (const unsigned char *)d->d_buf + doff;
			return nh.n_descsz;
		}
	}
	return 0;
}

static void crc32_table(uint32_t table[256])
{
	for (uint32_t i = 0; i < 256; i++) {
		uint32_t c = i;
		for (int k = 0; k < 8; k++)
			c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
		table[i] = c;
	}
}

static uint32_t crc32_update(const uint32_t table[256], uint32_t crc, const unsigned char *p,
			     size_t n)
{
	crc = ~crc;
	while (n--)
		crc = table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
	return ~crc;
}

/* Is the file at path the debug file a .gnu_debuglink with crc names, for an object with the
 * given build-id (idlen 0: none)? */
static int debuglink_matches(const char *path, uint32_t crc, const unsigned char *id,
			     size_t idlen)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	if (idlen) {
		Elf *e = elf_begin(fd, ELF_C_READ_MMAP, NULL);
		const unsigned char *did;
		size_t dlen = e ? build_id(e, &did) : 0;
		int verdict = dlen ? dlen == idlen && !memcmp(did, id, idlen) : -1;
		if (e)
			elf_end(e);
		if (verdict >= 0) {
			close(fd);
			return verdict;
		}
		if (lseek(fd, 0, SEEK_SET) != 0) {
			close(fd);
			return 0;
		}
	}
	unsigned char buf[16384];
	uint32_t table[256], c = 0;
	ssize_t n;
	crc32_table(table);
	while ((n = read(fd, buf, sizeof buf)) > 0)
		c = crc32_update(table, c, buf, (size_t)n);
	close(fd);
	return n == 0 && c == crc;
}

static int same_file(const char *a, const char *b)
{
	struct stat sa, sb;
	return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
	       sa.st_ino == sb.st_ino;
}

/* Directories debug discovery has resolved: the loader asks about every library of a
 * directory in turn, and realpath() would walk (readlink) every component each time. */
static struct dircache {
	char dir[PATH_MAX];     /* as given */
	char real[PATH_MAX];    /* realpath of it */
	int dot_debug;          /* real/.debug exists */
} dircache[4];
static unsigned dircache_next;

static const struct dircache *resolve_dir(const char *dir, size_t dlen)
{
	if (dlen >= PATH_MAX)
		return NULL;
	for (size_t i = 0; i < ARRAY_SIZE(dircache); i++)
		if (dircache[i].real[0] && !strncmp(dircache[i].dir, dir, dlen) &&
		    !dircache[i].dir[dlen])
			return &dircache[i];
	struct dircache *c = &dircache[dircache_next++ % ARRAY_SIZE(dircache)];
	char d[PATH_MAX];
	memcpy(d, dir, dlen);
	d[dlen] = 0;
	if (!realpath(dlen ? d : "/", c->real)) {
		c->real[0] = 0;
		return NULL;
	}
	memcpy(c->dir, d, dlen + 1);
	char dd[PATH_MAX];
	struct stat st;
	c->dot_debug = snprintf(dd, sizeof dd, "%s/.debug", c->real) < (int)sizeof dd &&
		       stat(dd, &st) == 0 && S_ISDIR(st.st_mode);
	return c;
}

/* realpath(path) into real (PATH_MAX bytes), the directory part through the cache; *cp is the
 * directory's cache entry when the file lies in it. */
static int real_path(const char *path, char *real, const struct dircache **cp)
{
	char cur[PATH_MAX];
	*cp = NULL;
	if (strlen(path) >= sizeof cur)
		return -1;
	strcpy(cur, path);
	for (int hops = 0; hops < 8; hops++) {
		const char *slash = strrchr(cur, '/');
		const char *base = slash ? slash + 1 : cur;
		const struct dircache *c = resolve_dir(cur, slash ? (size_t)(slash - cur) : 0);
		if (!slash)
			c = resolve_dir(".", 1);
		if (!c || !*base)
			break;
		int n = snprintf(real, PATH_MAX, "%s%s%s", c->real, c->real[1] ? "/" : "", base);
		if (n <= 0 || n >= PATH_MAX)
			return -1;
		char link[PATH_MAX];
		ssize_t ln = readlink(real, link, sizeof link - 1);
		if (ln < 0) {
			if (errno != EINVAL)
				return -1;
			*cp = c; /* not a symbolic link: done */
			return 0;
		}
		link[ln] = 0;
		if (strchr(link, '/'))
			break; /* a link elsewhere: let realpath() do it */
		strcpy(cur, real); /* a link within the directory: follow it there */
		strcpy(strrchr(cur, '/') + 1, link);
	}
	return realpath(path, real) ? 0 : -1;
}

/* Does a debug root exist at all?  Most machines have no /usr/lib/debug: then no candidate
 * under it needs to be tried.  Only the default root is remembered. */
static int root_exists(const char *root, int is_default)
{
	static int default_state = -1;
	if (is_default && default_state >= 0)
		return default_state;
	struct stat st;
	int r = stat(root, &st) == 0 && S_ISDIR(st.st_mode);
	if (is_default)
		default_state = r;
	return r;
}

/* What the search for an object's DWARF needs to know of it. */
struct debug_facts {
	int has_dwarf;             /* a non-empty .debug_info (or .zdebug_info) of its own */
	const unsigned char *id;   /* NT_GNU_BUILD_ID bytes */
	size_t idlen;
	const char *link;          /* .gnu_debuglink contents: NAME, NUL, padding to 4, CRC32 */
	size_t linksz;
};

static enum dwarfsig_debug_source find_debug(const struct debug_facts *f, const char *path,
					     const char *const *roots, size_t nroots,
					     const int *have_root, char *buf, size_t size)
{
	if (f->has_dwarf)
		return DWARFSIG_DEBUG_EMBEDDED;

	/* build-id */
	const unsigned char *id = f->id;
	size_t idlen = f->idlen;
	char hex[130] = ""; /* the build ID in hex: .build-id/hex[0..2]/hex[2..].debug */
	if (idlen) {
		static const char digits[] = "0123456789abcdef";
		for (size_t k = 0; k < idlen; k++) {
			hex[2 * k] = digits[id[k] >> 4];
			hex[2 * k + 1] = digits[id[k] & 15];
		}
		hex[2 * idlen] = 0;
		for (size_t r = 0; r < nroots; r++) {
			if (!have_root[r])
				continue;
			int n = snprintf(buf, size, "%s/.build-id/%.2s/%s.debug", roots[r], hex,
					 hex + 2);
			if (n > 0 && (size_t)n < size && access(buf, R_OK) == 0)
				return DWARFSIG_DEBUG_BUILD_ID;
		}
	}

	/* .gnu_debuglink: NAME, NUL, padding to 4, CRC32 of the debug file */
	if (!f->link || f->linksz < 8)
		return DWARFSIG_DEBUG_NONE;
	const char *name = f->link;
	size_t nlen = strnlen(name, f->linksz);
	size_t crcoff = (nlen + 4) & ~(size_t)3;
	if (nlen == 0 || crcoff + 4 > f->linksz || memchr(name, '/', nlen))
		return DWARFSIG_DEBUG_NONE;
	/* A debuglink that names the build-id file itself ("yyyy.debug", as Debian's dh_strip
	 * writes it) points at the file the build-id lookup above just looked for: it is not
	 * searched for again beside the object (four system calls per library) */
	if (idlen > 1 && nlen == 2 * idlen - 2 + 6 && !memcmp(name, hex + 2, 2 * idlen - 2) &&
	    !memcmp(name + nlen - 6, ".debug", 6))
		return DWARFSIG_DEBUG_NONE;
	uint32_t crc;
	memcpy(&crc, f->link + crcoff, 4);
	char real[PATH_MAX];
	const struct dircache *dc;
	if (real_path(path, real, &dc) < 0)
		return DWARFSIG_DEBUG_NONE;
	char *slash = strrchr(real, '/');
	if (!slash)
		return DWARFSIG_DEBUG_NONE;
	int dlen = (int)(slash - real);
	for (size_t k = 0; k < 2 + nroots; k++) {
		int n = k == 0	 ? snprintf(buf, size, "%.*s/%.*s", dlen, real, (int)nlen, name)
			: k == 1 ? snprintf(buf, size, "%.*s/.debug/%.*s", dlen, real, (int)nlen,
					    name)
				 : snprintf(buf, size, "%s%.*s/%.*s", roots[k - 2], dlen, real,
					    (int)nlen, name);
		if ((k == 1 && dc && !dc->dot_debug) || (k >= 2 && !have_root[k - 2]))
			continue;
		if (n > 0 && (size_t)n < size && access(buf, R_OK) == 0 && !same_file(buf, real) &&
		    debuglink_matches(buf, crc, id, idlen))
			return DWARFSIG_DEBUG_DEBUGLINK;
	}
	return DWARFSIG_DEBUG_NONE;
}

static const char *const default_roots[] = { "/usr/lib/debug" };

enum dwarfsig_debug_source dwarfsig_find_debug(Elf *elf, const char *path,
					       const char *const *roots, size_t nroots,
					       char *buf, size_t size)
{
	int is_default = !roots || !nroots;
	if (is_default) {
		roots = default_roots;
		nroots = 1;
	}
	int have_root[8];
	if (nroots > ARRAY_SIZE(have_root))
		nroots = ARRAY_SIZE(have_root);
	for (size_t r = 0; r < nroots; r++)
		have_root[r] = root_exists(roots[r], is_default);
	if (!elf)
		return DWARFSIG_DEBUG_NONE;
	struct debug_facts f = { .has_dwarf = has_dwarf(elf) };
	if (!f.has_dwarf) {
		f.idlen = build_id(elf, &f.id);
		GElf_Shdr sh;
		Elf_Scn *s = find_section(elf, ".gnu_debuglink", &sh);
		Elf_Data *d = s ? elf_getdata(s, NULL) : NULL;
		if (d && d->d_buf) {
			f.link = d->d_buf;
			f.linksz = d->d_size;
		}
	}
	return find_debug(&f, path, roots, nroots, have_root, buf, size);
}

/* The same search from the section headers the loader read itself (pread): the notes and
 * the debuglink are read from fd, a few hundred bytes, where libelf would map the whole file
 * and index every section. */
#define SMALL_SECTION 4096
static int read_small(int fd, uint64_t fsize, const Elf64_Shdr *sh, char *buf)
{
	if (sh->sh_type == SHT_NOBITS || sh->sh_size == 0 || sh->sh_size > SMALL_SECTION ||
	    sh->sh_offset > fsize || sh->sh_size > fsize - sh->sh_offset)
		return -1;
	return rtld_read_at(fd, buf, sh->sh_size, sh->sh_offset);
}

enum dwarfsig_debug_source dwarfsig_find_debug_fd(int fd, uint64_t fsize,
						  const struct dwarfsig_sections *secs,
						  const char *path, char *buf, size_t size)
{
	int have_root[1] = { root_exists(default_roots[0], 1) };
	struct debug_facts f = { 0 };
	char note[SMALL_SECTION], link[SMALL_SECTION];
	unsigned char id[64];
	int seen_id = 0;
	for (size_t i = 0; i < secs->n; i++) {
		const Elf64_Shdr *sh = &secs->sh[i];
		const char *n = sh->sh_name < secs->namesz ? secs->names + sh->sh_name : NULL;
		if (!n || !memchr(n, 0, secs->namesz - sh->sh_name))
			continue;
		if ((!strcmp(n, ".debug_info") || !strcmp(n, ".zdebug_info")) &&
		    sh->sh_type != SHT_NOBITS && sh->sh_size > 0) {
			f.has_dwarf = 1;
			break;
		}
		if (!strcmp(n, ".gnu_debuglink") && !f.link && read_small(fd, fsize, sh, link) == 0) {
			f.link = link;
			f.linksz = sh->sh_size;
		}
		/* the first NT_GNU_BUILD_ID note of the SHT_NOTE sections, as build_id() finds it */
		if (sh->sh_type == SHT_NOTE && !seen_id && read_small(fd, fsize, sh, note) == 0) {
			size_t align = sh->sh_addralign == 8 ? 8 : 4, off = 0;
			while (off + sizeof(Elf64_Nhdr) <= sh->sh_size) {
				Elf64_Nhdr nh;
				memcpy(&nh, note + off, sizeof nh);
				size_t noff = off + sizeof nh;
				size_t doff = (noff + nh.n_namesz + align - 1) & ~(align - 1);
				size_t next = (doff + nh.n_descsz + align - 1) & ~(align - 1);
				if (nh.n_namesz > sh->sh_size || nh.n_descsz > sh->sh_size ||
				    doff > sh->sh_size || nh.n_descsz > sh->sh_size - doff)
					break;
				if (nh.n_type == NT_GNU_BUILD_ID && nh.n_namesz == 4 &&
				    !memcmp(note + noff, "GNU", 4) && nh.n_descsz >= 2 &&
				    nh.n_descsz <= 64) {
					memcpy(id, note + doff, nh.n_descsz);
					f.id = id;
					f.idlen = nh.n_descsz;
					seen_id = 1;
					break;
				}
				off = next;
			}
		}
	}
	return find_debug(&f, path, default_roots, 1, have_root, buf, size);
}

/* ---- from a C++ mangled name (Itanium ABI) ----
 * A C++ symbol's name encodes its parameter types (not, outside templates, its return type,
 * nor whether it has `this`).  When every parameter is a builtin arithmetic type, a pointer or
 * a reference, their classes are fixed by the ABI; if the integer ones fit in the registers
 * left after the most hidden ones a call can have (`this`, the address of a memory-returned
 * result, a constructor's VTT) and the floating ones in %xmm0-7, nothing is on the stack:
 * the answer is 0.  Otherwise, and for whatever this reader does not parse (class types by
 * value, substitutions as parameters, expressions, vendor extensions), it gives no answer. */
struct mg {
	const char *p;
	int depth;
};

/* builtin types: one letter */
static int mg_builtin(int c)
{
	switch (c) {
	case 'v': case 'w': case 'b': case 'c': case 'a': case 'h': case 's': case 't': case 'i':
	case 'j': case 'l': case 'm': case 'x': case 'y': case 'n': case 'o': case 'f': case 'd':
	case 'e': case 'g': case 'z':
		return 1;
	default:
		return 0;
	}
}

/* builtins of the INTEGER class (bool, characters, integers up to 64 bits) */
static int mg_int_builtin(int c)
{
	return mg_builtin(c) && c != 'v' && c != 'n' && c != 'o' && c != 'f' && c != 'd' &&
	       c != 'e' && c != 'g' && c != 'z';
}

static int mg_number(struct mg *m, size_t *n)
{
	if (*m->p < '0' || *m->p > '9')
		return -1;
	size_t v = 0;
	while (*m->p >= '0' && *m->p <= '9') {
		v = v * 10 + (size_t)(*m->p++ - '0');
		if (v > 4096)
			return -1;
	}
	*n = v;
	return 0;
}

static int mg_source_name(struct mg *m)
{
	size_t n;
	if (mg_number(m, &n) < 0 || !n || memchr(m->p, 0, n))
		return -1;
	m->p += n;
	return 0;
}

static int mg_type(struct mg *m);
static int mg_encoding(struct mg *m);

/* T_ T<n>_: a template parameter */
static int mg_template_param(struct mg *m)
{
	if (*m->p++ != 'T')
		return -1;
	while (*m->p >= '0' && *m->p <= '9')
		m->p++;
	return *m->p++ == '_' ? 0 : -1;
}

static int mg_abi_tags(struct mg *m)
{
	while (*m->p == 'B') {
		m->p++;
		if (mg_source_name(m) < 0)
			return -1;
	}
	return 0;
}

/* S_ S<seq>_ and the std abbreviations (St only as a prefix, handled by the callers) */
static int mg_substitution(struct mg *m)
{
	if (*m->p != 'S')
		return -1;
	m->p++;
	if (*m->p == 'a' || *m->p == 'b' || *m->p == 'i' || *m->p == 'o' || *m->p == 's' ||
	    *m->p == 'd') {
		m->p++;
		return 0;
	}
	while ((*m->p >= '0' && *m->p <= '9') || (*m->p >= 'A' && *m->p <= 'Z'))
		m->p++;
	if (*m->p != '_')
		return -1;
	m->p++;
	return 0;
}

static int mg_template_args(struct mg *m)
{
	if (*m->p != 'I' || ++m->depth > 32)
		return -1;
	m->p++;
	while (*m->p != 'E') {
		if (!*m->p)
			return -1;
		if (*m->p == 'L') { /* a literal: L type value E, or L _Z encoding E */
			m->p++;
			if (m->p[0] == '_' && m->p[1] == 'Z') {
				m->p += 2;
				if (mg_encoding(m) < 0)
					return -1;
			} else {
				if (mg_type(m) < 0)
					return -1;
				while ((*m->p >= '0' && *m->p <= '9') || (*m->p >= 'a' && *m->p <= 'z'))
					m->p++;
			}
			if (*m->p != 'E')
				return -1;
			m->p++;
		} else if (*m->p == 'J') { /* an argument pack */
			m->p++;
			while (*m->p != 'E') {
				if (!*m->p || mg_type(m) < 0)
					return -1;
			}
			m->p++;
		} else if (mg_type(m) < 0) {
			return -1; /* (expressions, X...E, are not read) */
		}
	}
	m->p++;
	m->depth--;
	return 0;
}

/* operator names (conversion "cv" and literal "li" apart) */
static const char mg_ops[][3] = {
	"nw", "na", "dl", "da", "ps", "ng", "ad", "de", "co", "pl", "mi", "ml", "dv", "rm", "an",
	"or", "eo", "aS", "pL", "mI", "mL", "dV", "rM", "aN", "oR", "eO", "ls", "rs", "lS", "rS",
	"eq", "ne", "lt", "gt", "le", "ge", "ss", "nt", "aa", "oo", "pp", "mm", "cm", "pm", "pt",
	"cl", "ix", "qu",
};

/* One component of a name: *ctor set for a constructor or destructor (or conversion
 * operator: its "template" encodes no return type either). */
static int mg_unqualified(struct mg *m, int *ctor)
{
	const char *p = m->p;
	*ctor = 0;
	if (*p >= '0' && *p <= '9')
		return mg_source_name(m) < 0 ? -1 : mg_abi_tags(m);
	if (p[0] == 'C' && p[1] >= '1' && p[1] <= '5') {
		m->p += 2;
		*ctor = 1;
		return mg_abi_tags(m);
	}
	if (p[0] == 'D' && p[1] >= '0' && p[1] <= '5') {
		m->p += 2;
		*ctor = 1;
		return mg_abi_tags(m);
	}
	if (p[0] == 'c' && p[1] == 'v') { /* conversion operator */
		m->p += 2;
		*ctor = 1;
		return mg_type(m);
	}
	if (p[0] == 'l' && p[1] == 'i') { /* literal operator: li <source-name> */
		m->p += 2;
		return mg_source_name(m);
	}
	for (size_t i = 0; p[0] && p[1] && i < ARRAY_SIZE(mg_ops); i++)
		if (mg_ops[i][0] == p[0] && mg_ops[i][1] == p[1]) {
			m->p += 2;
			return mg_abi_tags(m);
		}
	return -1; /* unnamed types, lambdas, structured bindings, vendor operators, ... */
}

/* A name; *tmpl when it ends in template arguments, *ctor as above. */
static int mg_name(struct mg *m, int *tmpl, int *ctor)
{
	*tmpl = *ctor = 0;
	if (++m->depth > 32)
		return -1;
	if (*m->p == 'N') {
		m->p++;
		while (*m->p == 'r' || *m->p == 'V' || *m->p == 'K')
			m->p++;
		if (*m->p == 'R' || *m->p == 'O')
			m->p++;
		int n = 0;
		while (*m->p != 'E') {
			if (!*m->p)
				return -1;
			*tmpl = 0;
			if (*m->p == 'I') {
				if (!n || mg_template_args(m) < 0)
					return -1;
				*tmpl = 1;
			} else if (m->p[0] == 'S' && m->p[1] == 't') {
				if (n)
					return -1;
				m->p += 2;
			} else if (*m->p == 'S') {
				if (mg_substitution(m) < 0)
					return -1;
			} else if (*m->p == 'T') {
				if (mg_template_param(m) < 0)
					return -1;
			} else if (mg_unqualified(m, ctor) < 0) {
				return -1;
			}
			n++;
		}
		m->p++;
		m->depth--;
		return n ? 0 : -1;
	}
	if (*m->p == 'S' && m->p[1] != 't') {
		if (mg_substitution(m) < 0 || *m->p != 'I')
			return -1; /* a substitution names a template here */
	} else {
		if (m->p[0] == 'S' && m->p[1] == 't')
			m->p += 2;
		if (mg_unqualified(m, ctor) < 0)
			return -1;
	}
	if (*m->p == 'I') {
		if (mg_template_args(m) < 0)
			return -1;
		*tmpl = 1;
	}
	m->depth--;
	return 0;
}

/* Skip one type. */
static int mg_type(struct mg *m)
{
	if (++m->depth > 64)
		return -1;
	const char *p = m->p;
	int r = 0, t, c;
	if (mg_builtin(*p)) {
		m->p++;
	} else if (*p == 'r' || *p == 'V' || *p == 'K' || *p == 'P' || *p == 'R' || *p == 'O') {
		m->p++;
		r = mg_type(m);
	} else if (*p == 'D' && (p[1] == 'n' || p[1] == 'a' || p[1] == 'd' || p[1] == 'e' ||
				 p[1] == 'f' || p[1] == 'h' || p[1] == 'i' || p[1] == 's' ||
				 p[1] == 'u')) {
		m->p += 2;
	} else if (*p == 'D' && p[1] == 'p') {
		m->p += 2;
		r = mg_type(m);
	} else if (*p == 'F') { /* function type */
		m->p++;
		if (*m->p == 'Y')
			m->p++;
		while (*m->p != 'E') {
			if (!*m->p || (m->p[0] == 'R' && m->p[1] == 'E') || (m->p[0] == 'O' && m->p[1] == 'E')) {
				if (*m->p)
					m->p++;
				continue;
			}
			if (mg_type(m) < 0)
				return -1;
		}
		m->p++;
	} else if (*p == 'A') { /* array */
		size_t n;
		m->p++;
		if (*m->p != '_' && mg_number(m, &n) < 0)
			return -1;
		if (*m->p++ != '_')
			return -1;
		r = mg_type(m);
	} else if (*p == 'M') { /* pointer to member */
		m->p++;
		r = mg_type(m) < 0 ? -1 : mg_type(m);
	} else if (*p == 'T' && (p[1] == '_' || (p[1] >= '0' && p[1] <= '9'))) {
		r = mg_template_param(m);
		if (r == 0 && *m->p == 'I')
			r = mg_template_args(m);
	} else if (*p == 'S' && p[1] != 't') {
		r = mg_substitution(m);
		if (r == 0 && *m->p == 'I')
			r = mg_template_args(m);
	} else if (*p == 'N' || (*p >= '0' && *p <= '9') || (*p == 'S' && p[1] == 't')) {
		r = mg_name(m, &t, &c);
	} else {
		r = -1;
	}
	m->depth--;
	return r;
}

/* A function's name and, for a template, the return type that comes first: m is left at
 * its parameter types. */
static int mg_function_name(struct mg *m)
{
	int tmpl, ctor;
	if (mg_name(m, &tmpl, &ctor) < 0)
		return -1;
	return tmpl && !ctor ? mg_type(m) : 0;
}

static int mg_encoding(struct mg *m)
{
	if (mg_function_name(m) < 0)
		return -1;
	while (*m->p && *m->p != 'E') /* the parameter types, to the end of the encoding */
		if (mg_type(m) < 0)
			return -1;
	return 0;
}

int dwarfsig_from_mangled(const char *name, size_t *bytes)
{
	if (!name || name[0] != '_' || name[1] != 'Z' || name[2] == 'T' || name[2] == 'G' ||
	    name[2] == 'L' || name[2] == 'Z')
		return -1; /* not a function's name, or a special or internal one */
	struct mg m = { name + 2, 0 };
	if (mg_function_name(&m) < 0)
		return -1;
	unsigned ints = 0, sses = 0, params = 0;
	while (*m.p) {
		const char *p = m.p;
		while (*p == 'r' || *p == 'V' || *p == 'K')
			p++;
		if (*p == 'P' || *p == 'R' || *p == 'O') {
			ints++;
		} else if (mg_int_builtin(*p)) {
			ints++;
		} else if (p[0] == 'D' && (p[1] == 'i' || p[1] == 's' || p[1] == 'u')) {
			ints++;
		} else if (*p == 'f' || *p == 'd') {
			sses++;
		} else if (*p == 'v' && params == 0 && p[1] == 0) {
			/* f(void) */
		} else {
			return -1; /* a class, enum, long double, __int128, ..., or variadic */
		}
		m.depth = 0;
		if (mg_type(&m) < 0)
			return -1;
		params++;
	}
	if (!params)
		return -1;
	/* this, a memory-returned result's address, a constructor's VTT */
	if (ints + 3 > 6 || sses > 8)
		return -1;
	*bytes = 0;
	return 0;
}

/* ---- the table ---- */
#define DWSIG_UNKNOWN ((size_t)-2) /* defined, but no exact answer: lookups fail */

struct dwsig_slot {
	uint32_t hash;
	uint32_t name; /* offset in pool; 0: empty slot (pool[0] is a NUL) */
	size_t bytes;
};

struct dwarfsig {
	struct dwsig_slot *slots;
	size_t cap, n; /* cap: a power of two, at least 2n */
	char *pool;
	size_t pool_len, pool_cap;
};

static uint32_t shash(const char *s)
{
	uint32_t h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* Two answers for one name (or address): unknown yields to any number, else the larger (the
 * more the trampoline copies, the safer), variadic above all. */
static size_t merge_answer(size_t old, size_t new)
{
	if (old == DWSIG_UNKNOWN)
		return new;
	if (new == DWSIG_UNKNOWN)
		return old;
	if (old == DWARFSIG_VARIADIC || new == DWARFSIG_VARIADIC)
		return DWARFSIG_VARIADIC;
	return old > new ? old : new;
}

static struct dwsig_slot *table_find(const struct dwarfsig *t, const char *name, uint32_t h)
{
	if (!t->cap)
		return NULL;
	for (size_t k = h & (t->cap - 1); t->slots[k].name; k = (k + 1) & (t->cap - 1))
		if (t->slots[k].hash == h && !strcmp(t->pool + t->slots[k].name, name))
			return &t->slots[k];
	return NULL;
}

static int table_grow(struct dwarfsig *t)
{
	size_t nc = t->cap ? t->cap * 2 : 64;
	struct dwsig_slot *ns = rtld_alloc(nc * sizeof *ns);
	if (!ns)
		return -1;
	for (size_t i = 0; i < t->cap; i++) {
		if (!t->slots[i].name)
			continue;
		size_t k = t->slots[i].hash & (nc - 1);
		while (ns[k].name)
			k = (k + 1) & (nc - 1);
		ns[k] = t->slots[i];
	}
	rtld_free(t->slots);
	t->slots = ns;
	t->cap = nc;
	return 0;
}

/* The slot of name, created (bytes 0, *created set) when absent; NULL when out of memory. */
static struct dwsig_slot *table_slot(struct dwarfsig *t, const char *name, int *created)
{
	uint32_t h = shash(name);
	struct dwsig_slot *s = table_find(t, name, h);
	*created = !s;
	if (s)
		return s;
	if ((t->n + 1) * 2 > t->cap && table_grow(t) < 0)
		return NULL;
	size_t len = strlen(name) + 1;
	if (t->pool_len + len > UINT32_MAX)
		return NULL;
	if (t->pool_len + len > t->pool_cap) {
		size_t nc = t->pool_cap ? t->pool_cap : 16384;
		while (nc < t->pool_len + len)
			nc *= 2;
		char *np = rtld_realloc_array(t->pool, t->pool_len, nc, 1);
		if (!np)
			return NULL;
		t->pool = np;
		t->pool_cap = nc;
	}
	memcpy(t->pool + t->pool_len, name, len);
	size_t k = h & (t->cap - 1);
	while (t->slots[k].name)
		k = (k + 1) & (t->cap - 1);
	s = &t->slots[k];
	s->hash = h;
	s->name = (uint32_t)t->pool_len;
	s->bytes = 0;
	t->pool_len += len;
	t->n++;
	return s;
}

static int table_put(struct dwarfsig *t, const char *name, size_t bytes)
{
	int created;
	struct dwsig_slot *s = table_slot(t, name, &created);
	if (!s)
		return -1;
	s->bytes = created ? bytes : merge_answer(s->bytes, bytes);
	return 0;
}

/* An empty table (pool[0] is a NUL, so that name offset 0 can mean "empty slot"). */
static struct dwarfsig *table_new(void)
{
	struct dwarfsig *t = rtld_alloc(sizeof *t);
	if (!t)
		return NULL;
	t->pool_cap = 1024;
	t->pool = rtld_alloc(t->pool_cap);
	t->pool_len = 1;
	if (!t->pool || table_grow(t) < 0) {
		dwarfsig_free(t);
		return NULL;
	}
	return t;
}

/* entry address -> answer, for symbols DWARF does not name (aliases) */
struct addrent {
	GElf_Addr key; /* address + 1; 0: empty */
	size_t bytes;
};
struct addrmap {
	struct addrent *e;
	size_t cap, n;
};

static struct addrent *addr_slot(const struct addrmap *m, GElf_Addr key)
{
	size_t k = (size_t)((key * 0x9e3779b97f4a7c15ull) >> 20) & (m->cap - 1);
	while (m->e[k].key && m->e[k].key != key)
		k = (k + 1) & (m->cap - 1);
	return &m->e[k];
}

static int addr_put(struct addrmap *m, GElf_Addr addr, size_t bytes)
{
	if ((m->n + 1) * 2 > m->cap) {
		struct addrmap nm = { NULL, m->cap ? m->cap * 2 : 64, 0 };
		nm.e = rtld_alloc(nm.cap * sizeof *nm.e);
		if (!nm.e)
			return -1;
		for (size_t i = 0; i < m->cap; i++)
			if (m->e[i].key)
				*addr_slot(&nm, m->e[i].key) = m->e[i];
		nm.n = m->n;
		rtld_free(m->e);
		*m = nm;
	}
	struct addrent *e = addr_slot(m, addr + 1);
	if (e->key) {
		e->bytes = merge_answer(e->bytes, bytes);
	} else {
		e->key = addr + 1;
		e->bytes = bytes;
		m->n++;
	}
	return 0;
}

static int addr_get(const struct addrmap *m, GElf_Addr addr, size_t *bytes)
{
	if (!m->cap)
		return -1;
	struct addrent *e = addr_slot(m, addr + 1);
	if (!e->key)
		return -1;
	*bytes = e->bytes;
	return 0;
}

struct builder {
	struct dwarfsig *t;
	struct addrmap addrs;
	/* .dynsym's defined functions: name -> address + 1 or ADDR_MULTI, and their addresses */
	struct dwarfsig *seen;
	struct addrmap dynaddrs;
	int filter; /* the object has a .dynsym: classify only what it can bind */
	int failed;
	size_t found;    /* .dynsym addresses described so far (filter) */
	size_t unnamed;  /* .dynsym functions their mangled name alone does not answer for */
	struct addrmap abbrevs; /* abbreviation -> whether a DIE of that shape has code */
	int namespaces;  /* walk: 0, top level only (noting has_ns); 1, inside namespaces only */
	int has_ns;
};

/* Only functions a binding can reach matter: those at whose entry address .dynsym defines a
 * function symbol (their own name or an alias); a DIE without code (the abstract instance of
 * an inlined function) is reached through its concrete, out-of-line instance.  Classifying
 * the rest (inline-heavy C++ programs describe thousands of functions they do not export)
 * would only cost start-up time.  Sets *name when wanted. */
static int wanted(struct builder *b, Dwarf_Die *fn, const char **name)
{
	Dwarf_Addr pc, base, start, end;
	size_t x;
	if (b->filter) { /* by address first: the name attribute costs more to find */
		if (dwarf_entrypc(fn, &pc) == 0) {
			if (addr_get(&b->dynaddrs, pc, &x) < 0)
				return 0;
			if (addr_get(&b->addrs, pc, &x) < 0)
				b->found++; /* (add_function records pc in addrs) */
		} else {
			/* DW_AT_ranges only (a hot/cold split); none at all: no code, the abstract
			 * instance of an inlined function */
			int match = 0;
			ptrdiff_t off = 0;
			for (int i = 0; !match && i < 16 &&
					(off = dwarf_ranges(fn, off, &base, &start, &end)) > 0; i++)
				match = addr_get(&b->dynaddrs, start, &x) == 0;
			if (!match)
				return 0;
		}
	}
	*name = sym_name(fn);
	return *name && **name;
}

static void add_function(struct builder *b, Dwarf_Die *fn)
{
	const char *name;
	if (!wanted(b, fn, &name))
		return;
	size_t bytes;
	int variadic;
	int r = dwarfsig_stack_bytes_of(fn, &bytes, &variadic);
	size_t answer = variadic ? DWARFSIG_VARIADIC : r == 0 ? bytes : DWSIG_UNKNOWN;
	if (table_put(b->t, name, answer) < 0)
		b->failed = 1;
	Dwarf_Addr pc, base, start, end;
	if (dwarf_entrypc(fn, &pc) == 0) {
		if (addr_put(&b->addrs, pc, answer) < 0)
			b->failed = 1;
		return;
	}
	/* DW_AT_ranges only (a hot/cold split): the entry is one of the range starts, and no
	 * other function's symbol can sit at the others */
	ptrdiff_t off = 0;
	for (int i = 0; i < 16 && (off = dwarf_ranges(fn, off, &base, &start, &end)) > 0; i++)
		if (addr_put(&b->addrs, start, answer) < 0)
			b->failed = 1;
}

/* Whether the subprogram d can be a function with code: asked of its abbreviation (the shape
 * of the DIE, shared by thousands of declarations), once, instead of decoding each DIE's
 * attributes.  A DIE without code only matters when there is no .dynsym to filter by. */
static int may_have_code(struct builder *b, Dwarf_Die *d)
{
	Dwarf_Abbrev *ab = d->abbrev; /* set by dwarf_tag() */
	if (!b->filter || !ab)
		return 1;
	size_t known;
	if (addr_get(&b->abbrevs, (GElf_Addr)(uintptr_t)ab, &known) == 0)
		return known != 0;
	unsigned name, form;
	int code = 0;
	for (size_t a = 0; dwarf_getabbrevattr(ab, a, &name, &form, NULL) == 0; a++)
		if (name == DW_AT_low_pc || name == DW_AT_ranges || name == DW_AT_entry_pc)
			code = 1;
	if (addr_put(&b->abbrevs, (GElf_Addr)(uintptr_t)ab, (size_t)code) < 0)
		b->failed = 1;
	return code;
}

/* External function definitions among parent's children (and in namespaces): at the top
 * level of a unit (depth 0) in the first pass, inside its namespaces in the second. */
static void walk(struct builder *b, Dwarf_Die *parent, int depth)
{
	Dwarf_Die c;
	if (dwarf_child(parent, &c) != 0)
		return;
	do {
		int tag = dwarf_tag(&c);
		if (tag == DW_TAG_subprogram) {
			if ((depth > 0) == b->namespaces && may_have_code(b, &c) &&
			    !dwarf_hasattr(&c, DW_AT_declaration) && flag(&c, DW_AT_external))
				add_function(b, &c);
		} else if (tag == DW_TAG_namespace && depth < 8 && dwarf_haschildren(&c)) {
			/* Classes are not entered: a member function defined there is a
			 * declaration, and its definition (DW_AT_specification) lies at namespace
			 * scope, where the walk finds it; inline-heavy C++ describes thousands of
			 * members. */
			b->has_ns = 1;
			if (b->namespaces)
				walk(b, &c, depth + 1);
		}
	} while (!b->failed && dwarf_siblingof(&c, &c) == 0);
}

/* Both passes over every unit.  The second, into namespaces, is skipped when the first has
 * described every address .dynsym defines a function at: g++ puts the definitions of
 * namespace members (member functions included) at the top level of the unit, pointing at
 * their declarations (DW_AT_specification), and a C++ unit's namespaces (std) hold
 * thousands of declarations.  clang defines them inside the namespace: the second pass
 * finds those. */
static void walk_units(struct builder *b, Dwarf *dw)
{
	for (b->namespaces = 0; b->namespaces < 2 && !b->failed; b->namespaces++) {
		if (b->namespaces &&
		    (!b->has_ns || (b->filter && b->found == b->dynaddrs.n)))
			break;
		Dwarf_CU *cu = NULL;
		Dwarf_Die cudie, subdie;
		uint8_t ut;
		while (!b->failed &&
		       dwarf_get_units(dw, cu, &cu, NULL, &ut, &cudie, &subdie) == 0) {
			if (ut == DW_UT_skeleton)
				walk(b, &subdie, 0);
			else if (ut == DW_UT_compile || ut == DW_UT_partial)
				walk(b, &cudie, 0);
		}
	}
}

/* Give defined function symbols of .dynsym that DWARF does not name the answer of the
 * function at their address.  A name defined at two addresses (symbol versions: foo@OLD and
 * foo@@NEW may be different functions with different signatures) gets no answer at all. */
#define ADDR_MULTI ((size_t)-1)
static void collect_dynsym(struct builder *b, Elf *elf)
{
	struct dwarfsig *seen = b->seen = table_new(); /* name -> address + 1, or ADDR_MULTI */
	if (!seen) {
		b->failed = 1;
		return;
	}
	GElf_Shdr sh;
	for (Elf_Scn *s = elf_nextscn(elf, NULL); s && !b->failed; s = elf_nextscn(elf, s)) {
		if (!gelf_getshdr(s, &sh) || sh.sh_type != SHT_DYNSYM || !sh.sh_entsize)
			continue;
		b->filter = 1;
		Elf_Data *d = elf_getdata(s, NULL);
		size_t n = sh.sh_size / sh.sh_entsize;
		for (size_t i = 1; d && i < n && !b->failed; i++) {
			GElf_Sym sym;
			int created;
			if (!gelf_getsym(d, (int)i, &sym) || sym.st_shndx == SHN_UNDEF ||
			    (GELF_ST_TYPE(sym.st_info) != STT_FUNC &&
			     GELF_ST_TYPE(sym.st_info) != STT_GNU_IFUNC) ||
			    GELF_ST_BIND(sym.st_info) == STB_LOCAL)
				continue;
			const char *name = elf_strptr(elf, sh.sh_link, sym.st_name);
			if (!name || !*name)
				continue;
			size_t x;
			if (dwarfsig_from_mangled(name, &x) < 0)
				b->unnamed++;
			struct dwsig_slot *e = table_slot(seen, name, &created);
			if (!e || addr_put(&b->dynaddrs, sym.st_value, 0) < 0)
				b->failed = 1;
			else if (created)
				/* an IFUNC's address is its resolver's: never an answer for it */
				e->bytes = GELF_ST_TYPE(sym.st_info) == STT_GNU_IFUNC
						   ? ADDR_MULTI
						   : (size_t)sym.st_value + 1;
			else if (e->bytes != (size_t)sym.st_value + 1)
				e->bytes = ADDR_MULTI;
		}
	}
}

/* Give defined function symbols of .dynsym that DWARF does not name the answer of the
 * function at their address.  A name defined at two addresses (symbol versions: foo@OLD and
 * foo@@NEW may be different functions with different signatures) gets no answer at all. */
static void add_aliases(struct builder *b)
{
	const struct dwarfsig *seen = b->seen;
	for (size_t i = 0; i < seen->cap && !b->failed; i++) {
		const struct dwsig_slot *e = &seen->slots[i];
		if (!e->name)
			continue;
		const char *name = seen->pool + e->name;
		size_t bytes;
		int created;
		if (e->bytes == ADDR_MULTI) {
			struct dwsig_slot *ts = table_slot(b->t, name, &created);
			if (!ts)
				b->failed = 1;
			else
				ts->bytes = DWSIG_UNKNOWN;
		} else if (!table_find(b->t, name, e->hash) &&
			   addr_get(&b->addrs, e->bytes - 1, &bytes) == 0 &&
			   table_put(b->t, name, bytes) < 0) {
			b->failed = 1;
		}
	}
}

struct dwarfsig *dwarfsig_load_elf(Elf *elf, const char *path)
{
	char dbg[PATH_MAX];
	if (!elf || elf_kind(elf) != ELF_K_ELF)
		return NULL;
	enum dwarfsig_debug_source src = dwarfsig_find_debug(elf, path, NULL, 0, dbg, sizeof dbg);
	return dwarfsig_load_found(elf, src, dbg);
}

struct dwarfsig *dwarfsig_load_found(Elf *elf, enum dwarfsig_debug_source src, const char *dbg)
{
	struct dwarfsig *t = NULL;
	Dwarf *dw = NULL;
	Elf *delf = NULL;
	int dfd = -1;

	if (!elf || elf_kind(elf) != ELF_K_ELF || src == DWARFSIG_DEBUG_NONE)
		return NULL;
	struct builder b = { .failed = 0 };
	collect_dynsym(&b, elf);
	/* nothing a binding can reach (a program linked without -rdynamic), or nothing the
	 * mangled names do not answer for already (dwarfsig_from_mangled): no DWARF to read */
	if (b.failed || (b.filter && (!b.seen->n || !b.unnamed)))
		goto out;
	switch (src) {
	case DWARFSIG_DEBUG_EMBEDDED:
		dw = dwarf_begin_elf(elf, DWARF_C_READ, NULL);
		break;
	case DWARFSIG_DEBUG_BUILD_ID:
	case DWARFSIG_DEBUG_DEBUGLINK:
		dfd = open(dbg, O_RDONLY | O_CLOEXEC);
		delf = dfd >= 0 ? elf_begin(dfd, ELF_C_READ_MMAP, NULL) : NULL;
		dw = delf ? dwarf_begin_elf(delf, DWARF_C_READ, NULL) : NULL;
		break;
	default:
		break;
	}
	if (!dw)
		goto out;

	t = b.t = table_new();
	if (!t)
		b.failed = 1;
	walk_units(&b, dw);
	if (!b.failed)
		add_aliases(&b);
	if (b.failed || !dwarfsig_count(t)) {
		dwarfsig_free(t);
		t = NULL;
	}
out:
	rtld_free(b.addrs.e);
	rtld_free(b.dynaddrs.e);
	rtld_free(b.abbrevs.e);
	dwarfsig_free(b.seen);
	if (dw)
		dwarf_end(dw);
	if (delf)
		elf_end(delf);
	if (dfd >= 0)
		close(dfd);
	return t;
}

struct dwarfsig *dwarfsig_load(const char *path)
{
	int fd;
	elf_version(EV_CURRENT);
	if (!path || (fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return NULL;
	Elf *elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	struct dwarfsig *t = dwarfsig_load_elf(elf, path);
	if (elf)
		elf_end(elf);
	close(fd);
	return t;
}

int dwarfsig_lookup(const struct dwarfsig *t, const char *func, size_t *bytes)
{
	if (!t || !func || !*func)
		return -1;
	const struct dwsig_slot *s = table_find(t, func, shash(func));
	if (!s || s->bytes == DWSIG_UNKNOWN)
		return -1;
	*bytes = s->bytes;
	return 0;
}

size_t dwarfsig_count(const struct dwarfsig *t)
{
	size_t n = 0;
	for (size_t i = 0; t && i < t->cap; i++)
		n += t->slots[i].name && t->slots[i].bytes != DWSIG_UNKNOWN;
	return n;
}

void dwarfsig_free(struct dwarfsig *t)
{
	if (!t)
		return;
	rtld_free(t->slots);
	rtld_free(t->pool);
	rtld_free(t);
}
