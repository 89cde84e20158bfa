/* test_automaton.c — the Aho-Corasick matcher: building, whole-word scanning, resolving. */
#include "unit.h"

#include "alloc.h"
#include "automaton.h"
#include "error.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Builds an automaton from keys, each with its index as value. */
static nf_automaton *build_keys(const char *const *keys, size_t n)
{
    nf_ac_builder *b = nf_ac_builder_new();
    assert_non_null(b);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(nf_ac_builder_add(b, keys[i], strlen(keys[i]), (uint32_t)i), 0);
    nf_automaton *a = NULL;
    assert_int_equal(nf_ac_build(b, &a), 0);
    assert_non_null(a);
    nf_ac_builder_free(b);
    return a;
}

/* Scans text into m, which is emptied first. */
static void scan(const nf_automaton *a, const char *text, nf_ac_matches *m)
{
    m->n = 0;
    assert_int_equal(nf_automaton_scan(a, text, strlen(text), m), 0);
}

static void assert_matches(const nf_ac_matches *m, const nf_ac_match *want, size_t n)
{
    assert_int_equal(m->n, n);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(m->items[i].start, want[i].start);
        assert_int_equal(m->items[i].end, want[i].end);
        assert_int_equal(m->items[i].value, want[i].value);
    }
}

/* Whether key number `value` is found exactly once in text, at byte offset start. */
static bool found_at(const nf_automaton *a, const char *text, uint32_t start, uint32_t len,
                     uint32_t value)
{
    nf_ac_matches m = {0};
    scan(a, text, &m);
    size_t hits = 0;
    bool at = false;
    for (size_t i = 0; i < m.n; i++) {
        if (m.items[i].value != value)
            continue;
        hits++;
        at = m.items[i].start == start && m.items[i].end == start + len;
    }
    nf_ac_matches_free(&m);
    return hits == 1 && at;
}

static bool found(const nf_automaton *a, const char *text, uint32_t value)
{
    nf_ac_matches m = {0};
    scan(a, text, &m);
    bool hit = false;
    for (size_t i = 0; i < m.n; i++)
        hit = hit || m.items[i].value == value;
    nf_ac_matches_free(&m);
    return hit;
}

static void test_single_key(void **state)
{
    (void)state;
    const char *keys[] = {"paris"};
    nf_automaton *a = build_keys(keys, 1);
    assert_int_equal(nf_automaton_keys(a), 1);
    nf_ac_matches m = {0};
    scan(a, "i love paris.", &m);
    assert_matches(&m, (nf_ac_match[]){{7, 12, 0}}, 1);
    scan(a, "i love rome.", &m);
    assert_int_equal(m.n, 0);
    nf_ac_matches_free(&m);
    nf_automaton_free(a);
}

static void test_many_keys(void **state)
{
    (void)state;
    const char *keys[] = {"berlin", "london", "rome", "madrid", "oslo",
                          "vienna", "prague", "lisbon", "athens", "dublin"};
    nf_automaton *a = build_keys(keys, 10);
    assert_int_equal(nf_automaton_keys(a), 10);
    nf_ac_matches m = {0};
    scan(a, "from oslo to rome via vienna and dublin, not paris", &m);
    assert_matches(&m, (nf_ac_match[]){{5, 9, 4}, {13, 17, 2}, {22, 28, 5}, {33, 39, 9}}, 4);
    nf_ac_matches_free(&m);
    nf_automaton_free(a);
}

static void test_overlapping_keys_scan_all_resolve_longest(void **state)
{
    (void)state;
    const char *keys[] = {"new york", "york", "new york city", "city"};
    nf_automaton *a = build_keys(keys, 4);
    nf_ac_matches m = {0};
    scan(a, "in new york city today", &m);
    assert_matches(&m, (nf_ac_match[]){{3, 11, 0}, {7, 11, 1}, {3, 16, 2}, {12, 16, 3}}, 4);
    nf_ac_resolve_longest(&m);
    assert_matches(&m, (nf_ac_match[]){{3, 16, 2}}, 1);
    scan(a, "new york, york city", &m);
    nf_ac_resolve_longest(&m);
    assert_matches(&m, (nf_ac_match[]){{0, 8, 0}, {10, 14, 1}, {15, 19, 3}}, 3);
    nf_ac_matches_free(&m);
    nf_automaton_free(a);
}

static void test_word_boundaries(void **state)
{
    (void)state;
    const char *keys[] = {"paris"};
    nf_automaton *a = build_keys(keys, 1);
    assert_false(found(a, "a parisian cafe", 0));
    assert_false(found(a, "a fair comparison", 0));
    assert_false(found(a, "paris2024", 0));
    assert_true(found_at(a, "paris, france", 0, 5, 0));
    assert_true(found_at(a, "in (paris)", 4, 5, 0));
    assert_true(found_at(a, "paris", 0, 5, 0));
    assert_true(found_at(a, "to paris", 3, 5, 0));
    assert_true(found_at(a, "paris_match", 0, 5, 0));
    nf_automaton_free(a);
}

static void test_keys_with_punctuation_edges(void **state)
{
    (void)state;
    const char *keys[] = {"u.s.", ".net"};
    nf_automaton *a = build_keys(keys, 2);
    assert_true(found_at(a, "the u.s. army", 4, 4, 0));
    assert_true(found_at(a, "u.s.-led", 0, 4, 0));
    /* The key ends with '.', so no boundary is needed after it. */
    assert_true(found_at(a, "the u.s.a.", 4, 4, 0));
    /* It starts with a letter, so a letter before it blocks it. */
    assert_false(found(a, "thu.s. army", 0));
    /* ".net" needs no boundary before its '.', but one after "net". */
    assert_true(found_at(a, "asp.net core", 3, 4, 1));
    assert_false(found(a, "asp.network", 1));
    nf_automaton_free(a);
    /* A key without word characters needs no boundary at all. */
    const char *dashes[] = {"--"};
    a = build_keys(dashes, 1);
    assert_true(found_at(a, "a--b", 1, 2, 0));
    nf_automaton_free(a);
}

static void test_utf8_keys_and_texts(void **state)
{
    (void)state;
    const char *keys[] = {"zürich", "münchen", "são paulo", "киев", "北京"};
    nf_automaton *a = build_keys(keys, 5);
    nf_ac_matches m = {0};
    scan(a, "von zürich nach münchen.", &m);
    assert_matches(&m, (nf_ac_match[]){{4, 11, 0}, {17, 25, 1}}, 2);
    nf_ac_matches_free(&m);
    assert_false(found(a, "der zürichsee", 0));
    assert_true(found_at(a, "são paulo's mayor", 0, 10, 2));
    assert_true(found_at(a, "в киев.", 3, 8, 3));
    assert_false(found(a, "в киеве", 3));
    assert_false(found(a, "ракиев", 3));
    /* Han characters are letters: inside a run of them there is no word boundary. */
    assert_false(found(a, "我在北京工作", 4));
    assert_true(found_at(a, "北京", 0, 6, 4));
    assert_true(found_at(a, "在 北京，", 4, 6, 4));
    nf_automaton_free(a);
}

static void test_combining_mark_next_to_match_blocks_it(void **state)
{
    (void)state;
    const char *keys[] = {"cafe", "paris"};
    nf_automaton *a = build_keys(keys, 2);
    /* "cafe" + U+0301 COMBINING ACUTE ACCENT is "café", another word. */
    assert_false(found(a, "un cafe\xcc\x81 noir", 0));
    assert_true(found(a, "un cafe noir", 0));
    /* A mark ends the word before: "e" + U+0301 then "paris". */
    assert_false(found(a, "e\xcc\x81paris", 1));
    assert_true(found(a, "e\xcc\x81 paris", 1));
    nf_automaton_free(a);
}

static void test_duplicate_key_keeps_first_value(void **state)
{
    (void)state;
    nf_ac_builder *b = nf_ac_builder_new();
    assert_non_null(b);
    assert_int_equal(nf_ac_builder_add(b, "rome", 4, 10), 0);
    assert_int_equal(nf_ac_builder_add(b, "rome", 4, 20), 1);
    assert_int_equal(nf_ac_builder_add(b, "romeo", 4, 30), 1);
    assert_int_equal(nf_ac_builder_add(b, "romeo", 5, 40), 0);
    nf_automaton *a = NULL;
    assert_int_equal(nf_ac_build(b, &a), 0);
    nf_ac_builder_free(b);
    assert_int_equal(nf_automaton_keys(a), 2);
    nf_ac_matches m = {0};
    scan(a, "rome and romeo", &m);
    assert_matches(&m, (nf_ac_match[]){{0, 4, 10}, {9, 14, 40}}, 2);
    nf_ac_matches_free(&m);
    nf_automaton_free(a);
}

static void test_invalid_keys_rejected(void **state)
{
    (void)state;
    nf_ac_builder *b = nf_ac_builder_new();
    assert_non_null(b);
    assert_int_equal(nf_ac_builder_add(b, "\xff", 1, 1), NF_EUTF8);
    assert_int_equal(nf_ac_builder_add(b, "caf\xc3", 4, 1), NF_EUTF8);
    assert_int_equal(nf_ac_builder_add(b, "\xc0\xaf", 2, 1), NF_EUTF8);
    /* The length is checked before any byte is read. */
    assert_int_equal(nf_ac_builder_add(b, "x", ((size_t)1 << 28) + 1, 1), NF_ETOOBIG);
    assert_int_equal(nf_ac_builder_add(b, "café", strlen("café"), 2), 0);
    nf_automaton *a = NULL;
    assert_int_equal(nf_ac_build(b, &a), 0);
    nf_ac_builder_free(b);
    assert_int_equal(nf_automaton_keys(a), 1);
    assert_true(found(a, "un café.", 2));
    nf_automaton_free(a);
}

/*
 * Bytes that are not UTF-8 (here the two the automaton uses for word
 * boundaries inside) are non-word characters of their own in a text: they
 * end words and break keys.
 */
static void test_stray_marker_bytes_in_text(void **state)
{
    (void)state;
    const char *keys[] = {"new york", "york"};
    nf_automaton *a = build_keys(keys, 2);
    assert_false(found(a, "new \xfeyork", 0));
    assert_false(found(a, "new\xff york", 0));
    assert_true(found_at(a, "new \xfeyork\xff", 5, 4, 1));
    nf_automaton_free(a);
}

static void test_empty_key_rejected_and_empty_automaton(void **state)
{
    (void)state;
    nf_ac_builder *b = nf_ac_builder_new();
    assert_non_null(b);
    assert_int_equal(nf_ac_builder_add(b, "", 0, 1), NF_EINVAL);
    nf_automaton *a = NULL;
    assert_int_equal(nf_ac_build(b, &a), 0);
    nf_ac_builder_free(b);
    assert_int_equal(nf_automaton_keys(a), 0);
    assert_true(nf_automaton_memory(a) > 0);
    nf_ac_matches m = {0};
    scan(a, "anything at all", &m);
    assert_int_equal(m.n, 0);
    assert_int_equal(nf_automaton_scan(a, NULL, 0, &m), 0);
    assert_int_equal(m.n, 0);
    nf_automaton_free(a);
}

static void test_prefix_and_suffix_keys(void **state)
{
    (void)state;
    const char *keys[] = {"united states army", "states", "united", "army", "united states"};
    nf_automaton *a = build_keys(keys, 5);
    nf_ac_matches m = {0};
    scan(a, "the united states army", &m);
    assert_matches(&m,
                   (nf_ac_match[]){{4, 10, 2}, {4, 17, 4}, {11, 17, 1}, {4, 22, 0}, {18, 22, 3}},
                   5);
    nf_ac_resolve_longest(&m);
    assert_matches(&m, (nf_ac_match[]){{4, 22, 0}}, 1);
    /* A key cut short by the text end is not a match of the longer one. */
    scan(a, "united states arm", &m);
    assert_matches(&m, (nf_ac_match[]){{0, 6, 2}, {0, 13, 4}, {7, 13, 1}}, 3);
    nf_ac_matches_free(&m);
    nf_automaton_free(a);
}

static void test_scan_order_and_appending(void **state)
{
    (void)state;
    const char *keys[] = {"y", "-y", "x-y", "x"};
    nf_automaton *a = build_keys(keys, 4);
    nf_ac_matches m = {0};
    scan(a, "x-y x", &m);
    /* By end offset, then longer (earlier start) first. */
    assert_matches(&m, (nf_ac_match[]){{0, 1, 3}, {0, 3, 2}, {1, 3, 1}, {2, 3, 0}, {4, 5, 3}}, 5);
    /* A second scan appends to what is there. */
    assert_int_equal(nf_automaton_scan(a, "x", 1, &m), 0);
    assert_int_equal(m.n, 6);
    assert_int_equal(m.items[5].start, 0);
    assert_int_equal(m.items[5].value, 3);
    nf_ac_matches_free(&m);
    nf_automaton_free(a);
}

static void test_resolve_longest_is_total_and_greedy(void **state)
{
    (void)state;
    nf_ac_match items[] = {{5, 9, 1}, {0, 4, 2}, {0, 6, 3}, {4, 8, 4}, {6, 9, 5}, {9, 9, 6}};
    nf_ac_matches m = {items, 6, 6};
    nf_ac_resolve_longest(&m);
    assert_matches(&m, (nf_ac_match[]){{0, 6, 3}, {6, 9, 5}, {9, 9, 6}}, 3);
    nf_ac_matches none = {0};
    nf_ac_resolve_longest(&none);
    assert_int_equal(none.n, 0);
}

static void test_scan_rejects_text_too_long_for_offsets(void **state)
{
    (void)state;
    if (SIZE_MAX <= UINT32_MAX)
        skip();
    const char *keys[] = {"a"};
    nf_automaton *a = build_keys(keys, 1);
    nf_ac_matches m = {0};
    /* The length is checked before any byte is read. */
    assert_int_equal(nf_automaton_scan(a, "a", (size_t)UINT32_MAX + 1, &m), NF_ETOOBIG);
    assert_int_equal(m.n, 0);
    nf_automaton_free(a);
}

/* ---- Randomized comparison with a naive matcher ------------------------ */

static uint64_t rng_state;

static uint32_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint32_t)(rng_state >> 16);
}

/*
 * Single-character strings; " " and "," are the ones that are not word
 * characters. Keys use the first nkey, texts all n.
 */
typedef struct alphabet {
    const char *const *chars;
    size_t n, nkey;
} alphabet;

/* Appends n random characters of the first `from` to out (room for 2 bytes each); returns the end. */
static char *random_chars(char *out, const alphabet *al, size_t from, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const char *c = al->chars[rng() % from];
        size_t len = strlen(c);
        memcpy(out, c, len);
        out += len;
    }
    *out = '\0';
    return out;
}

typedef struct key_set {
    char (*keys)[40];
    uint32_t *lens;
    size_t n;
} key_set;

static bool word_byte(char c)
{
    return c != ' ' && c != ',';
}

static int compare_by_end(const void *x, const void *y)
{
    const nf_ac_match *p = x, *q = y;
    if (p->end != q->end)
        return p->end < q->end ? -1 : 1;
    return (p->start > q->start) - (p->start < q->start);
}

/* Every whole-word occurrence of every key, found by trying each key at each end, in scan order. */
static void naive_matches(const key_set *ks, const char *text, nf_ac_matches *m)
{
    size_t len = strlen(text);
    m->n = 0;
    for (size_t end = 1; end <= len; end++) {
        for (size_t k = 0; k < ks->n; k++) {
            const char *key = ks->keys[k];
            size_t klen = ks->lens[k];
            if (klen > end)
                continue;
            size_t start = end - klen;
            if (memcmp(text + start, key, klen) != 0)
                continue;
            if (word_byte(key[0]) && start > 0 && word_byte(text[start - 1]))
                continue;
            if (word_byte(key[klen - 1]) && end < len && word_byte(text[end]))
                continue;
            if (m->n == m->cap) {
                m->cap = m->cap ? 2 * m->cap : 64;
                m->items = nf_realloc(m->items, m->cap * sizeof *m->items);
                assert_non_null(m->items);
            }
            m->items[m->n++] = (nf_ac_match){(uint32_t)start, (uint32_t)end, (uint32_t)k};
        }
    }
    if (m->n > 0)
        qsort(m->items, m->n, sizeof *m->items, compare_by_end);
}

/*
 * Adds nkeys random keys of 1..max_chars characters; duplicates are kept
 * out of ks (the first value stays), so ks->keys[v] is the key of value v.
 */
static nf_automaton *random_automaton(key_set *ks, const alphabet *al, size_t nkeys,
                                      size_t max_chars, bool check_duplicates)
{
    nf_ac_builder *b = nf_ac_builder_new();
    assert_non_null(b);
    ks->n = 0;
    for (size_t i = 0; i < nkeys; i++) {
        char *key = ks->keys[ks->n];
        size_t len = (size_t)(random_chars(key, al, al->nkey, 1 + rng() % max_chars) - key);
        int rc = nf_ac_builder_add(b, key, len, (uint32_t)ks->n);
        assert_true(rc == 0 || rc == 1);
        if (check_duplicates) {
            bool seen = false;
            for (size_t k = 0; k < ks->n; k++)
                seen = seen || (ks->lens[k] == len && memcmp(ks->keys[k], key, len) == 0);
            assert_int_equal(rc, seen ? 1 : 0);
        }
        if (rc == 0)
            ks->lens[ks->n++] = (uint32_t)len;
    }
    nf_automaton *a = NULL;
    assert_int_equal(nf_ac_build(b, &a), 0);
    nf_ac_builder_free(b);
    assert_int_equal(nf_automaton_keys(a), ks->n);
    return a;
}

/* A text of random characters and, one piece in three, a whole random key. */
static void random_text(char *text, const key_set *ks, const alphabet *al, size_t pieces)
{
    char *end = text;
    for (size_t p = 0; p < pieces; p++) {
        if (rng() % 3 == 0) {
            size_t k = rng() % ks->n;
            memcpy(end, ks->keys[k], ks->lens[k]);
            end += ks->lens[k];
            *end = '\0';
        } else {
            end = random_chars(end, al, al->n, 1);
        }
    }
}

static void compare_with_naive(uint64_t seed, const alphabet *al, size_t nkeys, size_t max_chars,
                               size_t ntexts, size_t pieces)
{
    rng_state = seed;
    key_set ks = {nf_malloc(nkeys * sizeof *ks.keys), nf_malloc(nkeys * sizeof *ks.lens), 0};
    char *text = nf_malloc(pieces * 40 + 1);
    assert_true(ks.keys && ks.lens && text);
    nf_automaton *a = random_automaton(&ks, al, nkeys, max_chars, nkeys <= 1000);
    nf_ac_matches got = {0}, want = {0};
    for (size_t t = 0; t < ntexts; t++) {
        random_text(text, &ks, al, pieces);
        scan(a, text, &got);
        naive_matches(&ks, text, &want);
        assert_matches(&got, want.items, want.n);
        nf_ac_resolve_longest(&got);
        nf_ac_resolve_longest(&want);
        assert_matches(&got, want.items, want.n);
    }
    nf_ac_matches_free(&got);
    nf_ac_matches_free(&want);
    nf_automaton_free(a);
    nf_free(text);
    nf_free(ks.keys);
    nf_free(ks.lens);
}

static void test_random_keys_match_naive_matcher(void **state)
{
    (void)state;
    static const char *const chars[] = {"a", "b", " ", "é"};
    alphabet al = {chars, 4, 4};
    compare_with_naive(0x9e3779b97f4a7c15u, &al, 200, 6, 50, 60);
}

/*
 * Enough long keys that most states are past the dense rows and use sparse
 * edges; texts also hold characters of no key, a word one and another.
 */
static void test_many_long_random_keys_match_naive_matcher(void **state)
{
    (void)state;
    static const char *const chars[] = {"a", "b", "c", "d", "e", "f", "g",
                                        "h", " ", "é", "ж", "x", ","};
    alphabet al = {chars, 13, 11};
    compare_with_naive(0x2545f4914f6cdd1du, &al, 20000, 14, 15, 120);
}

/* ---- Scale --------------------------------------------------------------- */

/* A word-like key: one to three words of two to four syllables. */
static size_t word_like_key(char *out)
{
    static const char consonants[] = "bcdfghklmnprstvz";
    static const char vowels[] = "aeiou";
    size_t len = 0, words = 1 + rng() % 3;
    for (size_t w = 0; w < words; w++) {
        if (w > 0)
            out[len++] = ' ';
        for (size_t s = 2 + rng() % 3; s > 0; s--) {
            out[len++] = consonants[rng() % 16];
            out[len++] = vowels[rng() % 5];
        }
    }
    out[len] = '\0';
    return len;
}

static void test_hundred_thousand_keys(void **state)
{
    (void)state;
    enum { NKEYS = 100000 };
    rng_state = 42;
    char (*keys)[32] = nf_malloc(NKEYS * sizeof *keys);
    uint32_t *values = nf_malloc(NKEYS * sizeof *values);
    nf_ac_builder *b = nf_ac_builder_new();
    assert_true(keys && values && b);
    size_t distinct = 0, bytes = 0;
    while (distinct < NKEYS) {
        size_t len = word_like_key(keys[distinct]);
        int rc = nf_ac_builder_add(b, keys[distinct], len, (uint32_t)distinct * 7);
        assert_true(rc == 0 || rc == 1);
        if (rc == 0) {
            values[distinct] = (uint32_t)distinct * 7;
            distinct++;
            bytes += len;
        }
    }
    nf_automaton *a = NULL;
    assert_int_equal(nf_ac_build(b, &a), 0);
    nf_ac_builder_free(b);
    assert_int_equal(nf_automaton_keys(a), NKEYS);
    /* At least one byte a key byte, at most a few dozen with every table. */
    assert_true(nf_automaton_memory(a) > bytes);
    assert_true(nf_automaton_memory(a) < 40 * bytes + (2u << 20));
    char text[64];
    for (size_t i = 0; i < NKEYS; i += 97) {
        size_t len = strlen(keys[i]);
        text[0] = '(';
        memcpy(text + 1, keys[i], len);
        memcpy(text + 1 + len, "), ", 4);
        assert_true(found_at(a, text, 1, (uint32_t)len, values[i]));
        /* A byte that is not UTF-8 after its space breaks a key of two words, in sparse states too. */
        char *space = strchr(text, ' ');
        if (space != NULL && space < text + 1 + len) {
            memmove(space + 2, space + 1, strlen(space + 1) + 1);
            space[1] = '\xfe';
            assert_false(found(a, text, values[i]));
        }
    }
    nf_automaton_free(a);
    nf_free(keys);
    nf_free(values);
}

/* ---- Allocation failures ------------------------------------------------ */

static const char *const failure_keys[] = {
    "new york", "york", "new york city", "paris", "zürich", "北京", "u.s.", "киев",
    "a", "ab", "abc", "b", "bc", "c", "united states", "states", "army", "münchen",
};
enum { NFAILURE_KEYS = sizeof failure_keys / sizeof failure_keys[0] };

static void test_build_allocation_failure(void **state)
{
    (void)state;
    nf_ac_builder *b = nf_ac_builder_new();
    assert_non_null(b);
    for (size_t i = 0; i < NFAILURE_KEYS; i++)
        assert_int_equal(nf_ac_builder_add(b, failure_keys[i], strlen(failure_keys[i]), 0), 0);
    nf_automaton *a = NULL;
    long n = 0;
    for (;; n++) {
        nf_alloc_fail_after(n);
        int rc = nf_ac_build(b, &a);
        nf_alloc_fail_after(-1);
        if (rc == 0)
            break;
        assert_int_equal(rc, NF_ENOMEM);
        assert_null(a);
        assert_true(n < 100);
    }
    assert_true(n > 3);
    assert_true(found(a, "in new york city", 0));
    nf_automaton_free(a);
    nf_ac_builder_free(b);
}

static int add_numbered_keys(nf_ac_builder *b, uint32_t n)
{
    char key[16];
    int rc = 0;
    for (uint32_t i = 0; i < n && rc >= 0; i++) {
        int len = snprintf(key, sizeof key, "key%u", i);
        rc = nf_ac_builder_add(b, key, (size_t)len, i);
    }
    return rc;
}

/* A failed add leaves the builder as it was: adding again then works. */
static void test_add_allocation_failure(void **state)
{
    (void)state;
    long n = 0;
    for (;; n++) {
        nf_alloc_fail_after(n);
        nf_ac_builder *b = nf_ac_builder_new();
        int rc = b != NULL ? add_numbered_keys(b, 300) : NF_ENOMEM;
        nf_alloc_fail_after(-1);
        if (b == NULL)
            continue;
        if (rc == 0) {
            nf_ac_builder_free(b);
            break;
        }
        assert_int_equal(rc, NF_ENOMEM);
        assert_int_equal(add_numbered_keys(b, 300), 0);
        nf_automaton *a = NULL;
        assert_int_equal(nf_ac_build(b, &a), 0);
        assert_int_equal(nf_automaton_keys(a), 300);
        assert_true(found_at(a, "see key299.", 4, 6, 299));
        nf_automaton_free(a);
        nf_ac_builder_free(b);
    }
    assert_true(n > 5);
}

static void test_scan_allocation_failure(void **state)
{
    (void)state;
    const char *keys[] = {"paris"};
    nf_automaton *a = build_keys(keys, 1);
    nf_ac_matches m = {0};
    nf_alloc_fail_after(0);
    int rc = nf_automaton_scan(a, "paris", 5, &m);
    nf_alloc_fail_after(-1);
    assert_int_equal(rc, NF_ENOMEM);
    assert_int_equal(m.n, 0);
    scan(a, "paris", &m);
    assert_int_equal(m.n, 1);
    nf_ac_matches_free(&m);
    nf_automaton_free(a);
}

NF_TEST_GROUP(automaton) {
    cmocka_unit_test(test_single_key),
    cmocka_unit_test(test_many_keys),
    cmocka_unit_test(test_overlapping_keys_scan_all_resolve_longest),
    cmocka_unit_test(test_word_boundaries),
    cmocka_unit_test(test_keys_with_punctuation_edges),
    cmocka_unit_test(test_utf8_keys_and_texts),
    cmocka_unit_test(test_combining_mark_next_to_match_blocks_it),
    cmocka_unit_test(test_duplicate_key_keeps_first_value),
    cmocka_unit_test(test_invalid_keys_rejected),
    cmocka_unit_test(test_stray_marker_bytes_in_text),
    cmocka_unit_test(test_empty_key_rejected_and_empty_automaton),
    cmocka_unit_test(test_prefix_and_suffix_keys),
    cmocka_unit_test(test_scan_order_and_appending),
    cmocka_unit_test(test_resolve_longest_is_total_and_greedy),
    cmocka_unit_test(test_scan_rejects_text_too_long_for_offsets),
    cmocka_unit_test(test_random_keys_match_naive_matcher),
    cmocka_unit_test(test_many_long_random_keys_match_naive_matcher),
    cmocka_unit_test(test_hundred_thousand_keys),
    cmocka_unit_test(test_build_allocation_failure),
    cmocka_unit_test(test_add_allocation_failure),
    cmocka_unit_test(test_scan_allocation_failure),
};
NF_TEST_GROUP_END(automaton);
