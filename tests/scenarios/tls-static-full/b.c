/* another 40000 bytes: together more than ld-c18n's static TLS area (64 KiB) */
__thread char tls_b[40000] __attribute__((tls_model("initial-exec")));
char *get_b(void) { return tls_b; }
