/* libuser: linked against libver's first release, so its reference is foo@V1. */
int foo(int x);
int user_calls_foo(int x) { return foo(x); }
int (*user_addr_of_foo(void))(int) { return foo; }
