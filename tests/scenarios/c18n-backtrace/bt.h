/* c18n-backtrace: stack walks across compartments (program, libbta, libbtb, libbtc, and
 * libunwind's own compartment). */
enum { BT_GLIBC, BT_UNW, BT_CALLBACK_GLIBC, BT_CALLBACK_UNW };
void bt_main_caller(int how);   /* program (exported) -> bt_a */
void bt_prog_cb(int how);       /* program (exported), called back from libbtc */
void bt_a(int how);             /* libbta -> bt_b */
void bt_a_sig(int sig);         /* libbta -> bt_b_raise */
void bt_b(int how);             /* libbtb -> bt_c */
void bt_b_raise(int sig);       /* libbtb: raise(sig) */
void bt_c(int how);             /* libbtc: walks the stack, or calls back bt_prog_cb */
void bt_c_install(int sig, int how); /* libbtc: a signal handler that walks the stack */
void bt_walk(const char *label, int unw); /* libbtc: backtrace(3) or unw_backtrace, prints names */
