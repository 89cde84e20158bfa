/* article.c — the article and its annotation layers. */
#include "article.h"

#include "error.h"
#include "utf8.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int nf_article_init(nf_article *a, nf_arena *arena)
{
    memset(a, 0, sizeof *a);
    a->arena = arena;
    a->id = "";
    a->source = "";
    a->doc = "";
    a->readable = true;
    a->meta = cJSON_CreateObject();
    return a->meta ? 0 : NF_ENOMEM;
}

void nf_article_release(nf_article *a)
{
    cJSON_Delete(a->meta);
    a->meta = NULL;
}

static bool doc_layout_ok(size_t len, size_t title_start, size_t title_end, size_t body_start)
{
    return len <= UINT32_MAX - 1 && title_start <= title_end && title_end <= len && body_start <= len;
}

int nf_article_set_doc(nf_article *a, const char *doc, size_t len,
                       size_t title_start, size_t title_end, size_t body_start)
{
    if (!doc_layout_ok(len, title_start, title_end, body_start))
        return NF_EINVAL;
    char *copy = nf_arena_strndup(a->arena, doc, len);
    if (copy == NULL)
        return NF_ENOMEM;
    return nf_article_adopt_doc(a, copy, len, title_start, title_end, body_start);
}

int nf_article_adopt_doc(nf_article *a, const char *doc, size_t len,
                         size_t title_start, size_t title_end, size_t body_start)
{
    if (!doc_layout_ok(len, title_start, title_end, body_start))
        return NF_EINVAL;
    a->doc = doc;
    a->doc_len = (uint32_t)len;
    a->title_start = (uint32_t)title_start;
    a->title_end = (uint32_t)title_end;
    a->body_start = (uint32_t)body_start;
    a->utf8 = NF_UTF8_UNCHECKED;
    a->views_built = false;
    return 0;
}

int nf_article_check_text(nf_article *a, const char *stage)
{
    if (!a->readable)
        return NF_EFORMAT;
    if (a->utf8 == NF_UTF8_VALID)
        return 0;
    if (a->utf8 == NF_UTF8_INVALID)
        return NF_EUTF8;
    size_t bad = nf_utf8_validate(a->doc, a->doc_len);
    if (bad < a->doc_len) {
        a->utf8 = NF_UTF8_INVALID;
        nf_article_add_error(a, stage, NF_EUTF8, NULL, 0,
                             "invalid UTF-8 at byte %zu of the document", bad);
        return NF_EUTF8;
    }
    size_t nul = nf_utf8_find_nul(a->doc, a->doc_len);
    if (nul < a->doc_len) {
        a->utf8 = NF_UTF8_INVALID;
        nf_article_add_error(a, stage, NF_EBINARY, NULL, 0,
                             "NUL byte at byte %zu of the document: binary input", nul);
        return NF_EBINARY;
    }
    a->utf8 = NF_UTF8_VALID;
    return 0;
}

int nf_article_views(nf_article *a, const char *stage)
{
    if (a->views_built)
        return 0;
    int rc = nf_article_check_text(a, stage);
    if (rc < 0)
        return rc;
    rc = nf_views_build(a->arena, a->doc, a->doc_len, &a->norm, &a->fold);
    if (rc < 0) {
        nf_article_add_error(a, stage, rc, NULL, 0, "cannot build text views: %s", nf_strerror(rc));
        return rc;
    }
    a->views_built = true;
    return 0;
}

/* Appends one zeroed item to an annotation array and returns it, or NULL. */
static void *push(nf_article *a, void **items, size_t *n, size_t *cap, size_t size)
{
    if (nf_arena_reserve(a->arena, items, cap, *n + 1, size) < 0)
        return NULL;
    char *item = (char *)*items + *n * size;
    memset(item, 0, size);
    (*n)++;
    return item;
}

#define PUSH(a, layer) \
    push((a), (void **)&(a)->layer, &(a)->n_##layer, &(a)->cap_##layer, sizeof *(a)->layer)

int nf_article_add_sentence(nf_article *a, uint32_t start, uint32_t end)
{
    nf_span *s = PUSH(a, sentences);
    if (s == NULL)
        return NF_ENOMEM;
    s->start = start;
    s->end = end;
    return 0;
}

int nf_article_add_entity(nf_article *a, uint32_t start, uint32_t end,
                          const char *type, const char *name, const char *rule)
{
    nf_entity *e = PUSH(a, entities);
    if (e == NULL)
        return NF_ENOMEM;
    e->start = start;
    e->end = end;
    e->type = type;
    e->name = name;
    e->rule = rule;
    return 0;
}

nf_claim *nf_article_add_claim(nf_article *a, const char *kind, uint32_t start, uint32_t end,
                               const char *rule)
{
    nf_claim *c = PUSH(a, claims);
    if (c) {
        c->kind = kind;
        c->start = start;
        c->end = end;
        c->rule = rule;
    }
    return c;
}

const nf_value *nf_claim_get(const nf_claim *c, const char *key)
{
    for (size_t i = 0; i < c->n_fields; i++)
        if (strcmp(c->fields[i].key, key) == 0)
            return &c->fields[i].value;
    return NULL;
}

int nf_claim_set(nf_article *a, nf_claim *c, const char *key, nf_value value)
{
    nf_field *f = NULL;
    for (size_t i = 0; i < c->n_fields && f == NULL; i++)
        if (strcmp(c->fields[i].key, key) == 0)
            f = &c->fields[i];
    if (f == NULL) {
        f = push(a, (void **)&c->fields, &c->n_fields, &c->cap_fields, sizeof *c->fields);
        if (f == NULL)
            return NF_ENOMEM;
        f->key = nf_arena_strdup(a->arena, key);
        if (f->key == NULL)
            return NF_ENOMEM;
    }
    if (value.kind == NF_VALUE_STRING) {
        value.as.string = nf_arena_strdup(a->arena, value.as.string);
        if (value.as.string == NULL)
            return NF_ENOMEM;
    }
    f->value = value;
    return 0;
}

int nf_article_add_signal(nf_article *a, const char *name, double weight, const char *why,
                          const char *stage)
{
    nf_signal *s = PUSH(a, signals);
    if (s == NULL)
        return NF_ENOMEM;
    s->name = nf_arena_strdup(a->arena, name);
    s->why = nf_arena_strdup(a->arena, why ? why : "");
    s->stage = stage;
    s->weight = weight;
    return s->name && s->why ? 0 : NF_ENOMEM;
}

int nf_article_set_score(nf_article *a, const char *name, double value)
{
    for (size_t i = 0; i < a->n_scores; i++) {
        if (strcmp(a->scores[i].name, name) == 0) {
            a->scores[i].value = value;
            return 0;
        }
    }
    nf_score *s = PUSH(a, scores);
    if (s == NULL)
        return NF_ENOMEM;
    s->name = nf_arena_strdup(a->arena, name);
    s->value = value;
    return s->name ? 0 : NF_ENOMEM;
}

int nf_article_add_error(nf_article *a, const char *stage, int err, const char *file, int line,
                         const char *fmt, ...)
{
    char message[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);

    nf_error *e = PUSH(a, errors);
    if (e == NULL)
        return NF_ENOMEM;
    e->stage = nf_arena_strdup(a->arena, stage ? stage : "");
    e->code = nf_errname(err);
    e->file = file ? nf_arena_strdup(a->arena, file) : NULL;
    e->line = line;
    e->message = nf_arena_strdup(a->arena, message);
    return e->stage && e->message && (file == NULL || e->file) ? 0 : NF_ENOMEM;
}

int nf_article_add_timing(nf_article *a, const char *stage, uint64_t us)
{
    nf_timing *t = PUSH(a, timings);
    if (t == NULL)
        return NF_ENOMEM;
    t->stage = stage;
    t->us = us;
    return 0;
}

const char nf_entity_types[] = "PERSON, ORG, PLACE, GROUP, EVENT, MISC";

bool nf_entity_type_valid(const char *type)
{
    static const char *const types[] = {"PERSON", "ORG", "PLACE", "GROUP", "EVENT", "MISC"};
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        if (strcmp(type, types[i]) == 0)
            return true;
    return false;
}

int nf_article_exclude(nf_article *a, uint32_t start, uint32_t end, const char *rule)
{
    nf_excluded *x = PUSH(a, excluded);
    if (x == NULL)
        return NF_ENOMEM;
    x->start = start;
    x->end = end;
    x->rule = rule;
    return 0;
}

static bool overlaps_excluded(const nf_article *a, uint32_t start, uint32_t end)
{
    for (size_t i = 0; i < a->n_excluded; i++)
        if (start < a->excluded[i].end && a->excluded[i].start < end)
            return true;
    return false;
}

/* Keeps the items of an array whose span does not overlap an excluded span. */
#define KEEP_OUTSIDE_EXCLUDED(a, layer, dropped)                                \
    do {                                                                        \
        size_t kept = 0;                                                        \
        for (size_t i = 0; i < (a)->n_##layer; i++)                             \
            if (!overlaps_excluded((a), (a)->layer[i].start, (a)->layer[i].end))  \
                (a)->layer[kept++] = (a)->layer[i];                             \
        (dropped) += (a)->n_##layer - kept;                                     \
        (a)->n_##layer = kept;                                                  \
    } while (0)

size_t nf_article_drop_excluded(nf_article *a)
{
    size_t dropped = 0;
    if (a->n_excluded == 0)
        return 0;
    KEEP_OUTSIDE_EXCLUDED(a, sentences, dropped);
    KEEP_OUTSIDE_EXCLUDED(a, entities, dropped);
    KEEP_OUTSIDE_EXCLUDED(a, claims, dropped);
    return dropped;
}

static int compare_spans(uint32_t s1, uint32_t e1, uint32_t s2, uint32_t e2)
{
    if (s1 != s2)
        return s1 < s2 ? -1 : 1;
    if (e1 != e2)
        return e1 > e2 ? -1 : 1;
    return 0;
}

static int compare_entities(const void *x, const void *y)
{
    const nf_entity *a = x, *b = y;
    int c = compare_spans(a->start, a->end, b->start, b->end);
    return c ? c : strcmp(a->name, b->name);
}

static int compare_claims(const void *x, const void *y)
{
    const nf_claim *a = x, *b = y;
    int c = compare_spans(a->start, a->end, b->start, b->end);
    return c ? c : strcmp(a->kind, b->kind);
}

/* Whether no two neighbours of items[0..n) are out of order: the stages mostly find things in order. */
static bool is_sorted(const void *items, size_t n, size_t size, int (*compare)(const void *, const void *))
{
    const char *p = items;
    for (size_t i = 1; i < n; i++)
        if (compare(p + (i - 1) * size, p + i * size) > 0)
            return false;
    return true;
}

void nf_article_sort(nf_article *a)
{
    /*
     * qsort is not stable: the tie-breaks keep the order independent of the
     * workers. Items equal by every tie-break (same span and name, another
     * type) keep the order the stage gave them either way: glibc's qsort
     * sorts by merging, which keeps an ordered array as it is.
     */
    if (a->n_entities > 1 && !is_sorted(a->entities, a->n_entities, sizeof *a->entities, compare_entities))
        qsort(a->entities, a->n_entities, sizeof *a->entities, compare_entities);
    if (a->n_claims > 1 && !is_sorted(a->claims, a->n_claims, sizeof *a->claims, compare_claims))
        qsort(a->claims, a->n_claims, sizeof *a->claims, compare_claims);
}

bool nf_article_span_ok(const nf_article *a, uint32_t start, uint32_t end)
{
    if (start >= end || end > a->doc_len)
        return false;
    /* A UTF-8 continuation byte (10xxxxxx) never starts a character. */
    unsigned char first = (unsigned char)a->doc[start];
    unsigned char after = end < a->doc_len ? (unsigned char)a->doc[end] : 0;
    return (first & 0xC0) != 0x80 && (after & 0xC0) != 0x80;
}
