/* libie: initial-exec TLS (.tdata and .tbss) in a library loaded at startup. */
__thread int ie_var = 22;
__thread long ie_bss;
int *ie_var_addr(void) { return &ie_var; }
long *ie_bss_addr(void) { return &ie_bss; }
