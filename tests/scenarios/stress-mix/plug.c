/* libstressplug.so: dlopen'ed and dlclose'd over and over by the stress program. */
static int inited;
__attribute__((constructor)) static void init(void) { inited = 1; }
int plug_value(int x) { return inited ? x + 7 : -1; }
