/*
 * ruletest.h — `newsflow test`: rule tests written in Lua.
 *
 * A test file returns a list of cases; each case is an article (text and
 * optional title, or a file relative to the pipeline's folder) and what the
 * rules must find in it:
 *
 *   return {
 *     { name = "Putin with a title", text = "Russian President Vladimir Putin said ...",
 *       entities    = { { "Vladimir Putin", "PERSON" }, { name = "Russia", text = "Russian" } },
 *       no_entities = { "Monday", { name = "Putin", type = "PLACE" } },
 *       claims      = { { kind = "quote", speaker = "Vladimir Putin", text = "substring" } },
 *       no_claims   = { { kind = "number" } },
 *       signals     = { "NAMED_SOURCE" },  no_signals = { "SHOUTING" },
 *       scores      = { sourcing = { min = 0.5, max = 1 } },
 *       excluded    = { "Source Article from" },   -- text that must be excluded
 *       errors      = 0,                          -- how many errors (default 0)
 *     },
 *   }
 *
 * An expected entity holds when some entity has the given name, type and
 * text (each only when given; { "N", "T" } is name and type). An expected
 * claim holds when some claim has the given kind and, for every other key,
 * the same field value — except `text`, which must be a substring of the
 * claim's text. no_* lists must match nothing (a plain string in
 * no_entities is a name or a text).
 */
#ifndef NF_RULETEST_H
#define NF_RULETEST_H

#include "ruleset.h"

#include <stdio.h>

typedef struct nf_ruletest_counts {
    size_t passed, failed;
} nf_ruletest_counts;

/*
 * Runs the test files named by paths (files, or folders whose *.lua files
 * are taken in sorted order) with rs. Describes each failing case on out.
 * Returns 0 when every file could be run (failing cases included), or a
 * negative code with d filled when a test file is broken.
 */
int nf_ruletest_run(nf_ruleset *rs, const char *const *paths, size_t n_paths, FILE *out,
                    nf_ruletest_counts *counts, nf_diag *d);

#endif
