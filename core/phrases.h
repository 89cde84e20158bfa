/*
 * phrases.h — word and phrase lists folded like the text, for the automaton.
 *
 * Stages that look for fixed phrases (boilerplate lines, score lexicons)
 * scan the article's fold view (view.h) with one automaton. A phrase must
 * go through the same normalization and case folding as the text, or
 * "Share on Facebook" would never meet "share on facebook".
 */
#ifndef NF_PHRASES_H
#define NF_PHRASES_H

#include "arena.h"
#include "automaton.h"

#include <stddef.h>
#include <stdint.h>

/*
 * Folds phrase[0..len) as the fold view folds text, into memory from
 * `scratch` (reset here): *key and *key_len get the folded phrase. Returns
 * 0, NF_EUTF8 for a phrase that is not UTF-8 text (or holds a NUL),
 * NF_EINVAL for one that folds to nothing but white space, NF_ENOMEM.
 */
int nf_phrase_fold(nf_arena *scratch, const char *phrase, size_t len, const char **key,
                   size_t *key_len);

/*
 * Folds the phrase (nf_phrase_fold) and adds it to b with `value`. Returns
 * 0 when added, 1 when the folded phrase was already there (its first
 * value stays), or nf_phrase_fold's and nf_ac_builder_add's errors.
 */
int nf_phrase_add(nf_ac_builder *b, nf_arena *scratch, const char *phrase, size_t len,
                  uint32_t value);

#endif
