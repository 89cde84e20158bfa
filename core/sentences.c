/*
 * sentences.c — sentence segmentation of the norm view.
 *
 * One pass over the text: ordinary bytes are skipped through a table, and
 * only at a line break or a run of . ? ! does the segmenter look around to
 * decide whether a sentence ends there. Abbreviations and titles live in an
 * open-addressing hash set filled from the plugin; a lookup hashes the short
 * token before a period and never allocates.
 */
#include "sentences.h"

#include "alloc.h"
#include "error.h"
#include "hash.h"

#include <stdbool.h>
#include <string.h>

/* No abbreviation or title is longer than this; longer tokens skip the lookup. */
#define MAX_ENTRY_LEN 63
/* How far back the token before a period is searched: an entry plus its opening quotes. */
#define MAX_TOKEN_WALK (MAX_ENTRY_LEN + 8)
/* At most this many capitalized words may name a speaker before the speech verb. */
#define MAX_SPEAKER_WORDS 4
#define INITIAL_SLOTS 64

enum { KIND_ABBREVIATION = 1, KIND_TITLE = 2 };

typedef struct entry {
    char *word;      /* NULL for an empty slot */
    size_t len;
    uint32_t hash;
    unsigned kinds;  /* KIND_* bits: a word may be listed as both */
} entry;

struct nf_segmenter {
    entry *slots;
    size_t cap;      /* a power of two, or 0 before the first entry */
    size_t count;
    size_t max_len;  /* the longest entry, to reject longer tokens without hashing */
};

/* What the scan stops at: line breaks and sentence terminators. */
static const unsigned char stop_byte[256] = {
    ['\n'] = 1, ['.'] = 1, ['?'] = 1, ['!'] = 1,
};

/*
 * Capitalized words that, after an abbreviation or an initial, show that a
 * new sentence has begun: function words that start sentences far more
 * often than they continue a name ("the U.S. The ..." but "the U.S. Army").
 * Sorted for binary search.
 */
static const char *const sentence_starters[] = {
    "A", "According", "After", "Again", "All", "Along", "Also", "Although", "Among",
    "An", "And", "Another", "As", "At", "Because", "Before", "Both", "But",
    "By", "Despite", "During", "Each", "Earlier", "Every", "For", "From",
    "He", "Her", "Here", "His", "How", "However", "I", "If", "In", "Instead",
    "It", "Its", "Last", "Later", "Many", "Meanwhile", "Most", "My", "No",
    "Nor", "Not", "Now", "Of", "On", "Or", "Our", "She", "Since", "So",
    "Some", "Still", "Such", "That", "The", "Their", "Then", "There",
    "These", "They", "This", "Those", "Though", "Thus", "To", "Until", "We",
    "What", "When", "Where", "Which", "While", "Who", "Why", "With", "Yet",
    "You", "Your",
};

/*
 * Verbs that introduce a speaker after a closing quote ("Why?" Abana said.):
 * the quote and its attribution stay one sentence. Sorted for binary search.
 */
static const char *const speech_verbs[] = {
    "added", "adds", "admitted", "argued", "asked", "asks", "claimed",
    "concluded", "continued", "cried", "declared", "demanded", "exclaimed",
    "explained", "insisted", "joked", "laughed", "noted", "posted",
    "recalled", "remarked", "replied", "responded", "said", "says",
    "shouted", "stated", "tells", "told", "tweeted", "warned", "wondered",
    "writes", "wrote", "yelled",
};

/* Sentence starters that can also name a speaker ("Why?" she asked). Sorted. */
static const char *const speaker_pronouns[] = {
    "He", "I", "It", "She", "They", "We", "You",
};

#define COUNT_OF(a) (sizeof (a) / sizeof (a)[0])

/* A word or token inside the text: text[start..end). */
typedef struct span {
    size_t start;
    size_t end;
} span;

/* A run of terminators (". . ." included) and the closing quotes and brackets after it. */
typedef struct terminator_run {
    size_t at;          /* the first terminator */
    size_t after;       /* one past the closing quotes and brackets */
    bool question;      /* the run holds a ? or ! */
    bool ellipsis;      /* the run holds more than one period */
    bool quoted;        /* a closing quote follows the run */
} terminator_run;

static bool is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

static bool is_upper(unsigned char c)
{
    return c >= 'A' && c <= 'Z';
}

static bool is_lower(unsigned char c)
{
    return c >= 'a' && c <= 'z';
}

/* Bytes of a word: ASCII letters and every byte of a non-ASCII character. */
static bool is_word_byte(unsigned char c)
{
    return is_upper(c) || is_lower(c) || c >= 0x80;
}

static bool is_terminator(unsigned char c)
{
    return c == '.' || c == '?' || c == '!';
}

static bool is_opener(unsigned char c)
{
    return c == '"' || c == '\'' || c == '(' || c == '[' || c == '{';
}

static bool is_closer(unsigned char c)
{
    return c == '"' || c == '\'' || c == ')' || c == ']' || c == '}';
}

/* Punctuation that cannot begin a sentence, so a terminator before it ends none. */
static bool continues_sentence(unsigned char c)
{
    return c == ',' || c == ';' || c == ':' || c == ')' || c == ']' || c == '}' || is_terminator(c);
}

/* The slot holding word, or the empty slot where it belongs; cap must be non-zero. */
static entry *find_slot(entry *slots, size_t cap, const char *word, size_t len, uint32_t hash)
{
    size_t mask = cap - 1;
    for (size_t i = hash & mask;; i = (i + 1) & mask) {
        entry *e = &slots[i];
        if (e->word == NULL || (e->hash == hash && e->len == len && memcmp(e->word, word, len) == 0))
            return e;
    }
}

static int grow_slots(nf_segmenter *s)
{
    size_t cap = s->cap ? s->cap * 2 : INITIAL_SLOTS;
    entry *slots = nf_calloc(cap, sizeof *slots);
    if (slots == NULL)
        return NF_ENOMEM;
    for (size_t i = 0; i < s->cap; i++) {
        const entry *old = &s->slots[i];
        if (old->word)
            *find_slot(slots, cap, old->word, old->len, old->hash) = *old;
    }
    nf_free(s->slots);
    s->slots = slots;
    s->cap = cap;
    return 0;
}

static unsigned lookup(const nf_segmenter *s, const char *word, size_t len)
{
    if (len == 0 || len > s->max_len)
        return 0;
    const entry *e = find_slot(s->slots, s->cap, word, len, nf_hash32(word, len));
    return e->word ? e->kinds : 0;
}

/* An entry is one token of printable bytes; a final period, written by mistake, is dropped. */
static int add_entry(nf_segmenter *s, const char *word, unsigned kind)
{
    if (s == NULL || word == NULL)
        return NF_EINVAL;
    size_t len = strlen(word);
    if (len > 0 && word[len - 1] == '.')
        len--;
    if (len == 0 || len > MAX_ENTRY_LEN)
        return NF_EINVAL;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)word[i];
        if (c <= ' ' || c == 0x7f)
            return NF_EINVAL;
    }
    /* Keeping the load at most one half keeps probe sequences short. */
    if ((s->count + 1) * 2 > s->cap) {
        int rc = grow_slots(s);
        if (rc < 0)
            return rc;
    }
    uint32_t hash = nf_hash32(word, len);
    entry *e = find_slot(s->slots, s->cap, word, len, hash);
    if (e->word == NULL) {
        char *copy = nf_strndup(word, len);
        if (copy == NULL)
            return NF_ENOMEM;
        *e = (entry){ .word = copy, .len = len, .hash = hash, .kinds = 0 };
        s->count++;
        if (len > s->max_len)
            s->max_len = len;
    }
    e->kinds |= kind;
    return 0;
}

nf_segmenter *nf_segmenter_new(void)
{
    return nf_calloc(1, sizeof(nf_segmenter));
}

void nf_segmenter_free(nf_segmenter *s)
{
    if (s == NULL)
        return;
    for (size_t i = 0; i < s->cap; i++)
        nf_free(s->slots[i].word);
    nf_free(s->slots);
    nf_free(s);
}

int nf_segmenter_add_abbreviation(nf_segmenter *s, const char *abbr)
{
    return add_entry(s, abbr, KIND_ABBREVIATION);
}

int nf_segmenter_add_title(nf_segmenter *s, const char *title)
{
    return add_entry(s, title, KIND_TITLE);
}

/* Orders word[0..len) against a listed word as strcmp would order two strings. */
static int compare_word(const char *word, size_t len, const char *listed)
{
    size_t n = strlen(listed);
    int c = memcmp(word, listed, len < n ? len : n);
    if (c != 0)
        return c;
    return (len > n) - (len < n);
}

static bool in_sorted_list(const char *const *list, size_t count, const char *word, size_t len)
{
    size_t lo = 0, hi = count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = compare_word(word, len, list[mid]);
        if (c == 0)
            return true;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return false;
}

static size_t skip_spaces(const char *text, size_t len, size_t i)
{
    while (i < len && is_space((unsigned char)text[i]))
        i++;
    return i;
}

/* The word starting at i after any opening quotes and brackets (empty when none). */
static span word_at(const char *text, size_t len, size_t i)
{
    while (i < len && is_opener((unsigned char)text[i]))
        i++;
    span w = { i, i };
    while (w.end < len && is_word_byte((unsigned char)text[w.end]))
        w.end++;
    return w;
}

/*
 * Whether the word w opens a new sentence after an abbreviation or initial.
 * A starter followed by a period is itself an initial ("J. A. Smith").
 */
static bool is_sentence_starter(const char *text, size_t len, span w)
{
    if (w.end < len && text[w.end] == '.')
        return false;
    return in_sorted_list(sentence_starters, COUNT_OF(sentence_starters), text + w.start, w.end - w.start);
}

/*
 * Whether the text at i names a speaker: up to MAX_SPEAKER_WORDS
 * capitalized tokens, then a speech verb. The first token may not be a
 * sentence starter other than a pronoun ("And Hunter responded" is a
 * sentence, "It added." an attribution).
 * With verb_ends_sentence the verb must also be followed by a period or
 * the end of the line ("Smith said." but not "Smith said the ..." nor
 * "I said, 'That's ...'").
 */
static bool is_attribution(const char *text, size_t len, size_t i, bool verb_ends_sentence)
{
    for (int words = 0; words <= MAX_SPEAKER_WORDS; words++) {
        if (i >= len || text[i] == '\n')
            return false;
        span w = word_at(text, len, i);
        size_t end = w.end;
        while (end < len && !is_space((unsigned char)text[end]) && text[end] != '\n')
            end++;
        if (words > 0 && in_sorted_list(speech_verbs, COUNT_OF(speech_verbs), text + w.start, w.end - w.start)) {
            if (!verb_ends_sentence)
                return true;
            return w.end == len || text[w.end] == '\n' || text[w.end] == '.';
        }
        if (w.end == w.start || !is_upper((unsigned char)text[w.start]))
            return false;
        if (words == 0 && is_sentence_starter(text, len, w) &&
            !in_sorted_list(speaker_pronouns, COUNT_OF(speaker_pronouns), text + w.start, w.end - w.start))
            return false;
        i = skip_spaces(text, len, end);
    }
    return false;
}

/*
 * Reads the terminators starting at i, including ". . ." (periods separated
 * by single spaces), and the closing quotes and brackets after them.
 */
static terminator_run read_run(const char *text, size_t len, size_t i)
{
    terminator_run r = { .at = i };
    int periods = 0;
    for (; i < len; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c == '.')
            periods++;
        else if (c == '?' || c == '!')
            r.question = true;
        else if (c != ' ' || i + 1 == len || text[i + 1] != '.')
            break;
    }
    while (i < len && is_closer((unsigned char)text[i])) {
        if (text[i] == '"' || text[i] == '\'')
            r.quoted = true;
        i++;
    }
    r.ellipsis = periods > 1;
    r.after = i;
    return r;
}

/* The token before the period at `at` without opening quotes; empty when too long to be listed. */
static span token_before(const char *text, size_t at)
{
    size_t start = at;
    while (start > 0 && at - start <= MAX_TOKEN_WALK && !is_space((unsigned char)text[start - 1]) &&
           text[start - 1] != '\n')
        start--;
    if (at - start > MAX_TOKEN_WALK)
        return (span){ at, at };
    while (start < at && is_opener((unsigned char)text[start]))
        start++;
    return (span){ start, at };
}

/* "U.S", "a.m", "Ph.D", "J.K": letter groups of one or two joined by single periods. */
static bool is_dotted_abbreviation(const char *text, span t)
{
    size_t group = 0;
    bool dotted = false;
    for (size_t i = t.start; i < t.end; i++) {
        unsigned char c = (unsigned char)text[i];
        if (is_upper(c) || is_lower(c)) {
            if (++group > 2)
                return false;
        } else if (c == '.' && group > 0) {
            group = 0;
            dotted = true;
        } else {
            return false;
        }
    }
    return dotted && group > 0;
}

/* Where the words of the sentence that began at `start` begin, after spaces and opening quotes. */
static size_t content_start(const char *text, size_t len, size_t start)
{
    size_t i = skip_spaces(text, len, start);
    while (i < len && is_opener((unsigned char)text[i]))
        i++;
    return i;
}

/*
 * "5. Voici ...", "Q. Why is ...", "A. I see ...": up to three digits or
 * one letter opening a sentence (its words start at words_at) mark a list
 * item or a question and answer.
 */
static bool is_item_marker(const char *text, size_t words_at, span t)
{
    if (t.start != words_at)
        return false;
    size_t n = t.end - t.start;
    unsigned char first = (unsigned char)text[t.start];
    if (n == 1 && (is_upper(first) || is_lower(first)))
        return true;
    if (n > 3)
        return false;
    for (size_t i = t.start; i < t.end; i++)
        if (text[i] < '0' || text[i] > '9')
            return false;
    return true;
}

/* Whether a single period at `at`, followed by the word w, ends the sentence whose words start at words_at. */
static bool period_ends(const nf_segmenter *s, const char *text, size_t len, size_t words_at, size_t at, span w)
{
    span t = token_before(text, at);
    size_t n = t.end - t.start;
    if (n == 0)
        return true;
    if (is_item_marker(text, words_at, t))
        return false;
    unsigned kinds = lookup(s, text + t.start, n);
    if (kinds & KIND_TITLE)
        return false;
    bool initial = n == 1 && is_upper((unsigned char)text[t.start]);
    if ((kinds & KIND_ABBREVIATION) || initial || is_dotted_abbreviation(text, t))
        return is_sentence_starter(text, len, w);
    return true;
}

/* Whether the run r ends the sentence whose words start at words_at. */
static bool run_ends_sentence(const nf_segmenter *s, const char *text, size_t len, size_t words_at,
                              const terminator_run *r)
{
    /* A run with no words before it ("... and then") opens a sentence rather than ending one. */
    if (words_at == r->at)
        return false;
    size_t next = r->after;
    if (next >= len || text[next] == '\n')
        return true;
    /* No space after it: a decimal, a web address, "U.S.-led". */
    if (!is_space((unsigned char)text[next]))
        return false;
    next = skip_spaces(text, len, next);
    if (next >= len || text[next] == '\n')
        return true;
    unsigned char c = (unsigned char)text[next];
    span w = word_at(text, len, next);
    /* Sentences do not begin in lower case, so what follows continues this one. */
    if (continues_sentence(c) || (w.end > w.start && is_lower((unsigned char)text[w.start])))
        return false;
    if (r->quoted && is_attribution(text, len, next, !r->question))
        return false;
    if (r->question || r->ellipsis)
        return true;
    return period_ends(s, text, len, words_at, r->at, w);
}

/* Calls cb for text[start..end) trimmed of white space, unless nothing is left. */
static int emit(const char *text, size_t start, size_t end, nf_sentence_cb cb, void *ud)
{
    while (start < end && is_space((unsigned char)text[start]))
        start++;
    while (end > start && is_space((unsigned char)text[end - 1]))
        end--;
    if (start == end)
        return 0;
    return cb((uint32_t)start, (uint32_t)end, ud);
}

int nf_segment(const nf_segmenter *s, const char *text, size_t len, nf_sentence_cb cb, void *ud)
{
    if (s == NULL || cb == NULL || (text == NULL && len > 0) || len > UINT32_MAX)
        return NF_EINVAL;
    size_t start = 0;
    /* Found once per sentence, so that no terminator rescans the sentence's opening quotes. */
    size_t words_at = content_start(text, len, 0);
    size_t i = 0;
    while (i < len) {
        unsigned char c = (unsigned char)text[i];
        if (!stop_byte[c]) {
            i++;
            continue;
        }
        size_t end;
        if (c == '\n') {
            end = i;
            i++;
        } else {
            terminator_run r = read_run(text, len, i);
            i = r.after;
            if (!run_ends_sentence(s, text, len, words_at, &r))
                continue;
            end = r.after;
        }
        int rc = emit(text, start, end, cb, ud);
        if (rc != 0)
            return rc;
        start = i;
        words_at = content_start(text, len, start);
    }
    return emit(text, start, len, cb, ud);
}
