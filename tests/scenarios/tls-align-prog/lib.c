/* liblib.so: a start-up dependency with TLS aligned to 8 KiB (general-dynamic). */
#include "check.h"
__thread char lib_a8192 __attribute__((aligned(8192))) = 11;
void lib_report(const char *who) { REPORT(who, lib_a8192, 8192); }
