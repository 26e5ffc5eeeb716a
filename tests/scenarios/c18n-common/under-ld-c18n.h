/* under_ld_c18n(): whether ld-c18n's own file is mapped in this process (the exec-follow
 * scenarios: a child says whether it runs under the loader).  Header-only, with stdio. */
#ifndef UNDER_LD_C18N_H
#define UNDER_LD_C18N_H

#include <stdio.h>
#include <string.h>

static int under_ld_c18n(void)
{
	FILE *f = fopen("/proc/self/maps", "r");
	char l[1024];
	int under = 0;
	while (f && fgets(l, sizeof l, f))
		under |= strstr(l, "/ld-c18n\n") != NULL;
	if (f)
		fclose(f);
	return under;
}

#endif
