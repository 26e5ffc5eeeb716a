/* libdlt_wrap: interposes base_fn and forwards to the next definition found with dlsym(RTLD_NEXT). */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stddef.h>
static int (*next_base)(int);
int base_fn(int x)
{
    if (!next_base) next_base = (int (*)(int))dlsym(RTLD_NEXT, "base_fn");
    return next_base ? 100 * next_base(x) : -1;
}
/* Not a tail call: dlsym(RTLD_NEXT) must see this library as its caller. */
static void *volatile wrap_saved;
void *wrap_next_base(void) { wrap_saved = dlsym(RTLD_NEXT, "base_fn"); return wrap_saved; }
