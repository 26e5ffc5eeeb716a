/*
 * mangle.c: what a C++ function's mangled name alone shows (dwarfsig_from_mangled): that
 * nothing of a call goes on the stack.  Used without DWARF, and by dwarfsig_load instead of
 * reading DWARF when it answers for every function an object exports.
 *
 * Must stay true:
 *  - Exact or nothing: 0 only when the name proves it whatever hidden arguments the call
 *    has; whatever the reader does not parse gives no answer (tests/dwarfsig checks it against
 *    gcc's and clang's layouts).
 *  - Allocates nothing and takes no lock.
 *  - Nothing here prints or calls rtld_error().
 */
#include "rtld.h"

#include "dwarfsig.h"

#include <string.h>

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
			if (!*m->p)
				return -1; /* (no closing E: it looped here for ever) */
			if ((m->p[0] == 'R' || m->p[0] == 'O') && m->p[1] == 'E') {
				m->p++; /* a ref-qualifier */
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
