/* test_arena.c — the per-article bump allocator. */
#include "unit.h"

#include "alloc.h"
#include "arena.h"

#include <cJSON.h>

#include <stdalign.h>
#include <string.h>

static void test_alloc_is_aligned_and_distinct(void **state)
{
    (void)state;
    nf_arena a;
    nf_arena_init(&a, 256);
    char *p = nf_arena_alloc(&a, 3);
    char *q = nf_arena_alloc(&a, 5);
    assert_non_null(p);
    assert_non_null(q);
    assert_true((uintptr_t)q % alignof(max_align_t) == 0);
    assert_true(q >= p + 3);
    nf_arena_free(&a);
}

static void test_large_allocation_gets_its_own_block(void **state)
{
    (void)state;
    nf_arena a;
    nf_arena_init(&a, 128);
    char *big = nf_arena_alloc(&a, 10000);
    assert_non_null(big);
    memset(big, 'x', 10000);
    char *small = nf_arena_alloc(&a, 16);
    assert_non_null(small);
    nf_arena_reset(&a);
    /* After a reset only an ordinary block is kept, never the oversized one. */
    assert_true(nf_arena_capacity(&a) <= 128);
    assert_int_equal(a.used, 0);
    nf_arena_free(&a);
}

static void test_reserve_grows_and_keeps_items(void **state)
{
    (void)state;
    nf_arena a;
    nf_arena_init(&a, 1024);
    int *items = NULL;
    size_t cap = 0;
    for (int i = 0; i < 1000; i++) {
        assert_int_equal(nf_arena_reserve(&a, (void **)&items, &cap, (size_t)i + 1, sizeof *items), 0);
        items[i] = i;
    }
    for (int i = 0; i < 1000; i++)
        assert_int_equal(items[i], i);
    assert_true(cap >= 1000);
    nf_arena_free(&a);
}

static void test_strndup_terminates(void **state)
{
    (void)state;
    nf_arena a;
    nf_arena_init(&a, 64);
    char *s = nf_arena_strndup(&a, "hello world", 5);
    assert_string_equal(s, "hello");
    nf_arena_free(&a);
}

static void test_allocation_failure_is_reported(void **state)
{
    (void)state;
    nf_arena a;
    nf_arena_init(&a, 64);
    nf_alloc_fail_after(0);
    assert_null(nf_arena_alloc(&a, 8));
    nf_alloc_fail_after(-1);
    assert_non_null(nf_arena_alloc(&a, 8));
    nf_arena_free(&a);
}

static void test_cjson_allocates_in_the_json_arena_while_set(void **state)
{
    (void)state;
    nf_arena a;
    nf_arena_init(&a, 4096);
    cJSON *before = cJSON_CreateObject();
    assert_null(nf_alloc_json_arena(&a));
    cJSON *inside = cJSON_CreateString("in the arena");
    assert_non_null(inside);
    assert_true(nf_arena_owns(&a, inside));
    assert_true(nf_arena_owns(&a, inside->valuestring));
    assert_false(nf_arena_owns(&a, before));
    cJSON_Delete(inside);     /* nothing to free: the arena holds it */
    cJSON_Delete(before);     /* made with nf_malloc: freed for real */
    assert_ptr_equal(nf_alloc_json_arena(NULL), &a);
    cJSON *after = cJSON_Parse("{\"a\": [1, 2]}");
    assert_non_null(after);
    assert_false(nf_arena_owns(&a, after));
    cJSON_Delete(after);
    nf_arena_free(&a);
}

NF_TEST_GROUP(arena) {
    cmocka_unit_test(test_cjson_allocates_in_the_json_arena_while_set),
    cmocka_unit_test(test_alloc_is_aligned_and_distinct),
    cmocka_unit_test(test_large_allocation_gets_its_own_block),
    cmocka_unit_test(test_reserve_grows_and_keeps_items),
    cmocka_unit_test(test_strndup_terminates),
    cmocka_unit_test(test_allocation_failure_is_reported),
};
NF_TEST_GROUP_END(arena);
