/*
 * utf8.c — UTF-8 validation, decoding, encoding, sanitizing and the word
 * and uppercase character classes.
 *
 * The byte-level coding follows RFC 3629 / Unicode table 3-7 of well-formed
 * byte sequences; character properties come from utf8proc.
 */
#include "utf8.h"

#include "alloc.h"

#include <string.h>
#include <utf8proc.h>

#define REPLACEMENT_CHAR 0xFFFD

/* Every byte of an 8-byte word, as one mask: the high bit marks non-ASCII bytes. */
#define HIGH_BITS UINT64_C(0x8080808080808080)

static bool is_continuation(unsigned char c)
{
    return (c & 0xC0) == 0x80;
}

/*
 * The allowed range of the second byte after a lead byte. Only the second
 * byte has lead-dependent limits; they exclude overlong forms (E0, F0),
 * surrogates (ED) and code points above U+10FFFF (F4).
 */
static void second_byte_range(unsigned char lead, unsigned char *lo, unsigned char *hi)
{
    *lo = 0x80;
    *hi = 0xBF;
    if (lead == 0xE0)
        *lo = 0xA0;
    else if (lead == 0xED)
        *hi = 0x9F;
    else if (lead == 0xF0)
        *lo = 0x90;
    else if (lead == 0xF4)
        *hi = 0x8F;
}

/* The length of the sequence a lead byte starts, or 0 when it cannot start one. */
static int sequence_length(unsigned char lead)
{
    if (lead < 0x80)
        return 1;
    if (lead >= 0xC2 && lead <= 0xDF)
        return 2;
    if (lead >= 0xE0 && lead <= 0xEF)
        return 3;
    if (lead >= 0xF0 && lead <= 0xF4)
        return 4;
    return 0;
}

/*
 * Checks the sequence at s[0..avail). Returns its length (1 to 4) when it is
 * well formed; otherwise returns minus the length of its maximal ill-formed
 * subpart (at least 1), which is what one U+FFFD replaces.
 */
static int check_sequence(const unsigned char *s, size_t avail)
{
    int n = sequence_length(s[0]);
    if (n == 0)
        return -1;
    unsigned char lo, hi;
    second_byte_range(s[0], &lo, &hi);
    for (int k = 1; k < n; k++) {
        if ((size_t)k >= avail)
            return -k;
        if (s[k] < lo || s[k] > hi)
            return -k;
        lo = 0x80;
        hi = 0xBF;
    }
    return n;
}

/* Decodes a sequence check_sequence has accepted. */
static int32_t decode_checked(const unsigned char *s, int n)
{
    switch (n) {
    case 1:
        return s[0];
    case 2:
        return (int32_t)(s[0] & 0x1F) << 6 | (s[1] & 0x3F);
    case 3:
        return (int32_t)(s[0] & 0x0F) << 12 | (int32_t)(s[1] & 0x3F) << 6 | (s[2] & 0x3F);
    default:
        return (int32_t)(s[0] & 0x07) << 18 | (int32_t)(s[1] & 0x3F) << 12 |
               (int32_t)(s[2] & 0x3F) << 6 | (s[3] & 0x3F);
    }
}

/* Skips whole 8-byte words of ASCII from i; returns the first offset that may not be ASCII. */
static size_t skip_ascii_words(const unsigned char *s, size_t len, size_t i)
{
    while (len - i >= 8) {
        uint64_t word;
        memcpy(&word, s + i, sizeof word);
        if (word & HIGH_BITS)
            break;
        i += 8;
    }
    return i;
}

size_t nf_utf8_validate(const char *str, size_t len)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < len) {
        i = skip_ascii_words(s, len, i);
        if (i >= len)
            break;
        if (s[i] < 0x80) {
            i++;
            continue;
        }
        int n = check_sequence(s + i, len - i);
        if (n < 0)
            return i;
        i += (size_t)n;
    }
    return len;
}

size_t nf_utf8_find_nul(const char *s, size_t len)
{
    const char *nul = memchr(s, '\0', len);
    return nul ? (size_t)(nul - s) : len;
}

int nf_utf8_decode(const char *str, size_t len, int32_t *cp)
{
    const unsigned char *s = (const unsigned char *)str;
    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    int n = check_sequence(s, len);
    if (n < 0) {
        *cp = REPLACEMENT_CHAR;
        return 1;
    }
    *cp = decode_checked(s, n);
    return n;
}

int nf_utf8_decode_prev(const char *str, size_t pos, int32_t *cp)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t start = pos - 1;
    /* A character has at most three continuation bytes after its lead. */
    while (start > 0 && pos - start < 4 && is_continuation(s[start]))
        start--;
    int32_t decoded;
    int n = nf_utf8_decode(str + start, pos - start, &decoded);
    if (start + (size_t)n != pos) {
        /* The bytes before pos do not end a well-formed character. */
        *cp = REPLACEMENT_CHAR;
        return 1;
    }
    *cp = decoded;
    return n;
}

int nf_utf8_encode(int32_t cp, char out[4])
{
    if (cp < 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

static bool is_ascii_alnum(int32_t cp)
{
    return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
}

bool nf_utf8_is_word_cp(int32_t cp)
{
    if (cp < 0x80)
        return cp >= 0 && is_ascii_alnum(cp);
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
        return true;
    default:
        return false;
    }
}

bool nf_utf8_is_upper_cp(int32_t cp)
{
    if (cp < 0x80)
        return cp >= 'A' && cp <= 'Z';
    utf8proc_category_t cat = utf8proc_category(cp);
    return cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LT;
}

bool nf_utf8_word_before(const char *s, size_t pos)
{
    if (pos == 0)
        return false;
    int32_t cp;
    nf_utf8_decode_prev(s, pos, &cp);
    return nf_utf8_is_word_cp(cp);
}

bool nf_utf8_word_at(const char *s, size_t len, size_t pos)
{
    if (pos >= len)
        return false;
    int32_t cp;
    nf_utf8_decode(s + pos, len - pos, &cp);
    return nf_utf8_is_word_cp(cp);
}

/* Appends U+FFFD to out at o; returns the new length. */
static size_t put_replacement(char *out, size_t o)
{
    memcpy(out + o, "\xEF\xBF\xBD", 3);
    return o + 3;
}

size_t nf_utf8_sanitize(const char *str, size_t len, char *out)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0, o = 0;
    while (i < len) {
        if (s[i] == 0) {
            o = put_replacement(out, o);
            i++;
            continue;
        }
        int n = check_sequence(s + i, len - i);
        if (n < 0) {
            /* One U+FFFD per maximal ill-formed subpart, as Unicode recommends. */
            o = put_replacement(out, o);
            i += (size_t)-n;
            continue;
        }
        memcpy(out + o, s + i, (size_t)n);
        o += (size_t)n;
        i += (size_t)n;
    }
    out[o] = '\0';
    return o;
}

const char *nf_utf8_valid(const char *s, char **owned)
{
    size_t len = strlen(s);
    *owned = NULL;
    if (nf_utf8_validate(s, len) == len)
        return s;
    *owned = nf_malloc(3 * len + 1);
    if (*owned)
        nf_utf8_sanitize(s, len, *owned);
    return *owned;
}
