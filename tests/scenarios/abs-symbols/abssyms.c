/* Absolute symbols (SHN_ABS): their value is an address, not an offset in the library, so
 * the load base is never added.  abs_zero is absolute with the value 0. */
__asm__(".globl abs_val\n\t.set abs_val, 0x1234\n"
	".globl abs_zero\n\t.set abs_zero, 0\n"
	".globl abs_weak\n\t.set abs_weak, 0x5678\n");
