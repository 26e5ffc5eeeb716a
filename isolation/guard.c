/*
 * guard.c: the loader's own state out of compartments' reach (c18n(7) "THE LOADER'S STATE").
 *
 * What a transition relies on lives where compartment code can write it: the current
 * compartment (%fs:TS_CUR), the trusted stack and its frames, the per-thread stack table and
 * the hook stack bounds sit in writable memory the trampoline assembly uses at full speed.
 * Making them read-only around every transition would cost two more mprotect calls a
 * transition.  Instead the guard keeps a shadow of each thread's trusted stack in memory that
 * no one can write -- mapped read-only and sealed (mseal), written by the loader alone through
 * its own descriptor of /proc/self/mem (one pwrite a transition, a fraction of an mprotect) --
 * and checks the live state against it before acting on it: at every transition hook, every
 * pop of a frame (longjmp, exceptions) and every capability check (fault.c, mediate.c ask
 * guard_current() for the running compartment instead of trusting TS_CUR).  A mismatch is a
 * violation of kind `write' on memory owned by [RTLD]: reported and fatal with enforce, before
 * any other compartment's code runs again; with audit the live state is taken as the new
 * truth and the program runs on.
 *
 * The same channel writes the trampoline descriptors (tramp.c) under isolation: they are
 * private read-only pages, sealed, with no writable alias anywhere in the address space.
 * The few values the checks start from (where the shadow and the descriptors lie, the
 * descriptor number) sit in one page of the loader's data, made read-only and sealed when
 * isolation starts.
 *
 * Shadow of thread t (a slot of the arena): a header (the thread, its base compartment, its
 * trusted stack and hook stack, the initial stack-table values) and one gframe per trusted
 * frame: a copy of the frame as the enter hook left it, the callee's window (the stack-table
 * value the call set), and `live'.  Frame k is live from its enter hook's commit to its pop;
 * the frame past the top is always dead.  tramp.S keeps asynchronous signals blocked from a
 * frame's first store to its commit and from its pop's commit to its last store, so that a
 * handler's transition always finds the live stack and the shadow in step.
 *
 * Must stay true:
 *  - With isolation off nothing here runs; with it on, nothing of the loader's acts on
 *    TS_CUR, a trusted frame or a stack-table slot that the guard has not checked since
 *    compartment code last ran on the thread.
 *  - Only guard_write() changes the shadow and the sealed page after isolation starts.
 *  - A forked child writes through a /proc/self/mem descriptor of its own (same number, made
 *    before its first write, see fd_ours): the shadow and descriptors are private mappings,
 *    so parent and child diverge safely.
 */
#include "iso.h"
#include "policy.h"

#include <errno.h>
#include <stdio.h>
#include <fcntl.h>
#include <pthread.h>
#include <stddef.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef SYS_mseal
#define SYS_mseal 462
#endif

#define GUARD_SLOTS 4096          /* threads alive at once under isolation */
#define GUARD_MAXC 1536           /* compartments whose initial stack-table value is kept */
#define GUARD_HDR 16384           /* header bytes of a slot */

struct gframe {
	uint64_t live;
	uintptr_t window;         /* the callee's stack-table value after the call */
	uint64_t pad[2];
	struct tframe f;
	uint64_t pad2[4];
};
_Static_assert(sizeof(struct gframe) == 256, "gframe");

struct gslot_hdr {
	uintptr_t thread;         /* the struct c18n_thread this slot belongs to, or 0 */
	long base;                /* the thread's compartment outside any transition */
	uintptr_t tstack_base;
	uintptr_t hook_lo, hook_hi;
	uintptr_t init[GUARD_MAXC]; /* the stack-table value a compartment starts with */
};
_Static_assert(sizeof(struct gslot_hdr) <= GUARD_HDR, "guard slot header");

struct gslot {
	struct gslot_hdr h;
	char pad[GUARD_HDR - sizeof(struct gslot_hdr)];
	struct gframe fr[TSTACK_FRAMES + 1];
};
#define SLOT_SIZE ALIGN_UP(sizeof(struct gslot), 4096)

/* The page of values the guard starts from: read-only and sealed once isolation starts. */
static union {
	struct {
		char *arena;      /* GUARD_SLOTS slots */
		int fd;           /* /proc/self/mem, read-write */
		uintptr_t desc_lo, desc_hi;
		uintptr_t main_thread;  /* the main thread's struct c18n_thread */
		long main_comp;         /* the program's compartment: the main thread's base */
	} v;
	char page[4096];
} sealed __attribute__((aligned(4096)));

static unsigned char slot_used[GUARD_SLOTS];
static int active;

/* ---- writing what only the loader may write ---- */
/* Whether sealed.v.fd reaches this process: a word on a page the kernel zeroes in any child
 * (MADV_WIPEONFORK), so that a process made by a raw clone (no fork handlers), which still
 * holds its parent's descriptor -- one that writes the parent's memory --, opens its own
 * before its first write, at the cost of a load. */
static volatile int *fd_ours;

static void reopen_mem(void)
{
	int fd = (int)syscall(SYS_openat, AT_FDCWD, "/proc/self/mem", O_RDWR | O_CLOEXEC);
	if (fd < 0 || dup3(fd, sealed.v.fd, O_CLOEXEC) < 0)
		rtld_fatal("/proc/self/mem: cannot reopen for the isolation guard in a new process");
	syscall(SYS_close, fd);
	*fd_ours = 1;
}

int guard_write(void *dst, const void *src, size_t n)
{
	if (!*fd_ours)
		reopen_mem();
	const char *s = src;
	uintptr_t d = (uintptr_t)dst;
	while (n) {
		/* (not libc's pwrite: a cancellation point, which would end a thread with a
		 * pending cancellation inside the loader) */
		ssize_t w = syscall(SYS_pwrite64, sealed.v.fd, s, n, (off_t)d);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			rtld_dprintf(2, "%s: cannot write the loader's protected state at 0x%lx: "
					"%s\n", RTLD_NAME, (unsigned long)d,
				     w < 0 ? strerror(errno) : "short write");
			_exit(127);
		}
		s += w;
		d += (size_t)w;
		n -= (size_t)w;
	}
	return 0;
}

static int mseal_range(void *p, size_t n) { return (int)syscall(SYS_mseal, p, n, 0UL); }

int guard_init(uintptr_t desc_lo, uintptr_t desc_hi)
{
	int fd = rtld_high_fd(open("/proc/self/mem", O_RDWR | O_CLOEXEC));
	if (fd < 0)
		return rtld_error("/proc/self/mem: cannot open for the isolation guard: %s",
				  strerror(errno));
	size_t len = (size_t)GUARD_SLOTS * SLOT_SIZE;
	char *a = mmap(NULL, len, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (a == MAP_FAILED) {
		close(fd);
		return rtld_error("cannot reserve the isolation guard's memory (%zu MiB): %s",
				  len >> 20, strerror(errno));
	}
	fd_ours = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (fd_ours == MAP_FAILED || madvise((void *)fd_ours, 4096, MADV_WIPEONFORK) < 0) {
		close(fd);
		return rtld_error("cannot set up the isolation guard's fork detection: %s",
				  strerror(errno));
	}
	*fd_ours = 1;
	sealed.v.arena = a;
	sealed.v.fd = fd;
	sealed.v.desc_lo = desc_lo;
	sealed.v.desc_hi = desc_hi;
	return 0;
}

int guard_fd(void) { return sealed.v.arena ? sealed.v.fd : -1; }

/* The program is about to run: no more changes to the page; seal what never moves. */
void guard_seal(struct c18n_thread *main_thread, long main_comp)
{
	if (!sealed.v.arena)
		return;
	sealed.v.main_thread = (uintptr_t)main_thread;
	sealed.v.main_comp = main_comp;
	mseal_range(sealed.v.arena, (size_t)GUARD_SLOTS * SLOT_SIZE);
	if (sealed.v.desc_lo)
		mseal_range((void *)sealed.v.desc_lo, sealed.v.desc_hi - sealed.v.desc_lo);
	if (mprotect(&sealed, sizeof sealed, PROT_READ) == 0)
		mseal_range(&sealed, sizeof sealed);
	active = 1;
	if (main_thread->tstack_base)
		guard_thread_born(main_thread);
}

/* After fork (in the child): a descriptor of its own memory, under the same number. */
void guard_atfork_child(void)
{
	if (sealed.v.arena)
		reopen_mem();
}

/* ---- slots ---- */
static struct gslot *slot_at(size_t i)
{
	return (struct gslot *)(sealed.v.arena + i * SLOT_SIZE);
}

/* Thread t's slot, or NULL when it has none (yet).  t->iso.gslot is only a hint: the slot
 * must name t. */
static struct gslot *slot_of(struct c18n_thread *t)
{
	size_t i = t->iso.gslot;
	if (!active || i == 0 || i > GUARD_SLOTS)
		return NULL;
	struct gslot *s = slot_at(i - 1);
	return s->h.thread == (uintptr_t)t ? s : NULL;
}

/* Thread t has its trusted stack and hook stack (its first transition, or the start for the
 * main thread).  Its base compartment: the program's for the main thread; for another, the
 * one it runs in now (only the trusted base has run on it). */
void guard_thread_born(struct c18n_thread *t)
{
	if (!active || slot_of(t))
		return;
	long base = (uintptr_t)t == sealed.v.main_thread ? sealed.v.main_comp : t->cur_comp;
	iso_lock();
	size_t i;
	for (i = 0; i < GUARD_SLOTS && slot_used[i]; i++)
		;
	if (i == GUARD_SLOTS) {
		rtld_dprintf(2, "%s: isolation: more than %d threads at once\n", RTLD_NAME,
			     GUARD_SLOTS);
		_exit(127);
	}
	slot_used[i] = 1;
	iso_unlock();
	struct gslot *s = slot_at(i);
	struct gslot_hdr h;
	memset(&h, 0, offsetof(struct gslot_hdr, init));
	h.thread = (uintptr_t)t;
	h.base = base;
	h.tstack_base = (uintptr_t)t->tstack_base;
	h.hook_lo = (uintptr_t)t->hook_lo;
	h.hook_hi = (uintptr_t)t->hook_hi;
	guard_write(s, &h, offsetof(struct gslot_hdr, init));
	/* a slot used before holds a dead thread's values: its initial slots and frame 0 */
	static const uintptr_t zero[GUARD_MAXC];
	if (memcmp(s->h.init, zero, sizeof zero))
		guard_write(s->h.init, zero, sizeof zero);
	if (s->fr[0].live) {
		uint64_t dead = 0;
		guard_write(&s->fr[0].live, &dead, sizeof dead);
	}
	t->iso.gslot = i + 1;
}

void guard_thread_gone(struct c18n_thread *t)
{
	struct gslot *s = slot_of(t);
	if (!s)
		return;
	uintptr_t none = 0;
	guard_write(&s->h.thread, &none, sizeof none);
	iso_lock();
	slot_used[t->iso.gslot - 1] = 0;
	iso_unlock();
	t->iso.gslot = 0;
}

/* A compartment stack of t was made: comp's stack-table slot starts at value. */
void guard_stack_init(struct c18n_thread *t, long comp, uintptr_t value)
{
	struct gslot *s = slot_of(t);
	if (s && comp >= 0 && comp < GUARD_MAXC && s->h.init[comp] != value)
		guard_write(&s->h.init[comp], &value, sizeof value);
}

/* ---- violations ---- */
/* Audit: the live state, tampered with, becomes the shadow's (each change is reported once). */
static void resync(struct c18n_thread *t, struct gslot *s)
{
	const struct tframe *live = (const struct tframe *)t->tstack_base;
	if (t->tstack < t->tstack_base)
		return;
	size_t n = (size_t)(t->tstack - t->tstack_base) / TF_SIZE;
	if (n > TSTACK_FRAMES)
		return;
	for (size_t j = 0; j < n; j++) {
		struct gframe g;
		memset(&g, 0, sizeof g);
		g.live = 1;
		g.f = live[j];
		long c = live[j].callee;
		g.window = c >= 0 && (unsigned long)c < t->nstacks ? t->stacks[c] : 0;
		for (size_t i = j + 1; i < n; i++) {
			if (live[i].callee == c) {
				g.window = live[i].saved_callee_sp;
				break;
			}
			if (live[i].caller == c) {
				g.window = live[i].saved_sp;
				break;
			}
		}
		guard_write(&s->fr[j], &g, sizeof g);
	}
	uint64_t dead = 0;
	guard_write(&s->fr[n].live, &dead, sizeof dead);
	if (!n && s->h.base != t->cur_comp)
		guard_write(&s->h.base, &t->cur_comp, sizeof t->cur_comp);
	for (long c = 0; c < GUARD_MAXC && (unsigned long)c < t->nstacks; c++) {
		uintptr_t v = t->stacks[c];
		for (size_t j = 0; j < n; j++) {
			if (live[j].caller == c) {
				v = live[j].saved_sp;
				break;
			}
			if (live[j].callee == c) {
				v = live[j].saved_callee_sp;
				break;
			}
		}
		if (s->h.init[c] != v)
			guard_write(&s->h.init[c], &v, sizeof v);
	}
}

static void tampered(struct c18n_thread *t, long comp, const void *where, const char *what,
		     uintptr_t pc)
{
	struct iso_violation v = {
		.comp = comp,
		.kind = ISO_WRITE,
		.addr = (uintptr_t)where,
		.size = 8,
		.pc = pc,
		.detail = what,
	};
	v.owner.kind = OWN_LOADER;
	v.owner.comp = 0;
	report_count(&v);
	report_violation(&v, NULL);
	if (iso_mode == ISO_ENFORCE)
		fault_die();
	struct gslot *s = slot_of(t);
	if (s)
		resync(t, s);
}

/* The committed depth under live top frame index k: k when frame k-1 is live (or k is 0),
 * else -1 (tramp.S blocks asynchronous signals from a frame's first store to its commit, and
 * from its pop's commit to its last store, so no handler sees a frame in between). */
static long committed(const struct gslot *s, size_t k)
{
	return k == 0 || s->fr[k - 1].live ? (long)k : -1;
}

static long comp_at(const struct gslot *s, long depth)
{
	return depth > 0 ? s->fr[depth - 1].f.callee : s->h.base;
}

/* comp's stack-table value as the committed frames below depth left it. */
static uintptr_t slot_value(const struct gslot *s, long depth, long comp)
{
	for (long j = depth - 1; j >= 0; j--) {
		if (s->fr[j].f.caller == comp)
			return s->fr[j].f.rsp;
		if (s->fr[j].f.callee == comp)
			return s->fr[j].window;
	}
	return comp >= 0 && comp < GUARD_MAXC ? s->h.init[comp] : 0;
}

/* The running compartment of t, checked.  Tampering is reported (enforce does not return);
 * with audit the live value stands. */
long guard_current(struct c18n_thread *t, uintptr_t pc)
{
	struct gslot *s = slot_of(t);
	if (!s)
		return t->cur_comp;
	size_t k = (size_t)(t->tstack - t->tstack_base) / TF_SIZE;
	if ((uintptr_t)t->tstack_base != s->h.tstack_base || t->tstack < t->tstack_base ||
	    k > TSTACK_FRAMES || s->fr[k].live) {
		tampered(t, t->cur_comp, &t->tstack, "trusted stack pointer", pc);
		return t->cur_comp;
	}
	long d = committed(s, k);
	long want = d < 0 ? -1 : comp_at(s, d);
	if (t->cur_comp != want) {
		tampered(t, want >= 0 ? want : t->cur_comp, &t->cur_comp, "current compartment", pc);
		if (want >= 0)
			t->cur_comp = want; /* (audit: the access is checked as the thread's own) */
	}
	return t->cur_comp;
}

/* ---- transitions ---- */
static int desc_genuine(const struct tdesc *d)
{
	uintptr_t a = (uintptr_t)d;
	return a >= sealed.v.desc_lo && a + TD_SIZE <= sealed.v.desc_hi &&
	       (a - sealed.v.desc_lo) % TD_SIZE == 0;
}

/* Frame f of t is its live top, within the trusted stack the shadow knows: its index, else -1. */
static long top_index(struct c18n_thread *t, const struct gslot *s, const struct tframe *f)
{
	const struct tframe *base = (const struct tframe *)t->tstack_base;
	if ((uintptr_t)base != s->h.tstack_base || f < base || f - base >= TSTACK_FRAMES ||
	    t->tstack != (const char *)(f + 1))
		return -1;
	return f - base;
}

/* Before the enter hook acts on frame f (filled by the assembly from the live state). */
void guard_enter(struct c18n_thread *t, struct tframe *f)
{
	struct gslot *s = slot_of(t);
	if (!s)
		return;
	long ki = top_index(t, s, f);
	size_t k = (size_t)ki;
	if (ki < 0 || s->fr[k].live) {
		tampered(t, f->caller, &t->tstack, "trusted stack pointer", f->ret);
		return;
	}
	long d = committed(s, k);
	if (d < 0) {
		tampered(t, f->caller, f - 1, "trusted frame", f->ret);
		return;
	}
	long cur = comp_at(s, d);
	if (f->caller != cur) {
		tampered(t, cur, &t->cur_comp, "current compartment", f->ret);
		f->caller = t->cur_comp = cur; /* (audit: the call is made from where it was) */
		return;
	}
	if (!desc_genuine(f->desc)) {
		tampered(t, cur, &f->desc, "trampoline descriptor", f->ret);
		return;
	}
	if ((long)(f->desc->comp & ~TD_COMP_REFINE) != f->callee) {
		tampered(t, cur, &f->callee, "trusted frame", f->ret);
		return;
	}
	if (f->caller < GUARD_MAXC && f->saved_sp != slot_value(s, d, f->caller)) {
		tampered(t, cur, &t->stacks[f->caller], "stack table", f->ret);
		return;
	}
	if (f->callee < GUARD_MAXC && f->saved_callee_sp != slot_value(s, d, f->callee)) {
		tampered(t, cur, &t->stacks[f->callee], "stack table", f->ret);
		return;
	}
	uintptr_t here = (uintptr_t)__builtin_frame_address(0);
	if ((uintptr_t)t->hook_lo != s->h.hook_lo || (uintptr_t)t->hook_hi != s->h.hook_hi ||
	    here < s->h.hook_lo || here >= s->h.hook_hi) {
		tampered(t, cur, &t->hook_lo, "hook stack", f->ret);
		return;
	}
	/* the caller runs on its own stack: a return or jump that skipped a landing pad left
	 * the thread in another compartment than the trusted stack says */
	for (const struct comp_stack *cs = t->stack_mem; cs; cs = cs->next)
		if (f->rsp >= cs->lo && f->rsp < cs->hi) {
			/* (this thread's own stacks only: ranges of exited threads' may be mapped
			 * again for this one) */
			if (cs->comp != cur)
				tampered(t, cs->comp, &t->cur_comp, "current compartment: the caller's "
					 "stack is another compartment's (a landing pad was skipped)",
					 f->ret);
			break;
		}
}

/* A policy's `export to' holds at the call, not only when a name is bound: a compartment that
 * got hold of another's entry (a function pointer passed to it) calls through it as itself. */
void guard_check_export(struct c18n_thread *t, const struct tframe *f)
{
	if (!policy_loaded() || f->caller < 0 || (size_t)f->caller >= ncompartments ||
	    f->callee < 0 || (size_t)f->callee >= ncompartments)
		return;
	const char *sym = tramp_desc_sym(f->desc);
	const char *from = compartments[f->caller]->name, *to = compartments[f->callee]->name;
	if (!sym || compartments[f->caller]->trusted || policy_may_call(from, to, sym))
		return;
	char why[256];
	snprintf(why, sizeof why, "may not call `%s' (not exported to %s by %s:%d)", sym, from,
		 policy_path(), policy_export_line(to, sym));
	struct iso_violation v = {
		.comp = f->caller,
		.kind = ISO_EXECUTE,
		.addr = f->desc->target,
		.size = 1,
		.pc = f->ret,
		.detail = why,
	};
	iso_owner_of(f->desc->target, &v.owner);
	report_count(&v);
	report_violation(&v, NULL);
	if (iso_mode == ISO_ENFORCE)
		fault_die();
	(void)t;
}

/* The enter hook is done with f (its capabilities recorded): f is the shadow's new top. */
void guard_commit_enter(struct c18n_thread *t, const struct tframe *f, uintptr_t window)
{
	struct gslot *s = slot_of(t);
	if (!s)
		return;
	size_t k = (size_t)(f - (const struct tframe *)t->tstack_base);
	struct {
		struct gframe g;
		uint64_t next_live;
	} w;
	memset(&w, 0, sizeof w);
	w.g.live = 1;
	w.g.window = window;
	w.g.f = *f;
	guard_write(&s->fr[k], &w, sizeof w);
}

/* Name the first field of frame a that differs from b. */
static const char *frame_field(const struct tframe *a, const struct tframe *b, const void **at)
{
	static const struct { size_t off; const char *name; } fields[] = {
		{ TF_CALLER, "trusted frame: caller" }, { TF_CALLEE, "trusted frame: callee" },
		{ TF_RSP, "trusted frame: caller's stack pointer" },
		{ TF_RET, "trusted frame: return address" },
		{ TF_DESC, "trusted frame: descriptor" },
		{ TF_SAVED_SP, "trusted frame: caller's stack-table value" },
		{ TF_SAVED_CALLEE_SP, "trusted frame: callee's stack-table value" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(fields); i++)
		if (memcmp((const char *)a + fields[i].off, (const char *)b + fields[i].off, 8)) {
			*at = (const char *)a + fields[i].off;
			return fields[i].name;
		}
	for (size_t o = 0; o < TF_SIZE; o += 8)
		if (memcmp((const char *)a + o, (const char *)b + o, 8)) {
			*at = (const char *)a + o;
			return o >= TF_RBX && o <= TF_R15 ? "trusted frame: caller's saved registers"
							  : "trusted frame";
		}
	*at = a;
	return "trusted frame";
}

/* Frame f is about to be popped (a return through its landing pad, an exception, longjmp):
 * it must be the shadow's top, unchanged.  Then it is dead. */
void guard_pop(struct c18n_thread *t, struct tframe *f)
{
	struct gslot *s = slot_of(t);
	if (!s)
		return;
	long ki = top_index(t, s, f);
	size_t k = (size_t)ki;
	if (ki < 0 || !s->fr[k].live || s->fr[k + 1].live) {
		tampered(t, t->cur_comp, &t->tstack, "trusted stack pointer", 0);
		if (f < (struct tframe *)t->tstack_base ||
		    f - (struct tframe *)t->tstack_base >= TSTACK_FRAMES)
			return;
		k = (size_t)(f - (struct tframe *)t->tstack_base);
	} else if (memcmp(f, &s->fr[k].f, TF_SIZE)) {
		/* the frame as the call made it comes back first (the report's backtrace walks it,
		 * and with audit the return goes where the caller asked) */
		const void *at;
		const char *what = frame_field(f, &s->fr[k].f, &at);
		*f = s->fr[k].f;
		tampered(t, s->fr[k].f.callee, at, what, s->fr[k].f.ret);
	}
	uint64_t dead = 0;
	guard_write(&s->fr[k].live, &dead, sizeof dead);
}
