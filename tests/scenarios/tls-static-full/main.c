/*
 * tls-static-full: the program's libraries need more static TLS than ld-c18n reserves for
 * all objects (64 KiB).  The system loader runs it; ld-c18n must refuse it with a message
 * naming the library that does not fit, and status 127, never run it with overlapping TLS.
 */
#include <stdio.h>

char *get_a(void), *get_b(void);

int main(void)
{
	get_a()[0] = 1;
	get_b()[0] = 2;
	printf("%d %d\n", get_a()[0], get_b()[0]);
	return 0;
}
