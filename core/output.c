/*
 * output.c — serializing an article with cJSON.
 *
 * The tree is built in the article's arena (nf_alloc_json_arena): a node
 * costs a pointer bump and freeing the tree costs nothing. Its strings are
 * borrowed, not copied — the article's and the ruleset's strings outlive
 * the printing — and its keys are string constants (cJSON_AddItemToObjectCS).
 * Integers, which are most of the numbers (offsets, timings), are raw
 * nodes of digits written here: cJSON would print each with sprintf and
 * read it back with sscanf. The digits are the ones cJSON writes, so the
 * output is the same byte for byte.
 */
#include "output.h"

#include "alloc.h"
#include "error.h"
#include "utf8.h"

#include <limits.h>
#include <math.h>
#include <string.h>

/*
 * cJSON writes a number with "%1.15g" (and reads it back to check): an
 * integer below 10^15 in magnitude comes out as all its digits, no
 * exponent, as integer_json writes it.
 */
#define PLAIN_INTEGER_LIMIT 1e15

/*
 * A first guess at the size of an article's JSON, so that printing rarely
 * has to start again in a bigger buffer: on the corpus, 9 results in 10
 * are under 4.5 times their document (short articles have more overhead),
 * and indented output is about twice as long.
 */
#define GUESS_PER_DOC_BYTE 4
#define GUESS_SLACK 4096

/*
 * Where the tree's strings come from. With an arena (an article being
 * printed), strings that outlive the tree are referenced; without one (a
 * tree the caller keeps, such as nf_output_errors_json's), they are copied.
 */
typedef struct builder {
    nf_arena *arena;
} builder;

/* Adds item under a constant key (a string literal, never copied); takes the item, freeing it on failure. */
static bool add_const(cJSON *obj, const char *key, cJSON *item)
{
    if (item && cJSON_AddItemToObjectCS(obj, key, item))
        return true;
    cJSON_Delete(item);
    return false;
}

/* cJSON writes strings byte for byte, and rules, file names and JSON input can hold invalid UTF-8. */
/* Adds item under a key that is not a constant (made valid UTF-8); takes the item. */
static bool add_named(const builder *b, cJSON *obj, const char *key, cJSON *item)
{
    char *owned = NULL;
    const char *k = item ? nf_utf8_valid(key, &owned) : NULL;
    bool ok;
    if (k == key && b->arena)
        ok = cJSON_AddItemToObjectCS(obj, key, item);
    else
        ok = k && cJSON_AddItemToObject(obj, k, item);
    nf_free(owned);
    if (!ok)
        cJSON_Delete(item);
    return ok;
}

static cJSON *string_json(const builder *b, const char *s)
{
    char *owned;
    const char *v = nf_utf8_valid(s, &owned);
    cJSON *item = NULL;
    if (v == s && b->arena)
        item = cJSON_CreateStringReference(s);
    else if (v)
        item = cJSON_CreateString(v);
    nf_free(owned);
    return item;
}

static bool add_string(const builder *b, cJSON *obj, const char *key, const char *value)
{
    return add_const(obj, key, string_json(b, value));
}

/* An integer as a raw node of its decimal digits. */
static cJSON *integer_json(int64_t value)
{
    char digits[24];
    char *p = digits + sizeof digits;
    uint64_t u = value < 0 ? 0 - (uint64_t)value : (uint64_t)value;
    *--p = '\0';
    do {
        *--p = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (value < 0)
        *--p = '-';
    return cJSON_CreateRaw(p);
}

/* A number as cJSON would write it: integers as digits, anything else (-0 too) by cJSON. */
static cJSON *number_json(double value)
{
    if (value > -PLAIN_INTEGER_LIMIT && value < PLAIN_INTEGER_LIMIT && value == (double)(int64_t)value &&
        !(value == 0 && signbit(value)))
        return integer_json((int64_t)value);
    return cJSON_CreateNumber(value);
}

static bool add_integer(cJSON *obj, const char *key, int64_t value)
{
    return add_const(obj, key, integer_json(value));
}

/* doc[start, end) as a string in the arena, with invalid UTF-8 replaced when the document has any. */
static cJSON *text_json(const nf_article *a, uint32_t start, uint32_t end)
{
    size_t len = end - start;
    bool valid = a->utf8 == NF_UTF8_VALID;
    char *copy = nf_arena_alloc(a->arena, valid ? len + 1 : len * 3 + 1);
    if (copy == NULL)
        return NULL;
    if (valid) {
        memcpy(copy, a->doc + start, len);
        copy[len] = '\0';
    } else {
        nf_utf8_sanitize(a->doc + start, len, copy);
    }
    return cJSON_CreateStringReference(copy);
}

static bool add_text(cJSON *obj, const char *key, const nf_article *a, uint32_t start, uint32_t end)
{
    return add_const(obj, key, text_json(a, start, end));
}

/* Appends a new array or object to an array; NULL when out of memory. */
static cJSON *append(cJSON *array, cJSON *item)
{
    if (item && cJSON_AddItemToArray(array, item))
        return item;
    cJSON_Delete(item);
    return NULL;
}

/* Adds a new array or object under a constant key; NULL when out of memory. */
static cJSON *add_container(cJSON *obj, const char *key, cJSON *item)
{
    return add_const(obj, key, item) ? item : NULL;
}

static bool add_span_pair(cJSON *array, uint32_t start, uint32_t end)
{
    cJSON *pair = append(array, cJSON_CreateArray());
    return pair && append(pair, integer_json(start)) && append(pair, integer_json(end));
}

static bool add_sentences(cJSON *root, const nf_article *a)
{
    cJSON *array = add_container(root, "sentences", cJSON_CreateArray());
    for (size_t i = 0; array && i < a->n_sentences; i++)
        if (!add_span_pair(array, a->sentences[i].start, a->sentences[i].end))
            return false;
    return array != NULL;
}

static bool add_excluded(const builder *b, cJSON *root, const nf_article *a)
{
    cJSON *array = add_container(root, "excluded", cJSON_CreateArray());
    for (size_t i = 0; array && i < a->n_excluded; i++) {
        const nf_excluded *x = &a->excluded[i];
        cJSON *obj = append(array, cJSON_CreateObject());
        if (obj == NULL || !add_integer(obj, "start", x->start) || !add_integer(obj, "end", x->end) ||
            !add_string(b, obj, "rule", x->rule))
            return false;
    }
    return array != NULL;
}

static bool add_entity(const builder *b, cJSON *array, const nf_article *a, const nf_entity *e)
{
    cJSON *obj = append(array, cJSON_CreateObject());
    return obj && add_string(b, obj, "type", e->type) && add_string(b, obj, "name", e->name) &&
           add_text(obj, "text", a, e->start, e->end) && add_integer(obj, "start", e->start) &&
           add_integer(obj, "end", e->end) && add_string(b, obj, "rule", e->rule);
}

static bool add_entities(const builder *b, cJSON *root, const nf_article *a)
{
    cJSON *array = add_container(root, "entities", cJSON_CreateArray());
    for (size_t i = 0; array && i < a->n_entities; i++)
        if (!add_entity(b, array, a, &a->entities[i]))
            return false;
    return array != NULL;
}

static cJSON *value_json(const builder *b, const nf_value *v)
{
    switch (v->kind) {
    case NF_VALUE_BOOL: return cJSON_CreateBool(v->as.boolean);
    case NF_VALUE_NUMBER: return number_json(v->as.number);
    case NF_VALUE_STRING: return string_json(b, v->as.string);
    case NF_VALUE_NULL: break;
    }
    return cJSON_CreateNull();
}

/* The contract's claim keys, written first and always, with their defaults. */
static const struct {
    const char *key;
    nf_value fallback;
} contract_fields[] = {
    {"speaker", {.kind = NF_VALUE_NULL}},
    {"cue", {.kind = NF_VALUE_NULL}},
    {"hedged", {.kind = NF_VALUE_BOOL, .as.boolean = false}},
    {"attributed", {.kind = NF_VALUE_BOOL, .as.boolean = false}},
    {"number", {.kind = NF_VALUE_NULL}},
};

#define N_CONTRACT_FIELDS (sizeof contract_fields / sizeof contract_fields[0])

/* The index of key in contract_fields, or N_CONTRACT_FIELDS; the first letters tell most keys apart. */
static size_t contract_index(const char *key)
{
    for (size_t i = 0; i < N_CONTRACT_FIELDS; i++)
        if (contract_fields[i].key[0] == key[0] && strcmp(contract_fields[i].key, key) == 0)
            return i;
    return N_CONTRACT_FIELDS;
}

static bool add_claim(const builder *b, cJSON *array, const nf_article *a, const nf_claim *c)
{
    const nf_value *contract[N_CONTRACT_FIELDS];
    for (size_t i = 0; i < N_CONTRACT_FIELDS; i++)
        contract[i] = &contract_fields[i].fallback;
    /* Backwards, so that the first of repeated keys wins, as in nf_claim_get. */
    for (size_t i = c->n_fields; i-- > 0;) {
        size_t k = contract_index(c->fields[i].key);
        if (k < N_CONTRACT_FIELDS)
            contract[k] = &c->fields[i].value;
    }
    cJSON *obj = append(array, cJSON_CreateObject());
    bool ok = obj && add_string(b, obj, "kind", c->kind) && add_text(obj, "text", a, c->start, c->end) &&
              add_integer(obj, "start", c->start) && add_integer(obj, "end", c->end);
    for (size_t i = 0; ok && i < N_CONTRACT_FIELDS; i++)
        ok = add_const(obj, contract_fields[i].key, value_json(b, contract[i]));
    ok = ok && add_string(b, obj, "rule", c->rule);
    for (size_t i = 0; ok && i < c->n_fields; i++)
        if (contract_index(c->fields[i].key) == N_CONTRACT_FIELDS)
            ok = add_named(b, obj, c->fields[i].key, value_json(b, &c->fields[i].value));
    return ok;
}

static bool add_claims(const builder *b, cJSON *root, const nf_article *a)
{
    cJSON *array = add_container(root, "claims", cJSON_CreateArray());
    for (size_t i = 0; array && i < a->n_claims; i++)
        if (!add_claim(b, array, a, &a->claims[i]))
            return false;
    return array != NULL;
}

static bool add_signals(const builder *b, cJSON *root, const nf_article *a)
{
    cJSON *array = add_container(root, "signals", cJSON_CreateArray());
    for (size_t i = 0; array && i < a->n_signals; i++) {
        const nf_signal *s = &a->signals[i];
        cJSON *obj = append(array, cJSON_CreateObject());
        if (obj == NULL || !add_string(b, obj, "name", s->name) ||
            !add_const(obj, "weight", number_json(s->weight)) || !add_string(b, obj, "why", s->why))
            return false;
    }
    return array != NULL;
}

static bool add_scores(const builder *b, cJSON *root, const nf_article *a)
{
    cJSON *obj = add_container(root, "scores", cJSON_CreateObject());
    for (size_t i = 0; obj && i < a->n_scores; i++)
        if (!add_named(b, obj, a->scores[i].name, number_json(a->scores[i].value)))
            return false;
    return obj != NULL;
}

static bool add_error(const builder *b, cJSON *array, const nf_error *e)
{
    cJSON *obj = append(array, cJSON_CreateObject());
    return obj && add_string(b, obj, "stage", e->stage) && add_string(b, obj, "code", e->code) &&
           add_const(obj, "file", e->file ? string_json(b, e->file) : cJSON_CreateNull()) &&
           add_const(obj, "line", e->line ? integer_json(e->line) : cJSON_CreateNull()) &&
           add_string(b, obj, "message", e->message);
}

static cJSON *errors_json(const builder *b, const nf_article *a)
{
    cJSON *array = cJSON_CreateArray();
    for (size_t i = 0; array && i < a->n_errors; i++) {
        if (!add_error(b, array, &a->errors[i])) {
            cJSON_Delete(array);
            return NULL;
        }
    }
    return array;
}

cJSON *nf_output_errors_json(const nf_article *a)
{
    const builder heap = {NULL};
    return errors_json(&heap, a);
}

static bool add_timings(const builder *b, cJSON *root, const nf_article *a)
{
    cJSON *obj = add_container(root, "timings_us", cJSON_CreateObject());
    for (size_t i = 0; obj && i < a->n_timings; i++)
        if (!add_named(b, obj, a->timings[i].stage, number_json((double)a->timings[i].us)))
            return false;
    return obj != NULL;
}

static bool add_rules(cJSON *root, const nf_ruleset *rs)
{
    char stamp[32];
    struct tm tm;
    gmtime_r(&rs->loaded_at, &tm);
    strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
    cJSON *obj = add_container(root, "rules", cJSON_CreateObject());
    /* The stamp lives on this stack frame: copied, not referenced. */
    return obj && add_const(obj, "generation", number_json((double)rs->generation)) &&
           add_const(obj, "loaded_at", cJSON_CreateString(stamp));
}

static bool add_input(const builder *b, cJSON *root, const nf_output_options *opt)
{
    cJSON *obj = add_container(root, "input", cJSON_CreateObject());
    return obj && add_string(b, obj, "name", opt->input_name) &&
           add_string(b, obj, "identity", opt->input_identity ? opt->input_identity : "");
}

/* meta is the article's own cJSON object, referenced rather than copied. */
static bool add_meta(cJSON *root, const nf_article *a)
{
    return add_const(root, "meta", cJSON_CreateObjectReference(a->meta ? a->meta->child : NULL));
}

static bool build(const builder *b, cJSON *root, const nf_article *a, const nf_output_options *opt)
{
    bool ok = add_string(b, root, "id", a->id) && add_string(b, root, "source", a->source) &&
              add_text(root, "title", a, a->title_start, a->title_end) && add_meta(root, a);
    if (ok && opt->with_text)
        ok = add_text(root, "text", a, 0, a->doc_len);
    ok = ok && add_sentences(root, a) && add_excluded(b, root, a) && add_entities(b, root, a) &&
         add_claims(b, root, a) && add_signals(b, root, a) && add_scores(b, root, a) &&
         add_const(root, "errors", errors_json(b, a)) && add_timings(b, root, a);
    if (ok && opt->rules)
        ok = add_rules(root, opt->rules);
    if (ok && opt->input_name)
        ok = add_input(b, root, opt);
    return ok;
}

/* Grows buf to hold at least `size` bytes; its text is lost. */
static int reserve(nf_outbuf *buf, size_t size)
{
    if (size <= buf->cap)
        return 0;
    char *grown = nf_malloc(size);
    if (grown == NULL)
        return NF_ENOMEM;
    nf_free(buf->data);
    buf->data = grown;
    buf->cap = size;
    return 0;
}

/*
 * Prints the tree into buf, growing it until the text fits. cJSON's
 * lengths are ints; its estimate can be a few bytes short, hence the slack.
 */
static int print_into(cJSON *root, bool pretty, size_t guess, nf_outbuf *buf)
{
    if (reserve(buf, guess) < 0)
        return NF_ENOMEM;
    for (;;) {
        int length = buf->cap > INT_MAX ? INT_MAX : (int)buf->cap;
        if (cJSON_PrintPreallocated(root, buf->data, length, pretty)) {
            buf->len = strlen(buf->data);
            return 0;
        }
        if (buf->cap >= INT_MAX || reserve(buf, buf->cap * 2) < 0)
            return NF_ENOMEM;
    }
}

int nf_output_print(const nf_article *a, const nf_output_options *opt, nf_outbuf *buf)
{
    const builder arena = {a->arena};
    nf_arena *previous = nf_alloc_json_arena(a->arena);
    cJSON *root = cJSON_CreateObject();
    int rc = root && build(&arena, root, a, opt) ? 0 : NF_ENOMEM;
    size_t guess = ((size_t)a->doc_len * GUESS_PER_DOC_BYTE + GUESS_SLACK) * (opt->pretty ? 2 : 1) +
                   (opt->with_text ? (size_t)a->doc_len : 0);
    if (rc == 0)
        rc = print_into(root, opt->pretty, guess, buf);
    nf_alloc_json_arena(previous);
    return rc;
}

char *nf_output_json(const nf_article *a, const nf_output_options *opt, size_t *len)
{
    nf_outbuf buf = {0};
    if (nf_output_print(a, opt, &buf) < 0) {
        nf_free(buf.data);
        return NULL;
    }
    if (len)
        *len = buf.len;
    return buf.data;
}
