/* libb: keeps the value it is given (an address the loader's checks probe). */
volatile unsigned long libb_seen;
void libb_take(unsigned long p) { libb_seen = p; }
