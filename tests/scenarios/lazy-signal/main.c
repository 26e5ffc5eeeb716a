/* The first call of a function happens inside a signal handler (lazy binding there). */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

long lib_in_handler(long a, double b);
long lib_other(long a);
static volatile long got;

static void handler(int sig)
{
	got = lib_in_handler(sig, 2.5);
}

int main(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = handler;
	sigaction(SIGUSR1, &sa, NULL);
	raise(SIGUSR1);
	printf("handler result %ld\n", got);
	printf("after: %ld\n", lib_other(41) + lib_in_handler(1, 1.0));
	return 0;
}
