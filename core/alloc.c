/* alloc.c — heap allocation with test-only fault injection. */
#include "alloc.h"

#include <cJSON.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

/* Negative: no failures injected. Otherwise: allocations left before failing. */
static atomic_long allocations_until_failure = -1;

static int injected_failure(void)
{
    long left = atomic_load_explicit(&allocations_until_failure, memory_order_relaxed);
    if (left < 0)
        return 0;
    if (left == 0)
        return 1;
    atomic_fetch_sub_explicit(&allocations_until_failure, 1, memory_order_relaxed);
    return 0;
}

void nf_alloc_fail_after(long n)
{
    atomic_store(&allocations_until_failure, n);
}

void *nf_malloc(size_t size)
{
    return injected_failure() ? NULL : malloc(size ? size : 1);
}

void *nf_calloc(size_t count, size_t size)
{
    return injected_failure() ? NULL : calloc(count ? count : 1, size ? size : 1);
}

void *nf_realloc(void *ptr, size_t size)
{
    return injected_failure() ? NULL : realloc(ptr, size ? size : 1);
}

void nf_free(void *ptr)
{
    free(ptr);
}

char *nf_strndup(const char *s, size_t n)
{
    char *copy = nf_malloc(n + 1);
    if (copy) {
        memcpy(copy, s, n);
        copy[n] = '\0';
    }
    return copy;
}

char *nf_strdup(const char *s)
{
    return nf_strndup(s, strlen(s));
}

void nf_alloc_init_libraries(void)
{
    cJSON_Hooks hooks = {nf_malloc, nf_free};
    cJSON_InitHooks(&hooks);
}
