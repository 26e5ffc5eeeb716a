/* tests/gdb catch-throw: catches what libthrower.so throws. */
#include <cstdio>
#include <stdexcept>
int thrower(int x);
int main()
{
	try {
		thrower(5);
	} catch (const std::exception &e) {
		std::printf("caught %s\n", e.what());
	}
	return 0;
}
