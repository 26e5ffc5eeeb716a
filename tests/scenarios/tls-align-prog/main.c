/*
 * tls-align-prog: a program whose own TLS (local-exec) is aligned to 64 KiB, which needs the
 * thread pointer aligned as much: ld-c18n runs it with ld-c18n-tls64k.  Every variable has its
 * alignment and initial value in the main thread and in a second thread, and writes stay in
 * their thread.
 */
#include <pthread.h>
#include "check.h"

__thread char prog_small = 1;
__thread char prog_a65536 __attribute__((aligned(65536))) = 2;
__thread int prog_bss32768 __attribute__((aligned(32768)));
void lib_report(const char *who);

static void report(const char *who)
{
	REPORT(who, prog_small, 1);
	REPORT(who, prog_a65536, 65536);
	REPORT(who, prog_bss32768, 32768);
	lib_report(who);
}

static void *thread(void *arg)
{
	report("thread");
	prog_a65536 = 3;
	prog_bss32768 = 4;
	report("thread after writing");
	return arg;
}

int main(void)
{
	pthread_t t;
	report("main");
	pthread_create(&t, NULL, thread, NULL);
	pthread_join(t, NULL);
	report("main after the thread");
	return 0;
}
