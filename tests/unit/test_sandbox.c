/* test_sandbox.c — hostile and broken rules are contained and reported with file:line. */
#include "unit.h"

#include "sandbox.h"

#include <lauxlib.h>
#include <string.h>

#define MEMORY_LIMIT (8u << 20)
#define BUDGET 1000000u

typedef struct fixture {
    nf_sandbox *sb;
    nf_diag diag;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    assert_int_equal(nf_sandbox_new(MEMORY_LIMIT, &f->sb), 0);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    nf_sandbox_free(f->sb);
    free(f);
    return 0;
}

static int load(fixture *f, const char *source)
{
    memset(&f->diag, 0, sizeof f->diag);
    return nf_sandbox_load_plugin(f->sb, source, strlen(source), "plugins/test.lua", BUDGET,
                                  &f->diag);
}

/* Loads a plugin and calls its function `name` with no arguments. */
static int call(fixture *f, const char *source, const char *name)
{
    lua_State *L = nf_sandbox_state(f->sb);
    int rc = load(f, source);
    if (rc < 0)
        return rc;
    lua_getfield(L, -1, name);
    rc = nf_sandbox_call(f->sb, 0, 1, BUDGET, &f->diag);
    lua_settop(L, 0);
    return rc;
}

static void test_plugin_returns_table(void **state)
{
    fixture *f = *state;
    lua_State *L = nf_sandbox_state(f->sb);
    assert_int_equal(load(f, "return { answer = 42 }"), 0);
    lua_getfield(L, -1, "answer");
    assert_int_equal(lua_tointeger(L, -1), 42);
    lua_settop(L, 0);
}

static void test_plugin_must_return_table(void **state)
{
    fixture *f = *state;
    assert_int_equal(load(f, "return 1"), NF_ELUA);
    assert_string_equal(f->diag.file, "plugins/test.lua");
    assert_non_null(strstr(f->diag.message, "must return a table"));
    assert_int_equal(lua_gettop(nf_sandbox_state(f->sb)), 0);
}

static void test_syntax_error_has_line(void **state)
{
    fixture *f = *state;
    assert_int_equal(load(f, "local x = 1\nlocal y = = 2\nreturn {}"), NF_ELUA);
    assert_string_equal(f->diag.file, "plugins/test.lua");
    assert_int_equal(f->diag.line, 2);
    assert_null(strstr(f->diag.message, "plugins/test.lua:"));
}

static void test_runtime_error_has_line(void **state)
{
    fixture *f = *state;
    const char *src = "return { run = function()\n"
                      "  local t = nil\n"
                      "  return t.field\n"
                      "end }";
    assert_int_equal(call(f, src, "run"), NF_ELUA);
    assert_string_equal(f->diag.file, "plugins/test.lua");
    assert_int_equal(f->diag.line, 3);
    assert_non_null(strstr(f->diag.message, "attempt to index"));
}

static void test_error_with_table_value(void **state)
{
    fixture *f = *state;
    assert_int_equal(call(f, "return { run = function() error({}) end }", "run"), NF_ELUA);
    assert_non_null(strstr(f->diag.message, "table value"));
    assert_int_equal(f->diag.line, 1);
}

static void test_infinite_loop_is_stopped(void **state)
{
    fixture *f = *state;
    const char *src = "return { run = function()\n"
                      "  while true do end\n"
                      "end }";
    assert_int_equal(call(f, src, "run"), NF_EBUDGET);
    assert_int_equal(f->diag.line, 2);
    assert_true(nf_sandbox_tainted(f->sb));
}

static void test_pcall_cannot_swallow_the_budget(void **state)
{
    fixture *f = *state;
    const char *src = "return { run = function()\n"
                      "  for i = 1, 100 do\n"
                      "    pcall(function() while true do end end)\n"
                      "  end\n"
                      "  return 'escaped'\n"
                      "end }";
    assert_int_equal(call(f, src, "run"), NF_EBUDGET);
}

static void test_budget_is_per_call(void **state)
{
    fixture *f = *state;
    lua_State *L = nf_sandbox_state(f->sb);
    const char *src = "return { run = function() local n = 0 for i = 1, 20000 do n = n + i end "
                      "return n end }";
    assert_int_equal(load(f, src), 0);
    for (int i = 0; i < 200; i++) {
        lua_getfield(L, -1, "run");
        assert_int_equal(nf_sandbox_call(f->sb, 0, 1, BUDGET, &f->diag), 0);
        lua_pop(L, 1);
    }
    lua_settop(L, 0);
}

static void test_state_works_after_budget_kill(void **state)
{
    fixture *f = *state;
    assert_int_equal(call(f, "return { run = function() while true do end end }", "run"),
                     NF_EBUDGET);
    assert_int_equal(call(f, "return { run = function() return 1 end }", "run"), 0);
}

static void test_allocation_without_end_is_stopped(void **state)
{
    fixture *f = *state;
    const char *src = "return { run = function()\n"
                      "  local t = {}\n"
                      "  while true do t[#t + 1] = string.rep('x', 1000) .. #t end\n"
                      "end }";
    int rc = call(f, src, "run");
    assert_int_equal(rc, NF_ENOMEM);
    assert_true(nf_sandbox_tainted(f->sb));
    assert_true(nf_sandbox_memory(f->sb) <= MEMORY_LIMIT);
}

static void test_string_rep_bomb_is_stopped(void **state)
{
    fixture *f = *state;
    assert_int_equal(call(f, "return { run = function() return string.rep('x', 1 << 30) end }",
                          "run"),
                     NF_ENOMEM);
}

static void test_dangerous_globals_are_absent(void **state)
{
    fixture *f = *state;
    const char *names[] = {"io", "debug", "package", "require", "dofile", "loadfile",
                           "collectgarbage", "os.execute", "os.exit", "os.getenv",
                           "os.remove", "string.dump", NULL};
    for (const char **name = names; *name; name++) {
        char src[256];
        snprintf(src, sizeof src, "return { run = function() return %s == nil end }", *name);
        lua_State *L = nf_sandbox_state(f->sb);
        assert_int_equal(load(f, src), 0);
        lua_getfield(L, -1, "run");
        assert_int_equal(nf_sandbox_call(f->sb, 0, 1, BUDGET, &f->diag), 0);
        if (!lua_toboolean(L, -1))
            fail_msg("%s is reachable from a rule", *name);
        lua_settop(L, 0);
    }
}

static void test_os_execute_call_fails(void **state)
{
    fixture *f = *state;
    assert_int_equal(call(f, "return { run = function() os.execute('true') end }", "run"),
                     NF_ELUA);
    assert_non_null(strstr(f->diag.message, "execute"));
}

static void test_load_refuses_binary_chunks(void **state)
{
    fixture *f = *state;
    const char *src = "return { run = function()\n"
                      "  local f, err = load('\\27Lua')\n"
                      "  assert(f == nil and err, 'binary chunk accepted')\n"
                      "  return load('return 1 + 1')()\n"
                      "end }";
    assert_int_equal(call(f, src, "run"), 0);
}

static void test_load_sees_no_hidden_globals(void **state)
{
    fixture *f = *state;
    const char *src = "return { run = function() return load('return io')() end }";
    lua_State *L = nf_sandbox_state(f->sb);
    assert_int_equal(load(f, src), 0);
    lua_getfield(L, -1, "run");
    assert_int_equal(nf_sandbox_call(f->sb, 0, 1, BUDGET, &f->diag), 0);
    assert_true(lua_isnil(L, -1));
    lua_settop(L, 0);
}

static void test_globals_are_locked_after_load(void **state)
{
    fixture *f = *state;
    const char *src = "counter = 0\n"
                      "return { run = function()\n"
                      "  counter = counter + 1\n"
                      "end }";
    assert_int_equal(call(f, src, "run"), NF_ELUA);
    assert_int_equal(f->diag.line, 3);
    assert_non_null(strstr(f->diag.message, "counter"));
}

static void test_rawset_cannot_unlock_globals(void **state)
{
    fixture *f = *state;
    assert_int_equal(call(f, "return { run = function() rawset(_ENV, 'seen', 1) end }", "run"),
                     NF_ELUA);
    assert_non_null(strstr(f->diag.message, "seen"));
    assert_int_equal(call(f, "return { run = function() local t = {} rawset(t, 'k', 1) return t.k end }",
                          "run"),
                     0);
}

static void test_library_tables_are_locked(void **state)
{
    fixture *f = *state;
    assert_int_equal(call(f, "return { run = function() string.seen = 1 end }", "run"), NF_ELUA);
    assert_int_equal(call(f, "return { run = function() rawset(math, 'pi', 3) end }", "run"), NF_ELUA);
    assert_int_equal(call(f, "return { run = function() return string.format('%d', 3) .. math.floor(2.5) end }",
                          "run"),
                     0);
}

static void test_environment_metatable_is_protected(void **state)
{
    fixture *f = *state;
    assert_int_equal(call(f, "return { run = function() setmetatable(_ENV, nil) end }", "run"),
                     NF_ELUA);
    assert_non_null(strstr(f->diag.message, "protected"));
}

static void test_string_metatable_is_protected(void **state)
{
    fixture *f = *state;
    const char *src = "return { run = function() getmetatable('').__index.upper = nil end }";
    assert_int_equal(call(f, src, "run"), NF_ELUA);
    assert_int_equal(call(f, "return { run = function() return ('x'):upper() end }", "run"), 0);
}

static void test_plugins_do_not_share_libraries(void **state)
{
    fixture *f = *state;
    lua_State *L = nf_sandbox_state(f->sb);
    assert_int_equal(load(f, "string.upper = nil return {}"), 0);
    lua_settop(L, 0);
    assert_int_equal(call(f, "return { run = function() return string.upper('a') end }", "run"),
                     0);
}

/* Lua's patterns backtrack inside C, out of the count hook's sight: the sandbox's count their steps. */
static void test_backtracking_pattern_is_stopped(void **state)
{
    fixture *f = *state;
    const char *src = "return { run = function()\n"
                      "  local s = string.rep('a', 3000)\n"
                      "  return string.find(s, string.rep('a*', 12) .. 'b')\n"
                      "end }";
    assert_int_equal(call(f, src, "run"), NF_EBUDGET);
    assert_string_equal(f->diag.file, "plugins/test.lua");
    assert_int_equal(f->diag.line, 3);
    assert_non_null(strstr(f->diag.message, "budget"));
    assert_true(nf_sandbox_tainted(f->sb));
}

static void test_string_methods_are_bounded(void **state)
{
    fixture *f = *state;
    const char *calls[] = {
        "s:find(p)", "s:match(p)", "s:gsub(p, 'x')", "s:gmatch(p)()",
        "('x'):rep(3000):find(('x-'):rep(12) .. 'y')",
    };
    for (size_t i = 0; i < sizeof calls / sizeof calls[0]; i++) {
        char src[256];
        snprintf(src, sizeof src,
                 "return { run = function()\n"
                 "  local s, p = ('a'):rep(3000), ('a*'):rep(12) .. 'b'\n"
                 "  return %s\n"
                 "end }",
                 calls[i]);
        if (call(f, src, "run") != NF_EBUDGET || f->diag.line != 3)
            fail_msg("%s was not stopped at line 3: %s", calls[i], f->diag.message);
    }
}

static void test_string_methods_are_the_library_functions(void **state)
{
    fixture *f = *state;
    const char *src = "return { run = function()\n"
                      "  local s = ''\n"
                      "  return s.find == string.find and s.match == string.match\n"
                      "     and s.gmatch == string.gmatch and s.gsub == string.gsub\n"
                      "     and s.dump == nil and s.upper == string.upper\n"
                      "end }";
    lua_State *L = nf_sandbox_state(f->sb);
    assert_int_equal(load(f, src), 0);
    lua_getfield(L, -1, "run");
    assert_int_equal(nf_sandbox_call(f->sb, 0, 1, BUDGET, &f->diag), 0);
    assert_true(lua_toboolean(L, -1));
    lua_settop(L, 0);
}

static void test_pcall_cannot_swallow_a_pattern_stop(void **state)
{
    fixture *f = *state;
    const char *src = "return { run = function()\n"
                      "  local s, p = ('a'):rep(3000), ('a*'):rep(12) .. 'b'\n"
                      "  for i = 1, 100 do pcall(string.find, s, p) end\n"
                      "  return 'escaped'\n"
                      "end }";
    assert_int_equal(call(f, src, "run"), NF_EBUDGET);
    assert_int_equal(f->diag.line, 3);
}

static void test_pattern_steps_are_spent_from_the_budget(void **state)
{
    fixture *f = *state;
    /* Each find fits in the budget and the loop runs few instructions; together they do not fit. */
    const char *src = "return { run = function()\n"
                      "  local s = ('a'):rep(60)\n"
                      "  for i = 1, 200 do s:find('a*a*b') end\n"
                      "end }";
    assert_int_equal(call(f, src, "run"), NF_EBUDGET);
    assert_int_equal(f->diag.line, 3);
}

static void test_ordinary_patterns_work(void **state)
{
    fixture *f = *state;
    const char *src =
        "return { run = function()\n"
        "  local words = {}\n"
        "  for w in ('The quick (brown) fox'):gmatch('%a+') do words[#words + 1] = w end\n"
        "  local swapped = ('hello world'):gsub('(%w+) (%w+)', '%2 %1')\n"
        "  local trimmed = string.match('  x y  ', '^%s*(.-)%s*$')\n"
        "  local inner = ('f(a(b)c)'):match('%b()')\n"
        "  local caps = ('THE (quick) fox'):gsub('%f[%a]%a', string.lower)\n"
        "  return table.concat(words, ',') .. '|' .. swapped .. '|' .. trimmed .. '|'\n"
        "         .. inner .. '|' .. caps .. '|' .. select(2, ('a.b.c'):find('.', 1, true))\n"
        "end }";
    lua_State *L = nf_sandbox_state(f->sb);
    assert_int_equal(load(f, src), 0);
    lua_getfield(L, -1, "run");
    assert_int_equal(nf_sandbox_call(f->sb, 0, 1, BUDGET, &f->diag), 0);
    assert_string_equal(lua_tostring(L, -1),
                        "The,quick,brown,fox|world hello|x y|(a(b)c)|tHE (quick) fox|2");
    lua_settop(L, 0);
}

/* Lua code that runs outside nf_sandbox_call (a finalizer between calls) has no budget for patterns. */
static void test_no_budget_outside_a_call(void **state)
{
    fixture *f = *state;
    lua_State *L = nf_sandbox_state(f->sb);
    assert_int_equal(load(f, "return { run = function() return ('a'):find('a+') end }"), 0);
    assert_int_equal(nf_sandbox_budget_left(L), 0);
    lua_getfield(L, -1, "run");
    assert_int_equal(lua_pcall(L, 0, 1, 0), LUA_ERRRUN);
    assert_non_null(strstr(lua_tostring(L, -1), "budget"));
    assert_true(nf_sandbox_tainted(f->sb));
    lua_settop(L, 0);
    lua_sethook(L, NULL, 0, 0);
}

static void test_compiled_plugin_loads_in_another_state_with_its_lines(void **state)
{
    fixture *f = *state;
    static const char source[] = "local n = 41\nreturn { answer = n + 1,\n  fail = function() error('boom') end }";
    nf_chunk compiled;
    assert_int_equal(nf_sandbox_load_plugin_keep(f->sb, source, strlen(source), "plugins/test.lua", BUDGET,
                                                 &compiled, &f->diag), 0);
    assert_non_null(compiled.code);
    nf_sandbox *other;
    assert_int_equal(nf_sandbox_new(MEMORY_LIMIT, &other), 0);
    lua_State *L = nf_sandbox_state(other);
    assert_int_equal(nf_sandbox_load_compiled(other, &compiled, "plugins/test.lua", BUDGET, &f->diag), 0);
    lua_getfield(L, -1, "answer");
    assert_int_equal(lua_tointeger(L, -1), 42);
    lua_pop(L, 1);
    lua_getfield(L, -1, "fail");
    assert_int_equal(nf_sandbox_call(other, 0, 0, BUDGET, &f->diag), NF_ELUA);
    assert_string_equal(f->diag.file, "plugins/test.lua");
    assert_int_equal(f->diag.line, 3);
    nf_sandbox_free(other);
    free(compiled.code);
    lua_settop(nf_sandbox_state(f->sb), 0);
}

static void test_a_failing_plugin_keeps_no_chunk(void **state)
{
    fixture *f = *state;
    static const char source[] = "error('no')";
    nf_chunk compiled;
    assert_int_equal(nf_sandbox_load_plugin_keep(f->sb, source, strlen(source), "plugins/test.lua", BUDGET,
                                                 &compiled, &f->diag), NF_ELUA);
    assert_null(compiled.code);
}

NF_TEST_GROUP(sandbox) {
    cmocka_unit_test_setup_teardown(test_compiled_plugin_loads_in_another_state_with_its_lines, setup, teardown),
    cmocka_unit_test_setup_teardown(test_a_failing_plugin_keeps_no_chunk, setup, teardown),
    cmocka_unit_test_setup_teardown(test_plugin_returns_table, setup, teardown),
    cmocka_unit_test_setup_teardown(test_plugin_must_return_table, setup, teardown),
    cmocka_unit_test_setup_teardown(test_syntax_error_has_line, setup, teardown),
    cmocka_unit_test_setup_teardown(test_runtime_error_has_line, setup, teardown),
    cmocka_unit_test_setup_teardown(test_error_with_table_value, setup, teardown),
    cmocka_unit_test_setup_teardown(test_infinite_loop_is_stopped, setup, teardown),
    cmocka_unit_test_setup_teardown(test_pcall_cannot_swallow_the_budget, setup, teardown),
    cmocka_unit_test_setup_teardown(test_budget_is_per_call, setup, teardown),
    cmocka_unit_test_setup_teardown(test_state_works_after_budget_kill, setup, teardown),
    cmocka_unit_test_setup_teardown(test_allocation_without_end_is_stopped, setup, teardown),
    cmocka_unit_test_setup_teardown(test_string_rep_bomb_is_stopped, setup, teardown),
    cmocka_unit_test_setup_teardown(test_dangerous_globals_are_absent, setup, teardown),
    cmocka_unit_test_setup_teardown(test_os_execute_call_fails, setup, teardown),
    cmocka_unit_test_setup_teardown(test_load_refuses_binary_chunks, setup, teardown),
    cmocka_unit_test_setup_teardown(test_load_sees_no_hidden_globals, setup, teardown),
    cmocka_unit_test_setup_teardown(test_globals_are_locked_after_load, setup, teardown),
    cmocka_unit_test_setup_teardown(test_rawset_cannot_unlock_globals, setup, teardown),
    cmocka_unit_test_setup_teardown(test_library_tables_are_locked, setup, teardown),
    cmocka_unit_test_setup_teardown(test_environment_metatable_is_protected, setup, teardown),
    cmocka_unit_test_setup_teardown(test_string_metatable_is_protected, setup, teardown),
    cmocka_unit_test_setup_teardown(test_plugins_do_not_share_libraries, setup, teardown),
    cmocka_unit_test_setup_teardown(test_backtracking_pattern_is_stopped, setup, teardown),
    cmocka_unit_test_setup_teardown(test_string_methods_are_bounded, setup, teardown),
    cmocka_unit_test_setup_teardown(test_string_methods_are_the_library_functions, setup,
                                    teardown),
    cmocka_unit_test_setup_teardown(test_pcall_cannot_swallow_a_pattern_stop, setup, teardown),
    cmocka_unit_test_setup_teardown(test_pattern_steps_are_spent_from_the_budget, setup, teardown),
    cmocka_unit_test_setup_teardown(test_ordinary_patterns_work, setup, teardown),
    cmocka_unit_test_setup_teardown(test_no_budget_outside_a_call, setup, teardown),
};
NF_TEST_GROUP_END(sandbox);
