/*
 * runner.h — `newsflow run`: inputs through the engine on libuv's thread pool.
 *
 * The loop thread reads input units and hands each to the pool (pool.h,
 * sized before the run); a worker
 * reads the file, runs the engine with its own worker context and
 * serializes the result; the loop thread writes results strictly in input
 * order, whatever the number of workers. At most max_in_flight articles
 * are read and not yet written, so memory stays flat on any number of
 * inputs.
 */
#ifndef NF_RUNNER_H
#define NF_RUNNER_H

#include "output.h"
#include "ruleset.h"

#include <stdio.h>

typedef struct nf_run_options {
    const char *const *paths;    /* no paths: JSON Lines from standard input */
    size_t n_paths;
    const char *output_dir;      /* NULL: one JSON object per line on `out` */
    size_t max_in_flight;        /* articles read but not yet written */
    nf_output_options output;
} nf_run_options;

/* Result of a run. */
typedef struct nf_run_stats {
    size_t articles;
    size_t with_errors;
    size_t written_bytes;
} nf_run_stats;

/*
 * Processes every input with rs and writes the results. Messages about
 * inputs that cannot be written go to `err`. Returns 0, or a negative code
 * when results could not be written (disk full, bad output folder).
 */
int nf_run(nf_ruleset *rs, const nf_run_options *opt, FILE *out, FILE *err, nf_run_stats *stats);

#endif
