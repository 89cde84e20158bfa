/*
 * test_luapattern.c — the bounded pattern functions against Lua's own.
 *
 * A plain Lua state holds both libraries: `string` (Lua's) and `bounded`
 * (luapattern.h's, with a budget this file controls). Every case runs three
 * times: ours with an unlimited budget and Lua's must give the same results,
 * captures and errors (message text included); ours again under a random
 * budget must give the same again when the first run's steps fit in it, and
 * stop on the budget when they do not. The cases are a hand-written table
 * that covers every feature and every error message, and many thousands of
 * random patterns over a small alphabet with random subjects and arguments.
 */
#include "unit.h"

#include "luapattern.h"

#include <lauxlib.h>
#include <lualib.h>
#include <string.h>
#include <time.h>

#define BUDGET_ERROR "step budget exceeded"

/* The test budget: what the running code may still spend, and what it spent. */
static uint64_t steps_left, steps_spent;

static uint64_t test_left(lua_State *L)
{
    (void)L;
    return steps_left;
}

static void test_spend(lua_State *L, uint64_t steps)
{
    if (steps > steps_left) {
        lua_pushliteral(L, BUDGET_ERROR);
        lua_error(L);
    }
    steps_left -= steps;
    steps_spent += steps;
}

/* set_budget(n): a fresh budget of n steps. */
static int lua_set_budget(lua_State *L)
{
    steps_left = (uint64_t)luaL_checkinteger(L, 1);
    steps_spent = 0;
    return 0;
}

/* spent(): the steps spent since set_budget. */
static int lua_spent(lua_State *L)
{
    lua_pushinteger(L, (lua_Integer)steps_spent);
    return 1;
}

/*
 * The harness, in pieces (C11 promises string literals up to 4095 bytes). Each library function is called from one line for both
 * libraries, so that error messages (their "file:line:" and the function
 * name in "bad argument" ones) compare as text.
 */
static const char *const HARNESS[] = {
    "local real, mine, set_budget, spent = ...\n"
    "local BUDGET_ERROR, UNLIMITED = '" BUDGET_ERROR "', math.maxinteger\n"
    "local pack, unpack = table.pack, table.unpack\n"
    "local run = {\n"
    "  find = function(lib, a) return lib.find(unpack(a, 1, a.n)) end,\n"
    "  match = function(lib, a) return lib.match(unpack(a, 1, a.n)) end,\n"
    "  gsub = function(lib, a) return lib.gsub(unpack(a, 1, a.n)) end,\n"
    "  gmatch = function(lib, a)\n"
    "    local next_match, all = lib.gmatch(unpack(a, 1, a.n)), {}\n"
    "    repeat all[#all + 1] = pack(next_match()) until all[#all][1] == nil or #all > 40\n"
    "    return all\n"
    "  end,\n"
    "}\n"
    "local function same(x, y)\n"
    "  if type(x) ~= type(y) then return false end\n"
    "  if type(x) == 'number' then return math.type(x) == math.type(y) and x == y end\n"
    "  if type(x) ~= 'table' then return x == y end\n"
    "  if x.n ~= y.n or #x ~= #y then return false end\n"
    "  for i = 1, math.max(x.n or 0, #x) do if not same(x[i], y[i]) then return false end end\n"
    "  return true\n"
    "end\n"
    "local function show(v)\n"
    "  if type(v) == 'string' then return string.format('%q', v) end\n"
    "  if type(v) ~= 'table' then return tostring(v) end\n"
    "  local parts = {}\n"
    "  for i = 1, math.max(rawget(v, 'n') or 0, #v) do parts[i] = show(v[i]) end\n"
    "  return '{' .. table.concat(parts, ', ') .. '}'\n"
    "end\n"
    "local function run_mine(name, args, budget)\n"
    "  set_budget(budget)\n"
    "  return pack(pcall(run[name], mine, args)), spent()\n"
    "end\n"
    /* compare(name, args): nil or what differs; whether the budgeted run stopped; our error. */
    "local function compare(name, args)\n"
    "  local ours, steps = run_mine(name, args, UNLIMITED)\n"
    "  local lua = pack(pcall(run[name], real, args))\n"
    "  local what = name .. show(args)\n"
    "  if not same(ours, lua) then\n"
    "    return what .. ': Lua gives ' .. show(lua) .. ', ours ' .. show(ours)\n"
    "  end\n"
    "  local budget = math.random(0, steps * 2)\n"
    "  local capped = run_mine(name, args, budget)\n"
    "  if steps <= budget and not same(capped, ours) then\n"
    "    return what .. ': within a budget of ' .. budget .. ' (' .. steps .. ' steps) ' .. show(capped)\n"
    "  elseif steps > budget and (capped[1] or capped[2] ~= BUDGET_ERROR) then\n"
    "    return what .. ': not stopped by a budget of ' .. budget .. ' (' .. steps .. ' steps) ' .. show(capped)\n"
    "  end\n"
    "  return nil, steps > budget, not ours[1] and ours[2] or nil\n"
    "end\n",
    /* Random patterns: pieces that make well-formed ones, or raw characters that often do not. */
    "local PIECES = {'a', 'b', 'a', 'b', '.', '%a', '%d', '%s', '%w', '%A', '%S', '%p', '%x', '%u', '%l',\n"
    "  '%c', '%g', '%W', '%D', '[ab]', '[^a]', '[a-c]', '[%d%s]', '[]]', '[^]a]', '[a-]', '[%a-]', '(', ')',\n"
    "  '(', ')', '()', '%b()', '%bab', '%f[%w]', '%f[%W]', '%f[a]', '%1', '%2', '%0', '*', '+', '-', '?',\n"
    "  '*', '+', '-', '?', '^', '$', '%', '[', ']', '%%', '%.', '%(', 'x', '\\0', ' ', '9', '%z', '%Q',\n"
    "  '%f', '%b', '%bx', '%f['}\n"
    "local RAW = 'ab%().[]^$*+-?%ad1 '\n"
    "local SUBJECT = {'a', 'b', 'a', 'b', 'a', 'b', '(', ')', '[', ']', ' ', '1', '9', '.', '%', 'x', 'A',\n"
    "  '\\0', '\\n', '-', '^', '$', '\\200', 'B'}\n"
    "local INITS = {1, 2, 3, 0, -1, -2, -3, -20, 5, 9, 13, 14, 100, math.maxinteger, math.mininteger}\n"
    "local REPLACEMENTS = {'', 'x', '%0', '%1', '%2', '<%1|%2>', '%%', '%', '%x', 'a%0b', '%9', 7, 2.5,\n"
    "  function(...)\n"
    "    local t = pack(...)\n"
    "    for i = 1, t.n do t[i] = tostring(t[i]) end\n"
    "    return t.n .. ':' .. table.concat(t, ',')\n"
    "  end,\n"
    "  function(c) return #tostring(c) % 2 == 1 and tostring(c):upper() end,\n"
    "  function(c) if c == 'b' then return {} end return c end,\n"
    "  function() return nil end,\n"
    "  {a = 'A', b = false, ['(b)'] = 1, [1] = 'first', [3] = 3.5, [''] = 'E', ab = 'AB'},\n"
    "}\n"
    "local function pick(list) return list[math.random(#list)] end\n"
    "local function random_pattern()\n"
    "  local parts = {}\n"
    "  if math.random(4) == 1 then\n"
    "    for i = 1, math.random(0, 8) do local k = math.random(#RAW) parts[i] = RAW:sub(k, k) end\n"
    "  else\n"
    "    for i = 1, math.random(0, 7) do parts[i] = pick(PIECES) end\n"
    "  end\n"
    "  return table.concat(parts)\n"
    "end\n"
    "local function random_subject()\n"
    "  local parts = {}\n"
    "  for i = 1, math.random(0, 12) do parts[i] = pick(SUBJECT) end\n"
    "  return table.concat(parts)\n"
    "end\n"
    "local NAMES = {'find', 'match', 'gmatch', 'gsub'}\n"
    "local function random_case()\n"
    "  local name, s, p, r = pick(NAMES), random_subject(), random_pattern(), math.random(6)\n"
    "  if name == 'gsub' then\n"
    "    if r == 1 then return name, pack(s, p, pick(REPLACEMENTS), math.random(-1, 3)) end\n"
    "    return name, pack(s, p, pick(REPLACEMENTS))\n"
    "  end\n"
    "  if name == 'find' and r <= 2 then return name, pack(s, p, pick(INITS), math.random(3) == 1) end\n"
    "  if r <= 4 then return name, pack(s, p, pick(INITS)) end\n"
    "  return name, pack(s, p)\n"
    "end\n",
    "local CASE_ENV = setmetatable({rep = string.rep}, {__index = _ENV})\n"
    "local harness = {}\n"
    /* check(name, args_source): compare() on the arguments the Lua expression list gives. */
    "function harness.check(name, source)\n"
    "  return compare(name, pack(assert(load('return ' .. source, '=case', 't', CASE_ENV))()))\n"
    "end\n"
    /* random(count, seed): the first difference or nil, how many runs the budget stopped, how many raised. */
    "function harness.random(count, seed)\n"
    "  math.randomseed(seed)\n"
    "  local stopped, raised, errors = 0, 0, {}\n"
    "  for _ = 1, count do\n"
    "    local failure, stop, err = compare(random_case())\n"
    "    if failure then return failure end\n"
    "    if stop then stopped = stopped + 1 end\n"
    "    if err then\n"
    "      raised = raised + 1\n"
    "      err = tostring(err):gsub('^harness:%d+: ', ''):gsub('^case:%d+: ', '')\n"
    "      errors[err] = (errors[err] or 0) + 1\n"
    "    end\n"
    "  end\n"
    "  local kinds = {}\n"
    "  for err, n in pairs(errors) do kinds[#kinds + 1] = string.format('%6d  %s', n, err) end\n"
    "  table.sort(kinds)\n"
    "  return nil, stopped, raised, table.concat(kinds, '\\n')\n"
    "end\n"
    "math.randomseed(42)\n"
    "return harness\n",
};

typedef struct fixture {
    lua_State *L;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    f->L = luaL_newstate();
    assert_non_null(f->L);
    luaL_openlibs(f->L);
    lua_State *L = f->L;
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    for (size_t i = 0; i < sizeof HARNESS / sizeof HARNESS[0]; i++)
        luaL_addstring(&b, HARNESS[i]);
    luaL_pushresult(&b);
    size_t len;
    const char *harness = lua_tolstring(L, -1, &len);
    if (luaL_loadbuffer(L, harness, len, "=harness") != LUA_OK)
        fail_msg("%s", lua_tostring(L, -1));
    static const nf_luapattern_budget budget = {test_left, test_spend};
    lua_getglobal(L, "string");
    lua_newtable(L);
    nf_luapattern_install(L, -1, &budget);
    lua_pushvalue(L, -1);
    lua_setglobal(L, "bounded");
    lua_pushcfunction(L, lua_set_budget);
    lua_pushcfunction(L, lua_spent);
    if (lua_pcall(L, 4, 1, 0) != LUA_OK)
        fail_msg("%s", lua_tostring(L, -1));
    lua_setglobal(L, "harness");
    lua_pop(L, 1);   /* the harness's text */
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    lua_close(f->L);
    free(f);
    return 0;
}

static int traceback(lua_State *L)
{
    luaL_traceback(L, L, lua_tostring(L, 1), 1);
    return 1;
}

/* Runs the harness function `name` with the arguments pushed; leaves its results on the stack. */
static void call_harness(lua_State *L, const char *name, int nargs, int nresults)
{
    int base = lua_gettop(L) - nargs;
    lua_pushcfunction(L, traceback);
    lua_getglobal(L, "harness");
    lua_getfield(L, -1, name);
    lua_remove(L, -2);
    lua_rotate(L, base + 1, 2);
    if (lua_pcall(L, nargs, nresults, base + 1) != LUA_OK)
        fail_msg("harness.%s: %s", name, lua_tostring(L, -1));
    lua_remove(L, base + 1);
}

typedef struct pattern_case {
    const char *function;
    const char *args;    /* a Lua expression list */
    const char *error;   /* what the error message must hold, or NULL when there is none */
} pattern_case;

/*
 * Every feature of §6.4.1 and of the four functions, and every error
 * message. `rep` is string.rep.
 */
static const pattern_case CASES[] = {
    /* plain search: find with plain, or a pattern without specials */
    {"find", "'hello world', 'o w'", NULL},
    {"find", "'hello world', 'o', 6", NULL},
    {"find", "'a.b', '.', 1, true", NULL},
    {"find", "'a(b', '(', 1, true", NULL},
    {"find", "'abc', 'c)', 1", NULL},
    {"find", "'abc', ']'", NULL},
    {"find", "'abc', ''", NULL},
    {"find", "'abc', '', 4", NULL},
    {"find", "'abc', '', 5", NULL},
    {"find", "'abc', 'abcd'", NULL},
    {"find", "'a\\0b\\0c', '\\0c'", NULL},
    {"find", "'a\\0b\\0c', 'b\\0%a'", NULL},
    {"find", "'aaa', 'a', -1", NULL},
    {"find", "'aaa', 'a', -10", NULL},
    {"find", "'aaa', 'a', 0", NULL},
    {"find", "'aaa', 'a', math.mininteger", NULL},
    {"find", "'aaa', 'a', math.maxinteger", NULL},
    {"find", "'aaa', 'a', 2.0", NULL},
    {"find", "12345, 34", NULL},
    {"find", "'a+b', 'a+b', 1, 1", NULL},
    {"find", "'a+b', 'a+b', 1, false", NULL},
    /* single characters and classes */
    {"find", "'hello', 'l+'", NULL},
    {"match", "' \\t\\n\\v\\f\\rx', '%s*()'", NULL},
    {"match", "'abcXYZ019_!~ \\127\\0\\200', '%a+'", NULL},
    {"gsub", "'abcXYZ019_!~ \\127\\0\\31\\200\\255', '%a', '.'", NULL},
    {"gsub", "'abcXYZ019_!~ \\127\\0\\31\\200\\255', '%c', '.'", NULL},
    {"gsub", "'abcXYZ019_!~ \\127\\0\\31\\200\\255', '%d', '.'", NULL},
    {"gsub", "'abcXYZ019_!~ \\127\\0\\31\\200\\255', '%g', '.'", NULL},
    {"gsub", "'abcXYZ019_!~ \\127\\0\\31\\200\\255', '%l', '.'", NULL},
    {"gsub", "'abcXYZ019_!~ \\127\\0\\31\\200\\255', '%p', '.'", NULL},
    {"gsub", "'abcXYZ019_!~ \\127\\0\\31\\200\\255', '%s', '.'", NULL},
    {"gsub", "'abcXYZ019_!~ \\127\\0\\31\\200\\255', '%u', '.'", NULL},
    {"gsub", "'abcXYZ019_!~ \\127\\0\\31\\200\\255', '%w', '.'", NULL},
    {"gsub", "'abcXYZ019_!~ \\127\\0\\31\\200\\255', '%x', '.'", NULL},
    {"gsub", "'abcXYZ019_!~ \\127\\0\\31\\200\\255', '%A', '.'", NULL},
    {"gsub", "'abcXYZ019_!~ \\127\\0\\31\\200\\255', '%C', '.'", NULL},
    {"gsub", "'abcXYZ019_!~ \\127\\0\\31\\200\\255', '%D', '.'", NULL},
    {"gsub", "'abcXYZ019_!~ \\127\\0\\31\\200\\255', '%G', '.'", NULL},
    {"gsub", "'abcXYZ019_!~ \\127\\0\\31\\200\\255', '%L', '.'", NULL},
    {"gsub", "'abcXYZ019_!~ \\127\\0\\31\\200\\255', '%P', '.'", NULL},
    {"gsub", "'abcXYZ019_!~ \\127\\0\\31\\200\\255', '%S', '.'", NULL},
    {"gsub", "'abcXYZ019_!~ \\127\\0\\31\\200\\255', '%U', '.'", NULL},
    {"gsub", "'abcXYZ019_!~ \\127\\0\\31\\200\\255', '%W', '.'", NULL},
    {"gsub", "'abcXYZ019_!~ \\127\\0\\31\\200\\255', '%X', '.'", NULL},
    {"gsub", "'abc.%z(Z', '%.', '!'", NULL},
    {"gsub", "'abc.%z(Z', '%%', '!'", NULL},
    {"gsub", "'abc.%z(Z', '%z', '!'", NULL},
    {"gsub", "'abc.%z(Z', '%Z', '!'", NULL},
    {"gsub", "'abc.%z(Z', '%(', '!'", NULL},
    {"gsub", "'a\\0b', '.', '[%0]'", NULL},
    {"gsub", "'a\\200b', '\\200', 'x'", NULL},
    /* sets */
    {"gsub", "'abc-]^x', '[a-c]', '.'", NULL},
    {"gsub", "'abc-]^x', '[^a-c]', '.'", NULL},
    {"gsub", "'abc-]^x', '[]]', '.'", NULL},
    {"gsub", "'abc-]^x', '[^]]', '.'", NULL},
    {"gsub", "'abc-]^x', '[a-]', '.'", NULL},
    {"gsub", "'abc-]^x', '[-a]', '.'", NULL},
    {"gsub", "'abc-]^x', '[%a-]', '.'", NULL},
    {"gsub", "'abc-]^x', '[%]]', '.'", NULL},
    {"gsub", "'abc-]^x', '[x^]', '.'", NULL},
    {"gsub", "'abc-]^x', '[c-a]', '.'", NULL},
    {"gsub", "'abc-]^x', '[%w%p]', '.'", NULL},
    {"gsub", "'abc-]^x', '[^%W]', '.'", NULL},
    {"gsub", "'a%b', '[%%]', '.'", NULL},
    {"gsub", "'ab\\200\\255', '[\\128-\\255]', '.'", NULL},
    /* quantifiers */
    {"match", "'aaab', 'a*'", NULL},
    {"match", "'aaab', 'a*ab'", NULL},
    {"match", "'aaab', 'a+'", NULL},
    {"match", "'b', 'a+'", NULL},
    {"match", "'aaab', 'a-b'", NULL},
    {"match", "'aaab', 'a-'", NULL},
    {"match", "'aaab', '(a-)(a*)'", NULL},
    {"match", "'ab', 'a?b?c?'", NULL},
    {"match", "'ab', 'a?ab'", NULL},
    {"match", "'<a><b>', '<(.-)>'", NULL},
    {"match", "'<a><b>', '<(.*)>'", NULL},
    {"match", "'x = 1', '^(%w+)%s*=%s*(%w+)$'", NULL},
    {"match", "'a*b', 'a*%*b'", NULL},
    {"match", "'**', '**'", NULL},
    {"match", "'-a', '-a'", NULL},
    {"match", "'a', '[a]*'", NULL},
    /* anchors */
    {"find", "'aXb', '^X'", NULL},
    {"find", "'aXb', '^X', 2", NULL},
    {"find", "'aXb', 'b$'", NULL},
    {"find", "'aXb$', 'b$'", NULL},
    {"find", "'a$b', '$b'", NULL},
    {"find", "'a^b', 'a^b'", NULL},
    {"match", "'', '^$'", NULL},
    {"match", "'abc', '^'", NULL},
    {"gsub", "'hello world', '^h', 'H'", NULL},
    {"gsub", "'hello', '^', '>'", NULL},
    {"gsub", "'hello', '$', '<'", NULL},
    {"gmatch", "'^a^a', '^a'", NULL},
    /* captures and position captures */
    {"match", "'hello world', '(h)(e)(l)'", NULL},
    {"match", "'hello world', '()ll()'", NULL},
    {"find", "'hello world', '(o)(.)()'", NULL},
    {"find", "'hello world', '()'", NULL},
    {"match", "'hello', '((l)(l))'", NULL},
    {"match", "'hello', '(h(e(l)))'", NULL},
    {"match", "'date: 2024-01-31', '(%d+)-(%d+)-(%d+)'", NULL},
    {"gsub", "'hello world', '(o)', '[%1]'", NULL},
    {"gsub", "'hello world', '()o', '%1'", NULL},
    {"match", "rep('a', 40), rep('(a)', 32)", NULL},
    {"match", "rep('a', 40), rep('(a)', 33)", "too many captures"},
    {"match", "rep('a', 40), rep('()', 33)", "too many captures"},
    {"match", "'abc', '(a'", "unfinished capture"},
    {"find", "'abc', '(a'", "unfinished capture"},
    {"find", "'abc', 'a(b'", "unfinished capture"},
    {"match", "'abc', '(()'", "unfinished capture"},
    {"match", "'abc', 'a)'", "invalid pattern capture"},
    {"match", "'abc', '(a))'", "invalid pattern capture"},
    {"match", "'abc', 'x)'", NULL},
    /* back-references */
    {"match", "'say \"hi\" now', '([\"\\']).-%1'", NULL},
    {"match", "'abab', '(ab)%1'", NULL},
    {"match", "'abac', '(ab)%1'", NULL},
    {"match", "'aa', '()a%1'", NULL},
    {"match", "'xyzxyz', '(x(y)z)%1'", NULL},
    {"match", "'xyzy', '(x(y)z)%2'", NULL},
    {"match", "'aa', '(a)%2'", "invalid capture index %2"},
    {"match", "'aa', '(a%1)'", "invalid capture index %1"},
    {"match", "'aa', 'a%1'", "invalid capture index %1"},
    {"match", "'aa', '%0'", "invalid capture index %0"},
    {"match", "'aa', 'x%0'", NULL},
    /* %b */
    {"match", "'f(a(b)c) d', '%b()'", NULL},
    {"match", "'f(a(b c) d', '%b()'", NULL},
    {"match", "'\"a\" \"b\"', '%b\"\"'", NULL},
    {"gsub", "'[a] [[b]] ]x[', '%b[]', '<%0>'", NULL},
    {"match", "'abc', '%b'", "malformed pattern (missing arguments to '%b')"},
    {"match", "'abc', '%ba'", "malformed pattern (missing arguments to '%b')"},
    {"match", "'abc', 'x%b'", NULL},
    {"match", "'a\\0b\\0', '%b\\0\\0'", NULL},
    /* %f */
    {"gsub", "'THE (quick) fox', '%f[%a]%a+', 'W'", NULL},
    {"gsub", "'THE (quick) fox', '%f[%A]', '|'", NULL},
    {"gsub", "'hello world', '%f[%w]%w+%f[%W]', '<%0>'", NULL},
    {"find", "'abc', '%f[%z]'", NULL},
    {"find", "'abc', '%f[^a]'", NULL},
    {"find", "'abc', '%f[c]', 3", NULL},
    {"find", "'abc', '%f[%a]', 2", NULL},
    {"match", "'abc', '%f'", "missing '[' after '%f' in pattern"},
    {"match", "'abc', '%fa'", "missing '[' after '%f' in pattern"},
    {"match", "'abc', 'x%f'", NULL},
    {"match", "'abc', '%f[a'", "malformed pattern (missing ']')"},
    /* malformed patterns */
    {"match", "'abc', '%'", "malformed pattern (ends with '%')"},
    {"match", "'abc', 'a%'", "malformed pattern (ends with '%')"},
    {"match", "'abc', 'x%'", NULL},
    {"find", "'abc', '[a'", "malformed pattern (missing ']')"},
    {"find", "'abc', '[a%'", "malformed pattern (missing ']')"},
    {"find", "'abc', '[a%]'", "malformed pattern (missing ']')"},
    {"find", "'abc', '[]'", "malformed pattern (missing ']')"},
    {"find", "'abc', '[^]'", "malformed pattern (missing ']')"},
    {"find", "'abc', '['", "malformed pattern (missing ']')"},
    {"find", "'abc', '[^'", "malformed pattern (missing ']')"},
    {"gsub", "'abc', '%', 'x'", "malformed pattern (ends with '%')"},
    {"gsub", "'', '[', 'x'", "malformed pattern (missing ']')"},
    /* nesting: Lua allows 200 levels */
    {"match", "rep('a', 198), rep('a?', 198)", NULL},
    {"match", "rep('a', 199), rep('a?', 199)", NULL},
    {"match", "rep('a', 200), rep('a?', 200)", "pattern too complex"},
    {"match", "rep('a', 300), rep('a?', 300)", "pattern too complex"},
    {"match", "'aaa', rep('a?', 300)", NULL},
    {"match", "rep('ab', 199), rep('a*b', 199)", NULL},
    {"match", "rep('ab', 200), rep('a*b', 200)", "pattern too complex"},
    {"match", "rep('ab', 199), rep('a-b', 199)", NULL},
    {"match", "rep('ab', 200), rep('a-b', 200)", "pattern too complex"},
    {"match", "rep('ab', 199), rep('a+b', 199)", NULL},
    {"match", "rep('ab', 200), rep('a+b', 200)", "pattern too complex"},
    {"match", "rep('a', 30), rep('(a)', 30)", NULL},
    {"match", "'aaa', rep('a*', 300)", NULL},
    {"match", "'', rep('x*', 300)", NULL},
    {"match", "rep('a', 10), rep('(', 16) .. rep('a*', 100) .. rep(')', 16)", NULL},
    {"gsub", "rep('a', 300), rep('a?', 300), 'x'", "pattern too complex"},
    {"match", "rep('(', 5000) .. rep(')', 5000), '%b()'", NULL},
    {"gsub", "rep('(', 5000) .. rep(')', 5000), '%b()', '[%0]'", NULL},
    /* gmatch */
    {"gmatch", "'hello world from Lua', '%a+'", NULL},
    {"gmatch", "'k1=v1, k2=v2', '(%w+)=(%w+)'", NULL},
    {"gmatch", "'abc', ''", NULL},
    {"gmatch", "'abc', '()'", NULL},
    {"gmatch", "'abc', 'x*'", NULL},
    {"gmatch", "'a,b,,c', '([^,]*)'", NULL},
    {"gmatch", "'hello world', '%a+', 3", NULL},
    {"gmatch", "'hello world', '%a+', -3", NULL},
    {"gmatch", "'hello world', '%a+', 0", NULL},
    {"gmatch", "'hello world', '()', 12", NULL},
    {"gmatch", "'hello world', '()', 13", NULL},
    {"gmatch", "'hello world', '()', math.maxinteger", NULL},
    {"gmatch", "'hello world', '()', math.mininteger", NULL},
    {"gmatch", "'abc', '(a'", "unfinished capture"},
    {"gmatch", "'abc', '%'", "malformed pattern (ends with '%')"},
    {"gmatch", "123123, 2", NULL},
    /* gsub replacements */
    {"gsub", "'hello world', 'o', '0'", NULL},
    {"gsub", "'hello world', 'o', '0', 1", NULL},
    {"gsub", "'hello world', 'o', '0', 0", NULL},
    {"gsub", "'hello world', 'o', '0', -1", NULL},
    {"gsub", "'hello world', 'o', '0', 1.0", NULL},
    {"gsub", "'hello world', '', '-'", NULL},
    {"gsub", "'hello world', 'x*', '-'", NULL},
    {"gsub", "'abc', '%w', '%0%0'", NULL},
    {"gsub", "'abc', '%w', '%1'", NULL},
    {"gsub", "'abc', '%w', '%%'", NULL},
    {"gsub", "'abc', '%w', '100%%'", NULL},
    {"gsub", "'abc', '(%w)', '%1-%0'", NULL},
    {"gsub", "'abc', '%w', '%2'", "invalid capture index %2"},
    {"gsub", "'abc', '(%w)', '%2'", "invalid capture index %2"},
    {"gsub", "'abc', '%w', '%'", "invalid use of '%' in replacement string"},
    {"gsub", "'abc', '%w', '%x'", "invalid use of '%' in replacement string"},
    {"gsub", "'abc', 'x', '%x'", NULL},
    {"gsub", "'abc', '(b', 'x'", NULL},
    {"gsub", "'abc', '(b', '%1'", "unfinished capture"},
    {"gsub", "'abc', '(b', '%0'", NULL},
    {"gsub", "'abc', 'b', 5", NULL},
    {"gsub", "'abc', 'b', 2.5", NULL},
    {"gsub", "'abc', 'b', 2^63", NULL},
    {"gsub", "'hello world', '%w+', string.upper", NULL},
    {"gsub", "'hello world', '(%w)(%w*)', function(a, b) return a:upper() .. b end", NULL},
    {"gsub", "'hello world', '()(%w+)', function(p, w) return p end", NULL},
    {"gsub", "'hello world', '%w+', function() return false end", NULL},
    {"gsub", "'hello world', '%w+', function() end", NULL},
    {"gsub", "'hello world', '%w+', function() return 1.5 end", NULL},
    {"gsub", "'hello world', '%w+', function() return {} end",
     "invalid replacement value (a table)"},
    {"gsub", "'hello world', '%w+', function() return true end",
     "invalid replacement value (a boolean)"},
    {"gsub", "'hello world', '%w+', function() error('inner') end", "inner"},
    {"gsub", "'hello world', '%w+', {hello = 'HI', world = false}", NULL},
    {"gsub", "'hello world', '(%w+)', {hello = 1}", NULL},
    {"gsub", "'hello world', '()%w+', {[1] = 'first', [7] = 'second'}", NULL},
    {"gsub", "'hello world', '%w+', {hello = {}}", "invalid replacement value (a table)"},
    {"gsub", "'hello', '(l)', setmetatable({}, {__index = function(_, k) return k .. k end})",
     NULL},
    {"gsub", "'abc', '(', function() end", "unfinished capture"},
    {"gsub", "'abc', '(', {}", "unfinished capture"},
    /* argument errors */
    {"find", "", "bad argument #1 to 'find' (string expected, got no value)"},
    {"find", "'abc'", "bad argument #2 to 'find' (string expected, got no value)"},
    {"find", "{}, 'a'", "bad argument #1 to 'find' (string expected, got table)"},
    {"find", "'abc', 'a', 'x'", "bad argument #3 to 'find' (number expected, got string)"},
    {"find", "'abc', 'a', 1.5", "number has no integer representation"},
    {"match", "nil, 'a'", "bad argument #1 to 'match'"},
    {"match", "'a', 'a', {}", "bad argument #3 to 'match'"},
    {"gmatch", "'abc'", "bad argument #2 to 'gmatch'"},
    {"gmatch", "'abc', 'a', 'x'", "bad argument #3 to 'gmatch'"},
    {"gsub", "'abc', 'b'", "bad argument #3 to 'gsub' (string/function/table expected, got no value)"},
    {"gsub", "'abc', 'b', true", "bad argument #3 to 'gsub' (string/function/table expected, got boolean)"},
    {"gsub", "'abc', 'b', 'x', 'y'", "bad argument #4 to 'gsub'"},
    {"gsub", "'abc', 'b', nil, 'y'", "bad argument #4 to 'gsub'"},
    {"gsub", "'abc', {}, 'x'", "bad argument #2 to 'gsub'"},
};

static void test_cases_match_lua(void **state)
{
    fixture *f = *state;
    lua_State *L = f->L;
    for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++) {
        const pattern_case *c = &CASES[i];
        lua_pushstring(L, c->function);
        lua_pushstring(L, c->args);
        call_harness(L, "check", 2, 3);
        if (lua_isstring(L, -3))
            fail_msg("case %zu: %s", i, lua_tostring(L, -3));
        const char *error = lua_tostring(L, -1);
        if (c->error && (error == NULL || strstr(error, c->error) == NULL))
            fail_msg("case %zu %s(%s): the error is %s, not %s", i, c->function, c->args,
                     error ? error : "none", c->error);
        if (c->error == NULL && error)
            fail_msg("case %zu %s(%s): unexpected error %s", i, c->function, c->args, error);
        lua_pop(L, 3);
    }
}

static void test_random_cases_match_lua(void **state)
{
    fixture *f = *state;
    lua_State *L = f->L;
    const int count = 100000;
    lua_pushinteger(L, count);
    lua_pushinteger(L, 20240601);
    call_harness(L, "random", 2, 4);
    if (lua_isstring(L, -4))
        fail_msg("%s", lua_tostring(L, -4));
    lua_Integer stopped = lua_tointeger(L, -3), raised = lua_tointeger(L, -2);
    print_message("%d random cases agree with Lua; %lld stopped by a smaller budget; "
                  "%lld raise, with these errors:\n%s\n",
                  count, (long long)stopped, (long long)raised, lua_tostring(L, -1));
    /* The mix must exercise both sides: budgets that stop and errors that agree. */
    assert_true(stopped > count / 10);
    assert_true(raised > count / 20);
    lua_pop(L, 4);
}

/* Runs `code` (a chunk over the global `bounded`) with a budget of `budget` steps; returns the error or NULL. */
static const char *run_budgeted(lua_State *L, const char *code, uint64_t budget)
{
    steps_left = budget;
    steps_spent = 0;
    if (luaL_loadstring(L, code) != LUA_OK)
        fail_msg("%s", lua_tostring(L, -1));
    if (lua_pcall(L, 0, 0, 0) == LUA_OK)
        return NULL;
    return lua_tostring(L, -1);
}

static void test_catastrophic_backtracking_stops(void **state)
{
    fixture *f = *state;
    const char *calls[] = {
        "bounded.find(string.rep('a', 3000), string.rep('a*', 12) .. 'b')",
        "bounded.match(string.rep('a', 3000), string.rep('a-', 12) .. 'b')",
        "bounded.gsub(string.rep('a', 3000), string.rep('(a*)', 12) .. 'b', 'x')",
        "for _ in bounded.gmatch(string.rep('a', 3000), string.rep('.-', 12) .. 'b') do end",
        "bounded.find(string.rep('(', 3000), string.rep('%b()?', 12) .. 'b')",
        "bounded.find(string.rep('a', 3000), '(' .. string.rep('a*', 10) .. ')%1b')",
    };
    for (size_t i = 0; i < sizeof calls / sizeof calls[0]; i++) {
        clock_t t0 = clock();
        const char *error = run_budgeted(f->L, calls[i], 1000000);
        double seconds = (double)(clock() - t0) / CLOCKS_PER_SEC;
        if (error == NULL || strcmp(error, BUDGET_ERROR) != 0)
            fail_msg("%s: %s", calls[i], error ? error : "no error");
        if (seconds > 2)
            fail_msg("%s took %.1f s to stop", calls[i], seconds);
        lua_pop(f->L, 1);
    }
}

static void test_small_subjects_agree_where_large_ones_stop(void **state)
{
    fixture *f = *state;
    lua_State *L = f->L;
    /* The same patterns on subjects small enough for Lua to finish. */
    const char *args[] = {
        "rep('a', 9), rep('a*', 9) .. 'b'",
        "rep('a', 9), rep('a-', 9) .. 'b'",
        "rep('a', 8), rep('(a*)', 8) .. 'b'",
        "rep('(', 20), rep('%b()?', 12) .. 'b'",
        "rep('a', 20), '(' .. rep('a*', 4) .. ')%1b'",
    };
    const char *functions[] = {"find", "match", "gsub", "gmatch"};
    for (size_t i = 0; i < sizeof args / sizeof args[0]; i++) {
        for (size_t j = 0; j < sizeof functions / sizeof functions[0]; j++) {
            char source[256];
            snprintf(source, sizeof source, "%s%s", args[i],
                     strcmp(functions[j], "gsub") == 0 ? ", 'x'" : "");
            lua_pushstring(L, functions[j]);
            lua_pushstring(L, source);
            call_harness(L, "check", 2, 3);
            if (lua_isstring(L, -3))
                fail_msg("%s", lua_tostring(L, -3));
            lua_pop(L, 3);
        }
    }
}

static void test_steps_are_spent_from_the_budget(void **state)
{
    fixture *f = *state;
    /* Each call fits in the budget; together they do not. */
    const char *loop = "local s = string.rep('a', 60)\n"
                       "for i = 1, 1000 do bounded.find(s, 'a*a*b') end";
    const char *error = run_budgeted(f->L, loop, 1000000);
    assert_non_null(error);
    assert_string_equal(error, BUDGET_ERROR);
    lua_pop(f->L, 1);
    assert_null(run_budgeted(f->L, "bounded.find(string.rep('a', 60), 'a*a*b')", 1000000));
    assert_true(steps_spent > 1000 && steps_spent < 1000000);
}

static void test_errors_under_pcall_are_charged(void **state)
{
    fixture *f = *state;
    /* Work done before a pattern error still counts, so a pcall loop cannot get it for free. */
    const char *loop = "local s = string.rep('a', 60) .. 'xb'\n"
                       "for i = 1, 1000 do\n"
                       "  local ok, err = pcall(bounded.find, s, 'a*a*b%2')\n"
                       "  if not err:find('invalid capture index %2', 1, true) then error(err, 0) end\n"
                       "end";
    const char *error = run_budgeted(f->L, loop, 1000000);
    assert_non_null(error);
    assert_string_equal(error, BUDGET_ERROR);
    lua_pop(f->L, 1);
}

static void test_gsub_callbacks_share_the_budget(void **state)
{
    fixture *f = *state;
    /* A replacement function calling the pattern functions again spends from the same budget. */
    const char *code = "local s = string.rep('a', 60)\n"
                       "bounded.gsub(string.rep('x', 100), 'x', function(c)\n"
                       "  bounded.find(s, 'a*a*b') return c end)";
    const char *error = run_budgeted(f->L, code, 1000000);
    assert_non_null(error);
    assert_string_equal(error, BUDGET_ERROR);
    lua_pop(f->L, 1);
    assert_null(run_budgeted(f->L, code, 100000000));
}

static void test_plain_find_is_counted(void **state)
{
    fixture *f = *state;
    assert_null(run_budgeted(f->L, "bounded.find(string.rep('a', 1000), 'b', 1, true)", 1001));
    assert_int_equal(steps_spent, 1001);
    const char *error = run_budgeted(f->L, "bounded.find(string.rep('a', 1000), 'b', 1, true)", 1000);
    assert_non_null(error);
    assert_string_equal(error, BUDGET_ERROR);
    lua_pop(f->L, 1);
    /* A needle that matches almost everywhere costs its length at every place. */
    const char *quadratic = "bounded.find(string.rep('a', 3000), string.rep('a', 1000) .. 'b', 1, true)";
    assert_null(run_budgeted(f->L, quadratic, UINT64_MAX));
    assert_true(steps_spent > 2000 * 1000);
}

NF_TEST_GROUP(luapattern) {
    cmocka_unit_test_setup_teardown(test_cases_match_lua, setup, teardown),
    cmocka_unit_test_setup_teardown(test_random_cases_match_lua, setup, teardown),
    cmocka_unit_test_setup_teardown(test_catastrophic_backtracking_stops, setup, teardown),
    cmocka_unit_test_setup_teardown(test_small_subjects_agree_where_large_ones_stop, setup,
                                    teardown),
    cmocka_unit_test_setup_teardown(test_steps_are_spent_from_the_budget, setup, teardown),
    cmocka_unit_test_setup_teardown(test_errors_under_pcall_are_charged, setup, teardown),
    cmocka_unit_test_setup_teardown(test_gsub_callbacks_share_the_budget, setup, teardown),
    cmocka_unit_test_setup_teardown(test_plain_find_is_counted, setup, teardown),
};
NF_TEST_GROUP_END(luapattern);
