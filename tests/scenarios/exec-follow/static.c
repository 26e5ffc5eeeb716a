/* static: a statically linked program, which runs natively (the system has no loader for it) */
#include <stdio.h>
int main(void)
{
	printf("statically linked program: ran\n");
	return 0;
}
