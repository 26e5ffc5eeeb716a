/* libsecond: its references to its own exported symbols (through the GOT, a PLT slot and an
 * initialised function pointer) bind to whichever object the search reaches first, which is
 * not always libsecond itself. */
int shared_fn(void) { return 2; }
int shared_var = 2;
int prog_over(void) { return 2; }   /* the program defines it too */
int own_fn(void) { return 2; }      /* nobody else does */
int own_var = 2;

int (*second_ptrs[])(void) = { shared_fn, prog_over, own_fn };
/* Enough references of its own that the loader answers them without a search (its
 * statistics count them as self-references) rather than searching for each. */
#define R8 own_fn, shared_fn, own_fn, prog_over, own_fn, own_fn, shared_fn, own_fn
int (*second_many[])(void) = { R8, R8, R8, R8, R8, R8, R8, R8 };
int second_many_sum(void)
{
    int s = 0;
    for (unsigned i = 0; i < sizeof second_many / sizeof second_many[0]; i++)
        s += second_many[i]();
    return s;
}
int second_call_shared(void) { return shared_fn(); }
int second_call_prog(void) { return prog_over(); }
int second_call_own(void) { return own_fn(); }
int second_read_shared(void) { return shared_var; }
int second_read_own(void) { return own_var; }
int (*second_addr_shared(void))(void) { return shared_fn; }
int (*second_addr_own(void))(void) { return own_fn; }
