/*
 * fault.c: the capability check.  The loader keeps SIGSEGV and SIGBUS for itself while
 * isolation is on; a fault on memory a compartment owns is decided here:
 *  - the faulting thread's own compartment: its memory was closed by a race between threads
 *    (or a hook a signal interrupted): opened again, no report;
 *  - a call through a raw pointer to the first instruction of another compartment's function
 *    (a symbol or an FDE start), or to a canonical PLT entry of the program: the fault's
 *    %rip moves to that function's entry, and the stub makes the transition;
 *  - the loader's own code, and the trusted base's unwinder reading the stacks of the
 *    compartments it walks (exceptions, backtrace(3)): admitted, no report;
 *  - an access covered by a capability the current compartment holds (captab.c): the page
 *    opens for this thread until its next transition;
 *  - anything else is a violation: reported (report.c); with enforce the process then ends
 *    as a fault would (SIGSEGV, default action: core dump, status 139); with audit the access
 *    is let through like a permitted one and counted.
 * Faults that are not about compartment memory reach the program's own handler, installed
 * with sigaction through the trusted base and kept here, with the original siginfo and
 * context, or the default action.  SIGSYS is kept the same way (seccomp.c's filter traps
 * with it): what is not a trap of the loader's filter goes to the program's handler.
 *
 * Must stay true: what the program reads back from sigaction is what it installed; the
 * handler touches closed memory only through iso_read or after opening it; it never
 * reports a fault of the faulting compartment on its own memory.
 */
#include "iso.h"

#include <errno.h>
#include <signal.h>
#include <pthread.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/ucontext.h>
#include <unistd.h>
#include <unwind.h>

uintptr_t tramp_entry_for_call(struct obj *def, uintptr_t target);
extern char __executable_start[];

static struct sigaction user_act[_NSIG];
static int user_set[_NSIG];

static int kept(int sig)
{
	return sig == SIGSEGV || sig == SIGBUS || sig == SIGSYS ||
	       (sig == SIGTRAP && iso_grain == GRAIN_BYTE);
}

int fault_sigaction(int sig, const struct sigaction *act, struct sigaction *old, int *r)
{
	if (!iso_mode || !kept(sig))
		return 0;
	iso_lock();
	if (old) {
		if (user_set[sig]) {
			*old = user_act[sig];
		} else {
			memset(old, 0, sizeof *old);
			old->sa_handler = SIG_DFL;
		}
	}
	if (act) {
		user_act[sig] = *act;
		user_set[sig] = 1;
	}
	iso_unlock();
	*r = 0;
	return 1;
}

/* The default action of a fault: our handler goes, the access is made again and the kernel
 * ends the process (with a core dump when enabled). */
static void default_action(int sig, siginfo_t *si)
{
	DEBUG(DBG_ISOLATION, "signal %d (code %d, address %p) is not a capability check: default "
	      "action", sig, si->si_code, si->si_addr);
	trace_flush_all(); /* (the process ends: the records buffered so far go out first) */
	struct sigaction dfl;
	memset(&dfl, 0, sizeof dfl);
	dfl.sa_handler = SIG_DFL;
	sigaction(sig, &dfl, NULL);
	/* sent, not a fault, or a trapped system call (not made again on return): send it
	 * again, now unblocked */
	if (si->si_code <= 0 || sig == SIGSYS) {
		sigset_t s;
		sigemptyset(&s);
		sigaddset(&s, sig);
		pthread_sigmask(SIG_UNBLOCK, &s, NULL);
		raise(sig);
	}
}

/* Hand a fault that is not a capability check (or a SIGSYS that is not the filter's) to the
 * program, as the kernel would have. */
void fault_forward(int sig, siginfo_t *si, ucontext_t *uc)
{
	struct sigaction a = user_act[sig];
	if (!user_set[sig] || a.sa_handler == SIG_DFL || a.sa_handler == SIG_IGN) {
		default_action(sig, si);
		return;
	}
	if (a.sa_flags & SA_RESETHAND) {
		memset(&user_act[sig], 0, sizeof user_act[sig]);
		user_act[sig].sa_handler = SIG_DFL;
	}
	/* The handler's mask, except the faults the loader's own checks take while it runs
	 * (its transitions, its accesses): a fault of the program's own meanwhile gets what a
	 * blocked one would, the default action (handler()). */
	sigset_t mask = a.sa_mask, oldmask;
	sigdelset(&mask, SIGSEGV);
	sigdelset(&mask, SIGBUS);
	sigdelset(&mask, SIGSYS);
	pthread_sigmask(SIG_BLOCK, &mask, &oldmask);
	struct c18n_thread *t = thread_self();
	int deferred = !(a.sa_flags & SA_NODEFER);
	t->iso.in_fault = 0; /* (the handler may leave with longjmp) */
	t->iso.in_user_handler += deferred;
	if (a.sa_flags & SA_SIGINFO)
		a.sa_sigaction(sig, si, uc);
	else
		a.sa_handler(sig);
	t->iso.in_user_handler -= deferred;
	pthread_sigmask(SIG_SETMASK, &oldmask, NULL);
}

/* A fault on memory of the faulting code's own compartment.  It opens (for this thread, until
 * its next transition) when isolation may have closed it under the thread: a stack, whose
 * thread may be another one that just left the compartment; any memory while the thread
 * runs code it was not counted in (see check), or while isolation has it closed.  Memory of
 * the thread's counted compartment that isolation has open cannot have been closed by it:
 * the protection is the program's own (a page it made read-only, a write to its code): made
 * once more (another thread may have opened the memory since), then not a check, 0. */
static int repair(struct c18n_thread *t, const struct iso_owner *w, uintptr_t a, uintptr_t pc)
{
	iso_lock();
	int ours = w->stack || w->comp != t->cur_comp || !iso_owner_open(w);
	if (ours)
		iso_open_temp(t, w, a);
	iso_unlock();
	if (ours)
		return 1;
	if (t->iso.retry_pc != pc || t->iso.retry_addr != a) {
		t->iso.retry_pc = pc;
		t->iso.retry_addr = a;
		return 1;
	}
	t->iso.retry_pc = t->iso.retry_addr = 0;
	DEBUG(DBG_ISOLATION, "fault at 0x%lx (pc 0x%lx) in %s's own memory 0x%lx-0x%lx, which "
	      "isolation has open: not a check", (unsigned long)a, (unsigned long)pc,
	      compartments[w->comp]->name, (unsigned long)w->lo, (unsigned long)w->hi);
	return 0;
}

static void violation(struct c18n_thread *t, int kind, uintptr_t a, size_t n,
		      const struct iso_owner *w, ucontext_t *uc, int sig, siginfo_t *si)
{
	struct iso_violation v = {
		.comp = t->cur_comp,
		.kind = kind,
		.addr = a,
		.size = n,
		.owner = *w,
		.pc = (uintptr_t)uc->uc_mcontext.gregs[REG_RIP],
	};
	report_count(&v);
	report_violation(&v, uc);
	iso_resync(t); /* (the report opened every stack to walk it) */
	if (iso_mode == ISO_ENFORCE) {
		default_action(sig, si);
		return;
	}
	/* audit: let it through, as if permitted; a jump into code runs on in the caller's
	 * compartment, with that code open until the thread's next transition */
	if (kind == ISO_EXECUTE)
		iso_open_temp_range(t, w, w->lo, w->hi);
	else
		iso_open_temp(t, w, a);
}

/* The callers of the faulting frame, nearest first (up to 32), until stop(ip) answers
 * something other than -1: that answer, or -1. */
struct caller_scan {
	uintptr_t rip;
	int seen, n;
	long (*stop)(uintptr_t ip);
	long answer;
};

static _Unwind_Reason_Code caller_step(struct _Unwind_Context *ctx, void *arg)
{
	struct caller_scan *u = arg;
	int before;
	uintptr_t ip = (uintptr_t)_Unwind_GetIPInfo(ctx, &before);
	if (!ip || ++u->n > 32)
		return _URC_END_OF_STACK;
	if (u->seen && (u->answer = u->stop(ip)) != -1)
		return _URC_END_OF_STACK;
	if (ip == u->rip)
		u->seen = 1;
	return _URC_NO_REASON;
}

static long scan_callers(ucontext_t *uc, long (*stop)(uintptr_t ip))
{
	struct caller_scan u = { (uintptr_t)uc->uc_mcontext.gregs[REG_RIP], 0, 0, stop, -1 };
	_Unwind_Backtrace(caller_step, &u);
	return u.answer;
}

/* Is this thread unwinding (the trusted base's unwinder among the callers of the faulting
 * frame)?  nptl's stop function and the personality routines read the frames the unwinder
 * walks, as the unwinder does. */
static long is_unwinder(uintptr_t ip) { return iso_pc_is_unwinder(ip) ? 1 : -1; }
static int unwinding(ucontext_t *uc) { return scan_callers(uc, is_unwinder) == 1; }

/* The compartment whose code called the trusted-base function that faulted: the nearest
 * caller frame in a compartment's code, or -1. */
static long code_owner(uintptr_t ip)
{
	struct iso_owner o;
	return iso_owner_of(ip - 1, &o) && o.kind == OWN_CODE ? o.comp : -1;
}
static long calling_comp(ucontext_t *uc) { return scan_callers(uc, code_owner); }

/* 1: decided here (return to retry, or to the redirected %rip); 0: not a check. */
static int check(int sig, siginfo_t *si, ucontext_t *uc)
{
	struct c18n_thread *t = thread_self();
	uintptr_t a = (uintptr_t)si->si_addr;
	uintptr_t pc = (uintptr_t)uc->uc_mcontext.gregs[REG_RIP];
	unsigned long err = (unsigned long)uc->uc_mcontext.gregs[REG_ERR];
	struct iso_owner w;
	if (sig != SIGSEGV || si->si_code != SEGV_ACCERR || !iso_owner_of(a, &w))
		return 0;
	/* (the loader's own faults come from its hooks, which keep TS_CUR themselves) */
	long cur = iso_pc_is_loader(pc) ? t->cur_comp : guard_current(t, pc);
	int exec = (err & 16) != 0;
	/* A thread running another compartment's code entered it while it was open for
	 * another thread (mprotect is process-wide): it runs as that compartment. */
	struct iso_owner pco;
	long thread_comp = cur;
	if (!exec && iso_owner_of(pc, &pco) && pco.kind == OWN_CODE)
		cur = pco.comp;
	if (w.comp == cur)
		return repair(t, &w, a, pc);
	if (!exec && !(err & 2) && w.kind == OWN_CODE) {
		/* Code is every compartment's to read; code alone closes to reads as well
		 * (memory.c, closed_prot): the page opens, read-only, until the thread's next
		 * transition. */
		w.prot = PROT_READ;
		iso_open_temp(t, &w, a);
		DEBUG(DBG_ISOLATION, "read of code at 0x%lx (pc 0x%lx): page opened read-only",
		      (unsigned long)a, (unsigned long)pc);
		return 1;
	}
	if (exec) {
		if (w.kind != OWN_CODE)
			return 0; /* no-execute data: a fault like any other */
		if (!(a == pc && w.obj && bounds_is_function_start(w.obj, a)) &&
		    iso_maybe_entered(t, w.comp)) {
			/* the rest of a function this thread entered while another thread had its
			 * compartment open (see above) */
			iso_open_temp(t, &w, a);
			return 1;
		}
		if (a == pc && w.obj && bounds_is_function_start(w.obj, a)) {
			uintptr_t e = tramp_entry_for_call(w.obj, a);
			if (e) {
				uc->uc_mcontext.gregs[REG_RIP] = (greg_t)e;
				return 1;
			}
		}
		struct obj *def = NULL;
		uintptr_t tgt;
		if (a == pc && w.obj && (w.obj->flags & OBJ_MAIN) &&
		    (tgt = bounds_plt_target(w.obj, a, &def)) != 0) {
			/* the program's canonical PLT entry: where its GOT would send the call */
			if (def && !(def->flags & OBJ_HOST) && def->comp && !def->comp->trusted &&
			    def->comp->id != cur)
				tgt = tramp_entry_for_call(def, tgt);
			if (tgt) {
				uc->uc_mcontext.gregs[REG_RIP] = (greg_t)tgt;
				return 1;
			}
		}
		violation(t, ISO_EXECUTE, a, 1, &w, uc, sig, si);
		return 1;
	}
	w.prot &= ~PROT_EXEC; /* (a data access from here on: whatever opens, opens for it) */
	/* the loader's own accesses; the unwinder reading frames and their personality data
	 * (exceptions, backtrace(3)) */
	if (iso_pc_is_loader(pc) || (iso_pc_is_unwinder(pc) && !(err & 2))) {
		int mine = 0;
		for (struct comp_stack *s = t->stack_mem; s && w.stack; s = s->next)
			mine |= s == w.stack;
		if (mine && !iso_pc_is_loader(pc))
			iso_stacks_readable(t);
		else
			iso_open_temp(t, &w, a);
		DEBUG(DBG_ISOLATION, "%s read of 0x%lx (pc 0x%lx) admitted", iso_pc_is_loader(pc) ?
		      "the loader's" : "the unwinder's", (unsigned long)a, (unsigned long)pc);
		return 1;
	}
	/* Page grain: the access's first byte is checked, and the page opens.  The trusted
	 * base's string functions read whole aligned vectors around what they were given: a
	 * read of theirs is checked as the aligned 64 bytes it falls in, which must overlap a
	 * capability. */
	struct cap_why why = { "?", 0, 0, 0 };
	int ok;
	if (!(err & 2) && iso_pc_is_tcb(pc))
		ok = cap_check_overlap(t, cur, ALIGN_DOWN(a, 64), 64, &why) ||
		     (w.kind == OWN_STACK && unwinding(uc) && (why.origin = "unwinding", 1));
	else
		ok = cap_check(t, cur, a, 1, &why) ||
		     /* code run as above also holds what its thread's compartment was given for
		      * it (the calls it made went out as the thread's compartment) */
		     (cur != thread_comp && cap_check(t, thread_comp, a, 1, &why));
	if (!ok && iso_pc_is_tcb(pc)) {
		/* the trusted base called by code this thread runs as above */
		long cc = calling_comp(uc);
		if (cc >= 0 && cc != cur && iso_maybe_entered(t, cc)) {
			if (w.comp == cc)
				return repair(t, &w, a, pc);
			ok = cap_check(t, cc, a, 1, &why);
		}
	}
	if (ok && iso_grain == GRAIN_BYTE) {
		/* the whole access within the capability (the trusted base's reads: the aligned
		 * 64 bytes rule above), then one instruction with the page open */
		size_t n = report_access_size((const unsigned char *)pc);
		size_t len = n ? n : 1;
		if ((err & 2) || !iso_pc_is_tcb(pc))
			ok = a >= why.lo && a + len <= why.hi;
		if (ok) {
			DEBUG(DBG_ISOLATION, "%s: %s of %zu bytes at 0x%lx admitted (%s capability "
			      "0x%lx-0x%lx): one step", compartments[cur]->name,
			      err & 2 ? "write" : "read", len, (unsigned long)a, why.origin,
			      (unsigned long)why.lo, (unsigned long)why.hi);
			iso_step_open(t, &w, a);
			uc->uc_mcontext.gregs[ARCH_SIGCTX_FLAGS] |= ARCH_FLAG_SINGLE_STEP;
			return 1;
		}
	}
	if (ok) {
		DEBUG(DBG_ISOLATION, "%s: %s of 0x%lx admitted (%s capability 0x%lx-0x%lx)",
		      compartments[cur]->name, err & 2 ? "write" : "read", (unsigned long)a,
		      why.origin, (unsigned long)why.lo, (unsigned long)why.hi);
		iso_open_temp(t, &w, a);
		return 1;
	}
	violation(t, err & 2 ? ISO_WRITE : ISO_READ, a, report_access_size((const unsigned char *)pc),
		  &w, uc, sig, si);
	return 1;
}

unsigned long iso_nfaults; /* faults the handler took (statistics, bench) */

static void handler(int sig, siginfo_t *si, void *ucv)
{
	__atomic_add_fetch(&iso_nfaults, 1, __ATOMIC_RELAXED);
	ucontext_t *uc = ucv;
	int saved_errno = errno;
	struct c18n_thread *t = thread_self();
	uintptr_t fix = arch_probe_fixup((uintptr_t)uc->uc_mcontext.gregs[REG_RIP]);
	if (fix) { /* the loader probing a word that may not be mapped (captab.c) */
		DEBUG(DBG_ISOLATION, "probe of %p failed", si->si_addr);
		uc->uc_mcontext.gregs[REG_RIP] = (greg_t)fix;
		errno = saved_errno;
		return;
	}
	if (t->iso.in_fault > 1) { /* a fault in this handler's own fault handling */
		default_action(sig, si);
		errno = saved_errno;
		return;
	}
	t->iso.in_fault++;
	int done = check(sig, si, uc);
	if (!done)
		DEBUG(DBG_ISOLATION, "fault at pc 0x%lx (ld-c18n+0x%lx; sp 0x%lx, in %s)",
		      (unsigned long)uc->uc_mcontext.gregs[REG_RIP],
		      (unsigned long)(uc->uc_mcontext.gregs[REG_RIP] - (uintptr_t)__executable_start),
		      (unsigned long)uc->uc_mcontext.gregs[REG_RSP],
		      (size_t)t->cur_comp < ncompartments ? compartments[t->cur_comp]->name : "?");
	if (!done && t->iso.in_user_handler > 0)
		default_action(sig, si); /* blocked while the program's handler runs */
	else if (!done)
		fault_forward(sig, si, uc);
	if (t->iso.in_fault > 0)
		t->iso.in_fault--;
	errno = saved_errno;
}

/* A refused system call under enforce ends the process as a fault would. */
void fault_die(void)
{
	trace_flush_all();
	struct sigaction dfl;
	memset(&dfl, 0, sizeof dfl);
	dfl.sa_handler = SIG_DFL;
	sigaction(SIGSEGV, &dfl, NULL);
	sigset_t s;
	sigemptyset(&s);
	sigaddset(&s, SIGSEGV);
	pthread_sigmask(SIG_UNBLOCK, &s, NULL);
	raise(SIGSEGV);
	_exit(139);
}

/* Take sig for the loader (fn handles it); what was there before (nothing, normally) is
 * the program's until it says otherwise. */
int fault_keep(int sig, void (*fn)(int, siginfo_t *, void *))
{
	struct sigaction sa, old;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = fn;
	sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER | SA_RESTART;
	sigemptyset(&sa.sa_mask);
	if (sigaction(sig, NULL, &old) == 0 && old.sa_handler != SIG_DFL) {
		user_act[sig] = old;
		user_set[sig] = 1;
	}
	if (sigaction(sig, &sa, NULL) < 0)
		return rtld_error("cannot install the isolation handler for signal %d", sig);
	return 0;
}

/* Byte grain: the single step of an admitted access is done; close what it opened.  Any other
 * SIGTRAP is the program's. */
static void step_handler(int sig, siginfo_t *si, void *ucv)
{
	ucontext_t *uc = ucv;
	struct c18n_thread *t = thread_self();
	if (t->iso.nstep > 0) {
		int saved_errno = errno;
		iso_step_close(t);
		uc->uc_mcontext.gregs[ARCH_SIGCTX_FLAGS] &= ~(greg_t)ARCH_FLAG_SINGLE_STEP;
		errno = saved_errno;
		return;
	}
	fault_forward(sig, si, uc);
}

int fault_install(void)
{
	if (fault_keep(SIGSEGV, handler) < 0 || fault_keep(SIGBUS, handler) < 0)
		return -1;
	return iso_grain == GRAIN_BYTE ? fault_keep(SIGTRAP, step_handler) : 0;
}
