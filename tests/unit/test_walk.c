/* test_walk.c — the sorted, streaming, recursive folder walk. */
#include "unit.h"

#include "alloc.h"
#include "walk.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

/* Creates dir/rel: a folder when rel ends in '/', else an empty file. */
static void make(const char *dir, const char *rel)
{
    char path[512];
    nf_test_path(path, sizeof path, dir, rel);
    size_t len = strlen(path);
    if (path[len - 1] == '/') {
        path[len - 1] = '\0';
        assert_int_equal(mkdir(path, 0700), 0);
        return;
    }
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    assert_true(fd >= 0);
    assert_int_equal(close(fd), 0);
}

static void link_in(const char *dir, const char *target, const char *rel)
{
    char path[512];
    nf_test_path(path, sizeof path, dir, rel);
    assert_int_equal(symlink(target, path), 0);
}

/* Walks dir and checks that it yields exactly the expected paths (relative to dir), in order. */
static void expect_walk(const char *dir, int flags, const char *const *expected, size_t n)
{
    nf_walk *w;
    assert_int_equal(nf_walk_open(&w, dir, flags), 0);
    const char *path;
    nf_diag d;
    size_t i = 0;
    int rc;
    char want[512];
    while ((rc = nf_walk_next(w, &path, &d)) == 1) {
        if (i >= n)
            fail_msg("unexpected extra path %s", path);
        nf_test_path(want, sizeof want, dir, expected[i]);
        assert_string_equal(path, want);
        i++;
    }
    assert_int_equal(rc, 0);
    assert_int_equal(i, n);
    nf_walk_close(w);
}

static void test_walk_is_sorted_depth_first(void **state)
{
    (void)state;
    char *dir = nf_test_temp_dir();
    static const char *const tree[] = {"b.txt", "a/", "a/c.txt", "a/b/", "a/b/2.txt", "a/1.txt",
                                       "B.txt", "a-b/", "a-b/x.txt", "empty/"};
    for (size_t i = 0; i < sizeof tree / sizeof tree[0]; i++)
        make(dir, tree[i]);
    static const char *const expected[] = {"B.txt",   "a/1.txt",   "a/b/2.txt",
                                           "a/c.txt", "a-b/x.txt", "b.txt"};
    expect_walk(dir, 0, expected, 6);
    nf_test_remove_dir(dir);
}

static void test_walk_skips_dot_names(void **state)
{
    (void)state;
    char *dir = nf_test_temp_dir();
    make(dir, ".hidden.txt");
    make(dir, ".git/");
    make(dir, ".git/x.txt");
    make(dir, "sub/");
    make(dir, "sub/.tmp-upload");
    make(dir, "visible.txt");
    static const char *const expected[] = {"visible.txt"};
    expect_walk(dir, 0, expected, 1);
    nf_test_remove_dir(dir);
}

static void test_walk_follows_file_links_only_when_asked(void **state)
{
    (void)state;
    char *dir = nf_test_temp_dir();
    make(dir, "real.txt");
    make(dir, "folder/");
    make(dir, "folder/inner.txt");
    link_in(dir, "real.txt", "link.txt");
    link_in(dir, "folder", "linked-folder");
    link_in(dir, "nowhere.txt", "dangling.txt");
    link_in(dir, ".", "loop");
    static const char *const plain[] = {"folder/inner.txt", "real.txt"};
    expect_walk(dir, 0, plain, 2);
    /* Even when following file links, a link to a folder (or to nothing) is not followed. */
    static const char *const followed[] = {"folder/inner.txt", "link.txt", "real.txt"};
    expect_walk(dir, NF_WALK_FOLLOW_FILE_LINKS, followed, 3);
    nf_test_remove_dir(dir);
}

static void test_walk_skips_fifos_and_sockets(void **state)
{
    (void)state;
    char *dir = nf_test_temp_dir();
    char path[512];
    make(dir, "a.txt");
    nf_test_path(path, sizeof path, dir, "fifo.txt");
    assert_int_equal(mkfifo(path, 0600), 0);
    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    nf_test_path(addr.sun_path, sizeof addr.sun_path, dir, "sock.txt");
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    assert_true(fd >= 0);
    assert_int_equal(bind(fd, (const struct sockaddr *)&addr, sizeof addr), 0);
    make(dir, "z.txt");
    static const char *const expected[] = {"a.txt", "z.txt"};
    expect_walk(dir, NF_WALK_FOLLOW_FILE_LINKS, expected, 2);
    assert_int_equal(close(fd), 0);
    nf_test_remove_dir(dir);
}

/* Walks on after an expected NF_EIO for the folder dir/bad, then expects c.txt and the end. */
static void expect_error_then_rest(nf_walk *w, const char *dir)
{
    const char *path;
    nf_diag d;
    char want[512];
    assert_int_equal(nf_walk_next(w, &path, &d), NF_EIO);
    nf_test_path(want, sizeof want, dir, "bad");
    assert_string_equal(d.file, want);
    assert_non_null(strstr(d.message, "cannot read this folder"));
    assert_int_equal(nf_walk_next(w, &path, &d), 1);
    nf_test_path(want, sizeof want, dir, "c.txt");
    assert_string_equal(path, want);
    assert_int_equal(nf_walk_next(w, &path, &d), 0);
}

static void test_walk_reports_unreadable_folder_and_goes_on(void **state)
{
    (void)state;
    char *dir = nf_test_temp_dir();
    char path[512];
    make(dir, "a.txt");
    make(dir, "bad/");
    make(dir, "bad/x.txt");
    make(dir, "c.txt");
    nf_walk *w;
    const char *got;
    nf_diag d;
    assert_int_equal(nf_walk_open(&w, dir, 0), 0);
    assert_int_equal(nf_walk_next(w, &got, &d), 1);
    /*
     * Tests run as root, which reads any folder whatever its mode, so the
     * folder is made unreadable another way: it is replaced by a file after
     * it was listed (as a folder removed during a walk would be).
     */
    nf_test_path(path, sizeof path, dir, "bad/x.txt");
    assert_int_equal(unlink(path), 0);
    nf_test_path(path, sizeof path, dir, "bad");
    assert_int_equal(rmdir(path), 0);
    make(dir, "bad");
    expect_error_then_rest(w, dir);
    nf_walk_close(w);
    nf_test_remove_dir(dir);
}

static void test_walk_reports_folder_without_permission(void **state)
{
    (void)state;
    if (geteuid() == 0) {
        /* Root ignores permission bits: this case is covered by the test above. */
        skip();
    }
    char *dir = nf_test_temp_dir();
    char path[512];
    make(dir, "a.txt");
    make(dir, "bad/");
    make(dir, "bad/x.txt");
    make(dir, "c.txt");
    nf_test_path(path, sizeof path, dir, "bad");
    assert_int_equal(chmod(path, 0), 0);
    nf_walk *w;
    const char *got;
    nf_diag d;
    assert_int_equal(nf_walk_open(&w, dir, 0), 0);
    assert_int_equal(nf_walk_next(w, &got, &d), 1);
    expect_error_then_rest(w, dir);
    nf_walk_close(w);
    assert_int_equal(chmod(path, 0700), 0);
    nf_test_remove_dir(dir);
}

static void test_walk_open_errors(void **state)
{
    (void)state;
    char *dir = nf_test_temp_dir();
    char path[512];
    nf_walk *w = NULL;
    nf_test_path(path, sizeof path, dir, "missing");
    assert_int_equal(nf_walk_open(&w, path, 0), NF_ENOENT);
    assert_null(w);
    make(dir, "file.txt");
    nf_test_path(path, sizeof path, dir, "file.txt");
    assert_int_equal(nf_walk_open(&w, path, 0), NF_EINVAL);
    assert_null(w);
    /* An empty folder ends at once. */
    make(dir, "empty/");
    nf_test_path(path, sizeof path, dir, "empty");
    assert_int_equal(nf_walk_open(&w, path, 0), 0);
    const char *got;
    assert_int_equal(nf_walk_next(w, &got, NULL), 0);
    nf_walk_close(w);
    /* Trailing slashes on the root do not double in the paths. */
    nf_test_path(path, sizeof path, dir, "//");
    assert_int_equal(nf_walk_open(&w, path, 0), 0);
    char want[512];
    nf_test_path(want, sizeof want, dir, "file.txt");
    assert_int_equal(nf_walk_next(w, &got, NULL), 1);
    assert_string_equal(got, want);
    assert_int_equal(nf_walk_next(w, &got, NULL), 0);
    nf_walk_close(w);
    nf_test_remove_dir(dir);
}

static void test_walk_deep_tree(void **state)
{
    (void)state;
    enum { DEPTH = 200 };
    char *dir = nf_test_temp_dir();
    char rel[2 * DEPTH + 16] = "";
    for (int i = 0; i < DEPTH; i++) {
        strcat(rel, "d/");
        make(dir, rel);
    }
    strcat(rel, "leaf.txt");
    make(dir, rel);
    const char *const expected[] = {rel};
    expect_walk(dir, 0, expected, 1);
    nf_test_remove_dir(dir);
}

static void test_walk_large_folder_completely_in_order(void **state)
{
    (void)state;
    enum { FILES = 20000 };
    char *dir = nf_test_temp_dir();
    char name[32];
    /* Created in an order unlike the sorted one. */
    for (int i = 0; i < FILES; i++) {
        snprintf(name, sizeof name, "f%05d.txt", (i * 7919) % FILES);
        make(dir, name);
    }
    nf_walk *w;
    assert_int_equal(nf_walk_open(&w, dir, 0), 0);
    const char *path;
    char want[512];
    int i = 0;
    int rc;
    while ((rc = nf_walk_next(w, &path, NULL)) == 1) {
        snprintf(name, sizeof name, "f%05d.txt", i++);
        nf_test_path(want, sizeof want, dir, name);
        assert_string_equal(path, want);
    }
    assert_int_equal(rc, 0);
    assert_int_equal(i, FILES);
    nf_walk_close(w);
    nf_test_remove_dir(dir);
}

NF_TEST_GROUP(walk) {
    cmocka_unit_test(test_walk_is_sorted_depth_first),
    cmocka_unit_test(test_walk_skips_dot_names),
    cmocka_unit_test(test_walk_follows_file_links_only_when_asked),
    cmocka_unit_test(test_walk_skips_fifos_and_sockets),
    cmocka_unit_test(test_walk_reports_unreadable_folder_and_goes_on),
    cmocka_unit_test(test_walk_reports_folder_without_permission),
    cmocka_unit_test(test_walk_open_errors),
    cmocka_unit_test(test_walk_deep_tree),
    cmocka_unit_test(test_walk_large_folder_completely_in_order),
};
NF_TEST_GROUP_END(walk);
