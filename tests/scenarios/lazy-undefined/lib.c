/* The library as the program was linked against it: two functions. */
int still_here(void) { return 1; }
#ifndef DROP
int gone(void) { return 2; }
#endif
