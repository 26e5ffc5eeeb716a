/* libclean.c: libclean.so, a boundary with no hazards (register arguments only). */
int clean_add(int a, int b) { return a + b; }
double clean_scale(double x, double f) { return x * f; }
struct pt { int x, y; };
int clean_norm1(struct pt p) { return (p.x < 0 ? -p.x : p.x) + (p.y < 0 ? -p.y : p.y); }
