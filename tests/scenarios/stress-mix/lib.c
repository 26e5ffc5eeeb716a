/* libstress.so: what the stress program's threads call, and its SIGUSR1 handler. */
#include <signal.h>

static volatile long calls;
static volatile sig_atomic_t signals;

long stress_work(long x)
{
	__atomic_add_fetch(&calls, 1, __ATOMIC_RELAXED);
	return x * 3 + 1;
}

static void on_usr1(int sig)
{
	(void)sig;
	signals++;
}

int stress_install(void)
{
	struct sigaction sa = { 0 };
	sa.sa_handler = on_usr1;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	return sigaction(SIGUSR1, &sa, 0);
}

long stress_calls(void) { return calls; }
int stress_signals(void) { return signals; }
