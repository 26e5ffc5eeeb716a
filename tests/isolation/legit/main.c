/* legit: imported variables both ways; pointer arguments to stack, data and heap objects;
 * a pointer the library returns; a data pointer the library keeps for a later call; a pointer
 * followed through a relocated word; raw callbacks, directly and through qsort; a struct of
 * pointers passed by value on the stack; a library frame's address passed back to the
 * program; strings and stdio from the library.  Run natively and with --isolate=enforce:
 * same output, no report. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "lib.h"

int prog_config = 7;
static int limits[4] __attribute__((aligned(4096))) = { 10, 20, 30, 40 };
static struct cfg cfg __attribute__((aligned(4096))) = { limits, 4 };
static int data_array[8] __attribute__((aligned(4096)));
static int kept_data = 1;

static int twice(int x) { return 2 * x; }
static int cmp_desc(const void *a, const void *b) { return *(const int *)b - *(const int *)a; }

int prog_visit(int *lib_local, int depth)
{
    *lib_local += 1;
    return *lib_local + lib_reenter(depth - 1);
}

int main(void)
{
    printf("imported: config %d, lib_counter %d\n", lib_read_config(), lib_counter);
    lib_bump_config();
    lib_counter++;
    printf("after updates: config %d, lib_counter %d\n", prog_config, lib_counter);

    int stack_array[5] = { 1, 2, 3, 4, 5 };
    int *heap = malloc(6 * sizeof *heap);
    lib_fill(stack_array, 5, 10);
    lib_fill(data_array, 8, 20);
    lib_fill(heap, 6, 30);
    printf("sums: stack %d, data %d, heap %d\n", lib_sum(stack_array, 5), lib_sum(data_array, 8),
           lib_sum(heap, 6));

    char *b = lib_buffer();
    printf("returned buffer: %s\n", b);
    strcpy(b, "written by the program");
    printf("returned buffer now: %s\n", lib_buffer());

    lib_keep(&kept_data);
    printf("kept pointer, later calls: %d %d\n", lib_use_kept(5), lib_use_kept(10));
    printf("kept_data = %d\n", kept_data);

    printf("through the relocated word: %d %d\n", lib_cfg_limit(&cfg, 2), lib_cfg_limit(&cfg, 3));

    printf("raw callback: %d\n", lib_call(twice, 21));
    int v[6] = { 3, 1, 4, 1, 5, 9 };
    lib_sort(v, 6, cmp_desc);
    printf("sorted by the program's comparator through qsort:");
    for (int i = 0; i < 6; i++) printf(" %d", v[i]);
    printf("\n");

    int x = 4, y = 2;
    struct pair p = { { 0 }, &x, &y };
    printf("struct of pointers by value: %d\n", lib_pair(p));
    printf("library frames visited by the program: %d\n", lib_reenter(3));
    lib_print("a string of the program's");
    free(heap);
    return 0;
}
