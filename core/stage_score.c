/*
 * stage_score.c — signals and scores, like a spam filter's symbols.
 *
 * Plugin fields:
 *   lexicons = { loaded = { "shocking", "bombshell" }, attribution = { "said", "according to" } }
 *   sourced_by = "attribution"      -- the lexicon that makes a sentence's figures sourced
 *   sites    = "lists/sites.tsv"    -- domain list (sites.h), for articles with a url or site
 *   signals  = { { name = "ANONYMOUS_SOURCE", weight = -1.5, why = "...",
 *                 test = function(a, f) return f.anonymous [, why] end }, ... }
 *   groups   = { sourcing = { "ANONYMOUS_SOURCE", "CONTENT_FARM_FOOTER" }, ... }
 *   scores   = { sourcing = function(a, g, f) return 1 / (1 + math.exp(-g.sourcing)) end, ... }
 *   on_article = function(a) ... end
 *
 * Reading text word by word in Lua is slow, so the stage counts in C first
 * (counts.h): one pass over the body's words for the word counts and
 * every lexicon, tallies of claims and entities, the site's labels. A
 * signal's test gets the article and that table of counts `f`, and only
 * does arithmetic. A test returning nil, false or 0 does not fire; true
 * fires with the declared weight; a number n fires with weight * n.
 *
 * Scores run after the signals, in the order of their names, so the output
 * does not depend on Lua's table order. A score function gets the article,
 * `g` and `f`: g.<group> is the total weight of the article's signals (of
 * any stage) that `groups` lists in that group, as Rspamd groups symbols.
 */
#include "engine.h"
#include "alloc.h"
#include "counts.h"
#include "plugin.h"
#include "sites.h"
#include "stage.h"
#include "strmap.h"

#include <lauxlib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const score_fields[] = {"signals",    "groups", "scores", "on_article",
                                           "lexicons",   "sourced_by", "sites", NULL};

/* At most this many groups: a signal keeps one bit per group. */
#define MAX_GROUPS 32

/* A signal as compiled: what is recorded when its test fires. */
typedef struct signal_info {
    char *name;
    double weight;
    char *why;
} signal_info;

typedef struct score_data {
    signal_info *signals;
    size_t n_signals;
    char **score_names;        /* sorted */
    size_t n_scores;
    char **group_names;        /* sorted: a group's index is its rank */
    size_t n_groups;
    nf_strmap *group_of;       /* signal name -> 1 + index into group_masks */
    uint32_t *group_masks;     /* per signal name listed in groups: its groups, one bit each */
    size_t n_masks;
    nf_lexicon *lexicons;      /* NULL when there are none */
    char **lexicon_names;      /* sorted: a lexicon's index is its rank */
    char **sentence_keys;      /* "<lexicon>_sentences" */
    size_t n_lexicons;
    int sourced_by;            /* a lexicon index, or -1 */
    nf_sites *sites;           /* NULL when the plugin names none */
} score_data;

static void free_names(char **names, size_t n)
{
    for (size_t i = 0; names && i < n; i++)
        nf_free(names[i]);
    nf_free(names);
}

static void free_score(void *p)
{
    score_data *sd = p;
    for (size_t i = 0; i < sd->n_signals; i++) {
        nf_free(sd->signals[i].name);
        nf_free(sd->signals[i].why);
    }
    nf_free(sd->signals);
    free_names(sd->score_names, sd->n_scores);
    free_names(sd->group_names, sd->n_groups);
    nf_strmap_free(sd->group_of);
    nf_free(sd->group_masks);
    free_names(sd->lexicon_names, sd->n_lexicons);
    free_names(sd->sentence_keys, sd->n_lexicons);
    nf_lexicon_free(sd->lexicons);
    nf_sites_free(sd->sites);
    nf_free(sd);
}

/* Reads signals[i] at the top of L: a name, a finite weight, an optional why and a test function. */
static int compile_signal(lua_State *L, const nf_stage *st, int i, signal_info *info, nf_diag *d)
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
    if (rc == 0) {
        info->name = nf_strdup(name);
        info->weight = lua_tonumber(L, -3);
        info->why = nf_strdup(why_type == LUA_TSTRING ? lua_tostring(L, -2) : "");
        rc = info->name && info->why ? 0 : NF_ENOMEM;
    }
    lua_pop(L, 4);
    return rc;
}

static int compile_signals(lua_State *L, const nf_stage *st, score_data *sd, nf_diag *d)
{
    int n = nf_plugin_array(L, st, "signals", d);
    if (n < 0)
        return n;
    sd->signals = nf_calloc((size_t)n + 1, sizeof *sd->signals);
    int rc = sd->signals ? 0 : NF_ENOMEM;
    for (int i = 1; rc == 0 && i <= n; i++) {
        lua_rawgeti(L, -1, i);
        rc = compile_signal(L, st, i, &sd->signals[sd->n_signals++], d);
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    return rc;
}

static int compare_names(const void *x, const void *y)
{
    return strcmp(*(char *const *)x, *(char *const *)y);
}

/* Appends a copy of the key at -2 (a string) to a malloc'd array of names. */
static int push_name(lua_State *L, char ***names, size_t *n)
{
    char **grown = nf_realloc(*names, (*n + 1) * sizeof *grown);
    if (grown == NULL)
        return NF_ENOMEM;
    *names = grown;
    grown[*n] = nf_strdup(lua_tostring(L, -2));
    if (grown[*n] == NULL)
        return NF_ENOMEM;
    (*n)++;
    return 0;
}

static int add_score_name(lua_State *L, const nf_stage *st, score_data *sd, nf_diag *d)
{
    if (lua_type(L, -2) != LUA_TSTRING || !lua_isfunction(L, -1))
        return nf_plugin_error(st, d, "scores must map names to functions");
    return push_name(L, &sd->score_names, &sd->n_scores);
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

/* Puts signal `name` in group `group`: its mask (found or made) gets the group's bit. */
static int add_to_group(score_data *sd, const char *name, size_t group)
{
    uintptr_t k = (uintptr_t)nf_strmap_get(sd->group_of, name);
    if (k == 0) {
        uint32_t *masks = nf_realloc(sd->group_masks, (sd->n_masks + 1) * sizeof *masks);
        if (masks == NULL)
            return NF_ENOMEM;
        sd->group_masks = masks;
        masks[sd->n_masks++] = 0;
        k = sd->n_masks;
        if (nf_strmap_put(sd->group_of, name, (void *)k) < 0)
            return NF_ENOMEM;
    }
    sd->group_masks[k - 1] |= UINT32_C(1) << group;
    return 0;
}

/* groups[name] at the top of L: an array of signal names. */
static int compile_group(lua_State *L, const nf_stage *st, score_data *sd, size_t group, nf_diag *d)
{
    const char *name = sd->group_names[group];
    if (nf_rawfield(L, -1, name) != LUA_TTABLE) {
        lua_pop(L, 1);
        return nf_plugin_error(st, d, "groups.%s must be an array of signal names", name);
    }
    int rc = 0;
    lua_Integer n = (lua_Integer)lua_rawlen(L, -1);
    for (lua_Integer i = 1; rc == 0 && i <= n; i++) {
        if (lua_rawgeti(L, -1, i) != LUA_TSTRING)
            rc = nf_plugin_error(st, d, "groups.%s[%d] must be a signal name", name, (int)i);
        else
            rc = add_to_group(sd, lua_tostring(L, -1), group);
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    return rc;
}

/* The names of the groups table at the top of L, sorted. */
static int collect_group_names(lua_State *L, const nf_stage *st, score_data *sd, nf_diag *d)
{
    int rc = 0;
    lua_pushnil(L);
    while (rc == 0 && lua_next(L, -2)) {
        if (lua_type(L, -2) != LUA_TSTRING)
            rc = nf_plugin_error(st, d, "groups must map names to arrays of signal names");
        else if (sd->n_groups == MAX_GROUPS)
            rc = nf_plugin_error(st, d, "at most %d groups", MAX_GROUPS);
        else
            rc = push_name(L, &sd->group_names, &sd->n_groups);
        lua_pop(L, 1);
    }
    if (rc < 0)
        lua_pop(L, 1);   /* the key of the interrupted traversal */
    if (sd->n_groups > 1)
        qsort(sd->group_names, sd->n_groups, sizeof *sd->group_names, compare_names);
    return rc;
}

static int compile_groups(lua_State *L, const nf_stage *st, score_data *sd, nf_diag *d)
{
    sd->group_of = nf_strmap_new();
    if (sd->group_of == NULL)
        return NF_ENOMEM;
    int type = nf_rawfield(L, -1, "groups");
    int rc = 0;
    if (type == LUA_TTABLE) {
        rc = collect_group_names(L, st, sd, d);
        for (size_t i = 0; rc == 0 && i < sd->n_groups; i++)
            rc = compile_group(L, st, sd, i, d);
    } else if (type != LUA_TNIL) {
        rc = nf_plugin_error(st, d, "groups must map names to arrays of signal names");
    }
    lua_pop(L, 1);
    return rc;
}

/* A lexicon's name becomes a key of f: it must not hide a count. */
static bool valid_lexicon_name(const char *name)
{
    if (strcmp(name, "site") == 0 || strcmp(name, "site_domain") == 0 || name[0] == '\0')
        return false;
    for (size_t i = 0; i < NF_N_COUNTS; i++)
        if (strcmp(name, nf_count_names[i]) == 0)
            return false;
    for (const char *p = name; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || *p == '_' || (p > name && *p >= '0' && *p <= '9')))
            return false;
    return true;
}

static int collect_lexicon_names(lua_State *L, const nf_stage *st, score_data *sd, nf_diag *d)
{
    int rc = 0;
    lua_pushnil(L);
    while (rc == 0 && lua_next(L, -2)) {
        if (lua_type(L, -2) != LUA_TSTRING || !lua_istable(L, -1))
            rc = nf_plugin_error(st, d, "lexicons must map names to arrays of words");
        else if (!valid_lexicon_name(lua_tostring(L, -2)))
            rc = nf_plugin_error(st, d, "lexicon name '%s' must be lower-case letters, digits and _, "
                                 "and not the name of a count", lua_tostring(L, -2));
        else if (sd->n_lexicons == NF_MAX_LEXICONS)
            rc = nf_plugin_error(st, d, "at most %d lexicons", NF_MAX_LEXICONS);
        else
            rc = push_name(L, &sd->lexicon_names, &sd->n_lexicons);
        lua_pop(L, 1);
    }
    if (rc < 0)
        lua_pop(L, 1);
    if (sd->n_lexicons > 1)
        qsort(sd->lexicon_names, sd->n_lexicons, sizeof *sd->lexicon_names, compare_names);
    return rc;
}

typedef struct lexicon_ctx {
    nf_lexicon *lexicon;
    unsigned index;
} lexicon_ctx;

static int add_lexicon_word(void *ud, const char *s, size_t len)
{
    const lexicon_ctx *ctx = ud;
    return nf_lexicon_add(ctx->lexicon, s, len, ctx->index);
}

/* The words of every lexicon (the lexicons table at the top of L) into one word table. */
static int compile_lexicon_words(lua_State *L, const nf_stage *st, score_data *sd, nf_diag *d)
{
    sd->lexicons = nf_lexicon_new();
    lexicon_ctx ctx = {sd->lexicons, 0};
    int rc = sd->lexicons ? 0 : NF_ENOMEM;
    for (size_t i = 0; rc == 0 && i < sd->n_lexicons; i++) {
        ctx.index = (unsigned)i;
        rc = nf_plugin_strings(L, st, sd->lexicon_names[i], add_lexicon_word, &ctx, d);
        if (rc == NF_EUTF8 || rc == NF_EINVAL)
            rc = nf_plugin_error(st, d, "lexicon '%s': every entry must be UTF-8 text that starts "
                                 "with a letter or digit", sd->lexicon_names[i]);
    }
    return rc < 0 ? rc : nf_lexicon_build(sd->lexicons);
}

static int make_sentence_keys(score_data *sd)
{
    sd->sentence_keys = nf_calloc(sd->n_lexicons + 1, sizeof *sd->sentence_keys);
    if (sd->sentence_keys == NULL)
        return NF_ENOMEM;
    for (size_t i = 0; i < sd->n_lexicons; i++) {
        size_t len = strlen(sd->lexicon_names[i]) + sizeof "_sentences";
        sd->sentence_keys[i] = nf_malloc(len);
        if (sd->sentence_keys[i] == NULL)
            return NF_ENOMEM;
        snprintf(sd->sentence_keys[i], len, "%s_sentences", sd->lexicon_names[i]);
    }
    return 0;
}

static int compile_lexicons(lua_State *L, const nf_stage *st, score_data *sd, nf_diag *d)
{
    int type = nf_rawfield(L, -1, "lexicons");
    int rc = 0;
    if (type == LUA_TTABLE) {
        rc = collect_lexicon_names(L, st, sd, d);
        if (rc == 0)
            rc = compile_lexicon_words(L, st, sd, d);
        if (rc == 0)
            rc = make_sentence_keys(sd);
    } else if (type != LUA_TNIL) {
        rc = nf_plugin_error(st, d, "lexicons must be a table of word arrays");
    }
    lua_pop(L, 1);
    return rc;
}

static int compile_sourced_by(lua_State *L, const nf_stage *st, score_data *sd, nf_diag *d)
{
    int rc = 0;
    const char *name = nf_plugin_opt_string(L, st, "the plugin", "sourced_by", &rc, d);
    sd->sourced_by = -1;
    for (size_t i = 0; name && i < sd->n_lexicons; i++)
        if (strcmp(name, sd->lexicon_names[i]) == 0)
            sd->sourced_by = (int)i;
    if (rc == 0 && name && sd->sourced_by < 0)
        rc = nf_plugin_error(st, d, "sourced_by: there is no lexicon '%s'", name);
    return rc;
}

static int compile_sites(lua_State *L, nf_stage *st, score_data *sd, nf_diag *d)
{
    int rc = 0;
    const char *file = nf_plugin_opt_string(L, st, "the plugin", "sites", &rc, d);
    if (rc < 0 || file == NULL)
        return rc;
    char *path = nf_stage_plugin_path(st, file);
    rc = path ? nf_stage_add_file(st, path) : NF_ENOMEM;
    if (rc == 0)
        rc = nf_sites_load(path, &sd->sites, d);
    nf_free(path);
    return rc == NF_ENOMEM ? rc : rc < 0 ? NF_ELUA : 0;
}

static int compile_score(nf_stage *st, lua_State *L, nf_diag *d)
{
    score_data *sd = nf_calloc(1, sizeof *sd);
    if (sd == NULL)
        return NF_ENOMEM;
    st->data = sd;
    int rc = compile_signals(L, st, sd, d);
    if (rc == 0)
        rc = compile_scores(L, st, sd, d);
    if (rc == 0)
        rc = compile_groups(L, st, sd, d);
    if (rc == 0)
        rc = compile_lexicons(L, st, sd, d);
    if (rc == 0)
        rc = compile_sourced_by(L, st, sd, d);
    if (rc == 0)
        rc = compile_sites(L, st, sd, d);
    return rc;
}

static void *new_scratch(const nf_stage *st)
{
    (void)st;
    return nf_counts_scratch_new();
}

static void free_scratch(void *p)
{
    nf_counts_scratch_free(p);
}

/* A string of the article's metadata, or NULL. */
static const char *meta_string(const nf_article *a, const char *key)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(a->meta, key);
    return cJSON_IsString(item) ? item->valuestring : NULL;
}

/* The labels of the article's site, or NULL; *domain gets the site as listed. */
static const char *site_labels(const score_data *sd, const nf_article *a, const char **domain)
{
    const char *labels = NULL;
    const char *url = meta_string(a, "url"), *site = meta_string(a, "site");
    if (sd->sites && url)
        labels = nf_sites_lookup(sd->sites, url, domain);
    if (sd->sites && labels == NULL && site)
        labels = nf_sites_lookup(sd->sites, site, domain);
    return labels;
}

/*
 * What the stage keeps in a worker's Lua state, made on its first article
 * and reused: building tables for every article, and calling each test
 * from C, would cost more than all the tests do (the allocations wake the
 * garbage collector; a call from C costs a protected call and a budget).
 * So f and g are refilled in place (both refuse new fields, so that no
 * rule keeps state in them), and a small Lua driver calls the tests, or
 * the scores, one after the other inside one protected call.
 */
enum {
    CACHE_KEYS = 1,   /* the keys of f as Lua strings, in the order push_counts fills them */
    CACHE_COUNTS,     /* f */
    CACHE_GROUPS,     /* g */
    CACHE_GROUP_KEYS, /* the group names as Lua strings */
    CACHE_TESTS,      /* the signals' test functions, in order */
    CACHE_SCORES,     /* the score functions, in the order of their names */
    CACHE_DRIVER,     /* the driver below */
    CACHE_OUT,        /* the driver's results: index, value, why for each */
    CACHE_STATE,      /* { the function running, how many results } */
    CACHE_SIZE = CACHE_STATE
};

/*
 * driver(fns, from, a, x, y, out, state, all) calls fns[from..] with
 * (a, x, y) and appends to out the index, value and second value of each
 * that returned something (with `all` false: something other than 0). On
 * an error state[1] tells which function failed.
 */
static const char DRIVER[] =
    "local fns, from, a, x, y, out, state, all = ...\n"
    "local k = state[2]\n"
    "for i = from, #fns do\n"
    "  state[1] = i\n"
    "  local r, why = fns[i](a, x, y)\n"
    "  if r ~= nil and r ~= false and (all or r ~= 0) then\n"
    "    k = k + 1\n"
    "    out[3 * k - 2], out[3 * k - 1], out[3 * k] = i, r, why\n"
    "    state[2] = k\n"
    "  end\n"
    "end\n";

static int refuse_new_field(lua_State *L)
{
    return luaL_error(L, "the counts and group totals a score stage passes are read-only");
}

static void push_read_only_table(lua_State *L, int fields)
{
    lua_createtable(L, 0, fields);
    lua_createtable(L, 0, 2);
    lua_pushcfunction(L, refuse_new_field);
    lua_setfield(L, -2, "__newindex");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_setmetatable(L, -2);
}

static int n_keys(const score_data *sd)
{
    return NF_N_COUNTS + 2 * (int)sd->n_lexicons + 2;
}

/* The keys of f: counts, then each lexicon and its sentences, then the site. */
static void push_keys(lua_State *L, const score_data *sd)
{
    lua_createtable(L, n_keys(sd), 0);
    int k = 0;
    for (size_t i = 0; i < NF_N_COUNTS; i++) {
        lua_pushstring(L, nf_count_names[i]);
        lua_rawseti(L, -2, ++k);
    }
    for (size_t i = 0; i < sd->n_lexicons; i++) {
        lua_pushstring(L, sd->lexicon_names[i]);
        lua_rawseti(L, -2, ++k);
        lua_pushstring(L, sd->sentence_keys[i]);
        lua_rawseti(L, -2, ++k);
    }
    lua_pushliteral(L, "site");
    lua_rawseti(L, -2, ++k);
    lua_pushliteral(L, "site_domain");
    lua_rawseti(L, -2, ++k);
}

/* Pushes signals[i].test (tests) or scores[name] of the plugin table at `plugin`, or false. */
static void push_function(lua_State *L, const score_data *sd, int plugin, bool tests, size_t i)
{
    int type = nf_rawfield(L, plugin, tests ? "signals" : "scores");
    if (type == LUA_TTABLE && tests && lua_rawgeti(L, -1, (lua_Integer)i + 1) == LUA_TTABLE)
        nf_rawfield(L, -1, "test");
    else if (type == LUA_TTABLE && !tests)
        nf_rawfield(L, -1, sd->score_names[i]);
    else
        lua_pushboolean(L, 0);   /* calling it reports the problem */
    lua_replace(L, plugin + 1);
    lua_settop(L, plugin + 1);
}

/* The array of the worker's plugin's test functions (tests) or score functions, in their order. */
static void push_functions(nf_worker *w, const nf_stage *st, bool tests)
{
    const score_data *sd = st->data;
    lua_State *L = nf_sandbox_state(w->sb);
    size_t n = tests ? sd->n_signals : sd->n_scores;
    lua_createtable(L, (int)n, 0);
    nf_worker_push_plugin(w, st);
    int plugin = lua_gettop(L);
    for (size_t i = 0; i < n; i++) {
        push_function(L, sd, plugin, tests, i);
        lua_rawseti(L, plugin - 1, (lua_Integer)i + 1);
    }
    lua_pop(L, 1);
}

static int push_driver(lua_State *L)
{
    return luaL_loadbufferx(L, DRIVER, sizeof DRIVER - 1, "=score stage", "t");
}

static void push_group_keys(lua_State *L, const score_data *sd)
{
    lua_createtable(L, (int)sd->n_groups, 0);
    for (size_t i = 0; i < sd->n_groups; i++) {
        lua_pushstring(L, sd->group_names[i]);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
}

/* Pushes the stage's cache table, made on first use in this Lua state. */
static void push_cache(nf_worker *w, const nf_stage *st)
{
    const score_data *sd = st->data;
    lua_State *L = nf_sandbox_state(w->sb);
    if (lua_rawgetp(L, LUA_REGISTRYINDEX, sd) == LUA_TTABLE)
        return;
    lua_pop(L, 1);
    lua_createtable(L, CACHE_SIZE, 0);
    push_keys(L, sd);
    lua_rawseti(L, -2, CACHE_KEYS);
    push_read_only_table(L, n_keys(sd));
    lua_rawseti(L, -2, CACHE_COUNTS);
    push_read_only_table(L, (int)sd->n_groups);
    lua_rawseti(L, -2, CACHE_GROUPS);
    push_group_keys(L, sd);
    lua_rawseti(L, -2, CACHE_GROUP_KEYS);
    push_functions(w, st, true);
    lua_rawseti(L, -2, CACHE_TESTS);
    push_functions(w, st, false);
    lua_rawseti(L, -2, CACHE_SCORES);
    if (push_driver(L) != LUA_OK)
        luaL_error(L, "%s", lua_tostring(L, -1));   /* out of memory: the stage fails */
    lua_rawseti(L, -2, CACHE_DRIVER);
    lua_createtable(L, 3 * (int)(sd->n_signals + sd->n_scores), 0);
    lua_rawseti(L, -2, CACHE_OUT);
    lua_createtable(L, 2, 0);
    lua_rawseti(L, -2, CACHE_STATE);
    lua_pushvalue(L, -1);
    lua_rawsetp(L, LUA_REGISTRYINDEX, sd);
}

/* Sets t[keys[k]] to the value on top of the stack (popped); t and keys are stack indexes. */
static void set_key(lua_State *L, int t, int keys, int k)
{
    lua_rawgeti(L, keys, k);
    lua_insert(L, -2);
    lua_rawset(L, t);
}

/* Fills f (cache[CACHE_COUNTS]; cache at stack index `cache`) for this article. */
static void fill_counts(lua_State *L, int cache, const score_data *sd, const nf_article *a,
                        const nf_counts *f)
{
    lua_rawgeti(L, cache, CACHE_KEYS);
    lua_rawgeti(L, cache, CACHE_COUNTS);
    int keys = lua_gettop(L) - 1, t = keys + 1, k = 0;
    for (size_t i = 0; i < NF_N_COUNTS; i++) {
        lua_pushinteger(L, f->v[i]);
        set_key(L, t, keys, ++k);
    }
    for (size_t i = 0; i < sd->n_lexicons; i++) {
        lua_pushinteger(L, f->lexicon_hits[i]);
        set_key(L, t, keys, ++k);
        lua_pushinteger(L, f->lexicon_sentences[i]);
        set_key(L, t, keys, ++k);
    }
    const char *domain = NULL, *labels = site_labels(sd, a, &domain);
    lua_pushstring(L, labels);   /* nil when the site is not listed */
    set_key(L, t, keys, ++k);
    lua_pushstring(L, labels ? domain : NULL);
    set_key(L, t, keys, ++k);
    lua_settop(L, keys - 1);
}

/* Fills g (cache[CACHE_GROUPS]): for each group, the total weight of the article's signals in it. */
static void fill_groups(lua_State *L, int cache, const score_data *sd, const nf_article *a)
{
    double totals[MAX_GROUPS] = {0};
    for (size_t i = 0; i < a->n_signals; i++) {
        uintptr_t k = (uintptr_t)nf_strmap_get(sd->group_of, a->signals[i].name);
        for (uint32_t mask = k ? sd->group_masks[k - 1] : 0; mask; mask &= mask - 1)
            totals[__builtin_ctz(mask)] += a->signals[i].weight;
    }
    lua_rawgeti(L, cache, CACHE_GROUP_KEYS);
    lua_rawgeti(L, cache, CACHE_GROUPS);
    int keys = lua_gettop(L) - 1;
    for (size_t i = 0; i < sd->n_groups; i++) {
        lua_pushnumber(L, totals[i]);
        set_key(L, keys + 1, keys, (int)i + 1);
    }
    lua_pop(L, 2);
}

/*
 * Runs the driver over cache[fns] with (a, cache[x], cache[y]) until every
 * function ran; a function that fails has its error recorded and the next
 * run starts after it. Leaves the number of results in cache[CACHE_STATE][2].
 */
static void run_driver(nf_worker *w, const nf_stage *st, int cache, int fns, int x, int y,
                       bool all)
{
    lua_State *L = nf_sandbox_state(w->sb);
    lua_rawgeti(L, cache, CACHE_STATE);
    lua_pushinteger(L, 0);
    lua_rawseti(L, -2, 2);
    lua_rawgeti(L, cache, fns);
    lua_Integer n = (lua_Integer)lua_rawlen(L, -1);
    for (lua_Integer from = 1; from <= n;) {
        lua_rawgeti(L, cache, CACHE_DRIVER);
        lua_pushvalue(L, -2);
        lua_pushinteger(L, from);
        nf_worker_push_view(w);
        lua_rawgeti(L, cache, x);
        if (y)
            lua_rawgeti(L, cache, y);
        else
            lua_pushnil(L);
        lua_rawgeti(L, cache, CACHE_OUT);
        lua_pushvalue(L, -9);
        lua_pushboolean(L, all);
        if (nf_worker_call(w, st, 8, 0) == 0)
            break;
        lua_rawgeti(L, -2, 1);   /* its error is recorded: go on after the one that failed */
        lua_Integer failed = lua_tointeger(L, -1);
        from = failed >= from ? failed + 1 : from + 1;
        lua_pop(L, 1);
    }
    lua_pop(L, 2);
}

/* Records the signal of each test that fired (the driver's results). */
static int record_signals(lua_State *L, int cache, const nf_stage *st, nf_article *a)
{
    const score_data *sd = st->data;
    lua_rawgeti(L, cache, CACHE_STATE);
    lua_rawgeti(L, -1, 2);
    lua_Integer n = lua_tointeger(L, -1);
    lua_rawgeti(L, cache, CACHE_OUT);
    int rc = 0;
    for (lua_Integer k = 1; rc == 0 && k <= n; k++) {
        lua_rawgeti(L, -1, 3 * k - 2);
        lua_rawgeti(L, -2, 3 * k - 1);
        lua_rawgeti(L, -3, 3 * k);
        const signal_info *info = &sd->signals[lua_tointeger(L, -3) - 1];
        double hits = lua_isboolean(L, -2) ? lua_toboolean(L, -2) : lua_tonumber(L, -2);
        const char *why = lua_isstring(L, -1) ? lua_tostring(L, -1) : info->why;
        if (isfinite(hits) && hits != 0)
            rc = nf_article_add_signal(a, info->name, info->weight * hits, why, st->name);
        lua_pop(L, 3);
    }
    lua_pop(L, 3);
    return rc;
}

/* Records each score's value (the driver's results); only finite numbers are scores. */
static int record_scores(lua_State *L, int cache, const nf_stage *st, nf_article *a)
{
    const score_data *sd = st->data;
    lua_rawgeti(L, cache, CACHE_STATE);
    lua_rawgeti(L, -1, 2);
    lua_Integer n = lua_tointeger(L, -1);
    lua_rawgeti(L, cache, CACHE_OUT);
    int rc = 0;
    for (lua_Integer k = 1; rc == 0 && k <= n; k++) {
        lua_rawgeti(L, -1, 3 * k - 2);
        lua_rawgeti(L, -2, 3 * k - 1);
        const char *name = sd->score_names[lua_tointeger(L, -2) - 1];
        if (lua_type(L, -1) == LUA_TNUMBER && isfinite(lua_tonumber(L, -1)))
            rc = nf_article_set_score(a, name, lua_tonumber(L, -1));
        else
            rc = nf_article_add_error(a, st->name, NF_ELUA, st->rules, 0,
                                      "score '%s' returned a %s, not a finite number", name,
                                      luaL_typename(L, -1));
        lua_pop(L, 2);
    }
    lua_pop(L, 3);
    return rc;
}

static int run_score(const nf_stage *st, nf_worker *w, nf_article *a)
{
    const score_data *sd = st->data;
    int rc = nf_article_views(a, st->name);
    if (rc < 0)
        return rc == NF_ENOMEM ? rc : 0;
    nf_counts f;
    rc = nf_counts_take(a, sd->lexicons, sd->sourced_by, w->scratch[st->index], &f);
    if (rc < 0)
        return rc;
    lua_State *L = nf_sandbox_state(w->sb);
    push_cache(w, st);
    int cache = lua_gettop(L);
    fill_counts(L, cache, sd, a, &f);
    run_driver(w, st, cache, CACHE_TESTS, CACHE_COUNTS, 0, false);
    rc = record_signals(L, cache, st, a);
    if (rc == 0) {
        fill_groups(L, cache, sd, a);
        run_driver(w, st, cache, CACHE_SCORES, CACHE_GROUPS, CACHE_COUNTS, true);
        rc = record_scores(L, cache, st, a);
    }
    lua_settop(L, cache - 1);
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
    .scratch_new = new_scratch,
    .scratch_free = free_scratch,
    .run = run_score,
};
