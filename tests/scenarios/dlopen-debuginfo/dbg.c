/* A small library whose separate debug-info file (objcopy --only-keep-debug) is dlopen'ed. */
int dbg_counter = 3;
int dbg_fn(int x) { return x + dbg_counter; }
