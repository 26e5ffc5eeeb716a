/* limits: a program with two libraries (one with TLS), a thread and a dlopen'ed plugin, for
 * tests/limits/run.sh.  Modes (argument 1):
 *   run      the calls, the thread and the dlopen; prints what they returned
 *   as       exhausts the address space (1 MiB mappings until mmap fails), then dlopens the
 *            plugin: it must fail with a dlerror() naming it; gives the space back and
 *            dlopens it again: it must work
 *   fds      the same with file descriptors (opens /dev/null until EMFILE) */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int la_work(int x);

static void *thread(void *arg)
{
	(void)arg;
	printf("thread: %d\n", la_work(2));
	return NULL;
}

static int plugin(const char *when)
{
	void *h = dlopen("liblplug.so", RTLD_NOW);
	if (!h) {
		const char *e = dlerror();
		printf("%s: dlopen failed, naming the library: %s\n", when,
		       e && strstr(e, "liblplug.so") ? "yes" : "no");
		return -1;
	}
	int (*f)(int) = (int (*)(int))dlsym(h, "lp_value");
	printf("%s: plugin says %d\n", when, f ? f(5) : -1);
	dlclose(h);
	return 0;
}

#define MAXMAPS 65536
static void *maps[MAXMAPS];
static int fds[65536];

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "run";
	setvbuf(stdout, NULL, _IONBF, 0);
	printf("main: %d\n", la_work(1));
	if (!strcmp(mode, "run")) {
		pthread_t t;
		if (pthread_create(&t, NULL, thread, NULL) != 0) {
			printf("pthread_create failed\n");
			return 1;
		}
		pthread_join(t, NULL);
		return plugin("dlopen") ? 1 : 0;
	}
	if (!strcmp(mode, "as")) {
		size_t n = 0;
		while (n < MAXMAPS) {
			void *m = mmap(NULL, 1 << 20, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
			if (m == MAP_FAILED)
				break;
			maps[n++] = m;
		}
		plugin("address space exhausted");
		while (n)
			munmap(maps[--n], 1 << 20);
		return plugin("address space given back") ? 1 : 0;
	}
	if (!strcmp(mode, "fds")) {
		size_t n = 0;
		int fd;
		while (n < sizeof fds / sizeof *fds && (fd = open("/dev/null", O_RDONLY)) >= 0)
			fds[n++] = fd;
		plugin("descriptors exhausted");
		while (n)
			close(fds[--n]);
		return plugin("descriptors given back") ? 1 : 0;
	}
	return 2;
}
