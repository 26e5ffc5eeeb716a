/* libfirst: loaded before libsecond, so its definitions of shared_fn and shared_var come
 * first in the global scope and win over libsecond's own. */
int shared_fn(void) { return 1; }
int shared_var = 1;
