/*
 * test_engine.c — rulesets built from real config and plugin files, and
 * articles run through them: stage order, hooks, contained rule failures.
 */
#include "unit.h"

#include "engine.h"
#include "reader.h"

#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct fixture {
    char *dir;
    nf_ruleset *rs;
    nf_worker w;
    nf_article a;
    nf_diag d;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    f->dir = nf_test_temp_dir();
    nf_worker_init(&f->w);
    *state = f;
    return 0;
}

static void write_file(const fixture *f, const char *name, const char *text)
{
    char path[256];
    nf_test_path(path, sizeof path, f->dir, name);
    nf_test_write_file(path, text);
}

static int teardown(void **state)
{
    fixture *f = *state;
    nf_worker_free(&f->w);
    nf_ruleset_unref(f->rs);
    nf_test_remove_dir(f->dir);
    free(f);
    return 0;
}

/* Builds the ruleset from the fixture's pipeline.conf; returns the build's result. */
static int build(fixture *f)
{
    char path[128];
    snprintf(path, sizeof path, "%s/pipeline.conf", f->dir);
    memset(&f->d, 0, sizeof f->d);
    return nf_ruleset_build(path, 1, &f->rs, &f->d);
}

/* Runs a .txt-style document through the ruleset. The article stays in f->a until release. */
static void process(fixture *f, const char *doc)
{
    assert_int_equal(nf_article_init(&f->a, &f->w.arena), 0);
    nf_read_txt(&f->a, doc, strlen(doc), "t1", "t1.txt");
    assert_int_equal(nf_engine_process(&f->w, f->rs, &f->a), 0);
}

static void release(fixture *f)
{
    nf_article_release(&f->a);
    nf_arena_reset(&f->w.arena);
}

static const nf_entity *entity_named(const nf_article *a, const char *text)
{
    for (size_t i = 0; i < a->n_entities; i++) {
        const nf_entity *e = &a->entities[i];
        if (strlen(text) == e->end - e->start && memcmp(a->doc + e->start, text, e->end - e->start) == 0)
            return e;
    }
    return NULL;
}

static const char ENTITIES_CONF[] = "[pipeline]\nstages = normalize, sentences, entities\n"
                                    "[entities]\nrules = entities.lua\n";

static void test_entities_aliases_case_and_longest(void **state)
{
    fixture *f = *state;
    write_file(f, "pipeline.conf", ENTITIES_CONF);
    write_file(f, "entities.lua",
               "return { entities = {\n"
               "  { name = 'United States', type = 'PLACE', aliases = { 'US' } },\n"
               "  { name = 'New York', type = 'PLACE' },\n"
               "  { name = 'New York City', type = 'PLACE', aliases = { 'NYC' } },\n"
               "  { name = 'Vladimir Putin', type = 'PERSON', aliases = { 'Putin' } },\n"
               "}, lists = { { file = 'places.tsv', type = 'PLACE' } } }\n");
    write_file(f, "places.tsv", "# a list file\nZürich\t\tZurich|Zuerich\nGeneva\tPLACE\tGenève\n");
    assert_int_equal(build(f), 0);
    process(f, "Title\n\nLet us go to New York City, said PUTIN in Zurich and the US.");
    const nf_entity *nyc = entity_named(&f->a, "New York City");
    assert_non_null(nyc);
    assert_string_equal(nyc->name, "New York City");
    assert_null(entity_named(&f->a, "New York"));
    assert_null(entity_named(&f->a, "us"));
    assert_non_null(entity_named(&f->a, "US"));
    assert_string_equal(entity_named(&f->a, "PUTIN")->name, "Vladimir Putin");
    assert_string_equal(entity_named(&f->a, "Zurich")->name, "Zürich");
    assert_string_equal(entity_named(&f->a, "Zurich")->type, "PLACE");
    assert_int_equal(f->a.n_errors, 0);
    release(f);
}

static void test_aliases_differing_in_case_require_shared_capitals(void **state)
{
    fixture *f = *state;
    write_file(f, "pipeline.conf", ENTITIES_CONF);
    write_file(f, "entities.lua",
               "return { entities = { { name = 'Islamic State', type = 'ORG', aliases = { 'ISIS', 'Isis' } } } }\n");
    assert_int_equal(build(f), 0);
    process(f, "T\n\nISIS and Isis but not isis.");
    assert_non_null(entity_named(&f->a, "ISIS"));
    assert_non_null(entity_named(&f->a, "Isis"));
    assert_null(entity_named(&f->a, "isis"));
    release(f);
}

static void test_entity_hooks_veto_rename_and_add(void **state)
{
    fixture *f = *state;
    write_file(f, "pipeline.conf", ENTITIES_CONF);
    write_file(f, "entities.lua",
               "return { entities = { { name = 'Paris', type = 'PLACE' },\n"
               "                      { name = 'Hilton', type = 'ORG' } },\n"
               "  on_match = function(a, m)\n"
               "    if m.name == 'Hilton' then return false end\n"
               "    m.type = 'MISC'\n"
               "  end,\n"
               "  on_article = function(a)\n"
               "    local s, e = a.text:find('Ms Smith', 1, true)\n"
               "    if s then a:add_entity(s - 1, e, 'PERSON', 'Jane Smith') end\n"
               "  end }\n");
    assert_int_equal(build(f), 0);
    process(f, "T\n\nParis Hilton met Ms Smith.");
    assert_int_equal(f->a.n_errors, 0);
    assert_string_equal(entity_named(&f->a, "Paris")->type, "MISC");
    assert_null(entity_named(&f->a, "Hilton"));
    assert_string_equal(entity_named(&f->a, "Ms Smith")->name, "Jane Smith");
    release(f);
}

static const nf_value *claim_field(const nf_article *a, size_t i, const char *key)
{
    assert_true(i < a->n_claims);
    return nf_claim_get(&a->claims[i], key);
}

static void test_claims_fields_speaker_and_hedges(void **state)
{
    fixture *f = *state;
    write_file(f, "pipeline.conf",
               "[pipeline]\nstages = normalize, sentences, entities, claims\n"
               "[entities]\nrules = entities.lua\n[claims]\nrules = claims.lua\n");
    write_file(f, "entities.lua",
               "return { entities = { { name = 'Vladimir Putin', type = 'PERSON', aliases = { 'Putin' } } } }\n");
    write_file(f, "claims.lua",
               "return { patterns = {\n"
               "  { id = 'said_that', kind = 'quote',\n"
               "    pattern = [[(?<speaker>[A-Z]\\w+) (?<cue>said) that (?<content>.+)]] },\n"
               "  { id = 'killed', kind = 'number',\n"
               "    pattern = [[killed (?<qualifier>at least )?(?<number>[\\d,]+) (?<unit>people)]] },\n"
               "  { id = 'dropped', kind = 'quote', pattern = [[nobody]] },\n"
               "}, hedges = { 'reportedly' },\n"
               "on_match = function(a, c)\n"
               "  if c.rule == 'dropped' then return false end\n"
               "  c.checked = true\n"
               "end }\n");
    assert_int_equal(build(f), 0);
    process(f, "T\n\nPutin said that “the war” is over. Strikes reportedly killed at least 1,024 people. "
               "nobody.");
    assert_int_equal(f->a.n_errors, 0);
    assert_int_equal(f->a.n_claims, 2);
    const nf_claim *quote = &f->a.claims[0];
    assert_string_equal(quote->kind, "quote");
    assert_string_equal(claim_field(&f->a, 0, "speaker")->as.string, "Vladimir Putin");
    assert_string_equal(claim_field(&f->a, 0, "cue")->as.string, "said");
    assert_true(claim_field(&f->a, 0, "speaker_start")->as.number == 3);
    assert_true(claim_field(&f->a, 0, "attributed")->as.boolean);
    assert_false(claim_field(&f->a, 0, "hedged")->as.boolean);
    assert_true(claim_field(&f->a, 0, "checked")->as.boolean);
    /* The content maps back to the document's typographic quotes. */
    assert_memory_equal(f->a.doc + quote->start, "“the war” is over.", quote->end - quote->start);
    assert_true(claim_field(&f->a, 1, "number")->as.number == 1024);
    assert_string_equal(claim_field(&f->a, 1, "unit")->as.string, "people");
    assert_true(claim_field(&f->a, 1, "hedged")->as.boolean);
    assert_string_equal(claim_field(&f->a, 1, "hedge")->as.string, "reportedly");
    release(f);
}

static void test_score_signals_and_sorted_scores(void **state)
{
    fixture *f = *state;
    write_file(f, "pipeline.conf", "[pipeline]\nstages = normalize, score\n[score]\nrules = score.lua\n");
    write_file(f, "score.lua",
               "return { signals = {\n"
               "  { name = 'SHOUTING', weight = -0.5, why = 'all caps',\n"
               "    test = function(a) local n = 0 for _ in a.text:gmatch('%u%u%u+') do n = n + 1 end return n end },\n"
               "  { name = 'NEVER', weight = 9, test = function() return false end },\n"
               "  { name = 'WHY', weight = 1, test = function() return true, 'because' end },\n"
               "}, scores = {\n"
               "  zeta = function(a) return #a.signals end,\n"
               "  alpha = function(a) return 0.5 end,\n"
               "  broken = function(a) return 'high' end,\n"
               "} }\n");
    assert_int_equal(build(f), 0);
    process(f, "T\n\nTHIS IS BIG news");
    assert_int_equal(f->a.n_signals, 2);
    assert_string_equal(f->a.signals[0].name, "SHOUTING");
    assert_true(f->a.signals[0].weight == -1.0);
    assert_string_equal(f->a.signals[1].why, "because");
    assert_int_equal(f->a.n_scores, 2);
    assert_string_equal(f->a.scores[0].name, "alpha");
    assert_string_equal(f->a.scores[1].name, "zeta");
    assert_true(f->a.scores[1].value == 2);
    assert_int_equal(f->a.n_errors, 1);
    assert_non_null(strstr(f->a.errors[0].message, "broken"));
    release(f);
}

static void test_hook_error_is_contained_with_file_and_line(void **state)
{
    fixture *f = *state;
    write_file(f, "pipeline.conf",
               "[pipeline]\nstages = normalize, broken, entities\n"
               "[broken]\ntype = lua\nrules = broken.lua\n[entities]\nrules = entities.lua\n");
    write_file(f, "broken.lua", "return {\n  on_article = function(a)\n    local x = nil\n    return x.y\n  end }\n");
    write_file(f, "entities.lua", "return { entities = { { name = 'Moscow', type = 'PLACE' } } }\n");
    assert_int_equal(build(f), 0);
    process(f, "T\n\nIn Moscow.");
    assert_int_equal(f->a.n_errors, 1);
    assert_string_equal(f->a.errors[0].stage, "broken");
    assert_non_null(strstr(f->a.errors[0].file, "broken.lua"));
    assert_int_equal(f->a.errors[0].line, 4);
    assert_non_null(entity_named(&f->a, "Moscow"));
    assert_int_equal(f->a.n_timings, 3);
    assert_string_equal(f->a.timings[1].stage, "broken");
    release(f);
}

static void test_runaway_hook_is_stopped_and_state_rebuilt(void **state)
{
    fixture *f = *state;
    write_file(f, "pipeline.conf",
               "[pipeline]\nstages = normalize, loop\ninstruction_limit = 100000\n"
               "[loop]\ntype = lua\nrules = loop.lua\n");
    write_file(f, "loop.lua",
               "return { on_article = function(a)\n"
               "  if a.title == 'loop' then while true do end end\n"
               "  a:add_entity(0, 2, 'MISC')\n"
               "end }\n");
    assert_int_equal(build(f), 0);
    process(f, "loop\n\nbody");
    assert_int_equal(f->a.n_errors, 1);
    assert_string_equal(f->a.errors[0].code, "ebudget");
    assert_int_equal(f->a.errors[0].line, 2);
    release(f);
    process(f, "ok\n\nbody");
    assert_int_equal(f->a.n_errors, 0);
    assert_int_equal(f->a.n_entities, 1);
    release(f);
}

static void test_view_methods_check_spans(void **state)
{
    fixture *f = *state;
    write_file(f, "pipeline.conf", "[pipeline]\nstages = normalize, rule\n[rule]\ntype = lua\nrules = r.lua\n");
    write_file(f, "r.lua",
               "return { on_article = function(a)\n"
               "  assert(a:sub(0, 6) == 'Héllo' and a.body_start == 8 and a.body == 'x')\n"
               "  a:add_claim('factual', 0, 2, { score = 0.5 })\n"
               "end }\n");
    assert_int_equal(build(f), 0);
    process(f, "Héllo\n\nx");
    /* 0..2 ends inside "é": not a character boundary. */
    assert_int_equal(f->a.n_errors, 1);
    assert_int_equal(f->a.errors[0].line, 3);
    assert_non_null(strstr(f->a.errors[0].message, "boundaries"));
    release(f);
}

static void test_view_refuses_values_outside_the_contract(void **state)
{
    fixture *f = *state;
    write_file(f, "pipeline.conf", "[pipeline]\nstages = normalize, rule\n[rule]\ntype = lua\nrules = r.lua\n");
    write_file(f, "r.lua",
               "return { on_article = function(a)\n"
               "  if a.title == 'type' then a:add_entity(0, 4, 'WEAPON') end\n"
               "  if a.title == 'speaker' then a:add_claim('quote', 0, 4, { speaker = 5 }) end\n"
               "  if a.title == 'hedged' then a:add_claim('quote', 0, 4, { hedged = 'yes' }) end\n"
               "end }\n");
    assert_int_equal(build(f), 0);
    const char *titles[] = {"type", "speaker", "hedged"};
    const char *words[] = {"WEAPON", "speaker", "hedged"};
    for (size_t i = 0; i < 3; i++) {
        char doc[64];
        snprintf(doc, sizeof doc, "%s\n\nbody", titles[i]);
        process(f, doc);
        assert_int_equal(f->a.n_errors, 1);
        assert_int_equal(f->a.errors[0].line, (int)i + 2);
        assert_non_null(strstr(f->a.errors[0].message, words[i]));
        assert_int_equal(f->a.n_entities + f->a.n_claims, i == 0 ? 0 : 1);
        release(f);
    }
}

static void test_hook_out_of_memory_does_not_stop_later_stages(void **state)
{
    fixture *f = *state;
    write_file(f, "pipeline.conf",
               "[pipeline]\nstages = normalize, hog, entities\nlua_memory_limit = 4M\n"
               "[hog]\ntype = lua\nrules = hog.lua\n[entities]\nrules = entities.lua\n");
    write_file(f, "hog.lua",
               "return { on_article = function(a) local t = {} while true do t[#t + 1] = ('x'):rep(4096) .. #t end end }\n");
    write_file(f, "entities.lua", "return { entities = { { name = 'Moscow', type = 'PLACE' } } }\n");
    assert_int_equal(build(f), 0);
    process(f, "T\n\nIn Moscow.");
    assert_int_equal(f->a.n_errors, 1);
    assert_string_equal(f->a.errors[0].code, "enomem");
    assert_non_null(entity_named(&f->a, "Moscow"));
    release(f);
}

static void test_excluded_spans_drop_annotations_for_later_stages(void **state)
{
    fixture *f = *state;
    write_file(f, "pipeline.conf",
               "[pipeline]\nstages = normalize, sentences, entities, cut, after\n"
               "[entities]\nrules = entities.lua\n[cut]\ntype = lua\nrules = cut.lua\n"
               "[after]\ntype = lua\nrules = after.lua\n");
    write_file(f, "entities.lua", "return { entities = { { name = 'Moscow', type = 'PLACE' } } }\n");
    write_file(f, "cut.lua",
               "return { on_article = function(a)\n"
               "  assert(#a.entities == 2)\n"
               "  local s, e = a.text:find('Share on Moscow', 1, true)\n"
               "  a:exclude(s - 1, e)\n"
               "end }\n");
    write_file(f, "after.lua",
               "return { on_article = function(a)\n"
               "  a:signal('SEEN', #a.entities, a.excluded[1].text)\n"
               "end }\n");
    assert_int_equal(build(f), 0);
    process(f, "T\n\nIn Moscow.\nShare on Moscow");
    assert_int_equal(f->a.n_errors, 0);
    assert_int_equal(f->a.n_entities, 1);
    assert_int_equal(f->a.n_sentences, 2);
    assert_int_equal(f->a.n_excluded, 1);
    assert_true(f->a.signals[0].weight == 1);
    assert_string_equal(f->a.signals[0].why, "Share on Moscow");
    release(f);
}

static void test_view_does_not_outlive_its_article(void **state)
{
    fixture *f = *state;
    write_file(f, "pipeline.conf", "[pipeline]\nstages = normalize, rule\n[rule]\ntype = lua\nrules = r.lua\n");
    write_file(f, "r.lua",
               "local kept = {}\n"
               "return { on_article = function(a)\n"
               "  if kept[1] then return kept[1].id end\n"
               "  kept[1] = a\n"
               "end }\n");
    assert_int_equal(build(f), 0);
    process(f, "one\n\nx");
    assert_int_equal(f->a.n_errors, 0);
    release(f);
    process(f, "two\n\nx");
    assert_int_equal(f->a.n_errors, 1);
    assert_non_null(strstr(f->a.errors[0].message, "no longer being processed"));
    release(f);
}

static void test_invalid_utf8_stops_processing_with_error(void **state)
{
    fixture *f = *state;
    write_file(f, "pipeline.conf", ENTITIES_CONF);
    write_file(f, "entities.lua", "return { entities = { { name = 'Moscow', type = 'PLACE' } } }\n");
    assert_int_equal(build(f), 0);
    process(f, "T\n\nMoscow \xc0\xaf");
    assert_int_equal(f->a.n_errors, 1);
    assert_string_equal(f->a.errors[0].code, "eutf8");
    assert_int_equal(f->a.n_entities, 0);
    release(f);
}

static void test_ruleset_errors_say_where(void **state)
{
    fixture *f = *state;
    write_file(f, "pipeline.conf", "[pipeline]\nstages = normalize, entitys\n");
    assert_int_equal(build(f), NF_ECONFIG);
    assert_int_equal(f->d.line, 2);
    assert_non_null(strstr(f->d.message, "unknown stage type 'entitys'"));

    write_file(f, "pipeline.conf", ENTITIES_CONF);
    write_file(f, "entities.lua", "return { entites = {} }\n");
    assert_int_equal(build(f), NF_ELUA);
    assert_non_null(strstr(f->d.message, "unknown field 'entites'"));

    write_file(f, "pipeline.conf", "[pipeline]\nstages = claims\n[claims]\nrules = c.lua\n");
    write_file(f, "c.lua", "return { patterns = { { id = 'bad', kind = 'quote', pattern = '(unclosed' } } }\n");
    assert_int_equal(build(f), NF_ELUA);
    assert_non_null(strstr(f->d.message, "pattern 'bad'"));

    write_file(f, "pipeline.conf", "[pipeline]\nstages = claims\n[claims]\nrules = missing.lua\n");
    assert_int_equal(build(f), NF_ECONFIG);
    assert_int_equal(f->d.line, 4);

    write_file(f, "pipeline.conf", ENTITIES_CONF);
    write_file(f, "entities.lua", "return { lists = { 'nowhere.tsv' } }\n");
    assert_int_equal(build(f), NF_ELUA);
    assert_non_null(strstr(f->d.message, "nowhere.tsv"));
}

static void test_ruleset_lists_its_files(void **state)
{
    fixture *f = *state;
    write_file(f, "pipeline.conf", ENTITIES_CONF);
    write_file(f, "entities.lua", "return { lists = { 'a.tsv' } }\n");
    write_file(f, "a.tsv", "Oslo\tPLACE\t\n");
    assert_int_equal(build(f), 0);
    const char *const *files;
    size_t n = nf_ruleset_files(f->rs, &files);
    assert_int_equal(n, 3);
    assert_non_null(strstr(files[0], "pipeline.conf"));
    assert_non_null(strstr(files[1], "entities.lua"));
    assert_non_null(strstr(files[2], "a.tsv"));
}

/* --- boilerplate and score (stage_boilerplate.c, stage_score.c, counts.c, sites.c) --- */

static const nf_excluded *excluded_text(const nf_article *a, const char *text)
{
    for (size_t i = 0; i < a->n_excluded; i++) {
        const nf_excluded *x = &a->excluded[i];
        if (strlen(text) <= x->end - x->start && memcmp(a->doc + x->start, text, strlen(text)) == 0)
            return x;
    }
    return NULL;
}

static size_t count_entities(const nf_article *a, const char *text)
{
    size_t n = 0;
    for (size_t i = 0; i < a->n_entities; i++)
        n += strlen(text) == a->entities[i].end - a->entities[i].start &&
             memcmp(a->doc + a->entities[i].start, text, strlen(text)) == 0;
    return n;
}

/* The total weight of the article's signals called `name` (0 when there is none). */
static double signal_weight(const nf_article *a, const char *name)
{
    double w = 0;
    for (size_t i = 0; i < a->n_signals; i++)
        if (strcmp(a->signals[i].name, name) == 0)
            w += a->signals[i].weight;
    return w;
}

static const char BOILERPLATE_CONF[] =
    "[pipeline]\nstages = normalize, boilerplate, sentences, entities\n"
    "[boilerplate]\nrules = bp.lua\n[entities]\nrules = entities.lua\n";

static void test_boilerplate_excludes_lines_before_entities(void **state)
{
    fixture *f = *state;
    write_file(f, "pipeline.conf", BOILERPLATE_CONF);
    write_file(f, "entities.lua", "return { entities = { { name = 'Moscow', type = 'PLACE' } } }\n");
    write_file(f, "bp.lua",
               "local FOOTER = { name = 'FOOTER', weight = -2, why = 'a footer' }\n"
               "return { rules = {\n"
               "  { id = 'source', at = 'start', max_line = 200, to_end = true, signal = FOOTER,\n"
               "    phrases = { 'Source Article from' } },\n"
               "  { id = 'views', at = 'start', max_line = 30, signal = FOOTER, phrases = { 'Views' },\n"
               "    pattern = [[^Views:\\s*\\d+$]] },\n"
               "  { id = 'button', at = 'line', max_line = 20, phrases = { 'Share', 'Tweet' } },\n"
               "  { id = 'copyright', max_line = 80, phrases = { '©', 'All rights reserved' } },\n"
               "} }\n");
    assert_int_equal(build(f), 0);
    process(f, "Share\n\nMoscow said on Monday.\nShare prices fell in Moscow.\n• TWEET\nViews: 12\n"
               "Views of Moscow were fine.\n© 2015 Moscow Times. All rights reserved.\n"
               "This line about Moscow is far longer than any copyright notice: all rights reserved, it says.\n"
               "Source Article from http://moscow.example/x\nRelated posts: Moscow\n");
    assert_int_equal(f->a.n_errors, 0);
    assert_int_equal(f->a.n_excluded, 4);
    assert_string_equal(excluded_text(&f->a, "• TWEET")->rule, "button");
    assert_string_equal(excluded_text(&f->a, "Views: 12")->rule, "views");
    assert_string_equal(excluded_text(&f->a, "© 2015")->rule, "copyright");
    const nf_excluded *source = excluded_text(&f->a, "Source Article from");
    assert_string_equal(source->rule, "source");
    assert_int_equal(source->end, f->a.doc_len);
    assert_null(excluded_text(&f->a, "Share"));   /* the title, and a sentence that starts with "Share" */
    /* One signal for two rules that name it; the entities of excluded lines are gone. */
    assert_int_equal(f->a.n_signals, 1);
    assert_true(signal_weight(&f->a, "FOOTER") == -2);
    assert_int_equal(count_entities(&f->a, "Moscow"), 4);
    release(f);
}

static void test_boilerplate_anchors_lengths_and_shared_phrases(void **state)
{
    fixture *f = *state;
    write_file(f, "pipeline.conf", "[pipeline]\nstages = normalize, boilerplate\n[boilerplate]\nrules = bp.lua\n");
    write_file(f, "bp.lua",
               "return { rules = {\n"
               "  { id = 'starts', at = 'start', max_line = 120, phrases = { '©', 'Follow us' } },\n"
               "  { id = 'anywhere', max_line = 30, phrases = { '©' } },\n"
               "} }\n");
    assert_int_equal(build(f), 0);
    char doc[1024];
    char long_line[200];
    memset(long_line, 'x', sizeof long_line - 1);
    long_line[sizeof long_line - 1] = '\0';
    snprintf(doc, sizeof doc,
             "T\n\nPhoto © AP\n— © 2014 The Times, a notice longer than thirty bytes\n"
             "© %s\nFollow us on the Moscow road, a sentence.\nWe follow us.\n", long_line);
    process(f, doc);
    assert_int_equal(f->a.n_errors, 0);
    /* A phrase of two rules: the first that holds on the line wins. */
    assert_string_equal(excluded_text(&f->a, "Photo © AP")->rule, "anywhere");
    assert_string_equal(excluded_text(&f->a, "— © 2014")->rule, "starts");
    assert_string_equal(excluded_text(&f->a, "Follow us on")->rule, "starts");
    assert_null(excluded_text(&f->a, "© xxx"));       /* longer than any rule's max_line */
    assert_null(excluded_text(&f->a, "We follow"));   /* a word before an anchored phrase */
    assert_int_equal(f->a.n_excluded, 3);
    release(f);
}

static void test_boilerplate_rule_errors(void **state)
{
    fixture *f = *state;
    write_file(f, "pipeline.conf", "[pipeline]\nstages = normalize, boilerplate\n[boilerplate]\nrules = bp.lua\n");
    const char *bad[][2] = {
        {"return { rules = { { id = 'x', at = 'end', phrases = { 'a' } } } }", "at must be"},
        {"return { rules = { { id = 'x', phrases = { 'a' }, pattern = '(' } } }", "rule 'x': pattern"},
        {"return { rules = { { id = 'x' } } }", "needs phrases"},
        {"return { rules = { { id = 'x', max_line = -3, phrases = { 'a' } } } }", "max_line"},
        {"return { rules = { { id = 'x', phrases = { '  ' } } } }", "empty"},
        {"return { rules = { { phrases = { 'a' } } } }", "needs an id"},
        {"return { rules = { { id = 'x', phrases = { 'a' }, signal = { name = 'S' } } } }", "finite weight"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        write_file(f, "bp.lua", bad[i][0]);
        assert_int_equal(build(f), NF_ELUA);
        assert_non_null(strstr(f->d.message, bad[i][1]));
        assert_non_null(strstr(f->d.file, "bp.lua"));
    }
}

static const char COUNTS_PLUGIN[] =
    "local function count(name)\n"
    "  return { name = name, weight = 1, test = function(a, f) return f[name] end }\n"
    "end\n"
    "return {\n"
    "  lexicons = { attribution = { 'said', 'according to' },\n"
    "               loaded = { \"don't want you to know\", 'Shocking', 'deep state' } },\n"
    "  sourced_by = 'attribution',\n"
    "  signals = { count('words'), count('sentences'), count('exclamations'), count('exclamation_runs'),\n"
    "    count('questions'), count('caps_runs'), count('caps_words'), count('figures'),\n"
    "    count('unsourced_figures'), count('attribution'), count('attribution_sentences'),\n"
    "    count('loaded'), count('loaded_sentences'), count('title_letters'), count('title_capitals'),\n"
    "    count('title_exclamations'), count('excluded') },\n"
    "}\n";

static void test_score_counts_words_marks_figures_and_lexicons(void **state)
{
    fixture *f = *state;
    write_file(f, "pipeline.conf", "[pipeline]\nstages = normalize, sentences, score\n[score]\nrules = score.lua\n");
    write_file(f, "score.lua", COUNTS_PLUGIN);
    assert_int_equal(build(f), 0);
    process(f, "BIG NEWS!\n\nShocking: THEY ARE LYING TO US, the minister said!! Prices rose 12% in 2015.\n"
               "According to data, 1,024 people came. What they DON’T want you to know?!\n"
               "The deep-state is not the deep state. 3D films cost $5 at 10:30.");
    assert_int_equal(f->a.n_errors, 0);
    static const struct {
        const char *name;
        double value;
    } expected[] = {
        {"words", 43}, {"sentences", 6}, {"exclamations", 3}, {"exclamation_runs", 2},
        {"questions", 1}, {"caps_runs", 1}, {"caps_words", 5}, {"figures", 3},
        {"unsourced_figures", 2}, {"attribution", 2}, {"attribution_sentences", 2}, {"loaded", 3},
        {"loaded_sentences", 3}, {"title_letters", 7}, {"title_capitals", 7},
        {"title_exclamations", 1}, {"excluded", 0},
    };
    for (size_t i = 0; i < sizeof expected / sizeof expected[0]; i++) {
        if (signal_weight(&f->a, expected[i].name) != expected[i].value)
            fail_msg("%s: %g, expected %g", expected[i].name, signal_weight(&f->a, expected[i].name),
                     expected[i].value);
    }
    release(f);
}

static void test_score_counts_skip_title_and_excluded_text(void **state)
{
    fixture *f = *state;
    write_file(f, "pipeline.conf",
               "[pipeline]\nstages = normalize, boilerplate, score\n[boilerplate]\nrules = bp.lua\n"
               "[score]\nrules = score.lua\n");
    write_file(f, "bp.lua", "return { rules = { { id = 'ad', at = 'line', phrases = { 'SHOCKING AD NOW' } } } }\n");
    write_file(f, "score.lua", COUNTS_PLUGIN);
    assert_int_equal(build(f), 0);
    /* No sentences stage: the body minus excluded lines is counted as one sentence. */
    process(f, "SAID SAID SAID\n\nThey said so.\nSHOCKING AD NOW\nWell.");
    assert_int_equal(f->a.n_errors, 0);
    assert_true(signal_weight(&f->a, "words") == 4);
    assert_true(signal_weight(&f->a, "sentences") == 2);
    assert_true(signal_weight(&f->a, "attribution") == 1);
    assert_true(signal_weight(&f->a, "loaded") == 0);
    assert_true(signal_weight(&f->a, "caps_runs") == 0);
    assert_true(signal_weight(&f->a, "excluded") == 1);
    release(f);
}

static void test_score_signal_failure_is_contained_and_scores_see_groups(void **state)
{
    fixture *f = *state;
    write_file(f, "pipeline.conf",
               "[pipeline]\nstages = normalize, early, score\n[early]\ntype = lua\nrules = early.lua\n"
               "[score]\nrules = score.lua\n");
    write_file(f, "early.lua", "return { on_article = function(a) a:signal('EARLY', 0.5, 'before') end }\n");
    write_file(f, "score.lua",
               "return { signals = {\n"
               "  { name = 'A', weight = 1, why = 'a', test = function() return true end },\n"
               "  { name = 'B', weight = 1, test = function(a, f) return f.nope.x end },\n"
               "  { name = 'C', weight = 2, why = 'c', test = function() return 2, 'twice' end },\n"
               "  { name = 'A', weight = 1, why = 'a', test = function() return 0.5 end },\n"
               "}, groups = { both = { 'A', 'C', 'EARLY' }, none = { 'B' } }, scores = {\n"
               "  total = function(a, g, f) return g.both + g.none end,\n"
               "  words = function(a, g, f) return f.words end,\n"
               "} }\n");
    assert_int_equal(build(f), 0);
    process(f, "T\n\nOne two three.");
    assert_int_equal(f->a.n_errors, 1);
    assert_int_equal(f->a.errors[0].line, 3);
    assert_true(signal_weight(&f->a, "A") == 1.5);
    assert_true(signal_weight(&f->a, "C") == 4);
    assert_string_equal(f->a.signals[2].why, "twice");
    assert_int_equal(f->a.n_scores, 2);
    assert_string_equal(f->a.scores[0].name, "total");
    assert_true(f->a.scores[0].value == 6);
    assert_true(f->a.scores[1].value == 3);
    release(f);
}

static void test_score_site_reputation_from_url_or_site(void **state)
{
    fixture *f = *state;
    write_file(f, "pipeline.conf", "[pipeline]\nstages = normalize, score\n[score]\nrules = score.lua\n");
    write_file(f, "sites.tsv", "# a comment\nexample.com\tfake,bias\nnews.example.org/blog\tsatire\n");
    write_file(f, "score.lua",
               "return { sites = 'sites.tsv', signals = {\n"
               "  { name = 'SITE', weight = 1, test = function(a, f)\n"
               "      return f.site ~= nil, (f.site or '') .. '@' .. (f.site_domain or '') end },\n"
               "} }\n");
    assert_int_equal(build(f), 0);
    static const struct {
        const char *key, *value, *why;
    } cases[] = {
        {"url", "https://user@WWW.Sub.Example.COM:8080/x?y", "fake,bias@example.com"},
        {"url", "http://news.example.org/blog/2015/post", "satire@news.example.org/blog"},
        {"site", "example.com", "fake,bias@example.com"},
        {"url", "http://news.example.org/other", NULL},
        {"url", "http://example.net/", NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_int_equal(nf_article_init(&f->a, &f->w.arena), 0);
        nf_read_txt(&f->a, "T\n\nx", 4, "t1", "t1.txt");
        cJSON_AddStringToObject(f->a.meta, cases[i].key, cases[i].value);
        assert_int_equal(nf_engine_process(&f->w, f->rs, &f->a), 0);
        if (cases[i].why) {
            assert_int_equal(f->a.n_signals, 1);
            assert_string_equal(f->a.signals[0].why, cases[i].why);
        } else {
            assert_int_equal(f->a.n_signals, 0);
        }
        release(f);
    }
}

static void test_score_plugin_errors(void **state)
{
    fixture *f = *state;
    write_file(f, "pipeline.conf", "[pipeline]\nstages = normalize, score\n[score]\nrules = score.lua\n");
    const char *bad[][2] = {
        {"return { lexicons = { Loaded = { 'x' } } }", "lexicon name 'Loaded'"},
        {"return { lexicons = { words = { 'x' } } }", "lexicon name 'words'"},
        {"return { lexicons = { loaded = { '-x' } } }", "starts with a letter or digit"},
        {"return { lexicons = { loaded = { 'x' } }, sourced_by = 'attribution' }", "no lexicon 'attribution'"},
        {"return { sites = 'missing.tsv' }", "cannot read the site list"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        write_file(f, "score.lua", bad[i][0]);
        assert_int_equal(build(f), NF_ELUA);
        assert_non_null(strstr(f->d.message, bad[i][1]));
    }
    write_file(f, "sites.tsv", "example.com\tfake\nno tab here\n");
    write_file(f, "score.lua", "return { sites = 'sites.tsv' }\n");
    assert_int_equal(build(f), NF_ELUA);
    assert_int_equal(f->d.line, 2);
    assert_non_null(strstr(f->d.file, "sites.tsv"));
}

/* The claim of `kind` whose text holds `text`, or NULL. */
static const nf_claim *claim_with(const nf_article *a, const char *kind, const char *text)
{
    for (size_t i = 0; i < a->n_claims; i++) {
        const nf_claim *c = &a->claims[i];
        size_t n = c->end - c->start;
        char *copy = strndup(a->doc + c->start, n);
        bool hit = copy && strcmp(c->kind, kind) == 0 && strstr(copy, text) != NULL;
        free(copy);
        if (hit)
            return c;
    }
    return NULL;
}

static const char *claim_string(const nf_claim *c, const char *key)
{
    const nf_value *v = nf_claim_get(c, key);
    return v && v->kind == NF_VALUE_STRING ? v->as.string : NULL;
}

static double claim_number(const nf_claim *c, const char *key)
{
    const nf_value *v = nf_claim_get(c, key);
    return v && v->kind == NF_VALUE_NUMBER ? v->as.number : -1;
}

static bool claim_bool(const nf_claim *c, const char *key)
{
    const nf_value *v = nf_claim_get(c, key);
    return v && v->kind == NF_VALUE_BOOL && v->as.boolean;
}

static const char CLAIMS_CONF[] = "[pipeline]\nstages = normalize, sentences, entities, claims\n"
                                  "[entities]\nrules = entities.lua\n[claims]\nrules = claims.lua\n";

static void write_claims_rules(fixture *f, const char *claims)
{
    write_file(f, "pipeline.conf", CLAIMS_CONF);
    write_file(f, "entities.lua",
               "return { entities = { { name = 'Vladimir Putin', type = 'PERSON', aliases = { 'Putin' } },\n"
               "                      { name = 'Pentagon', type = 'ORG' } } }\n");
    write_file(f, "claims.lua", claims);
    assert_int_equal(build(f), 0);
}

/* An anchored pattern: `pattern` at each need, `before` ending right before it, fields from both. */
static void test_claims_anchored_patterns_read_back_from_the_cue(void **state)
{
    fixture *f = *state;
    write_claims_rules(f,
        "return { patterns = {\n"
        "  { id = 'said', kind = 'quote', needs = { 'said', 'says' },\n"
        "    before = [[(?<speaker>[A-Z]\\w+(?: [A-Z]\\w+)*)(?: (?<when>today))?]],\n"
        "    pattern = [[(?<cue>said|says) (?:that )?(?<content>[^;]+)]] },\n"
        "} }\n");
    process(f, "T\n\nRussian President Vladimir Putin today said that the war is over. "
               "The report says nothing. The war ended in May.");
    assert_int_equal(f->a.n_errors, 0);
    const nf_claim *c = claim_with(&f->a, "quote", "the war is over");
    assert_non_null(c);
    /* The nearest word where `before` matches, then earlier ones while they match. */
    assert_string_equal(claim_string(c, "speaker"), "Vladimir Putin");
    assert_memory_equal(f->a.doc + (size_t)claim_number(c, "speaker_start"), "Russian President Vladimir",
                        26);
    assert_string_equal(claim_string(c, "when"), "today");
    assert_string_equal(claim_string(c, "cue"), "said");
    /* The trailing period is no part of the content. */
    assert_memory_equal(f->a.doc + c->end - 4, "over", 4);
    assert_null(claim_with(&f->a, "quote", "nothing"));   /* no capitalized speaker before "says" */
    release(f);
}

static void test_claims_anchored_pattern_needs_needs(void **state)
{
    fixture *f = *state;
    write_file(f, "pipeline.conf", CLAIMS_CONF);
    write_file(f, "entities.lua", "return { entities = {} }\n");
    write_file(f, "claims.lua",
               "return { patterns = { { id = 'x', kind = 'quote', before = 'A', pattern = 'b' } } }\n");
    assert_int_equal(build(f), NF_ELUA);
    assert_non_null(strstr(f->d.message, "needs"));
}

/* Hedges that speak of what came before reach back within their paragraph only. */
static void test_claims_hedges_reach_back_within_the_paragraph(void **state)
{
    fixture *f = *state;
    write_claims_rules(f,
        "return { patterns = {\n"
        "  { id = 'killed', kind = 'number', needs = { 'killed' },\n"
        "    pattern = [[killed (?<qualifier>at least )?(?<number>[\\w,-]+) (?<unit>people)]] },\n"
        "}, hedges = { 'allegedly' }, hedges_back = { 'could not be verified' } }\n");
    process(f, "T\n\nStrikes killed at least 24 people. Medics said a raid killed two people.\n"
               "The claims could not be verified.\nA raid killed 1,200 people. Another allegedly killed "
               "twenty-four people.");
    assert_int_equal(f->a.n_errors, 0);
    const nf_claim *before_paragraph = claim_with(&f->a, "number", "24 people");
    const nf_claim *two = claim_with(&f->a, "number", "two people");
    const nf_claim *after = claim_with(&f->a, "number", "1,200 people");
    const nf_claim *words = claim_with(&f->a, "number", "twenty-four");
    assert_non_null(before_paragraph);
    assert_non_null(two);
    assert_non_null(after);
    assert_non_null(words);
    assert_false(claim_bool(before_paragraph, "hedged"));   /* another paragraph */
    assert_false(claim_bool(two, "hedged"));
    assert_false(claim_bool(after, "hedged"));               /* after the hedge */
    assert_true(claim_bool(words, "hedged"));
    assert_string_equal(claim_string(words, "hedge"), "allegedly");
    assert_true(claim_number(after, "number") == 1200);
    assert_true(claim_number(two, "number") == 2);
    assert_true(claim_number(words, "number") == 24);
    release(f);
    process(f, "T\n\nStrikes killed at least 24 people. Medics said a raid killed two people. "
               "The claims could not be verified. A raid killed 3 people.");
    assert_true(claim_bool(claim_with(&f->a, "number", "24 people"), "hedged"));
    assert_true(claim_bool(claim_with(&f->a, "number", "two people"), "hedged"));
    assert_false(claim_bool(claim_with(&f->a, "number", "3 people"), "hedged"));
    release(f);
}

static const char QUOTE_RULES[] =
    "return { patterns = {\n"
    "  { id = 'after', kind = 'quote', needs = { 'said', 'added' },\n"
    "    before = [[^(?<content>\"[^\"]+\")]], pattern = [[(?<cue>said|added) (?<speaker>[A-Z]\\w+|he|she)]] },\n"
    "  { id = 'said', kind = 'quote', needs = { 'said', 'added', 'think' },\n"
    "    before = [[(?<speaker>[A-Z][\\w.]*(?: [A-Z]\\w+)*|[Hh]e|[Ss]he|I|[Tt]he Pentagon)]],\n"
    "    pattern = [[(?<cue>said|added|think)(?: that)? (?<content>[^;]+)]] },\n"
    "}, pronouns = { 'he', 'she' } }\n";

/* Pronoun speakers, whole quotations, quotations that go on, quotes inside quotes. */
static void test_claims_quotes_are_completed_from_the_article(void **state)
{
    fixture *f = *state;
    write_claims_rules(f, QUOTE_RULES);
    process(f, "T\n\nPutin said the war is over. He added that talks would follow. "
               "\"I think we will win,\" said Smith. \"We have the votes.\" \"Really.\"\n"
               "The Pentagon said the raid failed. He said nothing.");
    assert_int_equal(f->a.n_errors, 0);
    const nf_claim *added = claim_with(&f->a, "quote", "talks would follow");
    assert_non_null(added);
    assert_string_equal(claim_string(added, "speaker"), "Vladimir Putin");
    assert_string_equal(claim_string(added, "speaker_pronoun"), "He");
    /* "I think" is inside the quotation: Smith's words, not a quote of its own; the
       quotations that open the next sentences go on Smith's quote. */
    const nf_claim *smith = claim_with(&f->a, "quote", "I think we will win");
    assert_non_null(smith);
    assert_string_equal(claim_string(smith, "speaker"), "Smith");
    assert_ptr_equal(claim_with(&f->a, "quote", "Really."), smith);
    for (size_t i = 0; i < f->a.n_claims; i++)
        assert_false(nf_claim_get(&f->a.claims[i], "cue") &&
                     strcmp(claim_string(&f->a.claims[i], "cue"), "think") == 0);
    /* An ORG is nobody's "he": the pronoun stays. */
    const nf_claim *nothing = claim_with(&f->a, "quote", "nothing");
    assert_non_null(nothing);
    assert_string_equal(claim_string(nothing, "speaker"), "He");
    assert_null(nf_claim_get(nothing, "speaker_pronoun"));
    release(f);
}

static void test_claims_inner_quote_goes_whichever_is_found_first(void **state)
{
    fixture *f = *state;
    write_claims_rules(f, QUOTE_RULES);
    process(f, "T\n\nSmith said that Jones said the plan failed.");
    assert_int_equal(f->a.n_claims, 1);
    assert_string_equal(claim_string(&f->a.claims[0], "speaker"), "Smith");
    release(f);
}

/* Every sentence of the body is scored; those at the threshold are factual claims. */
static void test_claims_factual_sentences_are_scored(void **state)
{
    fixture *f = *state;
    write_claims_rules(f,
        "return { patterns = {\n"
        "  { id = 'said', kind = 'quote', needs = { 'said' },\n"
        "    before = [[(?<speaker>[A-Z]\\w+)]], pattern = [[(?<cue>said) (?<content>[^;]+)]] } },\n"
        "  hedges = { 'reportedly' },\n"
        "  factual = { bias = -1, threshold = 0.5, digits = 1, question = -3, min_words = 4, short = -2,\n"
        "    cues = { { weight = 1, 'percent', 'million' }, { weight = 0.5, 'rose' },\n"
        "             { weight = -2, 'i think' } } } }\n");
    process(f, "Prices rose 5 percent\n\nPrices reportedly rose 5 percent last year. "
               "Smith said costs rose 5 percent and 3 million jobs went. Did prices rise 5 percent last year? "
               "I think prices rose 5 percent last year. Hi.");
    assert_int_equal(f->a.n_errors, 0);
    /* The title is not scored. */
    size_t factual = 0;
    for (size_t i = 0; i < f->a.n_claims; i++)
        factual += strcmp(f->a.claims[i].kind, "factual") == 0;
    assert_int_equal(factual, 2);
    const nf_claim *prices = claim_with(&f->a, "factual", "Prices reportedly rose");
    assert_non_null(prices);
    /* -1 + 1 (digits) + 1 (percent) + 0.5 (rose) = 1.5 */
    assert_true(claim_number(prices, "score") == 0.818);
    assert_string_equal(claim_string(prices, "cue"), "percent");
    assert_true(claim_bool(prices, "hedged"));
    assert_false(claim_bool(prices, "attributed"));
    const nf_claim *costs = claim_with(&f->a, "factual", "costs rose");
    assert_non_null(costs);
    assert_true(claim_bool(costs, "attributed"));
    assert_string_equal(claim_string(costs, "speaker"), "Smith");
    /* Percent and million are one group: counted once. */
    assert_true(claim_number(costs, "score") == 0.818);
    release(f);
}

/* on_match sees each claim as it will be output, after the whole article was read. */
static void test_claims_on_match_runs_after_quotes_are_completed(void **state)
{
    fixture *f = *state;
    char rules[2048];
    snprintf(rules, sizeof rules, "%.*s,\n  on_match = function(a, c)\n"
             "    if c.speaker_pronoun then c.resolved = c.speaker end\n"
             "    if c.text:find('drop me', 1, true) then return false end\n"
             "  end }\n",
             (int)(strlen(QUOTE_RULES) - 3), QUOTE_RULES);
    write_claims_rules(f, rules);
    process(f, "T\n\nPutin said the war is over. He added that talks would follow. Putin said drop me.");
    assert_int_equal(f->a.n_errors, 0);
    assert_int_equal(f->a.n_claims, 2);
    const nf_claim *added = claim_with(&f->a, "quote", "talks would follow");
    assert_non_null(added);
    assert_string_equal(claim_string(added, "resolved"), "Vladimir Putin");
    assert_null(claim_with(&f->a, "quote", "drop me"));
    release(f);
}

#define ENGINE_TEST(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

NF_TEST_GROUP(engine) {
    ENGINE_TEST(test_entities_aliases_case_and_longest),
    ENGINE_TEST(test_aliases_differing_in_case_require_shared_capitals),
    ENGINE_TEST(test_entity_hooks_veto_rename_and_add),
    ENGINE_TEST(test_claims_fields_speaker_and_hedges),
    ENGINE_TEST(test_claims_anchored_patterns_read_back_from_the_cue),
    ENGINE_TEST(test_claims_anchored_pattern_needs_needs),
    ENGINE_TEST(test_claims_hedges_reach_back_within_the_paragraph),
    ENGINE_TEST(test_claims_quotes_are_completed_from_the_article),
    ENGINE_TEST(test_claims_inner_quote_goes_whichever_is_found_first),
    ENGINE_TEST(test_claims_factual_sentences_are_scored),
    ENGINE_TEST(test_claims_on_match_runs_after_quotes_are_completed),
    ENGINE_TEST(test_score_signals_and_sorted_scores),
    ENGINE_TEST(test_hook_error_is_contained_with_file_and_line),
    ENGINE_TEST(test_runaway_hook_is_stopped_and_state_rebuilt),
    ENGINE_TEST(test_view_methods_check_spans),
    ENGINE_TEST(test_view_refuses_values_outside_the_contract),
    ENGINE_TEST(test_hook_out_of_memory_does_not_stop_later_stages),
    ENGINE_TEST(test_excluded_spans_drop_annotations_for_later_stages),
    ENGINE_TEST(test_view_does_not_outlive_its_article),
    ENGINE_TEST(test_invalid_utf8_stops_processing_with_error),
    ENGINE_TEST(test_ruleset_errors_say_where),
    ENGINE_TEST(test_ruleset_lists_its_files),
    ENGINE_TEST(test_boilerplate_excludes_lines_before_entities),
    ENGINE_TEST(test_boilerplate_anchors_lengths_and_shared_phrases),
    ENGINE_TEST(test_boilerplate_rule_errors),
    ENGINE_TEST(test_score_counts_words_marks_figures_and_lexicons),
    ENGINE_TEST(test_score_counts_skip_title_and_excluded_text),
    ENGINE_TEST(test_score_signal_failure_is_contained_and_scores_see_groups),
    ENGINE_TEST(test_score_site_reputation_from_url_or_site),
    ENGINE_TEST(test_score_plugin_errors),
};
NF_TEST_GROUP_END(engine);
