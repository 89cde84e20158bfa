# newsflow — build, run, test.
#
#   make run    install missing Debian packages, build, run the default pipeline on examples/
#   make test   build with AddressSanitizer + UndefinedBehaviorSanitizer and run every test
#
# Objects go to build/release (the binary users run) and build/asan (what the
# tests run). Dependencies come from Debian packages through pkg-config.

PKGS      := lua5.4 libuv libcjson libpcre2-8 libutf8proc inih
CC        ?= cc
# Deferred (=) so that the flags are read after `deps` has installed the packages.
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS))
PKG_LIBS   = $(shell pkg-config --libs $(PKGS)) -lm
TEST_LIBS  = $(shell pkg-config --libs cmocka)

WARNINGS  := -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
             -Wformat=2 -Wvla -Wcast-qual
BASEFLAGS  = -std=c11 -D_GNU_SOURCE $(WARNINGS) -iquote core $(PKG_CFLAGS) -MMD -MP
RELEASE_CFLAGS := -O2 -g
# The tested build treats warnings as errors, so that none can land unnoticed.
ASAN_CFLAGS    := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
                  -fno-sanitize-recover=undefined -Werror
CFLAGS    ?=

CORE_SRC  := $(filter-out core/main.c,$(wildcard core/*.c))
UNIT_SRC  := $(wildcard tests/unit/*.c)

REL_CORE  := $(CORE_SRC:core/%.c=build/release/%.o)
ASAN_CORE := $(CORE_SRC:core/%.c=build/asan/%.o)
ASAN_UNIT := $(UNIT_SRC:tests/unit/%.c=build/asan/unit/%.o)

NEWSFLOW      := build/newsflow
NEWSFLOW_ASAN := build/asan/newsflow
UNIT_RUNNER   := build/asan/unit-tests

.PHONY: all deps run test test-unit test-rules test-e2e eval bench bench-instr bench-patterns clean
.DEFAULT_GOAL := all

all: $(NEWSFLOW)

deps:
	@scripts/install-deps.sh

run: deps
	@$(MAKE) --no-print-directory all
	./$(NEWSFLOW) run -c pipeline.conf examples/

test: deps
	@$(MAKE) --no-print-directory $(NEWSFLOW) $(NEWSFLOW_ASAN) $(UNIT_RUNNER)
	@$(MAKE) --no-print-directory test-unit test-rules test-e2e

test-unit: $(UNIT_RUNNER)
	ASAN_OPTIONS=detect_leaks=1 ./$(UNIT_RUNNER)

# End-to-end tests run the sanitized binary; the memory test measures the release one.
# The default rules against their tests (tests/rules/*.lua).
test-rules: $(NEWSFLOW_ASAN)
	./$(NEWSFLOW_ASAN) test

test-e2e: $(NEWSFLOW_ASAN) $(NEWSFLOW)
	NEWSFLOW=./$(NEWSFLOW_ASAN) NEWSFLOW_RELEASE=./$(NEWSFLOW) tests/e2e/run.sh

# Extraction quality on ../shared/eval: prints the figures and whether each target holds.
eval: deps
	@$(MAKE) --no-print-directory $(NEWSFLOW)
	scripts/eval.sh

# Speed (docs/performance.md): throughput, memory and start-up against grep, the
# peer libraries and the targets; bench-instr counts instructions per byte with
# callgrind. Benchmarks, not tests: a missed target never fails the build.
# BENCH_ARGS passes options, e.g. make bench BENCH_ARGS="--repeat 1 --no-peers".
BENCH_ARGS ?=
bench: deps
	@$(MAKE) --no-print-directory $(NEWSFLOW)
	python3 scripts/bench/bench.py --newsflow $(NEWSFLOW) $(BENCH_ARGS)

bench-instr: deps
	@$(MAKE) --no-print-directory $(NEWSFLOW)
	python3 scripts/bench/instr.py --newsflow $(NEWSFLOW)

# The sandbox's Lua pattern functions beside Lua's own (docs/performance.md).
bench-patterns: build/bench/luapattern
	./build/bench/luapattern examples/001_2a89244be4c5f614.txt

build/bench/luapattern: scripts/bench/luapattern.c build/release/luapattern.o
	@mkdir -p build/bench
	$(CC) $(BASEFLAGS) $(RELEASE_CFLAGS) $(CFLAGS) -o $@ $^ $(PKG_LIBS)

$(NEWSFLOW): $(REL_CORE) build/release/main.o
	$(CC) $(RELEASE_CFLAGS) $(CFLAGS) -o $@ $^ $(PKG_LIBS)

$(NEWSFLOW_ASAN): $(ASAN_CORE) build/asan/main.o
	$(CC) $(ASAN_CFLAGS) $(CFLAGS) -o $@ $^ $(PKG_LIBS)

$(UNIT_RUNNER): $(ASAN_CORE) $(ASAN_UNIT)
	$(CC) $(ASAN_CFLAGS) $(CFLAGS) -o $@ $^ $(PKG_LIBS) $(TEST_LIBS)

build/release/%.o: core/%.c | build/release
	$(CC) $(BASEFLAGS) $(RELEASE_CFLAGS) $(CFLAGS) -c -o $@ $<

build/asan/%.o: core/%.c | build/asan
	$(CC) $(BASEFLAGS) $(ASAN_CFLAGS) $(CFLAGS) -c -o $@ $<

build/asan/unit/%.o: tests/unit/%.c | build/asan/unit
	$(CC) $(BASEFLAGS) -iquote tests/unit $(ASAN_CFLAGS) $(CFLAGS) -c -o $@ $<

build/release build/asan build/asan/unit:
	mkdir -p $@

clean:
	rm -rf build

-include $(wildcard build/release/*.d build/asan/*.d build/asan/unit/*.d)
