/* symtool: rewrite a linked shared object's dynamic symbol table into a valid but unusual
 * layout that linkers do not produce, for the symtab-unhashed scenario.
 *
 *   symtool IN OUT OP...
 *     last=NAME:BIND   NAME must be the last .dynsym entry; it is taken out of the GNU hash
 *                      table (its chain ends one entry earlier), so it lies beyond every
 *                      hashed symbol, and gets BIND (local: STB_LOCAL; hidden: STV_HIDDEN)
 *     first=NAME:BIND  NAME must be the first hashed entry (the GNU hash symoffset); the
 *                      symoffset moves past it, so it is unhashed below symoffset
 *     noshdr           drop the section header table (e_shoff, e_shnum, e_shstrndx = 0)
 * Relocations keep naming the symbol by index, as a linker's output may.  Exits 1 with a
 * message when IN is not laid out as expected (the scenario's build then fails).
 */
#include <elf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned char *buf;
static long size;

static void die(const char *what)
{
	fprintf(stderr, "symtool: %s\n", what);
	exit(1);
}

static Elf64_Shdr *section(uint32_t type)
{
	Elf64_Ehdr *eh = (Elf64_Ehdr *)buf;
	for (int i = 0; i < eh->e_shnum; i++) {
		Elf64_Shdr *sh = (Elf64_Shdr *)(buf + eh->e_shoff + (size_t)i * sizeof *sh);
		if (sh->sh_type == type)
			return sh;
	}
	die("section not found (input without section headers, or linked without GNU hash?)");
	return NULL;
}

static void set_bind(Elf64_Sym *s, const char *bind)
{
	if (!strcmp(bind, "local"))
		s->st_info = ELF64_ST_INFO(STB_LOCAL, ELF64_ST_TYPE(s->st_info));
	else if (!strcmp(bind, "hidden"))
		s->st_other = STV_HIDDEN;
	else
		die("BIND must be local or hidden");
}

int main(int argc, char **argv)
{
	if (argc < 4)
		die("usage: symtool IN OUT OP...");
	FILE *f = fopen(argv[1], "rb");
	if (!f || fseek(f, 0, SEEK_END) || (size = ftell(f)) <= 0 || fseek(f, 0, SEEK_SET))
		die("cannot read input");
	buf = malloc(size);
	if (!buf || fread(buf, 1, size, f) != (size_t)size)
		die("cannot read input");
	fclose(f);
	Elf64_Ehdr *eh = (Elf64_Ehdr *)buf;
	int noshdr = 0;
	for (int a = 3; a < argc; a++) {
		if (!strcmp(argv[a], "noshdr")) {
			noshdr = 1;
			continue;
		}
		char op[16], name[128], bind[16];
		if (sscanf(argv[a], "%15[a-z]=%127[^:]:%15s", op, name, bind) != 3)
			die("bad OP");
		Elf64_Shdr *dynsym = section(SHT_DYNSYM), *gh = section(SHT_GNU_HASH);
		Elf64_Shdr *dynstr = (Elf64_Shdr *)(buf + eh->e_shoff + dynsym->sh_link * sizeof *gh);
		Elf64_Sym *syms = (Elf64_Sym *)(buf + dynsym->sh_offset);
		uint32_t nsyms = dynsym->sh_size / sizeof *syms;
		const char *strs = (const char *)buf + dynstr->sh_offset;
		uint32_t *h = (uint32_t *)(buf + gh->sh_offset);
		uint32_t nb = h[0], symoff = h[1];
		uint32_t *buckets = h + 4 + 2 * h[2], *chain = buckets + nb;
		uint32_t k = !strcmp(op, "last") ? nsyms - 1 : symoff;
		if (k < symoff || k >= nsyms || strcmp(strs + syms[k].st_name, name)) {
			fprintf(stderr, "symtool: %s: symbol %u is %s, not %s\n", op, k,
				k < nsyms ? strs + syms[k].st_name : "(none)", name);
			exit(1);
		}
		if (!strcmp(op, "last")) {
			/* the last chain holds k: it ends one entry earlier, or the bucket empties */
			uint32_t b, found = 0;
			for (b = 0; b < nb; b++)
				if (buckets[b] == k) {
					buckets[b] = 0;
					found = 1;
				}
			if (!found)
				chain[k - 1 - symoff] |= 1;
		} else if (!strcmp(op, "first")) {
			uint32_t b, found = 0;
			for (b = 0; b < nb; b++)
				if (buckets[b] == k) {
					buckets[b] = chain[0] & 1 ? 0 : k + 1;
					found = 1;
				}
			if (!found)
				die("first: no bucket starts at symoffset");
			memmove(chain, chain + 1, (nsyms - symoff - 1) * sizeof *chain);
			h[1] = symoff + 1;
		} else {
			die("unknown OP");
		}
		set_bind(&syms[k], bind);
	}
	if (noshdr)
		eh->e_shoff = eh->e_shnum = eh->e_shstrndx = 0;
	f = fopen(argv[2], "wb");
	if (!f || fwrite(buf, 1, size, f) != (size_t)size || fclose(f))
		die("cannot write output");
	return 0;
}
