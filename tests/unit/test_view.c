/* test_view.c — the norm and fold views and their map back to the document. */
#include "unit.h"

#include "alloc.h"
#include "error.h"
#include "utf8.h"
#include "view.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

typedef struct views {
    nf_arena arena;
    nf_view norm;
    nf_view fold;
} views;

static void build(views *v, const char *doc)
{
    nf_arena_init(&v->arena, 0);
    int rc = nf_views_build(&v->arena, doc, strlen(doc), &v->norm, &v->fold);
    assert_int_equal(rc, 0);
}

/* Builds the views of doc and checks both texts; frees them. */
static void check(const char *doc, const char *norm, const char *fold)
{
    views v;
    build(&v, doc);
    assert_string_equal(v.norm.text, norm);
    assert_int_equal(v.norm.len, strlen(norm));
    assert_string_equal(v.fold.text, fold);
    assert_int_equal(v.fold.len, strlen(fold));
    nf_arena_free(&v.arena);
}

static void check_map(const nf_view *view, const uint32_t *expect, size_t n)
{
    assert_int_equal(view->len + 1, n);
    for (size_t i = 0; i < n; i++)
        if (view->to_doc[i] != expect[i])
            fail_msg("to_doc[%zu] is %u, expected %u", i, view->to_doc[i], expect[i]);
}

static void test_ascii_is_copied_and_lowered(void **state)
{
    (void)state;
    views v;
    build(&v, "Hello, World! 42");
    assert_string_equal(v.norm.text, "Hello, World! 42");
    assert_string_equal(v.fold.text, "hello, world! 42");
    for (uint32_t i = 0; i <= 16; i++) {
        assert_int_equal(v.norm.to_doc[i], i);
        assert_int_equal(v.fold.to_doc[i], i);
    }
    nf_arena_free(&v.arena);
}

static void test_empty_document(void **state)
{
    (void)state;
    views v;
    build(&v, "");
    assert_int_equal(v.norm.len, 0);
    assert_string_equal(v.norm.text, "");
    assert_int_equal(v.norm.to_doc[0], 0);
    assert_int_equal(v.fold.len, 0);
    assert_int_equal(v.fold.to_doc[0], 0);
    nf_arena_free(&v.arena);
}

static void test_quotes(void **state)
{
    (void)state;
    static const char *const singles[] = {"\u2018", "\u2019", "\u201A", "\u201B", "\u2039", "\u203A"};
    static const char *const doubles[] = {"\u201C", "\u201D", "\u201E", "\u201F", "\u00AB", "\u00BB"};
    char doc[32];
    for (size_t i = 0; i < 6; i++) {
        snprintf(doc, sizeof doc, "x%sy", singles[i]);
        check(doc, "x'y", "x'y");
        snprintf(doc, sizeof doc, "X%sY", doubles[i]);
        check(doc, "X\"Y", "x\"y");
    }
    views v;
    build(&v, "\u201CHi\u201D");
    static const uint32_t map[] = {0, 3, 4, 5, 8};
    check_map(&v.norm, map, 5);
    nf_arena_free(&v.arena);
}

static void test_dashes_and_minus(void **state)
{
    (void)state;
    static const char *const dashes[] = {"\u2010", "\u2011", "\u2012", "\u2013", "\u2014", "\u2015",
                                         "\u2212", "\uFE63", "\uFF0D"};
    char doc[32];
    for (size_t i = 0; i < sizeof dashes / sizeof dashes[0]; i++) {
        snprintf(doc, sizeof doc, "1%s2", dashes[i]);
        check(doc, "1-2", "1-2");
    }
}

static void test_ellipsis(void **state)
{
    (void)state;
    views v;
    build(&v, "Wait\u2026 ok");
    assert_string_equal(v.norm.text, "Wait... ok");
    assert_string_equal(v.fold.text, "wait... ok");
    static const uint32_t map[] = {0, 1, 2, 3, 4, 4, 4, 7, 8, 9, 10};
    check_map(&v.norm, map, 11);
    /* A span of one of the dots maps to the whole ellipsis. */
    assert_int_equal(nf_view_doc_start(&v.norm, 5), 4);
    assert_int_equal(nf_view_doc_end(&v.norm, 6), 7);
    nf_arena_free(&v.arena);
}

static void test_unicode_spaces(void **state)
{
    (void)state;
    static const char *const spaces[] = {"\u00A0", "\u2002", "\u2003", "\u2009", "\u200A",
                                         "\u202F", "\u205F", "\u3000", "\t", "\v", "\f"};
    char doc[32];
    for (size_t i = 0; i < sizeof spaces / sizeof spaces[0]; i++) {
        snprintf(doc, sizeof doc, "a%sb", spaces[i]);
        check(doc, "a b", "a b");
        snprintf(doc, sizeof doc, "a %s b", spaces[i]);
        check(doc, "a b", "a b");
    }
}

static void test_control_characters_become_space(void **state)
{
    (void)state;
    check("a\x01" "b", "a b", "a b");
    check("a\x1B\x7F" "b", "a b", "a b");
    check("a\xC2\x90" "b", "a b", "a b");
}

static void test_line_breaks(void **state)
{
    (void)state;
    check("a\nb", "a\nb", "a\nb");
    check("a\rb", "a\nb", "a\nb");
    check("a\r\nb", "a\nb", "a\nb");
    check("a\u2028b\u2029c\xC2\x85" "d", "a\nb\nc\nd", "a\nb\nc\nd");
    /* Line breaks are never merged with each other. */
    check("a\n\n\nb", "a\n\n\nb", "a\n\n\nb");
    check("a\r\n\r\nb", "a\n\nb", "a\n\nb");
    check("a\r\rb", "a\n\nb", "a\n\nb");
    check("a\n\r\nb", "a\n\nb", "a\n\nb");
}

static void test_white_space_collapse(void **state)
{
    (void)state;
    check("a  \t  b", "a b", "a b");
    check("a \u00A0\u2003 b  c", "a b c", "a b c");
    /* White space at the start of the text and of a line is dropped. */
    check("   a", "a", "a");
    check("a\n   b", "a\nb", "a\nb");
    /* White space before a line break is absorbed by it. */
    check("a   \nb", "a\nb", "a\nb");
    check("a \t\r\n \t\r\n b", "a\n\nb", "a\n\nb");
    /* White space at the end stays as one space. */
    check("a   ", "a ", "a ");
}

static void test_white_space_mapping(void **state)
{
    (void)state;
    views v;
    /* "a  \n  b": the \n maps to the white space it absorbed. */
    build(&v, "a  \n  b  c");
    assert_string_equal(v.norm.text, "a\nb c");
    static const uint32_t map[] = {0, 1, 6, 7, 9, 10};
    check_map(&v.norm, map, 6);
    /* The first word ends where its white space starts. */
    assert_int_equal(nf_view_doc_end(&v.norm, 1), 1);
    assert_int_equal(nf_view_doc_end(&v.norm, 3), 7);
    nf_arena_free(&v.arena);

    /* White space dropped at the start of a line is absorbed by the next line break. */
    build(&v, "a\n  \nb");
    assert_string_equal(v.norm.text, "a\n\nb");
    static const uint32_t blank_line[] = {0, 1, 2, 5, 6};
    check_map(&v.norm, blank_line, 5);
    nf_arena_free(&v.arena);
}

static void test_removed_characters(void **state)
{
    (void)state;
    check("co\u00ADop", "coop", "coop");
    check("a\u200Bb\u200Cc\u200Dd\u2060e", "abcde", "abcde");
    check("\uFEFFTitle", "Title", "title");
    check("x\u200E\u202Ay", "xy", "xy");
    check("a \u200B b", "a b", "a b");
    views v;
    /* The BOM is not part of the first word; a zero-width space before white space is not part of a word. */
    build(&v, "\uFEFFOne\u200B two");
    assert_string_equal(v.norm.text, "One two");
    assert_int_equal(nf_view_doc_start(&v.norm, 0), 3);
    assert_int_equal(nf_view_doc_end(&v.norm, 3), 6);
    assert_int_equal(nf_view_doc_start(&v.norm, 4), 10);
    nf_arena_free(&v.arena);

    /* Removed characters before a Unicode space or a line break belong to it, not to the word. */
    build(&v, "ab\u200B\u00A0c\u00AD\u2028d");
    assert_string_equal(v.norm.text, "ab c\nd");
    static const uint32_t map[] = {0, 1, 2, 7, 8, 13, 14};
    check_map(&v.norm, map, 7);
    nf_arena_free(&v.arena);
}

static void test_nfc_composes(void **state)
{
    (void)state;
    views v;
    build(&v, "Cafe\u0301 x");
    assert_string_equal(v.norm.text, "Caf\u00E9 x");
    assert_string_equal(v.fold.text, "caf\u00E9 x");
    /* Both bytes of é map to the e that started the cluster. */
    static const uint32_t map[] = {0, 1, 2, 3, 3, 6, 7, 8};
    check_map(&v.norm, map, 8);
    check_map(&v.fold, map, 8);
    nf_arena_free(&v.arena);

    check("E\u0301", "\u00C9", "\u00E9");
    check("\u0416\u0308", "\u04DC", "\u04DD");
    /* Marks are put in canonical order (below, 220, before above, 230). */
    check("q\u0307\u0323", "q\u0323\u0307", "q\u0323\u0307");
    check("\u1E0B\u0323", "\u1E0D\u0307", "\u1E0D\u0307");
    /* Singletons: ANGSTROM SIGN and KELVIN SIGN. */
    check("\u212B", "\u00C5", "\u00E5");
    check("\u212A", "K", "k");
}

static void test_nfc_keeps_composed_text(void **state)
{
    (void)state;
    const char *text = "\u00E9t\u00E9 \u00C5ngstr\u00F6m na\u00EFve \u4E2D\u6587 \u0928\u092E\u0938\u094D\u0924\u0947";
    const char *folded = "\u00E9t\u00E9 \u00E5ngstr\u00F6m na\u00EFve \u4E2D\u6587 \u0928\u092E\u0938\u094D\u0924\u0947";
    check(text, text, folded);
    /* A mark with no base stays as it is. */
    check("\u0301a", "\u0301a", "\u0301a");
    check("a \u0301", "a \u0301", "a \u0301");
}

static void test_nfc_hangul(void **state)
{
    (void)state;
    /* Conjoining jamo compose into the syllable; a syllable and a trailing jamo too. */
    check("\u1100\u1161\u11A8", "\uAC01", "\uAC01");
    check("\u1100\u1161", "\uAC00", "\uAC00");
    check("\uAC00\u11A8", "\uAC01", "\uAC01");
    check("\uD55C\uAD6D\uC5B4", "\uD55C\uAD6D\uC5B4", "\uD55C\uAD6D\uC5B4");
    views v;
    build(&v, "x\u1100\u1161\u11A8y");
    static const uint32_t map[] = {0, 1, 1, 1, 10, 11};
    check_map(&v.norm, map, 6);
    nf_arena_free(&v.arena);
}

static void test_case_folding(void **state)
{
    (void)state;
    check("Stra\u00DFe", "Stra\u00DFe", "strasse");
    check("STRA\u1E9EE", "STRA\u1E9EE", "strasse");
    /* Full folding of İ is i + COMBINING DOT ABOVE, which does not compose. */
    check("\u0130stanbul", "\u0130stanbul", "i\u0307stanbul");
    /* Final sigma folds like sigma. */
    check("\u039F\u0394\u039F\u03A3 \u03BF\u03B4\u03BF\u03C2",
          "\u039F\u0394\u039F\u03A3 \u03BF\u03B4\u03BF\u03C2",
          "\u03BF\u03B4\u03BF\u03C3 \u03BF\u03B4\u03BF\u03C3");
    check("\u041C\u041E\u0421\u041A\u0412\u0410 \u0401", "\u041C\u041E\u0421\u041A\u0412\u0410 \u0401",
          "\u043C\u043E\u0441\u043A\u0432\u0430 \u0451");
    check("\uFB03", "\uFB03", "ffi");
    check("\u00C9COLE", "\u00C9COLE", "\u00E9cole");
}

static void test_fold_expansion_maps_to_the_character(void **state)
{
    (void)state;
    views v;
    build(&v, "Stra\u00DFe!");
    assert_string_equal(v.fold.text, "strasse!");
    static const uint32_t map[] = {0, 1, 2, 3, 4, 4, 6, 7, 8};
    check_map(&v.fold, map, 9);
    /* A span that ends inside "ss" widens to all of ß. */
    assert_int_equal(nf_view_doc_end(&v.fold, 5), 6);
    assert_int_equal(nf_view_doc_end(&v.fold, 6), 6);
    assert_int_equal(nf_view_doc_start(&v.fold, 5), 4);
    nf_arena_free(&v.arena);
}

static void test_from_doc(void **state)
{
    (void)state;
    views v;
    /* "a “b” e\u0301x" -> norm "a \"b\" éx" */
    const char *doc = "a \u201Cb\u201D e\u0301x";
    build(&v, doc);
    assert_string_equal(v.norm.text, "a \"b\" \u00E9x");
    assert_int_equal(nf_view_from_doc(&v.norm, 0), 0);
    assert_int_equal(nf_view_from_doc(&v.norm, 2), 2);
    /* Inside the quote's bytes: the next character that starts after. */
    assert_int_equal(nf_view_from_doc(&v.norm, 3), 3);
    assert_int_equal(nf_view_from_doc(&v.norm, 5), 3);
    assert_int_equal(nf_view_from_doc(&v.norm, 10), 6);
    /* Inside the cluster e + U+0301: the x after it. */
    assert_int_equal(nf_view_from_doc(&v.norm, 11), 8);
    assert_int_equal(nf_view_from_doc(&v.norm, 13), 8);
    assert_int_equal(nf_view_from_doc(&v.norm, (uint32_t)strlen(doc)), v.norm.len);
    assert_int_equal(nf_view_from_doc(&v.norm, 1000), v.norm.len);
    nf_arena_free(&v.arena);
}

static void test_expansion_beyond_initial_room(void **state)
{
    (void)state;
    /* U+1D160 is excluded from composition: NFC writes 12 bytes for its 4. */
    enum { N = 500 };
    static char doc[N * 4 + 1];
    for (size_t i = 0; i < N; i++)
        memcpy(doc + 4 * i, "\U0001D160", 4);
    views v;
    build(&v, doc);
    assert_int_equal(v.norm.len, N * 12);
    assert_int_equal(v.fold.len, N * 12);
    assert_int_equal(nf_utf8_validate(v.norm.text, v.norm.len), v.norm.len);
    assert_int_equal(v.norm.to_doc[12 * 7 + 5], 4 * 7);
    assert_int_equal(v.norm.to_doc[N * 12], N * 4);
    nf_arena_free(&v.arena);
}

static void test_long_cluster(void **state)
{
    (void)state;
    /* A base with 100 stacked marks is cut into clusters that fit the buffer. */
    static char doc[1 + 100 * 2 + 2];
    doc[0] = 'a';
    for (size_t i = 0; i < 100; i++)
        memcpy(doc + 1 + 2 * i, "\u0301", 2);
    memcpy(doc + 201, "b", 2);
    views v;
    build(&v, doc);
    assert_int_equal(v.norm.len, 2 + 99 * 2 + 1);
    assert_memory_equal(v.norm.text, "\u00E1", 2);
    assert_int_equal(nf_utf8_validate(v.norm.text, v.norm.len), v.norm.len);
    assert_int_equal(v.norm.text[v.norm.len - 1], 'b');
    nf_arena_free(&v.arena);
}

static void test_allocation_failure(void **state)
{
    (void)state;
    nf_arena arena;
    nf_view norm, fold;
    nf_arena_init(&arena, 64);
    nf_alloc_fail_after(0);
    assert_int_equal(nf_views_build(&arena, "abc", 3, &norm, &fold), NF_ENOMEM);
    nf_alloc_fail_after(-1);
    nf_arena_free(&arena);

    /* The four first arrays succeed; growing for the expansion fails. */
    static char doc[200 * 4 + 1];
    for (size_t i = 0; i < 200; i++)
        memcpy(doc + 4 * i, "\U0001D160", 4);
    nf_arena_init(&arena, 64);
    nf_alloc_fail_after(4);
    assert_int_equal(nf_views_build(&arena, doc, strlen(doc), &norm, &fold), NF_ENOMEM);
    nf_alloc_fail_after(-1);
    nf_arena_free(&arena);
}

/* A small deterministic generator (xorshift32), so failures can be replayed. */
static uint32_t next_random(uint32_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 17;
    *s ^= *s << 5;
    return *s;
}

static const char *pick(uint32_t *s, const char *const *items, size_t n)
{
    return items[next_random(s) % n];
}

static const char *const letters[] = {"a", "Z", "q", "7", "\u00E9", "\u00C9", "\u0416", "\u0436",
                                      "\u00DF", "\u0130", "\u03A3", "\u03C2", "\u4E2D", "\uAC00",
                                      "\u212B", "\uFB03", "\u1E9E", "e\u0301", "\u0928\u094D"};
static const char *const marks[] = {"\u0301", "\u0308", "\u0323", "\u0307"};
static const char *const separators[] = {" ", "  ", "\u00A0", "\t ", "\u201C", "\u201D", "\u2019 ",
                                         " \u00AB", "\u00BB ", ", ", "\n", "\r\n", " \u2014 "};

/* Appends a random document of words and separators to doc; returns its length. */
static size_t random_doc(uint32_t *s, char *doc, size_t cap)
{
    size_t len = 0;
    size_t n_words = 1 + next_random(s) % 12;
    for (size_t w = 0; w < n_words; w++) {
        const char *sep = pick(s, separators, sizeof separators / sizeof separators[0]);
        size_t n_letters = 1 + next_random(s) % 6;
        for (size_t l = 0; l < n_letters; l++) {
            const char *parts[2] = {pick(s, letters, sizeof letters / sizeof letters[0]), ""};
            if (next_random(s) % 4 == 0)
                parts[1] = pick(s, marks, sizeof marks / sizeof marks[0]);
            for (size_t p = 0; p < 2; p++) {
                size_t n = strlen(parts[p]);
                assert_true(len + n < cap);
                memcpy(doc + len, parts[p], n);
                len += n;
            }
        }
        assert_true(len + strlen(sep) < cap);
        memcpy(doc + len, sep, strlen(sep));
        len += strlen(sep);
    }
    doc[len] = '\0';
    return len;
}

/* The next maximal run of word characters in s[from, len): *start, *end; false when none. */
static bool next_word(const char *s, size_t len, size_t from, size_t *start, size_t *end)
{
    size_t i = from;
    while (i < len && !nf_utf8_word_at(s, len, i)) {
        int32_t cp;
        i += (size_t)nf_utf8_decode(s + i, len - i, &cp);
    }
    if (i >= len)
        return false;
    *start = i;
    while (i < len && nf_utf8_word_at(s, len, i)) {
        int32_t cp;
        i += (size_t)nf_utf8_decode(s + i, len - i, &cp);
    }
    *end = i;
    return true;
}

static void check_map_properties(const nf_view *v, const char *doc, size_t doc_len)
{
    assert_int_equal(strlen(v->text), v->len);
    assert_int_equal(nf_utf8_validate(v->text, v->len), v->len);
    assert_int_equal(v->to_doc[v->len], doc_len);
    for (size_t i = 0; i < v->len; i++) {
        assert_true(v->to_doc[i] <= v->to_doc[i + 1]);
        assert_true(v->to_doc[i] < doc_len);
        /* A character starts here: not a continuation byte. */
        assert_true(((unsigned char)doc[v->to_doc[i]] & 0xC0) != 0x80);
    }
}

/* Every word of the view maps back to exactly the same word of the document. */
static void check_words_map_back(const nf_view *v, const char *doc, size_t doc_len)
{
    size_t vs, ve, ds, de, vpos = 0, dpos = 0;
    while (next_word(v->text, v->len, vpos, &vs, &ve)) {
        assert_true(next_word(doc, doc_len, dpos, &ds, &de));
        if (nf_view_doc_start(v, vs) != ds || nf_view_doc_end(v, ve) != de)
            fail_msg("view word [%zu,%zu) maps to [%u,%u), the document word is [%zu,%zu) in \"%s\"",
                     vs, ve, nf_view_doc_start(v, vs), nf_view_doc_end(v, ve), ds, de, doc);
        assert_int_equal(nf_view_from_doc(v, (uint32_t)ds), vs);
        vpos = ve;
        dpos = de;
    }
    assert_false(next_word(doc, doc_len, dpos, &ds, &de));
}

static void test_random_documents_map_back(void **state)
{
    (void)state;
    uint32_t seed = 2463534242u;
    char doc[1024];
    for (int round = 0; round < 2000; round++) {
        size_t len = random_doc(&seed, doc, sizeof doc);
        views v;
        build(&v, doc);
        check_map_properties(&v.norm, doc, len);
        check_map_properties(&v.fold, doc, len);
        check_words_map_back(&v.norm, doc, len);
        check_words_map_back(&v.fold, doc, len);
        nf_arena_free(&v.arena);
    }
}

/* Bytes that break the precondition (invalid UTF-8, NUL) must still be handled safely. */
static void test_invalid_input_is_memory_safe(void **state)
{
    (void)state;
    static const unsigned char alphabet[] = {'a', ' ', '\n', '\r', 0, 0x80, 0xBF, 0xC3, 0xA9, 0xCC,
                                             0x81, 0xE2, 0x80, 0x9C, 0xF0, 0x9F, 0xED, 0xA0, 0xFF};
    uint32_t seed = 88172645u;
    char doc[64];
    for (int round = 0; round < 3000; round++) {
        size_t len = next_random(&seed) % sizeof doc;
        for (size_t i = 0; i < len; i++)
            doc[i] = (char)alphabet[next_random(&seed) % sizeof alphabet];
        nf_arena arena;
        nf_view norm, fold;
        nf_arena_init(&arena, 0);
        assert_int_equal(nf_views_build(&arena, doc, len, &norm, &fold), 0);
        assert_int_equal(norm.to_doc[norm.len], len);
        assert_int_equal(fold.to_doc[fold.len], len);
        for (size_t i = 0; i < norm.len; i++)
            assert_true(norm.to_doc[i] <= norm.to_doc[i + 1]);
        for (size_t i = 0; i < fold.len; i++)
            assert_true(fold.to_doc[i] <= fold.to_doc[i + 1]);
        nf_arena_free(&arena);
    }
}

NF_TEST_GROUP(view) {
    cmocka_unit_test(test_ascii_is_copied_and_lowered),
    cmocka_unit_test(test_empty_document),
    cmocka_unit_test(test_quotes),
    cmocka_unit_test(test_dashes_and_minus),
    cmocka_unit_test(test_ellipsis),
    cmocka_unit_test(test_unicode_spaces),
    cmocka_unit_test(test_control_characters_become_space),
    cmocka_unit_test(test_line_breaks),
    cmocka_unit_test(test_white_space_collapse),
    cmocka_unit_test(test_white_space_mapping),
    cmocka_unit_test(test_removed_characters),
    cmocka_unit_test(test_nfc_composes),
    cmocka_unit_test(test_nfc_keeps_composed_text),
    cmocka_unit_test(test_nfc_hangul),
    cmocka_unit_test(test_case_folding),
    cmocka_unit_test(test_fold_expansion_maps_to_the_character),
    cmocka_unit_test(test_from_doc),
    cmocka_unit_test(test_expansion_beyond_initial_room),
    cmocka_unit_test(test_long_cluster),
    cmocka_unit_test(test_allocation_failure),
    cmocka_unit_test(test_random_documents_map_back),
    cmocka_unit_test(test_invalid_input_is_memory_safe),
};
NF_TEST_GROUP_END(view);
