/*
 * stage_score.c — signals and scores, like a spam filter's symbols.
 *
 * Plugin fields:
 *   signals = { { name = "ANONYMOUS_SOURCE", weight = -1.5, why = "...",
 *                 test = function(a) return hits [, why] end }, ... }
 *   scores  = { sourcing = function(a) return 0.62 end, ... }
 *   on_article = function(a) ... end
 * A test returning nil, false or 0 does not fire; true fires with the
 * declared weight; a number n fires with weight * n. Scores run after the
 * signals, in the order of their names, so the output does not depend on
 * Lua's table order.
 */
#include "engine.h"
#include "alloc.h"
#include "plugin.h"
#include "stage.h"

#include <lauxlib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const score_fields[] = {"signals", "scores", "on_article", NULL};

typedef struct score_data {
    size_t n_signals;
    char **score_names;   /* sorted */
    size_t n_scores;
} score_data;

static void free_score(void *p)
{
    score_data *sd = p;
    for (size_t i = 0; i < sd->n_scores; i++)
        nf_free(sd->score_names[i]);
    nf_free(sd->score_names);
    nf_free(sd);
}

/* Checks signals[i] at the top of L: a name, a finite weight, an optional why and a test function. */
static int check_signal(lua_State *L, const nf_stage *st, int i, nf_diag *d)
{
    if (!lua_istable(L, -1))
        return nf_plugin_error(st, d, "signals[%d] must be a table", i);
    if (nf_rawfield(L, -1, "name") != LUA_TSTRING) {
        lua_pop(L, 1);
        return nf_plugin_error(st, d, "signals[%d].name must be a string", i);
    }
    const char *name = lua_tostring(L, -1);
    int ok_weight = nf_rawfield(L, -2, "weight") == LUA_TNUMBER && isfinite(lua_tonumber(L, -1));
    int why_type = nf_rawfield(L, -3, "why");
    int ok_test = nf_rawfield(L, -4, "test") == LUA_TFUNCTION;
    int rc = 0;
    if (!ok_weight)
        rc = nf_plugin_error(st, d, "signal '%s': weight must be a finite number", name);
    else if (why_type != LUA_TNIL && why_type != LUA_TSTRING)
        rc = nf_plugin_error(st, d, "signal '%s': why must be a string", name);
    else if (!ok_test)
        rc = nf_plugin_error(st, d, "signal '%s': test must be a function", name);
    lua_pop(L, 4);
    return rc;
}

static int compile_signals(lua_State *L, const nf_stage *st, score_data *sd, nf_diag *d)
{
    int n = nf_plugin_array(L, st, "signals", d);
    if (n < 0)
        return n;
    int rc = 0;
    for (int i = 1; rc == 0 && i <= n; i++) {
        lua_rawgeti(L, -1, i);
        rc = check_signal(L, st, i, d);
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    sd->n_signals = (size_t)n;
    return rc;
}

static int compare_names(const void *x, const void *y)
{
    return strcmp(*(char *const *)x, *(char *const *)y);
}

static int add_score_name(lua_State *L, const nf_stage *st, score_data *sd, nf_diag *d)
{
    if (lua_type(L, -2) != LUA_TSTRING || !lua_isfunction(L, -1))
        return nf_plugin_error(st, d, "scores must map names to functions");
    char **names = nf_realloc(sd->score_names, (sd->n_scores + 1) * sizeof *names);
    if (names == NULL)
        return NF_ENOMEM;
    sd->score_names = names;
    names[sd->n_scores] = nf_strdup(lua_tostring(L, -2));
    if (names[sd->n_scores] == NULL)
        return NF_ENOMEM;
    sd->n_scores++;
    return 0;
}

static int compile_scores(lua_State *L, const nf_stage *st, score_data *sd, nf_diag *d)
{
    int type = nf_rawfield(L, -1, "scores");
    int rc = 0;
    if (type == LUA_TTABLE) {
        lua_pushnil(L);
        while (rc == 0 && lua_next(L, -2)) {
            rc = add_score_name(L, st, sd, d);
            lua_pop(L, 1);
        }
        if (rc < 0)
            lua_pop(L, 1);
    } else if (type != LUA_TNIL) {
        rc = nf_plugin_error(st, d, "scores must be a table of functions");
    }
    lua_pop(L, 1);
    if (sd->n_scores > 1)
        qsort(sd->score_names, sd->n_scores, sizeof *sd->score_names, compare_names);
    return rc;
}

static int compile_score(nf_stage *st, lua_State *L, nf_diag *d)
{
    score_data *sd = nf_calloc(1, sizeof *sd);
    if (sd == NULL)
        return NF_ENOMEM;
    st->data = sd;
    int rc = compile_signals(L, st, sd, d);
    return rc < 0 ? rc : compile_scores(L, st, sd, d);
}

/* Reads what a test returned (below the top two slots) and records the signal. */
static int record_signal(lua_State *L, nf_article *a, const nf_stage *st, int signal)
{
    double hits = lua_isboolean(L, -2) ? lua_toboolean(L, -2) : lua_tonumber(L, -2);
    if (!isfinite(hits) || hits == 0)
        return 0;
    nf_rawfield(L, signal, "name");
    nf_rawfield(L, signal, "weight");
    nf_rawfield(L, signal, "why");
    const char *why = lua_isstring(L, -4) ? lua_tostring(L, -4) : lua_tostring(L, -1);
    int rc = nf_article_add_signal(a, lua_tostring(L, -3), lua_tonumber(L, -2) * hits, why,
                                   st->name);
    lua_pop(L, 3);
    return rc;
}

static int run_signals(const nf_stage *st, nf_worker *w, nf_article *a)
{
    const score_data *sd = st->data;
    lua_State *L = nf_sandbox_state(w->sb);
    for (size_t i = 1; i <= sd->n_signals; i++) {
        nf_worker_push_plugin(w, st);
        /* The worker's copy of the plugin may differ from the compiled one if it builds its data at random. */
        if (nf_rawfield(L, -1, "signals") != LUA_TTABLE || lua_rawgeti(L, -1, (lua_Integer)i) != LUA_TTABLE) {
            lua_settop(L, 0);
            return nf_article_add_error(a, st->name, NF_ELUA, st->rules, 0,
                                        "signals[%zu] is no longer a table", i);
        }
        int signal = lua_gettop(L);
        nf_rawfield(L, signal, "test");
        nf_worker_push_view(w);
        if (nf_worker_call(w, st, 1, 2) == 0) {
            int rc = record_signal(L, a, st, signal);
            lua_pop(L, 2);
            if (rc < 0) {
                lua_pop(L, 3);
                return rc;
            }
        }
        lua_pop(L, 3);
    }
    return 0;
}

static int run_scores(const nf_stage *st, nf_worker *w, nf_article *a)
{
    const score_data *sd = st->data;
    lua_State *L = nf_sandbox_state(w->sb);
    for (size_t i = 0; i < sd->n_scores; i++) {
        const char *name = sd->score_names[i];
        nf_worker_push_plugin(w, st);
        if (nf_rawfield(L, -1, "scores") != LUA_TTABLE) {
            lua_settop(L, 0);
            return nf_article_add_error(a, st->name, NF_ELUA, st->rules, 0,
                                        "scores is no longer a table");
        }
        nf_rawfield(L, -1, name);
        nf_worker_push_view(w);
        if (nf_worker_call(w, st, 1, 1) == 0) {
            int rc = 0;
            if (lua_type(L, -1) == LUA_TNUMBER && isfinite(lua_tonumber(L, -1)))
                rc = nf_article_set_score(a, name, lua_tonumber(L, -1));
            else if (!lua_isnil(L, -1))
                rc = nf_article_add_error(a, st->name, NF_ELUA, st->rules, 0,
                                          "score '%s' returned a %s, not a finite number", name,
                                          luaL_typename(L, -1));
            lua_pop(L, 1);
            if (rc < 0) {
                lua_pop(L, 2);
                return rc;
            }
        }
        lua_pop(L, 2);
    }
    return 0;
}

static int run_score(const nf_stage *st, nf_worker *w, nf_article *a)
{
    int rc = nf_article_check_text(a, st->name);
    if (rc < 0)
        return rc == NF_ENOMEM ? rc : 0;
    rc = run_signals(st, w, a);
    if (rc == 0)
        rc = run_scores(st, w, a);
    if (rc == 0)
        nf_worker_run_hook(w, st, "on_article");
    return rc;
}

const nf_stage_type nf_stage_score = {
    .name = "score",
    .needs_rules = true,
    .fields = score_fields,
    .compile = compile_score,
    .free_data = free_score,
    .run = run_score,
};
