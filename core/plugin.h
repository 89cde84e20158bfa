/*
 * plugin.h — reading a plugin's data table from C, with clear errors.
 *
 * Stages compile the data a plugin declares (lists, patterns, weights)
 * into C structures. These helpers walk the plugin table at the top of a
 * Lua stack and report a wrong shape with the plugin's file and the path
 * of the field ("plugins/claims.lua: patterns[3].pattern must be a string").
 */
#ifndef NF_PLUGIN_H
#define NF_PLUGIN_H

#include "error.h"
#include "stage.h"

#include <lua.h>

/* Called for each string of a string array; non-zero stops and is returned. */
typedef int (*nf_plugin_string_fn)(void *ud, const char *s, size_t len);

/*
 * Calls fn for every string of the array `field` of the plugin table at
 * the top of L. A missing field is an empty array. Returns 0, fn's
 * non-zero result, or NF_ELUA with d filled when the shape is wrong.
 */
int nf_plugin_strings(lua_State *L, const nf_stage *st, const char *field, nf_plugin_string_fn fn,
                      void *ud, nf_diag *d);

/*
 * Pushes the field `field` of the plugin table (at the top of L) and
 * returns the length of the array it holds (0 when absent, with nil
 * pushed). A field that is not an array table is NF_ELUA with d filled.
 */
int nf_plugin_array(lua_State *L, const nf_stage *st, const char *field, nf_diag *d);

/* A string field of the table at the top of L, or NULL when absent; wrong types fill d. */
const char *nf_plugin_opt_string(lua_State *L, const nf_stage *st, const char *where,
                                 const char *key, int *rc, nf_diag *d);

/* Pushes t[key] for the table at idx without metamethods (no rule code runs) and returns its type. */
int nf_rawfield(lua_State *L, int idx, const char *key);

/* Reports a plugin data error "<where>: <message>" against the stage's plugin. */
int nf_plugin_error(const nf_stage *st, nf_diag *d, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

#endif
