/* The program's own PLT slot for lib_f: before the first call it points back into the
 * program (lazy), afterwards it holds exactly what dlsym returns for lib_f (under ld-c18n,
 * the sealed entry of another compartment's function). */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <elf.h>
#include <link.h>
#include <stdio.h>
#include <string.h>

int lib_f(int x);

static ElfW(Addr) *slot;
static ElfW(Addr) lo, hi;

static int find(struct dl_phdr_info *info, size_t size, void *data)
{
	(void)size;
	(void)data;
	if (info->dlpi_name[0]) /* the program is the one with an empty name */
		return 0;
	const ElfW(Dyn) *dyn = NULL;
	lo = ~(ElfW(Addr))0;
	for (int i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		if (ph->p_type == PT_DYNAMIC)
			dyn = (const void *)(info->dlpi_addr + ph->p_vaddr);
		if (ph->p_type == PT_LOAD) {
			if (info->dlpi_addr + ph->p_vaddr < lo)
				lo = info->dlpi_addr + ph->p_vaddr;
			if (info->dlpi_addr + ph->p_vaddr + ph->p_memsz > hi)
				hi = info->dlpi_addr + ph->p_vaddr + ph->p_memsz;
		}
	}
	const ElfW(Rela) *rel = NULL;
	size_t relsz = 0;
	const ElfW(Sym) *sym = NULL;
	const char *str = NULL;
	for (; dyn && dyn->d_tag != DT_NULL; dyn++) {
		/* the system loader relocates these in place; ld-c18n leaves them as in the file */
		ElfW(Addr) v = dyn->d_un.d_ptr;
		if (v < lo)
			v += info->dlpi_addr;
		switch (dyn->d_tag) {
		case DT_JMPREL: rel = (const void *)v; break;
		case DT_PLTRELSZ: relsz = dyn->d_un.d_val; break;
		case DT_SYMTAB: sym = (const void *)v; break;
		case DT_STRTAB: str = (const void *)v; break;
		}
	}
	for (size_t i = 0; rel && i < relsz / sizeof *rel; i++)
		if (!strcmp(str + sym[ELF64_R_SYM(rel[i].r_info)].st_name, "lib_f"))
			slot = (ElfW(Addr) *)(info->dlpi_addr + rel[i].r_offset);
	return 1;
}

int main(void)
{
	dl_iterate_phdr(find, NULL);
	if (!slot) {
		printf("no PLT slot for lib_f\n");
		return 1;
	}
	printf("before the first call, the slot points into the program: %s\n",
	       *slot >= lo && *slot < hi ? "yes" : "no");
	int r = lib_f(14);
	printf("lib_f(14) = %d\n", r);
	void *f = dlsym(RTLD_DEFAULT, "lib_f");
	printf("after: the slot holds dlsym(lib_f): %s\n", (void *)*slot == f ? "yes" : "no");
	printf("calling through it again: %d\n", ((int (*)(int))*slot)(5));
	return 0;
}
