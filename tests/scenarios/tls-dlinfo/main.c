/*
 * tls-dlinfo: dlinfo(RTLD_DI_TLS_MODID) and dlinfo(RTLD_DI_TLS_DATA) as glibc answers them.
 * For a dlopen'ed object with dynamic TLS, TLS_DATA is NULL in a thread until that thread
 * first uses one of the object's TLS variables (its block is allocated then), and the block's
 * address afterwards; for a start-up dependency it is the block at once, in every thread;
 * for an object without TLS the module id is 0 and the data NULL.  The module id is the one
 * __tls_get_addr takes.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <link.h>
#include <pthread.h>
#include <stdio.h>

extern void *__tls_get_addr(void *);
int *dep_addr(void);
static void *dyn, *dep;
static int *(*dyn_addr)(void);

static void *tls_data(void *h)
{
	void *p = (void *)1;
	if (dlinfo(h, RTLD_DI_TLS_DATA, &p) != 0)
		printf("dlinfo: %s\n", dlerror());
	return p;
}

static void check(const char *who)
{
	void *before = tls_data(dyn);
	printf("%s: libdyn data before use: %s\n", who, before ? "set" : "NULL");
	int *v = dyn_addr();
	void *after = tls_data(dyn);
	printf("%s: libdyn data after use: %s\n", who,
	       after == (void *)v ? "the block" : after ? "WRONG" : "NULL");
	size_t id = 0;
	dlinfo(dyn, RTLD_DI_TLS_MODID, &id);
	size_t ti[2] = { id, 0 };
	printf("%s: libdyn module id: %s, __tls_get_addr of it: %s\n", who, id ? "set" : "0",
	       __tls_get_addr(ti) == (void *)v ? "the block" : "WRONG");
	void *d = tls_data(dep);
	printf("%s: libdep data: %s\n", who, d == (void *)dep_addr() ? "the block" : d ? "WRONG" : "NULL");
}

static void *thread(void *who)
{
	check(who);
	return NULL;
}

int main(void)
{
	void *notls = dlopen("libnotls.so", RTLD_NOW);
	dyn = dlopen("libdyn.so", RTLD_NOW);
	dep = dlopen("libdep.so", RTLD_NOW | RTLD_NOLOAD);
	if (!notls || !dyn || !dep) {
		printf("dlopen: %s\n", dlerror());
		return 1;
	}
	dyn_addr = (int *(*)(void))dlsym(dyn, "dyn_addr");
	size_t id = 1;
	dlinfo(notls, RTLD_DI_TLS_MODID, &id);
	printf("libnotls: module id %zu, data %s\n", id, tls_data(notls) ? "set" : "NULL");
	check("main");
	fflush(stdout);
	pthread_t t;
	pthread_create(&t, NULL, thread, "thread");
	pthread_join(t, NULL);
	return 0;
}
