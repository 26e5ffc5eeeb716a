/* One library of the scenario, named by NAME(x): a variable the library reaches through its
 * GOT (a GLOB_DAT relocation naming it by symbol index), and an exported function. */
int NAME(var) = VAL;
int *NAME(get)(void) { return &NAME(var); }
