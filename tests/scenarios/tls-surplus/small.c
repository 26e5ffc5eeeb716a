/* libsmall.so: a little initial-exec TLS (DF_STATIC_TLS): fits in any static TLS surplus. */
__thread int small_var __attribute__((tls_model("initial-exec"))) = 7;
__thread char small_buf[64] __attribute__((tls_model("initial-exec")));
int small_get(void) { return small_var + small_buf[63]; }
