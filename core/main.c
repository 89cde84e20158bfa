/*
 * main.c — the newsflow command line.
 *
 *   newsflow run [-c pipeline.conf] [-w N] [-o DIR] [--pretty] [--with-text] [PATH ...]
 *   newsflow check [-c pipeline.conf]
 *   newsflow test [-c pipeline.conf] [FILE.lua|DIR ...]
 *   newsflow explain [-c pipeline.conf] [--color=WHEN] PATH ...
 *   newsflow watch [-c pipeline.conf] [--inbox DIR] [--outbox DIR] [--done DIR]
 *                  [--quarantine DIR] [--settle DURATION] [--rescan DURATION]
 *                  [--max-article-bytes SIZE] [-w N] [--quiet] [--log-json] [--pretty]
 *   newsflow status [-c pipeline.conf] [--outbox DIR]
 *
 * Exit codes: 0 every article processed cleanly; 1 some articles had
 * errors (they are in the output with `errors`) or results could not be
 * written; 2 usage or configuration error.
 */
#include "alloc.h"
#include "engine.h"
#include "explain.h"
#include "inputs.h"
#include "pool.h"
#include "ruleset.h"
#include "ruletest.h"
#include "runner.h"
#include "watch.h"

#include <errno.h>
#include <stdint.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define NEWSFLOW_VERSION "0.1.0"

enum { EXIT_CLEAN = 0, EXIT_ARTICLE_ERRORS = 1, EXIT_USAGE = 2 };

static const char usage_text[] =
    "usage: newsflow COMMAND [OPTIONS]\n"
    "\n"
    "commands:\n"
    "  run [PATH ...]   process articles: .txt, .json and .jsonl files and folders;\n"
    "                   no PATH or '-' reads JSON Lines from standard input\n"
    "  check            validate pipeline.conf and compile every plugin\n"
    "  test [PATH ...]  run rule tests (Lua files; default: tests/rules beside the config)\n"
    "  explain PATH ... show articles with what the rules found marked, and the signals\n"
    "  watch            process every article dropped into the inbox, reload rules on change\n"
    "  status           show the watch daemon's status (from <outbox>/status.json)\n"
    "\n"
    "options:\n"
    "  -c, --config FILE   the pipeline (default: pipeline.conf)\n"
    "  -w, --workers N     worker threads (default: the config's `workers`, auto = one per core)\n"
    "  -o, --output DIR    write one DIR/<id>.json per article instead of JSON Lines on stdout\n"
    "      --pretty        indent the JSON\n"
    "      --with-text     include each article's document as \"text\"\n"
    "      --color=WHEN    explain: auto (a terminal, unless NO_COLOR is set), always, never\n"
    "      --inbox DIR, --outbox DIR, --done DIR, --quarantine DIR\n"
    "                      watch: the folders (default: pipeline.conf's [watch])\n"
    "      --settle D      watch: how long a file must stay unchanged before it is read (500ms)\n"
    "      --rescan D      watch: how often the inbox is rescanned behind the file watcher (5s)\n"
    "      --max-article-bytes SIZE\n"
    "                      watch: larger inputs go to quarantine unread (default: the config's)\n"
    "      --quiet         watch: log only what an operator must see, not every article\n"
    "      --log-json      watch: log one JSON object per line\n"
    "  -h, --help          this help\n"
    "      --version       the version\n";

typedef struct cli {
    const char *command;
    const char *config;
    const char *output_dir;
    unsigned workers;
    bool pretty, with_text, quiet, log_json;
    const char *color;
    const char *inbox, *done, *quarantine;
    int64_t settle_ms, rescan_ms;
    size_t max_article_bytes;
    char **paths;
    size_t n_paths;
} cli;

static int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("newsflow: ", stderr);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\n\n%s", usage_text);
    return EXIT_USAGE;
}

static int parse_workers(const char *s, unsigned *out)
{
    char *end;
    errno = 0;
    long n = strtol(s, &end, 10);
    if (errno || *end || n < 1 || n > 1024)
        return -1;
    *out = (unsigned)n;
    return 0;
}

enum {
    OPT_PRETTY = 256, OPT_WITH_TEXT, OPT_VERSION, OPT_COLOR, OPT_INBOX, OPT_OUTBOX, OPT_DONE,
    OPT_QUARANTINE, OPT_SETTLE, OPT_RESCAN, OPT_QUIET, OPT_LOG_JSON, OPT_MAX_BYTES
};

static int parse_duration(const char *s, const char *option, int64_t *out)
{
    uint64_t ms;
    if (nf_parse_duration_ms(s, &ms) < 0 || ms > INT64_MAX)
        return usage_error("%s takes a duration such as 500ms or 5s, not '%s'", option, s);
    *out = (int64_t)ms;
    return -1;
}

/* Applies one option; returns -1 to go on, or the exit code to leave with. */
static int apply_option(int opt, cli *c)
{
    switch (opt) {
    case 'c': c->config = optarg; return -1;
    case 'o': c->output_dir = optarg; return -1;
    case 'w':
        if (parse_workers(optarg, &c->workers) < 0)
            return usage_error("--workers takes a number from 1 to 1024, not '%s'", optarg);
        return -1;
    case OPT_PRETTY: c->pretty = true; return -1;
    case OPT_WITH_TEXT: c->with_text = true; return -1;
    case OPT_INBOX: c->inbox = optarg; return -1;
    case OPT_OUTBOX: c->output_dir = optarg; return -1;
    case OPT_DONE: c->done = optarg; return -1;
    case OPT_QUARANTINE: c->quarantine = optarg; return -1;
    case OPT_SETTLE: return parse_duration(optarg, "--settle", &c->settle_ms);
    case OPT_RESCAN: return parse_duration(optarg, "--rescan", &c->rescan_ms);
    case OPT_QUIET: c->quiet = true; return -1;
    case OPT_MAX_BYTES:
        if (nf_parse_size(optarg, &c->max_article_bytes) < 0 || c->max_article_bytes == 0)
            return usage_error("--max-article-bytes takes a size such as 16M, not '%s'", optarg);
        return -1;
    case OPT_LOG_JSON: c->log_json = true; return -1;
    case OPT_COLOR:
        if (strcmp(optarg, "auto") != 0 && strcmp(optarg, "always") != 0 && strcmp(optarg, "never") != 0)
            return usage_error("--color takes auto, always or never, not '%s'", optarg);
        c->color = optarg;
        return -1;
    case OPT_VERSION: printf("newsflow %s\n", NEWSFLOW_VERSION); return EXIT_CLEAN;
    case 'h': fputs(usage_text, stdout); return EXIT_CLEAN;
    default: return usage_error("%s", "unknown option");
    }
}

/*
 * Returns -1 when the command line is fine, or the exit code to leave
 * with. Options may come before or after the command: GNU getopt moves the
 * command and the paths to the end, in their order.
 */
static int parse_cli(int argc, char **argv, cli *c)
{
    static const struct option options[] = {
        {"config", required_argument, NULL, 'c'}, {"workers", required_argument, NULL, 'w'},
        {"output", required_argument, NULL, 'o'}, {"pretty", no_argument, NULL, OPT_PRETTY},
        {"with-text", no_argument, NULL, OPT_WITH_TEXT}, {"help", no_argument, NULL, 'h'},
        {"color", required_argument, NULL, OPT_COLOR}, {"inbox", required_argument, NULL, OPT_INBOX},
        {"outbox", required_argument, NULL, OPT_OUTBOX}, {"done", required_argument, NULL, OPT_DONE},
        {"quarantine", required_argument, NULL, OPT_QUARANTINE},
        {"settle", required_argument, NULL, OPT_SETTLE}, {"rescan", required_argument, NULL, OPT_RESCAN},
        {"quiet", no_argument, NULL, OPT_QUIET}, {"log-json", no_argument, NULL, OPT_LOG_JSON},
        {"max-article-bytes", required_argument, NULL, OPT_MAX_BYTES},
        {"version", no_argument, NULL, OPT_VERSION}, {NULL, 0, NULL, 0},
    };
    memset(c, 0, sizeof *c);
    c->config = "pipeline.conf";
    c->color = "auto";
    c->settle_ms = c->rescan_ms = -1;
    int opt;
    while ((opt = getopt_long(argc, argv, "c:w:o:h", options, NULL)) != -1) {
        int rc = apply_option(opt, c);
        if (rc >= 0)
            return rc;
    }
    if (optind >= argc)
        return usage_error("%s", "a command is needed");
    c->command = argv[optind];
    c->paths = argv + optind + 1;
    c->n_paths = (size_t)(argc - optind - 1);
    return -1;
}

static nf_ruleset *load_rules(const char *config)
{
    nf_ruleset *rs = NULL;
    nf_diag d = {{0}, 0, {0}};
    if (nf_ruleset_build(config, 1, &rs, &d) < 0) {
        char message[1024];
        nf_diag_format(&d, message, sizeof message);
        fprintf(stderr, "newsflow: %s\n", message);
        return NULL;
    }
    return rs;
}

static int ensure_folder(const char *dir)
{
    struct stat st;
    if (mkdir(dir, 0777) < 0 && errno != EEXIST) {
        fprintf(stderr, "newsflow: cannot create %s: %s\n", dir, strerror(errno));
        return -1;
    }
    if (stat(dir, &st) < 0 || !S_ISDIR(st.st_mode)) {
        fprintf(stderr, "newsflow: %s is not a folder\n", dir);
        return -1;
    }
    return 0;
}

static int command_run(const cli *c)
{
    if (c->output_dir && ensure_folder(c->output_dir) < 0)
        return EXIT_USAGE;
    nf_ruleset *rs = load_rules(c->config);
    if (rs == NULL)
        return EXIT_USAGE;
    unsigned workers = nf_pool_init(c->workers ? c->workers : rs->config->workers);
    /*
     * 32 per worker: several milliseconds of work queued, so that the workers
     * do not run dry while the loop thread waits for a CPU (on a busy machine
     * it can, for 10 ms and more) or for one long article to be written first.
     */
    nf_run_options opt = {
        .paths = (const char *const *)c->paths,
        .n_paths = c->n_paths,
        .output_dir = c->output_dir,
        .max_in_flight = rs->config->max_in_flight ? rs->config->max_in_flight : 32 * (size_t)workers,
        .output = {.pretty = c->pretty, .with_text = c->with_text, .rules = NULL},
    };
    nf_run_stats stats;
    int rc = nf_run(rs, &opt, stdout, stderr, &stats);
    nf_pool_shutdown();
    nf_ruleset_unref(rs);
    if (rc < 0 || stats.with_errors > 0)
        return EXIT_ARTICLE_ERRORS;
    return EXIT_CLEAN;
}

static int command_check(const cli *c)
{
    nf_ruleset *rs = load_rules(c->config);
    if (rs == NULL)
        return EXIT_USAGE;
    printf("%s: ok, %zu stages\n", c->config, rs->n_stages);
    for (size_t i = 0; i < rs->n_stages; i++) {
        const nf_stage *st = &rs->stages[i];
        printf("  %zu. %-12s type %-10s rules %s\n", i + 1, st->name, st->type->name,
               st->rules ? st->rules : "(none)");
    }
    nf_ruleset_unref(rs);
    return EXIT_CLEAN;
}

/*
 * Opens /dev/null on any of descriptors 0-2 that is closed: otherwise the
 * next file opened would take its number, results could go into it, and
 * libuv refuses to close such a descriptor.
 */
static void ensure_standard_streams(void)
{
    for (int fd = 0; fd <= 2; fd++) {
        if (fcntl(fd, F_GETFD) < 0 && errno == EBADF) {
            int opened = open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY);
            if (opened >= 0 && opened != fd) {
                dup2(opened, fd);
                close(opened);
            }
        }
    }
}

static int command_test(const cli *c)
{
    nf_ruleset *rs = load_rules(c->config);
    if (rs == NULL)
        return EXIT_USAGE;
    char default_dir[4096];
    const char *default_paths[] = {default_dir};
    const char *dir = rs->config->dir;
    bool relative = dir && strcmp(dir, ".") != 0;
    snprintf(default_dir, sizeof default_dir, "%s%stests/rules", relative ? dir : "", relative ? "/" : "");
    nf_ruletest_counts counts;
    nf_diag d = {{0}, 0, {0}};
    int rc = c->n_paths ? nf_ruletest_run(rs, (const char *const *)c->paths, c->n_paths, stdout, &counts, &d)
                        : nf_ruletest_run(rs, default_paths, 1, stdout, &counts, &d);
    nf_ruleset_unref(rs);
    if (rc < 0) {
        char message[1024];
        nf_diag_format(&d, message, sizeof message);
        fprintf(stderr, "newsflow: %s\n", message);
        return EXIT_USAGE;
    }
    printf("%zu passed, %zu failed\n", counts.passed, counts.failed);
    return counts.failed ? EXIT_ARTICLE_ERRORS : EXIT_CLEAN;
}

static bool use_color(const char *when)
{
    if (strcmp(when, "auto") == 0)
        return isatty(STDOUT_FILENO) && getenv("NO_COLOR") == NULL;
    return strcmp(when, "always") == 0;
}

/* Explains every input unit, one after the other, on this thread. */
static int explain_inputs(const cli *c, nf_ruleset *rs, nf_worker *w)
{
    nf_inputs *in;
    nf_unit unit;
    int rc = nf_inputs_open(&in, (const char *const *)c->paths, c->n_paths, rs->config->max_article_bytes);
    bool errors = false;
    while (rc == 0 && nf_inputs_next(in, &unit) > 0) {
        nf_article a;
        rc = nf_article_init(&a, &w->arena);
        if (rc == 0) {
            nf_unit_read(&unit, &a, rs->config->max_article_bytes);
            rc = nf_engine_process(w, rs, &a);
            nf_explain(stdout, &a, use_color(c->color));
            errors |= a.n_errors > 0;
            nf_article_release(&a);
        }
        nf_unit_free(&unit);
        nf_arena_reset(&w->arena);
    }
    nf_inputs_close(in);
    return rc < 0 || errors ? EXIT_ARTICLE_ERRORS : EXIT_CLEAN;
}

static int command_explain(const cli *c)
{
    if (c->n_paths == 0)
        return usage_error("%s", "explain needs at least one article");
    nf_ruleset *rs = load_rules(c->config);
    if (rs == NULL)
        return EXIT_USAGE;
    nf_worker w;
    nf_worker_init(&w);
    int rc = explain_inputs(c, rs, &w);
    nf_worker_free(&w);
    nf_ruleset_unref(rs);
    return rc;
}

static int command_watch(const cli *c)
{
    nf_watch_options opt = {
        .config_path = c->config, .inbox = c->inbox, .outbox = c->output_dir, .done = c->done,
        .quarantine = c->quarantine, .settle_ms = c->settle_ms, .rescan_ms = c->rescan_ms,
        .max_article_bytes = c->max_article_bytes,
        .workers = c->workers, .quiet = c->quiet, .log_json = c->log_json, .pretty = c->pretty,
    };
    if (c->n_paths)
        return usage_error("watch takes no paths ('%s'): use --inbox", c->paths[0]);
    return nf_watch_run(&opt);
}

/* Prints <outbox>/status.json and says whether the daemon that wrote it still runs. */
static int command_status(const cli *c)
{
    char path[4096];
    const char *outbox = c->output_dir;
    nf_config *config = NULL;
    if (outbox == NULL) {
        nf_diag d = {{0}, 0, {0}};
        if (nf_config_load(c->config, &config, &d) < 0) {
            char message[1024];
            nf_diag_format(&d, message, sizeof message);
            fprintf(stderr, "newsflow: %s\n", message);
            return EXIT_USAGE;
        }
        outbox = config->watch.outbox;
    }
    snprintf(path, sizeof path, "%s/%s", outbox, NF_STATUS_FILE);
    int rc = nf_watch_print_status(path, stdout);
    nf_config_free(config);
    return rc;
}

int main(int argc, char **argv)
{
    cli c;
    ensure_standard_streams();
    int rc = parse_cli(argc, argv, &c);
    if (rc >= 0)
        return rc;
    nf_alloc_init_libraries();
    if (strcmp(c.command, "run") == 0)
        return command_run(&c);
    if (strcmp(c.command, "test") == 0)
        return command_test(&c);
    if (strcmp(c.command, "explain") == 0)
        return command_explain(&c);
    if (strcmp(c.command, "watch") == 0)
        return command_watch(&c);
    if (strcmp(c.command, "status") == 0)
        return command_status(&c);
    if (strcmp(c.command, "check") == 0)
        return c.n_paths ? usage_error("check takes no paths ('%s')", c.paths[0]) : command_check(&c);
    return usage_error("unknown command '%s'", c.command);
}
