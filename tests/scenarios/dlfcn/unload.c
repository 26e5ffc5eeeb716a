/* libdlt_unload: must really be unmapped after the last dlclose. */
int udep_fn(void);
int unload_fn(void) { return 50 + udep_fn(); }
