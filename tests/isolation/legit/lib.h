/* legit: every pattern of sharing that isolation must keep working (c18n(7)). */
struct cfg {
    int *limits;          /* initialised statically: relocation fills it (a tagged word) */
    int n;
};
struct pair {             /* passed by value: two pointers on the stack */
    long pad[6];
    int *a, *b;
};
extern int prog_config;          /* the program's, imported by liblegit */
extern int lib_counter;          /* liblegit's, imported by the program */
int lib_read_config(void);
void lib_bump_config(void);
int lib_sum(const int *v, int n);
void lib_fill(int *v, int n, int x);
char *lib_buffer(void);
void lib_keep(int *p);
int lib_use_kept(int add);
int lib_cfg_limit(const struct cfg *c, int i);
int lib_call(int (*f)(int), int x);
void lib_sort(int *v, int n, int (*cmp)(const void *, const void *));
int lib_pair(struct pair p);
int lib_reenter(int depth);
int prog_visit(int *lib_local, int depth);
void lib_print(const char *s);
