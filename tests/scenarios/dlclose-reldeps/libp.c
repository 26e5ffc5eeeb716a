/* libp: provides prov */
int prov(void) { return 7; }
