/*
 * tls.c: thread-local storage for every object we load.
 *
 * The loader owns exactly one TLS block (c18n_tls below).  glibc, which sees the loader as
 * the main executable, places that block directly below the thread pointer in every thread.
 * Its upper part, the area, holds the static TLS blocks of all our objects: the program's at
 * tp - roundup(memsz, align) exactly where its local-exec code expects it, libraries below.
 * New threads are initialised by glibc from the loader's TLS init image, which we patch to
 * contain every object's .tdata (so threads glibc creates itself are covered too).  A dlopen
 * initialises the new blocks in every thread it knows (the main thread and those our objects
 * create: tls_pthread_create), as glibc does, so that initial-exec code of a dlopen'ed object
 * finds its data in threads that already ran; a thread it does not know (one the trusted base
 * creates itself) catches up on its next __tls_get_addr.
 *
 * A library's block aligned beyond C18N_TLS_ALIGN, which no place in the area can give in
 * every thread, is dynamic instead (as glibc makes every dlopen'ed block): each thread
 * allocates it, aligned and initialised from the image, at its first __tls_get_addr for it,
 * and frees it at dlclose or when the thread ends.  Only __tls_get_addr reaches it: an
 * initial-exec or TLSDESC access is refused at relocation (reloc.c), and so is such a block
 * in the program, whose local-exec code needs it at a fixed distance from the thread pointer.
 *
 * Must stay true:
 *  - The area ends exactly at the thread pointer (checked at start-up).
 *  - The loader has no other __thread variables: its per-thread state is c18n_tls.ts.  The
 *    static elfutils archives linked in have a few; the link script (Makefile) puts them
 *    before c18n_tls, whose section .c18n_tls is the last TLS data of the executable.
 *  - Module ids are ours; they are only ever passed to c18n_tls_get_addr, never to glibc.
 *  - A known thread is caught up (threads_lock held) before its stack can be freed or
 *    reused: it leaves the list in its thread-key destructor, and a forked child keeps only
 *    the thread that forked.
 *  - A thread "has used" a block (ts.tls_used) only after c18n_tls_get_addr served it in that
 *    thread, as glibc allocates a dynamic block on a thread's first __tls_get_addr: the init
 *    image's bits stay clear, and a module id that is reused starts clear in every thread.
 *  - A thread's dynamic block belongs to the module whose serial it records (o->tls_dyn, never
 *    reused): one left by an unloaded module is freed when its id serves another.
 */
#include "rtld.h"

#include <dlfcn.h>
#include <pthread.h>
#include <string.h>
#include <sys/mman.h>


struct c18n_tls_block {
	union {
		struct c18n_thread ts;
		char ts_space[C18N_TS_SIZE];
	};
	char area[C18N_TLS_AREA] __attribute__((aligned(C18N_TLS_ALIGN)));
} __attribute__((aligned(C18N_TLS_ALIGN)));
_Static_assert(sizeof(struct c18n_thread) <= C18N_TS_SIZE, "thread state too large");
_Static_assert(offsetof(struct c18n_tls_block, area) == C18N_TS_SIZE, "thread state size");
_Static_assert(sizeof(struct c18n_tls_block) == C18N_TLS_BLOCK,
	       "the area must end where the loader's TLS block ends: at the thread pointer");

/* Initialised data, so that the whole block is .tdata: glibc copies the image (patched by
 * tls_commit_image) into every new thread. */
__thread struct c18n_tls_block c18n_tls __attribute__((section(".c18n_tls"))) = {
	.ts = { .cur_comp = 1, .tls_gen = 1 }
};

struct tls_dyn_block {
	char *map;             /* its mapping (len bytes), the block aligned inside */
	size_t len;
	char *block;
	unsigned long serial;  /* the module's tls_dyn */
};
static unsigned long dyn_serial;

static size_t area_used;       /* bytes of the area allocated, counted down from tp */
static unsigned long tls_gen = 1;
static struct obj **modtab;    /* module id -> object */
static size_t nmod, capmod;
static char *image_block;      /* the loader's TLS init image (address of c18n_tls in it) */
static uintptr_t relro_lo, relro_hi; /* the loader's RELRO range, to restore protections */

/* The threads a dlopen catches up: a list through their own thread state */
static pthread_mutex_t threads_lock = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;
static struct c18n_thread *threads;
static pthread_key_t thread_key;

ARCH_SCALAR_ONLY /* (called from tracing's scalar-only path) */
struct c18n_thread *thread_self(void) { return &c18n_tls.ts; }
ARCH_SCALAR_END
size_t tls_area_size(void) { return C18N_TLS_AREA; }
size_t tls_static_align(void) { return C18N_TLS_ALIGN; }

static int find_image(struct dl_phdr_info *info, size_t size, void *data)
{
	(void)size;
	for (int i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		/* c18n_tls is the last of the executable's TLS data (the link script puts it
		 * there), and all of it is initialised data */
		if (ph->p_type == PT_TLS && ph->p_filesz == ph->p_memsz &&
		    ph->p_memsz >= sizeof(struct c18n_tls_block))
			*(char **)data = (char *)(info->dlpi_addr + ph->p_vaddr + ph->p_memsz -
						  sizeof(struct c18n_tls_block));
		if (ph->p_type == PT_GNU_RELRO) {
			relro_lo = ALIGN_DOWN(info->dlpi_addr + ph->p_vaddr, rtld_pagesize);
			relro_hi = ALIGN_DOWN(info->dlpi_addr + ph->p_vaddr + ph->p_memsz,
					      rtld_pagesize);
		}
	}
	return 1; /* the first object is the loader itself */
}

static void thread_unlink(struct c18n_thread *t)
{
	if (t->tls_prev)
		t->tls_prev->tls_next = t->tls_next;
	else if (threads == t)
		threads = t->tls_next;
	if (t->tls_next)
		t->tls_next->tls_prev = t->tls_prev;
	t->tls_next = t->tls_prev = NULL;
}

static void free_dyn(struct tls_dyn_block *d)
{
	if (d->map)
		munmap(d->map, d->len);
	*d = (struct tls_dyn_block){ 0 };
}

static void thread_gone(void *arg)
{
	struct c18n_thread *t = arg;
	pthread_mutex_lock(&threads_lock);
	thread_unlink(t);
	pthread_mutex_unlock(&threads_lock);
	if (t == &c18n_tls.ts) { /* (its own dynamic blocks: only this thread touches them) */
		for (size_t i = 0; i < t->tls_ndyn; i++)
			free_dyn(&t->tls_dyn[i]);
		rtld_free(t->tls_dyn);
		t->tls_dyn = NULL;
		t->tls_ndyn = 0;
	}
}

/* Only the forking thread lives on; the others' stacks are glibc's to reuse. */
static void forked_child(void)
{
	pthread_mutexattr_t a;
	pthread_mutexattr_init(&a);
	pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE);
	pthread_mutex_init(&threads_lock, &a);
	pthread_mutexattr_destroy(&a);
	threads = &c18n_tls.ts;
	c18n_tls.ts.tls_next = c18n_tls.ts.tls_prev = NULL;
}

int tls_init(void)
{
	uintptr_t tp = arch_tp();
	if ((uintptr_t)(c18n_tls.area + C18N_TLS_AREA) != tp)
		return rtld_error("internal error: the loader's TLS area ends at %p, not at the "
				  "thread pointer %p", (void *)(c18n_tls.area + C18N_TLS_AREA),
				  (void *)tp);
	dl_iterate_phdr(find_image, &image_block);
	if (!image_block)
		return rtld_error("internal error: cannot find the loader's TLS image");
	if (pthread_key_create(&thread_key, thread_gone) != 0 ||
	    pthread_atfork(NULL, NULL, forked_child) != 0)
		return rtld_error("cannot set up the TLS thread list");
	threads = &c18n_tls.ts;
	return 0;
}

static int add_module(struct obj *o, int dlopened, int dyn);

int tls_setup_static(struct obj *o, int dlopened)
{
	if (!o->tls_memsz)
		return 0;
	/* (main.c runs ld-c18n-tls64k before this for a program aligned beyond this build's
	 * thread pointer, or refuses it with these words: a guard) */
	if (o->tls_align > C18N_TLS_ALIGN && (o->flags & OBJ_MAIN))
		return rtld_error("%s: TLS alignment %zu exceeds the supported %d", o->path,
				  o->tls_align, C18N_TLS_ALIGN);
	if (o->tls_align > C18N_TLS_ALIGN)
		return add_module(o, dlopened, 1);
	size_t firstbyte = (-(uintptr_t)o->tls_image) & (o->tls_align - 1);
	size_t off = ALIGN_UP(area_used + o->tls_memsz - firstbyte, o->tls_align) + firstbyte;
	if (o->flags & OBJ_MAIN)
		off = ALIGN_UP(o->tls_memsz, o->tls_align);
	if (off > C18N_TLS_AREA)
		return rtld_error("%s: cannot allocate memory in static TLS block (needs %zu bytes, "
				  "%zu of %d in use)", o->path, o->tls_memsz, area_used,
				  C18N_TLS_AREA);
	o->tls_offset = off;
	area_used = off;
	return add_module(o, dlopened, 0);
}

static int add_module(struct obj *o, int dlopened, int dyn)
{
	if (nmod + 1 >= capmod) {
		size_t nc = capmod ? capmod * 2 : 16;
		modtab = rtld_realloc_array(modtab, capmod, nc, sizeof *modtab);
		capmod = nc;
	}
	size_t id;
	for (id = 1; id <= nmod && modtab[id]; id++)
		;
	if (id > nmod)
		nmod = id;
	modtab[id] = o;
	o->tls_modid = id;
	o->tls_gen_added = dlopened ? tls_gen + 1 : 0;
	o->tls_dyn = dyn ? ++dyn_serial : 0;
	if (dyn)
		DEBUG(DBG_TLS, "%s: TLS module %zu, size %zu (init %zu), align %zu, dynamic",
		      o->path, id, o->tls_memsz, o->tls_filesz, o->tls_align);
	else
		DEBUG(DBG_TLS, "%s: TLS module %zu, size %zu (init %zu), align %zu, at tp-%td",
		      o->path, id, o->tls_memsz, o->tls_filesz, o->tls_align, o->tls_offset);
	return 0;
}

/* threads_lock held (t's array changes only under it) */
static void release_dyn(struct c18n_thread *t, struct obj *o)
{
	if (o->tls_modid < t->tls_ndyn && t->tls_dyn[o->tls_modid].serial == o->tls_dyn)
		free_dyn(&t->tls_dyn[o->tls_modid]);
}

void tls_release(struct obj *o)
{
	if (!o->tls_modid)
		return;
	modtab[o->tls_modid] = NULL;
	if (o->tls_dyn) { /* this thread's block and every known thread's (an unknown thread's
			   * goes when its id serves another module, or with the thread) */
		pthread_mutex_lock(&threads_lock);
		release_dyn(&c18n_tls.ts, o);
		for (struct c18n_thread *t = threads; t; t = t->tls_next)
			release_dyn(t, o);
		pthread_mutex_unlock(&threads_lock);
		o->tls_modid = 0;
		return;
	}
	if ((size_t)o->tls_offset == area_used) {
		/* the lowest block: give its space back */
		size_t lowest = 0;
		for (size_t i = 1; i <= nmod; i++)
			if (modtab[i] && (size_t)modtab[i]->tls_offset > lowest)
				lowest = modtab[i]->tls_offset;
		area_used = lowest;
	}
	o->tls_modid = 0;
}

/* (atomic: a dlopen in another thread may clear bits of this word while t sets one) */
static void set_used(struct c18n_thread *t, size_t id, int used)
{
	if (id >= TLS_USED_WORDS * 64)
		return;
	if (used)
		__atomic_fetch_or(&t->tls_used[id / 64], 1ull << (id % 64), __ATOMIC_RELAXED);
	else
		__atomic_fetch_and(&t->tls_used[id / 64], ~(1ull << (id % 64)), __ATOMIC_RELAXED);
}

static void init_block(char *block_end, struct obj *o)
{
	char *dst = block_end - o->tls_offset;
	memcpy(dst, o->tls_image, o->tls_filesz);
	memset(dst + o->tls_filesz, 0, o->tls_memsz - o->tls_filesz);
}

/* Initialise in thread t (its state; its area follows) every block added since it was last
 * current, and make it current.  threads_lock held. */
static void catch_up(struct c18n_thread *t)
{
	unsigned long g = __atomic_load_n(&t->tls_gen, __ATOMIC_RELAXED);
	if (g == tls_gen)
		return;
	char *end = ((struct c18n_tls_block *)t)->area + C18N_TLS_AREA;
	for (size_t i = 1; i <= nmod; i++)
		if (modtab[i] && !modtab[i]->tls_dyn && modtab[i]->tls_gen_added > g) {
			init_block(end, modtab[i]);
			set_used(t, i, 0);
		}
	__atomic_store_n(&t->tls_gen, tls_gen, __ATOMIC_RELAXED);
}

struct thread_start {
	void *(*fn)(void *);
	void *arg;
};

static void *thread_start(void *p)
{
	struct thread_start st = *(struct thread_start *)p;
	rtld_free(p);
	struct c18n_thread *t = &c18n_tls.ts;
	pthread_mutex_lock(&threads_lock);
	t->tls_prev = NULL;
	t->tls_next = threads;
	if (threads)
		threads->tls_prev = t;
	threads = t;
	pthread_setspecific(thread_key, t);
	catch_up(t); /* a dlopen between its creation and now */
	pthread_mutex_unlock(&threads_lock);
	return st.fn(st.arg);
}

int tls_pthread_create(pthread_t *th, const pthread_attr_t *attr, void *(*fn)(void *), void *arg)
{
	struct thread_start *st = rtld_alloc(sizeof *st);
	st->fn = fn;
	st->arg = arg;
	int r = pthread_create(th, attr, thread_start, st);
	if (r != 0)
		rtld_free(st);
	return r;
}

void tls_init_current_thread(struct obj *o)
{
	if (o->tls_modid && !o->tls_dyn) {
		init_block(c18n_tls.area + C18N_TLS_AREA, o);
		set_used(&c18n_tls.ts, o->tls_modid, 0);
	}
}

/* Write every module's initial image into the loader's TLS init image. */
void tls_commit_image(void)
{
	uintptr_t s = ALIGN_DOWN((uintptr_t)image_block, rtld_pagesize);
	uintptr_t e = ALIGN_UP((uintptr_t)image_block + sizeof(struct c18n_tls_block),
			       rtld_pagesize);
	mprotect((void *)s, e - s, PROT_READ | PROT_WRITE);
	struct c18n_tls_block *img = (struct c18n_tls_block *)image_block;
	tls_gen++;
	for (size_t i = 1; i <= nmod; i++)
		if (modtab[i] && !modtab[i]->tls_dyn)
			init_block(img->area + C18N_TLS_AREA, modtab[i]);
	img->ts.tls_gen = tls_gen;
	if (s >= relro_lo && e <= relro_hi)
		mprotect((void *)s, e - s, PROT_READ);
	pthread_mutex_lock(&threads_lock);
	catch_up(&c18n_tls.ts); /* (also when the trusted base created this thread) */
	for (struct c18n_thread *t = threads; t; t = t->tls_next)
		catch_up(t);
	pthread_mutex_unlock(&threads_lock);
}

struct tls_index {
	unsigned long ti_module;
	unsigned long ti_offset;
};

/* This thread's block of dynamic module o if it has one already, else NULL. */
static char *dyn_lookup(const struct c18n_thread *t, const struct obj *o)
{
	size_t id = o->tls_modid;
	return id < t->tls_ndyn && t->tls_dyn[id].serial == o->tls_dyn ? t->tls_dyn[id].block
								       : NULL;
}

/* This thread's block of dynamic module o, allocated and initialised at its first use (NULL:
 * no memory for it). */
static char *dyn_block(struct obj *o)
{
	struct c18n_thread *t = &c18n_tls.ts;
	size_t id = o->tls_modid;
	char *have = dyn_lookup(t, o);
	if (have)
		return have;
	pthread_mutex_lock(&threads_lock);
	char *b = NULL;
	if (id >= t->tls_ndyn) {
		size_t n = id + 8;
		struct tls_dyn_block *a = rtld_realloc_array(t->tls_dyn, t->tls_ndyn, n, sizeof *a);
		if (!a)
			goto out;
		memset(a + t->tls_ndyn, 0, (n - t->tls_ndyn) * sizeof *a);
		t->tls_dyn = a;
		t->tls_ndyn = n;
	}
	struct tls_dyn_block *d = &t->tls_dyn[id];
	free_dyn(d); /* (an unloaded module's, whose id this one has now) */
	size_t len = ALIGN_UP(o->tls_memsz + o->tls_align, rtld_pagesize);
	char *m = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED)
		goto out;
	b = (char *)ALIGN_UP((uintptr_t)m, o->tls_align);
	memcpy(b, o->tls_image, o->tls_filesz); /* (the rest is zero already) */
	*d = (struct tls_dyn_block){ m, len, b, o->tls_dyn };
	if (!t->tls_next && !t->tls_prev && threads != t)
		pthread_setspecific(thread_key, t); /* (freed when this thread ends) */
out:
	pthread_mutex_unlock(&threads_lock);
	return b;
}

void *c18n_tls_get_addr(void *arg)
{
	struct tls_index *ti = arg;
	struct obj *o = ti->ti_module <= nmod ? modtab[ti->ti_module] : NULL;
	if (!o)
		return NULL;
	if (o->tls_dyn) {
		char *b = dyn_block(o);
		if (!b) {
			rtld_dprintf(2, "%s: %s: cannot allocate memory for thread-local data\n",
				     RTLD_NAME, o->path);
			_exit(127);
		}
		set_used(&c18n_tls.ts, ti->ti_module, 1);
		return b + ti->ti_offset;
	}
	if (__atomic_load_n(&c18n_tls.ts.tls_gen, __ATOMIC_RELAXED) != tls_gen) {
		/* A module was added (dlopen) that this thread, one the trusted base created,
		 * has not seen */
		pthread_mutex_lock(&threads_lock);
		catch_up(&c18n_tls.ts);
		pthread_mutex_unlock(&threads_lock);
	}
	set_used(&c18n_tls.ts, ti->ti_module, 1);
	return c18n_tls.area + C18N_TLS_AREA - o->tls_offset + ti->ti_offset;
}

void *tls_block_if_used(struct obj *o)
{
	size_t id = o->tls_modid;
	if (!id)
		return NULL;
	if (o->tls_dyn)
		return dyn_lookup(&c18n_tls.ts, o);
	/* start-up objects' blocks are static TLS, there in every thread from its start (glibc
	 * fills their DTV entries when it creates the thread); a dlopen'ed object's block is
	 * the thread's once it has used it, or, for ids beyond the bitmap, once the thread has
	 * caught up with the dlopen (c18n_tls_get_addr initialised it) */
	if (o->tls_gen_added) {
		if (c18n_tls.ts.tls_gen < o->tls_gen_added)
			return NULL;
		if (id < TLS_USED_WORDS * 64 && !(c18n_tls.ts.tls_used[id / 64] >> (id % 64) & 1))
			return NULL;
	}
	return c18n_tls.area + C18N_TLS_AREA - o->tls_offset;
}

uintptr_t tls_host_offset(struct obj *o)
{
	void *p = NULL;
	if (o->host_handle && dlinfo(o->host_handle, RTLD_DI_TLS_DATA, &p) == 0 && p)
		return arch_tp() - (uintptr_t)p;
	return 0;
}
