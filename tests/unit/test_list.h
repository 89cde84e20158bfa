/* test_list.h — every unit-test group, in the order the runner runs them. */
#define NF_TEST_GROUPS(X) \
    X(arena)
