/*
 * dwarfsig.c: function signatures from DWARF, per object -- the table the loader builds at
 * load time (dwarfsig_load, dwarfsig_load_elf, dwarfsig_load_found) and consults when it
 * makes a trampoline entry (dwarfsig_lookup), so a trampoline copies exactly the caller's
 * stack arguments.  The rest of dwarfsig.h lives in three rooms beside it:
 *   dwarf-abi.c   how the SysV x86-64 calling convention passes a DWARF signature's
 *                 arguments (dwarfsig_classify, dwarfsig_stack_bytes_of): the one
 *                 classifier, shared with c18n-inspect;
 *   debugfile.c   where an object's DWARF lives (embedded, build-id, .gnu_debuglink:
 *                 dwarfsig_find_debug, dwarfsig_find_debug_fd);
 *   mangle.c      a C++ function's mangled name alone can also show that nothing goes on
 *                 the stack (dwarfsig_from_mangled): used without DWARF, and instead of
 *                 reading it when it answers for every function an object exports.
 * dwarf-internal.h declares the DIE helpers dwarf-abi.c shares with this file.
 *
 * Must stay true:
 *  - Exact or nothing: a name gets a number only when the classifier's answer is exact;
 *    IFUNCs (DWARF describes the resolver) and names with two versioned definitions get
 *    none either.  dwarfsig_load records no number for them; the loader keeps its default.
 *  - dwarfsig_lookup() allocates nothing and takes no lock (signal handlers, lazy binding);
 *    tables are built with rtld_alloc and immutable once dwarfsig_load returns.
 *  - Nothing here prints or calls rtld_error(): a missing or unreadable DWARF is "no table".
 */
#include "rtld.h"

#include "dwarfsig.h"
#include "dwarf-internal.h"

#include <dwarf.h>
#include <fcntl.h>
#include <gelf.h>
#include <limits.h>
#include <string.h>
#include <unistd.h>

/* ---- the table ---- */
#define DWSIG_UNKNOWN ((size_t)-2) /* defined, but no exact answer: lookups fail */
/* An exact answer: the stack bytes, and above them the registers that may carry a pointer
 * (dwarfsig_sig's ptr_regs) with a bit saying they are known.  Two definitions of a name
 * with different answers make it unknown (merge_answer). */
#define DWSIG_PTRS_SHIFT 48
#define DWSIG_PTRS_KNOWN 0x40u
#define DWSIG_BYTES(a) ((a) & (((size_t)1 << DWSIG_PTRS_SHIFT) - 1))

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
	unsigned ptrs;
	int r = dwarfsig_signature_of(fn, &bytes, &variadic, &ptrs);
	size_t answer = variadic ? DWARFSIG_VARIADIC
		      : r == 0	 ? bytes | (size_t)(ptrs | DWSIG_PTRS_KNOWN) << DWSIG_PTRS_SHIFT
				 : DWSIG_UNKNOWN;
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

int dwarfsig_lookup(const struct dwarfsig *t, const char *func, size_t *bytes,
		    unsigned *ptr_regs)
{
	if (!t || !func || !*func)
		return -1;
	const struct dwsig_slot *s = table_find(t, func, shash(func));
	if (!s || s->bytes == DWSIG_UNKNOWN)
		return -1;
	if (s->bytes == DWARFSIG_VARIADIC) {
		*bytes = s->bytes;
		*ptr_regs = DWARFSIG_ALL_REGS;
		return 0;
	}
	unsigned p = (unsigned)(s->bytes >> DWSIG_PTRS_SHIFT);
	*bytes = DWSIG_BYTES(s->bytes);
	*ptr_regs = p & DWSIG_PTRS_KNOWN ? p & DWARFSIG_ALL_REGS : DWARFSIG_ALL_REGS;
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
