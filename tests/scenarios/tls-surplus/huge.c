/* libhuge.so: 4 MiB of initial-exec TLS: more than glibc's static TLS surplus and ld-c18n's. */
__thread char huge_buf[4 << 20] __attribute__((tls_model("initial-exec")));
char *huge_get(void) { return huge_buf; }
