/* libdlt_lazy: calls a function defined nowhere, but only from a function that is never called. */
int dlt_nowhere(void);
int lazy_never_called(void) { return dlt_nowhere(); }
int lazy_ok(void) { return 33; }
