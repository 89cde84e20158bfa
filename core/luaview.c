/* luaview.c — the article's Lua view: lazy, cached fields and methods that annotate. */
#include "luaview.h"

#include <lauxlib.h>
#include <math.h>
#include <string.h>

#define VIEW_METATABLE "newsflow.article"

typedef struct view {
    nf_worker *w;   /* NULL once the article is done */
} view;

static nf_article *check_article(lua_State *L)
{
    view *v = luaL_checkudata(L, 1, VIEW_METATABLE);
    if (v->w && v->w->article)
        return v->w->article;
    luaL_error(L, "this article is no longer being processed");
    return NULL;
}

static const char *current_rule(lua_State *L)
{
    view *v = luaL_checkudata(L, 1, VIEW_METATABLE);
    const nf_stage *st = v->w->stage;
    if (st == NULL)
        return "lua";
    return st->rules ? st->rules : st->name;
}

/* Offsets cross into Lua as integers; reject anything that is not a span of the document. */
static uint32_t check_offset(lua_State *L, int idx, const nf_article *a)
{
    lua_Integer n = luaL_checkinteger(L, idx);
    if (n < 0 || n > (lua_Integer)a->doc_len)
        luaL_error(L, "offset %I is outside the document (0..%d)", n, (int)a->doc_len);
    return (uint32_t)n;
}

static void check_span(lua_State *L, const nf_article *a, uint32_t start, uint32_t stop)
{
    if (!nf_article_span_ok(a, start, stop))
        luaL_error(L, "%d..%d is not a span of the document: it must be non-empty, in order "
                      "and on UTF-8 character boundaries",
                   (int)start, (int)stop);
}

static void set_integer(lua_State *L, const char *key, lua_Integer value)
{
    lua_pushinteger(L, value);
    lua_setfield(L, -2, key);
}

static void set_string(lua_State *L, const char *key, const char *value)
{
    lua_pushstring(L, value);
    lua_setfield(L, -2, key);
}

static void set_text(lua_State *L, const nf_article *a, uint32_t start, uint32_t stop)
{
    lua_pushlstring(L, a->doc + start, stop - start);
    lua_setfield(L, -2, "text");
}

void nf_luaview_push_entity(lua_State *L, const nf_article *a, const nf_entity *e)
{
    lua_createtable(L, 0, 6);
    set_integer(L, "start", e->start);
    set_integer(L, "stop", e->end);
    set_text(L, a, e->start, e->end);
    set_string(L, "type", e->type);
    set_string(L, "name", e->name);
    set_string(L, "rule", e->rule);
}

static void push_value(lua_State *L, const nf_value *v)
{
    switch (v->kind) {
    case NF_VALUE_BOOL: lua_pushboolean(L, v->as.boolean); break;
    case NF_VALUE_NUMBER: lua_pushnumber(L, v->as.number); break;
    case NF_VALUE_STRING: lua_pushstring(L, v->as.string); break;
    case NF_VALUE_NULL: lua_pushnil(L); break;
    }
}

void nf_luaview_push_claim(lua_State *L, const nf_article *a, const nf_claim *c)
{
    lua_createtable(L, 0, 5 + (int)c->n_fields);
    for (size_t i = 0; i < c->n_fields; i++) {
        push_value(L, &c->fields[i].value);
        lua_setfield(L, -2, c->fields[i].key);
    }
    set_string(L, "kind", c->kind);
    set_integer(L, "start", c->start);
    set_integer(L, "stop", c->end);
    set_text(L, a, c->start, c->end);
    set_string(L, "rule", c->rule);
}

/* The contract fixes the types of some claim fields. */
static void check_contract_field(lua_State *L, const char *key, int idx)
{
    static const struct {
        const char *key;
        int type;       /* the one type allowed besides nil */
    } fields[] = {
        {"speaker", LUA_TSTRING}, {"cue", LUA_TSTRING}, {"number", LUA_TNUMBER},
        {"hedged", LUA_TBOOLEAN}, {"attributed", LUA_TBOOLEAN},
    };
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        if (strcmp(key, fields[i].key) == 0) {
            int type = lua_type(L, idx);
            bool nil_ok = fields[i].type != LUA_TBOOLEAN;
            if (type != fields[i].type && !(nil_ok && type == LUA_TNIL))
                luaL_error(L, "claim field '%s' must be a %s%s, not a %s", key,
                           lua_typename(L, fields[i].type), nil_ok ? " or nil" : "",
                           luaL_typename(L, idx));
        }
    }
}

void nf_luaview_set_claim_field(lua_State *L, nf_article *a, nf_claim *c, const char *key, int idx)
{
    nf_value value = {.kind = NF_VALUE_NULL};
    check_contract_field(L, key, idx);
    switch (lua_type(L, idx)) {
    case LUA_TNIL: break;
    case LUA_TBOOLEAN: value.kind = NF_VALUE_BOOL; value.as.boolean = lua_toboolean(L, idx); break;
    case LUA_TNUMBER:
        value.kind = NF_VALUE_NUMBER;
        value.as.number = lua_tonumber(L, idx);
        if (!isfinite(value.as.number))
            luaL_error(L, "claim field '%s' must be a finite number", key);
        break;
    case LUA_TSTRING: value.kind = NF_VALUE_STRING; value.as.string = lua_tostring(L, idx); break;
    default:
        luaL_error(L, "claim field '%s' must be nil, a boolean, a number or a string, not a %s",
                   key, luaL_typename(L, idx));
    }
    if (nf_claim_set(a, c, key, value) < 0)
        luaL_error(L, "out of memory");
}

static void push_sentences(lua_State *L, const nf_article *a, size_t from)
{
    for (size_t i = from; i < a->n_sentences; i++) {
        const nf_span *s = &a->sentences[i];
        lua_createtable(L, 0, 3);
        set_integer(L, "start", s->start);
        set_integer(L, "stop", s->end);
        set_text(L, a, s->start, s->end);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
}

static void push_entities(lua_State *L, const nf_article *a, size_t from)
{
    for (size_t i = from; i < a->n_entities; i++) {
        nf_luaview_push_entity(L, a, &a->entities[i]);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
}

static void push_claims(lua_State *L, const nf_article *a, size_t from)
{
    for (size_t i = from; i < a->n_claims; i++) {
        nf_luaview_push_claim(L, a, &a->claims[i]);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
}

static void push_signals(lua_State *L, const nf_article *a, size_t from)
{
    for (size_t i = from; i < a->n_signals; i++) {
        const nf_signal *s = &a->signals[i];
        lua_createtable(L, 0, 4);
        set_string(L, "name", s->name);
        lua_pushnumber(L, s->weight);
        lua_setfield(L, -2, "weight");
        set_string(L, "why", s->why);
        set_string(L, "stage", s->stage);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
}

static void push_excluded(lua_State *L, const nf_article *a, size_t from)
{
    for (size_t i = from; i < a->n_excluded; i++) {
        const nf_excluded *x = &a->excluded[i];
        lua_createtable(L, 0, 4);
        set_integer(L, "start", x->start);
        set_integer(L, "stop", x->end);
        set_text(L, a, x->start, x->end);
        set_string(L, "rule", x->rule);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
}

typedef void (*layer_pusher)(lua_State *L, const nf_article *a, size_t from);

/*
 * Layers only grow while an article is processed, so a cached array is
 * brought up to date by appending what was added since it was built.
 */
static void push_layer(lua_State *L, const nf_article *a, const char *key, size_t count,
                       layer_pusher fill)
{
    lua_getiuservalue(L, 1, 1);
    if (lua_getfield(L, -1, key) != LUA_TTABLE) {
        lua_pop(L, 1);
        lua_createtable(L, (int)count, 0);
        lua_pushvalue(L, -1);
        lua_setfield(L, -3, key);
    }
    lua_remove(L, -2);
    size_t have = (size_t)lua_rawlen(L, -1);
    if (have < count)
        fill(L, a, have);
}

static void push_scores(lua_State *L, const nf_article *a)
{
    lua_createtable(L, 0, (int)a->n_scores);
    for (size_t i = 0; i < a->n_scores; i++) {
        lua_pushnumber(L, a->scores[i].value);
        lua_setfield(L, -2, a->scores[i].name);
    }
}

/* Pushes a cJSON value as Lua: objects and arrays become tables, null becomes nil. */
static void push_json(lua_State *L, const cJSON *item, int depth)
{
    luaL_checkstack(L, 4, "metadata nested too deeply");
    if (cJSON_IsString(item)) {
        lua_pushstring(L, item->valuestring);
    } else if (cJSON_IsNumber(item)) {
        lua_pushnumber(L, item->valuedouble);
    } else if (cJSON_IsBool(item)) {
        lua_pushboolean(L, cJSON_IsTrue(item));
    } else if ((cJSON_IsObject(item) || cJSON_IsArray(item)) && depth < 64) {
        lua_newtable(L);
        lua_Integer n = 0;
        for (const cJSON *child = item->child; child; child = child->next) {
            push_json(L, child, depth + 1);
            if (cJSON_IsArray(item))
                lua_rawseti(L, -2, ++n);
            else
                lua_setfield(L, -2, child->string);
        }
    } else {
        lua_pushnil(L);
    }
}

/* Pushes a cached string field, creating it on first use. */
static void push_cached_string(lua_State *L, const char *key, const char *s, size_t len)
{
    lua_getiuservalue(L, 1, 1);
    if (lua_getfield(L, -1, key) != LUA_TSTRING) {
        lua_pop(L, 1);
        lua_pushlstring(L, s, len);
        lua_pushvalue(L, -1);
        lua_setfield(L, -3, key);
    }
    lua_remove(L, -2);
}

static void push_meta(lua_State *L, const nf_article *a)
{
    lua_getiuservalue(L, 1, 1);
    if (lua_getfield(L, -1, "meta") != LUA_TTABLE) {
        lua_pop(L, 1);
        push_json(L, a->meta, 0);
        lua_pushvalue(L, -1);
        lua_setfield(L, -3, "meta");
    }
    lua_remove(L, -2);
}

static int push_field(lua_State *L, const nf_article *a, const char *key)
{
    if (strcmp(key, "text") == 0)
        push_cached_string(L, "text", a->doc, a->doc_len);
    else if (strcmp(key, "title") == 0)
        push_cached_string(L, "title", a->doc + a->title_start, a->title_end - a->title_start);
    else if (strcmp(key, "body") == 0)
        push_cached_string(L, "body", a->doc + a->body_start, a->doc_len - a->body_start);
    else if (strcmp(key, "body_start") == 0)
        lua_pushinteger(L, a->body_start);
    else if (strcmp(key, "id") == 0)
        lua_pushstring(L, a->id);
    else if (strcmp(key, "source") == 0)
        lua_pushstring(L, a->source);
    else if (strcmp(key, "meta") == 0)
        push_meta(L, a);
    else if (strcmp(key, "sentences") == 0)
        push_layer(L, a, key, a->n_sentences, push_sentences);
    else if (strcmp(key, "excluded") == 0)
        push_layer(L, a, key, a->n_excluded, push_excluded);
    else if (strcmp(key, "entities") == 0)
        push_layer(L, a, key, a->n_entities, push_entities);
    else if (strcmp(key, "claims") == 0)
        push_layer(L, a, key, a->n_claims, push_claims);
    else if (strcmp(key, "signals") == 0)
        push_layer(L, a, key, a->n_signals, push_signals);
    else if (strcmp(key, "scores") == 0)
        push_scores(L, a);
    else
        return 0;
    return 1;
}

static int view_index(lua_State *L)
{
    const nf_article *a = check_article(L);
    const char *key = luaL_checkstring(L, 2);
    if (push_field(L, a, key))
        return 1;
    /* Methods live in the metatable's `methods` table. */
    lua_getmetatable(L, 1);
    lua_getfield(L, -1, "methods");
    lua_getfield(L, -1, key);
    return 1;
}

static int view_newindex(lua_State *L)
{
    return luaL_error(L, "the article is read-only: use a:add_entity, a:add_claim, a:signal or a:score");
}

static int method_sub(lua_State *L)
{
    const nf_article *a = check_article(L);
    uint32_t start = check_offset(L, 2, a);
    uint32_t stop = check_offset(L, 3, a);
    if (stop < start)
        stop = start;
    lua_pushlstring(L, a->doc + start, stop - start);
    return 1;
}

static int method_add_entity(lua_State *L)
{
    nf_article *a = check_article(L);
    uint32_t start = check_offset(L, 2, a);
    uint32_t stop = check_offset(L, 3, a);
    const char *type = luaL_checkstring(L, 4);
    check_span(L, a, start, stop);
    if (!nf_entity_type_valid(type))
        return luaL_error(L, "entity type '%s' is not one of %s", type, nf_entity_types);
    const char *name = lua_isnoneornil(L, 5) ? NULL : luaL_checkstring(L, 5);
    char *type_copy = nf_arena_strdup(a->arena, type);
    char *name_copy = name ? nf_arena_strdup(a->arena, name)
                           : nf_arena_strndup(a->arena, a->doc + start, stop - start);
    if (type_copy == NULL || name_copy == NULL ||
        nf_article_add_entity(a, start, stop, type_copy, name_copy, current_rule(L)) < 0)
        return luaL_error(L, "out of memory");
    return 0;
}

static int method_add_claim(lua_State *L)
{
    nf_article *a = check_article(L);
    const char *kind = luaL_checkstring(L, 2);
    uint32_t start = check_offset(L, 3, a);
    uint32_t stop = check_offset(L, 4, a);
    check_span(L, a, start, stop);
    if (!lua_isnoneornil(L, 5))
        luaL_checktype(L, 5, LUA_TTABLE);
    char *kind_copy = nf_arena_strdup(a->arena, kind);
    nf_claim *c = kind_copy ? nf_article_add_claim(a, kind_copy, start, stop, current_rule(L)) : NULL;
    if (c == NULL)
        return luaL_error(L, "out of memory");
    if (lua_istable(L, 5)) {
        lua_pushnil(L);
        while (lua_next(L, 5)) {
            if (lua_type(L, -2) != LUA_TSTRING)
                return luaL_error(L, "claim fields must have string names");
            nf_luaview_set_claim_field(L, a, c, lua_tostring(L, -2), -1);
            lua_pop(L, 1);
        }
    }
    return 0;
}

static int method_exclude(lua_State *L)
{
    nf_article *a = check_article(L);
    uint32_t start = check_offset(L, 2, a);
    uint32_t stop = check_offset(L, 3, a);
    check_span(L, a, start, stop);
    if (nf_article_exclude(a, start, stop, current_rule(L)) < 0)
        return luaL_error(L, "out of memory");
    return 0;
}

static int method_signal(lua_State *L)
{
    nf_article *a = check_article(L);
    const char *name = luaL_checkstring(L, 2);
    lua_Number weight = luaL_checknumber(L, 3);
    const char *why = luaL_optstring(L, 4, "");
    if (!isfinite(weight))
        return luaL_error(L, "signal '%s': the weight must be a finite number", name);
    view *v = luaL_checkudata(L, 1, VIEW_METATABLE);
    const char *stage = v->w->stage ? v->w->stage->name : "lua";
    if (nf_article_add_signal(a, name, weight, why, stage) < 0)
        return luaL_error(L, "out of memory");
    return 0;
}

static int method_score(lua_State *L)
{
    nf_article *a = check_article(L);
    const char *name = luaL_checkstring(L, 2);
    lua_Number value = luaL_checknumber(L, 3);
    if (!isfinite(value))
        return luaL_error(L, "score '%s' must be a finite number", name);
    if (nf_article_set_score(a, name, value) < 0)
        return luaL_error(L, "out of memory");
    return 0;
}

void nf_luaview_register(lua_State *L)
{
    static const luaL_Reg methods[] = {
        {"sub", method_sub},         {"add_entity", method_add_entity},
        {"add_claim", method_add_claim}, {"exclude", method_exclude}, {"signal", method_signal},
        {"score", method_score},     {NULL, NULL},
    };
    luaL_newmetatable(L, VIEW_METATABLE);
    lua_pushcfunction(L, view_index);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, view_newindex);
    lua_setfield(L, -2, "__newindex");
    lua_pushliteral(L, "article");
    lua_setfield(L, -2, "__metatable");
    luaL_newlib(L, methods);
    lua_setfield(L, -2, "methods");
    lua_pop(L, 1);
}

void nf_luaview_push(lua_State *L, nf_worker *w)
{
    view *v = lua_newuserdatauv(L, sizeof *v, 1);
    v->w = w;
    lua_newtable(L);              /* the cache of built fields */
    lua_setiuservalue(L, -2, 1);
    luaL_setmetatable(L, VIEW_METATABLE);
}

void nf_luaview_forget(lua_State *L, int idx)
{
    idx = lua_absindex(L, idx);
    lua_newtable(L);
    lua_setiuservalue(L, idx, 1);
}

void nf_luaview_detach(lua_State *L, int idx)
{
    view *v = luaL_testudata(L, idx, VIEW_METATABLE);
    if (v)
        v->w = NULL;
}
