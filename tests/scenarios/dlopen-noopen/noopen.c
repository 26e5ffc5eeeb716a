/* Linked with -z nodlopen (DF_1_NOOPEN): dlopen must refuse to load it; NAME(x) names the
 * copy. */
int NAME(fn)(void) { return VAL; }
