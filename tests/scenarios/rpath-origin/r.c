/* libr: found through prog's DT_RUNPATH; its dependency is found through its own DT_RUNPATH. */
int low_value(void);
int r_value(void) { return 10 * low_value(); }
