/*
 * hash.h — FNV-1a, the one hash newsflow uses for its small tables.
 *
 * Keys are short (words, ids, list keys), so hashing a byte at a time is
 * fast enough and the spread is good.
 */
#ifndef NF_HASH_H
#define NF_HASH_H

#include <stddef.h>
#include <stdint.h>

static inline uint32_t nf_hash32(const void *data, size_t len)
{
    const unsigned char *p = data;
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < len; i++)
        h = (h ^ p[i]) * 16777619u;
    return h;
}

static inline uint64_t nf_hash64(const void *data, size_t len)
{
    const unsigned char *p = data;
    uint64_t h = UINT64_C(0xcbf29ce484222325);
    for (size_t i = 0; i < len; i++)
        h = (h ^ p[i]) * UINT64_C(0x100000001b3);
    return h;
}

#endif
