/*
 * stage.h — the stage interface and the table of built-in stage types.
 *
 * A stage is one step of the pipeline: C code of a built-in type, fed with
 * rules from a Lua plugin. Its life has two halves:
 *   - compile, once per ruleset: the plugin's table is read and its data
 *     compiled into C matchers (stage->data), shared read-only by every
 *     worker. Each stage compiles on a thread of its own, at the same time
 *     as the others, with a Lua state of its own (ruleset.c): a compile
 *     must touch nothing but its stage (no static or global state);
 *   - run, once per article, on a worker thread, with that worker's Lua
 *     state (for hooks) and scratch memory.
 * A stage never does I/O and never touches another article. It records
 * problems in the article's errors and returns a negative code only when
 * the article cannot go on (out of memory).
 */
#ifndef NF_STAGE_H
#define NF_STAGE_H

#include "error.h"
#include "sandbox.h"

#include <lua.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct nf_stage nf_stage;
typedef struct nf_worker nf_worker;
typedef struct nf_article nf_article;

typedef struct nf_stage_type {
    const char *name;
    bool needs_rules;            /* whether `rules =` is required */
    const char *const *fields;   /* the plugin fields it understands (NULL-terminated) */
    /* Compiles the plugin table at the top of L into st->data. May be NULL. */
    int (*compile)(nf_stage *st, lua_State *L, nf_diag *d);
    /* Frees st->data. May be NULL. */
    void (*free_data)(void *data);
    /* Per-worker scratch memory for this stage, or NULL when none is needed. */
    void *(*scratch_new)(const nf_stage *st);
    void (*scratch_free)(void *scratch);
    int (*run)(const nf_stage *st, nf_worker *w, nf_article *a);
} nf_stage_type;

struct nf_stage {
    const nf_stage_type *type;
    size_t index;                /* position in the pipeline */
    char *name;                  /* as listed in [pipeline] stages */
    char *rules;                 /* the plugin as written in the config, or NULL */
    char *rules_file;            /* the plugin's resolved path, or NULL */
    char *source;                /* the plugin's text, read once per ruleset */
    size_t source_len;
    nf_chunk compiled;           /* the plugin compiled to bytecode, which workers load */
    uint64_t instruction_limit;  /* per hook call */
    void *data;                  /* what compile built */
    char **files;                /* other files compile read (lists), for reloading */
    size_t n_files;
};

/* Records that compile read `path`, so that a change to it reloads the rules. */
int nf_stage_add_file(nf_stage *st, const char *path);

/* The plugin's folder joined with a path the plugin names (absolute paths stay as they are). */
char *nf_stage_plugin_path(const nf_stage *st, const char *relative);

/* The built-in type called `name`, or NULL. */
const nf_stage_type *nf_stage_type_find(const char *name);

/* "normalize, sentences, ..." for messages. */
const char *nf_stage_type_list(void);

/* The built-in types, defined in their stage_*.c files. */
extern const nf_stage_type nf_stage_normalize;
extern const nf_stage_type nf_stage_boilerplate;
extern const nf_stage_type nf_stage_sentences;
extern const nf_stage_type nf_stage_entities;
extern const nf_stage_type nf_stage_claims;
extern const nf_stage_type nf_stage_score;
extern const nf_stage_type nf_stage_lua;

#endif
