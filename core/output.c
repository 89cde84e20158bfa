/* output.c — serializing an article with cJSON. */
#include "output.h"

#include "alloc.h"
#include "utf8.h"

#include <string.h>

/* cJSON writes strings byte for byte, and rules, file names and JSON input can hold invalid UTF-8. */
/* Adds item under key (made valid UTF-8); takes the item, freeing it on failure. */
static bool add_item(cJSON *obj, const char *key, cJSON *item)
{
    char *owned = NULL;
    const char *k = item ? nf_utf8_valid(key, &owned) : NULL;
    bool ok = k && cJSON_AddItemToObject(obj, k, item);
    nf_free(owned);
    if (!ok)
        cJSON_Delete(item);
    return ok;
}

static cJSON *string_json(const char *s)
{
    char *owned;
    const char *v = nf_utf8_valid(s, &owned);
    cJSON *item = v ? cJSON_CreateString(v) : NULL;
    nf_free(owned);
    return item;
}

static bool add_string(cJSON *obj, const char *key, const char *value)
{
    return add_item(obj, key, string_json(value));
}

static bool add_number(cJSON *obj, const char *key, double value)
{
    return add_item(obj, key, cJSON_CreateNumber(value));
}

/* Adds doc[start, end) as a string, replacing invalid UTF-8 when the document has any. */
static bool add_text(cJSON *obj, const char *key, const nf_article *a, uint32_t start, uint32_t end)
{
    size_t len = end - start;
    char *copy = nf_malloc(len * 3 + 1);
    if (copy == NULL)
        return false;
    if (a->utf8 == NF_UTF8_VALID) {
        memcpy(copy, a->doc + start, len);
        copy[len] = '\0';
    } else {
        nf_utf8_sanitize(a->doc + start, len, copy);
    }
    bool ok = cJSON_AddStringToObject(obj, key, copy) != NULL;
    nf_free(copy);
    return ok;
}

static bool add_span_pair(cJSON *array, uint32_t start, uint32_t end)
{
    cJSON *pair = cJSON_CreateArray();
    if (pair == NULL || !cJSON_AddItemToArray(array, pair))
        return cJSON_Delete(pair), false;
    return cJSON_AddItemToArray(pair, cJSON_CreateNumber(start)) &&
           cJSON_AddItemToArray(pair, cJSON_CreateNumber(end));
}

static bool add_sentences(cJSON *root, const nf_article *a)
{
    cJSON *array = cJSON_AddArrayToObject(root, "sentences");
    for (size_t i = 0; array && i < a->n_sentences; i++)
        if (!add_span_pair(array, a->sentences[i].start, a->sentences[i].end))
            return false;
    return array != NULL;
}

static bool add_excluded(cJSON *root, const nf_article *a)
{
    cJSON *array = cJSON_AddArrayToObject(root, "excluded");
    for (size_t i = 0; array && i < a->n_excluded; i++) {
        const nf_excluded *x = &a->excluded[i];
        cJSON *obj = cJSON_CreateObject();
        if (obj == NULL || !cJSON_AddItemToArray(array, obj))
            return cJSON_Delete(obj), false;
        if (!add_number(obj, "start", x->start) || !add_number(obj, "end", x->end) ||
            !add_string(obj, "rule", x->rule))
            return false;
    }
    return array != NULL;
}

static bool add_entity(cJSON *array, const nf_article *a, const nf_entity *e)
{
    cJSON *obj = cJSON_CreateObject();
    if (obj == NULL || !cJSON_AddItemToArray(array, obj))
        return cJSON_Delete(obj), false;
    return add_string(obj, "type", e->type) && add_string(obj, "name", e->name) &&
           add_text(obj, "text", a, e->start, e->end) &&
           add_number(obj, "start", e->start) &&
           add_number(obj, "end", e->end) && add_string(obj, "rule", e->rule);
}

static bool add_entities(cJSON *root, const nf_article *a)
{
    cJSON *array = cJSON_AddArrayToObject(root, "entities");
    for (size_t i = 0; array && i < a->n_entities; i++)
        if (!add_entity(array, a, &a->entities[i]))
            return false;
    return array != NULL;
}

static cJSON *value_json(const nf_value *v)
{
    switch (v->kind) {
    case NF_VALUE_BOOL: return cJSON_CreateBool(v->as.boolean);
    case NF_VALUE_NUMBER: return cJSON_CreateNumber(v->as.number);
    case NF_VALUE_STRING: return string_json(v->as.string);
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

static bool is_contract_field(const char *key)
{
    for (size_t i = 0; i < N_CONTRACT_FIELDS; i++)
        if (strcmp(contract_fields[i].key, key) == 0)
            return true;
    return false;
}

static bool add_field(cJSON *obj, const char *key, const nf_value *v)
{
    return add_item(obj, key, value_json(v));
}

static bool add_claim(cJSON *array, const nf_article *a, const nf_claim *c)
{
    cJSON *obj = cJSON_CreateObject();
    if (obj == NULL || !cJSON_AddItemToArray(array, obj))
        return cJSON_Delete(obj), false;
    bool ok = add_string(obj, "kind", c->kind) && add_text(obj, "text", a, c->start, c->end) &&
              add_number(obj, "start", c->start) && add_number(obj, "end", c->end);
    for (size_t i = 0; ok && i < N_CONTRACT_FIELDS; i++) {
        const nf_value *v = nf_claim_get(c, contract_fields[i].key);
        ok = add_field(obj, contract_fields[i].key, v ? v : &contract_fields[i].fallback);
    }
    ok = ok && add_string(obj, "rule", c->rule);
    for (size_t i = 0; ok && i < c->n_fields; i++)
        if (!is_contract_field(c->fields[i].key))
            ok = add_field(obj, c->fields[i].key, &c->fields[i].value);
    return ok;
}

static bool add_claims(cJSON *root, const nf_article *a)
{
    cJSON *array = cJSON_AddArrayToObject(root, "claims");
    for (size_t i = 0; array && i < a->n_claims; i++)
        if (!add_claim(array, a, &a->claims[i]))
            return false;
    return array != NULL;
}

static bool add_signals(cJSON *root, const nf_article *a)
{
    cJSON *array = cJSON_AddArrayToObject(root, "signals");
    for (size_t i = 0; array && i < a->n_signals; i++) {
        const nf_signal *s = &a->signals[i];
        cJSON *obj = cJSON_CreateObject();
        if (obj == NULL || !cJSON_AddItemToArray(array, obj))
            return cJSON_Delete(obj), false;
        if (!add_string(obj, "name", s->name) ||
            !add_number(obj, "weight", s->weight) ||
            !add_string(obj, "why", s->why))
            return false;
    }
    return array != NULL;
}

static bool add_scores(cJSON *root, const nf_article *a)
{
    cJSON *obj = cJSON_AddObjectToObject(root, "scores");
    for (size_t i = 0; obj && i < a->n_scores; i++)
        if (!add_number(obj, a->scores[i].name, a->scores[i].value))
            return false;
    return obj != NULL;
}

static bool add_error(cJSON *array, const nf_error *e)
{
    cJSON *obj = cJSON_CreateObject();
    if (obj == NULL || !cJSON_AddItemToArray(array, obj))
        return cJSON_Delete(obj), false;
    return add_string(obj, "stage", e->stage) && add_string(obj, "code", e->code) &&
           (e->file ? add_string(obj, "file", e->file) : cJSON_AddNullToObject(obj, "file") != NULL) &&
           (e->line ? add_number(obj, "line", e->line) : cJSON_AddNullToObject(obj, "line") != NULL) &&
           add_string(obj, "message", e->message);
}

cJSON *nf_output_errors_json(const nf_article *a)
{
    cJSON *array = cJSON_CreateArray();
    for (size_t i = 0; array && i < a->n_errors; i++) {
        if (!add_error(array, &a->errors[i])) {
            cJSON_Delete(array);
            return NULL;
        }
    }
    return array;
}

static bool add_errors(cJSON *root, const nf_article *a)
{
    return add_item(root, "errors", nf_output_errors_json(a));
}

static bool add_timings(cJSON *root, const nf_article *a)
{
    cJSON *obj = cJSON_AddObjectToObject(root, "timings_us");
    for (size_t i = 0; obj && i < a->n_timings; i++)
        if (!add_number(obj, a->timings[i].stage, (double)a->timings[i].us))
            return false;
    return obj != NULL;
}

static bool add_rules(cJSON *root, const nf_ruleset *rs)
{
    char stamp[32];
    struct tm tm;
    gmtime_r(&rs->loaded_at, &tm);
    strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
    cJSON *obj = cJSON_AddObjectToObject(root, "rules");
    return obj && add_number(obj, "generation", (double)rs->generation) &&
           add_string(obj, "loaded_at", stamp);
}

static bool add_input(cJSON *root, const nf_output_options *opt)
{
    cJSON *obj = cJSON_AddObjectToObject(root, "input");
    return obj && add_string(obj, "name", opt->input_name) &&
           add_string(obj, "identity", opt->input_identity ? opt->input_identity : "");
}

/* meta is the article's own cJSON object, referenced rather than copied. */
static bool add_meta(cJSON *root, const nf_article *a)
{
    cJSON *meta = cJSON_CreateObjectReference(a->meta ? a->meta->child : NULL);
    if (meta == NULL || !cJSON_AddItemToObject(root, "meta", meta))
        return cJSON_Delete(meta), false;
    return true;
}

static bool build(cJSON *root, const nf_article *a, const nf_output_options *opt)
{
    bool ok = add_string(root, "id", a->id) && add_string(root, "source", a->source) &&
              add_text(root, "title", a, a->title_start, a->title_end) && add_meta(root, a);
    if (ok && opt->with_text)
        ok = add_text(root, "text", a, 0, a->doc_len);
    ok = ok && add_sentences(root, a) && add_excluded(root, a) && add_entities(root, a) && add_claims(root, a) &&
         add_signals(root, a) && add_scores(root, a) && add_errors(root, a) && add_timings(root, a);
    if (ok && opt->rules)
        ok = add_rules(root, opt->rules);
    if (ok && opt->input_name)
        ok = add_input(root, opt);
    return ok;
}

char *nf_output_json(const nf_article *a, const nf_output_options *opt, size_t *len)
{
    cJSON *root = cJSON_CreateObject();
    char *text = NULL;
    if (root && build(root, a, opt))
        text = opt->pretty ? cJSON_Print(root) : cJSON_PrintUnformatted(root);
    cJSON_Delete(root);
    if (text && len)
        *len = strlen(text);
    return text;
}
