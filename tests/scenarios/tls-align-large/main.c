/*
 * tls-align-large: TLS aligned beyond the page size (8, 16 and 64 KiB) in a start-up
 * dependency and in a dlopen'ed library (general- and local-dynamic), in the main thread, a
 * thread started before the dlopen and one started after: every variable has its declared
 * alignment and its initial value in each thread, a thread's writes stay its own, and a
 * library dlopen'ed again after dlclose starts from its initial values.
 */
#include <dlfcn.h>
#include <pthread.h>
#include <stdlib.h>
#include "check.h"

void dep_report(const char *who);
void dep_write(int v);
static void (*dyn_report)(const char *), (*dyn_write)(int);
static pthread_barrier_t opened;
static const char early_name[] = "early thread";

static void report(const char *who)
{
	dep_report(who);
	if (dyn_report)
		dyn_report(who);
}

static void *thread(void *who)
{
	if (who == (void *)early_name)
		pthread_barrier_wait(&opened); /* started before the dlopen: wait for it */
	report(who);
	dep_write(7);
	dyn_write(8);
	report(who);
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

static void *open_dyn(void)
{
	void *h = dlopen("libdyn.so", RTLD_NOW);
	if (!h) {
		printf("dlopen: %s\n", dlerror());
		exit(1);
	}
	dyn_report = sym(h, "dyn_report");
	dyn_write = sym(h, "dyn_write");
	return h;
}

int main(void)
{
	pthread_t early, late;
	pthread_barrier_init(&opened, NULL, 2);
	report("main before dlopen");
	pthread_create(&early, NULL, thread, (void *)early_name);
	void *dyn = open_dyn();
	report("main");
	fflush(stdout);
	pthread_barrier_wait(&opened);
	pthread_join(early, NULL);
	fflush(stdout);
	pthread_create(&late, NULL, thread, "late thread");
	pthread_join(late, NULL);
	report("main after the threads' writes");
	dyn_write(9);
	dlclose(dyn);
	dyn_report = NULL;
	dyn = open_dyn();
	report("main after dlclose and dlopen");
	return 0;
}
