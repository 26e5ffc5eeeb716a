/* liba.so: called from the program (a_fn, a_thr) and, as a bsearch comparator, from the
 * trusted base (a_cmp); calls b_fn in libb.so.  liba_setup is an exported constructor, so the
 * loader calls it, by a name it knows, from its initialiser list. */
int b_fn(int x);

int a_fn(int call_b)
{
	return call_b ? b_fn(1) + 1 : 1;
}

int a_thr(void)
{
	return 10;
}

int a_cmp(const void *x, const void *y)
{
	return *(const int *)x - *(const int *)y;
}

static int ready;

__attribute__((constructor)) void liba_setup(void)
{
	ready = 1;
}
