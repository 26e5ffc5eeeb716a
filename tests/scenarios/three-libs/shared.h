/* Declarations shared by the three-libs scenario's program and libraries. */
typedef int (*fn_t)(int);
/* program */
extern int prog_global;
extern int prog_array[4];
int prog_func(int x);
/* liba */
extern int a_global;
extern const char *a_name;
int a_func(int x);
int a_calls_b(int x);
int a_reads_prog(void);
void a_writes_prog(int v);
int a_calls_prog(int x);
fn_t a_addr_of_a_func(void);
fn_t a_addr_of_b_func(void);
fn_t a_addr_of_prog_func(void);
int *a_addr_of_b_global(void);
int *a_original_a_global(void);
/* libb */
extern int b_global;
int b_func(int x);
int b_reads_a_global(void);
void b_bump_prog_array(void);
fn_t b_addr_of_a_func(void);
