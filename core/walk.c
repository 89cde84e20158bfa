/*
 * walk.c — a sorted, streaming, recursive folder walk.
 *
 * The walk keeps a stack of levels, one per folder being visited. A level
 * holds its folder's file and subfolder names packed in one buffer, with
 * one sorted array of references into it. A folder is closed as soon as
 * its names are read, so a deep tree costs no file descriptors, and only
 * the folders on the current path have their names in memory.
 */
#include "walk.h"

#include "alloc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Each packed entry is one kind byte followed by the NUL-terminated name. */
enum { ENTRY_FILE = 'f', ENTRY_FOLDER = 'd' };

/*
 * While a folder is read its buffer may move, so an entry is first known by
 * its offset; once the buffer is complete the offsets become pointers, which
 * qsort can compare without a context argument.
 */
typedef union entry_ref {
    size_t offset;
    const char *entry;
} entry_ref;

typedef struct walk_level {
    char *names;
    size_t names_len, names_cap;
    entry_ref *refs;
    size_t count, refs_cap;
    size_t next;        /* the next entry to visit */
    size_t path_len;    /* length of this folder's path in the walk's path buffer */
} walk_level;

struct nf_walk {
    int flags;
    walk_level *levels;
    size_t depth, levels_cap;
    char *path;         /* the folder path of every level, then the current name */
    size_t path_cap;
};

/*
 * Grows an array to hold at least `need` items of `size` bytes, doubling its
 * capacity. Returns the (possibly moved) array, or NULL with it untouched.
 */
static void *grow(void *items, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return items;
    size_t new_cap = *cap ? *cap : 16;
    while (new_cap < need) {
        if (new_cap > SIZE_MAX / 2)
            return NULL;
        new_cap *= 2;
    }
    if (new_cap > SIZE_MAX / size)
        return NULL;
    void *moved = nf_realloc(items, new_cap * size);
    if (moved)
        *cap = new_cap;
    return moved;
}

static void level_free(walk_level *level)
{
    nf_free(level->names);
    nf_free(level->refs);
    memset(level, 0, sizeof *level);
}

static int level_add(walk_level *level, char kind, const char *name)
{
    size_t size = strlen(name) + 2;
    char *names = grow(level->names, &level->names_cap, level->names_len + size, 1);
    if (names == NULL)
        return NF_ENOMEM;
    level->names = names;
    entry_ref *refs = grow(level->refs, &level->refs_cap, level->count + 1, sizeof *refs);
    if (refs == NULL)
        return NF_ENOMEM;
    level->refs = refs;
    refs[level->count++].offset = level->names_len;
    names[level->names_len] = kind;
    memcpy(names + level->names_len + 1, name, size - 1);
    level->names_len += size;
    return 0;
}

static int compare_entries(const void *x, const void *y)
{
    const entry_ref *a = x, *b = y;
    return strcmp(a->entry + 1, b->entry + 1);
}

static void level_sort(walk_level *level)
{
    for (size_t i = 0; i < level->count; i++)
        level->refs[i].entry = level->names + level->refs[i].offset;
    if (level->count > 1)
        qsort(level->refs, level->count, sizeof *level->refs, compare_entries);
}

/* What an entry is when its directory entry does not say: asks the file system. */
static char kind_by_stat(int dir_fd, const char *name, int flags)
{
    struct stat st;
    if (fstatat(dir_fd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
        return 0;
    if (S_ISREG(st.st_mode))
        return ENTRY_FILE;
    if (S_ISDIR(st.st_mode))
        return ENTRY_FOLDER;
    /* A link counts only when it leads to a regular file: links to folders could make cycles. */
    if (S_ISLNK(st.st_mode) && (flags & NF_WALK_FOLLOW_FILE_LINKS) &&
        fstatat(dir_fd, name, &st, 0) == 0 && S_ISREG(st.st_mode))
        return ENTRY_FILE;
    return 0;
}

/* ENTRY_FILE, ENTRY_FOLDER, or 0 for what the walk skips (FIFOs, sockets, devices, links). */
static char entry_kind(int dir_fd, const struct dirent *e, int flags)
{
#ifdef _DIRENT_HAVE_D_TYPE
    if (e->d_type == DT_REG)
        return ENTRY_FILE;
    if (e->d_type == DT_DIR)
        return ENTRY_FOLDER;
    if (e->d_type != DT_UNKNOWN && e->d_type != DT_LNK)
        return 0;
#endif
    return kind_by_stat(dir_fd, e->d_name, flags);
}

/* Reads the names of every visible file and subfolder of an open folder into level. */
static int read_names(DIR *dir, walk_level *level, int flags, int *err)
{
    for (;;) {
        errno = 0;
        const struct dirent *e = readdir(dir);
        if (e == NULL) {
            *err = errno;
            return errno ? NF_EIO : 0;
        }
        if (e->d_name[0] == '.')
            continue;
        char kind = entry_kind(dirfd(dir), e, flags);
        if (kind && level_add(level, kind, e->d_name) < 0) {
            *err = ENOMEM;
            return NF_ENOMEM;
        }
    }
}

/*
 * Fills level with the sorted names of the folder at path. A subfolder is
 * opened without following a link, in case one replaced it since it was
 * listed. On failure *err holds the errno.
 */
static int level_read(walk_level *level, const char *path, bool is_root, int flags, int *err)
{
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC | (is_root ? 0 : O_NOFOLLOW));
    if (fd < 0) {
        *err = errno;
        return NF_EIO;
    }
    DIR *dir = fdopendir(fd);
    if (dir == NULL) {
        *err = errno;
        close(fd);
        return NF_EIO;
    }
    int rc = read_names(dir, level, flags, err);
    closedir(dir);
    if (rc < 0) {
        level_free(level);
        return rc;
    }
    level_sort(level);
    return 0;
}

/* Writes "/name" after the first base_len bytes of the path buffer; sets *len to the new length. */
static int path_join(nf_walk *w, size_t base_len, const char *name, size_t *len)
{
    size_t name_len = strlen(name);
    char *path = grow(w->path, &w->path_cap, base_len + name_len + 2, 1);
    if (path == NULL)
        return NF_ENOMEM;
    w->path = path;
    path[base_len] = '/';
    memcpy(path + base_len + 1, name, name_len + 1);
    *len = base_len + 1 + name_len;
    return 0;
}

/* Reads the folder whose path is the first path_len bytes of the path buffer and enters it. */
static int push_level(nf_walk *w, size_t path_len, nf_diag *d)
{
    walk_level *levels = grow(w->levels, &w->levels_cap, w->depth + 1, sizeof *levels);
    if (levels == NULL)
        return nf_diag_set(d, NF_ENOMEM, w->path, 0, "out of memory");
    w->levels = levels;
    walk_level *level = &levels[w->depth];
    memset(level, 0, sizeof *level);
    level->path_len = path_len;
    bool is_root = w->depth == 0;
    /* Only the root "/" has an empty path: its entries are joined as "/name". */
    const char *path = path_len == 0 ? "/" : w->path;
    int err = 0;
    int rc = level_read(level, path, is_root, w->flags, &err);
    if (rc < 0) {
        char buf[128];
        return nf_diag_set(d, rc, path, 0, "cannot read this folder: %s",
                           nf_errno_text(err, buf, sizeof buf));
    }
    w->depth++;
    return 0;
}

int nf_walk_open(nf_walk **out, const char *root, int flags)
{
    *out = NULL;
    struct stat st;
    if (stat(root, &st) < 0)
        return errno == ENOENT || errno == ENOTDIR ? NF_ENOENT : NF_EIO;
    if (!S_ISDIR(st.st_mode))
        return NF_EINVAL;
    nf_walk *w = nf_calloc(1, sizeof *w);
    if (w == NULL)
        return NF_ENOMEM;
    w->flags = flags;
    size_t len = strlen(root);
    /* Trailing slashes would double in the joined paths. */
    while (len > 0 && root[len - 1] == '/')
        len--;
    w->path = nf_strndup(root, len);
    if (w->path == NULL) {
        nf_free(w);
        return NF_ENOMEM;
    }
    w->path_cap = len + 1;
    int rc = push_level(w, len, NULL);
    if (rc < 0) {
        nf_walk_close(w);
        return rc;
    }
    *out = w;
    return 0;
}

int nf_walk_next(nf_walk *w, const char **path, nf_diag *d)
{
    while (w->depth > 0) {
        walk_level *top = &w->levels[w->depth - 1];
        if (top->next == top->count) {
            level_free(top);
            w->depth--;
            continue;
        }
        const char *entry = top->refs[top->next++].entry;
        size_t len;
        if (path_join(w, top->path_len, entry + 1, &len) < 0)
            return nf_diag_set(d, NF_ENOMEM, NULL, 0, "out of memory for a path");
        if (entry[0] == ENTRY_FILE) {
            *path = w->path;
            return 1;
        }
        /* A subfolder that cannot be read is reported; its parent's next entry comes next. */
        int rc = push_level(w, len, d);
        if (rc < 0)
            return rc;
    }
    return 0;
}

void nf_walk_close(nf_walk *w)
{
    if (w == NULL)
        return;
    for (size_t i = 0; i < w->depth; i++)
        level_free(&w->levels[i]);
    nf_free(w->levels);
    nf_free(w->path);
    nf_free(w);
}
