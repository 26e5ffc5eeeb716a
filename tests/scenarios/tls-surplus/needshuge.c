/* libneedshuge.so: no TLS of its own; its dependency libhuge.so does not fit. */
char *huge_get(void);
char *needshuge_get(void) { return huge_get(); }
