/* test_config.c — pipeline.conf: parsing, defaults, paths, every error with its line. */
#include "unit.h"

#include "alloc.h"
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Parses text as "test.conf" in /etc/nf and expects success. */
static nf_config *parse_ok(const char *text)
{
    nf_config *c = NULL;
    nf_diag d = {{0}, 0, {0}};
    int rc = nf_config_parse(text, strlen(text), "test.conf", "/etc/nf", &c, &d);
    if (rc != 0)
        fail_msg("parse failed (%d) at line %d: %s", rc, d.line, d.message);
    assert_non_null(c);
    return c;
}

/* Expects text to fail with NF_ECONFIG at line, with fragment in the message. */
static void assert_error_at(const char *text, int line, const char *fragment)
{
    nf_config *c = NULL;
    nf_diag d = {{0}, 0, {0}};
    int rc = nf_config_parse(text, strlen(text), "test.conf", "/etc/nf", &c, &d);
    assert_int_equal(rc, NF_ECONFIG);
    assert_null(c);
    assert_string_equal(d.file, "test.conf");
    if (d.line != line || strstr(d.message, fragment) == NULL)
        fail_msg("expected line %d with '%s', got line %d: %s", line, fragment, d.line, d.message);
}

static void test_default_file_parses(void **state)
{
    (void)state;
    nf_config *c = NULL;
    nf_diag d = {{0}, 0, {0}};
    int rc = nf_config_load("pipeline.conf", &c, &d);
    if (rc != 0)
        fail_msg("pipeline.conf: %d: %s", d.line, d.message);
    static const char *const names[] = {"normalize", "boilerplate", "sentences", "entities", "claims", "score"};
    assert_int_equal(c->n_stages, 6);
    for (size_t i = 0; i < 6; i++) {
        assert_string_equal(c->stages[i].name, names[i]);
        assert_string_equal(c->stages[i].type, names[i]);
    }
    assert_string_equal(c->dir, ".");
    assert_null(c->stages[0].rules);
    assert_int_equal(c->stages[0].section_line, 0);
    assert_string_equal(c->stages[3].rules, "plugins/entities.lua");
    assert_string_equal(c->stages[3].rules_path, "plugins/entities.lua");
    assert_string_equal(c->stages[5].rules, "plugins/score.lua");
    assert_int_equal(c->workers, 0);
    assert_int_equal(c->max_article_bytes, 16 << 20);
    assert_int_equal(c->lua_memory_limit, 64 << 20);
    assert_int_equal(c->instruction_limit, 50000000);
    assert_string_equal(c->watch.inbox, "inbox");
    assert_int_equal(c->watch.settle_ms, 500);
    assert_int_equal(c->watch.rescan_ms, 5000);
    nf_config_free(c);
}

static void test_default_file_by_absolute_path_resolves_rules(void **state)
{
    (void)state;
    char cwd[PATH_MAX], path[PATH_MAX + 32], expected[PATH_MAX + 32];
    assert_non_null(getcwd(cwd, sizeof cwd));
    snprintf(path, sizeof path, "%s/pipeline.conf", cwd);
    nf_config *c = NULL;
    assert_int_equal(nf_config_load(path, &c, NULL), 0);
    assert_string_equal(c->dir, cwd);
    snprintf(expected, sizeof expected, "%s/plugins/claims.lua", cwd);
    assert_string_equal(c->stages[4].rules_path, expected);
    assert_string_equal(c->stages[4].rules, "plugins/claims.lua");
    snprintf(expected, sizeof expected, "%s/quarantine", cwd);
    assert_string_equal(c->watch.quarantine, expected);
    nf_config_free(c);
}

static void test_missing_file_names_the_path(void **state)
{
    (void)state;
    nf_config *c = NULL;
    nf_diag d = {{0}, 0, {0}};
    assert_int_equal(nf_config_load("no/such/pipeline.conf", &c, &d), NF_ENOENT);
    assert_null(c);
    assert_string_equal(d.file, "no/such/pipeline.conf");
    /* A folder opens but cannot be read. */
    assert_int_equal(nf_config_load("core", &c, &d), NF_EIO);
    assert_string_equal(d.file, "core");
}

static void test_stage_order_lines_and_type_defaults(void **state)
{
    (void)state;
    nf_config *c = parse_ok("[pipeline]\n"
                            "stages = score, entities, normalize\n"
                            "[entities]\n"
                            "rules = plugins/entities.lua\n");
    assert_int_equal(c->n_stages, 3);
    assert_string_equal(c->stages[0].name, "score");
    assert_string_equal(c->stages[1].name, "entities");
    assert_string_equal(c->stages[2].name, "normalize");
    assert_int_equal(c->stages_line, 2);
    assert_int_equal(c->stages[1].line, 2);
    /* With a section but no type, and with no section at all, the type is the name. */
    assert_string_equal(c->stages[1].type, "entities");
    assert_int_equal(c->stages[1].type_line, 0);
    assert_int_equal(c->stages[1].section_line, 3);
    assert_int_equal(c->stages[1].rules_line, 4);
    assert_string_equal(c->stages[0].type, "score");
    assert_null(c->stages[0].rules);
    assert_null(c->stages[0].rules_path);
    assert_int_equal(c->stages[0].section_line, 0);
    assert_int_equal(c->stages[0].instruction_limit, 0);
    nf_config_free(c);
}

static void test_two_stages_share_a_type(void **state)
{
    (void)state;
    nf_config *c = parse_ok("[people]\n"
                            "type = entities\n"
                            "rules = plugins/people.lua\n"
                            "instruction_limit = 2000\n"
                            "[pipeline]\n"
                            "stages = entities, people\n"
                            "[entities]\n"
                            "rules = plugins/entities.lua\n");
    assert_string_equal(c->stages[0].type, "entities");
    assert_string_equal(c->stages[0].rules, "plugins/entities.lua");
    assert_string_equal(c->stages[1].name, "people");
    assert_string_equal(c->stages[1].type, "entities");
    assert_int_equal(c->stages[1].type_line, 2);
    assert_string_equal(c->stages[1].rules, "plugins/people.lua");
    assert_string_equal(c->stages[1].rules_path, "/etc/nf/plugins/people.lua");
    assert_int_equal(c->stages[1].instruction_limit, 2000);
    assert_int_equal(c->stages[1].section_line, 1);
    nf_config_free(c);
}

static void test_stages_span_indented_lines(void **state)
{
    (void)state;
    nf_config *c = parse_ok("[pipeline]\n"
                            "stages = normalize,\n"
                            "    sentences, entities,\n"
                            "    ; a comment inside the list\n"
                            "\n"
                            "    claims\n"
                            "    score\n"
                            "workers = 4\n");
    static const char *const names[] = {"normalize", "sentences", "entities", "claims", "score"};
    static const int lines[] = {2, 3, 3, 6, 7};
    assert_int_equal(c->n_stages, 5);
    for (size_t i = 0; i < 5; i++) {
        assert_string_equal(c->stages[i].name, names[i]);
        assert_int_equal(c->stages[i].line, lines[i]);
    }
    assert_int_equal(c->stages_line, 2);
    assert_int_equal(c->workers, 4);
    nf_config_free(c);
}

static void test_comments_are_ignored(void **state)
{
    (void)state;
    nf_config *c = parse_ok("; a comment\n"
                            "# another\n"
                            "[pipeline] ; the main section\n"
                            "stages = normalize, tag  # the list\n"
                            "workers = 8 ;a comment\n"
                            "[tag] # a stage\n"
                            "  ; an indented comment\n"
                            "type = entities ; inline\n"
                            "rules = lists/a#b.lua # '#' inside a word stays\n");
    assert_int_equal(c->n_stages, 2);
    assert_string_equal(c->stages[1].type, "entities");
    assert_string_equal(c->stages[1].rules, "lists/a#b.lua");
    assert_int_equal(c->workers, 8);
    nf_config_free(c);
    /* A ';' right after a value is part of it, as in inih. */
    assert_error_at("[pipeline]\nstages = a\nworkers = 8;x\n", 3, "'8;x'");
}

static void test_long_comments_do_not_count(void **state)
{
    (void)state;
    char text[1024];
    char comment[400];
    memset(comment, 'c', sizeof comment - 1);
    comment[sizeof comment - 1] = '\0';
    snprintf(text, sizeof text, "# %s\n[pipeline]\nstages = a ; %s\nworkers = 2\n", comment, comment);
    nf_config *c = parse_ok(text);
    assert_int_equal(c->workers, 2);
    nf_config_free(c);
}

/* A config whose line 3 is `rules = ` and a path of path_len characters. */
static void config_with_long_rules(char *text, size_t size, size_t path_len)
{
    char path[512];
    memset(path, 'p', path_len);
    path[path_len] = '\0';
    snprintf(text, size, "[pipeline]\nstages = a\n[a]\nrules = %s\nworkers = 7\n", path);
}

static void test_over_long_line_is_an_error(void **state)
{
    (void)state;
    char text[1024];
    /* Debian's inih reads lines in 200-byte buffers: 198 characters, '\n' and NUL. */
    config_with_long_rules(text, sizeof text, 198 - strlen("rules = "));
    assert_error_at(text, 5, "unknown key 'workers' in [a]");
    config_with_long_rules(text, sizeof text, 199 - strlen("rules = "));
    assert_error_at(text, 4, "longer than 198 characters");
    /* inih alone would cut this line and read its tail as a key of its own. */
    snprintf(text, sizeof text, "[pipeline]\nstages = a\nworkers = 2%*s\n", 300, "workers = 7");
    assert_error_at(text, 3, "longer than 198");
}

static void test_unknown_key(void **state)
{
    (void)state;
    assert_error_at("[pipeline]\nstages = a\nbogus = 1\n", 3, "unknown key 'bogus' in [pipeline]");
    assert_error_at("[pipeline]\nstages = a\n[a]\nrule = x.lua\n", 4, "unknown key 'rule' in [a]");
    assert_error_at("[watch]\ninbox = in\nsettle_ms = 5\n[pipeline]\nstages = a\n", 3,
                    "unknown key 'settle_ms' in [watch]");
    assert_error_at("stages = a\n[pipeline]\n", 1, "before any [section]");
}

static void test_unknown_section(void **state)
{
    (void)state;
    assert_error_at("[pipeline]\nstages = a\n\n[foo]\ntype = x\n", 4,
                    "[foo] is not a stage listed in [pipeline] stages (line 2)");
    /* A section before [pipeline] is checked once the list is known. */
    assert_error_at("# x\n[foo]\nrules = f.lua\n[pipeline]\nstages = a\n", 2,
                    "[foo] is not a stage listed in [pipeline] stages (line 5)");
    /* A section with no keys at all. */
    assert_error_at("[pipeline]\nstages = a\n[a]\n[b]\n", 4, "[b] is not a stage");
    assert_error_at("[pipeline]\nstages = a\n[a b]\n", 3, "bad section name '[a b]'");
    assert_error_at("[pipeline]\nstages = a\n[a\n", 3, "closing ']'");
    assert_error_at("[pipeline] x\nstages = a\n", 1, "unexpected text after [pipeline]");
    assert_error_at("[pipeline]\nstages = a\n[a]\n[a]\n", 4, "[a] appears twice (first on line 3)");
    assert_error_at("[pipeline]\nstages = a\n[pipeline]\n", 3, "[pipeline] appears twice");
}

static void test_bad_workers(void **state)
{
    (void)state;
    static const char *const bad[] = {"0", "abc", "auto2", "1025", "-1", "4.5", ""};
    char text[128];
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char fragment[64];
        snprintf(text, sizeof text, "[pipeline]\nstages = a\nworkers = %s\n", bad[i]);
        snprintf(fragment, sizeof fragment, "bad value '%s' for workers", bad[i]);
        assert_error_at(text, 3, fragment);
    }
    nf_config *c = parse_ok("[pipeline]\nstages = a\nworkers = 1024\n");
    assert_int_equal(c->workers, 1024);
    nf_config_free(c);
}

static void test_bad_values(void **state)
{
    (void)state;
    assert_error_at("[pipeline]\nstages = a\nmax_article_bytes = 16Q\n", 3,
                    "bad value '16Q' for max_article_bytes");
    assert_error_at("[pipeline]\nstages = a\nmax_article_bytes = 0\n", 3, "max_article_bytes");
    assert_error_at("[pipeline]\nstages = a\nlua_memory_limit = 512k\n", 3,
                    "bad value '512k' for lua_memory_limit: expected a size of at least 1M");
    assert_error_at("[pipeline]\nstages = a\ninstruction_limit = 999\n", 3, "'999' for instruction_limit");
    assert_error_at("[pipeline]\nstages = a\nmax_in_flight = 0\n", 3, "'0' for max_in_flight");
    assert_error_at("[pipeline]\nstages = a\n[a]\ninstruction_limit = 5\n", 4, "'5' for instruction_limit");
    assert_error_at("[pipeline]\nstages = a\n[a]\ntype = two words\n", 4, "'two words' for type");
    assert_error_at("[pipeline]\nstages = a\n[a]\nrules =\n", 4, "'' for rules");
    assert_error_at("[pipeline]\nstages = a\n[watch]\nsettle = soon\n", 4, "'soon' for settle");
    assert_error_at("[pipeline]\nstages = a\n[watch]\nrescan = 0s\n", 4, "'0s' for rescan");
    assert_error_at("[pipeline]\nstages = a\n[watch]\ninbox = \n", 4, "'' for inbox");
}

static void test_custom_limits(void **state)
{
    (void)state;
    /* Right after [watch] there is no value to continue, so the indented settle is a key. */
    nf_config *c = parse_ok("[pipeline]\nstages = a\nmax_article_bytes = 1MB\nmax_in_flight = 64\n"
                            "lua_memory_limit = 1M\ninstruction_limit = 1000\n"
                            "[watch]\n  settle = 2s\nrescan = 1m\n");
    assert_int_equal(c->max_article_bytes, 1 << 20);
    assert_int_equal(c->max_in_flight, 64);
    assert_int_equal(c->lua_memory_limit, 1 << 20);
    assert_int_equal(c->instruction_limit, 1000);
    assert_int_equal(c->watch.settle_ms, 2000);
    assert_int_equal(c->watch.rescan_ms, 60000);
    nf_config_free(c);
}

static void test_stage_list_errors(void **state)
{
    (void)state;
    assert_error_at("[pipeline]\nstages = a, b, a\n", 2, "stage 'a' is listed twice in stages (first on line 2)");
    assert_error_at("[pipeline]\nstages = a, b,\n  c, b\n", 3, "stage 'b' is listed twice");
    assert_error_at("[pipeline]\nstages = a, b c\n", 2, "bad stage name 'b c'");
    assert_error_at("[pipeline]\nstages = a,\n  b.c\n", 3, "bad stage name 'b.c'");
    assert_error_at("[pipeline]\nstages = a, watch\n", 2, "'watch' cannot name a stage");
    assert_error_at("[watch]\ninbox = in\n", 0, "no [pipeline] section");
    assert_error_at("", 0, "no [pipeline] section");
    assert_error_at("[a]\n[pipeline]\nworkers = 2\n", 2, "[pipeline] has no 'stages =' list");
    assert_error_at("[pipeline]\nworkers = 2\nstages =\n", 3, "'stages' is empty");
    assert_error_at("[pipeline]\nstages = , ,\n", 2, "'stages' is empty");
}

static void test_duplicate_key(void **state)
{
    (void)state;
    assert_error_at("[pipeline]\nstages = a\nworkers = 2\n\nworkers = 3\n", 5,
                    "duplicate key 'workers' in [pipeline] (first set on line 3)");
    assert_error_at("[pipeline]\nstages = a\nstages = b\n", 3, "duplicate key 'stages'");
    assert_error_at("[pipeline]\nstages = a\n[a]\nrules = x.lua\nrules = y.lua\n", 5,
                    "duplicate key 'rules' in [a] (first set on line 4)");
}

static void test_syntax_errors(void **state)
{
    (void)state;
    assert_error_at("[pipeline]\nstages = a\njust words\n", 3, "expected 'key = value'");
    /* Only the stage list may go on over indented lines. */
    assert_error_at("[pipeline]\nstages = a\nworkers = 2\n  4\n", 4, "continues 'workers'");
    char text[] = "[pipeline]\nstages = a\nworkers = 2\x00\n";
    nf_config *c = NULL;
    nf_diag d = {{0}, 0, {0}};
    assert_int_equal(nf_config_parse(text, sizeof text - 1, "t.conf", ".", &c, &d), NF_ECONFIG);
    assert_int_equal(d.line, 3);
    assert_non_null(strstr(d.message, "NUL"));
}

static void test_byte_order_mark_and_crlf(void **state)
{
    (void)state;
    nf_config *c = parse_ok("\xEF\xBB\xBF[pipeline]\r\nstages = a,\r\n  b\r\nworkers = 3\r\n");
    assert_int_equal(c->n_stages, 2);
    assert_string_equal(c->stages[1].name, "b");
    assert_int_equal(c->stages[1].line, 3);
    assert_int_equal(c->workers, 3);
    nf_config_free(c);
}

static void test_sizes(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        size_t bytes;
    } good[] = {
        {"0", 0},          {"1", 1},           {"1048576", 1048576}, {"7B", 7},
        {"512k", 512 << 10}, {"512K", 512 << 10}, {"512KiB", 512 << 10}, {"16M", 16 << 20},
        {"16MiB", 16 << 20}, {"16MB", 16 << 20}, {"16mb", 16 << 20},  {"1G", 1 << 30},
        {"2GiB", (size_t)2 << 30}, {"3T", (size_t)3 << 40},
        {"17179869183G", (size_t)17179869183 << 30},
    };
    static const char *const bad[] = {
        "", "-1", "+5", "abc", "16Q", "1.5M", "M", "16 M", " 16M", "16M ", "16MiBs",
        "18446744073709551616", "99999999999999999999", "17179869184G", "16777216T",
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        size_t n = 12345;
        if (nf_parse_size(good[i].text, &n) != 0 || n != good[i].bytes)
            fail_msg("'%s' -> %zu, expected %zu", good[i].text, n, good[i].bytes);
    }
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        size_t n = 12345;
        if (nf_parse_size(bad[i], &n) != NF_EINVAL || n != 12345)
            fail_msg("'%s' was accepted as %zu", bad[i], n);
    }
}

static void test_durations(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        uint64_t ms;
    } good[] = {
        {"500ms", 500}, {"5s", 5000}, {"5S", 5000}, {"2m", 120000}, {"1h", 3600000},
        {"250", 250},   {"0", 0},     {"18446744073709551615", UINT64_MAX},
    };
    static const char *const bad[] = {
        "", "-5s", "5x", "s", "5 s", "1.5s", "5sec", "ms5",
        "18446744073709551616", "18446744073709552s",
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        uint64_t ms = 12345;
        if (nf_parse_duration_ms(good[i].text, &ms) != 0 || ms != good[i].ms)
            fail_msg("'%s' -> %llu ms", good[i].text, (unsigned long long)ms);
    }
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        uint64_t ms = 12345;
        if (nf_parse_duration_ms(bad[i], &ms) != NF_EINVAL || ms != 12345)
            fail_msg("'%s' was accepted as %llu ms", bad[i], (unsigned long long)ms);
    }
}

static const char paths_text[] = "[pipeline]\nstages = rel, abs\n"
                                 "[rel]\nrules = plugins/x.lua\n"
                                 "[abs]\nrules = /opt/rules/y.lua\n"
                                 "[watch]\ninbox = data/in\noutbox = /var/out\n";

static nf_config *parse_in(const char *dir)
{
    nf_config *c = NULL;
    assert_int_equal(nf_config_parse(paths_text, strlen(paths_text), "p.conf", dir, &c, NULL), 0);
    return c;
}

static void test_path_resolution(void **state)
{
    (void)state;
    nf_config *c = parse_in("/etc/nf");
    assert_string_equal(c->stages[0].rules, "plugins/x.lua");
    assert_string_equal(c->stages[0].rules_path, "/etc/nf/plugins/x.lua");
    assert_string_equal(c->stages[1].rules, "/opt/rules/y.lua");
    assert_string_equal(c->stages[1].rules_path, "/opt/rules/y.lua");
    assert_string_equal(c->watch.inbox, "/etc/nf/data/in");
    assert_string_equal(c->watch.outbox, "/var/out");
    assert_string_equal(c->watch.done, "/etc/nf/done");
    assert_string_equal(c->watch.quarantine, "/etc/nf/quarantine");
    nf_config_free(c);
    c = parse_in("/etc/nf/");
    assert_string_equal(c->stages[0].rules_path, "/etc/nf/plugins/x.lua");
    nf_config_free(c);
    c = parse_in("/");
    assert_string_equal(c->stages[0].rules_path, "/plugins/x.lua");
    nf_config_free(c);
    c = parse_in(".");
    assert_string_equal(c->stages[0].rules_path, "plugins/x.lua");
    assert_string_equal(c->watch.done, "done");
    nf_config_free(c);
}

/* A config that reaches every allocation the parser makes. */
static const char full_text[] = "[people]\ntype = entities\nrules = plugins/people.lua\n"
                                "[pipeline]\nstages = normalize, sentences,\n"
                                "  entities, people, a, b, c, d, e, f, g, h, i, j\n"
                                "workers = 2\n"
                                "[entities]\nrules = plugins/entities.lua\n"
                                "[watch]\ninbox = in\nquarantine = /q\n"
                                "[sentences]\n";

static void test_allocation_failures_are_reported_without_leaks(void **state)
{
    (void)state;
    long n = 0;
    for (;; n++) {
        nf_config *c = NULL;
        nf_diag d = {{0}, 0, {0}};
        nf_alloc_fail_after(n);
        int rc = nf_config_parse(full_text, strlen(full_text), "f.conf", "/etc/nf", &c, &d);
        nf_alloc_fail_after(-1);
        if (rc == 0) {
            assert_int_equal(c->n_stages, 14);
            nf_config_free(c);
            break;
        }
        assert_int_equal(rc, NF_ENOMEM);
        assert_null(c);
        assert_string_equal(d.message, "out of memory");
    }
    /* Sections, stages, names, types, paths: dozens of allocations were each made to fail. */
    assert_true(n > 30);
}

static void test_load_allocation_failures(void **state)
{
    (void)state;
    for (long n = 0;; n++) {
        nf_config *c = NULL;
        nf_alloc_fail_after(n);
        int rc = nf_config_load("pipeline.conf", &c, NULL);
        nf_alloc_fail_after(-1);
        if (rc == 0) {
            nf_config_free(c);
            break;
        }
        assert_int_equal(rc, NF_ENOMEM);
        assert_null(c);
    }
}

NF_TEST_GROUP(config) {
    cmocka_unit_test(test_default_file_parses),
    cmocka_unit_test(test_default_file_by_absolute_path_resolves_rules),
    cmocka_unit_test(test_missing_file_names_the_path),
    cmocka_unit_test(test_stage_order_lines_and_type_defaults),
    cmocka_unit_test(test_two_stages_share_a_type),
    cmocka_unit_test(test_stages_span_indented_lines),
    cmocka_unit_test(test_comments_are_ignored),
    cmocka_unit_test(test_long_comments_do_not_count),
    cmocka_unit_test(test_over_long_line_is_an_error),
    cmocka_unit_test(test_unknown_key),
    cmocka_unit_test(test_unknown_section),
    cmocka_unit_test(test_bad_workers),
    cmocka_unit_test(test_bad_values),
    cmocka_unit_test(test_custom_limits),
    cmocka_unit_test(test_stage_list_errors),
    cmocka_unit_test(test_duplicate_key),
    cmocka_unit_test(test_syntax_errors),
    cmocka_unit_test(test_byte_order_mark_and_crlf),
    cmocka_unit_test(test_sizes),
    cmocka_unit_test(test_durations),
    cmocka_unit_test(test_path_resolution),
    cmocka_unit_test(test_allocation_failures_are_reported_without_leaks),
    cmocka_unit_test(test_load_allocation_failures),
};
NF_TEST_GROUP_END(config);
