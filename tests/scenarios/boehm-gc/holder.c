/* libholder: holds collected objects only in its own frames while the program collects. */
#include <gc.h>
#include <string.h>

static int finalized;

static void on_finalize(void *obj, void *data)
{
	(void)obj;
	(void)data;
	finalized++;
}

int holder_finalized(void) { return finalized; }

/* Makes n objects, kept only in this frame, has the program collect garbage (several
 * times), then checks every object: the number found intact. */
int holder_keep(int n, void (*collect)(void))
{
	char *volatile keep[64];
	if (n > 64)
		n = 64;
	for (int i = 0; i < n; i++) {
		keep[i] = GC_MALLOC(4096);
		memset(keep[i], 'a' + i % 26, 4096);
		GC_REGISTER_FINALIZER(keep[i], on_finalize, 0, 0, 0);
	}
	for (int r = 0; r < 3; r++) {
		collect();
		/* garbage meanwhile, so that freed memory is reused */
		for (int i = 0; i < 2000; i++)
			memset(GC_MALLOC(4096), 'z', 4096);
	}
	int intact = 0;
	for (int i = 0; i < n; i++) {
		int ok = 1;
		for (int k = 0; k < 4096; k++)
			ok &= keep[i][k] == 'a' + i % 26;
		intact += ok;
	}
	return intact;
}
