/* test_reader.c — .txt and JSON articles, safe ids, and reading files. */
#include "unit.h"

#include "alloc.h"
#include "arena.h"
#include "article.h"
#include "error.h"
#include "inputs.h"
#include "reader.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* An arena and an article over it, released by article_done. */
typedef struct fixture {
    nf_arena arena;
    nf_article article;
} fixture;

static nf_article *article_new(fixture *f)
{
    nf_arena_init(&f->arena, 4096);
    assert_int_equal(nf_article_init(&f->article, &f->arena), 0);
    return &f->article;
}

static void article_done(fixture *f)
{
    nf_article_release(&f->article);
    nf_arena_free(&f->arena);
}

static const char *title_of(const nf_article *a, char *buf, size_t size)
{
    size_t n = a->title_end - a->title_start;
    assert_true(n < size);
    memcpy(buf, a->doc + a->title_start, n);
    buf[n] = '\0';
    return buf;
}

static void assert_one_read_error(const nf_article *a, const char *code, const char *words)
{
    assert_int_equal(a->n_errors, 1);
    assert_string_equal(a->errors[0].stage, "read");
    assert_string_equal(a->errors[0].code, code);
    if (words && strstr(a->errors[0].message, words) == NULL)
        fail_msg("error message \"%s\" lacks \"%s\"", a->errors[0].message, words);
    assert_false(a->readable);
}

static void read_txt(fixture *f, const char *text)
{
    nf_article *a = article_new(f);
    assert_int_equal(nf_read_txt(a, text, strlen(text), "doc-1", "in/doc-1.txt"), 0);
    assert_int_equal(a->doc_len, strlen(text));
    assert_memory_equal(a->doc, text, strlen(text));
    assert_int_equal(a->n_errors, 0);
}

static void test_txt_with_blank_line(void **state)
{
    (void)state;
    fixture f;
    char title[64];
    read_txt(&f, "Title here\n\nBody text.\n");
    assert_string_equal(title_of(&f.article, title, sizeof title), "Title here");
    assert_int_equal(f.article.body_start, 12);
    assert_string_equal(f.article.id, "doc-1");
    assert_string_equal(f.article.source, "in/doc-1.txt");
    article_done(&f);
}

static void test_txt_without_blank_line(void **state)
{
    (void)state;
    fixture f;
    char title[64];
    read_txt(&f, "Title\nBody starts here.");
    assert_string_equal(title_of(&f.article, title, sizeof title), "Title");
    assert_int_equal(f.article.body_start, 6);
    article_done(&f);
    /* Only one blank line is skipped: a second one belongs to the body. */
    read_txt(&f, "Title\n \n\nBody");
    assert_int_equal(f.article.body_start, 8);
    article_done(&f);
}

static void test_txt_bom_and_crlf(void **state)
{
    (void)state;
    fixture f;
    char title[64];
    read_txt(&f, "\xEF\xBB\xBFTitle  \r\n\r\nBody\r\n");
    assert_int_equal(f.article.title_start, 3);
    assert_string_equal(title_of(&f.article, title, sizeof title), "Title");
    assert_int_equal(f.article.body_start, 14);
    article_done(&f);
}

static void test_txt_title_only_and_empty(void **state)
{
    (void)state;
    fixture f;
    char title[64];
    read_txt(&f, "Just a title");
    assert_string_equal(title_of(&f.article, title, sizeof title), "Just a title");
    assert_int_equal(f.article.body_start, f.article.doc_len);
    article_done(&f);
    read_txt(&f, "Title\n");
    assert_int_equal(f.article.body_start, 6);
    article_done(&f);
    read_txt(&f, "");
    assert_int_equal(f.article.doc_len, 0);
    assert_int_equal(f.article.title_end, 0);
    assert_int_equal(f.article.body_start, 0);
    assert_true(f.article.readable);
    article_done(&f);
}

static void test_txt_any_bytes_are_kept(void **state)
{
    (void)state;
    fixture f;
    static const char bytes[] = "T\xff\x00\nX\x00\xc3";
    nf_article *a = article_new(&f);
    assert_int_equal(nf_read_txt(a, bytes, sizeof bytes - 1, "b", "b.txt"), 0);
    assert_int_equal(a->doc_len, sizeof bytes - 1);
    assert_memory_equal(a->doc, bytes, sizeof bytes - 1);
    assert_int_equal(a->title_end, 3);
    assert_int_equal(a->body_start, 4);
    article_done(&f);
}

static int read_json(fixture *f, const char *json, const char *fallback)
{
    nf_article *a = article_new(f);
    return nf_read_json(a, json, strlen(json), fallback, "in/feed.jsonl:3");
}

static void test_json_with_string_id(void **state)
{
    (void)state;
    fixture f;
    char title[64];
    assert_int_equal(read_json(&f, "{\"id\":\"abc/1\",\"title\":\"T\","
                                   "\"text\":\"Body\",\"url\":\"u\"}",
                               "fallback"),
                     0);
    assert_string_equal(f.article.id, "abc_1");
    assert_string_equal(f.article.source, "in/feed.jsonl:3");
    assert_string_equal(f.article.doc, "T\n\nBody");
    assert_int_equal(f.article.doc_len, 7);
    assert_string_equal(title_of(&f.article, title, sizeof title), "T");
    assert_int_equal(f.article.body_start, 3);
    assert_int_equal(cJSON_GetArraySize(f.article.meta), 1);
    assert_string_equal(cJSON_GetObjectItem(f.article.meta, "url")->valuestring, "u");
    assert_int_equal(f.article.n_errors, 0);
    article_done(&f);
}

static void test_json_with_number_id(void **state)
{
    (void)state;
    fixture f;
    assert_int_equal(read_json(&f, "{\"id\": 42, \"text\": \"x\"}", "fallback"), 0);
    assert_string_equal(f.article.id, "42");
    /* No title: the document still starts with the empty title and "\n\n". */
    assert_string_equal(f.article.doc, "\n\nx");
    assert_int_equal(f.article.title_end, 0);
    assert_int_equal(f.article.body_start, 2);
    article_done(&f);
    assert_int_equal(read_json(&f, "{\"id\": -7, \"text\": \"x\"}", "fallback"), 0);
    assert_string_equal(f.article.id, "-7");
    article_done(&f);
    assert_int_equal(read_json(&f, "{\"id\": 1.5, \"text\": \"x\"}", "fb"), NF_EFORMAT);
    assert_one_read_error(&f.article, "eformat", "\"id\"");
    article_done(&f);
    assert_int_equal(read_json(&f, "{\"id\": 1e300, \"text\": \"x\"}", "fb"), NF_EFORMAT);
    article_done(&f);
    assert_int_equal(read_json(&f, "{\"id\": true, \"text\": \"x\"}", "fb"), NF_EFORMAT);
    assert_string_equal(f.article.id, "fb");
    article_done(&f);
}

static void test_json_without_id_uses_fallback(void **state)
{
    (void)state;
    fixture f;
    assert_int_equal(read_json(&f, "{\"title\":\"T\",\"text\":\"x\"}", "feed/7"), 0);
    assert_string_equal(f.article.id, "feed_7");
    article_done(&f);
    /* An empty or null id is no id. */
    assert_int_equal(read_json(&f, "{\"id\":\"\",\"text\":\"x\"}", "feed-8"), 0);
    assert_string_equal(f.article.id, "feed-8");
    article_done(&f);
    assert_int_equal(read_json(&f, "{\"id\":null,\"title\":null,\"text\":\"x\"}", "feed-9"), 0);
    assert_string_equal(f.article.id, "feed-9");
    assert_string_equal(f.article.doc, "\n\nx");
    article_done(&f);
}

static void test_json_bom_and_escapes(void **state)
{
    (void)state;
    fixture f;
    assert_int_equal(read_json(&f, "\xEF\xBB\xBF{\"title\":\"\\u00e9\","
                                   "\"text\":\"\\ud83d\\ude00\\n\"}",
                               "fb"),
                     0);
    assert_string_equal(f.article.doc, "\xc3\xa9\n\n\xf0\x9f\x98\x80\n");
    assert_int_equal(f.article.title_end, 2);
    article_done(&f);
    /* A lone surrogate is no character. */
    assert_int_equal(read_json(&f, "{\"text\":\"\\udc00\"}", "fb"), NF_EFORMAT);
    article_done(&f);
}

static void test_json_meta_keeps_order(void **state)
{
    (void)state;
    fixture f;
    static const char *const keys[] = {"url", "site", "date", "tags", "Text"};
    assert_int_equal(read_json(&f,
                               "{\"url\":\"u\",\"title\":\"T\",\"site\":\"s\",\"text\":\"x\","
                               "\"date\":\"2024-01-02\",\"id\":\"i\",\"tags\":[\"a\",{\"b\":1}],"
                               "\"Text\":\"kept\"}",
                               "fb"),
                     0);
    const cJSON *meta = f.article.meta;
    assert_int_equal(cJSON_GetArraySize(meta), 5);
    size_t i = 0;
    for (const cJSON *item = meta->child; item; item = item->next, i++)
        assert_string_equal(item->string, keys[i]);
    const cJSON *tags = cJSON_GetObjectItem(meta, "tags");
    assert_int_equal(cJSON_GetArraySize(tags), 2);
    assert_int_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(tags, 1), "b")->valueint, 1);
    article_done(&f);
}

static void test_json_missing_or_bad_text(void **state)
{
    (void)state;
    fixture f;
    assert_int_equal(read_json(&f, "{\"title\":\"T\",\"url\":\"u\"}", "x/y"), NF_EFORMAT);
    assert_one_read_error(&f.article, "eformat", "\"text\"");
    assert_string_equal(f.article.id, "x_y");
    assert_string_equal(f.article.source, "in/feed.jsonl:3");
    assert_string_equal(f.article.errors[0].file, "in/feed.jsonl:3");
    /* A rejected object leaves meta as it was. */
    assert_int_equal(cJSON_GetArraySize(f.article.meta), 0);
    article_done(&f);
    assert_int_equal(read_json(&f, "{\"text\": 5}", "fb"), NF_EFORMAT);
    assert_one_read_error(&f.article, "eformat", "a number");
    article_done(&f);
    assert_int_equal(read_json(&f, "{\"text\": \"x\", \"title\": [1]}", "fb"), NF_EFORMAT);
    assert_one_read_error(&f.article, "eformat", "\"title\"");
    article_done(&f);
    assert_int_equal(read_json(&f, "{\"text\": \"x\", \"text\": \"y\"}", "fb"), NF_EFORMAT);
    assert_one_read_error(&f.article, "eformat", "twice");
    article_done(&f);
}

static void test_json_malformed(void **state)
{
    (void)state;
    fixture f;
    assert_int_equal(read_json(&f, "{\"text\": \"abc\",", "fb"), NF_EFORMAT);
    assert_one_read_error(&f.article, "eformat", "malformed JSON at byte");
    assert_string_equal(f.article.id, "fb");
    article_done(&f);
    assert_int_equal(read_json(&f, "{\"text\": \"a\"} trailing", "fb"), NF_EFORMAT);
    assert_one_read_error(&f.article, "eformat", "after the JSON value");
    article_done(&f);
    assert_int_equal(read_json(&f, "  \n", "fb"), NF_EFORMAT);
    assert_one_read_error(&f.article, "eformat", "empty");
    article_done(&f);
    assert_int_equal(read_json(&f, "{\"text\": \"ends in a backslash\\", "fb"), NF_EFORMAT);
    article_done(&f);
    /* A .json file spanning lines gets the line of the problem. */
    assert_int_equal(read_json(&f, "{\n\"text\": \"a\",\n\"x\": ?\n}", "fb"), NF_EFORMAT);
    assert_int_equal(f.article.errors[0].line, 3);
    article_done(&f);
}

static void test_json_not_an_object(void **state)
{
    (void)state;
    fixture f;
    assert_int_equal(read_json(&f, "[\"text\"]", "fb"), NF_EFORMAT);
    assert_one_read_error(&f.article, "eformat", "an array, not an object");
    article_done(&f);
    assert_int_equal(read_json(&f, "\"text\"", "fb"), NF_EFORMAT);
    assert_one_read_error(&f.article, "eformat", "a string, not an object");
    article_done(&f);
}

static void test_json_deep_nesting_is_rejected(void **state)
{
    (void)state;
    fixture f;
    enum { DEPTH = 100000 };
    char *deep = nf_malloc(DEPTH + 64);
    assert_non_null(deep);
    memset(deep, '[', DEPTH);
    deep[DEPTH] = '\0';
    assert_int_equal(read_json(&f, deep, "fb"), NF_EFORMAT);
    assert_one_read_error(&f.article, "eformat", "nested deeper");
    article_done(&f);
    /* Deep but closed nesting inside an object field. */
    int n = sprintf(deep, "{\"text\":\"x\",\"m\":");
    memset(deep + n, '[', 2000);
    memset(deep + n + 2000, ']', 2000);
    strcpy(deep + n + 4000, "}");
    assert_int_equal(read_json(&f, deep, "fb"), NF_EFORMAT);
    assert_one_read_error(&f.article, "eformat", "nested deeper");
    article_done(&f);
    nf_free(deep);
}

static void test_json_nul_character_is_rejected(void **state)
{
    (void)state;
    fixture f;
    assert_int_equal(read_json(&f, "{\"text\":\"a\\u0000b\"}", "fb"), NF_EBINARY);
    assert_one_read_error(&f.article, "ebinary", "byte 10");
    article_done(&f);
    /* An escaped backslash before "u0000" is text, not a NUL. */
    assert_int_equal(read_json(&f, "{\"text\":\"a\\\\u0000b\"}", "fb"), 0);
    assert_string_equal(f.article.doc, "\n\na\\u0000b");
    article_done(&f);
    static const char raw[] = "{\"text\":\"a\0b\"}";
    nf_article *a = article_new(&f);
    assert_int_equal(nf_read_json(a, raw, sizeof raw - 1, "fb", "s"), NF_EBINARY);
    article_done(&f);
}

static void test_json_survives_allocation_failures(void **state)
{
    (void)state;
    static const char json[] =
        "{\"id\":\"a\",\"title\":\"T\",\"text\":\"x\",\"url\":\"u\",\"n\":[1,2]}";
    int rc = -1;
    for (long n = 0; rc != 0 && n < 200; n++) {
        fixture f;
        nf_arena_init(&f.arena, 4096);
        assert_int_equal(nf_article_init(&f.article, &f.arena), 0);
        nf_alloc_fail_after(n);
        rc = nf_read_json(&f.article, json, strlen(json), "fb", "s");
        nf_alloc_fail_after(-1);
        assert_true(rc == 0 || rc == NF_ENOMEM || rc == NF_EFORMAT);
        if (rc == 0)
            assert_int_equal(cJSON_GetArraySize(f.article.meta), 2);
        article_done(&f);
    }
    assert_int_equal(rc, 0);
}

static const char *sanitize(const char *raw, char out[NF_ID_MAX + 1])
{
    size_t n = nf_sanitize_id(raw, strlen(raw), out);
    assert_int_equal(n, strlen(out));
    return out;
}

static void test_ids_are_safe_names(void **state)
{
    (void)state;
    char out[NF_ID_MAX + 1];
    assert_string_equal(sanitize("../etc/passwd", out), "_etc_passwd");
    assert_string_equal(sanitize("a/b", out), "a_b");
    assert_string_equal(sanitize("a\tb\nc\x01", out), "a_b_c_");
    assert_string_equal(sanitize("a..b...c", out), "a.b.c");
    assert_string_equal(sanitize(".hidden", out), "hidden");
    assert_string_equal(sanitize("", out), "article");
    assert_string_equal(sanitize("...", out), "article");
    assert_string_equal(sanitize("ok-id_1.2", out), "ok-id_1.2");
    /* Letters of any script stay; other characters, and invalid bytes, become '_'. */
    assert_string_equal(sanitize("Zürich-東京", out), "Zürich-東京");
    assert_string_equal(sanitize("a\xe2\x80\x94z", out), "a_z");
    assert_string_equal(sanitize("a\xff\xfez", out), "a__z");
    assert_int_equal(nf_sanitize_id(NULL, 0, out), 7);
}

static void make_long_id(char *buf, size_t len, char fill, char last)
{
    memset(buf, fill, len - 1);
    buf[len - 1] = last;
    buf[len] = '\0';
}

static void test_long_ids_are_cut_and_stay_distinct(void **state)
{
    (void)state;
    enum { LONG = 10000 };
    char *raw = nf_malloc(LONG + 1);
    assert_non_null(raw);
    char one[NF_ID_MAX + 1], two[NF_ID_MAX + 1], again[NF_ID_MAX + 1];
    make_long_id(raw, LONG, 'x', 'a');
    assert_int_equal(nf_sanitize_id(raw, LONG, one), NF_ID_MAX);
    assert_int_equal(nf_sanitize_id(raw, LONG, again), NF_ID_MAX);
    assert_string_equal(one, again);
    make_long_id(raw, LONG, 'x', 'b');
    assert_int_equal(nf_sanitize_id(raw, LONG, two), NF_ID_MAX);
    assert_string_not_equal(one, two);
    assert_memory_equal(one, two, NF_ID_MAX - 17);
    assert_int_equal(one[NF_ID_MAX - 17], '-');
    assert_int_equal(strspn(one + NF_ID_MAX - 16, "0123456789abcdef"), 16);
    /* Two-byte letters are cut on a character boundary. */
    for (size_t i = 0; i + 1 < LONG; i += 2)
        memcpy(raw + i, "\xc3\xa9", 2);
    size_t n = nf_sanitize_id(raw, LONG, one);
    assert_true(n <= NF_ID_MAX);
    assert_int_equal(one[n - 17], '-');
    assert_int_equal((n - 17) % 2, 0);
    assert_memory_equal(one, "\xc3\xa9\xc3\xa9", 4);
    nf_free(raw);
}

static void test_paths_name_formats_and_ids(void **state)
{
    (void)state;
    char out[NF_ID_MAX + 1];
    nf_id_from_path("dir/a.b.txt", out);
    assert_string_equal(out, "a.b");
    nf_id_from_path("x.json", out);
    assert_string_equal(out, "x");
    nf_id_from_path("d.d/noext", out);
    assert_string_equal(out, "noext");
    nf_id_from_path("dir/", out);
    assert_string_equal(out, "article");
    assert_int_equal(nf_format_of_path("A.JSON"), NF_FORMAT_JSON);
    assert_int_equal(nf_format_of_path("a.jsonl"), NF_FORMAT_JSONL);
    assert_int_equal(nf_format_of_path("a.txt"), NF_FORMAT_TXT);
    assert_int_equal(nf_format_of_path("a.md"), NF_FORMAT_TXT);
    assert_int_equal(nf_format_of_path("d.json/a"), NF_FORMAT_TXT);
    assert_true(nf_is_article_path("x/a.Txt"));
    assert_true(nf_is_article_path("a.jsonl"));
    assert_false(nf_is_article_path("a.md"));
    assert_false(nf_is_article_path("x.json/readme"));
    assert_false(nf_is_article_path(".json"));
}

static void test_read_file_txt_and_json(void **state)
{
    (void)state;
    char *dir = nf_test_temp_dir();
    char path[512];
    fixture f;
    nf_test_path(path, sizeof path, dir, "story.one.txt");
    nf_test_write_file(path, "Headline\n\nBody.\n");
    assert_int_equal(nf_read_file(article_new(&f), path, 1 << 20), 0);
    assert_string_equal(f.article.id, "story.one");
    assert_string_equal(f.article.source, path);
    assert_string_equal(f.article.doc, "Headline\n\nBody.\n");
    assert_int_equal(f.article.body_start, 10);
    article_done(&f);
    nf_test_path(path, sizeof path, dir, "feed.JSON");
    nf_test_write_file(path,
               "{\n  \"id\": 9,\n  \"title\": \"T\",\n  \"text\": \"B\",\n  \"site\": \"s\"\n}\n");
    assert_int_equal(nf_read_file(article_new(&f), path, 1 << 20), 0);
    assert_string_equal(f.article.id, "9");
    assert_string_equal(f.article.doc, "T\n\nB");
    assert_string_equal(cJSON_GetObjectItem(f.article.meta, "site")->valuestring, "s");
    article_done(&f);
    nf_test_path(path, sizeof path, dir, "bad.json");
    nf_test_write_file(path, "{\"title\": \"T\"}");
    assert_int_equal(nf_read_file(article_new(&f), path, 1 << 20), NF_EFORMAT);
    assert_string_equal(f.article.id, "bad");
    assert_one_read_error(&f.article, "eformat", "\"text\"");
    article_done(&f);
    nf_test_remove_dir(dir);
}

static void test_read_file_rejects_what_it_cannot_read(void **state)
{
    (void)state;
    char *dir = nf_test_temp_dir();
    char path[512];
    fixture f;
    nf_test_path(path, sizeof path, dir, "missing.txt");
    assert_int_equal(nf_read_file(article_new(&f), path, 1 << 20), NF_ENOENT);
    assert_one_read_error(&f.article, "enoent", "No such file");
    assert_string_equal(f.article.id, "missing");
    assert_string_equal(f.article.source, path);
    article_done(&f);
    assert_int_equal(nf_read_file(article_new(&f), dir, 1 << 20), NF_EINVAL);
    assert_one_read_error(&f.article, "einval", "a directory");
    article_done(&f);
    nf_test_path(path, sizeof path, dir, "lines.jsonl");
    nf_test_write_file(path, "{\"text\":\"a\"}\n");
    assert_int_equal(nf_read_file(article_new(&f), path, 1 << 20), NF_EINVAL);
    assert_one_read_error(&f.article, "einval", "line by line");
    article_done(&f);
    nf_test_remove_dir(dir);
}

static void test_read_file_does_not_open_a_fifo(void **state)
{
    (void)state;
    char *dir = nf_test_temp_dir();
    char path[512];
    fixture f;
    nf_test_path(path, sizeof path, dir, "pipe.txt");
    assert_int_equal(mkfifo(path, 0600), 0);
    /* Should the read block on the FIFO, the alarm ends the test run instead of hanging it. */
    alarm(10);
    assert_int_equal(nf_read_file(article_new(&f), path, 1 << 20), NF_EINVAL);
    alarm(0);
    assert_one_read_error(&f.article, "einval", "a FIFO");
    article_done(&f);
    nf_test_remove_dir(dir);
}

static void test_read_file_too_big_is_not_read(void **state)
{
    (void)state;
    char *dir = nf_test_temp_dir();
    char path[512];
    fixture f;
    nf_test_path(path, sizeof path, dir, "huge.txt");
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    assert_true(fd >= 0);
    /* A sparse file: 3 GB long, no blocks written, so only a read would cost time. */
    assert_int_equal(ftruncate(fd, (off_t)3 << 30), 0);
    assert_int_equal(close(fd), 0);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    assert_int_equal(nf_read_file(article_new(&f), path, 1 << 20), NF_ETOOBIG);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    assert_true(t1.tv_sec - t0.tv_sec < 2);
    assert_one_read_error(&f.article, "etoobig",
                          "file is 3221225472 bytes, over the limit of 1048576");
    assert_int_equal(f.article.doc_len, 0);
    article_done(&f);
    nf_test_remove_dir(dir);
}

/* JSON Lines are read in 64 KiB chunks: lines across chunk ends, a long line, a last line without newline. */
static void test_json_lines_across_chunks(void **state)
{
    (void)state;
    char *dir = nf_test_temp_dir();
    char path[4096];
    nf_test_path(path, sizeof path, dir, "feed.jsonl");
    size_t long_len = 150000, size = long_len + 70000;
    char *text = malloc(size);
    assert_non_null(text);
    size_t n = 0;
    /* Line 1 ends just after the first chunk's end; line 3 is over the limit and crosses two. */
    size_t first = (size_t)snprintf(text, size, "{\"text\": \"%*s\"}\n", 65536 - 8, "a") - 1;
    n += first + 1;
    n += (size_t)snprintf(text + n, size - n, "  \t\n");
    memset(text + n, 'x', long_len);
    n += long_len;
    n += (size_t)snprintf(text + n, size - n, "\n{\"text\": \"last\"}");
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, n, f), n);
    fclose(f);

    nf_inputs *in;
    const char *paths[] = {path};
    assert_int_equal(nf_inputs_open(&in, paths, 1, 100000), 0);
    nf_unit u;
    assert_int_equal(nf_inputs_next(in, &u), 1);
    assert_int_equal(u.kind, NF_UNIT_LINE);
    assert_int_equal(u.line, 1);
    assert_true(first > 65536);
    assert_int_equal(u.len, first);
    assert_memory_equal(u.data + u.len - 3, "a\"}", 3);
    nf_unit_free(&u);
    assert_int_equal(nf_inputs_next(in, &u), 1);
    assert_int_equal(u.kind, NF_UNIT_ERROR);
    assert_int_equal(u.error, NF_ETOOBIG);
    assert_int_equal(u.line, 3);
    assert_non_null(strstr(u.data, "150000 bytes"));
    nf_unit_free(&u);
    assert_int_equal(nf_inputs_next(in, &u), 1);
    assert_int_equal(u.kind, NF_UNIT_LINE);
    assert_int_equal(u.line, 4);
    assert_string_equal(u.data, "{\"text\": \"last\"}");
    nf_unit_free(&u);
    assert_int_equal(nf_inputs_next(in, &u), 0);
    nf_inputs_close(in);
    free(text);
    nf_test_remove_dir(dir);
}

NF_TEST_GROUP(reader) {
    cmocka_unit_test(test_json_lines_across_chunks),
    cmocka_unit_test(test_txt_with_blank_line),
    cmocka_unit_test(test_txt_without_blank_line),
    cmocka_unit_test(test_txt_bom_and_crlf),
    cmocka_unit_test(test_txt_title_only_and_empty),
    cmocka_unit_test(test_txt_any_bytes_are_kept),
    cmocka_unit_test(test_json_with_string_id),
    cmocka_unit_test(test_json_with_number_id),
    cmocka_unit_test(test_json_without_id_uses_fallback),
    cmocka_unit_test(test_json_bom_and_escapes),
    cmocka_unit_test(test_json_meta_keeps_order),
    cmocka_unit_test(test_json_missing_or_bad_text),
    cmocka_unit_test(test_json_malformed),
    cmocka_unit_test(test_json_not_an_object),
    cmocka_unit_test(test_json_deep_nesting_is_rejected),
    cmocka_unit_test(test_json_nul_character_is_rejected),
    cmocka_unit_test(test_json_survives_allocation_failures),
    cmocka_unit_test(test_ids_are_safe_names),
    cmocka_unit_test(test_long_ids_are_cut_and_stay_distinct),
    cmocka_unit_test(test_paths_name_formats_and_ids),
    cmocka_unit_test(test_read_file_txt_and_json),
    cmocka_unit_test(test_read_file_rejects_what_it_cannot_read),
    cmocka_unit_test(test_read_file_does_not_open_a_fifo),
    cmocka_unit_test(test_read_file_too_big_is_not_read),
};
NF_TEST_GROUP_END(reader);
