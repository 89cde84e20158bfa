/*
 * error.h — newsflow's error codes and diagnostics.
 *
 * Functions return 0 on success and a negative NF_E* code on failure, as
 * libuv does; they do not print. Where a human needs to know *where* a
 * problem is (a config line, a plugin line), the caller passes an nf_diag
 * that the callee fills.
 */
#ifndef NF_ERROR_H
#define NF_ERROR_H

#include <stddef.h>

enum {
    NF_OK       = 0,
    NF_ENOMEM   = -1,  /* out of memory */
    NF_EINVAL   = -2,  /* invalid argument or value */
    NF_EIO      = -3,  /* a read or write failed (errno kept in the diag) */
    NF_ECONFIG  = -4,  /* pipeline.conf is wrong */
    NF_ELUA     = -5,  /* a Lua plugin failed to load or run */
    NF_EUTF8    = -6,  /* input is not valid UTF-8 */
    NF_ETOOBIG  = -7,  /* input exceeds a configured limit */
    NF_ENOENT   = -8,  /* no such file */
    NF_EFORMAT  = -9,  /* malformed input (JSON, article layout) */
    NF_EBUDGET  = -10, /* a rule used up its instruction budget */
    NF_EBINARY  = -11, /* input looks binary (NUL bytes) */
    NF_EEXIST   = -12  /* already exists */
};

/* A short, stable text for an error code ("out of memory"). */
const char *nf_strerror(int err);

/* The NF_E* code for an errno value (ENOENT: NF_ENOENT, ENOMEM: NF_ENOMEM, others: NF_EIO). */
int nf_error_from_errno(int errno_value);

/* The text of an errno value, thread-safe (plain strerror may share one buffer between threads). */
const char *nf_errno_text(int errno_value, char *buf, size_t size);

/* A short, stable machine-readable name for an error code ("enomem"). */
const char *nf_errname(int err);

/* Where a problem is and what it is: "pipeline.conf:7: unknown key 'x'". */
typedef struct nf_diag {
    char file[256];   /* empty when there is no file */
    int  line;        /* 0 when unknown */
    char message[512];
} nf_diag;

/* Fills d (when not NULL) with file, line and a printf-style message; returns err. */
int nf_diag_set(nf_diag *d, int err, const char *file, int line, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

/* Formats d as "file:line: message" (or less, when file or line are unknown). */
void nf_diag_format(const nf_diag *d, char *out, size_t out_size);

#endif
