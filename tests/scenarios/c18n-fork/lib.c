/* Functions the program calls for the first time after fork, in parent and child. */
int fa(int x) { return x + 1; }
int fb(int x) { return x + 20; }
int fc(int x) { return x + 300; }
int fd(int x) { return x + 4000; }
