/*
 * fuzz/object.c: the loader's object reader on an arbitrary file, as `ld-c18n --list FILE`
 * reads it before relocating: rtld/object.c's obj_map (ELF header, program headers, segment
 * mapping, section headers, the note and debug-link lookup of rtld/debugfile.c and, when the
 * file carries DWARF, rtld/dwarfsig.c's signatures) and obj_parse_dynamic (dynamic section,
 * string, symbol, GNU/SysV hash and version tables, relocation table bounds), then what
 * relocation reads without writing anything: every relocation's symbol index, name and version
 * and its lookup through rtld/symbols.c (the object's own hash tables, symlook_self), the
 * DT_RELR bitmap's addresses, and a lookup of every symbol the tables define.
 *
 * Must stay true: any input either loads or is refused with an rtld_error() message
 * "fuzz.so: reason" (or "fuzz-prog: reason" when it is taken as the program); nothing faults,
 * nothing reads outside what the loader mapped; whatever is loaded is unmapped and freed.
 */
#include "fuzz.h"
#include "rtld.h"
#include "dwarfsig.h"
#include "iso.h"

#include <elf.h>
#include <sys/mman.h>

/* ---- the loader state object.c, symbols.c and util.c use (as tools/c18n-inspect.c does) ---- */
struct rtld_opts rtld_opts = { .debug_fd = 2 };
static struct c18n_thread fuzz_thread;
struct c18n_thread *thread_self(void) { return &fuzz_thread; }
int tramp_enabled = 1; /* compartments on: obj_map sizes entry pages and reads DWARF */
const char *rtld_progname = "fuzz";
/* isolation off: the window is the whole address space */
void *iso_window_map(size_t len, int prot, int flags, int fd, off_t off)
{
	return mmap(NULL, len, prot, flags, fd, off);
}
/* no host objects are loaded here, so nothing is interposed */
ElfW(Addr) host_interpose(const char *name, uint32_t gnu_hash) { return 0; }

#define LIB_PATH "fuzz.so"
#define PROG_PATH "fuzz-prog"

static void fuzz_init(void) { rtld_pagesize = (size_t)sysconf(_SC_PAGESIZE); }

static void check_refusal(const char *path)
{
	struct c18n_thread *t = thread_self();
	size_t n = strlen(path);
	FUZZ_CHECK(t->error_set, "%s refused without an error message", path);
	FUZZ_CHECK(!strncmp(t->error_buf, path, n) && t->error_buf[n] == ':' &&
			   strlen(t->error_buf) > n + 3,
		   "message does not start with \"%s: \": %s", path, t->error_buf);
}

/* What relocating o would read for symbol index idx (rtld/reloc.c resolve()). */
static void resolve_sym(struct obj *o, struct symlook_self *ss, size_t idx, int in_plt)
{
	if (idx >= o->symtab_n)
		return; /* reloc.c: "relocation refers to symbol index N beyond the symbol table" */
	const ElfW(Sym) *sym = &o->symtab[idx];
	const char *name = obj_str(o, sym->st_name);
	if (!name)
		return; /* reloc.c: "bad string offset in symbol N" */
	struct symlook req;
	symlook_init(&req, name, obj_sym_version(o, idx), o);
	if (in_plt)
		req.flags |= SYMLOOK_IN_PLT;
	if (symlook_self(ss, &req, (uint32_t)idx) < 0 && symlook_default(&req) < 0)
		return;
	FUZZ_CHECK(req.defobj == o && req.sym >= o->symtab && req.sym < o->symtab + o->symtab_n,
		   "lookup of %s found a symbol outside the symbol table", name);
}

static void walk_rela(struct obj *o, struct symlook_self *ss, const void *tab, size_t size,
		      int is_rela, int in_plt)
{
	size_t ent = is_rela ? sizeof(ElfW(Rela)) : sizeof(ElfW(Rel));
	const char *p = tab;
	if (!tab)
		return;
	for (size_t off = 0; off + ent <= size; off += ent) {
		const ElfW(Rel) *r = (const void *)(p + off); /* (r_offset, r_info: both layouts) */
		volatile int in = obj_in_load(o, r->r_offset, sizeof(ElfW(Addr)));
		(void)in;
		resolve_sym(o, ss, ELF64_R_SYM(r->r_info), in_plt);
	}
}

/* rtld/reloc.c do_relr's walk, checking the addresses instead of writing them */
static void walk_relr(struct obj *o)
{
	if (!o->relr)
		return;
	const ElfW(Addr) *p = o->relr, *end = o->relr + o->relrsz / sizeof(ElfW(Addr));
	ElfW(Addr) where = 0;
	for (; p < end; p++) {
		ElfW(Addr) e = *p;
		if (!(e & 1)) {
			if (!obj_in_load(o, e, sizeof(ElfW(Addr))))
				return;
			where = e + sizeof(ElfW(Addr));
			continue;
		}
		for (unsigned b = 1; (e >>= 1); b++)
			if ((e & 1) && !obj_in_load(o, where + (b - 1) * sizeof(ElfW(Addr)),
						    sizeof(ElfW(Addr))))
				return;
		where += (8 * sizeof(ElfW(Addr)) - 1) * sizeof(ElfW(Addr));
	}
}

static void exercise(struct obj *o)
{
	scope_add_global(o);
	obj_build_local_scope(o);
	struct symlook_self ss;
	symlook_self_begin(o, o->symtab_n, &ss);
	walk_rela(o, &ss, o->rela, o->relasz, 1, 0);
	walk_rela(o, &ss, o->rel, o->relsz, 0, 0);
	walk_rela(o, &ss, o->jmprel, o->pltrelsz, o->pltrel != DT_REL, 1);
	symlook_self_end(&ss);
	walk_relr(o);
	/* every defined symbol by name, as dlsym and other objects' relocations look it up */
	for (size_t i = 0; o->symtab && i < o->symtab_n && i < 4096; i++) {
		const char *name = obj_str(o, o->symtab[i].st_name);
		if (!name || !*name || o->symtab[i].st_shndx == SHN_UNDEF)
			continue;
		struct symlook req;
		symlook_init(&req, name, obj_sym_version(o, i), NULL);
		const ElfW(Sym) *s = symlook_obj(&req, o);
		FUZZ_CHECK(!s || (s >= o->symtab && s < o->symtab + o->symtab_n),
			   "symlook_obj(%s) outside the symbol table", name);
	}
	for (size_t i = 0; i < o->nneeded; i++)
		FUZZ_CHECK(o->needed[i].name, "DT_NEEDED %zu without a name", i);
	scope_remove(o);
}

/* Everything obj_map and obj_parse_dynamic allocated or mapped for o. */
static void release(struct obj *o)
{
	if (o->phdr && !((uintptr_t)o->phdr >= o->map_start && (uintptr_t)o->phdr < o->map_end))
		rtld_free((void *)o->phdr); /* (a copy: the file's headers were not loaded) */
	obj_unmap(o);
	if (o->sig)
		dwarfsig_free(o->sig);
	rtld_free(o->sig_later);
	rtld_free(o->needed);
	rtld_free(o->versions);
	rtld_free(o->scope);
	rtld_free(o->reldeps);
	rtld_free(o->origin);
	rtld_free(o->path);
	rtld_free(o->dbg_path);
	rtld_free(o);
}

static void fuzz_one(const uint8_t *data, size_t len)
{
	int fd = fuzz_file(data, len);
	/* an executable is read as the program, and so is any file with bit 0 of EI_ABIVERSION
	 * set (which obj_map ignores); anything else as a library (an ET_DYN program
	 * is read the same way but for its missing PT_DYNAMIC, which a library may not lack) */
	uint16_t type = len >= 18 ? (uint16_t)(data[16] | data[17] << 8) : 0;
	int is_main = type == ET_EXEC || (len > EI_ABIVERSION && (data[EI_ABIVERSION] & 1));
	const char *path = is_main ? PROG_PATH : LIB_PATH;
	rtld_clear_error();
	struct obj *o = obj_map(path, fd, is_main, NULL);
	if (!o) {
		check_refusal(path);
		return;
	}
	if (obj_parse_dynamic(o) < 0)
		check_refusal(path);
	else
		exercise(o);
	release(o);
}

