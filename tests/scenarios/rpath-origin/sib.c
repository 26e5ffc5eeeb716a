/* libsib: only reachable through the program's DT_RUNPATH. */
int sib_value(void) { return 77; }
