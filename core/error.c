/* error.c — error code names and file:line diagnostics. */
#include "error.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const struct {
    int code;
    const char *name;
    const char *text;
} error_table[] = {
    {NF_OK, "ok", "success"},
    {NF_ENOMEM, "enomem", "out of memory"},
    {NF_EINVAL, "einval", "invalid value"},
    {NF_EIO, "eio", "input/output error"},
    {NF_ECONFIG, "econfig", "configuration error"},
    {NF_ELUA, "elua", "Lua rule error"},
    {NF_EUTF8, "eutf8", "invalid UTF-8"},
    {NF_ETOOBIG, "etoobig", "too large"},
    {NF_ENOENT, "enoent", "no such file or directory"},
    {NF_EFORMAT, "eformat", "malformed input"},
    {NF_EBUDGET, "ebudget", "instruction budget exceeded"},
    {NF_EBINARY, "ebinary", "binary input"},
    {NF_EEXIST, "eexist", "already exists"},
};

static size_t error_index(int err)
{
    for (size_t i = 0; i < sizeof error_table / sizeof error_table[0]; i++)
        if (error_table[i].code == err)
            return i;
    return (size_t)-1;
}

const char *nf_strerror(int err)
{
    size_t i = error_index(err);
    return i == (size_t)-1 ? "unknown error" : error_table[i].text;
}

const char *nf_errname(int err)
{
    size_t i = error_index(err);
    return i == (size_t)-1 ? "eunknown" : error_table[i].name;
}

const char *nf_errno_text(int errno_value, char *buf, size_t size)
{
    /* _GNU_SOURCE selects glibc's strerror_r, which returns the text. */
    return strerror_r(errno_value, buf, size);
}

int nf_error_from_errno(int errno_value)
{
    switch (errno_value) {
    case ENOENT:
    case ENOTDIR: return NF_ENOENT;
    case ENOMEM: return NF_ENOMEM;
    case EFBIG: return NF_ETOOBIG;
    default: return NF_EIO;
    }
}

int nf_diag_set(nf_diag *d, int err, const char *file, int line, const char *fmt, ...)
{
    if (d == NULL)
        return err;
    snprintf(d->file, sizeof d->file, "%s", file ? file : "");
    d->line = line;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(d->message, sizeof d->message, fmt, ap);
    va_end(ap);
    return err;
}

void nf_diag_format(const nf_diag *d, char *out, size_t out_size)
{
    if (d->file[0] && d->line > 0)
        snprintf(out, out_size, "%s:%d: %s", d->file, d->line, d->message);
    else if (d->file[0])
        snprintf(out, out_size, "%s: %s", d->file, d->message);
    else
        snprintf(out, out_size, "%s", d->message);
}
