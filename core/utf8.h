/*
 * utf8.h — UTF-8 validation, decoding and character classes.
 *
 * Unicode properties come from utf8proc; only the byte-level coding is
 * done here, with an ASCII fast path because most news text is ASCII.
 */
#ifndef NF_UTF8_H
#define NF_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Returns the offset of the first byte that is not part of a valid UTF-8
 * sequence (overlong forms, surrogates, code points above U+10FFFF and
 * truncated sequences are invalid), or `len` when all of s is valid.
 * NUL bytes are valid UTF-8; use nf_utf8_find_nul to reject them.
 */
size_t nf_utf8_validate(const char *s, size_t len);

/* Offset of the first NUL byte in s, or len. */
size_t nf_utf8_find_nul(const char *s, size_t len);

/*
 * Decodes the code point at s[0..len) into *cp and returns its length in
 * bytes (1 to 4). Invalid or truncated input yields U+FFFD and length 1.
 * len must be at least 1.
 */
int nf_utf8_decode(const char *s, size_t len, int32_t *cp);

/* Decodes the code point that ends just before s[pos]; pos > 0. Returns its length. */
int nf_utf8_decode_prev(const char *s, size_t pos, int32_t *cp);

/* Encodes cp into out (4 bytes of room) and returns the length, 0 for an invalid cp. */
int nf_utf8_encode(int32_t cp, char out[4]);

/* Letters, marks and digits (Unicode L*, M*, N*): what a word is made of. */
bool nf_utf8_is_word_cp(int32_t cp);

/* Whether cp is an uppercase or titlecase letter. */
bool nf_utf8_is_upper_cp(int32_t cp);

/* Whether the character ending before s[pos] (pos > 0) is a word character; false at pos 0. */
bool nf_utf8_word_before(const char *s, size_t pos);

/* Whether the character starting at s[pos] (pos < len) is a word character; false at len. */
bool nf_utf8_word_at(const char *s, size_t len, size_t pos);

/*
 * Copies s[0..len) to out replacing every invalid sequence with U+FFFD and
 * NUL bytes with U+FFFD, so the result can be written as a JSON string.
 * out needs room for 3 * len + 1 bytes; returns the length written (NUL-terminated).
 */
size_t nf_utf8_sanitize(const char *s, size_t len, char *out);

/*
 * s itself when it is valid UTF-8; otherwise a copy with U+FFFD for the bad
 * bytes, which *owned also points to (free it with nf_free; NULL when s was
 * valid). Returns NULL when out of memory.
 */
const char *nf_utf8_valid(const char *s, char **owned);

#endif
