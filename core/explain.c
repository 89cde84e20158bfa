/* explain.c — rendering an article and its findings for a terminal. */
#include "explain.h"

#include "utf8.h"

#include <string.h>

#define RESET "\x1b[0m"
#define BOLD "\x1b[1m"
#define DIM "\x1b[2m"
#define UNDERLINE "\x1b[4m"

/* Claims longer than this are cut in the tables. */
#define SHOWN_TEXT 90

static const char *type_color(const char *type)
{
    static const struct {
        const char *type, *color;
    } colors[] = {
        {"PERSON", "\x1b[34m"}, {"ORG", "\x1b[35m"},  {"PLACE", "\x1b[32m"},
        {"GROUP", "\x1b[36m"},  {"EVENT", "\x1b[33m"}, {"MISC", "\x1b[90m"},
    };
    for (size_t i = 0; i < sizeof colors / sizeof colors[0]; i++)
        if (strcmp(colors[i].type, type) == 0)
            return colors[i].color;
    return "";
}

/* What is marked at one byte of the document. */
typedef struct marks {
    const nf_entity *entity;
    bool claim, cue, excluded;
} marks;

static bool within(uint32_t pos, uint32_t start, uint32_t end)
{
    return pos >= start && pos < end;
}

static marks marks_at(const nf_article *a, uint32_t pos)
{
    marks m = {NULL, false, false, false};
    for (size_t i = 0; i < a->n_entities && !m.entity; i++)
        if (within(pos, a->entities[i].start, a->entities[i].end))
            m.entity = &a->entities[i];
    for (size_t i = 0; i < a->n_claims; i++) {
        const nf_claim *c = &a->claims[i];
        const nf_value *cs = nf_claim_get(c, "cue_start"), *ce = nf_claim_get(c, "cue_end");
        m.claim |= within(pos, c->start, c->end);
        if (cs && ce && cs->kind == NF_VALUE_NUMBER && ce->kind == NF_VALUE_NUMBER)
            m.cue |= within(pos, (uint32_t)cs->as.number, (uint32_t)ce->as.number);
    }
    for (size_t i = 0; i < a->n_excluded; i++)
        m.excluded |= within(pos, a->excluded[i].start, a->excluded[i].end);
    return m;
}

/* Nesting, outermost first: excluded text, then a claim, then an entity. */
enum { LEVEL_EXCLUDED, LEVEL_CLAIM, LEVEL_ENTITY, LEVELS };

/* The outermost level where two marks differ, or LEVELS when they are the same. */
static int first_change(const marks *x, const marks *y)
{
    if (x->excluded != y->excluded)
        return LEVEL_EXCLUDED;
    if (x->claim != y->claim)
        return LEVEL_CLAIM;
    if (x->entity != y->entity)
        return LEVEL_ENTITY;
    return LEVELS;
}

/* Closes the plain-text markers of m from the innermost level out to `level`. */
static void close_plain(FILE *out, const marks *m, int level)
{
    if (level <= LEVEL_ENTITY && m->entity)
        fprintf(out, "|%s]", m->entity->type);
    if (level <= LEVEL_CLAIM && m->claim)
        fputs("»", out);
    if (level <= LEVEL_EXCLUDED && m->excluded)
        fputs("}}", out);
}

/* Opens the plain-text markers of m from `level` inwards. */
static void open_plain(FILE *out, const marks *m, int level)
{
    if (level <= LEVEL_EXCLUDED && m->excluded)
        fputs("{{", out);
    if (level <= LEVEL_CLAIM && m->claim)
        fputs("«", out);
    if (level <= LEVEL_ENTITY && m->entity)
        fputc('[', out);
}

/* Colours cannot nest: every change resets them and sets what applies. */
static void open_color(FILE *out, const marks *m)
{
    fputs(RESET, out);
    if (m->excluded)
        fputs(DIM, out);
    if (m->claim)
        fputs(UNDERLINE, out);
    if (m->cue)
        fputs(BOLD, out);
    if (m->entity)
        fprintf(out, BOLD "%s", type_color(m->entity->type));
}

static void change_marks(FILE *out, const marks *from, const marks *to, bool color)
{
    if (color) {
        if (first_change(from, to) < LEVELS || from->cue != to->cue)
            open_color(out, to);
        return;
    }
    int level = first_change(from, to);
    close_plain(out, from, level);
    open_plain(out, to, level);
}

/* Prints the document run by run: a run is a stretch of bytes with the same marks. */
static void print_document(FILE *out, const nf_article *a, bool color)
{
    const marks none = {NULL, false, false, false};
    marks current = none;
    uint32_t pos = 0;
    while (pos < a->doc_len) {
        marks m = marks_at(a, pos);
        change_marks(out, &current, &m, color);
        current = m;
        /* Whole characters only: a mark never splits a UTF-8 sequence. */
        uint32_t next = pos + 1;
        while (next < a->doc_len && ((unsigned char)a->doc[next] & 0xC0) == 0x80)
            next++;
        fwrite(a->doc + pos, 1, next - pos, out);
        pos = next;
    }
    change_marks(out, &current, &none, color);
    if (color)
        fputs(RESET, out);
    fputc('\n', out);
}

static void heading(FILE *out, const char *title, size_t count, bool color)
{
    fprintf(out, "\n%s%s (%zu)%s\n", color ? BOLD : "", title, count, color ? RESET : "");
}

/* Prints doc[start, end) on one line, cut at SHOWN_TEXT bytes on a character boundary. */
static void print_excerpt(FILE *out, const nf_article *a, uint32_t start, uint32_t end)
{
    uint32_t stop = end - start > SHOWN_TEXT ? start + SHOWN_TEXT : end;
    while (stop > start && stop < end && ((unsigned char)a->doc[stop] & 0xC0) == 0x80)
        stop--;
    for (uint32_t i = start; i < stop; i++)
        fputc(a->doc[i] == '\n' ? ' ' : a->doc[i], out);
    if (stop < end)
        fputs("…", out);
}

/* Prints s padded to `width` characters: printf pads bytes, and names are not ASCII only. */
static void print_padded(FILE *out, const char *s, size_t width)
{
    size_t chars = 0;
    for (const char *p = s; *p; p++)
        chars += ((unsigned char)*p & 0xC0) != 0x80;
    fputs(s, out);
    for (; chars < width; chars++)
        fputc(' ', out);
}

static void print_entities(FILE *out, const nf_article *a, bool color)
{
    heading(out, "entities", a->n_entities, color);
    for (size_t i = 0; i < a->n_entities; i++) {
        const nf_entity *e = &a->entities[i];
        fprintf(out, "  %s%-6s%s ", color ? type_color(e->type) : "", e->type, color ? RESET : "");
        print_padded(out, e->name, 28);
        fprintf(out, " \"%.*s\" %u..%u  %s\n", (int)(e->end - e->start), a->doc + e->start, e->start, e->end,
                e->rule);
    }
}

static const char *string_field(const nf_claim *c, const char *key)
{
    const nf_value *v = nf_claim_get(c, key);
    return v && v->kind == NF_VALUE_STRING ? v->as.string : "-";
}

static bool bool_field(const nf_claim *c, const char *key)
{
    const nf_value *v = nf_claim_get(c, key);
    return v && v->kind == NF_VALUE_BOOL && v->as.boolean;
}

static void print_claims(FILE *out, const nf_article *a, bool color)
{
    heading(out, "claims", a->n_claims, color);
    for (size_t i = 0; i < a->n_claims; i++) {
        const nf_claim *c = &a->claims[i];
        const nf_value *number = nf_claim_get(c, "number");
        fprintf(out, "  %-8s %-22s speaker=%s cue=%s%s", c->kind, c->rule, string_field(c, "speaker"),
                string_field(c, "cue"), bool_field(c, "hedged") ? " HEDGED" : "");
        if (number && number->kind == NF_VALUE_NUMBER)
            fprintf(out, " number=%g", number->as.number);
        fputs("\n           \"", out);
        print_excerpt(out, a, c->start, c->end);
        fputs("\"\n", out);
    }
}

static void print_signals(FILE *out, const nf_article *a, bool color)
{
    double total = 0;
    heading(out, "signals", a->n_signals, color);
    for (size_t i = 0; i < a->n_signals; i++) {
        const nf_signal *s = &a->signals[i];
        total += s->weight;
        fprintf(out, "  %+7.2f  %-28s %s\n", s->weight, s->name, s->why);
    }
    if (a->n_signals)
        fprintf(out, "  %+7.2f  total\n", total);
}

static void print_scores_and_rest(FILE *out, const nf_article *a, bool color)
{
    heading(out, "scores", a->n_scores, color);
    for (size_t i = 0; i < a->n_scores; i++)
        fprintf(out, "  %-16s %.3f\n", a->scores[i].name, a->scores[i].value);
    heading(out, "excluded", a->n_excluded, color);
    for (size_t i = 0; i < a->n_excluded; i++) {
        fprintf(out, "  %-22s \"", a->excluded[i].rule);
        print_excerpt(out, a, a->excluded[i].start, a->excluded[i].end);
        fputs("\"\n", out);
    }
    heading(out, "errors", a->n_errors, color);
    for (size_t i = 0; i < a->n_errors; i++) {
        const nf_error *e = &a->errors[i];
        fprintf(out, "  %s %s %s:%d %s\n", e->stage, e->code, e->file ? e->file : "-", e->line, e->message);
    }
}

void nf_explain(FILE *out, const nf_article *a, bool color)
{
    fprintf(out, "%s%s%s  (%s)\n\n", color ? BOLD : "", a->id, color ? RESET : "", a->source);
    /* Text that is not valid UTF-8 is shown by the errors, not written raw to the terminal. */
    if (a->utf8 == NF_UTF8_VALID)
        print_document(out, a, color);
    print_entities(out, a, color);
    print_claims(out, a, color);
    print_signals(out, a, color);
    print_scores_and_rest(out, a, color);
}
