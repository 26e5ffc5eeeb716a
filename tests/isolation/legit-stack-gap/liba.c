/* liba: hands libb a word it reads from what the program passed. */
void libb_take(unsigned long p);
void liba_pass(const unsigned long *box) { libb_take(*box); }
