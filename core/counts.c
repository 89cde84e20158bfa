/*
 * counts.c — one pass over the body for the counts signals read.
 *
 * Why it is written this way: a byte-at-a-time loop that branches on
 * every character class mispredicts at every word boundary, and an
 * automaton's chain of dependent loads costs a few nanoseconds a byte;
 * either alone would take most of the score stage's budget. So the text
 * is read eight bytes at a time (SWAR: bit tricks on a 64-bit word find
 * where a word ends), a word's first eight bytes are its lexicon key, and
 * the rare cases (marks, numbers, capitals, non-ASCII words) take a slow
 * path only when a cheap test says they are there.
 */
#include "counts.h"

#include "alloc.h"
#include "arena.h"
#include "error.h"
#include "phrases.h"
#include "utf8.h"

#include <stdlib.h>
#include <string.h>

#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "counts.c reads text eight bytes at a time into little-endian words"
#endif

const char *const nf_count_names[NF_N_COUNTS] = {
    "words", "sentences", "exclamations", "exclamation_runs", "questions", "caps_runs",
    "caps_words", "figures", "unsourced_figures", "claims", "quotes", "attributed", "named",
    "hedged", "numbers", "unattributed_numbers", "people", "organizations", "excluded",
    "title_letters", "title_capitals", "title_exclamations",
};

/* A run of words in capitals counts from this many words: "US and EU" is not shouting. */
#define CAPS_RUN_MIN 3

/* --- eight bytes at a time --- */

#define ONES  UINT64_C(0x0101010101010101)
#define HIGHS UINT64_C(0x8080808080808080)
#define LOWS  UINT64_C(0x7f7f7f7f7f7f7f7f)

/* The bytes of text[i, limit) from i, up to eight, in a word; missing bytes are 0. */
static uint64_t load8(const char *text, size_t i, size_t limit)
{
    uint64_t x = 0;
    if (i + 8 <= limit)
        memcpy(&x, text + i, 8);
    else if (i < limit)
        memcpy(&x, text + i, limit - i);
    return x;
}

/* The low n bytes (n <= 8) of a word set. */
static uint64_t low_bytes(size_t n)
{
    return n >= 8 ? ~UINT64_C(0) : (UINT64_C(1) << (8 * n)) - 1;
}

/* Bit 7 of each byte of x set where the byte (below 0x80) lies in [lo, hi]. */
static uint64_t in_range(uint64_t x, unsigned lo, unsigned hi)
{
    uint64_t y = x & LOWS;
    return (y + (0x80 - lo) * ONES) & ~(y + (0x7f - hi) * ONES) & ~x & HIGHS;
}

/*
 * Bit 7 set on the bytes of word characters: ASCII letters and digits, and
 * every byte of a non-ASCII character. In the fold view quotes, dashes and
 * spaces are ASCII already, so what is left beyond ASCII is mostly letters.
 */
static uint64_t word_bytes(uint64_t x)
{
    uint64_t lower = x | 0x20 * ONES;   /* 'A'..'Z' to 'a'..'z'; no other byte enters a..z */
    return (x & HIGHS) | in_range(lower, 'a', 'z') | in_range(x, '0', '9');
}

/* Bit 7 set on the bytes of x equal to c. */
static uint64_t bytes_equal(uint64_t x, unsigned char c)
{
    uint64_t v = x ^ (c * ONES);
    return ~(((v & LOWS) + LOWS) | v) & HIGHS;
}

static size_t first_byte(uint64_t mask)
{
    return (size_t)__builtin_ctzll(mask) / 8;
}

static bool is_word_byte(unsigned char c)
{
    return c >= 0x80 || (unsigned)((c | 0x20) - 'a') < 26u || (unsigned)(c - '0') < 10u;
}

static bool is_digit(unsigned char c)
{
    return (unsigned)(c - '0') < 10u;
}

/* The end of the word that starts at text[i] (its first eight bytes in x). */
static size_t word_end(const char *text, size_t i, size_t len, uint64_t x)
{
    uint64_t ends = ~word_bytes(x) & HIGHS;
    while (ends == 0 && i + 8 < len) {
        i += 8;
        x = load8(text, i, len);
        ends = ~word_bytes(x) & HIGHS;
    }
    return ends ? i + first_byte(ends) : len;
}

/* --- lexicons --- */

/*
 * A phrase is looked up by its longest word, its anchor: "statement", not
 * "in", for "in a statement". Common short words then never reach the
 * table, and each occurrence of a phrase is found once, at its anchor.
 */
typedef struct lex_entry {
    char *phrase;          /* folded */
    uint32_t len;
    uint32_t anchor;       /* where the anchor starts in the phrase */
    uint32_t anchor_len;
    uint64_t key;          /* the anchor's first eight bytes */
    unsigned which;        /* the lexicon */
} lex_entry;

/* The entries that share a key and anchor length, consecutive after sorting. */
typedef struct lex_slot {
    uint64_t key;
    uint32_t anchor_len;
    uint32_t start, count;   /* count 0: a free slot */
} lex_slot;

/* Bits of the filter of anchors: most words of a text are in no lexicon and stop there. */
#define FILTER_BITS 4096

struct nf_lexicon {
    lex_entry *entries;
    size_t n, cap;
    lex_slot *slots;         /* a power of two, at most half full */
    size_t n_slots;
    uint64_t filter[FILTER_BITS / 64];   /* one bit per hash of an anchor */
    uint32_t shortest, longest;          /* anchor lengths: other words need no lookup */
    nf_arena scratch;        /* folding */
};

nf_lexicon *nf_lexicon_new(void)
{
    nf_lexicon *lx = nf_calloc(1, sizeof *lx);
    if (lx)
        nf_arena_init(&lx->scratch, 1024);
    return lx;
}

void nf_lexicon_free(nf_lexicon *lx)
{
    if (lx == NULL)
        return;
    for (size_t i = 0; i < lx->n; i++)
        nf_free(lx->entries[i].phrase);
    nf_free(lx->entries);
    nf_free(lx->slots);
    nf_arena_free(&lx->scratch);
    nf_free(lx);
}

/* The longest word of the entry's phrase (the first of the longest) becomes its anchor. */
static void set_anchor(lex_entry *e)
{
    e->anchor_len = 0;
    for (size_t i = 0; i < e->len;) {
        if (!is_word_byte((unsigned char)e->phrase[i])) {
            i++;
            continue;
        }
        size_t end = word_end(e->phrase, i, e->len, load8(e->phrase, i, e->len));
        if (end - i > e->anchor_len) {
            e->anchor = (uint32_t)i;
            e->anchor_len = (uint32_t)(end - i);
        }
        i = end;
    }
    e->key = load8(e->phrase, e->anchor, e->len) & low_bytes(e->anchor_len);
}

int nf_lexicon_add(nf_lexicon *lx, const char *phrase, size_t len, unsigned which)
{
    const char *key;
    size_t key_len;
    int rc = nf_phrase_fold(&lx->scratch, phrase, len, &key, &key_len);
    if (rc < 0)
        return rc;
    if (!is_word_byte((unsigned char)key[0]) || key_len > UINT32_MAX)
        return NF_EINVAL;
    if (lx->n == lx->cap) {
        size_t cap = lx->cap ? lx->cap * 2 : 64;
        lex_entry *grown = nf_realloc(lx->entries, cap * sizeof *grown);
        if (grown == NULL)
            return NF_ENOMEM;
        lx->entries = grown;
        lx->cap = cap;
    }
    lex_entry *e = &lx->entries[lx->n];
    e->phrase = nf_strndup(key, key_len);
    if (e->phrase == NULL)
        return NF_ENOMEM;
    e->len = (uint32_t)key_len;
    set_anchor(e);
    e->which = which;
    lx->n++;
    return 0;
}

static int compare_entries(const void *x, const void *y)
{
    const lex_entry *a = x, *b = y;
    if (a->key != b->key)
        return a->key < b->key ? -1 : 1;
    if (a->anchor_len != b->anchor_len)
        return a->anchor_len < b->anchor_len ? -1 : 1;
    int c = strcmp(a->phrase, b->phrase);
    return c ? c : (a->which > b->which) - (a->which < b->which);
}

static uint32_t min_u32(uint32_t a, uint32_t b)
{
    return a < b ? a : b;
}

static uint32_t max_u32(uint32_t a, uint32_t b)
{
    return a > b ? a : b;
}

static uint64_t lex_hash(uint64_t key, uint32_t anchor_len)
{
    return (key ^ anchor_len) * UINT64_C(0x9E3779B97F4A7C15);
}

/* The slot index from the hash's middle bits, the filter bit from its top bits. */
static size_t slot_index(uint64_t hash, size_t n_slots)
{
    return (size_t)(hash >> 20) & (n_slots - 1);
}

static unsigned filter_bit(uint64_t hash)
{
    return (unsigned)(hash >> 52);
}

/* Drops entries listed twice in one lexicon (they are adjacent once sorted). */
static void drop_repeats(nf_lexicon *lx)
{
    size_t kept = 0;
    for (size_t i = 0; i < lx->n; i++) {
        lex_entry *e = &lx->entries[i];
        if (kept > 0 && lx->entries[kept - 1].which == e->which &&
            strcmp(lx->entries[kept - 1].phrase, e->phrase) == 0) {
            nf_free(e->phrase);
            continue;
        }
        lx->entries[kept++] = *e;
    }
    lx->n = kept;
}

int nf_lexicon_build(nf_lexicon *lx)
{
    qsort(lx->entries, lx->n, sizeof *lx->entries, compare_entries);
    drop_repeats(lx);
    lx->shortest = UINT32_MAX;
    for (size_t i = 0; i < lx->n; i++) {
        lx->shortest = min_u32(lx->shortest, lx->entries[i].anchor_len);
        lx->longest = max_u32(lx->longest, lx->entries[i].anchor_len);
    }
    lx->n_slots = 16;
    while (lx->n_slots < 2 * lx->n)
        lx->n_slots *= 2;
    lx->slots = nf_calloc(lx->n_slots, sizeof *lx->slots);
    if (lx->slots == NULL)
        return NF_ENOMEM;
    for (size_t i = 0; i < lx->n;) {
        const lex_entry *e = &lx->entries[i];
        size_t j = i;
        while (j < lx->n && lx->entries[j].key == e->key && lx->entries[j].anchor_len == e->anchor_len)
            j++;
        uint64_t hash = lex_hash(e->key, e->anchor_len);
        lx->filter[filter_bit(hash) / 64] |= UINT64_C(1) << (filter_bit(hash) % 64);
        size_t k = slot_index(hash, lx->n_slots);
        while (lx->slots[k].count)
            k = (k + 1) & (lx->n_slots - 1);
        lx->slots[k] = (lex_slot){e->key, e->anchor_len, (uint32_t)i, (uint32_t)(j - i)};
        i = j;
    }
    return 0;
}

static const lex_slot *lex_find(const nf_lexicon *lx, uint64_t key, uint32_t anchor_len)
{
    uint64_t hash = lex_hash(key, anchor_len);
    if (!(lx->filter[filter_bit(hash) / 64] >> (filter_bit(hash) % 64) & 1))
        return NULL;
    for (size_t k = slot_index(hash, lx->n_slots);; k = (k + 1) & (lx->n_slots - 1)) {
        const lex_slot *s = &lx->slots[k];
        if (s->count == 0 || (s->key == key && s->anchor_len == anchor_len))
            return s->count ? s : NULL;
    }
}

/* Whether entry e occurs in text with its anchor at text[at], as whole words. */
static bool lex_at(const lex_entry *e, const char *text, size_t len, size_t at)
{
    if (at < e->anchor || at - e->anchor + e->len > len)
        return false;
    size_t start = at - e->anchor, end = start + e->len;
    /* Most candidates fail in their first eight bytes. */
    if (((load8(text, start, len) ^ load8(e->phrase, 0, e->len)) & low_bytes(e->len)) != 0 ||
        (e->len > 8 && memcmp(text + start + 8, e->phrase + 8, e->len - 8) != 0))
        return false;
    /* A phrase starts with a word character (nf_lexicon_add checks): none may come before it. */
    if (start > 0 && is_word_byte((unsigned char)text[start - 1]))
        return false;
    return end == len || !is_word_byte((unsigned char)e->phrase[e->len - 1]) ||
           !is_word_byte((unsigned char)text[end]);
}

/* --- scratch --- */

struct nf_counts_scratch {
    nf_span *spans;          /* the sentences counted */
    size_t n_spans, cap_spans;
    uint32_t *masks;         /* per span: the lexicons with a hit in it */
    size_t cap_masks;
    const char **names;      /* entity names, for counting distinct ones */
    size_t cap_names;
    nf_span *named;          /* PERSON and ORG entities, by start */
    size_t n_named, cap_named;
};

nf_counts_scratch *nf_counts_scratch_new(void)
{
    return nf_calloc(1, sizeof(nf_counts_scratch));
}

void nf_counts_scratch_free(nf_counts_scratch *s)
{
    if (s == NULL)
        return;
    nf_free(s->spans);
    nf_free(s->masks);
    nf_free(s->names);
    nf_free(s->named);
    nf_free(s);
}

/* Grows a malloc'd array to hold `need` items. */
static int reserve(void **items, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return 0;
    size_t n = *cap ? *cap : 64;
    while (n < need)
        n *= 2;
    void *grown = nf_realloc(*items, n * size);
    if (grown == NULL)
        return NF_ENOMEM;
    *items = grown;
    *cap = n;
    return 0;
}

static int push_span(nf_counts_scratch *s, uint32_t start, uint32_t end)
{
    if (start >= end)
        return 0;
    if (reserve((void **)&s->spans, &s->cap_spans, s->n_spans + 1, sizeof *s->spans) < 0)
        return NF_ENOMEM;
    s->spans[s->n_spans++] = (nf_span){start, end};
    return 0;
}

static int compare_excluded(const void *x, const void *y)
{
    const nf_excluded *a = x, *b = y;
    return (a->start > b->start) - (a->start < b->start);
}

/* Without sentences the body, cut around the excluded spans, stands in for them. */
static int body_pieces(const nf_article *a, nf_counts_scratch *s)
{
    nf_excluded *sorted = nf_malloc((a->n_excluded + 1) * sizeof *sorted);
    if (sorted == NULL)
        return NF_ENOMEM;
    if (a->n_excluded) {
        memcpy(sorted, a->excluded, a->n_excluded * sizeof *sorted);
        qsort(sorted, a->n_excluded, sizeof *sorted, compare_excluded);
    }
    uint32_t from = a->body_start;
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < a->n_excluded; i++) {
        if (sorted[i].start > from)
            rc = push_span(s, from, sorted[i].start);
        if (sorted[i].end > from)
            from = sorted[i].end;
    }
    if (rc == 0)
        rc = push_span(s, from, a->doc_len);
    nf_free(sorted);
    return rc;
}

static int collect_spans(const nf_article *a, nf_counts_scratch *s)
{
    s->n_spans = 0;
    int rc = 0;
    if (a->n_sentences == 0)
        rc = body_pieces(a, s);
    for (size_t i = 0; rc == 0 && i < a->n_sentences; i++)
        if (a->sentences[i].start >= a->body_start)
            rc = push_span(s, a->sentences[i].start, a->sentences[i].end);
    if (rc == 0)
        rc = reserve((void **)&s->masks, &s->cap_masks, s->n_spans + 1, sizeof *s->masks);
    if (rc == 0)
        memset(s->masks, 0, s->n_spans * sizeof *s->masks);
    return rc;
}

/* --- the pass over the body --- */

/* One bit per byte of 64 bytes of text: word bytes, and ! or ? marks. */
typedef struct chunk {
    uint64_t words, marks;
} chunk;

/* The high bits of the eight bytes of v (only bit 7 of each set) as eight bits, byte i at bit i. */
static uint64_t gather(uint64_t v)
{
    return (v * UINT64_C(0x0002040810204081)) >> 56;
}

/*
 * The word bytes of t[at, at + 64), and its ! and ? marks when `marks`
 * (the caller knows from memchr whether any are there: most chunks have
 * none, and the exact test costs as much as the word test).
 */
static chunk read_chunk(const char *t, size_t at, size_t len, bool marks)
{
    chunk c = {0, 0};
    bool whole = at + 64 <= len;
    for (unsigned k = 0; k < 8; k++) {
        uint64_t x = 0;
        if (whole)
            memcpy(&x, t + at + 8 * k, 8);
        else
            x = load8(t, at + 8 * k, len);
        c.words |= gather(word_bytes(x)) << (8 * k);
        if (marks)
            c.marks |= gather(bytes_equal(x, '!') | bytes_equal(x, '?')) << (8 * k);
    }
    return c;
}

/* The first ! or ? at or after `from` (len when none). */
static size_t next_mark(const char *t, size_t from, size_t len)
{
    const char *bang = from < len ? memchr(t + from, '!', len - from) : NULL;
    const char *question = from < len ? memchr(t + from, '?', len - from) : NULL;
    size_t b = bang ? (size_t)(bang - t) : len, q = question ? (size_t)(question - t) : len;
    return b < q ? b : q;
}

typedef struct scanner {
    const nf_article *a;
    const char *t;           /* the fold view */
    size_t len;
    const nf_lexicon *lx;
    nf_counts_scratch *s;
    nf_counts *out;
    int sourced_by;
    size_t span;             /* the sentence being read */
    nf_span here;            /* its offsets */
    size_t resume;           /* text before this was read already (a number, a run of marks) */
    uint32_t run;            /* words in capitals in a row, in this sentence */
    bool figure;             /* this sentence has a figure */
} scanner;

static void end_caps_run(scanner *sc)
{
    if (sc->run >= CAPS_RUN_MIN) {
        sc->out->v[NF_C_CAPS_RUNS]++;
        sc->out->v[NF_C_CAPS_WORDS] += sc->run;
    }
    sc->run = 0;
}

static void finish_sentence(scanner *sc)
{
    end_caps_run(sc);
    if (sc->figure) {
        bool sourced = sc->sourced_by >= 0 && (sc->s->masks[sc->span] >> sc->sourced_by & 1);
        sc->out->v[NF_C_FIGURES]++;
        sc->out->v[NF_C_UNSOURCED_FIGURES] += !sourced;
    }
    sc->figure = false;
}

/* Moves on to the sentence that holds or follows document offset `doc`. */
static void next_sentence(scanner *sc, uint32_t doc)
{
    const nf_counts_scratch *s = sc->s;
    while (sc->span < s->n_spans && doc >= s->spans[sc->span].end) {
        finish_sentence(sc);
        sc->span++;
    }
    sc->here = sc->span < s->n_spans ? s->spans[sc->span] : (nf_span){UINT32_MAX, UINT32_MAX};
}

/* Whether document offset `doc` lies in a sentence (offsets come in order). */
static bool in_sentence(scanner *sc, uint32_t doc)
{
    if (doc >= sc->here.end)
        next_sentence(sc, doc);
    return doc >= sc->here.start;
}

/* A run of ! and ? at t[i]: counts it. */
static void take_marks(scanner *sc, size_t i)
{
    size_t j = i;
    uint32_t bangs = 0;
    while (j < sc->len && (sc->t[j] == '!' || sc->t[j] == '?')) {
        bangs += sc->t[j] == '!';
        j++;
    }
    if (in_sentence(sc, sc->a->fold.to_doc[i])) {
        sc->out->v[NF_C_EXCLAMATIONS] += bangs;
        sc->out->v[NF_C_QUESTIONS] += (uint32_t)(j - i) - bangs;
        sc->out->v[NF_C_EXCLAMATION_RUNS] += bangs && j - i >= 2;
    }
    sc->resume = j;
}

/* Whether the number t[start, end) reads as a statistic rather than a date, time or label. */
static bool is_figure(const char *t, size_t start, size_t end, size_t len, size_t digits,
                      bool plain)
{
    static const char *const scales[] = {" percent", " per cent", " million", " billion",
                                         " trillion", " thousand", NULL};
    if (end < len && t[end] == '%')
        return true;
    if ((start > 0 && t[start - 1] == '$') ||
        (start > 1 && memcmp(t + start - 2, "\xC2\xA3", 2) == 0) ||      /* £ */
        (start > 2 && memcmp(t + start - 3, "\xE2\x82\xAC", 3) == 0))    /* € */
        return true;
    for (const char *const *w = scales; *w; w++) {
        size_t n = strlen(*w);
        if (end + n <= len && memcmp(t + end, *w, n) == 0 &&
            (end + n == len || !is_word_byte((unsigned char)t[end + n])))
            return true;
    }
    if (end < len && t[end] == ':')
        return false;   /* a time: 10:30 */
    bool year = plain && digits == 4 && (t[start] == '1' || t[start] == '2');
    return digits >= 3 && !year;
}

/* A number at t[i]: digits with , or . between digit groups. False when it is a word (21st, 3D). */
static bool take_number(scanner *sc, size_t i)
{
    const char *t = sc->t;
    size_t j = i, digits = 0;
    bool plain = true;
    for (; j < sc->len; j++) {
        if (is_digit((unsigned char)t[j]))
            digits++;
        else if ((t[j] == ',' || t[j] == '.') && j + 1 < sc->len && is_digit((unsigned char)t[j + 1]))
            plain = false;
        else
            break;
    }
    if (j < sc->len && is_word_byte((unsigned char)t[j]))
        return false;
    sc->figure |= is_figure(t, i, j, sc->len, digits, plain);
    sc->resume = j;
    return true;
}

static void take_lexicon_words(scanner *sc, size_t i, size_t end)
{
    size_t n = end - i;
    if (n < sc->lx->shortest || n > sc->lx->longest)
        return;   /* "a", "of", "the" are nobody's anchor */
    uint64_t key = load8(sc->t, i, sc->len) & low_bytes(n);
    const lex_slot *slot = lex_find(sc->lx, key, (uint32_t)n);
    for (uint32_t k = 0; slot && k < slot->count; k++) {
        const lex_entry *e = &sc->lx->entries[slot->start + k];
        if (lex_at(e, sc->t, sc->len, i)) {
            sc->out->lexicon_hits[e->which]++;
            sc->s->masks[sc->span] |= UINT32_C(1) << e->which;
        }
    }
}

/* Letters and lower-case letters of a word of the document with non-ASCII characters. */
static void case_slow(const char *d, size_t start, size_t end, uint32_t *letters, bool *lower)
{
    while (start < end) {
        int32_t cp;
        start += (size_t)nf_utf8_decode(d + start, end - start, &cp);
        if (nf_utf8_is_word_cp(cp) && !(cp >= '0' && cp <= '9')) {
            (*letters)++;
            *lower |= !nf_utf8_is_upper_cp(cp);
        }
    }
}

/*
 * Whether the word t[i, end) is in capitals, read in the document; words of
 * one letter do not count. Most words start in lower case and need no more.
 */
static void take_case(scanner *sc, size_t i, size_t end)
{
    const nf_article *a = sc->a;
    size_t start = a->fold.to_doc[i];
    unsigned char c = (unsigned char)a->doc[start];
    if ((unsigned)(c - 'a') < 26u) {
        if (end - i >= 2)
            end_caps_run(sc);
        return;
    }
    size_t stop = a->fold.to_doc[end];
    uint32_t letters = 0;
    bool lower = false;
    for (size_t p = start; !lower && p < stop; p += 8) {
        uint64_t x = load8(a->doc, p, a->doc_len) & low_bytes(stop - p);
        if (x & HIGHS) {
            letters = 0;
            case_slow(a->doc, start, stop, &letters, &lower);
            break;
        }
        uint64_t m = in_range(x | 0x20 * ONES, 'a', 'z');
        letters += m ? ((m & (m - 1)) ? 2 : 1) : 0;
        lower |= in_range(x, 'a', 'z') != 0;
    }
    if (letters >= 2 && !lower)
        sc->run++;
    else if (letters >= 2)
        end_caps_run(sc);
}

/* The word t[i, end): counts it. */
static void take_word(scanner *sc, size_t i, size_t end)
{
    const uint32_t *to_doc = sc->a->fold.to_doc;
    if (!in_sentence(sc, to_doc[i]))
        return;
    sc->out->v[NF_C_WORDS]++;
    if (is_digit((unsigned char)sc->t[i]) && take_number(sc, i))
        return;
    if (sc->lx)
        take_lexicon_words(sc, i, end);
    take_case(sc, i, end);
}

/* Words and mark runs of one chunk at `at`, in text order. `prev` is the chunk before it. */
static void take_chunk(scanner *sc, size_t at, chunk c, chunk prev)
{
    uint64_t words = c.words & ~((c.words << 1) | (prev.words >> 63));
    uint64_t marks = c.marks & ~((c.marks << 1) | (prev.marks >> 63));
    for (uint64_t starts = words | marks; starts; starts &= starts - 1) {
        unsigned bit = (unsigned)__builtin_ctzll(starts);
        size_t i = at + bit;
        if (i < sc->resume)
            continue;
        if (marks >> bit & 1) {
            take_marks(sc, i);
            continue;
        }
        uint64_t after = ~c.words & (~UINT64_C(0) << bit);
        size_t end = after ? at + (size_t)__builtin_ctzll(after)
                           : word_end(sc->t, at + 64, sc->len, load8(sc->t, at + 64, sc->len));
        take_word(sc, i, end > sc->len ? sc->len : end);
    }
}

static void count_body(const nf_article *a, const nf_lexicon *lx, int sourced_by,
                       nf_counts_scratch *s, nf_counts *out)
{
    if (s->n_spans == 0)
        return;
    scanner sc = {a, a->fold.text, a->fold.len, lx, s, out, sourced_by, 0, s->spans[0], 0, 0, false};
    chunk prev = {0, 0};
    size_t at = nf_view_from_doc(&a->fold, s->spans[0].start);
    for (size_t mark = next_mark(sc.t, at, sc.len); at < sc.len && sc.span < s->n_spans; at += 64) {
        chunk c = read_chunk(sc.t, at, sc.len, mark < at + 64);
        if (mark < at + 64)
            mark = next_mark(sc.t, at + 64, sc.len);
        take_chunk(&sc, at, c, prev);
        prev = c;
    }
    next_sentence(&sc, UINT32_MAX);   /* finishes every sentence left */
    for (size_t k = 0; k < s->n_spans; k++)
        for (uint32_t mask = s->masks[k]; mask; mask &= mask - 1)
            out->lexicon_sentences[__builtin_ctz(mask)]++;
    out->v[NF_C_SENTENCES] = (uint32_t)s->n_spans;
}

/* --- claims, entities, title --- */

/* The fields of a claim the counts need, read in one pass (claims have a dozen fields). */
typedef struct claim_fields {
    bool attributed, hedged;
    const nf_value *speaker_start, *speaker_end;
} claim_fields;

static claim_fields read_fields(const nf_claim *c)
{
    claim_fields f = {false, false, NULL, NULL};
    for (size_t i = 0; i < c->n_fields; i++) {
        const char *key = c->fields[i].key;
        const nf_value *v = &c->fields[i].value;
        bool yes = v->kind == NF_VALUE_BOOL && v->as.boolean;
        if (key[0] == 'a' && strcmp(key, "attributed") == 0)
            f.attributed = yes;
        else if (key[0] == 'h' && strcmp(key, "hedged") == 0)
            f.hedged = yes;
        else if (key[0] == 's' && v->kind == NF_VALUE_NUMBER && strcmp(key, "speaker_start") == 0)
            f.speaker_start = v;
        else if (key[0] == 's' && v->kind == NF_VALUE_NUMBER && strcmp(key, "speaker_end") == 0)
            f.speaker_end = v;
    }
    return f;
}

static bool is_named(const nf_entity *e)
{
    return strcmp(e->type, "PERSON") == 0 || strcmp(e->type, "ORG") == 0;
}

static int compare_spans(const void *x, const void *y)
{
    const nf_span *a = x, *b = y;
    return (a->start > b->start) - (a->start < b->start);
}

/* The spans of the PERSON and ORG entities, by start, into s->named. */
static int named_spans(const nf_article *a, nf_counts_scratch *s)
{
    if (reserve((void **)&s->named, &s->cap_named, a->n_entities + 1, sizeof *s->named) < 0)
        return NF_ENOMEM;
    s->n_named = 0;
    bool sorted = true;
    for (size_t i = 0; i < a->n_entities; i++) {
        const nf_entity *e = &a->entities[i];
        if (!is_named(e))
            continue;
        sorted &= s->n_named == 0 || s->named[s->n_named - 1].start <= e->start;
        s->named[s->n_named++] = (nf_span){e->start, e->end};
    }
    /* Entity stages emit in text order; only entities added by hooks can break it. */
    if (!sorted)
        qsort(s->named, s->n_named, sizeof *s->named, compare_spans);
    return 0;
}

/* Whether the claim's speaker span overlaps a PERSON or ORG entity (entities are short: a few before it suffice). */
static bool named_speaker(const nf_counts_scratch *s, const claim_fields *f)
{
    if (f->speaker_start == NULL || f->speaker_end == NULL)
        return false;
    double start = f->speaker_start->as.number, end = f->speaker_end->as.number;
    size_t lo = 0, hi = s->n_named;
    while (lo < hi) {   /* the first entity that starts at or after the speaker's end */
        size_t mid = lo + (hi - lo) / 2;
        if (s->named[mid].start < end)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t i = lo; i-- > 0;)
        if (s->named[i].end > start)
            return true;
        else if (s->named[i].start + 256 < start)
            break;   /* no entity is that long */
    return false;
}

static void count_claims(const nf_article *a, const nf_counts_scratch *s, nf_counts *out)
{
    for (size_t i = 0; i < a->n_claims; i++) {
        const nf_claim *c = &a->claims[i];
        if (c->start < a->body_start)
            continue;
        claim_fields f = read_fields(c);
        bool number = strcmp(c->kind, "number") == 0;
        bool quote = strcmp(c->kind, "quote") == 0;
        out->v[NF_C_CLAIMS]++;
        out->v[NF_C_QUOTES] += quote;
        out->v[NF_C_ATTRIBUTED] += f.attributed;
        /* A named source is someone quoted: a factual claim next to a quote borrows its speaker. */
        out->v[NF_C_NAMED] += quote && f.attributed && named_speaker(s, &f);
        out->v[NF_C_HEDGED] += f.hedged;
        out->v[NF_C_NUMBERS] += number;
        out->v[NF_C_UNATTRIBUTED_NUMBERS] += number && !f.attributed;
    }
}

static int compare_strings(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* Distinct names of the body's entities of one type. */
static int distinct_names(const nf_article *a, const char *type, nf_counts_scratch *s,
                          uint32_t *out)
{
    if (reserve((void **)&s->names, &s->cap_names, a->n_entities + 1, sizeof *s->names) < 0)
        return NF_ENOMEM;
    size_t n = 0;
    for (size_t i = 0; i < a->n_entities; i++)
        if (a->entities[i].start >= a->body_start && strcmp(a->entities[i].type, type) == 0)
            s->names[n++] = a->entities[i].name;
    qsort(s->names, n, sizeof *s->names, compare_strings);
    *out = 0;
    for (size_t i = 0; i < n; i++)
        *out += i == 0 || strcmp(s->names[i - 1], s->names[i]) != 0;
    return 0;
}

static void count_title(const nf_article *a, nf_counts *out)
{
    const char *t = a->doc + a->title_start;
    size_t len = a->title_end - a->title_start;
    for (size_t i = 0; i < len;) {
        int32_t cp;
        i += (size_t)nf_utf8_decode(t + i, len - i, &cp);
        bool letter = nf_utf8_is_word_cp(cp) && !(cp >= '0' && cp <= '9');
        out->v[NF_C_TITLE_LETTERS] += letter;
        out->v[NF_C_TITLE_CAPITALS] += letter && nf_utf8_is_upper_cp(cp);
        out->v[NF_C_TITLE_EXCLAMATIONS] += cp == '!';
    }
}

int nf_counts_take(const nf_article *a, const nf_lexicon *lexicon, int sourced_by,
                   nf_counts_scratch *s, nf_counts *out)
{
    memset(out, 0, sizeof *out);
    int rc = collect_spans(a, s);
    if (rc == 0)
        rc = distinct_names(a, "PERSON", s, &out->v[NF_C_PEOPLE]);
    if (rc == 0)
        rc = distinct_names(a, "ORG", s, &out->v[NF_C_ORGANIZATIONS]);
    if (rc == 0)
        rc = named_spans(a, s);
    if (rc < 0)
        return rc;
    count_body(a, lexicon, sourced_by, s, out);
    count_claims(a, s, out);
    count_title(a, out);
    out->v[NF_C_EXCLUDED] = (uint32_t)a->n_excluded;
    return 0;
}
