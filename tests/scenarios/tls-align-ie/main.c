/*
 * tls-align-ie: dlopen of a library whose initial-exec TLS is aligned to 8 KiB fails with a
 * dlerror() naming the library and the reason: a static TLS block must lie at the same
 * distance from the thread pointer in every thread, and ld-c18n's thread pointer is aligned to
 * 4 KiB (glibc's to the largest alignment among the start-up objects, so that glibc may or may
 * not find room for it).  The process goes on.
 */
#include <dlfcn.h>
#include <stdio.h>

int main(void)
{
	void *h = dlopen("libie.so", RTLD_NOW);
	if (h)
		printf("dlopen: opened\n");
	else
		printf("dlopen failed: %s\n", dlerror());
	printf("still running\n");
	return 0;
}
