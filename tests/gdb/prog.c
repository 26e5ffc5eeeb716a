/* The program the debugger tests run (tests/gdb/run.sh): natively and under ld-c18n.
 * Usage: prog add | twice | plugin [PATH] | crash | wait | threads | spin */
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

int lib_add(int, int);
int lib_crash(int *);
int lib_wait(int);
int lib_threads(void);
long lib_spin(int);

/* The program's own hot function (spin): the profile names it too. */
long prog_spin(long n)
{
	long r = 0;
	for (long i = 0; i < n; i++)
		r += i ^ (r >> 5);
	return r;
}

int main(int argc, char **argv)
{
	const char *what = argc > 1 ? argv[1] : "add";
	if (!strcmp(what, "add")) {
		int x = lib_add(2, 3);
		printf("%d\n", x);
	} else if (!strcmp(what, "twice")) {
		int y = lib_add(1, 1);
		y += lib_add(y, 1); /* a second call through the same slot */
		printf("%d\n", y);
	} else if (!strcmp(what, "plugin")) {
		void *h = dlopen(argc > 2 ? argv[2] : "libplug.so", RTLD_NOW);
		if (!h) {
			printf("%s\n", dlerror());
			return 1;
		}
		int (*mul)(int) = (int (*)(int))dlsym(h, "plug_mul");
		printf("%d\n", mul(6));
		dlclose(h);
	} else if (!strcmp(what, "crash")) {
		printf("%d\n", lib_crash(NULL));
	} else if (!strcmp(what, "wait")) {
		printf("%d\n", lib_wait(60));
	} else if (!strcmp(what, "threads")) {
		printf("%d\n", lib_threads());
	} else if (!strcmp(what, "spin")) {
		long r = 0;
		for (int i = 0; i < 100; i++)
			r += lib_spin(4) + prog_spin(4000000);
		printf("spun %d\n", r != 0);
	}
	return 0;
}
