/* libpresent: the one dependency that is still there at run time. */
int present(void) { return 3; }
