/* 40000 bytes of initial-exec TLS */
__thread char tls_a[40000] __attribute__((tls_model("initial-exec")));
char *get_a(void) { return tls_a; }
