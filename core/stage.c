/* stage.c — the table of built-in stage types and helpers every stage shares. */
#include "stage.h"

#include "alloc.h"

#include <stdio.h>
#include <string.h>

static const nf_stage_type *const stage_types[] = {
    &nf_stage_normalize, &nf_stage_boilerplate, &nf_stage_sentences, &nf_stage_entities,
    &nf_stage_claims,    &nf_stage_score,       &nf_stage_lua,
};

#define N_STAGE_TYPES (sizeof stage_types / sizeof stage_types[0])

const nf_stage_type *nf_stage_type_find(const char *name)
{
    for (size_t i = 0; i < N_STAGE_TYPES; i++)
        if (strcmp(stage_types[i]->name, name) == 0)
            return stage_types[i];
    return NULL;
}

const char *nf_stage_type_list(void)
{
    return "normalize, boilerplate, sentences, entities, claims, score, lua";
}

int nf_stage_add_file(nf_stage *st, const char *path)
{
    char **files = nf_realloc(st->files, (st->n_files + 1) * sizeof *files);
    if (files == NULL)
        return NF_ENOMEM;
    st->files = files;
    st->files[st->n_files] = nf_strdup(path);
    if (st->files[st->n_files] == NULL)
        return NF_ENOMEM;
    st->n_files++;
    return 0;
}

char *nf_stage_plugin_path(const nf_stage *st, const char *relative)
{
    if (relative[0] == '/' || st->rules_file == NULL)
        return nf_strdup(relative);
    const char *slash = strrchr(st->rules_file, '/');
    size_t dir_len = slash ? (size_t)(slash - st->rules_file) : 0;
    size_t len = dir_len + 1 + strlen(relative) + 1;
    char *path = nf_malloc(len);
    if (path == NULL)
        return NULL;
    if (dir_len)
        snprintf(path, len, "%.*s/%s", (int)dir_len, st->rules_file, relative);
    else
        snprintf(path, len, "%s", relative);
    return path;
}
