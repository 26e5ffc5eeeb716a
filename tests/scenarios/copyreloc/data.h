/* libdata's interface for the copyreloc scenario. */
struct rec { int id; char name[12]; long values[3]; };
extern int lib_array[8];
extern struct rec lib_rec;
extern const char *lib_label;
void lib_fill(int base);
int lib_sum(void);
void lib_rename(const char *s);
const char *lib_rec_name(void);
int *lib_array_addr(void);
struct rec *lib_rec_addr(void);
int lib_optind(void);
const char *lib_optarg(void);
const char *lib_getenv(const char *name);
int lib_environ_has(const char *prefix);
const char *lib_invocation_name(void);
void lib_print(const char *s);
