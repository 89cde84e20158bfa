/*
 * counts.h — the counts the score stage's signals read.
 *
 * Signals are small Lua functions; anything that reads the text word by
 * word is done here, in C, in one pass over the article, and handed to
 * them as numbers: words, runs of capitals, exclamation marks, figures
 * with and without a source in their sentence, hits of word lists
 * (lexicons: loaded words, attribution cues), and tallies of the claims
 * and entities earlier stages found.
 *
 * The pass reads the fold view (view.h): lexicon words match whatever the
 * case and typography ("DON’T" is "don't"), and the document's own bytes
 * tell which words are in capitals. It covers the body's sentences only
 * (a->sentences from the body start on), so the title and excluded spans
 * (boilerplate) never count; without a sentences stage, the body minus
 * excluded spans is one sentence. The title has counts of its own (title_*).
 */
#ifndef NF_COUNTS_H
#define NF_COUNTS_H

#include "article.h"

#include <stdint.h>

/* At most this many lexicons: a sentence keeps one bit per lexicon. */
#define NF_MAX_LEXICONS 32

/* The numeric counts, in the order of nf_count_names. */
typedef enum nf_count {
    NF_C_WORDS,              /* words of the body */
    NF_C_SENTENCES,          /* sentences of the body */
    NF_C_EXCLAMATIONS,       /* '!' characters */
    NF_C_EXCLAMATION_RUNS,   /* runs like "!!" or "?!" */
    NF_C_QUESTIONS,          /* '?' characters */
    NF_C_CAPS_RUNS,          /* runs of 3+ words in capitals ("THEY ARE LYING") */
    NF_C_CAPS_WORDS,         /* words in those runs */
    NF_C_FIGURES,            /* sentences with a figure (12%, $5, 1,024, 3 million) */
    NF_C_UNSOURCED_FIGURES,  /* ... with no word of the sourced_by lexicon */
    NF_C_CLAIMS,             /* claims in the body */
    NF_C_QUOTES,             /* claims of kind "quote" */
    NF_C_ATTRIBUTED,         /* claims with attributed = true */
    NF_C_NAMED,              /* attributed claims whose speaker is a PERSON or ORG entity */
    NF_C_HEDGED,             /* claims with hedged = true */
    NF_C_NUMBERS,            /* claims of kind "number" */
    NF_C_UNATTRIBUTED_NUMBERS,
    NF_C_PEOPLE,             /* distinct PERSON names in the body */
    NF_C_ORGANIZATIONS,      /* distinct ORG names in the body */
    NF_C_EXCLUDED,           /* excluded spans */
    NF_C_TITLE_LETTERS,
    NF_C_TITLE_CAPITALS,
    NF_C_TITLE_EXCLAMATIONS,
    NF_N_COUNTS
} nf_count;

extern const char *const nf_count_names[NF_N_COUNTS];

typedef struct nf_counts {
    uint32_t v[NF_N_COUNTS];
    uint32_t lexicon_hits[NF_MAX_LEXICONS];       /* occurrences */
    uint32_t lexicon_sentences[NF_MAX_LEXICONS];  /* sentences with at least one */
} nf_counts;

/*
 * Lexicons: word lists looked up word by word in a hash table of first
 * words, which costs the same however long the lists are. A phrase is
 * matched where its first word is a whole word of the text and the rest
 * follows, and ends at a word boundary. Immutable once built.
 */
typedef struct nf_lexicon nf_lexicon;

nf_lexicon *nf_lexicon_new(void);
void nf_lexicon_free(nf_lexicon *lx);

/*
 * Adds phrase[0..len), folded like the text, to lexicon number `which`
 * (below NF_MAX_LEXICONS); a phrase listed twice in one lexicon counts
 * once. Returns 0, NF_EINVAL when the phrase does not start with a letter
 * or digit, NF_EUTF8 when it is not UTF-8 text, NF_ENOMEM.
 */
int nf_lexicon_add(nf_lexicon *lx, const char *phrase, size_t len, unsigned which);

/* Builds the lookup table: call once, after the last nf_lexicon_add. */
int nf_lexicon_build(nf_lexicon *lx);

/* What the counting reuses from one article to the next (one per worker). */
typedef struct nf_counts_scratch nf_counts_scratch;

nf_counts_scratch *nf_counts_scratch_new(void);
void nf_counts_scratch_free(nf_counts_scratch *s);

/*
 * Counts an article whose views are built. `lexicon` may be NULL;
 * `sourced_by` is the lexicon that makes a sentence's figures sourced, or
 * -1. Returns 0 or NF_ENOMEM.
 */
int nf_counts_take(const nf_article *a, const nf_lexicon *lexicon, int sourced_by,
                   nf_counts_scratch *s, nf_counts *out);

#endif
