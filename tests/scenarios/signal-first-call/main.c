/* Signals whose handler is a library's keep arriving at a thread from its creation to its
 * end: while the loader makes its trusted stack and compartment stacks (its first calls, the
 * handler's own transition among them) and while it takes them down at the thread's exit
 * (isolation records and checks all of these).  THREADS threads (argument; default 40), one
 * after another, each make a few calls into the library while the main thread sends them
 * SIGUSR2 every 20 us until they are gone.  Every call's result must be right, and the
 * handler must have run. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int first_install(int sig);
long first_call(long x);
long first_handled(void);

static long wrong;

static void *thread(void *arg)
{
	(void)arg;
	for (long i = 0; i < 50; i++)
		if (first_call(i) != i * 2 + 1)
			wrong++;
	return NULL;
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 40;
	if (first_install(SIGUSR2) != 0)
		return 1;
	for (int i = 0; i < n; i++) {
		pthread_t t;
		if (pthread_create(&t, NULL, thread, NULL) != 0)
			return 1;
		int r;
		while ((r = pthread_tryjoin_np(t, NULL)) == EBUSY) {
			pthread_kill(t, SIGUSR2);
			usleep(20);
		}
		if (r != 0)
			return 1;
	}
	printf("wrong results: %ld\n", wrong);
	printf("signals handled: %s\n", first_handled() > 0 ? "yes" : "no");
	return 0;
}
