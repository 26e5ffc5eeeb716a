int lb_work(int x);
int lp_value(int x) { return lb_work(x) + 100; }
