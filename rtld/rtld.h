/*
 * rtld.h: the loader's shared data model and the interfaces between its parts.
 *
 * Must stay true:
 *  - struct obj begins with a public struct link_map, so an obj* can be handed to code that
 *    expects a glibc link_map (dlinfo, _dl_find_object, r_debug-style walkers).
 *  - Objects are either "ours" (mapped and relocated by ld-c18n) or "host" (trusted base,
 *    loaded by the system loader; we only read their dynamic tables).
 *  - Every failure below main() goes through rtld_error(): record, return failure.
 */
#ifndef C18N_RTLD_H
#define C18N_RTLD_H

#define _GNU_SOURCE
#include <elf.h>
#include <pthread.h>
#include <link.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "arch.h"
#include "tramp.h"

#define RTLD_NAME "ld-c18n"
#define HIDDEN __attribute__((visibility("hidden")))
#define EXPORT __attribute__((visibility("default")))
#define NORETURN __attribute__((noreturn))
#define PRINTF(a, b) __attribute__((format(printf, a, b)))
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define ALIGN_UP(x, a) (((x) + ((a) - 1)) & ~((uintptr_t)(a) - 1))
#define ALIGN_DOWN(x, a) ((x) & ~((uintptr_t)(a) - 1))

struct obj;
struct compartment;

/* ---- util.c: output, errors, allocation ---- */
void rtld_dprintf(int fd, const char *fmt, ...) PRINTF(2, 3);
void rtld_vdprintf(int fd, const char *fmt, va_list ap);
/* Record an error message (the one error path); returns -1 for convenience. */
int rtld_error(const char *fmt, ...) PRINTF(1, 2);
/* n bytes of fd at offset off (pread, EINTR retried): 0, or -1 with errno (0: end of file) */
int rtld_read_at(int fd, void *buf, size_t n, uint64_t off);
#define RTLD_FD_FLOOR 900
int rtld_high_fd(int fd);
const char *rtld_last_error(void);
void rtld_clear_error(void);
/* Startup only: print "ld-c18n: MSG" and exit 127. */
NORETURN void rtld_fatal(const char *fmt, ...) PRINTF(1, 2);
void *rtld_alloc(size_t n); /* zeroed; from the loader's own mmap arena */
void rtld_free(void *p);
char *rtld_strdup(const char *s);
char *rtld_strndup(const char *s, size_t n);
void *rtld_realloc_array(void *p, size_t old_n, size_t new_n, size_t elem);
/* Sort n elements of size bytes in place, smallest first (heapsort; allocates nothing). */
void rtld_heapsort(void *base, size_t n, size_t size, int (*less)(const void *, const void *));
extern size_t rtld_pagesize;

/* ---- env.c: environment table, options, debug ---- */
enum debug_cat {
	DBG_FILES = 1 << 0,
	DBG_LIBS = 1 << 1,
	DBG_RELOC = 1 << 2,
	DBG_SYMBOLS = 1 << 3,
	DBG_BINDINGS = 1 << 4,
	DBG_INIT = 1 << 5,
	DBG_TLS = 1 << 6,
	DBG_DL = 1 << 7,
	DBG_HOST = 1 << 8,
	DBG_COMPARTMENTS = 1 << 9,
	DBG_STATISTICS = 1 << 10,
	DBG_ISOLATION = 1 << 11,
	DBG_CRASH = 1 << 12,
};
struct rtld_opts {
	const char *library_path; /* --library-path / LD_C18N_LIBRARY_PATH */
	const char *preload;      /* --preload / LD_C18N_PRELOAD */
	const char *argv0;        /* --argv0 */
	int list;                 /* --list */
	unsigned debug;           /* LD_C18N_DEBUG categories */
	int debug_fd;
	int secure;               /* AT_SECURE: set-id, unsafe variables ignored */
	int bind_now;             /* --bind-now / LD_C18N_BIND_NOW */
	const char *policy;       /* --policy / LD_C18N_POLICY */
	const char *trace;        /* --trace / LD_C18N_TRACE: destination */
	const char *trace_format; /* LD_C18N_TRACE_FORMAT */
	const char *stats;        /* --stats / LD_C18N_STATS: destination */
	size_t stack_window;      /* LD_C18N_STACK_WINDOW: argument bytes copied without DWARF */
};
extern struct rtld_opts rtld_opts;
void env_init(char **envp);
int env_parse_debug(const char *spec); /* returns -1 and prints help on "help" */
void env_print_table(int fd);
#define DEBUG(cat, ...)                                                                    \
	do {                                                                               \
		if (rtld_opts.debug & (cat))                                               \
			rtld_debug(cat, __VA_ARGS__);                                      \
	} while (0)
void rtld_debug(unsigned cat, const char *fmt, ...) PRINTF(2, 3);
/* CLOCK_MONOTONIC in nanoseconds (LD_C18N_DEBUG=statistics) */
unsigned long long rtld_now_ns(void);
long rtld_minflt(void); /* minor page faults so far */
extern size_t symlook_nlookups, symlook_nprobes; /* symbols.c */

/* ---- object.c: the ELF object model ---- */
struct verinfo {
	const char *name; /* NULL: no version (index 0/1) */
	uint32_t hash;    /* ELF (SysV) hash of name */
	int hidden;       /* definition with VER_NDX hidden bit */
	const char *file; /* VERNEED: the file the version comes from */
};

/* A DT_NEEDED entry, or a filtee: DT_FILTER (must load) or DT_AUXILIARY (may be missing).
 * A filter object's symbols are looked up in its filtees first (symlook_list). */
enum { NEED_PLAIN, NEED_FILTER, NEED_AUXILIARY };
struct needed {
	const char *name;
	struct obj *obj;
	int kind;                /* NEED_* */
};

enum obj_flags {
	OBJ_HOST = 1 << 0,       /* trusted base: loaded by the system loader */
	OBJ_MAIN = 1 << 1,       /* the program */
	OBJ_RELOCATED = 1 << 2,
	OBJ_INIT_DONE = 1 << 3,
	OBJ_INIT_STARTED = 1 << 4,
	OBJ_FINI_DONE = 1 << 5,
	OBJ_GLOBAL = 1 << 6,     /* in the global scope */
	OBJ_NODELETE = 1 << 7,
	OBJ_DLOPENED = 1 << 8,
	OBJ_BIND_NOW = 1 << 9,
	OBJ_SYMBOLIC = 1 << 10,
	OBJ_TEXTREL = 1 << 11,
	OBJ_PRELOAD = 1 << 12,
	OBJ_VISITED = 1 << 13,   /* scratch mark for graph walks */
	OBJ_RTLD = 1 << 14,      /* the loader itself, as seen in dl_iterate_phdr */
	OBJ_NOOPEN = 1 << 15,    /* DF_1_NOOPEN: dlopen must not load it */
	OBJ_FILTER = 1 << 18,    /* DT_FILTER or DT_AUXILIARY: has filtees in its needed list */
	OBJ_INIT_LISTED = 1 << 16, /* scratch: in the list init.c sorts */
	OBJ_SORT_SEEN = 1 << 17, /* scratch: reached by that sort */
};

struct obj {
	struct link_map lm;      /* public part; lm.l_addr is the load bias */
	char *path;              /* as opened (NULL-free; "" never) */
	char *name;              /* compartment-facing name: soname, else basename */
	const char *soname;
	char **aliases;          /* every name this object was requested by (DT_NEEDED, dlopen) */
	size_t naliases;
	unsigned flags;
	int refcount;            /* dlopen references */
	uint64_t serial;         /* load order, for RTLD_NEXT and ordering */
	dev_t dev;
	ino_t ino;
	void *host_handle;       /* OBJ_HOST: handle from the system loader's dlopen */
	struct link_map *dbg;    /* its node in the debugger's list (debugger.c), once published */
	char *dbg_path;          /* the absolute path that node names, when path is relative */

	uintptr_t map_start, map_end; /* whole reservation (page aligned) */
	uintptr_t stub_area;     /* pages after the segments for this object's entries */
	size_t stub_npages, stub_pages_made, stub_slot; /* reserved, sealed, next free slot */
	const ElfW(Phdr) *phdr;
	size_t phnum;
	ElfW(Addr) entry;
	int type;                /* ET_EXEC / ET_DYN */

	ElfW(Dyn) *dynamic;
	const ElfW(Sym) *symtab;
	const char *strtab;
	size_t strsz;
	size_t nsyms;            /* symbols the hash tables cover: [0, nsyms) (as glibc counts) */
	size_t symtab_n;         /* entries of the symbol table a relocation may name: .dynsym's
				  * size, else up to DT_STRTAB, within DT_SYMTAB's segment */
	size_t dynsym_addr, dynsym_n; /* .dynsym from the section headers (0: none) */
	uint64_t code_only;      /* executable PT_LOADs (bit: program header index) whose pages
				  * hold instructions alone, by the section headers: nothing
				  * readable shares them (isolation closes them to reads too) */
	size_t nversym;          /* DT_VERSYM entries validated */
	/* GNU hash */
	const uint32_t *gnu_buckets;
	const uint32_t *gnu_chain;  /* the chains: entry k is symbol gnu_symoffset + k */
	const ElfW(Addr) *gnu_bloom;
	uint32_t gnu_nbuckets, gnu_symoffset, gnu_bloom_size, gnu_shift;
	/* SysV hash */
	const uint32_t *sysv_buckets;
	const uint32_t *sysv_chains;
	uint32_t sysv_nbuckets;
	/* versions */
	const ElfW(Versym) *versym;
	const ElfW(Verdef) *verdef;
	size_t verdefnum;
	const ElfW(Verneed) *verneed;
	size_t verneednum;
	struct verinfo *versions; /* indexed by version index */
	size_t nversions;
	/* relocations */
	const ElfW(Rela) *rela;
	size_t relasz;
	const ElfW(Rel) *rel;
	size_t relsz;
	const ElfW(Rela) *jmprel;
	size_t pltrelsz;
	int pltrel;               /* DT_RELA or DT_REL */
	ElfW(Addr) *pltgot;       /* DT_PLTGOT: GOT[1], GOT[2] serve lazy binding */
	const ElfW(Addr) *relr;
	size_t relrsz;
	/* init/fini */
	ElfW(Addr) init, fini;
	const ElfW(Addr) *init_array, *fini_array, *preinit_array;
	size_t init_arraysz, fini_arraysz, preinit_arraysz;
	/* search paths */
	const char *rpath, *runpath;
	char *origin;             /* directory of path, for $ORIGIN */
	/* RELRO */
	uintptr_t relro_start;
	size_t relro_size;
	/* exception frames */
	uintptr_t eh_frame_hdr;
	/* TLS */
	size_t tls_modid;
	ptrdiff_t tls_offset;     /* block at tp - tls_offset */
	const void *tls_image;
	size_t tls_filesz, tls_memsz, tls_align;
	unsigned long tls_gen_added; /* image generation that first contains this block */
	unsigned long tls_dyn;    /* a dynamic block (tls.c): its serial, never reused; else 0 */

	struct needed *needed;
	size_t nneeded;
	/* local scope (this object + dependencies, breadth first, deduplicated) */
	struct obj **scope;
	size_t nscope;
	/* dlopen'ed objects it bound symbols of outside its dependencies (obj_add_reldep) */
	struct obj **reldeps;
	size_t nreldeps;

	struct compartment *comp;
	struct iso_obj *iso;      /* isolation: tag shadow, symbol bounds (isolation/) */
	struct dwarfsig *sig;
	char *sig_later;         /* DWARF too large to read at start-up: the file to read it from
				  * at the first call into the object (dwarfsig_later) */
	int sig_later_src;       /* its enum dwarfsig_debug_source */     /* DWARF signatures: stack-argument bytes per function */
	struct fname *fnames;     /* defined functions sorted by address (tramp_name_at), lazy */
	size_t nfnames;
	struct obj *next;         /* load order list of all objects */
	struct obj *prev;
	struct obj *loader;       /* object whose DT_NEEDED made us load it (RPATH chain) */
};

extern struct obj *obj_list, *obj_tail, *obj_main;
extern uintptr_t rtld_tp_offset_base;

/* Map and validate the ELF file at path (fd open); returns NULL with rtld_error set. */
/* What the search learned of a file it opened, so that obj_map need not ask the kernel
 * again: its fstat (when made) and its first head_len bytes. */
#define FILE_HEAD_BYTES 1024
struct file_facts {
	struct stat st;
	int have_st;
	size_t head_len;
	unsigned char head[FILE_HEAD_BYTES];
};
/* Map the object open at fd (known: what the caller learned of it already, or NULL). */
struct obj *obj_map(const char *path, int fd, int is_main, const struct file_facts *known);
/* Parse the dynamic section of a mapped or host object. */
int obj_parse_dynamic(struct obj *o);
void obj_unmap(struct obj *o);
void obj_release(struct obj *o);
void obj_link(struct obj *o);   /* append to obj_list */
/* The debugger's list of objects follows obj_list (debugger.c): after start-up's relocation,
 * a dlopen's relocation and a dlclose's unloading. */
void dbg_publish(void);
/* The DWARF signatures of an object whose reading was put off (obj_map: sig_later), now;
 * loader lock held. */
void dwarfsig_later(struct obj *o);
/* LD_C18N_PERF_MAP: each entry stub named in /tmp/perf-PID.map (debugger.c) */
extern int dbg_perf_map;
void dbg_perf_entry(uintptr_t start, size_t size, const char *sym, const char *comp);
/* gdb's view of generated code (gdbjit.c): dbg_tracer is set while a debugger that reads the
 * JIT interface is attached (checked at start-up and at each dbg_publish); then each lazily bound PLT slot gets a
 * named stub (dbg_lazy_stub returns what the slot is to hold; binding such a slot goes to
 * its stub: dbg_lazy_bound, 0 when the slot has none), and dbg_jit_sync describes every
 * live stub to gdb (after changes: start-up, dlopen, dlclose, dlsym). */
extern int dbg_tracer;
void dbg_check_tracer(void);
int dbg_jit_listener(void);
uintptr_t dbg_lazy_stub(struct obj *o, const char *name, ElfW(Addr) *slot, uintptr_t dest);
int dbg_lazy_bound(ElfW(Addr) *slot, ElfW(Addr) value);
void dbg_jit_sync(void);
void dbg_jit_forget(struct obj *o);
/* Fatal signals (debugger.c): crash reports (LD_C18N_DEBUG=crash) and flushing a buffered
 * trace, installed just before hand-off; the program's sigaction sees SIG_DFL for them. */
void dbg_fatal_init(int trace_buffered);
struct sigaction;
int dbg_fatal_substitute(int sig, struct sigaction *a);
void dbg_fatal_readback(struct sigaction *old);
void obj_unlink(struct obj *o);
struct obj *obj_find_by_name(const char *name);
void obj_add_alias(struct obj *o, const char *name);
struct obj *obj_find_by_addr(const void *addr);
const char *obj_str(const struct obj *o, size_t off);
/* The version symbol idx of o references or defines (its VERSYM entry), or NULL (none). */
const struct verinfo *obj_sym_version(const struct obj *o, size_t idx);
/* Is [addr, addr+size) (unrelocated) inside one PT_LOAD's memory image? */
int obj_in_load(const struct obj *o, ElfW(Addr) addr, size_t size);
/* [addr, addr + size) (unrelocated) lies in a writable PT_LOAD (any one with DT_TEXTREL) */
int obj_reloc_target(const struct obj *o, ElfW(Addr) addr, size_t size);
/* The load bias to add to sym's value: none for an absolute symbol (SHN_ABS). */
static inline ElfW(Addr) obj_sym_base(const struct obj *o, const ElfW(Sym) *sym)
{
	return sym->st_shndx == SHN_ABS ? 0 : o->lm.l_addr;
}
/* Human-facing short name for messages: the path as loaded. */
static inline const char *obj_path(const struct obj *o) { return o->path; }

/* ---- search.c: find a library file ---- */
struct search_ctx {
	const char *library_path;    /* colon list, from options/env */
	const char *platform;        /* $PLATFORM */
	const char *lib;             /* $LIB */
};
/* Find NAME needed by REQUESTER (its RPATH chain through ->loader). On success returns an
 * open fd and stores the malloc'ed path in *path_out; on failure returns -1 and sets
 * rtld_error to the glibc-style reason. */
int search_library(const struct search_ctx *ctx, const char *name, const struct obj *requester,
		   char **path_out, struct file_facts *facts);
/* Expand $ORIGIN/$LIB/$PLATFORM in one path element; returns malloc'ed string or NULL. */
char *search_expand(const struct search_ctx *ctx, const char *s, const char *origin);
/* 0 if fd is a loadable x86-64 ELF, else -1; facts (or NULL) gets the bytes read. */
int search_check_elf(int fd, struct file_facts *facts);
/* PROGRAM without a slash is looked up in PATH, as a shell would; returns a new string. */
char *search_program(const char *prog);
/* execvp's search: file itself when it has a slash, else the first executable regular file
 * in PATH (dflt when PATH is unset), into out; 0, or the errno the search ends with. */
int search_exec_path(const char *file, const char *dflt, char *out, size_t n);
extern struct search_ctx rtld_search;

/* ---- symbols.c: lookup ---- */
enum symlook_flags {
	SYMLOOK_SKIP_MAIN = 1 << 0,  /* COPY relocations: skip the program */
	SYMLOOK_IN_PLT = 1 << 1,
	SYMLOOK_DLSYM = 1 << 2,
	SYMLOOK_NO_INTERPOSE = 1 << 3, /* return the host's own definition */
};
struct symlook {
	const char *name;
	uint32_t gnu_hash;          /* valid when have_gnu (computed on first use) */
	uint32_t sysv_hash;
	int have_gnu, have_sysv;
	const struct verinfo *ver;  /* requested version (NULL: unversioned) */
	unsigned flags;
	int type_class;             /* ELF_RTYPE_CLASS_PLT / COPY bits */
	struct obj *requester;      /* referencing object */
	struct compartment *caller; /* the caller's compartment */
	/* results */
	struct obj *defobj;
	const ElfW(Sym) *sym;
	ElfW(Addr) value;           /* resolved address (IFUNC resolved; interposed) */
};
void symlook_init(struct symlook *req, const char *name, const struct verinfo *ver,
		  struct obj *requester);
/* Look NAME up in one object; returns the symbol or NULL. */
const ElfW(Sym) *symlook_obj(struct symlook *req, struct obj *o);
/* Search a list of objects in order; fills req->defobj/sym on success (returns 0). */
int symlook_list(struct symlook *req, struct obj **list, size_t n, struct obj *skip_until);
/* The full search for a relocation in REQ->requester: global scope, then its local scope. */
int symlook_default(struct symlook *req);
/* Self-references (symbols.c): for one relocation pass over o, nref its symbolic
 * relocations.  symlook_self answers a lookup of o's own symbol idx (req from symlook_init,
 * requester o) when it can show the full search would find that symbol: 0 and req->defobj/sym
 * filled; else -1 (do the full search). */
struct symlook_self {
	uint64_t *bits; /* symbols of o whose name an object searched before o defines */
};
void symlook_self_begin(struct obj *o, size_t nref, struct symlook_self *ss);
int symlook_self(const struct symlook_self *ss, struct symlook *req, uint32_t idx);
void symlook_self_end(struct symlook_self *ss);
extern size_t symlook_nself;
/* The GNU hash of req->name (computed once, on first use). */
uint32_t symlook_hash(struct symlook *req);
/* Compute the final value (IFUNC, interposition) for a found symbol. */
ElfW(Addr) symlook_value(struct symlook *req);
uint32_t c18n_gnu_hash(const char *s);
uint32_t c18n_sysv_hash(const char *s);
/* The global scope: program, preloads, its dependencies breadth first, RTLD_GLOBAL opens. */
extern struct obj **global_scope;
extern size_t global_nscope;
void scope_add_global(struct obj *o);
void scope_remove(struct obj *o);
void unique_forget(struct obj *o);
int obj_build_local_scope(struct obj *o);
void obj_add_reldep(struct obj *r, struct obj *d);
ElfW(Addr) call_ifunc_resolver(ElfW(Addr) resolver);

/* ---- reloc.c ---- */
extern const char *rtld_progname; /* the program, as errors after start-up name it */
int reloc_object(struct obj *o, int lazy);
extern int rtld_startup; /* 1 until start-up hands off to the program (reloc.c) */
ElfW(Addr) c18n_lazy_bind(struct obj *o, unsigned long index);
void rtld_lock(void);
void rtld_unlock(void);
int rtld_lock_init(void); /* dlfcn.c: fork takes the loader lock (at start-up, first) */
int reloc_apply_relro(struct obj *o);

/* ---- tls.c ---- */
/* Per-thread loader state.  It lives at the bottom of the loader's single TLS block, whose
 * top part (the area) holds every loaded object's static TLS; see tls.c.  The first fields
 * are used by the trampolines at fixed offsets (trampolines/tramp.h). */
/* A compartment stack of one thread (trampolines/tramp.c new_stack), or the program's part of
 * the main thread's own stack (isolation/memory.c). */
struct comp_stack {
	uintptr_t lo, hi;         /* usable range; a guard page lies below lo */
	uintptr_t map;            /* its own mapping (STACK_SLOT bytes), or 0: in the reservation */
	long comp;
	int open;                 /* isolation: accessible now (its thread runs in comp) */
	int users;                /* isolation: the thread's activations of comp (signal
				   * handlers nest them) */
	int suspended;            /* isolation: its calls out of comp still active (live
				   * frames of comp wait on this stack) */
	int ro;                   /* isolation: readable while the thread is in libunwind */
	int main_stack;           /* the main thread's own stack (grows down below lo) */
	struct comp_stack *next;
};

/* Per-thread isolation state (isolation/memory.c, fault.c). */
struct iso_thread {
	int in_fault;             /* depth of the fault handler on this thread */
	int in_user_handler;      /* the program's own SIGSEGV/SIGBUS handler is running */
	int in_hook;              /* a transition hook is running on this thread */
	int unwinder_reads;       /* its stacks are open for reading: it is inside libunwind */
	uintptr_t retry_pc, retry_addr; /* a fault retried once: another thread opened the
					   * memory meanwhile, or it is the program's own */
	size_t gslot;             /* its shadow in the guard's arena, + 1 (guard.c) */
	uintptr_t step_page[4];   /* byte grain: pages open for the instruction being stepped */
	int nstep;
};

#define TLS_USED_WORDS 16
struct c18n_thread {
	long cur_comp;            /* TS_CUR_OFF */
	char *tstack;             /* TS_TSTACK_OFF: next free trusted frame */
	char *tstack_limit;       /* TS_TSTACK_LIMIT_OFF */
	uintptr_t *stacks;        /* TS_STACKS_OFF: per-compartment stack pointers */
	unsigned long nstacks;    /* TS_NSTACKS_OFF */
	char *hook_lo, *hook_hi;  /* TS_HOOK_LO_OFF, TS_HOOK_HI_OFF: isolation's hook stack */
	char *hook_top;           /* TS_HOOK_TOP_OFF */
	unsigned long sig_defer;  /* TS_DEFER_OFF: isolation/signals.c */
	unsigned long sig_pending; /* TS_SIGPEND_OFF */
	struct iso_thread iso;
	char *tstack_base;
	struct comp_stack *stack_mem; /* allocated compartment stacks of this thread */
	char *stack_res;          /* the reservation they come from (tramp.c new_stack) */
	size_t stack_res_n;       /* compartments it has a slot for */
	unsigned long tls_gen;    /* TLS image generation this thread's area is current with */
	uint64_t tls_used[TLS_USED_WORDS]; /* module ids (below TLS_USED_WORDS * 64) whose
				   * block this thread has used through __tls_get_addr (tls.c) */
	struct c18n_thread *tls_next, *tls_prev; /* the threads tls.c knows (tls_pthread_create) */
	struct tls_dyn_block *tls_dyn; /* by module id: this thread's dynamic blocks (tls.c) */
	size_t tls_ndyn;
	int error_set;
	int dlerror_pending;      /* dlerror() has a message to return */
	char error_buf[1024];
	char dlerror_buf[1024];
	/* isolation: signals deferred by a transition, with the siginfo of their first
	 * delivery (isolation/signals.c) */
	struct sig_kept {
		int sig;
		siginfo_t info;
	} sig_kept[4];
	void *trace_buf;          /* its trace records not yet written (trampolines/trace.c) */
};
struct c18n_thread *thread_self(void);
int tls_init(void);
int tls_setup_static(struct obj *o, int dlopened);
void tls_release(struct obj *o);
void tls_init_current_thread(struct obj *o);
void tls_commit_image(void);
void *c18n_tls_get_addr(void *ti) EXPORT;
/* The calling thread's block of o, or NULL while the thread has not used it (glibc's
 * dlinfo(RTLD_DI_TLS_DATA) and dl_iterate_phdr's dlpi_tls_data); allocates nothing. */
void *tls_block_if_used(struct obj *o);
size_t tls_static_align(void); /* the largest alignment a static TLS block can have */
/* pthread_create for our objects: the new thread is registered so that a dlopen initialises
 * its static TLS blocks at once, as glibc does in every thread. */
int tls_pthread_create(pthread_t *th, const pthread_attr_t *attr, void *(*fn)(void *), void *arg);
uintptr_t tls_host_offset(struct obj *o);
size_t tls_area_size(void);

/* ---- host.c: the trusted base ---- */
/* A table of names the loader binds to its own function instead of the trusted base's. */
struct interpose {
	const char *name;
	void *fn;
};
/* The function for name (whose GNU hash is h) in t[0..n), or 0.  hashes (n slots) caches the
 * names' hashes, computed on the first call (*ready then set): names are compared only when
 * the hashes match. */
ElfW(Addr) interpose_lookup(const struct interpose *t, size_t n, uint32_t *hashes, int *ready,
			    const char *name, uint32_t h);
int host_is_tcb_name(const char *name);
struct obj *host_open(const char *name);
struct obj *host_find_by_addr(uintptr_t a);
int host_init(void);
/* Our replacement for a host symbol that our objects must not bind to directly (dl* family,
 * __tls_get_addr, __libc_start_main, ...); 0 if none. */
ElfW(Addr) host_interpose(const char *name, uint32_t gnu_hash);
/* After the program is relocated: re-point host GOT slots (COPY targets, interposed defs). */
int host_fix_copies(struct obj *o, uintptr_t src, size_t size, uintptr_t dst);
int host_apply_interposition(void);
extern void *(*host_dlopen)(const char *, int);
extern int (*host_find_object)(void *, struct dl_find_object *);

/* ---- init.c ---- */
void init_run_all(int argc, char **argv, char **envp);
int init_objects(struct obj **list, size_t n, int argc, char **argv, char **envp);
void fini_object(struct obj *o);
void fini_all(void);
int c18n_libc_start_main(int (*main)(int, char **, char **), int argc, char **argv,
			 void (*init)(void), void (*fini)(void), void (*rtld_fini)(void),
			 void *stack_end);
extern int rtld_argc;
extern char **rtld_argv;

/* ---- load.c: graph loading ---- */
struct obj *load_needed_tree(struct obj *root, int dlopen_mode);
int load_all_deps(struct obj *root, int is_startup);
struct obj *load_library(const char *name, struct obj *requester, int *is_new);
/* dlopen may not load o (just mapped): DF_1_NOOPEN; returns -1 with rtld_error set, else 0. */
int load_refuse_noopen(const struct obj *o);

/* ---- dlfcn.c ---- */
void dl_set_error(const char *fmt, ...) PRINTF(1, 2);
extern struct obj rtld_self_obj;

/* ---- trampolines/tramp.c, callbacks.c ---- */
extern int tramp_enabled;
int tramp_init(void);
uintptr_t tramp_entry(ElfW(Addr) target, struct compartment *c, const char *sym,
		      struct obj *def);
ElfW(Addr) tramp_bind(struct obj *ref, struct compartment *caller, struct obj *def,
		      const ElfW(Sym) *sym, ElfW(Addr) value, int cls, const char *name);
int tramp_is_entry(uintptr_t a);
uintptr_t tramp_target(uintptr_t a);
/* The symbol an entry's descriptor d stands for, or "?" (tracing, statistics, messages). */
const char *tramp_desc_sym(const void *d);
const char *tramp_desc_sym_at(uintptr_t entry); /* the same for an address inside an entry */
uintptr_t tramp_entry_start(uintptr_t a);
void tramp_run_as_rtld(void (*fn)(void *), void *arg);
void tramp_desc_range(uintptr_t *lo, uintptr_t *hi);
/* fn(arg, k) for every descriptor index k that may have been written */
void tramp_each_desc(void (*fn)(void *arg, size_t k), void *arg);
void tramp_batch_begin(void);
void tramp_batch_end(void);
uintptr_t tramp_entry_regs(ElfW(Addr) target, struct compartment *c, const char *sym,
			   struct obj *def);
const char *tramp_name_at(struct obj *o, uintptr_t addr);
const char *tramp_entry_name(struct obj *o, uintptr_t addr); /* NULL unless shown */
void tramp_forget(struct obj *o);
int tramp_thread_ready(struct obj *o);
size_t tramp_count(void);
/* Changes whenever an entry is made or forgotten; every live named entry's stub, to fn. */
unsigned long tramp_generation(void);
void tramp_each_entry(void (*fn)(void *arg, uintptr_t stub, size_t size, const char *sym),
		      void *arg);
void *tramp_callback(void *fn);
ElfW(Addr) callbacks_interpose(const char *name, uint32_t gnu_hash);
/* pthread_getattr_np answers the caller's compartment stack (stackinfo.c) */
ElfW(Addr) stackinfo_interpose(const char *name, uint32_t gnu_hash);
/* sigaction(2) as the objects we load make it: the handler wrapped (callbacks.c) */
struct sigaction;
int callbacks_sigaction(int sig, const struct sigaction *act, struct sigaction *old);
/* follow.c: exec and posix_spawn run their targets under ld-c18n; /proc/self/exe names the
 * program.  follow_init: this ld-c18n's options (nopt words of argv) and the program. */
extern int follow_exec, follow_child;
void follow_init(char **argv, int nopt, const char *progpath);
ElfW(Addr) follow_interpose(const char *name, uint32_t gnu_hash);
/* trace.c */
int trace_init(const char *trace, const char *format, const char *stats);
int trace_active(void);
/* Statistics: counters beside the descriptors [desc_lo, desc_lo + len); with statistics but
 * no trace, the bodies count inline (trace_stats_inline). */
void trace_stats_area(uintptr_t desc_lo, size_t len);
int trace_stats_inline(void);
/* A JSON string's body for s (quotes, backslashes and control characters escaped). */
size_t trace_json_str(char *out, size_t n, const char *s);
void trace_count_stack(void);
void trace_write_stats(void);
/* Buffered trace records: out now, from every thread (exit, exec, _exit, a fatal signal);
 * the calling thread's, as it ends.  trace_flush_each: LD_C18N_TRACE_FLUSH. */
void trace_flush_all(void);
void trace_thread_gone(struct c18n_thread *t);
extern int trace_flush_each;
extern unsigned long trace_sample; /* LD_C18N_TRACE_SAMPLE */
int trace_buffered(void); /* records are being buffered (a trace, not LD_C18N_TRACE_FLUSH) */

/* ---- compartment.c ---- */
struct compartment {
	int id;
	char *name;
	int trusted;       /* [TCB] and [RTLD] */
	struct obj **objs;
	size_t nobjs;
};
extern struct compartment **compartments;
extern size_t ncompartments;
struct compartment *comp_for_object(struct obj *o);
/* The runtime compartment o belongs to ("[java]", "[ruby]", "[gc]"), or NULL (runtime.c,
 * shared with c18n-inspect). */
const char *comp_runtime_group(const struct obj *o);
void comp_assign(struct obj *o);
void comp_remove_obj(struct obj *o);
void comp_init(void);

#endif
