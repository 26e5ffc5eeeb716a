/*
 * dwarf-abi.c: function signatures from DWARF (libdw), classified per the SysV x86-64 calling
 * convention -- the one implementation of "how many bytes of this call's arguments are on the
 * stack" (dwarfsig_classify, dwarfsig_stack_bytes_of), used by the loader's per-object tables
 * (dwarfsig.c) and by c18n-inspect for its reports; and the DIE helpers the tables read DWARF
 * with too (dwarf-internal.h).
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
 *    parameters).  dwarfsig_load records no number for them; the loader keeps its default.
 *  - The classifier allocates nothing itself (libdw may, reading).
 *  - Nothing here prints or calls rtld_error().
 */
#include "rtld.h"

#include "dwarfsig.h"
#include "dwarf-internal.h"

#include <dwarf.h>
#include <stdbool.h>
#include <string.h>

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

int flag(Dwarf_Die *d, unsigned at)
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
const char *sym_name(Dwarf_Die *d)
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
static int is_typedef_or_qualifier(int tag)
{
	return tag == DW_TAG_typedef || tag == DW_TAG_const_type || tag == DW_TAG_volatile_type ||
	       tag == DW_TAG_restrict_type || tag == DW_TAG_atomic_type ||
	       tag == DW_TAG_packed_type || tag == DW_TAG_shared_type ||
	       tag == DW_TAG_immutable_type;
}

static int peel(Dwarf_Die *in, Dwarf_Die *out, Dwarf_Word *xalign, int *atomic)
{
	Dwarf_Die t = *in;
	for (int i = 0; i < 64; i++) {
		int tag = dwarf_tag(&t);
		if (!is_typedef_or_qualifier(tag)) {
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
	int *budget; /* type DIEs classify_into may still visit for this argument */
};

/* An argument's classification visits at most this many type DIEs, and so does the walk that
 * decides how a C++ class is passed (cxx_pass): DWARF in which a struct has many members of
 * a type that again has many, and so on (damaged or hostile), would otherwise cost
 * members^16 visits; past the budget the argument is not understood. */
#define CLASSIFY_BUDGET 4096

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
	cx->budget = NULL; /* (set by classify, per argument) */
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
/* (budget: type DIEs it may still visit, as classify_into's; past it the answer is unknown) */
static enum pass cxx_pass(Dwarf_Die *t, int depth, int *budget)
{
	Dwarf_Word cc = udata(t, DW_AT_calling_convention, 0);
	if (cc == DW_CC_pass_by_reference)
		return P_REF;
	if (cc == DW_CC_pass_by_value)
		return P_VALUE;
	if (depth > 16 || --*budget < 0 || dwarf_hasattr(t, DW_AT_declaration))
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
		switch (cxx_pass(&mt, depth + 1, budget)) {
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
	if (depth > 16 || --*cx->budget < 0 || peel(t0, &t, &xalign, &atomic) != 0)
		return -1;
	int tag = dwarf_tag(&t);
	Dwarf_Word size = type_size(&t);
	*align = 1;
	if (tag == DW_TAG_base_type) {
		Dwarf_Word enc = udata(&t, DW_AT_encoding, 0);
		if (!size)
			return -1;
		*align = enc == DW_ATE_complex_float ? size / 2 : size;
		if (!*align)
			return -1; /* (a complex type of 1 byte: no such thing) */
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

/* May an argument of type t0 (classified as ac) passed in integer registers carry a pointer?
 * Scalar integers and enumerations do not, but for intptr_t and uintptr_t (capabilities
 * under CHERI, where they keep a pointer's tag); pointers, references, classes passed by
 * invisible reference and aggregates (their members may be pointers) may. */
static int may_point(Dwarf_Die *t0, const struct argclass *ac)
{
	Dwarf_Die t = *t0;
	if (ac->by_ref)
		return 1;
	/* (peel's walk, looking at the typedefs' names on the way) */
	for (int i = 0; i < 64; i++) {
		int tag = dwarf_tag(&t);
		if (!is_typedef_or_qualifier(tag))
			return tag != DW_TAG_base_type && tag != DW_TAG_enumeration_type;
		const char *n = tag == DW_TAG_typedef ? dwarf_diename(&t) : NULL;
		if (n && (!strcmp(n, "uintptr_t") || !strcmp(n, "intptr_t") ||
			  !strcmp(n, "__uintptr_t") || !strcmp(n, "__intptr_t")))
			return 1;
		Dwarf_Die next;
		if (type_of(&t, &next) < 0)
			return 1;
		t = next;
	}
	return 1;
}

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
	int pass_budget = CLASSIFY_BUDGET;
	enum pass pass = dwarfsig_is_aggregate(tag) ? cxx_pass(&t, 0, &pass_budget) : P_VALUE;
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
	int budget = CLASSIFY_BUDGET;
	struct cctx bcx = *cx;
	bcx.budget = &budget;
	if (classify_into(&t, 0, eb, &align, 0, &bcx) < 0) {
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
			sig->ptr_regs |= 1; /* the result's address, written through */
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
					if (ac.nint && may_point(&p.type, &ac))
						sig->ptr_regs |= ((1u << ac.nint) - 1)
								 << (6 - int_left);
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
	if (sig->variadic) /* (what follows the fixed arguments may be anything) */
		sig->ptr_regs |= (0x3fu << (6 - int_left)) & 0x3f;
	return sig->nunknown ? 1 : 0;
}

int dwarfsig_signature_of(Dwarf_Die *subprogram, size_t *bytes, int *variadic,
			  unsigned *ptr_regs)
{
	struct dwarfsig_sig sig;
	int r = dwarfsig_classify(subprogram, &sig, NULL, NULL);
	*bytes = sig.stack_bytes;
	*variadic = sig.variadic;
	*ptr_regs = sig.ptr_regs;
	return r;
}

int dwarfsig_stack_bytes_of(Dwarf_Die *subprogram, size_t *bytes, int *variadic)
{
	unsigned ptrs;
	return dwarfsig_signature_of(subprogram, bytes, variadic, &ptrs);
}
