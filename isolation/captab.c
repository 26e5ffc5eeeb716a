/*
 * captab.c: the capabilities a compartment holds outside its own memory, and the tag shadow.
 *
 * What CHERI's loader and calling convention would hand a compartment, recorded here:
 *  - objects it imports from another compartment (a relocation bound it to their symbol:
 *    bounds from st_size), and data objects dlsym returned to it;
 *  - objects that pointer arguments of a cross-compartment call point into, granted to the
 *    callee; objects a returned pointer points into, granted to the caller.  A capability to
 *    data (a segment) is kept once granted; one to a stack object lasts for the call that
 *    passed it, so those are not copied here: they stay in the call's trusted frame
 *    (TF_ARGS, TF_SARGS) and are looked up there while the frame is live;
 *  - objects the trusted base holds (the program's copies of its variables): every
 *    compartment holds those, as the trusted base runs in every compartment;
 *  - objects reached through a tagged word: one bit per 8-byte word of each object's
 *    writable segments, set where relocation processing stored a pointer, as CHERI's loader
 *    makes a capability there.  Holding an object that contains a tagged word, a compartment
 *    may follow the pointer the word holds, if the word's owner could have made it.
 * A compartment passing on an address delegates the capability it holds for it; an address
 * it holds none for grants nothing.
 *
 * Must stay true: the table is changed and read under iso_lock; checks (fault.c) read the
 * memory of closed compartments only through iso_read.
 */
#include "iso.h"

#include <string.h>

/* persistent capabilities: (holder, object start) -> object */
struct cap {
	long holder;       /* -1: empty slot */
	uintptr_t lo, hi;
	struct obj *obj;
	const char *origin;
};
static struct cap *caps;
static size_t capcap, ncaps;
static struct { uintptr_t lo, hi; } *globals;
static size_t nglobals, capglobals;

static struct copyrec {
	uintptr_t lo, hi;
	struct obj *def;
} *copies;
static size_t ncopies, capcopies;

size_t cap_count(void) { return ncaps + nglobals; }

void cap_note_copy(struct obj *def, uintptr_t lo, size_t n)
{
	if (!n)
		return;
	iso_lock();
	if (ncopies == capcopies) {
		size_t nc = capcopies ? capcopies * 2 : 16;
		copies = rtld_realloc_array(copies, capcopies, nc, sizeof *copies);
		capcopies = nc;
	}
	copies[ncopies++] = (struct copyrec){ lo, lo + n, def };
	iso_unlock();
}

static size_t chash(long holder, uintptr_t lo)
{
	return (size_t)(((lo >> 3) ^ ((uintptr_t)holder * 0x9e3779b97f4a7c15ull)) *
			0xff51afd7ed558ccdull);
}

static struct cap *cfind(long holder, uintptr_t lo)
{
	if (!capcap)
		return NULL;
	for (size_t j = chash(holder, lo) & (capcap - 1);; j = (j + 1) & (capcap - 1)) {
		if (caps[j].holder == -1)
			return NULL;
		if (caps[j].holder == holder && caps[j].lo == lo)
			return &caps[j];
	}
}

static int cinsert(const struct cap *c);

static void crehash(size_t n)
{
	struct cap *old = caps;
	size_t oldn = capcap;
	caps = rtld_alloc(n * sizeof *caps);
	if (!caps)
		rtld_fatal("out of memory for capabilities");
	for (size_t i = 0; i < n; i++)
		caps[i].holder = -1;
	capcap = n;
	ncaps = 0;
	for (size_t i = 0; i < oldn; i++)
		if (old[i].holder != -1)
			cinsert(&old[i]);
	rtld_free(old);
}

/* 1 if c is new (else it widens the one there) */
static int cinsert(const struct cap *c)
{
	if ((ncaps + 1) * 2 > capcap)
		crehash(capcap ? capcap * 2 : 256);
	size_t j = chash(c->holder, c->lo) & (capcap - 1);
	while (caps[j].holder != -1) {
		if (caps[j].holder == c->holder && caps[j].lo == c->lo) {
			if (c->hi > caps[j].hi)
				caps[j].hi = c->hi;
			return 0;
		}
		j = (j + 1) & (capcap - 1);
	}
	caps[j] = *c;
	ncaps++;
	return 1;
}

static void grant(long holder, struct obj *o, uintptr_t lo, uintptr_t hi, const char *origin)
{
	if (holder < 0 || hi <= lo)
		return;
	struct cap c = { holder, lo, hi, o, origin };
	iso_lock();
	int fresh = cinsert(&c);
	iso_unlock();
	if (fresh)
		DEBUG(DBG_ISOLATION, "capability: %s holds 0x%lx-0x%lx of %s (%s)",
		      holder < (long)ncompartments ? compartments[holder]->name : "?",
		      (unsigned long)lo, (unsigned long)hi, o ? o->path : "?", origin);
}

/* ---- the tag shadow ---- */
static struct iso_obj *tags_of(struct obj *o)
{
	struct iso_obj *io = iso_obj_of(o);
	if (!io || io->tags || io->tag_hi)
		return io;
	uintptr_t lo = UINTPTR_MAX, hi = 0;
	for (size_t i = 0; i < o->phnum; i++) {
		const ElfW(Phdr) *ph = &o->phdr[i];
		if (ph->p_type != PT_LOAD || !(ph->p_flags & PF_W))
			continue;
		uintptr_t s = ALIGN_DOWN(o->lm.l_addr + ph->p_vaddr, 8);
		uintptr_t e = ALIGN_UP(o->lm.l_addr + ph->p_vaddr + ph->p_memsz, 8);
		if (s < lo)
			lo = s;
		if (e > hi)
			hi = e;
	}
	if (hi <= lo) {
		io->tag_hi = 1; /* none */
		return io;
	}
	size_t words = (hi - lo) / 8;
	io->tags = rtld_alloc((words + 63) / 64 * 8);
	if (io->tags) {
		io->tag_lo = lo;
		io->tag_hi = hi;
	}
	return io;
}

void cap_tag(struct obj *o, const ElfW(Addr) *where)
{
	uintptr_t a = (uintptr_t)where;
	struct iso_obj *io = tags_of(o);
	if (!io || !io->tags || a < io->tag_lo || a >= io->tag_hi || (a & 7))
		return;
	size_t w = (a - io->tag_lo) / 8;
	io->tags[w / 64] |= (uint64_t)1 << (w % 64);
}

static int tagged(struct obj *o, uintptr_t a)
{
	struct iso_obj *io = o ? o->iso : NULL;
	if (!io || !io->tags || a < io->tag_lo || a >= io->tag_hi)
		return 0;
	size_t w = (a - io->tag_lo) / 8;
	return (io->tags[w / 64] >> (w % 64)) & 1;
}

/* ---- granting ---- */
static int data_kind(int kind) { return kind == OWN_DATA || kind == OWN_CODE; }

void cap_grant_import(struct obj *ref, struct obj *def, const ElfW(Sym) *sym, ElfW(Addr) value)
{
	if (!iso_mode || !ref || !def || !sym || !ref->comp || !def->comp ||
	    ref->comp == def->comp || (def->flags & OBJ_HOST))
		return;
	unsigned t = ELF64_ST_TYPE(sym->st_info);
	if (t == STT_FUNC || t == STT_GNU_IFUNC || t == STT_TLS || !value ||
	    sym->st_shndx == SHN_ABS) /* an absolute value: no memory of def's */
		return;
	size_t size = sym->st_size ? sym->st_size : 1;
	if (ref->flags & OBJ_HOST) /* the trusted base's own reference: everyone's */
		cap_grant_global(value, size);
	else
		grant(ref->comp->id, def, value, value + size, "import");
}

void cap_grant_object(long to, struct obj *def, const ElfW(Sym) *sym, ElfW(Addr) value)
{
	if (!iso_mode || !def || !sym || !def->comp || def->comp->id == to ||
	    (def->flags & OBJ_HOST))
		return;
	unsigned t = ELF64_ST_TYPE(sym->st_info);
	if (t == STT_FUNC || t == STT_GNU_IFUNC || t == STT_TLS || !value ||
	    sym->st_shndx == SHN_ABS)
		return;
	grant(to, def, value, value + (sym->st_size ? sym->st_size : 1), "dlsym");
}

void cap_grant_global(uintptr_t start, size_t size)
{
	if (!iso_mode || !size)
		return;
	iso_lock();
	if (nglobals == capglobals) {
		size_t nc = capglobals ? capglobals * 2 : 32;
		globals = rtld_realloc_array(globals, capglobals, nc, sizeof *globals);
		capglobals = nc;
	}
	globals[nglobals].lo = start;
	globals[nglobals].hi = start + size;
	nglobals++;
	iso_unlock();
}

/* Does `from' hold what v points at (its own memory, or a capability)? */
static int holds(struct c18n_thread *t, long from, uintptr_t v, const struct iso_owner *w)
{
	if (w->comp == from || from < 0 || (size_t)from >= ncompartments ||
	    compartments[from]->trusted)
		return 1;
	struct cap_why why;
	return cap_check(t, from, v, 1, &why);
}

static void grant_value(struct c18n_thread *t, long from, long to, uintptr_t v,
			const char *origin)
{
	struct iso_owner w;
	if (v < 4096 || !iso_owner_of(v, &w) || !data_kind(w.kind) || w.comp == to || !w.obj)
		return;
	if (!holds(t, from, v, &w))
		return;
	uintptr_t lo, hi;
	const char *name;
	bounds_of(w.obj, v, &lo, &hi, &name);
	grant(to, w.obj, lo, hi, origin);
}

void cap_grant_value(long to, uintptr_t v)
{
	if (iso_mode)
		grant_value(thread_self(), -1, to, v, "dlsym");
}

/* The lowest address of any loaded object or of the loader (the heap follows it): below it
 * lie small integers, which an argument register holds as often as a pointer (and a probe of
 * one would fault). */
extern char __executable_start[];
static uintptr_t plausible_lo(void)
{
	static uintptr_t lo;
	static struct obj *tail; /* (recomputed when objects come or go) */
	if (tail != obj_tail) {
		tail = obj_tail;
		lo = (uintptr_t)__executable_start;
		for (struct obj *o = obj_list; o; o = o->next)
			if (o->map_start && o->map_start < lo)
				lo = o->map_start;
	}
	return lo;
}

/* The word at a, unless reading it would fault: memory isolation has closed, or none. */
static int peek(uintptr_t a, uintptr_t *v)
{
	struct iso_owner w;
	if (a < plausible_lo() || a >= ARCH_USER_TOP - 8 ||
	    (iso_owner_of(a, &w) && !iso_owner_open(&w)) || iso_in_stack_gap(a))
		return -1;
	return arch_probe_read((const void *)a, v);
}

/* Pointers held in the first THROUGH_WORDS words of what an argument points at (a struct
 * passed by pointer; an out-parameter the callee wrote): what `from' held there, `to' holds
 * now, as CHERI's tags would carry it.  Stack objects are kept in the frame when there is
 * room (stacks), data objects from then on. */
#define THROUGH_WORDS 8
static void through(struct c18n_thread *t, struct tframe *f, long from, long to, uintptr_t p,
		    const char *origin, int stacks)
{
	uintptr_t base = ALIGN_DOWN(p, 8);
	for (int k = 0; k < THROUGH_WORDS; k++) {
		uintptr_t v;
		struct iso_owner w;
		if (peek(base + 8 * (uintptr_t)k, &v) < 0)
			return;
		if (v < 4096 || !iso_owner_of(v, &w) || w.comp == to)
			continue;
		if (data_kind(w.kind))
			grant_value(t, from, to, v, origin);
		else if (stacks && w.kind == OWN_STACK && f->nsarg < TF_NSARGS && holds(t, from, v, &w))
			f->sargs[f->nsarg++] = v;
	}
}

/* A call's arguments (c18n_iso_enter): data objects they point into are the callee's from
 * now on; stack objects for the call, through the frame. */
/* The argument registers of f's call that may carry a pointer: with the target's DWARF, those
 * of its pointer-typed parameters (an integer that happens to hold an address grants
 * nothing); without, every one. */
static unsigned pointer_args(const struct tframe *f)
{
	uint64_t fl = f->desc ? f->desc->flags : 0;
	return fl & TDESC_PTRS_KNOWN ? (unsigned)((fl & TDESC_PTRS_MASK) >> TDESC_PTRS_SHIFT) : 0x3f;
}

void cap_note_args(struct tframe *f, const uintptr_t *args, const char *stackargs,
		   uint32_t nstack)
{
	struct c18n_thread *t = thread_self();
	unsigned ptrs = pointer_args(f);
	memcpy(f->args, args, sizeof f->args);
	for (int i = 0; i < 6; i++)
		if (!(ptrs & (1u << i)))
			f->args[i] = 0; /* (not a pointer: nothing to open or to follow back) */
	f->nsarg = 0;
	for (int i = 0; i < 6; i++)
		grant_value(t, f->caller, f->callee, f->args[i], "argument");
	for (int i = 0; i < 6; i++)
		if (f->args[i] >= 4096)
			through(t, f, f->caller, f->callee, f->args[i], "argument", 1);
	for (uint32_t k = 0; k + 8 <= nstack; k += 8) {
		uintptr_t v;
		memcpy(&v, stackargs + k, 8);
		struct iso_owner w;
		if (v < 4096 || !iso_owner_of(v, &w))
			continue;
		if (w.kind == OWN_STACK) {
			if (f->nsarg < TF_NSARGS)
				f->sargs[f->nsarg++] = v;
		} else {
			grant_value(t, f->caller, f->callee, v, "argument");
		}
	}
}

void cap_note_return(struct tframe *f, uintptr_t rax, uintptr_t rdx)
{
	struct c18n_thread *t = thread_self();
	grant_value(t, f->callee, f->caller, rax, "returned");
	grant_value(t, f->callee, f->caller, rdx, "returned");
	/* out-parameters: what the callee stored through the pointers it was given */
	for (int i = 0; i < 6; i++)
		if (f->args[i] >= 4096)
			through(t, f, f->callee, f->caller, f->args[i], "returned", 0);
}

/* The kernel does not fault: a system call the callee makes on memory an argument points
 * into must find it open.  The argument pages the callee holds a capability for open as it
 * enters (and as it is returned to), until its thread's next transition. */
#define ARG_SPAN ((uintptr_t)64 << 10)
void cap_open_args(struct c18n_thread *t, const struct tframe *f)
{
	for (int i = 0; i < 6; i++) {
		uintptr_t p = f->args[i];
		struct iso_owner w;
		struct cap_why why = { "?", 0, 0, 0 };
		if (p < 4096 || !iso_owner_of(p, &w) || w.comp == f->callee || w.kind == OWN_CODE ||
		    iso_owner_open(&w) || !cap_check(t, f->callee, p, 1, &why))
			continue;
		uintptr_t hi = why.hi > p ? why.hi : p + 1;
		if (hi > p + ARG_SPAN)
			hi = p + ARG_SPAN;
		if (hi > w.hi)
			hi = w.hi;
		iso_open_temp_range(t, &w, ALIGN_DOWN(p, rtld_pagesize), ALIGN_UP(hi, rtld_pagesize));
	}
}

/* ---- checking ---- */
/* The stack object p points at, when a frame passed it: from p to the top of its stack (the
 * frames of the compartment that passed it, and of those that called it there). */
static int in_stack_obj(uintptr_t p, uintptr_t a, size_t n, const struct iso_owner *w,
			const struct tframe *f)
{
	if (!w->stack || p < w->lo || p >= w->hi)
		return 0;
	if (p < f->rsp && w->stack->comp == f->caller)
		return 0; /* below the caller's stack pointer: dead, not a live object */
	return a >= p && a + n <= w->hi;
}

/* Stack capabilities: a frame at or below top passed a stack object covering [a, a+n), and
 * its caller held it (its own stack, or an object an earlier frame passed).  The active frames
 * of a thread form the chain of calls that leads to the current compartment, and a callee
 * holds what the calls above it were passed for as long as they last: pointers to those
 * objects travel through the heap too, where nothing tags them (c18n(7)).  depth bounds the
 * delegation chain. */
static int frame_holds(struct c18n_thread *t, const struct tframe *top, long comp, uintptr_t a,
		       size_t n, const struct iso_owner *w, int depth, struct cap_why *why)
{
	if (depth > 16)
		return 0;
	for (const struct tframe *f = top; (const char *)f >= t->tstack_base; f--) {
		uintptr_t cand[6 + TF_NSARGS];
		size_t nc = 0;
		for (int i = 0; i < 6; i++)
			cand[nc++] = f->args[i];
		for (uint32_t i = 0; i < f->nsarg && i < TF_NSARGS; i++)
			cand[nc++] = f->sargs[i];
		for (size_t i = 0; i < nc; i++) {
			if (!in_stack_obj(cand[i], a, n, w, f))
				continue;
			/* the caller passed it: its own stack, or a capability it held then */
			if (w->stack->comp == f->caller ||
			    frame_holds(t, f - 1, f->caller, cand[i], 1, w, depth + 1, NULL)) {
				if (why) {
					why->origin = "argument";
					why->lo = cand[i];
					why->hi = w->hi;
					why->holder = comp;
				}
				return 1;
			}
		}
	}
	return 0;
}

static int direct(struct c18n_thread *t, long comp, uintptr_t a, size_t n,
		  const struct iso_owner *w, struct cap_why *why)
{
	for (size_t i = 0; i < nglobals; i++)
		if (a >= globals[i].lo && a + n <= globals[i].hi) {
			*why = (struct cap_why){ "global", globals[i].lo, globals[i].hi, comp };
			return 1;
		}
	if (data_kind(w->kind) && w->obj) {
		uintptr_t lo, hi;
		const char *name;
		/* an object another compartment exports: dlsym would hand anyone a capability */
		if (bounds_exported(w->obj, a, &lo, &hi, &name) && a + n <= hi) {
			*why = (struct cap_why){ "exported", lo, hi, comp };
			return 1;
		}
		bounds_of(w->obj, a, &lo, &hi, &name);
		const struct cap *c = cfind(comp, lo);
		if (!c) { /* an import's bounds come from the definition, which may start lower */
			for (size_t j = 0; j < capcap; j++)
				if (caps[j].holder == comp && a >= caps[j].lo && a + n <= caps[j].hi) {
					c = &caps[j];
					break;
				}
		}
		if (c && a >= c->lo && a + n <= c->hi) {
			*why = (struct cap_why){ c->origin, c->lo, c->hi, comp };
			return 1;
		}
	}
	if (w->kind == OWN_STACK && t && t->tstack > t->tstack_base &&
	    frame_holds(t, (const struct tframe *)(t->tstack - TF_SIZE), comp, a, n, w, 0, why))
		return 1;
	return 0;
}

/* Tagged words: held objects containing a relocated pointer to what a lies in. */
struct held {
	uintptr_t lo, hi;
	long owner;
	struct obj *obj;
};

static int via_tags(struct c18n_thread *t, long comp, uintptr_t a, size_t n,
		    const struct iso_owner *w, struct cap_why *why)
{
	if (!data_kind(w->kind) || !w->obj)
		return 0;
	uintptr_t tlo, thi;
	const char *tname;
	bounds_of(w->obj, a, &tlo, &thi, &tname);
	if (a + n > thi)
		return 0;
	/* the objects comp holds outside its own memory, then what their tagged words reach */
	size_t cap = 64, nh = 0;
	struct held *h = rtld_alloc(cap * sizeof *h);
	if (!h)
		return 0;
	for (size_t i = 0; i < nglobals && nh < cap; i++) {
		struct iso_owner o;
		if (iso_owner_of(globals[i].lo, &o))
			h[nh++] = (struct held){ globals[i].lo, globals[i].hi, o.comp, o.obj };
	}
	for (size_t j = 0; j < capcap && nh < cap; j++)
		if (caps[j].holder == comp && caps[j].obj && caps[j].obj->comp)
			h[nh++] = (struct held){ caps[j].lo, caps[j].hi, caps[j].obj->comp->id,
						 caps[j].obj };
	int found = 0;
	for (size_t i = 0; i < nh && !found; i++) {
		struct obj *o = h[i].obj;
		if (!o || !o->iso || !o->iso->tags)
			continue;
		for (uintptr_t p = ALIGN_UP(h[i].lo, 8); p + 8 <= h[i].hi && !found; p += 8) {
			if (!tagged(o, p))
				continue;
			uintptr_t v;
			if (iso_read(p, &v, 8) < 0)
				continue;
			struct iso_owner vo;
			if (!iso_owner_of(v, &vo) || !data_kind(vo.kind) || !vo.obj)
				continue;
			uintptr_t lo, hi;
			const char *name;
			bounds_of(vo.obj, v, &lo, &hi, &name);
			/* the word's owner could have made it: its own memory, or one it holds */
			int ok = vo.comp == h[i].owner;
			if (!ok && h[i].owner >= 0) {
				struct cap_why dummy;
				ok = direct(t, h[i].owner, v, 1, &vo, &dummy);
			}
			if (!ok)
				continue;
			if (lo == tlo) {
				*why = (struct cap_why){ "tagged", lo, hi, comp };
				found = 1;
			} else if (nh < cap) {
				int dup = 0;
				for (size_t k = 0; k < nh; k++)
					dup |= h[k].lo == lo && h[k].obj == vo.obj;
				if (!dup)
					h[nh++] = (struct held){ lo, hi, vo.comp, vo.obj };
			}
		}
	}
	rtld_free(h);
	return found;
}

/* What the arguments of the active calls lead to: a word in the memory they point at, or a
 * few steps further, that points at the object at a.  Pointers laid out at run time (a tree's
 * nodes in the heap pointing back at its header on the caller's stack, an interpreter's
 * state pointing at its frames) carry no tag here, where CHERI would carry their
 * capabilities; the callee reaching them through what it was given is taken to hold them.
 * Only at a check, never at a transition: REACH_WORDS words at what an argument points at and
 * at what that points at, REACH_NODE further on (tree and list nodes), REACH_DEPTH steps, at
 * most REACH_PTRS pointers followed. */
#define REACH_WORDS 64
#define REACH_NODE 8
#define REACH_DEPTH 32
#define REACH_PTRS 1024
static int reaches(uintptr_t v, uintptr_t a, const struct iso_owner *w, uintptr_t olo,
		   uintptr_t ohi)
{
	if (w->stack)
		return v >= w->lo && v <= a && a < w->hi;
	return v >= olo && v < ohi;
}

static int via_reach(struct c18n_thread *t, uintptr_t a, const struct iso_owner *w,
		     struct cap_why *why)
{
	if (!t || t->tstack <= t->tstack_base)
		return 0;
	uintptr_t olo = 0, ohi = 0;
	const char *name;
	if (!w->stack) {
		if (!w->obj)
			return 0;
		bounds_of(w->obj, a, &olo, &ohi, &name);
	}
	/* depth first, each object's words in order (a tree node's parent link comes first:
	 * climbing to the root finds a header that lives elsewhere soonest); seen: every
	 * pointer pushed, so that none is visited twice */
	struct reach {
		uintptr_t p;
		int depth;
	} *st = rtld_alloc(REACH_PTRS * sizeof *st);
	uintptr_t *seen = rtld_alloc(REACH_PTRS * sizeof *seen);
	size_t nst = 0, nseen = 0;
	int found = 0;
	if (!st || !seen)
		goto out;
	/* the latest call's first argument on top: searched first */
	for (const struct tframe *f = (const struct tframe *)t->tstack_base;
	     (const char *)f < t->tstack; f++) {
		int n = 6 + (int)(f->nsarg < TF_NSARGS ? f->nsarg : TF_NSARGS);
		for (int i = n; i-- > 0;) {
			uintptr_t p = i < 6 ? f->args[i] : f->sargs[i - 6];
			if (p >= 4096 && nst < REACH_PTRS && nseen < REACH_PTRS) {
				st[nst++] = (struct reach){ p, 0 };
				seen[nseen++] = p;
			}
		}
	}
	while (nst && !found) {
		struct reach r = st[--nst];
		uintptr_t base = ALIGN_DOWN(r.p, 8), next[REACH_WORDS];
		int nnext = 0;
		for (int k = 0; k < (r.depth > 1 ? REACH_NODE : REACH_WORDS); k++) {
			uintptr_t v;
			if (peek(base + 8 * (uintptr_t)k, &v) < 0)
				break;
			if (v < 4096)
				continue;
			if (reaches(v, a, w, olo, ohi)) {
				*why = (struct cap_why){ "reached", w->stack ? v : olo,
							 w->stack ? w->hi : ohi, -1 };
				found = 1;
				break;
			}
			if (r.depth + 1 >= REACH_DEPTH || (v & 7) || nseen == REACH_PTRS)
				continue;
			int dup = 0;
			for (size_t j = 0; j < nseen && !dup; j++)
				dup = seen[j] == v;
			if (!dup) {
				seen[nseen++] = v;
				next[nnext++] = v;
			}
		}
		while (nnext > 0 && nst < REACH_PTRS) /* (the first word's on top) */
			st[nst++] = (struct reach){ next[--nnext], r.depth + 1 };
	}
out:
	if (!found)
		DEBUG(DBG_ISOLATION, "0x%lx not reached from the calls' arguments (%zu pointers "
		      "followed)", (unsigned long)a, nseen);
	rtld_free(st);
	rtld_free(seen);
	return found;
}

int cap_check_overlap(struct c18n_thread *t, long comp, uintptr_t a, size_t n,
		      struct cap_why *why)
{
	/* objects are at least 1 byte and the window is small: probe each 8-byte step, and
	 * the last byte */
	for (size_t k = 0; k < n; k += 8)
		if (cap_check(t, comp, a + k, 1, why))
			return 1;
	return cap_check(t, comp, a + n - 1, 1, why);
}

/* A copy of the owner's variable that comp owns or holds (the program's copy of std::cout):
 * what the owner stored in it (its own pointers, at run time) comp may follow, as under
 * CHERI the variable would be the owner's and the pointers its capabilities. */
static int via_copies(struct c18n_thread *t, long comp, uintptr_t a, const struct iso_owner *w,
		      struct cap_why *why)
{
	if (!data_kind(w->kind) || !w->obj || !ncopies)
		return 0;
	uintptr_t lo, hi;
	const char *name;
	bounds_of(w->obj, a, &lo, &hi, &name);
	for (size_t i = 0; i < ncopies; i++) {
		const struct copyrec *c = &copies[i];
		if (!c->def->comp || c->def->comp->id != w->comp)
			continue;
		struct iso_owner co;
		struct cap_why dummy;
		if (!iso_owner_of(c->lo, &co) ||
		    (co.comp != comp && !direct(t, comp, c->lo, c->hi - c->lo, &co, &dummy)))
			continue;
		for (uintptr_t p = ALIGN_UP(c->lo, 8); p + 8 <= c->hi; p += 8) {
			uintptr_t v;
			if (iso_read(p, &v, 8) == 0 && v >= lo && v < hi) {
				*why = (struct cap_why){ "copy", lo, hi, comp };
				return 1;
			}
		}
	}
	return 0;
}

int cap_check(struct c18n_thread *t, long comp, uintptr_t a, size_t n, struct cap_why *why)
{
	struct iso_owner w;
	if (!n)
		n = 1;
	if (!iso_owner_of(a, &w))
		return 1; /* not a compartment's memory */
	if (w.comp == comp)
		return 1;
	iso_lock();
	int r = direct(t, comp, a, n, &w, why) || via_tags(t, comp, a, n, &w, why) ||
		via_copies(t, comp, a, &w, why) || via_reach(t, a, &w, why);
	iso_unlock();
	return r;
}

/* For a report: the capability comp holds in o nearest to a (an import a read ran past). */
int cap_nearest(long comp, struct obj *o, uintptr_t a, struct cap_why *why)
{
	int found = 0;
	uintptr_t best = UINTPTR_MAX;
	iso_lock();
	for (size_t j = 0; j < capcap; j++) {
		const struct cap *c = &caps[j];
		if (c->holder != comp || c->obj != o)
			continue;
		uintptr_t d = a >= c->hi ? a - c->hi : a < c->lo ? c->lo - a : 0;
		if (d < best) {
			best = d;
			*why = (struct cap_why){ c->origin, c->lo, c->hi, comp };
			found = 1;
		}
	}
	iso_unlock();
	return found && best < 4096;
}

/* ---- dlclose ---- */
/* The table again with only the capabilities keep() keeps. */
static void rebuild(int (*keep)(const struct cap *, const void *), const void *arg)
{
	struct cap *old = caps;
	size_t oldn = capcap;
	caps = NULL;
	capcap = ncaps = 0;
	crehash(oldn ? oldn : 256);
	for (size_t i = 0; i < oldn; i++)
		if (old[i].holder != -1 && keep(&old[i], arg))
			cinsert(&old[i]);
	rtld_free(old);
}

static int not_into(const struct cap *c, const void *o) { return c->obj != o; }

void cap_forget_object(struct obj *o)
{
	iso_lock();
	rebuild(not_into, o);
	size_t k = 0;
	for (size_t i = 0; i < nglobals; i++)
		if (!(globals[i].lo >= o->map_start && globals[i].lo < o->map_end))
			globals[k++] = globals[i];
	nglobals = k;
	k = 0;
	for (size_t i = 0; i < ncopies; i++)
		if (copies[i].def != o && !(copies[i].lo >= o->map_start && copies[i].lo < o->map_end))
			copies[k++] = copies[i];
	ncopies = k;
	iso_unlock();
}
