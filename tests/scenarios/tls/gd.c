/* libgd: general-dynamic and local-dynamic TLS, plus an over-aligned TLS variable. */
__thread int gd_var = 33;
__thread int gd_bss[4];
static __thread int ld_var = 44;
static __thread int ld_bss;
__thread char gd_aligned[64] __attribute__((aligned(64))) = {1, 2, 3};
int *gd_var_addr(void) { return &gd_var; }
int *gd_bss_addr(void) { return gd_bss; }
int *ld_var_addr(void) { return &ld_var; }
int *ld_bss_addr(void) { return &ld_bss; }
char *gd_aligned_addr(void) { return gd_aligned; }
