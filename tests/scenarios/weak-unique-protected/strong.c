/* libstrong: strong definitions; first_wins() loses to libweak2's earlier weak one (no LD_DYNAMIC_WEAK). */
int strong_func(void) { return 5; }
int first_wins(void) { return 6; }
int strong_calls_first_wins(void) { return first_wins(); }
