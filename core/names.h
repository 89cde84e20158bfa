/*
 * names.h — guessing the names no list knows.
 *
 * Lists find the names they hold (automaton.h); this module finds the
 * others from capitalization and context, in one pass over the tokens of
 * the norm view, with word classes that the entities plugin declares
 * (`guess = { titles = {...}, org_words = {...}, ... }`). It also types
 * and canonicalizes the list matches it is given, so that "Putin" after
 * "Vladimir Putin" is named "Vladimir Putin" however each was found.
 *
 * Tokens: runs of word characters, with - . ' & inside a word ("al-Assad",
 * "U.S", "O'Neill", "AT&T") but not a possessive "'s"; a final period
 * belongs to an initial ("W."), a dotted abbreviation ("U.S.") or a word
 * listed with its period ("Gen.", "Inc."). A list match is one token.
 *
 * A candidate name is a run of name tokens (capitalized words that are not
 * stop words, and list matches) on one line and in one sentence, joined
 * through particles ("bin", "de", "van") and, after an organization,
 * place or event word, through connectors ("of", "for", "&"). Where
 * capitals say nothing — the first word of a sentence, a headline or a line
 * mostly in capitals — a word counts only with more evidence: a list, the
 * same word capitalized inside a sentence elsewhere in the article; a
 * common word (NF_WORD_COMMON) opening a sentence is dropped from a run,
 * and a run of common words alone is typed only by strong evidence.
 *
 * Rules, in the order they decide a candidate's type (the first wins);
 * each found name carries the rule that decided it:
 *   title       after a title ("President", "Gen.", "spokesman"): PERSON
 *   org_word / place_word / event_word
 *               holds such a word ("Ministry", "River", "Cup"): that type
 *   list        a list match, alone or split from the words around it
 *   list_person words before a listed person ("Hillary Clinton"): PERSON
 *   place_org   a listed place and more words without a head ("Chicago Cubs"): ORG
 *   initials    an initial and a surname ("P. Simmons", "George W. Bush"): PERSON
 *   particle    words joined by a particle ("Osama bin Laden", "de Gaulle"): PERSON
 *   first_name  starts with a listed first name: PERSON
 *   dateline    capitals opening a line before a date ("LONDON 1996-08-30"): PLACE
 *   alias       a word of a longer person's name in the article: PERSON,
 *               named as the longer mention ("Putin" → "Vladimir Putin")
 *   same_doc    the same words got a type elsewhere in the article
 *   place_cue   after "in", "near", "from" ...: PLACE
 *   speech      before "said", "told" ...: PERSON
 *   team        in sports copy (enough sport words), a listed place that
 *               names teams (a city, a county) outside a place's context
 *               ("in", "at", a dateline, "Leicester :"), or a lone unknown
 *               word: ORG
 *   table       opens a line of numbers (a results table): ORG
 *   acronym     one word in capitals (NATO): ORG
 *   person_shape two to four words: PERSON
 *   single      one other word: the plugin's `single_type` (default MISC)
 */
#ifndef NF_NAMES_H
#define NF_NAMES_H

#include "arena.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Word classes. A word may be in several; matching ignores case and a final period. */
enum {
    NF_WORD_TITLE      = 1u << 0,   /* comes before a person's name */
    NF_WORD_ORG        = 1u << 1,   /* makes a name an organization */
    NF_WORD_PLACE      = 1u << 2,   /* makes a name a place */
    NF_WORD_EVENT      = 1u << 3,   /* makes a name an event */
    NF_WORD_PARTICLE   = 1u << 4,   /* lower-case part of a name ("bin", "de", "van") */
    NF_WORD_CONNECTOR  = 1u << 5,   /* joins a head word to a name ("of", "for", "&") */
    NF_WORD_STOP       = 1u << 6,   /* capitalized, yet never (part of) a name ("The", "Monday") */
    NF_WORD_PLACE_CUE  = 1u << 7,   /* before a place ("in", "near") */
    NF_WORD_SPEECH     = 1u << 8,   /* after a person ("said", "told") */
    NF_WORD_FIRST_NAME = 1u << 9,   /* a given name */
    NF_WORD_ABBREV     = 1u << 10,  /* its final period is part of it ("Gen.", "Inc.", "St.") */
    NF_WORD_SPORT      = 1u << 11,  /* a word of sports copy ("innings", "striker", "beat") */
    NF_WORD_COMMON     = 1u << 12,  /* a common word, never a name's ("risk", "police") */
};

/* The rule that decided a name (names.c's nf_name_rules holds their names). */
typedef enum nf_name_rule {
    NF_RULE_LIST,
    NF_RULE_TITLE,
    NF_RULE_ORG_WORD,
    NF_RULE_PLACE_WORD,
    NF_RULE_EVENT_WORD,
    NF_RULE_LIST_PERSON,
    NF_RULE_PLACE_ORG,
    NF_RULE_INITIALS,
    NF_RULE_PARTICLE,
    NF_RULE_FIRST_NAME,
    NF_RULE_DATELINE,
    NF_RULE_ALIAS,
    NF_RULE_SAME_DOC,
    NF_RULE_PLACE_CUE,
    NF_RULE_SPEECH,
    NF_RULE_TEAM,
    NF_RULE_TABLE,
    NF_RULE_ACRONYM,
    NF_RULE_PERSON_SHAPE,
    NF_RULE_SINGLE,
    NF_RULE_COUNT
} nf_name_rule;

/* "list", "title", ... indexed by nf_name_rule. */
extern const char *const nf_name_rules[NF_RULE_COUNT];

/* The word classes and settings: built once per ruleset, then read-only (shared by threads). */
typedef struct nf_names nf_names;

nf_names *nf_names_new(void);
void nf_names_free(nf_names *n);

/*
 * Adds `classes` to word[0..len) (valid UTF-8, matched ignoring case). A
 * word written with a final period also gets NF_WORD_ABBREV. Returns 0,
 * NF_EINVAL for an empty word or one with white space, or NF_ENOMEM.
 */
int nf_names_add_word(nf_names *n, const char *word, size_t len, unsigned classes);

/* The type of a lone word that no rule types: "MISC" by default; NULL: not a name. */
void nf_names_set_single_type(nf_names *n, const char *type);

/* A list match given to nf_names_find, in view offsets. */
typedef struct nf_names_known {
    uint32_t start, end;
    const char *type;
    const char *name;      /* its canonical name */
    bool team;             /* a place that names teams in sports copy (a city, not a country) */
} nf_names_known;

typedef struct nf_names_input {
    const char *text;              /* the norm view */
    size_t len;
    const uint32_t *sentences;     /* the view offsets where sentences start, ascending */
    size_t n_sentences;
    const nf_names_known *known;   /* ascending, not overlapping */
    size_t n_known;
    size_t title_end;              /* text[0, title_end) is the title line (0: no title) */
} nf_names_input;

/* A name found: a list match or a guess, in view offsets. */
typedef struct nf_name {
    uint32_t start, end;
    const char *type;     /* a static string or the list's */
    const char *name;     /* canonical: the list's, or copied into the caller's arena */
    nf_name_rule rule;
} nf_name;

/* Per-thread working memory, reused between texts. */
typedef struct nf_names_scratch nf_names_scratch;

nf_names_scratch *nf_names_scratch_new(void);
void nf_names_scratch_free(nf_names_scratch *s);

/*
 * Finds the names of one text. *out points to n_out names in text order,
 * valid until the next call with the same scratch; names not from a list
 * are copied into `arena`. Returns 0, NF_ENOMEM, or NF_ETOOBIG when the
 * text does not fit 32-bit offsets.
 */
int nf_names_find(const nf_names *n, nf_names_scratch *s, const nf_names_input *in,
                  nf_arena *arena, const nf_name **out, size_t *n_out);

#endif
