/* libdynie.so: dlopen'ed, initial-exec (static TLS, DF_STATIC_TLS), over-aligned TLS. */
#include "check.h"
__thread char ie_small = 50;
__thread char ie_a128 __attribute__((aligned(128))) = 51;
__thread char ie_a4096 __attribute__((aligned(4096))) = 52;
void dynie_report(const char *who)
{
	REPORT(who, ie_small, 1);
	REPORT(who, ie_a128, 128);
	REPORT(who, ie_a4096, 4096);
}
char *ie_small_addr(void) { return &ie_small; }
