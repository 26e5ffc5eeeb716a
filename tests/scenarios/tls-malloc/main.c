/*
 * tls-malloc: malloc/calloc/realloc/free replaced by code that counts calls in TLS
 * variables of its own (tls-malloc: a library, general-dynamic TLS through __tls_get_addr;
 * tls-malloc-prog: the program, local-exec).  Allocations made by libc (strdup, stdio) and
 * by the program land in the replacement, in the main thread and in new threads, and each
 * thread counts its own.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

long tm_count_mallocs(void), tm_count_frees(void);

static void work(const char *who)
{
	long m = tm_count_mallocs(), f = tm_count_frees();
	char *s = strdup("some text");
	void *c = calloc(10, 10);
	s = realloc(s, 1000);
	free(c);
	char *a = NULL;
	if (asprintf(&a, "%s %d", who, 42) < 0)
		return;
	free(a);
	free(s);
	printf("%s: mallocs counted %s, frees counted %s\n", who,
	       tm_count_mallocs() - m >= 4 ? "yes" : "no", tm_count_frees() - f >= 3 ? "yes" : "no");
}

static long thread_before;
static void *thread(void *arg)
{
	thread_before = tm_count_mallocs();
	work(arg);
	return (void *)tm_count_mallocs();
}

int main(void)
{
	printf("allocations before main counted: %s\n", tm_count_mallocs() > 0 ? "yes" : "no");
	work("main");
	long m = tm_count_mallocs();
	pthread_t t[3];
	void *r[3];
	for (int i = 0; i < 3; i++) {
		pthread_create(&t[i], NULL, thread, "thread");
		pthread_join(t[i], &r[i]);
	}
	printf("main's count unchanged by the threads' work: %s\n",
	       tm_count_mallocs() - m < (long)r[0] - thread_before ? "yes" : "no");
	return 0;
}
