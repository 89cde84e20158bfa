/* sandbox.c — allow-listed, budgeted, memory-capped Lua states for rules. */
#include "sandbox.h"

#include "alloc.h"
#include "luapattern.h"

#include <lauxlib.h>
#include <lualib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The hook runs every HOOK_INTERVAL instructions: often enough to stop a loop quickly, rarely enough to cost nothing. */
#define HOOK_INTERVAL 1000

#define BUDGET_MESSAGE "instruction budget exceeded"

/* Registry key of the table every plugin environment is copied from. */
static const char TEMPLATE_KEY[] = "newsflow.template";

struct nf_sandbox {
    lua_State *L;
    size_t used;            /* bytes the state holds */
    size_t limit;           /* bytes it may hold */
    bool out_of_memory;     /* an allocation was refused during the current call */
    bool running;           /* a budgeted call is running (nf_sandbox_call) */
    bool killed;            /* the current call ran over its budget */
    bool tainted;           /* the state hit a limit at some point */
    uint64_t budget;        /* instructions the current call may run */
    uint64_t spent;         /* instructions it has run, in HOOK_INTERVAL steps, and work charged from C */
    nf_diag where;          /* where the current call failed (file, line) */
};

nf_sandbox *nf_sandbox_of(lua_State *L)
{
    return *(nf_sandbox **)lua_getextraspace(L);
}

lua_State *nf_sandbox_state(nf_sandbox *sb)
{
    return sb->L;
}

bool nf_sandbox_tainted(const nf_sandbox *sb)
{
    return sb->tainted;
}

void nf_sandbox_taint(nf_sandbox *sb)
{
    sb->tainted = true;
}

bool nf_sandbox_out_of_memory(const nf_sandbox *sb)
{
    return sb->out_of_memory;
}

size_t nf_sandbox_memory(const nf_sandbox *sb)
{
    return sb->used;
}

/*
 * Lua's allocator contract: free when nsize is 0; never fail a shrink. A
 * growth beyond the cap is refused, which Lua turns into a memory error.
 */
static void *capped_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
    nf_sandbox *sb = ud;
    size_t old = ptr ? osize : 0;
    if (nsize == 0) {
        nf_free(ptr);
        sb->used -= old;
        return NULL;
    }
    if (nsize > old && nsize - old > sb->limit - sb->used) {
        sb->out_of_memory = true;
        return NULL;
    }
    void *p = nf_realloc(ptr, nsize);
    if (p == NULL) {
        if (nsize <= old)
            return ptr;
        sb->out_of_memory = true;
        return NULL;
    }
    sb->used = sb->used - old + nsize;
    return p;
}

/* The file a function was loaded from: its full chunk name, not Lua's shortened one. */
static void record_location(const lua_Debug *ar, nf_diag *d)
{
    const char *source = ar->source[0] == '@' || ar->source[0] == '=' ? ar->source + 1 : ar->short_src;
    snprintf(d->file, sizeof d->file, "%s", source);
    d->line = ar->currentline;
}

/* Records the innermost Lua function's file and line in d. */
void nf_sandbox_where(lua_State *L, nf_diag *d)
{
    lua_Debug ar;
    for (int level = 0; lua_getstack(L, level, &ar); level++) {
        if (lua_getinfo(L, "Sl", &ar) && ar.currentline > 0) {
            record_location(&ar, d);
            return;
        }
    }
}

static void budget_hook(lua_State *L, lua_Debug *ar);

/* Marks the running call as over budget. */
static void kill_call(lua_State *L, nf_sandbox *sb)
{
    sb->killed = true;
    sb->tainted = true;
    /* From now on every line and instruction fails again, so a pcall in the rule cannot go on. */
    lua_sethook(L, budget_hook, LUA_MASKCOUNT | LUA_MASKLINE, 1);
}

static void budget_hook(lua_State *L, lua_Debug *ar)
{
    nf_sandbox *sb = nf_sandbox_of(L);
    if (!sb->killed) {
        sb->spent += HOOK_INTERVAL;
        if (sb->spent < sb->budget)
            return;
        if (lua_getinfo(L, "Sl", ar) && ar->currentline > 0)
            record_location(ar, &sb->where);
        kill_call(L, sb);
    }
    lua_pushliteral(L, BUDGET_MESSAGE);
    lua_error(L);
}

uint64_t nf_sandbox_budget_left(lua_State *L)
{
    const nf_sandbox *sb = nf_sandbox_of(L);
    if (!sb->running || sb->killed || sb->spent >= sb->budget)
        return 0;
    return sb->budget - sb->spent;
}

void nf_sandbox_spend(lua_State *L, uint64_t n)
{
    nf_sandbox *sb = nf_sandbox_of(L);
    if (n <= nf_sandbox_budget_left(L)) {
        sb->spent += n;
        return;
    }
    if (!sb->killed) {
        nf_sandbox_where(L, &sb->where);   /* the rule that called the C function */
        kill_call(L, sb);
    }
    lua_pushliteral(L, BUDGET_MESSAGE);
    lua_error(L);
}

/* The pcall message handler: remembers where the error happened, keeps the message a string. */
static int message_handler(lua_State *L)
{
    nf_sandbox *sb = nf_sandbox_of(L);
    if (sb->where.line == 0)
        nf_sandbox_where(L, &sb->where);
    if (!lua_isstring(L, 1))
        lua_pushfstring(L, "error object is a %s value", luaL_typename(L, 1));
    return 1;
}

/*
 * Whether msg starts with the file name, or with Lua's shortened form of
 * it ("...tail" when the name is longer than LUA_IDSIZE); returns the
 * length of that prefix, or 0.
 */
static size_t file_prefix(const char *msg, const char *file)
{
    size_t n = strlen(file);
    if (n && strncmp(msg, file, n) == 0 && msg[n] == ':')
        return n;
    if (strncmp(msg, "...", 3) == 0) {
        const char *colon = strchr(msg + 3, ':');
        size_t tail = colon ? (size_t)(colon - msg - 3) : 0;
        if (tail && tail <= n && strncmp(file + n - tail, msg + 3, tail) == 0)
            return tail + 3;
    }
    return 0;
}

/* Moves a "file:line: message" prefix that matches the recorded file into d->line. */
static void split_location(const char *msg, nf_diag *d)
{
    size_t n = file_prefix(msg, d->file);
    const char *rest = msg;
    if (n) {
        char *end;
        long line = strtol(msg + n + 1, &end, 10);
        if (end != msg + n + 1 && end[0] == ':' && end[1] == ' ') {
            d->line = (int)line;
            rest = end + 2;
        }
    }
    snprintf(d->message, sizeof d->message, "%s", rest);
}

static int classify_failure(nf_sandbox *sb, int status)
{
    if (sb->killed)
        return NF_EBUDGET;
    if (status == LUA_ERRMEM || sb->out_of_memory) {
        sb->tainted = true;
        return NF_ENOMEM;
    }
    return NF_ELUA;
}

static void arm_budget(nf_sandbox *sb, uint64_t budget)
{
    sb->budget = budget;
    sb->spent = 0;
    sb->running = true;
    sb->killed = false;
    sb->out_of_memory = false;
    memset(&sb->where, 0, sizeof sb->where);
    lua_sethook(sb->L, budget_hook, LUA_MASKCOUNT, HOOK_INTERVAL);
}

int nf_sandbox_call(nf_sandbox *sb, int nargs, int nresults, uint64_t budget, nf_diag *d)
{
    lua_State *L = sb->L;
    int base = lua_gettop(L) - nargs;   /* the function's slot */
    lua_pushcfunction(L, message_handler);
    lua_insert(L, base);
    arm_budget(sb, budget);
    int status = lua_pcall(L, nargs, nresults, base);
    lua_sethook(L, NULL, 0, 0);
    sb->running = false;
    lua_remove(L, base);
    if (status == LUA_OK)
        return 0;

    int rc = classify_failure(sb, status);
    nf_diag where = sb->where;
    if (rc == NF_ENOMEM)
        snprintf(where.message, sizeof where.message, "memory limit of %zu bytes exceeded",
                 sb->limit);
    else if (rc == NF_EBUDGET)
        snprintf(where.message, sizeof where.message,
                 BUDGET_MESSAGE " (%llu instructions)", (unsigned long long)budget);
    else
        split_location(lua_tostring(L, -1) ? lua_tostring(L, -1) : "error", &where);
    lua_pop(L, 1);
    if (d)
        *d = where;
    return rc;
}

/* load(chunk [, name [, mode [, env]]]) that compiles text only. */
static int safe_load(lua_State *L)
{
    size_t len;
    const char *chunk = luaL_checklstring(L, 1, &len);
    const char *name = luaL_optstring(L, 2, "=(load)");
    if (luaL_loadbufferx(L, chunk, len, name, "t") != LUA_OK) {
        lua_pushnil(L);
        lua_insert(L, -2);
        return 2;
    }
    if (!lua_isnoneornil(L, 4)) {
        lua_pushvalue(L, 4);
    } else {
        lua_newtable(L);   /* a loaded chunk sees no globals unless given an environment */
    }
    if (!lua_setupvalue(L, -2, 1))
        lua_pop(L, 1);
    return 1;
}

/* print(...) writes to stderr: stdout carries the JSON results. */
static int safe_print(lua_State *L)
{
    int n = lua_gettop(L);
    for (int i = 1; i <= n; i++) {
        size_t len;
        const char *s = luaL_tolstring(L, i, &len);
        if (i > 1)
            fputc('\t', stderr);
        fwrite(s, 1, len, stderr);
        lua_pop(L, 1);
    }
    fputc('\n', stderr);
    return 0;
}

static int refuse_assignment(lua_State *L)
{
    return luaL_error(L, "assignment to '%s' after the plugin loaded: rules keep no state "
                         "between articles (use a local variable)",
                      lua_tostring(L, 2) ? lua_tostring(L, 2) : "?");
}

/* Whether the table at idx was locked by lock_table. */
static bool is_locked(lua_State *L, int idx)
{
    if (!lua_getmetatable(L, idx))
        return false;
    lua_pushliteral(L, "__newindex");
    lua_rawget(L, -2);
    bool locked = lua_tocfunction(L, -1) == refuse_assignment;
    lua_pop(L, 2);
    return locked;
}

/* rawset(t, k, v) that refuses the locked environment and libraries. */
static int safe_rawset(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    luaL_checkany(L, 2);
    luaL_checkany(L, 3);
    if (is_locked(L, 1))
        return refuse_assignment(L);
    lua_settop(L, 3);
    lua_rawset(L, 1);
    return 1;
}

static const char *const allowed_base[] = {
    "assert", "error", "getmetatable", "ipairs", "next", "pairs", "pcall", "rawequal",
    "rawget", "rawlen", "select", "setmetatable", "tonumber", "tostring",
    "type", "xpcall", "_VERSION", NULL,
};

static const char *const allowed_os[] = {"clock", "date", "difftime", "time", NULL};

/* Copies the named fields of the table at `from` into the table at the top of the stack. */
static void copy_fields(lua_State *L, int from, const char *const *names)
{
    for (const char *const *name = names; *name; name++) {
        lua_getfield(L, from, *name);
        lua_setfield(L, -2, *name);
    }
}

/* Copies every field of the library `lib` into the template at -1. */
static void copy_library(lua_State *L, const char *lib)
{
    lua_getglobal(L, lib);
    lua_newtable(L);
    lua_pushnil(L);
    while (lua_next(L, -3)) {
        lua_pushvalue(L, -2);
        lua_insert(L, -2);
        lua_settable(L, -4);
    }
    lua_setfield(L, -3, lib);
    lua_pop(L, 1);
}

static void open_libraries(lua_State *L)
{
    static const luaL_Reg libs[] = {
        {LUA_GNAME, luaopen_base},          {LUA_STRLIBNAME, luaopen_string},
        {LUA_TABLIBNAME, luaopen_table},    {LUA_MATHLIBNAME, luaopen_math},
        {LUA_UTF8LIBNAME, luaopen_utf8},    {LUA_COLIBNAME, luaopen_coroutine},
        {LUA_OSLIBNAME, luaopen_os},        {NULL, NULL},
    };
    for (const luaL_Reg *lib = libs; lib->func; lib++) {
        luaL_requiref(L, lib->name, lib->func, 1);
        lua_pop(L, 1);
    }
}

/*
 * Rules reach the string library two ways: through their environment's copy
 * of it, and through string methods ("x"):find(...), which the shared
 * string metatable sends to this same table (its __index). Changing the
 * table itself, before any copy is made, covers both: the pattern functions
 * become the step-counted ones (luapattern.h), and dump goes.
 */
static void bound_string_library(lua_State *L)
{
    static const nf_luapattern_budget budget = {nf_sandbox_budget_left, nf_sandbox_spend};
    lua_getglobal(L, LUA_STRLIBNAME);
    nf_luapattern_install(L, -1, &budget);
    lua_pushnil(L);
    lua_setfield(L, -2, "dump");
    lua_pop(L, 1);
}

/* Builds the template of a plugin environment from the opened libraries. */
static void build_template(lua_State *L)
{
    lua_pushglobaltable(L);
    int globals = lua_gettop(L);
    lua_newtable(L);
    copy_fields(L, globals, allowed_base);
    lua_pushcfunction(L, safe_load);
    lua_setfield(L, -2, "load");
    lua_pushcfunction(L, safe_print);
    lua_setfield(L, -2, "print");
    lua_pushcfunction(L, safe_rawset);
    lua_setfield(L, -2, "rawset");
    copy_library(L, LUA_STRLIBNAME);
    copy_library(L, LUA_TABLIBNAME);
    copy_library(L, LUA_MATHLIBNAME);
    copy_library(L, LUA_UTF8LIBNAME);
    copy_library(L, LUA_COLIBNAME);
    lua_getglobal(L, LUA_OSLIBNAME);
    lua_newtable(L);
    copy_fields(L, lua_gettop(L) - 1, allowed_os);
    lua_setfield(L, -3, LUA_OSLIBNAME);
    lua_pop(L, 1);
    lua_setfield(L, LUA_REGISTRYINDEX, TEMPLATE_KEY);
    lua_pop(L, 1);
}

/* Empties the real global table: code that escapes its environment finds nothing there. */
static void clear_globals(lua_State *L)
{
    lua_pushglobaltable(L);
    lua_pushnil(L);
    while (lua_next(L, -2)) {
        lua_pop(L, 1);
        lua_pushvalue(L, -1);
        lua_pushnil(L);
        lua_rawset(L, -4);
    }
    lua_pop(L, 1);
}

/* Strings share one metatable; protecting it keeps rules from changing every string's methods. */
static void protect_string_metatable(lua_State *L)
{
    lua_pushliteral(L, "");
    if (lua_getmetatable(L, -1)) {
        lua_pushboolean(L, 0);
        lua_setfield(L, -2, "__metatable");
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
}

static int setup_state(lua_State *L)
{
    open_libraries(L);
    bound_string_library(L);
    build_template(L);
    clear_globals(L);
    protect_string_metatable(L);
    return 0;
}

int nf_sandbox_new(size_t memory_limit, nf_sandbox **out)
{
    nf_sandbox *sb = nf_calloc(1, sizeof *sb);
    if (sb == NULL)
        return NF_ENOMEM;
    sb->limit = memory_limit;
    sb->L = lua_newstate(capped_alloc, sb);
    if (sb->L == NULL) {
        nf_free(sb);
        return NF_ENOMEM;
    }
    *(nf_sandbox **)lua_getextraspace(sb->L) = sb;
    lua_pushcfunction(sb->L, setup_state);
    if (lua_pcall(sb->L, 0, 0, 0) != LUA_OK) {
        nf_sandbox_free(sb);
        return NF_ENOMEM;
    }
    *out = sb;
    return 0;
}

void nf_sandbox_free(nf_sandbox *sb)
{
    if (sb == NULL)
        return;
    lua_close(sb->L);
    nf_free(sb);
}

/* Pushes a new environment: a copy of the template, with its own copies of the libraries. */
static void push_environment(lua_State *L)
{
    lua_getfield(L, LUA_REGISTRYINDEX, TEMPLATE_KEY);
    lua_newtable(L);
    lua_pushnil(L);
    while (lua_next(L, -3)) {
        if (lua_istable(L, -1)) {
            lua_newtable(L);
            lua_pushnil(L);
            while (lua_next(L, -3)) {
                lua_pushvalue(L, -2);
                lua_insert(L, -2);
                lua_settable(L, -4);
            }
            lua_remove(L, -2);
        }
        lua_pushvalue(L, -2);
        lua_insert(L, -2);
        lua_settable(L, -4);
    }
    lua_remove(L, -2);
}

/*
 * Locks the table at `idx`: its fields move to a backing table it reads
 * through, so that every later assignment, to a new name or an existing
 * one, reaches refuse_assignment.
 */
static void lock_table(lua_State *L, int idx)
{
    idx = lua_absindex(L, idx);
    lua_newtable(L);                       /* the metatable */
    lua_newtable(L);                       /* the backing table */
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        lua_pushvalue(L, -2);
        lua_insert(L, -2);
        lua_rawset(L, -4);
    }
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, refuse_assignment);
    lua_setfield(L, -2, "__newindex");
    lua_pushliteral(L, "locked");
    lua_setfield(L, -2, "__metatable");
    /* Clear the environment itself, key by key. */
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        lua_pop(L, 1);
        lua_pushvalue(L, -1);
        lua_pushnil(L);
        lua_rawset(L, idx);
    }
    lua_setmetatable(L, idx);
}

/* The libraries every environment has its own copy of, locked with the environment. */
static const char *const library_names[] = {
    LUA_STRLIBNAME, LUA_TABLIBNAME, LUA_MATHLIBNAME, LUA_UTF8LIBNAME, LUA_COLIBNAME,
    LUA_OSLIBNAME, NULL,
};

/* Locks a plugin's environment and its copies of the libraries. */
static void lock_environment(lua_State *L, int idx)
{
    idx = lua_absindex(L, idx);
    for (const char *const *lib = library_names; *lib; lib++) {
        lua_pushstring(L, *lib);
        if (lua_rawget(L, idx) == LUA_TTABLE && !is_locked(L, -1))
            lock_table(L, -1);
        lua_pop(L, 1);
    }
    lock_table(L, idx);
}

static int compile_failure(nf_sandbox *sb, int status, const char *name, nf_diag *d)
{
    nf_diag where;
    memset(&where, 0, sizeof where);
    snprintf(where.file, sizeof where.file, "%s", name);
    if (status == LUA_ERRMEM)
        snprintf(where.message, sizeof where.message, "memory limit of %zu bytes exceeded",
                 sb->limit);
    else
        split_location(lua_tostring(sb->L, -1) ? lua_tostring(sb->L, -1) : "error", &where);
    lua_pop(sb->L, 1);
    if (d)
        *d = where;
    return status == LUA_ERRMEM ? NF_ENOMEM : NF_ELUA;
}

/* lua_Writer: appends a piece of the dump to an nf_chunk. */
static int append_to_chunk(lua_State *L, const void *piece, size_t size, void *ud)
{
    (void)L;
    nf_chunk *chunk = ud;
    char *grown = nf_realloc(chunk->code, chunk->len + size);
    if (grown == NULL)
        return 1;
    memcpy(grown + chunk->len, piece, size);
    chunk->code = grown;
    chunk->len += size;
    return 0;
}

/* Dumps the function on top of the stack, line information kept (messages keep their file:line). */
static int dump_chunk(lua_State *L, nf_chunk *out)
{
    nf_chunk chunk = {NULL, 0};
    if (lua_dump(L, append_to_chunk, &chunk, 0) != 0) {
        nf_free(chunk.code);
        return NF_ENOMEM;
    }
    *out = chunk;
    return 0;
}

/* Runs the loaded chunk on top of the stack in a fresh environment; leaves the plugin table. */
static int run_chunk(nf_sandbox *sb, const char *name, uint64_t budget, nf_diag *d)
{
    lua_State *L = sb->L;
    push_environment(L);
    lua_pushvalue(L, -1);
    lua_setupvalue(L, -3, 1);              /* the chunk's _ENV */
    lua_insert(L, -2);                     /* env, chunk */
    int rc = nf_sandbox_call(sb, 0, 1, budget, d);
    if (rc < 0) {
        lua_pop(L, 1);
        if (d && d->file[0] == '\0')
            snprintf(d->file, sizeof d->file, "%s", name);
        return rc;
    }
    if (!lua_istable(L, -1)) {
        const char *type = luaL_typename(L, -1);
        lua_pop(L, 2);
        return nf_diag_set(d, NF_ELUA, name, 0, "a plugin must return a table, this one returned %s",
                           type);
    }
    lock_environment(L, -2);
    lua_remove(L, -2);
    return 0;
}

/* Loads buf as a chunk in `mode` ("t" text, "b" binary), then runs it. */
static int load_and_run(nf_sandbox *sb, const char *buf, size_t len, const char *mode,
                        const char *name, uint64_t budget, nf_chunk *compiled, nf_diag *d)
{
    char chunkname[260];
    snprintf(chunkname, sizeof chunkname, "@%s", name);
    int status = luaL_loadbufferx(sb->L, buf, len, chunkname, mode);
    if (status != LUA_OK)
        return compile_failure(sb, status, name, d);
    if (compiled && dump_chunk(sb->L, compiled) < 0) {
        lua_pop(sb->L, 1);
        return nf_diag_set(d, NF_ENOMEM, name, 0, "out of memory");
    }
    return run_chunk(sb, name, budget, d);
}

int nf_sandbox_load_plugin(nf_sandbox *sb, const char *source, size_t len, const char *name,
                           uint64_t budget, nf_diag *d)
{
    return load_and_run(sb, source, len, "t", name, budget, NULL, d);
}

int nf_sandbox_load_plugin_keep(nf_sandbox *sb, const char *source, size_t len, const char *name,
                                uint64_t budget, nf_chunk *compiled, nf_diag *d)
{
    *compiled = (nf_chunk){NULL, 0};
    int rc = load_and_run(sb, source, len, "t", name, budget, compiled, d);
    if (rc < 0) {
        nf_free(compiled->code);
        *compiled = (nf_chunk){NULL, 0};
    }
    return rc;
}

int nf_sandbox_load_compiled(nf_sandbox *sb, const nf_chunk *compiled, const char *name,
                             uint64_t budget, nf_diag *d)
{
    /* Binary chunks are trusted only from here: made by this process from the plugin's text. */
    return load_and_run(sb, compiled->code, compiled->len, "b", name, budget, NULL, d);
}
