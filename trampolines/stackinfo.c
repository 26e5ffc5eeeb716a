/*
 * stackinfo.c: what a thread learns about its own stack.
 *
 * Compartment code runs on the thread's stack for its compartment (tramp.c new_stack), not on
 * the stack the thread was created with.  Runtimes that bound their stack or check how much
 * of it is left -- the JVM's stack-overflow checks before every Java call, conservative
 * collectors' stack scans -- ask pthread_getattr_np(pthread_self()) where their stack is and
 * compare their stack pointer with the answer.  So the answer describes the stack the caller
 * runs on: asked from a compartment stack of this thread, its usable range, with the guard
 * page below it as the guard size; asked from anywhere else (the trusted base, the program on
 * the main thread's original stack, or about another thread), glibc's answer.
 *
 * Must stay true: only the stack address, size and guard size of the attributes change, and
 * only for the calling thread; a stack is found by the caller's stack pointer, never by the
 * compartment the thread last entered (a callback may run anywhere on its way).
 */
#include "rtld.h"

#include <pthread.h>

/* The compartment stack of this thread that sp lies on, or NULL. */
static const struct comp_stack *stack_at(uintptr_t sp)
{
	for (const struct comp_stack *s = thread_self()->stack_mem; s; s = s->next)
		if (sp >= s->lo && sp < s->hi)
			return s;
	return NULL;
}

static int c18n_pthread_getattr_np(pthread_t th, pthread_attr_t *attr)
{
	int r = pthread_getattr_np(th, attr);
	if (r != 0 || !pthread_equal(th, pthread_self()))
		return r;
	/* (an interposed function runs on its caller's stack, as the trusted base does) */
	const struct comp_stack *s = stack_at((uintptr_t)__builtin_frame_address(0));
	if (s) {
		pthread_attr_setstack(attr, (void *)s->lo, s->hi - s->lo);
		pthread_attr_setguardsize(attr, rtld_pagesize);
	}
	return 0;
}

static const struct interpose table[] = {
	{ "pthread_getattr_np", (void *)c18n_pthread_getattr_np },
};

ElfW(Addr) stackinfo_interpose(const char *name, uint32_t gnu_hash)
{
	static uint32_t hashes[ARRAY_SIZE(table)];
	static int hashed;
	return interpose_lookup(table, ARRAY_SIZE(table), hashes, &hashed, name, gnu_hash);
}
