/* libb.so: called from liba.so. */
int b_fn(int x)
{
	return x + 100;
}
