/* libtwo: the other definition of which() */
int which(void) { return 2; }
