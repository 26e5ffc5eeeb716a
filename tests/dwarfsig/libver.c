/* libver.c: symbol versions and IFUNCs (tests/dwarfsig/run.sh, linked with libver.map).
 * ver_foo@V1 and ver_foo@@V2 are two functions with different signatures: "ver_foo" must get
 * no answer.  sig_ifunc's DWARF describes its resolver (no parameters), not the function the
 * resolver returns (7 longs): no answer either. */
long foo_old(long a) { return a; }                                              /* 0 */
long foo_new(long a, long b, long c, long d, long e, long f, long g)            /* 8 */
{ return a + g; }
__asm__(".symver foo_old, ver_foo@V1");
__asm__(".symver foo_new, ver_foo@@V2");

static long impl(long a, long b, long c, long d, long e, long f, long g) { return a + g; }
void *sig_ifunc(void) { return (void *)impl; }
__asm__(".type sig_ifunc, %gnu_indirect_function");
