/*
 * view.c — builds the norm and fold views of a document in one pass, each
 * with the map from its bytes back to document offsets.
 *
 * Plain ASCII (most news text) is copied byte by byte. Everything else goes
 * through a slower step: the special mappings of view.h, or a cluster (a
 * base character and the marks after it) that utf8proc normalizes to NFC,
 * and for the fold view also case-folds, in a buffer on the stack.
 */
#include "view.h"

#include "error.h"
#include "utf8.h"

#include <stdbool.h>
#include <string.h>
#include <utf8proc.h>

/*
 * A cluster longer than this (a base with dozens of stacked marks) is cut,
 * and the rest starts a new cluster, so that it fits the stack buffer.
 */
#define CLUSTER_MAX_CPS 32

/*
 * utf8proc 2.6 decomposes (and case-folds) one code point into at most 4
 * (checked over all code points); a longer result is copied as it is.
 */
#define CLUSTER_BUF_CPS (CLUSTER_MAX_CPS * 4)

/* UTF8PROC_IGNORE drops default-ignorable marks (variation selectors, CGJ) inside a cluster. */
#define NORM_OPTIONS (UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_IGNORE)
#define FOLD_OPTIONS (NORM_OPTIONS | UTF8PROC_CASEFOLD)

#define NO_GAP UINT32_MAX

/* One view under construction. */
typedef struct out_view {
    char *text;
    uint32_t *to_doc;
    size_t len;
    size_t cap;  /* bytes of text, not counting the room kept for the NUL and to_doc[len] */
} out_view;

/* What was written last decides what white space and line breaks do. */
typedef enum last_written {
    AT_LINE_START,  /* nothing yet, or a line break */
    AFTER_SPACE,
    AFTER_TEXT
} last_written;

typedef struct builder {
    nf_arena *arena;
    const unsigned char *doc;
    size_t doc_len;
    out_view norm;
    out_view fold;
    last_written last;
    /*
     * Where the white space or removed characters since the last text began
     * (NO_GAP when there are none): a space or line break maps there, so a
     * span that ends before it never ends with invisible characters.
     */
    uint32_t gap;
} builder;

/* How the slow step treats a non-ASCII code point. */
typedef enum char_kind {
    KIND_CLUSTER,
    KIND_SPACE,
    KIND_BREAK,
    KIND_REMOVED,
    KIND_SINGLE_QUOTE,
    KIND_DOUBLE_QUOTE,
    KIND_DASH,
    KIND_ELLIPSIS
} char_kind;

static bool is_plain_ascii(unsigned char c)
{
    return c > ' ' && c < 0x7F;
}

static char ascii_lower(unsigned char c)
{
    return (char)(c + ((unsigned)(c - 'A') < 26u ? 32 : 0));
}

static int alloc_view(nf_arena *arena, out_view *v, size_t cap)
{
    if (cap > SIZE_MAX / sizeof *v->to_doc - 1)
        return NF_ENOMEM;
    char *text = nf_arena_alloc(arena, cap + 1);
    uint32_t *to_doc = nf_arena_alloc(arena, (cap + 1) * sizeof *to_doc);
    if (text == NULL || to_doc == NULL)
        return NF_ENOMEM;
    if (v->len) {
        memcpy(text, v->text, v->len);
        memcpy(to_doc, v->to_doc, v->len * sizeof *to_doc);
    }
    v->text = text;
    v->to_doc = to_doc;
    v->cap = cap;
    return 0;
}

/*
 * Makes room to write `extra` bytes now, after which the document from
 * doc_pos on is still to come. The fast path relies on the room always
 * covering one byte per document byte still to come.
 */
static int make_room(builder *b, out_view *v, size_t extra, size_t doc_pos)
{
    size_t need = v->len + extra + (b->doc_len - doc_pos);
    if (need <= v->cap)
        return 0;
    size_t cap = v->cap * 2 > need ? v->cap * 2 : need;
    return alloc_view(b->arena, v, cap);
}

static void put(out_view *v, char c, uint32_t doc_off)
{
    v->text[v->len] = c;
    v->to_doc[v->len] = doc_off;
    v->len++;
}

/* Writes the same ASCII byte to both views: the special mappings and separators. */
static void put_both(builder *b, char c, uint32_t doc_off)
{
    put(&b->norm, c, doc_off);
    put(&b->fold, c, doc_off);
}

static void text_written(builder *b)
{
    b->last = AFTER_TEXT;
    b->gap = NO_GAP;
}

/* Where a separator at doc offset i maps: the start of the gap before it, if any. */
static uint32_t separator_start(const builder *b, size_t i)
{
    return b->gap != NO_GAP ? b->gap : (uint32_t)i;
}

static void open_gap(builder *b, size_t i)
{
    if (b->gap == NO_GAP)
        b->gap = (uint32_t)i;
}

static void white_space(builder *b, size_t i)
{
    if (b->last == AFTER_TEXT) {
        put_both(b, ' ', separator_start(b, i));
        b->last = AFTER_SPACE;
        b->gap = NO_GAP;
    } else {
        open_gap(b, i);
    }
}

static void line_break(builder *b, size_t i)
{
    if (b->last == AFTER_SPACE) {
        /* The line break replaces the space before it and keeps its offset. */
        b->norm.text[b->norm.len - 1] = '\n';
        b->fold.text[b->fold.len - 1] = '\n';
    } else {
        put_both(b, '\n', separator_start(b, i));
    }
    b->last = AT_LINE_START;
    b->gap = NO_GAP;
}

/*
 * Copies plain ASCII characters and spaces from i while the byte after each
 * is ASCII too (a non-ASCII byte may be a mark that combines with it), and
 * returns where it stopped. The last document byte is left to the slow step.
 * Both views have room for a byte per document byte (see make_room).
 */
static size_t copy_ascii(builder *b, size_t i)
{
    const unsigned char *doc = b->doc;
    size_t stop = b->doc_len - 1;
    char *nt = b->norm.text, *ft = b->fold.text;
    uint32_t *nd = b->norm.to_doc, *fd = b->fold.to_doc;
    size_t nl = b->norm.len, fl = b->fold.len;
    last_written last = b->last;
    uint32_t gap = b->gap;
    while (i < stop && doc[i + 1] < 0x80) {
        unsigned char c = doc[i];
        if (is_plain_ascii(c)) {
            nt[nl] = (char)c;
            nd[nl++] = (uint32_t)i;
            ft[fl] = ascii_lower(c);
            fd[fl++] = (uint32_t)i;
            last = AFTER_TEXT;
            gap = NO_GAP;
        } else if (c == ' ' && last == AFTER_TEXT) {
            uint32_t at = gap != NO_GAP ? gap : (uint32_t)i;
            nt[nl] = ' ';
            nd[nl++] = at;
            ft[fl] = ' ';
            fd[fl++] = at;
            last = AFTER_SPACE;
            gap = NO_GAP;
        } else if (c == ' ') {
            /* As white_space: a space after a space or a line break only opens the gap. */
            if (gap == NO_GAP)
                gap = (uint32_t)i;
        } else {
            break;
        }
        i++;
    }
    b->norm.len = nl;
    b->fold.len = fl;
    b->last = last;
    b->gap = gap;
    return i;
}

static char_kind quote_kind(int32_t cp)
{
    switch (cp) {
    case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x2039: case 0x203A:
        return KIND_SINGLE_QUOTE;
    case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x00AB: case 0x00BB:
        return KIND_DOUBLE_QUOTE;
    default:
        return KIND_CLUSTER;
    }
}

static char_kind classify(int32_t cp, const utf8proc_property_t *p)
{
    if (cp == 0x85 || p->category == UTF8PROC_CATEGORY_ZL || p->category == UTF8PROC_CATEGORY_ZP)
        return KIND_BREAK;
    if (p->category == UTF8PROC_CATEGORY_ZS || p->category == UTF8PROC_CATEGORY_CC)
        return KIND_SPACE;
    /* Default-ignorable: zero-width characters, soft hyphen, BOM, bidi controls. */
    if (p->ignorable)
        return KIND_REMOVED;
    if (p->category == UTF8PROC_CATEGORY_PD || cp == 0x2212)
        return KIND_DASH;
    if (cp == 0x2026)
        return KIND_ELLIPSIS;
    return quote_kind(cp);
}

/*
 * Whether cp belongs to the cluster before it: marks, anything with a
 * combining class, and the Hangul vowel and trailing jamo that compose with
 * the syllable before them. Every character NFC composes onto a previous
 * one is of one of these kinds, so clusters can be normalized one by one.
 */
static bool continues_cluster(int32_t cp)
{
    if (cp < 0x80)
        return false;
    const utf8proc_property_t *p = utf8proc_get_property(cp);
    return p->combining_class != 0 || p->category == UTF8PROC_CATEGORY_MN ||
           p->category == UTF8PROC_CATEGORY_MC || p->category == UTF8PROC_CATEGORY_ME ||
           p->boundclass == UTF8PROC_BOUNDCLASS_V || p->boundclass == UTF8PROC_BOUNDCLASS_T;
}

/*
 * The end of the cluster whose first character is doc[start, first_end);
 * *n_cps gets its number of code points.
 */
static size_t cluster_end(const builder *b, size_t first_end, int *n_cps)
{
    const char *doc = (const char *)b->doc;
    size_t end = first_end;
    int n = 1;
    while (end < b->doc_len && n < CLUSTER_MAX_CPS) {
        int32_t cp;
        int len = nf_utf8_decode(doc + end, b->doc_len - end, &cp);
        if (!continues_cluster(cp))
            break;
        end += (size_t)len;
        n++;
    }
    *n_cps = n;
    return end;
}

/* Copies doc[start, end) to v unchanged, every byte mapped to start. */
static int copy_bytes(builder *b, out_view *v, size_t start, size_t end)
{
    int rc = make_room(b, v, end - start, end);
    if (rc < 0)
        return rc;
    for (size_t i = start; i < end; i++)
        put(v, (char)b->doc[i], (uint32_t)start);
    return 0;
}

/*
 * Writes doc[start, end) to v normalized with the utf8proc options. A
 * cluster utf8proc cannot handle in the buffer is copied as it is.
 */
static int normalize_cluster(builder *b, out_view *v, size_t start, size_t end,
                             utf8proc_option_t options)
{
    utf8proc_int32_t cps[CLUSTER_BUF_CPS];
    utf8proc_ssize_t n = utf8proc_decompose(b->doc + start, (utf8proc_ssize_t)(end - start), cps,
                                            CLUSTER_BUF_CPS, options);
    if (n >= 0 && n <= CLUSTER_BUF_CPS)
        n = utf8proc_normalize_utf32(cps, n, options);
    if (n < 0 || n > CLUSTER_BUF_CPS)
        return copy_bytes(b, v, start, end);
    int rc = make_room(b, v, (size_t)n * 4, end);
    if (rc < 0)
        return rc;
    for (utf8proc_ssize_t k = 0; k < n; k++) {
        char bytes[4];
        int len = nf_utf8_encode(cps[k], bytes);
        for (int j = 0; j < len; j++)
            put(v, bytes[j], (uint32_t)start);
    }
    return 0;
}

/* Whether NFC leaves the code point alone: it has no canonical decomposition. */
static bool nfc_keeps(const utf8proc_property_t *p)
{
    return p->decomp_seqindex == UINT16_MAX || p->decomp_type != 0;
}

/* A single code point cp with no mark after it: most letters need no utf8proc call. */
static int write_single_code_point(builder *b, size_t start, size_t end, int32_t cp)
{
    if (cp < 0x80) {
        /* One byte for one: the room kept for the rest of the document covers it. */
        put(&b->norm, (char)cp, (uint32_t)start);
        put(&b->fold, ascii_lower((unsigned char)cp), (uint32_t)start);
        return 0;
    }
    const utf8proc_property_t *p = utf8proc_get_property(cp);
    bool keeps = nfc_keeps(p);
    int rc = keeps ? copy_bytes(b, &b->norm, start, end)
                   : normalize_cluster(b, &b->norm, start, end, NORM_OPTIONS);
    if (rc < 0)
        return rc;
    if (keeps && p->casefold_seqindex == UINT16_MAX)
        return copy_bytes(b, &b->fold, start, end);
    return normalize_cluster(b, &b->fold, start, end, FOLD_OPTIONS);
}

/*
 * Writes the cluster that starts at *pos with cp, `len` bytes long, to both
 * views and moves *pos past the cluster.
 */
static int write_cluster(builder *b, size_t *pos, int32_t cp, int len)
{
    int n_cps;
    size_t start = *pos;
    size_t end = cluster_end(b, start + (size_t)len, &n_cps);
    int rc;
    if (n_cps == 1) {
        rc = write_single_code_point(b, start, end, cp);
    } else {
        rc = normalize_cluster(b, &b->norm, start, end, NORM_OPTIONS);
        if (rc == 0)
            rc = normalize_cluster(b, &b->fold, start, end, FOLD_OPTIONS);
    }
    if (rc < 0)
        return rc;
    text_written(b);
    *pos = end;
    return 0;
}

/* Writes an ASCII replacement (quote, dash, "...") for the character at i. */
static void write_replacement(builder *b, size_t i, const char *ascii)
{
    for (; *ascii; ascii++)
        put_both(b, *ascii, (uint32_t)i);
    text_written(b);
}

/* Handles an ASCII byte the fast path left: controls, line breaks, the last byte. */
static int ascii_step(builder *b, size_t *pos)
{
    size_t i = *pos;
    unsigned char c = b->doc[i];
    if (is_plain_ascii(c))
        return write_cluster(b, pos, c, 1);
    if (c == '\n' || c == '\r') {
        line_break(b, i);
        *pos = i + 1 + (c == '\r' && i + 1 < b->doc_len && b->doc[i + 1] == '\n');
        return 0;
    }
    white_space(b, i);
    *pos = i + 1;
    return 0;
}

/* Handles the non-ASCII character at *pos. */
static int other_step(builder *b, size_t *pos)
{
    size_t i = *pos;
    int32_t cp;
    int len = nf_utf8_decode((const char *)b->doc + i, b->doc_len - i, &cp);
    switch (classify(cp, utf8proc_get_property(cp))) {
    case KIND_CLUSTER:
        return write_cluster(b, pos, cp, len);
    case KIND_SPACE:
        white_space(b, i);
        break;
    case KIND_BREAK:
        line_break(b, i);
        break;
    case KIND_REMOVED:
        open_gap(b, i);
        break;
    case KIND_SINGLE_QUOTE:
        write_replacement(b, i, "'");
        break;
    case KIND_DOUBLE_QUOTE:
        write_replacement(b, i, "\"");
        break;
    case KIND_DASH:
        write_replacement(b, i, "-");
        break;
    case KIND_ELLIPSIS:
        write_replacement(b, i, "...");
        break;
    }
    *pos = i + (size_t)len;
    return 0;
}

static void finish(builder *b, out_view *v, nf_view *out)
{
    v->text[v->len] = '\0';
    v->to_doc[v->len] = (uint32_t)b->doc_len;
    out->text = v->text;
    out->len = v->len;
    out->to_doc = v->to_doc;
}

int nf_views_build(nf_arena *arena, const char *doc, size_t len, nf_view *norm, nf_view *fold)
{
    if (len >= UINT32_MAX)
        return NF_ETOOBIG;
    builder b = {.arena = arena, .doc = (const unsigned char *)doc, .doc_len = len,
                 .last = AT_LINE_START, .gap = NO_GAP};
    /* Room for every byte plus some expansion; make_room grows the rare rest. */
    size_t cap = len + len / 8 + 16;
    if (alloc_view(arena, &b.norm, cap) < 0 || alloc_view(arena, &b.fold, cap) < 0)
        return NF_ENOMEM;
    size_t i = 0;
    while (i < len) {
        i = copy_ascii(&b, i);
        if (i >= len)
            break;
        int rc = b.doc[i] < 0x80 ? ascii_step(&b, &i) : other_step(&b, &i);
        if (rc < 0)
            return rc;
    }
    finish(&b, &b.norm, norm);
    finish(&b, &b.fold, fold);
    return 0;
}

uint32_t nf_view_doc_start(const nf_view *v, size_t view_start)
{
    return v->to_doc[view_start < v->len ? view_start : v->len];
}

uint32_t nf_view_doc_end(const nf_view *v, size_t view_end)
{
    if (view_end > v->len)
        view_end = v->len;
    if (view_end == 0)
        return v->to_doc[0];
    /* A span that ends inside the output of one character is widened to all of it. */
    uint32_t last = v->to_doc[view_end - 1];
    while (view_end < v->len && v->to_doc[view_end] == last)
        view_end++;
    return v->to_doc[view_end];
}

size_t nf_view_from_doc(const nf_view *v, uint32_t doc_off)
{
    size_t lo = 0, hi = v->len;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (v->to_doc[mid] < doc_off)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}
