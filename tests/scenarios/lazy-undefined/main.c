/* A lazily bound function that no longer exists: the program starts, runs until the first
 * call, and then the loader stops it with status 127 naming the object and the symbol. */
#include <stdio.h>

int still_here(void);
int gone(void);

int main(int argc, char **argv)
{
	(void)argv;
	printf("started, still_here() = %d\n", still_here());
	fflush(stdout);
	if (argc > 0)
		printf("gone() = %d\n", gone());
	return 0;
}
