/* worker.c — a worker thread's Lua state, scratch memory and per-article state. */
#include "worker.h"

#include "alloc.h"
#include "luaview.h"
#include "plugin.h"

#include <lauxlib.h>
#include <string.h>

/* An ordinary article fits in one block of the worker's arena. */
#define WORKER_ARENA_BLOCK (256 * 1024)

void nf_worker_init(nf_worker *w)
{
    memset(w, 0, sizeof *w);
    nf_arena_init(&w->arena, WORKER_ARENA_BLOCK);
    w->view_ref = LUA_NOREF;
}

/* Drops the Lua state and scratch built for the previous ruleset. */
static void drop_state(nf_worker *w)
{
    for (size_t i = 0; i < w->n_stages; i++) {
        const nf_stage *st = &w->rs->stages[i];
        if (w->scratch[i] && st->type->scratch_free)
            st->type->scratch_free(w->scratch[i]);
    }
    nf_free(w->scratch);
    nf_free(w->plugin_refs);
    nf_sandbox_free(w->sb);
    nf_ruleset_unref(w->rs);
    w->scratch = NULL;
    w->plugin_refs = NULL;
    w->sb = NULL;
    w->rs = NULL;
    w->n_stages = 0;
}

void nf_worker_free(nf_worker *w)
{
    drop_state(w);
    nf_arena_free(&w->arena);
}

static int load_plugins(nf_worker *w, nf_diag *d)
{
    lua_State *L = nf_sandbox_state(w->sb);
    for (size_t i = 0; i < w->n_stages; i++) {
        const nf_stage *st = &w->rs->stages[i];
        w->plugin_refs[i] = LUA_NOREF;
        if (st->source) {
            /* The bytecode the ruleset build compiled: no parsing of the text again. */
            int rc = st->compiled.code
                         ? nf_sandbox_load_compiled(w->sb, &st->compiled, st->rules, st->instruction_limit, d)
                         : nf_sandbox_load_plugin(w->sb, st->source, st->source_len, st->rules,
                                                  st->instruction_limit, d);
            if (rc < 0)
                return rc;
            w->plugin_refs[i] = luaL_ref(L, LUA_REGISTRYINDEX);
        }
        if (st->type->scratch_new) {
            w->scratch[i] = st->type->scratch_new(st);
            if (w->scratch[i] == NULL)
                return NF_ENOMEM;
        }
    }
    return 0;
}

int nf_worker_use(nf_worker *w, nf_ruleset *rs, nf_diag *d)
{
    if (w->rs == rs && w->sb && !nf_sandbox_tainted(w->sb))
        return 0;
    drop_state(w);
    w->rs = nf_ruleset_ref(rs);
    w->n_stages = rs->n_stages;
    w->plugin_refs = nf_calloc(rs->n_stages, sizeof *w->plugin_refs);
    w->scratch = nf_calloc(rs->n_stages, sizeof *w->scratch);
    int rc = w->plugin_refs && w->scratch ? nf_sandbox_new(rs->config->lua_memory_limit, &w->sb)
                                          : NF_ENOMEM;
    if (rc == 0) {
        nf_luaview_register(nf_sandbox_state(w->sb));
        rc = load_plugins(w, d);
    }
    if (rc < 0)
        drop_state(w);
    return rc;
}

void nf_worker_push_plugin(nf_worker *w, const nf_stage *st)
{
    lua_rawgeti(nf_sandbox_state(w->sb), LUA_REGISTRYINDEX, w->plugin_refs[st->index]);
}

bool nf_worker_push_hook(nf_worker *w, const nf_stage *st, const char *name)
{
    if (w->plugin_refs[st->index] == LUA_NOREF)
        return false;
    lua_State *L = nf_sandbox_state(w->sb);
    nf_worker_push_plugin(w, st);
    nf_rawfield(L, -1, name);
    lua_remove(L, -2);
    if (lua_isfunction(L, -1))
        return true;
    lua_pop(L, 1);
    return false;
}

void nf_worker_push_view(nf_worker *w)
{
    lua_State *L = nf_sandbox_state(w->sb);
    if (w->view_ref == LUA_NOREF) {
        nf_luaview_push(L, w);
        lua_pushvalue(L, -1);
        w->view_ref = luaL_ref(L, LUA_REGISTRYINDEX);
        return;
    }
    lua_rawgeti(L, LUA_REGISTRYINDEX, w->view_ref);
}

int nf_worker_call(nf_worker *w, const nf_stage *st, int nargs, int nresults)
{
    nf_diag d;
    int rc = nf_sandbox_call(w->sb, nargs, nresults, st->instruction_limit, &d);
    if (rc < 0)
        nf_article_add_error(w->article, st->name, rc, d.file[0] ? d.file : st->rules, d.line,
                             "%s", d.message);
    return rc;
}

void nf_worker_run_hook(nf_worker *w, const nf_stage *st, const char *name)
{
    if (!nf_worker_push_hook(w, st, name))
        return;
    nf_worker_push_view(w);
    nf_worker_call(w, st, 1, 0);
}

typedef struct stage_call {
    nf_worker *w;
    const nf_stage *st;
    nf_article *a;
    int rc;
} stage_call;

/*
 * Runs the stage, then drops what falls in excluded spans. The view's
 * cached layers index the arrays, so they are forgotten when items go.
 */
static int run_stage_protected(lua_State *L)
{
    stage_call *call = lua_touserdata(L, 1);
    call->rc = call->st->type->run(call->st, call->w, call->a);
    if (nf_article_drop_excluded(call->a) > 0 && call->w->view_ref != LUA_NOREF) {
        lua_rawgeti(L, LUA_REGISTRYINDEX, call->w->view_ref);
        nf_luaview_forget(L, -1);
        lua_pop(L, 1);
    }
    return 0;
}

int nf_worker_run_stage(nf_worker *w, const nf_stage *st, nf_article *a)
{
    lua_State *L = nf_sandbox_state(w->sb);
    stage_call call = {w, st, a, 0};
    lua_settop(L, 0);
    lua_pushcfunction(L, run_stage_protected);
    lua_pushlightuserdata(L, &call);
    int status = lua_pcall(L, 1, 0, 0);
    if (status == LUA_OK) {
        lua_settop(L, 0);
        return call.rc;
    }
    bool memory = status == LUA_ERRMEM || nf_sandbox_out_of_memory(w->sb);
    const char *message = lua_tostring(L, -1);
    int rc = nf_article_add_error(a, st->name, memory ? NF_ENOMEM : NF_ELUA, st->rules, 0,
                                  "the stage failed: %s",
                                  memory ? "the Lua memory limit was reached"
                                         : message ? message : "Lua error");
    lua_settop(L, 0);
    nf_sandbox_taint(w->sb);
    return rc;
}

void nf_worker_begin(nf_worker *w, nf_article *a)
{
    w->article = a;
    w->stage = NULL;
    w->view_ref = LUA_NOREF;
}

void nf_worker_end(nf_worker *w)
{
    if (w->view_ref != LUA_NOREF && w->sb) {
        lua_State *L = nf_sandbox_state(w->sb);
        lua_rawgeti(L, LUA_REGISTRYINDEX, w->view_ref);
        nf_luaview_detach(L, -1);
        lua_pop(L, 1);
        luaL_unref(L, LUA_REGISTRYINDEX, w->view_ref);
    }
    w->view_ref = LUA_NOREF;
    w->article = NULL;
    w->stage = NULL;
    /* A state that hit a limit may hold half-updated rule data: start the next article afresh. */
    if (w->sb && nf_sandbox_tainted(w->sb))
        drop_state(w);
}
