# Makefile for reprint: plain GNU Make. 'make help' lists the targets.
# On a fresh Debian 12 machine 'make run' and 'make test' install the missing Debian packages
# (as root; otherwise they print the command), build, and run.

CC ?= cc
CLANG ?= clang
SHARED ?= ../shared
FUZZ_SECONDS ?= 60
F ?= jsonl

PKGS := libutf8proc libxxhash jansson zlib libxml-2.0 sqlite3
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
LIBS = $(PKG_LIBS) -lstemmer -lpthread -lm

WARN := -std=c11 -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wstrict-prototypes \
        -Wmissing-prototypes -Wvla -Wformat=2 -Wcast-qual -Wwrite-strings -Wundef \
        -Wimplicit-fallthrough
CPPFLAGS += -D_GNU_SOURCE -Iinclude

release_CFLAGS := -O2 -g -fPIC
test_CFLAGS := -O1 -g -Werror -fsanitize=address,undefined -fno-sanitize-recover=all \
               -fno-omit-frame-pointer
test_LDFLAGS := -fsanitize=address,undefined
clang_CC = $(CLANG)
clang_CFLAGS := -O1 -g -Werror

# What each variant's compilations wait for: the Debian packages (so that 'make -j' on a fresh
# machine installs them before compiling).
release_DEPS := deps
test_DEPS := deps-test
clang_DEPS := deps

LIB_SRC := $(sort $(wildcard lib/*/*.c))
CLI_SRC := $(sort $(wildcard cli/*.c))
CLI_SRC += cli/report/report_assets.c
UNIT_SRC := $(sort $(wildcard tests/unit/*.c))
FUZZ_SRC := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_NAMES := $(FUZZ_SRC:tests/fuzz/fuzz_%.c=%)
BENCH_SRC := $(sort $(wildcard bench/*.c))

.PHONY: all run test check clang fuzz bench eval deps deps-test lint format format-check man clean help
.DEFAULT_GOAL := all

all: deps build/release/reprint build/release/libreprint.so ## build/release: libreprint.a, libreprint.so, reprint

# One set of rules per build variant: build/release and build/test.
define variant
$(1)_LIB_OBJ := $$(LIB_SRC:%.c=build/$(1)/%.o)
$(1)_CLI_OBJ := $$(CLI_SRC:%.c=build/$(1)/%.o)
build/$(1)/%.o: %.c | $$($(1)_DEPS)
	@mkdir -p $$(@D)
	$$(or $$($(1)_CC),$$(CC)) $$(CPPFLAGS) $$(PKG_CFLAGS) $$(WARN) $$($(1)_CFLAGS) $$(CFLAGS) -MMD -MP -c $$< -o $$@
build/$(1)/libreprint.a: $$($(1)_LIB_OBJ)
	@rm -f $$@
	ar rcs $$@ $$^
build/$(1)/reprint: $$($(1)_CLI_OBJ) build/$(1)/libreprint.a
	$$(or $$($(1)_CC),$$(CC)) $$($(1)_CFLAGS) $$($(1)_LDFLAGS) $$(LDFLAGS) -o $$@ $$^ $$(LIBS)
-include $$($(1)_LIB_OBJ:.o=.d) $$($(1)_CLI_OBJ:.o=.d)
endef
$(eval $(call variant,release))
$(eval $(call variant,test))
$(eval $(call variant,clang))

build/release/libreprint.so: $(release_LIB_OBJ)
	$(CC) -shared -o $@ $^ $(LIBS)

# The HTML report's style sheet and script, embedded in C (committed: no build needs this).
cli/report/report_assets.c: cli/report/embed.sh cli/report/report.css cli/report/report.js
	sh cli/report/embed.sh > $@.tmp && mv $@.tmp $@

deps:
	@scripts/deps.sh build

deps-test:
	@scripts/deps.sh test
	@if [ "$$(id -u)" = 0 ]; then scripts/deps.sh report; fi

run: all ## build, then scan the bundled examples
	build/release/reprint scan examples

# Tests: unit tests (Criterion), command-line tests, fuzz corpora replayed through
# tests/fuzz/driver.c; all built with -Werror, AddressSanitizer and UBSan.
UNIT_OBJ := $(UNIT_SRC:%.c=build/test/%.o)
build/test/unit: $(UNIT_OBJ) build/test/libreprint.a
	$(CC) $(test_CFLAGS) $(test_LDFLAGS) -o $@ $^ $(LIBS) -lcriterion
-include $(UNIT_OBJ:.o=.d)

FUZZ_REPLAY := $(FUZZ_NAMES:%=build/test/fuzz_%)
-include $(FUZZ_SRC:%.c=build/test/%.d) build/test/tests/fuzz/driver.d
build/test/fuzz_%: build/test/tests/fuzz/fuzz_%.o build/test/tests/fuzz/driver.o build/test/libreprint.a
	$(CC) $(test_CFLAGS) $(test_LDFLAGS) -o $@ $^ $(LIBS)

test: deps-test build/test/reprint build/test/unit $(FUZZ_REPLAY) ## build/test (-Werror, ASan, UBSan); run unit, cli and fuzz-corpus tests
	@SHARED=$(SHARED) sh tests/run.sh

check: test clang format-check lint ## test + clang build + format-check + lint

clang: ## build everything with clang and -Werror too (gcc and clang must both be clean)
	@scripts/deps.sh fuzz
	$(MAKE) build/clang/reprint

fuzz: ## libFuzzer on one target (F=name) for FUZZ_SECONDS, with clang
	@scripts/deps.sh fuzz
	@mkdir -p build/fuzz/corpus_$(F) tests/fuzz/corpus/$(F)
	$(CLANG) $(CPPFLAGS) $(PKG_CFLAGS) -std=c11 -g -O1 -fsanitize=fuzzer,address,undefined \
	    -o build/fuzz/fuzz_$(F) tests/fuzz/fuzz_$(F).c $(LIB_SRC) $(LIBS)
	cd build/fuzz && ./fuzz_$(F) -max_total_time=$(FUZZ_SECONDS) -max_len=65536 \
	    corpus_$(F) ../../tests/fuzz/corpus/$(F)

build/release/bench_%: bench/%.c build/release/libreprint.a | deps
	$(CC) $(CPPFLAGS) $(PKG_CFLAGS) $(WARN) -O2 -g -o $@ $^ $(LIBS)

bench: all $(BENCH_SRC:bench/%.c=build/release/bench_%) ## speed on the bench/ corpus: MB/s and articles/s
	@SHARED=$(SHARED) sh bench/run.sh

eval: all ## run reprint on every set in ../shared/eval and print one table of scores
	@scripts/deps.sh eval
	@SHARED=$(SHARED) sh scripts/eval.sh

lint: ## front ends see only <reprint.h>; modules depend one way
	@sh scripts/lint.sh

format: ## reformat the sources with clang-format
	clang-format -i $(LIB_SRC) $(wildcard lib/*/*.h) $(CLI_SRC) cli/*.h include/reprint.h \
	    $(UNIT_SRC) tests/fuzz/*.c $(BENCH_SRC)
	clang-format -i cli/report/report.js

format-check: ## fail when clang-format would change a file
	clang-format --dry-run -Werror $(LIB_SRC) $(wildcard lib/*/*.h) $(CLI_SRC) cli/*.h \
	    include/reprint.h $(UNIT_SRC) tests/fuzz/*.c $(BENCH_SRC)
	clang-format --dry-run -Werror cli/report/report.js

man: doc/reprint.1 ## regenerate doc/reprint.1 from doc/reprint.1.md (needs pandoc)
doc/reprint.1: doc/reprint.1.md
	pandoc -s -f markdown-smart -t man $< -o $@

clean: ## remove build/
	rm -rf build

help: ## list the targets
	@grep -hE '^[a-z-]+:.*## ' Makefile | sed 's/:.*## /\t/' | \
	    awk -F'\t' '{ printf "  make %-14s %s\n", $$1, $$2 }'
.SECONDARY:
