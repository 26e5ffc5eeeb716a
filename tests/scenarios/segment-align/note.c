/* A library with a 256 KiB PT_NOTE segment (one note whose descriptor is 256 KiB of bytes). */
#include <elf.h>
struct big_note {
	Elf64_Nhdr h;
	char name[8];
	unsigned char desc[256 << 10];
};
__attribute__((section(".note.c18n.big"), used, aligned(4)))
static const struct big_note big = { { 5, 256 << 10, 0x4242 }, "C18N", { 1, 2, 3 } };
int note_byte(int i) { return big.desc[i]; }
