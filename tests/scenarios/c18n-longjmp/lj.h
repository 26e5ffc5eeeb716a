/* c18n-longjmp: longjmp and siglongjmp out of callee compartments. */
#include <setjmp.h>
extern jmp_buf prog_env;
extern sigjmp_buf prog_senv;
/* libja */
int ja_down(int how);              /* -> jb_down -> jc_jump(how) */
int ja_setjmp_here(void);          /* setjmp in libja, -> jb_down -> jc longjmps back to libja */
int ja_callback(void);             /* -> prog_cb (program, by name) */
unsigned long ja_local(void);
/* libjb */
int jb_down(int how, jmp_buf env);
int jb_raise(int sig);             /* raise(sig) in libjb */
unsigned long jb_local(void);
/* libjc */
void jc_jump(int how, jmp_buf env); /* how: 1 longjmp, 2 _longjmp */
void jc_install(int sig);          /* handler that siglongjmps to prog_senv */
unsigned long jc_local(void);
int jc_same_compartment(void);     /* setjmp and longjmp inside libjc */
/* libjd (built with _FORTIFY_SOURCE: longjmp is __longjmp_chk) */
void jd_jump(jmp_buf env);
/* program, exported */
int prog_cb(void);
long prog_sum16(long, long, long, long, long, long, long, long, long, long, long, long, long, long,
                long, long);
long jb_sum16(long, long, long, long, long, long, long, long, long, long, long, long, long, long,
              long, long);
