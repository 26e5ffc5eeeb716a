/* A library whose data is aligned beyond the page size (ALIGN bytes, NAME(x) names it):
 * linked with -z max-page-size=ALIGN its PT_LOAD segments have p_align = ALIGN, and the
 * variables are where they are declared only when the segments are mapped at that alignment. */
int NAME(data)[4] __attribute__((aligned(ALIGN))) = { 1, 2, 3, 4 };
int NAME(bss)[4] __attribute__((aligned(ALIGN)));
static int NAME(fn_impl)(void) { return NAME(data)[3]; }
int (*NAME(fn))(void) = NAME(fn_impl);
int *NAME(data_addr)(void) { return NAME(data); }
int *NAME(bss_addr)(void) { return NAME(bss); }
