/*
 * sentences.h — sentence segmentation.
 *
 * Works on a normalized view (ASCII quotes, "..." for ellipses, single
 * spaces, \n line breaks), so the rules need not know typographic
 * variants. A line break always ends a sentence; a period, ? or ! ends one
 * unless it belongs to an abbreviation, a title before a name, an initial,
 * a number or an ellipsis followed by lower case. The abbreviation lists
 * come from a plugin.
 *
 * The rules, in the order they are tried. A run of terminators (". . ."
 * and "?!" included) with the closing quotes and brackets right after it
 * ends a sentence when it is followed by the end of the line; otherwise:
 *
 *  1. a run before any word of the sentence ("... and then"), or a period
 *     after a number of up to three digits or a single letter that opens
 *     the sentence ("5. Voici", "Q. Why", "A. I see": list items and
 *     interviews), ends none;
 *  2. no white space after the run: no end ("1.5", "$2.3bn",
 *     "example.com", "U.S.-led", "Calif.,");
 *  3. the next word starts with a lower-case ASCII letter (opening quotes
 *     and brackets skipped), or the next character is , ; : . ? ! or a
 *     closing bracket: no end ("Why?" he asked; "a.m. on"; "etc. and");
 *  4. the run is followed by a closing quote and then by up to four
 *     capitalized words and a speech verb ("Why?" Abana said. / "Go!"
 *     Smith told reporters), the first word not a sentence starter (see
 *     6) unless it is a pronoun: no end. After a period inside the quote
 *     the verb must also end the sentence ("Smith said.", but not
 *     "I said, ...");
 *  5. the run holds ? or ! or is an ellipsis: an end;
 *  6. a single period: the token before it (its non-space characters,
 *     without opening quotes) decides. After a title: no end. After an
 *     abbreviation, an initial (one upper-case letter: "George W. Bush")
 *     or a dotted abbreviation of one- or two-letter groups ("a.m",
 *     "Ph.D", "J.K"): an end only when the next word is a common
 *     sentence-starting function word (The, He, It, But, In, A, This, ...)
 *     that is not itself an initial, so "in the U.S. The" ends a sentence
 *     and "U.S. officials", "the U.S. Army" do not. After any other token:
 *     an end.
 *
 * Case is ASCII only: a word that starts with a non-ASCII letter counts as
 * capitalized. Known misses: a sentence that starts in lower case ("iPhone
 * sales") is joined to the one before, and so is one that starts with a
 * name after an abbreviation ("10 a.m. Bystanders"); a title-case headline
 * splits after an abbreviation followed by a starter ("U.S. In Talks");
 * a missing space ("said.The") never ends a sentence.
 */
#ifndef NF_SENTENCES_H
#define NF_SENTENCES_H

#include <stddef.h>
#include <stdint.h>

typedef struct nf_segmenter nf_segmenter;

/* Called for every sentence, trimmed of surrounding white space, in order. Non-zero stops. */
typedef int (*nf_sentence_cb)(uint32_t start, uint32_t end, void *ud);

/* An empty segmenter (no abbreviations, no titles), or NULL when out of memory. */
nf_segmenter *nf_segmenter_new(void);
void nf_segmenter_free(nf_segmenter *s);

/*
 * An abbreviation, without its final period ("U.S", "etc", "Inc", "Jan").
 * After it a sentence ends only when the next word starts a sentence
 * (rule 6 above); matched case-sensitively. A final period is ignored.
 * Returns 0, NF_EINVAL for an empty word, one longer than 63 bytes or one
 * holding white space, or NF_ENOMEM.
 */
int nf_segmenter_add_abbreviation(nf_segmenter *s, const char *abbr);

/*
 * A title that precedes a name ("Mr", "Dr", "Gen", "Capt", "Sen"): a
 * sentence never ends after it. Matched case-sensitively. Returns as
 * nf_segmenter_add_abbreviation does.
 */
int nf_segmenter_add_title(nf_segmenter *s, const char *title);

/*
 * Splits text[0..len) (valid UTF-8) into sentences and calls cb for each.
 * Allocates nothing and may be called from several threads at once.
 * Returns 0, the first non-zero value cb returned, or NF_EINVAL (NULL
 * arguments, or len above UINT32_MAX).
 */
int nf_segment(const nf_segmenter *s, const char *text, size_t len, nf_sentence_cb cb, void *ud);

#endif
