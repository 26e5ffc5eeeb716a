/* libdlt_local: opened RTLD_LOCAL, later promoted to RTLD_GLOBAL. */
int local_fn(void) { return 11; }
