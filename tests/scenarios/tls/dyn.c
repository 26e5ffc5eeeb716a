/* libdyn: dlopen'ed library with general-dynamic TLS. */
__thread int dyn_var = 66;
__thread int dyn_bss[8];
int *dyn_var_addr(void) { return &dyn_var; }
int *dyn_bss_addr(void) { return dyn_bss; }
