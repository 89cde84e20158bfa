/*
 * article.h — the one thing that flows through the pipeline.
 *
 * An article owns its document (the bytes as received: for a .txt file the
 * whole file, for JSON input title + "\n\n" + text), its metadata and its
 * annotation layers. Every offset is a UTF-8 byte offset into the document,
 * end exclusive, so that a span can be cut out of the source as it is.
 *
 * Everything an article allocates comes from its arena (borrowed from the
 * worker that processes it) and is freed in one go by nf_article_release.
 * Metadata is a cJSON object the article owns.
 */
#ifndef NF_ARTICLE_H
#define NF_ARTICLE_H

#include "arena.h"
#include "view.h"

#include <cJSON.h>
#include <stdbool.h>
#include <stdint.h>

typedef struct nf_span {
    uint32_t start, end;
} nf_span;

typedef struct nf_entity {
    uint32_t start, end;
    const char *type;  /* PERSON, ORG, PLACE, GROUP, EVENT, MISC */
    const char *name;  /* canonical name */
    const char *rule;  /* the plugin (or rule) that found it */
} nf_entity;

typedef enum nf_value_kind {
    NF_VALUE_NULL,
    NF_VALUE_BOOL,
    NF_VALUE_NUMBER,
    NF_VALUE_STRING
} nf_value_kind;

typedef struct nf_value {
    nf_value_kind kind;
    union {
        bool boolean;
        double number;
        const char *string;
    } as;
} nf_value;

/* A named field of a claim: speaker, cue, hedged, number, unit, score, ... */
typedef struct nf_field {
    const char *key;
    nf_value value;
} nf_field;

typedef struct nf_claim {
    const char *kind;  /* quote, number, factual, or what a plugin names */
    uint32_t start, end;
    const char *rule;  /* pattern id or plugin */
    nf_field *fields;
    size_t n_fields, cap_fields;
} nf_claim;

typedef struct nf_signal {
    const char *name;
    double weight;
    const char *why;
    const char *stage;
} nf_signal;

typedef struct nf_score {
    const char *name;
    double value;
} nf_score;

/* A problem met while processing the article; the article is still output. */
typedef struct nf_error {
    const char *stage;   /* "read", "normalize", a stage name */
    const char *code;    /* nf_errname() of the error */
    const char *file;    /* plugin or input file, or NULL */
    int line;            /* 0 when unknown */
    const char *message;
} nf_error;

/* A part of the document that is not article text (a content farm's footer, share buttons). */
typedef struct nf_excluded {
    uint32_t start, end;
    const char *rule;    /* what recognized it */
} nf_excluded;

typedef struct nf_timing {
    const char *stage;
    uint64_t us;
} nf_timing;

typedef enum nf_utf8_state {
    NF_UTF8_UNCHECKED,
    NF_UTF8_VALID,
    NF_UTF8_INVALID
} nf_utf8_state;

typedef struct nf_article {
    nf_arena *arena;       /* borrowed from the worker; not owned */

    const char *id;        /* sanitized: safe as a file name */
    const char *source;    /* file path (and :line for JSON Lines), or "-" */
    const char *doc;       /* the document, NUL-terminated for convenience */
    uint32_t doc_len;
    uint32_t title_start;  /* the title is doc[title_start, title_end): a .txt file */
    uint32_t title_end;    /* may start with a byte order mark, which is not title */
    uint32_t body_start;   /* the body starts here */
    cJSON *meta;           /* owned JSON object; never NULL after nf_article_init */

    nf_utf8_state utf8;
    bool readable;         /* false when reading failed: stages are skipped */
    bool views_built;
    nf_view norm;          /* NFC, ASCII quotes/dashes, collapsed spaces */
    nf_view fold;          /* norm, case-folded */

    nf_span *sentences;  size_t n_sentences, cap_sentences;
    nf_entity *entities; size_t n_entities, cap_entities;
    nf_claim *claims;    size_t n_claims, cap_claims;
    nf_signal *signals;  size_t n_signals, cap_signals;
    nf_score *scores;    size_t n_scores, cap_scores;
    nf_error *errors;    size_t n_errors, cap_errors;
    nf_excluded *excluded; size_t n_excluded, cap_excluded;
    nf_timing *timings;  size_t n_timings, cap_timings;
} nf_article;

/* Prepares an empty article whose allocations come from `arena`. */
int nf_article_init(nf_article *a, nf_arena *arena);

/* Frees what the article owns outside the arena (its metadata). */
void nf_article_release(nf_article *a);

/*
 * Sets the document by copying `len` bytes into the arena (NUL-terminated).
 * The title is doc[title_start, title_end); the body starts at body_start.
 */
int nf_article_set_doc(nf_article *a, const char *doc, size_t len,
                       size_t title_start, size_t title_end, size_t body_start);

/*
 * Like nf_article_set_doc without the copy: doc is already in the article's
 * arena (or outlives the article) and doc[len] is NUL. Saves copying what
 * a reader has just written there.
 */
int nf_article_adopt_doc(nf_article *a, const char *doc, size_t len,
                         size_t title_start, size_t title_end, size_t body_start);

/*
 * Checks the document is valid UTF-8 without NUL bytes (once; the result
 * is remembered) and, when it is not, records an error for `stage`.
 * Returns 0 when the text can be processed.
 */
int nf_article_check_text(nf_article *a, const char *stage);

/* Builds the normalized views once (checking the text first). */
int nf_article_views(nf_article *a, const char *stage);

/* Annotation layers. Strings are copied into the arena unless noted. */
int nf_article_add_sentence(nf_article *a, uint32_t start, uint32_t end);

/* type, name and rule must outlive the article (ruleset strings) or be arena copies. */
int nf_article_add_entity(nf_article *a, uint32_t start, uint32_t end,
                          const char *type, const char *name, const char *rule);

/* Returns the new claim (owned by the article) or NULL when out of memory. */
nf_claim *nf_article_add_claim(nf_article *a, const char *kind, uint32_t start, uint32_t end,
                               const char *rule);
int nf_claim_set(nf_article *a, nf_claim *c, const char *key, nf_value value);
const nf_value *nf_claim_get(const nf_claim *c, const char *key);

int nf_article_add_signal(nf_article *a, const char *name, double weight, const char *why,
                          const char *stage);
/* Sets (or replaces) a named score. */
int nf_article_set_score(nf_article *a, const char *name, double value);
int nf_article_add_error(nf_article *a, const char *stage, int err, const char *file, int line,
                         const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;
int nf_article_add_timing(nf_article *a, const char *stage, uint64_t us);

/* Whether type is one of PERSON, ORG, PLACE, GROUP, EVENT, MISC. */
bool nf_entity_type_valid(const char *type);

/* "PERSON, ORG, ..." for messages. */
extern const char nf_entity_types[];

/*
 * Marks doc[start, end) as not article text. Sentences, entities and
 * claims that overlap it are dropped after the stage that marked it
 * (nf_article_drop_excluded), so later stages never see them.
 */
int nf_article_exclude(nf_article *a, uint32_t start, uint32_t end, const char *rule);

/* Removes the sentences, entities and claims that overlap an excluded span; returns how many. */
size_t nf_article_drop_excluded(nf_article *a);

/* Sorts entities and claims by position (start, then longer first). */
void nf_article_sort(nf_article *a);

/* Whether [start, end) is a valid, non-empty span of the document on UTF-8 boundaries. */
bool nf_article_span_ok(const nf_article *a, uint32_t start, uint32_t end);

#endif
