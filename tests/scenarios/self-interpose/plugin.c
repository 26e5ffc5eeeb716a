/* libplugin, dlopen'ed RTLD_LOCAL: the whole global scope is searched before it, so the
 * program's and libfirst's definitions win over its own; its own plugin_fn stays its own. */
int shared_fn(void) { return 3; }
int prog_over(void) { return 3; }
int plugin_fn(void) { return 3; }
int (*plugin_ptrs[])(void) = { shared_fn, prog_over, plugin_fn };
int plugin_calls(void) { return shared_fn() * 100 + prog_over() * 10 + plugin_fn(); }
