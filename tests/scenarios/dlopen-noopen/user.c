/* A library that needs a DF_1_NOOPEN one: dlopen of it fails as a whole. */
int noopen_b_fn(void);
int user_fn(void) { return noopen_b_fn() + 1; }
