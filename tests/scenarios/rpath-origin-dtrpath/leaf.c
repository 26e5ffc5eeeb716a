/* libleaf: dependency of libmid, found only through the executable's DT_RPATH. */
int leaf_value(void) { return 4; }
