/* libsym, link-time version: defines all three functions. */
int sym_one(void) { return 1; }
int sym_two(void) { return 2; }
int sym_kept(void) { return 3; }
