/* Stress (issue 17): 16 threads calling into another compartment, a storm of SIGUSR1 whose
 * handler is the library's, fork from several threads (the children call in too), and
 * dlopen/dlclose from another thread, all at once for SECONDS (argument; default 3).
 * Prints only what must hold whatever the timing. */
#include <dlfcn.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

long stress_work(long x);
int stress_install(void);
long stress_calls(void);
int stress_signals(void);

#define NWORKERS 16
static volatile int stop;
static long bad;
static int running; /* threads in their loops: the time counts from when all are */

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void *worker(void *arg)
{
	long id = (long)arg, n = 0;
	__atomic_add_fetch(&running, 1, __ATOMIC_RELAXED);
	while (!stop) {
		if (stress_work(n) != n * 3 + 1)
			__atomic_add_fetch(&bad, 1, __ATOMIC_RELAXED);
		if (++n % 20000 == 0 && id % 4 == 0) { /* a fork from every fourth thread */
			pid_t p = fork();
			if (p == 0) {
				long s = 0;
				for (long i = 0; i < 1000; i++)
					s += stress_work(i) != i * 3 + 1;
				_exit(s ? 1 : 0);
			}
			int st = 0;
			if (p < 0 || waitpid(p, &st, 0) != p || !WIFEXITED(st) || WEXITSTATUS(st))
				__atomic_add_fetch(&bad, 1, __ATOMIC_RELAXED);
		}
	}
	return NULL;
}

static void *signaller(void *arg)
{
	(void)arg;
	__atomic_add_fetch(&running, 1, __ATOMIC_RELAXED);
	while (!stop) {
		kill(getpid(), SIGUSR1);
		usleep(200);
	}
	return NULL;
}

static void *plugger(void *arg)
{
	(void)arg;
	__atomic_add_fetch(&running, 1, __ATOMIC_RELAXED);
	while (!stop) {
		void *h = dlopen("libstressplug.so", RTLD_NOW);
		int (*f)(int) = h ? (int (*)(int))dlsym(h, "plug_value") : NULL;
		if (!f || f(1) != 8)
			__atomic_add_fetch(&bad, 1, __ATOMIC_RELAXED);
		if (h)
			dlclose(h);
	}
	return NULL;
}

int main(int argc, char **argv)
{
	double secs = argc > 1 ? atof(argv[1]) : 3;
	if (stress_install() != 0)
		return 1;
	pthread_t w[NWORKERS], s, p;
	for (long i = 0; i < NWORKERS; i++)
		pthread_create(&w[i], NULL, worker, (void *)i);
	pthread_create(&s, NULL, signaller, NULL);
	pthread_create(&p, NULL, plugger, NULL);
	/* (a thread's first call makes its stacks, which waits for the memory map: a loaded
	 * machine, with 16 threads changing protections, may start one late) */
	double t0 = now();
	while (__atomic_load_n(&running, __ATOMIC_RELAXED) < NWORKERS + 2 && now() - t0 < 120)
		usleep(1000);
	t0 = now();
	while (now() - t0 < secs)
		usleep(10000);
	stop = 1;
	for (int i = 0; i < NWORKERS; i++)
		pthread_join(w[i], NULL);
	pthread_join(s, NULL);
	pthread_join(p, NULL);
	printf("wrong results: %ld\n", bad);
	printf("calls made: %s\n", stress_calls() > NWORKERS ? "yes" : "no");
	printf("signals handled: %s\n", stress_signals() > 0 ? "yes" : "no");
	return 0;
}
