/* libdyn.so: dlopen'ed, general-dynamic (__tls_get_addr), over-aligned TLS. */
#include "check.h"
__thread char dyn_small = 40;
__thread char dyn_a128 __attribute__((aligned(128))) = 41;
__thread char dyn_a4096 __attribute__((aligned(4096))) = 42;
static __thread char dyn_bss4096 __attribute__((aligned(4096))); /* local-dynamic */
void dyn_report(const char *who)
{
	REPORT(who, dyn_small, 1);
	REPORT(who, dyn_a128, 128);
	REPORT(who, dyn_a4096, 4096);
	REPORT(who, dyn_bss4096, 4096);
}
