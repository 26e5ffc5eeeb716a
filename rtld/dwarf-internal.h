/*
 * dwarf-internal.h: what the rooms behind dwarfsig.h share beyond it -- the DIE helpers of
 * dwarf-abi.c that the table builder (dwarfsig.c) reads DWARF with too.  Loader-internal
 * (hidden); c18n-inspect uses dwarfsig.h only.
 *
 * Must stay true: only the rtld/ files that implement dwarfsig.h include this header.
 */
#ifndef C18N_DWARF_INTERNAL_H
#define C18N_DWARF_INTERNAL_H

#include "dwarfsig.h"

/* d's flag attribute at is present and set (through abstract origin and specification). */
HIDDEN int flag(Dwarf_Die *d, unsigned at);

/* The name a dynamic symbol has: the linkage name (C++), else the plain name. */
HIDDEN const char *sym_name(Dwarf_Die *d);

#endif
