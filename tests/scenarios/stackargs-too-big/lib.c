/* libhuge.so: a function taking 2400 bytes of stack arguments, more than an entry carries. */
struct huge { long v[300]; };
long huge_sum(struct huge h) { long s = 0; for (int i = 0; i < 300; i++) s += h.v[i]; return s; }
