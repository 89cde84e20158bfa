/* outbox.c — atomic, durable result files and non-clobbering moves. */
#include "outbox.h"

#include "alloc.h"
#include "error.h"
#include "hash.h"

#include <cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Results of a different input are told apart by reading this much of them at most. */
#define MAX_RESULT_READ (256u << 20)

/* Temporary names must differ between threads of one process, too. */
static atomic_uint temp_counter;

void nf_input_identity(const char *id, const char *doc, size_t doc_len, char out[17])
{
    uint64_t h = nf_hash64(id, strlen(id) + 1) ^ (nf_hash64(doc, doc_len) * 31);
    snprintf(out, 17, "%016llx", (unsigned long long)h);
}

/* Returns the negative code for the current errno, leaving errno as it was. */
static int errno_code(void)
{
    int e = errno;
    int code = nf_error_from_errno(e);
    errno = e;
    return code;
}

static int write_all(int fd, const char *data, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, data, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        data += n;
        len -= (size_t)n;
    }
    return 0;
}

static int fsync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    int rc = fsync(fd);
    close(fd);
    return rc;
}

/* Writes data and a newline to a new temporary file in dir; its path goes to tmp. */
static int write_temp(const char *dir, const char *name, const char *data, size_t len, bool durable,
                      char tmp[PATH_MAX])
{
    snprintf(tmp, PATH_MAX, "%s/.%s.%ld.%u.tmp", dir, name, (long)getpid(),
             atomic_fetch_add(&temp_counter, 1));
    int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0)
        return errno_code();
    bool ok = write_all(fd, data, len) == 0 && write_all(fd, "\n", 1) == 0 && (!durable || fsync(fd) == 0);
    int e = errno;
    if (close(fd) != 0 && ok) {
        ok = false;
        e = errno;
    }
    if (!ok) {
        unlink(tmp);
        errno = e;
        return errno_code();
    }
    return 0;
}

int nf_write_atomic(const char *dir, const char *name, const char *data, size_t len, bool durable)
{
    char tmp[PATH_MAX], path[PATH_MAX];
    int rc = write_temp(dir, name, data, len, durable, tmp);
    if (rc < 0)
        return rc;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    if (rename(tmp, path) < 0) {
        rc = errno_code();
        unlink(tmp);
        return rc;
    }
    if (durable && fsync_dir(dir) < 0)
        return errno_code();
    return 0;
}

/* The identity recorded in an existing result file ("" when it has none). */
static void identity_of(const char *path, char out[17])
{
    out[0] = '\0';
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return;
    struct stat st;
    char *text = NULL;
    if (fstat(fileno(f), &st) == 0 && st.st_size > 0 && (size_t)st.st_size <= MAX_RESULT_READ &&
        (text = nf_malloc((size_t)st.st_size + 1)) != NULL) {
        size_t n = fread(text, 1, (size_t)st.st_size, f);
        text[n] = '\0';
        cJSON *root = cJSON_ParseWithLength(text, n);
        const cJSON *identity = cJSON_GetObjectItem(cJSON_GetObjectItem(root, "input"), "identity");
        if (cJSON_IsString(identity))
            snprintf(out, 17, "%s", identity->valuestring);
        cJSON_Delete(root);
    }
    nf_free(text);
    fclose(f);
}

/* The n-th candidate name for a result: <id>.json, then <id>-2.json, ... */
static void result_name(const char *id, unsigned n, char *name, size_t size)
{
    if (n == 1)
        snprintf(name, size, "%s.json", id);
    else
        snprintf(name, size, "%s-%u.json", id, n);
}

int nf_write_result(const char *dir, const char *id, const char *identity, const char *json, size_t len,
                    const char *reserved, char *name_out, size_t name_size)
{
    char tmp[PATH_MAX], path[PATH_MAX], existing[17];
    int rc = write_temp(dir, "result", json, len, true, tmp);
    if (rc < 0)
        return rc;
    for (unsigned n = 1;; n++) {
        result_name(id, n, name_out, name_size);
        if (reserved && strcmp(name_out, reserved) == 0)
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, name_out);
        /* Taking a free name must not race another worker taking it too: no-replace. */
        if (renameat2(AT_FDCWD, tmp, AT_FDCWD, path, RENAME_NOREPLACE) == 0)
            break;
        if (errno != EEXIST) {
            rc = errno_code();
            break;
        }
        identity_of(path, existing);
        if (strcmp(existing, identity) == 0) {
            /* The same input again (a restart after a crash): its result is rewritten. */
            if (rename(tmp, path) < 0)
                rc = errno_code();
            break;
        }
    }
    if (rc < 0) {
        unlink(tmp);
        return rc;
    }
    return fsync_dir(dir) < 0 ? errno_code() : 0;
}

/* The n-th candidate name for a moved input: name, then <stem>-2<ext>, ... */
static void moved_name(const char *name, unsigned n, char *out, size_t size)
{
    if (n == 1) {
        snprintf(out, size, "%s", name);
        return;
    }
    const char *dot = strrchr(name, '.');
    size_t stem = dot && dot != name ? (size_t)(dot - name) : strlen(name);
    snprintf(out, size, "%.*s-%u%s", (int)stem, name, n, name + stem);
}

int nf_move_unique(const char *path, const char *dir, char *name_out, size_t name_size)
{
    const char *slash = strrchr(path, '/');
    const char *name = slash ? slash + 1 : path;
    char target[PATH_MAX];
    for (unsigned n = 1;; n++) {
        moved_name(name, n, name_out, name_size);
        snprintf(target, sizeof target, "%s/%s", dir, name_out);
        if (renameat2(AT_FDCWD, path, AT_FDCWD, target, RENAME_NOREPLACE) == 0)
            return 0;
        if (errno != EEXIST)
            return errno_code();
    }
}

int nf_make_dirs(const char *dir)
{
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s", dir);
    for (char *p = path + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(path, 0777) < 0 && errno != EEXIST)
            return errno_code();
        *p = '/';
    }
    if (mkdir(path, 0777) < 0 && errno != EEXIST)
        return errno_code();
    struct stat st;
    if (stat(path, &st) < 0)
        return errno_code();
    return S_ISDIR(st.st_mode) ? 0 : NF_EINVAL;
}
