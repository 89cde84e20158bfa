/*
 * stage_normalize.c — checks the text and builds its normalized views.
 *
 * Invalid UTF-8 or NUL bytes end the article's processing with a clear
 * error; otherwise the norm and fold views (view.h) are built for the
 * stages after it. An optional plugin may add an on_article hook.
 */
#include "engine.h"
#include "stage.h"

static const char *const normalize_fields[] = {"on_article", NULL};

static int run_normalize(const nf_stage *st, nf_worker *w, nf_article *a)
{
    int rc = nf_article_views(a, st->name);
    if (rc == NF_ENOMEM)
        return rc;
    if (rc < 0)
        return 0;
    nf_worker_run_hook(w, st, "on_article");
    return 0;
}

const nf_stage_type nf_stage_normalize = {
    .name = "normalize",
    .needs_rules = false,
    .fields = normalize_fields,
    .run = run_normalize,
};
