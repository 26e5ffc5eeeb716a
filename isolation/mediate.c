/*
 * mediate.c: system calls made from compartments through the trusted base.
 *
 * With isolation on, a compartment's references to the memory functions (mprotect,
 * pkey_mprotect, mmap, munmap, mremap, madvise, shmat, personality), to the ways to open a
 * file (open, openat, creat, fopen, freopen and their variants), to the descriptor functions
 * that write, map, duplicate, close or reconfigure a descriptor, and to syscall(2) itself
 * bind here (host.c asks mediate_interpose).  syscall(2) is mediated as the function its
 * number names would be, openat2 included.
 *
 * Memory.  A call that would change memory the calling compartment does not own -- another
 * compartment's memory, any object's entry pages, the trusted base's or the loader's -- is
 * a violation of kind `syscall': reported, then refused (EACCES) and fatal with enforce, let
 * through with audit.  A compartment's own segments and memory nobody owns (its mmap'ed
 * memory, the heap) are its to change.  Compartment code lives in the code window
 * (seccomp.c): a mapping a compartment makes without MAP_FIXED is placed there, and making
 * memory outside it executable (PROT_EXEC, SHM_EXEC, READ_IMPLIES_EXEC) is a violation,
 * so that every `syscall' instruction of a compartment traps.
 *
 * This process's memory file.  Opening /proc/self/mem under any name reaches every page
 * whatever its protection.  The path as written is refused before the open (the common
 * spellings); whatever else opened, the descriptor is checked after the open: a procfs file
 * named mem that reads back, at the address of a fresh random word on this thread's stack,
 * that very word, is this process's memory (a relative path, another procfs mount, a task's
 * mem, /proc/self/fd/N all land there).
 *
 * The loader's descriptors (mediate_protect_fd).  From compartments, writing to one
 * (write, pwrite, writev, pwritev, pwritev2, sendfile, copy_file_range, splice), mapping
 * it, truncating or allocating it, duplicating it or onto it, changing its status flags or
 * seals, or opening it again are refused and reported, in audit too: the loader cannot work
 * on with a descriptor taken from it.  Closing one (close, close_range, closefrom) leaves it
 * open and answers success, unreported: closing every descriptor is what daemons and
 * forked children do before exec.
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
#include <linux/magic.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/personality.h>
#include <sys/random.h>
#include <sys/sendfile.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

void fault_die(void);
int tramp_owns(uintptr_t lo, uintptr_t hi);

static int mediated(void)
{
	if (!iso_mode)
		return 0;
	/* (checked: a compartment that rewrote its current compartment to a trusted one would
	 * otherwise pass unmediated) */
	long c = guard_current(thread_self(), (uintptr_t)__builtin_return_address(0));
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

/* May compartment c make [lo, hi) executable?  Inside the code window, or its own code. */
static int exec_allowed(long c, uintptr_t lo, uintptr_t hi)
{
	if (iso_in_window(lo, hi))
		return 1;
	for (uintptr_t p = lo; p < hi; ) {
		struct iso_owner w;
		if (!iso_owner_of(p, &w) || w.kind != OWN_CODE || w.comp != c)
			return 0;
		p = w.hi;
	}
	return hi > lo;
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

/* 0: allowed; -1 (errno EACCES): refused and reported. */
static int check_range(const char *call, void *addr, size_t len, int prot, void *ret)
{
	long who, c = thread_self()->cur_comp;
	uintptr_t lo = ALIGN_DOWN((uintptr_t)addr, rtld_pagesize);
	uintptr_t hi = ALIGN_UP((uintptr_t)addr + len, rtld_pagesize);
	int bad = foreign(c, lo, hi, &who);
	int code = !bad && prot >= 0 && (prot & PROT_EXEC) && !exec_allowed(c, lo, hi);
	if (!bad && !code)
		return 0;
	char what[200], p[64];
	if (prot >= 0)
		snprintf(what, sizeof what, "%s(0x%lx, %zu, %s)%s", call, (unsigned long)addr, len,
			 prot_str(prot, p, sizeof p), code ? ": code outside the code window" : "");
	else
		snprintf(what, sizeof what, "%s(0x%lx, %zu)", call, (unsigned long)addr, len);
	refuse(what, lo, bad ? who : -1, ret);
	errno = EACCES;
	return -1;
}

/* ---- the loader's descriptors ---- */
static struct {
	int fd;
	dev_t dev;
	ino_t ino;
} pfds[16];
static int npfds;

void mediate_protect_fd(int fd)
{
	struct stat st;
	if (!iso_mode || fd < 0 || fstat(fd, &st) < 0)
		return;
	iso_lock();
	int i = 0;
	while (i < npfds && pfds[i].fd != fd)
		i++;
	if (i < (int)ARRAY_SIZE(pfds)) {
		pfds[i].dev = st.st_dev;
		pfds[i].ino = st.st_ino;
		__atomic_store_n(&pfds[i].fd, fd, __ATOMIC_RELEASE);
		if (i == npfds)
			__atomic_store_n(&npfds, i + 1, __ATOMIC_RELEASE);
	} else {
		rtld_dprintf(2, "%s: isolation: descriptor %d: too many loader descriptors to "
			     "protect\n", RTLD_NAME, fd);
	}
	iso_unlock();
}

/* Is fd (still) one of the loader's? */
static int protected_fd(int fd)
{
	int n = __atomic_load_n(&npfds, __ATOMIC_ACQUIRE);
	for (int i = 0; i < n; i++) {
		struct stat st;
		if (pfds[i].fd == fd)
			return fstat(fd, &st) == 0 && st.st_dev == pfds[i].dev &&
			       st.st_ino == pfds[i].ino;
	}
	return 0;
}

static int protected_file(const struct stat *st)
{
	int n = __atomic_load_n(&npfds, __ATOMIC_ACQUIRE);
	for (int i = 0; i < n; i++)
		if (st->st_dev == pfds[i].dev && st->st_ino == pfds[i].ino)
			return 1;
	return 0;
}

/* A call from a compartment on a loader descriptor: reported and refused (errno err), audit
 * or not.  1: refused. */
static int fd_refused(const char *call, int fd, int err, void *ret)
{
	if (!mediated() || fd < 0 || !protected_fd(fd))
		return 0;
	char what[96];
	snprintf(what, sizeof what, "%s: descriptor %d is the loader's", call, fd);
	refuse(what, 0, -1, ret);
	errno = err;
	return 1;
}

/* close, close_range, closefrom: the loader's descriptors stay open. */
static int keeps_open(int fd) { return mediated() && fd >= 0 && protected_fd(fd); }

static int do_close_range(unsigned first, unsigned last, int flags)
{
	if (!mediated())
		return close_range(first, last, flags);
	/* close around the loader's descriptors, lowest first */
	while (first <= last) {
		unsigned stop = last;
		int n = __atomic_load_n(&npfds, __ATOMIC_ACQUIRE), keep = 0;
		for (int i = 0; i < n; i++) {
			unsigned f = (unsigned)pfds[i].fd;
			if (f >= first && f <= stop && protected_fd(pfds[i].fd)) {
				stop = f;
				keep = 1;
			}
		}
		if (!keep)
			return close_range(first, last, flags);
		if (stop > first && close_range(first, stop - 1, flags) < 0)
			return -1;
		if (stop == ~0u)
			break;
		first = stop + 1;
	}
	return 0;
}

/* ---- memory ---- */
static int do_mprotect(void *addr, size_t len, int prot, void *ret)
{
	if (mediated() && check_range("mprotect", addr, len, prot, ret) < 0 &&
	    iso_mode == ISO_ENFORCE)
		return -1;
	return mprotect(addr, len, prot);
}

static int do_pkey_mprotect(void *addr, size_t len, int prot, int pkey, void *ret)
{
	if (mediated() && check_range("pkey_mprotect", addr, len, prot, ret) < 0 &&
	    iso_mode == ISO_ENFORCE)
		return -1;
	return pkey_mprotect(addr, len, prot, pkey);
}

/* Where a compartment's mapping goes: MAP_FIXED where it says (its checks), else in the code
 * window, at the hint when the hint is there.  A hint outside the window is not followed (a
 * hint is advice the kernel may ignore too): what is mapped there may become code later --
 * a JIT reserves its code range without PROT_EXEC, then maps code into it with MAP_FIXED. */
static void *do_mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off, void *ret)
{
	if (!mediated())
		return mmap(addr, len, prot, flags, fd, off);
	if (!(flags & MAP_ANONYMOUS) && fd_refused("mmap", fd, EACCES, ret))
		return MAP_FAILED;
	uintptr_t a = (uintptr_t)addr;
	if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
		if (check_range("mmap", addr, len, prot, ret) < 0 && iso_mode == ISO_ENFORCE)
			return MAP_FAILED;
		return mmap(addr, len, prot, flags, fd, off);
	}
	if (flags & MAP_32BIT) { /* below 2 GiB: never in the window */
		if ((prot & PROT_EXEC) && check_range("mmap", NULL, len, prot, ret) < 0 &&
		    iso_mode == ISO_ENFORCE)
			return MAP_FAILED;
		return mmap(addr, len, prot, flags, fd, off);
	}
	if (a && iso_in_window(a, a + len)) {
		void *m = mmap(addr, len, prot, flags | MAP_FIXED_NOREPLACE, fd, off);
		if (m != MAP_FAILED || errno != EEXIST)
			return m;
	}
	return iso_window_map(len, prot, flags, fd, off);
}

static int do_munmap(void *addr, size_t len, void *ret)
{
	if (mediated() && check_range("munmap", addr, len, -1, ret) < 0 && iso_mode == ISO_ENFORCE)
		return -1;
	return munmap(addr, len);
}

static void *do_mremap(void *old, size_t oldlen, size_t newlen, int flags, void *naddr,
		       void *ret)
{
	if (mediated()) {
		int bad = check_range("mremap", old, oldlen > newlen ? oldlen : newlen, -1, ret) < 0;
		if (!bad && (flags & MREMAP_FIXED))
			bad = check_range("mremap", naddr, newlen, -1, ret) < 0;
		if (bad && iso_mode == ISO_ENFORCE)
			return MAP_FAILED;
		uintptr_t o = (uintptr_t)old;
		if ((flags & MREMAP_MAYMOVE) && !(flags & MREMAP_FIXED) &&
		    iso_in_window(o, o + oldlen)) {
			/* a move stays in the window: in place if it can, else onto a reservation
			 * there */
			void *m = mremap(old, oldlen, newlen, 0);
			if (m != MAP_FAILED)
				return m;
			void *dst = iso_window_map(newlen, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS |
							       MAP_NORESERVE, -1, 0);
			if (dst == MAP_FAILED)
				return MAP_FAILED;
			m = mremap(old, oldlen, newlen, flags | MREMAP_FIXED, dst);
			if (m == MAP_FAILED) {
				int e = errno;
				munmap(dst, newlen);
				errno = e;
			}
			return m;
		}
	}
	return flags & MREMAP_FIXED ? mremap(old, oldlen, newlen, flags, naddr)
				    : mremap(old, oldlen, newlen, flags);
}

static int do_madvise(void *addr, size_t len, int advice, void *ret)
{
	if (mediated() && check_range("madvise", addr, len, -1, ret) < 0 && iso_mode == ISO_ENFORCE)
		return -1;
	return madvise(addr, len, advice);
}

static void *do_shmat(int id, const void *addr, int flags, void *ret)
{
	uintptr_t a = (uintptr_t)addr;
	if (mediated() && (flags & SHM_EXEC) && !(a && iso_in_window(a, a + 1))) {
		char what[96];
		snprintf(what, sizeof what, "shmat(%d, 0x%lx, SHM_EXEC): code outside the code "
			 "window", id, (unsigned long)a);
		refuse(what, 0, -1, ret);
		if (iso_mode == ISO_ENFORCE) {
			errno = EACCES;
			return (void *)-1;
		}
	}
	return shmat(id, addr, flags);
}

static int do_personality(unsigned long persona, void *ret)
{
	if (mediated() && persona != 0xffffffffUL && (persona & READ_IMPLIES_EXEC)) {
		char what[96];
		snprintf(what, sizeof what, "personality(0x%lx): READ_IMPLIES_EXEC", persona);
		refuse(what, 0, -1, ret);
		if (iso_mode == ISO_ENFORCE) {
			errno = EACCES;
			return -1;
		}
	}
	return personality(persona);
}

/* ---- this process's memory file ---- */
/* /proc/self/mem, /proc/thread-self/mem, /proc/PID/mem, /proc/PID/task/TID/mem of this
 * process as written: writing there ignores every protection. */
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

/* The path as written is this process's memory file: reported (1; enforce never returns). */
static int mem_path(const char *path, void *ret)
{
	if (!mediated() || !is_self_mem(path))
		return 0;
	char what[160];
	snprintf(what, sizeof what, "open(\"%s\")", path);
	refuse(what, 0, -1, ret);
	return 1;
}

/* Is fd a memory file of this process (any thread's, by any name)?  link gets its path. */
static int fd_is_self_mem(int fd, char *link, size_t n)
{
	struct stat st;
	struct statfs sf;
	char self[40];
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size != 0 ||
	    fstatfs(fd, &sf) < 0 || sf.f_type != PROC_SUPER_MAGIC)
		return 0;
	snprintf(self, sizeof self, "/proc/self/fd/%d", fd);
	ssize_t k = readlink(self, link, n - 1);
	link[k > 0 ? k : 0] = 0;
	const char *base = strrchr(link, '/');
	if (!base || strcmp(base, "/mem"))
		return 0;
	/* a fresh random word on this stack reads back through it only if it is our memory */
	int rfd = open(self, O_RDONLY | O_CLOEXEC);
	if (rfd < 0)
		return 0;
	volatile uint64_t word = 0;
	uint64_t r, got = 0;
	if (getrandom(&r, sizeof r, GRND_NONBLOCK) != sizeof r)
		r = rtld_now_ns() ^ 0x5bd1e995u;
	word = r | 1;
	int same = pread(rfd, &got, sizeof got, (off_t)(uintptr_t)&word) == sizeof got &&
		   got == word;
	close(rfd);
	return same;
}

/* After a compartment's open succeeded: this process's memory (a violation: audit lets it
 * through), or a loader descriptor opened again (refused)?  0: fd may stay open; 1: refused. */
static int open_refused(int fd, const char *call, int dirfd, const char *path, void *ret)
{
	char link[256], what[600], args[300];
	if (dirfd == AT_FDCWD)
		snprintf(args, sizeof args, "\"%s\"", path ? path : "");
	else
		snprintf(args, sizeof args, "%d, \"%s\"", dirfd, path ? path : "");
	if (fd_is_self_mem(fd, link, sizeof link)) {
		snprintf(what, sizeof what, "%s(%s): %s", call, args, link);
		refuse(what, 0, -1, ret);
		return iso_mode == ISO_ENFORCE;
	}
	struct stat st;
	if (fstat(fd, &st) < 0 || !protected_file(&st))
		return 0;
	snprintf(what, sizeof what, "%s(%s): the loader's descriptor", call, args);
	refuse(what, 0, -1, ret);
	return 1;
}

/* fd, or -1 (closed, errno EACCES) when open_refused. */
static int opened(int fd, const char *call, int dirfd, const char *path, void *ret)
{
	if (fd >= 0 && mediated() && open_refused(fd, call, dirfd, path, ret)) {
		close(fd);
		errno = EACCES;
		return -1;
	}
	return fd;
}

static int do_openat(int dirfd, const char *path, int flags, mode_t mode, const char *call,
		     void *ret)
{
	if (mem_path(path, ret)) /* (audit: reported once, here) */
		return openat(dirfd, path, flags, mode);
	return opened(openat(dirfd, path, flags, mode), call, dirfd, path, ret);
}

static FILE *checked_file(FILE *f, const char *call, const char *path, void *ret)
{
	if (f && mediated() && open_refused(fileno(f), call, AT_FDCWD, path, ret)) {
		fclose(f);
		errno = EACCES;
		return NULL;
	}
	return f;
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


/* ---- the functions compartments bind to ---- */
#define RET __builtin_return_address(0)

static int m_mprotect(void *addr, size_t len, int prot) { return do_mprotect(addr, len, prot, RET); }
static int m_pkey_mprotect(void *addr, size_t len, int prot, int pkey)
{
	return do_pkey_mprotect(addr, len, prot, pkey, RET);
}
static void *m_mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	return do_mmap(addr, len, prot, flags, fd, off, RET);
}
static int m_munmap(void *addr, size_t len) { return do_munmap(addr, len, RET); }
static void *m_mremap(void *old, size_t oldlen, size_t newlen, int flags, ...)
{
	void *naddr = NULL;
	if (flags & MREMAP_FIXED) {
		va_list ap;
		va_start(ap, flags);
		naddr = va_arg(ap, void *);
		va_end(ap);
	}
	return do_mremap(old, oldlen, newlen, flags, naddr, RET);
}
static int m_madvise(void *addr, size_t len, int advice) { return do_madvise(addr, len, advice, RET); }
static void *m_shmat(int id, const void *addr, int flags) { return do_shmat(id, addr, flags, RET); }
static int m_personality(unsigned long persona) { return do_personality(persona, RET); }

/* The mode argument of open and openat (after flags, their last named parameter). */
#define MODE_ARG()                                                                         \
	({                                                                                 \
		mode_t mode_ = 0;                                                          \
		if (flags & (O_CREAT | O_TMPFILE)) {                                       \
			va_list ap;                                                        \
			va_start(ap, flags);                                               \
			mode_ = va_arg(ap, mode_t);                                        \
			va_end(ap);                                                        \
		}                                                                          \
		mode_;                                                                     \
	})
static int m_open(const char *path, int flags, ...)
{
	return do_openat(AT_FDCWD, path, flags, MODE_ARG(), "open", RET);
}
static int m_openat(int dirfd, const char *path, int flags, ...)
{
	return do_openat(dirfd, path, flags, MODE_ARG(), "openat", RET);
}
#undef MODE_ARG

static int m_open_2(const char *path, int flags)
{
	return do_openat(AT_FDCWD, path, flags, 0, "open", RET);
}
static int m_openat_2(int dirfd, const char *path, int flags)
{
	return do_openat(dirfd, path, flags, 0, "openat", RET);
}
static int m_creat(const char *path, mode_t mode)
{
	return do_openat(AT_FDCWD, path, O_CREAT | O_WRONLY | O_TRUNC, mode, "creat", RET);
}

static FILE *m_fopen(const char *path, const char *mode)
{
	if (mem_path(path, RET))
		return fopen(path, mode);
	return checked_file(fopen(path, mode), "fopen", path, RET);
}

static FILE *m_freopen(const char *path, const char *mode, FILE *f)
{
	if (mem_path(path, RET))
		return freopen(path, mode, f);
	return checked_file(freopen(path, mode, f), "freopen", path, RET);
}

static ssize_t m_write(int fd, const void *b, size_t n)
{
	return fd_refused("write", fd, EBADF, RET) ? -1 : write(fd, b, n);
}
static ssize_t m_pwrite(int fd, const void *b, size_t n, off_t off)
{
	return fd_refused("pwrite", fd, EBADF, RET) ? -1 : pwrite(fd, b, n, off);
}
static ssize_t m_writev(int fd, const struct iovec *v, int n)
{
	return fd_refused("writev", fd, EBADF, RET) ? -1 : writev(fd, v, n);
}
static ssize_t m_pwritev(int fd, const struct iovec *v, int n, off_t off)
{
	return fd_refused("pwritev", fd, EBADF, RET) ? -1 : pwritev(fd, v, n, off);
}
static ssize_t m_pwritev2(int fd, const struct iovec *v, int n, off_t off, int flags)
{
	return fd_refused("pwritev2", fd, EBADF, RET) ? -1 : pwritev2(fd, v, n, off, flags);
}
static ssize_t m_sendfile(int out, int in, off_t *off, size_t n)
{
	return fd_refused("sendfile", out, EBADF, RET) ? -1 : sendfile(out, in, off, n);
}
static ssize_t m_copy_file_range(int in, off_t *inoff, int out, off_t *outoff, size_t n,
				 unsigned flags)
{
	return fd_refused("copy_file_range", out, EBADF, RET)
		       ? -1 : copy_file_range(in, inoff, out, outoff, n, flags);
}
static ssize_t m_splice(int in, off_t *inoff, int out, off_t *outoff, size_t n, unsigned flags)
{
	return fd_refused("splice", out, EBADF, RET) ? -1 : splice(in, inoff, out, outoff, n, flags);
}
static int m_ftruncate(int fd, off_t len)
{
	return fd_refused("ftruncate", fd, EBADF, RET) ? -1 : ftruncate(fd, len);
}
static int m_fallocate(int fd, int mode, off_t off, off_t len)
{
	return fd_refused("fallocate", fd, EBADF, RET) ? -1 : fallocate(fd, mode, off, len);
}
static int m_posix_fallocate(int fd, off_t off, off_t len)
{
	return fd_refused("posix_fallocate", fd, EBADF, RET) ? EBADF : posix_fallocate(fd, off, len);
}
static int m_dup(int fd) { return fd_refused("dup", fd, EBADF, RET) ? -1 : dup(fd); }
static int m_dup2(int fd, int to)
{
	return fd_refused("dup2", fd, EBADF, RET) || fd_refused("dup2", to, EBADF, RET)
		       ? -1 : dup2(fd, to);
}
static int m_dup3(int fd, int to, int flags)
{
	return fd_refused("dup3", fd, EBADF, RET) || fd_refused("dup3", to, EBADF, RET)
		       ? -1 : dup3(fd, to, flags);
}
static int m_close(int fd) { return keeps_open(fd) ? 0 : close(fd); }
static int m_close_range(unsigned first, unsigned last, int flags)
{
	return do_close_range(first, last, flags);
}
static void m_closefrom(int fd)
{
	if (fd >= 0)
		do_close_range((unsigned)fd, ~0u, 0);
}

static int fcntl_refused(int fd, int cmd, void *ret)
{
	const char *call = cmd == F_DUPFD	    ? "fcntl(F_DUPFD)"
			   : cmd == F_DUPFD_CLOEXEC ? "fcntl(F_DUPFD_CLOEXEC)"
			   : cmd == F_SETFL	    ? "fcntl(F_SETFL)"
			   : cmd == F_ADD_SEALS	    ? "fcntl(F_ADD_SEALS)"
						    : NULL;
	return call && fd_refused(call, fd, EBADF, ret);
}

static int m_fcntl(int fd, int cmd, ...)
{
	va_list ap;
	va_start(ap, cmd);
	void *arg = va_arg(ap, void *);
	va_end(ap);
	return fcntl_refused(fd, cmd, RET) ? -1 : fcntl(fd, cmd, arg);
}

/* syscall(2): the number's function, mediated as above. */
static long m_syscall(long nr, ...)
{
	va_list ap;
	long a[6];
	va_start(ap, nr);
	for (int i = 0; i < 6; i++)
		a[i] = va_arg(ap, long);
	va_end(ap);
	void *ret = RET;
	if (mediated()) {
		switch (nr) {
		case SYS_mprotect:
			return do_mprotect((void *)a[0], (size_t)a[1], (int)a[2], ret);
		case SYS_pkey_mprotect:
			return do_pkey_mprotect((void *)a[0], (size_t)a[1], (int)a[2], (int)a[3], ret);
		case SYS_mmap:
			return (long)do_mmap((void *)a[0], (size_t)a[1], (int)a[2], (int)a[3], (int)a[4],
					     (off_t)a[5], ret);
		case SYS_munmap:
			return do_munmap((void *)a[0], (size_t)a[1], ret);
		case SYS_mremap:
			return (long)do_mremap((void *)a[0], (size_t)a[1], (size_t)a[2], (int)a[3],
					       (void *)a[4], ret);
		case SYS_madvise:
			return do_madvise((void *)a[0], (size_t)a[1], (int)a[2], ret);
		case SYS_shmat:
			return (long)do_shmat((int)a[0], (const void *)a[1], (int)a[2], ret);
		case SYS_personality:
			return do_personality((unsigned long)a[0], ret);
		case SYS_open:
			return do_openat(AT_FDCWD, (const char *)a[0], (int)a[1], (mode_t)a[2], "open",
					 ret);
		case SYS_openat:
			return do_openat((int)a[0], (const char *)a[1], (int)a[2], (mode_t)a[3],
					 "openat", ret);
		case SYS_creat:
			return do_openat(AT_FDCWD, (const char *)a[0], O_CREAT | O_WRONLY | O_TRUNC,
					 (mode_t)a[1], "creat", ret);
		case SYS_openat2:
			if (mem_path((const char *)a[1], ret))
				break;
			return opened((int)syscall(nr, a[0], a[1], a[2], a[3]), "openat2", (int)a[0],
				      (const char *)a[1], ret);
		case SYS_close:
			if (keeps_open((int)a[0]))
				return 0;
			break;
		case SYS_close_range:
			return do_close_range((unsigned)a[0], (unsigned)a[1], (int)a[2]);
		case SYS_fcntl:
			if (fcntl_refused((int)a[0], (int)a[1], ret))
				return -1;
			break;
		case SYS_dup2:
		case SYS_dup3:
			if (fd_refused(nr == SYS_dup2 ? "dup2" : "dup3", (int)a[1], EBADF, ret))
				return -1;
			__attribute__((fallthrough)); /* and the descriptor duplicated */
		case SYS_write:
		case SYS_pwrite64:
		case SYS_writev:
		case SYS_pwritev:
		case SYS_pwritev2:
		case SYS_ftruncate:
		case SYS_fallocate:
		case SYS_dup:
		case SYS_sendfile: {
			const char *name = arch_syscall_name(nr);
			if (fd_refused(name ? name : "?", (int)a[0], EBADF, ret))
				return -1;
			break;
		}
		case SYS_copy_file_range:
		case SYS_splice:
			if (fd_refused(nr == SYS_splice ? "splice" : "copy_file_range", (int)a[2],
				       EBADF, ret))
				return -1;
			break;
		}
	}
	return syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
}
#undef RET

static const struct interpose table[] = {
#define M(name, fn) { name, (void *)fn }
	M("mprotect", m_mprotect), M("pkey_mprotect", m_pkey_mprotect), M("mmap", m_mmap),
	M("mmap64", m_mmap), M("munmap", m_munmap), M("mremap", m_mremap), M("madvise", m_madvise),
	M("shmat", m_shmat), M("personality", m_personality),
	M("open", m_open), M("open64", m_open), M("openat", m_openat), M("openat64", m_openat),
	M("__open_2", m_open_2), M("__open64_2", m_open_2), M("__openat_2", m_openat_2),
	M("__openat64_2", m_openat_2), M("creat", m_creat), M("creat64", m_creat),
	M("fopen", m_fopen), M("fopen64", m_fopen), M("freopen", m_freopen),
	M("freopen64", m_freopen),
	M("write", m_write), M("pwrite", m_pwrite), M("pwrite64", m_pwrite), M("writev", m_writev),
	M("pwritev", m_pwritev), M("pwritev64", m_pwritev), M("pwritev2", m_pwritev2),
	M("pwritev64v2", m_pwritev2), M("sendfile", m_sendfile), M("sendfile64", m_sendfile),
	M("copy_file_range", m_copy_file_range), M("splice", m_splice),
	M("ftruncate", m_ftruncate), M("ftruncate64", m_ftruncate), M("fallocate", m_fallocate),
	M("fallocate64", m_fallocate), M("posix_fallocate", m_posix_fallocate),
	M("posix_fallocate64", m_posix_fallocate), M("dup", m_dup), M("dup2", m_dup2),
	M("dup3", m_dup3), M("close", m_close), M("close_range", m_close_range),
	M("closefrom", m_closefrom), M("fcntl", m_fcntl), M("fcntl64", m_fcntl),
	M("syscall", m_syscall),
#undef M
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

/* Every descriptor open before the program runs that is this process's memory is the
 * loader's (isolation's reads of closed memory, memory.c).  (getdents64 on a buffer here:
 * no glibc allocation before the hand-off.) */
void mediate_start(void)
{
	if (!iso_mode)
		return;
	int dir = open("/proc/self/fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dir < 0)
		return;
	char buf[4096], link[256];
	long n;
	while ((n = syscall(SYS_getdents64, dir, buf, sizeof buf)) > 0) {
		for (long off = 0; off < n;) {
			struct {
				uint64_t ino;
				int64_t off;
				unsigned short reclen;
				unsigned char type;
				char name[];
			} *d = (void *)(buf + off);
			off += d->reclen;
			int fd = d->name[0] >= '0' && d->name[0] <= '9' ? atoi(d->name) : -1;
			if (fd >= 0 && fd != dir && fd_is_self_mem(fd, link, sizeof link)) {
				DEBUG(DBG_ISOLATION, "descriptor %d (%s) is the loader's", fd, link);
				mediate_protect_fd(fd);
			}
		}
	}
	close(dir);
}
