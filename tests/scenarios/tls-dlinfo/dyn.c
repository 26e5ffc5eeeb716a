/* libdyn.so: dlopen'ed, general-dynamic TLS (a block allocated per thread on first use). */
__thread int dyn_var = 5;
int *dyn_addr(void) { return &dyn_var; }
