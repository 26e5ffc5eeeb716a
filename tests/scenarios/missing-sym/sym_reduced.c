/* libsym, run-time version: sym_one and sym_two are gone. */
int sym_kept(void) { return 3; }
