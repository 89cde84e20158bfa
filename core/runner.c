/* runner.c — `newsflow run`: units to the pool, results back in input order. */
#include "runner.h"

#include "alloc.h"
#include "engine.h"
#include "outbox.h"
#include "strmap.h"
#include "inputs.h"
#include "pool.h"
#include "reader.h"

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <uv.h>

typedef struct runner runner;

/*
 * A job carries one unit to a worker and its result back. Jobs are
 * recycled, each with its output buffer: a worker prints straight into the
 * buffer the loop thread then writes from, and once the buffers have grown
 * to the size of the results, printing allocates nothing.
 */
typedef struct job {
    uv_work_t req;
    runner *r;
    uint64_t seq;
    nf_unit unit;
    nf_outbuf out;               /* the result, when made */
    bool made;                   /* false: out of memory, out holds nothing */
    bool had_errors;
    char id[NF_ID_MAX + 1];
    struct job *next_spare;
} job;

/* A buffer grown past this by a rare big result goes back to the system once written. */
#define KEPT_BUFFER_MAX (64 * 1024)

struct runner {
    uv_loop_t loop;
    nf_ruleset *rs;
    const nf_run_options *opt;
    nf_inputs *inputs;
    bool inputs_done;
    job **ring;                  /* jobs by seq % cap, until written */
    size_t cap;
    job *spare;                  /* written jobs, to be used again */
    uint64_t next_seq, next_write;
    size_t in_flight;
    FILE *out, *err;
    nf_strmap *names;            /* result names written to the output folder */
    nf_run_stats stats;
    int failure;                 /* the first error writing results */
};

static void process_job(uv_work_t *req)
{
    job *j = req->data;
    runner *r = j->r;
    nf_worker *w = nf_pool_worker();
    nf_article a;
    if (w == NULL || nf_article_init(&a, &w->arena) < 0)
        return;
    nf_unit_read(&j->unit, &a, r->rs->config->max_article_bytes);
    nf_engine_process(w, r->rs, &a);
    j->made = nf_output_print(&a, &r->opt->output, &j->out) == 0;
    j->had_errors = a.n_errors > 0;
    snprintf(j->id, sizeof j->id, "%s", a.id ? a.id : "article");
    nf_article_release(&a);
    nf_arena_reset(&w->arena);
}

/* The file name of a result: <id>.json, or <id>-N.json when the id was already written in this run. */
static int result_name(runner *r, const char *id, char *name, size_t size)
{
    unsigned n = 1;
    snprintf(name, size, "%s.json", id);
    while (nf_strmap_get(r->names, name))
        snprintf(name, size, "%s-%u.json", id, ++n);
    if (n > 1)
        fprintf(r->err, "newsflow: id '%s' appears more than once; this result is %s\n", id, name);
    return nf_strmap_put(r->names, name, r);
}

static void write_to_folder(runner *r, const char *id, const char *text, size_t len)
{
    char name[NF_ID_MAX + 32];
    int rc = result_name(r, id, name, sizeof name);
    if (rc == 0)
        rc = nf_write_atomic(r->opt->output_dir, name, text, len, false);
    if (rc < 0 && r->failure == 0) {
        fprintf(r->err, "newsflow: cannot write %s/%s: %s\n", r->opt->output_dir, name,
                rc == NF_ENOMEM ? "out of memory" : strerror(errno));
        r->failure = NF_EIO;
    }
}

static void write_result(runner *r, job *j)
{
    char fallback[512];
    const char *text = j->out.data;
    size_t len = j->out.len;
    if (!j->made) {
        /* Never lose an article silently: say that it could not be made. */
        snprintf(fallback, sizeof fallback,
                 "{\"id\":\"%s\",\"source\":null,\"errors\":[{\"stage\":\"output\",\"code\":\"enomem\","
                 "\"file\":null,\"line\":null,\"message\":\"out of memory while processing\"}]}",
                 j->id[0] ? j->id : "article");
        text = fallback;
        len = strlen(fallback);
        j->had_errors = true;
    }
    r->stats.articles++;
    r->stats.with_errors += j->had_errors;
    r->stats.written_bytes += len + 1;
    if (r->opt->output_dir) {
        write_to_folder(r, j->id[0] ? j->id : "article", text, len);
    } else if ((fwrite(text, 1, len, r->out) != len || fputc('\n', r->out) == EOF) && !r->failure) {
        fprintf(r->err, "newsflow: cannot write results: %s\n", strerror(errno));
        r->failure = NF_EIO;
    }
}

/* Keeps a written job (and its buffer) for a later unit. */
static void recycle_job(runner *r, job *j)
{
    nf_unit_free(&j->unit);
    if (j->out.cap > KEPT_BUFFER_MAX) {
        nf_free(j->out.data);
        j->out = (nf_outbuf){0};
    }
    j->next_spare = r->spare;
    r->spare = j;
}

static job *take_job(runner *r)
{
    job *j = r->spare;
    if (j == NULL)
        return nf_calloc(1, sizeof *j);
    r->spare = j->next_spare;
    j->next_spare = NULL;
    return j;
}

static void free_spare_jobs(runner *r)
{
    while (r->spare) {
        job *next = r->spare->next_spare;
        nf_free(r->spare->out.data);
        nf_free(r->spare);
        r->spare = next;
    }
}

static void fill(runner *r);

/* Back on the loop thread: write every finished result that is next in input order. */
static void job_done(uv_work_t *req, int status)
{
    (void)status;
    job *j = req->data;
    runner *r = j->r;
    r->ring[j->seq % r->cap] = j;
    job *next;
    while ((next = r->ring[r->next_write % r->cap]) != NULL && next->seq == r->next_write) {
        r->ring[r->next_write % r->cap] = NULL;
        write_result(r, next);
        recycle_job(r, next);
        r->next_write++;
        r->in_flight--;
    }
    fill(r);
}

/* Queues units until max_in_flight are read and not yet written. */
static void fill(runner *r)
{
    while (!r->inputs_done && r->in_flight < r->cap) {
        job *j = take_job(r);
        int rc = j ? nf_inputs_next(r->inputs, &j->unit) : NF_ENOMEM;
        if (rc <= 0) {
            if (j)
                recycle_job(r, j);
            r->inputs_done = true;
            if (rc < 0 && r->failure == 0) {
                fprintf(r->err, "newsflow: out of memory reading inputs\n");
                r->failure = rc;
            }
            return;
        }
        j->r = r;
        j->made = false;
        j->had_errors = false;
        j->id[0] = '\0';
        j->seq = r->next_seq++;
        j->req.data = j;
        r->in_flight++;
        uv_queue_work(&r->loop, &j->req, process_job, job_done);
    }
}

static int open_runner(runner *r, nf_ruleset *rs, const nf_run_options *opt, FILE *out, FILE *err)
{
    memset(r, 0, sizeof *r);
    r->rs = rs;
    r->opt = opt;
    r->out = out;
    r->err = err;
    r->cap = opt->max_in_flight ? opt->max_in_flight : 64;
    r->ring = nf_calloc(r->cap, sizeof *r->ring);
    if (r->ring == NULL)
        return NF_ENOMEM;
    if (opt->output_dir && (r->names = nf_strmap_new()) == NULL)
        return NF_ENOMEM;
    int rc = nf_inputs_open(&r->inputs, opt->paths, opt->n_paths, rs->config->max_article_bytes);
    if (rc < 0)
        return rc;
    return uv_loop_init(&r->loop) == 0 ? 0 : NF_EIO;
}

int nf_run(nf_ruleset *rs, const nf_run_options *opt, FILE *out, FILE *err, nf_run_stats *stats)
{
    runner r;
    int rc = open_runner(&r, rs, opt, out, err);
    if (rc == 0) {
        fill(&r);
        uv_run(&r.loop, UV_RUN_DEFAULT);
        if (fflush(out) != 0 && r.failure == 0) {
            fprintf(err, "newsflow: cannot write results: %s\n", strerror(errno));
            r.failure = NF_EIO;
        }
        uv_loop_close(&r.loop);
        rc = r.failure;
    }
    nf_inputs_close(r.inputs);
    nf_strmap_free(r.names);
    free_spare_jobs(&r);
    nf_free(r.ring);
    if (stats)
        *stats = r.stats;
    return rc;
}
