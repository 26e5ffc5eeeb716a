/* A function called through a lazily bound PLT slot of the program. */
int lib_f(int x) { return x * 3; }
