/* plugin.c — helpers for reading plugin data tables with clear errors. */
#include "plugin.h"

#include <lauxlib.h>
#include <stdarg.h>
#include <stdio.h>

int nf_plugin_error(const nf_stage *st, nf_diag *d, const char *fmt, ...)
{
    if (d == NULL)
        return NF_ELUA;
    snprintf(d->file, sizeof d->file, "%s", st->rules ? st->rules : st->name);
    d->line = 0;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(d->message, sizeof d->message, fmt, ap);
    va_end(ap);
    return NF_ELUA;
}

int nf_rawfield(lua_State *L, int idx, const char *key)
{
    idx = lua_absindex(L, idx);
    lua_pushstring(L, key);
    return lua_rawget(L, idx);
}

int nf_plugin_array(lua_State *L, const nf_stage *st, const char *field, nf_diag *d)
{
    int type = nf_rawfield(L, -1, field);
    if (type == LUA_TNIL)
        return 0;
    if (type != LUA_TTABLE) {
        const char *got = luaL_typename(L, -1);
        lua_pop(L, 1);
        return nf_plugin_error(st, d, "'%s' must be an array (a table), not a %s", field, got);
    }
    lua_Unsigned n = lua_rawlen(L, -1);
    if (n > 0x7fffffff) {
        lua_pop(L, 1);
        return nf_plugin_error(st, d, "'%s' is too long", field);
    }
    return (int)n;
}

int nf_plugin_strings(lua_State *L, const nf_stage *st, const char *field, nf_plugin_string_fn fn,
                      void *ud, nf_diag *d)
{
    int n = nf_plugin_array(L, st, field, d);
    if (n < 0)
        return n;
    int rc = 0;
    for (int i = 1; rc == 0 && i <= n; i++) {
        if (lua_rawgeti(L, -1, i) != LUA_TSTRING) {
            rc = nf_plugin_error(st, d, "%s[%d] must be a string, not a %s", field, i,
                                 luaL_typename(L, -1));
        } else {
            size_t len;
            const char *s = lua_tolstring(L, -1, &len);
            rc = fn(ud, s, len);
        }
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    return rc;
}

const char *nf_plugin_opt_string(lua_State *L, const nf_stage *st, const char *where,
                                 const char *key, int *rc, nf_diag *d)
{
    int type = nf_rawfield(L, -1, key);
    const char *s = type == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
    if (type != LUA_TSTRING && type != LUA_TNIL)
        *rc = nf_plugin_error(st, d, "%s.%s must be a string, not a %s", where, key,
                              luaL_typename(L, -1));
    /* The string stays valid: the table still holds it. */
    lua_pop(L, 1);
    return s;
}
