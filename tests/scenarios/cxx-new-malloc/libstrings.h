// Interface of libstrings.so: allocates through operator new from inside a library.
#pragma once
#include <string>
#include <vector>

std::string lib_make_string(int n);           // a long std::string built in the library
std::vector<int> *lib_new_vector(int n);      // new'ed vector, caller deletes
std::string lib_format(int a, double b);      // std::ostringstream (libstdc++-internal growth)
void lib_delete_array(char *p);               // delete[] of a program new[]
int *lib_new_int(int v);                      // plain new int
