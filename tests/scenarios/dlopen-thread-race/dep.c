/* libdep.so: a start-up dependency each short-lived thread calls once (its first
 * transition, which reserves the thread's compartment stacks). */
int dep_call(int x) { return x + 1; }
