/* libplug.so: dlopen'ed by prog (tests/gdb/run.sh); a pending breakpoint resolves in it. */
int plug_value = 7;

int plug_mul(int a)
{
	return a * plug_value;
}
