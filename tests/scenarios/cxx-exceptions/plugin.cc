// libplugin.so (dlopen'ed): catch(...) of exceptions thrown by the program and by libthrow, and
// throws a plugin-private exception type back out to the program.
#include "errors.h"
#include <cstdio>

namespace {
struct PluginError : std::logic_error {
    PluginError() : std::logic_error("plugin-private error") {}
};
struct Guard {
    ~Guard() { std::printf("  plugin: ~Guard\n"); }
};
}

extern "C" int plugin_guarded(void (*fn)(int), int arg)
{
    try {
        Guard g;
        fn(arg);
        return 0;
    } catch (const AppError &e) {
        std::printf("  plugin: caught AppError code=%d what=%s\n", e.code(), e.what());
        return 1;
    } catch (...) {
        std::printf("  plugin: caught (...)\n");
        return 2;
    }
}

extern "C" void plugin_throw(void)
{
    Guard g;
    throw PluginError();
}
