/* The dlfcn API: dlopen modes, dlsym/dlvsym, RTLD_NEXT, dladdr/dladdr1, dlinfo, dlclose unmapping, dlerror, dl_iterate_phdr, _dl_find_object. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <elf.h>
#include <errno.h>
#include <libgen.h>
#include <link.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <unistd.h>

int base_fn(int x);
void *wrap_next_base(void);
extern int base_calls;
int (*base_hidden_addr(void))(int);
int base_second(int x);

#define YN(c) ((c) ? "yes" : "no")

static const char *base(const char *p) { const char *s = p ? strrchr(p, '/') : NULL; return p ? (s ? s + 1 : p) : "(null)"; }
static void show_error(const char *what)
{
    const char *e = dlerror();
    printf("%s: dlerror = %s\n", what, e ? e : "(null)");
}
/* Is some mapping of a file whose name ends in /NAME present in /proc/self/maps? */
static int mapped(const char *name)
{
    FILE *f = fopen("/proc/self/maps", "r");
    char line[PATH_MAX + 128], pat[128];
    int found = 0;
    snprintf(pat, sizeof pat, "/%s\n", name);
    while (f && fgets(line, sizeof line, f)) if (strstr(line, pat)) found = 1;
    if (f) fclose(f);
    return found;
}
static int page_mapped(void *p)
{
    long ps = sysconf(_SC_PAGESIZE);
    unsigned char v;
    void *page = (void *)((uintptr_t)p & ~(uintptr_t)(ps - 1));
    if (mincore(page, 1, &v) == 0) return 1;
    return errno == ENOMEM ? 0 : -1;
}

struct iter { int n, first_empty, first_is_prog; char names[512]; };
static int iterate(struct dl_phdr_info *info, size_t size, void *data)
{
    struct iter *it = data;
    if (it->n++ == 0) {
        it->first_empty = info->dlpi_name && info->dlpi_name[0] == '\0';
        it->first_is_prog = info->dlpi_phdr == (const ElfW(Phdr) *)getauxval(AT_PHDR);
    }
    const char *b = base(info->dlpi_name);
    if (strncmp(b, "libdlt_", 7) == 0) { strcat(it->names, " "); strcat(it->names, b); }
    return 0;
}

int main(void)
{
    /* RTLD_NEXT interposition */
    int b1 = base_fn(1);
    printf("base_fn(1) via wrapper = %d, base_calls = %d\n", b1, base_calls);
    void *real = wrap_next_base();
    void *h_base = dlopen("libdlt_base.so", RTLD_NOW | RTLD_NOLOAD);
    printf("wrapper's RTLD_NEXT base_fn is libdlt_base's: %s\n", YN(real && real == dlsym(h_base, "base_fn")));
    printf("RTLD_DEFAULT base_fn is the wrapper: %s\n", YN(dlsym(RTLD_DEFAULT, "base_fn") == (void *)base_fn));
    printf("prog's RTLD_NEXT base_fn is the wrapper: %s\n", YN(dlsym(RTLD_NEXT, "base_fn") == (void *)base_fn));

    /* dlopen(NULL) */
    void *self = dlopen(NULL, RTLD_NOW);
    printf("dlsym(dlopen(NULL), main) == main: %s\n", YN(dlsym(self, "main") == (void *)main));
    printf("dlsym(dlopen(NULL), base_fn) == wrapper: %s\n", YN(dlsym(self, "base_fn") == (void *)base_fn));

    /* RTLD_NOLOAD, RTLD_LOCAL, promotion to RTLD_GLOBAL */
    printf("NOLOAD libdlt_local.so before dlopen: %s\n", dlopen("libdlt_local.so", RTLD_NOW | RTLD_NOLOAD) ? "handle" : "NULL");
    void *h_local = dlopen("libdlt_local.so", RTLD_NOW | RTLD_LOCAL);
    printf("dlopen libdlt_local.so RTLD_LOCAL: %s\n", h_local ? "ok" : "failed");
    printf("NOLOAD libdlt_local.so after dlopen: %s\n",
           dlopen("libdlt_local.so", RTLD_NOW | RTLD_NOLOAD) == h_local ? "same handle" : "other");
    dlclose(h_local); /* drop the reference NOLOAD took */
    int (*lf)(void) = (int (*)(void))dlsym(h_local, "local_fn");
    printf("dlsym(handle, local_fn)() = %d\n", lf ? lf() : -1);
    printf("local_fn visible to RTLD_DEFAULT: %s\n", YN(dlsym(RTLD_DEFAULT, "local_fn") != NULL));
    dlerror();
    void *promoted = dlopen("libdlt_local.so", RTLD_NOW | RTLD_NOLOAD | RTLD_GLOBAL);
    printf("NOLOAD|GLOBAL promotes: %s, local_fn now visible to RTLD_DEFAULT: %s\n",
           YN(promoted == h_local), YN(dlsym(RTLD_DEFAULT, "local_fn") == (void *)lf));
    void *h_global = dlopen("./libdlt_global.so", RTLD_LAZY | RTLD_GLOBAL);
    printf("dlopen ./libdlt_global.so RTLD_GLOBAL: %s, global_fn visible to RTLD_DEFAULT: %s\n",
           h_global ? "ok" : "failed", YN(dlsym(RTLD_DEFAULT, "global_fn") != NULL));

    /* RTLD_NOW vs RTLD_LAZY */
    void *h_lazy = dlopen("libdlt_lazy.so", RTLD_NOW);
    printf("dlopen libdlt_lazy.so RTLD_NOW: %s\n", h_lazy ? "ok" : "failed");
    if (!h_lazy) show_error("RTLD_NOW");
    printf("libdlt_lazy.so left loaded after the failure: %s\n", YN(dlopen("libdlt_lazy.so", RTLD_LAZY | RTLD_NOLOAD) != NULL));
    h_lazy = dlopen("libdlt_lazy.so", RTLD_LAZY);
    int (*lok)(void) = h_lazy ? (int (*)(void))dlsym(h_lazy, "lazy_ok") : NULL;
    printf("dlopen libdlt_lazy.so RTLD_LAZY: %s, lazy_ok() = %d\n", h_lazy ? "ok" : "failed", lok ? lok() : -1);

    /* dlerror texts */
    dlerror();
    printf("dlopen libdlt_missing.so: %s\n", dlopen("libdlt_missing.so", RTLD_NOW) ? "handle" : "NULL");
    show_error("missing file");
    show_error("second call");
    dlopen("./libdlt_missing.so", RTLD_NOW);
    show_error("missing path");
    printf("dlsym(libdlt_local, no_such_symbol): %s\n", dlsym(h_local, "no_such_symbol") ? "found" : "NULL");
    show_error("missing symbol");
    show_error("second call");
    dlsym(h_global, "no_such_symbol");
    show_error("missing symbol (opened as ./)");
    printf("dlsym(self, main) after errors: %s\n", YN(dlsym(self, "main") != NULL));
    show_error("after a successful dlsym");

    /* dlvsym */
    void *h_ver = dlopen("libdlt_ver.so", RTLD_NOW | RTLD_NOLOAD);
    int (*v1)(void) = (int (*)(void))dlvsym(h_ver, "vfn", "V1");
    int (*v2)(void) = (int (*)(void))dlvsym(h_ver, "vfn", "V2");
    int (*vd)(void) = (int (*)(void))dlsym(h_ver, "vfn");
    printf("dlvsym vfn V1 = %d, V2 = %d, dlsym default = %d\n", v1 ? v1() : -1, v2 ? v2() : -1, vd ? vd() : -1);
    printf("dlvsym vfn V9: %s\n", dlvsym(h_ver, "vfn", "V9") ? "found" : "NULL");
    dlerror();

    /* dladdr / dladdr1 */
    Dl_info di;
    int r = dladdr(real, &di);
    printf("dladdr(libdlt_base base_fn): %d fname=%s sname=%s saddr==fn: %s fbase<=fn: %s\n", r, base(di.dli_fname),
           di.dli_sname ? di.dli_sname : "(null)", YN(di.dli_saddr == real), YN(r && (char *)di.dli_fbase <= (char *)real));
    r = dladdr((char *)real + 1, &di);
    printf("dladdr(base_fn + 1): %d sname=%s saddr==fn: %s\n", r, di.dli_sname ? di.dli_sname : "(null)", YN(di.dli_saddr == real));
    r = dladdr((void *)base_fn, &di);
    printf("dladdr(wrapper base_fn): %d fname=%s sname=%s\n", r, base(di.dli_fname), di.dli_sname ? di.dli_sname : "(null)");
    r = dladdr((void *)main, &di);
    printf("dladdr(main): %d fname=%s sname=%s saddr==main: %s\n", r, base(di.dli_fname),
           di.dli_sname ? di.dli_sname : "(null)", YN(di.dli_saddr == (void *)main));
    r = dladdr((void *)base_hidden_addr(), &di);
    printf("dladdr(static function in libdlt_base): %d fname=%s sname=%s saddr=%s\n", r, base(di.dli_fname),
           di.dli_sname ? di.dli_sname : "(null)", di.dli_saddr ? "non-NULL" : "NULL");
    /* base_calls is COPY-relocated, so its storage is in the program (the symbol name chosen for
       it is not printed: _edata and base_calls share the address). */
    r = dladdr((void *)&base_calls, &di);
    printf("dladdr(&base_calls): %d fname=%s\n", r, base(di.dli_fname));
    printf("dladdr(unmapped address): %d\n", dladdr((void *)16, &di));
    const ElfW(Sym) *sym = NULL;
    r = dladdr1(real, &di, (void **)&sym, RTLD_DL_SYMENT);
    printf("dladdr1 SYMENT: %d sym: %s type FUNC: %s size>0: %s\n", r, sym ? "non-NULL" : "NULL",
           YN(sym && ELF64_ST_TYPE(sym->st_info) == STT_FUNC), YN(sym && sym->st_size > 0));
    struct link_map *lm = NULL;
    r = dladdr1(real, &di, (void **)&lm, RTLD_DL_LINKMAP);
    printf("dladdr1 LINKMAP: %d l_name=%s l_addr==fbase: %s\n", r, lm ? base(lm->l_name) : "(null)",
           YN(lm && (void *)lm->l_addr == di.dli_fbase));

    /* dlinfo */
    lm = NULL;
    r = dlinfo(h_base, RTLD_DI_LINKMAP, &lm);
    printf("dlinfo LINKMAP: %d l_name=%s is the handle: %s\n", r, lm ? base(lm->l_name) : "(null)", YN((void *)lm == h_base));
    char origin[PATH_MAX] = "";
    r = dlinfo(h_base, RTLD_DI_ORIGIN, origin);
    printf("dlinfo ORIGIN: %d %s\n", r, origin);
    lm = NULL;
    dlinfo(self, RTLD_DI_LINKMAP, &lm);
    printf("dlinfo(dlopen(NULL)) LINKMAP: l_name empty: %s, l_prev NULL: %s\n", YN(lm && lm->l_name[0] == '\0'), YN(lm && lm->l_prev == NULL));

    /* RTLD_NODELETE */
    void *h_nodel = dlopen("libdlt_nodel.so", RTLD_NOW | RTLD_NODELETE);
    printf("dlopen libdlt_nodel.so NODELETE: %s, dlclose = %d\n", h_nodel ? "ok" : "failed", h_nodel ? dlclose(h_nodel) : -1);
    printf("after dlclose: NOLOAD finds it: %s, still mapped: %s\n",
           YN(dlopen("libdlt_nodel.so", RTLD_NOW | RTLD_NOLOAD) != NULL), YN(mapped("libdlt_nodel.so")));

    /* dl_iterate_phdr and _dl_find_object, while libdlt_unload is loaded */
    void *h_unload = dlopen("libdlt_unload.so", RTLD_NOW);
    int (*uf)(void) = h_unload ? (int (*)(void))dlsym(h_unload, "unload_fn") : NULL;
    printf("unload_fn() = %d\n", uf ? uf() : -1);
    struct iter it = {0};
    dl_iterate_phdr(iterate, &it);
    printf("dl_iterate_phdr: first has empty name: %s, first is the program (AT_PHDR): %s\n", YN(it.first_empty), YN(it.first_is_prog));
    printf("dl_iterate_phdr: ours in order:%s\n", it.names);
    struct dl_find_object fo;
    r = _dl_find_object(real, &fo);
    printf("_dl_find_object(base_fn): %d in map: %s eh_frame: %s link_map: %s\n", r,
           YN(r == 0 && (char *)fo.dlfo_map_start <= (char *)real && (char *)real < (char *)fo.dlfo_map_end),
           r == 0 && fo.dlfo_eh_frame ? "non-NULL" : "NULL", r == 0 && fo.dlfo_link_map ? base(fo.dlfo_link_map->l_name) : "(none)");
    r = _dl_find_object((void *)uf, &fo);
    printf("_dl_find_object(unload_fn): %d link_map: %s\n", r, r == 0 && fo.dlfo_link_map ? base(fo.dlfo_link_map->l_name) : "(none)");
    printf("_dl_find_object(unmapped address): %d\n", _dl_find_object((void *)16, &fo));

    /* dlclose really unmaps */
    printf("before dlclose: libdlt_unload mapped: %s, libdlt_udep mapped: %s, text page mapped: %d\n",
           YN(mapped("libdlt_unload.so")), YN(mapped("libdlt_udep.so")), page_mapped((void *)uf));
    printf("dlclose libdlt_unload.so = %d\n", dlclose(h_unload));
    printf("after dlclose: libdlt_unload mapped: %s, libdlt_udep mapped: %s, text page mapped: %d\n",
           YN(mapped("libdlt_unload.so")), YN(mapped("libdlt_udep.so")), page_mapped((void *)uf));
    printf("NOLOAD libdlt_unload.so after dlclose: %s\n", dlopen("libdlt_unload.so", RTLD_NOW | RTLD_NOLOAD) ? "handle" : "NULL");
    printf("dladdr(unload_fn) after dlclose: %d\n", dladdr((void *)uf, &di));
    show_error("final");
    return 0;
}
