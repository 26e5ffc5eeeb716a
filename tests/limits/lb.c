static __thread int calls;
int lb_work(int x) { return x * 10 + ++calls; }
