/*
 * md.h: the one written list of machine-dependent functions and names.
 *
 * Every architecture provides arch/<arch>/arch.h defining the names below, and sources under
 * arch/<arch>/ implementing the functions.  Generic code uses only these; it never tests
 * __x86_64__ or any other architecture macro.  Must stay true: adding an architecture means
 * implementing exactly this list.
 *
 * Names (macros in arch.h):
 *   R_TYPE_NONE, R_TYPE_RELATIVE, R_TYPE_COPY, R_TYPE_JUMP_SLOT, R_TYPE_GLOB_DAT,
 *   R_TYPE_IRELATIVE, R_TYPE_DTPMOD, R_TYPE_DTPOFF, R_TYPE_TPOFF, R_TYPE_TLSDESC,
 *   R_TYPE_ABS (word-sized absolute)          generic relocation kinds
 *   EM_ARCH                                   e_machine this build loads
 *   ARCH_PLATFORM                             default $PLATFORM
 *   ARCH_LIB_DIRS                             default library directories, colon separated
 *   ARCH_LIB                                  $LIB expansion
 *   LDSO_CACHE_FLAGS                          ld.so.cache entry flags for this ABI
 *   ARCH_USER_TOP                             first address past user space
 *   ARCH_CODE_WINDOW_LO, ARCH_CODE_WINDOW_HI  isolation's window for compartment code
 *                                             (isolation/seccomp.c): an address range no
 *                                             native process layout puts code in, both
 *                                             ends multiples of 4 GiB
 *   ARCH_SIGCTX_FLAGS                         the signal context's flags register (an
 *                                             index of uc_mcontext.gregs)
 *   ARCH_FLAG_SINGLE_STEP                     its bit that traps after the next
 *                                             instruction (isolation's byte grain)
 *   ARCH_AUDIT                                seccomp_data.arch of the native system-call
 *                                             ABI (<linux/audit.h>)
 *   ARCH_BREAKPOINT_BYTE                      the first byte of the breakpoint instruction a
 *                                             debugger plants (gdbjit.c)
 *   ARCH_JUMP_STUB_SIZE                       bytes arch_jump_stub writes (a multiple of 16)
 *
 * Functions:
 *   uintptr_t arch_tp(void)                   thread pointer
 *   const char *arch_reloc_name(unsigned)     relocation type name for messages
 *   int arch_reloc_class(unsigned type)       RCLASS_* of a relocation type (see below)
 *   int arch_reloc_other(struct obj *o, const ElfW(Rela) *r, ElfW(Addr) *where,
 *                        ElfW(Addr) sym_value, const ElfW(Sym) *sym)
 *                                             arch-specific types not in the generic list
 *                                             (sym NULL: no symbol or undefined weak)
 *   void arch_tlsdesc_static(void)            TLSDESC resolver for static-TLS modules
 *                                             (GOT[0]); GOT[1] holds the tp offset
 *   void arch_lazy_init(void)                 size the lazy binder's register save area
 *   int arch_wide_vectors(void)               vector registers wider than 128 bits are in
 *                                             use: trampolines clear them with the wide
 *                                             (VEX) instructions
 *   void *arch_lazy_entry(void)               the lazy-binding entry PLT0 jumps to (GOT[2]);
 *                                             it calls c18n_lazy_bind(obj, reloc index),
 *                                             preserving every argument register
 *   uintptr_t arch_jmpbuf_sp(const void *env) the stack pointer a jmp_buf restores
 *   NORETURN void arch_handoff(void *entry, void *sp, void (*rtld_fini)(void))
 *                                             jump to the program entry on stack sp
 *   int arch_probe_read(const void *a, uintptr_t *out)
 *                                             read the word at a, or fail (-1) if it cannot
 *                                             be read: the fault handler resumes a fault of
 *                                             the probe at arch_probe_fixup(pc)
 *   uintptr_t arch_probe_fixup(uintptr_t pc)  where a fault at pc resumes, or 0
 *   void arch_call_on_stack(void *top, void (*fn)(void *), void *arg)
 *                                             fn(arg) on another stack (isolation: longjmp
 *                                             leaves from the loader's hook stack)
 *   const char *arch_syscall_name(long nr)    the native system call nr's name, or NULL
 *   long arch_syscall6(long nr, long a, long b, long c, long d, long e, long f)
 *                                             a native system call from scalar-only code
 *                                             (inline; -errno on error)
 *   ARCH_SCALAR_ONLY ... ARCH_SCALAR_END      the code between uses general-purpose
 *                                             registers only (pragmas)
 *   void arch_jump_stub(unsigned char *at, const uintptr_t *literal)
 *                                             write at `at` a stub of ARCH_JUMP_STUB_SIZE
 *                                             bytes that jumps to the address *literal holds
 *                                             (within 2 GiB of at), every register and the
 *                                             stack untouched (gdbjit.c)
 *   long arch_syscall_compat(long nr, const long a[6])
 *                                             make the compat-ABI system call nr (i386's
 *                                             int $0x80 on x86-64) with arguments a;
 *                                             returns the kernel's result (-errno on error)
 */
#ifndef C18N_MD_H
#define C18N_MD_H
#include <link.h>
#include <stdint.h>

struct obj;
enum reloc_class {
	RCLASS_OTHER,     /* handled by arch_reloc_other */
	RCLASS_NONE,
	RCLASS_RELATIVE,
	RCLASS_ABS,       /* S + A, word */
	RCLASS_GLOB_DAT,  /* S */
	RCLASS_JUMP_SLOT, /* S */
	RCLASS_COPY,
	RCLASS_IRELATIVE,
	RCLASS_DTPMOD,
	RCLASS_DTPOFF,
	RCLASS_TPOFF,
	RCLASS_TLSDESC,
	RCLASS_UNKNOWN,
};

uintptr_t arch_tp(void);
const char *arch_reloc_name(unsigned type);
int arch_reloc_class(unsigned type);
int arch_reloc_other(struct obj *o, const ElfW(Rela) *r, ElfW(Addr) *where, ElfW(Addr) sym_value,
		     const ElfW(Sym) *sym);
void arch_tlsdesc_static(void);
void arch_lazy_init(void);
int arch_wide_vectors(void);
uintptr_t arch_jmpbuf_sp(const void *env);
void *arch_lazy_entry(void);
__attribute__((noreturn)) void arch_handoff(void *entry, void *sp, void (*rtld_fini)(void));
void arch_call_on_stack(void *top, void (*fn)(void *), void *arg);
int arch_probe_read(const void *a, uintptr_t *out);
uintptr_t arch_probe_fixup(uintptr_t pc);
const char *arch_syscall_name(long nr);
long arch_syscall_compat(long nr, const long a[6]);
void arch_jump_stub(unsigned char *at, const uintptr_t *literal);
#endif
