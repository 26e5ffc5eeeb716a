/* libie.so: initial-exec TLS (DF_STATIC_TLS) aligned to 8 KiB. */
__thread char ie_a8192 __attribute__((aligned(8192))) = 52;
int ie_get(void) { return ie_a8192; }
