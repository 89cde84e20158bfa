/* phrases.c — phrases folded like the text before they become automaton keys. */
#include "phrases.h"

#include "error.h"
#include "utf8.h"
#include "view.h"

int nf_phrase_fold(nf_arena *scratch, const char *phrase, size_t len, const char **key,
                   size_t *key_len)
{
    if (nf_utf8_validate(phrase, len) < len || nf_utf8_find_nul(phrase, len) < len)
        return NF_EUTF8;
    nf_view norm, fold;
    nf_arena_reset(scratch);
    int rc = nf_views_build(scratch, phrase, len, &norm, &fold);
    if (rc < 0)
        return rc;
    /* A phrase of white space folds to nothing or to one space: it would match anywhere. */
    if (fold.len == 0 || (fold.len == 1 && fold.text[0] == ' '))
        return NF_EINVAL;
    *key = fold.text;
    *key_len = fold.len;
    return 0;
}

int nf_phrase_add(nf_ac_builder *b, nf_arena *scratch, const char *phrase, size_t len,
                  uint32_t value)
{
    const char *key;
    size_t key_len;
    int rc = nf_phrase_fold(scratch, phrase, len, &key, &key_len);
    return rc < 0 ? rc : nf_ac_builder_add(b, key, key_len, value);
}
