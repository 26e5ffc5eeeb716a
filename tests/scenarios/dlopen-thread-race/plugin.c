/* libpN.so: one of the plugins main dlopens; each is a compartment of its own. */
int plugin_value(void) { return PLUGIN; }
