/* libmissing1: exists only at link time. */
int missing1(void) { return 1; }
