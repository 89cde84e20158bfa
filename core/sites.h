/*
 * sites.h — a list of web sites with labels ("fake", "reliable", ...).
 *
 * The score stage rates an article's site when its url or site is known.
 * The list is a text file, one site a line: the domain (optionally with a
 * path prefix: "example.org/blog"), a tab, the labels separated by commas
 * ("clickbait,junksci"); '#' starts a comment line. A lookup goes from the
 * most specific to the least: host with the first path segment, the host,
 * then its parent domains ("news.example.co.uk" finds "example.co.uk").
 * "www." and letter case never matter. An immutable list may be shared by
 * threads.
 */
#ifndef NF_SITES_H
#define NF_SITES_H

#include "error.h"

typedef struct nf_sites nf_sites;

/* Reads the list at path. Errors (unreadable file, bad line) fill d with file and line. */
int nf_sites_load(const char *path, nf_sites **out, nf_diag *d);

void nf_sites_free(nf_sites *s);

/* Number of sites listed. */
size_t nf_sites_count(const nf_sites *s);

/*
 * The labels of the site that `where` (a URL, "host/path" or a bare host)
 * belongs to, or NULL. *domain (when not NULL) gets the site as listed.
 */
const char *nf_sites_lookup(const nf_sites *s, const char *where, const char **domain);

#endif
