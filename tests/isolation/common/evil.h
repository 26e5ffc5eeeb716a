/* tests/isolation: what the library under test (libevil) does to the program's memory. */
#include <stdint.h>
extern uintptr_t leaked;    /* the program stores &secret here at run time: not a capability */
extern int table[4];        /* imported by libevil: a capability to these 16 bytes */
extern int public_counter;  /* imported by libevil */
int evil_read_leaked(void);
void evil_write_leaked(char c);
void evil_keep(int *p);
int evil_use_kept(void);
int evil_memcpy_leaked(void);
int evil_call_inside(void (*f)(void));
int evil_oob(void);
int evil_oob_near(void);
int evil_table_sum(void);
int evil_mprotect_leaked(void);
int evil_procmem(void);
long evil_raw_mprotect(void);
int evil_procmem_at(void);
int evil_procmem_task(void);
int evil_loader_fd(int (*say)(const char *what, long r));
int evil_exec_heap(void);
long evil_jit_getppid(void);
long evil_raw_futex(void);
char evil_read_ptr(const char *p);
char evil_read_int(long addr);
long evil_raw_sigaction(void);
int evil_usr1_seen(void);
