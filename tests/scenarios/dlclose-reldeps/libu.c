/* libu: uses prov, which it does not link against */
int prov(void);
int use(void) { return prov() * 2; }
