/*
 * symbols.c: symbol lookup (GNU and SysV hash, versions, scopes, STB_GNU_UNIQUE).
 *
 * Must stay true:
 *  - Every lookup is described by a struct symlook request; the caller's compartment is a
 *    field of it, so policy can be applied without changing signatures.
 *  - Our objects and host (trusted-base) objects are searched by the same code, through
 *    their in-memory dynamic tables, so the search order is exactly the ELF scope order.
 *  - A host definition that the loader must own (dl* family, TLS access, start-up) is
 *    replaced by host_interpose() in symlook_value(), never by renaming.
 *  - Lookup by name sees only the symbols the hash tables cover; an absolute symbol
 *    (SHN_ABS, value 0 included) is a definition whose value is not relocated.
 */
#include "rtld.h"

#include <string.h>

struct obj **global_scope;
size_t global_nscope;
static size_t global_cap;

/* h = h * 33 + c per byte, four bytes a step: the chain of dependent multiplications is a
 * quarter as long (every relocation hashes its symbol's name; C++ names run to 100 bytes). */
uint32_t c18n_gnu_hash(const char *s)
{
	uint32_t h = 5381;
	const unsigned char *p = (const void *)s;
	for (;; p += 4) {
		uint32_t c0 = p[0], c1, c2, c3;
		if (!c0)
			return h;
		if (!(c1 = p[1]))
			return h * 33 + c0;
		if (!(c2 = p[2]))
			return h * 1089 + c0 * 33 + c1;
		if (!(c3 = p[3]))
			return h * 35937 + c0 * 1089 + c1 * 33 + c2;
		h = h * 1185921 + c0 * 35937 + c1 * 1089 + c2 * 33 + c3;
	}
}

uint32_t c18n_sysv_hash(const char *s)
{
	uint32_t h = 0, g;
	for (const unsigned char *p = (const void *)s; *p; p++) {
		h = (h << 4) + *p;
		g = h & 0xf0000000;
		if (g)
			h ^= g >> 24;
		h &= ~g;
	}
	return h;
}

void symlook_init(struct symlook *req, const char *name, const struct verinfo *ver,
		  struct obj *requester)
{
	memset(req, 0, sizeof *req);
	req->name = name; /* hashed on first use: a self-reference may need no hash at all */
	req->ver = ver && ver->name ? ver : NULL;
	req->requester = requester;
	req->caller = requester ? requester->comp : NULL;
}

struct match_state {
	const ElfW(Sym) *versioned;
	int nversions;
};

uint32_t symlook_hash(struct symlook *req)
{
	if (!req->have_gnu) {
		req->gnu_hash = c18n_gnu_hash(req->name);
		req->have_gnu = 1;
	}
	return req->gnu_hash;
}

/* The GNU hash bloom filter of o: 0 when no symbol of hash h can be there. */
static int gnu_bloom_may_have(const struct obj *o, uint32_t h)
{
	unsigned bits = 8 * sizeof(ElfW(Addr));
	ElfW(Addr) word = o->gnu_bloom[(h / bits) & (o->gnu_bloom_size - 1)];
	ElfW(Addr) mask = ((ElfW(Addr))1 << (h % bits)) |
			  ((ElfW(Addr))1 << ((h >> o->gnu_shift) % bits));
	return (word & mask) == mask;
}

static const ElfW(Sym) *check_match(struct symlook *req, struct obj *o, uint32_t idx,
				    struct match_state *ms)
{
	if (idx >= o->nsyms && o->nsyms)
		return NULL;
	const ElfW(Sym) *sym = &o->symtab[idx];
	unsigned type = ELF64_ST_TYPE(sym->st_info);
	if (sym->st_value == 0 && type != STT_TLS && sym->st_shndx != SHN_ABS)
		return NULL; /* no value: not a definition (an absolute 0 is one) */
	/* An undefined function with a value is a non-PIE program's canonical PLT entry: it is
	 * the function's address for every reference except the program's own PLT slots. */
	if (sym->st_shndx == SHN_UNDEF && ((req->flags & SYMLOOK_IN_PLT) || type != STT_FUNC))
		return NULL;
	if (type > STT_FUNC && type != STT_COMMON && type != STT_TLS && type != STT_GNU_IFUNC)
		return NULL;
	unsigned bind = ELF64_ST_BIND(sym->st_info);
	if (bind != STB_GLOBAL && bind != STB_WEAK && bind != STB_GNU_UNIQUE)
		return NULL;
	const char *n = obj_str(o, sym->st_name);
	if (!n || (n != req->name && strcmp(n, req->name)))
		return NULL;
	if (!o->versym)
		return sym;
	ElfW(Versym) vs = o->versym[idx];
	unsigned ndx = vs & 0x7fff;
	const struct verinfo *def = ndx < o->nversions ? &o->versions[ndx] : NULL;
	if (req->ver) {
		int same = def && def->name && def->hash == req->ver->hash &&
			   !strcmp(def->name, req->ver->name);
		if (!same && ((def && def->hash) || (vs & 0x8000)))
			return NULL;
		return sym;
	}
	if (ndx >= ((req->flags & SYMLOOK_DLSYM) ? 2u : 3u)) {
		if (!(vs & 0x8000) && ms->nversions++ == 0)
			ms->versioned = sym;
		return NULL;
	}
	return sym;
}

size_t symlook_nlookups, symlook_nprobes; /* LD_C18N_DEBUG=statistics */

const ElfW(Sym) *symlook_obj(struct symlook *req, struct obj *o)
{
	struct match_state ms = { 0 };
	const ElfW(Sym) *sym;
	symlook_nprobes++;
	if (!o->symtab)
		return NULL;
	if (o->gnu_buckets) {
		uint32_t h = symlook_hash(req);
		if (!gnu_bloom_may_have(o, h))
			return NULL;
		uint32_t idx = o->gnu_buckets[h % o->gnu_nbuckets];
		if (idx < o->gnu_symoffset)
			return NULL;
		for (;; idx++) {
			if (o->nsyms && idx >= o->nsyms)
				break;
			uint32_t h2 = o->gnu_chain[idx - o->gnu_symoffset];
			if (((h ^ h2) >> 1) == 0 && (sym = check_match(req, o, idx, &ms)))
				return sym;
			if (h2 & 1)
				break;
		}
	} else if (o->sysv_buckets) {
		if (!req->have_sysv) {
			req->sysv_hash = c18n_sysv_hash(req->name);
			req->have_sysv = 1;
		}
		uint32_t guard = 0;
		for (uint32_t idx = o->sysv_buckets[req->sysv_hash % o->sysv_nbuckets];
		     idx && idx < o->nsyms && guard++ < o->nsyms; idx = o->sysv_chains[idx])
			if ((sym = check_match(req, o, idx, &ms)))
				return sym;
	}
	return ms.nversions == 1 ? ms.versioned : NULL;
}

/* STB_GNU_UNIQUE: one definition per name, process wide. */
struct unique_ent {
	const char *name;
	struct obj *obj;
	const ElfW(Sym) *sym;
	struct unique_ent *next;
};
static struct unique_ent *unique_table[256];

static void unique_resolve(struct symlook *req)
{
	struct unique_ent **head = &unique_table[symlook_hash(req) & 255];
	for (struct unique_ent *e = *head; e; e = e->next) {
		if (!strcmp(e->name, req->name)) {
			req->defobj = e->obj;
			req->sym = e->sym;
			return;
		}
	}
	struct unique_ent *e = rtld_alloc(sizeof *e);
	e->name = obj_str(req->defobj, req->sym->st_name);
	e->obj = req->defobj;
	e->sym = req->sym;
	e->next = *head;
	*head = e;
}

void unique_forget(struct obj *o)
{
	for (size_t i = 0; i < ARRAY_SIZE(unique_table); i++)
		for (struct unique_ent **p = &unique_table[i]; *p;) {
			if ((*p)->obj == o) {
				struct unique_ent *d = *p;
				*p = d->next;
				rtld_free(d);
			} else {
				p = &(*p)->next;
			}
		}
}

int symlook_list(struct symlook *req, struct obj **list, size_t n, struct obj *skip_until)
{
	size_t i = 0;
	if (skip_until) {
		for (; i < n && list[i] != skip_until; i++)
			;
		if (i == n)
			return -1;
		i++;
	}
	for (; i < n; i++) {
		struct obj *o = list[i];
		if ((req->flags & SYMLOOK_SKIP_MAIN) && (o->flags & OBJ_MAIN))
			continue;
		const ElfW(Sym) *sym = NULL;
		if (o->flags & OBJ_FILTER) {
			/* a filter's names are its filtees' first (as glibc puts the filtees before
			 * the filter in every search list) */
			for (size_t j = 0; j < o->nneeded && !sym; j++) {
				struct obj *fe = o->needed[j].obj;
				if (o->needed[j].kind != NEED_PLAIN && fe && fe != o &&
				    (sym = symlook_obj(req, fe)))
					o = fe;
			}
		}
		if (!sym)
			sym = symlook_obj(req, o);
		if (!sym)
			continue;
		req->defobj = o;
		req->sym = sym;
		if (ELF64_ST_BIND(sym->st_info) == STB_GNU_UNIQUE)
			unique_resolve(req);
		DEBUG(DBG_SYMBOLS, "symbol=%s; found in file=%s", req->name, o->path);
		return 0;
	}
	return -1;
}

int symlook_default(struct symlook *req)
{
	symlook_nlookups++;
	struct obj *r = req->requester;
	if (r && (r->flags & OBJ_SYMBOLIC) && symlook_list(req, &r, 1, NULL) == 0)
		return 0;
	int found = symlook_list(req, global_scope, global_nscope, NULL) == 0;
	if (!found && r && r->scope)
		found = symlook_list(req, r->scope, r->nscope, NULL) == 0;
	if (!found)
		return -1;
	/* A protected definition in the referencing object binds locally. */
	if (r && req->defobj != r && !(req->flags & SYMLOOK_SKIP_MAIN)) {
		struct symlook self = *req;
		const ElfW(Sym) *s = symlook_obj(&self, r);
		if (s && ELF64_ST_VISIBILITY(s->st_other) == STV_PROTECTED) {
			req->defobj = r;
			req->sym = s;
		}
	}
	if (r && req->defobj != r && (req->defobj->flags & OBJ_DLOPENED))
		obj_add_reldep(r, req->defobj);
	return 0;
}

/* r bound to a symbol of d, an object dlopen loaded: unless d is among r's own dependencies,
 * d must stay loaded as long as r is (glibc's relocation dependencies, l_reldeps). */
void obj_add_reldep(struct obj *r, struct obj *d)
{
	for (size_t i = 0; i < r->nscope; i++)
		if (r->scope[i] == d)
			return;
	for (size_t i = 0; i < r->nreldeps; i++)
		if (r->reldeps[i] == d)
			return;
	r->reldeps = rtld_realloc_array(r->reldeps, r->nreldeps, r->nreldeps + 1,
					sizeof *r->reldeps);
	r->reldeps[r->nreldeps++] = d;
	DEBUG(DBG_DL, "%s depends on %s through a relocation", r->path, d->path);
}

/* ---- self-references ----
 * Most symbolic relocations of a library name a symbol the library defines itself (C++
 * vtables and typeinfo, exported functions reached through the GOT).  The full search finds
 * that definition unless an object searched before it defines the same name.  Once per
 * relocation pass, symlook_self_begin marks the symbols of o whose names an object searched
 * earlier defines, by looking those objects' names up in o (a program exports little);
 * symlook_self then answers for the unmarked ones without hashing, searching or comparing
 * names.  It answers only where it can show that symlook_default would return the same
 * (object, symbol); everything else takes the full search. */
size_t symlook_nself; /* LD_C18N_DEBUG=statistics */

/* The objects symlook_default searches before o for o's own relocations. */
static size_t searched_before(const struct obj *o)
{
	if (o->flags & OBJ_SYMBOLIC)
		return 0; /* o first */
	for (size_t i = 0; i < global_nscope; i++)
		if (global_scope[i] == o)
			return i;
	return global_nscope; /* then its local scope, o first */
}

/* The symbols a hash lookup in e can find: [first, end). */
static void findable(const struct obj *e, uint32_t *first, uint32_t *end)
{
	*first = *end = 0;
	if (!e->symtab || !e->strtab)
		return;
	if (e->gnu_buckets)
		*first = e->gnu_symoffset;
	else if (e->sysv_buckets)
		*first = 1;
	else
		return;
	*end = e->nsyms > *first ? (uint32_t)e->nsyms : *first;
}

void symlook_self_begin(struct obj *o, size_t nref, struct symlook_self *ss)
{
	ss->bits = NULL;
	if (!o->gnu_buckets || !o->symtab || o->nsyms <= o->gnu_symoffset ||
	    (rtld_opts.debug & DBG_SYMBOLS))
		return;
	size_t nbefore = searched_before(o), work = 0;
	if (o->flags & OBJ_FILTER)
		return; /* (its names are its filtees' first) */
	for (size_t i = 0; i < nbefore; i++) {
		uint32_t a, b;
		if (global_scope[i]->flags & OBJ_FILTER)
			return; /* (a filtee may define what o does, ahead of o) */
		findable(global_scope[i], &a, &b);
		work += b - a;
	}
	if (work > nref) /* marking would cost more than the searches it saves */
		return;
	uint64_t *bits = rtld_alloc((o->nsyms + 63) / 64 * sizeof *bits);
	if (!bits)
		return;
	for (size_t i = 0; i < nbefore; i++) {
		const struct obj *e = global_scope[i];
		uint32_t a, b;
		findable(e, &a, &b);
		for (uint32_t k = a; k < b; k++) {
			const ElfW(Sym) *es = &e->symtab[k];
			if (es->st_shndx == SHN_UNDEF && es->st_value == 0)
				continue; /* never a definition */
			const char *name = obj_str(e, es->st_name);
			if (!name || !*name)
				continue;
			/* every symbol of o with this name, whatever its version */
			uint32_t h = c18n_gnu_hash(name);
			if (!gnu_bloom_may_have(o, h))
				continue;
			for (uint32_t j = o->gnu_buckets[h % o->gnu_nbuckets];
			     j >= o->gnu_symoffset && j < o->nsyms; j++) {
				uint32_t h2 = o->gnu_chain[j - o->gnu_symoffset];
				const char *n;
				if (((h ^ h2) >> 1) == 0 && (n = obj_str(o, o->symtab[j].st_name)) &&
				    !strcmp(n, name))
					bits[j / 64] |= (uint64_t)1 << (j % 64);
				if (h2 & 1)
					break;
			}
		}
	}
	ss->bits = bits;
}

void symlook_self_end(struct symlook_self *ss)
{
	rtld_free(ss->bits);
	ss->bits = NULL;
}

int symlook_self(const struct symlook_self *ss, struct symlook *req, uint32_t idx)
{
	struct obj *o = req->requester;
	if (!ss->bits || idx < o->gnu_symoffset || idx >= o->nsyms ||
	    (ss->bits[idx / 64] >> (idx % 64) & 1) || (req->flags & SYMLOOK_SKIP_MAIN))
		return -1;
	const ElfW(Sym) *sym = &o->symtab[idx];
	unsigned bind = ELF64_ST_BIND(sym->st_info);
	if (sym->st_shndx == SHN_UNDEF || (bind != STB_GLOBAL && bind != STB_WEAK))
		return -1; /* not o's definition; STB_GNU_UNIQUE has a process-wide table */
	/* The full search walks idx's hash chain from its start: an entry before idx with the
	 * same hash could be the one it finds (the same name in another version). */
	const uint32_t *chain = o->gnu_chain + (idx - o->gnu_symoffset); /* idx's entry */
	uint32_t h2 = *chain;
	for (uint32_t j = idx; j-- > o->gnu_symoffset && !(*--chain & 1);)
		if (((*chain ^ h2) >> 1) == 0)
			return -1;
	struct match_state ms = { 0 };
	if (!check_match(req, o, idx, &ms))
		return -1;
	symlook_nself++;
	req->defobj = o;
	req->sym = sym;
	return 0;
}

ElfW(Addr) call_ifunc_resolver(ElfW(Addr) resolver)
{
	return ((ElfW(Addr)(*)(void))resolver)();
}

ElfW(Addr) symlook_value(struct symlook *req)
{
	const ElfW(Sym) *sym = req->sym;
	struct obj *o = req->defobj;
	if (ELF64_ST_TYPE(sym->st_info) == STT_TLS)
		return sym->st_value;
	if ((o->flags & OBJ_HOST) && !(req->flags & SYMLOOK_NO_INTERPOSE)) {
		ElfW(Addr) mine = host_interpose(req->name, symlook_hash(req));
		if (mine)
			return req->value = mine;
	}
	ElfW(Addr) v = obj_sym_base(o, sym) + sym->st_value;
	if (ELF64_ST_TYPE(sym->st_info) == STT_GNU_IFUNC && sym->st_shndx != SHN_UNDEF)
		v = call_ifunc_resolver(v);
	return req->value = v;
}

void scope_add_global(struct obj *o)
{
	for (size_t i = 0; i < global_nscope; i++)
		if (global_scope[i] == o)
			return;
	if (global_nscope == global_cap) {
		size_t nc = global_cap ? global_cap * 2 : 32;
		global_scope = rtld_realloc_array(global_scope, global_cap, nc, sizeof *global_scope);
		global_cap = nc;
	}
	global_scope[global_nscope++] = o;
	o->flags |= OBJ_GLOBAL;
}

void scope_remove(struct obj *o)
{
	for (size_t i = 0; i < global_nscope; i++)
		if (global_scope[i] == o) {
			memmove(&global_scope[i], &global_scope[i + 1],
				(global_nscope - i - 1) * sizeof *global_scope);
			global_nscope--;
			break;
		}
	o->flags &= ~OBJ_GLOBAL;
	unique_forget(o);
}

/* Breadth-first dependency list of o (o first), deduplicated. */
int obj_build_local_scope(struct obj *o)
{
	size_t cap = 16, n = 0;
	struct obj **list = rtld_alloc(cap * sizeof *list);
	list[n++] = o;
	for (size_t i = 0; i < n; i++) {
		struct obj *cur = list[i];
		for (size_t j = 0; j < cur->nneeded; j++) {
			struct obj *d = cur->needed[j].obj;
			if (!d)
				continue;
			size_t k;
			for (k = 0; k < n && list[k] != d; k++)
				;
			if (k < n)
				continue;
			if (n == cap) {
				list = rtld_realloc_array(list, cap, cap * 2, sizeof *list);
				cap *= 2;
			}
			list[n++] = d;
		}
	}
	rtld_free(o->scope);
	o->scope = list;
	o->nscope = n;
	return 0;
}
