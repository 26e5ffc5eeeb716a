/* libdlt_global: opened RTLD_GLOBAL. */
int global_fn(void) { return 22; }
