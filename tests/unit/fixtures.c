/* fixtures.c — temporary folders and files for unit tests that touch the file system. */
#include "unit.h"

#include "alloc.h"

#include <ftw.h>
#include <string.h>

char *nf_test_temp_dir(void)
{
    char *dir = nf_strdup("/tmp/nf-unit-XXXXXX");
    assert_non_null(dir);
    assert_non_null(mkdtemp(dir));
    return dir;
}

static int remove_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
    (void)st;
    (void)type;
    (void)ftw;
    return remove(path);
}

void nf_test_remove_dir(char *dir)
{
    assert_int_equal(nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS), 0);
    nf_free(dir);
}

void nf_test_path(char *buf, size_t size, const char *dir, const char *name)
{
    assert_true((size_t)snprintf(buf, size, "%s/%s", dir, name) < size);
}

void nf_test_write_file(const char *path, const char *content)
{
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(content, 1, strlen(content), fp), strlen(content));
    assert_int_equal(fclose(fp), 0);
}
