/* libver, second release: foo@V1 (compat) and foo@@V2 (default), plus bar@@V1 and baz@@V2. */
const char *ver_name = "libver";
__attribute__((symver("foo@V1"))) int foo_v1(int x) { return x + 1; }
__attribute__((symver("foo@@V2"))) int foo_v2(int x) { return x + 2000; }
int bar(void) { return 10; }
int baz(void) { return 20; }
/* Which version the library's own callers get through the dynamic symbol table. */
int (*ver_default_foo(void))(int) { extern int foo(int); return foo; }
