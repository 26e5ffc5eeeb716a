/* The same calls into a library without DWARF: they need LD_C18N_STACK_WINDOW raised to cover
 * their stack arguments (200 and 192 bytes). */
struct big {
	long v[25]; /* 200 bytes, passed on the stack */
};

long sum_big(int scale, struct big b)
{
	long s = 0;
	for (int i = 0; i < 25; i++)
		s += b.v[i] * (i + 1);
	return s * scale;
}

long thirty(long a0, long a1, long a2, long a3, long a4, long a5, long a6, long a7, long a8,
	    long a9, long a10, long a11, long a12, long a13, long a14, long a15, long a16,
	    long a17, long a18, long a19, long a20, long a21, long a22, long a23, long a24,
	    long a25, long a26, long a27, long a28, long a29)
{
	long v[30] = { a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14,
		       a15, a16, a17, a18, a19, a20, a21, a22, a23, a24, a25, a26, a27, a28, a29 };
	long s = 0;
	for (int i = 0; i < 30; i++)
		s += v[i] * (i + 1);
	return s;
}

struct big make_big(long seed, struct big in)
{
	struct big out;
	for (int i = 0; i < 25; i++)
		out.v[i] = in.v[24 - i] + seed;
	return out;
}
