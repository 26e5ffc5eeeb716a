/* libsink.so: one function that three compartments call (tests/trace stats-fanin). */
int sink(int x)
{
	return x + 1;
}
