/* alloc.c — heap allocation with test-only fault injection. */
#include "alloc.h"

#include "arena.h"

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

/* cJSON's hooks are process-wide; the arena they use is the calling thread's. */
static _Thread_local nf_arena *json_arena;

static void *json_malloc(size_t size)
{
    return json_arena ? nf_arena_alloc(json_arena, size) : nf_malloc(size);
}

/* Arena memory is never freed one piece at a time; anything else (made before the arena) is. */
static void json_free(void *ptr)
{
    if (json_arena == NULL || !nf_arena_owns(json_arena, ptr))
        nf_free(ptr);
}

void nf_alloc_init_libraries(void)
{
    cJSON_Hooks hooks = {json_malloc, json_free};
    cJSON_InitHooks(&hooks);
}

nf_arena *nf_alloc_json_arena(nf_arena *arena)
{
    nf_arena *previous = json_arena;
    json_arena = arena;
    return previous;
}
