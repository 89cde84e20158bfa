/*
 * config.h — pipeline.conf, parsed with inih.
 *
 *   [pipeline]
 *   stages = normalize, sentences, entities, claims, score   ; order matters
 *   workers = auto                 ; or a number
 *   max_article_bytes = 16M        ; larger inputs are rejected unread
 *   max_in_flight = auto           ; articles read but not yet written (auto: 32 per worker; watch: 2)
 *   lua_memory_limit = 64M         ; per Lua state
 *   instruction_limit = 50000000   ; Lua VM instructions per hook call
 *
 *   [entities]                     ; one section per stage, named as in `stages`
 *   type = entities                ; the built-in stage type; defaults to the section name
 *   rules = plugins/entities.lua   ; relative to the config file's folder
 *   instruction_limit = 0          ; 0: the pipeline's
 *
 *   [watch]                        ; see docs for `newsflow watch`
 *   inbox = inbox
 *   outbox = outbox
 *   done = done
 *   quarantine = quarantine
 *   settle = 500ms
 *   rescan = 5s
 *   max_article_bytes = 0          ; 0: [pipeline]'s
 *
 * Syntax errors, unknown sections and keys, and bad values fail with the
 * file and line. Whether stage types exist and rule files load is checked
 * when the ruleset is built, with the lines recorded here.
 */
#ifndef NF_CONFIG_H
#define NF_CONFIG_H

#include "error.h"

#include <stddef.h>
#include <stdint.h>

typedef struct nf_stage_conf {
    char *name;               /* as listed in [pipeline] stages */
    char *type;               /* stage type; the name when no `type =` */
    char *rules;              /* as written, NULL when none */
    char *rules_path;         /* resolved against the config's folder, NULL when none */
    uint64_t instruction_limit; /* 0: the pipeline's */
    int line;                 /* where the stage is named in `stages =` */
    int section_line;         /* its [section] header, 0 when it has none */
    int type_line, rules_line;
} nf_stage_conf;

typedef struct nf_watch_conf {
    char *inbox, *outbox, *done, *quarantine;  /* resolved against the config's folder */
    uint64_t settle_ms;       /* default 500 */
    uint64_t rescan_ms;       /* default 5000 */
    size_t max_article_bytes; /* 0: [pipeline]'s */
} nf_watch_conf;

typedef struct nf_config {
    char *path;               /* the file, as given */
    char *dir;                /* its folder, for relative paths */
    nf_stage_conf *stages;
    size_t n_stages;
    int stages_line;
    unsigned workers;         /* 0: one per core */
    size_t max_article_bytes; /* default 16 MiB */
    size_t max_in_flight;     /* 0: 32 per worker (watch: 2, which keeps latency low) */
    size_t lua_memory_limit;  /* default 64 MiB */
    uint64_t instruction_limit; /* default 50,000,000 */
    nf_watch_conf watch;
} nf_config;

/*
 * Reads and parses a config file. On error fills d with file:line and returns
 * NF_ECONFIG, NF_ENOENT or NF_EIO (the file cannot be read), or NF_ENOMEM.
 */
int nf_config_load(const char *path, nf_config **out, nf_diag *d);

/*
 * Parses config text. `path` names it in messages; relative paths in it
 * resolve against `dir` (NULL or "." leaves them relative to the current folder).
 */
int nf_config_parse(const char *text, size_t len, const char *path, const char *dir,
                    nf_config **out, nf_diag *d);

void nf_config_free(nf_config *c);

/* Parses "16M", "64MiB", "512k", "1048576" (binary multiples). Returns 0 or NF_EINVAL. */
int nf_parse_size(const char *s, size_t *out);

/* Parses "500ms", "5s", "2m", "250" (milliseconds). Returns 0 or NF_EINVAL. */
int nf_parse_duration_ms(const char *s, uint64_t *out);

#endif
