/* idset.c — a growable open-addressing set of strings. */
#include "idset.h"

#include "alloc.h"
#include "error.h"
#include "hash.h"

#include <stdint.h>
#include <string.h>

struct nf_idset {
    char **slots;     /* NULL: empty */
    size_t cap;       /* a power of two */
    size_t count;
};

nf_idset *nf_idset_new(void)
{
    nf_idset *set = nf_calloc(1, sizeof *set);
    if (set == NULL)
        return NULL;
    set->cap = 1024;
    set->slots = nf_calloc(set->cap, sizeof *set->slots);
    if (set->slots == NULL) {
        nf_free(set);
        return NULL;
    }
    return set;
}

void nf_idset_free(nf_idset *set)
{
    if (set == NULL)
        return;
    for (size_t i = 0; i < set->cap; i++)
        nf_free(set->slots[i]);
    nf_free(set->slots);
    nf_free(set);
}

/* The slot holding s, or the empty slot where it would go. */
static size_t find_slot(char *const *slots, size_t cap, const char *s)
{
    size_t i = (size_t)nf_hash64(s, strlen(s)) & (cap - 1);
    while (slots[i] && strcmp(slots[i], s) != 0)
        i = (i + 1) & (cap - 1);
    return i;
}

bool nf_idset_contains(const nf_idset *set, const char *s)
{
    return set->slots[find_slot(set->slots, set->cap, s)] != NULL;
}

static int grow(nf_idset *set)
{
    size_t cap = set->cap * 2;
    char **slots = nf_calloc(cap, sizeof *slots);
    if (slots == NULL)
        return NF_ENOMEM;
    for (size_t i = 0; i < set->cap; i++)
        if (set->slots[i])
            slots[find_slot(slots, cap, set->slots[i])] = set->slots[i];
    nf_free(set->slots);
    set->slots = slots;
    set->cap = cap;
    return 0;
}

int nf_idset_add(nf_idset *set, const char *s)
{
    if ((set->count + 1) * 2 > set->cap && grow(set) < 0)
        return NF_ENOMEM;
    size_t i = find_slot(set->slots, set->cap, s);
    if (set->slots[i])
        return 0;
    set->slots[i] = nf_strdup(s);
    if (set->slots[i] == NULL)
        return NF_ENOMEM;
    set->count++;
    return 0;
}
