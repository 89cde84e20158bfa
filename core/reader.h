/*
 * reader.h — turning input bytes into articles.
 *
 * Formats (DESIGN.md section 5 defines the document of each):
 *   .txt    line 1 the title, a blank line, the body. The document is the
 *           whole file. A missing blank line is tolerated (the body starts
 *           on line 2); a byte order mark before the title is not title.
 *   .json   one object: "title" and "text" strings; "id" (string or
 *           number) when present; every other field goes to meta. The
 *           document is title + "\n\n" + text.
 *   .jsonl  one such object per line; blank lines are skipped.
 *
 * A reading problem never loses the article: the article gets its id and
 * source, an error in `errors` with stage "read", and is still output.
 */
#ifndef NF_READER_H
#define NF_READER_H

#include "article.h"

#include <stddef.h>

/* Longest id, in bytes. Longer ids are cut and given a hash suffix so they stay distinct. */
#define NF_ID_MAX 128

typedef enum nf_format {
    NF_FORMAT_TXT,
    NF_FORMAT_JSON,
    NF_FORMAT_JSONL
} nf_format;

/* The format a path's extension names (.txt, .json, .jsonl; case-insensitive); anything else is text. */
nf_format nf_format_of_path(const char *path);

/* Whether the path has one of the article extensions (.txt, .json, .jsonl). */
int nf_is_article_path(const char *path);

/*
 * Makes a safe id from raw[0..len): only [A-Za-z0-9._-] and valid UTF-8
 * letters, marks and digits are kept; every other character (and every
 * invalid byte) becomes one '_'; no leading '.', no "..";
 * never empty ("article"); at most NF_ID_MAX bytes (longer ones end in a
 * hash of the whole raw id). Writes a NUL-terminated id to out (NF_ID_MAX + 1
 * bytes) and returns its length.
 */
size_t nf_sanitize_id(const char *raw, size_t len, char out[NF_ID_MAX + 1]);

/* The id of a file: its base name without the extension, sanitized. */
size_t nf_id_from_path(const char *path, char out[NF_ID_MAX + 1]);

/*
 * Fills an initialized article from .txt content. id and source are copied.
 * Returns 0; the text itself is checked later (nf_article_check_text).
 */
int nf_read_txt(nf_article *a, const char *data, size_t len, const char *id, const char *source);

/*
 * Fills an initialized article from one JSON object. The id comes from the
 * object's "id" (a string, or an integer up to 2^53) or else, when it is
 * absent, null or "", from fallback_id; a null "title" is no title. On
 * malformed JSON (nested deeper than cJSON's CJSON_NESTING_LIMIT included),
 * a value that is not an object, a missing or non-string "text", a
 * non-string "title", an "id" of another type or a repeated title, text or
 * id, records a "read" error in the article (with fallback_id as its id)
 * and returns NF_EFORMAT. A NUL character anywhere in the JSON (raw or as
 * \u0000) gives NF_EBINARY: cJSON would silently cut the string there.
 */
int nf_read_json(nf_article *a, const char *data, size_t len, const char *fallback_id,
                 const char *source);

/* Like nf_read_json for data followed by a NUL byte (data[len] == '\0'), read where it is, not copied. */
int nf_read_json_in_place(nf_article *a, const char *data, size_t len, const char *fallback_id,
                          const char *source);

/*
 * Reads a .txt or .json file (by extension) into an initialized article.
 * A file larger than max_bytes is rejected without being read (NF_ETOOBIG);
 * a missing or unreadable file gives NF_ENOENT / NF_EIO; only regular files
 * are read (a folder, FIFO, socket or device is NF_EINVAL, and is never
 * opened). A .jsonl path is NF_EINVAL: the caller reads it line by line.
 * The id is nf_id_from_path's (or the JSON "id"), the source the path as
 * given. Every failure is also recorded in the article as a "read" error
 * and marks it unreadable.
 */
int nf_read_file(nf_article *a, const char *path, size_t max_bytes);

#endif
