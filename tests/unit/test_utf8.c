/* test_utf8.c — UTF-8 validation, decoding, encoding, classes and sanitizing. */
#include "unit.h"

#include "utf8.h"

#include <string.h>

typedef struct validate_case {
    const char *name;
    const char *bytes;
    size_t len;
    size_t expect;  /* offset of the first invalid byte, or len */
} validate_case;

#define CASE(name, lit, expect) {name, lit, sizeof lit - 1, expect}
#define VALID(name, lit) {name, lit, sizeof lit - 1, sizeof lit - 1}

static const validate_case validate_cases[] = {
    VALID("empty", ""),
    VALID("ascii", "Hello, world"),
    VALID("ascii longer than a word", "The quick brown fox jumps over the lazy dog"),
    VALID("2-byte lowest", "\xC2\x80"),
    VALID("2-byte highest", "\xDF\xBF"),
    VALID("3-byte lowest", "\xE0\xA0\x80"),
    VALID("3-byte below surrogates", "\xED\x9F\xBF"),
    VALID("3-byte above surrogates", "\xEE\x80\x80"),
    VALID("3-byte highest", "\xEF\xBF\xBF"),
    VALID("4-byte lowest", "\xF0\x90\x80\x80"),
    VALID("4-byte F1", "\xF1\x80\x80\x80"),
    VALID("4-byte highest", "\xF4\x8F\xBF\xBF"),
    VALID("mixed", "caf\xC3\xA9 \xD0\x96 \xE4\xB8\xAD \xF0\x9F\x98\x80 end"),
    VALID("NUL is valid UTF-8", "a\0b"),
    CASE("overlong C0", "\xC0\x80", 0),
    CASE("overlong C1", "\xC1\xBF", 0),
    CASE("overlong E0 80", "\xE0\x80\x80", 0),
    CASE("overlong E0 9F", "\xE0\x9F\xBF", 0),
    CASE("overlong F0 80", "\xF0\x80\x80\x80", 0),
    CASE("overlong F0 8F", "\xF0\x8F\xBF\xBF", 0),
    CASE("surrogate ED A0", "\xED\xA0\x80", 0),
    CASE("surrogate ED BF", "ab\xED\xBF\xBF", 2),
    CASE("above U+10FFFF F4 90", "\xF4\x90\x80\x80", 0),
    CASE("lead F5", "\xF5\x80\x80\x80", 0),
    CASE("lead F8", "\xF8\x88\x80\x80\x80", 0),
    CASE("byte FF", "x\xFF", 1),
    CASE("stray continuation", "ab\x80", 2),
    CASE("stray continuation after a char", "\xC3\xA9\xA9", 2),
    CASE("continuation missing mid-text", "\xC3" "a", 0),
    CASE("truncated 2-byte at end", "ab\xC3", 2),
    CASE("truncated 3-byte at end", "\xE2\x82", 0),
    CASE("truncated 4-byte at end", "ok\xF0\x9F\x98", 2),
    CASE("invalid after an ASCII word", "0123456789\xC0\x80", 10),
    CASE("invalid inside an ASCII word", "01234567\xFF" "9abcdefghij", 8),
};

static void test_validate_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof validate_cases / sizeof validate_cases[0]; i++) {
        const validate_case *c = &validate_cases[i];
        size_t got = nf_utf8_validate(c->bytes, c->len);
        if (got != c->expect)
            fail_msg("%s: validate returned %zu, expected %zu", c->name, got, c->expect);
    }
}

static void test_find_nul(void **state)
{
    (void)state;
    assert_int_equal(nf_utf8_find_nul("a\0b", 3), 1);
    assert_int_equal(nf_utf8_find_nul("\0", 1), 0);
    assert_int_equal(nf_utf8_find_nul("abc", 3), 3);
    assert_int_equal(nf_utf8_find_nul("", 0), 0);
    /* Only the first len bytes count: the terminating NUL of a literal is outside. */
    assert_int_equal(nf_utf8_find_nul("abc", 2), 2);
}

static int expected_length(int32_t cp)
{
    return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

static void test_round_trip_all_code_points(void **state)
{
    (void)state;
    for (int32_t cp = 0; cp <= 0x10FFFF; cp++) {
        if (cp >= 0xD800 && cp <= 0xDFFF)
            continue;
        char buf[4];
        int n = nf_utf8_encode(cp, buf);
        if (n != expected_length(cp))
            fail_msg("U+%04X encoded in %d bytes", (unsigned)cp, n);
        if (nf_utf8_validate(buf, (size_t)n) != (size_t)n)
            fail_msg("U+%04X encodes to invalid UTF-8", (unsigned)cp);
        int32_t back = -1;
        if (nf_utf8_decode(buf, (size_t)n, &back) != n || back != cp)
            fail_msg("U+%04X decoded as U+%04X", (unsigned)cp, (unsigned)back);
        back = -1;
        if (nf_utf8_decode_prev(buf, (size_t)n, &back) != n || back != cp)
            fail_msg("U+%04X decoded backwards as U+%04X", (unsigned)cp, (unsigned)back);
    }
}

static void test_encode_rejects_invalid(void **state)
{
    (void)state;
    char buf[4];
    assert_int_equal(nf_utf8_encode(0xD800, buf), 0);
    assert_int_equal(nf_utf8_encode(0xDFFF, buf), 0);
    assert_int_equal(nf_utf8_encode(0x110000, buf), 0);
    assert_int_equal(nf_utf8_encode(-1, buf), 0);
}

static void test_decode_invalid_gives_replacement(void **state)
{
    (void)state;
    int32_t cp;
    assert_int_equal(nf_utf8_decode("\xC0\x80", 2, &cp), 1);
    assert_int_equal(cp, 0xFFFD);
    assert_int_equal(nf_utf8_decode("\xED\xA0\x80", 3, &cp), 1);
    assert_int_equal(cp, 0xFFFD);
    /* A valid sequence cut short by len is truncated. */
    assert_int_equal(nf_utf8_decode("\xE2\x82\xAC", 2, &cp), 1);
    assert_int_equal(cp, 0xFFFD);
    assert_int_equal(nf_utf8_decode("\xE2\x82\xAC", 3, &cp), 3);
    assert_int_equal(cp, 0x20AC);
}

static void test_decode_prev(void **state)
{
    (void)state;
    /* "a", "é", "€", "😀", "b" */
    const char *s = "a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80" "b";
    int32_t cp;
    assert_int_equal(nf_utf8_decode_prev(s, 1, &cp), 1);
    assert_int_equal(cp, 'a');
    assert_int_equal(nf_utf8_decode_prev(s, 3, &cp), 2);
    assert_int_equal(cp, 0xE9);
    assert_int_equal(nf_utf8_decode_prev(s, 6, &cp), 3);
    assert_int_equal(cp, 0x20AC);
    assert_int_equal(nf_utf8_decode_prev(s, 10, &cp), 4);
    assert_int_equal(cp, 0x1F600);
    assert_int_equal(nf_utf8_decode_prev(s, 11, &cp), 1);
    assert_int_equal(cp, 'b');
    /* Inside a character, or after a stray byte, there is no character to decode. */
    assert_int_equal(nf_utf8_decode_prev(s, 5, &cp), 1);
    assert_int_equal(cp, 0xFFFD);
    assert_int_equal(nf_utf8_decode_prev("a\x80\x80\x80\x80", 5, &cp), 1);
    assert_int_equal(cp, 0xFFFD);
    assert_int_equal(nf_utf8_decode_prev("a\xC3", 2, &cp), 1);
    assert_int_equal(cp, 0xFFFD);
}

static void test_word_and_upper_classes(void **state)
{
    (void)state;
    assert_true(nf_utf8_is_word_cp('a'));
    assert_true(nf_utf8_is_word_cp('Z'));
    assert_true(nf_utf8_is_word_cp('7'));
    assert_false(nf_utf8_is_word_cp(' '));
    assert_false(nf_utf8_is_word_cp('.'));
    assert_false(nf_utf8_is_word_cp('_'));
    assert_false(nf_utf8_is_word_cp('-'));
    assert_true(nf_utf8_is_word_cp(0xE9));    /* é */
    assert_true(nf_utf8_is_word_cp(0x416));   /* Ж */
    assert_true(nf_utf8_is_word_cp(0x663));   /* ARABIC-INDIC DIGIT THREE */
    assert_true(nf_utf8_is_word_cp(0x4E2D));  /* 中 */
    assert_true(nf_utf8_is_word_cp(0x301));   /* COMBINING ACUTE ACCENT */
    assert_true(nf_utf8_is_word_cp(0x93E));   /* DEVANAGARI VOWEL SIGN AA, a spacing mark */
    assert_false(nf_utf8_is_word_cp(0xAB));   /* « */
    assert_false(nf_utf8_is_word_cp(0x2014)); /* — */
    assert_false(nf_utf8_is_word_cp(0x3002)); /* 。 */
    assert_false(nf_utf8_is_word_cp(0xA0));   /* NO-BREAK SPACE */
    assert_false(nf_utf8_is_word_cp(0x1F600));

    assert_true(nf_utf8_is_upper_cp('A'));
    assert_false(nf_utf8_is_upper_cp('a'));
    assert_false(nf_utf8_is_upper_cp('1'));
    assert_true(nf_utf8_is_upper_cp(0xC9));   /* É */
    assert_false(nf_utf8_is_upper_cp(0xE9));  /* é */
    assert_true(nf_utf8_is_upper_cp(0x416));  /* Ж */
    assert_false(nf_utf8_is_upper_cp(0x436)); /* ж */
    assert_true(nf_utf8_is_upper_cp(0x1C5));  /* Dž, titlecase */
    assert_false(nf_utf8_is_upper_cp(0x4E2D));
    assert_false(nf_utf8_is_upper_cp(0x301));
}

static void test_word_before_and_at(void **state)
{
    (void)state;
    /* "Жа, 中" */
    const char *s = "\xD0\x96\xD0\xB0, \xE4\xB8\xAD";
    size_t len = strlen(s);
    assert_false(nf_utf8_word_before(s, 0));
    assert_true(nf_utf8_word_at(s, len, 0));
    assert_true(nf_utf8_word_before(s, 4));
    assert_false(nf_utf8_word_at(s, len, 4));
    assert_false(nf_utf8_word_before(s, 6));
    assert_true(nf_utf8_word_at(s, len, 6));
    assert_true(nf_utf8_word_before(s, len));
    assert_false(nf_utf8_word_at(s, len, len));
}

static void check_sanitize(const char *in, size_t len, const char *expect)
{
    char out[64];
    assert_true(3 * len + 1 <= sizeof out);
    size_t n = nf_utf8_sanitize(in, len, out);
    assert_int_equal(n, strlen(expect));
    assert_memory_equal(out, expect, n + 1);
}

#define FFFD "\xEF\xBF\xBD"

static void test_sanitize(void **state)
{
    (void)state;
    check_sanitize("plain", 5, "plain");
    check_sanitize("caf\xC3\xA9 \xF0\x9F\x98\x80", 10, "caf\xC3\xA9 \xF0\x9F\x98\x80");
    check_sanitize("a\0b", 3, "a" FFFD "b");
    check_sanitize("ab\xC3", 3, "ab" FFFD);
    /* A truncated sequence is one maximal ill-formed subpart: one U+FFFD. */
    check_sanitize("\xE2\x82(", 3, FFFD "(");
    /* C0 can start nothing, and AF is then a stray continuation. */
    check_sanitize("\xC0\xAF", 2, FFFD FFFD);
    check_sanitize("\xED\xA0\x80", 3, FFFD FFFD FFFD);
    check_sanitize("\xF4\x90\x80\x80x", 5, FFFD FFFD FFFD FFFD "x");
    check_sanitize("\xFF\xFE", 2, FFFD FFFD);
    check_sanitize("", 0, "");
}

static void test_sanitized_output_is_valid(void **state)
{
    (void)state;
    /* Every two-byte combination, followed by a third byte, sanitizes to valid UTF-8 without NUL. */
    char in[3], out[10];
    for (int a = 0; a < 256; a++) {
        for (int b = 0; b < 256; b++) {
            in[0] = (char)a;
            in[1] = (char)b;
            in[2] = '\x80';
            size_t n = nf_utf8_sanitize(in, 3, out);
            assert_true(n <= 9);
            assert_int_equal(nf_utf8_validate(out, n), n);
            assert_int_equal(nf_utf8_find_nul(out, n), n);
        }
    }
}

NF_TEST_GROUP(utf8) {
    cmocka_unit_test(test_validate_table),
    cmocka_unit_test(test_find_nul),
    cmocka_unit_test(test_round_trip_all_code_points),
    cmocka_unit_test(test_encode_rejects_invalid),
    cmocka_unit_test(test_decode_invalid_gives_replacement),
    cmocka_unit_test(test_decode_prev),
    cmocka_unit_test(test_word_and_upper_classes),
    cmocka_unit_test(test_word_before_and_at),
    cmocka_unit_test(test_sanitize),
    cmocka_unit_test(test_sanitized_output_is_valid),
};
NF_TEST_GROUP_END(utf8);
