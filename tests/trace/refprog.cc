// refprog: takes the addresses of libref.so's functions (entries at start-up), calls two of
// them twice, never the third.
#include <cstdio>
long ref_two(long, long);
long ref_eight(long, long, long, long, long, long, long, long);
long ref_never(long);
long (*volatile two)(long, long) = ref_two;
long (*volatile eight)(long, long, long, long, long, long, long, long) = ref_eight;
long (*volatile never)(long) = ref_never;
int main()
{
    long s = 0;
    for (int i = 0; i < 2; i++)
        s += two(i, 2) + eight(1, 2, 3, 4, 5, 6, 7, i);
    std::printf("refprog %ld %d\n", s, never != nullptr);
    return 0;
}
