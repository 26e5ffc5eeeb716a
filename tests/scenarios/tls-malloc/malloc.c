/* A malloc replacement that keeps per-thread counters in TLS (general-dynamic in a library,
 * local-exec in the program) and forwards to glibc's own allocator. */
#include <stddef.h>

void *__libc_malloc(size_t), *__libc_calloc(size_t, size_t), *__libc_realloc(void *, size_t);
void __libc_free(void *);

__thread long tm_mallocs = 0, tm_frees = 0;
__thread long tm_first = 1; /* initialised data: an uninitialised block would show 0 */

void *malloc(size_t n) { tm_mallocs += tm_first; return __libc_malloc(n); }
void *calloc(size_t a, size_t b) { tm_mallocs += tm_first; return __libc_calloc(a, b); }
void *realloc(void *p, size_t n) { tm_mallocs += tm_first; return __libc_realloc(p, n); }
void free(void *p)
{
	if (p)
		tm_frees += tm_first;
	__libc_free(p);
}
long tm_count_mallocs(void) { return tm_mallocs; }
long tm_count_frees(void) { return tm_frees; }
