/*
 * luapattern.c — the sandbox's pattern functions (core/luapattern.c) beside
 * Lua's own, on typical rule patterns over a 4 KB article text:
 *
 *     make bench-patterns                 (builds build/bench/luapattern, runs it on examples/)
 *     build/bench/luapattern ARTICLE.txt
 *
 * Both run in one plain Lua state, called the same way from the same Lua
 * loop; each figure is the best of 5 runs, in nanoseconds per call, and the
 * ratio is ours over Lua's (above 1: ours is slower). The budget never
 * stops anything here; its steps are counted as in the sandbox.
 */
#include "luapattern.h"

#include <lauxlib.h>
#include <lualib.h>
#include <stdio.h>

static uint64_t spent;

static uint64_t unlimited_left(lua_State *L)
{
    (void)L;
    return UINT64_MAX - spent;
}

static void count_spent(lua_State *L, uint64_t steps)
{
    (void)L;
    spent += steps;
}

static const char SCRIPT[] =
    "local text, string, bounded = ...\n"
    "local padded = '   ' .. text:sub(1, 60) .. '   \\n'\n"
    "local cases = {\n"
    "  {'gmatch %S+ (words)', 2000, function(s) for w in s.gmatch(text, '%S+') do end end},\n"
    "  {'gmatch %a+', 2000, function(s) for w in s.gmatch(text, '%a+') do end end},\n"
    "  {'find a word (no specials)', 200000, function(s) return s.find(text, 'Kremlin') end},\n"
    "  {'find a word, plain', 200000, function(s) return s.find(text, 'Kremlin', 1, true) end},\n"
    "  {'find an absent word, plain', 200000, function(s) return s.find(text, 'zebra', 1, true) end},\n"
    "  {'find %f[%a]said%f[%A]', 20000, function(s) return s.find(text, '%f[%a]said%f[%A]') end},\n"
    "  {'find Putin%s+said', 20000, function(s) return s.find(text, 'Putin%s+said') end},\n"
    "  {'match (%d+)%s+(%a+)', 20000, function(s) return s.match(text, '(%d+)%s+(%a+)') end},\n"
    "  {'gsub trim ^%s+, %s+$ (66 B)', 500000,\n"
    "   function(s) return s.gsub(s.gsub(padded, '^%s+', ''), '%s+$', '') end},\n"
    "  {'match trim ^%s*(.-)%s*$ (66 B)', 500000, function(s) return s.match(padded, '^%s*(.-)%s*$') end},\n"
    "  {'gsub %s+ -> one space', 2000, function(s) return s.gsub(text, '%s+', ' ') end},\n"
    "  {'gsub (%w+) -> function', 1000, function(s) return s.gsub(text, '(%w+)', function(w) return w end) end},\n"
    "}\n"
    "local function best(lib, f, n)\n"
    "  local t = math.huge\n"
    "  for _ = 1, 5 do\n"
    "    local t0 = os.clock()\n"
    "    for _ = 1, n do f(lib) end\n"
    "    t = math.min(t, os.clock() - t0)\n"
    "  end\n"
    "  return t / n * 1e9\n"
    "end\n"
    "print(string.format('%d bytes of text; ns per call, best of 5', #text))\n"
    "print(string.format('%-32s %10s %10s %6s', 'pattern', 'Lua', 'ours', 'ratio'))\n"
    "for _, c in ipairs(cases) do\n"
    "  local lua, ours = best(string, c[3], c[2]), best(bounded, c[3], c[2])\n"
    "  print(string.format('%-32s %10.0f %10.0f %6.2f', c[1], lua, ours, ours / lua))\n"
    "end\n";

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s ARTICLE.txt\n", argv[0]);
        return 2;
    }
    FILE *f = fopen(argv[1], "rb");
    if (f == NULL) {
        perror(argv[1]);
        return 1;
    }
    char text[4096];
    size_t len = fread(text, 1, sizeof text, f);
    fclose(f);

    lua_State *L = luaL_newstate();
    luaL_openlibs(L);
    if (luaL_loadbuffer(L, SCRIPT, sizeof SCRIPT - 1, "=bench") != LUA_OK) {
        fprintf(stderr, "%s\n", lua_tostring(L, -1));
        return 1;
    }
    static const nf_luapattern_budget budget = {unlimited_left, count_spent};
    lua_pushlstring(L, text, len);
    lua_getglobal(L, "string");
    lua_newtable(L);
    nf_luapattern_install(L, -1, &budget);
    int status = lua_pcall(L, 3, 0, 0);
    if (status != LUA_OK)
        fprintf(stderr, "%s\n", lua_tostring(L, -1));
    lua_close(L);
    return status == LUA_OK ? 0 : 1;
}
