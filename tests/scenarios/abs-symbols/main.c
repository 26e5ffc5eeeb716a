/* Absolute symbols defined by a library: references bind to their value, unrelocated;
 * abs_zero (value 0) is a definition, not a missing symbol; an undefined weak reference to an
 * absolute symbol resolves to it; dlsym returns the value (NULL without an error for 0). */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>

extern char abs_val[], abs_zero[];
extern char abs_weak[] __attribute__((weak));
extern char abs_nowhere[] __attribute__((weak));
void *absdef_val(void);

int main(void)
{
	printf("abs_val %p\n", (void *)abs_val);
	printf("abs_zero %p\n", (void *)abs_zero);
	printf("abs_weak (undefined weak here) %p\n", (void *)abs_weak);
	printf("abs_nowhere (undefined weak, defined nowhere) %p\n", (void *)abs_nowhere);
	printf("library's own reference %p\n", absdef_val());
	const char *names[] = { "abs_val", "abs_zero", "abs_weak" };
	for (int i = 0; i < 3; i++) {
		dlerror();
		void *p = dlsym(RTLD_DEFAULT, names[i]);
		const char *err = dlerror();
		printf("dlsym(%s) %p, dlerror %s\n", names[i], p, err ? "set" : "NULL");
	}
	void *h = dlopen("libabsdef.so", RTLD_NOW | RTLD_NOLOAD);
	printf("dlsym(handle, abs_val) %p\n", h ? dlsym(h, "abs_val") : (void *)-1);
	return 0;
}
