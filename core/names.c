/*
 * names.c — guessing the names no list knows (names.h says what and why).
 *
 * One text goes through five steps, each a loop over the tokens:
 *   1. tokenize the norm view (list matches become single tokens), hashing
 *      each word folded to lower case and looking up its classes;
 *   2. mark the first word of each sentence and the headline lines;
 *   3. remember how each word is written where capitals mean something
 *      (inside a sentence, outside headlines): capitalized, lower case;
 *   4. cut the tokens into candidate runs and type what strong evidence
 *      types (titles, head words, lists, initials, first names, datelines),
 *      remembering the types and the persons' surnames;
 *   5. type the rest from that memory, then from context and shape, and
 *      give each person mention the name of its longest mention.
 * The memory is one open-addressing table keyed by 64-bit hashes of folded
 * words and word runs; a collision would merge two words' evidence, which
 * at 64 bits we accept.
 */
#include "names.h"

#include "alloc.h"
#include "error.h"
#include "utf8.h"

#include <stdbool.h>
#include <string.h>
#include <utf8proc.h>

#define FNV_BASIS UINT64_C(0xcbf29ce484222325)
#define FNV_PRIME UINT64_C(0x100000001b3)

static const char PERSON[] = "PERSON", ORG[] = "ORG", PLACE[] = "PLACE", GROUP[] = "GROUP",
                  EVENT[] = "EVENT";

const char *const nf_name_rules[NF_RULE_COUNT] = {
    "list", "title", "org_word", "place_word", "event_word", "list_person", "place_org",
    "initials", "particle", "first_name", "dateline", "alias", "same_doc", "place_cue", "speech",
    "team", "table", "acronym", "person_shape", "single",
};

/* ---------------------------------------------------------------- words */

typedef struct word_slot {
    uint64_t key;          /* 0: empty */
    uint32_t classes;
} word_slot;

/* An open-addressing table of folded words; cap is a power of two, at most half full. */
typedef struct word_table {
    word_slot *slots;
    size_t cap, n;
} word_table;

/*
 * Two tables: every token is looked up in `words`, which holds the few
 * hundred words of the small classes and stays in the cache; the tens of
 * thousands of given names and common words (`big`) are looked up only
 * for the words of a candidate.
 *
 * Most words of a text are lower-case words in no class. A word's
 * signature (its first and last byte folded, its length) picks a bit of
 * `signatures`, set for every word of `words`: a word whose bit is clear
 * is in no class and needs neither a hash nor a probe.
 */
#define BIG_CLASSES (NF_WORD_FIRST_NAME | NF_WORD_COMMON)
#define SIGNATURE_BITS 4096

struct nf_names {
    word_table words;
    word_table big;
    uint64_t signatures[SIGNATURE_BITS / 64];
    const char *single_type;
};

static inline uint64_t feed_byte(uint64_t h, unsigned char c)
{
    return (h ^ c) * FNV_PRIME;
}

/* Feeds the lower-case form of a code point, as UTF-8. */
static uint64_t feed_cp(uint64_t h, int32_t cp)
{
    char buf[4];
    int n = nf_utf8_encode(utf8proc_tolower(cp), buf);
    for (int i = 0; i < n; i++)
        h = feed_byte(h, (unsigned char)buf[i]);
    return h;
}

static inline unsigned char ascii_fold(unsigned char c)
{
    return (unsigned)(c - 'A') < 26u ? (unsigned char)(c | 0x20) : c;
}

static inline size_t signature(const char *s, size_t len)
{
    size_t first = ascii_fold((unsigned char)s[0]), last = ascii_fold((unsigned char)s[len - 1]);
    return (first * 131 + last * 31 + (len < 63 ? len : 63) * 1031) % SIGNATURE_BITS;
}

static inline bool signature_in(const uint64_t *bits, size_t sig)
{
    return (bits[sig / 64] >> (sig % 64)) & 1;
}

static inline void signature_add(uint64_t *bits, size_t sig)
{
    bits[sig / 64] |= UINT64_C(1) << (sig % 64);
}

/* Keys are never 0, which marks an empty slot. */
static inline uint64_t finish(uint64_t h)
{
    return h ? h : 1;
}

/* The hash of s[0..len) folded to lower case: what the tokenizer computes for a word. */
static uint64_t fold_hash(const char *s, size_t len)
{
    uint64_t h = FNV_BASIS;
    for (size_t i = 0; i < len;) {
        int32_t cp;
        i += (size_t)nf_utf8_decode(s + i, len - i, &cp);
        h = feed_cp(h, cp);
    }
    return finish(h);
}

/*
 * The home slot of a key in a table of cap slots: FNV's low bits cluster
 * for similar words, so the key is mixed by a multiply and its high bits taken.
 */
static inline size_t home(uint64_t key, size_t cap)
{
    return (size_t)((key * UINT64_C(0x9E3779B97F4A7C15)) >> 32) & (cap - 1);
}

static word_slot *word_find(const word_table *t, uint64_t key)
{
    size_t i = home(key, t->cap);
    while (t->slots[i].key != 0 && t->slots[i].key != key)
        i = (i + 1) & (t->cap - 1);
    return &t->slots[i];
}

static inline uint32_t word_classes(const word_table *t, uint64_t key)
{
    return t->cap ? word_find(t, key)->classes : 0;
}

/* Doubles the table when it is half full, so probes stay short. */
static int word_grow(word_table *t)
{
    if (2 * (t->n + 1) <= t->cap)
        return 0;
    word_table grown = {nf_calloc(t->cap ? t->cap * 2 : 256, sizeof(word_slot)), t->cap ? t->cap * 2 : 256, t->n};
    if (grown.slots == NULL)
        return NF_ENOMEM;
    for (size_t i = 0; i < t->cap; i++)
        if (t->slots[i].key)
            *word_find(&grown, t->slots[i].key) = t->slots[i];
    nf_free(t->slots);
    *t = grown;
    return 0;
}

static int word_add(word_table *t, uint64_t key, uint32_t classes)
{
    if (word_grow(t) < 0)
        return NF_ENOMEM;
    word_slot *slot = word_find(t, key);
    if (slot->key == 0) {
        slot->key = key;
        t->n++;
    }
    slot->classes |= classes;
    return 0;
}

nf_names *nf_names_new(void)
{
    nf_names *n = nf_calloc(1, sizeof *n);
    if (n)
        n->single_type = "MISC";
    return n;
}

void nf_names_free(nf_names *n)
{
    if (n) {
        nf_free(n->words.slots);
        nf_free(n->big.slots);
        nf_free(n);
    }
}

void nf_names_set_single_type(nf_names *n, const char *type)
{
    n->single_type = type;
}

int nf_names_add_word(nf_names *n, const char *word, size_t len, unsigned classes)
{
    if (len > 1 && word[len - 1] == '.') {
        len--;
        classes |= NF_WORD_ABBREV;
    }
    if (len == 0 || memchr(word, ' ', len) || memchr(word, '\t', len) || memchr(word, '\n', len))
        return NF_EINVAL;
    uint64_t key = fold_hash(word, len);
    int rc = 0;
    if (classes & BIG_CLASSES)
        rc = word_add(&n->big, key, classes & BIG_CLASSES);
    classes &= ~(unsigned)BIG_CLASSES;
    if (rc == 0 && classes) {
        rc = word_add(&n->words, key, classes);
        signature_add(n->signatures, signature(word, len));
    }
    return rc;
}

/* --------------------------------------------------------------- tokens */

enum {
    T_WORD    = 1u << 0,   /* letters or digits; otherwise one punctuation character */
    T_CAP     = 1u << 1,   /* starts with a capital */
    T_UPPER   = 1u << 2,   /* two letters or more, all capitals */
    T_LOWER   = 1u << 3,   /* starts with a lower-case letter */
    T_DIGIT   = 1u << 4,   /* starts with a digit */
    T_INITIAL = 1u << 5,   /* one letter and a period */
    T_SHORT   = 1u << 6,   /* one capital letter without a period ("W" of a table header) */
    T_SENT    = 1u << 7,   /* the first word of a sentence or a quotation: capitals say little */
    T_LINE    = 1u << 8,   /* the first token of its line */
    T_HEAD    = 1u << 9,   /* in a headline line: capitals say nothing */
    T_KNOWN   = 1u << 10,  /* a list match */
};

typedef struct token {
    uint32_t start, end;   /* view offsets */
    uint64_t hash;         /* folded, without a final period; 0 until needed for a word in no class */
    uint32_t classes;
    uint16_t flags;
    uint16_t sig;          /* signature(), without a final period */
    int32_t known;         /* index into the list matches, or -1 */
} token;

/* ------------------------------------------------------------ memory */

enum {
    M_LOWER = 1u << 0,     /* the word is written in lower case somewhere */
    M_CAP   = 1u << 1,     /* capitalized inside a sentence, outside headlines */
};

typedef struct mem_slot {
    uint64_t key;
    uint32_t gen;          /* the slot is empty unless gen is the current text's */
    uint32_t flags;
    int32_t first_cap;     /* the first such capitalized token, or -1 */
    int32_t person;        /* the longest person run ending with this word, or -1 */
    int32_t typed;         /* the first run these words were typed in, or -1 */
} mem_slot;

/* ----------------------------------------------------------------- runs */

enum {
    R_TITLED = 1u << 0,    /* a title comes right before */
    R_SENT   = 1u << 1,    /* a lone word opening a sentence: needs evidence */
};

typedef struct run {
    uint32_t first, last;  /* token indexes, inclusive */
    uint64_t key;          /* hash of its words */
    const char *type;      /* NULL: not typed yet */
    const char *name;      /* canonical name, or NULL for its own text */
    nf_name_rule rule;
    uint32_t flags;
} run;

struct nf_names_scratch {
    token *tokens;
    size_t n_tokens, cap_tokens;
    run *runs;
    size_t n_runs, cap_runs;
    mem_slot *mem;
    size_t cap_mem;        /* a power of two */
    uint32_t gen;
    nf_name *out;
    size_t n_out, cap_out;
};

nf_names_scratch *nf_names_scratch_new(void)
{
    return nf_calloc(1, sizeof(nf_names_scratch));
}

void nf_names_scratch_free(nf_names_scratch *s)
{
    if (s) {
        nf_free(s->tokens);
        nf_free(s->runs);
        nf_free(s->mem);
        nf_free(s->out);
        nf_free(s);
    }
}

/* Makes room for one more item in a growable array. */
static int grow(void **items, size_t *cap, size_t n, size_t size)
{
    if (n < *cap)
        return 0;
    size_t new_cap = *cap ? *cap * 2 : 256;
    void *p = nf_realloc(*items, new_cap * size);
    if (p == NULL)
        return NF_ENOMEM;
    *items = p;
    *cap = new_cap;
    return 0;
}

/* What one call works on: the inputs, the tables and the scratch. */
typedef struct ctx {
    const nf_names *n;
    nf_names_scratch *s;
    const nf_names_input *in;
    const char *text;
    token *t;              /* s->tokens, once tokenized */
    size_t nt;
    bool sports;           /* sports copy: lone names are teams */
    size_t words, sport_words, results;   /* counted by tokenize, for is_sports */
} ctx;

/* ------------------------------------------------------------ tokenizer */

static bool word_at(const char *s, size_t stop, size_t i)
{
    return i < stop && nf_utf8_word_at(s, stop, i);
}

/* What scan_word learns about a word's letters. */
typedef struct word_shape {
    int letters;
    bool any_lower, dotted, non_ascii;
    uint32_t first;        /* T_CAP, T_LOWER or T_DIGIT of the first character */
    size_t prefix_end;     /* where the first hyphen is */
    bool has_prefix, upper_after_prefix;
} word_shape;

static inline bool ascii_upper(unsigned char c)
{
    return (unsigned)(c - 'A') < 26u;
}

static inline bool ascii_letter(unsigned char c)
{
    return (unsigned)((c | 0x20) - 'a') < 26u;
}

static inline bool ascii_digit(unsigned char c)
{
    return (unsigned)(c - '0') < 10u;
}

/* Whether the punctuation at s[i] continues the word ("al-Assad", "U.S", "O'Neill", "1,000"). */
static inline bool joins_word(const char *s, size_t stop, size_t i, const word_shape *w)
{
    unsigned char c = (unsigned char)s[i];
    if (c != '-' && c != '.' && c != '\'' && c != '&' && c != ',' && c != ':' && c != '/')
        return false;
    unsigned char next = i + 1 < stop ? (unsigned char)s[i + 1] : 0;
    if (next < 0x80 ? !ascii_letter(next) && !ascii_digit(next) : !word_at(s, stop, i + 1))
        return false;
    if (c == '\'')   /* a possessive "'s" is a word of its own */
        return !((s[i + 1] == 's' || s[i + 1] == 'S') && !word_at(s, stop, i + 2));
    if (c == '-' || c == '.' || c == '&')
        return true;
    return w->first == T_DIGIT && ascii_digit((unsigned char)s[i + 1]);
}

/* The case class of a code point: T_CAP, T_LOWER, T_DIGIT or 0. */
static inline uint32_t cp_case(int32_t cp)
{
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LT:
        return T_CAP;
    case UTF8PROC_CATEGORY_LL:
        return T_LOWER;
    case UTF8PROC_CATEGORY_ND:
        return T_DIGIT;
    default:
        return 0;
    }
}

/*
 * Scans word characters and joining punctuation from i up to stop into w,
 * ASCII in a tight loop; returns where the word ends.
 */
static size_t scan_chars(const char *s, size_t i, size_t stop, word_shape *w)
{
    while (i < stop) {
        unsigned char ch = (unsigned char)s[i];
        if (ascii_letter(ch)) {
            w->letters++;
            w->any_lower |= !ascii_upper(ch);
            i++;
        } else if (ascii_digit(ch)) {
            i++;
        } else if (ch < 0x80) {
            if (!joins_word(s, stop, i, w))
                break;
            if (ch == '-' && !w->has_prefix) {
                w->prefix_end = i;
                w->has_prefix = true;
                int32_t next;
                nf_utf8_decode(s + i + 1, stop - i - 1, &next);
                w->upper_after_prefix = cp_case(next) == T_CAP;
            }
            w->dotted |= ch == '.';
            i++;
        } else {
            int32_t cp;
            int len = nf_utf8_decode(s + i, stop - i, &cp);
            if (!nf_utf8_is_word_cp(cp))
                break;
            uint32_t k = cp_case(cp);
            w->letters += k == T_CAP || k == T_LOWER;
            w->any_lower |= k == T_LOWER;
            w->non_ascii = true;
            i += (size_t)len;
        }
    }
    return i;
}

static bool is_ascii(const char *s, size_t len)
{
    unsigned char any = 0;
    for (size_t i = 0; i < len; i++)
        any |= (unsigned char)s[i];
    return any < 0x80;
}

/* The hash of s[0..len) folded, as fold_hash computes it, with an ASCII fast path. */
static inline uint64_t word_hash(const char *s, size_t len, bool non_ascii)
{
    if (non_ascii)
        return fold_hash(s, len);
    uint64_t h = FNV_BASIS;
    for (size_t i = 0; i < len; i++)
        h = feed_byte(h, ascii_fold((unsigned char)s[i]));
    return finish(h);
}

/* A token's hash and classes: computed for capitals, other scripts and words that may be listed. */
static void classify(const ctx *c, token *t, bool non_ascii)
{
    const char *s = c->text + t->start;
    size_t len = t->end - t->start;
    t->sig = (uint16_t)signature(s, len);
    if ((t->flags & (T_CAP | T_DIGIT)) != T_CAP && !non_ascii && !signature_in(c->n->signatures, t->sig))
        return;   /* hash 0: computed later if ever needed */
    t->hash = word_hash(s, len, non_ascii);
    t->classes = word_classes(&c->n->words, t->hash);
}

/* Scans the word starting at i (a word character), up to stop; fills t and returns its end. */
static size_t scan_word(const ctx *c, size_t i, size_t stop, token *t)
{
    const char *s = c->text;
    word_shape w = {0};
    unsigned char first = (unsigned char)s[i];
    if (first < 0x80) {
        w.first = ascii_upper(first) ? T_CAP : ascii_digit(first) ? T_DIGIT : T_LOWER;
    } else {
        int32_t cp;
        nf_utf8_decode(s + i, stop - i, &cp);
        w.first = cp_case(cp);
    }
    i = scan_chars(s, i, stop, &w);
    t->end = (uint32_t)i;
    t->flags = T_WORD | w.first;
    classify(c, t, w.non_ascii);
    bool single = w.letters == 1 && i - t->start <= 4 && !w.dotted && !w.has_prefix;
    /* The period after an initial, a dotted abbreviation or a listed abbreviation is the word's. */
    if (i < c->in->len && s[i] == '.' && w.first != T_DIGIT &&
        (single || w.dotted || (t->classes & NF_WORD_ABBREV))) {
        i++;
        if (single && w.first == T_CAP)
            t->flags |= T_INITIAL;
    } else if (single && w.first == T_CAP) {
        t->flags |= T_SHORT;
    }
    if (w.first == T_CAP && w.letters >= 2 && !w.any_lower)
        t->flags |= T_UPPER;
    /* "al-Assad", "bin-Laden": a particle and a hyphen before a capital make a name. */
    if (w.first == T_LOWER && w.has_prefix && w.upper_after_prefix &&
        (word_classes(&c->n->words, word_hash(s + t->start, w.prefix_end - t->start, w.non_ascii)) &
         NF_WORD_PARTICLE)) {
        t->flags = (t->flags & ~(uint32_t)T_LOWER) | T_CAP;
        if (t->hash == 0)   /* a name now: its hash keys the memory */
            t->hash = word_hash(s + t->start, t->end - t->start, w.non_ascii);
    }
    return i;
}

/* The case flags of a list match as written ("PUTIN" in a headline is T_UPPER). */
static uint32_t known_flags(const char *s, size_t start, size_t end)
{
    uint32_t flags = T_WORD | T_KNOWN;
    int letters = 0;
    bool first = true, lower = false;
    for (size_t i = start; i < end;) {
        int32_t cp = (unsigned char)s[i];
        uint32_t k;
        if (cp < 0x80) {
            k = ascii_upper((unsigned char)cp) ? T_CAP : ascii_letter((unsigned char)cp) ? T_LOWER
                : ascii_digit((unsigned char)cp) ? T_DIGIT : 0;
            i++;
        } else {
            i += (size_t)nf_utf8_decode(s + i, end - i, &cp);
            k = cp_case(cp);
        }
        if (first && k) {
            flags |= k;
            first = false;
        }
        letters += k == T_CAP || k == T_LOWER;
        lower |= k == T_LOWER;
    }
    if ((flags & T_CAP) && letters >= 2 && !lower)
        flags |= T_UPPER;
    return flags;
}

/* What tokenize counts on the line it is in, to tell headlines and results tables at its end. */
typedef struct line_tally {
    size_t first;          /* the line's first token */
    size_t alpha, upper, cap, lower, other;
} line_tally;

/*
 * A headline line: the title, a line whose words are mostly in capitals,
 * or a title-case line of words alone ("Russia Strikes Syria In Homs"; a
 * figure or an initial makes it a table or a list of names instead).
 * Capitals there say nothing.
 */
static bool is_headline(const ctx *c, const line_tally *l)
{
    if (c->t[l->first].start < c->in->title_end)
        return true;
    if (l->upper >= 2 && 3 * l->upper >= 2 * l->alpha)
        return true;
    return l->other == 0 && l->cap >= 4 && 5 * l->lower <= l->alpha;
}

static void count_token(ctx *c, line_tally *l, const token *t)
{
    uint32_t f = t->flags;
    if (!(f & T_WORD))
        return;
    c->words++;
    c->sport_words += (t->classes & NF_WORD_SPORT) != 0;
    if (f & (T_DIGIT | T_SHORT | T_INITIAL)) {
        l->other++;
        return;
    }
    l->alpha++;
    l->upper += (f & T_UPPER) != 0;
    l->cap += (f & T_CAP) != 0;
    l->lower += (f & T_LOWER) != 0;
}

/* At a line's end: mark a headline's tokens, count a results line ("Pohang 3 Ulsan 2"). */
static void end_line(ctx *c, line_tally *l)
{
    token *t = c->s->tokens + l->first;
    size_t n = c->s->n_tokens - l->first;
    c->t = c->s->tokens;
    if (n > 0 && is_headline(c, l))
        for (size_t i = 0; i < n; i++)
            t[i].flags |= T_HEAD;
    if (n >= 4 && (t[0].flags & T_CAP) && (t[1].flags & T_DIGIT) && (t[2].flags & T_CAP) &&
        (t[3].flags & T_DIGIT))
        c->results++;
    *l = (line_tally){c->s->n_tokens, 0, 0, 0, 0, 0};
}

/*
 * Sports copy: at least one word in fifty (and three in all) is a sport
 * word ("innings", "striker", "beat"), or three lines are results.
 */
static bool is_sports(const ctx *c)
{
    return (c->sport_words >= 3 && 50 * c->sport_words >= c->words) || c->results >= 3;
}

/*
 * A particle and a hyphen right before a list match belong to it: "al-" of
 * "al-Assad" when the list knows "Assad". The list match, at the end of
 * the tokens, takes the place of the two.
 */
static void take_particle(ctx *c, line_tally *line)
{
    nf_names_scratch *s = c->s;
    size_t n = s->n_tokens;
    if (n < 2)
        return;
    token *t = &s->tokens[n], *hyphen = &s->tokens[n - 1], *particle = &s->tokens[n - 2];
    if (hyphen->end == t->start && particle->end == hyphen->start && c->text[hyphen->start] == '-' &&
        (particle->flags & T_LOWER) && (particle->classes & NF_WORD_PARTICLE)) {
        t->start = particle->start;
        t->flags |= particle->flags & (T_LINE | T_SENT);
        *particle = *t;
        s->n_tokens -= 2;
        if (line->first > s->n_tokens)
            line->first = s->n_tokens;
    }
}

/*
 * The common case, fast: an ASCII word of letters, all lower case after
 * its first, ended by a space, a line break or a comma. Returns its end,
 * or 0 when the word is anything else (scan_word reads those).
 */
static size_t simple_word(ctx *c, size_t i, size_t stop, token *t)
{
    const char *s = c->text;
    unsigned char first = (unsigned char)s[i];
    bool cap = ascii_upper(first);
    size_t j = i + 1;
    while (j < stop && (unsigned)((unsigned char)s[j] - 'a') < 26u)
        j++;
    if (j < stop && s[j] != ' ' && s[j] != '\n' && s[j] != ',')
        return 0;
    if (j - i == 1)
        return 0;   /* one letter: an initial, "I", a table's column */
    t->end = (uint32_t)j;
    t->flags = T_WORD | (cap ? T_CAP : T_LOWER);
    t->sig = (uint16_t)signature(s + i, j - i);
    if (cap || signature_in(c->n->signatures, t->sig)) {
        t->hash = word_hash(s + i, j - i, false);
        t->classes = word_classes(&c->n->words, t->hash);
    }
    return j;
}

/* Reads one token at s[i] (not a space) into t; returns where it ends. */
static size_t read_token(ctx *c, size_t i, size_t *k, token *t)
{
    const char *s = c->text;
    const nf_names_input *in = c->in;
    unsigned char ch = (unsigned char)s[i];
    while (*k < in->n_known && in->known[*k].start < i)
        ++*k;
    *t = (token){.start = (uint32_t)i, .known = -1};
    size_t stop = *k < in->n_known ? in->known[*k].start : in->len, end;
    if (ascii_letter(ch) && stop > i && (end = simple_word(c, i, stop, t)) != 0)
        return end;
    if (*k < in->n_known && in->known[*k].start == i) {
        t->known = (int32_t)*k;
        i = in->known[(*k)++].end;
        t->flags = (uint16_t)known_flags(s, t->start, i);
        t->hash = word_hash(s + t->start, i - t->start, !is_ascii(s + t->start, i - t->start));
        t->sig = (uint16_t)signature(s + t->start, i - t->start);
        t->classes = word_classes(&c->n->words, t->hash);   /* "Congress" is an org word too */
    } else if (ch < 0x80 ? ascii_letter(ch) || ascii_digit(ch) : nf_utf8_word_at(s, in->len, i)) {
        i = scan_word(c, i, *k < in->n_known ? in->known[*k].start : in->len, t);
    } else if (ch < 0x80) {   /* punctuation: "&" may be a connector */
        t->hash = finish(feed_byte(FNV_BASIS, ch));
        t->classes = word_classes(&c->n->words, t->hash);
        i++;
    } else {
        int32_t cp;
        i += (size_t)nf_utf8_decode(s + i, in->len - i, &cp);
        t->hash = finish(feed_cp(FNV_BASIS, cp));
        t->classes = word_classes(&c->n->words, t->hash);
    }
    t->end = (uint32_t)i;
    return i;
}

/*
 * Cuts the text into tokens, marking as it goes the first token of each
 * line, the first word of each sentence (or after a double quote), and at
 * each line's end its headline words; counts what tells sports copy.
 */
static int tokenize(ctx *c)
{
    const char *s = c->text;
    const nf_names_input *in = c->in;
    size_t i = 0, k = 0, sentence = 0;
    bool line_start = true, pending = true;
    line_tally line = {0};
    c->s->n_tokens = 0;
    while (i < in->len) {
        if (s[i] == ' ' || s[i] == '\n') {
            if (s[i++] == '\n') {
                end_line(c, &line);
                line_start = true;
            }
            continue;
        }
        nf_names_scratch *sc = c->s;
        if (sc->n_tokens == sc->cap_tokens &&
            grow((void **)&sc->tokens, &sc->cap_tokens, sc->n_tokens, sizeof *sc->tokens) < 0)
            return NF_ENOMEM;
        token *t = &sc->tokens[sc->n_tokens];
        i = read_token(c, i, &k, t);
        while (sentence < in->n_sentences && in->sentences[sentence] <= t->start) {
            pending = true;
            sentence++;
        }
        if (line_start)
            t->flags |= T_LINE;
        pending |= line_start;
        line_start = false;
        if (!(t->flags & T_WORD)) {
            pending |= s[t->start] == '"';
        } else {
            if (pending)
                t->flags |= T_SENT;
            pending = false;
        }
        if (t->known >= 0)
            take_particle(c, &line);
        count_token(c, &line, &sc->tokens[sc->n_tokens]);
        sc->n_tokens++;
    }
    end_line(c, &line);
    c->t = c->s->tokens;
    c->nt = c->s->n_tokens;
    return 0;
}

/* --------------------------------------------------------------- memory */

static int mem_reset(ctx *c)
{
    nf_names_scratch *s = c->s;
    size_t need = 16;
    while (need < 4 * (c->nt + 1))   /* every token and every run may add a key: half full at most */
        need *= 2;
    if (need > s->cap_mem) {
        mem_slot *m = nf_calloc(need, sizeof *m);
        if (m == NULL)
            return NF_ENOMEM;
        nf_free(s->mem);
        s->mem = m;
        s->cap_mem = need;
        s->gen = 0;
    }
    s->gen++;
    if (s->gen == 0) {   /* wrapped: old slots could look current */
        memset(s->mem, 0, s->cap_mem * sizeof *s->mem);
        s->gen = 1;
    }
    return 0;
}

/* The slot of key, made current (and empty) when it was not. */
static mem_slot *mem_get(const ctx *c, uint64_t key)
{
    nf_names_scratch *s = c->s;
    size_t mask = s->cap_mem - 1, i = home(key, s->cap_mem);
    while (s->mem[i].gen == s->gen && s->mem[i].key != key)
        i = (i + 1) & mask;
    mem_slot *m = &s->mem[i];
    if (m->gen != s->gen) {
        *m = (mem_slot){.key = key, .gen = s->gen, .first_cap = -1, .person = -1, .typed = -1};
    }
    return m;
}

/* The slot of key when it is current, or NULL: a lookup that adds nothing. */
static const mem_slot *mem_find(const ctx *c, uint64_t key)
{
    const nf_names_scratch *s = c->s;
    size_t mask = s->cap_mem - 1, i = home(key, s->cap_mem);
    while (s->mem[i].gen == s->gen) {
        if (s->mem[i].key == key)
            return &s->mem[i];
        i = (i + 1) & mask;
    }
    return NULL;
}

static inline uint32_t mem_flags(const ctx *c, uint64_t key)
{
    const mem_slot *m = mem_find(c, key);
    return m ? m->flags : 0;
}

/* A word's length without the final period it took ("Gen." is "Gen"). */
static inline size_t core_len(const ctx *c, const token *t)
{
    size_t len = t->end - t->start;
    return len > 1 && c->text[t->end - 1] == '.' && !(t->flags & T_KNOWN) ? len - 1 : len;
}

/*
 * How each word is written where its case means something. Only the case
 * of capitalized words is ever asked, so a lower-case word is remembered
 * only when the signatures of the text's capitalized words let it
 * through: most words of a text then cost no hash and no probe.
 */
static void remember_case(ctx *c)
{
    uint64_t filter[SIGNATURE_BITS / 64] = {0};
    for (size_t i = 0; i < c->nt; i++) {
        const token *t = &c->t[i];
        if ((t->flags & (T_CAP | T_WORD)) != (T_CAP | T_WORD))
            continue;
        signature_add(filter, t->sig);
        if (t->flags & (T_HEAD | T_SENT))
            continue;
        mem_slot *m = mem_get(c, t->hash);
        m->flags |= M_CAP;
        if (m->first_cap < 0)
            m->first_cap = (int32_t)i;
    }
    for (size_t i = 0; i < c->nt; i++) {
        token *t = &c->t[i];
        if ((t->flags & (T_LOWER | T_HEAD)) != T_LOWER)
            continue;
        if (!signature_in(filter, t->sig))
            continue;
        if (t->hash == 0)
            t->hash = fold_hash(c->text + t->start, core_len(c, t));
        mem_get(c, t->hash)->flags |= M_LOWER;
    }
}

/* ----------------------------------------------------------- candidates */

static inline bool is_type(const char *type, const char *want)
{
    return type == want || strcmp(type, want) == 0;
}

static inline bool is_class(const token *t, uint32_t classes)
{
    return (t->classes & classes) != 0;
}

static bool is_big(const ctx *c, size_t i, uint32_t classes)
{
    return !(c->t[i].flags & T_KNOWN) && (word_classes(&c->n->big, c->t[i].hash) & classes) != 0;
}

static bool is_first_name(const ctx *c, size_t i)
{
    return is_big(c, i, NF_WORD_FIRST_NAME);
}

/* Whether every capitalized word of first..last is a common word: "Increased Risk", "SUBSCRIBE". */
static bool only_common(const ctx *c, size_t first, size_t last)
{
    for (size_t i = first; i <= last; i++)
        if ((c->t[i].flags & T_CAP) && !is_big(c, i, NF_WORD_COMMON))
            return false;
    return true;
}

/* A word that can be part of a name on capitals alone (or a list match). */
static inline bool name_token(const ctx *c, size_t i)
{
    const token *t = &c->t[i];
    if (t->flags & T_KNOWN)
        return true;
    if ((t->flags & (T_WORD | T_CAP | T_SHORT)) != (T_WORD | T_CAP))
        return false;
    if (is_class(t, NF_WORD_STOP) && !(t->flags & T_INITIAL))   /* "A. Dale" is no article */
        return false;
    /* In a headline only a word seen capitalized inside a sentence counts. */
    return !(t->flags & T_HEAD) || (mem_flags(c, t->hash) & M_CAP);
}

/* Whether tokens i and j (i < j) are neighbours in one line and one sentence. */
static inline bool joined(const ctx *c, size_t i, size_t j)
{
    return j < c->nt && !(c->t[j].flags & (T_LINE | T_SENT)) && i < j;
}

static bool has_head(const ctx *c, size_t first, size_t last)
{
    for (size_t i = first; i <= last; i++)
        if (is_class(&c->t[i], NF_WORD_ORG | NF_WORD_PLACE | NF_WORD_EVENT))
            return true;
    return false;
}

/* The last token of the run starting at first. */
static size_t extend_run(const ctx *c, size_t first)
{
    size_t last = first;
    for (;;) {
        size_t next = last + 1;
        if (!joined(c, last, next))
            break;
        if (name_token(c, next)) {
            last = next;
            continue;
        }
        /* "bin Laden", "de Gaulle"; "Bank of England" once a head word is in. */
        const token *t = &c->t[next];
        bool particle = is_class(t, NF_WORD_PARTICLE) && !(t->flags & T_CAP);
        bool connector = is_class(t, NF_WORD_CONNECTOR) && !(t->flags & T_CAP) &&
                         (!(t->flags & T_WORD) || has_head(c, first, last));
        if ((particle || connector) && joined(c, next, next + 1) && name_token(c, next + 1)) {
            last = next + 1;
            continue;
        }
        break;
    }
    return last;
}

static uint64_t run_key(const ctx *c, size_t first, size_t last)
{
    uint64_t h = c->t[first].hash;
    for (size_t i = first + 1; i <= last; i++)
        h = (h ^ c->t[i].hash) * FNV_PRIME;
    return finish(h);
}

static run *push_run(ctx *c, size_t first, size_t last)
{
    nf_names_scratch *s = c->s;
    if (grow((void **)&s->runs, &s->cap_runs, s->n_runs, sizeof *s->runs) < 0)
        return NULL;
    run *r = &s->runs[s->n_runs++];
    *r = (run){(uint32_t)first, (uint32_t)last, run_key(c, first, last), NULL, NULL, NF_RULE_LIST, 0};
    return r;
}

static const nf_names_known *known_of(const ctx *c, size_t i)
{
    return c->t[i].known >= 0 ? &c->in->known[c->t[i].known] : NULL;
}

static int push_typed(ctx *c, size_t first, size_t last, const char *type, nf_name_rule rule)
{
    run *r = push_run(c, first, last);
    if (r == NULL)
        return NF_ENOMEM;
    r->type = type;
    r->rule = rule;
    return 0;
}

/* Capitals opening a line before a date or a bracket: "LONDON 1996-08-30", "MOSCOW (Reuters)". */
static bool is_dateline(const ctx *c, size_t first, size_t last)
{
    if (!(c->t[first].flags & T_LINE) || c->t[first].start < c->in->title_end)
        return false;
    for (size_t i = first; i <= last; i++)
        if (!(c->t[i].flags & T_UPPER))
            return false;
    size_t next = last + 1;
    if (next >= c->nt || (c->t[next].flags & T_LINE))
        return false;
    unsigned char ch = (unsigned char)c->text[c->t[next].start];
    return (c->t[next].flags & T_DIGIT) || ch == '(' || ch == ',';
}

static bool punct_is(const ctx *c, size_t i, char ch)
{
    return i < c->nt && !(c->t[i].flags & T_WORD) && c->text[c->t[i].start] == ch;
}

/*
 * Where a name is a place whatever the copy: after a place cue in any
 * case ("in", "IN", "at"), in brackets, before a colon ("Leicester :" opens
 * a venue's results), or in a dateline.
 */
static bool place_context(const ctx *c, size_t first, size_t last)
{
    bool prev = first > 0 && !(c->t[first].flags & T_LINE);
    if (prev && (is_class(&c->t[first - 1], NF_WORD_PLACE_CUE) || punct_is(c, first - 1, '(')))
        return true;
    bool next = last + 1 < c->nt && !(c->t[last + 1].flags & T_LINE);
    return (next && punct_is(c, last + 1, ':')) || is_dateline(c, first, last);
}

/* A list match on its own keeps the list's type and name; in sports copy a city may be a team. */
static int push_known(ctx *c, size_t i)
{
    run *r = push_run(c, i, i);
    if (r == NULL)
        return NF_ENOMEM;
    const nf_names_known *k = known_of(c, i);
    r->type = k->type;
    r->name = k->name;
    r->rule = NF_RULE_LIST;
    if (c->sports && k->team && is_type(k->type, PLACE) && !place_context(c, i, i)) {
        r->type = ORG;      /* "Leicestershire beat Somerset": teams, named as written */
        r->name = NULL;
        r->rule = NF_RULE_TEAM;
    }
    return 0;
}

static int add_candidate(ctx *c, size_t first, size_t last, uint32_t flags);

/* Each list match of first..last on its own, and the words between as candidates. */
static int split_known(ctx *c, size_t first, size_t last, uint32_t flags)
{
    int rc = 0;
    for (size_t i = first; rc == 0 && i <= last;) {
        if (c->t[i].flags & T_KNOWN) {
            rc = push_known(c, i++);
            continue;
        }
        size_t j = i;
        while (j + 1 <= last && !(c->t[j + 1].flags & T_KNOWN))
            j++;
        rc = add_candidate(c, i, j, i == first ? flags : 0);
        i = j + 1;
    }
    return rc;
}

/* The rightmost org, place or event word before the first connector, as a type. */
static const char *head_type(const ctx *c, size_t first, size_t last, nf_name_rule *rule)
{
    const char *type = NULL;
    for (size_t i = first; i <= last; i++) {
        const token *t = &c->t[i];
        if (!(t->flags & T_CAP) && !is_class(t, NF_WORD_ORG))
            break;   /* a connector or particle: what follows is the head's complement */
        if (is_class(t, NF_WORD_ORG)) {
            type = ORG;
            *rule = NF_RULE_ORG_WORD;
        } else if (is_class(t, NF_WORD_EVENT)) {
            type = EVENT;
            *rule = NF_RULE_EVENT_WORD;
        } else if (is_class(t, NF_WORD_PLACE)) {
            type = PLACE;
            *rule = NF_RULE_PLACE_WORD;
        }
    }
    return type;
}

static size_t count_known(const ctx *c, size_t first, size_t last)
{
    size_t n = 0;
    for (size_t i = first; i <= last; i++)
        n += (c->t[i].flags & T_KNOWN) != 0;
    return n;
}

/*
 * A run with list matches in it: "Hillary Clinton" (words before a listed
 * person), "Chicago Cubs" (a listed place and more words). Returns 1 when
 * it decided nothing, and the caller splits the run.
 */
static int add_with_known(ctx *c, size_t first, size_t last, uint32_t flags)
{
    const nf_names_known *k0 = known_of(c, first), *kn = known_of(c, last);
    size_t nk = count_known(c, first, last);
    if (first == last)
        return push_known(c, first);
    /* A given name before a listed place: "Anthony Washington", "Trevor Holland". */
    if (nk == 1 && kn && is_type(kn->type, PLACE) && is_first_name(c, first))
        return push_typed(c, first, last, PERSON, NF_RULE_FIRST_NAME);
    /* Words before a listed group qualify it: "West Indian", "Bosnian Serb". */
    if (kn && is_type(kn->type, GROUP) && !is_first_name(c, first))
        return push_typed(c, first, last, GROUP, NF_RULE_LIST);
    if (k0 && is_type(k0->type, GROUP)) {   /* "Russian Boris Yeltsin": never merged */
        int rc = push_known(c, first);
        return rc < 0 ? rc : add_candidate(c, first + 1, last, flags & ~(uint32_t)R_SENT);
    }
    if (nk == 1 && kn && is_type(kn->type, PERSON)) {
        run *r = push_run(c, first, last);
        if (r == NULL)
            return NF_ENOMEM;
        r->type = PERSON;
        r->rule = NF_RULE_LIST_PERSON;
        size_t len = c->t[first].end - c->t[first].start;
        if (strncmp(kn->name, c->text + c->t[first].start, len) == 0 && kn->name[len] == ' ')
            r->name = kn->name;   /* "Bashar Assad" is the listed "Bashar al-Assad" */
        return 0;
    }
    if (nk == 1 && k0 && is_type(k0->type, PLACE) && !(c->t[last].flags & T_INITIAL))
        return push_typed(c, first, last, ORG, NF_RULE_PLACE_ORG);
    /* Sports copy: a team is a place and a name, either way round ("Cleveland Indians", "Real Madrid"). */
    if (c->sports && ((k0 && k0->team) || (nk == 1 && kn && kn->team)))
        return push_typed(c, first, last, ORG, NF_RULE_PLACE_ORG);
    return 1;
}

static bool is_title(const ctx *c, size_t i)
{
    return !(c->t[i].flags & T_KNOWN) && is_class(&c->t[i], NF_WORD_TITLE);
}

/* Keeps only the list matches of first..last ("Russian" of "the Russian Foreign Minister"). */
static int keep_known(ctx *c, size_t first, size_t last)
{
    for (size_t i = first; i <= last; i++)
        if ((c->t[i].flags & T_KNOWN) && push_known(c, i) < 0)
            return NF_ENOMEM;
    return 0;
}

/* An initial before a capitalized word: "P. Simmons", "George W. Bush". */
static bool has_initials(const ctx *c, size_t first, size_t last)
{
    for (size_t i = first; i < last; i++)
        if ((c->t[i].flags & T_INITIAL) && !(c->t[i + 1].flags & T_INITIAL))
            return true;
    return false;
}

/*
 * Whether every word of first..last but its list matches is a title or a
 * common word: a title phrase, no name ("U.S. Assistant Secretary").
 */
static bool only_titles(const ctx *c, size_t first, size_t last)
{
    for (size_t i = first; i <= last; i++)
        if (!(c->t[i].flags & T_KNOWN) && !is_title(c, i) && !is_big(c, i, NF_WORD_COMMON))
            return false;
    return true;
}

/*
 * Where a name starts after words that qualify it: common words or titles
 * before a given name ("Assistant John Smith", "State John Kornblum" after
 * "Secretary of"). Returns first when there are none.
 */
static size_t after_qualifiers(const ctx *c, size_t first, size_t last)
{
    for (size_t i = first; i < last; i++) {
        if (is_first_name(c, i))
            return i;
        if ((c->t[i].flags & T_KNOWN) || !(is_title(c, i) || is_big(c, i, NF_WORD_COMMON)))
            return first;
    }
    return first;
}

/* The last title of first..last that a name follows, or SIZE_MAX. */
static size_t title_split(const ctx *c, size_t first, size_t last)
{
    size_t at = SIZE_MAX;
    for (size_t i = first; i < last; i++)
        if (is_title(c, i) && !is_title(c, i + 1))
            at = i;
    return at;
}

/*
 * Types what strong evidence types in a candidate run, or pushes it
 * untyped for the second pass. Splits off titles ("Foreign Minister
 * Yevgeny Primakov") and list matches that do not belong to the name.
 */
static int add_candidate(ctx *c, size_t first, size_t last, uint32_t flags)
{
    if (first == last && (c->t[first].flags & T_KNOWN))
        return push_known(c, first);
    if (is_title(c, last) && only_titles(c, first, last))   /* "the Russian Prime Minister" */
        return keep_known(c, first, last);
    size_t name = after_qualifiers(c, first, last);
    if (name > first)
        return add_candidate(c, name, last, flags & ~(uint32_t)R_SENT);
    size_t title = title_split(c, first, last);
    if (title != SIZE_MAX && !has_head(c, title + 1, last)) {
        int rc = keep_known(c, first, title);
        return rc < 0 ? rc : add_candidate(c, title + 1, last, (flags & ~(uint32_t)R_SENT) | R_TITLED);
    }
    nf_name_rule rule = NF_RULE_LIST;
    const char *type = head_type(c, first, last, &rule);
    if (type && (first < last || (c->t[first].flags & T_KNOWN)))
        return push_typed(c, first, last, type, rule);
    if (type)
        return 0;    /* a head word alone: "Ministry officials" */
    if (count_known(c, first, last) > 0) {
        if (has_initials(c, first, last))       /* "I. Austin": a person, whatever the list says */
            return push_typed(c, first, last, PERSON, NF_RULE_INITIALS);
        int rc = add_with_known(c, first, last, flags);
        return rc == 1 ? split_known(c, first, last, flags) : rc;
    }
    run *r = push_run(c, first, last);
    if (r == NULL)
        return NF_ENOMEM;
    r->flags = flags;
    return 0;
}

/*
 * A run that opens a sentence starts with a word whose capital says
 * nothing: drop it when the article writes it in lower case elsewhere.
 */
static size_t sentence_start(const ctx *c, size_t first, size_t last, uint32_t *flags)
{
    const token *t = &c->t[first];
    if (!(t->flags & T_SENT) || (t->flags & T_KNOWN))
        return first;
    if ((mem_flags(c, t->hash) & M_LOWER) || is_big(c, first, NF_WORD_COMMON))
        return first + 1;
    if (first == last)
        *flags |= R_SENT;
    return first;
}

static int find_candidates(ctx *c)
{
    c->s->n_runs = 0;
    for (size_t i = 0; i < c->nt; i++) {
        bool particle_start = is_class(&c->t[i], NF_WORD_PARTICLE) && (c->t[i].flags & T_LOWER) &&
                              joined(c, i, i + 1) && name_token(c, i + 1);
        if (!particle_start && !name_token(c, i))
            continue;
        size_t last = extend_run(c, particle_start ? i + 1 : i);
        uint32_t flags = 0;
        size_t first = sentence_start(c, i, last, &flags);
        if (i > 0 && joined(c, i - 1, i) && is_class(&c->t[i - 1], NF_WORD_TITLE))
            flags |= R_TITLED;   /* "spokesman John Smith" */
        if (first <= last && add_candidate(c, first, last, flags) < 0)
            return NF_ENOMEM;
        i = last;
    }
    return 0;
}

/* --------------------------------------------------------------- typing */

static size_t name_words(const ctx *c, const run *r)
{
    size_t n = 0;
    for (size_t i = r->first; i <= r->last; i++)
        n += (c->t[i].flags & T_CAP) != 0;
    return n;
}


/* A lower-case particle joins its words: "Osama bin Laden", "de Gaulle". */
static bool has_particle(const ctx *c, const run *r)
{
    for (size_t i = r->first; i < r->last; i++)
        if ((c->t[i].flags & T_LOWER) && is_class(&c->t[i], NF_WORD_PARTICLE))
            return true;
    return false;
}

/* The first pass: evidence in the run itself. */
static void type_strong(ctx *c, run *r)
{
    if (r->flags & R_TITLED) {
        r->type = PERSON;
        r->rule = NF_RULE_TITLE;
    } else if (has_initials(c, r->first, r->last)) {
        r->type = PERSON;
        r->rule = NF_RULE_INITIALS;
    } else if (has_particle(c, r)) {
        r->type = PERSON;
        r->rule = NF_RULE_PARTICLE;
    } else if (is_first_name(c, r->first) && name_words(c, r) >= 2 && !only_common(c, r->first, r->last)) {
        r->type = PERSON;
        r->rule = NF_RULE_FIRST_NAME;
    } else if (is_dateline(c, r->first, r->last)) {
        r->type = PLACE;
        r->rule = NF_RULE_DATELINE;
    }
}

/*
 * Makes `index` the person named by the surname `key` when it is the
 * longest mention so far ("Vladimir Putin" over "Putin").
 */
static void remember_surname(ctx *c, uint64_t key, size_t index)
{
    const run *r = &c->s->runs[index];
    mem_slot *m = mem_get(c, key);
    const run *old = m->person >= 0 ? &c->s->runs[m->person] : NULL;
    if (old == NULL || c->t[r->last].end - c->t[r->first].start > c->t[old->last].end - c->t[old->first].start)
        m->person = (int32_t)index;
}

/*
 * Remembers a typed run: the type of its words, and for a person the
 * surname: the last word ("Putin" of a listed "Vladimir Putin"), and the
 * part after a particle ("Assad" of "al-Assad").
 */
static void remember_run(ctx *c, size_t index)
{
    const run *r = &c->s->runs[index];
    mem_slot *m = mem_get(c, r->key);
    if (m->typed < 0)
        m->typed = (int32_t)index;
    if (!is_type(r->type, PERSON))
        return;
    const token *t = &c->t[r->last];
    const char *from = c->text + t->start, *to = c->text + t->end;
    const char *space = memrchr(from, ' ', (size_t)(to - from));
    if (space)
        from = space + 1;
    remember_surname(c, space ? fold_hash(from, (size_t)(to - from)) : t->hash, index);
    const char *hyphen = memchr(from, '-', (size_t)(to - from));
    if (hyphen && from[0] >= 'a' && from[0] <= 'z' && hyphen + 1 < to)
        remember_surname(c, fold_hash(hyphen + 1, (size_t)(to - hyphen - 1)), index);
}

static bool next_is(const ctx *c, const run *r, uint32_t classes)
{
    size_t next = r->last + 1;
    return joined(c, r->last, next) && is_class(&c->t[next], classes) &&
           !(c->t[next].flags & T_CAP);
}

static bool prev_is(const ctx *c, const run *r, uint32_t classes)
{
    return r->first > 0 && joined(c, r->first - 1, r->first) &&
           is_class(&c->t[r->first - 1], classes) && !(c->t[r->first - 1].flags & T_CAP);
}

/* A line that goes on with numbers after the run: a results table ("Pohang 3 Ulsan 2"). */
static bool in_table(const ctx *c, const run *r)
{
    size_t next = r->last + 1;
    return next < c->nt && !(c->t[next].flags & T_LINE) && (c->t[next].flags & T_DIGIT);
}

/* Sets the run's type and rule; returns true, to end a rule chain with `return set_type(...)`. */
static bool set_type(run *r, const char *type, nf_name_rule rule)
{
    r->type = type;
    r->rule = rule;
    return true;
}

/* The second pass: the article's memory, then context and shape. Returns whether it typed r. */
static bool type_weak(ctx *c, run *r)
{
    const mem_slot *m = mem_find(c, r->key);
    size_t words = name_words(c, r);
    if (m && m->typed >= 0 && &c->s->runs[m->typed] != r && c->s->runs[m->typed].type)
        return set_type(r, c->s->runs[m->typed].type, NF_RULE_SAME_DOC);
    const mem_slot *w = r->first == r->last ? mem_find(c, c->t[r->first].hash) : NULL;
    if (w && w->person >= 0 && &c->s->runs[w->person] != r)
        return set_type(r, PERSON, NF_RULE_ALIAS);
    if ((c->t[r->first].flags & T_LINE) && in_table(c, r))
        return set_type(r, ORG, NF_RULE_TABLE);
    if (next_is(c, r, NF_WORD_SPEECH) && words <= 4)
        return set_type(r, PERSON, NF_RULE_SPEECH);
    if ((r->flags & R_SENT) && !(w && (w->flags & M_CAP)))
        return false;      /* a lone capitalized word opening a sentence, nothing more */
    if (prev_is(c, r, NF_WORD_PLACE_CUE))
        return set_type(r, PLACE, NF_RULE_PLACE_CUE);
    if (only_common(c, r->first, r->last))
        return false;      /* "Increased Risk", "SUBSCRIBE": capitals alone make no name of words */
    bool upper = (c->t[r->first].flags & T_UPPER) && !(c->t[r->first].flags & T_HEAD);
    if (words == 1 && upper)
        return set_type(r, ORG, NF_RULE_ACRONYM);
    if (words >= 2 && words <= 4)
        return set_type(r, PERSON, NF_RULE_PERSON_SHAPE);
    if (words != 1 || (w && (w->flags & M_LOWER)))
        return false;
    if (c->sports)
        return set_type(r, ORG, NF_RULE_TEAM);
    return c->n->single_type && set_type(r, c->n->single_type, NF_RULE_SINGLE);
}

/*
 * Strong evidence first, remembered; then the rest from memory, context
 * and shape, runs of several words before single words, so that a lone
 * "Sherbatov" finds the "Nikolai Sherbatov" a later sentence names.
 */
static void type_runs(ctx *c)
{
    nf_names_scratch *s = c->s;
    for (size_t i = 0; i < s->n_runs; i++) {
        if (s->runs[i].type == NULL)
            type_strong(c, &s->runs[i]);
        if (s->runs[i].type)
            remember_run(c, i);
    }
    for (int single = 0; single <= 1; single++)
        for (size_t i = 0; i < s->n_runs; i++)
            if (s->runs[i].type == NULL && (name_words(c, &s->runs[i]) == 1) == single &&
                type_weak(c, &s->runs[i]))
                remember_run(c, i);
}

/* --------------------------------------------------------------- output */

static bool span_is(const ctx *c, const run *r, const char *name)
{
    size_t len = c->t[r->last].end - c->t[r->first].start;
    return strlen(name) == len && memcmp(name, c->text + c->t[r->first].start, len) == 0;
}

/*
 * The name a run is known by. A one-word person is named as its longest
 * mention in the article, unless a list already named it more fully; a
 * list match otherwise keeps the list's name; a word in capitals in a
 * headline is named as the article writes it inside a sentence.
 */
static const char *canonical(ctx *c, const run *r, nf_arena *arena)
{
    uint32_t start = c->t[r->first].start, end = c->t[r->last].end;
    if (is_type(r->type, PERSON) && !memchr(c->text + start, ' ', end - start) &&
        (r->name == NULL || span_is(c, r, r->name))) {
        const mem_slot *m = mem_find(c, c->t[r->first].hash);
        const run *p = m && m->person >= 0 ? &c->s->runs[m->person] : NULL;
        if (p && p != r && c->t[p->last].end - c->t[p->first].start > end - start)
            return canonical(c, p, arena);
    }
    if (r->name)
        return r->name;
    const mem_slot *w = r->first == r->last ? mem_find(c, c->t[r->first].hash) : NULL;
    if (w && w->first_cap >= 0 && (c->t[r->first].flags & T_UPPER)) {
        start = c->t[w->first_cap].start;
        end = c->t[w->first_cap].end;
    }
    return nf_arena_strndup(arena, c->text + start, end - start);
}

static int emit(ctx *c, nf_arena *arena)
{
    nf_names_scratch *s = c->s;
    s->n_out = 0;
    for (size_t i = 0; i < s->n_runs; i++) {
        const run *r = &s->runs[i];
        if (r->type == NULL)
            continue;
        if (grow((void **)&s->out, &s->cap_out, s->n_out, sizeof *s->out) < 0)
            return NF_ENOMEM;
        const char *name = canonical(c, r, arena);
        if (name == NULL)
            return NF_ENOMEM;
        s->out[s->n_out++] = (nf_name){c->t[r->first].start, c->t[r->last].end, r->type, name, r->rule};
    }
    return 0;
}

int nf_names_find(const nf_names *n, nf_names_scratch *s, const nf_names_input *in,
                  nf_arena *arena, const nf_name **out, size_t *n_out)
{
    *out = NULL;
    *n_out = 0;
    if (in->len > UINT32_MAX - 1)
        return NF_ETOOBIG;
    ctx c = {n, s, in, in->text, NULL, 0, false, 0, 0, 0};
    int rc = tokenize(&c);
    if (rc == 0)
        rc = mem_reset(&c);
    if (rc < 0)
        return rc;
    c.sports = is_sports(&c);
    remember_case(&c);
    rc = find_candidates(&c);
    if (rc == 0) {
        type_runs(&c);
        rc = emit(&c, arena);
    }
    if (rc < 0)
        return rc;
    *out = s->out;
    *n_out = s->n_out;
    return 0;
}
