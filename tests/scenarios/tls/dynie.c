/* libdynie: dlopen'ed library with initial-exec TLS (served from the static TLS surplus). */
__thread int die_var = 88;
int *die_var_addr(void) { return &die_var; }
