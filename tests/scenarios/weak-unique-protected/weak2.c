/* libweak2: weak definition of first_wins(), loaded before libstrong's strong one. */
__attribute__((weak)) int first_wins(void) { return 2; }
