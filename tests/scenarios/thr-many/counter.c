/* libcounter.so: hot function updating a global-dynamic and an initial-exec thread-local
   counter plus an atomic global. */
#include <stdatomic.h>

static __thread long gd_count;                                        /* __tls_get_addr / TLSDESC */
static __thread long ie_count __attribute__((tls_model("initial-exec"))); /* static TLS offset */
static atomic_long total;
static atomic_long weighted;

long counter_add(int v)
{
    gd_count++;
    ie_count += v;
    atomic_fetch_add_explicit(&total, 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&weighted, v, memory_order_relaxed);
    return gd_count;
}

long counter_local(void) { return gd_count; }
long counter_local_sum(void) { return ie_count; }
long counter_total(void) { return atomic_load(&total); }
long counter_weighted(void) { return atomic_load(&weighted); }
