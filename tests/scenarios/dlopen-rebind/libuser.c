/* libuser: binds which() lazily, to whichever definition the global scope holds */
int which(void);
int user(void) { return which() * 10; }
