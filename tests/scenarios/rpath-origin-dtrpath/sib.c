/* libsib: dlopen()ed from libraries; reachable only through the executable's DT_RPATH. */
int sib_value(void) { return 55; }
