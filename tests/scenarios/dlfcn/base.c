/* libdlt_base: the real base_fn, wrapped by libdlt_wrap through RTLD_NEXT. */
int base_calls;
int base_fn(int x) { base_calls++; return x + 1; }
static int hidden_helper(int x) { return x * 7; }
int (*base_hidden_addr(void))(int) { return hidden_helper; }
int base_second(int x) { return hidden_helper(x) - 1; }
