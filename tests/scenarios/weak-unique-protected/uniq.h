// Shared by libuniq1/libuniq2: a template static member and an inline function's static local, both STB_GNU_UNIQUE.
template <typename T> struct Holder { static int value; };
template <typename T> int Holder<T>::value = 42;
inline int *inline_counter() { static int counter = 7; return &counter; }
