/*
 * tls-align: TLS segments aligned to more than 64 bytes (128 and the page size, 4096) in the
 * program (local-exec), in a start-up dependency (general-dynamic), and in dlopen'ed objects
 * with dynamic (__tls_get_addr) and static (initial-exec) TLS, in the main thread, a thread
 * started before the dlopen and one started after: every variable has its declared alignment
 * and its initial value.
 */
#include <dlfcn.h>
#include <pthread.h>
#include <stdlib.h>
#include "check.h"

__thread char prog_small = 20;
__thread char prog_a128 __attribute__((aligned(128))) = 21;
__thread char prog_a4096 __attribute__((aligned(4096))) = 22;
__thread char prog_bss4096 __attribute__((aligned(4096)));

void dep_report(const char *who);
int dep_touch(void);
static void (*dyn_report)(const char *), (*dynie_report)(const char *);
static char *(*ie_small_addr)(void);
static pthread_barrier_t opened;
static const char early_name[] = "early thread";

static void report(const char *who)
{
	/* initial-exec first: the early thread has not called __tls_get_addr since the dlopen,
	 * the dlopen itself must have initialised its block there (as glibc does) */
	if (dynie_report)
		dynie_report(who);
	REPORT(who, prog_small, 1);
	REPORT(who, prog_a128, 128);
	REPORT(who, prog_a4096, 4096);
	REPORT(who, prog_bss4096, 4096);
	dep_report(who);
	if (dyn_report)
		dyn_report(who);
}

static void *thread(void *who)
{
	if (who == (void *)early_name)
		pthread_barrier_wait(&opened); /* started before the dlopen: wait for it */
	report(who);
	/* a value written through initial-exec code stays when the thread next calls
	 * __tls_get_addr (which must not initialise the block again) */
	*ie_small_addr() = 60;
	dep_touch();
	printf("%s ie_small after a write and __tls_get_addr: %d\n", (char *)who, *ie_small_addr());
	return NULL;
}

static void *sym(void *h, const char *name)
{
	void *p = dlsym(h, name);
	if (!p) {
		printf("dlsym %s: %s\n", name, dlerror());
		exit(1);
	}
	return p;
}

int main(void)
{
	pthread_t early, late;
	pthread_barrier_init(&opened, NULL, 2);
	report("main before dlopen");
	pthread_create(&early, NULL, thread, (void *)early_name);
	void *dyn = dlopen("libdyn.so", RTLD_NOW), *dynie = dlopen("libdynie.so", RTLD_NOW);
	if (!dyn || !dynie) {
		printf("dlopen: %s\n", dlerror());
		return 1;
	}
	dynie_report = sym(dynie, "dynie_report");
	ie_small_addr = sym(dynie, "ie_small_addr");
	dyn_report = sym(dyn, "dyn_report");
	report("main");
	fflush(stdout);
	pthread_barrier_wait(&opened);
	pthread_join(early, NULL);
	fflush(stdout);
	pthread_create(&late, NULL, thread, "late thread");
	pthread_join(late, NULL);
	return 0;
}
