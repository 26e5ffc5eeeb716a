/* libone: one of two definitions of which() */
int which(void) { return 1; }
