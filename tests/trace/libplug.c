/* libplug.so: dlopen()ed by the program, called through dlsym. */
int plug_fn(int x)
{
	return x + 1000;
}
