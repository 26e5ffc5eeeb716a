/*
 * reloc.c: applying relocations (generic part; machine types come from arch_reloc_class).
 *
 * Must stay true:
 *  - Order per object: DT_RELR, DT_RELA/DT_REL, DT_JMPREL, then IRELATIVE (deferred so that
 *    resolvers see a relocated object), then RELRO is sealed.
 *  - Every relocation type is either classified by the arch or rejected loudly with the
 *    object path and the type; every r_offset and symbol index is bounds-checked (symbol
 *    indices against symtab_n, not against the symbols the hash tables cover).
 *  - At start-up, undefined symbols are all reported before failing (rtld_startup); after
 *    start-up the first error is recorded and the operation fails (dlopen is all-or-nothing).
 */
#include "rtld.h"
#include "iso.h"

#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int rtld_startup = 1;
int rtld_startup_errors;
const char *rtld_progname = RTLD_NAME;

static int sym_error(struct obj *o, const char *name, const struct verinfo *ver)
{
	char vbuf[256] = "";
	if (ver && ver->name)
		snprintf(vbuf, sizeof vbuf, ", version %s", ver->name);
	if (rtld_startup) {
		/* report each (object, symbol) once, however many relocations name it */
		static struct obj *last_obj;
		static const char **seen;
		static size_t nseen;
		if (last_obj != o) {
			nseen = 0;
			last_obj = o;
		}
		for (size_t i = 0; i < nseen; i++)
			if (!strcmp(seen[i], name))
				return -1;
		seen = rtld_realloc_array(seen, nseen, nseen + 1, sizeof *seen);
		seen[nseen++] = name;
		rtld_dprintf(2, "%s: symbol lookup error: %s: undefined symbol: %s%s\n",
			     rtld_progname, o->path, name, vbuf);
		rtld_startup_errors++;
	}
	return rtld_error("%s: undefined symbol: %s%s", o->path, name, vbuf);
}

static int text_writable(struct obj *o, int on)
{
	for (size_t i = 0; i < o->phnum; i++) {
		const ElfW(Phdr) *ph = &o->phdr[i];
		if (ph->p_type != PT_LOAD || (ph->p_flags & PF_W))
			continue;
		uintptr_t s = ALIGN_DOWN(o->lm.l_addr + ph->p_vaddr, rtld_pagesize);
		uintptr_t e = ALIGN_UP(o->lm.l_addr + ph->p_vaddr + ph->p_memsz, rtld_pagesize);
		int prot = (ph->p_flags & PF_R ? PROT_READ : 0) | (ph->p_flags & PF_X ? PROT_EXEC : 0);
		if (mprotect((void *)s, e - s, on ? prot | PROT_WRITE : prot) < 0)
			return rtld_error("%s: cannot make segment writable for relocation", o->path);
	}
	return 0;
}

struct copy_rec {
	uintptr_t src, dst;
	size_t size;
};

struct reloc_state {
	struct obj *o;
	int lazy;
	const ElfW(Rela) **irel;
	size_t nirel, capirel;
	struct copy_rec *copies;
	size_t ncopies, capcopies;
	int errors;
	/* one-entry cache: consecutive relocations often name the same symbol */
	uint32_t last_sym;
	struct obj *last_def;
	const ElfW(Sym) *last_defsym;
	ElfW(Addr) last_value;
	int last_valid;
	int last_plt;
	struct symlook_self self; /* o's own symbols no earlier object defines (symbols.c) */
};

/* Resolve symbol index idx of o for a relocation; returns 0 and fills out, 1 for an undefined
 * weak reference (value 0), -1 on error. */
static int resolve(struct reloc_state *st, uint32_t idx, int cls, struct obj **defobj,
		   const ElfW(Sym) **defsym, ElfW(Addr) *value)
{
	struct obj *o = st->o;
	if (idx >= o->symtab_n)
		return rtld_error("%s: relocation refers to symbol index %u beyond the symbol table",
				  o->path, idx);
	/* a PLT slot skips a program's canonical PLT entries, other references do not: the last
	 * result is reused only for the same kind of reference */
	if (st->last_valid && st->last_sym == idx && cls != RCLASS_COPY &&
	    st->last_plt == (cls == RCLASS_JUMP_SLOT)) {
		*defobj = st->last_def;
		*defsym = st->last_defsym;
		*value = st->last_value;
		return *defobj ? 0 : 1;
	}
	const ElfW(Sym) *sym = &o->symtab[idx];
	const char *name = obj_str(o, sym->st_name);
	if (!name)
		return rtld_error("%s: bad string offset in symbol %u", o->path, idx);
	/* A local symbol, or a hidden or internal definition, binds to o itself without a
	 * lookup (as glibc's RESOLVE_MAP): it need not be in the hash tables. */
	unsigned vis = ELF64_ST_VISIBILITY(sym->st_other);
	if (ELF64_ST_BIND(sym->st_info) == STB_LOCAL ||
	    (sym->st_shndx != SHN_UNDEF && (vis == STV_HIDDEN || vis == STV_INTERNAL))) {
		*defobj = o;
		*defsym = sym;
		*value = ELF64_ST_TYPE(sym->st_info) == STT_TLS ? sym->st_value
								 : obj_sym_base(o, sym) + sym->st_value;
		return 0;
	}
	const struct verinfo *ver = obj_sym_version(o, idx);
	struct symlook req;
	symlook_init(&req, name, ver, o);
	if (cls == RCLASS_COPY)
		req.flags |= SYMLOOK_SKIP_MAIN;
	if (cls == RCLASS_JUMP_SLOT)
		req.flags |= SYMLOOK_IN_PLT;
	int r;
	if (symlook_self(&st->self, &req, idx) < 0 && symlook_default(&req) < 0) {
		if (ELF64_ST_BIND(sym->st_info) == STB_WEAK) {
			*defobj = NULL;
			*defsym = NULL;
			*value = 0;
			r = 1;
		} else {
			return sym_error(o, name, ver);
		}
	} else {
		*defobj = req.defobj;
		*defsym = req.sym;
		*value = symlook_value(&req);
		r = 0;
		DEBUG(DBG_BINDINGS, "binding file %s [%s] to %s [%s]: normal symbol `%s'%s%s%s",
		      o->path, o->comp ? o->comp->name : "?", req.defobj->path,
		      req.defobj->comp ? req.defobj->comp->name : "?", name, ver ? " [" : "",
		      ver ? ver->name : "", ver ? "]" : "");
	}
	st->last_sym = idx;
	st->last_plt = cls == RCLASS_JUMP_SLOT;
	st->last_def = *defobj;
	st->last_defsym = *defsym;
	st->last_value = *value;
	st->last_valid = 1;
	return r;
}

/* An initial-exec (TPOFF) or TLSDESC access by o to def's TLS, which is dynamic (tls.c): its
 * alignment leaves it no fixed distance from the thread pointer. */
static int static_tls_refused(struct obj *o, struct obj *def)
{
	return rtld_error("%s: cannot use static TLS of %s: its alignment %zu exceeds what the "
			  "loader can give a block at a fixed distance from the thread pointer "
			  "(%zu); it is reached only through __tls_get_addr", o->path, def->path,
			  def->tls_align, tls_static_align());
}

static ptrdiff_t tls_offset_of(struct obj *def)
{
	if (def->flags & OBJ_HOST)
		return (ptrdiff_t)tls_host_offset(def);
	return def->tls_offset;
}

static int do_rela(struct reloc_state *st, const ElfW(Rela) *r, int plt)
{
	struct obj *o = st->o;
	unsigned type = ELF64_R_TYPE(r->r_info);
	uint32_t idx = ELF64_R_SYM(r->r_info);
	int cls = arch_reloc_class(type);
	if (cls == RCLASS_NONE)
		return 0;
	if (!obj_reloc_target(o, r->r_offset, sizeof(ElfW(Addr))))
		return rtld_error("%s: relocation %s at offset 0x%lx outside the object's writable "
				  "segments", o->path, arch_reloc_name(type),
				  (unsigned long)r->r_offset);
	ElfW(Addr) *where = (ElfW(Addr) *)(o->lm.l_addr + r->r_offset);
	if (plt && st->lazy && cls == RCLASS_JUMP_SLOT) {
		/* lazy: the slot keeps its link-time value, the PLT entry's push, rebased (under a
		 * debugger, through a stub named after the symbol: gdbjit.c) */
		*where += o->lm.l_addr;
		if (dbg_tracer && idx < o->symtab_n)
			*where = dbg_lazy_stub(o, obj_str(o, o->symtab[idx].st_name), where, *where);
		if (iso_mode)
			cap_tag(o, where);
		return 0;
	}
	struct obj *def = NULL;
	const ElfW(Sym) *dsym = NULL;
	ElfW(Addr) S = 0;
	int have_sym = 0;
	if (idx && cls != RCLASS_RELATIVE && cls != RCLASS_IRELATIVE && cls != RCLASS_UNKNOWN) {
		int rr = resolve(st, idx, cls, &def, &dsym, &S);
		if (rr < 0) {
			st->errors++;
			return rtld_startup ? 0 : -1;
		}
		have_sym = rr == 0;
	} else if (!idx) {
		def = o;
	}
	if (have_sym && S && (cls == RCLASS_GLOB_DAT || cls == RCLASS_JUMP_SLOT ||
			      (cls == RCLASS_ABS && r->r_addend == 0))) {
		S = tramp_bind(o, NULL, def, dsym, S, cls, obj_str(o, o->symtab[idx].st_name));
		if (!S) { /* forbidden by the policy */
			st->errors++;
			if (!rtld_startup)
				return -1;
			rtld_dprintf(2, "%s: %s\n", rtld_progname, rtld_last_error());
			rtld_startup_errors++;
			return 0;
		}
	}
	if (iso_mode) { /* the tag shadow, and the objects an import lets o reach */
		if (cls == RCLASS_RELATIVE || cls == RCLASS_ABS || cls == RCLASS_GLOB_DAT ||
		    cls == RCLASS_JUMP_SLOT)
			cap_tag(o, where);
		if (have_sym && def != o && (cls == RCLASS_GLOB_DAT || cls == RCLASS_ABS))
			cap_grant_import(o, def, dsym, S);
	}
	switch (cls) {
	case RCLASS_RELATIVE:
		*where = o->lm.l_addr + r->r_addend;
		break;
	case RCLASS_ABS:
		*where = S + r->r_addend;
		break;
	case RCLASS_GLOB_DAT:
	case RCLASS_JUMP_SLOT:
		*where = S + r->r_addend;
		break;
	case RCLASS_COPY: {
		if (!have_sym)
			break;
		const ElfW(Sym) *ref = &o->symtab[idx];
		size_t n = ref->st_size;
		if (dsym->st_size < n) {
			rtld_dprintf(2, "%s: Symbol `%s' has different size in shared object, "
					"consider re-linking\n", rtld_progname,
				     obj_str(o, ref->st_name));
			n = dsym->st_size;
		}
		memcpy(where, (const void *)S, n);
		if (!(def->flags & OBJ_HOST)) {
			/* isolation: the pointers def stores in the copy are def's (c18n(7)) */
			if (iso_mode)
				cap_note_copy(def, (uintptr_t)where, n);
			break;
		}
		/* the trusted base reads the copy from every compartment */
		cap_grant_global((uintptr_t)where, n);
		if (st->ncopies == st->capcopies) {
			size_t nc = st->capcopies ? st->capcopies * 2 : 16;
			st->copies = rtld_realloc_array(st->copies, st->capcopies, nc,
							sizeof *st->copies);
			st->capcopies = nc;
		}
		st->copies[st->ncopies++] = (struct copy_rec){ S, (uintptr_t)where, dsym->st_size };
		break;
	}
	case RCLASS_IRELATIVE:
		if (st->nirel == st->capirel) {
			size_t nc = st->capirel ? st->capirel * 2 : 16;
			st->irel = rtld_realloc_array(st->irel, st->capirel, nc, sizeof *st->irel);
			st->capirel = nc;
		}
		st->irel[st->nirel++] = r;
		break;
	case RCLASS_DTPMOD:
		if (idx && !have_sym) {
			*where = 0;
			break;
		}
		if (def->flags & OBJ_HOST)
			return rtld_error("%s: dynamic TLS access to %s in the trusted base is not "
					  "supported", o->path, obj_str(o, o->symtab[idx].st_name));
		*where = def->tls_modid;
		break;
	case RCLASS_DTPOFF:
		*where = (idx ? S : 0) + r->r_addend;
		break;
	case RCLASS_TPOFF:
		if (idx && !have_sym) {
			*where = 0;
			break;
		}
		if (def->tls_dyn)
			return static_tls_refused(o, def);
		*where = (idx ? S : 0) + r->r_addend - tls_offset_of(def);
		break;
	case RCLASS_TLSDESC:
		if (idx && !have_sym) {
			where[0] = (ElfW(Addr))arch_tlsdesc_static;
			where[1] = 0;
			break;
		}
		if (def->tls_dyn)
			return static_tls_refused(o, def);
		where[0] = (ElfW(Addr))arch_tlsdesc_static;
		where[1] = (idx ? S : 0) + r->r_addend - tls_offset_of(def);
		break;
	case RCLASS_OTHER:
		if (arch_reloc_other(o, r, where, S, have_sym ? dsym : NULL) < 0)
			return -1;
		break;
	default:
		return rtld_error("%s: unsupported relocation type %u (%s)", o->path, type,
				  arch_reloc_name(type));
	}
	return 0;
}

/* The PT_LOAD memory image [*lo, *hi) (unrelocated) holding the word at addr, writable (any
 * with DT_TEXTREL), or 0. */
static int load_range(const struct obj *o, ElfW(Addr) addr, ElfW(Addr) *lo, ElfW(Addr) *hi)
{
	if (!obj_reloc_target(o, addr, sizeof(ElfW(Addr))))
		return 0;
	for (size_t i = 0; i < o->phnum; i++) {
		const ElfW(Phdr) *ph = &o->phdr[i];
		if (ph->p_type == PT_LOAD && addr >= ph->p_vaddr &&
		    addr - ph->p_vaddr <= ph->p_memsz &&
		    sizeof(ElfW(Addr)) <= ph->p_memsz - (addr - ph->p_vaddr)) {
			*lo = ph->p_vaddr;
			*hi = ph->p_vaddr + ph->p_memsz;
			return 1;
		}
	}
	return 0;
}

static int do_table(struct reloc_state *st, const ElfW(Rela) *tab, size_t size, int plt)
{
	size_t n = size / sizeof(ElfW(Rela));
	ElfW(Addr) base = st->o->lm.l_addr, lo = 0, hi = 0; /* segment of the last RELATIVE */
	int tag = iso_mode != ISO_OFF;
	for (size_t i = 0; i < n; i++) {
		const ElfW(Rela) *r = &tab[i];
		/* RELATIVE, most of every table, without the general path: same result */
		if (ELF64_R_TYPE(r->r_info) == R_TYPE_RELATIVE &&
		    ((r->r_offset >= lo && r->r_offset < hi &&
		      hi - r->r_offset >= sizeof(ElfW(Addr))) ||
		     load_range(st->o, r->r_offset, &lo, &hi))) {
			*(ElfW(Addr) *)(base + r->r_offset) = base + r->r_addend;
			if (tag)
				cap_tag(st->o, (ElfW(Addr) *)(base + r->r_offset));
			continue;
		}
		if (do_rela(st, r, plt) < 0)
			return -1;
	}
	return 0;
}

static int do_rel_table(struct reloc_state *st, const ElfW(Rel) *tab, size_t size, int plt)
{
	size_t n = size / sizeof(ElfW(Rel));
	for (size_t i = 0; i < n; i++) {
		ElfW(Rela) r = { tab[i].r_offset, tab[i].r_info, 0 };
		if (!obj_reloc_target(st->o, r.r_offset, sizeof(ElfW(Addr))))
			return rtld_error("%s: relocation outside the object's writable segments",
					  st->o->path);
		r.r_addend = *(ElfW(Addr) *)(st->o->lm.l_addr + r.r_offset);
		if (do_rela(st, &r, plt) < 0)
			return -1;
	}
	return 0;
}

static int do_relr(struct obj *o)
{
	const ElfW(Addr) *p = o->relr, *end = o->relr + o->relrsz / sizeof(ElfW(Addr));
	ElfW(Addr) *where = NULL;
	uintptr_t base = o->lm.l_addr;
	for (; p < end; p++) {
		ElfW(Addr) e = *p;
		if (!(e & 1)) {
			if (!obj_reloc_target(o, e, sizeof(ElfW(Addr))))
				return rtld_error("%s: DT_RELR entry outside the object's writable "
						  "segments", o->path);
			where = (ElfW(Addr) *)(base + e);
			if (iso_mode)
				cap_tag(o, where);
			*where++ += base;
		} else {
			if (!where)
				return rtld_error("%s: DT_RELR bitmap without an address", o->path);
			for (unsigned i = 0; (e >>= 1) != 0; i++)
				if (e & 1) {
					ElfW(Addr) *w = where + i;
					if (!obj_reloc_target(o, (uintptr_t)w - base,
							      sizeof *w))
						return rtld_error("%s: DT_RELR entry outside the "
								  "object's writable segments",
								  o->path);
					*w += base;
					if (iso_mode)
						cap_tag(o, w);
				}
			where += 8 * sizeof(ElfW(Addr)) - 1;
		}
	}
	return 0;
}

int reloc_object(struct obj *o, int lazy)
{
	if (o->flags & (OBJ_RELOCATED | OBJ_HOST))
		return 0;
	if ((o->flags & OBJ_BIND_NOW) || rtld_opts.bind_now || !o->pltgot || o->pltrel != DT_RELA)
		lazy = 0;
	struct reloc_state st = { .o = o, .lazy = lazy };
	int ret = -1;
	DEBUG(DBG_RELOC, "relocation processing: %s", o->path);
	if ((o->flags & OBJ_TEXTREL) && text_writable(o, 1) < 0)
		return -1;
	if (o->relr && do_relr(o) < 0)
		goto out;
	symlook_self_begin(o, (o->relasz / sizeof(ElfW(Rela)) + o->relsz / sizeof(ElfW(Rel)) +
			       (lazy ? 0 : o->pltrelsz / sizeof(ElfW(Rela)))), &st.self);
	if (o->rela && do_table(&st, o->rela, o->relasz, 0) < 0)
		goto out;
	if (o->rel && do_rel_table(&st, o->rel, o->relsz, 0) < 0)
		goto out;
	if (o->jmprel) {
		if (o->pltrel == DT_REL) {
			if (do_rel_table(&st, (const ElfW(Rel) *)o->jmprel, o->pltrelsz, 1) < 0)
				goto out;
		} else if (do_table(&st, o->jmprel, o->pltrelsz, 1) < 0) {
			goto out;
		}
	}
	if (st.errors)
		goto out;
	if (lazy) {
		o->pltgot[1] = (ElfW(Addr))o;
		o->pltgot[2] = (ElfW(Addr))arch_lazy_entry();
	}
	for (size_t i = 0; i < st.nirel; i++) {
		const ElfW(Rela) *r = st.irel[i];
		ElfW(Addr) *where = (ElfW(Addr) *)(o->lm.l_addr + r->r_offset);
		*where = call_ifunc_resolver(o->lm.l_addr + r->r_addend);
		if (iso_mode)
			cap_tag(o, where);
	}
	for (size_t i = 0; i < st.ncopies; i++)
		if (host_fix_copies(o, st.copies[i].src, st.copies[i].size, st.copies[i].dst) < 0)
			goto out;
	if ((o->flags & OBJ_TEXTREL) && text_writable(o, 0) < 0)
		goto out;
	o->flags |= OBJ_RELOCATED;
	ret = 0;
out:
	symlook_self_end(&st.self);
	rtld_free(st.irel);
	rtld_free(st.copies);
	return ret;
}

int reloc_apply_relro(struct obj *o)
{
	if (!o->relro_size || (o->flags & OBJ_HOST))
		return 0;
	uintptr_t s = ALIGN_DOWN(o->lm.l_addr + o->relro_start, rtld_pagesize);
	uintptr_t e = ALIGN_DOWN(o->lm.l_addr + o->relro_start + o->relro_size, rtld_pagesize);
	if (e > s && mprotect((void *)s, e - s, PROT_READ) < 0)
		return rtld_error("%s: cannot apply additional memory protection after "
				  "relocation", o->path);
	return 0;
}

/* Called from the arch lazy entry on the first call through a PLT slot. */
ElfW(Addr) c18n_lazy_bind(struct obj *o, unsigned long index)
{
	rtld_lock();
	const ElfW(Rela) *r = &o->jmprel[index];
	struct reloc_state st = { .o = o };
	uint32_t idx = ELF64_R_SYM(r->r_info);
	struct obj *def;
	const ElfW(Sym) *dsym;
	ElfW(Addr) value = 0;
	int rr = index < o->pltrelsz / sizeof *r ? resolve(&st, idx, RCLASS_JUMP_SLOT, &def, &dsym, &value) : -1;
	if (rr < 0) {
		rtld_dprintf(2, "%s: symbol lookup error: %s\n", rtld_progname, rtld_last_error());
		_exit(127);
	}
	if (rr == 0 && value) {
		value = tramp_bind(o, NULL, def, dsym, value, RCLASS_JUMP_SLOT,
				   obj_str(o, o->symtab[idx].st_name));
		if (!value) {
			rtld_dprintf(2, "%s: %s\n", rtld_progname, rtld_last_error());
			_exit(127);
		}
	}
	value += r->r_addend;
	ElfW(Addr) *slot = (ElfW(Addr) *)(o->lm.l_addr + r->r_offset);
	if (!dbg_lazy_bound(slot, value)) /* (under a debugger: the slot's stub, gdbjit.c) */
		*slot = value;
	rtld_unlock();
	return value;
}
