/*
 * sandbox.h — a Lua 5.4 state for running rules that users copy from each other.
 *
 * Modelled on Redis' Lua embedding:
 *   - allow-listed globals only: the base functions that cannot reach the
 *     outside, string (without dump), table, math, utf8, coroutine and
 *     os.clock/date/time/difftime; `load` compiles text chunks only. No io,
 *     debug, package, require, dofile, loadfile, collectgarbage;
 *   - every plugin runs in an environment of its own, with its own copies of
 *     the libraries; after the plugin has loaded, the environment and those
 *     copies are locked (rawset included), so no state can be kept in
 *     globals or library tables from one article to the next;
 *   - an instruction budget per call, enforced by a count hook. Once a call
 *     is over budget the hook raises an error on every further line, so a
 *     rule's own pcall cannot swallow it and carry on;
 *   - the same budget for work done inside C, which the count hook cannot
 *     see: string.find, match, gmatch and gsub (as functions and as string
 *     methods) are luapattern.h's, which count their matching steps and
 *     spend them from the call's budget (a step costs what an instruction
 *     does). A pattern that would backtrack for hours stops like a runaway
 *     loop, with the rule's file:line, and pcall cannot swallow that either.
 *     Nesting in patterns is limited as in Lua ("pattern too complex");
 *   - a capped allocator per state.
 * A state that ran out of memory or was stopped is "tainted": its owner
 * rebuilds it before trusting it again.
 */
#ifndef NF_SANDBOX_H
#define NF_SANDBOX_H

#include "error.h"

#include <lua.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct nf_sandbox nf_sandbox;

/* Creates a sandboxed state whose allocations are capped at memory_limit bytes. */
int nf_sandbox_new(size_t memory_limit, nf_sandbox **out);

void nf_sandbox_free(nf_sandbox *sb);

lua_State *nf_sandbox_state(nf_sandbox *sb);

/* The sandbox a state belongs to. */
nf_sandbox *nf_sandbox_of(lua_State *L);

/*
 * Compiles and runs a plugin: source[0..len) is Lua text (binary chunks are
 * refused) named `name` in messages ("plugins/entities.lua"). The chunk
 * runs in a fresh environment and must return a table, which is left on
 * the stack. On failure nothing is pushed, d says where and what, and the
 * result is NF_ELUA, NF_EBUDGET or NF_ENOMEM.
 */
int nf_sandbox_load_plugin(nf_sandbox *sb, const char *source, size_t len, const char *name,
                           uint64_t budget, nf_diag *d);

/* A plugin's chunk as Lua bytecode, with its line information. */
typedef struct nf_chunk {
    char *code;              /* nf_malloc'd */
    size_t len;
} nf_chunk;

/*
 * Like nf_sandbox_load_plugin, and keeps the compiled chunk in *compiled
 * (free its code with nf_free; nothing is kept on failure), so that other
 * states can load the plugin without parsing its text again.
 */
int nf_sandbox_load_plugin_keep(nf_sandbox *sb, const char *source, size_t len, const char *name,
                                uint64_t budget, nf_chunk *compiled, nf_diag *d);

/*
 * Like nf_sandbox_load_plugin from a chunk that nf_sandbox_load_plugin_keep
 * compiled: loading bytecode costs a fraction of parsing the text. Only
 * such chunks may be given: bytecode from anywhere else is unsafe to load.
 */
int nf_sandbox_load_compiled(nf_sandbox *sb, const nf_chunk *compiled, const char *name,
                             uint64_t budget, nf_diag *d);

/*
 * Calls the function below the nargs arguments on top of the stack, like
 * lua_pcall, within `budget` VM instructions. On failure nothing is left
 * on the stack, d holds the innermost Lua file:line of the failure and its
 * message, and the result is NF_ELUA, NF_EBUDGET or NF_ENOMEM.
 */
int nf_sandbox_call(nf_sandbox *sb, int nargs, int nresults, uint64_t budget, nf_diag *d);

/*
 * The budget of the running call, for C functions that do work the count
 * hook cannot see. nf_sandbox_budget_left: instructions it may still run (0
 * outside nf_sandbox_call, or once it was stopped). nf_sandbox_spend: charges
 * n units of work, each worth an instruction; when they are more than is
 * left, it stops the call as the count hook does — the error names the
 * innermost Lua line, every later line fails again — and does not return.
 */
uint64_t nf_sandbox_budget_left(lua_State *L);
void nf_sandbox_spend(lua_State *L, uint64_t n);

/* Whether the state hit its memory cap or was stopped, and should be rebuilt. */
bool nf_sandbox_tainted(const nf_sandbox *sb);

/* Marks the state for rebuilding. */
void nf_sandbox_taint(nf_sandbox *sb);

/* Whether the last failure was the memory cap (for errors raised outside nf_sandbox_call). */
bool nf_sandbox_out_of_memory(const nf_sandbox *sb);

/* Bytes the state holds now. */
size_t nf_sandbox_memory(const nf_sandbox *sb);

/*
 * Where the innermost running Lua function is ("plugins/x.lua", line), for
 * errors raised by the host API while a rule runs. Fills d's file and line.
 */
void nf_sandbox_where(lua_State *L, nf_diag *d);

#endif
