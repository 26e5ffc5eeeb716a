/* libnotls.so: no TLS at all. */
int notls(void) { return 1; }
