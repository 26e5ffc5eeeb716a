/*
 * dwarfsig.h: function signatures from DWARF, as the SysV x86-64 calling convention lays them
 * out -- above all, how many bytes of a call's arguments the caller leaves on the stack, which
 * is what a trampoline must copy to the callee's stack.  The loader builds one table per object
 * at load time (dwarfsig_load) and consults it when it makes a trampoline entry
 * (dwarfsig_lookup); c18n-inspect uses the same classifier (dwarfsig_classify,
 * dwarfsig_stack_bytes_of) and the same debug-file discovery (dwarfsig_find_debug) for its
 * reports.
 *
 * Must stay true:
 *  - rtld/dwarf-abi.c holds the only implementation of the classification, rtld/debugfile.c
 *    that of debug-file discovery (rtld/mangle.c reads mangled names, rtld/dwarfsig.c keeps
 *    the tables); the loader and the tool both call them, so the tool's "stack bytes" is the
 *    number the loader copies.
 *  - A number is given only when it is exact.  Whatever the classifier does not understand
 *    (declaration-only types, vectors wider than 16 bytes, unprototyped declarations, ...)
 *    makes the answer "unknown": dwarfsig_lookup() fails and the loader keeps its default.
 *  - dwarfsig_lookup() neither allocates nor takes locks: it may run in a signal handler's
 *    first call through a lazily bound PLT slot.
 */
#ifndef C18N_DWARFSIG_H
#define C18N_DWARFSIG_H

#include "rtld.h" /* first: it sets _GNU_SOURCE before any system header */

#include <elfutils/libdw.h>
#include <stddef.h>

/* The answer for a variadic function: the caller alone knows how much it put on the stack. */
#define DWARFSIG_VARIADIC ((size_t)-1)

/* Signatures of one object's functions. */
struct dwarfsig;

/* Read PATH's DWARF (its own .debug_info, else a separate debug file found by build-id under
 * /usr/lib/debug/.build-id/ or by .gnu_debuglink next to the file, in a .debug subdirectory,
 * or under /usr/lib/debug + dirname), and build a table: name of every external function
 * defined there (DW_AT_linkage_name else DW_AT_name; declarations skipped) that a binding
 * can reach -- .dynsym defines its name or a symbol at its entry address; every one when the
 * file has no .dynsym -- -> its stack-argument bytes, or DWARFSIG_VARIADIC for variadic
 * functions.  Defined function
 * symbols in PATH's .dynsym that DWARF does not name but that sit at the entry address of a
 * described function (aliases, C++ complete/base constructor pairs) get that function's
 * answer; names .dynsym defines at two addresses (symbol versions) or as IFUNCs get none.
 * When DWARF definitions of one name disagree the larger answer wins.  NULL if the object
 * has no usable DWARF (or no function in it could be classified exactly).  Called at load
 * time; the table comes from rtld_alloc (libdw may malloc internally while reading). */
struct dwarfsig *dwarfsig_load(const char *path);
/* The same for PATH already open as elf (any read mode; left open): the loader passes the
 * handle it mapped the object with, so the file is not opened and read twice. */
struct dwarfsig *dwarfsig_load_elf(Elf *elf, const char *path);

/* 0 and *bytes on success; -1 if func is unknown (or t is NULL).  *bytes is DWARFSIG_VARIADIC
 * for a variadic function.  *ptr_regs: dwarfsig_sig's, DWARFSIG_ALL_REGS for a variadic
 * function.  Must not allocate. */
#define DWARFSIG_ALL_REGS 0x3fu
int dwarfsig_lookup(const struct dwarfsig *t, const char *func, size_t *bytes,
		    unsigned *ptr_regs);

/* 0 with *bytes = 0 when the C++ mangled name alone shows that a call puts nothing on the
 * stack (every parameter a builtin arithmetic type, pointer or reference, few enough for the
 * registers whatever hidden arguments the call has); -1 otherwise.  Allocates nothing. */
int dwarfsig_from_mangled(const char *name, size_t *bytes);

/* Number of names in the table (for diagnostics and tests). */
size_t dwarfsig_count(const struct dwarfsig *t);

void dwarfsig_free(struct dwarfsig *t);

/* ---- the classifier ---- */

/* How one formal parameter is passed. */
struct dwarfsig_param {
	size_t index;           /* 0-based position among the formal parameters (this included) */
	Dwarf_Die die;          /* the DW_TAG_formal_parameter */
	int has_type;
	Dwarf_Die type;         /* its type as declared (typedefs not peeled); has_type only */
	int known;              /* the classifier understood the type: placement is exact */
	int by_reference;       /* C++ class passed by invisible reference (a pointer) */
	int on_stack;           /* passed in memory, in the caller's stack-argument area */
	size_t stack_offset;    /* on_stack: offset from the caller's %rsp at the call */
	size_t stack_size;      /* on_stack: bytes it occupies (size rounded up to 8) */
};

/* The whole signature. */
struct dwarfsig_sig {
	size_t stack_bytes;     /* end of the last stack-passed argument (fixed ones if variadic) */
	int variadic;           /* DW_TAG_unspecified_parameters */
	int sret;               /* result returned in memory: its address takes %rdi */
	size_t nparams;
	size_t nunknown;        /* parameters (or the return type) not understood */
	unsigned ptr_regs;      /* integer argument registers (bit 0: %rdi ... bit 5: %r9) that
				 * may carry a pointer: the memory result's address, a pointer,
				 * reference or by-reference class, an aggregate's eightbytes, and
				 * a variadic function's registers after its fixed arguments;
				 * not those of scalar integers */
};

typedef void (*dwarfsig_param_fn)(void *ctx, const struct dwarfsig_param *p);

/* Classify subprogram (a DW_TAG_subprogram definition or declaration; parameters are taken
 * from its abstract origin or specification when it lists none) per the SysV x86-64 ABI: 6
 * integer and 8 vector registers, a memory-returned result takes %rdi, an argument that does
 * not fit in the registers left goes on the stack whole (size rounded up to 8, offset aligned
 * to its alignment when that exceeds 8), C++ classes as g++ passes them.  each (may be NULL)
 * is called once per formal parameter in order.  A DW_TAG_subroutine_type is accepted too.
 * Returns 0 when the answer is exact, 1 when it is an estimate (sig->nunknown > 0), -1 when
 * the DIE is neither.  Allocates nothing itself (libdw may, reading). */
int dwarfsig_classify(Dwarf_Die *subprogram, struct dwarfsig_sig *sig, dwarfsig_param_fn each,
		      void *ctx);

/* The classifier's bottom line (what dwarfsig_load records per function): *bytes gets the
 * stack-argument bytes (of the fixed arguments when variadic), *variadic 0 or 1.  Returns as
 * dwarfsig_classify: 0 exact, 1 estimate, -1 not a subprogram. */
int dwarfsig_stack_bytes_of(Dwarf_Die *subprogram, size_t *bytes, int *variadic);
/* The same, and *ptr_regs as dwarfsig_sig's (isolation grants through those alone). */
int dwarfsig_signature_of(Dwarf_Die *subprogram, size_t *bytes, int *variadic,
			  unsigned *ptr_regs);

/* Type-tag questions the tool asks too: struct/class/union; pointer or reference; a member
 * that is static (declaration or external). */
int dwarfsig_is_aggregate(int tag);
int dwarfsig_is_pointer(int tag);
int dwarfsig_is_static_member(Dwarf_Die *m);

/* ---- where an object's DWARF lives ---- */
enum dwarfsig_debug_source {
	DWARFSIG_DEBUG_NONE,
	DWARFSIG_DEBUG_EMBEDDED,  /* the object's own non-empty .debug_info */
	DWARFSIG_DEBUG_BUILD_ID,  /* ROOT/.build-id/xx/yyyy.debug */
	DWARFSIG_DEBUG_DEBUGLINK, /* .gnu_debuglink: DIR/NAME, DIR/.debug/NAME, ROOT/DIR/NAME */
};

/* Find the DWARF of the ELF file elf, opened from path.  roots are the debug roots searched for
 * .build-id/ and mirrored directories, in order (NULL or nroots 0: "/usr/lib/debug").  A
 * .gnu_debuglink candidate must carry the object's build-id when both have one, else match
 * the link's CRC.  For a separate file, its path goes to buf (size bytes).  Allocates
 * nothing itself. */
enum dwarfsig_debug_source dwarfsig_find_debug(Elf *elf, const char *path,
					       const char *const *roots, size_t nroots,
					       char *buf, size_t size);

/* An object's section headers and their names (the section-name string table), as the
 * loader reads them from the file itself. */
struct dwarfsig_sections {
	const Elf64_Shdr *sh;
	size_t n;
	const char *names;
	size_t namesz;
	/* the file's first image_len bytes in memory (the loader's mapping of a first segment
	 * that starts the file: the notes lie there), or NULL: what lies there is not read
	 * again from the file */
	const unsigned char *image;
	uint64_t image_len;
};
/* The name of section sh, or NULL when it lies outside the names or runs off their end. */
const char *dwarfsig_section_name(const struct dwarfsig_sections *secs, const Elf64_Shdr *sh);
/* dwarfsig_find_debug for the file open as fd (fsize bytes), from its section headers, with
 * the default root: what the loader asks of every object it maps, without libelf. */
enum dwarfsig_debug_source dwarfsig_find_debug_fd(int fd, uint64_t fsize,
						  const struct dwarfsig_sections *secs,
						  const char *path, char *buf, size_t size);
/* dwarfsig_load_elf for a file whose DWARF was found already: src and, for a separate file,
 * its path dbg, as dwarfsig_find_debug or dwarfsig_find_debug_fd answered. */
struct dwarfsig *dwarfsig_load_found(Elf *elf, enum dwarfsig_debug_source src, const char *dbg);

#endif
