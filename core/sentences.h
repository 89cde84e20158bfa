/*
 * sentences.h — sentence segmentation.
 *
 * Works on a normalized view (ASCII quotes, "..." for ellipses, single
 * spaces, \n line breaks), so the rules need not know typographic
 * variants. A line break always ends a sentence; a period, ? or ! ends one
 * unless it belongs to an abbreviation, a title before a name, an initial,
 * a number or an ellipsis followed by lower case. The abbreviation lists
 * come from a plugin.
 */
#ifndef NF_SENTENCES_H
#define NF_SENTENCES_H

#include <stddef.h>
#include <stdint.h>

typedef struct nf_segmenter nf_segmenter;

/* Called for every sentence, trimmed of surrounding white space, in order. Non-zero stops. */
typedef int (*nf_sentence_cb)(uint32_t start, uint32_t end, void *ud);

nf_segmenter *nf_segmenter_new(void);
void nf_segmenter_free(nf_segmenter *s);

/*
 * An abbreviation, without its final period ("U.S", "etc", "Inc", "Jan").
 * After it a sentence ends only when the next word starts a sentence
 * (starts with an upper-case letter and the abbreviation is followed by
 * what looks like a new sentence); matched case-sensitively.
 */
int nf_segmenter_add_abbreviation(nf_segmenter *s, const char *abbr);

/*
 * A title that precedes a name ("Mr", "Dr", "Gen", "Capt", "Sen"): a
 * sentence never ends after it. Matched case-sensitively.
 */
int nf_segmenter_add_title(nf_segmenter *s, const char *title);

/*
 * Splits text[0..len) (valid UTF-8) into sentences and calls cb for each.
 * Returns 0, or the first non-zero value cb returned.
 */
int nf_segment(const nf_segmenter *s, const char *text, size_t len, nf_sentence_cb cb, void *ud);

#endif
