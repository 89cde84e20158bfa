/* ruletest.c — running rule tests: articles through the pipeline, findings against expectations. */
#include "ruletest.h"

#include "alloc.h"
#include "engine.h"
#include "plugin.h"
#include "reader.h"
#include "sandbox.h"

#include <dirent.h>
#include <errno.h>
#include <lauxlib.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Enough of a case's findings to show what the rules did find instead. */
#define SHOWN_FINDINGS 12

typedef struct tester {
    nf_ruleset *rs;
    nf_worker worker;
    nf_sandbox *sb;          /* where test files are loaded */
    FILE *out;
    nf_ruletest_counts *counts;
    const char *file;        /* the test file being run */
    char report[8192];       /* what failed in the current case */
    size_t report_len;
} tester;

static void fail(tester *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void fail(tester *t, const char *fmt, ...)
{
    if (t->report_len + 8 >= sizeof t->report)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(t->report + t->report_len, sizeof t->report - t->report_len, fmt, ap);
    va_end(ap);
    if (n > 0)
        t->report_len += (size_t)n < sizeof t->report - t->report_len ? (size_t)n
                                                                      : sizeof t->report - t->report_len - 1;
}

/* A string field of the table at idx, or NULL. */
static const char *string_field(lua_State *L, int idx, const char *key)
{
    const char *s = nf_rawfield(L, idx, key) == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
    lua_pop(L, 1);   /* the table still holds the string */
    return s;
}

static const char *string_item(lua_State *L, int idx, lua_Integer i)
{
    const char *s = lua_rawgeti(L, idx, i) == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
    lua_pop(L, 1);
    return s;
}

static bool span_is(const nf_article *a, uint32_t start, uint32_t end, const char *text)
{
    size_t n = strlen(text);
    return n == end - start && memcmp(a->doc + start, text, n) == 0;
}

static bool span_contains(const nf_article *a, uint32_t start, uint32_t end, const char *text)
{
    size_t n = strlen(text);
    for (uint32_t i = start; i + n <= end; i++)
        if (memcmp(a->doc + i, text, n) == 0)
            return true;
    return false;
}

/* --- entities --- */

typedef struct entity_expectation {
    const char *name, *type, *text;
    bool name_or_text;       /* a plain string in no_entities: the name or the text */
} entity_expectation;

static bool entity_matches(const nf_article *a, const nf_entity *e, const entity_expectation *x)
{
    if (x->name_or_text)
        return strcmp(e->name, x->name) == 0 || span_is(a, e->start, e->end, x->name);
    return (x->name == NULL || strcmp(e->name, x->name) == 0) &&
           (x->type == NULL || strcmp(e->type, x->type) == 0) &&
           (x->text == NULL || span_is(a, e->start, e->end, x->text));
}

/* Reads one item of entities/no_entities (at the top of L). */
static entity_expectation read_entity_expectation(lua_State *L)
{
    entity_expectation x = {0};
    if (lua_type(L, -1) == LUA_TSTRING) {
        x.name = lua_tostring(L, -1);
        x.name_or_text = true;
        return x;
    }
    if (!lua_istable(L, -1))
        return x;
    x.name = string_item(L, -1, 1);
    x.type = string_item(L, -1, 2);
    if (string_field(L, -1, "name"))
        x.name = string_field(L, -1, "name");
    if (string_field(L, -1, "type"))
        x.type = string_field(L, -1, "type");
    x.text = string_field(L, -1, "text");
    return x;
}

static void describe_entities(tester *t, const nf_article *a)
{
    fail(t, "      found:");
    for (size_t i = 0; i < a->n_entities && i < SHOWN_FINDINGS; i++) {
        const nf_entity *e = &a->entities[i];
        fail(t, " %s (%s, \"%.*s\")%s", e->name, e->type, (int)(e->end - e->start), a->doc + e->start,
             i + 1 < a->n_entities ? "," : "");
    }
    fail(t, "%s\n", a->n_entities > SHOWN_FINDINGS ? " ..." : a->n_entities ? "" : " nothing");
}

static void check_entities(tester *t, lua_State *L, const nf_article *a, bool wanted)
{
    const char *field = wanted ? "entities" : "no_entities";
    if (nf_rawfield(L, -1, field) == LUA_TTABLE) {
        for (lua_Integer i = 1; i <= (lua_Integer)lua_rawlen(L, -1); i++) {
            lua_rawgeti(L, -1, i);
            entity_expectation x = read_entity_expectation(L);
            bool found = false;
            for (size_t j = 0; j < a->n_entities && !found; j++)
                found = entity_matches(a, &a->entities[j], &x);
            if (found != wanted) {
                fail(t, "    %s entity name=%s type=%s text=%s\n", wanted ? "missing" : "unexpected",
                     x.name ? x.name : "any", x.type ? x.type : "any", x.text ? x.text : "any");
                describe_entities(t, a);
            }
            lua_pop(L, 1);
        }
    }
    lua_pop(L, 1);
}

/* --- claims --- */

/* Compares the expected Lua value at the top of L with a claim field (absent booleans are false). */
static bool value_matches(lua_State *L, const nf_value *v)
{
    switch (lua_type(L, -1)) {
    case LUA_TBOOLEAN: return (v && v->kind == NF_VALUE_BOOL && v->as.boolean) == (bool)lua_toboolean(L, -1);
    case LUA_TNUMBER:
        return v && v->kind == NF_VALUE_NUMBER && fabs(v->as.number - lua_tonumber(L, -1)) < 1e-9;
    case LUA_TSTRING:
        return v && v->kind == NF_VALUE_STRING && strcmp(v->as.string, lua_tostring(L, -1)) == 0;
    default: return false;
    }
}

/* Whether claim c has what the expectation table at the top of L asks for. */
static bool claim_matches(lua_State *L, const nf_article *a, const nf_claim *c)
{
    const char *kind = string_field(L, -1, "kind");
    const char *text = string_field(L, -1, "text");
    if ((kind && strcmp(kind, c->kind) != 0) || (text && !span_contains(a, c->start, c->end, text)))
        return false;
    bool ok = true;
    lua_pushnil(L);
    while (ok && lua_next(L, -2)) {
        if (lua_type(L, -2) == LUA_TSTRING && strcmp(lua_tostring(L, -2), "kind") != 0 &&
            strcmp(lua_tostring(L, -2), "text") != 0) {
            const char *key = lua_tostring(L, -2);
            ok = strcmp(key, "rule") == 0 ? lua_isstring(L, -1) && strcmp(lua_tostring(L, -1), c->rule) == 0
                                          : value_matches(L, nf_claim_get(c, key));
        }
        lua_pop(L, 1);
    }
    if (!ok)
        lua_pop(L, 1);   /* lua_next left its key */
    return ok;
}

static void describe_expectation(tester *t, lua_State *L)
{
    lua_pushnil(L);
    while (lua_next(L, -2)) {
        if (lua_type(L, -2) == LUA_TSTRING) {
            const char *key = lua_tostring(L, -2);
            const char *value = luaL_tolstring(L, -1, NULL);
            fail(t, " %s=%s", key, value);
            lua_pop(L, 1);
        }
        lua_pop(L, 1);
    }
    fail(t, "\n");
}

static void describe_claims(tester *t, const nf_article *a)
{
    for (size_t i = 0; i < a->n_claims && i < SHOWN_FINDINGS; i++) {
        const nf_claim *c = &a->claims[i];
        const nf_value *speaker = nf_claim_get(c, "speaker");
        fail(t, "      found %s (%s) speaker=%s: \"%.80s%s\"\n", c->kind, c->rule,
             speaker && speaker->kind == NF_VALUE_STRING ? speaker->as.string : "-",
             a->doc + c->start, c->end - c->start > 80 ? "..." : "");
    }
    if (a->n_claims == 0)
        fail(t, "      found no claims\n");
}

static void check_claims(tester *t, lua_State *L, const nf_article *a, bool wanted)
{
    const char *field = wanted ? "claims" : "no_claims";
    if (nf_rawfield(L, -1, field) == LUA_TTABLE) {
        for (lua_Integer i = 1; i <= (lua_Integer)lua_rawlen(L, -1); i++) {
            if (lua_rawgeti(L, -1, i) == LUA_TTABLE) {
                bool found = false;
                for (size_t j = 0; j < a->n_claims && !found; j++)
                    found = claim_matches(L, a, &a->claims[j]);
                if (found != wanted) {
                    fail(t, "    %s claim", wanted ? "missing" : "unexpected");
                    describe_expectation(t, L);
                    describe_claims(t, a);
                }
            }
            lua_pop(L, 1);
        }
    }
    lua_pop(L, 1);
}

/* --- signals, scores, excluded text, errors --- */

static bool has_signal(const nf_article *a, const char *name)
{
    for (size_t i = 0; i < a->n_signals; i++)
        if (strcmp(a->signals[i].name, name) == 0)
            return true;
    return false;
}

static void check_signals(tester *t, lua_State *L, const nf_article *a, bool wanted)
{
    if (nf_rawfield(L, -1, wanted ? "signals" : "no_signals") == LUA_TTABLE) {
        for (lua_Integer i = 1; i <= (lua_Integer)lua_rawlen(L, -1); i++) {
            const char *name = string_item(L, -1, i);
            if (name && has_signal(a, name) != wanted) {
                fail(t, "    %s signal %s; fired:", wanted ? "missing" : "unexpected", name);
                for (size_t j = 0; j < a->n_signals; j++)
                    fail(t, " %s(%g)", a->signals[j].name, a->signals[j].weight);
                fail(t, "\n");
            }
        }
    }
    lua_pop(L, 1);
}

static void check_score(tester *t, lua_State *L, const nf_article *a, const char *name)
{
    double low = -INFINITY, high = INFINITY;
    if (lua_type(L, -1) == LUA_TNUMBER) {
        low = high = lua_tonumber(L, -1);
    } else if (lua_istable(L, -1)) {
        if (nf_rawfield(L, -1, "min") == LUA_TNUMBER)
            low = lua_tonumber(L, -1);
        if (nf_rawfield(L, -2, "max") == LUA_TNUMBER)
            high = lua_tonumber(L, -1);
        lua_pop(L, 2);
    }
    for (size_t i = 0; i < a->n_scores; i++) {
        if (strcmp(a->scores[i].name, name) == 0) {
            double v = a->scores[i].value;
            if (v < low - 1e-9 || v > high + 1e-9)
                fail(t, "    score %s = %g, expected %g..%g\n", name, v, low, high);
            return;
        }
    }
    fail(t, "    no score %s\n", name);
}

static void check_scores(tester *t, lua_State *L, const nf_article *a)
{
    if (nf_rawfield(L, -1, "scores") == LUA_TTABLE) {
        lua_pushnil(L);
        while (lua_next(L, -2)) {
            if (lua_type(L, -2) == LUA_TSTRING)
                check_score(t, L, a, lua_tostring(L, -2));
            lua_pop(L, 1);
        }
    }
    lua_pop(L, 1);
}

/* Whether some occurrence of text lies inside an excluded span. */
static bool text_excluded(const nf_article *a, const char *text)
{
    for (size_t i = 0; i < a->n_excluded; i++)
        if (span_contains(a, a->excluded[i].start, a->excluded[i].end, text))
            return true;
    return false;
}

static void check_excluded(tester *t, lua_State *L, const nf_article *a)
{
    if (nf_rawfield(L, -1, "excluded") == LUA_TTABLE) {
        for (lua_Integer i = 1; i <= (lua_Integer)lua_rawlen(L, -1); i++) {
            const char *text = string_item(L, -1, i);
            if (text && !text_excluded(a, text))
                fail(t, "    \"%s\" is not in an excluded span (%zu spans)\n", text, a->n_excluded);
        }
    }
    lua_pop(L, 1);
}

static void check_errors(tester *t, lua_State *L, const nf_article *a)
{
    size_t expected = nf_rawfield(L, -1, "errors") == LUA_TNUMBER ? (size_t)lua_tointeger(L, -1) : 0;
    lua_pop(L, 1);
    if (a->n_errors == expected)
        return;
    fail(t, "    %zu errors, expected %zu\n", a->n_errors, expected);
    for (size_t i = 0; i < a->n_errors; i++)
        fail(t, "      %s %s %s:%d %s\n", a->errors[i].stage, a->errors[i].code,
             a->errors[i].file ? a->errors[i].file : "-", a->errors[i].line, a->errors[i].message);
}

/* --- running cases --- */

/* Builds the case's article (the case table is at the top of L). */
static void read_case_article(tester *t, lua_State *L, nf_article *a, const char *name)
{
    char id[NF_ID_MAX + 1];
    nf_sanitize_id(name, strlen(name), id);
    const char *file = string_field(L, -1, "file");
    if (file) {
        char path[4096];
        const char *dir = t->rs->config->dir;
        bool relative = file[0] != '/' && dir && strcmp(dir, ".") != 0;
        snprintf(path, sizeof path, "%s%s%s", relative ? dir : "", relative ? "/" : "", file);
        nf_read_file(a, path, t->rs->config->max_article_bytes);
        return;
    }
    const char *title = string_field(L, -1, "title");
    const char *text = string_field(L, -1, "text");
    title = title ? title : "Test";
    text = text ? text : "";
    size_t len = strlen(title) + 2 + strlen(text);
    char *doc = nf_arena_alloc(a->arena, len + 1);
    if (doc == NULL)
        return;
    snprintf(doc, len + 1, "%s\n\n%s", title, text);
    nf_read_txt(a, doc, len, id, t->file);
}

static void run_case(tester *t, lua_State *L, lua_Integer index)
{
    char fallback[32];
    snprintf(fallback, sizeof fallback, "case %lld", (long long)index);
    const char *name = string_field(L, -1, "name");
    name = name ? name : fallback;
    t->report_len = 0;
    t->report[0] = '\0';

    nf_article a;
    if (nf_article_init(&a, &t->worker.arena) < 0) {
        fail(t, "    out of memory\n");
    } else {
        read_case_article(t, L, &a, name);
        nf_engine_process(&t->worker, t->rs, &a);
        check_entities(t, L, &a, true);
        check_entities(t, L, &a, false);
        check_claims(t, L, &a, true);
        check_claims(t, L, &a, false);
        check_signals(t, L, &a, true);
        check_signals(t, L, &a, false);
        check_scores(t, L, &a);
        check_excluded(t, L, &a);
        check_errors(t, L, &a);
        nf_article_release(&a);
        nf_arena_reset(&t->worker.arena);
    }
    if (t->report_len) {
        fprintf(t->out, "FAIL %s: %s\n%s", t->file, name, t->report);
        t->counts->failed++;
    } else {
        t->counts->passed++;
    }
}

/* Runs every case of the list at index 1; protected, since reading the cases pushes values. */
static int run_cases_protected(lua_State *L)
{
    tester *t = lua_touserdata(L, 2);
    lua_settop(L, 1);
    for (lua_Integer i = 1; i <= (lua_Integer)lua_rawlen(L, 1); i++) {
        if (lua_rawgeti(L, 1, i) == LUA_TTABLE)
            run_case(t, L, i);
        lua_settop(L, 1);
    }
    return 0;
}

static int read_whole_file(const char *path, char **out, size_t *len, nf_diag *d)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return nf_diag_set(d, nf_error_from_errno(errno), path, 0, "cannot read: %s", strerror(errno));
    size_t cap = 4096, n = 0;
    char *buf = nf_malloc(cap);
    size_t got;
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            char *grown = nf_realloc(buf, cap *= 2);
            if (grown == NULL)
                nf_free(buf);
            buf = grown;
        }
    }
    fclose(f);
    if (buf == NULL)
        return NF_ENOMEM;
    *out = buf;
    *len = n;
    return 0;
}

static int run_file(tester *t, const char *path, nf_diag *d)
{
    char *source = NULL;
    size_t len = 0;
    int rc = read_whole_file(path, &source, &len, d);
    if (rc < 0)
        return rc;
    lua_State *L = nf_sandbox_state(t->sb);
    rc = nf_sandbox_load_plugin(t->sb, source, len, path, t->rs->config->instruction_limit, d);
    nf_free(source);
    if (rc < 0)
        return rc;
    t->file = path;
    lua_pushcfunction(L, run_cases_protected);
    lua_insert(L, -2);
    lua_pushlightuserdata(L, t);
    if (lua_pcall(L, 2, 0, 0) != LUA_OK) {
        rc = nf_diag_set(d, NF_ELUA, path, 0, "%s", lua_tostring(L, -1));
        lua_pop(L, 1);
    }
    return rc;
}

static bool is_lua_file(const char *name)
{
    size_t n = strlen(name);
    return name[0] != '.' && n > 4 && strcmp(name + n - 4, ".lua") == 0;
}

/* Runs the *.lua files of a folder in sorted order. */
static int run_folder(tester *t, const char *dir, nf_diag *d)
{
    struct dirent **entries;
    int n = scandir(dir, &entries, NULL, alphasort);
    if (n < 0)
        return nf_diag_set(d, nf_error_from_errno(errno), dir, 0, "cannot read: %s", strerror(errno));
    int rc = 0;
    for (int i = 0; i < n; i++) {
        if (rc == 0 && is_lua_file(entries[i]->d_name)) {
            char path[4096];
            snprintf(path, sizeof path, "%s/%s", dir, entries[i]->d_name);
            rc = run_file(t, path, d);
        }
        free(entries[i]);
    }
    free(entries);
    return rc;
}

int nf_ruletest_run(nf_ruleset *rs, const char *const *paths, size_t n_paths, FILE *out,
                    nf_ruletest_counts *counts, nf_diag *d)
{
    tester t = {.rs = rs, .out = out, .counts = counts};
    memset(counts, 0, sizeof *counts);
    nf_worker_init(&t.worker);
    int rc = nf_sandbox_new(rs->config->lua_memory_limit, &t.sb);
    for (size_t i = 0; rc == 0 && i < n_paths; i++) {
        struct stat st;
        if (stat(paths[i], &st) == 0 && S_ISDIR(st.st_mode))
            rc = run_folder(&t, paths[i], d);
        else
            rc = run_file(&t, paths[i], d);
    }
    nf_sandbox_free(t.sb);
    nf_worker_free(&t.worker);
    return rc;
}
