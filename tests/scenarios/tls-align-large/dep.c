/* libdep.so: a start-up dependency (general-dynamic) with TLS aligned beyond the page size. */
#include "check.h"
__thread char dep_small = 30;
__thread char dep_a8192 __attribute__((aligned(8192))) = 31;
__thread char dep_a65536 __attribute__((aligned(65536))) = 32;
__thread int dep_bss65536 __attribute__((aligned(65536)));
void dep_report(const char *who)
{
	REPORT(who, dep_small, 1);
	REPORT(who, dep_a8192, 8192);
	REPORT(who, dep_a65536, 65536);
	REPORT(who, dep_bss65536, 65536);
}
/* a write in this thread, seen by none other */
void dep_write(int v) { dep_a65536 = (char)v; dep_bss65536 = v; }
