/* test_strmap.c — the string map: against a plain array as reference, with deletions. */
#include "unit.h"

#include "strmap.h"

#include <stdbool.h>
#include <string.h>

#define KEYS 3000

static void test_put_get_replace(void **state)
{
    (void)state;
    nf_strmap *m = nf_strmap_new();
    int a = 1, b = 2;
    assert_int_equal(nf_strmap_put(m, "x", &a), 0);
    assert_ptr_equal(nf_strmap_get(m, "x"), &a);
    assert_int_equal(nf_strmap_put(m, "x", &b), 0);
    assert_ptr_equal(nf_strmap_get(m, "x"), &b);
    assert_int_equal(nf_strmap_count(m), 1);
    assert_null(nf_strmap_get(m, "y"));
    assert_null(nf_strmap_remove(m, "y"));
    assert_ptr_equal(nf_strmap_remove(m, "x"), &b);
    assert_int_equal(nf_strmap_count(m), 0);
    nf_strmap_free(m);
}

/* Random puts and removes; after each step every key's presence matches the reference. */
static void test_random_against_reference(void **state)
{
    (void)state;
    static int values[KEYS];
    static bool present[KEYS];
    char key[32];
    nf_strmap *m = nf_strmap_new();
    unsigned seed = 12345;
    for (int step = 0; step < 40000; step++) {
        seed = seed * 1103515245u + 12345u;
        int k = (int)((seed >> 8) % KEYS);
        snprintf(key, sizeof key, "file-%d.txt", k);
        if ((seed >> 4) & 1) {
            assert_int_equal(nf_strmap_put(m, key, &values[k]), 0);
            present[k] = true;
        } else {
            assert_ptr_equal(nf_strmap_remove(m, key), present[k] ? &values[k] : NULL);
            present[k] = false;
        }
    }
    size_t expected = 0;
    for (int k = 0; k < KEYS; k++) {
        snprintf(key, sizeof key, "file-%d.txt", k);
        assert_ptr_equal(nf_strmap_get(m, key), present[k] ? &values[k] : NULL);
        expected += present[k];
    }
    assert_int_equal(nf_strmap_count(m), expected);
    size_t cursor = 0, seen = 0;
    const char *name;
    while (nf_strmap_next(m, &cursor, &name) != NULL) {
        int k = atoi(name + 5);
        assert_true(present[k]);
        seen++;
    }
    assert_int_equal(seen, expected);
    nf_strmap_free(m);
}

NF_TEST_GROUP(strmap) {
    cmocka_unit_test(test_put_get_replace),
    cmocka_unit_test(test_random_against_reference),
};
NF_TEST_GROUP_END(strmap);
