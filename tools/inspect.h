/*
 * inspect.h: c18n-inspect's model, shared by tools/c18n-inspect.c (options, object graph,
 * compartments), inspect-elf.c (ELF symbols, versions, relocations, debug-file discovery),
 * inspect-dwarf.c (signatures, ABI stack-byte count, callbacks) and inspect-report.c
 * (imports, hazards, text and JSON output).  Policy files are read by the loader's own
 * rtld/policy.c; the ABI stack-byte count and debug-file discovery are the loader's own
 * rtld/dwarf-abi.c and rtld/debugfile.c.
 *
 * Must stay true:
 *  - struct iobj begins with the loader's struct obj, so rtld/search.c (linked unchanged) sees
 *    each object's rpath/runpath/origin/loader exactly as the loader's objects carry them.
 *  - The object graph, load order, global scope and compartment assignment follow
 *    rtld/load.c, rtld/symbols.c and rtld/compartment.c; where the tool copies a list from
 *    the loader (tcb_names, interposed names) the copy says so and tests/inspect checks it.
 *  - The tool only reads files; it never maps or runs anything it inspects.
 */
#ifndef C18N_INSPECT_H
#define C18N_INSPECT_H

#include "rtld.h"

#include <elfutils/libdw.h>
#include <gelf.h>
#include <stdio.h>

#define TOOL_NAME "c18n-inspect"

struct icomp;

enum dbg_source { DBGSRC_NONE, DBGSRC_EMBEDDED, DBGSRC_BUILD_ID, DBGSRC_DEBUGLINK };

struct dwindex; /* inspect-dwarf.c */

struct iobj {
	struct obj o;           /* first: search.c reads rpath, runpath, origin, loader */
	int fd;
	Elf *elf;
	size_t order;           /* load order (0 = the program) */
	int is_tcb;             /* host trusted base: never mapped by ld-c18n */
	int symbolic;           /* DT_SYMBOLIC / DF_SYMBOLIC */
	/* dynamic symbols, decoded */
	GElf_Sym *syms;
	const char **symnames;
	size_t nsyms;
	uint16_t *versym;        /* NULL: no version table */
	const char **vernames;   /* by version index; NULL for 0/1 and the base definition */
	size_t nvers;
	uint32_t *hbuckets, *hnext; /* name hash over syms */
	size_t nhbuckets;
	GElf_Addr jmprel;        /* DT_JMPREL, to tell PLT relocations apart */
	/* debug information */
	enum dbg_source dbg;
	char *dbg_path;          /* separate debug file, if any */
	int dw_state;            /* 0 untried, 1 open, -1 failed */
	Dwarf *dw;
	Elf *dwelf;
	int dwfd;
	struct dwindex *dwi;
	size_t unchecked;        /* imported functions whose signature no DWARF describes */
	struct icomp *comp;
};

struct icomp {
	int id;
	char *name;
	int trusted;
	struct iobj **objs;
	size_t nobjs;
};

/* ---- c18n-inspect.c ---- */
extern struct iobj **objs;   /* load order = global scope order (rtld/main.c) */
extern size_t nobjs;
extern struct icomp **comps;
extern size_t ncomps;
extern const char *const *debug_roots; /* --debug-dir roots, then /usr/lib/debug */
extern size_t ndebug_roots;
int tool_is_tcb_name(const char *name);
const char *tool_interposed(const char *name); /* names ld-c18n binds to itself */
struct icomp *ins_comp_rtld(void);
void tool_error(const char *fmt, ...) PRINTF(1, 2);   /* recorded for the report + stderr */
void tool_warn(const char *fmt, ...) PRINTF(1, 2);    /* stderr only */
extern char **tool_errors;
extern size_t nmissing_libs; /* ld-c18n stops before binding when any is missing */
extern size_t ntool_errors;
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t m);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xasprintf(const char *fmt, ...) PRINTF(1, 2);
const char *tool_base_name(const char *p);

/* ---- inspect-elf.c ---- */
/* Open and read the ELF file at path (fd open, taken over); NULL with *err set. */
struct iobj *iobj_open(const char *path, int fd, int is_main, char **err);
enum { LOOK_SKIP_UNDEF_FUNC = 1 }; /* skip canonical-PLT (undefined, valued) functions */
/* symbols.c's check_match over one object: the symbol index, or 0. ver may be NULL. */
size_t iobj_lookup(struct iobj *o, const char *name, const char *ver, unsigned flags);
/* Call fn once per distinct symbol index that o's dynamic relocations name.  is_copy is set
 * when a relocation's target is the symbol's own address in o (a COPY relocation). */
void iobj_relocs(struct iobj *o, void (*fn)(struct iobj *o, size_t symidx, int is_copy,
					    int in_plt, void *arg),
		 void *arg);
const char *iobj_symver(struct iobj *o, size_t symidx); /* requested/defined version name */
void iobj_find_debug(struct iobj *o);
const char *dbg_source_name(enum dbg_source s);

/* ---- inspect-dwarf.c ---- */
int dw_open(struct iobj *o); /* 0 when o has usable DWARF (opened and indexed lazily) */
/* A function's DIE by symbol name: a definition (want_decl 0) or a declaration. */
int dw_find_func(struct iobj *o, const char *name, int want_decl, Dwarf_Die *out);
int dw_find_var(struct iobj *o, const char *name, Dwarf_Die *out);
struct dw_loc {
	const char *file;
	int line;
};
void dw_location(Dwarf_Die *die, struct dw_loc *loc);
/* Hazards of calling the function fn across a boundary; emit is called per hazard. */
typedef void (*dw_emit_fn)(void *ctx, const char *kind, long stack_bytes, const char *detail);
void dw_func_hazards(Dwarf_Die *fn, dw_emit_fn emit, void *ctx);
/* A data object's description for a shared-global hazard ("" when nothing to add). */
void dw_var_detail(Dwarf_Die *var, char *buf, size_t size);
/* Functions in o that call one of names (DWARF call sites); fn(name, caller DIE). */
void dw_callers(struct iobj *o, const char *const *names, size_t n,
		void (*fn)(void *ctx, const char *name, Dwarf_Die *caller), void *ctx);
void dw_close(struct iobj *o);

/* ---- inspect-report.c ---- */
struct report_opts {
	int json;
	int verbose;
	const char *program;
	const char *policy;
};
void report_analyze(void);
void report_print(FILE *f, const struct report_opts *ro);
size_t report_nerrors(void);

#endif
