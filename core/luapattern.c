/*
 * luapattern.c — Lua 5.4's pattern functions with a step budget.
 *
 * The matcher backtracks, as the reference manual's semantics require: the
 * match found must be the one Lua finds, so alternatives are tried in Lua's
 * order (a greedy item from its longest run down, a lazy one from its
 * shortest up, an item with `?` with its character first). Nesting is
 * counted the way Lua counts it — each capture, each `?` that took its
 * character and each repetition tries the rest of the pattern one level
 * deeper — so that "pattern too complex" comes at the same point.
 */
#include "luapattern.h"

#include <lauxlib.h>
#include <stdarg.h>
#include <stdbool.h>
#include <string.h>

#define ESC '%'
#define SPECIALS "^$*+?.([%-"   /* a find pattern without any of these is a plain search */
#define MAX_CAPTURES 32         /* Lua's LUA_MAXCAPTURES: one more is "too many captures" */
#define MAX_DEPTH 200           /* Lua's MAXCCALLS: deeper nesting is "pattern too complex" */
#define CAP_OPEN (-1)           /* a capture whose ')' has not been matched yet */
#define CAP_POSITION (-2)       /* a () capture: a position, not text */

typedef struct capture {
    const char *start;
    ptrdiff_t len;              /* its length, or CAP_OPEN or CAP_POSITION */
} capture;

typedef struct matcher {
    lua_State *L;
    const nf_luapattern_budget *budget;
    const char *subject;        /* the whole subject: positions and %f count from its start */
    const char *subject_end;
    const char *pattern_end;
    int depth_left;             /* nested match() calls left before "pattern too complex" */
    int level;                  /* captures opened */
    uint64_t steps;             /* steps taken and not yet spent from the budget */
    uint64_t limit;             /* what the budget had left when it was last charged */
    capture cap[MAX_CAPTURES];
} matcher;

/* ---- the budget ---- */

/* Spends the steps taken so far and reads what is left: before Lua code runs, before an error. */
static void charge(matcher *m)
{
    m->budget->spend(m->L, m->steps);
    m->steps = 0;
    m->limit = m->budget->left(m->L);
}

static void over_budget(matcher *m)
{
    m->budget->spend(m->L, m->steps);
    /* spend() raises for more steps than are left; should a budget not, the match still stops. */
    luaL_error(m->L, "pattern matching over its step budget");
}

static inline void take(matcher *m, uint64_t n)
{
    m->steps += n;
    if (m->steps > m->limit)
        over_budget(m);
}

/* luaL_error, after charging the work done: an error under a pcall is not free work. */
static int raise_error(matcher *m, const char *fmt, ...)
{
    va_list ap;
    charge(m);
    luaL_where(m->L, 1);
    va_start(ap, fmt);
    lua_pushvfstring(m->L, fmt, ap);
    va_end(ap);
    lua_concat(m->L, 2);
    return lua_error(m->L);
}

/* ---- single characters ---- */

/* Whether c is in the class %cl, in the C locale (ASCII), as Lua's default. */
static bool in_class(unsigned char c, unsigned char cl)
{
    unsigned char lower = cl >= 'A' && cl <= 'Z' ? (unsigned char)(cl + ('a' - 'A')) : cl;
    bool alpha = (unsigned char)((c | 0x20) - 'a') < 26;
    bool digit = (unsigned char)(c - '0') < 10;
    bool in;
    switch (lower) {
    case 'a': in = alpha; break;
    case 'c': in = c < 32 || c == 127; break;
    case 'd': in = digit; break;
    case 'g': in = c > 32 && c < 127; break;
    case 'l': in = c >= 'a' && c <= 'z'; break;
    case 'p': in = c > 32 && c < 127 && !alpha && !digit; break;
    case 's': in = c == ' ' || (c >= '\t' && c <= '\r'); break;
    case 'u': in = c >= 'A' && c <= 'Z'; break;
    case 'w': in = alpha || digit; break;
    case 'x': in = digit || (unsigned char)((c | 0x20) - 'a') < 6; break;
    case 'z': in = c == '\0'; break;   /* deprecated since Lua 5.2, still there in 5.4 */
    default: return cl == c;   /* %x for a non-letter x, or a letter that names no class: x itself */
    }
    return lower != cl ? !in : in;   /* an upper-case class is the complement */
}

/* Whether c is in the set that opens at p ('[') and closes at last (']'). */
static bool in_set(unsigned char c, const char *p, const char *last)
{
    bool hit = true;   /* what finding c means: false in a complemented set */
    p++;
    if (*p == '^') {
        hit = false;
        p++;
    }
    for (; p < last; p++) {
        if (*p == ESC) {
            p++;
            if (in_class(c, (unsigned char)*p))
                return hit;
        } else if (p[1] == '-' && p + 2 < last) {
            if ((unsigned char)p[0] <= c && c <= (unsigned char)p[2])
                return hit;
            p += 2;
        } else if ((unsigned char)*p == c) {
            return hit;
        }
    }
    return !hit;
}

/*
 * Where the single-character item at p ends (before any quantifier): after
 * the class of a %, after the ']' of a set, else after the character.
 */
static const char *item_end(matcher *m, const char *p)
{
    const char *end = m->pattern_end;
    switch (*p++) {
    case ESC:
        if (p == end)
            raise_error(m, "malformed pattern (ends with '%%')");
        return p + 1;
    case '[':
        if (p < end && *p == '^')
            p++;
        /* The first member is taken before looking for ']', so "[]]" is a set of ']'. */
        do {
            if (p == end)
                raise_error(m, "malformed pattern (missing ']')");
            if (*p++ == ESC && p < end)
                p++;
        } while (p == end || *p != ']');
        return p + 1;
    default:
        return p;
    }
}

/* Whether the subject character at s matches the item [p, ep); a step. */
static bool item_matches(matcher *m, const char *s, const char *p, const char *ep)
{
    take(m, 1);
    if (s >= m->subject_end)
        return false;
    unsigned char c = (unsigned char)*s;
    switch (*p) {
    case '.': return true;
    case ESC: return in_class(c, (unsigned char)p[1]);
    case '[': return in_set(c, p, ep - 1);
    default: return (unsigned char)*p == c;
    }
}

/* ---- the matcher ---- */

static const char *match(matcher *m, const char *s, const char *p);

/* An item with '*' or '+': as many characters as it takes, then one fewer each time the rest fails. */
static const char *match_greedy(matcher *m, const char *s, const char *p, const char *ep)
{
    size_t n = 0;
    while (item_matches(m, s + n, p, ep))
        n++;
    for (;;) {
        const char *end = match(m, s + n, ep + 1);
        if (end || n == 0)
            return end;
        n--;
    }
}

/* An item with '-': the rest first, then one more character each time the rest fails. */
static const char *match_lazy(matcher *m, const char *s, const char *p, const char *ep)
{
    for (;;) {
        const char *end = match(m, s, ep + 1);
        if (end || !item_matches(m, s, p, ep))
            return end;
        s++;
    }
}

static const char *open_capture(matcher *m, const char *s, const char *p, ptrdiff_t kind)
{
    if (m->level >= MAX_CAPTURES)
        raise_error(m, "too many captures");
    m->cap[m->level].start = s;
    m->cap[m->level].len = kind;
    m->level++;
    const char *end = match(m, s, p);
    if (end == NULL)
        m->level--;
    return end;
}

/* A ')' closes the innermost capture still open. */
static const char *close_capture(matcher *m, const char *s, const char *p)
{
    int i = m->level - 1;
    while (i >= 0 && m->cap[i].len != CAP_OPEN)
        i--;
    if (i < 0)
        raise_error(m, "invalid pattern capture");
    m->cap[i].len = s - m->cap[i].start;
    const char *end = match(m, s, p);
    if (end == NULL)
        m->cap[i].len = CAP_OPEN;
    return end;
}

/* %bxy at p (pointing at x): from an x at s to the y that balances it. */
static const char *match_balance(matcher *m, const char *s, const char *p)
{
    if (p + 1 >= m->pattern_end)
        raise_error(m, "malformed pattern (missing arguments to '%%b')");
    take(m, 1);
    if (s >= m->subject_end || *s != p[0])
        return NULL;
    size_t open = 1;
    const char *q = s;
    while (++q < m->subject_end) {
        if (*q == p[1]) {   /* a closer first: with x == y, each one closes */
            if (--open == 0)
                break;
        } else if (*q == p[0]) {
            open++;
        }
    }
    take(m, (size_t)(q - s));
    return q < m->subject_end ? q + 1 : NULL;
}

/* Whether s is at a frontier of the set [p, ep): a character not in it before s and one in it at s. */
static bool at_frontier(matcher *m, const char *s, const char *p, const char *ep)
{
    /* Outside the subject the character is '\0', so a frontier can be at either end. */
    unsigned char before = s == m->subject ? '\0' : (unsigned char)s[-1];
    unsigned char at = s < m->subject_end ? (unsigned char)*s : '\0';
    take(m, 1);
    return !in_set(before, p, ep - 1) && in_set(at, p, ep - 1);
}

/* %1 to %9: the same text as that capture, which must be closed. */
static const char *match_backref(matcher *m, const char *s, char digit)
{
    int i = digit - '1';
    if (i < 0 || i >= m->level || m->cap[i].len == CAP_OPEN)
        raise_error(m, "invalid capture index %%%d", i + 1);
    /* A position capture has no text: Lua compares it as an impossible length. */
    if (m->cap[i].len == CAP_POSITION)
        return NULL;
    size_t len = (size_t)m->cap[i].len;
    take(m, 1 + len);
    if ((size_t)(m->subject_end - s) < len || memcmp(m->cap[i].start, s, len) != 0)
        return NULL;
    return s + len;
}


/* The escapes that are not single-character items: %b, %f and back-references. */
static bool is_special_escape(const char *p, const char *end)
{
    return p + 1 < end && (p[1] == 'b' || p[1] == 'f' || (p[1] >= '0' && p[1] <= '9'));
}

/* The special escape at p; returns where the rest of the pattern starts, or NULL: no match at s. */
static const char *match_escape(matcher *m, const char **s, const char *p)
{
    switch (p[1]) {
    case 'b':
        *s = match_balance(m, *s, p + 2);
        return *s ? p + 4 : NULL;
    case 'f': {
        p += 2;
        if (p == m->pattern_end || *p != '[')
            raise_error(m, "missing '[' after '%%f' in pattern");
        const char *ep = item_end(m, p);
        return at_frontier(m, *s, p, ep) ? ep : NULL;
    }
    default:
        *s = match_backref(m, *s, p[1]);
        return *s ? p + 2 : NULL;
    }
}

/*
 * Matches the pattern from p against the subject from s; returns the end of
 * the match or NULL. Items that leave no choice are matched in this loop;
 * those that do (captures, quantifiers) try the rest of the pattern through
 * match(), one level deeper, and their result is the result.
 */
static const char *match_here(matcher *m, const char *s, const char *p)
{
    const char *end = m->pattern_end;
    while (p < end) {
        switch (*p) {
        case '(':
            if (p + 1 < end && p[1] == ')')
                return open_capture(m, s, p + 2, CAP_POSITION);
            return open_capture(m, s, p + 1, CAP_OPEN);
        case ')':
            return close_capture(m, s, p + 1);
        case '$':
            if (p + 1 == end)
                return s == m->subject_end ? s : NULL;
            break;   /* elsewhere, '$' is an ordinary character */
        case ESC:
            if (is_special_escape(p, end)) {
                p = match_escape(m, &s, p);
                if (p == NULL)
                    return NULL;
                continue;
            }
            break;
        }
        const char *ep = item_end(m, p);
        char quantifier = ep < end ? *ep : '\0';
        if (!item_matches(m, s, p, ep)) {
            if (quantifier != '*' && quantifier != '?' && quantifier != '-')
                return NULL;
            p = ep + 1;   /* none of an item that may be absent */
            continue;
        }
        switch (quantifier) {
        case '?': {
            const char *with = match(m, s + 1, ep + 1);
            if (with)
                return with;
            p = ep + 1;
            continue;
        }
        case '+':
            return match_greedy(m, s + 1, p, ep);
        case '*':
            return match_greedy(m, s, p, ep);
        case '-':
            return match_lazy(m, s, p, ep);
        default:
            s++;
            p = ep;
        }
    }
    return s;
}

/* match_here one level deeper: each attempt is a step, and nesting is limited as Lua limits it. */
static const char *match(matcher *m, const char *s, const char *p)
{
    if (m->depth_left-- == 0)
        raise_error(m, "pattern too complex");
    take(m, 1);
    s = match_here(m, s, p);
    m->depth_left++;
    return s;
}

/* ---- captures ---- */

/*
 * Capture i as text ([*text, *text + length), the length returned), or
 * CAP_POSITION with the position pushed. When the pattern has no captures,
 * capture 0 is the whole match [s, e).
 */
static ptrdiff_t get_capture(matcher *m, int i, const char *s, const char *e, const char **text)
{
    if (i >= m->level) {
        if (i != 0)
            raise_error(m, "invalid capture index %%%d", i + 1);
        *text = s;
        return e - s;
    }
    ptrdiff_t len = m->cap[i].len;
    *text = m->cap[i].start;
    if (len == CAP_OPEN)
        raise_error(m, "unfinished capture");
    if (len == CAP_POSITION)
        lua_pushinteger(m->L, m->cap[i].start - m->subject + 1);
    return len;
}

static void push_capture(matcher *m, int i, const char *s, const char *e)
{
    const char *text;
    ptrdiff_t len = get_capture(m, i, s, e, &text);
    if (len != CAP_POSITION)
        lua_pushlstring(m->L, text, (size_t)len);
}

/* Pushes the captures, or the whole match [s, e) when there are none and s is not NULL. */
static int push_captures(matcher *m, const char *s, const char *e)
{
    int n = m->level == 0 && s ? 1 : m->level;
    luaL_checkstack(m->L, n, "too many captures");
    for (int i = 0; i < n; i++)
        push_capture(m, i, s, e);
    return n;
}

/* ---- the Lua functions ---- */

static void start(matcher *m, lua_State *L, const char *s, size_t ls, const char *p, size_t lp)
{
    m->L = L;
    m->budget = lua_touserdata(L, lua_upvalueindex(1));
    m->subject = s;
    m->subject_end = s + ls;
    m->pattern_end = p + lp;
    m->steps = 0;
    m->limit = m->budget->left(L);
}

/* Before each attempt at a new subject position. */
static void restart(matcher *m)
{
    m->level = 0;
    m->depth_left = MAX_DEPTH;
}

/* Lua's rule for a start argument: 1-based, negative from the end, clipped at 1; as an offset. */
static size_t start_offset(lua_Integer pos, size_t len)
{
    if (pos > 0)
        return (size_t)pos - 1;
    if (pos == 0 || pos < -(lua_Integer)len)
        return 0;
    return len - (size_t)-pos;
}

/* Whether a find pattern has special characters; Lua strings end with '\0', so strpbrk can scan each piece between embedded zeros. */
static bool has_specials(const char *p, size_t lp)
{
    for (size_t i = 0; i < lp; i += strlen(p + i) + 1)
        if (strpbrk(p + i, SPECIALS))
            return true;
    return false;
}

/*
 * The first n-byte needle in the len-byte haystack s, or NULL: memchr to
 * each byte that can start it, then memcmp. Steps: one per byte memchr
 * passes and the needle's length per candidate compared, so that a
 * candidate on every byte ('aaaa...' for 'aa...ab') counts what it costs.
 */
static const char *plain_search(const char *s, size_t len, const char *needle, size_t n,
                                uint64_t *steps)
{
    if (n == 0)
        return s;
    if (n > len)
        return NULL;
    const char *last = s + (len - n);   /* the last place the needle can start */
    const char *from = s;
    const char *at;
    while (from <= last && (at = memchr(from, needle[0], (size_t)(last - from) + 1)) != NULL) {
        *steps += (size_t)(at - from) + n;
        if (memcmp(at + 1, needle + 1, n - 1) == 0)
            return at;
        from = at + 1;
    }
    *steps += from <= last ? (size_t)(last - from) + 1 : 0;
    return NULL;
}

/* find without a pattern. */
static int plain_find(lua_State *L, const char *s, size_t ls, const char *p, size_t lp, size_t init)
{
    const nf_luapattern_budget *budget = lua_touserdata(L, lua_upvalueindex(1));
    uint64_t steps = 1;
    const char *hit = plain_search(s + init, ls - init, p, lp, &steps);
    budget->spend(L, steps);
    if (hit == NULL) {
        luaL_pushfail(L);
        return 1;
    }
    lua_pushinteger(L, hit - s + 1);
    lua_pushinteger(L, (lua_Integer)(hit - s + lp));
    return 2;
}

/* string.find (find) and string.match (!find). */
static int find_or_match(lua_State *L, bool find)
{
    size_t ls, lp;
    const char *s = luaL_checklstring(L, 1, &ls);
    const char *p = luaL_checklstring(L, 2, &lp);
    size_t init = start_offset(luaL_optinteger(L, 3, 1), ls);
    if (init > ls) {
        luaL_pushfail(L);
        return 1;
    }
    if (find && (lua_toboolean(L, 4) || !has_specials(p, lp)))
        return plain_find(L, s, ls, p, lp, init);
    bool anchored = lp > 0 && *p == '^';
    if (anchored) {
        p++;
        lp--;
    }
    matcher m;
    start(&m, L, s, ls, p, lp);
    const char *from = s + init;
    do {
        restart(&m);
        const char *e = match(&m, from, p);
        if (e) {
            charge(&m);
            if (!find)
                return push_captures(&m, from, e);
            lua_pushinteger(L, from - s + 1);
            lua_pushinteger(L, e - s);
            return push_captures(&m, NULL, NULL) + 2;
        }
    } while (from++ < m.subject_end && !anchored);
    charge(&m);
    luaL_pushfail(L);
    return 1;
}

static int str_find(lua_State *L)
{
    return find_or_match(L, true);
}

static int str_match(lua_State *L)
{
    return find_or_match(L, false);
}

/* Where a gmatch iterator is: offsets into its subject, which an upvalue keeps alive. */
typedef struct gmatch_state {
    size_t from;        /* where the next search starts */
    ptrdiff_t last;     /* where the last match ended (-1: none): no empty match there */
} gmatch_state;

/* The iterator: upvalues budget, subject, pattern, state. */
static int gmatch_next(lua_State *L)
{
    size_t ls, lp;
    const char *s = lua_tolstring(L, lua_upvalueindex(2), &ls);
    const char *p = lua_tolstring(L, lua_upvalueindex(3), &lp);
    gmatch_state *g = lua_touserdata(L, lua_upvalueindex(4));
    matcher m;
    start(&m, L, s, ls, p, lp);
    for (size_t from = g->from; from <= ls; from++) {
        restart(&m);
        const char *e = match(&m, s + from, p);
        if (e && e - s != g->last) {
            g->from = (size_t)(e - s);
            g->last = e - s;
            charge(&m);
            return push_captures(&m, s + from, e);
        }
    }
    charge(&m);
    return 0;
}

/* gmatch(s, pattern [, init]); a leading '^' is an ordinary character here, as in Lua. */
static int str_gmatch(lua_State *L)
{
    size_t ls;
    luaL_checklstring(L, 1, &ls);
    luaL_checkstring(L, 2);
    size_t init = start_offset(luaL_optinteger(L, 3, 1), ls);
    lua_settop(L, 2);
    gmatch_state *g = lua_newuserdatauv(L, sizeof *g, 0);
    g->from = init > ls ? ls + 1 : init;
    g->last = -1;
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_pushcclosure(L, gmatch_next, 4);
    return 1;
}

/* Adds [text, text + len) to gsub's result: a step per byte, charged before the buffer grows. */
static void emit(matcher *m, luaL_Buffer *b, const char *text, size_t len)
{
    take(m, len);
    if (len > b->size - b->n)
        charge(m);   /* growing may fail for memory, and the work so far must count */
    luaL_addlstring(b, text, len);
}

/* Adds the value on top of the stack (a string or a number) to gsub's result. */
static void emit_value(matcher *m, luaL_Buffer *b)
{
    size_t len;
    lua_tolstring(m->L, -1, &len);
    take(m, len);
    charge(m);
    luaL_addvalue(b);
}

/* A replacement string for the match [s, e): %0-%9 and %% expanded. */
static void add_expansion(matcher *m, luaL_Buffer *b, const char *s, const char *e)
{
    size_t len;
    const char *r = lua_tolstring(m->L, 3, &len);
    const char *end = r + len;
    const char *esc;
    while ((esc = memchr(r, ESC, (size_t)(end - r))) != NULL) {
        emit(m, b, r, (size_t)(esc - r));
        char c = esc + 1 < end ? esc[1] : '\0';
        if (c == ESC) {
            emit(m, b, esc + 1, 1);
        } else if (c == '0') {
            emit(m, b, s, (size_t)(e - s));
        } else if (c >= '1' && c <= '9') {
            const char *text;
            ptrdiff_t n = get_capture(m, c - '1', s, e, &text);
            if (n == CAP_POSITION)
                emit_value(m, b);
            else
                emit(m, b, text, (size_t)n);
        } else {
            raise_error(m, "invalid use of '%c' in replacement string", ESC);
        }
        r = esc + 2;
    }
    emit(m, b, r, (size_t)(end - r));
}

/*
 * Adds the replacement of the match [s, e) to the result; returns whether it
 * differs from the match (a function or table that gives false or nil keeps it).
 */
static bool add_replacement(matcher *m, luaL_Buffer *b, const char *s, const char *e, int kind)
{
    lua_State *L = m->L;
    if (kind != LUA_TFUNCTION && kind != LUA_TTABLE) {
        add_expansion(m, b, s, e);
        return true;
    }
    charge(m);   /* Lua code runs next: it spends from the same budget */
    if (kind == LUA_TFUNCTION) {
        lua_pushvalue(L, 3);
        lua_call(L, push_captures(m, s, e), 1);
    } else {
        push_capture(m, 0, s, e);
        lua_gettable(L, 3);
    }
    m->limit = m->budget->left(L);
    if (!lua_toboolean(L, -1)) {
        lua_pop(L, 1);
        emit(m, b, s, (size_t)(e - s));
        return false;
    }
    if (!lua_isstring(L, -1))
        raise_error(m, "invalid replacement value (a %s)", luaL_typename(L, -1));
    emit_value(m, b);
    return true;
}

static int str_gsub(lua_State *L)
{
    size_t ls, lp;
    const char *s = luaL_checklstring(L, 1, &ls);
    const char *p = luaL_checklstring(L, 2, &lp);
    int kind = lua_type(L, 3);
    lua_Integer max = luaL_optinteger(L, 4, (lua_Integer)ls + 1);
    luaL_argexpected(L, kind == LUA_TNUMBER || kind == LUA_TSTRING || kind == LUA_TFUNCTION ||
                            kind == LUA_TTABLE,
                     3, "string/function/table");
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    bool anchored = lp > 0 && *p == '^';
    if (anchored) {
        p++;
        lp--;
    }
    matcher m;
    start(&m, L, s, ls, p, lp);
    const char *from = s, *last = NULL;
    lua_Integer n = 0;
    bool changed = false;
    while (n < max) {
        restart(&m);
        const char *e = match(&m, from, p);
        if (e && e != last) {   /* no empty match right after the previous match */
            n++;
            changed = add_replacement(&m, &b, from, e, kind) || changed;
            from = last = e;
        } else if (from < m.subject_end) {
            emit(&m, &b, from++, 1);
        } else {
            break;
        }
        if (anchored)
            break;
    }
    if (changed) {
        emit(&m, &b, from, (size_t)(m.subject_end - from));
        charge(&m);
        luaL_pushresult(&b);
    } else {
        charge(&m);
        lua_pushvalue(L, 1);   /* nothing replaced: the subject itself */
    }
    lua_pushinteger(L, n);
    return 2;
}

void nf_luapattern_install(lua_State *L, int idx, const nf_luapattern_budget *budget)
{
    static const luaL_Reg functions[] = {
        {"find", str_find}, {"match", str_match}, {"gmatch", str_gmatch}, {"gsub", str_gsub},
        {NULL, NULL},
    };
    idx = lua_absindex(L, idx);
    nf_luapattern_budget *copy = lua_newuserdatauv(L, sizeof *copy, 0);
    *copy = *budget;
    lua_pushvalue(L, idx);
    lua_insert(L, -2);
    luaL_setfuncs(L, functions, 1);
    lua_pop(L, 1);
}
