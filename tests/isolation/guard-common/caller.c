/* libcaller: calls what it is handed (a library the policy does not export libvictim to). */
int caller_call(int (*f)(int), int x) { return f(x); }
