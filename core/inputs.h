/*
 * inputs.h — where `newsflow run` gets its articles, one unit at a time.
 *
 * The paths named on the command line are taken in order: a folder is
 * walked (sorted, streaming, article extensions only), a .jsonl file and
 * "-" (standard input) give one unit per non-blank line, any other file is
 * one unit. Nothing is read ahead beyond the current chunk of JSON Lines
 * (64 KiB, or what a pipe has delivered), so memory does not grow with the
 * number of inputs, and a line from a pipe is taken as soon as it is
 * complete. A path that cannot be opened is a unit too (an error unit):
 * every input shows up in the output.
 */
#ifndef NF_INPUTS_H
#define NF_INPUTS_H

#include "article.h"

#include <stddef.h>

typedef enum nf_unit_kind {
    NF_UNIT_FILE,    /* a .txt or .json file, read by the worker */
    NF_UNIT_LINE,    /* one JSON Lines record, already read */
    NF_UNIT_ERROR    /* an input that could not be read; message says why */
} nf_unit_kind;

typedef struct nf_unit {
    nf_unit_kind kind;
    char *path;      /* the file; for lines the .jsonl file or "-" */
    long line;       /* for lines: 1-based line number */
    char *data;      /* for lines: the record; for errors: the message */
    size_t len;
    int error;       /* for errors: the NF_E* code */
} nf_unit;

typedef struct nf_inputs nf_inputs;

/* Prepares to read the paths in order (no paths: standard input). Lines over max_line_bytes are error units. */
int nf_inputs_open(nf_inputs **out, const char *const *paths, size_t n_paths, size_t max_line_bytes);

/* Fills *unit with the next input and returns 1, or returns 0 at the end (or NF_ENOMEM). */
int nf_inputs_next(nf_inputs *in, nf_unit *unit);

/*
 * Fills an initialized article from a unit: reads the file (at most
 * max_bytes), parses the line, or records why the input could not be read.
 * JSON Lines records without an id get <file>-<line> ("stdin-<line>").
 */
void nf_unit_read(const nf_unit *u, nf_article *a, size_t max_bytes);

void nf_unit_free(nf_unit *unit);
void nf_inputs_close(nf_inputs *in);

#endif
