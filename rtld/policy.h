/*
 * policy.h: the compartment policy file (CheriBSD's c18n policy "Version 1" format, see
 * c18n.policy(5)) as read from --policy FILE / LD_C18N_POLICY, and the questions the loader
 * asks it.
 *
 * Must stay true:
 *  - policy_load() either installs a complete policy or leaves the previous state untouched
 *    and reports exactly one "FILE:LINE:COLUMN: message" through rtld_error().
 *  - Every file CheriBSD's rtld accepts is accepted here with the same meaning; the few
 *    additions (comments, space indentation, CRLF, no final newline) are documented in
 *    c18n.policy(5).
 *  - Queries never allocate and only read the installed policy: load once at start-up, before
 *    any other thread exists, then query from anywhere.
 *
 * Compartment names are plain strings: the built-in "[RTLD]" and "[TCB]", the NAME of each
 * `compartment NAME` block, and for any other object the name rtld/compartment.c gives it
 * (DT_SONAME, else the file's basename).  Every query answers "no policy" (NULL / not trusted
 * / allowed) when nothing is loaded.
 */
#ifndef C18N_POLICY_H
#define C18N_POLICY_H

/* Read and check FILE.  0 on success; on any error -1 after
 * rtld_error("%s:%d:%d: %s", path, line, column, message).  I/O errors use line 0, column 0.
 * Loading again replaces the installed policy only if the new file is valid. */
int policy_load(const char *path);
int policy_loaded(void);
const char *policy_path(void); /* the installed file's name, or NULL */
void policy_unload(void);

/* The compartment that a `compartment` block puts this library in, or NULL.  Pass the
 * object's DT_SONAME if it has one, else its file name; a directory part is ignored.  (CheriBSD
 * names an object by DT_SONAME, else the name it was first requested by, else its basename; a
 * caller that knows several names may ask for each.)  Names match exactly. */
const char *policy_compartment_for(const char *libname);

/* 1 if a call from compartment caller_comp to symbol is trusted -- made directly, without a
 * transition -- because symbol is listed under `caller *` + `trust` or under
 * `caller caller_comp` + `trust`; else 0.  caller_comp may be NULL (only `caller *` counts).
 * CheriBSD applies trust before export restrictions: a trusted call is never refused. */
int policy_trusted(const char *caller_comp, const char *symbol);

/* 0 if a `callee callee_comp` block lists symbol and does not name caller_comp in one of its
 * `export to` lines; else 1.  When several blocks for callee_comp list the symbol, the last one
 * in the file decides (as in CheriBSD).  Calls within one compartment are always allowed.
 * A NULL caller_comp is refused wherever a restriction applies. */
int policy_may_call(const char *caller_comp, const char *callee_comp, const char *symbol);

/* Line of the `callee` block that decides policy_may_call(*, callee_comp, symbol), or 0 if no
 * block restricts that symbol: for "forbidden by FILE:LINE" diagnostics. */
int policy_export_line(const char *callee_comp, const char *symbol);

#endif
