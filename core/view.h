/*
 * view.h — normalized views of a document that map back to its offsets.
 *
 * Matching happens on views, never on the raw bytes, and results are
 * mapped back so that offsets always index the document as received.
 *
 * The `norm` view:
 *   - Unicode NFC;
 *   - typographic quotes to ' (U+2018..U+201B, U+2039, U+203A) and to "
 *     (U+201C..U+201F, the guillemets U+00AB, U+00BB);
 *   - dashes (Unicode category Pd) and the minus sign U+2212 to -;
 *   - the ellipsis character U+2026 to "...";
 *   - every line break (\r\n, \r, \n, U+2028, U+2029, U+0085) to one \n;
 *     line breaks are never merged with each other;
 *   - runs of horizontal white space (tab, no-break and the other Unicode
 *     spaces) and other control characters to one space; white space at the
 *     start of the text or of a line is dropped, white space right before a
 *     line break is replaced by it, and at the end of the text it stays as
 *     one space;
 *   - default-ignorable characters removed: zero-width spaces and joiners,
 *     soft hyphens, byte order marks, bidirectional controls, variation
 *     selectors.
 *
 * The `fold` view: the norm view, case-folded (utf8proc's full case folding,
 * so "ß" becomes "ss" and "İ" becomes "i" + U+0307).
 *
 * Mapping back: every view byte maps to the start of the document character
 * (for NFC, the base character with its combining marks) that produced it.
 * A space or line break maps to the start of the white space and removed
 * characters before it, so a span that ends before it ends right after the
 * last visible character.
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
 * bytes, allocating from the arena. Returns 0, NF_ENOMEM, or NF_ETOOBIG
 * when the document is too long for 32-bit offsets.
 */
int nf_views_build(nf_arena *arena, const char *doc, size_t len, nf_view *norm, nf_view *fold);

/*
 * Document offset where the view span starting at view_start starts. A span
 * that starts inside the bytes of one character covers all of it.
 */
uint32_t nf_view_doc_start(const nf_view *v, size_t view_start);

/*
 * Document offset where the view span ending at view_end (exclusive) ends.
 * A span that ends inside the bytes of one character ("s" of the "ss" that
 * "ß" folds to) covers all of it.
 */
uint32_t nf_view_doc_end(const nf_view *v, size_t view_end);

/* The first view offset whose character starts at or after doc_off (len when none). */
size_t nf_view_from_doc(const nf_view *v, uint32_t doc_off);

#endif
