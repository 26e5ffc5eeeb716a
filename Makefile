# ld-c18n build.  Must stay true: `make` from a clean clone on Debian 12 builds build/ld-c18n
# warning-free; generated files live only under build/ (see .gitignore).

ARCH     ?= x86_64
CC       ?= gcc
# make SANITIZE=undefined [check]: the loader and its tools built with UndefinedBehaviorSanitizer
# (every check, the first error ends the process), in build-undefined/; `make check' runs the
# tests against that build.  AddressSanitizer is not offered: the loader switches stacks on
# every cross-compartment call and maps memory at places of its choosing, which ASan's shadow
# and stack bookkeeping do not follow without annotating every switch.
SANITIZE ?=
ifneq ($(SANITIZE),)
ifneq ($(SANITIZE),undefined)
$(error SANITIZE=$(SANITIZE): only SANITIZE=undefined is supported)
endif
endif
BUILD    := build$(if $(SANITIZE),-$(SANITIZE))
VERSION  := 0.1.0

CFLAGS   ?= -O2 -g
# -fPIC (not -fPIE): the loader must have no COPY relocations of its own, so every host-libc
# variable it touches (stderr, environ, program_invocation_name) is reached through its GOT.
XCFLAGS  := -std=gnu11 -fPIC -Wall -Wextra -Werror -Wno-unused-parameter \
            -fno-strict-aliasing -fvisibility=hidden \
            -Irtld -Iarch/$(ARCH) -Itrampolines -Iisolation -I$(BUILD)/gen \
            -DC18N_VERSION='"$(VERSION)"'
LDFLAGS  ?=
XLDFLAGS := -pie -Wl,-z,now -Wl,-z,relro
SANLDFLAGS := $(if $(SANITIZE),-fsanitize=$(SANITIZE))
XCFLAGS  += $(if $(SANITIZE),-fsanitize=$(SANITIZE) -fno-sanitize-recover=$(SANITIZE))
XLDFLAGS += $(SANLDFLAGS)
# libgcc_s is linked explicitly so that the single trusted copy is the host's.  libdw and
# libelf (and the compressors they use) are linked statically: five fewer libraries for the
# system loader to load saves ~0.7 ms on every program start (bench/RESULTS.md); their static
# archives come with libdw-dev, libelf-dev, zlib1g-dev, liblzma-dev and libbz2-dev.
LIBS     := -Wl,-Bstatic -ldw -lelf -lz -llzma -lbz2 -Wl,-Bdynamic \
            -ldl -lpthread -Wl,--no-as-needed -lgcc_s -Wl,--as-needed
# The loader's TLS block (section .c18n_tls, rtld/tls.c) must end at the thread pointer, so
# it must be the last TLS data of the executable; elfutils' static archives bring __thread
# variables of their own.  The link script is the toolchain's default one with every other
# TLS section placed first, in .tdata, and .c18n_tls last.
LDSCRIPT := $(BUILD)/ld-c18n.ld

RTLD_SRC := $(wildcard rtld/*.c) $(wildcard trampolines/*.c) $(wildcard isolation/*.c)
ARCH_SRC := $(wildcard arch/$(ARCH)/*.c) $(wildcard arch/$(ARCH)/*.S)
OBJS     := $(patsubst %,$(BUILD)/obj/%.o,$(RTLD_SRC) $(ARCH_SRC))
# The object the system loader opens and closes to make a debugger re-read the list of
# objects (rtld/debugger.c): an empty shared object, embedded in ld-c18n.
EVENT_OBJ := $(BUILD)/obj/debugger-event.o

.PHONY: all deps test-deps check demo clean install
all: $(BUILD)/ld-c18n $(BUILD)/ld-c18n-tls64k $(BUILD)/c18n-inspect $(BUILD)/ld-c18n-gdb.py $(BUILD)/gdb/libthread_db.so.1

# gdb loads OBJFILE-gdb.py beside an objfile (when its directory is on gdb's auto-load safe
# path): the extension of tools/gdb, for build/ld-c18n.
$(BUILD)/ld-c18n-gdb.py: tools/gdb/ld-c18n.py
	@mkdir -p $(dir $@)
	cp $< $@

# The libthread_db the extension makes gdb load: thread-local variables of our objects, the
# rest passed to the system's (tools/gdb/thread_db.c), which it opens by this absolute path.
THREAD_DB_SYS := $(shell readlink -f "$$($(CC) -print-file-name=libthread_db.so.1)")
$(BUILD)/gdb/libthread_db.so.1: tools/gdb/thread_db.c rtld/dbgnode.h
	@mkdir -p $(dir $@)
	$(CC) -O2 -g -Wall -Wextra -Werror -fPIC -shared \
	  -DSYSTEM_THREAD_DB='"$(THREAD_DB_SYS)"' -o $@ $< -ldl

# $(1): the loader, $(2): its objects
define LINK_LOADER
	@rm -f $(1)
	$(CC) $(XLDFLAGS) $(LDFLAGS) -Wl,-T,$(LDSCRIPT) -o $(1).tmp $(2) $(EVENT_OBJ) $(LIBS) 2>&1 | \
	  { grep -v "warning: section .\.tdata. type changed to PROGBITS" || :; }
	@# (`main' is rtld/main.c's alias for ld_c18n_main, only for the C runtime's start code)
	objcopy --strip-symbol=main $(1).tmp $(1)
	@rm -f $(1).tmp
	@test -x $(1)
endef
$(BUILD)/ld-c18n: $(OBJS) $(EVENT_OBJ) $(LDSCRIPT)
	$(call LINK_LOADER,$@,$(OBJS))

# ld-c18n-tls64k: the same loader with a thread pointer aligned to 64 KiB, which ld-c18n runs
# instead (exec) for a program whose own TLS is aligned beyond 4 KiB (rtld/main.c); every
# thread of it copies 184 KiB more of static TLS (trampolines/tramp.h), so it is not the
# default.
OBJS_TLS64K := $(patsubst %,$(BUILD)/obj-tls64k/%.o,$(RTLD_SRC) $(ARCH_SRC))
$(BUILD)/ld-c18n-tls64k: $(OBJS_TLS64K) $(EVENT_OBJ) $(LDSCRIPT)
	$(call LINK_LOADER,$@,$(OBJS_TLS64K))
$(BUILD)/obj-tls64k/%.c.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(XCFLAGS) $(CFLAGS) -DC18N_TLS_ALIGN=65536 -DC18N_TLS_AREA=131072 -MMD -MP -c -o $@ $<
$(BUILD)/obj-tls64k/%.S.o: %.S
	@mkdir -p $(dir $@)
	$(CC) $(XCFLAGS) $(CFLAGS) -DC18N_TLS_ALIGN=65536 -DC18N_TLS_AREA=131072 -MMD -MP -c -o $@ $<
$(BUILD)/obj-tls64k/arch/$(ARCH)/syscall.c.o: $(BUILD)/gen/syscall-names.h
-include $(OBJS_TLS64K:.o=.d)

$(LDSCRIPT): Makefile
	@mkdir -p $(dir $@)
	$(CC) $(XLDFLAGS) -Wl,--verbose 2>/dev/null | sed -n '/^=====/,/^=====/{/^=====/d;p}' | \
	  sed -e 's/\*(\.tdata \.tdata\.\* \.gnu\.linkonce\.td\.\*)/& *(.tbss .tbss.* .gnu.linkonce.tb.*) *(.tcommon) KEEP(*(.c18n_tls))/' \
	      -e '/^ *\.tbss[[:space:]]*:/d' >$@.tmp
	grep -q 'KEEP(\*(\.c18n_tls))' $@.tmp && ! grep -q '^ *\.tbss' $@.tmp
	mv $@.tmp $@

$(BUILD)/obj/%.c.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(XCFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

# System call names for isolation's reports (arch/$(ARCH)/syscall.c), from the kernel headers.
$(BUILD)/gen/syscall-names.h: Makefile
	@mkdir -p $(dir $@)
	echo '#include <sys/syscall.h>' | $(CC) -E -dM -x c - | \
	  sed -n 's/^#define __NR_\([a-z0-9_]*\) \([0-9][0-9]*\)$$/[\2] = "\1",/p' >$@.tmp
	test -s $@.tmp && mv $@.tmp $@
$(BUILD)/obj/arch/$(ARCH)/syscall.c.o: $(BUILD)/gen/syscall-names.h

$(BUILD)/gen/debugger-event.so: Makefile
	@mkdir -p $(dir $@)
	$(CC) -shared -nostdlib -Wl,-soname,ld-c18n-debugger-event -o $@ -x c /dev/null
$(EVENT_OBJ): $(BUILD)/gen/debugger-event.so
	@mkdir -p $(dir $@)
	printf '%s\n' '.section .rodata' '.globl c18n_notify_image, c18n_notify_image_end' \
	  '.hidden c18n_notify_image, c18n_notify_image_end' '.p2align 4' 'c18n_notify_image:' \
	  '.incbin "$<"' 'c18n_notify_image_end:' '.section .note.GNU-stack,"",@progbits' | \
	  $(CC) -c -x assembler -o $@ -

$(BUILD)/obj/%.S.o: %.S
	@mkdir -p $(dir $@)
	$(CC) $(XCFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

-include $(OBJS:.o=.d)

# ---- c18n-inspect ----
# The boundary inspector (tools/c18n-inspect.c, man/c18n-inspect.1).  It shares the loader's
# library search and policy parser: rtld/search.c, rtld/policy.c and rtld/util.c are linked in
# unchanged, from the same objects, and so is rtld/runtime.c (the runtimes' compartments);
# so is dwarfsig.h's implementation (rtld/dwarf-abi.c, rtld/debugfile.c, rtld/mangle.c,
# rtld/dwarfsig.c), the ABI stack-byte classifier and debug-file discovery the loader uses
# for its trampolines.
INSPECT_SRC  := $(wildcard tools/*.c)
INSPECT_OBJS := $(patsubst %,$(BUILD)/obj/%.o,$(INSPECT_SRC)) $(BUILD)/obj/rtld/search.c.o \
                $(BUILD)/obj/rtld/policy.c.o $(BUILD)/obj/rtld/util.c.o \
                $(BUILD)/obj/rtld/dwarf-abi.c.o $(BUILD)/obj/rtld/debugfile.c.o \
                $(BUILD)/obj/rtld/mangle.c.o $(BUILD)/obj/rtld/dwarfsig.c.o \
                $(BUILD)/obj/rtld/runtime.c.o

$(BUILD)/c18n-inspect: $(INSPECT_OBJS)
	$(CC) $(SANLDFLAGS) $(LDFLAGS) -o $@ $(INSPECT_OBJS) -ldw -lelf

-include $(patsubst %,$(BUILD)/obj/%.d,$(INSPECT_SRC))
# ---- end c18n-inspect ----

# ---- bench ----
# Benchmarks (bench/, issue 5).  `make bench` builds ld-c18n and, into build/bench/, the
# runner, the input generator, the micro-benchmark program and library, and the C++ start-up
# program, then runs bench/run.sh, which prints the results as markdown tables on stdout;
# `make bench BENCH_WRITE=1` also writes them to bench/RESULTS.md.  Knobs: BENCH_RUNS (runs
# per configuration), BENCH_WARMUP, BENCH_CALLS, BENCH_SAMPLES (see bench/run.sh).  Must stay
# true: the benchmark programs are built -O2 and call across libraries through the PLT (no
# -fno-plt); nothing beyond the build deps is needed but the programs measured.
BENCH_DIR    := $(BUILD)/bench
BENCH_CFLAGS := -O2 -g -Wall -Wextra
BENCH_PKGS   := curl sqlite3 xz-utils cmake gdb
BENCH_BINS   := $(BENCH_DIR)/runner $(BENCH_DIR)/gen $(BENCH_DIR)/libbenchlib.so \
                $(BENCH_DIR)/micro $(BENCH_DIR)/cxxstart $(BENCH_DIR)/cxxstart-stripped \
                $(BENCH_DIR)/mprot

.PHONY: bench
bench: all $(BENCH_BINS)
	@sh tools/install-deps.sh --test $(BENCH_PKGS)
	@BENCH_RUNS='$(BENCH_RUNS)' BENCH_WARMUP='$(BENCH_WARMUP)' BENCH_CALLS='$(BENCH_CALLS)' \
	 BENCH_SAMPLES='$(BENCH_SAMPLES)' BENCH_WRITE='$(BENCH_WRITE)' sh bench/run.sh

$(BENCH_DIR)/runner: bench/runner.c
	@mkdir -p $(dir $@)
	$(CC) $(BENCH_CFLAGS) -o $@ $<

$(BENCH_DIR)/mprot: bench/mprot.c
	@mkdir -p $(dir $@)
	$(CC) $(BENCH_CFLAGS) -o $@ $<

$(BENCH_DIR)/gen: bench/gen.c
	@mkdir -p $(dir $@)
	$(CC) $(BENCH_CFLAGS) -o $@ $<

$(BENCH_DIR)/libbenchlib.so: bench/benchlib.c bench/benchlib.h
	@mkdir -p $(dir $@)
	$(CC) $(BENCH_CFLAGS) -fPIC -shared -o $@ $<

$(BENCH_DIR)/micro: bench/micro.c bench/benchlib.h $(BENCH_DIR)/libbenchlib.so
	$(CC) $(BENCH_CFLAGS) -Ibench -fPIE -pie -rdynamic -o $@ $< -L$(BENCH_DIR) -lbenchlib

$(BENCH_DIR)/cxxstart: bench/cxxstart.cc
	@mkdir -p $(dir $@)
	$(CXX) $(BENCH_CFLAGS) -o $@ $<

# the same program as distributions ship programs: without DWARF (ld-c18n reads none at start)
$(BENCH_DIR)/cxxstart-stripped: $(BENCH_DIR)/cxxstart
	strip -o $@ $<
# ---- end bench ----

# ---- fuzz ----
# Fuzzing (fuzz/, issue 17).  `make fuzz` installs AFL++ (Debian's afl++) if it is missing,
# builds every harness of fuzz/ twice into build/fuzz/ -- with afl-clang-fast, AddressSanitizer
# and UndefinedBehaviorSanitizer (afl/fuzz-TARGET), and with the plain compiler and the same
# sanitizers (replay/fuzz-TARGET, which replays files or directories of inputs without AFL) --
# then runs fuzz/run.sh: seed corpora from the system's own files, each target for
# FUZZ_SECONDS (default 600) one after another under one afl-fuzz at `nice -n 19`, and a
# summary per target from afl's fuzzer_stats.  FUZZ_TARGETS picks targets; FUZZ_WRITE=1 also
# writes the summary table to build/fuzz/summary.md.  Must stay true: the harnesses are
# compiled from the loader's and c18n-inspect's own sources (never build/'s objects, never
# with changes beyond C18N_ALLOC_MALLOC, which gives rtld_alloc to ASan); everything
# generated (corpora, afl output) stays under build/fuzz/; not part of `make check`.
FUZZ_DIR      := build/fuzz
FUZZ_SECONDS  ?= 600
FUZZ_TARGETS  ?= object ldcache policy inspect
FUZZ_AFLCC    ?= afl-clang-fast
FUZZ_CC       ?= clang
FUZZ_CFLAGS   := -std=gnu11 -O1 -g -fno-strict-aliasing -Wall -Wno-unused-parameter \
                 -Irtld -Iarch/$(ARCH) -Itrampolines -Iisolation -Itools -Ifuzz \
                 -DC18N_VERSION='"$(VERSION)"' -DC18N_ALLOC_MALLOC
FUZZ_SAN      := -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_DWARF    := rtld/dwarfsig.c rtld/dwarf-abi.c rtld/debugfile.c rtld/mangle.c
FUZZ_SRC_object  := rtld/object.c rtld/symbols.c rtld/util.c $(FUZZ_DWARF)
FUZZ_SRC_ldcache := rtld/search.c rtld/util.c
FUZZ_SRC_policy  := rtld/policy.c rtld/util.c
FUZZ_SRC_inspect := $(INSPECT_SRC) rtld/search.c rtld/policy.c rtld/util.c rtld/runtime.c \
                    $(FUZZ_DWARF)
FUZZ_LIBS_object  := -ldw -lelf
FUZZ_LIBS_inspect := -ldw -lelf
# (c18n-inspect.c's main() gives way to the harness's)
FUZZ_DEFS_tools/c18n-inspect.c := -Dmain=c18n_inspect_main

FUZZ_BINS := $(foreach t,$(FUZZ_TARGETS),$(FUZZ_DIR)/afl/fuzz-$(t) $(FUZZ_DIR)/replay/fuzz-$(t))

.PHONY: fuzz fuzz-build
fuzz:
	@sh tools/install-deps.sh --test afl++ clang
	@$(MAKE) --no-print-directory fuzz-build
	@FUZZ_SECONDS='$(FUZZ_SECONDS)' FUZZ_TARGETS='$(FUZZ_TARGETS)' FUZZ_WRITE='$(FUZZ_WRITE)' \
	 sh fuzz/run.sh

fuzz-build: $(FUZZ_BINS)
.PRECIOUS: $(FUZZ_DIR)/%.o

# $(1): afl or replay, $(2): the compiler, $(3): extra environment
define FUZZ_FLAVOUR
$(FUZZ_DIR)/$(1)/obj/%.c.o: %.c fuzz/fuzz.h
	@mkdir -p $$(dir $$@)
	$(3) $(2) $$(FUZZ_CFLAGS) $$(FUZZ_SAN) $$(FUZZ_DEFS_$$<) -MMD -MP -c -o $$@ $$<
$(FUZZ_DIR)/$(1)/fuzz-%: $(FUZZ_DIR)/$(1)/obj/fuzz/%.c.o \
                         $$$$(addprefix $(FUZZ_DIR)/$(1)/obj/,$$$$(addsuffix .o,$$$$(FUZZ_SRC_$$$$*)))
	$(3) $(2) $$(FUZZ_SAN) -o $$@ $$^ $$(FUZZ_LIBS_$$*)
endef
.SECONDEXPANSION:
$(eval $(call FUZZ_FLAVOUR,afl,$(FUZZ_AFLCC),AFL_USE_ASAN=1 AFL_USE_UBSAN=1 AFL_QUIET=1))
$(eval $(call FUZZ_FLAVOUR,replay,$(FUZZ_CC),))
-include $(wildcard $(FUZZ_DIR)/*/obj/*/*.d)
# ---- end fuzz ----

deps:
	@sh tools/install-deps.sh

# Packages the real-program test runs (it compares them natively and under ld-c18n).
TEST_PKGS := sqlite3 jq curl openssl perl python3 xz-utils gzip tar gawk sed grep coreutils \
             openjdk-17-jdk-headless ruby libgc-dev php-cli lua5.4 git imagemagick ffmpeg \
             ghostscript redis-server redis-tools libpython3.11-testsuite \
             cmake nodejs gdb graphviz

test-deps:
	@sh tools/install-deps.sh --test $(TEST_PKGS)

check: deps test-deps
	@$(MAKE) --no-print-directory all
	@LDC18N=$(abspath $(BUILD))/ld-c18n sh tests/run.sh

# The real-program corpus under --isolate=audit (issue 13): tests/real-isolate/audit.sh runs
# every case of tests/real/run.sh, node included, with isolation in audit mode and writes the
# violations per program, the mprotect calls and the faults to tests/real-isolate/AUDIT.md, a
# committed record like bench/RESULTS.md (its hand-written "Analysis" section is kept).  Slow,
# so not part of `make check`.  Knobs: AUDIT_OUT, AUDIT_REPEAT, AUDIT_RUNS (see the script).
.PHONY: audit-corpus
audit-corpus: test-deps
	@$(MAKE) --no-print-directory all
	@sh tests/real-isolate/audit.sh

demo: deps
	@$(MAKE) --no-print-directory all
	@sh tools/demo.sh

install: all
	install -D -m 755 $(BUILD)/ld-c18n $(DESTDIR)/usr/local/bin/ld-c18n
	install -D -m 755 $(BUILD)/ld-c18n-tls64k $(DESTDIR)/usr/local/bin/ld-c18n-tls64k
	install -D -m 755 $(BUILD)/c18n-inspect $(DESTDIR)/usr/local/bin/c18n-inspect
	install -D -m 755 tools/c18n-trace $(DESTDIR)/usr/local/bin/c18n-trace
	install -D -m 644 man/c18n-trace.1 $(DESTDIR)/usr/local/share/man/man1/c18n-trace.1
	install -D -m 644 man/ld-c18n.1 $(DESTDIR)/usr/local/share/man/man1/ld-c18n.1
	install -D -m 644 man/c18n-inspect.1 $(DESTDIR)/usr/local/share/man/man1/c18n-inspect.1
	install -D -m 644 man/c18n.policy.5 $(DESTDIR)/usr/local/share/man/man5/c18n.policy.5
	install -D -m 644 man/c18n.7 $(DESTDIR)/usr/local/share/man/man7/c18n.7
	install -D -m 644 tools/gdb/ld-c18n.py \
	  $(DESTDIR)/usr/share/gdb/auto-load/usr/local/bin/ld-c18n-gdb.py
	install -D -m 644 $(BUILD)/gdb/libthread_db.so.1 \
	  $(DESTDIR)/usr/local/lib/ld-c18n/libthread_db.so.1

clean:
	rm -rf $(BUILD) tests/out
