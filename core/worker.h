/*
 * worker.h — what one worker thread keeps between articles.
 *
 * Lua states are not thread-safe, so each worker has its own, built from
 * the ruleset it was last given and rebuilt when the ruleset changes or the
 * state hit a limit. The worker also keeps the arena its articles allocate
 * from and each stage's scratch memory, so that a stream of articles does
 * not churn the allocator.
 *
 * While an article is processed, the worker knows the article and its Lua
 * view (built once per article and shared by every stage's hooks).
 */
#ifndef NF_WORKER_H
#define NF_WORKER_H

#include "arena.h"
#include "article.h"
#include "ruleset.h"
#include "sandbox.h"

typedef struct nf_worker {
    nf_arena arena;
    nf_ruleset *rs;          /* the ruleset the Lua state was built from (a reference) */
    nf_sandbox *sb;          /* NULL until first needed */
    int *plugin_refs;        /* per stage: registry reference of the plugin table */
    void **scratch;          /* per stage: scratch memory, or NULL */
    size_t n_stages;
    nf_article *article;     /* the article being processed, or NULL */
    const nf_stage *stage;   /* the stage running, or NULL */
    int view_ref;            /* registry reference of the article's Lua view */
} nf_worker;

void nf_worker_init(nf_worker *w);
void nf_worker_free(nf_worker *w);

/*
 * Makes the worker ready for articles of `rs`: (re)builds its Lua state and
 * scratch memory when rs is not the ruleset it has, or its state is
 * tainted. Returns 0 or a negative code with d filled.
 */
int nf_worker_use(nf_worker *w, nf_ruleset *rs, nf_diag *d);

/* Pushes the plugin's field `name` when it is a function and returns true; pushes nothing otherwise. */
bool nf_worker_push_hook(nf_worker *w, const nf_stage *st, const char *name);

/* Pushes the plugin table of a stage. */
void nf_worker_push_plugin(nf_worker *w, const nf_stage *st);

/* Pushes the Lua view of the article being processed (built on first use). */
void nf_worker_push_view(nf_worker *w);

/*
 * Calls the function below nargs arguments with the stage's instruction
 * budget. On failure the error goes into the article (stage, file:line,
 * message) and a negative code is returned; the stack is as lua_pcall
 * leaves it on success, and without the function and arguments on failure.
 */
int nf_worker_call(nf_worker *w, const nf_stage *st, int nargs, int nresults);

/*
 * Runs the plugin's hook `name`(article) when it exists. A failing hook
 * (an error, its budget, the Lua memory cap) is recorded in the article and
 * never stops the pipeline, so there is nothing to return.
 */
void nf_worker_run_hook(nf_worker *w, const nf_stage *st, const char *name);

/*
 * Runs a stage on the current article inside a protected call, so that a
 * Lua error outside any hook (the state's memory cap reached while the
 * stage builds a table) is recorded in the article instead of aborting.
 * Returns the stage's result, or NF_ENOMEM when the article cannot go on.
 */
int nf_worker_run_stage(nf_worker *w, const nf_stage *st, nf_article *a);

/* Starts and ends an article: sets up and tears down the per-article state. */
void nf_worker_begin(nf_worker *w, nf_article *a);
void nf_worker_end(nf_worker *w);

#endif
