/* tests/trace: a program whose cross-compartment calls are known exactly.
 *
 *   prog calls N1 N2 N3 N4   main calls a_fn() N1 times (the first N2 of them call b_fn in
 *                            libb.so); dlopen()s libplug.so and calls plug_fn through dlsym
 *                            N3 times; then one pthread (start routine thr_main) calls a_thr
 *                            N4 times while main waits in pthread_join.
 *   prog threads T K         T threads call a_fn() K times each, all at once.
 *   prog callback            bsearch() (trusted base) calls a_cmp in liba.so exactly once.
 *   prog end HOW N           main calls a_fn() N times, then ends HOW: exit, _exit, segv (a
 *                            fault), abort, term (SIGTERM, default action), kill (SIGKILL),
 *                            exec (executes /bin/true); the records of those N calls are
 *                            written first (all but with kill, which no one can catch).
 *   prog fork N K M          main calls a_fn() N times, forks; the child calls it K times and
 *                            exits, the parent waits and calls it M times.
 *
 * Prints the thread ids (gettid) so the test can check the tids in the trace. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

int a_fn(int call_b);
int a_thr(void);
int a_cmp(const void *x, const void *y);

static int n4;
static pthread_barrier_t start;
static int per_thread;

void *thr_main(void *arg)
{
	int s = 0;
	printf("thread tid %d\n", gettid());
	for (int i = 0; i < n4; i++)
		s += a_thr();
	return (void *)(long)s;
}

static void *hammer(void *arg)
{
	long s = 0;
	pthread_barrier_wait(&start);
	for (int i = 0; i < per_thread; i++)
		s += a_fn(0);
	return (void *)s;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	if (argc == 6 && !strcmp(argv[1], "calls")) {
		int n1 = atoi(argv[2]), n2 = atoi(argv[3]), n3 = atoi(argv[4]);
		n4 = atoi(argv[5]);
		int s = 0;
		printf("main tid %d\n", gettid());
		for (int i = 0; i < n1; i++)
			s += a_fn(i < n2);
		void *h = dlopen("libplug.so", RTLD_NOW);
		if (!h) {
			printf("dlopen: %s\n", dlerror());
			return 1;
		}
		int (*plug_fn)(int) = (int (*)(int))dlsym(h, "plug_fn");
		if (!plug_fn) {
			printf("dlsym: %s\n", dlerror());
			return 1;
		}
		for (int i = 0; i < n3; i++)
			s += plug_fn(i);
		pthread_t t;
		void *r;
		if (pthread_create(&t, NULL, thr_main, NULL) || pthread_join(t, &r))
			return 1;
		s += (int)(long)r;
		printf("sum %d\n", s);
		return 0;
	}
	if (argc == 4 && !strcmp(argv[1], "threads")) {
		int nt = atoi(argv[2]);
		per_thread = atoi(argv[3]);
		pthread_t t[64];
		long s = 0;
		pthread_barrier_init(&start, NULL, nt);
		for (int i = 0; i < nt; i++)
			if (pthread_create(&t[i], NULL, hammer, NULL))
				return 1;
		for (int i = 0; i < nt; i++) {
			void *r;
			pthread_join(t[i], &r);
			s += (long)r;
		}
		printf("sum %ld\n", s);
		return 0;
	}
	if (argc == 2 && !strcmp(argv[1], "callback")) {
		int key = 7, one[1] = { 7 };
		printf("main tid %d\n", gettid());
		printf("found %d\n", bsearch(&key, one, 1, sizeof key, a_cmp) == one);
		return 0;
	}
	if (argc == 4 && !strcmp(argv[1], "end")) {
		const char *how = argv[2];
		int n = atoi(argv[3]);
		for (int i = 0; i < n; i++)
			a_fn(0);
		if (!strcmp(how, "exit"))
			exit(0);
		if (!strcmp(how, "_exit"))
			_exit(0);
		if (!strcmp(how, "segv"))
			*(volatile int *)(long)argc = 1;
		if (!strcmp(how, "abort"))
			abort();
		if (!strcmp(how, "term"))
			raise(SIGTERM);
		if (!strcmp(how, "kill"))
			raise(SIGKILL);
		if (!strcmp(how, "exec"))
			execl("/bin/true", "true", (char *)NULL);
		return 3;
	}
	if (argc == 5 && !strcmp(argv[1], "fork")) {
		int n = atoi(argv[2]), k = atoi(argv[3]), m = atoi(argv[4]);
		for (int i = 0; i < n; i++)
			a_fn(0);
		pid_t pid = fork();
		if (pid == 0) {
			for (int i = 0; i < k; i++)
				a_fn(0);
			exit(0);
		}
		waitpid(pid, NULL, 0);
		for (int i = 0; i < m; i++)
			a_fn(0);
		return 0;
	}
	fprintf(stderr, "usage: prog calls N1 N2 N3 N4 | threads T K | callback | end HOW N | "
			"fork N K M\n");
	return 2;
}
