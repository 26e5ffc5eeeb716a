/* TLS in all models (LE, IE, GD, LD, TLSDESC; startup and dlopen'ed) in the main thread and in pthreads. */
#include <dlfcn.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

__thread int p_tdata = 11;
__thread int p_tbss;
__thread char p_buf[16] = "prog";
extern __thread int gd_var;                     /* initial-exec from the executable */

int *ie_var_addr(void); long *ie_bss_addr(void);
int *gd_var_addr(void); int *gd_bss_addr(void); int *ld_var_addr(void); int *ld_bss_addr(void);
char *gd_aligned_addr(void);
int *desc_var_addr(void); int *desc_bss_addr(void); long *desc_local_addr(void);

#define NT 4
#define NV 10
struct res { int init_ok, final_ok; void *addr[NV]; };
static struct res res[NT + 1];
static pthread_barrier_t bar;

/* Check initial values, add k to every variable, wait until all threads did, check again. */
static void exercise(struct res *r, int k, int wait)
{
    int *gb = gd_bss_addr();
    char *al = gd_aligned_addr();
    r->init_ok = p_tdata == 11 && p_tbss == 0 && strcmp(p_buf, "prog") == 0 &&
                 *ie_var_addr() == 22 && *ie_bss_addr() == 0 &&
                 gd_var == 33 && *gd_var_addr() == 33 && gb[0] == 0 && gb[3] == 0 &&
                 *ld_var_addr() == 44 && *ld_bss_addr() == 0 &&
                 ((uintptr_t)al & 63) == 0 && al[0] == 1 && al[2] == 3 && al[63] == 0 &&
                 *desc_var_addr() == 55 && *desc_bss_addr() == 0 && *desc_local_addr() == 56;
    p_tdata += k; p_tbss += k; p_buf[0] = (char)('a' + k);
    *ie_var_addr() += k; *ie_bss_addr() += k;
    gd_var += k; gb[3] += k; *ld_var_addr() += k; *ld_bss_addr() += k;
    *desc_var_addr() += k; *desc_bss_addr() += k; *desc_local_addr() += k;
    if (wait) pthread_barrier_wait(&bar);
    r->final_ok = p_tdata == 11 + k && p_tbss == k && p_buf[0] == 'a' + k &&
                  *ie_var_addr() == 22 + k && *ie_bss_addr() == k &&
                  gd_var == 33 + k && *gd_var_addr() == 33 + k && gb[3] == k &&
                  *ld_var_addr() == 44 + k && *ld_bss_addr() == k &&
                  *desc_var_addr() == 55 + k && *desc_bss_addr() == k && *desc_local_addr() == 56 + k;
    void *a[NV] = {&p_tdata, &p_tbss, ie_var_addr(), ie_bss_addr(), &gd_var, gb, ld_var_addr(), al,
                   desc_var_addr(), desc_local_addr()};
    memcpy(r->addr, a, sizeof a);
}

static void *worker(void *arg)
{
    int t = (int)(intptr_t)arg;
    exercise(&res[t], t + 1, 1);
    return NULL;
}

/* Threads using the dlopen'ed libraries: one created before dlopen, one after. */
static int *(*dyn_var_addr)(void), *(*dyn_bss_addr)(void);
static int *(*dd_var)(void), *(*dd_bss)(void), *(*die_var)(void);
struct dres { int init_ok, final_ok; void *addr[4]; };
static struct dres dres[3];
static pthread_barrier_t dbar, dstart;
static void dyn_exercise(struct dres *r, int k)
{
    int *(*dv)(void) = dyn_var_addr, *(*db)(void) = dyn_bss_addr;
    r->init_ok = *dv() == 66 && db()[0] == 0 && db()[7] == 0 && *dd_var() == 77 && *dd_bss() == 0 && *die_var() == 88;
    *dv() += k; db()[7] += k; *dd_var() += k; *dd_bss() += k; *die_var() += k;
    pthread_barrier_wait(&dbar);
    r->final_ok = *dv() == 66 + k && db()[7] == k && *dd_var() == 77 + k && *dd_bss() == k && *die_var() == 88 + k;
    void *a[4] = {dv(), db(), dd_var(), die_var()};
    memcpy(r->addr, a, sizeof a);
}
static void *early(void *arg) { pthread_barrier_wait(&dstart); dyn_exercise(&dres[1], 2); return NULL; }
static void *late(void *arg) { dyn_exercise(&dres[2], 3); return NULL; }

static int distinct(void *const *addrs, int n, int stride)
{
    for (int i = 0; i < n; i++)
        for (int j = i + 1; j < n; j++)
            for (int v = 0; v < stride; v++)
                if (addrs[i * stride + v] == addrs[j * stride + v]) return 0;
    return 1;
}

int main(void)
{
    /* The main thread changes its copies first: new threads must still start from the initial image. */
    exercise(&res[NT], 0, 0);
    printf("main: initial values %s\n", res[NT].init_ok ? "ok" : "WRONG");
    p_tdata = 1000; gd_var = 1000; *desc_var_addr() = 1000; *ie_var_addr() = 1000;

    pthread_t th[NT];
    pthread_attr_t small;
    pthread_attr_init(&small);
    pthread_attr_setstacksize(&small, 64 * 1024);
    pthread_barrier_init(&bar, NULL, NT);
    for (int t = 0; t < NT; t++)
        pthread_create(&th[t], t == NT - 1 ? &small : NULL, worker, (void *)(intptr_t)t);
    for (int t = 0; t < NT; t++) pthread_join(th[t], NULL);
    for (int t = 0; t < NT; t++)
        printf("thread %d: initial values %s, own copies %s\n", t, res[t].init_ok ? "ok" : "WRONG", res[t].final_ok ? "ok" : "WRONG");
    printf("main kept its values: %s\n", p_tdata == 1000 && gd_var == 1000 && *desc_var_addr() == 1000 && *ie_var_addr() == 1000 ? "yes" : "no");
    void *all[(NT + 1) * NV];
    for (int t = 0; t <= NT; t++) memcpy(&all[t * NV], res[t].addr, sizeof res[t].addr);
    printf("addresses distinct across threads: %s\n", distinct(all, NT + 1, NV) ? "yes" : "no");

    pthread_t e, l;
    pthread_barrier_init(&dstart, NULL, 2);
    pthread_barrier_init(&dbar, NULL, 3);
    pthread_create(&e, NULL, early, NULL);
    void *h1 = dlopen("libdyn.so", RTLD_NOW), *h2 = dlopen("libdyndesc.so", RTLD_NOW), *h3 = dlopen("libdynie.so", RTLD_NOW);
    printf("dlopen TLS libraries: %s\n", h1 && h2 && h3 ? "ok" : "failed");
    if (!h1 || !h2 || !h3) { printf("%s\n", dlerror()); return 1; }
    dyn_var_addr = (int *(*)(void))dlsym(h1, "dyn_var_addr");
    dyn_bss_addr = (int *(*)(void))dlsym(h1, "dyn_bss_addr");
    dd_var = (int *(*)(void))dlsym(h2, "dd_var_addr");
    dd_bss = (int *(*)(void))dlsym(h2, "dd_bss_addr");
    die_var = (int *(*)(void))dlsym(h3, "die_var_addr");
    if (!dyn_var_addr || !dyn_bss_addr || !dd_var || !dd_bss || !die_var) { printf("dlsym failed\n"); return 1; }
    int *dsym = (int *)dlsym(h1, "dyn_var");
    printf("dlsym(dyn_var) == main thread's &dyn_var: %s\n", dsym && dsym == dyn_var_addr() ? "yes" : "no");
    pthread_barrier_wait(&dstart);
    pthread_create(&l, NULL, late, NULL);
    dyn_exercise(&dres[0], 1);
    pthread_join(e, NULL);
    pthread_join(l, NULL);
    const char *who[3] = {"main", "thread created before dlopen", "thread created after dlopen"};
    for (int i = 0; i < 3; i++)
        printf("dlopen'ed TLS, %s: initial values %s, own copies %s\n", who[i], dres[i].init_ok ? "ok" : "WRONG", dres[i].final_ok ? "ok" : "WRONG");
    void *dall[12];
    for (int i = 0; i < 3; i++) memcpy(&dall[i * 4], dres[i].addr, sizeof dres[i].addr);
    printf("dlopen'ed TLS addresses distinct across threads: %s\n", distinct(dall, 3, 4) ? "yes" : "no");
    return 0;
}
