/* engine.c — runs one article through the pipeline's stages. */
#include "engine.h"

#include <stdbool.h>
#include <string.h>
#include <time.h>

static uint64_t now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

static int run_stages(nf_worker *w, nf_ruleset *rs, nf_article *a)
{
    for (size_t i = 0; i < rs->n_stages; i++) {
        const nf_stage *st = &rs->stages[i];
        /* Text that is not valid UTF-8 cannot be matched; its error is already recorded. */
        if (!a->readable || a->utf8 == NF_UTF8_INVALID)
            break;
        uint64_t start = now_us();
        w->stage = st;
        int rc = nf_worker_run_stage(w, st, a);
        w->stage = NULL;
        if (nf_article_add_timing(a, st->name, now_us() - start) < 0 || rc == NF_ENOMEM)
            return NF_ENOMEM;
    }
    return 0;
}

/* A document of white space only (a byte order mark included) holds no article. */
static bool is_blank(const char *doc, size_t len)
{
    static const char bom[] = "\xef\xbb\xbf";
    size_t i = len >= 3 && memcmp(doc, bom, 3) == 0 ? 3 : 0;
    for (; i < len; i++)
        if (!strchr(" \t\r\n\f\v", doc[i]) || doc[i] == '\0')
            return false;
    return true;
}

int nf_engine_process(nf_worker *w, nf_ruleset *rs, nf_article *a)
{
    if (!a->readable)
        return 0;
    nf_diag d = {{0}, 0, {0}};
    int rc = nf_worker_use(w, rs, &d);
    if (rc < 0)
        return nf_article_add_error(a, "engine", rc, d.file[0] ? d.file : NULL, d.line,
                                    "the rules could not be loaded: %s", d.message);
    if (is_blank(a->doc, a->doc_len))
        return nf_article_add_error(a, "read", NF_EFORMAT, NULL, 0,
                                    "the article is empty (no text, or only white space)");
    nf_worker_begin(w, a);
    rc = run_stages(w, rs, a);
    nf_worker_end(w);
    nf_article_sort(a);
    return rc;
}
