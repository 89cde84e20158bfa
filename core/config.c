/*
 * config.c — reads pipeline.conf into an nf_config.
 *
 * inih splits the text into sections and key = value pairs; this file
 * checks every key and value, resolves paths against the config's folder
 * and reports each problem with its file and line.
 *
 * inih as Debian builds it does not give its handler line numbers, does
 * not report section headers, cuts section names at 49 bytes and splits a
 * line longer than its buffer into two lines without a word. So inih reads
 * the text through read_line(), which hands it one line at a time and
 * keeps what inih does not: the line number, the current section (whole
 * name and header line) and whether the line is indented, which makes it
 * the continuation of the previous value. read_line() also removes
 * comments ('#' as well as ';', which is all inih knows inline) so that
 * the length limit applies only to what the line says.
 */
#include "config.h"

#include "alloc.h"

#include <ini.h>

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#if defined(__GNUC__)
#define PRINTF_LIKE(fmt, first) __attribute__((format(printf, fmt, first)))
#else
#define PRINTF_LIKE(fmt, first)
#endif

#define MAX_KEYS 6
#define MAX_WORKERS 1024
#define MIN_LUA_MEMORY ((size_t)1 << 20)
#define MIN_INSTRUCTIONS 1000
/* A pipeline.conf is a few dozen lines; anything this big is the wrong file. */
#define MAX_CONFIG_BYTES ((size_t)1 << 20)

enum section_kind { SECTION_NONE, SECTION_PIPELINE, SECTION_WATCH, SECTION_STAGE };

/* A stage's [section] as read, kept until it is matched with its name in `stages`. */
struct stage_section {
    nf_stage_conf conf;       /* conf.name is the section's name */
    int key_lines[MAX_KEYS];  /* where each key was set, 0 when not */
};

struct parser;

/* Checks a value and stores it; returns 0 or an error already reported. */
typedef int (*key_setter)(struct parser *p, const char *value);

struct key_spec {
    const char *name;
    key_setter set;
    bool multiline;           /* indented lines that follow add to the value */
};

/* The keys a section takes and where each was set. */
struct section_view {
    const char *name;
    const struct key_spec *keys;
    size_t n_keys;
    int *key_lines;
};

struct parser {
    const char *text;
    size_t len, pos;
    const char *path, *dir;
    nf_config *cfg;
    size_t stages_cap;
    struct stage_section *sections;
    size_t n_sections, sections_cap;

    int line;                 /* the line inih is working on */
    bool indented;            /* it starts with white space */
    enum section_kind kind;
    size_t section;           /* index into sections when kind is SECTION_STAGE */
    const struct key_spec *last_key; /* set by the last key line of this section */
    int pipeline_line, watch_line;   /* their headers, 0 until seen */
    int pipeline_key_lines[MAX_KEYS], watch_key_lines[MAX_KEYS];
    bool stages_known;        /* [pipeline] with its stages is behind us */

    int err, err_line;
    nf_diag diag;
};

static int fail(struct parser *p, int err, int line, const char *fmt, ...) PRINTF_LIKE(4, 5);

static int fail(struct parser *p, int err, int line, const char *fmt, ...)
{
    char message[sizeof p->diag.message];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    p->err = err;
    p->err_line = line;
    return nf_diag_set(&p->diag, err, p->path, line, "%s", message);
}

static int out_of_memory(struct parser *p)
{
    return fail(p, NF_ENOMEM, p->line, "out of memory");
}

static int bad_value(struct parser *p, const char *value, const char *expected)
{
    return fail(p, NF_ECONFIG, p->line, "bad value '%s' for %s: expected %s", value,
                p->last_key->name, expected);
}

/* Makes room for item n; returns the (maybe moved) array, or NULL leaving it as it was. */
static void *reserve_one(void *items, size_t n, size_t *cap, size_t size)
{
    if (n < *cap)
        return items;
    size_t new_cap = *cap ? *cap * 2 : 8;
    void *grown = nf_realloc(items, new_cap * size);
    if (grown != NULL)
        *cap = new_cap;
    return grown;
}

/* isspace() in the C locale, which is what inih trims with, whatever the process's locale. */
static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

/* Stage, type and section names: ASCII letters, digits, '_' and '-'. */
static bool is_name(const char *s, size_t n)
{
    if (n == 0)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '_' || c == '-';
        if (!ok)
            return false;
    }
    return true;
}

static bool same_name(const char *s, size_t n, const char *word)
{
    return strlen(word) == n && memcmp(s, word, n) == 0;
}

static nf_stage_conf *find_stage(const nf_config *cfg, const char *name, size_t n)
{
    for (size_t i = 0; i < cfg->n_stages; i++)
        if (same_name(name, n, cfg->stages[i].name))
            return &cfg->stages[i];
    return NULL;
}

static struct stage_section *find_section(const struct parser *p, const char *name, size_t n)
{
    for (size_t i = 0; i < p->n_sections; i++)
        if (same_name(name, n, p->sections[i].conf.name))
            return &p->sections[i];
    return NULL;
}

/* Joins a relative path to dir; absolute paths, and any path when dir is the current folder, stay as written. */
static char *join_path(const char *dir, const char *path)
{
    if (path[0] == '/' || dir == NULL || dir[0] == '\0' || strcmp(dir, ".") == 0)
        return nf_strdup(path);
    size_t dir_len = strlen(dir), path_len = strlen(path);
    size_t slash = dir[dir_len - 1] != '/';
    char *joined = nf_malloc(dir_len + slash + path_len + 1);
    if (joined != NULL) {
        memcpy(joined, dir, dir_len);
        joined[dir_len] = '/';
        memcpy(joined + dir_len + slash, path, path_len + 1);
    }
    return joined;
}

/* ---- Numbers, sizes and durations ---- */

/* Reads the decimal digits at the start of s; fails when there are none or they overflow. */
static int parse_digits(const char *s, uint64_t *out, const char **end)
{
    uint64_t n = 0;
    const char *c = s;
    for (; *c >= '0' && *c <= '9'; c++) {
        uint64_t digit = (uint64_t)(*c - '0');
        if (n > (UINT64_MAX - digit) / 10)
            return NF_EINVAL;
        n = n * 10 + digit;
    }
    if (c == s)
        return NF_EINVAL;
    *out = n;
    *end = c;
    return 0;
}

static int parse_number(const char *s, uint64_t *out)
{
    const char *end;
    uint64_t n;
    if (parse_digits(s, &n, &end) != 0 || *end != '\0')
        return NF_EINVAL;
    *out = n;
    return 0;
}

struct unit {
    const char *suffix;
    uint64_t factor;
};

/* Parses a whole number followed by one of units (any case), no larger than max once multiplied. */
static int parse_with_unit(const char *s, const struct unit *units, size_t n_units, uint64_t max,
                           uint64_t *out)
{
    const char *suffix;
    uint64_t n;
    if (s == NULL || parse_digits(s, &n, &suffix) != 0)
        return NF_EINVAL;
    for (size_t i = 0; i < n_units; i++) {
        if (strcasecmp(suffix, units[i].suffix) != 0)
            continue;
        if (n > max / units[i].factor)
            return NF_EINVAL;
        *out = n * units[i].factor;
        return 0;
    }
    return NF_EINVAL;
}

int nf_parse_size(const char *s, size_t *out)
{
    /* Memory is counted in binary multiples whatever the spelling: users write "MB" and mean MiB. */
    static const struct unit units[] = {
        {"", 1},           {"b", 1},
        {"k", 1ULL << 10}, {"kb", 1ULL << 10}, {"kib", 1ULL << 10},
        {"m", 1ULL << 20}, {"mb", 1ULL << 20}, {"mib", 1ULL << 20},
        {"g", 1ULL << 30}, {"gb", 1ULL << 30}, {"gib", 1ULL << 30},
        {"t", 1ULL << 40}, {"tb", 1ULL << 40}, {"tib", 1ULL << 40},
    };
    uint64_t n;
    int rc = parse_with_unit(s, units, sizeof units / sizeof units[0], SIZE_MAX, &n);
    if (rc == 0)
        *out = (size_t)n;
    return rc;
}

int nf_parse_duration_ms(const char *s, uint64_t *out)
{
    static const struct unit units[] = {
        {"", 1}, {"ms", 1}, {"s", 1000}, {"m", 60 * 1000}, {"h", 60 * 60 * 1000},
    };
    return parse_with_unit(s, units, sizeof units / sizeof units[0], UINT64_MAX, out);
}

/* ---- [pipeline] ---- */

static int add_stage(struct parser *p, const char *name, size_t n)
{
    nf_config *cfg = p->cfg;
    if (!is_name(name, n))
        return fail(p, NF_ECONFIG, p->line,
                    "bad stage name '%.*s' in stages: expected letters, digits, '_' or '-'",
                    (int)n, name);
    if (same_name(name, n, "pipeline") || same_name(name, n, "watch"))
        return fail(p, NF_ECONFIG, p->line,
                    "'%.*s' cannot name a stage: [%.*s] is a section of its own", (int)n, name,
                    (int)n, name);
    const nf_stage_conf *listed = find_stage(cfg, name, n);
    if (listed != NULL)
        return fail(p, NF_ECONFIG, p->line, "stage '%.*s' is listed twice in stages (first on line %d)",
                    (int)n, name, listed->line);
    nf_stage_conf *stages = reserve_one(cfg->stages, cfg->n_stages, &p->stages_cap, sizeof *stages);
    if (stages == NULL)
        return out_of_memory(p);
    cfg->stages = stages;
    nf_stage_conf *stage = &stages[cfg->n_stages];
    memset(stage, 0, sizeof *stage);
    stage->name = nf_strndup(name, n);
    if (stage->name == NULL)
        return out_of_memory(p);
    stage->line = p->line;
    cfg->n_stages++;
    return 0;
}

/* Adds the comma-separated names of one line; called again for each continuation line. */
static int set_stages(struct parser *p, const char *value)
{
    if (p->cfg->stages_line == 0)
        p->cfg->stages_line = p->line;
    const char *item = value;
    for (;;) {
        size_t len = strcspn(item, ",");
        const char *start = item, *end = item + len;
        while (start < end && is_space(*start))
            start++;
        while (end > start && is_space(end[-1]))
            end--;
        /* Empty items are allowed so that a list may end a line with a comma. */
        if (end > start) {
            int rc = add_stage(p, start, (size_t)(end - start));
            if (rc != 0)
                return rc;
        }
        if (item[len] == '\0')
            return 0;
        item += len + 1;
    }
}

static int set_workers(struct parser *p, const char *value)
{
    uint64_t n;
    if (strcmp(value, "auto") == 0) {
        p->cfg->workers = 0;
        return 0;
    }
    if (parse_number(value, &n) != 0 || n < 1 || n > MAX_WORKERS)
        return bad_value(p, value, "'auto' or a whole number from 1 to 1024");
    p->cfg->workers = (unsigned)n;
    return 0;
}

static int set_max_article_bytes(struct parser *p, const char *value)
{
    size_t n;
    if (nf_parse_size(value, &n) != 0 || n < 1)
        return bad_value(p, value, "a size of at least 1 byte, such as 16M, 512k or 1048576");
    p->cfg->max_article_bytes = n;
    return 0;
}

static int set_max_in_flight(struct parser *p, const char *value)
{
    uint64_t n;
    if (strcmp(value, "auto") == 0) {
        p->cfg->max_in_flight = 0;
        return 0;
    }
    if (parse_number(value, &n) != 0 || n < 1 || n > SIZE_MAX)
        return bad_value(p, value, "'auto' or a whole number of at least 1");
    p->cfg->max_in_flight = (size_t)n;
    return 0;
}

static int set_lua_memory_limit(struct parser *p, const char *value)
{
    size_t n;
    if (nf_parse_size(value, &n) != 0 || n < MIN_LUA_MEMORY)
        return bad_value(p, value, "a size of at least 1M, such as 64M");
    p->cfg->lua_memory_limit = n;
    return 0;
}

static int set_instruction_limit(struct parser *p, const char *value)
{
    uint64_t n;
    if (parse_number(value, &n) != 0 || n < MIN_INSTRUCTIONS)
        return bad_value(p, value, "a whole number of at least 1000");
    p->cfg->instruction_limit = n;
    return 0;
}

static const struct key_spec pipeline_keys[] = {
    {"stages", set_stages, true},
    {"workers", set_workers, false},
    {"max_article_bytes", set_max_article_bytes, false},
    {"max_in_flight", set_max_in_flight, false},
    {"lua_memory_limit", set_lua_memory_limit, false},
    {"instruction_limit", set_instruction_limit, false},
};

/* ---- Stage sections ---- */

static nf_stage_conf *current_stage(const struct parser *p)
{
    return &p->sections[p->section].conf;
}

static int set_stage_type(struct parser *p, const char *value)
{
    nf_stage_conf *stage = current_stage(p);
    if (!is_name(value, strlen(value)))
        return bad_value(p, value, "a stage type: letters, digits, '_' or '-'");
    stage->type = nf_strdup(value);
    if (stage->type == NULL)
        return out_of_memory(p);
    stage->type_line = p->line;
    return 0;
}

static int set_stage_rules(struct parser *p, const char *value)
{
    nf_stage_conf *stage = current_stage(p);
    if (value[0] == '\0')
        return bad_value(p, value, "the path of a Lua plugin");
    stage->rules = nf_strdup(value);
    stage->rules_path = join_path(p->dir, value);
    if (stage->rules == NULL || stage->rules_path == NULL)
        return out_of_memory(p);
    stage->rules_line = p->line;
    return 0;
}

static int set_stage_instruction_limit(struct parser *p, const char *value)
{
    uint64_t n;
    if (parse_number(value, &n) != 0 || (n != 0 && n < MIN_INSTRUCTIONS))
        return bad_value(p, value, "0 (the pipeline's limit) or a whole number of at least 1000");
    current_stage(p)->instruction_limit = n;
    return 0;
}

static const struct key_spec stage_keys[] = {
    {"type", set_stage_type, false},
    {"rules", set_stage_rules, false},
    {"instruction_limit", set_stage_instruction_limit, false},
};

/* ---- [watch] ---- */

static int set_folder(struct parser *p, const char *value, char **field)
{
    if (value[0] == '\0')
        return bad_value(p, value, "a folder path");
    *field = join_path(p->dir, value);
    return *field == NULL ? out_of_memory(p) : 0;
}

static int set_inbox(struct parser *p, const char *value)
{
    return set_folder(p, value, &p->cfg->watch.inbox);
}

static int set_outbox(struct parser *p, const char *value)
{
    return set_folder(p, value, &p->cfg->watch.outbox);
}

static int set_done(struct parser *p, const char *value)
{
    return set_folder(p, value, &p->cfg->watch.done);
}

static int set_quarantine(struct parser *p, const char *value)
{
    return set_folder(p, value, &p->cfg->watch.quarantine);
}

static int set_settle(struct parser *p, const char *value)
{
    if (nf_parse_duration_ms(value, &p->cfg->watch.settle_ms) != 0)
        return bad_value(p, value, "a duration such as 500ms, 5s or 2m");
    return 0;
}

static int set_rescan(struct parser *p, const char *value)
{
    uint64_t ms;
    /* A zero period would rescan the inbox without pause. */
    if (nf_parse_duration_ms(value, &ms) != 0 || ms == 0)
        return bad_value(p, value, "a duration above zero such as 500ms, 5s or 2m");
    p->cfg->watch.rescan_ms = ms;
    return 0;
}

static int set_watch_max_article_bytes(struct parser *p, const char *value)
{
    size_t n;
    if (nf_parse_size(value, &n) != 0 || n < 1)
        return bad_value(p, value, "a size of at least 1 byte, such as 16M, 512k or 1048576");
    p->cfg->watch.max_article_bytes = n;
    return 0;
}

static const struct key_spec watch_keys[] = {
    {"inbox", set_inbox, false},   {"outbox", set_outbox, false}, {"done", set_done, false},
    {"quarantine", set_quarantine, false}, {"settle", set_settle, false},
    {"rescan", set_rescan, false}, {"max_article_bytes", set_watch_max_article_bytes, false},
};

/* ---- Sections ---- */

static struct section_view current_section(struct parser *p)
{
    struct section_view v = {0};
    if (p->kind == SECTION_PIPELINE)
        v = (struct section_view){"pipeline", pipeline_keys,
                                  sizeof pipeline_keys / sizeof pipeline_keys[0],
                                  p->pipeline_key_lines};
    else if (p->kind == SECTION_WATCH)
        v = (struct section_view){"watch", watch_keys, sizeof watch_keys / sizeof watch_keys[0],
                                  p->watch_key_lines};
    else if (p->kind == SECTION_STAGE)
        v = (struct section_view){p->sections[p->section].conf.name, stage_keys,
                                  sizeof stage_keys / sizeof stage_keys[0],
                                  p->sections[p->section].key_lines};
    return v;
}

static int check_listed(struct parser *p, const struct stage_section *section)
{
    const char *name = section->conf.name;
    if (find_stage(p->cfg, name, strlen(name)) != NULL)
        return 0;
    return fail(p, NF_ECONFIG, section->conf.section_line,
                "[%s] is not a stage listed in [pipeline] stages (line %d)", name,
                p->cfg->stages_line);
}

static int enter_fixed_section(struct parser *p, enum section_kind kind, const char *name,
                               int *header_line)
{
    if (*header_line != 0)
        return fail(p, NF_ECONFIG, p->line, "[%s] appears twice (first on line %d)", name,
                    *header_line);
    *header_line = p->line;
    p->kind = kind;
    return 0;
}

static int enter_stage_section(struct parser *p, const char *name, size_t n)
{
    const struct stage_section *seen = find_section(p, name, n);
    if (seen != NULL)
        return fail(p, NF_ECONFIG, p->line, "[%.*s] appears twice (first on line %d)", (int)n,
                    name, seen->conf.section_line);
    struct stage_section *sections =
        reserve_one(p->sections, p->n_sections, &p->sections_cap, sizeof *sections);
    if (sections == NULL)
        return out_of_memory(p);
    p->sections = sections;
    struct stage_section *section = &sections[p->n_sections];
    memset(section, 0, sizeof *section);
    section->conf.name = nf_strndup(name, n);
    if (section->conf.name == NULL)
        return out_of_memory(p);
    section->conf.section_line = p->line;
    p->section = p->n_sections++;
    p->kind = SECTION_STAGE;
    /* Sections before [pipeline] are checked once the stage list is known. */
    return p->stages_known ? check_listed(p, section) : 0;
}

static int enter_section(struct parser *p, const char *name, size_t n)
{
    if (p->kind == SECTION_PIPELINE && p->cfg->stages_line != 0)
        p->stages_known = true;
    p->last_key = NULL;
    if (same_name(name, n, "pipeline"))
        return enter_fixed_section(p, SECTION_PIPELINE, "pipeline", &p->pipeline_line);
    if (same_name(name, n, "watch"))
        return enter_fixed_section(p, SECTION_WATCH, "watch", &p->watch_line);
    return enter_stage_section(p, name, n);
}

/* Follows section headers as inih will see them: line is stripped of comments and ends in '\n'. */
static int note_section_header(struct parser *p, const char *line)
{
    const char *s = line;
    while (is_space(*s))
        s++;
    /* inih reads an indented line after a key as more of that key's value, even a '[' one. */
    if (*s != '[' || (p->indented && p->last_key != NULL))
        return 0;
    const char *name = s + 1;
    const char *close = strchr(name, ']');
    if (close == NULL)
        return fail(p, NF_ECONFIG, p->line, "a section header needs a closing ']'");
    size_t n = (size_t)(close - name);
    if (!is_name(name, n))
        return fail(p, NF_ECONFIG, p->line,
                    "bad section name '[%.*s]': expected letters, digits, '_' or '-'", (int)n, name);
    for (const char *after = close + 1; *after != '\0'; after++)
        if (!is_space(*after))
            return fail(p, NF_ECONFIG, p->line, "unexpected text after [%.*s]", (int)n, name);
    return enter_section(p, name, n);
}

/* ---- Feeding inih ---- */

/* Where a comment starts: ';' or '#' at the start of the line or after white space. */
static size_t comment_start(const char *s, size_t n)
{
    bool after_space = true;
    for (size_t i = 0; i < n; i++) {
        if (after_space && (s[i] == ';' || s[i] == '#'))
            return i;
        after_space = is_space(s[i]);
    }
    return n;
}

/* inih's ini_reader: copies the next line, without its comment, into buf (size bytes). */
static char *read_line(char *buf, int size, void *stream)
{
    struct parser *p = stream;
    if (p->err != 0 || p->pos >= p->len)
        return NULL;
    const char *line = p->text + p->pos;
    const char *newline = memchr(line, '\n', p->len - p->pos);
    size_t raw = newline != NULL ? (size_t)(newline - line) : p->len - p->pos;
    p->pos += raw + (newline != NULL);
    p->line++;
    if (memchr(line, '\0', raw) != NULL) {
        fail(p, NF_ECONFIG, p->line, "the line holds a NUL byte; is this a text file?");
        return NULL;
    }
    size_t n = comment_start(line, raw);
    while (n > 0 && is_space(line[n - 1]))
        n--;
    /* The line, its '\n' and the terminating NUL must fit: inih would split a longer one. */
    size_t max = size > 2 ? (size_t)size - 2 : 0;
    if (n > max) {
        fail(p, NF_ECONFIG, p->line, "the line is longer than %zu characters (comments aside)", max);
        return NULL;
    }
    memcpy(buf, line, n);
    buf[n] = '\n';
    buf[n + 1] = '\0';
    p->indented = n > 0 && is_space(line[0]);
    return note_section_header(p, buf) == 0 ? buf : NULL;
}

static int unknown_key(struct parser *p, const struct section_view *v, const char *name)
{
    char known[128] = "";
    for (size_t i = 0; i < v->n_keys; i++)
        snprintf(known + strlen(known), sizeof known - strlen(known), "%s%s", i ? ", " : "",
                 v->keys[i].name);
    return fail(p, NF_ECONFIG, p->line, "unknown key '%s' in [%s] (it takes: %s)", name, v->name,
                known);
}

static int set_key(struct parser *p, const char *name, const char *value)
{
    if (p->kind == SECTION_NONE)
        return fail(p, NF_ECONFIG, p->line, "key '%s' comes before any [section]", name);
    struct section_view v = current_section(p);
    size_t i = 0;
    while (i < v.n_keys && strcmp(v.keys[i].name, name) != 0)
        i++;
    if (i == v.n_keys)
        return unknown_key(p, &v, name);
    if (v.key_lines[i] != 0)
        return fail(p, NF_ECONFIG, p->line, "duplicate key '%s' in [%s] (first set on line %d)",
                    name, v.name, v.key_lines[i]);
    v.key_lines[i] = p->line;
    /* The key tables are static, so the pointer outlives v. */
    p->last_key = v.keys + i;
    return p->last_key->set(p, value);
}

static int continue_value(struct parser *p, const char *value)
{
    if (!p->last_key->multiline)
        return fail(p, NF_ECONFIG, p->line,
                    "this indented line continues '%s', which takes one line (only 'stages' may go on)",
                    p->last_key->name);
    return p->last_key->set(p, value);
}

/* inih's handler: one key = value, or one more line of the previous value. */
static int handle_pair(void *user, const char *section, const char *name, const char *value)
{
    struct parser *p = user;
    /* read_line follows the sections, with whole names; inih's copy may be cut short. */
    (void)section;
    if (p->err != 0)
        return 0;
    int rc = p->indented && p->last_key != NULL ? continue_value(p, value) : set_key(p, name, value);
    return rc == 0;
}

static int parse_lines(struct parser *p)
{
    int bad_line = ini_parse_stream(read_line, p, handle_pair, p);
    /* inih goes on after a line it cannot read; report whichever problem comes first. */
    if (bad_line > 0 && (p->err == 0 || bad_line < p->err_line))
        return fail(p, NF_ECONFIG, bad_line, "expected 'key = value', a [section] or a comment");
    if (bad_line < 0 && p->err == 0)
        return out_of_memory(p);
    return p->err;
}

/* ---- After the last line ---- */

/* Gives a listed stage what its section said, or the defaults when it has none. */
static int attach_section(struct parser *p, nf_stage_conf *stage)
{
    struct stage_section *section = find_section(p, stage->name, strlen(stage->name));
    if (section != NULL) {
        nf_stage_conf *from = &section->conf;
        stage->type = from->type;
        stage->rules = from->rules;
        stage->rules_path = from->rules_path;
        from->type = from->rules = from->rules_path = NULL;
        stage->instruction_limit = from->instruction_limit;
        stage->section_line = from->section_line;
        stage->type_line = from->type_line;
        stage->rules_line = from->rules_line;
    }
    if (stage->type == NULL)
        stage->type = nf_strdup(stage->name);
    return stage->type == NULL ? out_of_memory(p) : 0;
}

static int default_folder(struct parser *p, char **field, const char *name)
{
    if (*field == NULL)
        *field = join_path(p->dir, name);
    return *field == NULL ? out_of_memory(p) : 0;
}

static int finish(struct parser *p)
{
    nf_config *cfg = p->cfg;
    /* What is found from here on belongs to no one line unless a message names it. */
    p->line = 0;
    if (p->pipeline_line == 0)
        return fail(p, NF_ECONFIG, 0, "no [pipeline] section: it lists the stages to run");
    if (cfg->stages_line == 0)
        return fail(p, NF_ECONFIG, p->pipeline_line, "[pipeline] has no 'stages =' list");
    if (cfg->n_stages == 0)
        return fail(p, NF_ECONFIG, cfg->stages_line, "'stages' is empty: name at least one stage");
    for (size_t i = 0; i < p->n_sections; i++)
        if (check_listed(p, &p->sections[i]) != 0)
            return p->err;
    for (size_t i = 0; i < cfg->n_stages; i++)
        if (attach_section(p, &cfg->stages[i]) != 0)
            return p->err;
    nf_watch_conf *w = &cfg->watch;
    if (default_folder(p, &w->inbox, "inbox") != 0 || default_folder(p, &w->outbox, "outbox") != 0 ||
        default_folder(p, &w->done, "done") != 0 ||
        default_folder(p, &w->quarantine, "quarantine") != 0)
        return p->err;
    return 0;
}

static int start_config(struct parser *p)
{
    nf_config *cfg = nf_calloc(1, sizeof *cfg);
    if (cfg == NULL)
        return out_of_memory(p);
    p->cfg = cfg;
    cfg->max_article_bytes = (size_t)16 << 20;
    cfg->lua_memory_limit = (size_t)64 << 20;
    cfg->instruction_limit = 50000000;
    cfg->watch.settle_ms = 500;
    cfg->watch.rescan_ms = 5000;
    cfg->path = nf_strdup(p->path);
    cfg->dir = nf_strdup(p->dir != NULL ? p->dir : ".");
    return cfg->path == NULL || cfg->dir == NULL ? out_of_memory(p) : 0;
}

static void free_sections(struct parser *p)
{
    for (size_t i = 0; i < p->n_sections; i++) {
        nf_stage_conf *conf = &p->sections[i].conf;
        nf_free(conf->name);
        nf_free(conf->type);
        nf_free(conf->rules);
        nf_free(conf->rules_path);
    }
    nf_free(p->sections);
}

int nf_config_parse(const char *text, size_t len, const char *path, const char *dir,
                    nf_config **out, nf_diag *d)
{
    struct parser p = {.text = text, .len = len, .path = path ? path : "", .dir = dir};
    *out = NULL;
    /* inih skips a UTF-8 byte order mark; skipping it here keeps read_line's view the same. */
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        p.pos = 3;
    int rc = start_config(&p);
    if (rc == 0)
        rc = parse_lines(&p);
    if (rc == 0)
        rc = finish(&p);
    free_sections(&p);
    if (rc != 0) {
        nf_config_free(p.cfg);
        if (d != NULL)
            *d = p.diag;
        return rc;
    }
    *out = p.cfg;
    return 0;
}

/* ---- Files ---- */

static int read_text(FILE *f, const char *path, char **out, size_t *out_len, nf_diag *d)
{
    size_t len = 0, cap = 4096;
    char *text = nf_malloc(cap);
    if (text == NULL)
        return nf_diag_set(d, NF_ENOMEM, path, 0, "out of memory");
    for (;;) {
        len += fread(text + len, 1, cap - len, f);
        if (ferror(f)) {
            int e = errno;
            nf_free(text);
            return nf_diag_set(d, NF_EIO, path, 0, "cannot read: %s", strerror(e));
        }
        if (len > MAX_CONFIG_BYTES) {
            nf_free(text);
            return nf_diag_set(d, NF_ECONFIG, path, 0,
                               "larger than 1 MiB; is this really a pipeline.conf?");
        }
        if (len < cap)
            break;
        char *grown = nf_realloc(text, cap * 2);
        if (grown == NULL) {
            nf_free(text);
            return nf_diag_set(d, NF_ENOMEM, path, 0, "out of memory");
        }
        text = grown;
        cap *= 2;
    }
    *out = text;
    *out_len = len;
    return 0;
}

static char *folder_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (slash == NULL)
        return nf_strdup(".");
    if (slash == path)
        return nf_strdup("/");
    return nf_strndup(path, (size_t)(slash - path));
}

int nf_config_load(const char *path, nf_config **out, nf_diag *d)
{
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        int e = errno;
        return nf_diag_set(d, e == ENOENT ? NF_ENOENT : NF_EIO, path, 0, "cannot open: %s",
                           strerror(e));
    }
    char *text = NULL;
    size_t len = 0;
    int rc = read_text(f, path, &text, &len, d);
    fclose(f);
    if (rc != 0)
        return rc;
    char *dir = folder_of(path);
    if (dir == NULL)
        rc = nf_diag_set(d, NF_ENOMEM, path, 0, "out of memory");
    else
        rc = nf_config_parse(text, len, path, dir, out, d);
    nf_free(dir);
    nf_free(text);
    return rc;
}

void nf_config_free(nf_config *c)
{
    if (c == NULL)
        return;
    for (size_t i = 0; i < c->n_stages; i++) {
        nf_free(c->stages[i].name);
        nf_free(c->stages[i].type);
        nf_free(c->stages[i].rules);
        nf_free(c->stages[i].rules_path);
    }
    nf_free(c->stages);
    nf_free(c->watch.inbox);
    nf_free(c->watch.outbox);
    nf_free(c->watch.done);
    nf_free(c->watch.quarantine);
    nf_free(c->path);
    nf_free(c->dir);
    nf_free(c);
}
