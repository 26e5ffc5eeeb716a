/*
 * dlopen-thread-race: threads make their first cross-library call (and exit) while the main
 * thread dlopens library after library, so that the number of compartments grows under
 * them.  Every thread's call returns the right value, every plugin is found, and the
 * process ends normally: what a thread takes at its first call it gives back exactly at
 * its exit.
 */
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#define NPLUGINS 40
#define NWORKERS 2

int dep_call(int x);
static volatile int done;
static int bad;

static void *short_lived(void *arg)
{
	if (dep_call((int)(long)arg) != (int)(long)arg + 1)
		__atomic_add_fetch(&bad, 1, __ATOMIC_RELAXED);
	return NULL;
}

/* starts thread after thread, one at a time, until the dlopens are over */
static void *spawner(void *arg)
{
	long n = 0;
	(void)arg;
	while (!__atomic_load_n(&done, __ATOMIC_ACQUIRE)) {
		pthread_t t;
		if (pthread_create(&t, NULL, short_lived, (void *)n++) != 0)
			abort();
		pthread_join(t, NULL);
	}
	return NULL;
}

int main(void)
{
	pthread_t w[NWORKERS];
	for (int i = 0; i < NWORKERS; i++)
		pthread_create(&w[i], NULL, spawner, NULL);
	int sum = 0;
	for (int i = 0; i < NPLUGINS; i++) {
		char name[32];
		snprintf(name, sizeof name, "libp%d.so", i);
		void *h = dlopen(name, RTLD_NOW);
		if (!h) {
			printf("dlopen: %s\n", dlerror());
			return 1;
		}
		int (*f)(void) = (int (*)(void))dlsym(h, "plugin_value");
		if (!f) {
			printf("dlsym: %s\n", dlerror());
			return 1;
		}
		sum += f();
	}
	__atomic_store_n(&done, 1, __ATOMIC_RELEASE);
	for (int i = 0; i < NWORKERS; i++)
		pthread_join(w[i], NULL);
	printf("plugins: %d, sum of their values: %d\n", NPLUGINS, sum);
	printf("threads with a wrong result: %d\n", bad);
	return 0;
}
