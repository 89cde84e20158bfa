#!/bin/sh
# Builds and runs one unit-test group on its own, with sanitizers:
#   scripts/unit-group.sh GROUP core/x.c [core/y.c ...]
# Links only the named sources (plus the allocator, arena and errors), so a
# module can be tested while the rest of the core is being written.
set -eu
group=$1; shift
out=build/asan/unit-$group
mkdir -p build/asan
PKGS="lua5.4 libuv libcjson libpcre2-8 libutf8proc inih cmocka"
# shellcheck disable=SC2046
cc -std=c11 -D_GNU_SOURCE -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
   -Wmissing-prototypes -Wformat=2 -Wvla -Wcast-qual -O1 -g -fno-omit-frame-pointer \
   -fsanitize=address,undefined -fno-sanitize-recover=undefined \
   -iquote core -iquote tests/unit $(pkg-config --cflags $PKGS) -DNF_ONLY_GROUP="$group" \
   -o "$out" tests/unit/runner.c tests/unit/fixtures.c "tests/unit/test_$group.c" \
   core/alloc.c core/arena.c core/error.c \
   "$@" $(pkg-config --libs $PKGS) -lm
"./$out"
