/*
 * debugger.c: what debuggers see of the objects ld-c18n loads (gdb, core files, gdb -p).
 *
 * gdb finds shared libraries through the system loader's r_debug (through DT_DEBUG of the
 * executable it runs: ld-c18n) and re-reads its list at the system loader's solib events
 * (SystemTap probes in ld.so: reloc_complete, unmap_complete, ...).  Our objects are not in
 * glibc's own list, and must never be: glibc walks that list with its private link_map
 * layout.  So the debugger gets a list of its own, reached from r_debug.r_map:
 *
 *   [ld-c18n (a copy of glibc's first entry)] -> our objects, in load order -> glibc's second
 *   entry -> ... -> glibc's last entry
 *
 * glibc's entries stay where glibc keeps them; only the second one's l_prev is pointed back
 * at our last object, so that the chain is consistent for a reader walking it (gdb checks
 * every l_prev), and a library glibc itself loads later is appended after glibc's last entry
 * -- the end of both lists -- where gdb's incremental update expects it.  glibc sets r_map
 * only while it is NULL, and never unloads its second entry (a dependency of ld-c18n).
 *
 * gdb reads the list again only at an event of the system loader.  After our list changes
 * (start-up, dlopen, dlclose), and only while a tracer is attached, we cause one: the system
 * loader opens and closes a tiny object (embedded in ld-c18n, served from a memfd), whose
 * unmap_complete event makes gdb reload the whole list.  A debugger attaching later, or
 * reading a core file, reads the list as it stands.
 *
 * Must stay true:
 *  - Each published node of ours is zeroed beyond the public link_map fields, up to DBG_NODE
 *    bytes: libthread_db reads glibc-private fields (l_tls_modid) at glibc's offsets, and
 *    must find 0 there ("no TLS block") rather than our data.  The first node is a whole
 *    copy of glibc's entry for ld-c18n, so that its own TLS stays visible.  A node of an
 *    object with TLS says where its block lies (dbgnode.h), for tools/gdb/thread_db.c.
 *  - The list is changed with the dlopen lock held (or at start-up, with one thread).
 */
#include "rtld.h"
#include "iso.h"
#include "dbgnode.h"

#include <dlfcn.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <link.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include <unistd.h>

extern const char c18n_notify_image[], c18n_notify_image_end[];

static struct link_map *head;    /* our copy of glibc's first entry (ld-c18n) */
static struct link_map *glibc_first, *glibc_second;
static int notify_fd = -1;

static struct link_map *node(void)
{
	/* Nodes are never freed (an object's stays with its struct obj).  They come from fresh
	 * anonymous memory, zero already, two to a page: only the pages written (the public
	 * fields, a TLS object's marker) are ever touched, one per two objects. */
	static char *pool, *pool_end;
	if (pool == pool_end) {
		size_t n = (size_t)64 * DBG_NODE;
		void *m = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (m == MAP_FAILED)
			rtld_fatal("out of memory for the debugger's list");
		pool = m;
		pool_end = pool + n;
	}
	struct link_map *l = (struct link_map *)pool;
	pool += DBG_NODE;
	return l;
}

static int traced(void)
{
	int fd = open("/proc/self/status", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	char buf[4096];
	ssize_t n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = 0;
	const char *p = strstr(buf, "\nTracerPid:");
	if (!p)
		return 0;
	p += 11;
	while (*p == ' ' || *p == '\t')
		p++;
	return *p && *p != '0';
}

static int tracer; /* a tracer is attached (checked at start-up and at each publication) */

void dbg_check_tracer(void)
{
	tracer = traced();
	dbg_tracer = tracer && dbg_jit_listener();
}

/* One open and close by the system loader: gdb reloads the list at its unmap_complete. */
static void notify(void)
{
	if (!tracer)
		return;
	if (notify_fd < 0) {
		int fd = memfd_create("ld-c18n-debugger-event", MFD_CLOEXEC);
		size_t n = (size_t)(c18n_notify_image_end - c18n_notify_image);
		if (fd < 0 || write(fd, c18n_notify_image, n) != (ssize_t)n) {
			if (fd >= 0)
				close(fd);
			DEBUG(DBG_FILES, "debugger: no event object (memfd)");
			return;
		}
		notify_fd = rtld_high_fd(fd);
	}
	/* (/proc/PID: gdb opens the name in its own process) */
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/fd/%d", (int)getpid(), notify_fd);
	void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	if (h)
		dlclose(h);
	else
		DEBUG(DBG_FILES, "debugger: event object: %s", dlerror());
}

static void publish_list(void)
{
	struct r_debug *r = &_r_debug;
	if (!head) {
		glibc_first = r->r_map;
		if (!glibc_first)
			return;
		glibc_second = glibc_first->l_next;
		head = node();
		/* all of glibc's entry, its private fields too: libthread_db finds ld-c18n's own
		 * thread-local variables from its l_tls_modid (process_vm_readv copies what can
		 * be read of DBG_NODE bytes, without faulting past the end of its block) */
		struct iovec to = { head, DBG_NODE }, from = { glibc_first, DBG_NODE };
		if (process_vm_readv(getpid(), &to, 1, &from, 1, 0) < (ssize_t)sizeof *head) {
			memset(head, 0, DBG_NODE);
			head->l_addr = glibc_first->l_addr;
			head->l_name = glibc_first->l_name;
			head->l_ld = glibc_first->l_ld;
		}
		head->l_prev = NULL;
	}
	struct link_map *last = head;
	for (struct obj *o = obj_list; o; o = o->next) {
		if (o->flags & OBJ_HOST)
			continue;
		if (!o->dbg)
			o->dbg = node();
		if (o->path[0] != '/' && !o->dbg_path) {
			/* (a debugger may run elsewhere, or read a core file elsewhere) */
			char buf[PATH_MAX];
			if (realpath(o->path, buf))
				o->dbg_path = rtld_strdup(buf);
		}
		struct link_map *l = o->dbg;
		l->l_addr = o->lm.l_addr;
		l->l_name = o->dbg_path ? o->dbg_path : o->path;
		l->l_ld = o->lm.l_ld;
		if (o->tls_memsz && !o->tls_dyn) { /* (tools/gdb/thread_db.c; a dynamic block has no
						      * fixed place: gdb cannot show it) */
			uint64_t tls[2] = { DBG_TLS_MAGIC, (uint64_t)o->tls_offset };
			memcpy((char *)l + DBG_TLS_AT, tls, sizeof tls);
		}
		l->l_prev = last;
		last->l_next = l;
		last = l;
	}
	last->l_next = glibc_second;
	if (glibc_second)
		glibc_second->l_prev = last;
	__atomic_store_n(&r->r_map, head, __ATOMIC_RELEASE);
	notify();
}

void dbg_publish(void)
{
	if (!rtld_startup) /* (start-up checked before relocation) */
		dbg_check_tracer();
	publish_list();
	/* (after the list: gdb must see an unloaded library go before the stubs change, or it
	 * loses its breakpoints there silently; this also seals the lazy stubs just made) */
	dbg_jit_sync();
}

/* ---- perf: names for the entry stubs (LD_C18N_PERF_MAP) ----
 * perf names samples in anonymous executable memory from /tmp/perf-PID.map ("START SIZE
 * name" lines, the convention of JIT compilers): each entry stub gets a line as it is made.
 * A forked child's own new entries go to its own file. */
int dbg_perf_map;
static int perf_fd = -1;
static pid_t perf_pid;

void dbg_perf_entry(uintptr_t start, size_t size, const char *sym, const char *comp)
{
	pid_t pid = getpid();
	if (perf_fd < 0 || perf_pid != pid) {
		if (perf_fd >= 0)
			close(perf_fd);
		char path[64];
		snprintf(path, sizeof path, "/tmp/perf-%d.map", (int)pid);
		perf_fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
		perf_pid = pid;
		if (perf_fd < 0) {
			dbg_perf_map = 0;
			rtld_dprintf(2, "%s: LD_C18N_PERF_MAP: cannot write %s\n", RTLD_NAME, path);
			return;
		}
		perf_fd = rtld_high_fd(perf_fd);
	}
	rtld_dprintf(perf_fd, "%lx %zx %s@entry[%s]\n", (unsigned long)start, size,
		     sym ? sym : "?", comp);
}

/* ---- fatal signals: crash reports (LD_C18N_DEBUG=crash) and buffered trace records ----
 * A signal whose default action ends the process, left at that default, gets a handler of
 * ours when something must happen first: with LD_C18N_DEBUG=crash, a SIGSEGV, SIGBUS, SIGILL
 * or SIGFPE is described (report.c: the object, function and source line, and a backtrace
 * across compartments); with a trace being buffered, every thread's records are written
 * (trace.c).  The handler is reset as it runs (SA_RESETHAND): a fault faults again on return,
 * any other signal is sent again, and the default action follows as without us (status, core
 * file).  The program reads such a disposition back as SIG_DFL, and setting SIG_DFL installs
 * ours again (callbacks.c, dbg_fatal_*); a handler of the program's own replaces ours.  With
 * isolation, SIGSEGV and SIGBUS belong to its fault handler (which flushes the trace before
 * a fault takes its course) and SIGSYS to its system-call filter. */
static const int crash_sigs[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE };
static const int end_sigs[] = { SIGHUP, SIGINT, SIGQUIT, SIGILL, SIGABRT, SIGBUS, SIGFPE,
				SIGSEGV, SIGPIPE, SIGALRM, SIGTERM, SIGUSR1, SIGUSR2, SIGSYS,
				SIGXCPU, SIGXFSZ, SIGVTALRM, SIGPROF, SIGSTKFLT, SIGPWR };
static sigset_t fatal_set; /* the signals our handler serves */

static int in_list(const int *l, size_t n, int sig)
{
	for (size_t i = 0; i < n; i++)
		if (l[i] == sig)
			return 1;
	return 0;
}

static void fatal_handler(int sig, siginfo_t *si, void *uc)
{
	int crash = in_list(crash_sigs, ARRAY_SIZE(crash_sigs), sig);
	if (crash && (rtld_opts.debug & DBG_CRASH))
		/* (without compartments no transition says which one runs) */
		report_crash(sig, si, uc, tramp_enabled ? thread_self()->cur_comp : -1);
	trace_flush_all();
	if (!crash || si->si_code <= 0) /* (a fault faults again on return) */
		raise(sig); /* (blocked until the handler returns, then the default action) */
}

static void fatal_action(struct sigaction *sa)
{
	memset(sa, 0, sizeof *sa);
	sa->sa_sigaction = fatal_handler;
	sa->sa_flags = SA_SIGINFO | SA_ONSTACK | SA_RESETHAND;
	sigemptyset(&sa->sa_mask);
}

int dbg_fatal_substitute(int sig, struct sigaction *a)
{
	/* (not with isolation, whose dispatcher keeps its own record of every handler) */
	if (iso_mode || sig <= 0 || sig >= _NSIG || !sigismember(&fatal_set, sig) ||
	    a->sa_handler != SIG_DFL)
		return 0;
	fatal_action(a);
	return 1;
}

void dbg_fatal_readback(struct sigaction *old)
{
	if ((old->sa_flags & SA_SIGINFO) && old->sa_sigaction == fatal_handler) {
		memset(old, 0, sizeof *old);
		old->sa_handler = SIG_DFL;
	}
}

void dbg_fatal_init(int trace_buffered)
{
	sigemptyset(&fatal_set);
	if (rtld_opts.debug & DBG_CRASH)
		for (size_t i = 0; i < ARRAY_SIZE(crash_sigs); i++)
			sigaddset(&fatal_set, crash_sigs[i]);
	if (trace_buffered)
		for (size_t i = 0; i < ARRAY_SIZE(end_sigs); i++)
			sigaddset(&fatal_set, end_sigs[i]);
	if (iso_mode) {
		sigdelset(&fatal_set, SIGSEGV);
		sigdelset(&fatal_set, SIGBUS);
		sigdelset(&fatal_set, SIGSYS);
	}
	if (sigisemptyset(&fatal_set))
		return;
	/* the main thread's overflow of its stack is a crash too: its report runs elsewhere
	 * (reading DWARF for source lines takes stack: ~100 KiB seen; pages are touched only
	 * when used) */
	if (rtld_opts.debug & DBG_CRASH) {
		size_t n = 1 << 20;
		void *alt = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1,
				 0);
		if (alt != MAP_FAILED) {
			stack_t ss = { .ss_sp = alt, .ss_size = n };
			sigaltstack(&ss, NULL);
		}
	}
	for (int sig = 1; sig < _NSIG; sig++) {
		struct sigaction old, sa;
		if (!sigismember(&fatal_set, sig) || sigaction(sig, NULL, &old) < 0)
			continue;
		if (old.sa_handler != SIG_DFL || (old.sa_flags & SA_SIGINFO)) {
			sigdelset(&fatal_set, sig); /* (ignored, or handled, from the start) */
			continue;
		}
		fatal_action(&sa);
		sigaction(sig, &sa, NULL);
	}
}
