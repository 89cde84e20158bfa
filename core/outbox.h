/*
 * outbox.h — writing results and moving inputs so that nothing is lost.
 *
 * Results are written atomically: a temporary file in the same folder,
 * written, flushed to disk (fsync), renamed over the final name, and the
 * folder itself flushed, so that after a crash a result is either whole or
 * absent. Inputs are moved with a rename that never replaces an existing
 * file. A result records the identity of its input (a hash of its id and
 * document), so that processing the same input again after a crash
 * rewrites the same file, while a different input with the same id gets a
 * name of its own (<id>-2.json) instead of overwriting.
 */
#ifndef NF_OUTBOX_H
#define NF_OUTBOX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The identity of an input: a hash of its id and document, as 16 hex digits. */
void nf_input_identity(const char *id, const char *doc, size_t doc_len, char out[17]);

/*
 * Writes data (and a final newline) to dir/name through a temporary file
 * and a rename; with durable, the file and the folder are fsync'ed first.
 * Returns 0 or a negative NF_E* code (NF_EIO with errno kept).
 */
int nf_write_atomic(const char *dir, const char *name, const char *data, size_t len, bool durable);

/*
 * Writes a result for the input with `identity` as dir/<id>.json, or
 * dir/<id>-N.json when <id>.json already holds the result of another
 * input. `reserved` names a file the results must never take (the status
 * file). The name used goes to name_out. Returns 0 or a negative code.
 */
int nf_write_result(const char *dir, const char *id, const char *identity, const char *json, size_t len,
                    const char *reserved, char *name_out, size_t name_size);

/*
 * Moves path into dir under its own name, or <stem>-N<ext> when that is
 * taken; never replaces a file. The name used goes to name_out.
 */
int nf_move_unique(const char *path, const char *dir, char *name_out, size_t name_size);

/* Creates dir (and its parents) when missing. */
int nf_make_dirs(const char *dir);

#endif
