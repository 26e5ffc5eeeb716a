/* c18n-fnptr: function addresses seen from every compartment. */
typedef int (*fn_t)(int);
enum { F_A, F_B, F_C, F_PROG, F_QSORT, F_STRLEN, NF };
struct addrs { void *f[NF]; };
int prog_fn(int x);                  /* program, exported (-rdynamic) */
int a_fn(int x);                     /* libA */
int b_fn(int x);                     /* libB */
int c_fn(int x);                     /* libC */
void a_addrs(struct addrs *o);       /* each library: the addresses as it takes them (GOT) */
void b_addrs(struct addrs *o);
void c_addrs(struct addrs *o);
void c_table(struct addrs *o);       /* libC: the addresses from an initialised data table */
void c_dlsym(struct addrs *o);       /* libC: dlsym(RTLD_DEFAULT, ...) called from libC */
int c_call(fn_t f, int x);           /* libC calls f(x) */
int a_call(fn_t f, int x);
