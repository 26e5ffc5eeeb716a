/* a filter's own definitions: what a lookup finds only when no filtee defines the name */
int impl_fn(void) { return 1; }
int only_in_filter(void) { return 2; }
