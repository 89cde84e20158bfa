/*
 * output.h — an article as JSON, by the output contract (DESIGN.md section 5).
 *
 * Keys, in this order: id, source, title, meta, text (only with_text),
 * sentences, excluded (boilerplate spans: [{start, end, rule}]), entities,
 * claims, signals, scores, errors, timings_us, rules (only when a ruleset
 * is given: {generation, loaded_at}) and input (only when an input name is
 * given: {name, identity}; see outbox.h). Every
 * claim has speaker, cue, hedged, attributed and number, null or false
 * when the rule did not set them. Text that is not valid UTF-8 is written
 * with U+FFFD in place of the bad bytes, so the JSON itself is always valid.
 */
#ifndef NF_OUTPUT_H
#define NF_OUTPUT_H

#include "article.h"
#include "ruleset.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct nf_output_options {
    bool pretty;                 /* indented, several lines */
    bool with_text;              /* include the document as "text" */
    const nf_ruleset *rules;     /* when set, record its generation */
    const char *input_name;      /* when set, record the input: {"name", "identity"} */
    const char *input_identity;
} nf_output_options;

/* A growable text buffer, kept from one article to the next so that printing allocates nothing. */
typedef struct nf_outbuf {
    char *data;                  /* nf_malloc'd; free with nf_free */
    size_t cap;
    size_t len;                  /* of the text, without its NUL */
} nf_outbuf;

/* The article's errors as a cJSON array (the "errors" of the output), or NULL when out of memory. */
cJSON *nf_output_errors_json(const nf_article *a);

/*
 * Prints the article as NUL-terminated JSON into buf, growing it when the
 * text does not fit. The cJSON tree is built in the article's arena and
 * left there (the caller resets the arena when the article is done).
 * Returns 0, or NF_ENOMEM (buf's text is then undefined).
 */
int nf_output_print(const nf_article *a, const nf_output_options *opt, nf_outbuf *buf);

/* Returns the article as a NUL-terminated JSON text (free with nf_free), or NULL when out of memory. */
char *nf_output_json(const nf_article *a, const nf_output_options *opt, size_t *len);

#endif
