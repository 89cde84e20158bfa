/*
 * test_names.c — guessing names no list knows (core/names.c).
 *
 * The word classes below are a small subset of plugins/entities.lua's
 * `guess` table, so that the test does not need Lua. Sentences come from
 * the real segmenter; list matches ("known") are given by their text.
 * Cases marked "corpus" are sentences from ../shared/corpus articles.
 */
#include "unit.h"

#include "alloc.h"
#include "error.h"
#include "names.h"
#include "sentences.h"
#include "view.h"

#include <stdbool.h>
#include <string.h>

static const char *const titles[] = {
    "President", "Minister", "Foreign", "Prime", "Gen.", "Mr.", "Dr.", "Secretary", "spokesman", "King",
};
static const char *const org_words[] = {
    "Ministry", "Party", "Army", "Council", "Congress", "Bank", "Corp.", "Inc.", "&",
};
static const char *const place_words[] = {"River", "Strip"};
static const char *const event_words[] = {"Cup"};
static const char *const particles[] = {"bin", "al", "de", "van"};
static const char *const connectors[] = {"of", "&"};
static const char *const stopwords[] = {"The", "He", "Monday", "Friday", "But", "In", "As", "Then", "Later"};
static const char *const place_cues[] = {"in", "near", "at"};
static const char *const speech_verbs[] = {"said", "told"};
static const char *const first_names[] = {"George", "John", "Charles", "Anthony"};
static const char *const sport_words[] = {"beat", "innings", "match"};
static const char *const common_words[] = {"increased", "risk", "subscribe", "police", "assistant", "state"};

#define ADD(n, words, cls)                                                                   \
    for (size_t i_ = 0; i_ < sizeof words / sizeof words[0]; i_++)                           \
        assert_int_equal(nf_names_add_word(n, words[i_], strlen(words[i_]), cls), 0)

static nf_names *test_names(void)
{
    nf_names *n = nf_names_new();
    assert_non_null(n);
    ADD(n, titles, NF_WORD_TITLE);
    ADD(n, org_words, NF_WORD_ORG);
    ADD(n, place_words, NF_WORD_PLACE);
    ADD(n, event_words, NF_WORD_EVENT);
    ADD(n, particles, NF_WORD_PARTICLE);
    ADD(n, connectors, NF_WORD_CONNECTOR);
    ADD(n, stopwords, NF_WORD_STOP);
    ADD(n, place_cues, NF_WORD_PLACE_CUE);
    ADD(n, speech_verbs, NF_WORD_SPEECH);
    ADD(n, first_names, NF_WORD_FIRST_NAME);
    ADD(n, sport_words, NF_WORD_SPORT);
    ADD(n, common_words, NF_WORD_COMMON);
    return n;
}

/* A list match: its text (every occurrence is one), type and name. */
typedef struct known_spec {
    const char *text, *type, *name;
} known_spec;

/* The list matches of this text (set by a test before find) name teams in sports copy. */
static const char *team_text;

/* An expected name: its text as found, type and canonical name (NULL: the text). */
typedef struct want {
    const char *text, *type, *name;
} want;

#define MAX_KNOWN 16
#define MAX_SENTENCES 64

static int collect_sentence(uint32_t start, uint32_t end, void *ud)
{
    (void)end;
    uint32_t *starts = ud;
    if (starts[0] < MAX_SENTENCES - 1)
        starts[++starts[0]] = start;
    return 0;
}

static int compare_known(const void *a, const void *b)
{
    const nf_names_known *x = a, *y = b;
    return x->start < y->start ? -1 : x->start > y->start;
}

/* The names found in text (already a norm view); title is text up to the first line break when has_title. */
typedef struct result {
    nf_names *names;
    nf_names_scratch *scratch;
    nf_arena arena;
    const nf_name *out;
    size_t n;
    const char *text;
} result;

static void find(result *r, const char *text, bool has_title, const known_spec *known, size_t n_known)
{
    r->names = test_names();
    r->scratch = nf_names_scratch_new();
    assert_non_null(r->scratch);
    nf_arena_init(&r->arena, 4096);
    r->text = text;
    nf_segmenter *seg = nf_segmenter_new();
    assert_non_null(seg);
    assert_int_equal(nf_segmenter_add_title(seg, "Gen"), 0);
    assert_int_equal(nf_segmenter_add_title(seg, "Mr"), 0);
    uint32_t starts[MAX_SENTENCES] = {0};
    assert_int_equal(nf_segment(seg, text, strlen(text), collect_sentence, starts), 0);
    nf_segmenter_free(seg);
    nf_names_known k[MAX_KNOWN];
    size_t nk = 0;
    for (size_t i = 0; i < n_known; i++)
        for (const char *at = text; (at = strstr(at, known[i].text)) != NULL; at++) {
            assert_true(nk < MAX_KNOWN);
            k[nk++] = (nf_names_known){(uint32_t)(at - text), (uint32_t)(at - text + strlen(known[i].text)),
                                       known[i].type, known[i].name,
                                       team_text && strcmp(known[i].text, team_text) == 0};
        }
    qsort(k, nk, sizeof k[0], compare_known);
    const char *nl = strchr(text, '\n');
    nf_names_input in = {text, strlen(text), starts + 1, starts[0], k, nk,
                         has_title && nl ? (size_t)(nl - text) : 0};
    assert_int_equal(nf_names_find(r->names, r->scratch, &in, &r->arena, &r->out, &r->n), 0);
}

static void release(result *r)
{
    nf_names_free(r->names);
    nf_names_scratch_free(r->scratch);
    nf_arena_free(&r->arena);
}

static bool span_is(const result *r, const nf_name *f, const char *text)
{
    return f->end - f->start == strlen(text) && memcmp(r->text + f->start, text, strlen(text)) == 0;
}

/* Fails unless a name with w's text, type and name was found. */
static void expect(const result *r, want w)
{
    for (size_t i = 0; i < r->n; i++) {
        const nf_name *f = &r->out[i];
        if (span_is(r, f, w.text) && strcmp(f->type, w.type) == 0 &&
            strcmp(f->name, w.name ? w.name : w.text) == 0)
            return;
    }
    for (size_t i = 0; i < r->n; i++)
        print_error("  found '%.*s' %s '%s' (%s)\n", (int)(r->out[i].end - r->out[i].start),
                    r->text + r->out[i].start, r->out[i].type, r->out[i].name, nf_name_rules[r->out[i].rule]);
    fail_msg("expected '%s' %s '%s'", w.text, w.type, w.name ? w.name : w.text);
}

/* Fails when a name spans exactly text. */
static void expect_none(const result *r, const char *text)
{
    for (size_t i = 0; i < r->n; i++)
        if (span_is(r, &r->out[i], text))
            fail_msg("'%s' found as %s (%s)", text, r->out[i].type, nf_name_rules[r->out[i].rule]);
}

static void test_titles(void **state)
{
    (void)state;
    result r;
    static const known_spec known[] = {{"Russian", "GROUP", "Russians"}};
    find(&r, "Russian President Vladimir Putin met Gen. Martin Dempsey, and spokesman John Kirby "
             "said the Foreign Minister was away.", false, known, 1);
    expect(&r, (want){"Russian", "GROUP", "Russians"});
    expect(&r, (want){"Vladimir Putin", "PERSON", NULL});
    expect(&r, (want){"Martin Dempsey", "PERSON", NULL});
    expect(&r, (want){"John Kirby", "PERSON", NULL});
    expect_none(&r, "President Vladimir Putin");
    expect_none(&r, "Gen. Martin Dempsey");
    expect_none(&r, "Foreign Minister");
    expect_none(&r, "Minister");
    assert_string_equal(nf_name_rules[r.out[1].rule], "title");
    release(&r);
}

static void test_org_and_place_words(void **state)
{
    (void)state;
    result r;
    find(&r, "The Defence Ministry and Acme Corp. said the Kurdistan Democratic Party fled to the "
             "Gaza Strip for the World Cup.", false, NULL, 0);
    expect(&r, (want){"Defence Ministry", "ORG", NULL});
    expect(&r, (want){"Acme Corp.", "ORG", NULL});      /* the listed period belongs to the word */
    expect(&r, (want){"Kurdistan Democratic Party", "ORG", NULL});
    expect(&r, (want){"Gaza Strip", "PLACE", NULL});
    expect(&r, (want){"World Cup", "EVENT", NULL});
    release(&r);
    /* A head word alone names nothing. */
    find(&r, "Officials at the Ministry said so.", false, NULL, 0);
    expect_none(&r, "Ministry");
    release(&r);
}

static void test_connectors(void **state)
{
    (void)state;
    result r;
    find(&r, "He said the Bank of England, Osama bin Laden, Bashar al-Assad, Charles de Gaulle and "
             "Procter & Gamble agree.", false, NULL, 0);
    expect(&r, (want){"Bank of England", "ORG", NULL});
    expect(&r, (want){"Osama bin Laden", "PERSON", NULL});
    expect(&r, (want){"Bashar al-Assad", "PERSON", NULL});
    expect(&r, (want){"Charles de Gaulle", "PERSON", NULL});
    expect(&r, (want){"Procter & Gamble", "ORG", NULL});    /* "&" is an org word too */
    release(&r);
    /* Two names behind a particle are two words: "al-Sisi" is not "Ahmed al-Tayeb". */
    find(&r, "He met Ahmed al-Tayeb. Later al-Sisi spoke.", false, NULL, 0);
    expect(&r, (want){"Ahmed al-Tayeb", "PERSON", NULL});
    expect(&r, (want){"al-Sisi", "MISC", NULL});    /* a lone word (the test's single_type) */
    release(&r);
    /* "of" joins only after a head word: "President of France" is a title and a place. */
    static const known_spec known[] = {{"France", "PLACE", "France"}};
    find(&r, "He met the President of France.", false, known, 1);
    expect(&r, (want){"France", "PLACE", NULL});
    expect_none(&r, "President of France");
    release(&r);
}

static void test_initials(void **state)
{
    (void)state;
    result r;
    find(&r, "Then George W. Bush spoke, and P. Simmons took four for 38.", false, NULL, 0);
    expect(&r, (want){"George W. Bush", "PERSON", NULL});
    expect(&r, (want){"P. Simmons", "PERSON", NULL});
    release(&r);
}

static void test_sentence_initial(void **state)
{
    (void)state;
    result r;
    /* corpus: fnc1-1505 */
    find(&r, "Police said the soldiers were seen. The police chief said so.\n"
             "Monday was quiet. Sherbatov said the rebels left.\n"
             "Nikolai Sherbatov took the town.", false, NULL, 0);
    expect_none(&r, "Police");          /* written in lower case elsewhere */
    expect_none(&r, "Monday");          /* a stop word */
    expect(&r, (want){"Sherbatov", "PERSON", "Nikolai Sherbatov"});
    expect(&r, (want){"Nikolai Sherbatov", "PERSON", NULL});
    release(&r);
    /* A lone unknown word opening a sentence needs evidence. */
    find(&r, "Shells smashed the roofs.", false, NULL, 0);
    expect_none(&r, "Shells");
    release(&r);
}

static void test_headlines(void **state)
{
    (void)state;
    result r;
    static const known_spec known[] = {{"MOSCOW", "PLACE", "Moscow"}};
    find(&r, "SHERBATOV TAKES TOWN NEAR MOSCOW\n\n"
             "The troops of Nikolai Sherbatov took Tavildara on Friday.\n"
             "LEICESTERSHIRE TAKE OVER AT TOP AFTER INNINGS VICTORY\n"
             "As Leicestershire took the lead, the town was quiet.", true, known, 1);
    expect(&r, (want){"SHERBATOV", "PERSON", "Nikolai Sherbatov"});
    expect(&r, (want){"MOSCOW", "PLACE", "Moscow"});
    expect(&r, (want){"LEICESTERSHIRE", "MISC", "Leicestershire"});   /* named as the body writes it */
    expect_none(&r, "TAKES");
    expect_none(&r, "TOWN");
    expect_none(&r, "TAKE OVER");
    expect_none(&r, "INNINGS VICTORY");
    release(&r);
}

static void test_canonical_names(void **state)
{
    (void)state;
    result r;
    /* A listed alias whose list name is no longer than it takes the article's full name. */
    static const known_spec known[] = {{"Assad", "PERSON", "Assad"}, {"Putin", "PERSON", "Vladimir Putin"}};
    find(&r, "Vladimir Putin met Bashar al-Assad. Later Assad and Putin spoke; Mr. Putin left.",
         false, known, 2);
    expect(&r, (want){"Vladimir Putin", "PERSON", NULL});
    expect(&r, (want){"Bashar al-Assad", "PERSON", NULL});
    expect(&r, (want){"Assad", "PERSON", "Bashar al-Assad"});
    expect(&r, (want){"Putin", "PERSON", "Vladimir Putin"});
    release(&r);
    /* Two people of one surname keep their own names. */
    find(&r, "He met Bill Clinton and Hillary Clinton.", false, NULL, 0);
    expect(&r, (want){"Bill Clinton", "PERSON", NULL});
    expect(&r, (want){"Hillary Clinton", "PERSON", NULL});
    release(&r);
}

static void test_non_ascii_capitals(void **state)
{
    (void)state;
    result r;
    find(&r, "He said \xc5\x81ukasz Kowalski met \xc3\x89mile Zola and \xc3\xa9lite troops.", false, NULL, 0);
    expect(&r, (want){"\xc5\x81ukasz Kowalski", "PERSON", NULL});
    expect(&r, (want){"\xc3\x89mile Zola", "PERSON", NULL});
    expect_none(&r, "\xc3\xa9lite");
    release(&r);
}

static void test_context_rules(void **state)
{
    (void)state;
    result r;
    find(&r, "Rebels were seen near Tavildara, said Rajab Adinayev.\nLONDON 1996-08-30\n"
             "The rebels left Layron and Kowalczyk told them so.", false, NULL, 0);
    expect(&r, (want){"Tavildara", "PLACE", NULL});
    expect(&r, (want){"Rajab Adinayev", "PERSON", NULL});
    expect(&r, (want){"LONDON", "PLACE", NULL});
    expect(&r, (want){"Kowalczyk", "PERSON", NULL});
    expect(&r, (want){"Layron", "MISC", NULL});
    release(&r);
}

static void test_sports(void **state)
{
    (void)state;
    result r;
    find(&r, "Leicestershire beat Somerset by an innings in the match.\n"
             "Pohang 3 Ulsan 2\nPuchon 2 Chonbuk 1\nChonan 3 0 1 13 10 9\n", false, NULL, 0);
    expect(&r, (want){"Somerset", "ORG", NULL});
    expect(&r, (want){"Ulsan", "ORG", NULL});
    expect(&r, (want){"Chonan", "ORG", NULL});
    release(&r);
}

static void test_common_words(void **state)
{
    (void)state;
    result r;
    find(&r, "Watersheds Linked to Increased Risk of disease, he said. SUBSCRIBE today.\n"
             "Police Commissioner Kowalczyk spoke.", false, NULL, 0);
    expect_none(&r, "Increased Risk");     /* common words alone */
    expect_none(&r, "SUBSCRIBE");
    expect_none(&r, "Police Commissioner Kowalczyk");
    release(&r);
    /* Qualifying words before a given name are no part of it. */
    static const known_spec known[] = {{"U.S.", "PLACE", "United States"}};
    find(&r, "He said U.S. Assistant Secretary of State John Kornblum had left.", false, known, 1);
    expect(&r, (want){"U.S.", "PLACE", "United States"});
    expect(&r, (want){"John Kornblum", "PERSON", NULL});
    expect_none(&r, "U.S. Assistant Secretary");
    release(&r);
}

static void test_list_matches_in_runs(void **state)
{
    (void)state;
    result r;
    static const known_spec known[] = {{"Washington", "PLACE", "Washington"}, {"Clinton", "PERSON", "Bill Clinton"},
                                       {"Iraqi", "GROUP", "Iraqis"}, {"Congress", "ORG", "US Congress"}};
    find(&r, "He met Anthony Washington, then Hillary Clinton, and the Iraqi National Congress.", false, known, 4);
    expect(&r, (want){"Anthony Washington", "PERSON", NULL});    /* a given name before a place */
    expect(&r, (want){"Hillary Clinton", "PERSON", NULL});       /* words before a listed person */
    expect(&r, (want){"Iraqi National Congress", "ORG", NULL});  /* "Congress" is an org word too */
    release(&r);
}

/* In sports copy a city that names teams is a team, but not where it is a place. */
static void test_team_places(void **state)
{
    (void)state;
    result r;
    static const known_spec known[] = {{"Leicester", "PLACE", "Leicester"}, {"LEICESTER", "PLACE", "Leicester"},
                                       {"Japan", "PLACE", "Japan"}};
    team_text = "Leicester";
    find(&r, "LEICESTER 1996-08-30\nLeicester beat Japan by an innings in the match in Leicester.\n", false,
         known, 3);
    team_text = NULL;
    bool team = false, place = false, dateline = false;
    for (size_t i = 0; i < r.n; i++) {
        if (!span_is(&r, &r.out[i], "Leicester") && !span_is(&r, &r.out[i], "LEICESTER"))
            continue;
        if (r.out[i].start == 0)
            dateline = strcmp(r.out[i].type, "PLACE") == 0;
        else if (strcmp(r.out[i].type, "ORG") == 0)
            team = true;
        else
            place = strcmp(r.out[i].type, "PLACE") == 0;
    }
    assert_true(team && place && dateline);
    expect(&r, (want){"Japan", "PLACE", NULL});
    release(&r);
}

/* Offsets of the norm view map back to the document exactly, through typographic quotes and spaces. */
static void test_offsets_map_back(void **state)
{
    (void)state;
    const char *doc = "\xe2\x80\x9cWe agree,\xe2\x80\x9d  said\xc2\xa0Jean-Claude  Juncker of the "
                      "European\xc2\xa0\xc2\xa0""Council.";
    nf_arena arena;
    nf_arena_init(&arena, 4096);
    nf_view norm, fold;
    assert_int_equal(nf_views_build(&arena, doc, strlen(doc), &norm, &fold), 0);
    result r;
    find(&r, norm.text, false, NULL, 0);
    bool person = false, org = false;
    for (size_t i = 0; i < r.n; i++) {
        uint32_t start = nf_view_doc_start(&norm, r.out[i].start), end = nf_view_doc_end(&norm, r.out[i].end);
        if (strcmp(r.out[i].type, "PERSON") == 0) {
            assert_int_equal(end - start, strlen("Jean-Claude  Juncker"));
            assert_memory_equal(doc + start, "Jean-Claude  Juncker", end - start);
            assert_string_equal(r.out[i].name, "Jean-Claude Juncker");   /* the norm view's spacing */
            person = true;
        } else if (strcmp(r.out[i].type, "ORG") == 0) {
            assert_memory_equal(doc + start, "European\xc2\xa0\xc2\xa0""Council", end - start);
            assert_int_equal(end, strlen(doc) - 1);
            org = true;
        }
    }
    assert_true(person && org);
    release(&r);
    nf_arena_free(&arena);
}

static void test_add_word(void **state)
{
    (void)state;
    nf_names *n = nf_names_new();
    assert_non_null(n);
    assert_int_equal(nf_names_add_word(n, "", 0, NF_WORD_TITLE), NF_EINVAL);
    assert_int_equal(nf_names_add_word(n, "Prime Minister", 14, NF_WORD_TITLE), NF_EINVAL);
    /* Many words grow the table. */
    char word[16];
    for (int i = 0; i < 5000; i++) {
        int len = snprintf(word, sizeof word, "w%d", i);
        assert_int_equal(nf_names_add_word(n, word, (size_t)len, NF_WORD_FIRST_NAME), 0);
    }
    nf_names_free(n);
}

/* Every allocation failure comes back as NF_ENOMEM, and nothing leaks. */
static void test_out_of_memory(void **state)
{
    (void)state;
    const char *text = "President Vladimir Putin met the Bank of England in Moscow.";
    nf_names *n = test_names();
    nf_arena arena;
    nf_arena_init(&arena, 4096);
    int failures = 0;
    for (long k = 0; k < 50; k++) {
        nf_names_scratch *s = nf_names_scratch_new();
        if (s == NULL)
            continue;
        nf_names_input in = {text, strlen(text), NULL, 0, NULL, 0, 0};
        const nf_name *out;
        size_t n_out;
        nf_alloc_fail_after(k);
        int rc = nf_names_find(n, s, &in, &arena, &out, &n_out);
        nf_alloc_fail_after(-1);
        assert_true(rc == 0 || rc == NF_ENOMEM);
        failures += rc == NF_ENOMEM;
        nf_names_scratch_free(s);
        nf_arena_reset(&arena);
    }
    assert_true(failures > 0);
    nf_arena_free(&arena);
    nf_names_free(n);
}

NF_TEST_GROUP(names) {
    cmocka_unit_test(test_titles),
    cmocka_unit_test(test_org_and_place_words),
    cmocka_unit_test(test_connectors),
    cmocka_unit_test(test_initials),
    cmocka_unit_test(test_sentence_initial),
    cmocka_unit_test(test_headlines),
    cmocka_unit_test(test_canonical_names),
    cmocka_unit_test(test_non_ascii_capitals),
    cmocka_unit_test(test_context_rules),
    cmocka_unit_test(test_sports),
    cmocka_unit_test(test_common_words),
    cmocka_unit_test(test_list_matches_in_runs),
    cmocka_unit_test(test_team_places),
    cmocka_unit_test(test_offsets_map_back),
    cmocka_unit_test(test_add_word),
    cmocka_unit_test(test_out_of_memory),
};
NF_TEST_GROUP_END(names);
