/* boehm-gc: a conservative collector (Boehm GC, libgc) finds live objects by scanning the
 * stack; a library keeps collected objects only in its own frames while the program
 * collects garbage through a callback.  Every object must survive intact and none be
 * finalized while in use. */
#include <gc.h>
#include <stdio.h>

int holder_keep(int n, void (*collect)(void));
int holder_finalized(void);

static void collect(void)
{
	GC_gcollect();
	GC_invoke_finalizers();
}

int main(void)
{
	GC_INIT();
	int intact = holder_keep(48, collect);
	printf("objects intact: %d of 48\n", intact);
	printf("finalized while in use: %d\n", holder_finalized());
	return 0;
}
