/* arena.c — chained-block bump allocator. */
#include "arena.h"

#include "alloc.h"
#include "error.h"

#include <stdalign.h>
#include <stdint.h>
#include <string.h>

struct nf_arena_block {
    nf_arena_block *next;
    size_t size;      /* usable bytes in data[] */
    size_t offset;    /* bytes of data[] already handed out */
    alignas(max_align_t) unsigned char data[];
};

#define ARENA_ALIGN alignof(max_align_t)

static size_t align_up(size_t n)
{
    return (n + ARENA_ALIGN - 1) & ~(ARENA_ALIGN - 1);
}

void nf_arena_init(nf_arena *a, size_t block_size)
{
    a->head = NULL;
    a->block_size = block_size ? block_size : 64 * 1024;
    a->used = 0;
}

static nf_arena_block *new_block(size_t size)
{
    nf_arena_block *b = nf_malloc(sizeof *b + size);
    if (b) {
        b->next = NULL;
        b->size = size;
        b->offset = 0;
    }
    return b;
}

void *nf_arena_alloc(nf_arena *a, size_t size)
{
    if (size > SIZE_MAX - ARENA_ALIGN)
        return NULL;
    size = align_up(size ? size : 1);
    nf_arena_block *b = a->head;
    if (b == NULL || b->size - b->offset < size) {
        /* A request larger than a block gets a block of its own. */
        b = new_block(size > a->block_size ? size : a->block_size);
        if (b == NULL)
            return NULL;
        b->next = a->head;
        a->head = b;
    }
    void *p = b->data + b->offset;
    b->offset += size;
    a->used += size;
    return p;
}

void *nf_arena_calloc(nf_arena *a, size_t count, size_t size)
{
    if (size && count > SIZE_MAX / size)
        return NULL;
    void *p = nf_arena_alloc(a, count * size);
    if (p)
        memset(p, 0, count * size);
    return p;
}

char *nf_arena_strndup(nf_arena *a, const char *s, size_t n)
{
    char *copy = nf_arena_alloc(a, n + 1);
    if (copy) {
        memcpy(copy, s, n);
        copy[n] = '\0';
    }
    return copy;
}

char *nf_arena_strdup(nf_arena *a, const char *s)
{
    return nf_arena_strndup(a, s, strlen(s));
}

int nf_arena_reserve(nf_arena *a, void **items, size_t *cap, size_t need, size_t item_size)
{
    if (need <= *cap)
        return 0;
    size_t new_cap = *cap ? *cap : 8;
    while (new_cap < need)
        new_cap *= 2;
    if (new_cap > SIZE_MAX / item_size)
        return NF_ENOMEM;
    void *grown = nf_arena_alloc(a, new_cap * item_size);
    if (grown == NULL)
        return NF_ENOMEM;
    if (*cap)
        memcpy(grown, *items, *cap * item_size);
    *items = grown;
    *cap = new_cap;
    return 0;
}

bool nf_arena_owns(const nf_arena *a, const void *p)
{
    /* Compared as integers: relational operators on pointers into different objects are undefined. */
    uintptr_t at = (uintptr_t)p;
    for (const nf_arena_block *b = a->head; b; b = b->next)
        if (at >= (uintptr_t)b->data && at < (uintptr_t)(b->data + b->size))
            return true;
    return false;
}

size_t nf_arena_capacity(const nf_arena *a)
{
    size_t total = 0;
    for (const nf_arena_block *b = a->head; b; b = b->next)
        total += b->size;
    return total;
}

void nf_arena_reset(nf_arena *a)
{
    /* Keep one ordinary-sized block; oversized ones (a huge article) go back to the system. */
    nf_arena_block *kept = NULL;
    nf_arena_block *b = a->head;
    while (b) {
        nf_arena_block *next = b->next;
        if (kept == NULL && b->size == a->block_size) {
            kept = b;
            kept->next = NULL;
            kept->offset = 0;
        } else {
            nf_free(b);
        }
        b = next;
    }
    a->head = kept;
    a->used = 0;
}

void nf_arena_free(nf_arena *a)
{
    nf_arena_block *b = a->head;
    while (b) {
        nf_arena_block *next = b->next;
        nf_free(b);
        b = next;
    }
    a->head = NULL;
    a->used = 0;
}
