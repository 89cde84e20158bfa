/*
 * patterns.h — claim patterns: PCRE2 regular expressions, JIT-compiled.
 *
 * A compiled pattern is immutable and shared by every worker; each worker
 * brings its own match scratch (match data, JIT stack, limits), because
 * PCRE2 match data is not thread-safe. Patterns are UTF-8 and Unicode-aware
 * (\w, \b and case folding follow Unicode). A match that backtracks past
 * the match limit fails with NF_EBUDGET instead of running away.
 */
#ifndef NF_PATTERNS_H
#define NF_PATTERNS_H

#include "error.h"

#include <stddef.h>
#include <stdint.h>

typedef struct nf_pattern nf_pattern;
typedef struct nf_match_scratch nf_match_scratch;

/* A named capture group of a pattern. */
typedef struct nf_capture_name {
    const char *name;
    uint32_t group;
} nf_capture_name;

/*
 * Compiles re[0..len). flags: any of "i" (caseless), "x" (extended:
 * white space and # comments ignored), "s" (dot matches newline). On
 * failure d holds PCRE2's message and the offset in the pattern.
 */
int nf_pattern_compile(const char *re, size_t len, const char *flags, nf_pattern **out, nf_diag *d);

void nf_pattern_free(nf_pattern *p);

/* The pattern's named groups. */
size_t nf_pattern_names(const nf_pattern *p, const nf_capture_name **names);

/* Number of capture groups, plus one for the whole match. */
uint32_t nf_pattern_groups(const nf_pattern *p);

/* Scratch for matching patterns of up to max_groups groups. */
nf_match_scratch *nf_match_scratch_new(uint32_t max_groups);
void nf_match_scratch_free(nf_match_scratch *ms);

/*
 * Looks for the first match of p in subject[0..len) at or after `offset`.
 * Returns 1 and fills the scratch's offsets, 0 when there is none, or
 * NF_EBUDGET when the match limit was hit.
 */
int nf_pattern_match(const nf_pattern *p, const char *subject, size_t len, size_t offset,
                     nf_match_scratch *ms);

/*
 * Offsets of group g of the last match: sets *start and *end and returns true,
 * or returns false when the group did not take part in the match.
 */
int nf_match_group(const nf_match_scratch *ms, uint32_t g, size_t *start, size_t *end);

#endif
