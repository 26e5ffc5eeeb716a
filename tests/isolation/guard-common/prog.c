/* tests/isolation guard cases: the program whose compartment libforge tries to become. */
#include <stdio.h>
#include <string.h>
#include "forge.h"
uintptr_t leaked;
char secret[4096] __attribute__((aligned(4096))) = "program secret";
#ifdef WITH_CALLER
int caller_call(int (*f)(int), int x);
#endif
static void say(const char *s)
{
    printf("%s\n", s);
    fflush(stdout);
}
int main(int argc, char **argv)
{
    leaked = (uintptr_t)secret;
    printf("victim_fn(1) = %d\n", victim_fn(1));
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "cur")) {
            say("libforge sets the current compartment to the program's, then reads its secret");
            printf("read %c\n", forge_cur());
        } else if (!strcmp(argv[i], "ret")) {
            say("libforge rewrites the return address in its trusted frame");
            printf("forge_ret returned %d\n", forge_ret());
        } else if (!strcmp(argv[i], "desc")) {
            say("libforge calls the trampoline with a descriptor of its own");
            printf("forged call returned %d\n", forge_desc());
        } else if (!strcmp(argv[i], "table")) {
            say("libforge points libvictim's stack-table slot at its own memory");
            printf("victim_fn returned %d\n", forge_table());
#ifdef WITH_CALLER
        } else if (!strcmp(argv[i], "export")) {
            say("libcaller calls victim_fn, which the policy exports to the program only");
            printf("caller_call returned %d\n", caller_call(victim_fn, 5));
#endif
        } else if (!strcmp(argv[i], "alias")) {
            say("libforge looks for a writable view of the descriptors");
            printf("forge_alias returned %d\n", forge_alias());
        }
    }
    say("done");
    return 0;
}
