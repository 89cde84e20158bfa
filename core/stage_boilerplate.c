/*
 * stage_boilerplate.c — marks text that is not article text (content-farm
 * footers, share buttons, copyright lines) so later stages skip it.
 *
 * Plugin fields:
 *   rules = { { id = "source_article", phrases = { "Source Article from" },
 *               at = "start",          -- "any" (default), "start" or "line"
 *               max_line = 300,        -- only lines of at most this many bytes
 *               pattern = [[^Views: \d+$]], flags = "i",  -- PCRE2, checked on the line
 *               to_end = true,         -- exclude from the line to the end of the document
 *               signal = { name = "CONTENT_FARM_FOOTER", weight = -2, why = "..." } }, ... }
 *   on_article = function(a) ... end
 *
 * The phrases of every rule go into one automaton, matched on whole words
 * of the fold view (case-insensitive, typographic variants gone). A line
 * holding a phrase is a candidate; the anchor, line length and pattern of
 * the phrase's rules are then checked on that line alone, and the first
 * rule that holds excludes the whole line (nf_article_exclude, with the
 * rule's id) and adds its signal, once per article. The title is never
 * excluded.
 *
 * Speed: an automaton reads a few bytes per nanosecond at best, and most
 * of an article is long paragraphs that no rule can take. So the stage
 * scans a line whole only when it is short enough for a rule that matches
 * anywhere; a line up to the longest max_line of the anchored rules is
 * scanned only at its start, and only when its first word starts one of
 * their phrases; other lines are skipped unread.
 */
#include "alloc.h"
#include "automaton.h"
#include "engine.h"
#include "hash.h"
#include "patterns.h"
#include "phrases.h"
#include "plugin.h"
#include "stage.h"
#include "utf8.h"

#include <lauxlib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

static const char *const boilerplate_fields[] = {"rules", "on_article", NULL};

/* Where on its line a phrase must be. */
typedef enum anchor {
    AT_ANY,     /* anywhere */
    AT_START,   /* nothing but non-word characters (bullets, spaces) before it */
    AT_LINE     /* nothing but non-word characters around it: the phrase is the line */
} anchor;

typedef struct bp_rule {
    char *id;
    anchor at;
    uint32_t max_line;   /* in bytes of the folded line; UINT32_MAX: any length */
    bool to_end;
    nf_pattern *re;      /* NULL: no pattern */
    char *signal;        /* NULL: the rule adds no signal */
    double weight;
    char *why;
} bp_rule;

/* The rules a phrase belongs to, as a chain: a phrase may serve several rules. */
typedef struct bp_link {
    uint32_t rule;
    uint32_t next;       /* NO_LINK at the end */
} bp_link;

#define NO_LINK UINT32_MAX

/* First words of anchored phrases (folded; a first character for "©"), at most FIRST_WORD_MAX bytes. */
#define FIRST_WORD_MAX 31
typedef struct first_word {
    char word[FIRST_WORD_MAX + 1];
} first_word;

typedef struct bp_data {
    bp_rule *rules;
    size_t n_rules;
    bp_link *links;
    size_t n_links, cap_links;
    nf_automaton *phrases;   /* value: the phrase's first link */
    uint32_t max_groups;
    uint32_t whole_max;      /* lines up to this long are scanned whole (rules at = "any") */
    uint32_t anchored_max;   /* longer lines hold no anchored phrase */
    uint32_t anchored_len;   /* bytes of the longest anchored phrase */
    first_word *words;       /* open addressing, a power of two; empty word: free slot */
    size_t n_words, cap_words;
    bool any_start;          /* an anchored phrase has no usable first word: every line start is scanned */
} bp_data;

typedef struct bp_scratch {
    nf_ac_matches matches;
    nf_match_scratch *match;   /* NULL when no rule has a pattern */
    bool *fired;               /* per rule, for this article */
} bp_scratch;

static void free_boilerplate(void *p)
{
    bp_data *data = p;
    for (size_t i = 0; i < data->n_rules; i++) {
        nf_free(data->rules[i].id);
        nf_pattern_free(data->rules[i].re);
        nf_free(data->rules[i].signal);
        nf_free(data->rules[i].why);
    }
    nf_free(data->rules);
    nf_free(data->links);
    nf_free(data->words);
    nf_automaton_free(data->phrases);
    nf_free(data);
}

/* --- first words of anchored phrases --- */

static first_word *word_slot(first_word *words, size_t cap, const char *w, size_t len)
{
    size_t i = nf_hash32(w, len) & (cap - 1);
    while (words[i].word[0] && !(strlen(words[i].word) == len && memcmp(words[i].word, w, len) == 0))
        i = (i + 1) & (cap - 1);
    return &words[i];
}

static bool has_first_word(const bp_data *data, const char *w, size_t len)
{
    return data->cap_words && len <= FIRST_WORD_MAX &&
           word_slot(data->words, data->cap_words, w, len)->word[0] != '\0';
}

static int grow_words(bp_data *data)
{
    size_t cap = data->cap_words ? data->cap_words * 2 : 64;
    first_word *words = nf_calloc(cap, sizeof *words);
    if (words == NULL)
        return NF_ENOMEM;
    for (size_t i = 0; i < data->cap_words; i++)
        if (data->words[i].word[0])
            *word_slot(words, cap, data->words[i].word, strlen(data->words[i].word)) = data->words[i];
    nf_free(data->words);
    data->words = words;
    data->cap_words = cap;
    return 0;
}

/* The first run of word characters of text[from, to): sets *start and returns its end. */
static size_t first_word_of(const char *text, size_t from, size_t to, size_t *start)
{
    int32_t cp = 0;
    size_t i = from;
    while (i < to) {
        int n = nf_utf8_decode(text + i, to - i, &cp);
        if (nf_utf8_is_word_cp(cp))
            break;
        i += (size_t)n;
    }
    *start = i;
    while (i < to) {
        int n = nf_utf8_decode(text + i, to - i, &cp);
        if (!nf_utf8_is_word_cp(cp))
            break;
        i += (size_t)n;
    }
    return i;
}

/*
 * Notes an anchored phrase (folded): its length, and its first word, or
 * when it has none its first character past ASCII punctuation ("©"); a
 * phrase of ASCII punctuation alone makes every line start a candidate.
 */
static int note_anchored(bp_data *data, const char *key, size_t len)
{
    size_t start, end = first_word_of(key, 0, len, &start);
    if (len > data->anchored_len)
        data->anchored_len = (uint32_t)len;
    if (end == start) {   /* "©": its first character past ASCII punctuation, as lines are read */
        int32_t cp;
        for (start = 0; start < len && (unsigned char)key[start] < 0x80; start++)
            ;
        if (start == len) {
            data->any_start = true;
            return 0;
        }
        end = start + (size_t)nf_utf8_decode(key + start, len - start, &cp);
    }
    if (end - start > FIRST_WORD_MAX) {
        data->any_start = true;
        return 0;
    }
    if ((data->n_words + 1) * 2 > data->cap_words && grow_words(data) < 0)
        return NF_ENOMEM;
    first_word *slot = word_slot(data->words, data->cap_words, key + start, end - start);
    if (slot->word[0] == '\0') {
        memcpy(slot->word, key + start, end - start);
        slot->word[end - start] = '\0';
        data->n_words++;
    }
    return 0;
}

/* --- compiling rules --- */

static int parse_anchor(const char *s, anchor *at)
{
    if (s == NULL || strcmp(s, "any") == 0)
        *at = AT_ANY;
    else if (strcmp(s, "start") == 0)
        *at = AT_START;
    else if (strcmp(s, "line") == 0)
        *at = AT_LINE;
    else
        return NF_EINVAL;
    return 0;
}

/* rules[i].signal at the top of L: { name =, weight =, why = }. */
static int compile_signal(const nf_stage *st, lua_State *L, bp_rule *r, nf_diag *d)
{
    if (!lua_istable(L, -1))
        return nf_plugin_error(st, d, "rule '%s': signal must be a table { name =, weight =, why = }",
                               r->id);
    int rc = 0;
    const char *name = nf_plugin_opt_string(L, st, r->id, "name", &rc, d);
    const char *why = nf_plugin_opt_string(L, st, r->id, "why", &rc, d);
    bool ok_weight = nf_rawfield(L, -1, "weight") == LUA_TNUMBER && isfinite(lua_tonumber(L, -1));
    r->weight = lua_tonumber(L, -1);
    lua_pop(L, 1);
    if (rc < 0)
        return rc;
    if (name == NULL || !ok_weight)
        return nf_plugin_error(st, d, "rule '%s': signal needs a name and a finite weight", r->id);
    r->signal = nf_strdup(name);
    r->why = nf_strdup(why ? why : "");
    return r->signal && r->why ? 0 : NF_ENOMEM;
}

static int compile_rule_pattern(const nf_stage *st, const char *re, const char *flags, bp_rule *r,
                                bp_data *data, nf_diag *d)
{
    nf_diag pd;
    int rc = nf_pattern_compile(re, strlen(re), flags, &r->re, &pd);
    if (rc == NF_ENOMEM)
        return rc;
    if (rc < 0)
        return nf_plugin_error(st, d, "rule '%s': pattern: %s", r->id, pd.message);
    if (nf_pattern_groups(r->re) > data->max_groups)
        data->max_groups = nf_pattern_groups(r->re);
    return 0;
}

static int compile_max_line(const nf_stage *st, lua_State *L, bp_rule *r, nf_diag *d)
{
    int is_integer;
    int type = nf_rawfield(L, -1, "max_line");
    lua_Integer max_line = lua_tointegerx(L, -1, &is_integer);
    lua_pop(L, 1);
    if (type == LUA_TNIL)
        max_line = UINT32_MAX;
    else if (!is_integer || max_line <= 0 || max_line > UINT32_MAX)
        return nf_plugin_error(st, d, "rule '%s': max_line must be a positive integer", r->id);
    r->max_line = (uint32_t)max_line;
    return 0;
}

/* The options of rules[i] (at the top of L) besides its phrases. */
static int compile_rule_options(const nf_stage *st, lua_State *L, bp_rule *r, bp_data *data,
                                nf_diag *d)
{
    int rc = 0;
    const char *at = nf_plugin_opt_string(L, st, r->id, "at", &rc, d);
    const char *re = nf_plugin_opt_string(L, st, r->id, "pattern", &rc, d);
    const char *flags = nf_plugin_opt_string(L, st, r->id, "flags", &rc, d);
    if (rc == 0 && parse_anchor(at, &r->at) < 0)
        rc = nf_plugin_error(st, d, "rule '%s': at must be \"any\", \"start\" or \"line\"", r->id);
    if (rc == 0)
        rc = compile_max_line(st, L, r, d);
    if (rc < 0)
        return rc;
    int type = nf_rawfield(L, -1, "to_end");
    r->to_end = lua_toboolean(L, -1);
    lua_pop(L, 1);
    if (type != LUA_TNIL && type != LUA_TBOOLEAN)
        return nf_plugin_error(st, d, "rule '%s': to_end must be a boolean", r->id);
    if (re && (rc = compile_rule_pattern(st, re, flags, r, data, d)) < 0)
        return rc;
    if (nf_rawfield(L, -1, "signal") != LUA_TNIL)
        rc = compile_signal(st, L, r, d);
    lua_pop(L, 1);
    return rc;
}

typedef struct phrase_ctx {
    bp_data *data;
    nf_ac_builder *builder;
    nf_arena scratch;
    uint32_t rule;
} phrase_ctx;

static int push_link(bp_data *data, uint32_t rule, uint32_t *index)
{
    if (data->n_links == data->cap_links) {
        size_t cap = data->cap_links ? data->cap_links * 2 : 64;
        bp_link *links = nf_realloc(data->links, cap * sizeof *links);
        if (links == NULL)
            return NF_ENOMEM;
        data->links = links;
        data->cap_links = cap;
    }
    *index = (uint32_t)data->n_links;
    data->links[data->n_links++] = (bp_link){rule, NO_LINK};
    return 0;
}

/* Adds a phrase of ctx->rule: a new key, or one more rule at the end of an existing key's chain. */
static int add_phrase(void *ud, const char *s, size_t len)
{
    phrase_ctx *ctx = ud;
    bp_data *data = ctx->data;
    const char *key;
    size_t key_len;
    uint32_t link, tail;
    int rc = nf_phrase_fold(&ctx->scratch, s, len, &key, &key_len);
    if (rc == 0 && data->rules[ctx->rule].at != AT_ANY)
        rc = note_anchored(data, key, key_len);
    if (rc < 0)
        return rc;
    if (!nf_ac_builder_find(ctx->builder, key, key_len, &tail)) {
        rc = push_link(data, ctx->rule, &link);
        return rc < 0 ? rc : nf_ac_builder_add(ctx->builder, key, key_len, link);
    }
    while (data->links[tail].next != NO_LINK)
        tail = data->links[tail].next;
    if (data->links[tail].rule == ctx->rule)
        return 0;   /* listed twice in one rule */
    rc = push_link(data, ctx->rule, &link);
    if (rc == 0)
        data->links[tail].next = link;
    return rc;
}

static int compile_phrases(const nf_stage *st, lua_State *L, bp_rule *r, phrase_ctx *ctx,
                           nf_diag *d)
{
    int rc = nf_plugin_strings(L, st, "phrases", add_phrase, ctx, d);
    if (rc == NF_EUTF8 || rc == NF_EINVAL)
        return nf_plugin_error(st, d, "rule '%s': a phrase is empty or not UTF-8 text", r->id);
    if (rc == NF_ETOOBIG)
        return nf_plugin_error(st, d, "rule '%s': too many phrases", r->id);
    return rc;
}

/* Widens the line lengths the scan must look at for this rule. */
static void note_reach(bp_data *data, const bp_rule *r)
{
    uint32_t *reach = r->at == AT_ANY ? &data->whole_max : &data->anchored_max;
    if (r->max_line > *reach)
        *reach = r->max_line;
}

/* rules[i] at the top of L. */
static int compile_rule(const nf_stage *st, lua_State *L, int i, phrase_ctx *ctx, nf_diag *d)
{
    bp_data *data = ctx->data;
    if (!lua_istable(L, -1))
        return nf_plugin_error(st, d, "rules[%d] must be a table", i);
    char where[32];
    snprintf(where, sizeof where, "rules[%d]", i);
    int rc = 0;
    const char *id = nf_plugin_opt_string(L, st, where, "id", &rc, d);
    if (rc < 0)
        return rc;
    if (id == NULL)
        return nf_plugin_error(st, d, "%s needs an id", where);
    bp_rule *r = &data->rules[data->n_rules++];
    r->id = nf_strdup(id);
    if (r->id == NULL)
        return NF_ENOMEM;
    rc = compile_rule_options(st, L, r, data, d);
    if (rc < 0)
        return rc;
    int type = nf_rawfield(L, -1, "phrases");
    lua_pop(L, 1);
    if (type != LUA_TTABLE)
        return nf_plugin_error(st, d, "rule '%s' needs phrases (an array of strings)", r->id);
    note_reach(data, r);
    ctx->rule = (uint32_t)(data->n_rules - 1);
    return compile_phrases(st, L, r, ctx, d);
}

static int compile_rules(const nf_stage *st, lua_State *L, phrase_ctx *ctx, nf_diag *d)
{
    int n = nf_plugin_array(L, st, "rules", d);
    if (n < 0)
        return n;
    ctx->data->rules = nf_calloc((size_t)n + 1, sizeof *ctx->data->rules);
    int rc = ctx->data->rules ? 0 : NF_ENOMEM;
    for (int i = 1; rc == 0 && i <= n; i++) {
        lua_rawgeti(L, -1, i);
        rc = compile_rule(st, L, i, ctx, d);
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    return rc;
}

static int compile_boilerplate(nf_stage *st, lua_State *L, nf_diag *d)
{
    bp_data *data = nf_calloc(1, sizeof *data);
    if (data == NULL)
        return NF_ENOMEM;
    st->data = data;
    phrase_ctx ctx = {data, nf_ac_builder_new(), {0}, 0};
    nf_arena_init(&ctx.scratch, 1024);
    int rc = ctx.builder ? compile_rules(st, L, &ctx, d) : NF_ENOMEM;
    if (rc == 0)
        rc = nf_ac_build(ctx.builder, &data->phrases);
    nf_ac_builder_free(ctx.builder);
    nf_arena_free(&ctx.scratch);
    return rc;
}

/* --- scratch --- */

static void free_scratch(void *p)
{
    bp_scratch *s = p;
    if (s == NULL)
        return;
    nf_ac_matches_free(&s->matches);
    nf_match_scratch_free(s->match);
    nf_free(s->fired);
    nf_free(s);
}

static void *new_scratch(const nf_stage *st)
{
    const bp_data *data = st->data;
    bp_scratch *s = nf_calloc(1, sizeof *s);
    if (s == NULL)
        return NULL;
    s->fired = nf_calloc(data->n_rules + 1, sizeof *s->fired);
    if (data->max_groups)
        s->match = nf_match_scratch_new(data->max_groups);
    if (s->fired == NULL || (data->max_groups && s->match == NULL)) {
        free_scratch(s);
        return NULL;
    }
    return s;
}

/* --- running --- */

/* Whether text[from, to) holds no word character (letters, digits). */
static bool no_word(const char *text, size_t from, size_t to)
{
    size_t start;
    first_word_of(text, from, to, &start);
    return start == to;
}

/* A line of the fold view: [start, end), end at its line break or the text's end. */
typedef struct line {
    size_t start, end;
} line;

/* Whether rule r holds for the phrase [m_start, m_end) on line l. */
static bool rule_holds(const bp_rule *r, const nf_article *a, bp_scratch *s, line l,
                       size_t m_start, size_t m_end, int *rc)
{
    const char *text = a->fold.text;
    if (l.end - l.start > r->max_line)
        return false;
    if (r->at != AT_ANY && !no_word(text, l.start, m_start))
        return false;
    if (r->at == AT_LINE && !no_word(text, m_end, l.end))
        return false;
    if (r->re == NULL)
        return true;
    /* Patterns see the line in the norm view: original case, typographic variants gone. */
    size_t start = nf_view_from_doc(&a->norm, nf_view_doc_start(&a->fold, l.start));
    size_t end = nf_view_from_doc(&a->norm, nf_view_doc_end(&a->fold, l.end));
    int found = nf_pattern_match(r->re, a->norm.text + start, end - start, 0, s->match);
    if (found < 0)
        *rc = found;
    return found == 1;
}

/* Whether the line's first character past ASCII punctuation ("- © 2014") starts an anchored phrase. */
static bool has_first_symbol(const bp_data *data, const char *text, line l)
{
    size_t i = l.start;
    while (i < l.end && (unsigned char)text[i] < 0x80 && !nf_utf8_word_at(text, l.end, i))
        i++;
    if (i == l.end)
        return false;
    int32_t cp;
    int n = nf_utf8_decode(text + i, l.end - i, &cp);
    return has_first_word(data, text + i, (size_t)n);
}

/*
 * How much of the line the automaton must read: all of it when a rule at
 * "any" can take a line this long, its start when its first word starts an
 * anchored phrase, else nothing.
 */
static size_t scan_length(const bp_data *data, const char *text, line l)
{
    size_t len = l.end - l.start;
    if (len <= data->whole_max)
        return len;
    if (len > data->anchored_max)
        return 0;
    size_t word, word_end = first_word_of(text, l.start, l.end, &word);
    if (!data->any_start && !has_first_word(data, text + word, word_end - word) &&
        !has_first_symbol(data, text, l))
        return 0;
    /* On to the end of the word where the longest phrase could end: a cut word would match whole. */
    size_t end = word + data->anchored_len;
    while (end < l.end && ((text[end] & 0xC0) == 0x80 || nf_utf8_word_at(text, l.end, end)))
        end++;
    return end - l.start;
}

/* The first rule of the match's chain that holds on line l, or NULL. */
static const bp_rule *rule_for(const bp_data *data, const nf_article *a, bp_scratch *s, line l,
                               const nf_ac_match *m, int *rc)
{
    for (uint32_t k = m->value; k != NO_LINK; k = data->links[k].next) {
        const bp_rule *r = &data->rules[data->links[k].rule];
        if (rule_holds(r, a, s, l, l.start + m->start, l.start + m->end, rc))
            return r;
        if (*rc < 0)
            return NULL;
    }
    return NULL;
}

/* Scans one line; excludes it when a rule holds. Sets *to_end when the rest of the text went too. */
static int check_line(const nf_stage *st, const bp_data *data, bp_scratch *s, nf_article *a, line l,
                      size_t scan, bool *to_end)
{
    s->matches.n = 0;
    int rc = nf_automaton_scan(data->phrases, a->fold.text + l.start, scan, &s->matches);
    for (size_t i = 0; rc == 0 && i < s->matches.n; i++) {
        const bp_rule *r = rule_for(data, a, s, l, &s->matches.items[i], &rc);
        if (rc < 0)
            return nf_article_add_error(a, st->name, rc, st->rules, 0,
                                        "a pattern hit its match limit");
        if (r == NULL)
            continue;
        uint32_t start = nf_view_doc_start(&a->fold, l.start);
        uint32_t end = r->to_end ? a->doc_len : nf_view_doc_end(&a->fold, l.end);
        if (start < end && nf_article_exclude(a, start, end, r->id) < 0)
            return NF_ENOMEM;
        s->fired[r - data->rules] = true;
        *to_end = r->to_end;
        return 0;
    }
    return rc;
}

static int exclude_lines(const nf_stage *st, const bp_data *data, bp_scratch *s, nf_article *a)
{
    const char *text = a->fold.text;
    size_t len = a->fold.len;
    bool to_end = false;
    for (line l = {0, 0}; l.start < len && !to_end; l.start = l.end + 1) {
        const char *nl = memchr(text + l.start, '\n', len - l.start);
        l.end = nl ? (size_t)(nl - text) : len;
        size_t scan = scan_length(data, text, l);
        if (scan == 0 || nf_view_doc_start(&a->fold, l.start) < a->body_start)
            continue;
        int rc = check_line(st, data, s, a, l, scan, &to_end);
        if (rc < 0)
            return rc;
    }
    return 0;
}

/* Adds the signal of every rule that fired, once per signal name. */
static int add_signals(const bp_data *data, const bp_scratch *s, nf_article *a, const char *stage)
{
    for (size_t i = 0; i < data->n_rules; i++) {
        const bp_rule *r = &data->rules[i];
        if (!s->fired[i] || r->signal == NULL)
            continue;
        bool seen = false;
        for (size_t j = 0; j < i && !seen; j++)
            seen = s->fired[j] && data->rules[j].signal && strcmp(data->rules[j].signal, r->signal) == 0;
        if (!seen && nf_article_add_signal(a, r->signal, r->weight, r->why, stage) < 0)
            return NF_ENOMEM;
    }
    return 0;
}

static int run_boilerplate(const nf_stage *st, nf_worker *w, nf_article *a)
{
    const bp_data *data = st->data;
    bp_scratch *s = w->scratch[st->index];
    int rc = nf_article_views(a, st->name);
    if (rc < 0)
        return rc == NF_ENOMEM ? rc : 0;
    memset(s->fired, 0, data->n_rules * sizeof *s->fired);
    rc = exclude_lines(st, data, s, a);
    if (rc == 0)
        rc = add_signals(data, s, a, st->name);
    if (rc < 0)
        return rc;
    nf_worker_run_hook(w, st, "on_article");
    return 0;
}

const nf_stage_type nf_stage_boilerplate = {
    .name = "boilerplate",
    .needs_rules = true,
    .fields = boilerplate_fields,
    .compile = compile_boilerplate,
    .free_data = free_boilerplate,
    .scratch_new = new_scratch,
    .scratch_free = free_scratch,
    .run = run_boilerplate,
};
