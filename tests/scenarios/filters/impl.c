/* the filtee */
int impl_fn(void) { return 42; }
