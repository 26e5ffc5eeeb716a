/* libdyndesc: dlopen'ed library with TLS descriptors. */
__thread int dd_var = 77;
__thread int dd_bss;
int *dd_var_addr(void) { return &dd_var; }
int *dd_bss_addr(void) { return &dd_bss; }
