/*
 * runner.c — runs every unit-test group listed in test_list.h.
 *
 *   unit-tests            run all groups
 *   unit-tests GROUP...   run only the named groups
 *
 * Ends with the line "N passed, N failed".
 */
#include "unit.h"

#include "alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "test_list.h"

#define DECLARE_GROUP(name) \
    extern const struct CMUnitTest nf_tests_##name[]; \
    extern const size_t nf_tests_##name##_count;
NF_TEST_GROUPS(DECLARE_GROUP)

struct group {
    const char *name;
    const struct CMUnitTest *tests;
    const size_t *count;
};

#define LIST_GROUP(name) {#name, nf_tests_##name, &nf_tests_##name##_count},
static const struct group groups[] = {NF_TEST_GROUPS(LIST_GROUP)};

const char *nf_test_shared_dir(void)
{
    struct stat st;
    const char *dir = getenv("NF_SHARED");
    if (dir == NULL)
        dir = "../shared";
    return stat(dir, &st) == 0 && S_ISDIR(st.st_mode) ? dir : NULL;
}

static int selected(const char *name, int argc, char **argv)
{
    if (argc < 2)
        return 1;
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], name) == 0)
            return 1;
    return 0;
}

int main(int argc, char **argv)
{
    size_t total = 0, failed = 0;
    /* cmocka reports on both streams: line buffering keeps them in order. */
    setvbuf(stdout, NULL, _IOLBF, 0);
    nf_alloc_init_libraries();
    for (size_t i = 0; i < sizeof groups / sizeof groups[0]; i++) {
        if (!selected(groups[i].name, argc, argv))
            continue;
        total += *groups[i].count;
        failed += (size_t)_cmocka_run_group_tests(groups[i].name, groups[i].tests,
                                                  *groups[i].count, NULL, NULL);
    }
    fflush(stderr);
    printf("%zu passed, %zu failed\n", total - failed, failed);
    return failed ? 1 : 0;
}
