/* test_output.c — the JSON output contract, read back with cJSON. */
#include "unit.h"

#include "alloc.h"
#include "article.h"
#include "output.h"

#include <string.h>

typedef struct fixture {
    nf_arena arena;
    nf_article a;
} fixture;

static const char DOC[] = "Putin speaks\n\nVladimir Putin said \"no\" in Moscow.";

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    nf_arena_init(&f->arena, 4096);
    assert_int_equal(nf_article_init(&f->a, &f->arena), 0);
    f->a.id = "a1";
    f->a.source = "in/a1.txt";
    assert_int_equal(nf_article_set_doc(&f->a, DOC, strlen(DOC), 0, 12, 14), 0);
    assert_int_equal(nf_article_check_text(&f->a, "normalize"), 0);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    nf_article_release(&f->a);
    nf_arena_free(&f->arena);
    free(f);
    return 0;
}

static cJSON *serialize(const nf_article *a, const nf_output_options *opt)
{
    size_t len = 0;
    char *text = nf_output_json(a, opt, &len);
    assert_non_null(text);
    assert_int_equal(len, strlen(text));
    cJSON *root = cJSON_Parse(text);
    free(text);
    assert_non_null(root);
    return root;
}

static void test_keys_in_contract_order(void **state)
{
    fixture *f = *state;
    nf_output_options opt = {0};
    cJSON *root = serialize(&f->a, &opt);
    const char *expected[] = {"id", "source", "title", "meta", "sentences", "excluded", "entities", "claims",
                              "signals", "scores", "errors", "timings_us", NULL};
    const cJSON *item = root->child;
    for (const char **key = expected; *key; key++, item = item->next) {
        assert_non_null(item);
        assert_string_equal(item->string, *key);
    }
    assert_null(item);
    assert_string_equal(cJSON_GetObjectItem(root, "title")->valuestring, "Putin speaks");
    cJSON_Delete(root);
}

static void test_with_text_and_rules(void **state)
{
    fixture *f = *state;
    nf_ruleset rs = {.generation = 7, .loaded_at = 0};
    nf_output_options opt = {.with_text = true, .rules = &rs};
    cJSON *root = serialize(&f->a, &opt);
    assert_string_equal(cJSON_GetObjectItem(root, "text")->valuestring, DOC);
    cJSON *rules = cJSON_GetObjectItem(root, "rules");
    assert_int_equal(cJSON_GetObjectItem(rules, "generation")->valueint, 7);
    assert_string_equal(cJSON_GetObjectItem(rules, "loaded_at")->valuestring, "1970-01-01T00:00:00Z");
    cJSON_Delete(root);
}

static void test_entity_text_is_cut_from_the_document(void **state)
{
    fixture *f = *state;
    assert_int_equal(nf_article_add_entity(&f->a, 14, 28, "PERSON", "Vladimir Putin", "p.lua"), 0);
    nf_output_options opt = {0};
    cJSON *root = serialize(&f->a, &opt);
    cJSON *e = cJSON_GetArrayItem(cJSON_GetObjectItem(root, "entities"), 0);
    assert_string_equal(cJSON_GetObjectItem(e, "type")->valuestring, "PERSON");
    assert_string_equal(cJSON_GetObjectItem(e, "name")->valuestring, "Vladimir Putin");
    assert_string_equal(cJSON_GetObjectItem(e, "text")->valuestring, "Vladimir Putin");
    assert_int_equal(cJSON_GetObjectItem(e, "start")->valueint, 14);
    assert_int_equal(cJSON_GetObjectItem(e, "end")->valueint, 28);
    assert_string_equal(cJSON_GetObjectItem(e, "rule")->valuestring, "p.lua");
    cJSON_Delete(root);
}

static void test_claim_has_contract_fields_with_defaults(void **state)
{
    fixture *f = *state;
    nf_claim *c = nf_article_add_claim(&f->a, "quote", 34, 38, "said_quote");
    assert_non_null(c);
    nf_value unit = {.kind = NF_VALUE_STRING, .as.string = "people"};
    assert_int_equal(nf_claim_set(&f->a, c, "unit", unit), 0);
    nf_output_options opt = {0};
    cJSON *root = serialize(&f->a, &opt);
    cJSON *claim = cJSON_GetArrayItem(cJSON_GetObjectItem(root, "claims"), 0);
    assert_string_equal(cJSON_GetObjectItem(claim, "text")->valuestring, "\"no\"");
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(claim, "speaker")));
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(claim, "cue")));
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(claim, "number")));
    assert_true(cJSON_IsFalse(cJSON_GetObjectItem(claim, "hedged")));
    assert_true(cJSON_IsFalse(cJSON_GetObjectItem(claim, "attributed")));
    assert_string_equal(cJSON_GetObjectItem(claim, "unit")->valuestring, "people");
    assert_string_equal(cJSON_GetObjectItem(claim, "rule")->valuestring, "said_quote");
    cJSON_Delete(root);
}

static void test_claim_fields_override_defaults_once(void **state)
{
    fixture *f = *state;
    nf_claim *c = nf_article_add_claim(&f->a, "quote", 34, 38, "r");
    nf_value speaker = {.kind = NF_VALUE_STRING, .as.string = "Vladimir Putin"};
    nf_value hedged = {.kind = NF_VALUE_BOOL, .as.boolean = true};
    assert_int_equal(nf_claim_set(&f->a, c, "speaker", speaker), 0);
    assert_int_equal(nf_claim_set(&f->a, c, "hedged", hedged), 0);
    nf_output_options opt = {0};
    cJSON *root = serialize(&f->a, &opt);
    cJSON *claim = cJSON_GetArrayItem(cJSON_GetObjectItem(root, "claims"), 0);
    int speakers = 0;
    for (cJSON *item = claim->child; item; item = item->next)
        speakers += strcmp(item->string, "speaker") == 0;
    assert_int_equal(speakers, 1);
    assert_string_equal(cJSON_GetObjectItem(claim, "speaker")->valuestring, "Vladimir Putin");
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(claim, "hedged")));
    cJSON_Delete(root);
}

static void test_sentences_signals_scores_errors_timings(void **state)
{
    fixture *f = *state;
    assert_int_equal(nf_article_add_sentence(&f->a, 0, 12), 0);
    assert_int_equal(nf_article_add_signal(&f->a, "NAMED_SOURCE", 1.5, "a named speaker", "score"), 0);
    assert_int_equal(nf_article_set_score(&f->a, "sourcing", 0.25), 0);
    assert_int_equal(nf_article_set_score(&f->a, "sourcing", 0.5), 0);
    assert_int_equal(nf_article_add_error(&f->a, "claims", NF_EBUDGET, "c.lua", 12, "over %d", 3), 0);
    assert_int_equal(nf_article_add_timing(&f->a, "claims", 42), 0);
    nf_output_options opt = {0};
    cJSON *root = serialize(&f->a, &opt);
    cJSON *s = cJSON_GetArrayItem(cJSON_GetObjectItem(root, "sentences"), 0);
    assert_int_equal(cJSON_GetArrayItem(s, 0)->valueint, 0);
    assert_int_equal(cJSON_GetArrayItem(s, 1)->valueint, 12);
    cJSON *sig = cJSON_GetArrayItem(cJSON_GetObjectItem(root, "signals"), 0);
    assert_string_equal(cJSON_GetObjectItem(sig, "name")->valuestring, "NAMED_SOURCE");
    assert_true(cJSON_GetObjectItem(sig, "weight")->valuedouble == 1.5);
    cJSON *scores = cJSON_GetObjectItem(root, "scores");
    assert_int_equal(cJSON_GetArraySize(scores), 1);
    assert_true(cJSON_GetObjectItem(scores, "sourcing")->valuedouble == 0.5);
    cJSON *err = cJSON_GetArrayItem(cJSON_GetObjectItem(root, "errors"), 0);
    assert_string_equal(cJSON_GetObjectItem(err, "stage")->valuestring, "claims");
    assert_string_equal(cJSON_GetObjectItem(err, "code")->valuestring, "ebudget");
    assert_string_equal(cJSON_GetObjectItem(err, "file")->valuestring, "c.lua");
    assert_int_equal(cJSON_GetObjectItem(err, "line")->valueint, 12);
    assert_string_equal(cJSON_GetObjectItem(err, "message")->valuestring, "over 3");
    assert_int_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(root, "timings_us"), "claims")->valueint, 42);
    cJSON_Delete(root);
}

static void test_invalid_utf8_is_replaced_in_json(void **state)
{
    fixture *f = *state;
    static const char bad[] = "Bad \xff title\n\nbody \xc3";
    assert_int_equal(nf_article_set_doc(&f->a, bad, sizeof bad - 1, 0, 11, 13), 0);
    assert_true(nf_article_check_text(&f->a, "normalize") < 0);
    nf_output_options opt = {.with_text = true};
    cJSON *root = serialize(&f->a, &opt);
    assert_string_equal(cJSON_GetObjectItem(root, "title")->valuestring, "Bad \xef\xbf\xbd title");
    assert_non_null(strstr(cJSON_GetObjectItem(root, "text")->valuestring, "body \xef\xbf\xbd"));
    cJSON *err = cJSON_GetArrayItem(cJSON_GetObjectItem(root, "errors"), 0);
    assert_string_equal(cJSON_GetObjectItem(err, "code")->valuestring, "eutf8");
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(err, "file")));
    cJSON_Delete(root);
}

static void test_meta_is_kept_in_order(void **state)
{
    fixture *f = *state;
    cJSON_AddStringToObject(f->a.meta, "url", "https://example.org/a");
    cJSON_AddNumberToObject(f->a.meta, "rank", 3);
    nf_output_options opt = {.pretty = true};
    size_t len;
    char *text = nf_output_json(&f->a, &opt, &len);
    assert_non_null(strchr(text, '\n'));
    assert_true(strstr(text, "\"url\"") < strstr(text, "\"rank\""));
    free(text);
}

static void test_out_of_memory_gives_null(void **state)
{
    fixture *f = *state;
    nf_output_options opt = {0};
    for (long n = 0; n < 40; n++) {
        nf_alloc_fail_after(n);
        char *text = nf_output_json(&f->a, &opt, NULL);
        nf_alloc_fail_after(-1);
        free(text);
    }
}

/* The text cJSON itself prints for a number. */
static char *cjson_number_text(double v)
{
    cJSON *n = cJSON_CreateNumber(v);
    char *text = cJSON_PrintUnformatted(n);
    cJSON_Delete(n);
    return text;
}

static void test_numbers_are_written_as_cjson_writes_them(void **state)
{
    fixture *f = *state;
    static const double values[] = {0, -0.0, 24, -7, 2147483647, 2147483648.0, -2147483649.0,
                                    4294967295.0, 999999999999999, 1e15, 0.5, -0.25, 0.1, 1.0 / 3,
                                    0.2689414213699951, 1e300, -1e-300};
    nf_claim *c = nf_article_add_claim(&f->a, "number", 14, 28, "r");
    assert_non_null(c);
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        nf_value v = {.kind = NF_VALUE_NUMBER, .as.number = values[i]};
        assert_int_equal(nf_claim_set(&f->a, c, "number", v), 0);
        nf_output_options opt = {0};
        char *text = nf_output_json(&f->a, &opt, NULL);
        assert_non_null(text);
        char *expected = cjson_number_text(values[i]);
        char needle[64];
        snprintf(needle, sizeof needle, "\"number\":%s,", expected);
        if (strstr(text, needle) == NULL)
            fail_msg("%.17g: expected %s in %s", values[i], needle, text);
        free(expected);
        free(text);
    }
}

static void test_print_grows_and_reuses_its_buffer(void **state)
{
    fixture *f = *state;
    for (uint32_t i = 0; i < 30; i++)
        assert_int_equal(nf_article_add_entity(&f->a, 14, 28, "PERSON", "Vladimir Putin", "p.lua"), 0);
    nf_output_options opts[] = {{0}, {.pretty = true}};
    for (size_t k = 0; k < 2; k++) {
        nf_outbuf buf = {.data = malloc(1), .cap = 1};
        assert_int_equal(nf_output_print(&f->a, &opts[k], &buf), 0);
        char *expected = nf_output_json(&f->a, &opts[k], NULL);
        assert_string_equal(buf.data, expected);
        assert_int_equal(buf.len, strlen(expected));
        char *kept = buf.data;
        assert_int_equal(nf_output_print(&f->a, &opts[k], &buf), 0);
        assert_ptr_equal(buf.data, kept);
        assert_string_equal(buf.data, expected);
        free(expected);
        free(buf.data);
    }
}

NF_TEST_GROUP(output) {
    cmocka_unit_test_setup_teardown(test_keys_in_contract_order, setup, teardown),
    cmocka_unit_test_setup_teardown(test_with_text_and_rules, setup, teardown),
    cmocka_unit_test_setup_teardown(test_entity_text_is_cut_from_the_document, setup, teardown),
    cmocka_unit_test_setup_teardown(test_claim_has_contract_fields_with_defaults, setup, teardown),
    cmocka_unit_test_setup_teardown(test_claim_fields_override_defaults_once, setup, teardown),
    cmocka_unit_test_setup_teardown(test_sentences_signals_scores_errors_timings, setup, teardown),
    cmocka_unit_test_setup_teardown(test_invalid_utf8_is_replaced_in_json, setup, teardown),
    cmocka_unit_test_setup_teardown(test_meta_is_kept_in_order, setup, teardown),
    cmocka_unit_test_setup_teardown(test_out_of_memory_gives_null, setup, teardown),
    cmocka_unit_test_setup_teardown(test_numbers_are_written_as_cjson_writes_them, setup, teardown),
    cmocka_unit_test_setup_teardown(test_print_grows_and_reuses_its_buffer, setup, teardown),
};
NF_TEST_GROUP_END(output);
