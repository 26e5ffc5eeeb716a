/*
 * util.c: output without stdio, the one error path, and the loader's private allocator.
 *
 * Must stay true:
 *  - Nothing here uses stdio or glibc malloc: before hand-off the loader must not leave stdio
 *    buffers or malloc state that a program replacing malloc would trip over.
 *  - rtld_error() only records; callers return failure.  rtld_fatal() is for startup only.
 */
#include "rtld.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

size_t rtld_pagesize = 4096;

void rtld_vdprintf(int fd, const char *fmt, va_list ap)
{
	char buf[4096];
	int n = vsnprintf(buf, sizeof buf, fmt, ap);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof buf)
		n = sizeof buf - 1;
	const char *p = buf;
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;
		p += w;
		n -= w;
	}
}

/* n bytes of fd at off; -1 (errno 0 for end of file) otherwise */
int rtld_read_at(int fd, void *buf, size_t n, uint64_t off)
{
	size_t done = 0;
	while (done < n) {
		ssize_t r = pread(fd, (char *)buf + done, n - done, (off_t)(off + done));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			if (r == 0)
				errno = 0;
			return -1;
		}
		done += (size_t)r;
	}
	return 0;
}

void rtld_dprintf(int fd, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	rtld_vdprintf(fd, fmt, ap);
	va_end(ap);
}

int rtld_error(const char *fmt, ...)
{
	struct c18n_thread *t = thread_self();
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(t->error_buf, sizeof t->error_buf, fmt, ap);
	va_end(ap);
	t->error_set = 1;
	return -1;
}

const char *rtld_last_error(void)
{
	struct c18n_thread *t = thread_self();
	return t->error_set ? t->error_buf : "unknown error";
}
void rtld_clear_error(void) { thread_self()->error_set = 0; }

void rtld_fatal(const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	rtld_dprintf(2, "%s: %s\n", RTLD_NAME, buf);
	_exit(127);
}

unsigned long long rtld_now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (unsigned long long)ts.tv_sec * 1000000000ull + (unsigned long long)ts.tv_nsec;
}

long rtld_minflt(void)
{
	struct rusage ru;
	return getrusage(RUSAGE_SELF, &ru) == 0 ? ru.ru_minflt : 0;
}

void rtld_debug(unsigned cat, const char *fmt, ...)
{
	char buf[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	rtld_dprintf(rtld_opts.debug_fd, "%5d: %s\n", (int)getpid(), buf);
}

/* ---- allocator: power-of-two size classes carved from mmap'ed chunks ---- */
#ifdef C18N_ALLOC_MALLOC
/* fuzz/ builds: the C library's allocator instead, so that AddressSanitizer sees each block */
void *rtld_alloc(size_t n) { return calloc(1, n ? n : 1); }
void rtld_free(void *p) { free(p); }
#else
#define MIN_SHIFT 4
#define MAX_SHIFT 16 /* larger requests get their own mapping */
#define CHUNK (256 * 1024)

struct block_hdr {
	size_t size; /* class size, or mapping size for large blocks */
	size_t large;
};
static void *free_lists[MAX_SHIFT + 1];
static char *chunk_cur, *chunk_end;
static volatile int alloc_lock;

static void lock(void)
{
	while (__atomic_exchange_n(&alloc_lock, 1, __ATOMIC_ACQUIRE))
		__builtin_ia32_pause();
}
static void unlock(void) { __atomic_store_n(&alloc_lock, 0, __ATOMIC_RELEASE); }

void *rtld_alloc(size_t n)
{
	size_t need = n + sizeof(struct block_hdr);
	if (need > ((size_t)1 << MAX_SHIFT)) {
		size_t sz = ALIGN_UP(need, rtld_pagesize);
		/* populated in one call: large blocks are tables, used throughout (a fault per
		 * page costs more) */
		void *m = mmap(NULL, sz, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
		if (m == MAP_FAILED)
			return NULL;
		struct block_hdr *h = m;
		h->size = sz;
		h->large = 1;
		return h + 1;
	}
	unsigned shift = MIN_SHIFT;
	while (((size_t)1 << shift) < need)
		shift++;
	size_t sz = (size_t)1 << shift;
	lock();
	struct block_hdr *h = free_lists[shift];
	if (h) {
		free_lists[shift] = *(void **)(h + 1);
	} else {
		if ((size_t)(chunk_end - chunk_cur) < sz) {
			void *m = mmap(NULL, CHUNK, PROT_READ | PROT_WRITE,
				       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
			if (m == MAP_FAILED) {
				unlock();
				return NULL;
			}
			chunk_cur = m;
			chunk_end = chunk_cur + CHUNK;
		}
		h = (struct block_hdr *)chunk_cur;
		chunk_cur += sz;
	}
	unlock();
	memset(h, 0, sz);
	h->size = sz;
	return h + 1;
}

void rtld_free(void *p)
{
	if (!p)
		return;
	struct block_hdr *h = (struct block_hdr *)p - 1;
	if (h->large) {
		munmap(h, h->size);
		return;
	}
	unsigned shift = MIN_SHIFT;
	while (((size_t)1 << shift) < h->size)
		shift++;
	lock();
	*(void **)(h + 1) = free_lists[shift];
	free_lists[shift] = h;
	unlock();
}
#endif

void *rtld_realloc_array(void *p, size_t old_n, size_t new_n, size_t elem)
{
	void *q = rtld_alloc(new_n * elem);
	if (!q)
		return NULL;
	if (p) {
		memcpy(q, p, (old_n < new_n ? old_n : new_n) * elem);
		rtld_free(p);
	}
	return q;
}

/* Heapsort: libc's qsort may allocate, through a program's malloc. */
static void heap_swap(char *a, char *b, size_t size)
{
	for (size_t i = 0; i < size; i++) {
		char t = a[i];
		a[i] = b[i];
		b[i] = t;
	}
}

static void heap_sift(char *base, size_t i, size_t n, size_t size,
		      int (*less)(const void *, const void *))
{
	for (;;) {
		size_t c = 2 * i + 1;
		if (c >= n)
			return;
		if (c + 1 < n && less(base + c * size, base + (c + 1) * size))
			c++;
		if (!less(base + i * size, base + c * size))
			return;
		heap_swap(base + i * size, base + c * size, size);
		i = c;
	}
}

void rtld_heapsort(void *base, size_t n, size_t size, int (*less)(const void *, const void *))
{
	char *b = base;
	for (size_t i = n / 2; i-- > 0;)
		heap_sift(b, i, n, size, less);
	for (size_t end = n; end > 1; end--) {
		heap_swap(b, b + (end - 1) * size, size);
		heap_sift(b, 0, end - 1, size, less);
	}
}

char *rtld_strndup(const char *s, size_t n)
{
	size_t len = strnlen(s, n);
	char *d = rtld_alloc(len + 1);
	if (d)
		memcpy(d, s, len);
	return d;
}

char *rtld_strdup(const char *s) { return rtld_strndup(s, (size_t)-1 >> 1); }

/* A descriptor the loader keeps for the process's lifetime moves above the low numbers
 * (RTLD_FD_FLOOR and up), so that a program started with standard streams closed does not
 * find one of the loader's at 0, 1 or 2.  Returns the new descriptor (fd itself if it
 * cannot move), or fd when it is negative. */
int rtld_high_fd(int fd)
{
	if (fd < 0 || fd >= RTLD_FD_FLOOR)
		return fd;
	int h = fcntl(fd, F_DUPFD_CLOEXEC, RTLD_FD_FLOOR);
	if (h < 0)
		return fd;
	close(fd);
	return h;
}
