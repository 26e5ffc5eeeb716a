/* libprot: protected function and variable; the program defines the same names. */
__attribute__((visibility("protected"))) int prot_func(void) { return 100; }
__attribute__((visibility("protected"))) int prot_var = 100;
int prot_calls_own(void) { return prot_func(); }
int prot_reads_own(void) { return prot_var; }
int (*prot_addr_of_func(void))(void) { return prot_func; }
int *prot_addr_of_var(void) { return &prot_var; }
void prot_write_own(int v) { prot_var = v; }
