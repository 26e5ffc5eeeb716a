#!/bin/sh
# Policy-file suite: rtld/policy.c (the c18n.policy(5) parser) on its own.
#
# Builds driver.c + rtld/policy.c + rtld/util.c with the project's XCFLAGS (read from the
# Makefile, so -Werror applies) into OUTDIR, then:
#   valid-*   policies that must load, and the answers of policy_compartment_for,
#             policy_trusted, policy_may_call and policy_export_line on them (exact output);
#   error-*   broken policies: the driver must exit 1 and print exactly
#             "error: FILE:LINE:COLUMN: message".
# Each case prints "PASS: name" or "FAIL: name" with the difference.
# Environment: OUTDIR (scratch, default tests/out/policy), CC (default gcc).
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
: "${OUTDIR:=$root/tests/out/policy}"
: "${CC:=gcc}"
mkdir -p "$OUTDIR" || exit 1
OUTDIR=$(cd "$OUTDIR" && pwd -P)
LC_ALL=C; export LC_ALL
P=$OUTDIR/p
rm -rf "$P"; mkdir -p "$P"

# ---- build ---------------------------------------------------------------------------------
flags=$(cd "$root" && printf 'print-xcflags:\n\t@echo $(XCFLAGS)\n' |
        make -s --no-print-directory -f Makefile -f - print-xcflags 2>/dev/null)
[ -n "$flags" ] || flags="-std=gnu11 -fPIC -Wall -Wextra -Werror -Wno-unused-parameter \
-fno-strict-aliasing -fvisibility=hidden -Irtld -Iarch/x86_64 -Itrampolines"
D=$OUTDIR/driver
if (cd "$root" && $CC $flags -O1 -g -o "$D" tests/policy/driver.c rtld/policy.c rtld/util.c) \
        >"$OUTDIR/build.log" 2>&1; then
    echo "PASS: build with the project's flags"
else
    echo "FAIL: build with the project's flags"
    sed 's/^/  /' "$OUTDIR/build.log" | head -40
    exit 0
fi

# ---- helpers -------------------------------------------------------------------------------
# mk NAME TEXT: write $P/NAME.policy; TEXT is a printf format (\t, \n, \r, \0NNN; no '%').
mk() { printf "$2" >"$P/$1.policy"; }

# expect_err NAME LINE:COL MESSAGE: loading $P/NAME.policy fails with exactly that message.
expect_err() {
    want="error: $P/$1.policy:$2: $3"
    got=$("$D" "$P/$1.policy" 2>&1); st=$?
    if [ "$st" -eq 1 ] && [ "$got" = "$want" ]; then
        echo "PASS: error-$1"
    else
        echo "FAIL: error-$1"
        echo "  want: $want"
        echo "  got:  $got (exit $st)"
    fi
}

# expect_out NAME [QUERY]...: the driver's output for $P/NAME.policy equals stdin
# ("@P@" stands for the policy directory).
expect_out() {
    name=$1; shift
    sed "s|@P@|$P|g" >"$P/$name.want"
    "$D" "$P/$name.policy" "$@" >"$P/$name.got" 2>&1
    if cmp -s "$P/$name.want" "$P/$name.got"; then
        echo "PASS: valid-$name"
    else
        echo "FAIL: valid-$name (- want, + got)"
        diff -u "$P/$name.want" "$P/$name.got" | tail -n +3 | sed 's/^/  /'
    fi
}

# ---- valid policies ------------------------------------------------------------------------
# Every construct, with the ld-c18n additions (comments, space indentation, bracketed names
# with spaces).  Line numbers matter for the line= queries: callee blocks start on 31, 37, 40.
mk all '# every construct of the format
Version 1

# groups of libraries
compartment [crypto]
\tlibcrypto.so.3
\tlibssl.so.3

compartment [media stack]
    libpng16.so.16
\tlibjpeg.so.62\t# a trailing comment

compartment [TCB]
\tlibc.so.7

caller *
trust
\tmemcpy
\tstrlen

caller [crypto]
trust
\tfree
import
\tmalloc

caller [crypto]
trust
\tcalloc

callee [crypto]
export to [media stack]
export to [TCB]
\tSSL_read
\tSSL_write

callee [crypto]
\tcrypto_internal

callee [crypto]
export to [TCB]
\tSSL_write
'
expect_out all \
    comp=libcrypto.so.3 comp=/usr/lib/x86_64-linux-gnu/libssl.so.3 comp=libpng16.so.16 \
    comp=libjpeg.so.62 comp=libc.so.7 comp=libz.so.1 comp=libcrypto.so comp=crypto \
    'trust=[media stack],memcpy' trust=-,strlen 'trust=[crypto],free' 'trust=[crypto],calloc' \
    'trust=[media stack],free' 'trust=[crypto],malloc' trust=libfoo.so,memcpy trust=-,free \
    'call=[media stack],[crypto],SSL_read' 'call=[TCB],[crypto],SSL_read' \
    'call=app,[crypto],SSL_read' 'call=-,[crypto],SSL_read' \
    'call=[media stack],[crypto],SSL_write' 'call=[TCB],[crypto],SSL_write' \
    'call=[media stack],[crypto],crypto_internal' 'call=[crypto],[crypto],crypto_internal' \
    'call=app,[crypto],SSL_connect' 'call=app,[media stack],SSL_read' \
    'line=[crypto],SSL_read' 'line=[crypto],SSL_write' 'line=[crypto],crypto_internal' \
    'line=[crypto],SSL_connect' path <<'EOF'
loaded
comp=libcrypto.so.3 -> [crypto]
comp=/usr/lib/x86_64-linux-gnu/libssl.so.3 -> [crypto]
comp=libpng16.so.16 -> [media stack]
comp=libjpeg.so.62 -> [media stack]
comp=libc.so.7 -> [TCB]
comp=libz.so.1 -> -
comp=libcrypto.so -> -
comp=crypto -> -
trust=[media stack],memcpy -> 1
trust=-,strlen -> 1
trust=[crypto],free -> 1
trust=[crypto],calloc -> 1
trust=[media stack],free -> 0
trust=[crypto],malloc -> 0
trust=libfoo.so,memcpy -> 1
trust=-,free -> 0
call=[media stack],[crypto],SSL_read -> 1
call=[TCB],[crypto],SSL_read -> 1
call=app,[crypto],SSL_read -> 0
call=-,[crypto],SSL_read -> 0
call=[media stack],[crypto],SSL_write -> 0
call=[TCB],[crypto],SSL_write -> 1
call=[media stack],[crypto],crypto_internal -> 0
call=[crypto],[crypto],crypto_internal -> 1
call=app,[crypto],SSL_connect -> 1
call=app,[media stack],SSL_read -> 1
line=[crypto],SSL_read -> 31
line=[crypto],SSL_write -> 40
line=[crypto],crypto_internal -> 37
line=[crypto],SSL_connect -> 0
path -> @P@/all.policy
EOF

# Written exactly as CheriBSD's rtld requires (tabs, single spaces, no comments): carries over.
mk cheribsd 'Version 1\n\ncompartment [net]\n\tlibcurl.so.4\n\tlibnghttp2.so.14\n\ncaller *\ntrust\n\tmemset\n\tmemcpy\n\ncaller [net]\nimport\n\tgetaddrinfo\n\ncallee [TCB]\nexport to [net]\n\tgetaddrinfo\n\ncallee [net]\nexport to [TCB]\nexport to [net]\n\tcurl_easy_perform\n'
expect_out cheribsd comp=libnghttp2.so.14 'trust=[net],memset' 'trust=[net],getaddrinfo' \
    'call=[net],[TCB],getaddrinfo' 'call=prog,[TCB],getaddrinfo' 'call=prog,[TCB],printf' \
    'call=prog,[net],curl_easy_perform' 'call=[TCB],[net],curl_easy_perform' <<'EOF'
loaded
comp=libnghttp2.so.14 -> [net]
trust=[net],memset -> 1
trust=[net],getaddrinfo -> 0
call=[net],[TCB],getaddrinfo -> 1
call=prog,[TCB],getaddrinfo -> 0
call=prog,[TCB],printf -> 1
call=prog,[net],curl_easy_perform -> 0
call=[TCB],[net],curl_easy_perform -> 1
EOF

mk crlf 'Version 1\r\ncompartment a\r\n\tliba.so.1\r\ncaller a\r\ntrust\r\n\tputs\r\n'
expect_out crlf comp=liba.so.1 trust=a,puts <<'EOF'
loaded
comp=liba.so.1 -> a
trust=a,puts -> 1
EOF

mk no-final-newline 'Version 1\ncompartment a\n\tliba.so.1'
expect_out no-final-newline comp=liba.so.1 <<'EOF'
loaded
comp=liba.so.1 -> a
EOF

mk header-after-comments '# comment\n\n   # indented comment\nVersion 1 # trailing\n'
expect_out header-after-comments comp=liba.so.1 <<'EOF'
loaded
comp=liba.so.1 -> -
EOF

mk merged 'Version 1\ncompartment a\n\tl1.so\ncompartment b\n\tl2.so\n\ncompartment a\n\tl3.so\n'
expect_out merged comp=l1.so comp=l2.so comp=l3.so <<'EOF'
loaded
comp=l1.so -> a
comp=l2.so -> b
comp=l3.so -> a
EOF

mk empty-blocks 'Version 1\ncompartment a\ncaller a\ntrust\ncallee a\nexport to a\ncallee [RTLD]\n'
expect_out empty-blocks 'call=x,a,f' <<'EOF'
loaded
call=x,a,f -> 1
EOF

# A failed reload keeps the installed policy; a good one replaces it; unload empties it.
mk reload-good 'Version 1\ncompartment b\n\tlibb.so\n'
mk reload-bad 'Version 1\ncompartment c\n\tlibc.so\nbogus\n'
expect_out all "reload=$P/reload-bad.policy" comp=libssl.so.3 comp=libc.so \
    "reload=$P/reload-good.policy" comp=libssl.so.3 comp=libb.so path \
    unload comp=libb.so trust=-,memcpy call=x,b,f path <<'EOF'
loaded
reload=@P@/reload-bad.policy -> error: @P@/reload-bad.policy:4:1: unknown keyword 'bogus' (list entries must be indented)
comp=libssl.so.3 -> [crypto]
comp=libc.so -> -
reload=@P@/reload-good.policy -> ok
comp=libssl.so.3 -> -
comp=libb.so -> b
path -> @P@/reload-good.policy
unload -> loaded=0
comp=libb.so -> -
trust=-,memcpy -> 0
call=x,b,f -> 1
path -> -
EOF

# The EXAMPLE of man/c18n.policy.5 is a valid policy meaning what the page says.
sed -n '/^\.SH EXAMPLE/,/^\.EE/p' "$root/man/c18n.policy.5" | sed '1,2d;$d' |
    sed 's/\\-/-/g' >"$P/man-example.policy"
expect_out man-example comp=libcrypto.so.3 comp=libjpeg.so.62 'call=[media],[ssl],SSL_read' \
    'call=[TCB],[ssl],SSL_write' 'call=viewer,[ssl],SSL_read' 'trust=viewer,strlen' <<'EOF'
loaded
comp=libcrypto.so.3 -> [ssl]
comp=libjpeg.so.62 -> [media]
call=[media],[ssl],SSL_read -> 1
call=[TCB],[ssl],SSL_write -> 1
call=viewer,[ssl],SSL_read -> 0
trust=viewer,strlen -> 1
EOF

# Many symbols: loads, and the last one is found.
awk 'BEGIN { print "Version 1"; print "caller *"; print "trust";
             for (i = 0; i < 5000; i++) printf "\tsym_%d\n", i }' >"$P/large.policy"
expect_out large trust=-,sym_4999 trust=-,sym_5000 <<'EOF'
loaded
trust=-,sym_4999 -> 1
trust=-,sym_5000 -> 0
EOF

# ---- errors --------------------------------------------------------------------------------
mk empty ''
expect_err empty 1:1 "missing 'Version 1' header"
mk only-comments '# nothing\n\n'
expect_err only-comments 3:1 "missing 'Version 1' header"
mk no-version 'compartment a\n\tliba.so\n'
expect_err no-version 1:1 "expected 'Version 1' header, found 'compartment'"
mk version-lowercase 'version 1\n'
expect_err version-lowercase 1:1 "expected 'Version 1' header, found 'version'"
mk version-2 'Version 2\n'
expect_err version-2 1:9 "unsupported policy version '2' (only 1 is supported)"
mk version-missing-number 'Version'
expect_err version-missing-number 1:8 "missing version number after 'Version'"
mk version-garbage 'Version 1 beta\n'
expect_err version-garbage 1:11 "unexpected 'beta' after '1'"
mk version-twice 'Version 1\n\nVersion 1\n'
expect_err version-twice 3:1 "duplicate 'Version' header"
mk unknown-keyword 'Version 1\n\ncompartmnet a\n'
expect_err unknown-keyword 3:1 "unknown keyword 'compartmnet'"
mk unindented-entry 'Version 1\ncaller *\ntrust\n\tmemcpy\nmemset\n'
expect_err unindented-entry 5:1 "unknown keyword 'memset' (list entries must be indented)"
mk trust-outside-caller 'Version 1\ncompartment a\n\tliba.so\ntrust\n\tmemcpy\n'
expect_err trust-outside-caller 4:1 "'trust' outside a 'caller' block"
mk trust-at-top 'Version 1\ntrust\n'
expect_err trust-at-top 2:1 "'trust' outside a 'caller' block"
mk import-in-callee 'Version 1\ncompartment a\ncallee a\nimport\n'
expect_err import-in-callee 4:1 "'import' outside a 'caller' block"
mk export-outside-callee 'Version 1\ncompartment a\ncaller a\ntrust\nexport to a\n'
expect_err export-outside-callee 5:1 "'export to' outside a 'callee' block"
mk export-without-to 'Version 1\ncompartment a\ncallee a\nexport [TCB]\n'
expect_err export-without-to 4:8 "expected 'to' after 'export'"
mk export-to-nothing 'Version 1\ncompartment a\ncallee a\nexport to\n'
expect_err export-to-nothing 4:10 "missing compartment name after 'to'"
mk export-after-symbols 'Version 1\ncompartment a\ncallee a\n\tf\nexport to [TCB]\n'
expect_err export-after-symbols 5:1 "'export to' must come before the symbols of a 'callee' block"
mk caller-without-list 'Version 1\ncompartment a\ncaller a\n\ncompartment b\n'
expect_err caller-without-list 3:1 "'caller' block without a 'trust' or 'import' list"
mk caller-without-list-eof 'Version 1\ncaller *\n'
expect_err caller-without-list-eof 2:1 "'caller' block without a 'trust' or 'import' list"
mk symbol-before-trust 'Version 1\ncaller *\n\tmemcpy\ntrust\n'
expect_err symbol-before-trust 3:2 "symbol 'memcpy' before 'trust' or 'import'"
mk entry-outside-block 'Version 1\n\tlibfoo.so\n'
expect_err entry-outside-block 2:2 "'libfoo.so' is not inside a 'compartment', 'caller' or 'callee' block"
mk unterminated-name 'Version 1\n\ncompartment [TCB\n'
expect_err unterminated-name 3:13 "unterminated name '[TCB' (no closing ']')"
mk unterminated-export 'Version 1\ncompartment a\ncallee a\nexport to [media stack\n'
expect_err unterminated-export 4:11 "unterminated name '[media stack' (no closing ']')"
mk garbage-after-bracket 'Version 1\ncompartment [TC]B\n'
expect_err garbage-after-bracket 2:17 "unexpected 'B' after '[TC]'"
mk garbage-after-name 'Version 1\ncompartment my lib\n'
expect_err garbage-after-name 2:16 "unexpected 'lib' after 'my'"
mk garbage-after-trust 'Version 1\ncaller *\ntrust me\n'
expect_err garbage-after-trust 3:7 "unexpected 'me' after 'trust'"
mk garbage-after-entry 'Version 1\ncompartment a\n\tliba.so extra\n'
expect_err garbage-after-entry 3:10 "unexpected 'extra' after 'liba.so'"
mk garbage-after-star 'Version 1\ncaller * x\n'
expect_err garbage-after-star 2:10 "unexpected 'x' after '*'"
mk empty-brackets 'Version 1\ncompartment []\n'
expect_err empty-brackets 2:13 "empty name '[]'"
mk nul-byte 'Version 1\ncompartment a\n\tli\000b.so\n'
expect_err nul-byte 3:4 "invalid control character 0x00"
mk stray-cr 'Version 1\ncompartment a\r\tb\n'
expect_err stray-cr 2:14 "invalid control character 0x0d"
mk missing-name 'Version 1\ncompartment\n'
expect_err missing-name 2:12 "missing compartment name after 'compartment'"
mk missing-caller-name 'Version 1\ncaller  \n'
expect_err missing-caller-name 2:9 "missing compartment name after 'caller'"
mk duplicate-membership 'Version 1\ncompartment a\n\tlibx.so\n\tliby.so\n\ncompartment b\n\tlibz.so\n\tliby.so\n'
expect_err duplicate-membership 8:2 "library 'liby.so' is already in compartment 'a' (line 4)"
mk duplicate-in-same 'Version 1\ncompartment a\n\tlibx.so\ncompartment a\n\tlibx.so\n'
expect_err duplicate-in-same 5:2 "library 'libx.so' is already in compartment 'a' (line 3)"
mk library-path 'Version 1\ncompartment a\n\t/usr/lib/libx.so\n'
expect_err library-path 3:2 "library name '/usr/lib/libx.so' contains '/' (use its DT_SONAME or file name)"
mk rtld-libraries 'Version 1\ncompartment [RTLD]\n\tlibx.so\n'
expect_err rtld-libraries 3:2 "compartment '[RTLD]' is the loader's own and takes no libraries"
mk unknown-caller 'Version 1\ncaller [crypto]\ntrust\n'
expect_err unknown-caller 2:8 "unknown compartment '[crypto]'"
mk unknown-callee 'Version 1\ncompartment a\ncallee b\n'
expect_err unknown-callee 3:8 "unknown compartment 'b'"
mk unknown-export-target 'Version 1\ncompartment a\ncallee a\nexport to b\n'
expect_err unknown-export-target 4:11 "unknown compartment 'b'"
mk forward-reference 'Version 1\ncaller a\ntrust\n\tf\ncompartment a\n'
expect_err forward-reference 2:8 "unknown compartment 'a'"
mk wildcard-callee 'Version 1\ncallee *\n'
expect_err wildcard-callee 2:8 "wildcard '*' is not supported here"
mk wildcard-export 'Version 1\ncompartment a\ncallee a\nexport to *\n'
expect_err wildcard-export 4:11 "wildcard '*' is not supported here"
mk wildcard-compartment 'Version 1\ncompartment *\n'
expect_err wildcard-compartment 2:13 "wildcard '*' is not supported here"
mk wildcard-symbol 'Version 1\ncaller *\ntrust\n\t*\n'
expect_err wildcard-symbol 4:2 "wildcard '*' is not supported here"
mk error-on-last-line-without-newline 'Version 1\ncaller *'
expect_err error-on-last-line-without-newline 2:1 "'caller' block without a 'trust' or 'import' list"

# I/O errors use line 0, column 0.
want="error: $P/missing.policy:0:0: cannot read policy file: No such file or directory"
got=$("$D" "$P/missing.policy" 2>&1)
if [ "$got" = "$want" ]; then echo "PASS: error-missing-file"; else
    echo "FAIL: error-missing-file"; echo "  want: $want"; echo "  got:  $got"; fi
want="error: $P:0:0: cannot read policy file: Is a directory"
got=$("$D" "$P" 2>&1)
if [ "$got" = "$want" ]; then echo "PASS: error-directory"; else
    echo "FAIL: error-directory"; echo "  want: $want"; echo "  got:  $got"; fi
want="error: :0:0: empty policy file name"
got=$("$D" "" 2>&1)
if [ "$got" = "$want" ]; then echo "PASS: error-empty-name"; else
    echo "FAIL: error-empty-name"; echo "  want: $want"; echo "  got:  $got"; fi
