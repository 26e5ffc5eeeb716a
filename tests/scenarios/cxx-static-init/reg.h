// Interface of libreg.so: function-local statics (guarded) and global constructors using std::cout.
#pragma once
#include <atomic>
#include <string>

struct Registry {
    Registry();                 // slow: widens the race window for concurrent first calls
    ~Registry();
    int id;
    std::atomic<int> hits{0};
};
Registry &registry();           // function-local static in libreg (guard in libreg)
int registry_constructions();
int lib_expensive(int i);       // another guarded static (a computed table) inside libreg
std::string lib_ctor_log();     // what libreg's global constructors observed

// Inline function with a static: one instance program-wide (vague linkage, STB_GNU_UNIQUE).
inline std::atomic<int> &shared_counter()
{
    static std::atomic<int> c{0};
    return c;
}
void *lib_shared_counter_address();
int lib_bump_shared();
