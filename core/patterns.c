/* patterns.c — PCRE2 compilation, JIT and matching for claim patterns. */
#include "patterns.h"

#include "alloc.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <string.h>

/* Enough backtracking for any sane claim pattern on one sentence; a runaway one stops here. */
#define MATCH_LIMIT 1000000u
#define DEPTH_LIMIT 10000u
#define JIT_STACK_MAX (512u * 1024u)

struct nf_pattern {
    pcre2_code *code;
    nf_capture_name *names;
    size_t n_names;
    uint32_t groups;
};

struct nf_match_scratch {
    pcre2_general_context *general;
    pcre2_match_context *context;
    pcre2_jit_stack *jit_stack;
    pcre2_match_data *data;
};

static void *pcre_malloc(size_t size, void *ud)
{
    (void)ud;
    return nf_malloc(size);
}

static void pcre_free(void *ptr, void *ud)
{
    (void)ud;
    nf_free(ptr);
}

static uint32_t parse_flags(const char *flags)
{
    uint32_t options = PCRE2_UTF | PCRE2_UCP;
    for (const char *f = flags ? flags : ""; *f; f++) {
        if (*f == 'i')
            options |= PCRE2_CASELESS;
        else if (*f == 'x')
            options |= PCRE2_EXTENDED;
        else if (*f == 's')
            options |= PCRE2_DOTALL;
        else
            return 0;
    }
    return options;
}

/* Copies the name table out of PCRE2's packed form: 2 bytes of group number, then the name. */
static int read_names(nf_pattern *p)
{
    uint32_t count = 0, entry_size = 0;
    PCRE2_SPTR table = NULL;
    pcre2_pattern_info(p->code, PCRE2_INFO_NAMECOUNT, &count);
    pcre2_pattern_info(p->code, PCRE2_INFO_NAMEENTRYSIZE, &entry_size);
    pcre2_pattern_info(p->code, PCRE2_INFO_NAMETABLE, &table);
    p->names = nf_calloc(count ? count : 1, sizeof *p->names);
    if (p->names == NULL)
        return NF_ENOMEM;
    for (uint32_t i = 0; i < count; i++) {
        PCRE2_SPTR entry = table + (size_t)i * entry_size;
        p->names[i].group = (uint32_t)(entry[0] << 8 | entry[1]);
        p->names[i].name = nf_strdup((const char *)entry + 2);
        if (p->names[i].name == NULL)
            return NF_ENOMEM;
        p->n_names++;
    }
    return 0;
}

int nf_pattern_compile(const char *re, size_t len, const char *flags, nf_pattern **out, nf_diag *d)
{
    uint32_t options = parse_flags(flags);
    if (options == 0)
        return nf_diag_set(d, NF_EINVAL, NULL, 0, "unknown flag in \"%s\" (known: i, x, s)", flags);
    nf_pattern *p = nf_calloc(1, sizeof *p);
    if (p == NULL)
        return NF_ENOMEM;
    pcre2_general_context *general = pcre2_general_context_create(pcre_malloc, pcre_free, NULL);
    pcre2_compile_context *cc = general ? pcre2_compile_context_create(general) : NULL;
    int error = 0;
    PCRE2_SIZE error_offset = 0;
    if (cc)
        p->code = pcre2_compile((PCRE2_SPTR)re, len, options, &error, &error_offset, cc);
    pcre2_compile_context_free(cc);
    pcre2_general_context_free(general);
    if (p->code == NULL) {
        nf_pattern_free(p);
        if (cc == NULL)
            return NF_ENOMEM;
        PCRE2_UCHAR message[256];
        pcre2_get_error_message(error, message, sizeof message);
        return nf_diag_set(d, NF_EINVAL, NULL, 0, "at offset %zu: %s", (size_t)error_offset,
                           (const char *)message);
    }
    /* JIT is an optimisation: without it (unsupported CPU) the interpreter still matches. */
    pcre2_jit_compile(p->code, PCRE2_JIT_COMPLETE);
    pcre2_pattern_info(p->code, PCRE2_INFO_CAPTURECOUNT, &p->groups);
    p->groups += 1;
    int rc = read_names(p);
    if (rc < 0) {
        nf_pattern_free(p);
        return rc;
    }
    *out = p;
    return 0;
}

void nf_pattern_free(nf_pattern *p)
{
    if (p == NULL)
        return;
    for (size_t i = 0; i < p->n_names; i++)
        nf_free((char *)(uintptr_t)p->names[i].name);
    nf_free(p->names);
    pcre2_code_free(p->code);
    nf_free(p);
}

size_t nf_pattern_names(const nf_pattern *p, const nf_capture_name **names)
{
    *names = p->names;
    return p->n_names;
}

uint32_t nf_pattern_groups(const nf_pattern *p)
{
    return p->groups;
}

nf_match_scratch *nf_match_scratch_new(uint32_t max_groups)
{
    nf_match_scratch *ms = nf_calloc(1, sizeof *ms);
    if (ms == NULL)
        return NULL;
    ms->general = pcre2_general_context_create(pcre_malloc, pcre_free, NULL);
    if (ms->general) {
        ms->context = pcre2_match_context_create(ms->general);
        ms->jit_stack = pcre2_jit_stack_create(32 * 1024, JIT_STACK_MAX, ms->general);
        ms->data = pcre2_match_data_create(max_groups ? max_groups : 1, ms->general);
    }
    if (ms->context == NULL || ms->data == NULL) {
        nf_match_scratch_free(ms);
        return NULL;
    }
    pcre2_set_match_limit(ms->context, MATCH_LIMIT);
    pcre2_set_depth_limit(ms->context, DEPTH_LIMIT);
    if (ms->jit_stack)
        pcre2_jit_stack_assign(ms->context, NULL, ms->jit_stack);
    return ms;
}

void nf_match_scratch_free(nf_match_scratch *ms)
{
    if (ms == NULL)
        return;
    pcre2_match_data_free(ms->data);
    pcre2_jit_stack_free(ms->jit_stack);
    pcre2_match_context_free(ms->context);
    pcre2_general_context_free(ms->general);
    nf_free(ms);
}

int nf_pattern_match(const nf_pattern *p, const char *subject, size_t len, size_t offset,
                     nf_match_scratch *ms)
{
    if (offset > len)
        return 0;
    /* The text was checked as UTF-8 once, so PCRE2 need not check it again for every pattern. */
    int rc = pcre2_match(p->code, (PCRE2_SPTR)subject, len, offset, PCRE2_NO_UTF_CHECK, ms->data,
                         ms->context);
    if (rc >= 0)
        return 1;
    if (rc == PCRE2_ERROR_NOMATCH)
        return 0;
    return rc == PCRE2_ERROR_NOMEMORY ? NF_ENOMEM : NF_EBUDGET;
}

int nf_match_group(const nf_match_scratch *ms, uint32_t g, size_t *start, size_t *end)
{
    if (g >= pcre2_get_ovector_count(ms->data))
        return 0;
    const PCRE2_SIZE *ov = pcre2_get_ovector_pointer(ms->data);
    if (ov[2 * g] == PCRE2_UNSET)
        return 0;
    *start = ov[2 * g];
    *end = ov[2 * g + 1];
    return 1;
}
