/*
 * iso.h: memory isolation between compartments (LD_C18N_ISOLATE, c18n(7)), emulating CHERI
 * capabilities with mprotect, a capability table and a tag shadow.
 *
 * The rooms:
 *   memory.c   what each compartment owns (code, data, stacks) and the switch that opens the
 *              callee's memory and closes the caller's at every transition
 *   captab.c   the capabilities a compartment holds outside its own memory: imported objects,
 *              pointers passed and returned, dlsym results, the tag shadow of relocated words
 *   bounds.c   the bounds of an object at an address (symbols, gaps between them), function
 *              starts (symbols and .eh_frame_hdr), sections, for checks and reports
 *   fault.c    the SIGSEGV/SIGBUS/SIGSYS handler: the capability check itself, raw calls turned into
 *              transitions, the program's own handlers, audit counts
 *   report.c   the violation report (source line from libdw, backtrace across compartments)
 *              and the audit summary
 *   mediate.c  memory system calls from compartments (mprotect and friends), the loader's
 *              descriptors, /proc/self/mem by what was opened
 *   seccomp.c  the filter that traps system calls made from compartment code (the code
 *              window), and what a trap becomes
 *   guard.c    the loader's own state (current compartment, trusted stack, stack table,
 *              descriptors) checked against a shadow no compartment can write
 *   signals.c  asynchronous signals deferred while a transition changes a thread's state
 *
 * Must stay true: with LD_C18N_ISOLATE=off (iso_mode == ISO_OFF) nothing here runs on any
 * path of the loader or the trampolines; every entry point below returns at once.
 */
#ifndef C18N_ISO_H
#define C18N_ISO_H
#include "rtld.h"

#include <signal.h>
#include <sys/ucontext.h>

enum iso_mode { ISO_OFF, ISO_AUDIT, ISO_ENFORCE };
extern int iso_mode;

/* Violation kinds, as the report and the statistics name them. */
enum iso_kind { ISO_READ, ISO_WRITE, ISO_EXECUTE, ISO_SYSCALL };
const char *iso_kind_name(int kind);

/* ---- signals.c ---- */
/* sigaction from a compartment, a = the act with the handler's entry: what the kernel is to
 * hold instead (the dispatcher); once installed, what it stands for; and an old action read
 * back from the kernel, as the compartment installed it (the entry, its flags). */
void iso_sig_wrap(int sig, struct sigaction *a);
void iso_sig_commit(int sig, void *entry, int flags);
void iso_sig_unwrap(int sig, struct sigaction *old);
void c18n_sig_release(void); /* tramp.S: unblock the signals a region deferred */

/* ---- memory.c ---- */
extern unsigned long iso_nprotect; /* mprotect calls made (stats) */
int iso_parse_mode(const char *v); /* "off"/"audit"/"enforce" (and "1"): mode, or -1 */
/* LD_C18N_ISOLATE_GRAIN: page (an admitted access opens its page until the next transition)
 * or byte (every access to a closed page is checked against the capability's exact bounds,
 * the instruction single-stepped with the page open, then the page closed again). */
enum iso_grain { GRAIN_PAGE, GRAIN_BYTE };
extern int iso_grain;
int iso_parse_grain(const char *v); /* "page"/"byte": the grain, or -1 */
int iso_init(void);                /* after options: handlers, tables; rtld_error on failure */
/* An object is mapped and relocated: record what its compartment owns.  Its memory is open
 * until iso_settle() closes every compartment no thread runs in. */
void iso_add_object(struct obj *o);
void iso_remove_object(struct obj *o); /* dlclose, before it is unmapped */
void iso_settle(void);
/* Hand-off: the program's arguments and environment move to page(s) of their own below
 * the loader's frames (they stay readable by every compartment: libc reads them); returns
 * the new stack pointer.  Then the main thread's stack below them belongs to the program. */
long *iso_handoff_stack(long *sp);
void iso_start(struct obj *main_obj, uintptr_t sp);
/* A compartment stack of thread t was made (tramp.c new_stack), open; or is going away. */
void iso_stack_made(struct c18n_thread *t, struct comp_stack *s);
void iso_stack_gone(struct comp_stack *s);
/* Make the protection match t's current compartment again (after longjmp or a pop of
 * trusted frames that skipped the landing pads). */
void iso_resync(struct c18n_thread *t);
/* Hooks of the isolating trampoline body and landing pads (tramp.S). */
void c18n_iso_enter(struct tframe *f, char *dst, size_t w, uint32_t nstack,
		    const uintptr_t *regs);
void c18n_iso_leave(struct tframe *f, uintptr_t rax, uintptr_t rdx);
/* Ownership: the compartment owning a (closable) address, its kind and range. */
enum iso_own { OWN_NONE, OWN_CODE, OWN_DATA, OWN_STACK, OWN_LOADER };
struct iso_owner {
	int kind;              /* enum iso_own */
	long comp;
	struct obj *obj;       /* OWN_CODE, OWN_DATA */
	struct comp_stack *stack; /* OWN_STACK */
	uintptr_t lo, hi;      /* the region */
	int prot;              /* its protection when open */
	int closed;            /* and when closed */
};
int iso_owner_of(uintptr_t a, struct iso_owner *w);
/* Could thread t have entered compartment c's code while it was open for another thread
 * (since t's last transition)?  With one thread, never. */
int iso_maybe_entered(struct c18n_thread *t, long c);
void iso_thread_born(struct c18n_thread *t); /* its first transition (tramp.c) */
void iso_thread_gone(struct c18n_thread *t);
/* Open the page at a (or [lo, hi)) for thread t until its next transition (a permitted
 * access). */
void iso_open_temp(struct c18n_thread *t, const struct iso_owner *w, uintptr_t a);
void iso_open_temp_range(struct c18n_thread *t, const struct iso_owner *w, uintptr_t lo,
			 uintptr_t hi);
/* Byte grain: open the page at a for the one instruction thread t is about to step through;
 * close every page so opened (the step is done). */
void iso_step_open(struct c18n_thread *t, const struct iso_owner *w, uintptr_t a);
void iso_step_close(struct c18n_thread *t);
/* Is the memory of w open as far as the isolation state goes (a fault there is then not
 * one of its closings)? */
int iso_owner_open(const struct iso_owner *w);
/* This thread's stacks readable until its next transition (it is unwinding). */
void iso_stacks_readable(struct c18n_thread *t);
/* Open every compartment's memory (reports walk every stack); iso_resync closes it again. */
void iso_open_all(void);
/* Is a unmapped, in the gap the main thread's stack would grow into (never probe it)? */
int iso_in_stack_gap(uintptr_t a);
/* Read n bytes at a whatever their protection (through /proc/self/mem when closed). */
int iso_read(uintptr_t a, void *buf, size_t n);
/* The line of /proc/self/maps holding a: 1, or 0 and "". */
int iso_maps_line(uintptr_t a, char *out, size_t n);
void iso_lock(void);
void iso_unlock(void);
/* Is a inside the loader's or the trusted base's code (their faults are not checks)? */
int iso_pc_is_loader(uintptr_t pc);
int iso_pc_is_unwinder(uintptr_t pc);
int iso_pc_is_tcb(uintptr_t pc);
struct obj *iso_main_obj(void);

/* Per object (struct obj's iso): the tag shadow of its writable segments, one bit per
 * 8-byte word a relocation filled with a pointer, and the bounds index (bounds.c). */
struct bsym {
	uintptr_t lo, hi;
	const char *name;
	unsigned char func;
	unsigned char exported;  /* defined in .dynsym with default or protected visibility */
};
struct iso_obj {
	uintptr_t tag_lo, tag_hi;
	uint64_t *tags;
	struct bsym *syms;      /* sorted by lo; built at the first need */
	size_t nsyms;
	int syms_built;
	char *strs;             /* .symtab's strings, read from the file */
	uintptr_t *fstarts;     /* function starts from .eh_frame_hdr, sorted (built lazily) */
	size_t nfstarts;
	int fstarts_built;
};
struct iso_obj *iso_obj_of(struct obj *o);

/* ---- captab.c ---- */
void cap_tag(struct obj *o, const ElfW(Addr) *where); /* relocation stored a pointer there */
/* Relocation bound ref to data object sym of def (value: its address). */
void cap_grant_import(struct obj *ref, struct obj *def, const ElfW(Sym) *sym, ElfW(Addr) value);
void cap_grant_global(uintptr_t start, size_t size);  /* held by every compartment */
/* The program's copy [lo, lo+n) of def's variable (a COPY relocation): the object is def's
 * as far as the pointers def stores in it go (c18n(7)). */
void cap_note_copy(struct obj *def, uintptr_t lo, size_t n);
/* A pointer value v reached compartment `to` (an argument, a returned value, a dlsym result):
 * if v points into another compartment's data, `to` keeps a capability to that object. */
void cap_grant_value(long to, uintptr_t v);
void cap_grant_object(long to, struct obj *def, const ElfW(Sym) *sym, ElfW(Addr) value);
/* Does compartment comp, on thread t, hold a capability covering [a, a+n)?  On success *why
 * describes it (for audit and debug output). */
struct cap_why {
	const char *origin;  /* "import", "argument", "returned", "dlsym", "global", "tagged" */
	uintptr_t lo, hi;
	long holder;
};
int cap_check(struct c18n_thread *t, long comp, uintptr_t a, size_t n, struct cap_why *why);
/* The same, satisfied by a capability covering any byte of [a, a+n). */
int cap_check_overlap(struct c18n_thread *t, long comp, uintptr_t a, size_t n,
		      struct cap_why *why);
void cap_open_args(struct c18n_thread *t, const struct tframe *f);
void cap_forget_object(struct obj *o);
size_t cap_count(void);

/* ---- bounds.c ---- */
/* The object at a in o: the symbol containing it, else the gap between the symbols around it
 * (the smallest range known to hold any object there).  name: the symbol, or NULL. */
int bounds_of(struct obj *o, uintptr_t a, uintptr_t *lo, uintptr_t *hi, const char **name);
/* The same, 1 only for a symbol o exports (any compartment may dlsym it). */
int bounds_exported(struct obj *o, uintptr_t a, uintptr_t *lo, uintptr_t *hi, const char **name);
/* Is a the first instruction of a function of o (a symbol, or an FDE's start)? */
int bounds_is_function_start(struct obj *o, uintptr_t a);
/* The name of the function containing pc (symbol table), or NULL; *off its offset. */
const char *bounds_function_at(struct obj *o, uintptr_t pc, uintptr_t *off);
/* The section of o holding a ("" if unknown). */
const char *bounds_section_at(struct obj *o, uintptr_t a, uintptr_t *off);
/* A canonical PLT entry of the program (non-PIE): the real target of the symbol, or 0. */
uintptr_t bounds_plt_target(struct obj *o, uintptr_t a, struct obj **def);
void bounds_forget(struct obj *o);

/* ---- fault.c ---- */
extern unsigned long iso_nfaults;
int fault_install(void);
/* Keep sig for the loader (its handler fn); the program's own handler for it is reached
 * through fault_forward for what is not the loader's. */
int fault_keep(int sig, void (*fn)(int, siginfo_t *, void *));
void fault_forward(int sig, siginfo_t *si, ucontext_t *uc);
/* The program's own handler for a signal the loader keeps for itself (SIGSEGV, SIGBUS):
 * sigaction through the trusted base lands here.  Returns 1 if handled (r holds the
 * result), 0 to let the caller install it with the kernel as usual. */
int fault_sigaction(int sig, const struct sigaction *act, struct sigaction *old, int *r);

/* ---- report.c ---- */
struct iso_violation {
	long comp;             /* the accessing compartment */
	int kind;              /* enum iso_kind */
	uintptr_t addr;
	size_t size;           /* 0: unknown */
	struct iso_owner owner;
	uintptr_t pc;
	const char *detail;    /* syscall: what was refused; OWN_LOADER: what was changed */
};
/* Reports go to standard error as it was at start-up (a descriptor of the loader's). */
void report_init(void);
/* Print the report (stderr and LD_C18N_DEBUG_OUTPUT); uc: the signal context or NULL. */
void report_violation(const struct iso_violation *v, void *uc);
/* LD_C18N_DEBUG=crash: the report of a fatal signal in compartment comp (debugger.c) */
void report_crash(int sig, const siginfo_t *si, void *uc, long comp);
/* Count it for the summary (audit) and the statistics. */
void report_count(const struct iso_violation *v);
void report_summary(int fd);
void report_stats_json(void (*put)(void *, const char *), void *arg);
void report_trace_json(const struct iso_violation *v);
/* Size in bytes of the memory access of the instruction at pc (0 if not decoded). */
size_t report_access_size(const unsigned char *pc);

/* ---- guard.c ---- */
int guard_init(uintptr_t desc_lo, uintptr_t desc_hi); /* iso_init */
void guard_seal(struct c18n_thread *main_thread, long main_comp); /* iso_start */
int guard_fd(void);   /* the loader's read-write /proc/self/mem, or -1 */
void guard_atfork_child(void);
/* Write n bytes at dst whatever its protection (the shadow, descriptors); fatal on error. */
int guard_write(void *dst, const void *src, size_t n);
void guard_thread_born(struct c18n_thread *t);
void guard_thread_gone(struct c18n_thread *t);
void guard_stack_init(struct c18n_thread *t, long comp, uintptr_t value);
/* Transition hooks: check frame f before acting on it; record it; check it before its pop. */
void guard_enter(struct c18n_thread *t, struct tframe *f);
void guard_commit_enter(struct c18n_thread *t, const struct tframe *f, uintptr_t window);
void guard_pop(struct c18n_thread *t, struct tframe *f);
void guard_check_export(struct c18n_thread *t, const struct tframe *f);
/* The compartment thread t runs in, checked against the shadow (reports tampering as found
 * at pc). */
long guard_current(struct c18n_thread *t, uintptr_t pc);
void fault_die(void);

/* ---- mediate.c ---- */
ElfW(Addr) mediate_interpose(const char *name, uint32_t gnu_hash);
/* A descriptor the loader uses itself (its /proc/self/mem, a memfd it writes): from
 * compartments, writing to it, mapping it, duplicating it or onto it, changing its flags or
 * seals and reopening it (/proc/self/fd/N) are refused and reported; closing it leaves it
 * open.  Reads stay allowed.  fd must stay open while the loader uses it. */
void mediate_protect_fd(int fd);
/* The filter is on (seccomp.c): protect the descriptors the loader already holds on this
 * process's memory. */
void mediate_start(void);

/* ---- seccomp.c ---- */
/* System calls from compartment code (a `syscall' instruction outside the trusted base)
 * trap; SIGSYS becomes the loader's.  After iso_start, before the program runs; fails with
 * rtld_error. */
int seccomp_start(void);
/* mmap(NULL, ...) placed in the window compartment code lives in (plain mmap when isolation
 * is off): every object the loader maps, every mapping a compartment makes. */
void *iso_window_map(size_t len, int prot, int flags, int fd, off_t off);
int iso_in_window(uintptr_t lo, uintptr_t hi); /* [lo, hi) lies inside it */

#endif
