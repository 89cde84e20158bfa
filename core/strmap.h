/*
 * strmap.h — a map from strings to pointers.
 *
 * Open addressing with FNV-1a hashes, growing at half load, deleting by
 * backward shift (no tombstones), so a map that sees millions of names come
 * and go stays as small as what it holds. Not thread-safe: its users keep it
 * on one thread.
 */
#ifndef NF_STRMAP_H
#define NF_STRMAP_H

#include <stddef.h>

typedef struct nf_strmap nf_strmap;

nf_strmap *nf_strmap_new(void);

/* Frees the map and its copies of the keys (not the values). */
void nf_strmap_free(nf_strmap *m);

/* The value under key, or NULL. */
void *nf_strmap_get(const nf_strmap *m, const char *key);

/* Sets key (copied) to value, which must not be NULL. Returns 0 or NF_ENOMEM. */
int nf_strmap_put(nf_strmap *m, const char *key, void *value);

/* Removes key; returns its value, or NULL when it was absent. */
void *nf_strmap_remove(nf_strmap *m, const char *key);

size_t nf_strmap_count(const nf_strmap *m);

/*
 * Iteration: *cursor starts at 0; returns the next value (and its key in
 * *key) or NULL at the end. The map must not change during an iteration.
 */
void *nf_strmap_next(const nf_strmap *m, size_t *cursor, const char **key);

#endif
