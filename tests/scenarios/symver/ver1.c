/* libver, first release: only foo@@V1 (used to link libuser against the old version). */
const char *ver_name = "libver";
int foo(int x) { return x + 1; }
int bar(void) { return 10; }
