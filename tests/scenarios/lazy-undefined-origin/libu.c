/* libu: calls a function nothing defines, only when asked (bound lazily) */
int nowhere(void);
int lazy_user(int c) { return c ? nowhere() : 5; }
