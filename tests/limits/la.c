int lb_work(int x);
int la_work(int x) { return lb_work(x) + 1; }
