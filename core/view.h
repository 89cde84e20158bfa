/*
 * view.h — normalized views of a document that map back to its offsets.
 *
 * Matching happens on views, never on the raw bytes, and results are
 * mapped back so that offsets always index the document as received.
 *
 * The `norm` view: Unicode NFC; typographic quotes to ' and "; dashes and
 * minus signs to -; the ellipsis character to "..."; runs of horizontal
 * white space (including no-break and other Unicode spaces) to one space;
 * every line break (\r\n, \r, \n, U+2028, U+2029, U+0085) to one \n;
 * zero-width characters, soft hyphens and byte order marks removed; other
 * control characters to a space.
 *
 * The `fold` view: the norm view, case-folded (utf8proc's full case folding).
 */
#ifndef NF_VIEW_H
#define NF_VIEW_H

#include "arena.h"

#include <stddef.h>
#include <stdint.h>

typedef struct nf_view {
    char *text;        /* NUL-terminated */
    size_t len;
    /*
     * len + 1 entries: to_doc[i] is the document offset of the start of the
     * character that produced view byte i; to_doc[len] is the document
     * length. Non-decreasing.
     */
    uint32_t *to_doc;
} nf_view;

/*
 * Builds both views of doc[0..len), which must be valid UTF-8 without NUL
 * bytes, allocating from the arena. Returns 0 or a negative NF_E* code.
 */
int nf_views_build(nf_arena *arena, const char *doc, size_t len, nf_view *norm, nf_view *fold);

/* Document offset where the view span starting at view_start starts. */
uint32_t nf_view_doc_start(const nf_view *v, size_t view_start);

/* Document offset where the view span ending at view_end (exclusive) ends. */
uint32_t nf_view_doc_end(const nf_view *v, size_t view_end);

/* The first view offset whose character starts at or after doc_off (len when none). */
size_t nf_view_from_doc(const nf_view *v, uint32_t doc_off);

#endif
