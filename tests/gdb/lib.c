/* libdbg.so: the library the debugger tests stop in (tests/gdb/run.sh). */
#include <pthread.h>
#include <time.h>
#include <unistd.h>

int lib_counter = 5;
__thread int lib_tls = 7; /* printed by the debugger, per thread */

int lib_add(int a, int b)
{
	int r = a + b;
	lib_counter += r;
	lib_tls += r;
	return r;
}

int lib_crash(int *p)
{
	return *p + lib_counter;
}

/* Busy for about `ms' milliseconds of CPU time: the function a profile must name. */
long lib_spin(int ms)
{
	struct timespec t0, t;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t0);
	long n = 0;
	do {
		for (int i = 0; i < 100000; i++)
			n += i ^ (n >> 3);
		clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	} while ((t.tv_sec - t0.tv_sec) * 1000 + (t.tv_nsec - t0.tv_nsec) / 1000000 < ms);
	return n;
}

/* Sleeps in the library: a debugger attaching finds the thread here. */
int lib_wait(int seconds)
{
	while (seconds-- > 0)
		sleep(1);
	return seconds;
}

static volatile int worker_ready;

static void *worker(void *arg)
{
	volatile int *stop = arg;
	lib_tls = 99;
	worker_ready = 1;
	while (!*stop)
		usleep(1000);
	return NULL;
}

/* A second thread, running in the library, while the caller stops in lib_add. */
int lib_threads(void)
{
	pthread_t t;
	volatile int stop = 0;
	pthread_create(&t, NULL, worker, (void *)&stop);
	while (!worker_ready)
		usleep(1000);
	int r = lib_add(1, 1);
	stop = 1;
	pthread_join(t, NULL);
	return r;
}
