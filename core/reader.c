/*
 * reader.c — turning input bytes into articles: the .txt layout, JSON
 * objects (through cJSON), safe ids, and reading one file with checks of
 * its type and size before a byte of it is read.
 */
#include "reader.h"

#include "alloc.h"
#include "error.h"
#include "hash.h"
#include "utf8.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/* The longest document an article can hold: its offsets are 32-bit. */
#define DOC_MAX ((size_t)UINT32_MAX - 1)

/* A cut id ends in "-" and 16 hex digits of the hash of the whole raw id. */
#define HASH_SUFFIX_LEN 17

/* The largest magnitude up to which every integer is exactly a double (2^53). */
#define EXACT_INTEGER_MAX 9007199254740992.0

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* The final extension of the base name with its dot, or "": a dot-file's name is no extension. */
static const char *extension(const char *path)
{
    const char *base = base_name(path);
    const char *dot = strrchr(base, '.');
    return dot && dot != base ? dot : "";
}

nf_format nf_format_of_path(const char *path)
{
    const char *ext = extension(path);
    if (strcasecmp(ext, ".json") == 0)
        return NF_FORMAT_JSON;
    if (strcasecmp(ext, ".jsonl") == 0)
        return NF_FORMAT_JSONL;
    return NF_FORMAT_TXT;
}

int nf_is_article_path(const char *path)
{
    const char *ext = extension(path);
    return strcasecmp(ext, ".txt") == 0 || strcasecmp(ext, ".json") == 0 ||
           strcasecmp(ext, ".jsonl") == 0;
}

/* Plain ASCII tests: ctype's answers depend on the locale, an id's must not. */
static bool is_id_ascii(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '.' || c == '_' || c == '-';
}

/*
 * Looks at the character at s[0..len): sets *step to its length in bytes and
 * returns how many of its bytes the id keeps (all of them, or 0).
 */
static size_t kept_bytes(const char *s, size_t len, size_t *step)
{
    unsigned char c = (unsigned char)s[0];
    if (c < 0x80) {
        *step = 1;
        return is_id_ascii(c) ? 1 : 0;
    }
    int32_t cp;
    int n = nf_utf8_decode(s, len, &cp);
    *step = (size_t)n;
    /* An invalid byte decodes as U+FFFD, which is not a word character, so it is replaced. */
    return nf_utf8_is_word_cp(cp) ? (size_t)n : 0;
}

/*
 * Writes the sanitized form of raw into out while it fits in NF_ID_MAX bytes.
 * Returns its length, or NF_ID_MAX + 1 when it does not fit.
 */
static size_t sanitize_into(const char *raw, size_t len, char out[NF_ID_MAX + 1])
{
    size_t n = 0;
    size_t i = 0;
    while (i < len) {
        size_t step;
        size_t keep = kept_bytes(raw + i, len - i, &step);
        const char *piece = keep ? raw + i : "_";
        size_t piece_len = keep ? keep : 1;
        i += step;
        /* Dropping a dot at the start or after a dot leaves no hidden name and no "..". */
        if (piece[0] == '.' && (n == 0 || out[n - 1] == '.'))
            continue;
        if (n + piece_len > NF_ID_MAX)
            return NF_ID_MAX + 1;
        memcpy(out + n, piece, piece_len);
        n += piece_len;
    }
    return n;
}

/* Cuts a too-long id on a character boundary and appends the hash of the raw id. */
static size_t cut_with_hash(const char *raw, size_t len, char out[NF_ID_MAX + 1])
{
    size_t n = NF_ID_MAX - HASH_SUFFIX_LEN;
    /* The kept text is valid UTF-8, so backing over continuation bytes finds a boundary. */
    while (n > 0 && ((unsigned char)out[n] & 0xC0) == 0x80)
        n--;
    snprintf(out + n, HASH_SUFFIX_LEN + 1, "-%016" PRIx64, nf_hash64(raw, len));
    return n + HASH_SUFFIX_LEN;
}

size_t nf_sanitize_id(const char *raw, size_t len, char out[NF_ID_MAX + 1])
{
    size_t n = raw ? sanitize_into(raw, len, out) : 0;
    if (n > NF_ID_MAX)
        return cut_with_hash(raw, len, out);
    if (n == 0) {
        static const char fallback[] = "article";
        memcpy(out, fallback, sizeof fallback);
        return sizeof fallback - 1;
    }
    out[n] = '\0';
    return n;
}

size_t nf_id_from_path(const char *path, char out[NF_ID_MAX + 1])
{
    const char *base = base_name(path);
    return nf_sanitize_id(base, strlen(base) - strlen(extension(path)), out);
}

/* Records a "read" error, marks the article unreadable (stages skip it) and returns err. */
static int read_failure(nf_article *a, int err, int line, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static int read_failure(nf_article *a, int err, int line, const char *fmt, ...)
{
    char message[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    a->readable = false;
    nf_article_add_error(a, "read", err, a->source, line, "%s", message);
    return err;
}

/* Sets the article's id (sanitized) and source, both copied into its arena. */
static int set_identity(nf_article *a, const char *raw_id, size_t raw_len, const char *source)
{
    char id[NF_ID_MAX + 1];
    size_t n = nf_sanitize_id(raw_id, raw_len, id);
    const char *id_copy = nf_arena_strndup(a->arena, id, n);
    const char *source_copy = nf_arena_strdup(a->arena, source ? source : "");
    if (id_copy == NULL || source_copy == NULL)
        return NF_ENOMEM;
    a->id = id_copy;
    a->source = source_copy;
    return 0;
}

static size_t line_end(const char *data, size_t len, size_t from)
{
    const char *nl = memchr(data + from, '\n', len - from);
    return nl ? (size_t)(nl - data) : len;
}

static bool is_blank_char(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

static bool is_blank(const char *data, size_t from, size_t to)
{
    for (size_t i = from; i < to; i++)
        if (!is_blank_char(data[i]))
            return false;
    return true;
}

/*
 * Sets the document of a .txt file: title on line 1, an optional blank
 * line, the body. `in_arena`: data is already in the article's arena,
 * NUL-terminated, and becomes the document without a copy.
 */
static int fill_txt(nf_article *a, const char *data, size_t len, bool in_arena)
{
    if (len > DOC_MAX)
        return read_failure(a, NF_ETOOBIG, 0, "text is %zu bytes, over the limit of %zu", len,
                            DOC_MAX);
    if (data == NULL)
        data = "";
    size_t title_start = len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    size_t eol = line_end(data, len, title_start);
    size_t title_end = eol;
    while (title_end > title_start && is_blank_char(data[title_end - 1]))
        title_end--;
    size_t body_start = eol < len ? eol + 1 : len;
    size_t next_eol = line_end(data, len, body_start);
    if (body_start < len && is_blank(data, body_start, next_eol))
        body_start = next_eol < len ? next_eol + 1 : len;
    int rc = in_arena ? nf_article_adopt_doc(a, data, len, title_start, title_end, body_start)
                      : nf_article_set_doc(a, data, len, title_start, title_end, body_start);
    if (rc < 0)
        return read_failure(a, rc, 0, "cannot store the document: %s", nf_strerror(rc));
    return 0;
}

int nf_read_txt(nf_article *a, const char *data, size_t len, const char *id, const char *source)
{
    int rc = set_identity(a, id, id ? strlen(id) : 0, source);
    return rc < 0 ? rc : fill_txt(a, data, len, false);
}

static bool is_json_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/*
 * The nesting depth of arrays and objects just before data[at], not counting
 * brackets inside strings: it tells input nested too deeply for cJSON from
 * input that is malformed.
 */
static size_t depth_at(const char *data, size_t at)
{
    size_t depth = 0;
    bool in_string = false;
    for (size_t i = 0; i < at; i++) {
        char c = data[i];
        if (in_string && c == '\\')
            i++;
        else if (c == '"')
            in_string = !in_string;
        else if (!in_string && (c == '[' || c == '{'))
            depth++;
        else if (!in_string && (c == ']' || c == '}') && depth > 0)
            depth--;
    }
    return depth;
}

/* The line of data[at] when the input has several lines (a .json file), else 0. */
static int line_of(const char *data, size_t len, size_t at)
{
    if (memchr(data, '\n', len) == NULL)
        return 0;
    int line = 1;
    for (size_t i = 0; i < at; i++)
        line += data[i] == '\n';
    return line;
}

static bool is_json_blank(const char *data, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (!is_json_space(data[i]))
            return false;
    return true;
}

static int json_syntax_error(nf_article *a, const char *data, size_t len, size_t at)
{
    int line = line_of(data, len, at);
    if (is_json_blank(data, len))
        return read_failure(a, NF_EFORMAT, 0, "empty JSON input");
    if (depth_at(data, at) >= CJSON_NESTING_LIMIT)
        return read_failure(a, NF_EFORMAT, line, "JSON nested deeper than %d levels at byte %zu",
                            CJSON_NESTING_LIMIT, at);
    return read_failure(a, NF_EFORMAT, line, "malformed JSON at byte %zu", at);
}

static const char *json_type_name(const cJSON *item)
{
    if (cJSON_IsObject(item))
        return "an object";
    if (cJSON_IsArray(item))
        return "an array";
    if (cJSON_IsString(item))
        return "a string";
    if (cJSON_IsNumber(item))
        return "a number";
    if (cJSON_IsBool(item))
        return "a boolean";
    return "null";
}

/*
 * Parses data[0..len), which must be followed by a NUL byte: cJSON has had
 * bugs that read one byte past the given length, and the NUL makes them
 * harmless. Only JSON white space may follow the value.
 */
static int parse_object(nf_article *a, const char *data, size_t len, cJSON **out)
{
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(data, len, &end, false);
    if (root == NULL) {
        size_t at = end && end >= data && end <= data + len ? (size_t)(end - data) : 0;
        return json_syntax_error(a, data, len, at);
    }
    while (end < data + len && is_json_space(*end))
        end++;
    if (end < data + len) {
        cJSON_Delete(root);
        return read_failure(a, NF_EFORMAT, line_of(data, len, (size_t)(end - data)),
                            "unexpected data after the JSON value at byte %zu",
                            (size_t)(end - data));
    }
    if (!cJSON_IsObject(root)) {
        int rc = read_failure(a, NF_EFORMAT, 0, "JSON input is %s, not an object",
                              json_type_name(root));
        cJSON_Delete(root);
        return rc;
    }
    *out = root;
    return 0;
}

/*
 * The offset of the first NUL character in the JSON text, raw or written as
 * the escape \u0000, or len. cJSON ends its strings at a NUL, so such a
 * string would be cut short without a word.
 */
static size_t find_json_nul(const char *data, size_t len)
{
    const char *raw = memchr(data, '\0', len);
    size_t limit = raw ? (size_t)(raw - data) : len;
    /* memmem finds each candidate fast; an escape is a 'u' after an odd run of backslashes. */
    const char *u = data;
    while ((u = memmem(u, limit - (size_t)(u - data), "u0000", 5)) != NULL) {
        size_t at = (size_t)(u - data);
        size_t backslashes = 0;
        while (backslashes < at && data[at - 1 - backslashes] == '\\')
            backslashes++;
        if (backslashes % 2 == 1)
            return at - 1;
        u++;
    }
    return limit;
}

typedef struct json_fields {
    const cJSON *title;
    const cJSON *text;
    const cJSON *id;
} json_fields;

static const cJSON **field_slot(json_fields *f, const char *key)
{
    if (strcmp(key, "title") == 0)
        return &f->title;
    if (strcmp(key, "text") == 0)
        return &f->text;
    if (strcmp(key, "id") == 0)
        return &f->id;
    return NULL;
}

/* An id number must be an integer a double holds exactly, so that its digits are the ones sent. */
static bool is_exact_integer(const cJSON *item)
{
    double v = item->valuedouble;
    return cJSON_IsNumber(item) && v >= -EXACT_INTEGER_MAX && v <= EXACT_INTEGER_MAX &&
           (double)(int64_t)v == v;
}

/* Finds title, text and id and checks their types; null stands for an absent title or id. */
static int find_fields(nf_article *a, const cJSON *root, json_fields *f)
{
    memset(f, 0, sizeof *f);
    for (const cJSON *item = root->child; item; item = item->next) {
        const cJSON **slot = field_slot(f, item->string);
        if (slot == NULL)
            continue;
        if (*slot)
            return read_failure(a, NF_EFORMAT, 0, "the \"%s\" field appears twice", item->string);
        *slot = item;
    }
    if (f->text == NULL)
        return read_failure(a, NF_EFORMAT, 0, "no \"text\" field");
    if (!cJSON_IsString(f->text))
        return read_failure(a, NF_EFORMAT, 0, "\"text\" is %s, not a string",
                            json_type_name(f->text));
    if (f->title && !cJSON_IsString(f->title) && !cJSON_IsNull(f->title))
        return read_failure(a, NF_EFORMAT, 0, "\"title\" is %s, not a string",
                            json_type_name(f->title));
    if (f->id && !cJSON_IsString(f->id) && !cJSON_IsNull(f->id) && !is_exact_integer(f->id))
        return read_failure(a, NF_EFORMAT, 0, "\"id\" is %s, not a string or an integer",
                            json_type_name(f->id));
    return 0;
}

/* Sets the document title + "\n\n" + text; the title and body offsets follow from it. */
static int set_json_doc(nf_article *a, const char *title, const char *text)
{
    size_t title_len = strlen(title);
    size_t text_len = strlen(text);
    if (title_len > DOC_MAX - 2 || text_len > DOC_MAX - 2 - title_len)
        return read_failure(a, NF_ETOOBIG, 0, "title and text are over the limit of %zu bytes",
                            DOC_MAX);
    size_t len = title_len + 2 + text_len;
    /* Written where the article keeps it: no copy of the copy. */
    char *doc = nf_arena_alloc(a->arena, len + 1);
    if (doc == NULL)
        return read_failure(a, NF_ENOMEM, 0, "out of memory for a %zu-byte document", len);
    memcpy(doc, title, title_len);
    memcpy(doc + title_len, "\n\n", 2);
    memcpy(doc + title_len + 2, text, text_len);
    doc[len] = '\0';
    int rc = nf_article_adopt_doc(a, doc, len, 0, title_len, title_len + 2);
    if (rc < 0)
        return read_failure(a, rc, 0, "cannot store the document: %s", nf_strerror(rc));
    return 0;
}

/* Replaces the fallback id with the object's id; an empty or null id keeps the fallback. */
static int set_json_id(nf_article *a, const cJSON *id)
{
    char digits[32];
    const char *raw = NULL;
    if (cJSON_IsString(id)) {
        raw = id->valuestring;
    } else if (cJSON_IsNumber(id)) {
        snprintf(digits, sizeof digits, "%" PRId64, (int64_t)id->valuedouble);
        raw = digits;
    }
    if (raw == NULL || raw[0] == '\0')
        return 0;
    char safe[NF_ID_MAX + 1];
    size_t n = nf_sanitize_id(raw, strlen(raw), safe);
    const char *copy = nf_arena_strndup(a->arena, safe, n);
    if (copy == NULL)
        return read_failure(a, NF_ENOMEM, 0, "out of memory for the id");
    a->id = copy;
    return 0;
}

/* Moves every field but title, text and id into the article's meta, in order, without copying. */
static void move_meta(nf_article *a, cJSON *root, const json_fields *f)
{
    cJSON *item = root->child;
    while (item) {
        cJSON *next = item->next;
        if (item != f->title && item != f->text && item != f->id) {
            cJSON_DetachItemViaPointer(root, item);
            /* Appending to the child list keeps the item's key; it fails only without meta. */
            if (!cJSON_AddItemToArray(a->meta, item))
                cJSON_Delete(item);
        }
        item = next;
    }
}

/* A malloc'd copy of s with U+FFFD for its invalid bytes, or NULL when s is valid or memory is short. */
static char *sanitized_copy(const char *s)
{
    char *owned;
    nf_utf8_valid(s, &owned);
    return owned;
}

/*
 * cJSON accepts any bytes inside strings, so metadata may hold invalid
 * UTF-8 that would make the output invalid JSON: replaces it in keys and
 * string values (depth-first) and returns how many strings were changed.
 */
static size_t sanitize_meta(cJSON *item)
{
    size_t changed = 0;
    for (; item; item = item->next) {
        char *key = item->string ? sanitized_copy(item->string) : NULL;
        if (key && !(item->type & cJSON_StringIsConst)) {
            nf_free(item->string);
            item->string = key;
            changed++;
        } else {
            nf_free(key);
        }
        char *value = cJSON_IsString(item) ? sanitized_copy(item->valuestring) : NULL;
        if (value) {
            changed += cJSON_SetValuestring(item, value) != NULL;
            nf_free(value);
        }
        changed += sanitize_meta(item->child);
    }
    return changed;
}

/* Reads one JSON object from data[0..len), which is followed by a NUL byte. */
static int read_json_terminated(nf_article *a, const char *data, size_t len)
{
    cJSON *root = NULL;
    int rc = parse_object(a, data, len, &root);
    if (rc < 0)
        return rc;
    size_t nul = find_json_nul(data, len);
    json_fields f = {0};
    if (nul < len)
        rc = read_failure(a, NF_EBINARY, line_of(data, len, nul),
                          "NUL character in the JSON input at byte %zu: binary input", nul);
    else
        rc = find_fields(a, root, &f);
    if (rc == 0) {
        const char *title = cJSON_IsString(f.title) ? f.title->valuestring : "";
        rc = set_json_doc(a, title, f.text->valuestring);
    }
    if (rc == 0)
        rc = set_json_id(a, f.id);
    if (rc == 0)
        move_meta(a, root, &f);
    if (rc == 0 && sanitize_meta(a->meta->child) > 0)
        nf_article_add_error(a, "read", NF_EUTF8, a->source, 0,
                             "invalid UTF-8 in the metadata, replaced with U+FFFD");
    cJSON_Delete(root);
    return rc;
}

int nf_read_json(nf_article *a, const char *data, size_t len, const char *fallback_id,
                 const char *source)
{
    int rc = set_identity(a, fallback_id, fallback_id ? strlen(fallback_id) : 0, source);
    if (rc < 0)
        return rc;
    /* A NUL-terminated copy: see parse_object. */
    char *copy = nf_malloc(len + 1);
    if (copy == NULL)
        return read_failure(a, NF_ENOMEM, 0, "out of memory for %zu bytes of JSON", len);
    if (len > 0)
        memcpy(copy, data, len);
    copy[len] = '\0';
    rc = read_json_terminated(a, copy, len);
    nf_free(copy);
    return rc;
}

int nf_read_json_in_place(nf_article *a, const char *data, size_t len, const char *fallback_id,
                          const char *source)
{
    int rc = set_identity(a, fallback_id, fallback_id ? strlen(fallback_id) : 0, source);
    return rc < 0 ? rc : read_json_terminated(a, data, len);
}

/* Records a failed system call on the file: a missing file is NF_ENOENT, anything else NF_EIO. */
static int errno_failure(nf_article *a, const char *what, int err)
{
    char buf[128];
    int code = err == ENOENT || err == ENOTDIR ? NF_ENOENT : NF_EIO;
    return read_failure(a, code, 0, "%s: %s", what, nf_errno_text(err, buf, sizeof buf));
}

static const char *file_kind(mode_t mode)
{
    if (S_ISDIR(mode))
        return "a directory";
    if (S_ISFIFO(mode))
        return "a FIFO";
    if (S_ISSOCK(mode))
        return "a socket";
    if (S_ISCHR(mode) || S_ISBLK(mode))
        return "a device";
    return "not a regular file";
}

/* Only a regular file within the size limit is read. */
static int check_file(nf_article *a, const struct stat *st, size_t max_bytes)
{
    if (!S_ISREG(st->st_mode))
        return read_failure(a, NF_EINVAL, 0, "cannot read %s, only regular files",
                            file_kind(st->st_mode));
    size_t limit = max_bytes < DOC_MAX ? max_bytes : DOC_MAX;
    if ((uintmax_t)st->st_size > limit)
        return read_failure(a, NF_ETOOBIG, 0, "file is %jd bytes, over the limit of %zu",
                            (intmax_t)st->st_size, limit);
    return 0;
}

/*
 * Reads up to size bytes into a new NUL-terminated buffer. A file that
 * shrinks while it is read gives what it had; one that grows is read only
 * up to the size that was checked.
 */
static int read_all(nf_article *a, int fd, size_t size, char **out, size_t *out_len)
{
    /* Into the arena: a .txt file's bytes are the document as read, with no copy. */
    char *buf = nf_arena_alloc(a->arena, size + 1);
    if (buf == NULL)
        return read_failure(a, NF_ENOMEM, 0, "out of memory for a %zu-byte file", size);
    size_t got = 0;
    while (got < size) {
        ssize_t n = read(fd, buf + got, size - got);
        if (n > 0) {
            got += (size_t)n;
        } else if (n == 0) {
            break;
        } else if (errno != EINTR) {
            return errno_failure(a, "cannot read the file", errno);
        }
    }
    buf[got] = '\0';
    *out = buf;
    *out_len = got;
    return 0;
}

/*
 * Checks the file before opening it (opening a FIFO or a device can block
 * or act), opens it without blocking, and checks it again through the
 * descriptor in case the path was swapped in between.
 */
static int load_file(nf_article *a, const char *path, size_t max_bytes, char **out,
                     size_t *out_len)
{
    struct stat st;
    if (stat(path, &st) < 0)
        return errno_failure(a, "cannot read the file", errno);
    int rc = check_file(a, &st, max_bytes);
    if (rc < 0)
        return rc;
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0)
        return errno_failure(a, "cannot open the file", errno);
    if (fstat(fd, &st) < 0)
        rc = errno_failure(a, "cannot read the file", errno);
    else
        rc = check_file(a, &st, max_bytes);
    if (rc == 0)
        rc = read_all(a, fd, (size_t)st.st_size, out, out_len);
    close(fd);
    return rc;
}

int nf_read_file(nf_article *a, const char *path, size_t max_bytes)
{
    char id[NF_ID_MAX + 1];
    size_t id_len = nf_id_from_path(path, id);
    int rc = set_identity(a, id, id_len, path);
    if (rc < 0)
        return rc;
    nf_format format = nf_format_of_path(path);
    if (format == NF_FORMAT_JSONL)
        return read_failure(a, NF_EINVAL, 0,
                            "a JSON Lines file is read line by line, not as one article");
    char *data = NULL;
    size_t len = 0;
    rc = load_file(a, path, max_bytes, &data, &len);
    if (rc < 0)
        return rc;
    return format == NF_FORMAT_JSON ? read_json_terminated(a, data, len) : fill_txt(a, data, len, true);
}
