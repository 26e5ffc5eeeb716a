/*
 * trace.c: transition tracing (LD_C18N_TRACE) and statistics (LD_C18N_STATS).
 *
 * When either is on, entries use the tracing trampoline body, which calls c18n_trace_call
 * after pushing a trusted frame and c18n_trace_return before popping it; with both off the
 * plain body is used and nothing here runs.
 *
 * Must stay true:
 *  - Records leave a thread's buffer as whole lines, by writes that no other writer splits
 *    (below), so records from several threads never interleave within a line.
 *  - Formats are as documented in ld-c18n(1) and consumed by tools/c18n-trace.
 */
#include "rtld.h"
#include "iso.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

struct tdesc_view { /* struct tdesc (tramp.c), as far as tracing reads it */
	ElfW(Addr) target;
	uint32_t comp;
	uint32_t nstack;
	void *body;
	uint64_t flags;
};
_Static_assert(offsetof(struct tdesc_view, flags) == TD_FLAGS, "TD_FLAGS");
struct tframe_view {
	long caller, callee;
};

static int trace_fd = -1, trace_json;
static const char *stats_path;
int stats_fd = -1;

/* Edge counters: (caller compartment, entry) -> calls.  Each descriptor has a block of
 * counters at a fixed distance, c18n_stats_delta, in a reservation as large as the
 * descriptors' (pages are touched only for the entries called): two (caller + 1, calls)
 * pairs, claimed by the entry's first two callers and counted without a lock, inline by the
 * statistics body (tramp.S) or by count(); another caller of the same entry goes to the list
 * below, under a lock. */
struct eslot {
	uint64_t who1, calls1, who2, calls2;
};
_Static_assert(sizeof(struct eslot) == TD_SIZE, "one block of counters per descriptor");
_Static_assert(offsetof(struct eslot, who1) == ES_WHO1 && offsetof(struct eslot, calls1) ==
	       ES_CALLS1 && offsetof(struct eslot, who2) == ES_WHO2 &&
	       offsetof(struct eslot, calls2) == ES_CALLS2, "ES_* offsets (tramp.S)");
intptr_t c18n_stats_delta;
static char *slot_base;
static uintptr_t slot_desc_lo;

/* edges the counters above do not hold */
struct edge {
	long caller;
	const struct tdesc_view *desc;
	unsigned long calls;
};
static struct edge *edges;
static size_t nedges, capedges;
static int edge_lock;
static unsigned long nstacks_made;

void trace_count_stack(void) { __atomic_add_fetch(&nstacks_made, 1, __ATOMIC_RELAXED); }

/* ---- records: a buffer per thread ----
 * A thread's records collect in a buffer of its own and leave it in whole lines, by one
 * write(2) of at most trace_chunk bytes each (PIPE_BUF when the destination is not a regular
 * file: a longer write to a pipe may be split among other writers'), when the buffer is full
 * and at every point after which they could be lost: exit (the last atexit handler), the
 * thread's exit, fork (before; the child drops what it inherited), exec (follow.c), _exit
 * (callbacks.c), a fatal signal (debugger.c).  LD_C18N_TRACE_FLUSH=1 writes each record as it
 * is made.  The thread id is read once per thread (again in a forked child). */
#define TBUF_SIZE 65536
struct tbuf {
	int lock;               /* the owner appends, an exit or fork flushes: both hold it */
	int free;               /* its thread is gone: the next new thread takes it */
	long tid;
	char prefix[40];        /* "c18n-trace: tid=TID " */
	unsigned long sample;   /* calls seen, for LD_C18N_TRACE_SAMPLE */
	size_t nprefix;
	size_t n;
	struct tbuf *next;      /* every buffer made, for the flushes of all */
	char b[TBUF_SIZE];
};
static struct tbuf *tbufs;
static int tbufs_lock;
static size_t trace_chunk = TBUF_SIZE;
int trace_flush_each;

ARCH_SCALAR_ONLY /* (the text records' path: see "the records" below) */
_Pragma("GCC optimize(\"no-tree-loop-distribute-patterns\")")

static void spin(int *l)
{
	while (__atomic_exchange_n(l, 1, __ATOMIC_ACQUIRE))
		__builtin_ia32_pause();
}
static void unspin(int *l) { __atomic_store_n(l, 0, __ATOMIC_RELEASE); }

/* Write out b's whole lines; b locked.  (The raw system call: libc's write is a cancellation
 * point, and a thread must not end inside the loader; and this runs in scalar-only code.) */
static void tbuf_flush(struct tbuf *b)
{
	size_t off = 0;
	while (off < b->n) {
		size_t len = b->n - off;
		if (len > trace_chunk) { /* cut after the last whole line that fits */
			len = trace_chunk;
			while (len > 0 && b->b[off + len - 1] != '\n')
				len--;
			if (!len)
				len = trace_chunk; /* (a line longer than a chunk: as it is) */
		}
		long w = arch_syscall6(SYS_write, trace_fd, (long)(b->b + off), (long)len, 0, 0, 0);
		if (w == -EINTR)
			continue;
		if (w <= 0)
			break; /* tracing must never change the program's behaviour */
		off += (size_t)w;
	}
	b->n = 0;
}

/* ... taking its lock first */
static void tbuf_flush_locking(struct tbuf *b)
{
	spin(&b->lock);
	tbuf_flush(b);
	unspin(&b->lock);
}

static void tbuf_tid(struct tbuf *b);

static struct tbuf *tbuf_of(struct c18n_thread *t)
{
	struct tbuf *b = t->trace_buf;
	if (b)
		return b;
	spin(&tbufs_lock);
	for (b = tbufs; b && !b->free; b = b->next)
		;
	if (b) {
		b->free = 0;
	} else {
		/* (mmap's zeroed pages: no memset in scalar-only code) */
		long m = arch_syscall6(SYS_mmap, 0, sizeof *b, PROT_READ | PROT_WRITE,
				       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (m < 0 && m > -4096) {
			unspin(&tbufs_lock);
			return NULL;
		}
		b = (struct tbuf *)m;
		b->next = tbufs;
		__atomic_store_n(&tbufs, b, __ATOMIC_RELEASE);
	}
	unspin(&tbufs_lock);
	tbuf_tid(b);
	b->n = 0;
	t->trace_buf = b;
	return b;
}

/* A record of at most max bytes goes at the returned address (b locked)... */
static char *tbuf_begin(struct tbuf *b, size_t max)
{
	spin(&b->lock);
	if (b->n + max > sizeof b->b)
		tbuf_flush(b);
	return b->b + b->n;
}

/* ... and takes n of them. */
static void tbuf_end(struct tbuf *b, size_t n)
{
	b->n += n;
	if (trace_flush_each)
		tbuf_flush(b);
	unspin(&b->lock);
}

static size_t put_num(char *p, long v)
{
	char d[24];
	size_t k = 0, n = 0;
	unsigned long u = v < 0 ? -(unsigned long)v : (unsigned long)v;
	do {
		d[k++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		p[n++] = '-';
	while (k > 0)
		p[n++] = d[--k];
	return n;
}

/* b's thread id, and the text records' prefix with it */
static void tbuf_tid(struct tbuf *b)
{
	b->tid = arch_syscall6(SYS_gettid, 0, 0, 0, 0, 0, 0);
	static const char head[] = "c18n-trace: tid=";
	size_t n = 0;
	for (; head[n]; n++)
		b->prefix[n] = head[n];
	n += put_num(b->prefix + n, b->tid);
	b->prefix[n++] = ' ';
	b->nprefix = n;
}

ARCH_SCALAR_END

/* Every thread's records, now (exit, exec, _exit, a fatal signal).  A buffer whose lock is
 * held is being written by its thread right now; a flush from a signal handler that
 * interrupted that very thread skips it rather than wait forever. */
void trace_flush_all(void)
{
	if (trace_fd < 0)
		return;
	struct c18n_thread *t = thread_self();
	for (struct tbuf *b = __atomic_load_n(&tbufs, __ATOMIC_ACQUIRE); b; b = b->next) {
		if (b != t->trace_buf) {
			tbuf_flush_locking(b);
		} else if (!__atomic_exchange_n(&b->lock, 1, __ATOMIC_ACQUIRE)) {
			tbuf_flush(b);
			unspin(&b->lock);
		}
	}
}

/* The calling thread ends: its records go out, and its buffer serves the next thread. */
void trace_thread_gone(struct c18n_thread *t)
{
	struct tbuf *b = t->trace_buf;
	if (!b)
		return;
	tbuf_flush_locking(b);
	t->trace_buf = NULL;
	__atomic_store_n(&b->free, 1, __ATOMIC_RELEASE);
}

static void trace_fork_prepare(void)
{
	struct tbuf *b = thread_self()->trace_buf;
	if (b)
		tbuf_flush_locking(b);
}

/* The child: its one thread has a new id; what other threads had buffered is the parent's
 * to write. */
static void trace_fork_child(void)
{
	struct tbuf *own = thread_self()->trace_buf;
	tbufs_lock = 0;
	for (struct tbuf *b = tbufs; b; b = b->next) {
		b->lock = 0;
		b->n = 0;
		b->free = b != own;
	}
	if (own)
		tbuf_tid(own);
}

/* A file name with %p for the process id (%% for a %): each process of a tree its own file. */
static int expand_pid(const char *v, char *out, size_t n)
{
	size_t k = 0;
	for (; *v; v++) {
		char num[24];
		const char *add = num;
		if (v[0] == '%' && v[1] == 'p') {
			snprintf(num, sizeof num, "%d", (int)getpid());
			v++;
		} else if (v[0] == '%' && v[1] == '%') {
			add = "%";
			v++;
		} else {
			num[0] = *v;
			num[1] = 0;
		}
		size_t l = strlen(add);
		if (k + l >= n)
			return -1;
		memcpy(out + k, add, l);
		k += l;
	}
	out[k] = 0;
	return 0;
}

static int open_dest(const char *v, int *fd)
{
	if (!*v || !strcmp(v, "1") || !strcmp(v, "stderr")) {
		*fd = 2;
		return 0;
	}
	char path[4096];
	if (expand_pid(v, path, sizeof path) < 0)
		return rtld_error("%s: file name too long", v);
	/* (a program another one executed under ld-c18n adds to the files they share) */
	*fd = open(path, O_WRONLY | O_CREAT | (follow_child ? 0 : O_TRUNC) | O_APPEND | O_CLOEXEC,
		   0644);
	if (*fd < 0)
		return rtld_error("%s: cannot open for writing", path);
	return 0;
}

extern int c18n_trace_scalar;
int trace_init(const char *trace, const char *format, const char *stats)
{
	if (format && *format) {
		if (!strcmp(format, "json"))
			trace_json = 1;
		else if (strcmp(format, "text"))
			return rtld_error("LD_C18N_TRACE_FORMAT: unknown format '%s' (text or json)",
					  format);
	}
	if (trace && open_dest(trace, &trace_fd) < 0)
		return -1;
	if (trace_fd >= 0) {
		struct stat st;
		if (fstat(trace_fd, &st) < 0 || !S_ISREG(st.st_mode))
			trace_chunk = PIPE_BUF;
		if (pthread_atfork(trace_fork_prepare, NULL, trace_fork_child) != 0)
			return rtld_error("cannot register the trace fork handlers");
		/* (statistics count in C, isolation's hooks save everything themselves) */
		c18n_trace_scalar = !trace_json && !stats && !iso_mode;
	}
	if (stats) {
		stats_path = stats;
		if (open_dest(stats, &stats_fd) < 0)
			return -1;
	}
	return 0;
}

int trace_active(void) { return trace_fd >= 0 || stats_fd >= 0; }
int trace_buffered(void) { return trace_fd >= 0 && !trace_flush_each; }

/* JSON string body: escape quotes, backslashes and control characters */
size_t trace_json_str(char *out, size_t n, const char *s)
{
	size_t o = 0;
	for (; *s && o + 7 < n; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\') {
			out[o++] = '\\';
			out[o++] = c;
		} else if (c < 0x20) {
			o += snprintf(out + o, n - o, "\\u%04x", c);
		} else {
			out[o++] = c;
		}
	}
	out[o] = 0;
	return o;
}

/* ---- the records ----
 * A text record is made without libc and without touching a vector register
 * (ARCH_SCALAR_ONLY): with a text trace alone (c18n_trace_scalar), the tracing body and
 * landing pads then call in without saving the vector state.  A JSON record (escaping,
 * CLOCK_MONOTONIC) is made with libc, and the bodies save everything around it. */
int c18n_trace_scalar;

ARCH_SCALAR_ONLY
_Pragma("GCC optimize(\"no-tree-loop-distribute-patterns\")") /* (no memcpy calls) */

/* s at p, as far as end; returns the end of what was copied.  A word at a time once s is
 * aligned (an aligned word never reaches into the next page): p may be written up to 7 bytes
 * past the string's end, below `end'. */
static char *copy_str(char *p, const char *s, const char *end)
{
	while (((uintptr_t)s & 7) && p < end) {
		if (!*s)
			return p;
		*p++ = *s++;
	}
	while (p + 8 <= end) {
		uint64_t v = *(const uint64_t *)s;
		if ((v - 0x0101010101010101ull) & ~v & 0x8080808080808080ull)
			break; /* a NUL in this word */
		__builtin_memcpy(p, &v, 8);
		p += 8;
		s += 8;
	}
	while (*s && p < end)
		*p++ = *s++;
	return p;
}

/* transitions active in this thread, f's included; the loader's own ([RTLD] running
 * initialisers) are not counted, as they are not recorded */
static long depth_of(const struct c18n_thread *t, const struct tframe_view *f)
{
	long depth = 0;
	for (const char *p = t->tstack_base; p <= (const char *)f; p += TF_SIZE) {
		const struct tdesc_view *pd = *(const struct tdesc_view *const *)(p + TF_DESC);
		if (!pd || !(pd->flags & TDESC_QUIET))
			depth++;
	}
	return depth;
}

static void record_json(const char *event, const struct tframe_view *f, struct tbuf *b,
			long depth, const char *sym);

/* (also the JSON records' and the statistics file's) */
static const char *comp_name(long id)
{
	return id >= 0 && (size_t)id < ncompartments ? compartments[id]->name : "?";
}

static void record(const char *event, const struct tframe_view *f)
{
	struct c18n_thread *t = thread_self();
	const struct tdesc_view *d = *(const struct tdesc_view *const *)((const char *)f + TF_DESC);
	long depth = depth_of(t, f);
	const char *sym = d ? tramp_desc_sym(d) : "?";
	struct tbuf *b = tbuf_of(t);
	if (!b)
		return; /* (no memory for it: tracing must never change the program's behaviour) */
	if (trace_json) {
		record_json(event, f, b, depth, sym);
		return;
	}
	/* a line of at most 1024 bytes, its end a newline, as long names are cut */
	char *p0 = tbuf_begin(b, 1024), *p = p0, *end = p0 + 1023;
	for (size_t i = 0; i < b->nprefix; i++)
		*p++ = b->prefix[i];
	p = copy_str(p, event, end);
	p = copy_str(p, " ", end);
	p = copy_str(p, comp_name(f->caller), end);
	p = copy_str(p, " -> ", end);
	p = copy_str(p, comp_name(f->callee), end);
	p = copy_str(p, " ", end);
	p = copy_str(p, sym, end);
	p = copy_str(p, " depth=", end);
	if (depth >= 0 && depth < 10 && p < end)
		*p++ = (char)('0' + depth);
	else if (p + 24 <= end)
		p += put_num(p, depth);
	*p++ = '\n';
	tbuf_end(b, (size_t)(p - p0));
}

ARCH_SCALAR_END

static void record_json(const char *event, const struct tframe_view *f, struct tbuf *b,
			long depth, const char *sym)
{
	char buf[1024], a[256], c[256], s[512];
	trace_json_str(a, sizeof a, comp_name(f->caller));
	trace_json_str(c, sizeof c, comp_name(f->callee));
	trace_json_str(s, sizeof s, sym);
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	int n = snprintf(buf, sizeof buf,
			 "{\"event\":\"%s\",\"tid\":%ld,\"caller\":\"%s\",\"callee\":\"%s\","
			 "\"symbol\":\"%s\",\"depth\":%ld,\"ts\":%lld}\n",
			 event, b->tid, a, c, s, depth,
			 (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec);
	if (n >= (int)sizeof buf) {
		n = sizeof buf;
		buf[n - 1] = '\n';
	}
	char *p = tbuf_begin(b, (size_t)n);
	for (int i = 0; i < n; i++)
		p[i] = buf[i];
	tbuf_end(b, (size_t)n);
}

void trace_stats_area(uintptr_t desc_lo, size_t len)
{
	if (stats_fd < 0)
		return;
	void *m = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (m == MAP_FAILED)
		return; /* (counted under the lock, then) */
	slot_base = m;
	slot_desc_lo = desc_lo;
	c18n_stats_delta = (intptr_t)((uintptr_t)m - desc_lo);
}

int trace_stats_inline(void) { return trace_fd < 0 && slot_base; }

/* Counted in the entry's own counters: the caller is one of the first two it had. */
static int count_slot(const struct tdesc_view *d, long caller)
{
	struct eslot *s = (struct eslot *)((uintptr_t)d + c18n_stats_delta);
	uint64_t want = (uint64_t)caller + 1;
	uint64_t *who[2] = { &s->who1, &s->who2 }, *calls[2] = { &s->calls1, &s->calls2 };
	for (int i = 0; i < 2; i++) {
		uint64_t w = __atomic_load_n(who[i], __ATOMIC_ACQUIRE);
		if (!w && __atomic_compare_exchange_n(who[i], &w, want, 0, __ATOMIC_ACQ_REL,
						      __ATOMIC_ACQUIRE))
			w = want;
		if (w == want) {
			__atomic_add_fetch(calls[i], 1, __ATOMIC_RELAXED);
			return 1;
		}
	}
	return 0;
}

/* A new edge at the end of the list; edge_lock held. */
static void edge_add(long caller, const struct tdesc_view *d, unsigned long calls)
{
	if (nedges == capedges) {
		size_t nc = capedges ? capedges * 2 : 64;
		edges = rtld_realloc_array(edges, capedges, nc, sizeof *edges);
		capedges = nc;
	}
	edges[nedges++] = (struct edge){ caller, d, calls };
}

static void count(const struct tframe_view *f)
{
	const struct tdesc_view *d = *(const struct tdesc_view *const *)((const char *)f + TF_DESC);
	if (slot_base && count_slot(d, f->caller))
		return;
	spin(&edge_lock);
	size_t i;
	for (i = 0; i < nedges; i++)
		if (edges[i].caller == f->caller && edges[i].desc == d)
			break;
	if (i == nedges)
		edge_add(f->caller, d, 0);
	edges[i].calls++;
	unspin(&edge_lock);
}

ARCH_SCALAR_ONLY /* (c18n_trace_call and _return: see "the records") */

static int quiet(const struct tframe_view *f)
{
	const struct tdesc_view *d = *(const struct tdesc_view *const *)((const char *)f + TF_DESC);
	return d && (d->flags & TDESC_QUIET);
}

/* Called by the statistics body (tramp.S) for a caller its inline counting did not find. */
void c18n_stats_count(const struct tframe_view *f)
{
	if (!quiet(f))
		count(f);
}

/* LD_C18N_TRACE_SAMPLE: one call in trace_sample is recorded, with its return (the frame
 * keeps the choice, TF_TRACED); each thread counts its own calls. */
unsigned long trace_sample = 1;

static int sampled(const struct tframe_view *f)
{
	if (trace_sample <= 1)
		return 1;
	struct tbuf *b = tbuf_of(thread_self());
	return b && b->sample++ % trace_sample == 0;
}

/* Called by the tracing trampoline body with every argument register saved (the vector
 * state only when c18n_trace_scalar is 0: with statistics, JSON or isolation). */
void c18n_trace_call(const struct tframe_view *f)
{
	if (quiet(f))
		return;
	if (trace_fd >= 0) {
		uint32_t take = (uint32_t)sampled(f);
		*(uint32_t *)((char *)f + TF_TRACED) = take;
		if (take)
			record("call", f);
	}
	if (stats_fd >= 0)
		count(f);
}

/* Called by the tracing landing pads (and on unwinding) before the frame is popped. */
void c18n_trace_return(const struct tframe_view *f)
{
	if (quiet(f))
		return;
	if (trace_fd >= 0 && (trace_sample <= 1 || *(const uint32_t *)((const char *)f + TF_TRACED)))
		record("return", f);
}

ARCH_SCALAR_END

/* ---- the statistics file ---- */
struct out {
	int fd;
	char buf[8192];
	size_t n;
};

static void put(struct out *o, const char *fmt, ...) PRINTF(2, 3);
static void put(struct out *o, const char *fmt, ...)
{
	char tmp[2048];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof tmp)
		n = sizeof tmp - 1;
	if (o->n + n > sizeof o->buf) {
		if (write(o->fd, o->buf, o->n) < 0) {
		}
		o->n = 0;
	}
	memcpy(o->buf + o->n, tmp, n);
	o->n += n;
}

static void put_str(void *o, const char *s) { put(o, "%s", s); }

/* One JSON record (an isolation violation) in a JSON trace. */
void trace_event_json(const char *line, size_t n)
{
	if (trace_fd >= 0 && trace_json && write(trace_fd, line, n) < 0) {
		/* tracing must never change the program's behaviour */
	}
}

static int by_calls(const void *a, const void *b)
{
	const struct edge *x = a, *y = b;
	return x->calls < y->calls ? 1 : x->calls > y->calls ? -1 : 0;
}

/* An entry's own counters join the edge list (and start again from 0).  edge_lock held. */
static void merge_slot(void *arg, size_t k)
{
	(void)arg;
	struct eslot *s = (struct eslot *)(slot_base + k * TD_SIZE);
	uint64_t *who[2] = { &s->who1, &s->who2 }, *calls[2] = { &s->calls1, &s->calls2 };
	for (int i = 0; i < 2; i++) {
		uint64_t w = __atomic_load_n(who[i], __ATOMIC_ACQUIRE);
		unsigned long n = w ? __atomic_exchange_n(calls[i], 0, __ATOMIC_RELAXED) : 0;
		if (n)
			edge_add((long)w - 1, (const struct tdesc_view *)(slot_desc_lo + k * TD_SIZE),
				 n);
	}
}

void trace_write_stats(void)
{
	if (stats_fd < 0)
		return;
	struct out *o = rtld_alloc(sizeof *o);
	o->fd = stats_fd;
	char s1[512], s2[512], s3[512];
	put(o, "{\"compartments\":[");
	for (size_t i = 0; i < ncompartments; i++) {
		struct compartment *c = compartments[i];
		trace_json_str(s1, sizeof s1, c->name);
		put(o, "%s{\"id\":%d,\"name\":\"%s\",\"objects\":[", i ? "," : "", c->id, s1);
		for (size_t j = 0; j < c->nobjs; j++) {
			trace_json_str(s2, sizeof s2, c->objs[j]->path);
			put(o, "%s\"%s\"", j ? "," : "", s2);
		}
		put(o, "]}");
	}
	spin(&edge_lock);
	/* the entries' own counters join the list (and start again from 0) */
	if (slot_base)
		tramp_each_desc(merge_slot, NULL);
	/* one edge per (caller, callee, symbol): entries for different functions that share a
	 * name (two unnamed callbacks, two constructors) are added together */
	for (size_t i = 0; i < nedges; i++) {
		if (!edges[i].calls)
			continue;
		const struct tdesc_view *di = edges[i].desc;
		for (size_t j = i + 1; j < nedges; j++) {
			const struct tdesc_view *dj = edges[j].desc;
			if (edges[j].calls && edges[j].caller == edges[i].caller &&
			    dj->comp == di->comp &&
			    !strcmp(tramp_desc_sym(dj), tramp_desc_sym(di))) {
				edges[i].calls += edges[j].calls;
				edges[j].calls = 0;
			}
		}
	}
	size_t k = 0;
	for (size_t i = 0; i < nedges; i++)
		if (edges[i].calls)
			edges[k++] = edges[i];
	nedges = k;
	qsort(edges, nedges, sizeof *edges, by_calls);
	unsigned long total = 0;
	for (size_t i = 0; i < nedges; i++)
		total += edges[i].calls;
	put(o, "],\"trampolines\":%zu,\"stacks\":%lu,\"transitions\":%lu,\"edges\":[",
	    tramp_count(), nstacks_made, total);
	for (size_t i = 0; i < nedges; i++) {
		const struct tdesc_view *d = edges[i].desc;
		trace_json_str(s1, sizeof s1, comp_name(edges[i].caller));
		trace_json_str(s2, sizeof s2, comp_name(d->comp));
		trace_json_str(s3, sizeof s3, tramp_desc_sym(d));
		put(o, "%s{\"caller\":\"%s\",\"callee\":\"%s\",\"symbol\":\"%s\",\"calls\":%lu}",
		    i ? "," : "", s1, s2, s3, edges[i].calls);
	}
	unspin(&edge_lock);
	put(o, "]");
	if (iso_mode) {
		put(o, ",");
		report_stats_json(put_str, o);
	}
	put(o, "}\n");
	if (write(o->fd, o->buf, o->n) < 0) {
	}
	rtld_free(o);
}
