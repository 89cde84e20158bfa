/*
 * idset.h — a set of strings, for noticing an id seen twice.
 *
 * Open addressing with FNV-1a hashes; grows at half load. Not thread-safe:
 * the runner uses it on its loop thread only.
 */
#ifndef NF_IDSET_H
#define NF_IDSET_H

#include <stdbool.h>

typedef struct nf_idset nf_idset;

nf_idset *nf_idset_new(void);
void nf_idset_free(nf_idset *set);
bool nf_idset_contains(const nf_idset *set, const char *s);

/* Adds a copy of s. Returns 0 (also when it was there) or NF_ENOMEM. */
int nf_idset_add(nf_idset *set, const char *s);

#endif
