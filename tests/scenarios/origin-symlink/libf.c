/* libf: found only through the program's $ORIGIN/lib */
int f(void) { return 3; }
