// libstrings.so: operator new/delete calls from a library must bind to the program's replacement.
#include "libstrings.h"
#include <sstream>

std::string lib_make_string(int n)
{
    std::string s;
    for (int i = 0; i < n; i++)
        s += "abcdefghij";
    return s;
}

std::vector<int> *lib_new_vector(int n)
{
    auto *v = new std::vector<int>;
    for (int i = 0; i < n; i++)
        v->push_back(i);
    return v;
}

std::string lib_format(int a, double b)
{
    std::ostringstream os;
    os << "a=" << a << " b=" << b << " padding-to-force-a-heap-buffer-in-the-stringbuf-0123456789";
    return os.str();
}

void lib_delete_array(char *p) { delete[] p; }
int *lib_new_int(int v) { return new int(v); }
