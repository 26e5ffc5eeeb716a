/* libdyn.so: dlopen'ed, general-dynamic and local-dynamic, TLS aligned beyond the page size. */
#include "check.h"
__thread char dyn_small = 40;
__thread char dyn_a16384 __attribute__((aligned(16384))) = 41;
static __thread char dyn_bss65536 __attribute__((aligned(65536))); /* local-dynamic */
void dyn_report(const char *who)
{
	REPORT(who, dyn_small, 1);
	REPORT(who, dyn_a16384, 16384);
	REPORT(who, dyn_bss65536, 65536);
}
void dyn_write(int v) { dyn_a16384 = (char)v; dyn_bss65536 = (char)v; }
