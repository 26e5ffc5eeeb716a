/*
 * inspect-report.c: binding every relocation of every object the way ld-c18n would, keeping
 * the bindings that cross a compartment boundary (imports), deriving the hazards of each, and
 * printing the result as text or as one JSON document.
 *
 * Bindings: per object in load order, each symbol its dynamic relocations name is looked up
 * as rtld/reloc.c + rtld/symbols.c do (DT_SYMBOLIC first, the global scope in load order, the
 * program skipped for COPY relocations, a protected definition in the referencing object
 * binding locally; a trusted-base definition of a name the loader interposes binds to
 * [RTLD]).  Host GOT slots that ld-c18n re-points to a function of one of its objects ahead
 * of the trusted base in the global scope (rtld/host.c's host_apply_interposition) are
 * imports from [TCB].
 *
 * Must stay true: a function import gets a trampoline exactly when caller and callee
 * compartments differ and the callee is not trusted; DWARF-based hazards are looked for only
 * on such boundaries and on data/TLS shared with an untrusted compartment; setjmp/longjmp and
 * signal hazards come from imports alone (DWARF call sites only add the calling functions).
 */
#include "inspect.h"

#include <dwarf.h>
#include <stdlib.h>
#include <string.h>

enum ikind { IK_FUNC, IK_DATA, IK_TLS };
static const char *const kind_names[] = { "function", "data", "tls" };

struct import {
	struct iobj *caller, *callee;  /* callee NULL: the loader itself ([RTLD]) */
	struct icomp *ccomp, *ecomp;
	const char *sym, *ver;
	enum ikind kind;
	int trampoline;
	int copy;        /* 1: the program's COPY of callee data; 2: reached through that copy */
	struct iobj *origin; /* copy 2: the object whose definition was copied */
	int interposed;  /* a [TCB] slot re-pointed to the callee */
	GElf_Xword size;
	const char *sigsrc; /* where the signature came from: "callee", "caller" or NULL */
};

struct hazard {
	const char *kind;
	const char *sym;
	struct icomp *ccomp, *ecomp;
	struct iobj *caller, *callee;
	char *detail;
	long stack_bytes; /* -1: not applicable */
	long size;        /* -1: not applicable */
	char *file;
	int line;
};

static struct import *imps;
static size_t nimps;
static struct hazard *hazs;
static size_t nhazs;
static size_t nundefined;

static const char *const jump_names[] = {
	"setjmp", "_setjmp", "__sigsetjmp", "sigsetjmp", "longjmp", "_longjmp", "siglongjmp",
	"__longjmp_chk", "setcontext", "swapcontext", "makecontext",
};
static const char *const signal_names[] = {
	"signal", "sigaction", "sigset", "sysv_signal", "__sysv_signal", "bsd_signal", "ssignal",
};

static int in_list(const char *name, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(name, list[i]))
			return 1;
	return 0;
}

/* ---- binding ---- */
static char **copy_names;
static size_t ncopy_names;

static void collect_copy(struct iobj *o, size_t idx, int is_copy, int in_plt, void *arg)
{
	(void)in_plt;
	(void)arg;
	if (!is_copy)
		return;
	copy_names = xrealloc(copy_names, (ncopy_names + 1) * sizeof *copy_names);
	copy_names[ncopy_names++] = (char *)o->symnames[idx];
}

static int is_copied(const char *name)
{
	for (size_t i = 0; i < ncopy_names; i++)
		if (!strcmp(copy_names[i], name))
			return 1;
	return 0;
}

static struct import *add_import(void)
{
	imps = xrealloc(imps, (nimps + 1) * sizeof *imps);
	memset(&imps[nimps], 0, sizeof *imps);
	return &imps[nimps++];
}

static void bind_reloc(struct iobj *o, size_t idx, int is_copy, int in_plt, void *arg)
{
	(void)in_plt;
	(void)arg;
	const GElf_Sym *rs = &o->syms[idx];
	const char *name = o->symnames[idx];
	if (!name || !*name || GELF_ST_BIND(rs->st_info) == STB_LOCAL)
		return;
	const char *ver = iobj_symver(o, idx);
	struct iobj *def = NULL;
	size_t didx = 0;
	if (o->symbolic && !is_copy && (didx = iobj_lookup(o, name, ver, LOOK_SKIP_UNDEF_FUNC)))
		def = o;
	for (size_t i = 0; !def && i < nobjs; i++) {
		if (is_copy && (objs[i]->o.flags & OBJ_MAIN))
			continue;
		if ((didx = iobj_lookup(objs[i], name, ver, LOOK_SKIP_UNDEF_FUNC)))
			def = objs[i];
	}
	if (!def) {
		if (GELF_ST_BIND(rs->st_info) == STB_WEAK || nmissing_libs)
			return; /* with a library missing, ld-c18n stops before binding */
		tool_error("symbol lookup error: %s: undefined symbol: %s%s%s", o->o.path, name,
			   ver ? ", version " : "", ver ? ver : "");
		nundefined++;
		return;
	}
	if (def != o && !is_copy) {
		size_t self = iobj_lookup(o, name, ver, LOOK_SKIP_UNDEF_FUNC);
		if (self && GELF_ST_VISIBILITY(o->syms[self].st_other) == STV_PROTECTED) {
			def = o;
			didx = self;
		}
	}
	if (def == o)
		return;
	const GElf_Sym *ds = &def->syms[didx];
	unsigned type = GELF_ST_TYPE(ds->st_info);
	struct icomp *ecomp = def->comp;
	struct iobj *callee = def;
	if (def->is_tcb && tool_interposed(name)) {
		ecomp = ins_comp_rtld();
		callee = NULL;
	}
	if (ecomp == o->comp)
		return;
	struct import *im = add_import();
	im->caller = o;
	im->callee = callee;
	im->ccomp = o->comp;
	im->ecomp = ecomp;
	im->sym = name;
	im->ver = ver;
	im->kind = type == STT_TLS ? IK_TLS : (type == STT_FUNC || type == STT_GNU_IFUNC) ? IK_FUNC
											     : IK_DATA;
	im->trampoline = im->kind == IK_FUNC && !ecomp->trusted;
	im->size = ds->st_size;
	im->copy = is_copy ? 1 : ((def->o.flags & OBJ_MAIN) && is_copied(name)) ? 2 : 0;
	for (size_t i = 0; im->copy == 2 && !im->origin && i < nobjs; i++)
		if (!(objs[i]->o.flags & OBJ_MAIN) && iobj_lookup(objs[i], name, ver, LOOK_SKIP_UNDEF_FUNC))
			im->origin = objs[i];
}

static size_t first_tcb;

static void bind_host_slot(struct iobj *t, size_t idx, int is_copy, int in_plt, void *arg)
{
	(void)is_copy;
	(void)in_plt;
	(void)arg;
	const char *name = t->symnames[idx];
	if (!name || !*name)
		return;
	for (size_t i = 0; i < first_tcb; i++) {
		size_t d = iobj_lookup(objs[i], name, NULL, 0);
		if (!d)
			continue;
		/* a non-PIE program's canonical PLT entry leads back to the trusted base itself */
		if (objs[i]->syms[d].st_shndx == SHN_UNDEF)
			return;
		unsigned type = GELF_ST_TYPE(objs[i]->syms[d].st_info);
		if (type != STT_FUNC && type != STT_GNU_IFUNC)
			return;
		struct import *im = add_import();
		im->caller = t;
		im->callee = objs[i];
		im->ccomp = t->comp;
		im->ecomp = objs[i]->comp;
		im->sym = name;
		im->kind = IK_FUNC;
		im->trampoline = !objs[i]->comp->trusted;
		im->interposed = 1;
		im->size = objs[i]->syms[d].st_size;
		return;
	}
}

/* ---- hazards ---- */
static struct hazard *add_hazard(const char *kind, const char *sym, struct iobj *caller,
				 struct icomp *ccomp, struct iobj *callee, struct icomp *ecomp)
{
	hazs = xrealloc(hazs, (nhazs + 1) * sizeof *hazs);
	struct hazard *h = &hazs[nhazs++];
	memset(h, 0, sizeof *h);
	h->kind = kind;
	h->sym = sym;
	h->caller = caller;
	h->callee = callee;
	h->ccomp = ccomp;
	h->ecomp = ecomp;
	h->stack_bytes = -1;
	h->size = -1;
	return h;
}

static void set_loc(struct hazard *h, Dwarf_Die *die)
{
	struct dw_loc loc;
	dw_location(die, &loc);
	if (loc.file) {
		h->file = xstrdup(loc.file);
		h->line = loc.line;
	}
}

struct emit_ctx {
	struct import *im;
	Dwarf_Die *die;
};

static void emit_func(void *ctx, const char *kind, long stack_bytes, const char *detail)
{
	struct emit_ctx *e = ctx;
	struct import *im = e->im;
	struct hazard *h = add_hazard(kind, im->sym, im->caller, im->ccomp, im->callee, im->ecomp);
	h->detail = im->sigsrc && !strcmp(im->sigsrc, "caller")
			    ? xasprintf("%s [signature from %s's declaration: %s has no debug "
					"information]",
					detail, im->ccomp->name, im->ecomp->name)
			    : xstrdup(detail);
	h->stack_bytes = stack_bytes;
	set_loc(h, e->die);
}

static int find_signature(struct import *im, Dwarf_Die *die)
{
	if (im->callee && dw_find_func(im->callee, im->sym, 0, die) == 0) {
		im->sigsrc = "callee";
		return 0;
	}
	if (!im->caller->is_tcb && dw_find_func(im->caller, im->sym, 1, die) == 0) {
		im->sigsrc = "caller";
		return 0;
	}
	return -1;
}

static void import_hazards(struct import *im)
{
	if (im->ecomp->trusted || im->ecomp == im->ccomp || !im->callee)
		return;
	Dwarf_Die die;
	if (im->kind == IK_FUNC) {
		if (find_signature(im, &die) < 0) {
			im->callee->unchecked++;
			return;
		}
		struct emit_ctx e = { im, &die };
		dw_func_hazards(&die, emit_func, &e);
		return;
	}
	int have = dw_find_var(im->callee, im->sym, &die) == 0 ||
		   (!im->caller->is_tcb && dw_find_var(im->caller, im->sym, &die) == 0);
	char extra[700] = "";
	if (have)
		dw_var_detail(&die, extra, sizeof extra);
	char copy[300] = "";
	if (im->copy == 1)
		snprintf(copy, sizeof copy, "; the program holds it (COPY relocation): references "
			 "from every compartment, %s's included, bind to the program's copy",
			 im->ecomp->name);
	else if (im->copy == 2 && im->origin == im->caller)
		snprintf(copy, sizeof copy, "; it is %s's own, COPY-relocated into the program, so "
			 "its code reaches the program's memory", im->ccomp->name);
	else if (im->copy == 2)
		snprintf(copy, sizeof copy, "; it is %s's, COPY-relocated into the program, so every "
			 "compartment's references reach the program's copy",
			 im->origin ? im->origin->o.name : "another object");
	struct hazard *h = add_hazard(im->kind == IK_TLS ? "tls" : "data", im->sym, im->caller,
				      im->ccomp, im->callee, im->ecomp);
	h->size = (long)im->size;
	if (im->kind == IK_TLS)
		h->detail = xasprintf("thread-local variable of %lu bytes defined in %s and "
				      "referenced directly from %s%s",
				      (unsigned long)im->size, im->ecomp->name, im->ccomp->name, extra);
	else
		h->detail = xasprintf("global of %lu bytes defined in %s and used by %s%s%s",
				      (unsigned long)im->size, im->ecomp->name, im->ccomp->name, copy,
				      extra);
	if (have)
		set_loc(h, &die);
}

struct caller_rec {
	const char *name;
	char *fns;
	char *file;
	int line;
};
struct callers_acc {
	struct caller_rec *recs;
	size_t n;
};

static void on_caller(void *ctx, const char *name, Dwarf_Die *fn)
{
	struct callers_acc *a = ctx;
	const char *fname = NULL;
	Dwarf_Attribute at;
	if (dwarf_attr_integrate(fn, DW_AT_name, &at))
		fname = dwarf_formstring(&at);
	if (!fname)
		return;
	for (size_t i = 0; i < a->n; i++) {
		if (strcmp(a->recs[i].name, name))
			continue;
		/* append once */
		size_t fl = strlen(fname);
		for (const char *p = a->recs[i].fns; (p = strstr(p, fname)); p += fl)
			if ((p == a->recs[i].fns || p[-1] == ' ') && (p[fl] == ',' || !p[fl]))
				return;
		char *n = xasprintf("%s, %s", a->recs[i].fns, fname);
		free(a->recs[i].fns);
		a->recs[i].fns = n;
		return;
	}
	a->recs = xrealloc(a->recs, (a->n + 1) * sizeof *a->recs);
	struct caller_rec *r = &a->recs[a->n++];
	r->name = name;
	r->fns = xstrdup(fname);
	struct dw_loc loc;
	dw_location(fn, &loc);
	r->file = loc.file ? xstrdup(loc.file) : NULL;
	r->line = loc.line;
}

/* setjmp/longjmp and signal-handler hazards of object o, from its imports. */
static void control_hazards(struct iobj *o)
{
	const char *names[ARRAY_SIZE(jump_names) + ARRAY_SIZE(signal_names)];
	struct import *which[ARRAY_SIZE(names)];
	size_t n = 0;
	for (size_t i = 0; i < nimps; i++) {
		struct import *im = &imps[i];
		if (im->caller != o || im->kind != IK_FUNC)
			continue;
		if (!in_list(im->sym, jump_names, ARRAY_SIZE(jump_names)) &&
		    !in_list(im->sym, signal_names, ARRAY_SIZE(signal_names)))
			continue;
		int dup = 0;
		for (size_t k = 0; k < n; k++)
			dup |= !strcmp(names[k], im->sym);
		if (!dup && n < ARRAY_SIZE(names)) {
			names[n] = im->sym;
			which[n++] = im;
		}
	}
	if (!n)
		return;
	struct callers_acc acc = { NULL, 0 };
	if (o->dbg != DBGSRC_NONE)
		dw_callers(o, names, n, on_caller, &acc);
	for (size_t k = 0; k < n; k++) {
		struct import *im = which[k];
		int jump = in_list(im->sym, jump_names, ARRAY_SIZE(jump_names));
		struct caller_rec *r = NULL;
		for (size_t i = 0; i < acc.n; i++)
			if (!strcmp(acc.recs[i].name, im->sym))
				r = &acc.recs[i];
		char *where = r ? xasprintf("; called from %s", r->fns) : xstrdup("");
		struct hazard *h = add_hazard(jump ? "setjmp" : "signal", im->sym, o, o->comp,
					      im->callee, im->ecomp);
		h->detail = jump ? xasprintf("%s uses %s: a non-local jump out of a cross-compartment "
					     "call must also unwind the trusted stack%s",
					     o->comp->name, im->sym, where)
				 : xasprintf("%s installs signal handlers with %s: the handler must run "
					     "in %s's compartment on its stack, whatever compartment "
					     "the signal interrupts%s",
					     o->comp->name, im->sym, o->comp->name, where);
		free(where);
		if (r && r->file) {
			h->file = xstrdup(r->file);
			h->line = r->line;
		}
	}
	for (size_t i = 0; i < acc.n; i++) {
		free(acc.recs[i].fns);
		free(acc.recs[i].file);
	}
	free(acc.recs);
}

static int cmp_import(const void *a, const void *b)
{
	const struct import *x = a, *y = b;
	if (x->caller->order != y->caller->order)
		return x->caller->order < y->caller->order ? -1 : 1;
	if (x->ecomp->id != y->ecomp->id) {
		/* untrusted callees first, in compartment order */
		int tx = x->ecomp->trusted, ty = y->ecomp->trusted;
		if (tx != ty)
			return tx - ty;
		return x->ecomp->id < y->ecomp->id ? -1 : 1;
	}
	if (x->kind != y->kind)
		return (int)x->kind - (int)y->kind;
	return strcmp(x->sym, y->sym);
}

void report_analyze(void)
{
	if (nobjs)
		iobj_relocs(objs[0], collect_copy, NULL);
	for (size_t i = 0; i < nobjs; i++)
		if (!objs[i]->is_tcb)
			iobj_relocs(objs[i], bind_reloc, NULL);
	for (first_tcb = 0; first_tcb < nobjs && !objs[first_tcb]->is_tcb; first_tcb++)
		;
	for (size_t i = first_tcb; i < nobjs; i++)
		if (objs[i]->is_tcb)
			iobj_relocs(objs[i], bind_host_slot, NULL);
	qsort(imps, nimps, sizeof *imps, cmp_import);
	for (size_t i = 0; i < nimps; i++)
		import_hazards(&imps[i]);
	for (size_t i = 0; i < nobjs; i++)
		if (!objs[i]->is_tcb)
			control_hazards(objs[i]);
}

size_t report_nerrors(void) { return ntool_errors; }

/* ---- output ---- */
static void json_str(FILE *f, const char *s)
{
	if (!s) {
		fputs("null", f);
		return;
	}
	fputc('"', f);
	for (const unsigned char *p = (const void *)s; *p; p++) {
		switch (*p) {
		case '"': fputs("\\\"", f); break;
		case '\\': fputs("\\\\", f); break;
		case '\n': fputs("\\n", f); break;
		case '\t': fputs("\\t", f); break;
		case '\r': fputs("\\r", f); break;
		default:
			if (*p < 0x20)
				fprintf(f, "\\u%04x", *p);
			else
				fputc(*p, f);
		}
	}
	fputc('"', f);
}

static const char *obj_label(const struct iobj *o) { return o ? o->o.name : "ld-c18n"; }

static void print_json(FILE *f, const struct report_opts *ro)
{
	fputs("{\n  \"program\": ", f);
	json_str(f, ro->program);
	fputs(",\n  \"policy\": ", f);
	json_str(f, ro->policy);
	fputs(",\n  \"compartments\": [", f);
	int first = 1;
	for (size_t c = 0; c < ncomps; c++) {
		struct icomp *k = comps[c];
		int used = k->nobjs > 0;
		for (size_t i = 0; !used && i < nimps; i++)
			used = imps[i].ecomp == k;
		if (!used)
			continue;
		fprintf(f, "%s\n    {\"id\": %d, \"name\": ", first ? "" : ",", k->id);
		first = 0;
		json_str(f, k->name);
		fprintf(f, ", \"trusted\": %s, \"objects\": [", k->trusted ? "true" : "false");
		for (size_t i = 0; i < k->nobjs; i++) {
			struct iobj *o = k->objs[i];
			fprintf(f, "%s\n      {\"name\": ", i ? "," : "");
			json_str(f, o->o.name);
			fputs(", \"path\": ", f);
			json_str(f, o->o.path);
			fputs(", \"soname\": ", f);
			json_str(f, o->o.soname);
			fputs(", \"debug\": ", f);
			json_str(f, dbg_source_name(o->dbg));
			fputs(", \"debug_file\": ", f);
			json_str(f, o->dbg_path);
			fprintf(f, ", \"unchecked_functions\": %zu}", o->unchecked);
		}
		if (!k->nobjs && k == ins_comp_rtld())
			fputs("\n      {\"name\": \"ld-c18n\", \"path\": null, \"soname\": null, "
			      "\"debug\": \"none\", \"debug_file\": null, \"unchecked_functions\": 0}",
			      f);
		fputs("\n    ]}", f);
	}
	fputs("\n  ],\n  \"imports\": [", f);
	for (size_t i = 0; i < nimps; i++) {
		struct import *im = &imps[i];
		fprintf(f, "%s\n    {\"caller\": ", i ? "," : "");
		json_str(f, im->ccomp->name);
		fputs(", \"caller_object\": ", f);
		json_str(f, obj_label(im->caller));
		fputs(", \"callee\": ", f);
		json_str(f, im->ecomp->name);
		fputs(", \"callee_object\": ", f);
		json_str(f, obj_label(im->callee));
		fputs(", \"symbol\": ", f);
		json_str(f, im->sym);
		fputs(", \"version\": ", f);
		json_str(f, im->ver);
		fprintf(f, ", \"kind\": \"%s\"", kind_names[im->kind]);
		if (im->kind == IK_FUNC)
			fprintf(f, ", \"trampoline\": %s", im->trampoline ? "true" : "false");
		else
			fprintf(f, ", \"size\": %lu", (unsigned long)im->size);
		if (im->copy)
			fprintf(f, ", \"copy\": true");
		if (im->origin) {
			fputs(", \"copied_from\": ", f);
			json_str(f, im->origin->o.name);
		}
		if (im->interposed)
			fprintf(f, ", \"interposed\": true");
		if (im->kind == IK_FUNC && im->trampoline) {
			fputs(", \"signature\": ", f);
			json_str(f, im->sigsrc);
		}
		fputc('}', f);
	}
	fputs("\n  ],\n  \"hazards\": [", f);
	for (size_t i = 0; i < nhazs; i++) {
		struct hazard *h = &hazs[i];
		fprintf(f, "%s\n    {\"kind\": ", i ? "," : "");
		json_str(f, h->kind);
		fputs(", \"symbol\": ", f);
		json_str(f, h->sym);
		fputs(", \"caller\": ", f);
		json_str(f, h->ccomp->name);
		fputs(", \"caller_object\": ", f);
		json_str(f, obj_label(h->caller));
		fputs(", \"callee\": ", f);
		json_str(f, h->ecomp->name);
		fputs(", \"callee_object\": ", f);
		json_str(f, obj_label(h->callee));
		fputs(", \"detail\": ", f);
		json_str(f, h->detail);
		if (h->stack_bytes >= 0)
			fprintf(f, ", \"stack_bytes\": %ld", h->stack_bytes);
		if (h->size >= 0)
			fprintf(f, ", \"size\": %ld", h->size);
		fputs(", \"file\": ", f);
		json_str(f, h->file);
		if (h->file)
			fprintf(f, ", \"line\": %d", h->line);
		else
			fputs(", \"line\": null", f);
		fputc('}', f);
	}
	fputs("\n  ],\n  \"errors\": [", f);
	for (size_t i = 0; i < ntool_errors; i++) {
		fputs(i ? ",\n    " : "\n    ", f);
		json_str(f, tool_errors[i]);
	}
	fputs(ntool_errors ? "\n  ]\n}\n" : "]\n}\n", f);
}

static void print_text(FILE *f, const struct report_opts *ro)
{
	fprintf(f, "Program: %s\n", ro->program);
	if (ro->policy)
		fprintf(f, "Policy: %s (compartment grouping only)\n", ro->policy);
	fputs("\nCompartments:\n", f);
	for (size_t c = 0; c < 2 * ncomps; c++) { /* untrusted ones first */
		struct icomp *k = comps[c % ncomps];
		if (!k->nobjs || (c < ncomps) == k->trusted)
			continue;
		fprintf(f, "  %-2d %s%s\n", k->id, k->name, k->trusted ? " (trusted)" : "");
		for (size_t i = 0; i < k->nobjs; i++) {
			struct iobj *o = k->objs[i];
			fprintf(f, "       %s", o->o.path);
			if (strcmp(o->o.name, k->name))
				fprintf(f, " (%s)", o->o.name);
			if (o->dbg == DBGSRC_NONE)
				fputs("  [no debug information: ELF facts only]\n", f);
			else if (o->dbg_path)
				fprintf(f, "  [debug: %s]\n", o->dbg_path);
			else
				fputs("  [debug: embedded]\n", f);
		}
	}
	size_t ntramp = 0;
	for (size_t i = 0; i < nimps; i++)
		ntramp += imps[i].trampoline;
	fprintf(f, "\nImports across compartments: %zu (%zu with a trampoline)\n", nimps, ntramp);
	for (size_t i = 0; i < nimps;) {
		size_t j = i, nf = 0, nd = 0, nt = 0, ntr = 0;
		while (j < nimps && imps[j].caller == imps[i].caller && imps[j].ecomp == imps[i].ecomp) {
			nf += imps[j].kind == IK_FUNC;
			nd += imps[j].kind == IK_DATA;
			nt += imps[j].kind == IK_TLS;
			ntr += imps[j].trampoline;
			j++;
		}
		fprintf(f, "  %s -> %s: %zu function%s", obj_label(imps[i].caller),
			imps[i].ecomp->name, nf, nf == 1 ? "" : "s");
		if (nf)
			fprintf(f, " (%zu trampoline%s)", ntr, ntr == 1 ? "" : "s");
		if (nd)
			fprintf(f, ", %zu data", nd);
		if (nt)
			fprintf(f, ", %zu TLS", nt);
		int list = ro->verbose || !imps[i].ecomp->trusted;
		fputs(list ? "\n" : " (-v lists them)\n", f);
		for (size_t k = i; list && k < j; k++) {
			struct import *im = &imps[k];
			fprintf(f, "      %-8s %s%s%s", kind_names[im->kind], im->sym, im->ver ? "@" : "",
				im->ver ? im->ver : "");
			if (im->kind == IK_FUNC)
				fputs(im->trampoline ? "  trampoline" : "  direct", f);
			else
				fprintf(f, "  %lu bytes", (unsigned long)im->size);
			if (im->copy)
				fputs("  (COPY)", f);
			if (im->interposed)
				fputs("  (interposes the trusted base's)", f);
			if (im->callee && obj_label(im->callee) != im->ecomp->name &&
			    strcmp(obj_label(im->callee), im->ecomp->name))
				fprintf(f, "  in %s", obj_label(im->callee));
			fputc('\n', f);
		}
		i = j;
	}
	fprintf(f, "\nHazards: %zu\n", nhazs);
	for (size_t i = 0; i < nhazs; i++) {
		struct hazard *h = &hazs[i];
		fprintf(f, "  %s: %s (%s -> %s)", h->kind, h->sym, h->ccomp->name, h->ecomp->name);
		if (h->file)
			fprintf(f, " at %s:%d", h->file, h->line);
		fprintf(f, ": %s\n", h->detail);
	}
	int hdr = 0;
	for (size_t i = 0; i < nobjs; i++) {
		struct iobj *o = objs[i];
		if (o->is_tcb || o->dbg != DBGSRC_NONE)
			continue;
		if (!hdr++)
			fputs("\nWithout debug information (stack arguments and callbacks not checked):\n",
			      f);
		fprintf(f, "  %s", o->o.name);
		if (o->unchecked)
			fprintf(f, ": %zu imported function%s unchecked", o->unchecked,
				o->unchecked == 1 ? "" : "s");
		fputc('\n', f);
	}
	if (ntool_errors) {
		fprintf(f, "\nErrors (ld-c18n would not start the program): %zu\n", ntool_errors);
		for (size_t i = 0; i < ntool_errors; i++)
			fprintf(f, "  %s\n", tool_errors[i]);
	}
}

void report_print(FILE *f, const struct report_opts *ro)
{
	if (ro->json)
		print_json(f, ro);
	else
		print_text(f, ro);
}
