/* libdep.so: a start-up dependency with TLS (static TLS, there in every thread). */
__thread int dep_var = 6;
int *dep_addr(void) { return &dep_var; }
