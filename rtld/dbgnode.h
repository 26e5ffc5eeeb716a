/*
 * dbgnode.h: the layout of a node of the debugger's object list (rtld/debugger.c) beyond the
 * public link_map fields, shared with the libthread_db that answers for ld-c18n's objects
 * (tools/gdb/thread_db.c).  Must stay true: DBG_NODE is past glibc's own struct link_map,
 * whose private fields libthread_db reads in every node (our nodes hold zero there).
 */
#ifndef C18N_DBGNODE_H
#define C18N_DBGNODE_H

#define DBG_NODE 2048 /* bytes of a node: past glibc 2.36's struct link_map (1,160 bytes) */
/* An object with thread-local storage: at DBG_TLS_AT, the 8-byte DBG_TLS_MAGIC, then the
 * 8-byte distance of its TLS block below the thread pointer (the same in every thread). */
#define DBG_TLS_AT (DBG_NODE - 16)
#define DBG_TLS_MAGIC 0x534c546e38316321ull /* "!c18nTLS", little-endian */

#endif
