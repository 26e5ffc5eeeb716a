/*
 * memory.c: what each compartment owns, and the switch that opens the callee's memory and
 * closes the caller's at every transition (LD_C18N_ISOLATE, c18n(7)).
 *
 * A compartment owns the code of its objects (their executable segments), their writable data
 * (the writable segments past RELRO: .data, .bss) and its stacks: a compartment stack per
 * thread (trampolines/tramp.c) and, for the program, the main thread's own stack below the
 * arguments and environment.  Read-only segments (headers, .rodata, RELRO), entry pages, the
 * heap, TLS and the trusted base stay accessible to every compartment; so does reading a
 * closed compartment's code (closed_prot: read-only data may share its pages; code alone is
 * closed and fault.c opens a page that is read), never executing it.
 *
 * The protection state follows the threads: a compartment's code and data are open while at
 * least one thread runs in it (nactive > 0; exact with one thread, the union with several, as
 * mprotect is process-wide); a compartment stack is open exactly while its own thread runs in
 * its compartment.  Pages a capability check admitted (fault.c) are open for one thread until
 * its next transition.
 *
 * Must stay true:
 *  - A thread's current compartment and the counts change together, under iso_lock; a hook
 *    that a signal handler's transition interrupts on the same thread (the lock is recursive)
 *    finds a consistent picture, and enter/leave pairs nest.
 *  - Nothing is closed that the thread still stands on: the hooks run on the thread's hook
 *    stack (tramp.S), and the caller's stack closes only after the arguments are copied.
 *  - Whatever the state, a fault on memory the faulting thread's own compartment owns is
 *    repaired silently (fault.c): a race between threads never becomes a report.
 */
#include "iso.h"
#include "policy.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int iso_mode;

/* ---- the lock: recursive per thread, usable from a signal handler ---- */
static struct c18n_thread *volatile lock_owner;
static int lock_depth;

void iso_lock(void)
{
	struct c18n_thread *me = thread_self();
	if (lock_owner == me) {
		lock_depth++;
		return;
	}
	for (;;) {
		struct c18n_thread *none = NULL;
		if (__atomic_compare_exchange_n(&lock_owner, &none, me, 0, __ATOMIC_ACQUIRE,
						__ATOMIC_RELAXED))
			break;
		/* The holder makes system calls (mprotect: microseconds) and may be preempted:
		 * with more threads than CPUs, spinning on would keep it off the CPU. */
		for (int spins = 0; __atomic_load_n(&lock_owner, __ATOMIC_RELAXED) != NULL;) {
			if (++spins < 64) {
				__builtin_ia32_pause();
			} else {
				sched_yield();
				spins = 0;
			}
		}
	}
	lock_depth = 1;
}

void iso_unlock(void)
{
	if (--lock_depth == 0)
		__atomic_store_n(&lock_owner, NULL, __ATOMIC_RELEASE);
}

/* ---- what compartments own ---- */
struct range {
	uintptr_t lo, hi;
	int prot;          /* when open */
	int closed;        /* when closed (closed_prot) */
	int kind;          /* OWN_CODE, OWN_DATA */
	struct obj *obj;
};
struct cmem {
	struct range *r;
	size_t n, cap;
	int nactive;       /* threads whose current compartment this is */
	int open;          /* its code and data are accessible */
	unsigned long closed_seq; /* iso_seq when it last closed */
};
static unsigned long iso_seq; /* counts the changes of any compartment's state */
static struct cmem *cmem;
static size_t ncmem;

/* Every closable range, sorted by lo, for ownership lookups. */
struct own_ent {
	uintptr_t lo, hi;
	long comp;
	int kind;
	int prot, closed;
	struct obj *obj;
	struct comp_stack *stack;
};
static struct own_ent *owns;
static size_t nowns, capowns;

static struct obj *main_obj;
#define MAIN_STACK_MAX ((uintptr_t)1 << 30) /* how far below its top a main stack can reach */
static uintptr_t shared_lo, shared_hi; /* the arguments and environment: everyone's */
static int started;

const char *iso_kind_name(int kind)
{
	static const char *const names[] = { "read", "write", "execute", "syscall" };
	return kind >= 0 && kind < (int)ARRAY_SIZE(names) ? names[kind] : "?";
}

int iso_parse_mode(const char *v)
{
	if (!*v || !strcmp(v, "0") || !strcmp(v, "off"))
		return ISO_OFF;
	if (!strcmp(v, "audit"))
		return ISO_AUDIT;
	if (!strcmp(v, "1") || !strcmp(v, "enforce"))
		return ISO_ENFORCE;
	return -1;
}

int iso_grain;

int iso_parse_grain(const char *v)
{
	if (!*v || !strcmp(v, "page"))
		return GRAIN_PAGE;
	if (!strcmp(v, "byte"))
		return GRAIN_BYTE;
	return -1;
}

struct obj *iso_main_obj(void) { return main_obj; }

/* The loader's tables grow under iso_lock with asynchronous signals held off (the hooks block
 * them): a copy, as rtld_realloc_array makes. */
static void *grow(void *p, size_t n, size_t cap, size_t elem)
{
	void *q = rtld_realloc_array(p, n, cap, elem);
	if (!q)
		rtld_fatal("out of memory for isolation");
	return q;
}

static int comp_closable(long c)
{
	return c >= 0 && (size_t)c < ncompartments && !compartments[c]->trusted;
}

static struct cmem *cm(long c)
{
	if (c < 0)
		return NULL;
	if ((size_t)c >= ncmem) {
		size_t n = ncompartments > (size_t)c + 1 ? ncompartments : (size_t)c + 1;
		n = n < 16 ? 16 : n * 2;
		cmem = grow(cmem, ncmem, n, sizeof *cmem);
		ncmem = n;
	}
	return &cmem[c];
}

static void own_insert(const struct own_ent *e)
{
	if (nowns == capowns) {
		size_t nc = capowns ? capowns * 2 : 64;
		owns = grow(owns, nowns, nc, sizeof *owns);
		capowns = nc;
	}
	size_t i = nowns;
	while (i > 0 && owns[i - 1].lo > e->lo) {
		owns[i] = owns[i - 1];
		i--;
	}
	owns[i] = *e;
	nowns++;
}

static void own_remove_if(int (*match)(const struct own_ent *, const void *), const void *arg)
{
	size_t k = 0;
	for (size_t i = 0; i < nowns; i++)
		if (!match(&owns[i], arg))
			owns[k++] = owns[i];
	nowns = k;
}

int iso_owner_of(uintptr_t a, struct iso_owner *w)
{
	size_t lo = 0, hi = nowns;
	while (lo < hi) { /* last entry with owns.lo <= a */
		size_t mid = lo + (hi - lo) / 2;
		if (owns[mid].lo <= a)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return 0;
	const struct own_ent *e = &owns[lo - 1];
	uintptr_t top = e->hi;
	if (e->stack && e->stack->main_stack)
		top = e->stack->hi;
	if (a >= top || (e->stack && a < e->stack->lo))
		return 0;
	if (w) {
		w->kind = e->kind;
		w->comp = e->comp;
		w->obj = e->obj;
		w->stack = e->stack;
		w->lo = e->stack ? e->stack->lo : e->lo;
		w->hi = top;
		w->prot = e->prot;
		w->closed = e->closed;
	}
	return 1;
}

/* ---- opening and closing ---- */
unsigned long iso_nprotect; /* mprotect calls isolation made (statistics, bench) */

static void protect(uintptr_t lo, uintptr_t hi, int prot)
{
	if (hi <= lo)
		return;
	__atomic_add_fetch(&iso_nprotect, 1, __ATOMIC_RELAXED);
	if (mprotect((void *)lo, hi - lo, prot) < 0 && errno != ENOMEM) {
		rtld_dprintf(2, "%s: isolation: cannot protect 0x%lx-0x%lx: %s\n", RTLD_NAME,
			     (unsigned long)lo, (unsigned long)hi, strerror(errno));
		_exit(127);
	}
}

static void reopen_pins(uintptr_t lo, uintptr_t hi);

/* A range that opens and closes at every transition is made a mapping of its own, once: with
 * a flag its neighbours lack (VM_NOHUGEPAGE: these ranges are a few pages, transparent huge
 * pages could not serve them anyway), the kernel neither merges it into the mappings around
 * it when it closes (an object's code, between its headers and .rodata, becomes read-only
 * like them; the main thread's stack below the arguments) nor splits it out of them again
 * when it opens.  Left unflagged, each mprotect of a transition does both. */
static void keep_apart(uintptr_t lo, uintptr_t hi)
{
	if (hi > lo)
		madvise((void *)lo, hi - lo, MADV_NOHUGEPAGE);
}

/* What a closed region of a compartment still allows: nothing, but for code that shares its
 * pages with read-only data (linkers put .rodata, .dynstr and the headers in the text segment
 * of objects built without -z separate-code, and read-only data is every compartment's):
 * that stays readable, never executable.  Code alone (obj.code_only) closes to reads too,
 * though reading it is allowed (fault.c opens the page read-only): a page that comes back
 * from no access needs no TLB flush, one that only turns executable again does, and for an
 * object of a few hundred pages of code that flush is a full one. */
static int closed_prot(const struct obj *o, size_t phndx, int kind, int prot)
{
	if (kind != OWN_CODE || !(prot & PROT_READ) || (phndx < 64 && (o->code_only >> phndx) & 1))
		return PROT_NONE;
	return PROT_READ;
}

static void set_comp_open(long c, int open)
{
	struct cmem *m = cm(c);
	if (m->open == open)
		return;
	for (size_t i = 0; i < m->n; i++) {
		protect(m->r[i].lo, m->r[i].hi, open ? m->r[i].prot : m->r[i].closed);
		if (!open)
			reopen_pins(m->r[i].lo, m->r[i].hi);
	}
	m->open = open;
	DEBUG(DBG_ISOLATION, "%s %s (%d threads in it)", open ? "open" : "close",
	      compartments[c]->name, m->nactive);
	if (!open)
		m->closed_seq = ++iso_seq;
}

/* Threads that have made a transition (the ones that can run compartment code). */
static int nthreads;

void iso_thread_born(struct c18n_thread *t)
{
	__atomic_add_fetch(&nthreads, 1, __ATOMIC_RELAXED);
	guard_thread_born(t);
}

/* A thread ends: its pins go (their addresses may be mapped again for something else). */
static void close_temp(struct c18n_thread *t);
void iso_thread_gone(struct c18n_thread *t)
{
	__atomic_sub_fetch(&nthreads, 1, __ATOMIC_RELAXED);
	iso_lock();
	close_temp(t);
	iso_unlock();
	guard_thread_gone(t);
}

/* With one thread, code of a closed compartment never runs.  With several, a thread may call
 * into a compartment's code while another thread has it open, with no fault and so with no
 * transition; it runs on as the compartment it called from (fault.c), and may find that code
 * closed under it at any instruction, on any path (a return, a call through its PLT), long
 * after: no state of the thread's tells such a continuation from a jump.  So with several
 * threads, any compartment that has been open may be in that state (c18n(7) says what this
 * does to the execute check). */
int iso_maybe_entered(struct c18n_thread *t, long c)
{
	(void)t;
	if (!comp_closable(c) || __atomic_load_n(&nthreads, __ATOMIC_RELAXED) <= 1)
		return 0;
	struct cmem *m = cm(c);
	return m->open || m->closed_seq > 0;
}

/* ---- unwinding ---- */
/* An unwinder walks its thread's stacks by reading them: the trusted base's (libgcc_s: C++
 * exceptions, backtrace(3)) from the first fault it takes on one until the thread's next
 * transition, and libunwind, which probes each address with a system call first (it takes a
 * closed page for the end of the stack), while the thread is inside it: that thread's stacks
 * are open for reading meanwhile. */
static int comp_unwinder(long c)
{
	if (c < 0 || (size_t)c >= ncompartments)
		return 0;
	struct compartment *k = compartments[c];
	for (size_t i = 0; i < k->nobjs; i++)
		if (k->objs[i]->soname && !strncmp(k->objs[i]->soname, "libunwind", 9))
			return 1;
	return 0;
}

static void stacks_readable(struct c18n_thread *t, int on);
void iso_stacks_readable(struct c18n_thread *t)
{
	iso_lock();
	stacks_readable(t, 1);
	iso_unlock();
}

static void stacks_readable(struct c18n_thread *t, int on)
{
	if (!on && !t->iso.unwinder_reads)
		return;
	t->iso.unwinder_reads = on;
	for (struct comp_stack *s = t->stack_mem; s; s = s->next) {
		if (!comp_closable(s->comp) || s->ro == on)
			continue; /* (a stack made since may not be readable yet) */
		s->ro = on;
		if (!s->open) {
			protect(s->lo, s->hi, on ? PROT_READ : PROT_NONE);
			reopen_pins(s->lo, s->hi);
		}
	}
}

/* The main thread's stack grows: what lies below the lowest stack pointer seen so far is
 * taken in when the program leaves its compartment. */
static void main_stack_low(struct comp_stack *s, uintptr_t sp)
{
	uintptr_t p = ALIGN_DOWN(sp, rtld_pagesize);
	/* (a transition made from the hook stack, or a signal stack, says nothing of it) */
	if (p < s->lo && sp < s->hi && s->hi - sp < MAIN_STACK_MAX)
		s->lo = p;
}

static void set_stack_open(struct comp_stack *s, int open)
{
	if (!s || s->open == open)
		return;
	protect(s->lo, s->hi, open ? PROT_READ | PROT_WRITE : s->ro ? PROT_READ : PROT_NONE);
	if (!open)
		reopen_pins(s->lo, s->hi);
	s->open = open;
}

static struct comp_stack *stack_for(struct c18n_thread *t, long comp)
{
	for (struct comp_stack *s = t->stack_mem; s; s = s->next)
		if (s->comp == comp)
			return s;
	return NULL;
}

/* A compartment stack is closed exactly while frames of its compartment wait on it for calls
 * out of it to return and its compartment is not running on the thread: what its callees must
 * not see.  A stack with no live frames (its calls all returned) holds only what finished
 * calls left, and stays open: a transition then changes one stack, not two. */
static void stack_settle(struct comp_stack *s)
{
	if (s)
		set_stack_open(s, s->users > 0 || s->suspended <= 0);
}

/* Thread t enters (resumes, when `resumed') compartment c. */
static void activate(struct c18n_thread *t, long c, int resumed)
{
	if (!comp_closable(c))
		return;
	struct cmem *m = cm(c);
	m->nactive++;
	if (!m->open)
		set_comp_open(c, 1);
	struct comp_stack *s = stack_for(t, c);
	if (s) {
		s->users++;
		if (resumed && s->suspended > 0)
			s->suspended--;
		stack_settle(s);
	}
}

/* Thread t leaves compartment c, calling out of it when `calls' (at sp), else returning. */
static void deactivate(struct c18n_thread *t, long c, int calls, uintptr_t sp)
{
	if (!comp_closable(c))
		return;
	struct cmem *m = cm(c);
	if (m->nactive > 0)
		m->nactive--;
	if (!m->nactive)
		set_comp_open(c, 0);
	struct comp_stack *s = stack_for(t, c);
	if (s) {
		if (s->main_stack && calls)
			main_stack_low(s, sp);
		if (s->users > 0)
			s->users--;
		s->suspended += calls;
		stack_settle(s);
	}
}

int iso_owner_open(const struct iso_owner *w)
{
	return w->stack ? w->stack->open : cm(w->comp)->open;
}

/* Ranges a thread opened beyond its compartment (capability checks, argument pages), until
 * its next transition: pinned, so that closing a compartment because another thread left it
 * leaves them open (a system call of the thread's may be using one: the kernel faults as
 * EFAULT, where no handler can open it again). */
struct pin {
	struct c18n_thread *t;
	uintptr_t lo, hi;
	int prot;
};
static struct pin *pins;
static size_t npins, cappins;

/* Open again the pins inside [lo, hi) (after it was closed). */
static void reopen_pins(uintptr_t lo, uintptr_t hi)
{
	for (size_t i = 0; i < npins; i++) {
		uintptr_t a = pins[i].lo > lo ? pins[i].lo : lo;
		uintptr_t b = pins[i].hi < hi ? pins[i].hi : hi;
		if (a < b)
			protect(a, b, pins[i].prot);
	}
}

static void close_temp(struct c18n_thread *t)
{
	/* this thread's pins move to the end, past the others' */
	size_t k = 0;
	for (size_t i = 0; i < npins; i++)
		if (pins[i].t != t) {
			struct pin p = pins[k];
			pins[k++] = pins[i];
			pins[i] = p;
		}
	size_t had = npins;
	npins = k;
	/* what they opened closes, unless its owner is open, or another thread's pin holds it */
	for (size_t i = k; i < had; i++) {
		struct iso_owner w;
		if (!iso_owner_of(pins[i].lo, &w) || iso_owner_open(&w))
			continue;
		protect(pins[i].lo, pins[i].hi, w.closed);
		reopen_pins(pins[i].lo, pins[i].hi);
		DEBUG(DBG_ISOLATION, "close 0x%lx-0x%lx of %s again", (unsigned long)pins[i].lo,
		      (unsigned long)pins[i].hi, compartments[w.comp]->name);
	}
}

void iso_open_temp_range(struct c18n_thread *t, const struct iso_owner *w, uintptr_t lo,
			 uintptr_t hi)
{
	iso_lock();
	for (size_t i = 0; i < npins; i++)
		if (pins[i].t == t && pins[i].lo <= lo && pins[i].hi >= hi) {
			iso_unlock(); /* this thread has it open already */
			return;
		}
	protect(lo, hi, w->prot);
	if (npins == cappins) {
		size_t nc = cappins ? cappins * 2 : 64;
		pins = grow(pins, npins, nc, sizeof *pins);
		cappins = nc;
	}
	pins[npins++] = (struct pin){ t, lo, hi, w->prot };
	iso_unlock();
}

void iso_step_open(struct c18n_thread *t, const struct iso_owner *w, uintptr_t a)
{
	uintptr_t p = ALIGN_DOWN(a, rtld_pagesize);
	iso_lock();
	if (t->iso.nstep < (int)ARRAY_SIZE(t->iso.step_page)) {
		t->iso.step_page[t->iso.nstep++] = p;
		protect(p, p + rtld_pagesize, w->prot);
	}
	iso_unlock();
}

void iso_step_close(struct c18n_thread *t)
{
	iso_lock();
	for (int i = 0; i < t->iso.nstep; i++) {
		uintptr_t p = t->iso.step_page[i];
		struct iso_owner w;
		/* (unless its owner is open meanwhile: a transition made by the instruction) */
		if (iso_owner_of(p, &w) && !iso_owner_open(&w)) {
			protect(p, p + rtld_pagesize, w.closed);
			reopen_pins(p, p + rtld_pagesize);
		}
	}
	t->iso.nstep = 0;
	iso_unlock();
}

void iso_open_temp(struct c18n_thread *t, const struct iso_owner *w, uintptr_t a)
{
	uintptr_t p = ALIGN_DOWN(a, rtld_pagesize);
	iso_open_temp_range(t, w, p, p + rtld_pagesize);
}

/* ---- transitions ---- */
void c18n_trace_call(const struct tframe *f);
void c18n_trace_return(const struct tframe *f);
void cap_note_args(struct tframe *f, const uintptr_t *regs, const char *stackargs,
		   uint32_t nstack);
void cap_note_return(struct tframe *f, uintptr_t rax, uintptr_t rdx);

/* Asynchronous signals wait while a transition changes the protection state and the
 * thread's trusted state (tramp.S defers them around each hook, signals.c): a handler's
 * transition would otherwise find them half changed.  Faults stay deliverable (the hooks' own
 * accesses to memory a race closed are repaired by fault.c). */

static void copy_bytes(void *dst, const void *src, size_t n)
{
	__asm__ volatile("rep movsb" : "+D"(dst), "+S"(src), "+c"(n) : : "memory");
}

/* argument registers as SAVE_ARG_REGS (argregs.h) stores them */
enum { SAVED_RAX, SAVED_RCX, SAVED_RDX, SAVED_RSI, SAVED_RDI, SAVED_R8, SAVED_R9 };

void c18n_iso_enter(struct tframe *f, char *dst, size_t w, uint32_t nstack,
		    const uintptr_t *regs)
{
	struct c18n_thread *t = thread_self();
	guard_enter(t, f); /* (before anything trusts the frame the assembly filled) */
	guard_check_export(t, f);
	long from = f->caller, to = f->callee;
	if (trace_active())
		c18n_trace_call(f);
	iso_lock();
	t->iso.in_hook++;
	activate(t, to, 0);
	/* (not libc's memcpy: a fault in it would be a compartment's, not the loader's) */
	copy_bytes(dst, (const char *)f->rsp + 8, nstack);
	((uintptr_t *)(dst + w))[0] = (uintptr_t)f;
	((uintptr_t *)(dst + w))[1] = f->desc->target;
	uintptr_t args[6] = { regs[SAVED_RDI], regs[SAVED_RSI], regs[SAVED_RDX],
			      regs[SAVED_RCX], regs[SAVED_R8], regs[SAVED_R9] };
	cap_note_args(f, args, (const char *)f->rsp + 8, nstack);
	close_temp(t);
	f->hooktop = (uintptr_t)t->hook_top; /* (as the assembly stores it after the hook) */
	guard_commit_enter(t, f, (uintptr_t)dst);
	t->cur_comp = to;
	deactivate(t, from, 1, f->rsp);
	cap_open_args(t, f);
	stacks_readable(t, comp_unwinder(to));
	t->iso.in_hook--;
	iso_unlock();
}

void c18n_iso_leave(struct tframe *f, uintptr_t rax, uintptr_t rdx)
{
	struct c18n_thread *t = thread_self();
	guard_pop(t, f);
	long from = f->callee, to = f->caller;
	if (trace_active())
		c18n_trace_return(f);
	iso_lock();
	t->iso.in_hook++;
	activate(t, to, 1);
	cap_note_return(f, rax, rdx);
	close_temp(t);
	t->cur_comp = to;
	deactivate(t, from, 0, 0);
	if ((const char *)(f - 1) >= t->tstack_base && f[-1].callee == to)
		cap_open_args(t, f - 1); /* back in the callee of the call below */
	stacks_readable(t, comp_unwinder(to));

	t->iso.in_hook--;
	iso_unlock();
}

/* After longjmp (or anything else that popped trusted frames without their landing pads):
 * the thread now runs in t->cur_comp; its other compartments close. */
void iso_resync(struct c18n_thread *t)
{
	if (!iso_mode || !started)
		return;
	iso_lock();
	/* this thread's activations are now exactly one, of its current compartment, and its
	 * calls out of a compartment those its trusted stack still holds; a compartment's count
	 * is the sum of its threads' activations */
	for (struct comp_stack *s = t->stack_mem; s; s = s->next) {
		if (!comp_closable(s->comp))
			continue;
		int want = s->comp == t->cur_comp, suspended = 0;
		for (const struct tframe *f = (const struct tframe *)t->tstack_base;
		     (const char *)f < t->tstack; f++)
			suspended += f->caller == s->comp;
		struct cmem *m = cm(s->comp);
		m->nactive += want - s->users;
		if (m->nactive < 0)
			m->nactive = 0;
		s->users = want;
		s->suspended = suspended;
		set_comp_open(s->comp, m->nactive > 0);
		stack_settle(s);
	}
	close_temp(t);
	/* everything with no thread in it is closed, whole (a report may have opened pages) */
	for (size_t c = 0; c < ncmem && c < ncompartments; c++)
		if (comp_closable((long)c) && !cmem[c].nactive) {
			cmem[c].open = 1;
			set_comp_open((long)c, 0);
		}
	for (size_t i = 0; i < nowns; i++)
		if (owns[i].stack && !owns[i].stack->open) {
			protect(owns[i].stack->lo, owns[i].stack->hi, PROT_NONE);
			reopen_pins(owns[i].stack->lo, owns[i].stack->hi);
		}
	iso_unlock();
}

/* ---- objects ---- */
void iso_add_object(struct obj *o)
{
	if (!iso_mode || (o->flags & OBJ_HOST) || !o->comp || !comp_closable(o->comp->id))
		return;
	iso_lock();
	long c = o->comp->id;
	struct cmem *m = cm(c);
	/* the new memory is open; joining a closed compartment (a policy group), it closes */
	int was_closed = m->n > 0 && !m->open;
	uintptr_t relro_end = o->relro_size ? ALIGN_UP(o->lm.l_addr + o->relro_start +
						       o->relro_size, rtld_pagesize) : 0;
	for (size_t i = 0; i < o->phnum; i++) {
		const ElfW(Phdr) *ph = &o->phdr[i];
		if (ph->p_type != PT_LOAD || !(ph->p_flags & (PF_W | PF_X)))
			continue;
		uintptr_t lo = ALIGN_DOWN(o->lm.l_addr + ph->p_vaddr, rtld_pagesize);
		uintptr_t hi = ALIGN_UP(o->lm.l_addr + ph->p_vaddr + ph->p_memsz, rtld_pagesize);
		int prot = (ph->p_flags & PF_R ? PROT_READ : 0) | (ph->p_flags & PF_W ? PROT_WRITE : 0) |
			   (ph->p_flags & PF_X ? PROT_EXEC : 0);
		if ((ph->p_flags & PF_W) && relro_end > lo && relro_end <= hi)
			lo = relro_end; /* RELRO stays read-only, and readable by everyone */
		if (hi <= lo)
			continue;
		if (m->n == m->cap) {
			size_t nc = m->cap ? m->cap * 2 : 4;
			m->r = grow(m->r, m->n, nc, sizeof *m->r);
			m->cap = nc;
		}
		keep_apart(lo, hi);
		int kind = ph->p_flags & PF_X ? OWN_CODE : OWN_DATA;
		struct range r = { lo, hi, prot, closed_prot(o, i, kind, prot), kind, o };
		m->r[m->n++] = r;
		struct own_ent e = { lo, hi, c, r.kind, prot, r.closed, o, NULL };
		own_insert(&e);
		if (was_closed)
			protect(lo, hi, r.closed);
	}
	if (!was_closed && m->n)
		m->open = 1; /* iso_settle closes it if no thread runs there */
	iso_unlock();
}

static int own_is_obj(const struct own_ent *e, const void *o) { return e->obj == o; }

void iso_remove_object(struct obj *o)
{
	if (!iso_mode || !o->comp)
		return;
	iso_lock();
	struct cmem *m = o->comp ? cm(o->comp->id) : NULL;
	if (m) {
		size_t k = 0;
		for (size_t i = 0; i < m->n; i++)
			if (m->r[i].obj != o)
				m->r[k++] = m->r[i];
		m->n = k;
	}
	own_remove_if(own_is_obj, o);
	cap_forget_object(o);
	bounds_forget(o);
	iso_unlock();
}

/* Close every compartment no thread runs in (after start-up, after dlopen). */
void iso_settle(void)
{
	if (!iso_mode || !started)
		return;
	iso_lock();
	for (size_t c = 0; c < ncompartments; c++) {
		if (!comp_closable((long)c))
			continue;
		struct cmem *m = cm((long)c);
		if (!m->nactive && m->open)
			set_comp_open((long)c, 0);
	}
	iso_unlock();
}

void iso_open_all(void)
{
	iso_lock();
	for (size_t i = 0; i < nowns; i++) {
		const struct own_ent *e = &owns[i];
		if (e->stack)
			protect(e->stack->lo, e->stack->hi, PROT_READ | PROT_WRITE);
		else
			protect(e->lo, e->hi, e->prot);
	}
	iso_unlock();
}

/* ---- stacks ---- */
static int own_is_stack(const struct own_ent *e, const void *s) { return e->stack == s; }

void iso_stack_made(struct c18n_thread *t, struct comp_stack *s)
{
	(void)t;
	s->open = 1;
	if (!iso_mode || !comp_closable(s->comp))
		return;
	iso_lock();
	struct own_ent e = { s->lo, s->hi, s->comp, OWN_STACK, PROT_READ | PROT_WRITE, PROT_NONE,
			     NULL, s };
	own_insert(&e);
	iso_unlock();
}

void iso_stack_gone(struct comp_stack *s)
{
	if (!iso_mode)
		return;
	iso_lock();
	own_remove_if(own_is_stack, s);
	iso_unlock();
}

int iso_maps_line(uintptr_t a, char *out, size_t n)
{
	out[0] = 0;
	int fd = open("/proc/self/maps", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	char buf[8192], line[512];
	size_t ll = 0;
	ssize_t r;
	while ((r = read(fd, buf, sizeof buf)) > 0)
		for (ssize_t i = 0; i < r; i++) {
			if (buf[i] != '\n') {
				if (ll < sizeof line - 1)
					line[ll++] = buf[i];
				continue;
			}
			line[ll] = 0;
			ll = 0;
			unsigned long lo, hi;
			if (sscanf(line, "%lx-%lx", &lo, &hi) == 2 && a >= lo && a < hi)
				snprintf(out, n, "%s", line);
		}
	close(fd);
	return out[0] != 0;
}

/* The lowest address of the stack mapping holding sp, from /proc/self/maps. */
static uintptr_t stack_vma_lo(uintptr_t sp)
{
	char line[512];
	unsigned long lo;
	if (iso_maps_line(sp, line, sizeof line) && sscanf(line, "%lx-", &lo) == 1)
		return lo;
	return ALIGN_DOWN(sp, rtld_pagesize);
}

long *iso_handoff_stack(long *sp)
{
	if (!iso_mode)
		return sp;
	/* sp: argc, argv[], NULL, envp[], NULL, auxv pairs up to AT_NULL */
	long *p = sp + 1 + sp[0] + 1;
	while (*p)
		p++;
	p++;
	while (((ElfW(auxv_t) *)p)->a_type != AT_NULL)
		p += 2;
	p += 2;
	size_t bytes = (size_t)((char *)p - (char *)sp);
	/* well below this function's frame, which is still in use until the hand-off */
	char here;
	uintptr_t at = ALIGN_DOWN((uintptr_t)&here - 65536 - bytes, rtld_pagesize);
	memmove((void *)at, sp, bytes);
	/* What lies below is dead: the loader's own deepest frames (loading, relocation, DWARF).
	 * Dropped, the program's part of the stack starts with no pages but those its frames
	 * touch: every page there is changed on each transition out of the program and back,
	 * and what an mprotect costs grows with the resident pages it changes (under a
	 * paravirtualised kernel ~1.5 us a page); nor is what the loader left there the
	 * program's to read. */
	uintptr_t vlo = stack_vma_lo(at);
	if (vlo < at)
		madvise((void *)vlo, at - vlo, MADV_DONTNEED);
	shared_lo = at;
	shared_hi = ALIGN_UP((uintptr_t)sp + bytes, rtld_pagesize);
	return (long *)at;
}

/* ---- reading closed memory (checks and reports) ---- */
static int mem_fd = -1;

int iso_read(uintptr_t a, void *buf, size_t n)
{
	struct iso_owner w;
	if (!started || (!iso_owner_of(a, &w) && !iso_owner_of(a + n - 1, &w))) {
		memcpy(buf, (const void *)a, n);
		return 0;
	}
	if (mem_fd < 0)
		return -1;
	return rtld_read_at(mem_fd, buf, n, a);
}

/* ---- start ---- */
static void atfork_child(void)
{
	guard_atfork_child();
	nthreads = 1;
	/* the other threads' pins are gone with them */
	size_t k = 0;
	for (size_t i = 0; i < npins; i++) {
		struct iso_owner w;
		if (pins[i].t == thread_self())
			pins[k++] = pins[i];
		else if (iso_owner_of(pins[i].lo, &w) && !iso_owner_open(&w))
			protect(pins[i].lo, pins[i].hi, w.closed);
	}
	npins = k;
	/* this thread is the only one now: the counts are its own */
	lock_owner = NULL;
	lock_depth = 0;
	struct c18n_thread *t = thread_self();
	for (size_t c = 0; c < ncmem; c++)
		cmem[c].nactive = (long)c == t->cur_comp && comp_closable((long)c);
	for (size_t c = 0; c < ncmem && c < ncompartments; c++)
		if (comp_closable((long)c))
			set_comp_open((long)c, cmem[c].nactive > 0);
}

int iso_init(void)
{
	if (!iso_mode)
		return 0;
	if (!tramp_enabled)
		return rtld_error("isolation needs compartments (LD_C18N_ISOLATE with "
				  "--no-compartments or LD_C18N_DISABLE)");
	mem_fd = rtld_high_fd(open("/proc/self/mem", O_RDONLY | O_CLOEXEC));
	uintptr_t dlo, dhi;
	tramp_desc_range(&dlo, &dhi);
	if (guard_init(dlo, dhi) < 0)
		return -1;
	mediate_protect_fd(mem_fd);
	mediate_protect_fd(guard_fd());
	report_init();
	if (pthread_atfork(NULL, NULL, atfork_child) != 0)
		return rtld_error("cannot register the isolation fork handler");
	return 0;
}

/* The main thread's stack grows down on demand: a read of an unmapped address in the gap
 * below it makes the kernel extend the mapping, and while the program's compartment is
 * closed the new pages are closed too, below the range isolation knows and reopens -- the
 * thread later dies pushing onto them, with no signal frame possible.  Is a in that gap and
 * unmapped (mincore(2) looks without growing anything)?  The loader's probes skip it. */
static struct comp_stack *main_stack;

int iso_in_stack_gap(uintptr_t a)
{
	struct comp_stack *s = main_stack;
	if (!s || a >= s->lo || s->hi - a > MAIN_STACK_MAX)
		return 0;
	unsigned char v;
	return mincore((void *)ALIGN_DOWN(a, rtld_pagesize), 1, &v) < 0 && errno == ENOMEM;
}

void iso_start(struct obj *m, uintptr_t sp)
{
	if (!iso_mode)
		return;
	main_obj = m;
	struct c18n_thread *t = thread_self();
	long c = m->comp->id;
	/* the program's part of the main thread's stack: below its arguments */
	struct comp_stack *s = rtld_alloc(sizeof *s);
	s->lo = stack_vma_lo(sp);
	s->hi = shared_lo ? shared_lo : ALIGN_DOWN(sp, rtld_pagesize);
	s->comp = c;
	s->main_stack = 1;
	main_stack = s;
	keep_apart(s->lo, s->hi);
	s->next = t->stack_mem;
	t->stack_mem = s;
	iso_stack_made(t, s);
	iso_lock();
	cm(c)->nactive = 1;
	cm(c)->open = 1;
	s->users = 1;
	started = 1;
	iso_unlock();
	iso_settle();
	guard_seal(t, c);
	if (fault_install() < 0)
		rtld_fatal("%s", rtld_last_error());
}

/* ---- code of the loader and of the trusted base ---- */
extern char __executable_start[], etext[];
int iso_pc_is_loader(uintptr_t pc)
{
	return pc >= (uintptr_t)__executable_start && pc < (uintptr_t)etext;
}

int iso_pc_is_tcb(uintptr_t pc)
{
	struct obj *o = host_find_by_addr(pc);
	return o && !(o->flags & OBJ_RTLD);
}

int iso_pc_is_unwinder(uintptr_t pc)
{
	struct obj *o = host_find_by_addr(pc);
	return o && o->soname && !strncmp(o->soname, "libgcc_s.so", 11);
}
