/*
 * signals.c: asynchronous signals while a transition changes a thread's state.
 *
 * A transition (tramp.S) changes the thread's trusted frame, the guard's shadow of it, its
 * current compartment and the protection of two compartments; a signal handler that makes a
 * transition of its own in the middle would find them half changed.  So the assembly counts
 * such regions in %fs:TS_DEFER (no system call: blocking signals around every hook cost four
 * rt_sigprocmask calls a round trip, a fifth of its time), and every handler a compartment
 * installs for an asynchronous signal runs behind sig_dispatch:
 *   - outside a region, sig_dispatch calls the handler's entry (the transition into the
 *     compartment that installed it) with the kernel's siginfo and context;
 *   - inside one, it defers the signal: blocks it (now, and in the context the kernel
 *     restores), keeps its siginfo, sends it again to this thread (tgkill: it waits, blocked,
 *     in the kernel's queue), and notes it in %fs:TS_SIGPEND.  The region's end unblocks
 *     what it noted (c18n_sig_release) and the kernel delivers it there, with the siginfo
 *     the first delivery had.
 * The synchronous signals (SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP, SIGSYS) are never
 * deferred: they are the capability checks themselves (fault.c), or a fault that must be
 * handled where it happens.
 *
 * What a program reads back from sigaction is what it installed; the kernel holds
 * sig_dispatch with SA_SIGINFO, the program's mask and flags, and without SA_RESETHAND (a
 * deferred delivery would otherwise reset the handler before it ran): sig_dispatch resets it
 * when it calls the handler.  A second instance of a real-time signal that arrives while the
 * first is deferred is delivered before it.
 *
 * Must stay true: outside isolation nothing here runs (callbacks.c installs entries
 * directly); the dispatcher never defers on a thread outside a region, and a deferred signal
 * is always unblocked by the region that deferred it.
 */
#include "iso.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

/* per signal: the entry of the handler a compartment installed, and the flags it asked for */
static void *sig_entry[_NSIG];
static int sig_flags[_NSIG];

/* the signals deferred inside a transition (all but the synchronous ones) */
static int deferrable(int sig)
{
	switch (sig) {
	case SIGSEGV: case SIGBUS: case SIGILL: case SIGFPE: case SIGTRAP: case SIGSYS:
	case SIGKILL: case SIGSTOP:
		return 0;
	}
	return sig > 0 && sig < _NSIG;
}

static void sig_dispatch(int sig, siginfo_t *si, void *uc);

void iso_sig_wrap(int sig, struct sigaction *a)
{
	void *h = (void *)a->sa_handler;
	if (!iso_mode || !deferrable(sig) || h == (void *)SIG_DFL || h == (void *)SIG_IGN)
		return;
	a->sa_sigaction = sig_dispatch;
	a->sa_flags = (a->sa_flags | SA_SIGINFO) & ~SA_RESETHAND;
}

void iso_sig_commit(int sig, void *entry, int flags)
{
	if (!iso_mode || !deferrable(sig))
		return;
	sig_flags[sig] = flags;
	__atomic_store_n(&sig_entry[sig], entry, __ATOMIC_RELEASE);
}

void iso_sig_unwrap(int sig, struct sigaction *old)
{
	if (!iso_mode || !deferrable(sig) || old->sa_sigaction != sig_dispatch)
		return;
	old->sa_handler = (void (*)(int))sig_entry[sig];
	old->sa_flags = sig_flags[sig];
}

/* ---- deferral ---- */
static void block_one(int sig, sigset_t *also)
{
	sigset_t one;
	sigemptyset(&one);
	sigaddset(&one, sig);
	syscall(SYS_rt_sigprocmask, SIG_BLOCK, &one, NULL, sizeof(uint64_t));
	sigaddset(also, sig);
}

static void defer(struct c18n_thread *t, int sig, const siginfo_t *si, ucontext_t *uc)
{
	/* blocked from here on: in this handler (SA_NODEFER) and in the context it returns to */
	block_one(sig, &uc->uc_sigmask);
	struct sig_kept *k = NULL;
	for (size_t i = 0; i < ARRAY_SIZE(t->sig_kept); i++)
		if (!t->sig_kept[i].sig) {
			k = &t->sig_kept[i];
			break;
		}
	if (k) { /* (none free: it comes again as a plain tgkill from this process) */
		memcpy(&k->info, si, sizeof k->info);
		k->sig = sig;
	}
	syscall(SYS_tgkill, getpid(), (pid_t)syscall(SYS_gettid), sig);
	t->sig_pending |= 1ul << (sig - 1);
	DEBUG(DBG_ISOLATION, "signal %d deferred to the end of a transition", sig);
}

/* The delivery of a deferred signal: the siginfo it first came with. */
static const siginfo_t *kept_info(struct c18n_thread *t, int sig, const siginfo_t *si,
				  siginfo_t *out)
{
	if (si->si_code != SI_TKILL || si->si_pid != getpid())
		return si;
	for (size_t i = 0; i < ARRAY_SIZE(t->sig_kept); i++)
		if (t->sig_kept[i].sig == sig) {
			memcpy(out, &t->sig_kept[i].info, sizeof *out);
			t->sig_kept[i].sig = 0;
			return out;
		}
	return si;
}

static void sig_dispatch(int sig, siginfo_t *si, void *ucv)
{
	struct c18n_thread *t = thread_self();
	if (t->sig_defer) {
		int saved_errno = errno;
		defer(t, sig, si, ucv);
		errno = saved_errno;
		return;
	}
	siginfo_t first;
	si = (siginfo_t *)kept_info(t, sig, si, &first);
	void *h = __atomic_load_n(&sig_entry[sig], __ATOMIC_ACQUIRE);
	if (sig_flags[sig] & SA_RESETHAND) {
		/* the one delivery SA_RESETHAND allows: the default action from now on */
		struct sigaction dfl;
		memset(&dfl, 0, sizeof dfl);
		dfl.sa_handler = SIG_DFL;
		sigaction(sig, &dfl, NULL);
		__atomic_store_n(&sig_entry[sig], NULL, __ATOMIC_RELEASE);
	}
	if (h)
		((void (*)(int, siginfo_t *, void *))h)(sig, si, ucv);
}
