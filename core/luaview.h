/*
 * luaview.h — the article as plugins see it.
 *
 * One view per article, built when a hook first needs it and shared by
 * every stage's hooks. Fields read lazily and cached: id, source, title,
 * text (the document), body, body_start, meta, and the layers sentences,
 * entities, claims, signals, scores as arrays of tables. Offsets are byte
 * offsets into the document as in the JSON output: `start` inclusive,
 * `stop` exclusive (Lua reserves `end`). Methods add annotations:
 * a:add_entity, a:add_claim, a:exclude, a:signal, a:score; a:sub(start, stop) cuts
 * the document. docs/plugins.md is the reference.
 */
#ifndef NF_LUAVIEW_H
#define NF_LUAVIEW_H

#include "worker.h"

#include <lua.h>

/* Installs the view's metatable in a worker's Lua state (once per state). */
void nf_luaview_register(lua_State *L);

/* Pushes a new view of the worker's current article. */
void nf_luaview_push(lua_State *L, nf_worker *w);

/* Forgets every field the view at `idx` has cached: the layers changed behind its back. */
void nf_luaview_forget(lua_State *L, int idx);

/* Cuts the view at `idx` off its article: a hook that kept it gets an error, not freed memory. */
void nf_luaview_detach(lua_State *L, int idx);

/* Pushes the Lua table for one entity or claim, as the layers' arrays hold them. */
void nf_luaview_push_entity(lua_State *L, const nf_article *a, const nf_entity *e);
void nf_luaview_push_claim(lua_State *L, const nf_article *a, const nf_claim *c);

/* Sets a claim field from the Lua value at idx (nil, boolean, number, string). Raises a Lua error otherwise. */
void nf_luaview_set_claim_field(lua_State *L, nf_article *a, nf_claim *c, const char *key, int idx);

#endif
