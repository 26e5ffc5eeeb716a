/* libdlt_ver: vfn@V1 and vfn@@V2 for dlvsym. */
const char *vname = "libdlt_ver";
__attribute__((symver("vfn@V1"))) int vfn_1(void) { return 1; }
__attribute__((symver("vfn@@V2"))) int vfn_2(void) { return 2; }
