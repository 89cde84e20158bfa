/* test_outbox.c — atomic results, identities, and moves that never replace. */
#include "unit.h"

#include "outbox.h"

#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *read_text(const char *dir, const char *name)
{
    char path[512];
    static char text[4096];
    nf_test_path(path, sizeof path, dir, name);
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = '\0';
    return text;
}

static void test_write_atomic_leaves_no_temporary_file(void **state)
{
    (void)state;
    char *dir = nf_test_temp_dir();
    assert_int_equal(nf_write_atomic(dir, "a.json", "{}", 2, true), 0);
    assert_string_equal(read_text(dir, "a.json"), "{}\n");
    assert_int_equal(nf_write_atomic(dir, "a.json", "[1]", 3, false), 0);
    assert_string_equal(read_text(dir, "a.json"), "[1]\n");
    char cmd[600];
    snprintf(cmd, sizeof cmd, "test $(ls -A %s | wc -l) -eq 1", dir);
    assert_int_equal(system(cmd), 0);
    assert_true(nf_write_atomic("/nonexistent-dir", "a.json", "{}", 2, true) < 0);
    nf_test_remove_dir(dir);
}

static void result_json(char *out, size_t size, const char *identity)
{
    snprintf(out, size, "{\"id\":\"a\",\"input\":{\"name\":\"a.txt\",\"identity\":\"%s\"}}", identity);
}

static void test_same_input_rewrites_other_input_gets_new_name(void **state)
{
    (void)state;
    char *dir = nf_test_temp_dir();
    char one[17], two[17], json[256], name[64];
    nf_input_identity("a", "first", 5, one);
    nf_input_identity("a", "second", 6, two);
    assert_string_not_equal(one, two);

    result_json(json, sizeof json, one);
    assert_int_equal(nf_write_result(dir, "a", one, json, strlen(json), NULL, name, sizeof name), 0);
    assert_string_equal(name, "a.json");
    /* The same input again, as after a crash: the same file. */
    assert_int_equal(nf_write_result(dir, "a", one, json, strlen(json), NULL, name, sizeof name), 0);
    assert_string_equal(name, "a.json");
    /* Another input with the same id: a name of its own. */
    result_json(json, sizeof json, two);
    assert_int_equal(nf_write_result(dir, "a", two, json, strlen(json), NULL, name, sizeof name), 0);
    assert_string_equal(name, "a-2.json");
    assert_non_null(strstr(read_text(dir, "a.json"), one));
    assert_non_null(strstr(read_text(dir, "a-2.json"), two));
    /* A reserved name is never taken. */
    assert_int_equal(nf_write_result(dir, "status", one, json, strlen(json), "status.json", name, sizeof name), 0);
    assert_string_equal(name, "status-2.json");
    nf_test_remove_dir(dir);
}

static void test_move_unique_never_replaces(void **state)
{
    (void)state;
    char *from = nf_test_temp_dir();
    char *to = nf_test_temp_dir();
    char path[512], name[64];
    for (int i = 1; i <= 3; i++) {
        nf_test_path(path, sizeof path, from, "x.txt");
        char content[16];
        snprintf(content, sizeof content, "%d", i);
        nf_test_write_file(path, content);
        assert_int_equal(nf_move_unique(path, to, name, sizeof name), 0);
    }
    assert_string_equal(name, "x-3.txt");
    assert_string_equal(read_text(to, "x.txt"), "1");
    assert_string_equal(read_text(to, "x-2.txt"), "2");
    assert_string_equal(read_text(to, "x-3.txt"), "3");
    assert_true(nf_move_unique(path, to, name, sizeof name) < 0);
    nf_test_remove_dir(from);
    nf_test_remove_dir(to);
}

static void test_make_dirs_creates_parents(void **state)
{
    (void)state;
    char *dir = nf_test_temp_dir();
    char path[512];
    nf_test_path(path, sizeof path, dir, "a/b/c");
    assert_int_equal(nf_make_dirs(path), 0);
    assert_int_equal(nf_make_dirs(path), 0);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_true(S_ISDIR(st.st_mode));
    nf_test_path(path, sizeof path, dir, "file");
    nf_test_write_file(path, "x");
    assert_true(nf_make_dirs(path) < 0);
    nf_test_remove_dir(dir);
}

NF_TEST_GROUP(outbox) {
    cmocka_unit_test(test_write_atomic_leaves_no_temporary_file),
    cmocka_unit_test(test_same_input_rewrites_other_input_gets_new_name),
    cmocka_unit_test(test_move_unique_never_replaces),
    cmocka_unit_test(test_make_dirs_creates_parents),
};
NF_TEST_GROUP_END(outbox);
