/* ruleset.c — building, validating and sharing compiled rules. */
#include "ruleset.h"

#include "alloc.h"
#include "plugin.h"
#include "sandbox.h"

#include <errno.h>
#include <lauxlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <uv.h>

/* Reads the plugin's text once: workers load it from memory, so a half-saved edit never reaches them. */
static int read_source(nf_stage *st, const nf_stage_conf *sc, const nf_config *c, nf_diag *d)
{
    FILE *f = fopen(sc->rules_path, "rb");
    if (f == NULL)
        return nf_diag_set(d, NF_ECONFIG, c->path, sc->rules_line ? sc->rules_line : sc->line,
                           "stage '%s': cannot read rules '%s': %s", sc->name, sc->rules,
                           strerror(errno));
    struct stat sb;
    if (fstat(fileno(f), &sb) < 0 || !S_ISREG(sb.st_mode)) {
        fclose(f);
        return nf_diag_set(d, NF_ECONFIG, c->path, sc->rules_line,
                           "stage '%s': rules '%s' is not a regular file", sc->name, sc->rules);
    }
    st->source = nf_malloc((size_t)sb.st_size + 1);
    if (st->source == NULL) {
        fclose(f);
        return NF_ENOMEM;
    }
    st->source_len = fread(st->source, 1, (size_t)sb.st_size, f);
    st->source[st->source_len] = '\0';
    int failed = ferror(f);
    fclose(f);
    if (failed)
        return nf_diag_set(d, NF_ECONFIG, c->path, sc->rules_line,
                           "stage '%s': error reading rules '%s'", sc->name, sc->rules);
    return 0;
}

static int set_stage_type(nf_stage *st, const nf_stage_conf *sc, const nf_config *c, nf_diag *d)
{
    st->type = nf_stage_type_find(sc->type);
    if (st->type == NULL)
        return nf_diag_set(d, NF_ECONFIG, c->path, sc->type_line ? sc->type_line : sc->line,
                           "stage '%s': unknown stage type '%s' (known: %s)", sc->name, sc->type,
                           nf_stage_type_list());
    if (st->type->needs_rules && sc->rules == NULL)
        return nf_diag_set(d, NF_ECONFIG, c->path, sc->section_line ? sc->section_line : sc->line,
                           "stage '%s' (type %s) needs `rules = <plugin.lua>` in its [%s] section",
                           sc->name, sc->type, sc->name);
    return 0;
}

/* Rejects plugin fields the stage type does not know: a misspelt hook would otherwise never run. */
static int check_fields(const nf_stage *st, lua_State *L, nf_diag *d)
{
    lua_pushnil(L);
    while (lua_next(L, -2)) {
        lua_pop(L, 1);
        if (lua_type(L, -1) != LUA_TSTRING) {
            lua_pop(L, 1);
            return nf_diag_set(d, NF_ELUA, st->rules, 0,
                               "the plugin table has a non-string key; stage '%s' expects named fields",
                               st->name);
        }
        const char *key = lua_tostring(L, -1);
        bool known = key[0] == '_';
        for (const char *const *f = st->type->fields; !known && f && *f; f++)
            known = strcmp(*f, key) == 0;
        if (!known) {
            nf_diag_set(d, NF_ELUA, st->rules, 0,
                        "unknown field '%s' for a %s stage (fields starting with _ are free to use)",
                        key, st->type->name);
            lua_pop(L, 1);
            return NF_ELUA;
        }
    }
    return 0;
}

typedef struct compile_call {
    nf_stage *st;
    nf_diag *d;
    int rc;
} compile_call;

/* Reading plugin data pushes values, which can fail at the memory cap: it runs protected. */
static int compile_protected(lua_State *L)
{
    compile_call *call = lua_touserdata(L, -1);
    lua_pop(L, 1);
    call->rc = check_fields(call->st, L, call->d);
    if (call->rc == 0 && call->st->type->compile)
        call->rc = call->st->type->compile(call->st, L, call->d);
    return 0;
}

static int compile_plugin(nf_stage *st, nf_sandbox *sb, nf_diag *d)
{
    lua_State *L = nf_sandbox_state(sb);
    int rc = nf_sandbox_load_plugin_keep(sb, st->source, st->source_len, st->rules,
                                         st->instruction_limit, &st->compiled, d);
    if (rc < 0)
        return rc;
    compile_call call = {st, d, 0};
    lua_pushcfunction(L, compile_protected);
    lua_insert(L, -2);
    lua_pushlightuserdata(L, &call);
    int status = lua_pcall(L, 2, 0, 0);
    rc = call.rc;
    if (status != LUA_OK)
        rc = nf_plugin_error(st, d, "reading the plugin's data failed: %s",
                             status == LUA_ERRMEM ? "the Lua memory limit was reached"
                                                  : lua_tostring(L, -1));
    lua_settop(L, 0);
    if (rc < 0 && d && d->file[0] == '\0')
        snprintf(d->file, sizeof d->file, "%s", st->rules);
    return rc;
}

static int init_stage(nf_stage *st, size_t index, const nf_stage_conf *sc, const nf_config *c,
                      nf_diag *d)
{
    st->index = index;
    st->instruction_limit = sc->instruction_limit ? sc->instruction_limit : c->instruction_limit;
    st->name = nf_strdup(sc->name);
    if (st->name == NULL)
        return NF_ENOMEM;
    int rc = set_stage_type(st, sc, c, d);
    if (rc < 0 || sc->rules == NULL)
        return rc;
    st->rules = nf_strdup(sc->rules);
    st->rules_file = nf_strdup(sc->rules_path);
    if (st->rules == NULL || st->rules_file == NULL)
        return NF_ENOMEM;
    return read_source(st, sc, c, d);
}

static void free_stage(nf_stage *st)
{
    if (st->type && st->type->free_data && st->data)
        st->type->free_data(st->data);
    for (size_t i = 0; i < st->n_files; i++)
        nf_free(st->files[i]);
    nf_free(st->files);
    nf_free(st->name);
    nf_free(st->rules);
    nf_free(st->rules_file);
    nf_free(st->source);
    nf_free(st->compiled.code);
}

static void free_ruleset(nf_ruleset *rs)
{
    for (size_t i = 0; i < rs->n_stages; i++)
        free_stage(&rs->stages[i]);
    nf_free(rs->stages);
    nf_free(rs->files);
    nf_config_free(rs->config);
    nf_free(rs);
}

/* Collects the config, plugin and list paths in one array for watchers. */
static int collect_files(nf_ruleset *rs)
{
    size_t n = 1;
    for (size_t i = 0; i < rs->n_stages; i++)
        n += (rs->stages[i].rules_file != NULL) + rs->stages[i].n_files;
    rs->files = nf_calloc(n, sizeof *rs->files);
    if (rs->files == NULL)
        return NF_ENOMEM;
    rs->files[rs->n_files++] = rs->config->path;
    for (size_t i = 0; i < rs->n_stages; i++) {
        const nf_stage *st = &rs->stages[i];
        if (st->rules_file)
            rs->files[rs->n_files++] = st->rules_file;
        for (size_t j = 0; j < st->n_files; j++)
            rs->files[rs->n_files++] = st->files[j];
    }
    return 0;
}

/* One stage's compile, on a thread of its own: its own sandbox, its own diagnostic. */
typedef struct stage_compile {
    nf_stage *st;
    size_t memory_limit;
    nf_diag d;
    int rc;
    uv_thread_t thread;
    bool on_thread;
} stage_compile;

static void compile_stage(void *arg)
{
    stage_compile *job = arg;
    nf_stage *st = job->st;
    job->rc = 0;
    if (st->source) {
        nf_sandbox *sb = NULL;
        job->rc = nf_sandbox_new(job->memory_limit, &sb);
        if (job->rc == 0)
            job->rc = compile_plugin(st, sb, &job->d);
        nf_sandbox_free(sb);
    } else if (st->type->compile) {
        job->rc = st->type->compile(st, NULL, &job->d);
    }
}

/*
 * Compiles stages[0..n) at once, one thread each (the calling thread takes
 * the first), each loading its plugin in a sandbox of its own with the
 * pipeline's limits: the claim patterns' JIT and the entity automaton no
 * longer wait for each other. Stages share nothing while they compile. The
 * first failure in stage order is reported, as when they ran one by one.
 */
static int compile_all(nf_ruleset *rs, size_t n, nf_diag *d)
{
    stage_compile *jobs = nf_calloc(n ? n : 1, sizeof *jobs);
    if (jobs == NULL)
        return NF_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        jobs[i] = (stage_compile){.st = &rs->stages[i], .memory_limit = rs->config->lua_memory_limit};
        /* A thread that cannot be started is no failure: the stage compiles below. */
        jobs[i].on_thread = i > 0 && uv_thread_create(&jobs[i].thread, compile_stage, &jobs[i]) == 0;
    }
    for (size_t i = 0; i < n; i++)
        if (!jobs[i].on_thread)
            compile_stage(&jobs[i]);
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        if (jobs[i].on_thread)
            uv_thread_join(&jobs[i].thread);
        if (rc == 0 && jobs[i].rc < 0) {
            rc = jobs[i].rc;
            if (d)
                *d = jobs[i].d;
        }
    }
    nf_free(jobs);
    return rc;
}

/* Sets up every stage (names, types, plugin sources), then compiles those before the first that failed. */
static int compile_stages(nf_ruleset *rs, nf_diag *d)
{
    const nf_config *c = rs->config;
    nf_diag init_d = {{0}, 0, {0}};
    int init_rc = 0;
    for (size_t i = 0; init_rc == 0 && i < c->n_stages; i++) {
        rs->n_stages = i + 1;
        init_rc = init_stage(&rs->stages[i], i, &c->stages[i], c, &init_d);
    }
    size_t ready = init_rc == 0 ? rs->n_stages : rs->n_stages - 1;
    int rc = compile_all(rs, ready, d);
    if (rc == 0 && init_rc < 0) {
        rc = init_rc;
        if (d)
            *d = init_d;
    }
    return rc;
}

int nf_ruleset_build_from(nf_config *config, uint64_t generation, nf_ruleset **out, nf_diag *d)
{
    nf_ruleset *rs = nf_calloc(1, sizeof *rs);
    if (rs == NULL) {
        nf_config_free(config);
        return NF_ENOMEM;
    }
    rs->config = config;
    atomic_init(&rs->refs, 1);
    rs->generation = generation;
    rs->loaded_at = time(NULL);
    rs->stages = nf_calloc(config->n_stages, sizeof *rs->stages);
    int rc = rs->stages ? compile_stages(rs, d) : NF_ENOMEM;
    if (rc == 0)
        rc = collect_files(rs);
    if (rc < 0) {
        free_ruleset(rs);
        return rc;
    }
    *out = rs;
    return 0;
}

int nf_ruleset_build(const char *config_path, uint64_t generation, nf_ruleset **out, nf_diag *d)
{
    nf_config *config;
    int rc = nf_config_load(config_path, &config, d);
    if (rc < 0)
        return rc;
    return nf_ruleset_build_from(config, generation, out, d);
}

nf_ruleset *nf_ruleset_ref(nf_ruleset *rs)
{
    atomic_fetch_add_explicit(&rs->refs, 1, memory_order_relaxed);
    return rs;
}

void nf_ruleset_unref(nf_ruleset *rs)
{
    if (rs && atomic_fetch_sub_explicit(&rs->refs, 1, memory_order_acq_rel) == 1)
        free_ruleset(rs);
}

size_t nf_ruleset_files(const nf_ruleset *rs, const char *const **files)
{
    *files = (const char *const *)rs->files;
    return rs->n_files;
}
