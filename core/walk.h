/*
 * walk.h — a sorted, streaming, recursive folder walk.
 *
 * Yields the regular files below a folder depth-first, each folder's
 * entries in byte order of their names, with subfolders visited where they
 * sort. Only one folder's names are held at a time per level (packed in one
 * buffer), never the whole tree, so a folder of a million files costs
 * its names and no more. Names starting with '.' are skipped. Symbolic
 * links to files are followed when the walk is opened with
 * NF_WALK_FOLLOW_FILE_LINKS; links to folders never are (no cycles).
 */
#ifndef NF_WALK_H
#define NF_WALK_H

#include "error.h"

typedef struct nf_walk nf_walk;

enum {
    NF_WALK_FOLLOW_FILE_LINKS = 1
};

/*
 * Opens a walk of the folder root (which may be a link to a folder).
 * Returns 0, NF_ENOENT, NF_EINVAL (root is not a folder), NF_EIO or NF_ENOMEM.
 */
int nf_walk_open(nf_walk **out, const char *root, int flags);

/*
 * Sets *path to the next file (valid until the next call) and returns 1;
 * returns 0 at the end. A subfolder that cannot be read is reported by
 * returning NF_EIO with d filled (its path and errno text); the walk can
 * go on after it.
 */
int nf_walk_next(nf_walk *w, const char **path, nf_diag *d);

void nf_walk_close(nf_walk *w);

#endif
