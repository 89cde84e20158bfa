/*
 * luapattern.h — Lua 5.4's string.find, string.match, string.gmatch and
 * string.gsub, with a budget on the work one call may do.
 *
 * Lua's own pattern functions backtrack inside C, where the sandbox's count
 * hook never runs: ("a"):rep(3000):find(("a*"):rep(12) .. "b") would run for
 * hours. These are a separate implementation, written from the Lua 5.4
 * reference manual (§6.4.1 and the four functions), with the same results,
 * captures and error messages, and the same "pattern too complex" limit on
 * nesting (200 levels), so the C stack stays bounded. They count their work
 * in steps:
 *
 *   - one step each time the matcher tries the rest of a pattern at a subject
 *     position: every start position and every backtrack;
 *   - one per character tested against a pattern item (a character, `.`, a
 *     class, a set, a %f frontier);
 *   - one per character %b scans and per byte a back-reference compares;
 *   - for a plain search (find with `plain`, or a pattern without special
 *     characters), one per byte passed over and the needle's length for
 *     each place it is compared;
 *   - for gsub, one per byte written to the result.
 *
 * A call may take as many steps as its budget has left; the first step over
 * that stops it with the budget's own error, and the steps a call took are
 * spent from the budget when it returns, raises, or calls back into Lua (a
 * gsub replacement function or table).
 */
#ifndef NF_LUAPATTERN_H
#define NF_LUAPATTERN_H

#include <lua.h>
#include <stdint.h>

/* Where the pattern functions of a state get and spend their steps. */
typedef struct nf_luapattern_budget {
    /* Steps the running code may still take. */
    uint64_t (*left)(lua_State *L);
    /*
     * Spends steps. When they are more than left(L) it must raise a Lua
     * error (lua_error) and not return: that is how an over-budget call stops.
     */
    void (*spend)(lua_State *L, uint64_t steps);
} nf_luapattern_budget;

/*
 * Sets find, match, gmatch and gsub of the table at idx (a string library)
 * to the bounded versions, which use `budget` (copied).
 */
void nf_luapattern_install(lua_State *L, int idx, const nf_luapattern_budget *budget);

#endif
