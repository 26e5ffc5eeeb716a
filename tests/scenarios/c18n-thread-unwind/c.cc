// libtuc: where the thread exits or is cancelled.
#include <cstdio>
#include <pthread.h>
#include <unistd.h>
#include "tu.h"
namespace { struct G { const char *n; ~G() { if (!quiet) std::printf("  libtuc: ~G(%s)\n", n); } }; }
static void cleanup(void *arg) { if (!quiet) std::printf("  libtuc: cleanup handler %s\n", (const char *)arg); }
void tc_exit(long code)
{
    G g{"exit"};
    pthread_cleanup_push(cleanup, (void *)"exit");
    pthread_exit((void *)code);
    pthread_cleanup_pop(0);
}
void tc_block(int fd)
{
    G g{"block"};
    pthread_cleanup_push(cleanup, (void *)"block");
    char c;
    for (;;) read(fd, &c, 1); // a cancellation point; nothing is ever written
    pthread_cleanup_pop(0);
}
