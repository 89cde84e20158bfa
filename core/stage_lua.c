/* stage_lua.c — a stage that is only a plugin's on_article hook. */
#include "engine.h"
#include "stage.h"

static const char *const lua_fields[] = {"on_article", NULL};

static int run_lua(const nf_stage *st, nf_worker *w, nf_article *a)
{
    int rc = nf_article_check_text(a, st->name);
    if (rc < 0)
        return rc == NF_ENOMEM ? rc : 0;
    nf_worker_run_hook(w, st, "on_article");
    return 0;
}

const nf_stage_type nf_stage_lua = {
    .name = "lua",
    .needs_rules = true,
    .fields = lua_fields,
    .run = run_lua,
};
