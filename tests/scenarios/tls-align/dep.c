/* libdep.so: a start-up dependency (general-dynamic) with over-aligned TLS. */
#include "check.h"
__thread char dep_small = 30;
__thread char dep_a128 __attribute__((aligned(128))) = 31;
__thread char dep_a4096 __attribute__((aligned(4096))) = 32;
__thread char dep_bss4096 __attribute__((aligned(4096)));
void dep_report(const char *who)
{
	REPORT(who, dep_small, 1);
	REPORT(who, dep_a128, 128);
	REPORT(who, dep_a4096, 4096);
	REPORT(who, dep_bss4096, 4096);
}
int dep_touch(void) { return dep_small; } /* one __tls_get_addr */
