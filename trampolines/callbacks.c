/*
 * callbacks.c: base-library interfaces that take a function to call later, or that transfer
 * control across frames, wrapped so compartments stay consistent.
 *
 * A callback registered with the trusted base (thread start routines, signal handlers,
 * atexit/on_exit/__cxa_atexit and thread_local destructors, pthread_key destructors,
 * pthread_once initialisers) is replaced by the entry for it in the compartment that owns
 * it, so when the base calls it later it runs there, on that compartment's stack.  longjmp
 * pops the trusted frames it jumps over.
 *
 * Must stay true: what a program reads back (sigaction's old handler, signal's return value)
 * is what it passed in, never one of our entries.
 */
#include "rtld.h"
#include "iso.h"

#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

void *tramp_callback(void *fn);
void tramp_unwind_to(uintptr_t sp);

static int c18n_pthread_create(pthread_t *th, const pthread_attr_t *attr, void *(*fn)(void *),
			       void *arg)
{
	return tls_pthread_create(th, attr, (void *(*)(void *))tramp_callback((void *)fn), arg);
}

extern int __cxa_atexit(void (*fn)(void *), void *arg, void *dso);
static int c18n_cxa_atexit(void (*fn)(void *), void *arg, void *dso)
{
	return __cxa_atexit((void (*)(void *))tramp_callback((void *)fn), arg, dso);
}

static int c18n_on_exit(void (*fn)(int, void *), void *arg)
{
	return on_exit((void (*)(int, void *))tramp_callback((void *)fn), arg);
}

extern int __cxa_thread_atexit_impl(void (*fn)(void *), void *obj, void *dso);
static int c18n_cxa_thread_atexit_impl(void (*fn)(void *), void *obj, void *dso)
{
	return __cxa_thread_atexit_impl((void (*)(void *))tramp_callback((void *)fn), obj, dso);
}

static int c18n_pthread_key_create(pthread_key_t *k, void (*d)(void *))
{
	return pthread_key_create(k, d ? (void (*)(void *))tramp_callback((void *)d) : NULL);
}

/* glibc's pthread_once returns at once, calling nothing, when this bit of the control word
 * is set (nptl's __PTHREAD_ONCE_DONE).  Libraries call pthread_once on every use (OpenSSL:
 * hundreds of times at start): only a first call, which may run fn, needs fn's entry.  The
 * first completed call checks that the bit means what it meant; if not, every call wraps. */
#define ONCE_DONE 2
static int once_bit_checked, once_bit_ok;

static int c18n_pthread_once(pthread_once_t *o, void (*fn)(void))
{
	if (__atomic_load_n(&once_bit_ok, __ATOMIC_RELAXED) &&
	    (__atomic_load_n((int *)o, __ATOMIC_ACQUIRE) & ONCE_DONE))
		return 0;
	int r = pthread_once(o, (void (*)(void))tramp_callback((void *)fn));
	if (r == 0 && !__atomic_exchange_n(&once_bit_checked, 1, __ATOMIC_RELAXED))
		__atomic_store_n(&once_bit_ok,
				 (__atomic_load_n((int *)o, __ATOMIC_ACQUIRE) & ONCE_DONE) != 0,
				 __ATOMIC_RELAXED);
	return r;
}
_Static_assert(sizeof(pthread_once_t) == sizeof(int), "pthread_once_t is nptl's int");

/* per signal: what the program installed, and the entry we gave the kernel for it */
static void *user_handler[_NSIG], *installed[_NSIG];

static void *wrap_handler(int sig, void *h)
{
	if (h == (void *)SIG_DFL || h == (void *)SIG_IGN || sig <= 0 || sig >= _NSIG)
		return h;
	void *e = tramp_callback(h);
	return e;
}

static void *unwrap_handler(int sig, void *h)
{
	if (sig > 0 && sig < _NSIG && installed[sig] && h == installed[sig])
		return user_handler[sig];
	return h;
}

int callbacks_sigaction(int sig, const struct sigaction *act, struct sigaction *old)
{
	struct sigaction a;
	void *want = NULL, *inst = NULL;
	if (act) {
		a = *act;
		want = (void *)a.sa_handler;
		inst = wrap_handler(sig, want);
		a.sa_handler = (void (*)(int))inst;
	}
	int r;
	if (act) /* (a default that must flush the trace or report a crash first: ours) */
		dbg_fatal_substitute(sig, &a);
	/* SIGSEGV and SIGBUS stay the loader's while isolation is on (isolation/fault.c) */
	if (!fault_sigaction(sig, act ? &a : NULL, old, &r)) {
		/* with isolation, the kernel holds the dispatcher that defers a signal arriving
		 * in a transition (isolation/signals.c) */
		if (act)
			iso_sig_wrap(sig, &a);
		r = sigaction(sig, act ? &a : NULL, old);
		if (r == 0 && old)
			iso_sig_unwrap(sig, old);
		if (r == 0 && act)
			iso_sig_commit(sig, inst, act->sa_flags);
	}
	if (r == 0 && old) {
		old->sa_handler = (void (*)(int))unwrap_handler(sig, (void *)old->sa_handler);
		dbg_fatal_readback(old);
	}
	if (r == 0 && act && sig > 0 && sig < _NSIG) {
		user_handler[sig] = want;
		installed[sig] = inst;
	}
	return r;
}

/* signal(), sysv_signal() and sigset() as glibc builds them on sigaction, so that the
 * handler goes through c18n_sigaction (glibc's own call its internal sigaction). */
static void (*install(int sig, void (*h)(int), int flags))(int)
{
	struct sigaction a, old;
	memset(&a, 0, sizeof a);
	a.sa_handler = h;
	a.sa_flags = flags;
	if (!(flags & SA_NODEFER) && sig > 0 && sig < _NSIG)
		sigaddset(&a.sa_mask, sig);
	if (callbacks_sigaction(sig, &a, &old) < 0)
		return SIG_ERR;
	return old.sa_handler;
}

static void (*c18n_sysv_signal(int sig, void (*h)(int)))(int)
{
	return install(sig, h, SA_RESETHAND | SA_NODEFER);
}

static void (*c18n_sigset(int sig, void (*h)(int)))(int)
{
	sigset_t one, was;
	struct sigaction old;
	sigemptyset(&one);
	if (sigaddset(&one, sig) < 0)
		return SIG_ERR;
	if (h == SIG_HOLD) {
		if (callbacks_sigaction(sig, NULL, &old) < 0 || sigprocmask(SIG_BLOCK, &one, &was) < 0)
			return SIG_ERR;
		return sigismember(&was, sig) ? SIG_HOLD : old.sa_handler;
	}
	struct sigaction a;
	memset(&a, 0, sizeof a);
	a.sa_handler = h;
	if (callbacks_sigaction(sig, &a, &old) < 0 || sigprocmask(SIG_UNBLOCK, &one, &was) < 0)
		return SIG_ERR;
	return sigismember(&was, sig) ? SIG_HOLD : old.sa_handler;
}

static void (*c18n_signal(int sig, void (*h)(int)))(int)
{
	if (iso_mode)
		return install(sig, h, SA_RESTART); /* BSD semantics, as glibc's signal() */
	void *inst = wrap_handler(sig, (void *)h);
	void (*r)(int);
	struct sigaction a, old;
	int rc;
	memset(&a, 0, sizeof a);
	a.sa_handler = (void (*)(int))inst;
	a.sa_flags = SA_RESTART; /* signal(): BSD semantics, as glibc */
	if (fault_sigaction(sig, &a, &old, &rc))
		r = old.sa_handler;
	else
		r = signal(sig, (void (*)(int))inst);
	if (r != SIG_ERR) {
		r = (void (*)(int))unwrap_handler(sig, (void *)r);
		if (sig > 0 && sig < _NSIG) {
			user_handler[sig] = (void *)h;
			installed[sig] = inst;
		}
	}
	return r;
}

/* Pop the trusted frames the jump leaves, then jump.  With isolation, from the thread's hook
 * stack: popping closes the compartments left behind, the stack this runs on among them. */
struct jump {
	void (*jf)(struct __jmp_buf_tag *, int);
	struct __jmp_buf_tag *env;
	int val;
};

static void do_jump(void *arg)
{
	struct jump *j = arg;
	/* (a program's SIGSEGV handler that the fault handler called may leave this way) */
	thread_self()->iso.in_user_handler = 0;
	tramp_unwind_to(arch_jmpbuf_sp(j->env));
	j->jf(j->env, j->val);
}

static void jump(void (*jf)(struct __jmp_buf_tag *, int), struct __jmp_buf_tag *env, int val)
{
	struct jump j = { jf, env, val };
	struct c18n_thread *t = thread_self();
	if (iso_mode && t->hook_hi) {
		char here;
		uintptr_t sp = (uintptr_t)&here;
		void *top = sp >= (uintptr_t)t->hook_lo && sp < (uintptr_t)t->hook_hi
				    ? (void *)(sp - 1024) : t->hook_hi;
		arch_call_on_stack(top, do_jump, &j);
	}
	do_jump(&j);
}

static void c18n_longjmp(struct __jmp_buf_tag env[1], int val) { jump(longjmp, env, val); }

static void c18n_siglongjmp(struct __jmp_buf_tag env[1], int val) { jump(siglongjmp, env, val); }

/* (with isolation, longjmp: the fortify check compares stack pointers of different stacks,
 * and the jump starts from the hook stack) */
extern void __longjmp_chk(struct __jmp_buf_tag env[1], int val);
static void c18n_longjmp_chk(struct __jmp_buf_tag env[1], int val)
{
	jump(iso_mode ? longjmp : __longjmp_chk, env, val);
}

/* _exit skips atexit: a buffered trace goes out first (trace.c) */
__attribute__((noreturn)) static void c18n__exit(int status)
{
	trace_flush_all();
	_exit(status);
}

static const struct interpose table[] = {
	{ "pthread_create", (void *)c18n_pthread_create },
	{ "__cxa_atexit", (void *)c18n_cxa_atexit },
	{ "on_exit", (void *)c18n_on_exit },
	{ "__cxa_thread_atexit_impl", (void *)c18n_cxa_thread_atexit_impl },
	{ "pthread_key_create", (void *)c18n_pthread_key_create },
	{ "pthread_once", (void *)c18n_pthread_once },
	{ "sigaction", (void *)callbacks_sigaction },
	{ "signal", (void *)c18n_signal },
	{ "bsd_signal", (void *)c18n_signal },
	{ "sysv_signal", (void *)c18n_sysv_signal },
	{ "__sysv_signal", (void *)c18n_sysv_signal },
	{ "ssignal", (void *)c18n_signal },
	{ "sigset", (void *)c18n_sigset },
	{ "longjmp", (void *)c18n_longjmp },
	{ "_longjmp", (void *)c18n_longjmp },
	{ "siglongjmp", (void *)c18n_siglongjmp },
	{ "__longjmp_chk", (void *)c18n_longjmp_chk },
	{ "_exit", (void *)c18n__exit },
	{ "_Exit", (void *)c18n__exit },
};

ElfW(Addr) callbacks_interpose(const char *name, uint32_t gnu_hash)
{
	static uint32_t hashes[ARRAY_SIZE(table)];
	static int hashed;
	return interpose_lookup(table, ARRAY_SIZE(table), hashes, &hashed, name, gnu_hash);
}
