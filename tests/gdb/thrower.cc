/* libthrower.so (tests/gdb catch-throw): throws through a compartment boundary. */
#include <stdexcept>
int thrower(int x)
{
	if (x > 2)
		throw std::runtime_error("too big");
	return x;
}
