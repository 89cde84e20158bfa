/*
 * stage_claims.c — claims: quotes, numbers and check-worthy statements.
 *
 * Plugin fields (docs/plugins.md, "claims", is the reference):
 *   patterns    = { { id =, kind =, pattern =, flags =, needs = { "said", ... }, before = }, ... }
 *   hedges      = { "allegedly", ... }              hedge their own sentence
 *   hedges_back = { "could not be verified", ... }  and the two sentences before, in the paragraph
 *   pronouns    = { "he", "she" }                   quote speakers resolved to an earlier speaker
 *   factual     = { bias =, threshold =, digits =, question =, min_words =, short =,
 *                   cues = { { weight = 1.5, "percent", ... }, ... } }
 *   on_match(a, c), on_article(a)
 *
 * How an article runs, and why in this order:
 *   1. One automaton pass over the folded text finds every word the rules
 *      name — pattern needs, hedges, factual cues — and files each under
 *      its sentence. PCRE2 scanning every sentence with every pattern was
 *      most of the stage's cost, so a pattern runs only where its needs are:
 *      a sentence pattern on the sentences that hold one, an anchored
 *      pattern (one with `before`) at each of them, `pattern` from the need
 *      on and `before` back from it (the speaker before "said").
 *   2. A claim that reads words an earlier one of its kind read (the same
 *      cue, or half their union) is not added; a quote whose cue is in a
 *      quotation or in another quote's content is part of that quote.
 *   3. Quotes are completed from what the whole article says: a content
 *      that starts or ends inside a quotation takes all of it, a content
 *      followed by quotations in the same paragraph that no one else
 *      claims continues into them, and a pronoun speaker ("he added")
 *      takes the name of the nearest speaker before it.
 *   4. Every sentence gets a check-worthiness score from the factual cues
 *      it holds; those at or above the threshold become `factual` claims.
 *   5. Hooks run last, so that on_match sees each claim as it will be
 *      output.
 */
#include "alloc.h"
#include "automaton.h"
#include "engine.h"
#include "luaview.h"
#include "patterns.h"
#include "plugin.h"
#include "stage.h"
#include "utf8.h"

#include <lauxlib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const claims_fields[] = {"patterns", "hedges",  "hedges_back", "pronouns",
                                            "factual",  "on_match", "on_article", NULL};

/* How many sentences before it a hedge of `hedges_back` reaches, within its paragraph. */
#define HEDGE_BACK_REACH 2
/* How many sentences back a pronoun speaker looks for the speaker it stands for. */
#define PRONOUN_REACH 3
/* Factual cue groups are kept as bits of one word per sentence. */
#define MAX_FACTUAL_GROUPS 64
/* How far before its anchor the `before` part of a pattern may start (bytes), and the
   words before it where it may start anywhere (further back only where a clause starts). */
#define BEFORE_REACH 200
#define BEFORE_WORDS 6
/* A quotation longer than this is more likely an unbalanced quote mark than a quotation. */
#define MAX_QUOTATION 1500

/*
 * A pattern is tried on whole sentences, or, when it has a `before` part,
 * only where one of its needs starts (the anchor): `re` must match there,
 * and `before` must match the text that ends at the anchor.
 */
typedef struct claim_pattern {
    char *id;
    char *kind;
    nf_pattern *re;
    nf_pattern *before;       /* NULL: a sentence pattern */
    char *before_key;         /* flags and source of `before`, to share one compiled copy */
    bool before_shared;       /* `before` belongs to an earlier pattern */
    bool before_at_start;     /* `before` starts with ^: it can only start the sentence */
    bool needs_words;         /* tried only on sentences holding one of its needs */
} claim_pattern;

enum { KEY_HEDGE = 1, KEY_HEDGE_BACK = 2 };

/* A word or phrase of the rules, and everything it is for. */
typedef struct claim_key {
    uint8_t roles;            /* KEY_HEDGE, KEY_HEDGE_BACK */
    int factual;              /* its factual cue group, or -1 */
    uint32_t *patterns;       /* the patterns that need it */
    size_t n_patterns;
} claim_key;

typedef struct factual_rules {
    bool on;                  /* the plugin has a `factual` table */
    double bias, threshold, digits, question, short_weight;
    double min_words;
    double weights[MAX_FACTUAL_GROUPS];
    size_t n_groups;
} factual_rules;

typedef struct claims_data {
    claim_pattern *patterns;
    size_t n_patterns;
    uint32_t max_groups;
    claim_key *keys;
    size_t n_keys;
    nf_automaton *words;      /* every key, folded; NULL when there is none */
    char **pronouns;          /* lower case */
    size_t n_pronouns;
    factual_rules factual;
} claims_data;

typedef struct claims_scratch {
    nf_match_scratch *match;
    nf_match_scratch *before;   /* the `before` part of an anchored pattern */
    nf_match_scratch *spare;    /* where match_before tries it */
    nf_ac_matches words;
} claims_scratch;

static void free_claims(void *p)
{
    claims_data *data = p;
    for (size_t i = 0; i < data->n_patterns; i++) {
        nf_free(data->patterns[i].id);
        nf_free(data->patterns[i].kind);
        nf_pattern_free(data->patterns[i].re);
        if (!data->patterns[i].before_shared)
            nf_pattern_free(data->patterns[i].before);
        nf_free(data->patterns[i].before_key);
    }
    nf_free(data->patterns);
    for (size_t i = 0; i < data->n_keys; i++)
        nf_free(data->keys[i].patterns);
    nf_free(data->keys);
    for (size_t i = 0; i < data->n_pronouns; i++)
        nf_free(data->pronouns[i]);
    nf_free(data->pronouns);
    nf_automaton_free(data->words);
    nf_free(data);
}

/* ---- compiling the plugin ---------------------------------------------- */

/*
 * While compiling: the automaton being built, a Lua table (in the registry)
 * from folded key to its index, so that a word named by several rules is
 * one key with several roles, and scratch memory for folding.
 */
typedef struct words_build {
    claims_data *data;
    lua_State *L;
    nf_ac_builder *builder;
    int map_ref;
    nf_arena scratch;
    size_t cap_keys;
} words_build;

/* The index of key s (folded like the text), adding it when new; negative on error. */
static long intern_key(words_build *wb, const char *s, size_t len)
{
    nf_view norm, fold;
    nf_arena_reset(&wb->scratch);
    if (nf_utf8_validate(s, len) < len || nf_utf8_find_nul(s, len) < len)
        return NF_EINVAL;
    int rc = nf_views_build(&wb->scratch, s, len, &norm, &fold);
    if (rc < 0)
        return rc;
    if (fold.len == 0)
        return NF_EINVAL;
    lua_State *L = wb->L;
    lua_rawgeti(L, LUA_REGISTRYINDEX, wb->map_ref);
    lua_pushlstring(L, fold.text, fold.len);
    if (lua_rawget(L, -2) == LUA_TNUMBER) {
        long index = (long)lua_tointeger(L, -1);
        lua_pop(L, 2);
        return index;
    }
    lua_pop(L, 1);
    claims_data *data = wb->data;
    if (data->n_keys == wb->cap_keys) {
        size_t cap = wb->cap_keys ? 2 * wb->cap_keys : 64;
        claim_key *keys = nf_realloc(data->keys, cap * sizeof *keys);
        if (keys == NULL) {
            lua_pop(L, 1);
            return NF_ENOMEM;
        }
        data->keys = keys;
        wb->cap_keys = cap;
    }
    long index = (long)data->n_keys;
    rc = nf_ac_builder_add(wb->builder, fold.text, fold.len, (uint32_t)index);
    if (rc < 0) {
        lua_pop(L, 1);
        return rc;
    }
    data->keys[data->n_keys++] = (claim_key){.factual = -1};
    lua_pushlstring(L, fold.text, fold.len);
    lua_pushinteger(L, index);
    lua_rawset(L, -3);
    lua_pop(L, 1);
    return index;
}

/* What a list of words is for, while nf_plugin_strings walks it. */
typedef struct key_use {
    words_build *wb;
    size_t used;              /* words walked so far */
    uint8_t role;             /* a KEY_* role, or 0 */
    int factual;              /* a factual group, or -1 */
    long pattern;             /* a pattern that needs the words, or -1 */
} key_use;

static int add_pattern_need(claim_key *k, uint32_t pattern)
{
    if (k->n_patterns > 0 && k->patterns[k->n_patterns - 1] == pattern)
        return 0;
    uint32_t *p = nf_realloc(k->patterns, (k->n_patterns + 1) * sizeof *p);
    if (p == NULL)
        return NF_ENOMEM;
    k->patterns = p;
    k->patterns[k->n_patterns++] = pattern;
    return 0;
}

static int use_key(void *ud, const char *s, size_t len)
{
    key_use *u = ud;
    u->used++;
    long index = intern_key(u->wb, s, len);
    if (index < 0)
        return (int)index;
    claim_key *k = &u->wb->data->keys[index];
    k->roles |= u->role;
    if (u->factual >= 0 && k->factual < 0)
        k->factual = u->factual;
    return u->pattern >= 0 ? add_pattern_need(k, (uint32_t)u->pattern) : 0;
}

/* A word list's error, said the way a rule writer can act on. */
static int word_list_error(const nf_stage *st, int rc, const char *where, nf_diag *d)
{
    if (rc == NF_EINVAL || rc == NF_EUTF8)
        return nf_plugin_error(st, d, "%s: words must be non-empty, valid UTF-8 text", where);
    return rc;
}

/* Fields the core sets itself: a group of that name would clash with them. */
static int check_group_names(const nf_stage *st, const claim_pattern *cp, const nf_pattern *re,
                             nf_diag *d)
{
    static const char *const reserved[] = {"kind",  "start",          "stop",  "end",
                                           "text",  "rule",           "hedged", "hedge",
                                           "attributed", "speaker_pronoun", "score", NULL};
    const nf_capture_name *names;
    size_t n = nf_pattern_names(re, &names);
    for (size_t i = 0; i < n; i++)
        for (const char *const *r = reserved; *r; r++)
            if (strcmp(names[i].name, *r) == 0)
                return nf_plugin_error(st, d, "pattern '%s': the group name '%s' is reserved",
                                       cp->id, *r);
    return 0;
}

/* The pattern's `needs` (patterns[index] at the top of L). */
static int compile_needs(const nf_stage *st, words_build *wb, long index, claim_pattern *cp,
                         nf_diag *d)
{
    lua_State *L = wb->L;
    int type = nf_rawfield(L, -1, "needs");
    lua_pop(L, 1);
    if (type == LUA_TNIL)
        return 0;
    key_use u = {wb, 0, 0, -1, index};
    char where[96];
    snprintf(where, sizeof where, "pattern '%s': needs", cp->id);
    int rc = nf_plugin_strings(L, st, "needs", use_key, &u, d);
    /* An empty list needs nothing: the pattern is tried everywhere. */
    cp->needs_words = u.used > 0;
    return word_list_error(st, rc, where, d);
}

/*
 * Compiles source as written (so that an error offset points into the
 * rule), then, for an anchored pattern, wrapped: "\\G(?:...)" matches only
 * at the offset it is given, and "\\G(?:...)\\z" must also end at the
 * end of its subject.
 */
static int compile_regex(const nf_stage *st, const char *id, const char *source, size_t len,
                         const char *flags, const char *wrap_end, nf_pattern **out, nf_diag *d)
{
    nf_diag pd;
    int rc = nf_pattern_compile(source, len, flags, out, &pd);
    if (rc == 0 && wrap_end) {
        nf_pattern_free(*out);
        *out = NULL;
        size_t n = len + strlen(wrap_end) + 8;
        char *wrapped = nf_malloc(n);
        if (wrapped == NULL)
            return NF_ENOMEM;
        snprintf(wrapped, n, "\\G(?:%.*s)%s", (int)len, source, wrap_end);
        rc = nf_pattern_compile(wrapped, strlen(wrapped), flags, out, &pd);
        nf_free(wrapped);
    }
    if (rc == NF_ENOMEM)
        return rc;
    return rc < 0 ? nf_plugin_error(st, d, "pattern '%s': %s", id, pd.message) : 0;
}

/* The string field `key` of patterns[i] (at the top of L), or NULL; *len its length. */
static const char *regex_field(lua_State *L, const char *key, size_t *len)
{
    const char *s = nf_rawfield(L, -1, key) == LUA_TSTRING ? lua_tolstring(L, -1, len) : NULL;
    lua_pop(L, 1);   /* the table still holds the string */
    return s;
}

/*
 * The `before` of an earlier pattern with the same flags and source, or
 * NULL. Most anchored patterns share their speaker part: compiling it once
 * keeps the JIT code small enough to stay in the processor's caches.
 */
static nf_pattern *same_before(const claims_data *data, const char *key)
{
    for (size_t i = 0; i < data->n_patterns; i++)
        if (data->patterns[i].before_key && strcmp(data->patterns[i].before_key, key) == 0)
            return data->patterns[i].before;
    return NULL;
}

static int compile_before(const nf_stage *st, const claims_data *data, claim_pattern *cp,
                          const char *before, size_t len, const char *flags, nf_diag *d)
{
    size_t n = len + (flags ? strlen(flags) : 0) + 2;
    cp->before_key = nf_malloc(n);
    if (cp->before_key == NULL)
        return NF_ENOMEM;
    snprintf(cp->before_key, n, "%s\n%.*s", flags ? flags : "", (int)len, before);
    cp->before_at_start = before[0] == '^';
    cp->before = same_before(data, cp->before_key);
    cp->before_shared = cp->before != NULL;
    return cp->before ? 0 : compile_regex(st, cp->id, before, len, flags, "\\z", &cp->before, d);
}

/* The regular expressions of patterns[i] (at the top of L). */
static int compile_regexes(const nf_stage *st, lua_State *L, const claims_data *data,
                           claim_pattern *cp, const char *flags, nf_diag *d)
{
    size_t len, before_len;
    const char *source = regex_field(L, "pattern", &len);
    const char *before = regex_field(L, "before", &before_len);
    if (source == NULL)
        return nf_plugin_error(st, d, "pattern '%s' needs a `pattern` string", cp->id);
    int rc = compile_regex(st, cp->id, source, len, flags, before ? "" : NULL, &cp->re, d);
    if (rc == 0 && before)
        rc = compile_before(st, data, cp, before, before_len, flags, d);
    if (rc < 0)
        return rc;
    rc = check_group_names(st, cp, cp->re, d);
    return rc == 0 && cp->before ? check_group_names(st, cp, cp->before, d) : rc;
}

/* patterns[i] at the top of L. */
static int compile_pattern(const nf_stage *st, words_build *wb, int i, claim_pattern *cp,
                           nf_diag *d)
{
    lua_State *L = wb->L;
    char where[32];
    snprintf(where, sizeof where, "patterns[%d]", i);
    if (!lua_istable(L, -1))
        return nf_plugin_error(st, d, "%s must be a table", where);
    int rc = 0;
    const char *id = nf_plugin_opt_string(L, st, where, "id", &rc, d);
    const char *kind = nf_plugin_opt_string(L, st, where, "kind", &rc, d);
    const char *flags = nf_plugin_opt_string(L, st, where, "flags", &rc, d);
    if (rc < 0)
        return rc;
    if (id == NULL || kind == NULL)
        return nf_plugin_error(st, d, "%s needs an id and a kind", where);
    cp->id = nf_strdup(id);
    cp->kind = nf_strdup(kind);
    if (cp->id == NULL || cp->kind == NULL)
        return NF_ENOMEM;
    rc = compile_regexes(st, L, wb->data, cp, flags, d);
    if (rc == 0)
        rc = compile_needs(st, wb, i - 1, cp, d);
    if (rc == 0 && cp->before && !cp->needs_words)
        rc = nf_plugin_error(st, d, "pattern '%s': a pattern with `before` is anchored at its "
                                    "needs, so it needs `needs`", id);
    return rc;
}

static int compile_patterns(const nf_stage *st, words_build *wb, nf_diag *d)
{
    lua_State *L = wb->L;
    claims_data *data = wb->data;
    int n = nf_plugin_array(L, st, "patterns", d);
    if (n < 0)
        return n;
    data->patterns = nf_calloc((size_t)n + 1, sizeof *data->patterns);
    int rc = data->patterns ? 0 : NF_ENOMEM;
    for (int i = 1; rc == 0 && i <= n; i++) {
        lua_rawgeti(L, -1, i);
        claim_pattern *cp = &data->patterns[data->n_patterns];
        rc = compile_pattern(st, wb, i, cp, d);
        if (cp->id)
            data->n_patterns++;
        if (rc == 0 && nf_pattern_groups(cp->re) > data->max_groups)
            data->max_groups = nf_pattern_groups(cp->re);
        if (rc == 0 && cp->before && nf_pattern_groups(cp->before) > data->max_groups)
            data->max_groups = nf_pattern_groups(cp->before);
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    return rc;
}

static int compile_hedges(const nf_stage *st, words_build *wb, const char *field, uint8_t role,
                          nf_diag *d)
{
    key_use u = {wb, 0, role, -1, -1};
    int rc = nf_plugin_strings(wb->L, st, field, use_key, &u, d);
    return word_list_error(st, rc, field, d);
}

static int add_pronoun(void *ud, const char *s, size_t len)
{
    claims_data *data = ud;
    char **p = nf_realloc(data->pronouns, (data->n_pronouns + 1) * sizeof *p);
    if (p == NULL)
        return NF_ENOMEM;
    data->pronouns = p;
    if ((p[data->n_pronouns] = nf_strndup(s, len)) == NULL)
        return NF_ENOMEM;
    data->n_pronouns++;
    return 0;
}

/* A number field of the table at the top of L, or `fallback` when absent. */
static int opt_number(lua_State *L, const nf_stage *st, const char *where, const char *key,
                      double fallback, double *out, nf_diag *d)
{
    int type = nf_rawfield(L, -1, key);
    *out = type == LUA_TNUMBER ? lua_tonumber(L, -1) : fallback;
    lua_pop(L, 1);
    if (type != LUA_TNUMBER && type != LUA_TNIL)
        return nf_plugin_error(st, d, "%s.%s must be a number", where, key);
    return 0;
}

/* factual.cues[g] at the top of L: a weight and its words. */
static int compile_factual_group(const nf_stage *st, words_build *wb, int g, nf_diag *d)
{
    lua_State *L = wb->L;
    factual_rules *f = &wb->data->factual;
    char where[48];
    snprintf(where, sizeof where, "factual.cues[%d]", g + 1);
    if (!lua_istable(L, -1))
        return nf_plugin_error(st, d, "%s must be a table", where);
    int rc = opt_number(L, st, where, "weight", NAN, &f->weights[g], d);
    if (rc == 0 && isnan(f->weights[g]))
        rc = nf_plugin_error(st, d, "%s needs a weight", where);
    key_use u = {wb, 0, 0, g, -1};
    lua_Unsigned n = lua_rawlen(L, -1);
    for (lua_Unsigned i = 1; rc == 0 && i <= n; i++) {
        if (lua_rawgeti(L, -1, (lua_Integer)i) != LUA_TSTRING) {
            rc = nf_plugin_error(st, d, "%s[%d] must be a string", where, (int)i);
        } else {
            size_t len;
            const char *s = lua_tolstring(L, -1, &len);
            rc = word_list_error(st, use_key(&u, s, len), where, d);
        }
        lua_pop(L, 1);
    }
    return rc;
}

static int compile_factual_numbers(const nf_stage *st, lua_State *L, factual_rules *f, nf_diag *d)
{
    int rc = opt_number(L, st, "factual", "bias", 0, &f->bias, d);
    if (rc == 0)
        rc = opt_number(L, st, "factual", "threshold", 0.5, &f->threshold, d);
    if (rc == 0)
        rc = opt_number(L, st, "factual", "digits", 0, &f->digits, d);
    if (rc == 0)
        rc = opt_number(L, st, "factual", "question", 0, &f->question, d);
    if (rc == 0)
        rc = opt_number(L, st, "factual", "min_words", 0, &f->min_words, d);
    if (rc == 0)
        rc = opt_number(L, st, "factual", "short", 0, &f->short_weight, d);
    return rc;
}

/* factual.cues (pushed by the caller, n groups) into the rules. */
static int compile_factual_groups(const nf_stage *st, words_build *wb, int n, nf_diag *d)
{
    if (n > MAX_FACTUAL_GROUPS)
        return nf_plugin_error(st, d, "factual.cues: at most %d groups", MAX_FACTUAL_GROUPS);
    int rc = 0;
    for (int g = 0; rc == 0 && g < n; g++) {
        lua_rawgeti(wb->L, -1, g + 1);
        rc = compile_factual_group(st, wb, g, d);
        lua_pop(wb->L, 1);
    }
    wb->data->factual.n_groups = (size_t)n;
    return rc;
}

static int compile_factual(const nf_stage *st, words_build *wb, nf_diag *d)
{
    lua_State *L = wb->L;
    int type = nf_rawfield(L, -1, "factual");
    int rc = 0;
    if (type == LUA_TTABLE) {
        wb->data->factual.on = true;
        rc = compile_factual_numbers(st, L, &wb->data->factual, d);
        int n = rc < 0 ? rc : nf_plugin_array(L, st, "cues", d);
        if (n >= 0) {
            rc = compile_factual_groups(st, wb, n, d);
            lua_pop(L, 1);
        } else {
            rc = n;
        }
    } else if (type != LUA_TNIL) {
        rc = nf_plugin_error(st, d, "'factual' must be a table");
    }
    lua_pop(L, 1);
    return rc;
}

static int compile_words(const nf_stage *st, words_build *wb, nf_diag *d)
{
    int rc = compile_patterns(st, wb, d);
    if (rc == 0)
        rc = compile_hedges(st, wb, "hedges", KEY_HEDGE, d);
    if (rc == 0)
        rc = compile_hedges(st, wb, "hedges_back", KEY_HEDGE_BACK, d);
    if (rc == 0)
        rc = compile_factual(st, wb, d);
    if (rc == 0)
        rc = nf_plugin_strings(wb->L, st, "pronouns", add_pronoun, wb->data, d);
    if (rc == 0 && wb->data->n_keys > 0)
        rc = nf_ac_build(wb->builder, &wb->data->words);
    return rc;
}

static int compile_claims(nf_stage *st, lua_State *L, nf_diag *d)
{
    claims_data *data = nf_calloc(1, sizeof *data);
    if (data == NULL)
        return NF_ENOMEM;
    st->data = data;
    words_build wb = {data, L, nf_ac_builder_new(), LUA_NOREF, {0}, 0};
    if (wb.builder == NULL)
        return NF_ENOMEM;
    nf_arena_init(&wb.scratch, 1024);
    lua_newtable(L);
    wb.map_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    int rc = compile_words(st, &wb, d);
    luaL_unref(L, LUA_REGISTRYINDEX, wb.map_ref);
    nf_ac_builder_free(wb.builder);
    nf_arena_free(&wb.scratch);
    return rc;
}

static void *new_claims_scratch(const nf_stage *st)
{
    const claims_data *data = st->data;
    claims_scratch *cs = nf_calloc(1, sizeof *cs);
    if (cs == NULL)
        return NULL;
    cs->match = nf_match_scratch_new(data->max_groups);
    cs->before = nf_match_scratch_new(data->max_groups);
    cs->spare = nf_match_scratch_new(data->max_groups);
    if (cs->match == NULL || cs->before == NULL || cs->spare == NULL) {
        nf_match_scratch_free(cs->match);
        nf_match_scratch_free(cs->before);
        nf_match_scratch_free(cs->spare);
        nf_free(cs);
        return NULL;
    }
    return cs;
}

static void free_claims_scratch(void *p)
{
    claims_scratch *cs = p;
    nf_match_scratch_free(cs->match);
    nf_match_scratch_free(cs->before);
    nf_match_scratch_free(cs->spare);
    nf_ac_matches_free(&cs->words);
    nf_free(cs);
}

/* ---- one article: its sentences and the words in them ------------------- */

typedef struct sentence_info {
    uint32_t start, end;              /* document offsets */
    uint32_t paragraph;               /* sentences of one paragraph share it */
    nf_span hedge;                    /* the hedge that covers it, empty when none */
    bool own_hedge;                   /* the hedge is in the sentence itself */
    uint64_t groups;                  /* factual cue groups present */
    nf_span top_cue;                  /* its strongest positive factual cue */
    double top_weight;
    uint32_t first_word, end_word;    /* its range of the article's words (a range may hold
                                         a word that crosses into the next sentence) */
} sentence_info;

/*
 * What the stage keeps beside each claim it adds: the spans of its cue
 * and speaker, which the passes over the whole article compare pair by
 * pair (looking them up among the claim's fields by name there cost more
 * than the matching).
 */
typedef struct claim_note {
    nf_span cue, speaker;             /* empty ({0, 0}) when the claim has none */
    bool quote;                       /* of kind "quote" */
    bool resolved;                    /* its speaker was a pronoun, now a name */
} claim_note;

typedef struct claims_run {
    nf_worker *w;
    const nf_stage *st;
    const claims_data *data;
    nf_article *a;
    claims_scratch *cs;
    sentence_info *sent;
    size_t n_sent;
    uint64_t *needs;                  /* n_sent rows of mask_words: patterns to try */
    size_t mask_words;
    size_t first;                     /* the first claim this stage added */
    claim_note *notes;                /* notes[k - first] for claim k */
    size_t cap_notes;
    nf_span *quotations;              /* the article's quotations (find_quotations) */
    size_t n_quotations;
    size_t cur;                       /* the sentence being matched */
    size_t base;                      /* its start in the norm view */
} claims_run;

static bool has_line_break(const char *s, uint32_t from, uint32_t to)
{
    return memchr(s + from, '\n', to - from) != NULL || memchr(s + from, '\r', to - from) != NULL;
}

/* The sentence table; without a sentences stage the whole text is one sentence. */
static int build_sentences(claims_run *r)
{
    nf_article *a = r->a;
    r->n_sent = a->n_sentences ? a->n_sentences : 1;
    r->mask_words = (r->data->n_patterns + 63) / 64;
    r->sent = nf_arena_calloc(a->arena, r->n_sent, sizeof *r->sent);
    r->needs = nf_arena_calloc(a->arena, r->n_sent * (r->mask_words ? r->mask_words : 1),
                               sizeof *r->needs);
    if (r->sent == NULL || r->needs == NULL)
        return NF_ENOMEM;
    if (a->n_sentences == 0) {
        r->sent[0] = (sentence_info){.end = a->doc_len};
        return 0;
    }
    for (size_t i = 0; i < r->n_sent; i++) {
        sentence_info *s = &r->sent[i];
        s->start = a->sentences[i].start;
        s->end = a->sentences[i].end;
        s->paragraph = i == 0 ? 0
                       : s[-1].paragraph + has_line_break(a->doc, s[-1].end, s->start);
    }
    return 0;
}

/* The sentence holding document offset `off` (the last one starting at or before it). */
static size_t sentence_at(const claims_run *r, uint32_t off)
{
    size_t lo = 0, hi = r->n_sent;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (r->sent[mid].start <= off)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

static void note_factual(claims_run *r, sentence_info *s, int group, nf_span span)
{
    double weight = r->data->factual.weights[group];
    s->groups |= UINT64_C(1) << group;
    if (weight > s->top_weight) {
        s->top_weight = weight;
        s->top_cue = span;
    }
}

/* Files one word found in the text under its sentence. */
static void note_word(claims_run *r, size_t index)
{
    const nf_ac_match *m = &r->cs->words.items[index];
    size_t i = sentence_at(r, m->start);
    sentence_info *s = &r->sent[i];
    if (m->start < s->start || m->end > s->end)
        return;
    if (s->end_word == 0)
        s->first_word = (uint32_t)index;
    s->end_word = (uint32_t)index + 1;
    const claim_key *k = &r->data->keys[m->value];
    nf_span span = {m->start, m->end};
    if ((k->roles & (KEY_HEDGE | KEY_HEDGE_BACK)) && !s->own_hedge) {
        s->hedge = span;
        s->own_hedge = true;
    }
    if (k->factual >= 0)
        note_factual(r, s, k->factual, span);
    uint64_t *row = &r->needs[i * r->mask_words];
    for (size_t p = 0; p < k->n_patterns; p++)
        row[k->patterns[p] / 64] |= UINT64_C(1) << (k->patterns[p] % 64);
}

/*
 * A hedge of `hedges_back` ("It was not possible to verify these claims")
 * speaks of what came just before it: it also covers the sentences before
 * it in its paragraph, up to HEDGE_BACK_REACH of them.
 */
static void reach_back(claims_run *r)
{
    const claims_data *data = r->data;
    const nf_ac_matches *m = &r->cs->words;
    for (size_t j = 0; j < m->n; j++) {
        if (!(data->keys[m->items[j].value].roles & KEY_HEDGE_BACK))
            continue;
        size_t i = sentence_at(r, m->items[j].start);
        for (size_t back = 1; back <= HEDGE_BACK_REACH && back <= i; back++) {
            sentence_info *s = &r->sent[i - back];
            if (s->paragraph != r->sent[i].paragraph)
                break;
            if (s->hedge.end == 0)
                s->hedge = (nf_span){m->items[j].start, m->items[j].end};
        }
    }
}

/* Finds every word of the rules once per article and files it under its sentence. */
static int find_words(claims_run *r)
{
    nf_article *a = r->a;
    nf_ac_matches *m = &r->cs->words;
    m->n = 0;
    if (r->data->words == NULL)
        return 0;
    int rc = nf_automaton_scan(r->data->words, a->fold.text, a->fold.len, m);
    for (size_t i = 0; rc == 0 && i < m->n; i++) {
        m->items[i].start = nf_view_doc_start(&a->fold, m->items[i].start);
        m->items[i].end = nf_view_doc_end(&a->fold, m->items[i].end);
        note_word(r, i);
    }
    if (rc == 0)
        reach_back(r);
    return rc;
}

/* ---- matching patterns ------------------------------------------------- */

/* Maps sentence offsets [s, e) of the norm view to document offsets; false when empty. */
static bool doc_span(const claims_run *r, size_t s, size_t e, uint32_t *start, uint32_t *end)
{
    if (s >= e)
        return false;
    *start = nf_view_doc_start(&r->a->norm, r->base + s);
    *end = nf_view_doc_end(&r->a->norm, r->base + e);
    return *start < *end;
}

/* Maps a group of the last match in ms to document offsets; false when it is unset or empty. */
static bool group_span(const claims_run *r, const nf_match_scratch *ms, uint32_t g,
                       uint32_t *start, uint32_t *end)
{
    size_t s, e;
    return nf_match_group(ms, g, &s, &e) && doc_span(r, s, e, start, end);
}

/* The entity a speaker at [start, end) names: a PERSON overlapping it, else an ORG, else NULL. */
static const nf_entity *speaker_entity(const nf_article *a, uint32_t start, uint32_t end)
{
    const nf_entity *org = NULL;
    for (size_t i = 0; i < a->n_entities; i++) {
        const nf_entity *e = &a->entities[i];
        if (e->start >= end || start >= e->end)
            continue;
        if (strcmp(e->type, "PERSON") == 0)
            return e;
        if (org == NULL && strcmp(e->type, "ORG") == 0)
            org = e;
    }
    return org;
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* The value of a number word ("twelve", "forty", "dozen"), or -1. */
static double word_value(const char *w, size_t n)
{
    static const char *const small[] = {"zero",    "one",     "two",       "three",    "four",
                                        "five",    "six",     "seven",     "eight",    "nine",
                                        "ten",     "eleven",  "twelve",    "thirteen", "fourteen",
                                        "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"};
    static const char *const tens[] = {"twenty", "thirty",  "forty",  "fifty",
                                       "sixty",  "seventy", "eighty", "ninety"};
    for (size_t i = 0; i < sizeof small / sizeof *small; i++)
        if (strlen(small[i]) == n && strncasecmp(w, small[i], n) == 0)
            return (double)i;
    for (size_t i = 0; i < sizeof tens / sizeof *tens; i++)
        if (strlen(tens[i]) == n && strncasecmp(w, tens[i], n) == 0)
            return 20.0 + 10.0 * (double)i;
    if (n == 5 && strncasecmp(w, "dozen", 5) == 0)
        return 12;
    return -1;
}

/* The multiplier of a scale word ("million", "bn"), or 0. */
static double scale_value(const char *w, size_t n)
{
    static const struct {
        const char *word;
        double value;
    } scales[] = {{"hundred", 1e2}, {"thousand", 1e3}, {"million", 1e6}, {"m", 1e6},
                  {"billion", 1e9}, {"bn", 1e9},       {"trillion", 1e12}};
    for (size_t i = 0; i < sizeof scales / sizeof *scales; i++)
        if (strlen(scales[i].word) == n && strncasecmp(w, scales[i].word, n) == 0)
            return scales[i].value;
    return 0;
}

/* Reads digits with thousands commas and a decimal point ("1,200", "2.5") from s[*i..len). */
static double read_digits(const char *s, size_t len, size_t *i)
{
    double v = 0, scale = 0;
    for (; *i < len; (*i)++) {
        char c = s[*i];
        if (is_digit(c)) {
            if (scale > 0)
                v += (c - '0') * (scale /= 10);
            else
                v = v * 10 + (c - '0');
        } else if (c == '.' && scale == 0 && *i + 1 < len && is_digit(s[*i + 1])) {
            scale = 1;
        } else if (!(c == ',' && scale == 0 && *i + 1 < len && is_digit(s[*i + 1]))) {
            break;
        }
    }
    return v;
}

static bool is_letter(char c)
{
    return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

/*
 * Reads a number: "1,200", "2.5 million", "$1.5bn", "twenty-four", "a dozen",
 * "three hundred". Returns false when the text holds none ("dozens" is not a
 * number: the contract says a number or null).
 */
static bool parse_number(const char *s, size_t len, double *out)
{
    size_t i = 0;
    while (i < len && !is_digit(s[i]) && !is_letter(s[i]))
        i++;
    double v = -1;
    bool article = false, tens = false;
    while (i < len) {
        size_t w = i;
        if (is_digit(s[i])) {
            if (v >= 0)
                break;
            v = read_digits(s, len, &i);
        } else {
            while (i < len && is_letter(s[i]))
                i++;
            double unit = word_value(s + w, i - w), scale = scale_value(s + w, i - w);
            if (unit >= 0 && v < 0)
                v = unit, tens = unit >= 20;
            else if (unit > 0 && unit < 10 && tens)
                v += unit, tens = false;
            else if (scale > 0 && (v >= 0 || article))
                v = (v >= 0 ? v : 1) * scale, tens = false;
            else if (v < 0 && !article && i - w == 1 && (s[w] | 0x20) == 'a')
                article = true;
            else
                break;
        }
        while (i < len && (s[i] == ' ' || s[i] == '-'))
            i++;
    }
    if (v < 0)
        return false;
    *out = v;
    return true;
}

static nf_value string_value(const char *s)
{
    nf_value v = {.kind = NF_VALUE_STRING, .as.string = s};
    return v;
}

static nf_value number_value(double n)
{
    nf_value v = {.kind = NF_VALUE_NUMBER, .as.number = n};
    return v;
}

static nf_value bool_value(bool b)
{
    nf_value v = {.kind = NF_VALUE_BOOL, .as.boolean = b};
    return v;
}

/* Sets speaker_start and speaker_end, or cue_start and cue_end. */
static int set_span_fields(nf_article *a, nf_claim *c, bool speaker, uint32_t start, uint32_t end)
{
    int rc = nf_claim_set(a, c, speaker ? "speaker_start" : "cue_start", number_value(start));
    return rc < 0 ? rc : nf_claim_set(a, c, speaker ? "speaker_end" : "cue_end", number_value(end));
}

/* Sets the field for one named group of the match in ms. */
static int set_group_field(const claims_run *r, const nf_match_scratch *ms, nf_claim *c,
                           const nf_capture_name *g)
{
    uint32_t start, end;
    if (!group_span(r, ms, g->group, &start, &end))
        return 0;
    nf_article *a = r->a;
    char *text = nf_arena_strndup(a->arena, a->doc + start, end - start);
    if (text == NULL)
        return NF_ENOMEM;
    double number;
    /* The contract says a number or null: a number group without a number sets nothing. */
    if (strcmp(g->name, "number") == 0)
        return parse_number(text, end - start, &number)
                   ? nf_claim_set(a, c, "number", number_value(number))
                   : 0;
    bool speaker = strcmp(g->name, "speaker") == 0;
    int rc = nf_claim_set(a, c, g->name, string_value(text));
    if (rc == 0 && (speaker || strcmp(g->name, "cue") == 0))
        rc = set_span_fields(a, c, speaker, start, end);
    if (rc == 0 && speaker) {
        const nf_entity *e = speaker_entity(a, start, end);
        if (e)
            rc = nf_claim_set(a, c, "speaker", string_value(e->name));
    }
    return rc;
}

/* hedged and hedge, from the sentence holding the claim. */
static int set_hedge(const claims_run *r, nf_claim *c, const sentence_info *s)
{
    nf_article *a = r->a;
    int rc = nf_claim_set(a, c, "hedged", bool_value(s->hedge.end > 0));
    if (rc < 0 || s->hedge.end == 0)
        return rc;
    const char *hedge = nf_arena_strndup(a->arena, a->doc + s->hedge.start,
                                         s->hedge.end - s->hedge.start);
    return hedge ? nf_claim_set(a, c, "hedge", string_value(hedge)) : NF_ENOMEM;
}

/* The fields of the named groups of one of the pattern's regexes, but its content. */
static int set_group_fields(const claims_run *r, const nf_pattern *re, const nf_match_scratch *ms,
                            nf_claim *c)
{
    const nf_capture_name *names;
    size_t n = nf_pattern_names(re, &names);
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < n; i++)
        if (strcmp(names[i].name, "content") != 0)
            rc = set_group_field(r, ms, c, &names[i]);
    return rc;
}

static int fill_claim(const claims_run *r, const claim_pattern *cp, nf_claim *c)
{
    int rc = 0;
    if (cp->before)
        rc = set_group_fields(r, cp->before, r->cs->before, c);
    if (rc == 0)
        rc = set_group_fields(r, cp->re, r->cs->match, c);
    if (rc == 0)
        rc = nf_claim_set(r->a, c, "attributed", bool_value(nf_claim_get(c, "speaker") != NULL));
    return rc < 0 ? rc : set_hedge(r, c, &r->sent[r->cur]);
}

static uint32_t span_overlap(uint32_t s0, uint32_t e0, uint32_t s1, uint32_t e1)
{
    uint32_t s = s0 > s1 ? s0 : s1, e = e0 < e1 ? e0 : e1;
    return e > s ? e - s : 0;
}

/* The span of a claim's speaker or cue, from its _start and _end fields; empty when unset. */
static nf_span field_span(const nf_claim *c, const char *start_key, const char *end_key)
{
    const nf_value *s = nf_claim_get(c, start_key);
    const nf_value *e = s ? nf_claim_get(c, end_key) : NULL;
    if (e == NULL || s->kind != NF_VALUE_NUMBER || e->kind != NF_VALUE_NUMBER)
        return (nf_span){0, 0};
    return (nf_span){(uint32_t)s->as.number, (uint32_t)e->as.number};
}

static claim_note *note_of(const claims_run *r, size_t k)
{
    return &r->notes[k - r->first];
}

static bool has(nf_span s)
{
    return s.end > 0;
}

static bool is_quote(const claims_run *r, size_t k)
{
    return note_of(r, k)->quote;
}

/* Notes the last claim; NF_ENOMEM when there is no room. */
static int take_note(claims_run *r)
{
    nf_article *a = r->a;
    size_t n = a->n_claims - r->first;
    if (nf_arena_reserve(a->arena, (void **)&r->notes, &r->cap_notes, n, sizeof *r->notes) < 0)
        return NF_ENOMEM;
    const nf_claim *c = &a->claims[a->n_claims - 1];
    r->notes[n - 1] = (claim_note){field_span(c, "cue_start", "cue_end"),
                                   field_span(c, "speaker_start", "speaker_end"),
                                   strcmp(c->kind, "quote") == 0, false};
    return 0;
}

static bool inside(nf_span s, uint32_t outer_start, uint32_t outer_end)
{
    return outer_start <= s.start && s.end <= outer_end;
}

/* A quotation longer than MAX_QUOTATION is more likely a stray quote mark than a quotation. */
static bool plausible(const nf_span *q)
{
    return q->end - q->start <= MAX_QUOTATION;
}

/* Whether a cue is inside a quotation: someone else's words. */
static bool quoted(const claims_run *r, nf_span cue)
{
    for (size_t i = 0; i < r->n_quotations; i++)
        if (plausible(&r->quotations[i]) && inside(cue, r->quotations[i].start, r->quotations[i].end))
            return true;
    return false;
}

/* Removes claim k of this stage (not yet seen by any hook). */
static void remove_claim(claims_run *r, size_t k)
{
    nf_article *a = r->a;
    memmove(&a->claims[k], &a->claims[k + 1], (a->n_claims - k - 1) * sizeof *a->claims);
    memmove(note_of(r, k), note_of(r, k + 1), (a->n_claims - k - 1) * sizeof *r->notes);
    a->n_claims--;
}

/*
 * Whether a claim of `kind` on [start, end) with `cue` says something the
 * stage has not found yet. Not when an earlier claim of the kind has the
 * same cue or overlaps it by half their union: the same words read again.
 * A quote is someone's words from its cue on, so a quote whose cue is in a
 * quotation or in another quote's content is part of that one ("He said
 * that officials said ..."): the inner one goes, found first or not.
 */
static bool adds_news(claims_run *r, const char *kind, uint32_t start, uint32_t end, nf_span cue)
{
    const nf_article *a = r->a;
    bool quote = strcmp(kind, "quote") == 0;
    if (quote && has(cue) && quoted(r, cue))
        return false;
    for (size_t i = r->first; i < a->n_claims; i++) {
        const nf_claim *o = &a->claims[i];
        nf_span other = note_of(r, i)->cue;
        if (strcmp(o->kind, kind) != 0)
            continue;
        if (has(cue) && other.start == cue.start && other.end == cue.end)
            return false;
        bool in_other = quote && has(cue) && inside(cue, o->start, o->end);
        bool other_in = quote && has(other) && inside(other, start, end);
        /* Each in the other: "A, X said, B, Y told CNN." The later cue is the outer attribution. */
        if (other_in && (!in_other || cue.start > other.start)) {
            remove_claim(r, i--);
            continue;
        }
        uint32_t lo = o->start < start ? o->start : start, hi = o->end > end ? o->end : end;
        if (in_other || 2 * span_overlap(o->start, o->end, start, end) >= hi - lo)
            return false;
    }
    return true;
}

/* The sentence offsets of the first group named `content` that took part in the last match. */
static bool content_group(const nf_pattern *re, const nf_match_scratch *ms, size_t *s, size_t *e)
{
    const nf_capture_name *names;
    size_t n = nf_pattern_names(re, &names);
    for (size_t i = 0; i < n; i++)
        if (strcmp(names[i].name, "content") == 0 && nf_match_group(ms, names[i].group, s, e))
            return true;
    return false;
}

/*
 * The claim's span: its content group, else the whole match (of an
 * anchored pattern: from the start of `before` to the end of `re`),
 * without the white space and the . , ; : it ends with, so that a rule
 * may read to the end of the sentence.
 */
static bool claim_extent(const claims_run *r, const claim_pattern *cp, uint32_t *start,
                         uint32_t *end)
{
    const claims_scratch *cs = r->cs;
    size_t s, e, bs, be;
    if (!content_group(cp->re, cs->match, &s, &e) &&
        !(cp->before && content_group(cp->before, cs->before, &s, &e))) {
        nf_match_group(cs->match, 0, &s, &e);
        if (cp->before && nf_match_group(cs->before, 0, &bs, &be))
            s = bs;
    }
    const char *text = r->a->norm.text + r->base;
    while (e > s && strchr(" ,.;:", text[e - 1]) != NULL)
        e--;
    return doc_span(r, s, e, start, end);
}

/* The document span of a group named `name` of the last match, empty when there is none. */
static nf_span match_group_span(const claims_run *r, const nf_pattern *re,
                                const nf_match_scratch *ms, const char *name)
{
    const nf_capture_name *names;
    size_t n = nf_pattern_names(re, &names);
    nf_span span = {0, 0};
    for (size_t i = 0; i < n; i++)
        if (strcmp(names[i].name, name) == 0 && group_span(r, ms, names[i].group, &span.start, &span.end))
            return span;
    return (nf_span){0, 0};
}

static nf_span match_cue(const claims_run *r, const claim_pattern *cp)
{
    nf_span cue = match_group_span(r, cp->re, r->cs->match, "cue");
    if (!has(cue) && cp->before)
        cue = match_group_span(r, cp->before, r->cs->before, "cue");
    return cue;
}

/* Adds the claim of the last match; returns 1 when added, 0 when it adds nothing new. */
static int add_match(claims_run *r, const claim_pattern *cp)
{
    uint32_t start, end;
    if (!claim_extent(r, cp, &start, &end) || !adds_news(r, cp->kind, start, end, match_cue(r, cp)))
        return 0;
    nf_claim *c = nf_article_add_claim(r->a, cp->kind, start, end, cp->id);
    if (c == NULL || fill_claim(r, cp, c) < 0 || take_note(r) < 0)
        return NF_ENOMEM;
    return 1;
}

/* A match that ran into PCRE2's limit is an error of the article; others stop the stage. */
static int match_failed(claims_run *r, const claim_pattern *cp, int rc)
{
    if (rc != NF_EBUDGET)
        return rc;
    rc = nf_article_add_error(r->a, r->st->name, NF_EBUDGET, r->st->rules, 0,
                              "pattern '%s' hit the match limit (catastrophic backtracking?) "
                              "on the sentence at byte %u",
                              cp->id, (unsigned)r->sent[r->cur].start);
    return rc < 0 ? rc : NF_EBUDGET;
}

static int match_pattern(claims_run *r, const claim_pattern *cp, const char *subject, size_t len)
{
    size_t offset = 0;
    while (offset <= len) {
        int found = nf_pattern_match(cp->re, subject, len, offset, r->cs->match);
        if (found < 0)
            return match_failed(r, cp, found) == NF_EBUDGET ? 0 : found;
        if (found == 0)
            return 0;
        size_t s, e;
        nf_match_group(r->cs->match, 0, &s, &e);
        int rc = add_match(r, cp);
        if (rc < 0)
            return rc;
        /* An empty match would find itself again: step over one character. */
        offset = e > s ? e : e + 1;
        while (offset < len && ((unsigned char)subject[offset] & 0xC0) == 0x80)
            offset++;
    }
    return 0;
}

static bool pattern_wanted(const claims_run *r, size_t p)
{
    const claim_pattern *cp = &r->data->patterns[p];
    if (cp->before)
        return false;
    if (!cp->needs_words)
        return true;
    const uint64_t *row = &r->needs[r->cur * r->mask_words];
    return (row[p / 64] >> (p % 64)) & 1;
}

/* Whether a word of the sentence starts at subject[at]. */
static bool word_start(const char *subject, size_t at)
{
    return at == 0 || subject[at - 1] == ' ' || subject[at - 1] == '"' || subject[at - 1] == '(';
}

/* Whether the word at subject[at] follows clause punctuation: ", X", "; X", ": X", "“X". */
static bool after_punctuation(const char *subject, size_t at)
{
    size_t i = at;
    while (i > 0 && subject[i - 1] == ' ')
        i--;
    return i == 0 || strchr(",;:\"(", subject[i - 1]) != NULL;
}

/*
 * Finds where the `before` part of cp matches subject[..end). It may start
 * at one of the BEFORE_WORDS words before the anchor; further back (within
 * BEFORE_REACH) only where a clause starts: after a comma, colon,
 * semicolon, quote mark or bracket, or at the sentence start. Of those, the
 * nearest where it matches wins, then earlier ones as long as they match,
 * so that "Vladimir Putin" wins over "Putin" but no clause is swallowed.
 * Leaves the match in r->cs->before (a try goes to the spare scratch,
 * which becomes it when the try matches). Returns 1, 0 (no match) or a
 * negative code.
 */
static int match_before(claims_run *r, const claim_pattern *cp, const char *subject, size_t end)
{
    claims_scratch *cs = r->cs;
    size_t floor = end > BEFORE_REACH && !cp->before_at_start ? end - BEFORE_REACH : 0, words = 0;
    int found = 0;
    for (size_t at = cp->before_at_start ? 1 : end; at-- > floor;) {
        if (!word_start(subject, at) || (++words > BEFORE_WORDS && !after_punctuation(subject, at)))
            continue;
        int rc = nf_pattern_match(cp->before, subject, end, at, cs->spare);
        if (rc < 0 || (rc == 0 && found))
            return rc < 0 ? rc : 1;
        if (rc == 1) {
            nf_match_scratch *t = cs->before;
            cs->before = cs->spare;
            cs->spare = t;
            found = 1;
        }
    }
    if (found || floor == 0)
        return found;
    int rc = nf_pattern_match(cp->before, subject, end, 0, cs->spare);
    if (rc == 1) {
        nf_match_scratch *t = cs->before;
        cs->before = cs->spare;
        cs->spare = t;
    }
    return rc;
}

/* Tries anchored pattern cp at subject[at]; returns 1 when it added a claim. */
static int match_anchored(claims_run *r, const claim_pattern *cp, const char *subject, size_t len,
                          size_t at)
{
    int rc = nf_pattern_match(cp->re, subject, len, at, r->cs->match);
    size_t end = at;
    while (end > 0 && subject[end - 1] == ' ')
        end--;
    if (rc == 1)
        rc = match_before(r, cp, subject, end);
    if (rc < 0)
        return match_failed(r, cp, rc) == NF_EBUDGET ? 0 : rc;
    return rc == 1 ? add_match(r, cp) : 0;
}

/*
 * The anchored patterns, word by word: at each word of the sentence, its
 * patterns in the plugin's order, until one of a kind makes a claim (a
 * later one of that kind would read the same words again).
 */
static int match_words(claims_run *r, const char *subject, size_t len)
{
    const sentence_info *s = &r->sent[r->cur];
    const nf_ac_matches *words = &r->cs->words;
    for (size_t j = s->first_word; j < s->end_word; j++) {
        const nf_ac_match *m = &words->items[j];
        const claim_key *k = &r->data->keys[m->value];
        if (m->start < s->start || m->end > s->end)
            continue;
        size_t at = nf_view_from_doc(&r->a->norm, m->start) - r->base;
        const char *claimed = NULL;
        for (size_t i = 0; i < k->n_patterns; i++) {
            const claim_pattern *cp = &r->data->patterns[k->patterns[i]];
            if (cp->before == NULL || (claimed && strcmp(claimed, cp->kind) == 0))
                continue;
            int rc = match_anchored(r, cp, subject, len, at);
            if (rc < 0)
                return rc;
            claimed = rc == 1 ? cp->kind : claimed;
        }
    }
    return 0;
}

static int match_sentence(claims_run *r)
{
    const nf_view *norm = &r->a->norm;
    const sentence_info *s = &r->sent[r->cur];
    size_t from = nf_view_from_doc(norm, s->start);
    size_t to = nf_view_from_doc(norm, s->end);
    if (from >= to)
        return 0;
    r->base = from;
    int rc = match_words(r, norm->text + from, to - from);
    for (size_t i = 0; rc == 0 && i < r->data->n_patterns; i++)
        if (pattern_wanted(r, i))
            rc = match_pattern(r, &r->data->patterns[i], norm->text + from, to - from);
    return rc;
}

/* ---- completing quotes from the whole article -------------------------- */

/* The length of the quote mark at text[i]: " or two apostrophes (as some papers write it), or 0. */
static size_t quote_mark(const nf_view *v, size_t i)
{
    if (i < v->len && v->text[i] == '"')
        return 1;
    return i + 1 < v->len && v->text[i] == '\'' && v->text[i + 1] == '\'' ? 2 : 0;
}

/*
 * The quotations of the text: pairs of quote marks within a paragraph, in
 * document offsets. A quotation left open runs to the end of its paragraph
 * (a quote that goes on in the next paragraph reopens there).
 */
static int find_quotations(const nf_article *a, nf_span **out, size_t *n)
{
    const nf_view *v = &a->norm;
    size_t cap = 0, open = SIZE_MAX;
    *out = NULL;
    *n = 0;
    for (size_t i = 0; i <= v->len; i++) {
        i += strcspn(v->text + i, "\"'\n");   /* the text is NUL-terminated */
        size_t mark = quote_mark(v, i);
        bool eol = i >= v->len || v->text[i] == '\n';
        if (mark == 0 && !eol)
            continue;
        if (open == SIZE_MAX) {
            open = mark ? i : open;
            i += mark ? mark - 1 : 0;
            continue;
        }
        size_t close = i + mark;
        if (nf_arena_reserve(a->arena, (void **)out, &cap, *n + 1, sizeof **out) < 0)
            return NF_ENOMEM;
        (*out)[(*n)++] = (nf_span){nf_view_doc_start(v, open), nf_view_doc_end(v, close)};
        open = SIZE_MAX;
        i += mark ? mark - 1 : 0;
    }
    return 0;
}

/* A content that starts or ends inside a quotation takes the whole quotation. */
static void take_whole_quotations(nf_claim *c, const nf_span *q, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (!plausible(&q[i]))
            continue;
        if (q[i].start < c->start && c->start < q[i].end)
            c->start = q[i].start;
        if (q[i].start < c->end && c->end < q[i].end)
            c->end = q[i].end;
    }
}

/* Whether a quote of this stage starts inside sentence i. */
static bool sentence_has_quote(const claims_run *r, size_t i)
{
    const nf_article *a = r->a;
    for (size_t k = r->first; k < a->n_claims; k++)
        if (is_quote(r, k) && a->claims[k].start >= r->sent[i].start &&
            a->claims[k].start < r->sent[i].end)
            return true;
    return false;
}

/* Whether sentence i opens with a quote mark. */
static bool opens_with_quote(const claims_run *r, size_t i)
{
    const nf_view *v = &r->a->norm;
    return quote_mark(v, nf_view_from_doc(v, r->sent[i].start)) > 0;
}

/*
 * "“A,” Cruz said in Iowa. “B.”" in one sentence: a content that is a
 * quotation goes on into the next quotation of its sentence when only its
 * own attribution stands between them.
 */
static void join_split_quotation(const claims_run *r, size_t k, const nf_span *q, size_t n)
{
    nf_claim *c = &r->a->claims[k];
    nf_span cue = note_of(r, k)->cue;
    if (!has(cue) || cue.start < c->end)
        return;
    const sentence_info *s = &r->sent[sentence_at(r, c->end - 1)];
    for (size_t i = 0; i < n; i++) {
        if (q[i].end == c->end && i + 1 < n && q[i + 1].start >= cue.end && q[i + 1].start < s->end &&
            plausible(&q[i + 1])) {
            c->end = q[i + 1].end;
            return;
        }
    }
}

/*
 * "“We are generating this enthusiasm,” Sanders said. “We are telling the
 * truth.”": a quote goes on into the quotations that open the sentences
 * after it in its paragraph, as long as no other quote claims them.
 */
static void continue_into_quotations(claims_run *r, size_t k, const nf_span *q, size_t n)
{
    nf_claim *c = &r->a->claims[k];
    join_split_quotation(r, k, q, n);
    size_t i = sentence_at(r, c->end - 1);
    while (i + 1 < r->n_sent && r->sent[i + 1].paragraph == r->sent[i].paragraph &&
           opens_with_quote(r, i + 1) && !sentence_has_quote(r, i + 1)) {
        if (r->sent[i + 1].end > c->end)
            c->end = r->sent[i + 1].end;
        take_whole_quotations(c, q, n);
        i = sentence_at(r, c->end - 1);
    }
}

static bool is_pronoun(const claims_data *data, const char *s, size_t len)
{
    for (size_t i = 0; i < data->n_pronouns; i++)
        if (strlen(data->pronouns[i]) == len && strncasecmp(data->pronouns[i], s, len) == 0)
            return true;
    return false;
}

/* Whether quote k has a speaker that could be the person a pronoun stands for. */
static bool can_be_antecedent(const claims_run *r, size_t k)
{
    const claim_note *note = note_of(r, k);
    nf_span s = note->speaker;
    if (!note->quote || !has(s) || note->resolved ||
        is_pronoun(r->data, r->a->doc + s.start, s.end - s.start))
        return false;
    const nf_entity *named = speaker_entity(r->a, s.start, s.end);
    return named == NULL || strcmp(named->type, "ORG") != 0;
}

/* The first PERSON named in [from, to), or NULL. */
static const char *first_person(const nf_article *a, uint32_t from, uint32_t to)
{
    const nf_entity *best = NULL;
    for (size_t i = 0; i < a->n_entities; i++) {
        const nf_entity *e = &a->entities[i];
        if (e->start >= from && e->end <= to && strcmp(e->type, "PERSON") == 0 &&
            (best == NULL || e->start < best->start))
            best = e;
    }
    return best ? best->name : NULL;
}

/*
 * Who "he" or "she" in claim k is: the speaker of the nearest quote before
 * it, within PRONOUN_REACH sentences, that names a person (not an ORG, not
 * a pronoun itself); else the first PERSON named earlier in its sentence or
 * in the sentence before. NULL when neither is there.
 */
static const char *antecedent(const claims_run *r, size_t k, uint32_t pronoun_start)
{
    const nf_article *a = r->a;
    size_t here = sentence_at(r, pronoun_start);
    for (size_t i = k; i-- > r->first;) {
        nf_span s = note_of(r, i)->speaker;
        if (!has(s) || s.start >= pronoun_start)
            continue;
        if (here - sentence_at(r, s.start) > PRONOUN_REACH)
            break;
        if (can_be_antecedent(r, i))
            return nf_claim_get(&a->claims[i], "speaker")->as.string;
    }
    const char *name = first_person(a, r->sent[here].start, pronoun_start);
    if (name == NULL && here > 0)
        name = first_person(a, r->sent[here - 1].start, r->sent[here - 1].end);
    return name;
}

static int resolve_pronoun(claims_run *r, size_t k)
{
    nf_article *a = r->a;
    nf_claim *c = &a->claims[k];
    nf_span s = note_of(r, k)->speaker;
    if (!has(s) || !is_pronoun(r->data, a->doc + s.start, s.end - s.start))
        return 0;
    const char *name = antecedent(r, k, s.start);
    if (name == NULL)
        return 0;
    char *pronoun = nf_arena_strndup(a->arena, a->doc + s.start, s.end - s.start);
    if (pronoun == NULL)
        return NF_ENOMEM;
    note_of(r, k)->resolved = true;
    int rc = nf_claim_set(a, c, "speaker_pronoun", string_value(pronoun));
    return rc < 0 ? rc : nf_claim_set(a, c, "speaker", string_value(name));
}

/* Completes the quotes from what the whole article says: quotations, then pronouns. */
static int complete_quotes(claims_run *r)
{
    nf_article *a = r->a;
    for (size_t k = r->first; k < a->n_claims; k++) {
        if (is_quote(r, k)) {
            take_whole_quotations(&a->claims[k], r->quotations, r->n_quotations);
            continue_into_quotations(r, k, r->quotations, r->n_quotations);
        }
    }
    for (size_t k = r->first; k < a->n_claims; k++) {
        int rc = is_quote(r, k) ? resolve_pronoun(r, k) : 0;
        if (rc < 0)
            return rc;
    }
    return 0;
}

/* ---- check-worthy sentences --------------------------------------------- */

/* What the words of a sentence say about it: digits, how many words, a question. */
static double sentence_shape(const claims_run *r, const sentence_info *s)
{
    const factual_rules *f = &r->data->factual;
    const nf_view *v = &r->a->norm;
    size_t from = nf_view_from_doc(v, s->start), to = nf_view_from_doc(v, s->end);
    bool digits = false;
    double words = 0;
    for (size_t i = from; i < to; i++) {
        char ch = v->text[i];
        digits |= is_digit(ch);
        words += ch == ' ' && i > from;
    }
    while (to > from && (v->text[to - 1] == '"' || v->text[to - 1] == ')'))
        to--;
    double x = digits ? f->digits : 0;
    if (to > from && v->text[to - 1] == '?')
        x += f->question;
    if (words + 1 < f->min_words)
        x += f->short_weight;
    return x;
}

/* A quote with a speaker in sentence s, or NULL. */
static const nf_claim *quote_in(const claims_run *r, const sentence_info *s)
{
    const nf_article *a = r->a;
    for (size_t k = r->first; k < a->n_claims; k++) {
        const nf_claim *c = &a->claims[k];
        if (is_quote(r, k) && nf_claim_get(c, "speaker") && c->start < s->end && s->start < c->end)
            return c;
    }
    return NULL;
}

static int add_factual(claims_run *r, const sentence_info *s, double score)
{
    nf_article *a = r->a;
    const nf_claim *quote = quote_in(r, s);
    nf_claim *c = nf_article_add_claim(a, "factual", s->start, s->end, "factual");
    if (c == NULL || take_note(r) < 0)
        return NF_ENOMEM;
    int rc = nf_claim_set(a, c, "score", number_value(round(score * 1000) / 1000));
    if (rc == 0)
        rc = nf_claim_set(a, c, "attributed", bool_value(quote != NULL));
    if (rc == 0 && quote)
        rc = nf_claim_set(a, c, "speaker", *nf_claim_get(quote, "speaker"));
    if (rc == 0 && s->top_cue.end > 0) {
        char *cue = nf_arena_strndup(a->arena, a->doc + s->top_cue.start,
                                     s->top_cue.end - s->top_cue.start);
        rc = cue ? nf_claim_set(a, c, "cue", string_value(cue)) : NF_ENOMEM;
    }
    return rc < 0 ? rc : set_hedge(r, c, s);
}

/*
 * Scores every sentence: the logistic of bias + the weights of the cue
 * groups present (each once) + the shape features. A sentence at or above
 * the threshold is a `factual` claim with its score.
 */
static int score_sentences(claims_run *r)
{
    const factual_rules *f = &r->data->factual;
    if (!f->on)
        return 0;
    for (size_t i = 0; i < r->n_sent; i++) {
        const sentence_info *s = &r->sent[i];
        if (s->end <= r->a->body_start)
            continue;
        double x = f->bias + sentence_shape(r, s);
        for (size_t g = 0; g < f->n_groups; g++)
            if ((s->groups >> g) & 1)
                x += f->weights[g];
        double score = 1 / (1 + exp(-x));
        int rc = score >= f->threshold ? add_factual(r, s, score) : 0;
        if (rc < 0)
            return rc;
    }
    return 0;
}

/* ---- hooks ------------------------------------------------------------- */

typedef struct read_back {
    nf_article *a;
    size_t index;
} read_back;

/* Copies the fields a hook set on the claim table (at the top of L) back into the claim. */
static void read_back_fields(lua_State *L, nf_article *a, size_t index)
{
    static const char *const fixed[] = {"kind", "start", "stop", "text", "rule", NULL};
    lua_pushnil(L);
    while (lua_next(L, -2)) {
        bool skip = lua_type(L, -2) != LUA_TSTRING;
        for (const char *const *f = fixed; !skip && *f; f++)
            skip = strcmp(lua_tostring(L, -2), *f) == 0;
        if (!skip)
            nf_luaview_set_claim_field(L, a, &a->claims[index], lua_tostring(L, -2), -1);
        lua_pop(L, 1);
    }
}

/* Reads the hook's changes back; bad values raise Lua errors, so it runs as a protected call. */
static int read_back_protected(lua_State *L)
{
    const read_back *rb = lua_touserdata(L, 2);
    lua_settop(L, 1);
    read_back_fields(L, rb->a, rb->index);
    return 0;
}

/* Runs on_match on claim `index`: false when the hook drops it; fields the hook sets are kept. */
static bool ask_on_match(const claims_run *r, size_t index)
{
    nf_worker *w = r->w;
    nf_article *a = r->a;
    lua_State *L = nf_sandbox_state(w->sb);
    if (!nf_worker_push_hook(w, r->st, "on_match"))
        return true;
    nf_worker_push_view(w);
    nf_luaview_push_claim(L, a, &a->claims[index]);
    lua_pushvalue(L, -1);
    lua_insert(L, -4);                 /* keep the claim table below the call */
    if (nf_worker_call(w, r->st, 2, 1) < 0) {
        lua_pop(L, 1);
        return true;
    }
    bool drop = lua_isboolean(L, -1) && !lua_toboolean(L, -1);
    lua_pop(L, 1);
    if (drop) {
        lua_pop(L, 1);
        return false;
    }
    read_back rb = {a, index};
    lua_pushcfunction(L, read_back_protected);
    lua_insert(L, -2);
    lua_pushlightuserdata(L, &rb);
    nf_worker_call(w, r->st, 2, 0);
    return true;
}

/* Forgets the view's cached layers: its claims no longer are what the hooks saw. */
static void forget_view(nf_worker *w)
{
    lua_State *L = nf_sandbox_state(w->sb);
    nf_worker_push_view(w);
    nf_luaview_forget(L, -1);
    lua_pop(L, 1);
}

/*
 * Runs on_match on every claim the stage found, then removes the dropped
 * ones. Claims a hook adds (a:add_claim) come after them and stay.
 */
static int run_on_match(claims_run *r)
{
    nf_worker *w = r->w;
    nf_article *a = r->a;
    size_t end = a->n_claims, n = end - r->first;
    lua_State *L = nf_sandbox_state(w->sb);
    if (n == 0 || !nf_worker_push_hook(w, r->st, "on_match"))
        return 0;
    lua_pop(L, 1);
    bool *keep = nf_arena_alloc(a->arena, n);
    if (keep == NULL)
        return NF_ENOMEM;
    for (size_t i = 0; i < n; i++)
        keep[i] = ask_on_match(r, r->first + i);
    size_t kept = r->first;
    for (size_t i = r->first; i < a->n_claims; i++)
        if (i >= end || keep[i - r->first])
            a->claims[kept++] = a->claims[i];
    a->n_claims = kept;
    forget_view(w);
    return 0;
}

static int match_article(claims_run *r)
{
    int rc = build_sentences(r);
    if (rc == 0)
        rc = find_quotations(r->a, &r->quotations, &r->n_quotations);
    if (rc == 0)
        rc = find_words(r);
    for (r->cur = 0; rc == 0 && r->cur < r->n_sent; r->cur++)
        rc = match_sentence(r);
    if (rc == 0)
        rc = complete_quotes(r);
    return rc < 0 ? rc : score_sentences(r);
}

static int run_claims(const nf_stage *st, nf_worker *w, nf_article *a)
{
    int rc = nf_article_views(a, st->name);
    if (rc < 0)
        return rc == NF_ENOMEM ? rc : 0;
    claims_run r = {.w = w, .st = st, .data = st->data, .a = a,
                    .cs = w->scratch[st->index], .first = a->n_claims};
    rc = match_article(&r);
    if (rc == 0)
        rc = run_on_match(&r);
    if (rc < 0)
        return rc;
    nf_worker_run_hook(w, st, "on_article");
    return 0;
}

const nf_stage_type nf_stage_claims = {
    .name = "claims",
    .needs_rules = true,
    .fields = claims_fields,
    .compile = compile_claims,
    .free_data = free_claims,
    .scratch_new = new_claims_scratch,
    .scratch_free = free_claims_scratch,
    .run = run_claims,
};
