/* libseg: touches memory the program hands it (the program's own fault handling must see
 * the faults that are not capability checks, whoever takes them). */
int lib_touch(volatile char *p) { return *p; }
