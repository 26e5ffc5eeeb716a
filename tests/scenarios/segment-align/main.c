/* Segments aligned beyond the page size (p_align 64 KiB and 2 MiB) in the program, a start-up
 * dependency and a dlopen'ed library: every variable is aligned as declared, natively and
 * under ld-c18n; a library with a 256 KiB PT_NOTE segment loads. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>

int main_data[4] __attribute__((aligned(0x200000))) = { 5, 6, 7, 8 };
int main_bss[4] __attribute__((aligned(0x200000)));
int *al64k_data_addr(void);
int *al64k_bss_addr(void);
extern int (*al64k_fn)(void);
int note_byte(int i);

static void show(const char *what, const void *p, uintptr_t align)
{
	printf("%s: %s to 0x%lx\n", what, (uintptr_t)p % align ? "NOT aligned" : "aligned",
	       (unsigned long)align);
}

int main(void)
{
	show("program data", main_data, 0x200000);
	show("program bss", main_bss, 0x200000);
	printf("program data[3] = %d, bss[3] = %d\n", main_data[3], main_bss[3]);
	show("libal64k data", al64k_data_addr(), 0x10000);
	show("libal64k bss", al64k_bss_addr(), 0x10000);
	printf("libal64k fn() = %d\n", al64k_fn());
	void *h = dlopen("libal2m.so", RTLD_NOW);
	if (!h) {
		printf("dlopen(libal2m.so): %s\n", dlerror());
		return 1;
	}
	int *(*data)(void) = (int *(*)(void))dlsym(h, "al2m_data_addr");
	int *(*bss)(void) = (int *(*)(void))dlsym(h, "al2m_bss_addr");
	int (**fn)(void) = (int (**)(void))dlsym(h, "al2m_fn");
	show("libal2m data (dlopen)", data(), 0x200000);
	show("libal2m bss (dlopen)", bss(), 0x200000);
	printf("libal2m fn() = %d, data[1] = %d\n", (*fn)(), data()[1]);
	printf("note bytes: %d %d %d\n", note_byte(0), note_byte(2), note_byte((256 << 10) - 1));
	return 0;
}
