/*
 * automaton.h — Aho-Corasick multi-pattern matcher over UTF-8 bytes.
 *
 * Entity lists compile into one automaton that finds every key in one pass
 * over the text. Only whole-word occurrences are reported: where a key
 * starts with a word character (nf_utf8_is_word_cp) the character before
 * the match must not be one, and likewise at the end. Keys are matched
 * byte for byte: callers fold case (the fold view) before building and
 * scanning.
 *
 * A built automaton is immutable and may be shared by threads.
 */
#ifndef NF_AUTOMATON_H
#define NF_AUTOMATON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct nf_ac_builder nf_ac_builder;
typedef struct nf_automaton nf_automaton;

typedef struct nf_ac_match {
    uint32_t start, end;   /* byte offsets into the scanned text, end exclusive */
    uint32_t value;        /* the value the key was added with */
} nf_ac_match;

/* A growable array of matches, reused across scans to avoid allocation. */
typedef struct nf_ac_matches {
    nf_ac_match *items;
    size_t n, cap;
} nf_ac_matches;

nf_ac_builder *nf_ac_builder_new(void);

/*
 * Adds key[0..len) with `value`. Returns 0 when added, 1 when the key was
 * already present (the first value is kept), NF_EINVAL for an empty key,
 * NF_EUTF8 for a key that is not valid UTF-8, NF_ETOOBIG when all keys
 * together would pass 256 MiB, NF_ENOMEM.
 */
int nf_ac_builder_add(nf_ac_builder *b, const char *key, size_t len, uint32_t value);

/* Finds key[0..len) among the keys added: returns true and sets *value, or false. */
bool nf_ac_builder_find(const nf_ac_builder *b, const char *key, size_t len, uint32_t *value);

void nf_ac_builder_free(nf_ac_builder *b);

/* Compiles the keys added so far. The builder may be freed afterwards. */
int nf_ac_build(const nf_ac_builder *b, nf_automaton **out);

void nf_automaton_free(nf_automaton *a);

/* Number of distinct keys. */
size_t nf_automaton_keys(const nf_automaton *a);

/* Bytes of memory the automaton holds. */
size_t nf_automaton_memory(const nf_automaton *a);

/*
 * Appends every whole-word occurrence of every key in text[0..len) to out,
 * overlapping ones included, ordered by end offset then by start offset
 * ascending (longer first). Returns 0, NF_ETOOBIG when len does not fit
 * the 32-bit offsets, or NF_ENOMEM (out then holds the matches found so
 * far).
 */
int nf_automaton_scan(const nf_automaton *a, const char *text, size_t len, nf_ac_matches *out);

/*
 * Keeps the leftmost-longest non-overlapping subset of m (in place): sorted
 * by start, the longest match at a start wins, and a match overlapping one
 * already kept is dropped.
 */
void nf_ac_resolve_longest(nf_ac_matches *m);

void nf_ac_matches_free(nf_ac_matches *m);

#endif
