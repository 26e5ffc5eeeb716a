/* Functions first called from a signal handler, through lazily bound PLT slots. */
long lib_in_handler(long a, double b) { return a * 10 + (long)b; }
long lib_other(long a) { return a + 1; }
