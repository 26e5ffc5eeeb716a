/*
 * mediate.c: memory system calls made from compartments through the trusted base.
 *
 * With isolation on, a compartment's references to mprotect, pkey_mprotect, mmap, munmap,
 * mremap and madvise bind here (host.c asks mediate_interpose), and so do the ways to open
 * /proc/self/mem (open, openat, fopen and their variants).  A call that would change memory
 * the calling compartment does not own -- another compartment's memory, any object's entry
 * pages, the trusted base's or the loader's -- is a violation of kind `syscall': reported,
 * then refused (EACCES) and fatal with enforce, let through with audit.  A compartment's own
 * segments and memory nobody owns (its mmap'ed memory, the heap) are its to change.
 *
 * Synchronisation objects: a futex system call on memory that is closed at that moment fails
 * with EFAULT (the kernel does not fault), and with threads memory a compartment reaches may
 * close under it at any time (another thread leaves its owner).  The pthread and semaphore
 * functions a compartment calls pin the object's page open for the calling thread until its
 * next transition, when the caller holds it (its own, or a capability): else nothing, and
 * libc's own access is checked as usual.
 *
 * Must stay true: the trusted compartments ([RTLD], [TCB]) and the loader itself are never
 * mediated; a mediated call that is allowed behaves exactly as the libc function.
 */
#include "iso.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

void fault_die(void);
int tramp_owns(uintptr_t lo, uintptr_t hi);

static int mediated(void)
{
	if (!iso_mode)
		return 0;
	long c = thread_self()->cur_comp;
	return c >= 0 && (size_t)c < ncompartments && !compartments[c]->trusted;
}

extern char __executable_start[], _end[];

/* Does [lo, hi) touch memory that compartment c does not own?  *who gets the owner. */
static int foreign(long c, uintptr_t lo, uintptr_t hi, long *who)
{
	if (hi <= lo)
		return 0;
	*who = 0;
	if (lo < (uintptr_t)_end && hi > (uintptr_t)__executable_start)
		return 1; /* the loader */
	if (tramp_owns(lo, hi))
		return 1; /* entries and descriptors */
	for (struct obj *o = obj_list; o; o = o->next) {
		if (hi <= o->map_start || lo >= o->map_end)
			continue;
		*who = o->comp ? o->comp->id : 1;
		if (!o->comp || o->comp->id != c || (o->flags & OBJ_HOST))
			return 1;
		if (o->stub_area && hi > o->stub_area) /* its own entry pages are sealed */
			return 1;
	}
	for (uintptr_t p = ALIGN_DOWN(lo, rtld_pagesize); p < hi; ) {
		struct iso_owner w;
		if (iso_owner_of(p, &w)) {
			if (w.comp != c) {
				*who = w.comp;
				return 1;
			}
			p = w.hi;
		} else {
			p += rtld_pagesize;
		}
	}
	return 0;
}

/* Report a refused call; returns 1 if it must fail (enforce never returns). */
static int refuse(const char *what, uintptr_t lo, long owner, void *ret)
{
	struct iso_violation v = {
		.comp = thread_self()->cur_comp,
		.kind = ISO_SYSCALL,
		.addr = lo,
		.pc = (uintptr_t)ret,
		.detail = what,
	};
	if (owner >= 0 && lo) {
		v.owner.kind = OWN_DATA;
		v.owner.comp = owner;
	}
	report_count(&v);
	report_violation(&v, NULL);
	if (iso_mode == ISO_ENFORCE)
		fault_die();
	return 0;
}

static const char *prot_str(int prot, char *buf, size_t n)
{
	snprintf(buf, n, "%s%s%s%s", prot ? "" : "PROT_NONE", prot & PROT_READ ? "PROT_READ" : "",
		 prot & PROT_WRITE ? (prot & PROT_READ ? "|PROT_WRITE" : "PROT_WRITE") : "",
		 prot & PROT_EXEC ? (prot & (PROT_READ | PROT_WRITE) ? "|PROT_EXEC" : "PROT_EXEC")
				  : "");
	return buf;
}

static int check_range(const char *call, void *addr, size_t len, int prot, void *ret)
{
	long who;
	uintptr_t lo = ALIGN_DOWN((uintptr_t)addr, rtld_pagesize);
	uintptr_t hi = ALIGN_UP((uintptr_t)addr + len, rtld_pagesize);
	if (!foreign(thread_self()->cur_comp, lo, hi, &who))
		return 0;
	char what[160], p[64];
	if (prot >= 0)
		snprintf(what, sizeof what, "%s(0x%lx, %zu, %s)", call, (unsigned long)addr, len,
			 prot_str(prot, p, sizeof p));
	else
		snprintf(what, sizeof what, "%s(0x%lx, %zu)", call, (unsigned long)addr, len);
	refuse(what, lo, who, ret);
	errno = EACCES;
	return -1;
}

static int m_mprotect(void *addr, size_t len, int prot)
{
	if (mediated() && check_range("mprotect", addr, len, prot, __builtin_return_address(0)) < 0 &&
	    iso_mode == ISO_ENFORCE)
		return -1;
	return mprotect(addr, len, prot);
}

static int m_pkey_mprotect(void *addr, size_t len, int prot, int pkey)
{
	if (mediated() &&
	    check_range("pkey_mprotect", addr, len, prot, __builtin_return_address(0)) < 0 &&
	    iso_mode == ISO_ENFORCE)
		return -1;
	return pkey_mprotect(addr, len, prot, pkey);
}

static void *m_mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	if (mediated() && (flags & MAP_FIXED) &&
	    check_range("mmap", addr, len, prot, __builtin_return_address(0)) < 0 &&
	    iso_mode == ISO_ENFORCE)
		return MAP_FAILED;
	return mmap(addr, len, prot, flags, fd, off);
}

static int m_munmap(void *addr, size_t len)
{
	if (mediated() && check_range("munmap", addr, len, -1, __builtin_return_address(0)) < 0 &&
	    iso_mode == ISO_ENFORCE)
		return -1;
	return munmap(addr, len);
}

static void *m_mremap(void *old, size_t oldlen, size_t newlen, int flags, ...)
{
	void *naddr = NULL;
	if (flags & MREMAP_FIXED) {
		va_list ap;
		va_start(ap, flags);
		naddr = va_arg(ap, void *);
		va_end(ap);
	}
	if (mediated()) {
		void *ret = __builtin_return_address(0);
		int bad = check_range("mremap", old, oldlen > newlen ? oldlen : newlen, -1, ret) < 0;
		if (!bad && (flags & MREMAP_FIXED))
			bad = check_range("mremap", naddr, newlen, -1, ret) < 0;
		if (bad && iso_mode == ISO_ENFORCE)
			return MAP_FAILED;
	}
	return flags & MREMAP_FIXED ? mremap(old, oldlen, newlen, flags, naddr)
				    : mremap(old, oldlen, newlen, flags);
}

static int m_madvise(void *addr, size_t len, int advice)
{
	if (mediated() && check_range("madvise", addr, len, -1, __builtin_return_address(0)) < 0 &&
	    iso_mode == ISO_ENFORCE)
		return -1;
	return madvise(addr, len, advice);
}

/* /proc/self/mem, /proc/thread-self/mem, /proc/PID/mem, /proc/PID/task/TID/mem of this
 * process: writing there ignores every protection. */
static int is_self_mem(const char *path)
{
	if (!path || strncmp(path, "/proc/", 6))
		return 0;
	const char *p = path + 6;
	char pid[32];
	snprintf(pid, sizeof pid, "%d/", (int)getpid());
	if (!strncmp(p, "self/", 5))
		p += 5;
	else if (!strncmp(p, "thread-self/", 12))
		p += 12;
	else if (!strncmp(p, pid, strlen(pid)))
		p += strlen(pid);
	else
		return 0;
	if (!strncmp(p, "task/", 5)) {
		p += 5;
		while (*p >= '0' && *p <= '9')
			p++;
		if (*p++ != '/')
			return 0;
	}
	return !strcmp(p, "mem");
}

static int mem_refused(const char *path, void *ret)
{
	if (!mediated() || !is_self_mem(path))
		return 0;
	char what[160];
	snprintf(what, sizeof what, "open(\"%s\")", path);
	refuse(what, 0, -1, ret);
	errno = EACCES;
	return iso_mode == ISO_ENFORCE;
}

static int m_open(const char *path, int flags, ...)
{
	mode_t mode = 0;
	if (flags & (O_CREAT | O_TMPFILE)) {
		va_list ap;
		va_start(ap, flags);
		mode = va_arg(ap, mode_t);
		va_end(ap);
	}
	if (mem_refused(path, __builtin_return_address(0)))
		return -1;
	return open(path, flags, mode);
}

static int m_openat(int dirfd, const char *path, int flags, ...)
{
	mode_t mode = 0;
	if (flags & (O_CREAT | O_TMPFILE)) {
		va_list ap;
		va_start(ap, flags);
		mode = va_arg(ap, mode_t);
		va_end(ap);
	}
	if (mem_refused(path, __builtin_return_address(0)))
		return -1;
	return openat(dirfd, path, flags, mode);
}

extern int __open_2(const char *path, int flags);
static int m_open_2(const char *path, int flags)
{
	if (mem_refused(path, __builtin_return_address(0)))
		return -1;
	return __open_2(path, flags);
}

static FILE *m_fopen(const char *path, const char *mode)
{
	if (mem_refused(path, __builtin_return_address(0)))
		return NULL;
	return fopen(path, mode);
}

/* ---- synchronisation objects ---- */
static void pin_sync(const void *obj, size_t n, void *ret)
{
	if (!obj)
		return;
	struct c18n_thread *t = thread_self();
	uintptr_t a = (uintptr_t)obj;
	struct iso_owner w, code;
	if (!iso_owner_of(a, &w))
		return;
	/* the caller's code says which compartment calls (a thread may run another's code) */
	long comp = iso_owner_of((uintptr_t)ret - 1, &code) && code.kind == OWN_CODE ? code.comp
										: t->cur_comp;
	int mine = !w.stack;
	for (struct comp_stack *s = t->stack_mem; s && !mine; s = s->next)
		mine = s == w.stack;
	if (w.comp == t->cur_comp && w.comp == comp && mine)
		return; /* its own compartment's, open while the thread is in it (another thread's
			 * stack closes when that thread leaves) */
	struct cap_why why;
	if (w.comp != comp && !cap_check(t, comp, a, 1, &why))
		return;
	uintptr_t lo = ALIGN_DOWN(a, rtld_pagesize), hi = ALIGN_UP(a + n, rtld_pagesize);
	if (hi > w.hi)
		hi = w.hi;
	iso_open_temp_range(t, &w, lo, hi);
}

#define SYNC1(name, type)                                                                  \
	static int m_##name(type *o)                                                       \
	{                                                                                  \
		if (iso_mode)                                                              \
			pin_sync(o, sizeof *o, __builtin_return_address(0));               \
		return name(o);                                                            \
	}
#define SYNC2(name, type, type2)                                                           \
	static int m_##name(type *o, type2 b)                                              \
	{                                                                                  \
		if (iso_mode)                                                              \
			pin_sync(o, sizeof *o, __builtin_return_address(0));               \
		return name(o, b);                                                         \
	}
SYNC1(pthread_mutex_lock, pthread_mutex_t)
SYNC1(pthread_mutex_trylock, pthread_mutex_t)
SYNC1(pthread_mutex_unlock, pthread_mutex_t)
SYNC2(pthread_mutex_timedlock, pthread_mutex_t, const struct timespec *)
SYNC1(pthread_cond_signal, pthread_cond_t)
SYNC1(pthread_cond_broadcast, pthread_cond_t)
SYNC1(pthread_rwlock_rdlock, pthread_rwlock_t)
SYNC1(pthread_rwlock_wrlock, pthread_rwlock_t)
SYNC1(pthread_rwlock_tryrdlock, pthread_rwlock_t)
SYNC1(pthread_rwlock_trywrlock, pthread_rwlock_t)
SYNC1(pthread_rwlock_unlock, pthread_rwlock_t)
SYNC2(pthread_rwlock_timedrdlock, pthread_rwlock_t, const struct timespec *)
SYNC2(pthread_rwlock_timedwrlock, pthread_rwlock_t, const struct timespec *)
SYNC1(pthread_barrier_wait, pthread_barrier_t)
SYNC1(sem_wait, sem_t)
SYNC1(sem_trywait, sem_t)
SYNC1(sem_post, sem_t)
SYNC2(sem_timedwait, sem_t, const struct timespec *)

static int m_pthread_cond_wait(pthread_cond_t *c, pthread_mutex_t *m)
{
	if (iso_mode) {
		pin_sync(c, sizeof *c, __builtin_return_address(0));
		pin_sync(m, sizeof *m, __builtin_return_address(0));
	}
	return pthread_cond_wait(c, m);
}

static int m_pthread_cond_timedwait(pthread_cond_t *c, pthread_mutex_t *m,
				    const struct timespec *ts)
{
	if (iso_mode) {
		pin_sync(c, sizeof *c, __builtin_return_address(0));
		pin_sync(m, sizeof *m, __builtin_return_address(0));
	}
	return pthread_cond_timedwait(c, m, ts);
}

static const struct interpose table[] = {
	{ "mprotect", (void *)m_mprotect },
	{ "pkey_mprotect", (void *)m_pkey_mprotect },
	{ "mmap", (void *)m_mmap },
	{ "mmap64", (void *)m_mmap },
	{ "munmap", (void *)m_munmap },
	{ "mremap", (void *)m_mremap },
	{ "madvise", (void *)m_madvise },
	{ "open", (void *)m_open },
	{ "open64", (void *)m_open },
	{ "openat", (void *)m_openat },
	{ "openat64", (void *)m_openat },
	{ "__open_2", (void *)m_open_2 },
	{ "__open64_2", (void *)m_open_2 },
	{ "fopen", (void *)m_fopen },
	{ "fopen64", (void *)m_fopen },
#define S(name) { #name, (void *)m_##name }
	S(pthread_mutex_lock), S(pthread_mutex_trylock), S(pthread_mutex_unlock),
	S(pthread_mutex_timedlock), S(pthread_cond_signal), S(pthread_cond_broadcast),
	S(pthread_cond_wait), S(pthread_cond_timedwait), S(pthread_rwlock_rdlock),
	S(pthread_rwlock_wrlock), S(pthread_rwlock_tryrdlock), S(pthread_rwlock_trywrlock),
	S(pthread_rwlock_unlock), S(pthread_rwlock_timedrdlock), S(pthread_rwlock_timedwrlock),
	S(pthread_barrier_wait), S(sem_wait), S(sem_trywait), S(sem_post), S(sem_timedwait),
#undef S
};

ElfW(Addr) mediate_interpose(const char *name, uint32_t gnu_hash)
{
	static uint32_t hashes[ARRAY_SIZE(table)];
	static int hashed;
	if (!iso_mode)
		return 0;
	return interpose_lookup(table, ARRAY_SIZE(table), hashes, &hashed, name, gnu_hash);
}
