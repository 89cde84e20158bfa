/*
 * alloc.h — the one place newsflow's C code gets heap memory from.
 *
 * Every allocation of the core, and cJSON's and PCRE2's through their
 * hooks, goes through these functions, so that tests can make the Nth
 * allocation fail and check that the failure is reported, not leaked.
 */
#ifndef NF_ALLOC_H
#define NF_ALLOC_H

#include <stddef.h>

void *nf_malloc(size_t size);
void *nf_calloc(size_t count, size_t size);
void *nf_realloc(void *ptr, size_t size);
void  nf_free(void *ptr);
char *nf_strdup(const char *s);
char *nf_strndup(const char *s, size_t n);

/*
 * Fault injection for tests: after `n` more successful allocations, every
 * allocation fails until nf_alloc_fail_after(-1) turns failing off.
 */
void nf_alloc_fail_after(long n);

/* Makes cJSON allocate through nf_malloc/nf_free. Call once at start-up. */
void nf_alloc_init_libraries(void);

struct nf_arena;

/*
 * Routes the calling thread's cJSON allocations to `arena` (NULL: back to
 * nf_malloc) and returns the arena that was in use, to be restored after.
 * Building a whole tree of cJSON nodes then costs a few pointer bumps, and
 * freeing it nothing: while an arena is in use, cJSON's frees of its
 * memory do nothing, and the nodes go when the arena is reset. Such a tree
 * must therefore never outlive the arena's next reset, nor be given to
 * cJSON_Delete once the arena is no longer in use. Other threads (parsing
 * JSON input, metadata, logs) keep allocating with nf_malloc.
 */
struct nf_arena *nf_alloc_json_arena(struct nf_arena *arena);

#endif
