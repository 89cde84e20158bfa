/*
 * ruleset.h — everything the pipeline needs to process articles, compiled.
 *
 * A ruleset holds the parsed config, the stages in order with their
 * compiled matchers and their plugins' source text, and a generation
 * number. It is immutable once built and reference-counted: workers share
 * it read-only, and a reload builds a new one and swaps it in between
 * articles while articles in flight finish on the one they started with.
 *
 * Building validates everything (config, stage types, rule files, plugin
 * code, patterns) so that a broken edit is reported with file:line before
 * it can replace working rules.
 */
#ifndef NF_RULESET_H
#define NF_RULESET_H

#include "config.h"
#include "stage.h"

#include <stdatomic.h>
#include <stdint.h>
#include <time.h>

typedef struct nf_ruleset {
    atomic_uint refs;
    uint64_t generation;
    time_t loaded_at;
    nf_config *config;
    nf_stage *stages;
    size_t n_stages;
    char **files;            /* config, plugins and lists (borrowed pointers) */
    size_t n_files;
} nf_ruleset;

/* Builds a ruleset from a config file. Returns 0, NF_ECONFIG, NF_ELUA, NF_ENOMEM, ... with d filled. */
int nf_ruleset_build(const char *config_path, uint64_t generation, nf_ruleset **out, nf_diag *d);

/* Builds a ruleset from a parsed config, which it takes over (freed on failure too). */
int nf_ruleset_build_from(nf_config *config, uint64_t generation, nf_ruleset **out, nf_diag *d);

nf_ruleset *nf_ruleset_ref(nf_ruleset *rs);
void nf_ruleset_unref(nf_ruleset *rs);

/* Every file the ruleset was built from (config, plugins, list files), for watching. */
size_t nf_ruleset_files(const nf_ruleset *rs, const char *const **files);

#endif
