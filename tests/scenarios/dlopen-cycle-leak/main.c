/*
 * dlopen-cycle-leak: 2000 cycles of dlopen, call, dlclose of a plugin (a dependency, TLS, a
 * constructor, a destructor), as a long-running plugin host does.  After 100 warm-up cycles,
 * the process's resident memory grows by less than 1 MiB and its mappings are the same in
 * number: dlclose gives back what dlopen took.
 */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CYCLES 2000
#define WARMUP 100

static long status_kib(const char *field)
{
	FILE *f = fopen("/proc/self/status", "r");
	char l[256];
	long v = -1;
	while (f && fgets(l, sizeof l, f))
		if (!strncmp(l, field, strlen(field)))
			v = atol(l + strlen(field));
	if (f)
		fclose(f);
	return v;
}

static int mappings(void)
{
	FILE *f = fopen("/proc/self/maps", "r");
	int n = 0, c;
	while (f && (c = getc(f)) != EOF)
		n += c == '\n';
	if (f)
		fclose(f);
	return n;
}

int main(void)
{
	long rss0 = 0;
	int maps0 = 0, bad = 0;
	for (int i = 0; i < CYCLES; i++) {
		void *h = dlopen("libplug.so", RTLD_NOW);
		if (!h) {
			printf("dlopen: %s\n", dlerror());
			return 1;
		}
		int (*f)(int) = (int (*)(int))dlsym(h, "plug_call");
		if (!f || f(i) != i + 7 + 3 + i + 1) /* (a fresh TLS block and constructor each time) */
			bad++;
		if (dlclose(h) != 0) {
			printf("dlclose: %s\n", dlerror());
			return 1;
		}
		if (i == WARMUP - 1) {
			rss0 = status_kib("VmRSS:");
			maps0 = mappings();
		}
	}
	long grown = status_kib("VmRSS:") - rss0;
	int maps = mappings();
	printf("%d cycles, calls with a wrong result: %d\n", CYCLES, bad);
	printf("resident memory grew by less than 1 MiB: %s\n", grown < 1024 ? "yes" : "no");
	printf("mappings after warm-up and at the end: %s\n", maps == maps0 ? "the same" : "different");
	if (grown >= 1024 || maps != maps0)
		fprintf(stderr, "grew by %ld KiB, mappings %d -> %d\n", grown, maps0, maps);
	return 0;
}
