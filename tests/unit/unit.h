/*
 * unit.h — what every unit-test file includes.
 *
 * A test file defines its cases and one group:
 *
 *     NF_TEST_GROUP(arena) {
 *         cmocka_unit_test(test_alloc_is_aligned),
 *         ...
 *     };
 *     NF_TEST_GROUP_END(arena);
 *
 * and the group is listed once in test_list.h, where the runner finds it.
 */
#ifndef NF_UNIT_H
#define NF_UNIT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

#define NF_TEST_GROUP(name) const struct CMUnitTest nf_tests_##name[] =
#define NF_TEST_GROUP_END(name) \
    const size_t nf_tests_##name##_count = sizeof nf_tests_##name / sizeof nf_tests_##name[0]

/* The folder holding the shared data (seeds, corpus), or NULL when absent. */
const char *nf_test_shared_dir(void);

/* A new empty folder under /tmp (free it with nf_test_remove_dir, which deletes it and its contents). */
char *nf_test_temp_dir(void);
void nf_test_remove_dir(char *dir);

/* buf = dir/name; fails the test when it does not fit. */
void nf_test_path(char *buf, size_t size, const char *dir, const char *name);

/* Creates or replaces the file at path with content. */
void nf_test_write_file(const char *path, const char *content);

#endif
