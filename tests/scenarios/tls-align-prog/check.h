/* check.h: report one TLS variable: its declared alignment, whether its address has it, and
 * its value. */
#include <stdint.h>
#include <stdio.h>
#define REPORT(who, var, align)                                                              \
	printf("%s %s: align %d %s, value %d\n", who, #var, (int)(align),                    \
	       ((uintptr_t)&(var) % (align)) == 0 ? "ok" : "WRONG", (int)(var))
