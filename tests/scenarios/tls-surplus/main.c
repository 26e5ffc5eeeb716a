/*
 * tls-surplus: dlopen of objects that need static (initial-exec) TLS after start-up.  One
 * that fits in what is left succeeds and works in every thread; one that needs more than the
 * static TLS block has left (4 MiB, more than glibc's surplus and ld-c18n's area) fails with
 * dlerror() naming the file first, as glibc's does ("FILE: cannot allocate memory in static
 * TLS block"), also when it is the dependency of the object opened, and leaves nothing
 * loaded: the small one still loads afterwards.
 */
#include <dlfcn.h>
#include <stddef.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

/* err must be "DIR/BASE: cannot allocate memory in static TLS block..." (the directory as
 * the loader found it: as opened, or from the library path) */
static const char *expect_prefix(const char *err, const char *base)
{
	static const char what[] = ": cannot allocate memory in static TLS block";
	const char *colon = err ? strstr(err, ": ") : NULL;
	size_t n = strlen(base);
	if (!err)
		return "no error";
	if (!colon || colon - err < (ptrdiff_t)n + 1 || colon[-(ptrdiff_t)n - 1] != '/' ||
	    strncmp(colon - n, base, n) != 0)
		return "does not start with the file";
	if (strncmp(colon, what, sizeof what - 1) != 0)
		return "another reason";
	return "file first, cannot allocate memory in static TLS block";
}

static void loaded(const char *path, const char *name)
{
	printf("%s loaded afterwards: %s\n", name,
	       dlopen(path, RTLD_NOW | RTLD_NOLOAD) ? "yes" : "no");
}

/* dlopen of libhuge.so or of an object that needs it: must fail */
static void open_huge(const char *path, const char *name)
{
	void *h = dlopen(path, RTLD_NOW);
	printf("dlopen %s: %s\n", name, h ? "succeeded" : "failed");
	if (!h)
		printf("dlerror: %s\n", expect_prefix(dlerror(), "libhuge.so"));
	loaded(path, name);
}

static int (*small_get)(void);
static void *thread(void *arg)
{
	(void)arg;
	printf("thread: small_get %d\n", small_get());
	return NULL;
}

int main(int argc, char **argv)
{
	(void)argc;
	char dir[4096], huge[4200], small[4200], needs[4200];
	snprintf(dir, sizeof dir, "%s", argv[0]);
	*strrchr(dir, '/') = 0;
	snprintf(huge, sizeof huge, "%s/libhuge.so", dir);
	snprintf(small, sizeof small, "%s/libsmall.so", dir);
	snprintf(needs, sizeof needs, "%s/libneedshuge.so", dir);
	for (int i = 0; i < 2; i++)
		open_huge(huge, "libhuge.so");
	open_huge(needs, "libneedshuge.so");
	loaded(huge, "libhuge.so");
	void *s = dlopen(small, RTLD_NOW);
	printf("dlopen libsmall.so: %s\n", s ? "succeeded" : dlerror());
	if (!s)
		return 1;
	small_get = (int (*)(void))dlsym(s, "small_get");
	printf("main: small_get %d\n", small_get());
	fflush(stdout);
	pthread_t t;
	pthread_create(&t, NULL, thread, NULL);
	pthread_join(t, NULL);
	return 0;
}
