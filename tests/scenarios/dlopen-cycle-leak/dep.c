/* libdep.so: the plugin's dependency, loaded and unloaded with it. */
int dep_value(int x) { return x + 7; }
