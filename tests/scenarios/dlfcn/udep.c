/* libdlt_udep: dependency of libdlt_unload, unmapped together with it. */
int udep_fn(void) { return 5; }
