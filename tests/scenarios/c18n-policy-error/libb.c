/* libb: one public function and one the policy restricts. */
int b_secret(void) { return 42; }
int b_public(void) { return 7; }
