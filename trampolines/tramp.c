/*
 * tramp.c: sealed trampoline entries and the per-thread state behind them.
 *
 * One entry per target function, interned by target address, so a function's address is the
 * same in every compartment.  An entry is a 16-byte stub, "movabs $desc, %r11" and a jump to
 * its page's dispatch code or the body (tramp.h), in a stub page that is written once and
 * sealed read+execute before any entry in it is
 * used (an object's own stub pages lie behind its segments, a global region takes the rest);
 * its 32-byte descriptor (target, callee compartment, stack-argument bytes, body, flags)
 * lives in a read-only descriptor region, and what only the loader reads (symbol, defining
 * object) in a side table.  The loader writes descriptors through a second, writable
 * mapping of the same pages (a memfd) whose address only it knows, so making an entry costs
 * no mprotect (which costs microseconds here); after a fork the child copies the pages into
 * a memfd of its own before it writes, so the two processes never share descriptors they
 * both change.  Without memfd, descriptor pages are opened and sealed with mprotect.  Both
 * regions are reserved up front so that stub k always refers to descriptor k.
 *
 * Per thread (struct c18n_thread, reached from assembly at fixed %fs offsets): the current
 * compartment, a trusted stack of frames (tramp.h: TF_*), and a table of per-compartment
 * stack pointers.  Compartment stacks are created on the first entry into a compartment in
 * a thread, from a per-thread reservation, each with a guard page and a gap below it (see
 * STACK_SLOT), and freed when the thread exits.
 *
 * Must stay true:
 *  - Stub and descriptor pages are never writable and executable at once.
 *  - The layouts in tramp.h match the structures here (checked below).
 *  - All entry creation happens under the loader lock.
 */
#include "rtld.h"
#include "policy.h"
#include "dwarfsig.h"
#include "iso.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>
#include <unwind.h>

/* What only the loader reads of an entry, beside its descriptor (descriptors are written
 * through a shared mapping, a page fault per 128 of them: they hold only what a call needs).
 * One block per stub page; blocks never move, so tracing reads them without the lock. */
struct tcold {
	const char *sym;
	struct obj *def;
};
_Static_assert(sizeof(struct tdesc) == TD_SIZE, "tdesc size");
_Static_assert(1 << TD_SHIFT == TD_SIZE, "tdesc shift");
_Static_assert(offsetof(struct tdesc, target) == TD_TARGET, "TD_TARGET");
_Static_assert(offsetof(struct tdesc, comp) == TD_COMP, "TD_COMP");
_Static_assert(offsetof(struct tdesc, nstack) == TD_NSTACK, "TD_NSTACK");
_Static_assert(offsetof(struct tdesc, body) == TD_BODY, "TD_BODY");
_Static_assert(offsetof(struct tdesc, flags) == TD_FLAGS, "TD_FLAGS");

_Static_assert(sizeof(struct tframe) == TF_SIZE, "tframe size");
_Static_assert(offsetof(struct tframe, caller) == TF_CALLER, "TF_CALLER");
_Static_assert(offsetof(struct tframe, callee) == TF_CALLEE, "TF_CALLEE");
_Static_assert(offsetof(struct tframe, rsp) == TF_RSP, "TF_RSP");
_Static_assert(offsetof(struct tframe, ret) == TF_RET, "TF_RET");
_Static_assert(offsetof(struct tframe, rbx) == TF_RBX, "TF_RBX");
_Static_assert(offsetof(struct tframe, rbp) == TF_RBP, "TF_RBP");
_Static_assert(offsetof(struct tframe, r12) == TF_R12, "TF_R12");
_Static_assert(offsetof(struct tframe, r15) == TF_R15, "TF_R15");
_Static_assert(offsetof(struct tframe, desc) == TF_DESC, "TF_DESC");
_Static_assert(offsetof(struct tframe, saved_sp) == TF_SAVED_SP, "TF_SAVED_SP");
_Static_assert(offsetof(struct tframe, saved_callee_sp) == TF_SAVED_CALLEE_SP, "TF_SAVED_CALLEE");
_Static_assert(offsetof(struct tframe, args) == TF_ARGS, "TF_ARGS");
_Static_assert(offsetof(struct tframe, sargs) == TF_SARGS, "TF_SARGS");
_Static_assert(offsetof(struct tframe, nsarg) == TF_NSARG, "TF_NSARG");
_Static_assert(offsetof(struct tframe, traced) == TF_TRACED, "TF_TRACED");
_Static_assert(offsetof(struct tframe, hooktop) == TF_HOOKTOP, "TF_HOOKTOP");
_Static_assert(offsetof(struct c18n_thread, hook_top) == TS_HOOK_TOP_OFF, "TS_HOOK_TOP");
_Static_assert(offsetof(struct c18n_thread, sig_defer) == TS_DEFER_OFF, "TS_DEFER");
_Static_assert(offsetof(struct c18n_thread, sig_pending) == TS_SIGPEND_OFF, "TS_SIGPEND");
_Static_assert(sizeof(unsigned long) * 8 >= _NSIG - 1, "a bit for every signal in TS_SIGPEND");
_Static_assert(offsetof(struct c18n_thread, hook_lo) == TS_HOOK_LO_OFF, "TS_HOOK_LO");
_Static_assert(offsetof(struct c18n_thread, hook_hi) == TS_HOOK_HI_OFF, "TS_HOOK_HI");
_Static_assert(offsetof(struct c18n_thread, cur_comp) == TS_CUR_OFF, "TS_CUR");
_Static_assert(offsetof(struct c18n_thread, tstack) == TS_TSTACK_OFF, "TS_TSTACK");
_Static_assert(offsetof(struct c18n_thread, tstack_limit) == TS_TSTACK_LIMIT_OFF, "TS_LIMIT");
_Static_assert(offsetof(struct c18n_thread, stacks) == TS_STACKS_OFF, "TS_STACKS");
_Static_assert(offsetof(struct c18n_thread, nstacks) == TS_NSTACKS_OFF, "TS_NSTACKS");

/* The descriptors' and global stubs' reservations, at most; smaller under an address-space
 * limit (fit_address_limit) */
#define DESC_RESERVE ((size_t)64 << 20)
#define STUB_RESERVE ((size_t)16 << 20)
static size_t desc_reserve = DESC_RESERVE, stub_reserve = STUB_RESERVE;
#define TSTACK_MAP ((size_t)TSTACK_FRAMES * TF_SIZE + 2 * 4096)

void c18n_tramp_body(void);
extern unsigned long c18n_lazy_save_size;

int tramp_enabled = 1;
size_t tramp_stack_size = (size_t)8 << 20;
static int stacks_reserved = 1; /* a thread's stacks in one reservation (new_stack) */
/* distance within which a stack pointer below a compartment's stack slot is taken to be on
 * that compartment's stack (tramp.S) */
HIDDEN unsigned long c18n_stack_near = ((size_t)8 << 20) + 4096;
static void *tramp_body_used = (void *)c18n_tramp_body;
static char *desc_base, *stub_base;
static char *desc_rw;     /* the writable alias of desc_base, or NULL: mprotect instead */
static pid_t desc_pid;    /* the process the memfd behind desc_rw belongs to */
static volatile int *fork_canary; /* 1 in that process, 0 in its forks (desc_unshare) */
static size_t nentries;
static unsigned long generation; /* entries made or forgotten (tramp_generation) */
static size_t stubs_per_page;
static pthread_key_t thread_key;

static size_t itab_cap, itab_used;

static struct tdesc *desc_at(size_t k) { return (struct tdesc *)(desc_base + k * TD_SIZE); }

/* The first STUB_HDR bytes of every stub page (tramp.h); stub s (from 0) follows at
 * STUB_HDR + s * STUB_SIZE and uses descriptor desc_k(block, s). */
struct stub_page_hdr {
	void *body;
	size_t block;
	unsigned char dispatch[STUB_HDR - 16];
};
_Static_assert(sizeof(struct stub_page_hdr) == STUB_HDR, "stub page header");

/* Descriptors are handed out in blocks, one per stub page (desc_k):
 *  - an object's own stub page gets a block b < desc_row.  Its first HEAD_SLOTS slots lie
 *    in rows, slot s at s * desc_row + b: most objects use a few slots, and those (with
 *    their statistics counters, which lie parallel) share a handful of pages between all
 *    objects, where a page's worth of descriptors per block cost every object a page of its
 *    own to write and another to read (on a virtual machine, a first touch costs as much as
 *    a dozen system calls).  Its other slots follow one another in a run of the block's own
 *    after the rows, so that an object with many entries fills few pages;
 *  - a global page, filled in order, gets a block b >= desc_row whose slots all follow one
 *    another, after the object blocks' runs. */
#define HEAD_SLOTS 8
static size_t desc_row;      /* object blocks at most (and global ones) */
static size_t sparse_blocks; /* object blocks handed out so far (0 ..) */
static size_t dense_blocks;  /* global blocks handed out so far (desc_row ..) */
#define MAX_BLOCKS (DESC_RESERVE / TD_SIZE / STUBS_PER_PAGE(4096) + 1)
static struct block {
	uintptr_t page;      /* its stub page */
	struct tcold *cold;  /* its entries' side data, by slot: cold_cap of them so far */
	size_t cold_cap;
	size_t used;         /* 1 + the highest slot handed out */
} blocks[MAX_BLOCKS];

/* The zones of descriptor numbers, fixed by tramp_init: the rows [0, heads_end), the object
 * blocks' runs [heads_end, global_start), the global blocks from global_start. */
static size_t heads_end, global_start, run_len;

static size_t desc_k(size_t b, size_t slot)
{
	if (b >= desc_row)
		return global_start + (b - desc_row) * stubs_per_page + slot;
	if (slot < HEAD_SLOTS)
		return slot * desc_row + b;
	return heads_end + b * run_len + (slot - HEAD_SLOTS);
}
/* (the inverse: which block and slot descriptor k is; scalar code only, for tracing) */
static size_t block_of(size_t k)
{
	if (k >= global_start)
		return desc_row + (k - global_start) / stubs_per_page;
	if (k < heads_end)
		return k % desc_row;
	return (k - heads_end) / run_len;
}
static size_t slot_of(size_t k)
{
	if (k >= global_start)
		return (k - global_start) % stubs_per_page;
	if (k < heads_end)
		return k / desc_row;
	return HEAD_SLOTS + (k - heads_end) % run_len;
}
static size_t global_pages, global_slot;
/* Blocks whose stub page was an unloaded object's (tramp_forget): their descriptors, all
 * dead, serve the next stub page made, so that dlopen/dlclose cycles reuse them. */
static size_t free_blocks[MAX_BLOCKS], nfree_blocks;
/* Descriptors of dead entries in the global pages (tramp_forget), which serve the next
 * entries made there: a dlopen/dlclose cycle of an object without pages of its own costs
 * nothing that is not given back. */
static size_t *free_global, nfree_global, cap_free_global;

static void thread_exit(void *arg);

void c18n_tramp_body_trace(void);
static void *tramp_pick_body(int trace);

static void copy_desc(void *arg, size_t k)
{
	char **v = arg;
	memcpy(v[0] + k * TD_SIZE, v[1] + k * TD_SIZE, TD_SIZE);
}

/* Map a fresh memfd of desc_reserve bytes twice: read-only (returned; at `at` if not NULL)
 * and writable (desc_rw), copying the descriptors made so far from the current views. */
static char *desc_alias_map(char *at)
{
	int fd = memfd_create("ld-c18n descriptors", MFD_CLOEXEC);
	if (fd < 0)
		return MAP_FAILED;
	char *ro = MAP_FAILED, *rw = MAP_FAILED;
	if (ftruncate(fd, desc_reserve) == 0)
		rw = mmap(NULL, desc_reserve, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (rw != MAP_FAILED) {
		if (at) /* a forked child: its own copy first, then replace both views */
			tramp_each_desc(copy_desc, (void *[]){ rw, at });
		ro = mmap(at, desc_reserve, PROT_READ, MAP_SHARED | (at ? MAP_FIXED : 0), fd, 0);
	}
	close(fd);
	if (ro == MAP_FAILED) {
		if (rw != MAP_FAILED)
			munmap(rw, desc_reserve);
		return MAP_FAILED;
	}
	if (desc_rw)
		munmap(desc_rw, desc_reserve);
	desc_rw = rw;
	desc_pid = getpid();
	if (!fork_canary) {
		void *c = mmap(NULL, rtld_pagesize, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (c != MAP_FAILED && madvise(c, rtld_pagesize, MADV_WIPEONFORK) == 0)
			fork_canary = c;
		else if (c != MAP_FAILED)
			munmap(c, rtld_pagesize);
	}
	if (fork_canary)
		*fork_canary = 1;
	return ro;
}

/* Before writing descriptors: a process forked from the one that made the memfd (by fork(),
 * through the handler below, or by a raw clone) takes a copy of its own.  It knows itself
 * by its canary page, which every fork or clone without CLONE_VM wipes (MADV_WIPEONFORK):
 * a load instead of a getpid system call per descriptor written (cmake --version wrote 497);
 * without the canary (a kernel before 4.14), by its pid. */
static void desc_unshare(void)
{
	if (!desc_rw || (fork_canary ? *fork_canary != 0 : getpid() == desc_pid))
		return;
	if (desc_alias_map(desc_base) == MAP_FAILED)
		rtld_fatal("cannot copy the trampoline descriptors after fork");
}

static void desc_atfork_child(void) { desc_unshare(); }

/* Under an address-space limit (RLIMIT_AS, `ulimit -v'), which counts every reservation
 * whether used or not: descriptors, stubs and compartment stacks in proportion to it (a 64th
 * each, within their usual sizes), and a thread's stacks mapped one by one as they are needed
 * (their order in memory then is the kernel's).  Without a limit nothing changes. */
static void fit_address_limit(void)
{
	struct rlimit r;
	if (getrlimit(RLIMIT_AS, &r) != 0 || r.rlim_cur == RLIM_INFINITY)
		return;
	size_t part = (size_t)(r.rlim_cur / 64);
	size_t d = ALIGN_DOWN(part, (size_t)1 << 20);
	desc_reserve = d < ((size_t)1 << 20) ? (size_t)1 << 20 : d > DESC_RESERVE ? DESC_RESERVE : d;
	stub_reserve = desc_reserve / 4;
	size_t st = ALIGN_DOWN(part, rtld_pagesize);
	if (st < 256 * 1024)
		st = 256 * 1024;
	if (st < tramp_stack_size) {
		tramp_stack_size = st;
		c18n_stack_near = st + rtld_pagesize;
	}
	stacks_reserved = 0;
	DEBUG(DBG_COMPARTMENTS, "address space limited to %llu KiB: %zu KiB of descriptors, "
	      "compartment stacks of %zu KiB", (unsigned long long)r.rlim_cur / 1024,
	      desc_reserve / 1024, tramp_stack_size / 1024);
}

int tramp_init(void)
{
	fit_address_limit();
	stubs_per_page = STUBS_PER_PAGE(rtld_pagesize);
	desc_row = desc_reserve / TD_SIZE / stubs_per_page / 2;
	if (2 * desc_row > MAX_BLOCKS)
		desc_row = MAX_BLOCKS / 2;
	heads_end = desc_row * HEAD_SLOTS;
	global_start = desc_row * stubs_per_page;
	run_len = stubs_per_page - HEAD_SLOTS;
	/* isolation: private read-only pages, written through the guard (isolation/guard.c),
	 * with no writable view for a compartment to find */
	desc_base = iso_mode ? MAP_FAILED : desc_alias_map(NULL);
	if (desc_base == MAP_FAILED)
		desc_base = mmap(NULL, desc_reserve, iso_mode ? PROT_READ : PROT_NONE,
				 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	stub_base = mmap(NULL, stub_reserve, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
			 -1, 0);
	if (desc_base == MAP_FAILED || stub_base == MAP_FAILED)
		return rtld_error("cannot reserve memory for trampolines: %s", strerror(errno));
	trace_stats_area((uintptr_t)desc_base, desc_reserve);
	tramp_body_used = tramp_pick_body(trace_active());
	if (desc_rw && pthread_atfork(NULL, NULL, desc_atfork_child) != 0)
		return rtld_error("cannot register the trampoline fork handler");
	if (pthread_key_create(&thread_key, thread_exit) != 0)
		return rtld_error("cannot create the trampoline thread key");
	return 0;
}

static void *body_cross(void *body);

/* jmp *disp32(%rip) at `at` (6 bytes), through the body pointer at the start of `page` */
static void put_jmp_body(unsigned char *at, const char *page)
{
	at[0] = 0xff;
	at[1] = 0x25;
	int32_t disp = (int32_t)((intptr_t)page - (intptr_t)(at + 6));
	memcpy(at + 2, &disp, 4);
}

/* Write a stub page at `page` (reserved: PROT_NONE, or already writable when `open`, as an
 * object's own entry pages are, obj_map) with a fresh block of descriptors, and seal it
 * read+execute.  comp: the compartment of every entry the page will hold, or -1 (mixed).
 * No stub in it is reachable before this returns. */
static void make_stub_page(char *page, int open, int32_t comp)
{
	size_t b = comp < 0 ? desc_row + dense_blocks
		   : nfree_blocks ? free_blocks[--nfree_blocks] : sparse_blocks;
	if (comp < 0 ? b >= 2 * desc_row : b >= desc_row)
		rtld_fatal("too many trampoline entries (%zu%s)", desc_row * stubs_per_page,
			   desc_reserve < DESC_RESERVE ? ", as many as the address-space limit allows"
						       : "");
	struct block *bl = &blocks[b];
	if (!open && mprotect(page, rtld_pagesize, PROT_READ | PROT_WRITE) < 0)
		rtld_fatal("cannot allocate a trampoline page");
	bl->page = (uintptr_t)page;
	if (comp < 0)
		dense_blocks++;
	else if (b == sparse_blocks)
		sparse_blocks++;
	struct stub_page_hdr *h = (struct stub_page_hdr *)page;
	h->body = comp >= 0 ? body_cross(tramp_body_used) : tramp_body_used;
	h->block = b;
	/* the dispatch code (tramp.h): a call from the entries' own compartment goes straight
	 * to the target, as the body would send it, without reaching the body */
	unsigned char *q = h->dispatch;
	int32_t cur = TS_CUR;
	static const unsigned char cmp_cur[] = { 0x64, 0x48, 0x81, 0x3c, 0x25 };
	memcpy(q, cmp_cur, sizeof cmp_cur); /* cmpq $comp, %fs:cur */
	memcpy(q + 5, &cur, 4);
	memcpy(q + 9, &comp, 4);
	q[13] = 0x74; /* je 1f */
	q[14] = 6;
	put_jmp_body(q + 15, page);
	q[21] = 0x41; /* 1: jmp *(%r11): the descriptor's target */
	q[22] = 0xff;
	q[23] = 0x23;
	memset(q + 24, 0xcc, sizeof h->dispatch - 24); /* int3 */
	_Static_assert(TD_TARGET == 0, "jmp *(%r11) reads the target at offset 0");
	_Static_assert(sizeof h->dispatch >= 24, "dispatch code size");
	for (size_t s = 0; s < stubs_per_page; s++) {
		unsigned char *p = (unsigned char *)page + STUB_HDR + s * STUB_SIZE;
		uint64_t d = (uint64_t)(uintptr_t)desc_at(desc_k(b, s));
		p[0] = 0x49; /* movabs $d, %r11 */
		p[1] = 0xbb;
		memcpy(p + 2, &d, 8);
		if (comp >= 0) {
			p[10] = 0xe9; /* jmp rel32: the dispatch code */
			int32_t rel = (int32_t)((intptr_t)h->dispatch - (intptr_t)(p + 15));
			memcpy(p + 11, &rel, 4);
			p[15] = 0xcc;
		} else { /* mixed page: the dispatch code would only ever jump on */
			put_jmp_body(p + 10, page);
		}
	}
	if (mprotect(page, rtld_pagesize, PROT_READ | PROT_EXEC) < 0)
		rtld_fatal("cannot seal a trampoline page");
}

/* A free stub for an entry standing for a function of def: inside def's own reservation when
 * it has room, else in the global region.  Returns the stub; *k is its descriptor. */
static uintptr_t alloc_stub(struct obj *def, struct compartment *c, size_t *k)
{
	char *page;
	size_t slot;
	if (def && def->stub_area && def->comp == c &&
	    def->stub_slot < def->stub_npages * stubs_per_page) {
		size_t p = def->stub_slot / stubs_per_page;
		slot = def->stub_slot % stubs_per_page;
		page = (char *)def->stub_area + p * rtld_pagesize;
		if (p >= def->stub_pages_made) {
			make_stub_page(page, 1, (int32_t)c->id);
			def->stub_pages_made = p + 1;
		}
		def->stub_slot++;
	} else if (nfree_global) { /* a dead entry's slot (tramp_forget) */
		size_t fk = free_global[--nfree_global];
		slot = slot_of(fk);
		page = (char *)blocks[block_of(fk)].page;
	} else {
		size_t p = global_slot / stubs_per_page;
		slot = global_slot % stubs_per_page;
		if ((p + 1) * rtld_pagesize > stub_reserve)
			rtld_fatal("too many trampoline entries (%zu shared%s)",
				   stub_reserve / rtld_pagesize * stubs_per_page,
				   stub_reserve < STUB_RESERVE ? ", as many as the address-space limit "
								 "allows" : "");
		page = stub_base + p * rtld_pagesize;
		if (p >= global_pages) {
			make_stub_page(page, 0, -1);
			global_pages = p + 1;
		}
		global_slot++;
	}
	struct block *bl = &blocks[((struct stub_page_hdr *)page)->block];
	if (slot >= bl->cold_cap) { /* (grown by doubling: most pages use a few slots) */
		size_t n = bl->cold_cap ? 2 * bl->cold_cap : 8;
		while (n <= slot)
			n *= 2;
		if (n > stubs_per_page)
			n = stubs_per_page;
		struct tcold *c = rtld_alloc(n * sizeof *c); /* (zeroed) */
		if (!c)
			rtld_fatal("out of memory for trampoline entries");
		if (bl->cold)
			memcpy(c, bl->cold, bl->cold_cap * sizeof *c);
		rtld_free(bl->cold);
		bl->cold = c;
		bl->cold_cap = n;
	}
	if (slot >= bl->used)
		bl->used = slot + 1;
	*k = desc_k(((struct stub_page_hdr *)page)->block, slot);
	return (uintptr_t)page + STUB_HDR + slot * STUB_SIZE;
}

/* Descriptor pages opened for writing by a batch (binding a whole object at once): sealed
 * read-only together at the end, instead of two mprotect calls per entry. */
static uintptr_t open_pages[64];
static size_t nopen;
static int batching;

static void seal_open_pages(void)
{
	for (size_t i = 0; i < nopen; i++)
		mprotect((void *)open_pages[i], rtld_pagesize, PROT_READ);
	nopen = 0;
}

void tramp_batch_begin(void)
{
	if (!batching++)
		desc_unshare();
}

void tramp_batch_end(void)
{
	if (batching && --batching == 0)
		seal_open_pages();
}

/* Where descriptors lie (the guard checks that a frame's descriptor is one). */
/* fn(arg, k) for every descriptor k that may have been written (handed out). */
void tramp_each_desc(void (*fn)(void *arg, size_t k), void *arg)
{
	for (size_t b = 0; b < sparse_blocks; b++)
		for (size_t s = 0; s < blocks[b].used; s++)
			fn(arg, desc_k(b, s));
	for (size_t b = desc_row; b < desc_row + dense_blocks; b++)
		for (size_t s = 0; s < blocks[b].used; s++)
			fn(arg, desc_k(b, s));
}

void tramp_desc_range(uintptr_t *lo, uintptr_t *hi)
{
	*lo = (uintptr_t)desc_base;
	*hi = (uintptr_t)desc_base + desc_reserve;
}

static int write_desc(size_t k, const struct tdesc *d)
{
	if (iso_mode)
		return guard_write(desc_at(k), d, sizeof *d);
	if (desc_rw) {
		if (!batching)
			desc_unshare();
		memcpy(desc_rw + k * TD_SIZE, d, sizeof *d);
		return 0;
	}
	char *p = (char *)desc_at(k);
	uintptr_t page = ALIGN_DOWN((uintptr_t)p, rtld_pagesize);
	size_t i;
	for (i = 0; batching && i < nopen && open_pages[i] != page; i++)
		;
	if (!batching || i == nopen) {
		if (mprotect((void *)page, rtld_pagesize, PROT_READ | PROT_WRITE) < 0)
			return rtld_error("cannot write a trampoline descriptor");
		if (batching) {
			if (nopen == ARRAY_SIZE(open_pages))
				seal_open_pages(); /* (page is written below, then sealed later) */
			open_pages[nopen++] = page;
		}
	}
	memcpy(p, d, sizeof *d);
	if (!batching)
		mprotect((void *)page, rtld_pagesize, PROT_READ);
	return 0;
}

/* The descriptor of the entry containing address a (and the entry's start), or NULL. */
static struct tdesc *entry_desc(uintptr_t a, uintptr_t *start)
{
	uintptr_t page = 0;
	if (!stub_base)
		return NULL;
	if (a >= (uintptr_t)stub_base && a < (uintptr_t)stub_base + global_pages * rtld_pagesize) {
		page = ALIGN_DOWN(a, rtld_pagesize);
	} else {
		for (struct obj *o = obj_list; o; o = o->next)
			if (o->stub_pages_made && a >= o->stub_area &&
			    a < o->stub_area + o->stub_pages_made * rtld_pagesize) {
				page = ALIGN_DOWN(a, rtld_pagesize);
				break;
			}
	}
	if (!page)
		return NULL;
	if (a - page < STUB_HDR)
		return NULL;
	size_t slot = (a - page - STUB_HDR) / STUB_SIZE;
	struct tdesc *d = desc_at(desc_k(((struct stub_page_hdr *)page)->block, slot));
	if (!d->target)
		return NULL;
	if (start)
		*start = page + STUB_HDR + slot * STUB_SIZE;
	return d;
}

int tramp_is_entry(uintptr_t a) { return entry_desc(a, NULL) != NULL; }

const char *tramp_desc_sym_at(uintptr_t a)
{
	struct tdesc *d = entry_desc(a, NULL);
	return d ? tramp_desc_sym(d) : "?";
}

/* The target of an entry (for any address inside it), or a itself. */
uintptr_t tramp_target(uintptr_t a)
{
	struct tdesc *d = entry_desc(a, NULL);
	return d ? d->target : a;
}

/* The start of the entry containing a, or 0. */
uintptr_t tramp_entry_start(uintptr_t a)
{
	uintptr_t s = 0;
	return entry_desc(a, &s) ? s : 0;
}

/* interned entries: target -> (descriptor + 1, its stack-argument bytes).  Looking an entry
 * up reads this table only (a binding hits it thousands of times at start-up, each slot a
 * cache line of its own); a descriptor is read or written only when an entry is made or its
 * nstack grows.  16 bytes a slot: a table populated at start-up costs a page fault per 4 KiB. */
static struct ient {
	ElfW(Addr) target;
	uint32_t idx1;   /* descriptor + 1; 0: empty slot */
	uint32_t nstack; /* = the descriptor's nstack, | IENT_BOUND */
} *itab_e;
/* nstack came from a binding by name (DWARF, mangled name or window): later bindings of the
 * target reuse the entry as it is, without working the answer out again (each answer is
 * safe for the function, whatever name found it) */
#define IENT_BOUND 0x80000000u
#define ENTRY_BOUND ((uint64_t)1 << 32) /* entry_flags: mark the entry IENT_BOUND */
#define ENTRY_REFINE ((uint64_t)1 << 33) /* entry_flags: a new entry gets TD_COMP_REFINE */
_Static_assert(sizeof(struct ient) == 16, "ient size");

ARCH_SCALAR_ONLY /* (tracing's text records call tramp_desc_sym without the vector state) */
static struct tcold *cold_at(size_t k)
{
	return &blocks[block_of(k)].cold[slot_of(k)];
}

const char *tramp_desc_sym(const void *d)
{
	const char *s = cold_at((size_t)((const char *)d - desc_base) / TD_SIZE)->sym;
	return s ? s : "?";
}
ARCH_SCALAR_END

/* The stub of descriptor k. */
static uintptr_t stub_of(size_t k)
{
	return blocks[block_of(k)].page + STUB_HDR + slot_of(k) * STUB_SIZE;
}
static unsigned itab_shift; /* 64 - log2(itab_cap) */

/* Fibonacci hashing: the top bits of the product (targets are 16-byte-aligned addresses,
 * often a few bytes apart) */
static size_t ihash(ElfW(Addr) t) { return (size_t)((t * 0x9e3779b97f4a7c15ull) >> itab_shift); }

static struct ient *itab_slot(ElfW(Addr) target)
{
	size_t j = ihash(target);
	while (itab_e[j].idx1 && itab_e[j].target != target)
		j = (j + 1) & (itab_cap - 1);
	return &itab_e[j];
}

/* Empty slot i, moving later entries of its probe run back (no tombstones, no allocation:
 * dlclose must not map anything into the hole it leaves). */
static void itab_delete(size_t i)
{
	size_t mask = itab_cap - 1, j = i;
	for (;;) {
		itab_e[i].idx1 = 0;
		size_t k;
		do {
			j = (j + 1) & mask;
			if (!itab_e[j].idx1)
				return;
			k = ihash(itab_e[j].target);
			/* entry j stays when its home k lies cyclically in (i, j] */
		} while (i <= j ? (i < k && k <= j) : (i < k || k <= j));
		itab_e[i] = itab_e[j];
		i = j;
	}
}

/* A table of cap slots holding the entries of the old one. */
static void itab_rebuild(size_t cap)
{
	struct ient *old = itab_e;
	size_t oldcap = itab_cap;
	struct ient *ne = rtld_alloc(cap * sizeof *ne);
	if (!ne)
		rtld_fatal("out of memory for trampoline entries");
	itab_e = ne;
	itab_cap = cap;
	itab_shift = 64 - (unsigned)__builtin_ctzl(cap);
	itab_used = 0;
	for (size_t i = 0; i < oldcap; i++)
		if (old[i].idx1) {
			*itab_slot(old[i].target) = old[i];
			itab_used++;
		}
	rtld_free(old);
}

/* The entry for target, in compartment c (created on first use). Loader lock held. */
static uintptr_t entry_flags(ElfW(Addr) target, struct compartment *c, const char *sym,
			     struct obj *def, uint64_t flags, uint32_t nstack);

/* Bytes of stack arguments a call through an entry copies when DWARF does not say. */
static uint32_t default_window(void)
{
	size_t w = rtld_opts.stack_window ? rtld_opts.stack_window : TW_SMALL;
	return (uint32_t)(w > TW_LARGE ? TW_LARGE : ALIGN_UP(w, 8));
}

uintptr_t tramp_entry(ElfW(Addr) target, struct compartment *c, const char *sym, struct obj *def)
{
	return entry_flags(target, c, sym, def, 0, default_window());
}

/* An entry for a function known to take no stack arguments: initialisers and finalisers
 * (argc, argv, envp), and the callbacks the trusted base makes (thread start routines,
 * signal handlers, exit handlers, key destructors, pthread_once routines).  Nothing is copied
 * from the caller's stack. */
uintptr_t tramp_entry_regs(ElfW(Addr) target, struct compartment *c, const char *sym,
			   struct obj *def)
{
	return entry_flags(target, c, sym, def, 0, 0);
}

/* Run fn(arg) in the [RTLD] compartment, through a real transition: the initialisers and
 * finalisers the loader calls are then calls from [RTLD], made on its own stack. */
void tramp_run_as_rtld(void (*fn)(void *), void *arg)
{
	if (!tramp_enabled || thread_self()->cur_comp == 0) {
		fn(arg);
		return;
	}
	rtld_lock();
	uintptr_t e = entry_flags((ElfW(Addr))fn, compartments[0], "ld-c18n", NULL, TDESC_QUIET, 0);
	rtld_unlock();
	((void (*)(void *))e)(arg);
}

static uintptr_t entry_flags(ElfW(Addr) target, struct compartment *c, const char *sym,
			     struct obj *def, uint64_t flags, uint32_t nstack)
{
	if ((itab_used + 1) * 2 > itab_cap)
		itab_rebuild(itab_cap ? itab_cap * 2 : 1024);
	uint32_t bound = flags & ENTRY_BOUND ? IENT_BOUND : 0;
	uint32_t refine = flags & ENTRY_REFINE ? TD_COMP_REFINE : 0;
	flags &= ~(ENTRY_BOUND | ENTRY_REFINE);
	struct ient *e = itab_slot(target);
	if (e->idx1) {
		if ((e->nstack & ~IENT_BOUND) < nstack) { /* a binding knows more than a callback */
			struct tdesc nd = *desc_at(e->idx1 - 1);
			nd.nstack = nstack;
			nd.comp &= ~TD_COMP_REFINE; /* (a refinement only ever lowers nstack) */
			e->nstack = nstack | (e->nstack & IENT_BOUND);
			write_desc(e->idx1 - 1, &nd);
		}
		if ((flags & TDESC_PTRS_KNOWN) && !(desc_at(e->idx1 - 1)->flags & TDESC_PTRS_KNOWN)) {
			struct tdesc nd = *desc_at(e->idx1 - 1); /* (made as a callback, unnamed) */
			nd.flags |= flags & (TDESC_PTRS_KNOWN | TDESC_PTRS_MASK);
			write_desc(e->idx1 - 1, &nd);
		}
		e->nstack |= bound;
		return stub_of(e->idx1 - 1);
	}
	size_t k;
	uintptr_t stub = alloc_stub(def, c, &k);
	struct tdesc d = {
		.target = target,
		.comp = (uint32_t)c->id | refine,
		.nstack = nstack,
		.body = tramp_body_used,
		.flags = flags,
	};
	/* def's own string (callers pass def's symbol names or literals): the entry is
	 * forgotten when def is unloaded; without def, a copy */
	*cold_at(k) = (struct tcold){ sym && !def ? rtld_strdup(sym) : sym, def };
	if (write_desc(k, &d) < 0)
		rtld_fatal("%s", rtld_last_error());
	nentries++;
	generation++;
	*e = (struct ient){ target, (uint32_t)(k + 1), nstack | bound };
	itab_used++;
	DEBUG(DBG_COMPARTMENTS, "entry %zu for %s in %s (%s) at 0x%lx", k, sym ? sym : "?",
	      c->name, def ? def->path : "?", (unsigned long)stub);
	if (dbg_perf_map)
		dbg_perf_entry(stub, STUB_SIZE, sym, c->name);
	return stub;
}

/* dlclose: o's entries disappear with its mapping; forget them. Loader lock held. */
void tramp_forget(struct obj *o)
{
	rtld_free(o->fnames);
	o->fnames = NULL;
	o->nfnames = 0;
	if (!itab_cap)
		return;
	for (size_t i = 0; i < itab_cap;) {
		if (itab_e[i].idx1 && cold_at(itab_e[i].idx1 - 1)->def == o) {
			size_t k = itab_e[i].idx1 - 1;
			struct tdesc dead = { 0 };
			write_desc(k, &dead);
			*cold_at(k) = (struct tcold){ NULL, NULL };
			uintptr_t st = stub_of(k);
			if (st >= (uintptr_t)stub_base &&
			    st < (uintptr_t)stub_base + global_pages * rtld_pagesize) {
				if (nfree_global == cap_free_global) {
					size_t nc = cap_free_global ? 2 * cap_free_global : 64;
					size_t *n = rtld_realloc_array(free_global, cap_free_global,
								       nc, sizeof *n);
					if (n) {
						free_global = n;
						cap_free_global = nc;
					}
				}
				if (nfree_global < cap_free_global) /* (else: not reused) */
					free_global[nfree_global++] = k;
			}
			itab_delete(i);
			itab_used--;
			generation++;
			continue; /* slot i may now hold an entry moved back from later */
		}
		i++;
	}
	/* its own stub pages go with its mapping: their blocks are free (every entry in them
	 * was o's, and is dead now) */
	for (size_t b = 0; o->stub_pages_made && b < sparse_blocks; b++)
		if (blocks[b].page >= o->stub_area &&
		    blocks[b].page < o->stub_area + o->stub_pages_made * rtld_pagesize) {
			memset(blocks[b].cold, 0, blocks[b].cold_cap * sizeof(struct tcold));
			blocks[b].used = 0;
			blocks[b].page = 0;
			free_blocks[nfree_blocks++] = b;
		}
	o->stub_pages_made = 0;
	o->stub_slot = 0;
}

size_t tramp_count(void) { return nentries; }

unsigned long tramp_generation(void) { return generation; }

void tramp_each_entry(void (*fn)(void *arg, uintptr_t stub, size_t size, const char *sym),
		      void *arg)
{
	for (size_t i = 0; i < itab_cap; i++)
		if (itab_e[i].idx1 && cold_at(itab_e[i].idx1 - 1)->sym)
			fn(arg, stub_of(itab_e[i].idx1 - 1), STUB_SIZE,
			   cold_at(itab_e[i].idx1 - 1)->sym);
}

/* What def's DWARF says of its function name: 0 when it says nothing; else 1, with *exact the
 * stack-argument bytes when it gives a number an entry can copy (not for a variadic
 * function; more than that goes in *too_big), and, with isolation, the argument registers
 * that may carry a pointer added to *ptrs (TDESC_PTRS_*). */
static int dwarf_sig(struct obj *def, const char *name, uint32_t *exact, size_t *too_big,
		     uint64_t *ptrs)
{
	size_t bytes;
	unsigned regs;
	if (!name || !def->sig || dwarfsig_lookup(def->sig, name, &bytes, &regs) != 0)
		return 0;
	if (iso_mode && regs != DWARFSIG_ALL_REGS)
		*ptrs |= TDESC_PTRS_KNOWN | (uint64_t)regs << TDESC_PTRS_SHIFT;
	if (bytes != DWARFSIG_VARIADIC && bytes <= TW_LARGE)
		*exact = (uint32_t)bytes;
	else if (bytes != DWARFSIG_VARIADIC)
		*too_big = bytes;
	return 1;
}

/* The error of a function whose stack arguments no entry can carry. */
static int too_big_error(const struct obj *def, const char *name, size_t bytes)
{
	return rtld_error("%s: %s takes %zu bytes of stack arguments; calls into another "
			  "compartment can carry at most %d", def->path, name, bytes, TW_LARGE);
}

/* What an entry into def's function name carries: *nstack, the exact stack-argument bytes
 * from DWARF, else the default window; the flags ENTRY_REFINE (a C++ name may show at the
 * first call that there are none; an object whose DWARF is read later tells then) and, with
 * isolation, the argument registers that may carry a pointer (TDESC_PTRS_*).  *too_big: the
 * bytes when DWARF gives more than an entry can copy (nstack is then the default), else 0. */
static uint64_t entry_sig(struct obj *def, const char *name, uint32_t *nstack, size_t *too_big)
{
	uint64_t flags = 0;
	uint32_t exact = UINT32_MAX;
	*too_big = 0;
	dwarf_sig(def, name, &exact, too_big, &flags);
	if (exact != UINT32_MAX) {
		*nstack = exact;
		return flags;
	}
	*nstack = default_window();
	if (name && def->sig_later)
		flags |= ENTRY_REFINE; /* (its DWARF is read at the first call: refine_entry) */
	else if (name && name[0] == '_' && name[1] == 'Z' && *nstack)
		flags |= ENTRY_REFINE;
	return flags;
}

/* Binding: which resolved references become entries.  ref is the referencing object (NULL
 * for dlsym: caller is then the calling compartment).  Returns the value to store, or 0 with
 * rtld_error set when the policy forbids the call. */
ElfW(Addr) tramp_bind(struct obj *ref, struct compartment *caller, struct obj *def,
		      const ElfW(Sym) *sym, ElfW(Addr) value, int cls, const char *name)
{
	if (ref)
		caller = ref->comp;
	if (!tramp_enabled || !def || !sym || !value || (def->flags & OBJ_HOST) || !def->comp ||
	    def->comp->trusted)
		return value;
	unsigned t = ELF64_ST_TYPE(sym->st_info);
	if (t != STT_FUNC && t != STT_GNU_IFUNC)
		return value;
	if (sym->st_shndx == SHN_UNDEF) /* a program's canonical PLT entry: it calls via its GOT */
		return value;
	if (sym->st_shndx == SHN_ABS) /* an absolute address, not code of def's */
		return value;
	if (caller == def->comp && cls == RCLASS_JUMP_SLOT)
		return value; /* a call inside the compartment */
	if (caller && caller != def->comp && name) {
		if (policy_trusted(caller->name, name))
			return value; /* the policy trusts this call: no transition */
		if (!policy_may_call(caller->name, def->comp->name, name)) {
			rtld_error("%s: policy violation: compartment %s may not call `%s' in "
				   "compartment %s (not exported to %s by %s:%d)",
				   ref ? ref->path : caller->name, caller->name, name,
				   def->comp->name, caller->name, policy_path(),
				   policy_export_line(def->comp->name, name));
			return 0;
		}
	}
	/* The program's own code and a protected function's own library take their addresses
	 * PC-relative, at link time: other references must use the same raw address so that
	 * function pointers compare equal (calls into them still get entries). */
	if (cls != RCLASS_JUMP_SLOT &&
	    ((def->flags & OBJ_MAIN) || ELF64_ST_VISIBILITY(sym->st_other) == STV_PROTECTED))
		return value;
	/* an entry a binding made already */
	if (itab_cap) {
		struct ient *e = itab_slot(value);
		if (e->idx1 && (e->nstack & IENT_BOUND))
			return stub_of(e->idx1 - 1);
	}
	uint32_t nstack;
	size_t too_big;
	uint64_t flags = entry_sig(def, name, &nstack, &too_big);
	if (too_big) {
		too_big_error(def, name, too_big);
		return 0;
	}
	/* the entry carries def's own copy of the name: the referencing object may be unloaded
	 * first */
	return entry_flags(value, def->comp, obj_str(def, sym->st_name), def,
			   ENTRY_BOUND | flags, nstack);
}

/* ---- per-thread state ---- */
void c18n_tramp_body_avx(void);
void c18n_tramp_body_trace_avx(void);

void c18n_tramp_body_cross(void);
void c18n_tramp_body_trace_cross(void);
void c18n_tramp_body_avx_cross(void);
void c18n_tramp_body_trace_avx_cross(void);
void c18n_tramp_body_stats(void);
void c18n_tramp_body_stats_avx(void);
void c18n_tramp_body_stats_cross(void);
void c18n_tramp_body_stats_avx_cross(void);
void c18n_tramp_body_iso(void);
void c18n_tramp_body_iso_avx(void);
void c18n_tramp_body_iso_cross(void);
void c18n_tramp_body_iso_avx_cross(void);

/* A body's entry past its same-compartment test, for pages whose dispatch code made it. */
static void *body_cross(void *body)
{
	if (body == (void *)c18n_tramp_body)
		return (void *)c18n_tramp_body_cross;
	if (body == (void *)c18n_tramp_body_trace)
		return (void *)c18n_tramp_body_trace_cross;
	if (body == (void *)c18n_tramp_body_avx)
		return (void *)c18n_tramp_body_avx_cross;
	if (body == (void *)c18n_tramp_body_trace_avx)
		return (void *)c18n_tramp_body_trace_avx_cross;
	if (body == (void *)c18n_tramp_body_stats)
		return (void *)c18n_tramp_body_stats_cross;
	if (body == (void *)c18n_tramp_body_stats_avx)
		return (void *)c18n_tramp_body_stats_avx_cross;
	if (body == (void *)c18n_tramp_body_iso)
		return (void *)c18n_tramp_body_iso_cross;
	if (body == (void *)c18n_tramp_body_iso_avx)
		return (void *)c18n_tramp_body_iso_avx_cross;
	return body;
}

/* The trampoline body for this machine: on one with AVX (enabled by the OS), the body whose
 * landing pads clear vector registers with VEX-encoded instructions, which clear their upper
 * lanes (ymm/zmm) too; legacy SSE clears only the low 128 bits. */
static void *tramp_pick_body(int trace)
{
	int avx = arch_wide_vectors();
	if (iso_mode) /* the isolation hooks call the tracer themselves */
		return avx ? (void *)c18n_tramp_body_iso_avx : (void *)c18n_tramp_body_iso;
	if (trace && trace_stats_inline()) /* statistics without records: counted inline */
		return avx ? (void *)c18n_tramp_body_stats_avx : (void *)c18n_tramp_body_stats;
	if (trace)
		return avx ? (void *)c18n_tramp_body_trace_avx : (void *)c18n_tramp_body_trace;
	return avx ? (void *)c18n_tramp_body_avx : (void *)c18n_tramp_body;
}

/* Every signal but the synchronous ones (a fault must reach its handler where it happens)
 * blocked in this thread; *old the mask before. */
static void block_async_signals(sigset_t *old)
{
	sigset_t all;
	sigfillset(&all);
	static const int sync[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP, SIGSYS };
	for (size_t i = 0; i < ARRAY_SIZE(sync); i++)
		sigdelset(&all, sync[i]);
	pthread_sigmask(SIG_BLOCK, &all, old);
}

/* (after a failed system call: its errno names the reason) */
static void fatal_thread(const char *what)
{
	rtld_dprintf(2, "%s: %s: %s\n", RTLD_NAME, what, strerror(errno));
	_exit(127);
}

/* A compartment stack's mapping, STACK_SLOT bytes: [gap][guard page][stack].  The gap (a
 * stack's size and a page, never accessible) keeps every other stack a thread may be running
 * on out of reach below: tramp.S takes "the stack pointer is at most c18n_stack_near below
 * the callee's stack pointer" to mean "already on the callee's stack" (a signal handler that
 * interrupted it).  A thread's stacks come from one reservation, made at its first
 * transition with a slot per compartment then known; a stack then costs one mprotect. */
#define STACK_SLOT (2 * (tramp_stack_size + rtld_pagesize))

/* (0, errno set: no memory for it) */
static uintptr_t new_stack(struct c18n_thread *t, long comp)
{
	size_t slot = STACK_SLOT;
	int flags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_STACK;
	/* (read once: a dlopen in another thread may add a compartment meanwhile, and the
	 * reservation's recorded size is what thread_exit unmaps) */
	size_t ncomp = __atomic_load_n(&ncompartments, __ATOMIC_RELAXED);
	if (!t->stack_res && ncomp > 1 && stacks_reserved) {
		char *r = mmap(NULL, ncomp * slot, PROT_NONE, flags, -1, 0);
		if (r != MAP_FAILED) {
			t->stack_res = r;
			t->stack_res_n = ncomp;
		}
	}
	char *m;
	uintptr_t own = 0;
	if (t->stack_res && (size_t)comp < t->stack_res_n) {
		/* later compartments lower: calls mostly go from a program to its dependencies
		 * (lower ids to higher), and a debugger walks a backtrace only while each caller's
		 * stack lies above its callee's (gdb: "previous frame inner to this frame") */
		m = t->stack_res + (t->stack_res_n - 1 - (size_t)comp) * slot;
	} else {
		m = mmap(NULL, slot, PROT_NONE, flags, -1, 0);
		if (m == MAP_FAILED)
			return 0;
		own = (uintptr_t)m;
	}
	char *lo = m + slot - tramp_stack_size;
	if (mprotect(lo, tramp_stack_size, PROT_READ | PROT_WRITE) < 0) {
		int e = errno;
		if (own)
			munmap(m, slot);
		errno = e;
		return 0;
	}
	if (iso_mode) {
		/* Isolation closes the stack (PROT_NONE) whenever its compartment is left: its
		 * neighbours, never accessible, differ from it in one flag so that the kernel never
		 * merges the closed stack into them (a merge and the split that follows cost as much
		 * as the mprotect; and /proc/self/maps keeps showing each stack). */
		madvise(own ? m : t->stack_res, own ? slot : t->stack_res_n * slot, MADV_DONTDUMP);
		madvise(lo, tramp_stack_size, MADV_DODUMP);
	}
	trace_count_stack();
	struct comp_stack *s = rtld_alloc(sizeof *s);
	if (!s) {
		if (own)
			munmap(m, slot);
		else
			mprotect(lo, tramp_stack_size, PROT_NONE);
		errno = ENOMEM;
		return 0;
	}
	s->lo = (uintptr_t)lo;
	s->hi = (uintptr_t)lo + tramp_stack_size;
	s->map = own;
	s->comp = comp;
	s->next = t->stack_mem;
	t->stack_mem = s;
	iso_stack_made(t, s);
	return s->hi;
}

/* An entry's first call (TD_COMP_REFINE): the DWARF of an object whose reading was put off
 * (obj_map) gives the exact stack-argument bytes, up or down, and with isolation the pointer
 * registers; else its C++ name may show it takes no stack arguments; from here on that many
 * are copied.  The bit is cleared either way. */
static void refine_entry(const struct tdesc *d)
{
	rtld_lock();
	size_t k = (size_t)((const char *)d - desc_base) / TD_SIZE;
	if (d->comp & TD_COMP_REFINE) {
		struct tdesc nd = *d;
		nd.comp &= ~TD_COMP_REFINE;
		const char *name = cold_at(k)->sym;
		struct obj *def = cold_at(k)->def;
		size_t bytes, too_big = 0;
		uint32_t exact = UINT32_MAX;
		uint64_t ptrs = 0;
		if (def && def->sig_later)
			dwarfsig_later(def); /* (an object with a lot of DWARF: read at this call) */
		if (def && dwarf_sig(def, name, &exact, &too_big, &ptrs)) {
			/* exact from this first call on, as a binding at start-up would have made it */
			if (exact != UINT32_MAX)
				nd.nstack = exact;
			if (too_big) { /* (as a lazy binding refuses it) */
				too_big_error(def, name, too_big);
				rtld_dprintf(2, "%s: %s\n", rtld_progname, rtld_last_error());
				_exit(127);
			}
			if (!(nd.flags & TDESC_PTRS_KNOWN))
				nd.flags |= ptrs;
		} else if (name && dwarfsig_from_mangled(name, &bytes) == 0 && bytes < nd.nstack) {
			nd.nstack = (uint32_t)bytes;
		}
		struct ient *e = itab_cap ? itab_slot(nd.target) : NULL;
		if (e && e->idx1 == k + 1)
			e->nstack = nd.nstack | (e->nstack & IENT_BOUND);
		if (write_desc(k, &nd) < 0)
			rtld_fatal("%s", rtld_last_error());
		DEBUG(DBG_COMPARTMENTS, "entry %zu for %s: %u bytes of stack arguments from its "
		      "first call on", k, name ? name : "?", nd.nstack);
	}
	rtld_unlock();
}

/* The entries t's stack table needs for a call into comp: every compartment known, its
 * current one and comp, with room for a few more. */
static unsigned long stacks_needed(const struct c18n_thread *t, long comp)
{
	unsigned long need = ncompartments + 8;
	if ((unsigned long)t->cur_comp >= need)
		need = t->cur_comp + 8;
	if ((unsigned long)comp >= need)
		need = comp + 8;
	return need;
}

/* Thread t's stack table covers stacks_needed(t, comp) and it has a stack in comp: NULL, or
 * what it could not allocate (errno set).  Asynchronous signals blocked. */
static const char *stack_ready(struct c18n_thread *t, long comp)
{
	unsigned long need = stacks_needed(t, comp);
	if (t->nstacks < need) {
		uintptr_t *n = rtld_alloc(need * sizeof *n);
		if (!n)
			return "cannot allocate a compartment stack table";
		/* (zeroed by rtld_alloc: 0, no stack yet) */
		if (t->stacks)
			memcpy(n, t->stacks, t->nstacks * sizeof *n);
		uintptr_t *old = t->stacks;
		t->stacks = n;
		t->nstacks = need;
		rtld_free(old);
	}
	if (!t->stacks[comp]) {
		uintptr_t sp = new_stack(t, comp);
		if (!sp)
			return "cannot allocate a compartment stack";
		t->stacks[comp] = sp;
		if (iso_mode)
			guard_stack_init(t, comp, sp);
	}
	return NULL;
}

/* Called by c18n_tramp_setup_entry with every register saved. */
void c18n_tramp_setup(struct tdesc *d)
{
	struct c18n_thread *t = thread_self();
	if (d->comp & TD_COMP_REFINE) {
		refine_entry(d);
		if ((long)d->comp == t->cur_comp)
			return; /* a call inside the compartment: the body goes straight there */
	}
	if (t->tstack && t->tstack < t->tstack_limit && t->nstacks >= stacks_needed(t, d->comp) &&
	    t->stacks[d->comp])
		return; /* (refined only) */
	/* What follows makes the thread's trusted stack, hook stack, stack table and stacks, which
	 * a signal handler's own transition would find half made (it would make a second trusted
	 * stack, or run on a compartment stack the isolation guard has not recorded and be
	 * reported for it later): asynchronous signals wait until it is done.  Only a thread's
	 * first call into a compartment comes here. */
	sigset_t mask;
	block_async_signals(&mask);
	if (!t->tstack) {
		size_t len = TSTACK_MAP;
		char *m = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (m == MAP_FAILED)
			fatal_thread("cannot allocate a trusted stack");
		mprotect(m + len - rtld_pagesize, rtld_pagesize, PROT_NONE);
		t->tstack_base = t->tstack = m + rtld_pagesize;
		t->tstack_limit = t->tstack + TSTACK_FRAMES * TF_SIZE;
		mprotect(m, rtld_pagesize, PROT_NONE);
		pthread_setspecific(thread_key, t);
		if (iso_mode) { /* the isolation hooks' stack (tramp.S HOOK_STACK), a guard below */
			size_t hl = HOOK_STACK_SIZE + rtld_pagesize;
			char *h = mmap(NULL, hl, PROT_READ | PROT_WRITE,
				       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
			if (h == MAP_FAILED)
				fatal_thread("cannot allocate an isolation hook stack");
			mprotect(h, rtld_pagesize, PROT_NONE);
			t->hook_lo = h + rtld_pagesize;
			t->hook_hi = t->hook_top = t->hook_lo + HOOK_STACK_SIZE;
			iso_thread_born(t);
		}
	} else if (t->tstack >= t->tstack_limit) {
		rtld_dprintf(2, "%s: trusted stack overflow: more than %d nested cross-compartment "
				"calls (last into %s)\n", RTLD_NAME, TSTACK_FRAMES,
			     tramp_desc_sym(d));
		_exit(127);
	}
	const char *what = stack_ready(t, d->comp);
	if (what)
		fatal_thread(what);
	pthread_sigmask(SIG_SETMASK, &mask, NULL);
}

/* A dlopen loaded o: the calling thread gets its stack in o's compartment now, so that a
 * lack of memory is dlopen's error (-1, rtld_error) rather than the end of the process at
 * the first call.  (Other threads make theirs at their first call, as always.) */
int tramp_thread_ready(struct obj *o)
{
	struct c18n_thread *t = thread_self();
	if (!tramp_enabled || !t->tstack || !o->comp || o->comp->trusted)
		return 0;
	sigset_t mask;
	block_async_signals(&mask);
	const char *what = stack_ready(t, o->comp->id);
	int e = errno;
	pthread_sigmask(SIG_SETMASK, &mask, NULL);
	if (what)
		return rtld_error("%s: %s (compartment %s): %s", o->path, what,
				  o->comp->name, strerror(e));
	return 0;
}

static void thread_exit(void *arg)
{
	struct c18n_thread *t = arg;
	if (t != thread_self())
		return;
	sigset_t old; /* (a handler's transition must not find the stacks half gone) */
	block_async_signals(&old);
	trace_thread_gone(t);
	if (t->hook_lo)
		iso_thread_gone(t); /* before anything it pinned open is unmapped */
	if (t->tstack != t->tstack_base) {
		pthread_sigmask(SIG_SETMASK, &old, NULL);
		return; /* still inside a compartment call: keep everything */
	}
	for (struct comp_stack *s = t->stack_mem, *n; s; s = n) {
		n = s->next;
		iso_stack_gone(s);
		if (s->map)
			munmap((void *)s->map, STACK_SLOT);
		rtld_free(s);
	}
	t->stack_mem = NULL;
	if (t->stack_res)
		munmap(t->stack_res, t->stack_res_n * STACK_SLOT);
	t->stack_res = NULL;
	t->stack_res_n = 0;
	rtld_free(t->stacks);
	t->stacks = NULL;
	t->nstacks = 0;
	munmap(t->tstack_base - rtld_pagesize, TSTACK_MAP);
	t->tstack = t->tstack_base = t->tstack_limit = NULL;
	if (t->hook_lo) {
		munmap(t->hook_lo - rtld_pagesize, HOOK_STACK_SIZE + rtld_pagesize);
		t->hook_lo = t->hook_hi = t->hook_top = NULL;
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
}

/* ---- unwinding and longjmp ---- */
static void pop_frame(struct c18n_thread *t)
{
	struct tframe *f = (struct tframe *)(t->tstack - TF_SIZE);
	if (iso_mode) {
		guard_pop(t, f);
		t->hook_top = (char *)f->hooktop;
	}
	if (f->callee >= 0 && (unsigned long)f->callee < t->nstacks)
		t->stacks[f->callee] = f->saved_callee_sp;
	if (f->caller >= 0 && (unsigned long)f->caller < t->nstacks)
		t->stacks[f->caller] = f->saved_sp;
	t->cur_comp = f->caller;
	t->tstack = (char *)f;
}

/* Personality of the landing pads.  An entry behaves like a C++ cleanup: when an exception or
 * a forced unwind (pthread_exit, cancellation) passes through it in the cleanup phase, the
 * unwinder resumes at the entry's cleanup code (tramp.S, found through the landing pad's
 * LSDA), which pops the trusted frame, returns to the caller's stack and registers, and
 * continues with _Unwind_Resume as if the caller itself had called it at the call site.
 * The search phase passes straight through. */
_Unwind_Reason_Code c18n_tramp_personality(int version, _Unwind_Action actions,
					   _Unwind_Exception_Class cls,
					   struct _Unwind_Exception *ue,
					   struct _Unwind_Context *ctx)
{
	(void)version;
	(void)cls;
	if (!(actions & _UA_CLEANUP_PHASE) || (actions & _UA_HANDLER_FRAME))
		return _URC_CONTINUE_UNWIND;
	_Unwind_SetGR(ctx, __builtin_eh_return_data_regno(0), (_Unwind_Ptr)ue);
	/* each landing pad's LSDA is a 32-bit offset from itself to the pad's cleanup code */
	const int32_t *lsda = (const int32_t *)_Unwind_GetLanguageSpecificData(ctx);
	uintptr_t cleanup = (uintptr_t)lsda + *lsda;
	_Unwind_SetIP(ctx, (_Unwind_Ptr)cleanup);
	return _URC_INSTALL_CONTEXT;
}

/* The allocated compartment stack containing a, or NULL (the thread's own stack). */
static struct comp_stack *stack_of(struct c18n_thread *t, uintptr_t a)
{
	for (struct comp_stack *s = t->stack_mem; s; s = s->next)
		if (a >= s->lo && a < s->hi)
			return s;
	return NULL;
}

/* Before a longjmp to stack pointer sp: the outermost active transition whose caller's
 * stack holds sp at or above the call is the one longjmp leaves; pop it and every transition
 * made after it, so the trusted stack matches the compartment longjmp lands in. */
void tramp_unwind_to(uintptr_t sp)
{
	struct c18n_thread *t = thread_self();
	if (!t->tstack)
		return;
	struct comp_stack *target = stack_of(t, sp);
	for (char *p = t->tstack_base; p < t->tstack; p += TF_SIZE) {
		struct tframe *f = (struct tframe *)p;
		if (stack_of(t, f->rsp) == target && sp >= f->rsp) {
			while (t->tstack > p)
				pop_frame(t);
			iso_resync(t);
			return;
		}
	}
}

/* Isolation (isolation/fault.c): a raw call reached target, the first instruction of one of
 * def's functions, from another compartment; the call continues through its entry, made
 * here as a binding by name would make it (the stack bytes from DWARF or a C++ name). */
uintptr_t tramp_entry_for_call(struct obj *def, uintptr_t target)
{
	if (!tramp_enabled || !def || !def->comp || def->comp->trusted)
		return 0;
	rtld_lock();
	const char *name = tramp_name_at(def, target);
	uint32_t nstack;
	size_t too_big; /* (then the default window: the call goes on) */
	uint64_t flags = entry_sig(def, name, &nstack, &too_big);
	uintptr_t e = entry_flags(target, def->comp, name, def, flags, nstack);
	rtld_unlock();
	return e;
}

/* Does [lo, hi) touch the entries' or descriptors' memory (isolation/mediate.c)? */
int tramp_owns(uintptr_t lo, uintptr_t hi)
{
	const struct { char *base; size_t len; } r[] = {
		{ desc_base, desc_reserve }, { desc_rw, desc_reserve }, { stub_base, stub_reserve },
	};
	for (size_t i = 0; i < ARRAY_SIZE(r); i++)
		if (r[i].base && r[i].base != MAP_FAILED && lo < (uintptr_t)r[i].base + r[i].len &&
		    hi > (uintptr_t)r[i].base)
			return 1;
	return 0;
}

/* The name of the function at addr in o (for callbacks and initialisers), or NULL.  The
 * first call builds o's index of defined functions sorted by address (rtld_heapsort: no libc
 * call that might allocate through an interposed malloc), so a library with many
 * initialisers or callbacks is not scanned once for each. */
struct fname {
	uintptr_t addr;
	size_t idx; /* symbol index: among aliases the first in table order wins, as a scan */
};

static int fname_less(const void *x, const void *y)
{
	const struct fname *a = x, *b = y;
	return a->addr < b->addr || (a->addr == b->addr && a->idx < b->idx);
}

static void fname_build(struct obj *o)
{
	size_t n = 0;
	for (size_t i = 0; i < o->nsyms; i++) {
		const ElfW(Sym) *s = &o->symtab[i];
		if (s->st_shndx != SHN_UNDEF && ELF64_ST_TYPE(s->st_info) == STT_FUNC)
			n++;
	}
	struct fname *a = rtld_alloc((n ? n : 1) * sizeof *a);
	n = 0;
	for (size_t i = 0; i < o->nsyms; i++) {
		const ElfW(Sym) *s = &o->symtab[i];
		if (s->st_shndx != SHN_UNDEF && ELF64_ST_TYPE(s->st_info) == STT_FUNC)
			a[n++] = (struct fname){ o->lm.l_addr + s->st_value, i };
	}
	rtld_heapsort(a, n, sizeof *a, fname_less);
	o->fnames = a;
	o->nfnames = n;
}

const char *tramp_name_at(struct obj *o, uintptr_t addr)
{
	if (!o || !o->symtab)
		return NULL;
	if (!o->fnames)
		fname_build(o);
	size_t lo = 0, hi = o->nfnames;
	while (lo < hi) { /* first entry at or above addr */
		size_t mid = lo + (hi - lo) / 2;
		if (o->fnames[mid].addr < addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == o->nfnames || o->fnames[lo].addr != addr)
		return NULL;
	return obj_str(o, o->symtab[o->fnames[lo].idx].st_name);
}

/* The name an entry for a callback or an initialiser carries: only tracing, statistics and
 * debug output show it, so it is looked up only when one of them is on. */
const char *tramp_entry_name(struct obj *o, uintptr_t addr)
{
	if (!trace_active() && !(rtld_opts.debug & DBG_COMPARTMENTS))
		return NULL;
	return tramp_name_at(o, addr);
}

/* An entry for a callback handed to the trusted base, in the compartment that owns it. */
void *tramp_callback(void *fn)
{
	uintptr_t a = (uintptr_t)fn;
	if (!tramp_enabled || a <= 1 || tramp_is_entry(a))
		return fn;
	rtld_lock();
	struct obj *o = obj_find_by_addr(fn);
	struct compartment *c = NULL;
	if (o)
		c = o->comp;
	else if ((unsigned long)thread_self()->cur_comp < ncompartments)
		c = compartments[thread_self()->cur_comp];
	void *r = fn;
	if (c && !c->trusted && !(o && (o->flags & OBJ_HOST)))
		r = (void *)tramp_entry_regs(a, c, tramp_entry_name(o, a), o);
	rtld_unlock();
	return r;
}
