/* libargs, part 1: functions with 7-16 integer, 9-16 double and 9, 12, 16 float arguments.
 * Each folds its arguments in order (H, HD in args.h) into a value that any reordering,
 * truncation or wrong stack slot changes; the program recomputes the same value locally. */
#include <stdarg.h>
#include <stdio.h>
#include "args.h"

long i7(long a1, long a2, long a3, long a4, long a5, long a6, long a7)
{
    long h = 0;
    H(a1);
    H(a2);
    H(a3);
    H(a4);
    H(a5);
    H(a6);
    H(a7);
    return h;
}

long i8(long a1, long a2, long a3, long a4, long a5, long a6, long a7, long a8)
{
    long h = 0;
    H(a1);
    H(a2);
    H(a3);
    H(a4);
    H(a5);
    H(a6);
    H(a7);
    H(a8);
    return h;
}

long i9(long a1, long a2, long a3, long a4, long a5, long a6, long a7, long a8, long a9)
{
    long h = 0;
    H(a1);
    H(a2);
    H(a3);
    H(a4);
    H(a5);
    H(a6);
    H(a7);
    H(a8);
    H(a9);
    return h;
}

long i10(long a1, long a2, long a3, long a4, long a5, long a6, long a7, long a8, long a9, long a10)
{
    long h = 0;
    H(a1);
    H(a2);
    H(a3);
    H(a4);
    H(a5);
    H(a6);
    H(a7);
    H(a8);
    H(a9);
    H(a10);
    return h;
}

long i11(long a1, long a2, long a3, long a4, long a5, long a6, long a7, long a8, long a9, long a10, long a11)
{
    long h = 0;
    H(a1);
    H(a2);
    H(a3);
    H(a4);
    H(a5);
    H(a6);
    H(a7);
    H(a8);
    H(a9);
    H(a10);
    H(a11);
    return h;
}

long i12(long a1, long a2, long a3, long a4, long a5, long a6, long a7, long a8, long a9, long a10, long a11, long a12)
{
    long h = 0;
    H(a1);
    H(a2);
    H(a3);
    H(a4);
    H(a5);
    H(a6);
    H(a7);
    H(a8);
    H(a9);
    H(a10);
    H(a11);
    H(a12);
    return h;
}

long i13(long a1, long a2, long a3, long a4, long a5, long a6, long a7, long a8, long a9, long a10, long a11, long a12, long a13)
{
    long h = 0;
    H(a1);
    H(a2);
    H(a3);
    H(a4);
    H(a5);
    H(a6);
    H(a7);
    H(a8);
    H(a9);
    H(a10);
    H(a11);
    H(a12);
    H(a13);
    return h;
}

long i14(long a1, long a2, long a3, long a4, long a5, long a6, long a7, long a8, long a9, long a10, long a11, long a12, long a13, long a14)
{
    long h = 0;
    H(a1);
    H(a2);
    H(a3);
    H(a4);
    H(a5);
    H(a6);
    H(a7);
    H(a8);
    H(a9);
    H(a10);
    H(a11);
    H(a12);
    H(a13);
    H(a14);
    return h;
}

long i15(long a1, long a2, long a3, long a4, long a5, long a6, long a7, long a8, long a9, long a10, long a11, long a12, long a13, long a14, long a15)
{
    long h = 0;
    H(a1);
    H(a2);
    H(a3);
    H(a4);
    H(a5);
    H(a6);
    H(a7);
    H(a8);
    H(a9);
    H(a10);
    H(a11);
    H(a12);
    H(a13);
    H(a14);
    H(a15);
    return h;
}

long i16(long a1, long a2, long a3, long a4, long a5, long a6, long a7, long a8, long a9, long a10, long a11, long a12, long a13, long a14, long a15, long a16)
{
    long h = 0;
    H(a1);
    H(a2);
    H(a3);
    H(a4);
    H(a5);
    H(a6);
    H(a7);
    H(a8);
    H(a9);
    H(a10);
    H(a11);
    H(a12);
    H(a13);
    H(a14);
    H(a15);
    H(a16);
    return h;
}

double d9(double a1, double a2, double a3, double a4, double a5, double a6, double a7, double a8, double a9)
{
    double h = 0;
    HD(a1);
    HD(a2);
    HD(a3);
    HD(a4);
    HD(a5);
    HD(a6);
    HD(a7);
    HD(a8);
    HD(a9);
    return h;
}

double d10(double a1, double a2, double a3, double a4, double a5, double a6, double a7, double a8, double a9, double a10)
{
    double h = 0;
    HD(a1);
    HD(a2);
    HD(a3);
    HD(a4);
    HD(a5);
    HD(a6);
    HD(a7);
    HD(a8);
    HD(a9);
    HD(a10);
    return h;
}

double d11(double a1, double a2, double a3, double a4, double a5, double a6, double a7, double a8, double a9, double a10, double a11)
{
    double h = 0;
    HD(a1);
    HD(a2);
    HD(a3);
    HD(a4);
    HD(a5);
    HD(a6);
    HD(a7);
    HD(a8);
    HD(a9);
    HD(a10);
    HD(a11);
    return h;
}

double d12(double a1, double a2, double a3, double a4, double a5, double a6, double a7, double a8, double a9, double a10, double a11, double a12)
{
    double h = 0;
    HD(a1);
    HD(a2);
    HD(a3);
    HD(a4);
    HD(a5);
    HD(a6);
    HD(a7);
    HD(a8);
    HD(a9);
    HD(a10);
    HD(a11);
    HD(a12);
    return h;
}

double d13(double a1, double a2, double a3, double a4, double a5, double a6, double a7, double a8, double a9, double a10, double a11, double a12, double a13)
{
    double h = 0;
    HD(a1);
    HD(a2);
    HD(a3);
    HD(a4);
    HD(a5);
    HD(a6);
    HD(a7);
    HD(a8);
    HD(a9);
    HD(a10);
    HD(a11);
    HD(a12);
    HD(a13);
    return h;
}

double d14(double a1, double a2, double a3, double a4, double a5, double a6, double a7, double a8, double a9, double a10, double a11, double a12, double a13, double a14)
{
    double h = 0;
    HD(a1);
    HD(a2);
    HD(a3);
    HD(a4);
    HD(a5);
    HD(a6);
    HD(a7);
    HD(a8);
    HD(a9);
    HD(a10);
    HD(a11);
    HD(a12);
    HD(a13);
    HD(a14);
    return h;
}

double d15(double a1, double a2, double a3, double a4, double a5, double a6, double a7, double a8, double a9, double a10, double a11, double a12, double a13, double a14, double a15)
{
    double h = 0;
    HD(a1);
    HD(a2);
    HD(a3);
    HD(a4);
    HD(a5);
    HD(a6);
    HD(a7);
    HD(a8);
    HD(a9);
    HD(a10);
    HD(a11);
    HD(a12);
    HD(a13);
    HD(a14);
    HD(a15);
    return h;
}

double d16(double a1, double a2, double a3, double a4, double a5, double a6, double a7, double a8, double a9, double a10, double a11, double a12, double a13, double a14, double a15, double a16)
{
    double h = 0;
    HD(a1);
    HD(a2);
    HD(a3);
    HD(a4);
    HD(a5);
    HD(a6);
    HD(a7);
    HD(a8);
    HD(a9);
    HD(a10);
    HD(a11);
    HD(a12);
    HD(a13);
    HD(a14);
    HD(a15);
    HD(a16);
    return h;
}

double f9(float a1, float a2, float a3, float a4, float a5, float a6, float a7, float a8, float a9)
{
    double h = 0;
    HD(a1);
    HD(a2);
    HD(a3);
    HD(a4);
    HD(a5);
    HD(a6);
    HD(a7);
    HD(a8);
    HD(a9);
    return h;
}

double f12(float a1, float a2, float a3, float a4, float a5, float a6, float a7, float a8, float a9, float a10, float a11, float a12)
{
    double h = 0;
    HD(a1);
    HD(a2);
    HD(a3);
    HD(a4);
    HD(a5);
    HD(a6);
    HD(a7);
    HD(a8);
    HD(a9);
    HD(a10);
    HD(a11);
    HD(a12);
    return h;
}

double f16(float a1, float a2, float a3, float a4, float a5, float a6, float a7, float a8, float a9, float a10, float a11, float a12, float a13, float a14, float a15, float a16)
{
    double h = 0;
    HD(a1);
    HD(a2);
    HD(a3);
    HD(a4);
    HD(a5);
    HD(a6);
    HD(a7);
    HD(a8);
    HD(a9);
    HD(a10);
    HD(a11);
    HD(a12);
    HD(a13);
    HD(a14);
    HD(a15);
    HD(a16);
    return h;
}
