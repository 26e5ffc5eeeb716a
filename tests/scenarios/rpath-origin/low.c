/* liblow: found only through libr's own DT_RUNPATH $ORIGIN/deep. */
int low_value(void) { return 3; }
