/* strmap.c — open-addressing string map with backward-shift deletion. */
#include "strmap.h"

#include "alloc.h"
#include "error.h"
#include "hash.h"

#include <string.h>

typedef struct slot {
    char *key;       /* NULL: empty */
    void *value;
    size_t hash;
} slot;

struct nf_strmap {
    slot *slots;
    size_t cap;      /* a power of two */
    size_t count;
};

nf_strmap *nf_strmap_new(void)
{
    nf_strmap *m = nf_calloc(1, sizeof *m);
    if (m == NULL)
        return NULL;
    m->cap = 64;
    m->slots = nf_calloc(m->cap, sizeof *m->slots);
    if (m->slots == NULL) {
        nf_free(m);
        return NULL;
    }
    return m;
}

void nf_strmap_free(nf_strmap *m)
{
    if (m == NULL)
        return;
    for (size_t i = 0; i < m->cap; i++)
        nf_free(m->slots[i].key);
    nf_free(m->slots);
    nf_free(m);
}

/* The slot holding key, or the empty slot where it would go. */
static size_t find(const slot *slots, size_t cap, const char *key, size_t hash)
{
    size_t i = hash & (cap - 1);
    while (slots[i].key && (slots[i].hash != hash || strcmp(slots[i].key, key) != 0))
        i = (i + 1) & (cap - 1);
    return i;
}

void *nf_strmap_get(const nf_strmap *m, const char *key)
{
    size_t i = find(m->slots, m->cap, key, (size_t)nf_hash64(key, strlen(key)));
    return m->slots[i].key ? m->slots[i].value : NULL;
}

static int grow(nf_strmap *m)
{
    size_t cap = m->cap * 2;
    slot *slots = nf_calloc(cap, sizeof *slots);
    if (slots == NULL)
        return NF_ENOMEM;
    for (size_t i = 0; i < m->cap; i++)
        if (m->slots[i].key)
            slots[find(slots, cap, m->slots[i].key, m->slots[i].hash)] = m->slots[i];
    nf_free(m->slots);
    m->slots = slots;
    m->cap = cap;
    return 0;
}

int nf_strmap_put(nf_strmap *m, const char *key, void *value)
{
    if ((m->count + 1) * 2 > m->cap && grow(m) < 0)
        return NF_ENOMEM;
    size_t hash = (size_t)nf_hash64(key, strlen(key));
    size_t i = find(m->slots, m->cap, key, hash);
    if (m->slots[i].key == NULL) {
        m->slots[i].key = nf_strdup(key);
        if (m->slots[i].key == NULL)
            return NF_ENOMEM;
        m->slots[i].hash = hash;
        m->count++;
    }
    m->slots[i].value = value;
    return 0;
}

/* Whether the entry whose home is `home` may move back to the hole at `hole` (seen from `from`). */
static int may_fill(size_t home, size_t hole, size_t from, size_t mask)
{
    return ((from - home) & mask) >= ((from - hole) & mask);
}

void *nf_strmap_remove(nf_strmap *m, const char *key)
{
    size_t mask = m->cap - 1;
    size_t hole = find(m->slots, m->cap, key, (size_t)nf_hash64(key, strlen(key)));
    if (m->slots[hole].key == NULL)
        return NULL;
    void *value = m->slots[hole].value;
    nf_free(m->slots[hole].key);
    m->slots[hole].key = NULL;
    m->count--;
    /* Backward shift: later entries of the same probe run move up so that lookups still find them. */
    for (size_t i = (hole + 1) & mask; m->slots[i].key; i = (i + 1) & mask) {
        if (may_fill(m->slots[i].hash & mask, hole, i, mask)) {
            m->slots[hole] = m->slots[i];
            m->slots[i].key = NULL;
            hole = i;
        }
    }
    return value;
}

size_t nf_strmap_count(const nf_strmap *m)
{
    return m->count;
}

void *nf_strmap_next(const nf_strmap *m, size_t *cursor, const char **key)
{
    while (*cursor < m->cap) {
        const slot *s = &m->slots[(*cursor)++];
        if (s->key) {
            if (key)
                *key = s->key;
            return s->value;
        }
    }
    return NULL;
}
