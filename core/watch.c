/* watch.c — the inbox daemon: find settled files, process them on the pool, never lose one. */
#include "watch.h"

#include "alloc.h"
#include "engine.h"
#include "inputs.h"
#include "log.h"
#include "outbox.h"
#include "output.h"
#include "pool.h"
#include "reader.h"
#include "ruleset.h"
#include "strmap.h"
#include "utf8.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <uv.h>

#define STATUS_INTERVAL_MS 1000
#define RELOAD_DEBOUNCE_MS 200
#define STOP_DEADLINE_MS 10000
#define RETRY_MIN_MS 1000
#define RETRY_MAX_MS 30000
#define RATE_WINDOW_S 60
#define MAX_RULE_DIRS 64

/* A file seen in the inbox and not yet done with; candidates form a list in the order they were seen. */
typedef struct candidate {
    struct candidate *prev, *next;
    char *name;
    int64_t size;
    int64_t mtime_ns;
    uint64_t stable_since;   /* loop time (ms) when size or mtime last changed */
    uint64_t retry_at;       /* loop time before which a failed file is not tried again */
    uint64_t retry_delay;
    bool in_flight;
} candidate;

typedef struct watcher watcher;

typedef enum outcome {
    OUTCOME_DONE,            /* results written, input in done/ */
    OUTCOME_QUARANTINED,     /* input in quarantine/ with its .error.json */
    OUTCOME_RETRY,           /* something could not be written: the input stays, to be tried again */
    OUTCOME_GONE,            /* the file vanished before it could be read */
    OUTCOME_REPLACED         /* another file took its name while it was read: that one is new */
} outcome;

typedef struct job {
    uv_work_t req;
    watcher *w;
    candidate *c;
    nf_ruleset *rs;          /* the rules this file runs with (a reference) */
    char path[PATH_MAX];
    struct stat taken;       /* the file as it was when the job took it */
    uint64_t started;
    outcome result;
    size_t written, with_errors;
    char moved_to[PATH_MAX];
    char message[1024];
} job;

typedef struct rule_dir {
    uv_fs_event_t handle;
    watcher *w;
    bool active;
} rule_dir;

typedef struct tally {
    uint64_t processed, quarantined, failed, with_errors, missed;
} tally;

struct watcher {
    uv_loop_t loop;
    const nf_watch_options *opt;
    char *inbox, *outbox, *done, *quarantine;  /* copies: a reload frees the config they came from */
    uint64_t settle_ms, rescan_ms;
    size_t max_article_bytes;  /* 0: the rules' config decides */
    size_t max_in_flight;
    nf_log log;
    nf_output_options output;

    nf_ruleset *rules;       /* in force */
    uint64_t next_generation;
    bool reloading, reload_again;
    char reload_error[1024];

    nf_strmap *candidates;   /* name -> candidate */
    candidate *oldest, *newest; /* the same candidates, oldest first: files are taken in that order */
    size_t in_flight;
    tally counts;
    uint64_t rate[RATE_WINDOW_S]; /* articles written, per second of the last minute */
    uint64_t rate_second;
    time_t started_at;
    bool stopping;
    int lock_fd;

    uv_fs_event_t inbox_events;
    ino_t inbox_inode;
    uv_timer_t settle_timer, rescan_timer, status_timer, reload_timer, deadline_timer;
    uv_signal_t sigint, sigterm, sighup;
    uv_work_t reload_req;
    nf_ruleset *reloaded;    /* what the reload built, handed to the loop thread */
    nf_diag build_diag;      /* written by the reload's pool thread only */
    nf_diag reload_diag;     /* the last failed reload's, read on the loop thread */
    rule_dir rule_dirs[MAX_RULE_DIRS];
    size_t n_rule_dirs;
};

static void dispatch(watcher *w);
static void arm_rule_watchers(watcher *w);
static bool is_ready(const watcher *w, const candidate *c, uint64_t now);
static void start_job(watcher *w, candidate *c);

/* --- names and time --- */

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* Dot-files and the names editors and downloaders write into before renaming. */
static bool is_temporary_name(const char *name)
{
    static const char *const suffixes[] = {".tmp", ".part", ".swp", ".crdownload", "~", NULL};
    if (name[0] == '.' || name[0] == '\0')
        return true;
    for (const char *const *s = suffixes; *s; s++)
        if (ends_with(name, *s))
            return true;
    return false;
}

static int64_t mtime_ns(const struct stat *st)
{
    return (int64_t)st->st_mtim.tv_sec * 1000000000 + st->st_mtim.tv_nsec;
}

static int64_t wall_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void inbox_path(const watcher *w, const char *name, char out[PATH_MAX])
{
    snprintf(out, PATH_MAX, "%s/%s", w->inbox, name);
}

/* --- candidates --- */

static candidate *add_candidate(watcher *w, const char *name, const struct stat *st)
{
    candidate *c = nf_calloc(1, sizeof *c);
    if (c == NULL || (c->name = nf_strdup(name)) == NULL || nf_strmap_put(w->candidates, name, c) < 0) {
        if (c)
            nf_free(c->name);
        nf_free(c);
        return NULL;
    }
    uint64_t now = uv_now(&w->loop);
    c->prev = w->newest;
    if (w->newest)
        w->newest->next = c;
    else
        w->oldest = c;
    w->newest = c;
    c->size = st->st_size;
    c->mtime_ns = mtime_ns(st);
    /* A file last changed longer ago than the settle time (one renamed in) is ready at once. */
    int64_t age_ms = (wall_ns() - c->mtime_ns) / 1000000;
    uint64_t settled = age_ms > 0 ? (uint64_t)age_ms : 0;
    c->stable_since = now - (settled < w->settle_ms ? settled : w->settle_ms);
    if (c->stable_since > now)
        c->stable_since = now;
    return c;
}

static void drop_candidate(watcher *w, candidate *c)
{
    if (c->prev)
        c->prev->next = c->next;
    else
        w->oldest = c->next;
    if (c->next)
        c->next->prev = c->prev;
    else
        w->newest = c->prev;
    nf_strmap_remove(w->candidates, c->name);
    nf_free(c->name);
    nf_free(c);
}

/* Notes a file of the inbox; returns true when it was not known yet. */
static bool notice_file(watcher *w, const char *name)
{
    if (is_temporary_name(name) || nf_strmap_get(w->candidates, name))
        return false;
    char path[PATH_MAX];
    struct stat st;
    inbox_path(w, name, path);
    if (lstat(path, &st) < 0 || S_ISDIR(st.st_mode))
        return false;
    candidate *c = add_candidate(w, name, &st);
    if (c == NULL) {
        nf_log_event(&w->log, NF_LOG_NOTICE, "failed", path, "out of memory noting the file");
        return false;
    }
    /* A file renamed in has settled already: it need not wait for the next tick. */
    if (w->in_flight < w->max_in_flight && !w->stopping && is_ready(w, c, uv_now(&w->loop)))
        start_job(w, c);
    return true;
}

/* Rescans the inbox; returns how many files were not known yet, or -1 when it cannot be read. */
static long scan_inbox(watcher *w)
{
    DIR *dir = opendir(w->inbox);
    if (dir == NULL)
        return -1;
    long found = 0;
    struct dirent *e;
    while ((e = readdir(dir)) != NULL)
        found += notice_file(w, e->d_name);
    closedir(dir);
    return found;
}

/* --- the worker side: one inbox file --- */

/* Input problems send a file to quarantine; rule problems do not (the result carries them). */
static bool is_bad_input(const nf_article *a)
{
    for (size_t i = 0; i < a->n_errors; i++)
        if (strcmp(a->errors[i].stage, "read") == 0 || strcmp(a->errors[i].code, "eutf8") == 0 ||
            strcmp(a->errors[i].code, "ebinary") == 0)
            return true;
    return false;
}

static void describe_errno(job *j, const char *what, int rc)
{
    char buf[256];
    snprintf(j->message, sizeof j->message, "%s: %s", what,
             rc == NF_ENOMEM ? "out of memory" : nf_errno_text(errno, buf, sizeof buf));
}

/* Writes one article's result; false (with j->message) when it could not be written. */
static bool write_article(job *j, const nf_article *a, const char *input_name)
{
    watcher *w = j->w;
    char identity[17], name[NF_ID_MAX + 32];
    nf_input_identity(a->id, a->doc, a->doc_len, identity);
    nf_output_options opt = w->output;
    opt.rules = j->rs;
    opt.input_name = input_name;
    opt.input_identity = identity;
    size_t len;
    char *json = nf_output_json(a, &opt, &len);
    if (json == NULL) {
        snprintf(j->message, sizeof j->message, "out of memory writing the result of %s", a->id);
        return false;
    }
    int rc = nf_write_result(w->outbox, a->id, identity, json, len, NF_STATUS_FILE, name, sizeof name);
    nf_free(json);
    if (rc < 0) {
        describe_errno(j, "cannot write the result", rc);
        return false;
    }
    j->written++;
    j->with_errors += a->n_errors > 0;
    return true;
}

/* Adds one bad input's errors to the quarantine report. */
static void add_bad_input(cJSON *bad, const nf_unit *u, const nf_article *a)
{
    cJSON *item = cJSON_CreateObject();
    if (item == NULL || !cJSON_AddItemToArray(bad, item)) {
        cJSON_Delete(item);
        return;
    }
    if (u->line > 0)
        cJSON_AddNumberToObject(item, "line", (double)u->line);
    cJSON_AddItemToObject(item, "errors", nf_output_errors_json(a));
}

/* The first bad input's first message: the reason a file is quarantined. */
static const char *first_reason(const cJSON *bad)
{
    const cJSON *errors = cJSON_GetObjectItem(cJSON_GetArrayItem(bad, 0), "errors");
    const cJSON *message = cJSON_GetObjectItem(cJSON_GetArrayItem(errors, 0), "message");
    return cJSON_IsString(message) ? message->valuestring : "bad input";
}

/*
 * Whether the inbox path still holds the file the job took: a writer may
 * have renamed another file over it meanwhile, and that one must not be
 * moved away unread.
 */
static bool still_taken(job *j)
{
    struct stat now;
    if (lstat(j->path, &now) == 0 && now.st_dev == j->taken.st_dev && now.st_ino == j->taken.st_ino)
        return true;
    j->result = OUTCOME_REPLACED;
    return false;
}

/* Moves the input to quarantine/ and writes <moved>.error.json beside it. */
static void quarantine(job *j, const char *name, const char *reason, cJSON *bad)
{
    watcher *w = j->w;
    char moved[NAME_MAX + 16];
    if (!still_taken(j))
        return;
    int rc = nf_move_unique(j->path, w->quarantine, moved, sizeof moved);
    if (rc < 0) {
        describe_errno(j, "cannot move the input to quarantine", rc);
        j->result = OUTCOME_RETRY;
        return;
    }
    snprintf(j->moved_to, sizeof j->moved_to, "%s/%s", w->quarantine, moved);
    snprintf(j->message, sizeof j->message, "%s", reason);
    cJSON *report = cJSON_CreateObject();
    char *owned_name, *owned_reason;
    const char *valid_name = nf_utf8_valid(name, &owned_name);
    const char *valid_reason = nf_utf8_valid(reason, &owned_reason);
    cJSON_AddStringToObject(report, "file", valid_name ? valid_name : "?");
    cJSON_AddStringToObject(report, "reason", valid_reason ? valid_reason : "?");
    nf_free(owned_name);
    nf_free(owned_reason);
    cJSON_AddItemReferenceToObject(report, "inputs", bad);
    char *text = cJSON_Print(report);
    char error_name[NAME_MAX + 32];
    snprintf(error_name, sizeof error_name, "%s.error.json", moved);
    if (text == NULL || nf_write_atomic(w->quarantine, error_name, text, strlen(text), true) < 0)
        snprintf(j->message, sizeof j->message, "%s (and %s could not be written)", reason, error_name);
    nf_free(text);
    cJSON_Delete(report);
    j->result = OUTCOME_QUARANTINED;
}

/* Processes every article of the file; stops early when a result cannot be written. */
static bool process_units(job *j, nf_worker *wk, nf_inputs *in, const char *name, cJSON *bad, size_t *units)
{
    size_t max = j->w->max_article_bytes ? j->w->max_article_bytes : j->rs->config->max_article_bytes;
    nf_unit u;
    bool ok = true;
    while (ok && nf_inputs_next(in, &u) > 0) {
        nf_article a;
        char input_name[NAME_MAX + 32];
        (*units)++;
        if (u.line > 0)
            snprintf(input_name, sizeof input_name, "%s:%ld", name, u.line);
        else
            snprintf(input_name, sizeof input_name, "%s", name);
        if (nf_article_init(&a, &wk->arena) == 0) {
            nf_unit_read(&u, &a, max);
            nf_engine_process(wk, j->rs, &a);
            if (is_bad_input(&a))
                add_bad_input(bad, &u, &a);
            else
                ok = write_article(j, &a, input_name);
            nf_article_release(&a);
        } else {
            snprintf(j->message, sizeof j->message, "out of memory");
            ok = false;
        }
        nf_unit_free(&u);
        nf_arena_reset(&wk->arena);
    }
    return ok;
}

/* Where a file that was read goes: done/, quarantine/, or nowhere yet. */
static void settle_file(job *j, const char *name, bool written, size_t units, cJSON *bad)
{
    if (!written) {
        j->result = OUTCOME_RETRY;
    } else if (units == 0) {
        cJSON *item = cJSON_CreateObject();
        cJSON_AddItemToArray(bad, item);
        quarantine(j, name, "the file holds no article (empty, or only blank lines)", bad);
    } else if (cJSON_GetArraySize(bad) > 0) {
        char reason[600];
        snprintf(reason, sizeof reason, "%d of %zu inputs are bad: %s", cJSON_GetArraySize(bad), units,
                 first_reason(bad));
        quarantine(j, name, units == 1 ? first_reason(bad) : reason, bad);
    } else if (still_taken(j)) {
        char moved[NAME_MAX + 16];
        int rc = nf_move_unique(j->path, j->w->done, moved, sizeof moved);
        if (rc < 0) {
            describe_errno(j, "cannot move the input to done", rc);
            j->result = OUTCOME_RETRY;
            return;
        }
        snprintf(j->moved_to, sizeof j->moved_to, "%s/%s", j->w->done, moved);
        j->result = OUTCOME_DONE;
    }
}

/* Files that are not regular (links, FIFOs, devices) are never opened: they go to quarantine. */
static bool quarantine_special(job *j, const char *name)
{
    struct stat *st = &j->taken;
    if (lstat(j->path, st) < 0) {
        j->result = OUTCOME_GONE;
        return true;
    }
    if (S_ISREG(st->st_mode))
        return false;
    cJSON *bad = cJSON_CreateArray();
    quarantine(j, name, S_ISLNK(st->st_mode) ? "a symbolic link: links are not followed"
                                             : "not a regular file",
               bad);
    cJSON_Delete(bad);
    return true;
}

static void process_file(uv_work_t *req)
{
    job *j = req->data;
    const char *name = j->c->name;
    if (quarantine_special(j, name))
        return;
    nf_worker *wk = nf_pool_worker();
    nf_inputs *in = NULL;
    cJSON *bad = cJSON_CreateArray();
    const char *paths[] = {j->path};
    size_t max = j->w->max_article_bytes ? j->w->max_article_bytes : j->rs->config->max_article_bytes;
    if (wk == NULL || bad == NULL || nf_inputs_open(&in, paths, 1, max) < 0) {
        snprintf(j->message, sizeof j->message, "out of memory");
        j->result = OUTCOME_RETRY;
    } else {
        size_t units = 0;
        bool written = process_units(j, wk, in, name, bad, &units);
        settle_file(j, name, written, units, bad);
    }
    nf_inputs_close(in);
    cJSON_Delete(bad);
}

/* --- the loop side --- */

static void count_rate(watcher *w, uint64_t articles)
{
    uint64_t second = uv_now(&w->loop) / 1000;
    for (; w->rate_second < second; w->rate_second++)
        w->rate[(w->rate_second + 1) % RATE_WINDOW_S] = 0;
    w->rate[second % RATE_WINDOW_S] += articles;
}

static void report_job(watcher *w, const job *j)
{
    uint64_t ms = uv_now(&w->loop) - j->started;
    switch (j->result) {
    case OUTCOME_DONE:
        nf_log_event(&w->log, NF_LOG_ROUTINE, "processed", j->path,
                     "%zu result%s in %s, input to %s (%llu ms, rules generation %llu)", j->written,
                     j->written == 1 ? "" : "s", w->outbox, j->moved_to, (unsigned long long)ms,
                     (unsigned long long)j->rs->generation);
        break;
    case OUTCOME_QUARANTINED:
        nf_log_event(&w->log, NF_LOG_NOTICE, "quarantined", j->path, "%s (now %s)", j->message, j->moved_to);
        break;
    case OUTCOME_RETRY:
        nf_log_event(&w->log, NF_LOG_NOTICE, "failed", j->path, "%s; the input stays in the inbox",
                     j->message);
        break;
    case OUTCOME_REPLACED:
        nf_log_event(&w->log, NF_LOG_NOTICE, "replaced", j->path,
                     "another file took this name while it was processed (%zu result%s written for the "
                     "first); the new file will be processed too",
                     j->written, j->written == 1 ? "" : "s");
        break;
    case OUTCOME_GONE:
        break;
    }
}

static void file_done(uv_work_t *req, int status)
{
    (void)status;
    job *j = req->data;
    watcher *w = j->w;
    candidate *c = j->c;
    w->in_flight--;
    c->in_flight = false;
    report_job(w, j);
    count_rate(w, j->written);
    w->counts.processed += j->written;
    w->counts.with_errors += j->with_errors;
    if (j->result == OUTCOME_REPLACED) {
        /* The new file is a candidate of its own, seen just now. */
        struct stat st;
        if (lstat(j->path, &st) == 0) {
            c->size = st.st_size;
            c->mtime_ns = mtime_ns(&st);
        }
        c->stable_since = uv_now(&w->loop);
    } else if (j->result == OUTCOME_RETRY) {
        uint64_t now = uv_now(&w->loop);
        w->counts.failed++;
        c->retry_delay = c->retry_delay ? c->retry_delay * 2 : RETRY_MIN_MS;
        if (c->retry_delay > RETRY_MAX_MS)
            c->retry_delay = RETRY_MAX_MS;
        c->retry_at = now + c->retry_delay;
    } else {
        w->counts.quarantined += j->result == OUTCOME_QUARANTINED;
        drop_candidate(w, c);
    }
    nf_ruleset_unref(j->rs);
    nf_free(j);
    dispatch(w);
}

static bool is_ready(const watcher *w, const candidate *c, uint64_t now)
{
    return !c->in_flight && now >= c->retry_at && now - c->stable_since >= w->settle_ms;
}

static void start_job(watcher *w, candidate *c)
{
    job *j = nf_calloc(1, sizeof *j);
    if (j == NULL)
        return;
    j->w = w;
    j->c = c;
    j->rs = nf_ruleset_ref(w->rules);
    j->started = uv_now(&w->loop);
    j->req.data = j;
    inbox_path(w, c->name, j->path);
    c->in_flight = true;
    w->in_flight++;
    uv_queue_work(&w->loop, &j->req, process_file, file_done);
}

/* Hands ready files to the pool, oldest first, up to max_in_flight. */
static void dispatch(watcher *w)
{
    if (w->stopping)
        return;
    uint64_t now = uv_now(&w->loop);
    for (candidate *c = w->oldest; c && w->in_flight < w->max_in_flight; c = c->next)
        if (is_ready(w, c, now))
            start_job(w, c);
}

/* Looks at every waiting file again: a changed size or time restarts its settling; a vanished file is forgotten. */
static void check_settling(watcher *w)
{
    uint64_t now = uv_now(&w->loop);
    candidate *next;
    for (candidate *c = w->oldest; c; c = next) {
        next = c->next;
        if (c->in_flight)
            continue;
        char path[PATH_MAX];
        struct stat st;
        inbox_path(w, c->name, path);
        if (lstat(path, &st) < 0) {
            drop_candidate(w, c);
            continue;
        }
        if (st.st_size != c->size || mtime_ns(&st) != c->mtime_ns) {
            c->size = st.st_size;
            c->mtime_ns = mtime_ns(&st);
            c->stable_since = now;
        }
    }
}

static void on_settle_tick(uv_timer_t *t)
{
    watcher *w = t->data;
    check_settling(w);
    dispatch(w);
}

static void on_rescan(uv_timer_t *t);

static void on_inbox_event(uv_fs_event_t *h, const char *filename, int events, int status)
{
    (void)events;
    watcher *w = h->data;
    if (status < 0 || filename == NULL) {
        /* The watcher lost track: let the rescan look now, then keep its period. */
        uv_timer_start(&w->rescan_timer, on_rescan, 0, w->rescan_ms);
        return;
    }
    notice_file(w, filename);
}

static int arm_inbox_watcher(watcher *w)
{
    struct stat st;
    if (nf_make_dirs(w->inbox) < 0 || stat(w->inbox, &st) < 0)
        return NF_EIO;
    if (uv_is_active((uv_handle_t *)&w->inbox_events))
        uv_fs_event_stop(&w->inbox_events);
    w->inbox_inode = st.st_ino;
    return uv_fs_event_start(&w->inbox_events, on_inbox_event, w->inbox, 0) == 0 ? 0 : NF_EIO;
}

/* A removed or replaced inbox is recreated and watched again. */
static void check_inbox_folder(watcher *w)
{
    struct stat st;
    if (stat(w->inbox, &st) == 0 && S_ISDIR(st.st_mode) && st.st_ino == w->inbox_inode)
        return;
    if (arm_inbox_watcher(w) == 0)
        nf_log_event(&w->log, NF_LOG_NOTICE, "inbox", w->inbox, "the inbox was removed or replaced: watching it again");
}

static void on_rescan(uv_timer_t *t)
{
    watcher *w = t->data;
    check_inbox_folder(w);
    long found = scan_inbox(w);
    if (found > 0) {
        w->counts.missed += (uint64_t)found;
        nf_log_event(&w->log, NF_LOG_NOTICE, "rescan", w->inbox,
                     "rescan found %ld file%s the watcher had not reported", found, found == 1 ? "" : "s");
    }
    dispatch(w);
}

/* --- rules: watching their files, reloading --- */

static void reload_build(uv_work_t *req)
{
    watcher *w = req->data;
    memset(&w->build_diag, 0, sizeof w->build_diag);
    if (nf_ruleset_build(w->opt->config_path, w->next_generation, &w->reloaded, &w->build_diag) < 0)
        w->reloaded = NULL;
}

static void start_reload(watcher *w);

static void reload_done(uv_work_t *req, int status)
{
    (void)status;
    watcher *w = req->data;
    w->reloading = false;
    if (w->reloaded) {
        nf_ruleset_unref(w->rules);
        w->rules = w->reloaded;
        w->reloaded = NULL;
        w->next_generation++;
        w->reload_error[0] = '\0';
        nf_log_event(&w->log, NF_LOG_NOTICE, "reloaded", w->opt->config_path,
                     "rules generation %llu in force (%zu stages)",
                     (unsigned long long)w->rules->generation, w->rules->n_stages);
    } else {
        w->reload_diag = w->build_diag;
        nf_diag_format(&w->reload_diag, w->reload_error, sizeof w->reload_error);
        nf_log_event(&w->log, NF_LOG_NOTICE, "reload-failed", w->reload_diag.file[0] ? w->reload_diag.file : NULL,
                     "%s; rules generation %llu stays in force", w->reload_error,
                     (unsigned long long)w->rules->generation);
    }
    if (!w->stopping)
        arm_rule_watchers(w);
    if (w->reload_again && !w->stopping) {
        w->reload_again = false;
        start_reload(w);
    }
}

static void start_reload(watcher *w)
{
    if (w->reloading) {
        w->reload_again = true;
        return;
    }
    w->reloading = true;
    w->reload_req.data = w;
    uv_queue_work(&w->loop, &w->reload_req, reload_build, reload_done);
}

static void on_reload_timer(uv_timer_t *t)
{
    start_reload(t->data);
}

static bool same_base_name(const char *path, const char *name)
{
    const char *slash = strrchr(path, '/');
    return strcmp(slash ? slash + 1 : path, name) == 0;
}

/*
 * Whether an event in a watched folder concerns a rule file: the config, a
 * plugin, a list, or the file a failed reload complained about. Folders
 * also hold other things (the inbox and outbox, editors' swap files).
 */
static bool is_rule_file(const watcher *w, const char *name)
{
    const char *const *files;
    size_t n = nf_ruleset_files(w->rules, &files);
    for (size_t i = 0; i < n; i++)
        if (same_base_name(files[i], name))
            return true;
    return w->reload_error[0] && w->reload_diag.file[0] && same_base_name(w->reload_diag.file, name);
}

static void on_rule_event(uv_fs_event_t *h, const char *filename, int events, int status)
{
    (void)events;
    rule_dir *rd = h->data;
    if (status == 0 && filename && !is_rule_file(rd->w, filename))
        return;
    /* Bursts of writes (an editor saving, a script copying lists) become one reload. */
    uv_timer_start(&rd->w->reload_timer, on_reload_timer, RELOAD_DEBOUNCE_MS, 0);
}

static void close_rule_dir(uv_handle_t *h)
{
    ((rule_dir *)h->data)->active = false;
}

static bool watching_dir(watcher *w, const char *dir)
{
    for (size_t i = 0; i < w->n_rule_dirs; i++) {
        char path[PATH_MAX];
        size_t size = sizeof path;
        if (w->rule_dirs[i].active && uv_fs_event_getpath(&w->rule_dirs[i].handle, path, &size) == 0 &&
            strcmp(path, dir) == 0)
            return true;
    }
    return false;
}

static void watch_rule_dir(watcher *w, const char *file)
{
    char dir[PATH_MAX];
    const char *slash = strrchr(file, '/');
    snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - file) : 1, slash ? file : ".");
    if (dir[0] == '\0')
        snprintf(dir, sizeof dir, "/");
    if (watching_dir(w, dir))
        return;
    for (size_t i = 0; i < MAX_RULE_DIRS; i++) {
        rule_dir *rd = &w->rule_dirs[i];
        if (rd->active)
            continue;
        rd->w = w;
        rd->handle.data = rd;
        if (uv_fs_event_init(&w->loop, &rd->handle) == 0 && uv_fs_event_start(&rd->handle, on_rule_event, dir, 0) == 0) {
            rd->active = true;
            if (i >= w->n_rule_dirs)
                w->n_rule_dirs = i + 1;
        }
        return;
    }
}

/*
 * Watches the folders of every rule file of the rules in force, and of the
 * file a failed reload complained about, so that fixing it reloads too.
 */
static void arm_rule_watchers(watcher *w)
{
    const char *const *files;
    size_t n = nf_ruleset_files(w->rules, &files);
    for (size_t i = 0; i < n; i++)
        watch_rule_dir(w, files[i]);
    if (w->reload_error[0] && w->reload_diag.file[0])
        watch_rule_dir(w, w->reload_diag.file);
}

/* --- status --- */

static void format_time(time_t t, char out[32])
{
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static double recent_rate(watcher *w)
{
    count_rate(w, 0);
    uint64_t total = 0;
    for (size_t i = 0; i < RATE_WINDOW_S; i++)
        total += w->rate[i];
    uint64_t seconds = uv_now(&w->loop) / 1000 + 1;
    return (double)total / (double)(seconds < RATE_WINDOW_S ? seconds : RATE_WINDOW_S);
}

static void add_counts(cJSON *status, const watcher *w)
{
    cJSON *counts = cJSON_AddObjectToObject(status, "counts");
    cJSON_AddNumberToObject(counts, "processed", (double)w->counts.processed);
    cJSON_AddNumberToObject(counts, "quarantined", (double)w->counts.quarantined);
    cJSON_AddNumberToObject(counts, "failed", (double)w->counts.failed);
    cJSON_AddNumberToObject(counts, "with_errors", (double)w->counts.with_errors);
    cJSON_AddNumberToObject(counts, "found_by_rescan", (double)w->counts.missed);
    cJSON *queue = cJSON_AddObjectToObject(status, "queue");
    cJSON_AddNumberToObject(queue, "waiting", (double)(nf_strmap_count(w->candidates) - w->in_flight));
    cJSON_AddNumberToObject(queue, "in_flight", (double)w->in_flight);
}

static void write_status(watcher *w, const char *state)
{
    char since[32], now[32], loaded[32];
    format_time(w->started_at, since);
    format_time(time(NULL), now);
    format_time(w->rules->loaded_at, loaded);
    cJSON *status = cJSON_CreateObject();
    cJSON_AddNumberToObject(status, "pid", (double)getpid());
    cJSON_AddStringToObject(status, "state", state);
    cJSON_AddStringToObject(status, "running_since", since);
    cJSON_AddStringToObject(status, "updated_at", now);
    cJSON *rules = cJSON_AddObjectToObject(status, "rules");
    cJSON_AddNumberToObject(rules, "generation", (double)w->rules->generation);
    cJSON_AddStringToObject(rules, "loaded_at", loaded);
    if (w->reload_error[0])
        cJSON_AddStringToObject(rules, "last_reload_error", w->reload_error);
    else
        cJSON_AddNullToObject(rules, "last_reload_error");
    add_counts(status, w);
    cJSON_AddNumberToObject(status, "articles_per_second", recent_rate(w));
    cJSON_AddStringToObject(status, "inbox", w->inbox);
    cJSON_AddStringToObject(status, "outbox", w->outbox);
    char *text = cJSON_Print(status);
    if (text == NULL || nf_write_atomic(w->outbox, NF_STATUS_FILE, text, strlen(text), false) < 0)
        nf_log_event(&w->log, NF_LOG_NOTICE, "failed", w->outbox, "cannot write %s", NF_STATUS_FILE);
    nf_free(text);
    cJSON_Delete(status);
}

static void on_status_tick(uv_timer_t *t)
{
    watcher *w = t->data;
    write_status(w, w->stopping ? "stopping" : "running");
}

/* --- stopping --- */

static void close_handle(uv_handle_t *h, void *arg)
{
    (void)arg;
    if (!uv_is_closing(h))
        uv_close(h, NULL);
}

static void finish(watcher *w)
{
    write_status(w, "stopped");
    nf_log_event(&w->log, NF_LOG_NOTICE, "stopped", NULL, "%llu articles processed, %llu files quarantined",
                 (unsigned long long)w->counts.processed, (unsigned long long)w->counts.quarantined);
    uv_walk(&w->loop, close_handle, NULL);
}

/* Checks, once the in-flight work is done, whether the stop can complete. */
static void on_idle_check(uv_timer_t *t)
{
    watcher *w = t->data;
    if (w->in_flight == 0 && !w->reloading)
        finish(w);
}

static void on_deadline(uv_timer_t *t)
{
    watcher *w = t->data;
    nf_log_event(&w->log, NF_LOG_NOTICE, "stopped", NULL,
                 "stop deadline passed with %zu files in flight; they stay in the inbox", w->in_flight);
    write_status(w, "stopped");
    fflush(NULL);
    /* Pool threads may still be inside a rule: leave without waiting for them. */
    _exit(0);
}

static void begin_stop(watcher *w, const char *signal_name)
{
    if (w->stopping)
        return;
    w->stopping = true;
    nf_log_event(&w->log, NF_LOG_NOTICE, "stopping", NULL, "%s: finishing %zu files in flight", signal_name,
                 w->in_flight);
    uv_fs_event_stop(&w->inbox_events);
    for (size_t i = 0; i < w->n_rule_dirs; i++)
        if (w->rule_dirs[i].active)
            uv_close((uv_handle_t *)&w->rule_dirs[i].handle, close_rule_dir);
    uv_timer_stop(&w->rescan_timer);
    uv_timer_stop(&w->reload_timer);
    uv_timer_start(&w->deadline_timer, on_deadline, STOP_DEADLINE_MS, 0);
    /* The settle timer now only watches for the in-flight work to end. */
    uv_timer_start(&w->settle_timer, on_idle_check, 0, 20);
}

static void on_signal(uv_signal_t *h, int signum)
{
    watcher *w = h->data;
    if (signum == SIGHUP) {
        nf_log_event(&w->log, NF_LOG_NOTICE, "reload", NULL, "SIGHUP: reloading the rules");
        start_reload(w);
        return;
    }
    begin_stop(w, signum == SIGINT ? "SIGINT" : "SIGTERM");
}

/* --- setup --- */

static int setup_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int setup_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("newsflow: ", stderr);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return 2;
}

/* One daemon per outbox: a second would take the same files. */
static int take_lock(watcher *w)
{
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/.newsflow.lock", w->outbox);
    w->lock_fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (w->lock_fd < 0)
        return setup_error("cannot open the lock file %s", path);
    if (flock(w->lock_fd, LOCK_EX | LOCK_NB) < 0)
        return setup_error("another newsflow watch is running on %s", w->outbox);
    char pid[32];
    int n = snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
    if (ftruncate(w->lock_fd, 0) < 0 || write(w->lock_fd, pid, (size_t)n) != n)
        return setup_error("cannot write the lock file %s", path);
    return 0;
}

/* A crash can leave temporary result files behind; with the lock held, no one else writes them. */
static void remove_stale_temporaries(const char *dir)
{
    DIR *d = opendir(dir);
    if (d == NULL)
        return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.' && ends_with(e->d_name, ".tmp")) {
            char path[PATH_MAX];
            snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
            unlink(path);
        }
    }
    closedir(d);
}

/* Moves are renames: done and quarantine must be on the inbox's file system. */
static int check_folders(watcher *w)
{
    const char *folders[] = {w->inbox, w->outbox, w->done, w->quarantine};
    struct stat inbox, st;
    for (size_t i = 0; i < 4; i++)
        if (nf_make_dirs(folders[i]) < 0)
            return setup_error("cannot create the folder %s", folders[i]);
    if (stat(w->inbox, &inbox) < 0)
        return setup_error("cannot read the inbox %s", w->inbox);
    for (size_t i = 2; i < 4; i++)
        if (stat(folders[i], &st) < 0 || st.st_dev != inbox.st_dev)
            return setup_error("%s must be on the same file system as the inbox (inputs are moved by renaming)",
                               folders[i]);
    return 0;
}

static int choose_settings(watcher *w, const nf_watch_options *opt, const nf_config *c)
{
    w->inbox = nf_strdup(opt->inbox ? opt->inbox : c->watch.inbox);
    w->outbox = nf_strdup(opt->outbox ? opt->outbox : c->watch.outbox);
    w->done = nf_strdup(opt->done ? opt->done : c->watch.done);
    w->quarantine = nf_strdup(opt->quarantine ? opt->quarantine : c->watch.quarantine);
    if (!w->inbox || !w->outbox || !w->done || !w->quarantine)
        return setup_error("%s", "out of memory");
    w->settle_ms = opt->settle_ms >= 0 ? (uint64_t)opt->settle_ms : c->watch.settle_ms;
    w->rescan_ms = opt->rescan_ms > 0 ? (uint64_t)opt->rescan_ms : c->watch.rescan_ms;
    w->max_article_bytes = opt->max_article_bytes ? opt->max_article_bytes : c->watch.max_article_bytes;
    w->log.out = stderr;
    w->log.json = opt->log_json;
    w->log.quiet = opt->quiet;
    w->output.pretty = opt->pretty;
    return 0;
}

static void start_handles(watcher *w)
{
    uv_timer_t *timers[] = {&w->settle_timer, &w->rescan_timer, &w->status_timer, &w->reload_timer,
                            &w->deadline_timer};
    for (size_t i = 0; i < sizeof timers / sizeof timers[0]; i++) {
        uv_timer_init(&w->loop, timers[i]);
        timers[i]->data = w;
    }
    uint64_t tick = w->settle_ms / 4;
    tick = tick < 10 ? 10 : tick > 250 ? 250 : tick;
    uv_timer_start(&w->settle_timer, on_settle_tick, tick, tick);
    uv_timer_start(&w->rescan_timer, on_rescan, w->rescan_ms, w->rescan_ms);
    uv_timer_start(&w->status_timer, on_status_tick, STATUS_INTERVAL_MS, STATUS_INTERVAL_MS);
    uv_signal_t *signals[] = {&w->sigint, &w->sigterm, &w->sighup};
    int numbers[] = {SIGINT, SIGTERM, SIGHUP};
    for (size_t i = 0; i < 3; i++) {
        uv_signal_init(&w->loop, signals[i]);
        signals[i]->data = w;
        uv_signal_start(signals[i], on_signal, numbers[i]);
    }
    uv_fs_event_init(&w->loop, &w->inbox_events);
    w->inbox_events.data = w;
}

static int start(watcher *w, const nf_watch_options *opt)
{
    nf_diag d = {{0}, 0, {0}};
    if (nf_ruleset_build(opt->config_path, 1, &w->rules, &d) < 0) {
        char message[1024];
        nf_diag_format(&d, message, sizeof message);
        return setup_error("%s", message);
    }
    w->next_generation = 2;
    int rc = choose_settings(w, opt, w->rules->config);
    if (rc == 0)
        rc = check_folders(w);
    if (rc == 0)
        rc = take_lock(w);
    if (rc != 0)
        return rc;
    remove_stale_temporaries(w->outbox);
    remove_stale_temporaries(w->quarantine);
    unsigned workers = nf_pool_init(opt->workers ? opt->workers : w->rules->config->workers);
    w->max_in_flight = w->rules->config->max_in_flight ? w->rules->config->max_in_flight : 2 * (size_t)workers;
    w->started_at = time(NULL);
    /* Building the rules took time the loop's clock has not seen: settling is measured from now. */
    uv_update_time(&w->loop);
    start_handles(w);
    if (arm_inbox_watcher(w) < 0)
        return setup_error("cannot watch the inbox %s", w->inbox);
    arm_rule_watchers(w);
    long backlog = scan_inbox(w);
    nf_log_event(&w->log, NF_LOG_NOTICE, "started", w->inbox,
                 "watching with %u workers, rules generation 1; %ld files waiting", workers, backlog);
    write_status(w, "running");
    dispatch(w);
    return 0;
}

static void free_candidates(watcher *w)
{
    while (w->oldest)
        drop_candidate(w, w->oldest);
    nf_strmap_free(w->candidates);
}

int nf_watch_run(const nf_watch_options *opt)
{
    watcher *w = nf_calloc(1, sizeof *w);
    if (w == NULL || uv_loop_init(&w->loop) != 0 || (w->candidates = nf_strmap_new()) == NULL) {
        nf_free(w);
        return setup_error("%s", "out of memory");
    }
    w->opt = opt;
    w->lock_fd = -1;
    signal(SIGPIPE, SIG_IGN);
    int rc = start(w, opt);
    if (rc == 0)
        uv_run(&w->loop, UV_RUN_DEFAULT);
    else
        uv_walk(&w->loop, close_handle, NULL);
    uv_run(&w->loop, UV_RUN_DEFAULT);
    uv_loop_close(&w->loop);
    nf_pool_shutdown();
    nf_ruleset_unref(w->rules);
    free_candidates(w);
    if (w->lock_fd >= 0)
        close(w->lock_fd);
    nf_free(w->inbox);
    nf_free(w->outbox);
    nf_free(w->done);
    nf_free(w->quarantine);
    nf_free(w);
    return rc;
}

int nf_watch_print_status(const char *status_path, FILE *out)
{
    FILE *f = fopen(status_path, "rb");
    if (f == NULL) {
        fprintf(stderr, "newsflow: no status at %s: %s\n", status_path, strerror(errno));
        return 2;
    }
    char text[16384];
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = '\0';
    cJSON *status = cJSON_Parse(text);
    const cJSON *pid = cJSON_GetObjectItem(status, "pid");
    const cJSON *state = cJSON_GetObjectItem(status, "state");
    if (!cJSON_IsNumber(pid) || !cJSON_IsString(state)) {
        cJSON_Delete(status);
        fprintf(stderr, "newsflow: %s is not a newsflow status file\n", status_path);
        return 2;
    }
    /* A daemon killed without warning leaves "running" behind: ask the process itself. */
    bool alive = strcmp(state->valuestring, "stopped") != 0 && kill((pid_t)pid->valueint, 0) == 0;
    fputs(text, out);
    if (n && text[n - 1] != '\n')
        fputc('\n', out);
    fprintf(out, "%s (pid %d)\n", alive ? "running" : "not running", pid->valueint);
    cJSON_Delete(status);
    return alive ? 0 : 1;
}
