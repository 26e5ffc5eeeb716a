/* libmissing2: exists only at link time. */
int missing2(void) { return 2; }
