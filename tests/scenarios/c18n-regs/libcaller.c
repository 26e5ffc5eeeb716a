/* libcaller: a library compartment calling regs_probe (through lib_regs_call in regs.S). */
#include "regs.h"
void libcaller_call(struct regs_io *io) { lib_regs_call(io); }
