/*
 * stage_claims.c — claims: quotes, numbers and check-worthy statements.
 *
 * Plugin fields:
 *   patterns = { { id = "said_that", kind = "quote", flags = "i",
 *                  pattern = [[(?<speaker>...) said that (?<content>.+)]],
 *                  fields = { ... } }, ... }
 *   hedges   = { "allegedly", "reportedly", "could not be verified", ... }
 *   on_match = function(a, c) ... end   -- return false to drop c; may set fields of c
 *   on_article = function(a) ... end
 *
 * Patterns are PCRE2, matched sentence by sentence on the norm view
 * (ASCII quotes and dashes, single spaces), so a rule need not spell out
 * typographic variants. Named groups become fields: `content` is the
 * claim's span (the whole match without it); `speaker` and `cue` also get
 * <name>_start/<name>_end; `number` is parsed as a number; any other group
 * is a string field. A speaker that overlaps a known entity takes its
 * canonical name. A claim is hedged when its sentence holds a hedge cue
 * (found by one automaton pass over the folded text) and attributed when it
 * has a speaker.
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
#include <stdlib.h>
#include <string.h>

static const char *const claims_fields[] = {"patterns", "hedges", "on_match", "on_article", NULL};

typedef struct claim_pattern {
    char *id;
    char *kind;
    nf_pattern *re;
    uint32_t content_group;   /* 0: the whole match */
} claim_pattern;

typedef struct claims_data {
    claim_pattern *patterns;
    size_t n_patterns;
    uint32_t max_groups;
    nf_automaton *hedges;     /* NULL when the plugin lists none */
} claims_data;

typedef struct claims_scratch {
    nf_match_scratch *match;
    nf_ac_matches hedges;
} claims_scratch;

static void free_claims(void *p)
{
    claims_data *data = p;
    for (size_t i = 0; i < data->n_patterns; i++) {
        nf_free(data->patterns[i].id);
        nf_free(data->patterns[i].kind);
        nf_pattern_free(data->patterns[i].re);
    }
    nf_free(data->patterns);
    nf_automaton_free(data->hedges);
    nf_free(data);
}

static uint32_t group_named(const nf_pattern *re, const char *name)
{
    const nf_capture_name *names;
    size_t n = nf_pattern_names(re, &names);
    for (size_t i = 0; i < n; i++)
        if (strcmp(names[i].name, name) == 0)
            return names[i].group;
    return 0;
}

/* Fields the core sets itself: a group of that name would clash with them. */
static int check_group_names(const nf_stage *st, const claim_pattern *cp, nf_diag *d)
{
    static const char *const reserved[] = {"kind", "start", "stop", "end", "text", "rule",
                                           "hedged", "hedge", "attributed", NULL};
    const nf_capture_name *names;
    size_t n = nf_pattern_names(cp->re, &names);
    for (size_t i = 0; i < n; i++)
        for (const char *const *r = reserved; *r; r++)
            if (strcmp(names[i].name, *r) == 0)
                return nf_plugin_error(st, d, "pattern '%s': the group name '%s' is reserved",
                                       cp->id, *r);
    return 0;
}

/* patterns[i] at the top of L. */
static int compile_pattern(const nf_stage *st, lua_State *L, int i, claim_pattern *cp, nf_diag *d)
{
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
    if (nf_rawfield(L, -1, "pattern") != LUA_TSTRING) {
        lua_pop(L, 1);
        return nf_plugin_error(st, d, "pattern '%s' needs a `pattern` string", id);
    }
    size_t len;
    const char *source = lua_tolstring(L, -1, &len);
    nf_diag pd;
    rc = nf_pattern_compile(source, len, flags, &cp->re, &pd);
    lua_pop(L, 1);
    if (rc == NF_ENOMEM)
        return rc;
    if (rc < 0)
        return nf_plugin_error(st, d, "pattern '%s': %s", id, pd.message);
    cp->id = nf_strdup(id);
    cp->kind = nf_strdup(kind);
    cp->content_group = group_named(cp->re, "content");
    if (cp->id == NULL || cp->kind == NULL)
        return NF_ENOMEM;
    return check_group_names(st, cp, d);
}

static int compile_patterns(const nf_stage *st, lua_State *L, claims_data *data, nf_diag *d)
{
    int n = nf_plugin_array(L, st, "patterns", d);
    if (n < 0)
        return n;
    data->patterns = nf_calloc((size_t)n + 1, sizeof *data->patterns);
    int rc = data->patterns ? 0 : NF_ENOMEM;
    for (int i = 1; rc == 0 && i <= n; i++) {
        lua_rawgeti(L, -1, i);
        claim_pattern *cp = &data->patterns[data->n_patterns];
        rc = compile_pattern(st, L, i, cp, d);
        if (cp->re)
            data->n_patterns++;
        if (rc == 0 && nf_pattern_groups(cp->re) > data->max_groups)
            data->max_groups = nf_pattern_groups(cp->re);
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    return rc;
}

typedef struct hedge_build {
    nf_ac_builder *builder;
    nf_arena scratch;
} hedge_build;

/* A hedge is folded like the text, so "Reportedly" and "reportedly" are one cue. */
static int add_hedge(void *ud, const char *s, size_t len)
{
    hedge_build *hb = ud;
    nf_view norm, fold;
    nf_arena_reset(&hb->scratch);
    if (nf_utf8_validate(s, len) < len || nf_utf8_find_nul(s, len) < len)
        return NF_EINVAL;
    int rc = nf_views_build(&hb->scratch, s, len, &norm, &fold);
    if (rc < 0 || fold.len == 0)
        return rc;
    rc = nf_ac_builder_add(hb->builder, fold.text, fold.len, 0);
    return rc == 1 ? 0 : rc;
}

static int compile_hedges(const nf_stage *st, lua_State *L, claims_data *data, nf_diag *d)
{
    hedge_build hb = {nf_ac_builder_new(), {0}};
    if (hb.builder == NULL)
        return NF_ENOMEM;
    nf_arena_init(&hb.scratch, 1024);
    int rc = nf_plugin_strings(L, st, "hedges", add_hedge, &hb, d);
    if (rc == NF_EINVAL)
        rc = nf_plugin_error(st, d, "hedges must be valid UTF-8 text");
    if (rc == 0)
        rc = nf_ac_build(hb.builder, &data->hedges);
    nf_ac_builder_free(hb.builder);
    nf_arena_free(&hb.scratch);
    return rc;
}

static int compile_claims(nf_stage *st, lua_State *L, nf_diag *d)
{
    claims_data *data = nf_calloc(1, sizeof *data);
    if (data == NULL)
        return NF_ENOMEM;
    st->data = data;
    int rc = compile_patterns(st, L, data, d);
    return rc < 0 ? rc : compile_hedges(st, L, data, d);
}

static void *new_claims_scratch(const nf_stage *st)
{
    const claims_data *data = st->data;
    claims_scratch *cs = nf_calloc(1, sizeof *cs);
    if (cs == NULL)
        return NULL;
    cs->match = nf_match_scratch_new(data->max_groups);
    if (cs->match == NULL) {
        nf_free(cs);
        return NULL;
    }
    return cs;
}

static void free_claims_scratch(void *p)
{
    claims_scratch *cs = p;
    nf_match_scratch_free(cs->match);
    nf_ac_matches_free(&cs->hedges);
    nf_free(cs);
}

/* What one sentence's matching needs. */
typedef struct sentence_ctx {
    nf_worker *w;
    const nf_stage *st;
    nf_article *a;
    claims_scratch *cs;
    size_t base;             /* the sentence's start in the norm view */
    uint32_t doc_start, doc_end;
    const char *hedge;       /* the first hedge cue in the sentence, or NULL */
} sentence_ctx;

/* Maps a group of the last match to document offsets; false when the group is unset or empty. */
static bool group_span(const sentence_ctx *sc, uint32_t g, uint32_t *start, uint32_t *end)
{
    size_t s, e;
    if (!nf_match_group(sc->cs->match, g, &s, &e) || s >= e)
        return false;
    *start = nf_view_doc_start(&sc->a->norm, sc->base + s);
    *end = nf_view_doc_end(&sc->a->norm, sc->base + e);
    return *start < *end;
}

/* The canonical name of an entity overlapping [start, end), or NULL. */
static const char *entity_name_at(const nf_article *a, uint32_t start, uint32_t end)
{
    for (size_t i = 0; i < a->n_entities; i++) {
        const nf_entity *e = &a->entities[i];
        if (e->start < end && start < e->end &&
            (strcmp(e->type, "PERSON") == 0 || strcmp(e->type, "ORG") == 0))
            return e->name;
    }
    return NULL;
}

/* Reads "1,200", "24", "2.5" as a number; NaN-free: returns false when there is no number. */
static bool parse_number(const char *s, size_t len, double *out)
{
    char digits[64];
    size_t n = 0;
    for (size_t i = 0; i < len && n + 1 < sizeof digits; i++) {
        if ((s[i] >= '0' && s[i] <= '9') || s[i] == '.')
            digits[n++] = s[i];
        else if (s[i] != ',' || n == 0)
            break;
    }
    digits[n] = '\0';
    if (n == 0)
        return false;
    char *end;
    *out = strtod(digits, &end);
    return end != digits;
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

/* Sets the field for one named group of the match. */
static int set_group_field(const sentence_ctx *sc, nf_claim *c, const nf_capture_name *g)
{
    uint32_t start, end;
    if (!group_span(sc, g->group, &start, &end))
        return 0;
    nf_article *a = sc->a;
    char *text = nf_arena_strndup(a->arena, a->doc + start, end - start);
    if (text == NULL)
        return NF_ENOMEM;
    double number;
    /* The contract says a number or null: a number group without digits sets nothing. */
    if (strcmp(g->name, "number") == 0)
        return parse_number(text, end - start, &number)
                   ? nf_claim_set(a, c, "number", number_value(number))
                   : 0;
    int rc = nf_claim_set(a, c, g->name, string_value(text));
    if (rc == 0 && (strcmp(g->name, "speaker") == 0 || strcmp(g->name, "cue") == 0)) {
        char key[64];
        snprintf(key, sizeof key, "%s_start", g->name);
        rc = nf_claim_set(a, c, key, number_value(start));
        snprintf(key, sizeof key, "%s_end", g->name);
        if (rc == 0)
            rc = nf_claim_set(a, c, key, number_value(end));
    }
    if (rc == 0 && strcmp(g->name, "speaker") == 0) {
        const char *canonical = entity_name_at(a, start, end);
        if (canonical)
            rc = nf_claim_set(a, c, "speaker", string_value(canonical));
    }
    return rc;
}

static int fill_claim(const sentence_ctx *sc, const claim_pattern *cp, nf_claim *c)
{
    const nf_capture_name *names;
    size_t n = nf_pattern_names(cp->re, &names);
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < n; i++)
        if (names[i].group != cp->content_group)
            rc = set_group_field(sc, c, &names[i]);
    if (rc == 0)
        rc = nf_claim_set(sc->a, c, "attributed", bool_value(nf_claim_get(c, "speaker") != NULL));
    if (rc == 0)
        rc = nf_claim_set(sc->a, c, "hedged", bool_value(sc->hedge != NULL));
    if (rc == 0 && sc->hedge)
        rc = nf_claim_set(sc->a, c, "hedge", string_value(sc->hedge));
    return rc;
}

static bool is_duplicate(const nf_article *a, const char *kind, uint32_t start, uint32_t end)
{
    for (size_t i = a->n_claims; i-- > 0;) {
        const nf_claim *c = &a->claims[i];
        if (c->start == start && c->end == end && strcmp(c->kind, kind) == 0)
            return true;
    }
    return false;
}

/* Copies the fields a hook set on the claim table (at the top of L) back into the claim. */
static void read_back_fields(lua_State *L, nf_article *a, nf_claim *c)
{
    static const char *const fixed[] = {"kind", "start", "stop", "text", "rule", NULL};
    lua_pushnil(L);
    while (lua_next(L, -2)) {
        bool skip = lua_type(L, -2) != LUA_TSTRING;
        for (const char *const *f = fixed; !skip && *f; f++)
            skip = strcmp(lua_tostring(L, -2), *f) == 0;
        if (!skip)
            nf_luaview_set_claim_field(L, a, c, lua_tostring(L, -2), -1);
        lua_pop(L, 1);
    }
}

/* Reads the hook's changes back; bad values raise Lua errors, so it runs as a protected call. */
static int read_back_protected(lua_State *L)
{
    nf_worker *w = lua_touserdata(L, 2);
    nf_article *a = w->article;
    lua_settop(L, 1);
    read_back_fields(L, a, &a->claims[a->n_claims - 1]);
    return 0;
}

/* Runs on_match on the article's last claim: false removes it; fields the hook sets are kept. */
static void ask_on_match(const sentence_ctx *sc)
{
    nf_worker *w = sc->w;
    nf_article *a = sc->a;
    lua_State *L = nf_sandbox_state(w->sb);
    if (!nf_worker_push_hook(w, sc->st, "on_match"))
        return;
    nf_worker_push_view(w);
    nf_luaview_push_claim(L, a, &a->claims[a->n_claims - 1]);
    lua_pushvalue(L, -1);
    lua_insert(L, -4);                 /* keep the claim table below the call */
    if (nf_worker_call(w, sc->st, 2, 1) < 0) {
        lua_pop(L, 1);
        return;
    }
    bool drop = lua_isboolean(L, -1) && !lua_toboolean(L, -1);
    lua_pop(L, 1);
    if (drop) {
        a->n_claims--;
        lua_pop(L, 1);
        return;
    }
    lua_pushcfunction(L, read_back_protected);
    lua_insert(L, -2);
    lua_pushlightuserdata(L, w);
    nf_worker_call(w, sc->st, 2, 0);
}

static int add_match(sentence_ctx *sc, const claim_pattern *cp)
{
    uint32_t start, end;
    if (!group_span(sc, cp->content_group, &start, &end))
        return 0;
    if (is_duplicate(sc->a, cp->kind, start, end))
        return 0;
    nf_claim *c = nf_article_add_claim(sc->a, cp->kind, start, end, cp->id);
    if (c == NULL || fill_claim(sc, cp, c) < 0)
        return NF_ENOMEM;
    ask_on_match(sc);
    return 0;
}

static int match_pattern(sentence_ctx *sc, const claim_pattern *cp, const char *subject, size_t len)
{
    size_t offset = 0;
    while (offset <= len) {
        int found = nf_pattern_match(cp->re, subject, len, offset, sc->cs->match);
        if (found == NF_EBUDGET)
            return nf_article_add_error(sc->a, sc->st->name, NF_EBUDGET, sc->st->rules, 0,
                                        "pattern '%s' hit the match limit (catastrophic "
                                        "backtracking?) on the sentence at byte %u",
                                        cp->id, (unsigned)sc->doc_start);
        if (found <= 0)
            return found;
        size_t s, e;
        nf_match_group(sc->cs->match, 0, &s, &e);
        int rc = add_match(sc, cp);
        if (rc < 0)
            return rc;
        /* An empty match would find itself again: step over one character. */
        offset = e > s ? e : e + 1;
        while (offset < len && ((unsigned char)subject[offset] & 0xC0) == 0x80)
            offset++;
    }
    return 0;
}

/* The first hedge cue inside the sentence, as the document spells it. */
static const char *find_hedge(const sentence_ctx *sc)
{
    const nf_ac_matches *h = &sc->cs->hedges;
    for (size_t i = 0; i < h->n; i++)
        if (h->items[i].start >= sc->doc_start && h->items[i].end <= sc->doc_end)
            return nf_arena_strndup(sc->a->arena, sc->a->doc + h->items[i].start,
                                    h->items[i].end - h->items[i].start);
    return NULL;
}

static int match_sentence(sentence_ctx *sc, const claims_data *data)
{
    const nf_view *norm = &sc->a->norm;
    size_t from = nf_view_from_doc(norm, sc->doc_start);
    size_t to = nf_view_from_doc(norm, sc->doc_end);
    if (from >= to)
        return 0;
    sc->base = from;
    sc->hedge = find_hedge(sc);
    for (size_t i = 0; i < data->n_patterns; i++) {
        int rc = match_pattern(sc, &data->patterns[i], norm->text + from, to - from);
        if (rc < 0)
            return rc;
    }
    return 0;
}

/* Finds every hedge cue once per article, mapped to document offsets. */
static int find_hedges(const claims_data *data, nf_article *a, nf_ac_matches *h)
{
    h->n = 0;
    if (data->hedges == NULL)
        return 0;
    int rc = nf_automaton_scan(data->hedges, a->fold.text, a->fold.len, h);
    for (size_t i = 0; rc == 0 && i < h->n; i++) {
        h->items[i].start = nf_view_doc_start(&a->fold, h->items[i].start);
        h->items[i].end = nf_view_doc_end(&a->fold, h->items[i].end);
    }
    return rc;
}

static int run_claims(const nf_stage *st, nf_worker *w, nf_article *a)
{
    const claims_data *data = st->data;
    claims_scratch *cs = w->scratch[st->index];
    int rc = nf_article_views(a, st->name);
    if (rc < 0)
        return rc == NF_ENOMEM ? rc : 0;
    rc = find_hedges(data, a, &cs->hedges);
    sentence_ctx sc = {w, st, a, cs, 0, 0, 0, NULL};
    if (a->n_sentences == 0) {
        /* Without a sentences stage the whole text is one subject. */
        sc.doc_end = a->doc_len;
        rc = rc < 0 ? rc : match_sentence(&sc, data);
    }
    for (size_t i = 0; rc == 0 && i < a->n_sentences; i++) {
        sc.doc_start = a->sentences[i].start;
        sc.doc_end = a->sentences[i].end;
        rc = match_sentence(&sc, data);
    }
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
