/*
 * inspect-dwarf.c: what c18n-inspect learns from DWARF (libdw): function signatures and how
 * many bytes of their arguments the SysV x86-64 calling convention puts on the stack, function
 * pointers among parameters and the structs they reach, the types of shared globals, source
 * locations, and DWARF call sites (who calls setjmp or sigaction).
 *
 * Stack bytes (what a trampoline must copy from the caller's stack) come from the loader's own
 * classifier, rtld/dwarf-abi.c (dwarfsig_stack_bytes_of for the number, dwarfsig_classify for
 * which parameters are on the stack), so the report gives the number ld-c18n copies.
 *
 * Must stay true: only this file and the loader's DWARF rooms (rtld/dwarf-abi.c,
 * debugfile.c, dwarfsig.c) talk to libdw, and the ABI classification lives in
 * rtld/dwarf-abi.c alone; a missing attribute or an unknown type never
 * aborts the report, it makes the answer less precise (and says so in the detail text).
 */
#include "inspect.h"

#include "dwarfsig.h"

#include <dwarf.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef DW_TAG_GNU_call_site
#define DW_TAG_GNU_call_site 0x4109
#endif

/* ---- name index ---- */
struct dwent {
	const char *name;
	Dwarf_Die die;
};
struct dwmap {
	struct dwent *e;
	size_t cap, n;
};
struct dwindex {
	struct dwmap defs, decls, vars, vardecls;
};

static uint32_t shash(const char *s)
{
	uint32_t h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static void map_put(struct dwmap *m, const char *name, Dwarf_Die *die)
{
	if (m->n * 2 >= m->cap) {
		size_t nc = m->cap ? m->cap * 2 : 256;
		struct dwent *ne = xcalloc(nc, sizeof *ne);
		for (size_t i = 0; i < m->cap; i++)
			if (m->e[i].name) {
				size_t k = shash(m->e[i].name) & (nc - 1);
				while (ne[k].name)
					k = (k + 1) & (nc - 1);
				ne[k] = m->e[i];
			}
		free(m->e);
		m->e = ne;
		m->cap = nc;
	}
	size_t k = shash(name) & (m->cap - 1);
	while (m->e[k].name) {
		if (!strcmp(m->e[k].name, name))
			return; /* first one wins */
		k = (k + 1) & (m->cap - 1);
	}
	m->e[k].name = name;
	m->e[k].die = *die;
	m->n++;
}

static int map_get(const struct dwmap *m, const char *name, Dwarf_Die *out)
{
	if (!m->cap)
		return -1;
	for (size_t k = shash(name) & (m->cap - 1); m->e[k].name; k = (k + 1) & (m->cap - 1))
		if (!strcmp(m->e[k].name, name)) {
			*out = m->e[k].die;
			return 0;
		}
	return -1;
}

static const char *attr_str(Dwarf_Die *d, unsigned at)
{
	Dwarf_Attribute a;
	return dwarf_attr_integrate(d, at, &a) ? dwarf_formstring(&a) : NULL;
}

/* The name a dynamic symbol has: linkage name for C++, else the plain name. */
static const char *sym_name(Dwarf_Die *d)
{
	const char *n = attr_str(d, DW_AT_linkage_name);
	if (!n)
		n = attr_str(d, DW_AT_MIPS_linkage_name);
	if (!n)
		n = attr_str(d, DW_AT_name);
	return n;
}

static const char *plain_name(Dwarf_Die *d)
{
	const char *n = attr_str(d, DW_AT_name);
	return n ? n : "";
}

static int is_external(Dwarf_Die *d)
{
	Dwarf_Attribute a;
	bool f = false;
	return dwarf_attr_integrate(d, DW_AT_external, &a) && dwarf_formflag(&a, &f) == 0 && f;
}

static void index_children(struct dwindex *x, Dwarf_Die *parent, int depth)
{
	Dwarf_Die c;
	if (dwarf_child(parent, &c) != 0)
		return;
	do {
		int tag = dwarf_tag(&c);
		if (tag == DW_TAG_subprogram || tag == DW_TAG_variable) {
			const char *n = is_external(&c) ? sym_name(&c) : NULL;
			if (!n)
				continue;
			int decl = dwarf_hasattr(&c, DW_AT_declaration);
			if (tag == DW_TAG_subprogram)
				map_put(decl ? &x->decls : &x->defs, n, &c);
			else
				map_put(decl ? &x->vardecls : &x->vars, n, &c);
		} else if ((tag == DW_TAG_namespace || tag == DW_TAG_structure_type ||
			    tag == DW_TAG_class_type) &&
			   depth < 6 && dwarf_haschildren(&c)) {
			index_children(x, &c, depth + 1);
		}
	} while (dwarf_siblingof(&c, &c) == 0);
}

int dw_open(struct iobj *o)
{
	if (o->dw_state)
		return o->dw_state > 0 ? 0 : -1;
	o->dw_state = -1;
	if (o->dbg == DBGSRC_NONE)
		return -1;
	Dwarf *dw = NULL;
	if (o->dbg == DBGSRC_EMBEDDED) {
		dw = dwarf_begin_elf(o->elf, DWARF_C_READ, NULL);
	} else if (o->dbg_path) {
		o->dwfd = open(o->dbg_path, O_RDONLY | O_CLOEXEC);
		if (o->dwfd >= 0)
			o->dwelf = elf_begin(o->dwfd, ELF_C_READ_MMAP, NULL);
		if (o->dwelf)
			dw = dwarf_begin_elf(o->dwelf, DWARF_C_READ, NULL);
	}
	if (!dw) {
		tool_warn("%s: cannot read debug information%s%s: %s", o->o.path,
			  o->dbg_path ? " from " : "", o->dbg_path ? o->dbg_path : "",
			  dwarf_errno() ? dwarf_errmsg(-1) : "no DWARF sections");
		return -1;
	}
	o->dw = dw;
	o->dwi = xcalloc(1, sizeof *o->dwi);
	Dwarf_CU *cu = NULL;
	Dwarf_Die cudie, subdie;
	uint8_t ut;
	while (dwarf_get_units(dw, cu, &cu, NULL, &ut, &cudie, &subdie) == 0) {
		if (ut == DW_UT_skeleton)
			index_children(o->dwi, &subdie, 0);
		else if (ut == DW_UT_compile || ut == DW_UT_partial)
			index_children(o->dwi, &cudie, 0);
	}
	o->dw_state = 1;
	return 0;
}

int dw_find_func(struct iobj *o, const char *name, int want_decl, Dwarf_Die *out)
{
	if (dw_open(o) < 0)
		return -1;
	return map_get(want_decl ? &o->dwi->decls : &o->dwi->defs, name, out);
}

int dw_find_var(struct iobj *o, const char *name, Dwarf_Die *out)
{
	if (dw_open(o) < 0)
		return -1;
	if (map_get(&o->dwi->vars, name, out) == 0)
		return 0;
	return map_get(&o->dwi->vardecls, name, out);
}

void dw_location(Dwarf_Die *die, struct dw_loc *loc)
{
	loc->file = dwarf_decl_file(die);
	loc->line = 0;
	if (loc->file && dwarf_decl_line(die, &loc->line) != 0)
		loc->line = 0;
}

void dw_close(struct iobj *o)
{
	if (o->dwi) { /* (its entries point into the DWARF ended below) */
		free(o->dwi->defs.e);
		free(o->dwi->decls.e);
		free(o->dwi->vars.e);
		free(o->dwi->vardecls.e);
		free(o->dwi);
		o->dwi = NULL;
		o->dw_state = 0;
	}
	if (o->dw)
		dwarf_end(o->dw);
	if (o->dwelf)
		elf_end(o->dwelf);
	if (o->dwfd >= 0)
		close(o->dwfd);
	o->dw = NULL;
	o->dwelf = NULL;
	o->dwfd = -1;
}

/* ---- types ---- */
static int type_of(Dwarf_Die *d, Dwarf_Die *out)
{
	Dwarf_Attribute a;
	return dwarf_attr_integrate(d, DW_AT_type, &a) && dwarf_formref_die(&a, out) ? 0 : -1;
}

/* Strip typedefs and qualifiers; -1 for void (no type). */
static int peeled_type_of(Dwarf_Die *d, Dwarf_Die *out)
{
	Dwarf_Die t;
	if (type_of(d, &t) < 0)
		return -1;
	return dwarf_peel_type(&t, out) == 0 ? 0 : -1;
}

/* ---- function pointers ---- */
static int is_fnptr(Dwarf_Die *t)
{
	Dwarf_Die p;
	return dwarf_tag(t) == DW_TAG_pointer_type && peeled_type_of(t, &p) == 0 &&
	       dwarf_tag(&p) == DW_TAG_subroutine_type;
}

static int is_fnptr_table(Dwarf_Die *t) /* pointer to function pointers (vtables) */
{
	Dwarf_Die p;
	return dwarf_tag(t) == DW_TAG_pointer_type && peeled_type_of(t, &p) == 0 && is_fnptr(&p);
}

struct visited {
	Dwarf_Off off[32];
	int n;
};

/* Find a function-pointer member reachable from aggregate t (nested aggregates, arrays, and
 * up to two pointer hops); path gets e.g. "ops->on_event". */
static int fnptr_member(Dwarf_Die *t, char *path, size_t size, int hops, struct visited *v)
{
	Dwarf_Off me = dwarf_dieoffset(t);
	for (int i = 0; i < v->n; i++)
		if (v->off[i] == me)
			return 0;
	if (v->n == (int)ARRAY_SIZE(v->off))
		return 0;
	v->off[v->n++] = me;
	Dwarf_Die m;
	if (dwarf_child(t, &m) != 0)
		return 0;
	do {
		int mtag = dwarf_tag(&m);
		if ((mtag != DW_TAG_member && mtag != DW_TAG_inheritance) ||
		    (mtag == DW_TAG_member && dwarfsig_is_static_member(&m)))
			continue;
		Dwarf_Die mt;
		if (peeled_type_of(&m, &mt) < 0)
			continue;
		const char *mn = mtag == DW_TAG_inheritance ? "(base)" : plain_name(&m);
		char sub[256];
		int tag = dwarf_tag(&mt);
		if (is_fnptr(&mt) || is_fnptr_table(&mt)) {
			snprintf(path, size, "%s", mn);
			return 1;
		}
		if (tag == DW_TAG_array_type) {
			Dwarf_Die et;
			if (peeled_type_of(&mt, &et) == 0) {
				if (is_fnptr(&et)) {
					snprintf(path, size, "%s[]", mn);
					return 1;
				}
				if (dwarfsig_is_aggregate(dwarf_tag(&et)) &&
				    fnptr_member(&et, sub, sizeof sub, hops, v)) {
					snprintf(path, size, "%s[].%s", mn, sub);
					return 1;
				}
			}
			continue;
		}
		if (dwarfsig_is_aggregate(tag) && fnptr_member(&mt, sub, sizeof sub, hops, v)) {
			snprintf(path, size, "%s.%s", mn, sub);
			return 1;
		}
		Dwarf_Die pt;
		if (tag == DW_TAG_pointer_type && hops > 0 && peeled_type_of(&mt, &pt) == 0 &&
		    dwarfsig_is_aggregate(dwarf_tag(&pt)) && fnptr_member(&pt, sub, sizeof sub, hops - 1, v)) {
			snprintf(path, size, "%s->%s", mn, sub);
			return 1;
		}
	} while (dwarf_siblingof(&m, &m) == 0);
	return 0;
}

static const char *agg_kind(Dwarf_Die *t)
{
	switch (dwarf_tag(t)) {
	case DW_TAG_union_type: return "union";
	case DW_TAG_class_type: return "class";
	default: return "struct";
	}
}

/* Describe a callback reachable through a value of type t0 (not peeled); "" if none. */
static int describe_fnptr(Dwarf_Die *t0, char *out, size_t size)
{
	Dwarf_Die t;
	char path[512];
	struct visited v = { .n = 0 };
	if (dwarf_peel_type(t0, &t) != 0)
		return 0;
	if (is_fnptr(&t)) {
		snprintf(out, size, "is a function pointer");
		return 1;
	}
	if (is_fnptr_table(&t)) {
		snprintf(out, size, "points to function pointers");
		return 1;
	}
	if (dwarfsig_is_aggregate(dwarf_tag(&t))) {
		if (fnptr_member(&t, path, sizeof path, 2, &v)) {
			snprintf(out, size, "is %s %s with function-pointer member '%s'", agg_kind(&t),
				 *plain_name(&t) ? plain_name(&t) : "(anonymous)", path);
			return 1;
		}
		return 0;
	}
	/* pointer (or pointer to pointer) to an aggregate */
	Dwarf_Die p = t;
	for (int level = 0; level < 2; level++) {
		Dwarf_Die q;
		if (!dwarfsig_is_pointer(dwarf_tag(&p)) || peeled_type_of(&p, &q) < 0)
			return 0;
		if (dwarfsig_is_aggregate(dwarf_tag(&q))) {
			if (!fnptr_member(&q, path, sizeof path, 1, &v))
				return 0;
			snprintf(out, size, "points to %s %s with function-pointer member '%s'",
				 agg_kind(&q), *plain_name(&q) ? plain_name(&q) : "(anonymous)",
				 path);
			return 1;
		}
		p = q;
	}
	return 0;
}

/* ---- per-function hazards ---- */
static void append(char *buf, size_t size, const char *s)
{
	size_t l = strlen(buf);
	if (l + 1 < size)
		snprintf(buf + l, size - l, "%s", s);
}

struct hazard_walk {
	dw_emit_fn emit;
	void *ctx;
	char names[512]; /* the stack-passed parameters, "name #N, ..." */
	int nstack;
};

static void param_hazards(void *ctx, const struct dwarfsig_param *p)
{
	struct hazard_walk *w = ctx;
	Dwarf_Die die = p->die;
	const char *pn = plain_name(&die);
	char detail[1024], what[600];
	if (p->on_stack) {
		char one[160];
		snprintf(one, sizeof one, "%s%s%s#%zu", w->nstack ? ", " : "", pn, *pn ? " " : "",
			 p->index + 1);
		append(w->names, sizeof w->names, one);
		w->nstack++;
	}
	Dwarf_Die type = p->type;
	if (p->has_type && describe_fnptr(&type, what, sizeof what)) {
		snprintf(detail, sizeof detail, "parameter %zu%s%s%s %s", p->index + 1,
			 *pn ? " '" : "", pn, *pn ? "'" : "", what);
		w->emit(w->ctx, "fnptr", -1, detail);
	}
}

void dw_func_hazards(Dwarf_Die *fn, dw_emit_fn emit, void *ctx)
{
	char detail[1024], what[600];
	Dwarf_Die rt;
	if (type_of(fn, &rt) == 0 && describe_fnptr(&rt, what, sizeof what)) {
		snprintf(detail, sizeof detail, "return value %s", what);
		emit(ctx, "fnptr", -1, detail);
	}

	/* the number: what the loader's table holds for this function */
	size_t stack;
	int variadic;
	if (dwarfsig_stack_bytes_of(fn, &stack, &variadic) < 0)
		return;
	/* the detail: which parameters, and whether the result takes %rdi */
	struct hazard_walk w = { .emit = emit, .ctx = ctx };
	struct dwarfsig_sig sig;
	dwarfsig_classify(fn, &sig, param_hazards, &w);
	size_t n = sig.nparams;
	const char *approx = sig.nunknown ? " (approximate: some types are not understood, so "
					    "ld-c18n gets no exact count)"
					  : "";
	if (variadic) {
		snprintf(detail, sizeof detail,
			 "variadic: arguments past the %zu fixed one%s go in registers or on the "
			 "stack as the caller chooses; the trampoline cannot know how many bytes to "
			 "copy; %lu byte%s of fixed arguments on the stack%s",
			 n, n == 1 ? "" : "s", (unsigned long)stack, stack == 1 ? "" : "s", approx);
		emit(ctx, "variadic", (long)stack, detail);
	} else if (stack) {
		snprintf(detail, sizeof detail,
			 "%lu byte%s of arguments on the stack (%s)%s%s", (unsigned long)stack,
			 stack == 1 ? "" : "s", w.names,
			 sig.sret ? "; the memory-returned result takes %rdi" : "", approx);
		emit(ctx, "stack-args", (long)stack, detail);
	}
}

void dw_var_detail(Dwarf_Die *var, char *buf, size_t size)
{
	Dwarf_Die t;
	char what[600];
	buf[0] = 0;
	if (type_of(var, &t) < 0)
		return;
	if (describe_fnptr(&t, what, sizeof what))
		snprintf(buf, size, "; it %s (a callback shared across the boundary)", what);
}

/* ---- call sites ---- */
struct callers_ctx {
	const char *const *names;
	size_t n;
	void (*fn)(void *ctx, const char *name, Dwarf_Die *caller);
	void *ctx;
	Dwarf_Off last; /* the offset of the DIE walked last in this unit */
};

static void walk_calls(struct callers_ctx *cc, Dwarf_Die *parent, Dwarf_Die *fn, int depth)
{
	Dwarf_Die c;
	if (depth > 64 || dwarf_child(parent, &c) != 0)
		return;
	do {
		/* A tree is walked in the order its DIEs are laid out: a DIE not after the last
		 * one walked (a sibling reference backwards, a damaged abbreviation) would walk
		 * the same DIEs again, possibly for ever. */
		Dwarf_Off off = dwarf_dieoffset(&c);
		if (off <= cc->last)
			return;
		cc->last = off;
		int tag = dwarf_tag(&c);
		if (tag == DW_TAG_subprogram) {
			if (dwarf_haschildren(&c))
				walk_calls(cc, &c, &c, depth + 1);
			continue;
		}
		if ((tag == DW_TAG_call_site || tag == DW_TAG_GNU_call_site) && fn) {
			Dwarf_Attribute a;
			Dwarf_Die target;
			if ((dwarf_attr(&c, DW_AT_call_origin, &a) ||
			     dwarf_attr(&c, DW_AT_abstract_origin, &a)) &&
			    dwarf_formref_die(&a, &target)) {
				const char *tn = sym_name(&target);
				for (size_t i = 0; tn && i < cc->n; i++)
					if (!strcmp(tn, cc->names[i]))
						cc->fn(cc->ctx, cc->names[i], fn);
			}
			continue;
		}
		if (dwarf_haschildren(&c) &&
		    (tag == DW_TAG_lexical_block || tag == DW_TAG_inlined_subroutine ||
		     tag == DW_TAG_namespace || tag == DW_TAG_structure_type ||
		     tag == DW_TAG_class_type))
			walk_calls(cc, &c, tag == DW_TAG_namespace || tag == DW_TAG_structure_type ||
						   tag == DW_TAG_class_type
					       ? NULL
					       : fn,
				   depth + 1);
	} while (dwarf_siblingof(&c, &c) == 0);
}

void dw_callers(struct iobj *o, const char *const *names, size_t n,
		void (*fn)(void *ctx, const char *name, Dwarf_Die *caller), void *ctx)
{
	if (dw_open(o) < 0)
		return;
	struct callers_ctx cc = { names, n, fn, ctx, 0 };
	Dwarf_CU *cu = NULL;
	Dwarf_Die cudie, subdie;
	uint8_t ut;
	while (dwarf_get_units(o->dw, cu, &cu, NULL, &ut, &cudie, &subdie) == 0) {
		cc.last = 0; /* (a split unit's offsets are its own file's) */
		if (ut == DW_UT_skeleton)
			walk_calls(&cc, &subdie, NULL, 0);
		else if (ut == DW_UT_compile || ut == DW_UT_partial)
			walk_calls(&cc, &cudie, NULL, 0);
	}
}
