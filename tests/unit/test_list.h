/*
 * test_list.h — every unit-test group, in the order the runner runs them.
 * Building the runner with -DNF_ONLY_GROUP=name links just that group.
 */
#ifdef NF_ONLY_GROUP
/* The indirection expands NF_ONLY_GROUP before the group macros paste it. */
#define NF_APPLY_GROUP(X, group) X(group)
#define NF_TEST_GROUPS(X) NF_APPLY_GROUP(X, NF_ONLY_GROUP)
#else
#define NF_TEST_GROUPS(X) \
    X(arena)              \
    X(utf8)               \
    X(view)               \
    X(automaton)          \
    X(sentences)          \
    X(names)              \
    X(config)             \
    X(reader)             \
    X(walk)               \
    X(sandbox)            \
    X(luapattern)         \
    X(output)             \
    X(engine)             \
    X(strmap)             \
    X(outbox)
#endif
