/*
 * gdbjit.c: what a debugger knows of the code ld-c18n makes at run time: the entry stubs, and
 * while a debugger is attached, a stub for each lazily bound PLT slot.
 *
 * gdb's `step` follows a call through a trampoline to the function it leads to only when it
 * can name that function: the trampoline must carry a minimal symbol of type "solib
 * trampoline" (an undefined function symbol of a dynamic symbol table, whose value is the
 * trampoline's address) with the function's own name.  gdb then stops after the function's
 * prologue, as when a call reaches a function directly -- provided the trampoline lies in a
 * compilation unit of a language with prologues.  So we describe every entry stub in an
 * in-memory ELF file registered through gdb's JIT interface (__jit_debug_register_code):
 *   .dynsym        one undefined STT_FUNC symbol per stub, named after the entry's symbol,
 *                  st_value the stub's address;
 *   .c18n.stubs    an allocated, executable NOBITS section per run of stub pages;
 *   .debug_info    a C compilation unit per run (no lines, no children).
 * A lazily bound slot leads to the loader's lazy entry, shared by every slot, which no name
 * can describe: while a debugger is attached (dbg_tracer), such a slot points instead at a
 * stub of its own, for good (an indirect jump through a literal: the slot's link-time value,
 * the PLT entry's push, until the slot is bound, then the bound value), described the same
 * way with the slot's symbol.
 *
 * Must stay true:
 *  - Nothing here runs unless a debugger listening to the JIT interface (its breakpoint on
 *    __jit_debug_register_code) is attached at start-up or at a later change of the object
 *    list (dbg_tracer); a program not being debugged pays one read of /proc/self/status at
 *    start-up (debugger.c).
 *  - One registered file describes every live stub.  It is rebuilt, and the old one
 *    unregistered, when stubs were made or forgotten since (dbg_jit_sync), loader lock held.
 *  - A lazy stub is executable (sealed) before its slot can be called: dbg_jit_sync runs
 *    after relocation at start-up and in dlopen, before anything runs.
 */
#include "rtld.h"

#include <dwarf.h>
#include <elf.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* gdb's JIT interface (gdb/jit.h): gdb breaks on __jit_debug_register_code and reads the
 * descriptor's relevant entry. */
struct jit_code_entry {
	struct jit_code_entry *next_entry, *prev_entry;
	const char *symfile_addr;
	uint64_t symfile_size;
};
struct jit_descriptor {
	uint32_t version, action_flag;
	struct jit_code_entry *relevant_entry, *first_entry;
};
enum { JIT_NOACTION, JIT_REGISTER_FN, JIT_UNREGISTER_FN };

__attribute__((noinline, used, visibility("default"))) void __jit_debug_register_code(void)
{
	__asm__ volatile("" ::: "memory");
}
__attribute__((used, visibility("default")))
struct jit_descriptor __jit_debug_descriptor = { 1, JIT_NOACTION, NULL, NULL };

int dbg_tracer;

/* A debugger that reads the JIT interface keeps a breakpoint on __jit_debug_register_code (gdb
 * plants it when it loads ld-c18n's symbols, or attaches); a tracer that does not (strace)
 * gets none of this work. */
int dbg_jit_listener(void)
{
	return *(volatile const unsigned char *)(uintptr_t)__jit_debug_register_code ==
	       ARCH_BREAKPOINT_BYTE;
}

/* ---- lazy stubs ----
 * A chunk holds LAZY_N stubs (code pages, sealed read+execute) and then their LAZY_N
 * literals (writable): stub i jumps through literal i, which holds the slot's link-time value
 * until the slot is bound, then the bound value (dbg_lazy_bound): the slot itself keeps
 * pointing at its stub, so that every call through it, not just the first, reaches a stub
 * gdb can name, and binding makes no stub gdb must learn of.  (Under a debugger, compartment
 * code could rewrite a literal; a debugger can rewrite anything anyway.) */
#define LAZY_N 4096
struct lazy_stub {
	struct obj *o;
	uintptr_t at;
	const char *name;
	ElfW(Addr) *slot;
	uintptr_t *lit;
};
static struct lazy_stub *lazy;
static size_t nlazy, caplazy;
static size_t *lazy_hash, lazy_hcap; /* slot -> index + 1, open addressing */
static unsigned char *arena, *arena_end, *arena_sealed; /* written: [arena_sealed, arena) */
#define LAZY_CODE ((size_t)LAZY_N * ARCH_JUMP_STUB_SIZE) /* a chunk's stubs; literals follow */
static unsigned long lazy_gen, tramp_gen_described = (unsigned long)-1, lazy_gen_described;

static size_t slot_hash(const ElfW(Addr) *slot)
{
	return (size_t)(((uintptr_t)slot >> 3) * 0x9e3779b97f4a7c15ull);
}

/* lazy[i] into the table h of cap slots */
static void hash_put(size_t *h, size_t cap, size_t i)
{
	size_t k = slot_hash(lazy[i].slot) & (cap - 1);
	while (h[k])
		k = (k + 1) & (cap - 1);
	h[k] = i + 1;
}

static void lazy_rehash(size_t cap)
{
	size_t *h = rtld_alloc(cap * sizeof *h);
	if (!h)
		return; /* (lookups fall back to the old table, still valid) */
	for (size_t i = 0; i < nlazy; i++)
		hash_put(h, cap, i);
	rtld_free(lazy_hash);
	lazy_hash = h;
	lazy_hcap = cap;
}

uintptr_t dbg_lazy_stub(struct obj *o, const char *name, ElfW(Addr) *slot, uintptr_t dest)
{
	/* (a name the loader implements itself: gdb would look for it in the C library, where
	 * the call never goes; without a stub, gdb steps over the call) */
	if (!name || !*name || host_interpose(name, c18n_gnu_hash(name)))
		return dest;
	if (arena == arena_end) {
		size_t n = LAZY_CODE + ALIGN_UP((size_t)LAZY_N * sizeof(uintptr_t), rtld_pagesize);
		void *p = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			return dest; /* (the slot keeps its value: gdb steps over that call) */
		arena = arena_sealed = p;
		arena_end = arena + LAZY_CODE;
	}
	if (nlazy == caplazy) {
		size_t nc = caplazy ? caplazy * 2 : 256;
		struct lazy_stub *a = rtld_realloc_array(lazy, caplazy, nc, sizeof *a);
		if (!a)
			return dest;
		lazy = a;
		caplazy = nc;
	}
	if ((nlazy + 1) * 2 > lazy_hcap)
		lazy_rehash(lazy_hcap ? lazy_hcap * 2 : 1024);
	if (!lazy_hcap)
		return dest;
	unsigned char *at = arena;
	/* (stub i of the chunk jumps through literal i, past the chunk's stubs) */
	uintptr_t *lit = (uintptr_t *)arena_end +
			 (size_t)(at - (arena_end - LAZY_CODE)) / ARCH_JUMP_STUB_SIZE;
	*lit = dest;
	arch_jump_stub(at, lit);
	arena += ARCH_JUMP_STUB_SIZE;
	lazy[nlazy] = (struct lazy_stub){ o, (uintptr_t)at, name, slot, lit };
	hash_put(lazy_hash, lazy_hcap, nlazy++);
	lazy_gen++;
	return (uintptr_t)at;
}

int dbg_lazy_bound(ElfW(Addr) *slot, ElfW(Addr) value)
{
	if (!lazy_hcap)
		return 0;
	for (size_t k = slot_hash(slot) & (lazy_hcap - 1); lazy_hash[k];
	     k = (k + 1) & (lazy_hcap - 1))
		if (lazy[lazy_hash[k] - 1].slot == slot) {
			__atomic_store_n(lazy[lazy_hash[k] - 1].lit, value, __ATOMIC_RELEASE);
			return 1;
		}
	return 0;
}

/* The stubs written since the last call become executable; later ones start a new page. */
static void seal_lazy(void)
{
	if (arena == arena_sealed)
		return;
	uintptr_t lo = ALIGN_DOWN((uintptr_t)arena_sealed, rtld_pagesize);
	uintptr_t hi = ALIGN_UP((uintptr_t)arena, rtld_pagesize);
	if (mprotect((void *)lo, hi - lo, PROT_READ | PROT_EXEC) < 0)
		rtld_fatal("cannot seal the debugger's lazy-binding stubs");
	arena = arena_sealed = (unsigned char *)hi; /* (at most arena_end: whole pages) */
}

void dbg_jit_forget(struct obj *o)
{
	size_t j = 0;
	for (size_t i = 0; i < nlazy; i++)
		if (lazy[i].o != o)
			lazy[j++] = lazy[i];
	if (j == nlazy)
		return;
	lazy_gen++;
	nlazy = j;
	if (lazy_hcap) {
		memset(lazy_hash, 0, lazy_hcap * sizeof *lazy_hash);
		lazy_rehash(lazy_hcap);
	}
}

/* ---- the ELF file ---- */
struct stubsym {
	uintptr_t at;
	size_t size;
	const char *name;
};
struct collect {
	struct stubsym *s;
	size_t n, cap;
	size_t strsz;
};

static void add_sym(void *arg, uintptr_t at, size_t size, const char *name)
{
	struct collect *c = arg;
	if (!name || !*name)
		return;
	if (c->n == c->cap) {
		size_t nc = c->cap ? c->cap * 2 : 1024;
		struct stubsym *a = rtld_realloc_array(c->s, c->cap, nc, sizeof *a);
		if (!a)
			return;
		c->s = a;
		c->cap = nc;
	}
	c->s[c->n++] = (struct stubsym){ at, size, name };
	c->strsz += strlen(name) + 1;
}

static int by_address(const void *x, const void *y)
{
	uintptr_t a = ((const struct stubsym *)x)->at, b = ((const struct stubsym *)y)->at;
	return a < b ? -1 : a > b;
}

static const char shstr[] = "\0.dynsym\0.dynstr\0.shstrtab\0.debug_abbrev\0.debug_info\0"
			    ".c18n.stubs";
enum { SH_DYNSYM = 1, SH_DYNSTR = 9, SH_SHSTRTAB = 17, SH_ABBREV = 27, SH_INFO = 41,
       SH_STUBS = 53 };
_Static_assert(sizeof shstr == 65, "section names");

/* .debug_abbrev: abbreviation 1, a compilation unit without children: name (string),
 * language (data2), low_pc (addr), high_pc (data8: a length, DWARF 4) */
static const unsigned char abbrev[] = {
	1, DW_TAG_compile_unit, DW_CHILDREN_no, DW_AT_name, DW_FORM_string, DW_AT_language,
	DW_FORM_data2, DW_AT_low_pc, DW_FORM_addr, DW_AT_high_pc, DW_FORM_data8, 0, 0, 0
};
static const char cu_name[] = "ld-c18n entry stubs";
#define CU_SIZE (4 + 2 + 4 + 1 + 1 + sizeof cu_name + 2 + 2 * sizeof(uintptr_t))

static void put(unsigned char **p, const void *v, size_t n)
{
	memcpy(*p, v, n);
	*p += n;
}

/* The file for the stubs in c (sorted here); NULL when out of memory. */
static char *build(struct collect *c, size_t *size)
{
	qsort(c->s, c->n, sizeof *c->s, by_address);
	/* runs of pages holding stubs: one section and one compilation unit each */
	size_t nruns = 0;
	uintptr_t last_hi = 0;
	for (size_t i = 0; i < c->n; i++) {
		uintptr_t lo = ALIGN_DOWN(c->s[i].at, rtld_pagesize);
		if (!nruns || lo > last_hi)
			nruns++;
		uintptr_t hi = ALIGN_UP(c->s[i].at + c->s[i].size, rtld_pagesize);
		if (hi > last_hi)
			last_hi = hi;
	}
	size_t nsec = 6 + nruns;
	size_t off_sh = sizeof(ElfW(Ehdr));
	size_t off_sym = off_sh + nsec * sizeof(ElfW(Shdr));
	size_t off_str = off_sym + (c->n + 1) * sizeof(ElfW(Sym));
	size_t off_shstr = off_str + 1 + c->strsz;
	size_t off_abbrev = off_shstr + sizeof shstr;
	size_t off_info = off_abbrev + sizeof abbrev;
	size_t total = off_info + nruns * CU_SIZE;
	char *img = rtld_alloc(total);
	if (!img)
		return NULL;
	memset(img, 0, total);

	ElfW(Ehdr) *eh = (ElfW(Ehdr) *)img;
	memcpy(eh->e_ident, ELFMAG, SELFMAG);
	eh->e_ident[EI_CLASS] = sizeof(void *) == 8 ? ELFCLASS64 : ELFCLASS32;
	eh->e_ident[EI_DATA] =
		__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? ELFDATA2LSB : ELFDATA2MSB;
	eh->e_ident[EI_VERSION] = EV_CURRENT;
	eh->e_type = ET_DYN;
	eh->e_machine = EM_ARCH;
	eh->e_version = EV_CURRENT;
	eh->e_ehsize = sizeof(ElfW(Ehdr));
	eh->e_shoff = off_sh;
	eh->e_shentsize = sizeof(ElfW(Shdr));
	eh->e_shnum = (uint16_t)nsec;
	eh->e_shstrndx = 3;

	ElfW(Shdr) *sh = (ElfW(Shdr) *)(img + off_sh);
	sh[1] = (ElfW(Shdr)){ .sh_name = SH_DYNSYM, .sh_type = SHT_DYNSYM, .sh_offset = off_sym,
			      .sh_size = (c->n + 1) * sizeof(ElfW(Sym)), .sh_link = 2,
			      .sh_info = 1, .sh_addralign = 8, .sh_entsize = sizeof(ElfW(Sym)) };
	sh[2] = (ElfW(Shdr)){ .sh_name = SH_DYNSTR, .sh_type = SHT_STRTAB, .sh_offset = off_str,
			      .sh_size = 1 + c->strsz, .sh_addralign = 1 };
	sh[3] = (ElfW(Shdr)){ .sh_name = SH_SHSTRTAB, .sh_type = SHT_STRTAB,
			      .sh_offset = off_shstr, .sh_size = sizeof shstr, .sh_addralign = 1 };
	sh[4] = (ElfW(Shdr)){ .sh_name = SH_ABBREV, .sh_type = SHT_PROGBITS,
			      .sh_offset = off_abbrev, .sh_size = sizeof abbrev,
			      .sh_addralign = 1 };
	sh[5] = (ElfW(Shdr)){ .sh_name = SH_INFO, .sh_type = SHT_PROGBITS, .sh_offset = off_info,
			      .sh_size = nruns * CU_SIZE, .sh_addralign = 1 };
	memcpy(img + off_shstr, shstr, sizeof shstr);
	memcpy(img + off_abbrev, abbrev, sizeof abbrev);

	ElfW(Sym) *sym = (ElfW(Sym) *)(img + off_sym);
	char *str = img + off_str;
	size_t so = 1;
	unsigned char *info = (unsigned char *)img + off_info;
	size_t run = 0;
	last_hi = 0;
	for (size_t i = 0; i < c->n; i++) {
		uintptr_t lo = ALIGN_DOWN(c->s[i].at, rtld_pagesize);
		uintptr_t hi = ALIGN_UP(c->s[i].at + c->s[i].size, rtld_pagesize);
		if (!run || lo > last_hi) {
			sh[5 + ++run] = (ElfW(Shdr)){ .sh_name = SH_STUBS, .sh_type = SHT_NOBITS,
						      .sh_flags = SHF_ALLOC | SHF_EXECINSTR,
						      .sh_addr = lo, .sh_offset = off_info,
						      .sh_addralign = 16 };
			last_hi = lo;
		}
		if (hi > last_hi)
			last_hi = hi;
		sh[5 + run].sh_size = last_hi - sh[5 + run].sh_addr;
		size_t len = strlen(c->s[i].name) + 1;
		memcpy(str + so, c->s[i].name, len);
		sym[i + 1] = (ElfW(Sym)){ .st_name = (uint32_t)so,
					  .st_info = ELF64_ST_INFO(STB_GLOBAL, STT_FUNC),
					  .st_shndx = SHN_UNDEF, .st_value = c->s[i].at,
					  .st_size = c->s[i].size };
		so += len;
	}
	for (size_t r = 1; r <= nruns; r++) {
		uint32_t len = (uint32_t)(CU_SIZE - 4);
		uint16_t version = 4, lang = DW_LANG_C99;
		uint32_t abbrev_off = 0;
		unsigned char asize = sizeof(uintptr_t), code = 1;
		uintptr_t lo = sh[5 + r].sh_addr, length = sh[5 + r].sh_size;
		put(&info, &len, 4);
		put(&info, &version, 2);
		put(&info, &abbrev_off, 4);
		put(&info, &asize, 1);
		put(&info, &code, 1);
		put(&info, cu_name, sizeof cu_name);
		put(&info, &lang, 2);
		put(&info, &lo, sizeof lo);
		put(&info, &length, sizeof length);
	}
	*size = total;
	return img;
}

static struct jit_code_entry jit_entry; /* the file registered, when symfile_addr is set */

static void jit_call(int action, struct jit_code_entry *e)
{
	__jit_debug_descriptor.relevant_entry = e;
	__jit_debug_descriptor.action_flag = (uint32_t)action;
	__jit_debug_register_code();
	__jit_debug_descriptor.action_flag = JIT_NOACTION;
}

void dbg_jit_sync(void)
{
	if (!dbg_tracer)
		return;
	seal_lazy();
	unsigned long tg = tramp_generation();
	if (tg == tramp_gen_described && lazy_gen == lazy_gen_described)
		return;
	struct collect c = { 0 };
	tramp_each_entry(add_sym, &c);
	for (size_t i = 0; i < nlazy; i++)
		add_sym(&c, lazy[i].at, ARCH_JUMP_STUB_SIZE, lazy[i].name);
	size_t size = 0;
	char *img = c.n ? build(&c, &size) : NULL;
	rtld_free(c.s);
	if (c.n && !img)
		return; /* (out of memory: gdb keeps the last description) */
	if (jit_entry.symfile_addr) {
		__jit_debug_descriptor.first_entry = NULL;
		jit_call(JIT_UNREGISTER_FN, &jit_entry);
		rtld_free((void *)jit_entry.symfile_addr);
		jit_entry = (struct jit_code_entry){ 0 };
	}
	if (img) {
		jit_entry = (struct jit_code_entry){ NULL, NULL, img, size };
		__jit_debug_descriptor.first_entry = &jit_entry;
		jit_call(JIT_REGISTER_FN, &jit_entry);
	}
	tramp_gen_described = tg;
	lazy_gen_described = lazy_gen;
}
