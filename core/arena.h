/*
 * arena.h — bump allocation for everything one article owns.
 *
 * An article's annotations, copies of strings and scratch arrays come from
 * one arena and are freed in one go when the article is done. A worker
 * keeps its arena between articles (nf_arena_reset keeps the first block),
 * so a steady stream of articles does not churn malloc.
 */
#ifndef NF_ARENA_H
#define NF_ARENA_H

#include <stdbool.h>
#include <stddef.h>

typedef struct nf_arena_block nf_arena_block;

typedef struct nf_arena {
    nf_arena_block *head;   /* newest block first; the last one is kept on reset */
    size_t block_size;      /* size of an ordinary block */
    size_t used;            /* bytes handed out since the last reset */
} nf_arena;

void nf_arena_init(nf_arena *a, size_t block_size);

/* Returns `size` bytes aligned for any type, or NULL when out of memory. */
void *nf_arena_alloc(nf_arena *a, size_t size);

/* Like nf_arena_alloc, zeroed. */
void *nf_arena_calloc(nf_arena *a, size_t count, size_t size);

/* Copies s[0..n) into the arena and terminates it with NUL. */
char *nf_arena_strndup(nf_arena *a, const char *s, size_t n);
char *nf_arena_strdup(nf_arena *a, const char *s);

/*
 * Makes room for at least `need` items of `item_size` bytes in an array
 * *items of capacity *cap, growing it geometrically inside the arena.
 * Returns 0 or NF_ENOMEM.
 */
int nf_arena_reserve(nf_arena *a, void **items, size_t *cap, size_t need, size_t item_size);

/* Whether p points into one of the arena's blocks. */
bool nf_arena_owns(const nf_arena *a, const void *p);

/* Bytes of block memory the arena holds (used or not). */
size_t nf_arena_capacity(const nf_arena *a);

/* Forgets every allocation; keeps one ordinary block for reuse. */
void nf_arena_reset(nf_arena *a);

/* Frees every block. The arena may be used again after nf_arena_init. */
void nf_arena_free(nf_arena *a);

#endif
