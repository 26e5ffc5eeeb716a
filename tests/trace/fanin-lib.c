/* libfa.so and libfb.so (built with -DFN=fa / -DFN=fb): each calls libsink.so's sink n times,
 * so that sink's entry has callers in three compartments (tests/trace stats-fanin). */
int sink(int x);

int FN(int n)
{
	int s = 0;
	for (int i = 0; i < n; i++)
		s += sink(i);
	return s;
}
