# virt-migrate — GNU make.
#
#   make            build ./virt-migrate
#   make check      install missing Debian packages, build, run every test tier
#   make demo       install missing packages, build, bring the lab up, open the wizard in it
#   make tui        the wizard's screens in tmux (tests/tui), without the lab
#   make bench      every migration kind against plain libvirt, in the lab (bench/results.md)
#   make lab-up / lab-down     the three-host lab of tests/lab
#   make fuzz       a long libFuzzer session on each parser (FUZZ_SECONDS each)
#   make install / uninstall   PREFIX, DESTDIR, MANDIR honoured
#   DEVELOPER=1     adds -Werror

.DELETE_ON_ERROR:
.SUFFIXES:

VERSION   := 0.1.0
PREFIX    ?= /usr/local
BINDIR    ?= $(PREFIX)/bin
MANDIR    ?= $(PREFIX)/share/man
DATADIR   ?= $(PREFIX)/share/virt-migrate
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
DESTDIR   ?=

CC        ?= cc
PKG_CONFIG ?= pkg-config
SANITIZE  ?= address,undefined

# Each library through pkg-config, or plain -l flags where no .pc exists.
pc_cflags = $(shell $(PKG_CONFIG) --cflags $(1) 2>/dev/null)
pc_libs   = $(shell $(PKG_CONFIG) --libs $(1) 2>/dev/null || echo $(2))

LIB_CFLAGS := $(call pc_cflags,ncursesw libvirt libvirt-qemu libssh inih)
LIB_LIBS   := $(call pc_libs,ncursesw,-lncursesw -ltinfo) \
              $(call pc_libs,libvirt libvirt-qemu,-lvirt -lvirt-qemu) \
              $(call pc_libs,libssh,-lssh) \
              $(call pc_libs,inih,-linih) -lpthread
CUNIT_CFLAGS := $(call pc_cflags,cunit)
CUNIT_LIBS   := $(call pc_libs,cunit,-lcunit)

WARN   := -Wall -Wextra -Wshadow -Wformat=2 -Wstrict-prototypes \
          -Wmissing-prototypes -Wwrite-strings -Wvla -Wno-format-nonliteral
ifeq ($(DEVELOPER),1)
WARN   += -Werror
endif
CFLAGS ?= -O2 -g
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE -DVERSION='"$(VERSION)"' \
             -DDATADIR='"$(DATADIR)"' $(WARN) $(CFLAGS) $(LIB_CFLAGS) -MMD -MP
SAN_FLAGS  = -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=undefined

B := .build

LIB_SRC  := $(sort $(wildcard engine/*.c config/*.c ui/*.c))
TOOL_SRC := $(sort $(wildcard src/*.c))
UNIT_SRC := $(sort $(wildcard tests/unit/*.c))
INT_SRC  := $(sort $(wildcard tests/integration/*.c))
UNIT_SUITES := $(patsubst tests/unit/test_%.c,%,$(filter tests/unit/test_%.c,$(UNIT_SRC)))

OBJ      := $(patsubst %.c,$(B)/%.o,$(LIB_SRC) $(TOOL_SRC))
SAN_LIB  := $(patsubst %.c,$(B)/san/%.o,$(LIB_SRC))
SAN_TOOL := $(patsubst %.c,$(B)/san/%.o,$(TOOL_SRC))
SAN_UNIT := $(patsubst %.c,$(B)/san/%.o,$(UNIT_SRC))
SAN_INT  := $(patsubst %.c,$(B)/san/%.o,$(INT_SRC))

MAN1 := man/virt-migrate.1
MAN5 := man/virt-migrate.conf.5

# Debian packages to build, test, and run the lab (tests/lab).
DEB_PACKAGES := gcc make libc6-dev pkg-config libncurses-dev libvirt-dev libssh-dev \
    libinih-dev libcunit1-dev libvirt-daemon-system libvirt-clients qemu-system-x86 \
    qemu-utils openssh-server openssh-client busybox-static cpio xz-utils bindfs fuse3 \
    iproute2 procps psmisc tmux mandoc jq clang libclang-rt-dev \
    openssl tcpdump

.PHONY: all check check-build check-run unit integration tui lab-check man-lint deps lab-up lab-down \
        demo bench install uninstall clean fuzz fuzz-build

all: virt-migrate

virt-migrate: $(OBJ)
	$(CC) $(CFLAGS) -o $@ $^ $(LIB_LIBS) $(LDFLAGS)

$(B)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(B)/san/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(SAN_FLAGS) $(CUNIT_CFLAGS) -I$(B) -c -o $@ $<

# The sanitized tool, used by the lab tier.
$(B)/virt-migrate-san: $(SAN_LIB) $(SAN_TOOL)
	$(CC) $(CFLAGS) $(SAN_FLAGS) -o $@ $^ $(LIB_LIBS) $(LDFLAGS)

# One CUnit runner; the suite list is made from the tests/unit/test_NAME.c files,
# each of which exports test_NAME_register().
$(B)/unit_suites.h: FORCE
	@mkdir -p $(@D)
	@printf '%s\n' $(foreach s,$(UNIT_SUITES),'SUITE($(s))') > $@.tmp
	@cmp -s $@.tmp $@ 2>/dev/null && rm -f $@.tmp || mv $@.tmp $@
$(B)/san/tests/unit/run.o: $(B)/unit_suites.h

$(B)/unit-tests: $(SAN_UNIT) $(SAN_LIB)
	$(CC) $(CFLAGS) $(SAN_FLAGS) -o $@ $^ $(CUNIT_LIBS) $(LIB_LIBS) $(LDFLAGS)

$(B)/integration-tests: $(SAN_INT) $(SAN_LIB)
	$(CC) $(CFLAGS) $(SAN_FLAGS) -o $@ $^ $(CUNIT_LIBS) $(LIB_LIBS) $(LDFLAGS)

FORCE:

# --- tests ------------------------------------------------------------------

# check: packages first (in its own make, so that pkg-config sees them), then
# everything else.
check:
	@$(MAKE) --no-print-directory deps
	@$(MAKE) --no-print-directory -j$(CHECK_JOBS) check-build
	@$(MAKE) --no-print-directory check-run

# the build of check on every core; the tiers one after the other
CHECK_JOBS ?= $(shell nproc 2>/dev/null || echo 1)

CHECK_BINS := $(B)/unit-tests $(B)/virt-migrate-san $(if $(INT_SRC),$(B)/integration-tests) \
              fuzz-build

check-build: all $(CHECK_BINS)

check-run: check-build
	@B=$(B) tests/run-tiers

unit: $(B)/unit-tests
	@$(B)/unit-tests

# The wizard in tmux against test:/// hosts (tests/tui); no lab needed.
tui: $(B)/virt-migrate-san
	@tests/tui/run

man-lint:
	@mandoc -Tlint -Wwarning $(MAN1) $(MAN5)

lab-check: all $(B)/virt-migrate-san
	@tests/lab/run-tests

# --- fuzzing (tests/fuzz) -------------------------------------------------------
# One libFuzzer harness per parser, tests/fuzz/fuzz_NAME.c, built with clang
# and its sources; FUZZ_SRC_NAME lists them.  `make check` runs each a few
# seconds (tier fuzz); `make fuzz` runs each FUZZ_SECONDS.

FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 600
FUZZ_FLAGS   := -std=c11 -D_GNU_SOURCE -DVERSION='"$(VERSION)"' -g -O1 -Wall -Wextra \
                -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
FUZZ_NAMES   := $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
# Each fuzzer links the few files its reader needs (file.c: low-level file I/O).
FUZZ_SRC_config := $(sort $(wildcard config/*.c))
FUZZ_SRC_answers := $(sort $(wildcard engine/answers*.c engine/plan*.c engine/file.c config/*.c)) \
                    engine/vm_error.c
FUZZ_SRC_theme := ui/theme.c

fuzz-build: $(foreach n,$(FUZZ_NAMES),$(B)/fuzz/fuzz-$(n))

.SECONDEXPANSION:
$(B)/fuzz/fuzz-%: tests/fuzz/fuzz_%.c $$(FUZZ_SRC_$$*) $$(wildcard config/*.h engine/*.h ui/*.h)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_FLAGS) $(LIB_CFLAGS) -o $@ $< $(FUZZ_SRC_$*) $(LIB_LIBS) $(LDFLAGS)

fuzz: fuzz-build
	@B=$(B) tests/fuzz/run $(FUZZ_SECONDS)

# --- packages and lab ---------------------------------------------------------

deps:
	@missing=""; for p in $(DEB_PACKAGES); do \
	  dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed$$' \
	    || missing="$$missing $$p"; done; \
	if [ -z "$$missing" ]; then echo "deps: every Debian package is installed"; exit 0; fi; \
	if [ "$$(id -u)" != 0 ]; then \
	  echo "deps: missing packages:$$missing; run 'make deps' as root or install them with apt-get" >&2; exit 1; fi; \
	echo "deps: installing$$missing"; \
	export DEBIAN_FRONTEND=noninteractive; \
	apt-get update -qq && apt-get install -y -qq --no-install-recommends $$missing >/dev/null \
	  || { echo "deps: apt-get install failed for:$$missing" >&2; exit 1; }

lab-up:
	@tests/lab/lab-up

lab-down:
	@tests/lab/lab-down

demo:
	@$(MAKE) --no-print-directory deps
	@$(MAKE) --no-print-directory all
	@tests/lab/lab-up
	@tests/lab/op ./virt-migrate

# --- benchmarks (not part of check) ---------------------------------------------
# make bench: every case of issue 7 against its baseline (bench/run): the lab
# cases L1-L3, S1, S2, C1, C2, O1 (holds the lab lock, brings the lab up and
# down), K1 and U1; writes bench/results.md and bench/results.json.  Reports,
# never fails on a figure.  About 11 minutes on 2 cores.  /usr/bin/time (the
# tool's peak RSS) comes from the Debian package "time".
BENCH_PACKAGES := time

bench:
	@$(MAKE) --no-print-directory deps DEB_PACKAGES="$(DEB_PACKAGES) $(BENCH_PACKAGES)" || true
	@$(MAKE) --no-print-directory all $(B)/virt-migrate-san
	@B=$(B) bench/run

# --- install ------------------------------------------------------------------
# The installed program finds its data at run time in BIN/../share/virt-migrate
# (ui/datadir.c), so `make && make install PREFIX=/opt/x` needs no rebuild and
# a DESTDIR staging install works once its tree is moved to PREFIX; the
# compiled-in DATADIR is the fallback.  The man pages are installed with the
# paths of this install (BINDIR, DATADIR, MANDIR, BASHCOMPDIR) in place of
# /usr/local ones.  uninstall removes the files install put there, then the
# data directories it made if they are empty.

INSTALL_THEMES   := $(notdir $(wildcard themes/*.ini))
INSTALL_EXAMPLES := $(notdir $(wildcard config/examples/*.ini))
# a path as a sed replacement (delimiter |)
sed_repl = $(subst |,\|,$(subst &,\&,$(1)))
MAN_PATHS_SED := -e 's|/usr/local/share/virt-migrate|$(call sed_repl,$(DATADIR))|g' \
    -e 's|/usr/local/share/bash-completion/completions|$(call sed_repl,$(BASHCOMPDIR))|g' \
    -e 's|/usr/local/share/man|$(call sed_repl,$(MANDIR))|g' \
    -e 's|/usr/local/bin|$(call sed_repl,$(BINDIR))|g'

install: all
	@[ "$(abspath $(DATADIR))" = "$(abspath $(BINDIR)/../share/virt-migrate)" ] || \
	  echo "install: note: DATADIR $(DATADIR) is not BINDIR/../share/virt-migrate:" \
	    "the program finds it only if it was built with the same DATADIR" \
	    "(make DATADIR=$(DATADIR) clean all)" >&2
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 \
	    $(DESTDIR)$(DATADIR)/themes $(DESTDIR)$(DATADIR)/examples $(DESTDIR)$(BASHCOMPDIR)
	install -m 0755 virt-migrate $(DESTDIR)$(BINDIR)/virt-migrate
	sed $(MAN_PATHS_SED) $(MAN1) >$(DESTDIR)$(MANDIR)/man1/virt-migrate.1
	sed $(MAN_PATHS_SED) $(MAN5) >$(DESTDIR)$(MANDIR)/man5/virt-migrate.conf.5
	chmod 0644 $(DESTDIR)$(MANDIR)/man1/virt-migrate.1 $(DESTDIR)$(MANDIR)/man5/virt-migrate.conf.5
	$(if $(INSTALL_THEMES),install -m 0644 $(addprefix themes/,$(INSTALL_THEMES)) $(DESTDIR)$(DATADIR)/themes/)
	$(if $(INSTALL_EXAMPLES),install -m 0644 $(addprefix config/examples/,$(INSTALL_EXAMPLES)) $(DESTDIR)$(DATADIR)/examples/)
	install -m 0644 config/completion/virt-migrate $(DESTDIR)$(BASHCOMPDIR)/virt-migrate

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/virt-migrate $(DESTDIR)$(MANDIR)/man1/virt-migrate.1 \
	    $(DESTDIR)$(MANDIR)/man5/virt-migrate.conf.5 $(DESTDIR)$(BASHCOMPDIR)/virt-migrate \
	    $(addprefix $(DESTDIR)$(DATADIR)/themes/,$(INSTALL_THEMES)) \
	    $(addprefix $(DESTDIR)$(DATADIR)/examples/,$(INSTALL_EXAMPLES))
	for d in $(DESTDIR)$(DATADIR)/themes $(DESTDIR)$(DATADIR)/examples $(DESTDIR)$(DATADIR); do \
	  [ ! -d "$$d" ] || rmdir "$$d" 2>/dev/null || echo "uninstall: $$d kept: not empty" >&2; done

clean:
	rm -rf $(B) virt-migrate

-include $(shell find $(B) -name '*.d' 2>/dev/null)
