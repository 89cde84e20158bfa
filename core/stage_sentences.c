/*
 * stage_sentences.c — sentence spans, with abbreviation lists from a plugin.
 *
 * The segmenter (sentences.h) runs on the norm view; spans are mapped back
 * to document offsets. Plugin fields: abbreviations, titles, on_article.
 */
#include "engine.h"
#include "plugin.h"
#include "sentences.h"
#include "stage.h"

#include <string.h>

static const char *const sentences_fields[] = {"abbreviations", "titles", "on_article", NULL};

/* nf_plugin_strings hands out counted strings; the segmenter wants C strings without NULs. */
static int add_abbreviation(void *ud, const char *s, size_t len)
{
    return len == strlen(s) ? nf_segmenter_add_abbreviation(ud, s) : NF_EINVAL;
}

static int add_title(void *ud, const char *s, size_t len)
{
    return len == strlen(s) ? nf_segmenter_add_title(ud, s) : NF_EINVAL;
}

static int compile_sentences(nf_stage *st, lua_State *L, nf_diag *d)
{
    nf_segmenter *seg = nf_segmenter_new();
    if (seg == NULL)
        return NF_ENOMEM;
    st->data = seg;
    if (L == NULL)
        return 0;
    int rc = nf_plugin_strings(L, st, "abbreviations", add_abbreviation, seg, d);
    if (rc == 0)
        rc = nf_plugin_strings(L, st, "titles", add_title, seg, d);
    if (rc == NF_EINVAL)
        rc = nf_plugin_error(st, d, "abbreviations and titles must not contain NUL bytes");
    return rc;
}

static int add_sentence(uint32_t start, uint32_t end, void *ud)
{
    nf_article *a = ud;
    return nf_article_add_sentence(a, nf_view_doc_start(&a->norm, start),
                                   nf_view_doc_end(&a->norm, end));
}

static int run_sentences(const nf_stage *st, nf_worker *w, nf_article *a)
{
    int rc = nf_article_views(a, st->name);
    if (rc < 0)
        return rc == NF_ENOMEM ? rc : 0;
    a->n_sentences = 0;
    rc = nf_segment(st->data, a->norm.text, a->norm.len, add_sentence, a);
    if (rc < 0)
        return rc;
    nf_worker_run_hook(w, st, "on_article");
    return 0;
}

static void free_sentences(void *data)
{
    nf_segmenter_free(data);
}

const nf_stage_type nf_stage_sentences = {
    .name = "sentences",
    .needs_rules = false,
    .fields = sentences_fields,
    .compile = compile_sentences,
    .free_data = free_sentences,
    .run = run_sentences,
};
