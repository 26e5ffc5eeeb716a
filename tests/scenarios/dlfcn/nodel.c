/* libdlt_nodel: opened with RTLD_NODELETE, so dlclose must keep it mapped. */
int nodel_fn(void) { return 44; }
