/* The library's own reference to its absolute symbol (a GLOB_DAT naming it); the symbols are
 * defined in abssyms.c, another translation unit, so that this one takes abs_val's address
 * through the GOT. */
extern char abs_val[];
void *absdef_val(void) { return abs_val; }
