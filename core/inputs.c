/* inputs.c — iterating the paths given to `newsflow run` as article units. */
#include "inputs.h"

#include "alloc.h"
#include "error.h"
#include "reader.h"
#include "walk.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

/* JSON Lines are read in chunks of this size, each line found with memchr. */
#define CHUNK_SIZE (64 * 1024)

struct nf_inputs {
    const char *const *paths;
    size_t n_paths, next_path;
    size_t max_line;
    nf_walk *walk;           /* the folder being walked, or NULL */
    int lines_fd;            /* the JSON Lines file being read, or -1 */
    bool lines_ended;        /* its end was reached (or reading failed) */
    bool read_failed;
    char *lines_path;
    long line_no;
    char *chunk;             /* bytes read and not yet taken: chunk[chunk_pos, chunk_end) */
    size_t chunk_pos, chunk_end;
    char *buf;               /* the current line */
    size_t cap;
};

int nf_inputs_open(nf_inputs **out, const char *const *paths, size_t n_paths, size_t max_line_bytes)
{
    static const char *const standard_input[] = {"-"};
    nf_inputs *in = nf_calloc(1, sizeof *in);
    if (in == NULL)
        return NF_ENOMEM;
    in->paths = n_paths ? paths : standard_input;
    in->n_paths = n_paths ? n_paths : 1;
    in->max_line = max_line_bytes;
    in->lines_fd = -1;
    *out = in;
    return 0;
}

void nf_unit_free(nf_unit *unit)
{
    nf_free(unit->path);
    nf_free(unit->data);
    memset(unit, 0, sizeof *unit);
}

static void close_lines(nf_inputs *in)
{
    if (in->lines_fd > STDIN_FILENO)
        close(in->lines_fd);
    in->lines_fd = -1;
    nf_free(in->lines_path);
    in->lines_path = NULL;
}

/* Starts reading JSON Lines from fd (taken over, except standard input). */
static int open_lines(nf_inputs *in, int fd, const char *path)
{
    in->lines_fd = fd;
    in->lines_ended = false;
    in->read_failed = false;
    in->chunk_pos = in->chunk_end = 0;
    in->line_no = 0;
    in->lines_path = nf_strdup(path);
    if (in->chunk == NULL)
        in->chunk = nf_malloc(CHUNK_SIZE);
    return in->lines_path && in->chunk ? 0 : NF_ENOMEM;
}

void nf_inputs_close(nf_inputs *in)
{
    if (in == NULL)
        return;
    close_lines(in);
    nf_walk_close(in->walk);
    nf_free(in->chunk);
    nf_free(in->buf);
    nf_free(in);
}

static int make_unit(nf_unit *u, nf_unit_kind kind, const char *path, long line, const char *data,
                     size_t len)
{
    memset(u, 0, sizeof *u);
    u->kind = kind;
    u->line = line;
    u->path = nf_strdup(path);
    u->data = data ? nf_strndup(data, len) : NULL;
    u->len = len;
    return u->path && (data == NULL || u->data) ? 1 : NF_ENOMEM;
}

static int error_unit(nf_unit *u, int code, const char *path, long line, const char *message)
{
    int rc = make_unit(u, NF_UNIT_ERROR, path, line, message, strlen(message));
    u->error = code;
    return rc;
}

/* An error unit for a system call that failed with errno. */
static int errno_unit(nf_unit *u, const char *path)
{
    int e = errno;
    return error_unit(u, nf_error_from_errno(e), path, 0, strerror(e));
}

/*
 * Refills the chunk with what the input has (a pipe gives what has arrived:
 * a line is processed as soon as it is complete). False at the end of the
 * input or on a read error (in->read_failed).
 */
static bool refill(nf_inputs *in)
{
    ssize_t n = 0;
    /* Once at the end, never read again: a terminal would wait for a second end-of-file. */
    while (!in->lines_ended && (n = read(in->lines_fd, in->chunk, CHUNK_SIZE)) < 0 && errno == EINTR)
        continue;
    in->lines_ended = n <= 0;
    in->read_failed |= n < 0;
    in->chunk_pos = 0;
    in->chunk_end = n > 0 ? (size_t)n : 0;
    return n > 0;
}

/* Appends piece[0..n) to the line in in->buf, which already holds `len` bytes, up to max_line. */
static int keep_piece(nf_inputs *in, const char *piece, size_t n, size_t len)
{
    size_t kept = len < in->max_line ? len : in->max_line;
    size_t take = n < in->max_line - kept ? n : in->max_line - kept;
    if (kept + take + 1 > in->cap) {
        size_t cap = in->cap ? in->cap : 4096;
        while (cap < kept + take + 1)
            cap *= 2;
        char *grown = nf_realloc(in->buf, cap);
        if (grown == NULL)
            return NF_ENOMEM;
        in->buf = grown;
        in->cap = cap;
    }
    memcpy(in->buf + kept, piece, take);
    return 0;
}

/*
 * Reads one line into in->buf, at most max_line bytes of it; the rest of a
 * longer line is skipped. Returns the line's full length, -1 at the end,
 * or -2 when out of memory.
 */
static long read_line(nf_inputs *in, bool *too_long)
{
    size_t len = 0;
    bool started = false;
    for (;;) {
        if (in->chunk_pos == in->chunk_end && !refill(in))
            break;
        started = true;
        const char *piece = in->chunk + in->chunk_pos;
        size_t avail = in->chunk_end - in->chunk_pos;
        const char *nl = memchr(piece, '\n', avail);
        size_t n = nl ? (size_t)(nl - piece) : avail;
        if (keep_piece(in, piece, n, len) < 0)
            return -2;
        len += n;
        in->chunk_pos += n + (nl != NULL);
        if (nl)
            break;
    }
    if (!started)
        return -1;
    *too_long = len > in->max_line;
    in->buf[*too_long ? in->max_line : len] = '\0';
    return (long)len;
}

static bool is_blank(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
            return false;
    return true;
}

/* The next non-blank line of the current JSON Lines input as a unit; 0 when it is done. */
static int next_line(nf_inputs *in, nf_unit *u)
{
    for (;;) {
        bool too_long;
        long len = read_line(in, &too_long);
        if (len == -2)
            return NF_ENOMEM;
        if (len < 0) {
            bool failed = in->read_failed;
            char *path = in->lines_path;
            in->lines_path = NULL;
            close_lines(in);
            int rc = failed ? error_unit(u, NF_EIO, path, in->line_no, "read error") : 0;
            nf_free(path);
            return rc;
        }
        in->line_no++;
        if (too_long) {
            char message[128];
            snprintf(message, sizeof message, "line %ld is %ld bytes, over the limit of %zu",
                     in->line_no, len, in->max_line);
            return error_unit(u, NF_ETOOBIG, in->lines_path, in->line_no, message);
        }
        if (!is_blank(in->buf ? in->buf : "", (size_t)len))
            return make_unit(u, NF_UNIT_LINE, in->lines_path, in->line_no, in->buf, (size_t)len);
    }
}

static int next_walked(nf_inputs *in, nf_unit *u)
{
    for (;;) {
        const char *path;
        nf_diag d;
        int rc = nf_walk_next(in->walk, &path, &d);
        if (rc == 0) {
            nf_walk_close(in->walk);
            in->walk = NULL;
            return 0;
        }
        if (rc == NF_ENOMEM)
            return rc;
        if (rc < 0)
            return error_unit(u, rc, d.file, 0, d.message);
        if (!nf_is_article_path(path))
            continue;
        if (nf_format_of_path(path) != NF_FORMAT_JSONL)
            return make_unit(u, NF_UNIT_FILE, path, 0, NULL, 0);
        int fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            return errno_unit(u, path);
        if (open_lines(in, fd, path) < 0)
            return NF_ENOMEM;
        rc = next_line(in, u);
        if (rc != 0)
            return rc;
    }
}

/* Starts on the next command-line path; returns a unit, 0 when it gave none yet, or an error. */
static int start_path(nf_inputs *in, const char *path, nf_unit *u)
{
    struct stat st;
    int fd;
    if (strcmp(path, "-") == 0) {
        fd = STDIN_FILENO;
    } else if (stat(path, &st) < 0) {
        return errno_unit(u, path);
    } else if (S_ISDIR(st.st_mode)) {
        int rc = nf_walk_open(&in->walk, path, NF_WALK_FOLLOW_FILE_LINKS);
        return rc == 0 ? 0 : error_unit(u, rc, path, 0, "cannot read the folder");
    } else if (nf_format_of_path(path) != NF_FORMAT_JSONL) {
        return make_unit(u, NF_UNIT_FILE, path, 0, NULL, 0);
    } else if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
        return errno_unit(u, path);
    }
    return open_lines(in, fd, path);
}

int nf_inputs_next(nf_inputs *in, nf_unit *unit)
{
    for (;;) {
        int rc = 0;
        if (in->lines_fd >= 0)
            rc = next_line(in, unit);
        else if (in->walk)
            rc = next_walked(in, unit);
        else if (in->next_path < in->n_paths)
            rc = start_path(in, in->paths[in->next_path++], unit);
        else
            return 0;
        if (rc != 0)
            return rc;
    }
}

void nf_unit_read(const nf_unit *u, nf_article *a, size_t max_bytes)
{
    char id[NF_ID_MAX + 1];
    char source[4096];
    if (u->kind == NF_UNIT_FILE) {
        nf_read_file(a, u->path, max_bytes);
        return;
    }
    nf_id_from_path(u->path, id);
    if (strcmp(u->path, "-") == 0)
        snprintf(id, sizeof id, "stdin");
    if (u->line > 0) {
        size_t n = strlen(id);
        snprintf(id + n, sizeof id - n, "-%ld", u->line);
        snprintf(source, sizeof source, "%s:%ld", u->path, u->line);
    } else {
        snprintf(source, sizeof source, "%s", u->path);
    }
    if (u->kind == NF_UNIT_LINE) {
        /* make_unit's copy of the line is NUL-terminated. */
        nf_read_json_in_place(a, u->data, u->len, id, source);
        return;
    }
    a->id = nf_arena_strdup(a->arena, id);
    a->source = nf_arena_strdup(a->arena, source);
    a->readable = false;
    nf_article_add_error(a, "read", u->error, u->path, (int)u->line, "%s", u->data);
}
