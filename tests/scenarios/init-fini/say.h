/* Unbuffered output, so the order of lines is exactly the order of events. */
#include <string.h>
#include <unistd.h>
static void say(const char *s) { (void)!write(1, s, strlen(s)); (void)!write(1, "\n", 1); }
