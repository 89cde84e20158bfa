/*
 * stage_entities.c — named entities from lists, matched by one automaton.
 *
 * Plugin fields:
 *   entities = { { name = "Vladimir Putin", type = "PERSON",
 *                  aliases = { "Putin" }, case = "any" }, ... }
 *   lists    = { "lists/people.tsv", { file = "lists/places.tsv", type = "PLACE" },
 *                { file = "lists/cities.tsv", teams = true } }   -- cities name teams in sports copy
 *   on_match = function(a, m) ... end   -- return false to drop m; may change m.type, m.name
 *   on_article = function(a) ... end    -- runs after matching
 *   guess    = { titles = {...}, org_words = {...}, first_names = "lists/first_names.txt", ... }
 *              word classes for guessing the names no list knows (names.h; the
 *              fields are in guess_fields below); without it only lists count
 * A list file has one entity a line: name TAB type TAB aliases separated by
 * "|" [TAB case]; '#' starts a comment line; the type may be empty when the
 * list gives one.
 *
 * Every name and alias is folded like the text (view.h) and goes into one
 * automaton. A match counts when it is a whole word and, unless the entry
 * says case = "any", every capital letter of the alias is a capital in the
 * text too ("US" does not match "us", "Putin" matches "PUTIN"). Of
 * overlapping matches the leftmost-longest wins. The guesser (names.c) then
 * runs over the norm view with the matches as known names; each entity's
 * rule says what found it: the plugin for a list match, "plugin#title" and
 * so on for a guess.
 */
#include "alloc.h"
#include "automaton.h"
#include "engine.h"
#include "luaview.h"
#include "names.h"
#include "plugin.h"
#include "stage.h"
#include "utf8.h"

#include <errno.h>
#include <lauxlib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const entities_fields[] = {"entities", "lists", "guess", "on_match", "on_article",
                                              NULL};

enum case_mode { CASE_CAPITALS, CASE_ANY };

typedef struct entity_entry {
    const char *name;      /* canonical name */
    const char *type;
    const char *alias;     /* the alias as listed, normalized (norm view), for the case check */
    enum case_mode case_mode;
    bool team;             /* from a list whose places name teams in sports copy */
} entity_entry;

typedef struct entities_data {
    nf_automaton *automaton;
    entity_entry *entries;
    size_t n_entries, cap_entries;
    nf_arena strings;      /* names, types and aliases, for the ruleset's lifetime */
    nf_names *names;       /* the guesser's word classes, or NULL without `guess` */
    const char *rules[NF_RULE_COUNT];   /* "plugins/entities.lua#title", ... */
} entities_data;

/* Per worker: the matches, and the guesser's working memory. */
typedef struct entities_scratch {
    nf_ac_matches matches;
    nf_names_scratch *names;
} entities_scratch;

/* What compile needs while it reads lists. */
typedef struct entities_build {
    nf_stage *st;
    entities_data *data;
    nf_ac_builder *builder;
    nf_arena scratch;      /* views of one alias at a time */
    nf_diag *d;
    bool teams;            /* the list being read names teams (lists[i].teams) */
} entities_build;

static void free_entities(void *p)
{
    entities_data *data = p;
    nf_automaton_free(data->automaton);
    nf_names_free(data->names);
    nf_free(data->entries);
    nf_arena_free(&data->strings);
    nf_free(data);
}

static int build_error(entities_build *b, const char *where, int line, const char *message)
{
    if (b->d) {
        snprintf(b->d->file, sizeof b->d->file, "%s", where);
        b->d->line = line;
        snprintf(b->d->message, sizeof b->d->message, "%s", message);
    }
    return NF_ELUA;
}

static int parse_case(const char *s, enum case_mode *mode)
{
    if (s == NULL || *s == '\0' || strcmp(s, "capitals") == 0)
        *mode = CASE_CAPITALS;
    else if (strcmp(s, "any") == 0)
        *mode = CASE_ANY;
    else
        return NF_EINVAL;
    return 0;
}

static int push_entry(entities_data *data, const entity_entry *e)
{
    if (data->n_entries == data->cap_entries) {
        size_t cap = data->cap_entries ? data->cap_entries * 2 : 1024;
        entity_entry *grown = nf_realloc(data->entries, cap * sizeof *grown);
        if (grown == NULL)
            return NF_ENOMEM;
        data->entries = grown;
        data->cap_entries = cap;
    }
    data->entries[data->n_entries++] = *e;
    return 0;
}

/*
 * Two spellings of one entity that differ only in case ("ISIS", "Isis")
 * are one key: a letter stays a required capital only when both spellings
 * capitalize it. Spellings of different lengths keep the first's rule.
 */
static int relax_capitals(entities_build *b, entity_entry *first, const char *other)
{
    size_t len = strlen(first->alias), other_len = strlen(other);
    char *merged = nf_arena_alloc(&b->data->strings, len + 1);
    if (merged == NULL)
        return NF_ENOMEM;
    size_t i = 0, j = 0;
    while (i < len && j < other_len) {
        int32_t a, o;
        int n = nf_utf8_decode(first->alias + i, len - i, &a);
        int m = nf_utf8_decode(other + j, other_len - j, &o);
        /* Where the other spelling is not a capital, take its letter: the two fold alike. */
        bool keep = !nf_utf8_is_upper_cp(a) || nf_utf8_is_upper_cp(o) || n != m;
        memcpy(merged + i, keep ? first->alias + i : other + j, (size_t)n);
        i += (size_t)n;
        j += (size_t)m;
    }
    if (i != len || j != other_len)
        return 0;
    merged[len] = '\0';
    first->alias = merged;
    return 0;
}

/* Adds one alias of an entity: folded as the text will be, it becomes an automaton key. */
static int add_alias(entities_build *b, const char *alias, size_t len, const char *name,
                     const char *type, enum case_mode mode, const char *where, int line)
{
    if (len == 0)
        return 0;
    if (nf_utf8_validate(alias, len) < len || nf_utf8_find_nul(alias, len) < len)
        return build_error(b, where, line, "an alias is not valid UTF-8 text");
    nf_view norm, fold;
    nf_arena_reset(&b->scratch);
    int rc = nf_views_build(&b->scratch, alias, len, &norm, &fold);
    if (rc < 0)
        return rc;
    if (fold.len == 0 || fold.len > UINT32_MAX)
        return 0;
    uint32_t existing;
    if (nf_ac_builder_find(b->builder, fold.text, fold.len, &existing)) {
        /* A key already listed keeps its first entity: lists are read in order, the first wins. */
        entity_entry *first = &b->data->entries[existing];
        return strcmp(first->name, name) == 0 ? relax_capitals(b, first, norm.text) : 0;
    }
    entity_entry e = {name, type, nf_arena_strndup(&b->data->strings, norm.text, norm.len), mode, b->teams};
    if (e.alias == NULL)
        return NF_ENOMEM;
    rc = nf_ac_builder_add(b->builder, fold.text, fold.len, (uint32_t)b->data->n_entries);
    return rc == 0 ? push_entry(b->data, &e) : rc;
}

static int add_entity(entities_build *b, const char *name, const char *type, const char *aliases,
                      char alias_separator, enum case_mode mode, const char *where, int line)
{
    if (!nf_entity_type_valid(type)) {
        char message[200];
        snprintf(message, sizeof message, "entity type '%.40s' is not one of %s", type, nf_entity_types);
        return build_error(b, where, line, message);
    }
    nf_arena *strings = &b->data->strings;
    const char *name_copy = nf_arena_strdup(strings, name);
    const char *type_copy = nf_arena_strdup(strings, type);
    if (name_copy == NULL || type_copy == NULL)
        return NF_ENOMEM;
    int rc = add_alias(b, name, strlen(name), name_copy, type_copy, mode, where, line);
    for (const char *p = aliases; rc == 0 && p && *p;) {
        const char *sep = strchr(p, alias_separator);
        size_t len = sep ? (size_t)(sep - p) : strlen(p);
        rc = add_alias(b, p, len, name_copy, type_copy, mode, where, line);
        p = sep ? sep + 1 : p + len;
    }
    return rc;
}

/* Splits a list line in place at tabs into at most `max` fields; returns how many. */
static size_t split_tabs(char *line, char **fields, size_t max)
{
    size_t n = 0;
    fields[n++] = line;
    for (char *p = line; *p && n < max; p++) {
        if (*p == '\t') {
            *p = '\0';
            fields[n++] = p + 1;
        }
    }
    return n;
}

static int add_list_line(entities_build *b, char *line, const char *default_type,
                         const char *where, int lineno)
{
    line[strcspn(line, "\r\n")] = '\0';
    if (line[0] == '\0' || line[0] == '#')
        return 0;
    char *f[4] = {NULL, NULL, NULL, NULL};
    size_t n = split_tabs(line, f, 4);
    const char *type = n > 1 && f[1][0] ? f[1] : default_type;
    enum case_mode mode;
    if (type == NULL || type[0] == '\0')
        return build_error(b, where, lineno, "no type: give one in the second column or in lists");
    if (parse_case(n > 3 ? f[3] : NULL, &mode) < 0)
        return build_error(b, where, lineno, "the case column must be empty, capitals or any");
    return add_entity(b, f[0], type, n > 2 ? f[2] : NULL, '|', mode, where, lineno);
}

static int read_list(entities_build *b, const char *file, const char *default_type)
{
    char *path = nf_stage_plugin_path(b->st, file);
    if (path == NULL)
        return NF_ENOMEM;
    int rc = nf_stage_add_file(b->st, path);
    FILE *f = rc == 0 ? fopen(path, "r") : NULL;
    if (rc == 0 && f == NULL) {
        char message[300];
        snprintf(message, sizeof message, "cannot read list '%s': %s", file, strerror(errno));
        rc = build_error(b, b->st->rules, 0, message);
    }
    char *line = NULL;
    size_t cap = 0;
    for (int lineno = 1; rc == 0 && getline(&line, &cap, f) >= 0; lineno++)
        rc = add_list_line(b, line, default_type, path, lineno);
    free(line);   /* getline allocates with malloc */
    if (f)
        fclose(f);
    nf_free(path);
    return rc;
}

/* lists[i] at the top of L: a file name, or { file = ..., type = ... }. */
static int read_list_item(entities_build *b, lua_State *L, int i)
{
    if (lua_type(L, -1) == LUA_TSTRING)
        return read_list(b, lua_tostring(L, -1), NULL);
    if (!lua_istable(L, -1))
        return nf_plugin_error(b->st, b->d, "lists[%d] must be a file name or a table", i);
    int rc = 0;
    char where[32];
    snprintf(where, sizeof where, "lists[%d]", i);
    const char *file = nf_plugin_opt_string(L, b->st, where, "file", &rc, b->d);
    const char *type = nf_plugin_opt_string(L, b->st, where, "type", &rc, b->d);
    if (rc == 0 && file == NULL)
        rc = nf_plugin_error(b->st, b->d, "lists[%d].file is missing", i);
    int teams = nf_rawfield(L, -1, "teams");
    b->teams = lua_toboolean(L, -1);
    lua_pop(L, 1);
    if (rc == 0 && teams != LUA_TNIL && teams != LUA_TBOOLEAN)
        rc = nf_plugin_error(b->st, b->d, "lists[%d].teams must be true or false", i);
    if (rc == 0)
        rc = read_list(b, file, type);
    b->teams = false;
    return rc;
}

static int read_lists(entities_build *b, lua_State *L)
{
    int n = nf_plugin_array(L, b->st, "lists", b->d);
    if (n < 0)
        return n;
    int rc = 0;
    for (int i = 1; rc == 0 && i <= n; i++) {
        lua_rawgeti(L, -1, i);
        rc = read_list_item(b, L, i);
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    return rc;
}

/*
 * Joins the aliases array at the top of L into one malloc'd string, each
 * alias after a '\n' (which no alias contains). *out is NULL when absent.
 */
static int join_aliases(entities_build *b, lua_State *L, const char *where, char **out)
{
    *out = NULL;
    if (lua_isnil(L, -1))
        return 0;
    if (!lua_istable(L, -1))
        return nf_plugin_error(b->st, b->d, "%s.aliases must be an array of strings", where);
    size_t len = 0;
    char *joined = nf_strdup("");
    for (lua_Integer i = 1; joined && i <= (lua_Integer)lua_rawlen(L, -1); i++) {
        size_t n;
        if (lua_rawgeti(L, -1, i) != LUA_TSTRING) {
            lua_pop(L, 1);
            nf_free(joined);
            return nf_plugin_error(b->st, b->d, "%s.aliases[%d] must be a string", where, (int)i);
        }
        const char *alias = lua_tolstring(L, -1, &n);
        char *grown = nf_realloc(joined, len + n + 2);
        if (grown) {
            grown[len] = '\n';
            memcpy(grown + len + 1, alias, n + 1);
            len += n + 1;
        } else {
            nf_free(joined);
        }
        joined = grown;
        lua_pop(L, 1);
    }
    *out = joined;
    return joined ? 0 : NF_ENOMEM;
}

/* entities[i] at the top of L. */
static int read_inline_entity(entities_build *b, lua_State *L, int i)
{
    char where[32];
    snprintf(where, sizeof where, "entities[%d]", i);
    if (!lua_istable(L, -1))
        return nf_plugin_error(b->st, b->d, "%s must be a table", where);
    int rc = 0;
    const char *name = nf_plugin_opt_string(L, b->st, where, "name", &rc, b->d);
    const char *type = nf_plugin_opt_string(L, b->st, where, "type", &rc, b->d);
    const char *case_name = nf_plugin_opt_string(L, b->st, where, "case", &rc, b->d);
    enum case_mode mode = CASE_CAPITALS;
    if (rc == 0 && (name == NULL || type == NULL))
        rc = nf_plugin_error(b->st, b->d, "%s needs a name and a type", where);
    if (rc == 0 && parse_case(case_name, &mode) < 0)
        rc = nf_plugin_error(b->st, b->d, "%s.case must be \"capitals\" or \"any\"", where);
    if (rc < 0)
        return rc;
    nf_rawfield(L, -1, "aliases");
    char *aliases;
    rc = join_aliases(b, L, where, &aliases);
    lua_pop(L, 1);
    if (rc == 0)
        rc = add_entity(b, name, type, aliases, '\n', mode, b->st->rules, 0);
    nf_free(aliases);
    return rc;
}

static int read_inline_entities(entities_build *b, lua_State *L)
{
    int n = nf_plugin_array(L, b->st, "entities", b->d);
    if (n < 0)
        return n;
    int rc = 0;
    for (int i = 1; rc == 0 && i <= n; i++) {
        lua_rawgeti(L, -1, i);
        rc = read_inline_entity(b, L, i);
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    return rc;
}

/* The word lists of `guess` and the class each gives its words (names.h). */
static const struct guess_field {
    const char *field;
    unsigned classes;
} guess_fields[] = {
    {"titles", NF_WORD_TITLE},           {"org_words", NF_WORD_ORG},
    {"place_words", NF_WORD_PLACE},      {"event_words", NF_WORD_EVENT},
    {"particles", NF_WORD_PARTICLE},     {"connectors", NF_WORD_CONNECTOR},
    {"stopwords", NF_WORD_STOP},         {"place_cues", NF_WORD_PLACE_CUE},
    {"speech_verbs", NF_WORD_SPEECH},    {"first_names", NF_WORD_FIRST_NAME},
    {"abbreviations", NF_WORD_ABBREV},   {"sport_words", NF_WORD_SPORT},
    {"common_words", NF_WORD_COMMON},
};

static int add_guess_word(entities_build *b, unsigned classes, const char *word, size_t len,
                          const char *where, int line)
{
    int rc = nf_names_add_word(b->data->names, word, len, classes);
    if (rc == NF_EINVAL)
        return build_error(b, where, line, "a guess word must be one word: no spaces, not empty");
    return rc;
}

/* A word file: one word a line, '#' starts a comment line. */
static int read_guess_file(entities_build *b, const char *file, unsigned classes)
{
    char *path = nf_stage_plugin_path(b->st, file);
    if (path == NULL)
        return NF_ENOMEM;
    int rc = nf_stage_add_file(b->st, path);
    FILE *f = rc == 0 ? fopen(path, "r") : NULL;
    if (rc == 0 && f == NULL) {
        char message[300];
        snprintf(message, sizeof message, "cannot read word file '%s': %s", file, strerror(errno));
        rc = build_error(b, b->st->rules, 0, message);
    }
    char *line = NULL;
    size_t cap = 0;
    for (int lineno = 1; rc == 0 && getline(&line, &cap, f) >= 0; lineno++) {
        size_t len = strcspn(line, "\r\n");
        if (len > 0 && line[0] != '#')
            rc = add_guess_word(b, classes, line, len, path, lineno);
    }
    free(line);   /* getline allocates with malloc */
    if (f)
        fclose(f);
    nf_free(path);
    return rc;
}

/* guess.<field> at the top of L: an array of words, or the name of a word file. */
static int read_guess_words(entities_build *b, lua_State *L, const struct guess_field *g)
{
    if (lua_type(L, -1) == LUA_TSTRING)
        return read_guess_file(b, lua_tostring(L, -1), g->classes);
    if (!lua_istable(L, -1))
        return nf_plugin_error(b->st, b->d, "guess.%s must be an array of words or a file name",
                               g->field);
    int rc = 0;
    for (lua_Integer i = 1; rc == 0 && i <= (lua_Integer)lua_rawlen(L, -1); i++) {
        size_t len = 0;
        const char *word = lua_rawgeti(L, -1, i) == LUA_TSTRING ? lua_tolstring(L, -1, &len) : NULL;
        if (word == NULL)
            rc = nf_plugin_error(b->st, b->d, "guess.%s[%d] must be a string", g->field, (int)i);
        else if ((rc = nf_names_add_word(b->data->names, word, len, g->classes)) == NF_EINVAL)
            rc = nf_plugin_error(b->st, b->d, "guess.%s[%d] must be one word: no spaces, not empty",
                                 g->field, (int)i);
        lua_pop(L, 1);
    }
    return rc;
}

/* guess.single_type: the type of a lone unknown capitalized word, or false for none. */
static int read_single_type(entities_build *b, lua_State *L)
{
    if (lua_isboolean(L, -1) && !lua_toboolean(L, -1)) {
        nf_names_set_single_type(b->data->names, NULL);
        return 0;
    }
    const char *type = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
    if (type == NULL || !nf_entity_type_valid(type))
        return nf_plugin_error(b->st, b->d, "guess.single_type must be false or one of %s",
                               nf_entity_types);
    type = nf_arena_strdup(&b->data->strings, type);
    if (type == NULL)
        return NF_ENOMEM;
    nf_names_set_single_type(b->data->names, type);
    return 0;
}

/* One key of the guess table: its value is at the top of L, its name below. */
static int read_guess_key(entities_build *b, lua_State *L)
{
    const char *key = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : "";
    if (strcmp(key, "single_type") == 0)
        return read_single_type(b, L);
    for (size_t i = 0; i < sizeof guess_fields / sizeof guess_fields[0]; i++)
        if (strcmp(key, guess_fields[i].field) == 0)
            return read_guess_words(b, L, &guess_fields[i]);
    return nf_plugin_error(b->st, b->d, "guess.%s is not a guess field (titles, org_words, place_words, "
                           "event_words, particles, connectors, stopwords, place_cues, speech_verbs, "
                           "first_names, abbreviations, sport_words, common_words, single_type)", key);
}

/* The rule names of guessed entities: "<plugin>#<rule>"; a list match's rule is the plugin. */
static int name_rules(entities_build *b)
{
    entities_data *data = b->data;
    data->rules[NF_RULE_LIST] = b->st->rules;
    for (int r = NF_RULE_LIST + 1; r < NF_RULE_COUNT; r++) {
        size_t len = strlen(b->st->rules) + strlen(nf_name_rules[r]) + 2;
        char *rule = nf_arena_alloc(&data->strings, len);
        if (rule == NULL)
            return NF_ENOMEM;
        snprintf(rule, len, "%s#%s", b->st->rules, nf_name_rules[r]);
        data->rules[r] = rule;
    }
    return 0;
}

static int read_guess(entities_build *b, lua_State *L)
{
    int type = nf_rawfield(L, -1, "guess");
    int rc = 0;
    if (type != LUA_TNIL && type != LUA_TTABLE)
        rc = nf_plugin_error(b->st, b->d, "'guess' must be a table, not a %s", luaL_typename(L, -1));
    if (type == LUA_TTABLE) {
        b->data->names = nf_names_new();
        rc = b->data->names ? name_rules(b) : NF_ENOMEM;
        lua_pushnil(L);
        while (rc == 0 && lua_next(L, -2) != 0) {
            rc = read_guess_key(b, L);
            lua_pop(L, rc == 0 ? 1 : 2);   /* the value; on an error the key too: no next */
        }
    }
    lua_pop(L, 1);
    return rc;
}

static int compile_entities(nf_stage *st, lua_State *L, nf_diag *d)
{
    entities_data *data = nf_calloc(1, sizeof *data);
    if (data == NULL)
        return NF_ENOMEM;
    st->data = data;
    nf_arena_init(&data->strings, 256 * 1024);
    entities_build b = {st, data, nf_ac_builder_new(), {0}, d, false};
    nf_arena_init(&b.scratch, 4096);
    int rc = b.builder ? read_inline_entities(&b, L) : NF_ENOMEM;
    if (rc == 0)
        rc = read_lists(&b, L);
    if (rc == 0)
        rc = read_guess(&b, L);
    if (rc == 0)
        rc = nf_ac_build(b.builder, &data->automaton);
    nf_ac_builder_free(b.builder);
    nf_arena_free(&b.scratch);
    return rc;
}

/* Whether every capital letter of the alias is a capital in the text, letter by letter. */
static bool capitals_match(const char *alias, const char *text, size_t text_len)
{
    size_t alias_len = strlen(alias), i = 0, j = 0;
    for (;;) {
        int32_t ac = 0, tc = 0;
        while (i < alias_len) {
            i += (size_t)nf_utf8_decode(alias + i, alias_len - i, &ac);
            if (nf_utf8_is_word_cp(ac))
                break;
            ac = 0;
        }
        while (j < text_len) {
            j += (size_t)nf_utf8_decode(text + j, text_len - j, &tc);
            if (nf_utf8_is_word_cp(tc))
                break;
            tc = 0;
        }
        if (ac == 0 || tc == 0)
            return true;   /* one ran out first: folding changed the letter count, accept */
        if (nf_utf8_is_upper_cp(ac) && !nf_utf8_is_upper_cp(tc))
            return false;
    }
}

/* Keeps the matches whose case fits, with their offsets mapped to the document. */
static void filter_matches(const entities_data *data, const nf_article *a, nf_ac_matches *m)
{
    size_t kept = 0;
    for (size_t i = 0; i < m->n; i++) {
        nf_ac_match match = m->items[i];
        const entity_entry *e = &data->entries[match.value];
        match.start = nf_view_doc_start(&a->fold, match.start);
        match.end = nf_view_doc_end(&a->fold, match.end);
        if (match.start >= match.end)
            continue;
        if (e->case_mode == CASE_CAPITALS &&
            !capitals_match(e->alias, a->doc + match.start, match.end - match.start))
            continue;
        m->items[kept++] = match;
    }
    m->n = kept;
}

/*
 * Lets the plugin's on_match veto or rename a match. Returns 1 to keep, 0
 * to drop; the hook may set m.type and m.name, read back into *type, *name.
 */
static int ask_on_match(nf_worker *w, const nf_stage *st, nf_article *a, nf_entity *e)
{
    lua_State *L = nf_sandbox_state(w->sb);
    if (!nf_worker_push_hook(w, st, "on_match"))
        return 1;
    nf_worker_push_view(w);
    nf_luaview_push_entity(L, a, e);
    lua_pushvalue(L, -1);
    lua_insert(L, -4);                 /* keep the match table below the call */
    if (nf_worker_call(w, st, 2, 1) < 0) {
        lua_pop(L, 1);
        return 1;
    }
    int keep = !(lua_isboolean(L, -1) && !lua_toboolean(L, -1));
    lua_pop(L, 1);
    if (keep) {
        if (nf_rawfield(L, -1, "type") == LUA_TSTRING && strcmp(lua_tostring(L, -1), e->type) != 0)
            e->type = nf_arena_strdup(a->arena, lua_tostring(L, -1));
        lua_pop(L, 1);
        if (nf_rawfield(L, -1, "name") == LUA_TSTRING && strcmp(lua_tostring(L, -1), e->name) != 0)
            e->name = nf_arena_strdup(a->arena, lua_tostring(L, -1));
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    return keep;
}

/* Asks on_match about an entity and adds it when kept. */
static int add_found(nf_worker *w, const nf_stage *st, nf_article *a, nf_entity e)
{
    if (!ask_on_match(w, st, a, &e))
        return 0;
    if (e.type == NULL || e.name == NULL)
        return NF_ENOMEM;
    return nf_article_add_entity(a, e.start, e.end, e.type, e.name, e.rule);
}

static int add_matches(nf_worker *w, const nf_stage *st, nf_article *a, const nf_ac_matches *m)
{
    const entities_data *data = st->data;
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < m->n; i++) {
        const entity_entry *entry = &data->entries[m->items[i].value];
        rc = add_found(w, st, a,
                       (nf_entity){m->items[i].start, m->items[i].end, entry->type, entry->name, st->rules});
    }
    return rc;
}

/* The guesser's input, from the article's arena: list matches and sentence starts in norm offsets. */
static int guess_input(const nf_ac_matches *m, const entities_data *data, nf_article *a,
                       nf_names_input *in)
{
    nf_names_known *known = nf_arena_alloc(a->arena, (m->n + 1) * sizeof *known);
    uint32_t *sentences = nf_arena_alloc(a->arena, (a->n_sentences + 1) * sizeof *sentences);
    if (known == NULL || sentences == NULL)
        return NF_ENOMEM;
    for (size_t i = 0; i < m->n; i++) {
        const entity_entry *entry = &data->entries[m->items[i].value];
        known[i] = (nf_names_known){(uint32_t)nf_view_from_doc(&a->norm, m->items[i].start),
                                       (uint32_t)nf_view_from_doc(&a->norm, m->items[i].end),
                                       entry->type, entry->name, entry->team};
    }
    for (size_t i = 0; i < a->n_sentences; i++)
        sentences[i] = (uint32_t)nf_view_from_doc(&a->norm, a->sentences[i].start);
    *in = (nf_names_input){a->norm.text, a->norm.len, sentences, a->n_sentences, known, m->n,
                           a->title_end > a->title_start ? nf_view_from_doc(&a->norm, a->title_end) : 0};
    return 0;
}

/* List matches and guesses together, as the guesser types and names them. */
static int add_guessed(nf_worker *w, const nf_stage *st, nf_article *a, entities_scratch *s)
{
    const entities_data *data = st->data;
    nf_names_input in;
    const nf_name *names;
    size_t n;
    int rc = guess_input(&s->matches, data, a, &in);
    if (rc == 0)
        rc = nf_names_find(data->names, s->names, &in, a->arena, &names, &n);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        nf_entity e = {nf_view_doc_start(&a->norm, names[i].start), nf_view_doc_end(&a->norm, names[i].end),
                       names[i].type, names[i].name, data->rules[names[i].rule]};
        rc = add_found(w, st, a, e);
    }
    return rc;
}

static int run_entities(const nf_stage *st, nf_worker *w, nf_article *a)
{
    const entities_data *data = st->data;
    entities_scratch *s = w->scratch[st->index];
    int rc = nf_article_views(a, st->name);
    if (rc < 0)
        return rc == NF_ENOMEM ? rc : 0;
    s->matches.n = 0;
    rc = nf_automaton_scan(data->automaton, a->fold.text, a->fold.len, &s->matches);
    if (rc < 0)
        return rc;
    filter_matches(data, a, &s->matches);
    nf_ac_resolve_longest(&s->matches);
    rc = data->names ? add_guessed(w, st, a, s) : add_matches(w, st, a, &s->matches);
    if (rc < 0)
        return rc;
    nf_worker_run_hook(w, st, "on_article");
    return 0;
}

static void free_scratch(void *p)
{
    entities_scratch *s = p;
    if (s) {
        nf_ac_matches_free(&s->matches);
        nf_names_scratch_free(s->names);
        nf_free(s);
    }
}

static void *new_scratch(const nf_stage *st)
{
    entities_scratch *s = nf_calloc(1, sizeof *s);
    if (s && ((const entities_data *)st->data)->names && (s->names = nf_names_scratch_new()) == NULL) {
        nf_free(s);
        return NULL;
    }
    return s;
}

const nf_stage_type nf_stage_entities = {
    .name = "entities",
    .needs_rules = true,
    .fields = entities_fields,
    .compile = compile_entities,
    .free_data = free_entities,
    .scratch_new = new_scratch,
    .scratch_free = free_scratch,
    .run = run_entities,
};
