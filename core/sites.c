/* sites.c — the site list: normalized domains in a string map. */
#include "sites.h"

#include "alloc.h"
#include "strmap.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Hosts are at most 253 bytes; with a path segment a key stays well below this. */
#define MAX_KEY 512

typedef struct site {
    char *domain;   /* normalized: lower case, no "www.", no trailing '/' */
    char *labels;
} site;

struct nf_sites {
    nf_strmap *by_domain;   /* domain -> site */
};

static void free_site(site *s)
{
    if (s) {
        nf_free(s->domain);
        nf_free(s->labels);
        nf_free(s);
    }
}

void nf_sites_free(nf_sites *s)
{
    if (s == NULL)
        return;
    size_t cursor = 0;
    const char *key;
    for (site *x; (x = nf_strmap_next(s->by_domain, &cursor, &key)) != NULL;)
        free_site(x);
    nf_strmap_free(s->by_domain);
    nf_free(s);
}

size_t nf_sites_count(const nf_sites *s)
{
    return nf_strmap_count(s->by_domain);
}

/*
 * Normalizes a URL or domain into key: lower case, without scheme, user,
 * port, query, "www." and trailing dots or slashes; keeps at most the first
 * path segment. Returns the key's length, or 0 when nothing is left or it
 * does not fit. *host_len gets the length of the host part.
 */
static size_t normalize(const char *where, char key[MAX_KEY], size_t *host_len)
{
    const char *p = strstr(where, "://");
    p = p ? p + 3 : where;
    const char *host_end = p + strcspn(p, "/?#");
    const char *at = memchr(p, '@', (size_t)(host_end - p));
    if (at)
        p = at + 1;
    const char *port = memchr(p, ':', (size_t)(host_end - p));
    size_t n = (size_t)((port ? port : host_end) - p);
    if (n >= 4 && strncasecmp(p, "www.", 4) == 0) {
        p += 4;
        n -= 4;
    }
    while (n > 0 && p[n - 1] == '.')
        n--;
    if (n == 0 || n >= MAX_KEY / 2)
        return 0;
    for (size_t i = 0; i < n; i++)
        key[i] = (char)tolower((unsigned char)p[i]);
    *host_len = n;
    const char *path = host_end;
    if (*path == '/') {
        size_t seg = strcspn(path + 1, "/?#");
        if (seg > 0 && seg < MAX_KEY / 2 - 1) {
            key[n++] = '/';
            for (size_t i = 0; i < seg; i++)
                key[n++] = (char)tolower((unsigned char)path[1 + i]);
        }
    }
    key[n] = '\0';
    return n;
}

static int add_site(nf_sites *s, const char *where, const char *labels)
{
    char key[MAX_KEY];
    size_t host_len;
    if (normalize(where, key, &host_len) == 0)
        return NF_EINVAL;
    if (nf_strmap_get(s->by_domain, key))
        return 0;   /* listed twice: the first line wins */
    site *x = nf_calloc(1, sizeof *x);
    if (x)
        x->domain = nf_strdup(key);
    if (x && x->domain)
        x->labels = nf_strdup(labels);
    if (x == NULL || x->labels == NULL || nf_strmap_put(s->by_domain, key, x) < 0) {
        free_site(x);
        return NF_ENOMEM;
    }
    return 0;
}

/* One line of the list, without its line break. */
static int add_line(nf_sites *s, char *line, const char *path, int lineno, nf_diag *d)
{
    if (line[0] == '\0' || line[0] == '#')
        return 0;
    char *tab = strchr(line, '\t');
    if (tab == NULL || tab[1] == '\0')
        return nf_diag_set(d, NF_EINVAL, path, lineno, "expected: domain, a tab, labels");
    *tab = '\0';
    int rc = add_site(s, line, tab + 1);
    if (rc == NF_EINVAL)
        return nf_diag_set(d, rc, path, lineno, "'%.100s' is not a domain", line);
    return rc;
}

int nf_sites_load(const char *path, nf_sites **out, nf_diag *d)
{
    *out = NULL;
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        char buf[128];
        return nf_diag_set(d, nf_error_from_errno(errno), path, 0, "cannot read the site list: %s",
                           nf_errno_text(errno, buf, sizeof buf));
    }
    nf_sites *s = nf_calloc(1, sizeof *s);
    if (s)
        s->by_domain = nf_strmap_new();
    int rc = s && s->by_domain ? 0 : NF_ENOMEM;
    char *line = NULL;
    size_t cap = 0;
    for (int lineno = 1; rc == 0 && getline(&line, &cap, f) >= 0; lineno++) {
        line[strcspn(line, "\r\n")] = '\0';
        rc = add_line(s, line, path, lineno, d);
    }
    free(line);   /* getline allocates with malloc */
    fclose(f);
    if (rc < 0) {
        nf_sites_free(s);
        return rc;
    }
    *out = s;
    return 0;
}

static const site *find(const nf_sites *s, char *key, size_t len)
{
    char saved = key[len];
    key[len] = '\0';
    const site *x = nf_strmap_get(s->by_domain, key);
    key[len] = saved;
    return x;
}

const char *nf_sites_lookup(const nf_sites *s, const char *where, const char **domain)
{
    char key[MAX_KEY];
    size_t host_len;
    size_t len = normalize(where, key, &host_len);
    const site *hit = len > host_len ? find(s, key, len) : NULL;
    for (size_t from = 0; hit == NULL && len > 0 && from < host_len;) {
        hit = find(s, key + from, host_len - from);
        const char *dot = memchr(key + from, '.', host_len - from);
        /* Parent domains down to two labels: "com" alone is no site. */
        if (dot == NULL || memchr(dot + 1, '.', host_len - (size_t)(dot + 1 - key)) == NULL)
            break;
        from = (size_t)(dot + 1 - key);
    }
    if (hit && domain)
        *domain = hit->domain;
    return hit ? hit->labels : NULL;
}
