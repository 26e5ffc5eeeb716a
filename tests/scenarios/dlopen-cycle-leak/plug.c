/* libplug.so: a plugin with a dependency, thread-local storage, a constructor and a
 * destructor. */
int dep_value(int x);
__thread int tls_counter = 3;
static int inited;
__attribute__((constructor)) static void ctor(void) { inited = 1; }
__attribute__((destructor)) static void dtor(void) { inited = 0; }
int plug_call(int x)
{
	tls_counter += x;
	return dep_value(x) + tls_counter + inited;
}
