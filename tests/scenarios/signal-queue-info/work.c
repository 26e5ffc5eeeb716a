/* libwork.so: the compartment the program calls in a loop while signals arrive. */
long work(long x) { return 2 * x + 1; }
