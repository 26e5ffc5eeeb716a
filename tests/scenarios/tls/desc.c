/* libdesc: TLS descriptors (gnu2 dialect), global and static variables. */
__thread int desc_var = 55;
__thread int desc_bss;
static __thread long desc_local = 56;
int *desc_var_addr(void) { return &desc_var; }
int *desc_bss_addr(void) { return &desc_bss; }
long *desc_local_addr(void) { return &desc_local; }
