# test_rule_errors.sh — Lua rules that fail: the article gets an error with the stage,
# the plugin file as written in the config, the line and the message; the other stages
# and the other articles go on; runaway and greedy rules are stopped, runaway patterns
# too, while ordinary patterns give what Lua's own give; the sandbox refuses the outside
# world and state kept between articles. Exit 1, never a crash.
source "$E2E/lib.sh"

copy_pipeline
mkdir articles
cp "$REPO"/examples/*.txt articles/
printf 'TRIGGER: Putin in Syria\n\nVladimir Putin said Russia would strike Islamic State in Syria.\n' \
    > articles/002_5_trigger.txt
n_articles=6

# A config whose stage `hook` (type lua, plugins/NAME.lua) runs before entities, claims and score.
make_conf() {
    cat > "$1.conf" <<EOF
[pipeline]
stages = normalize, sentences, hook, entities, claims, score
instruction_limit = 1000000
lua_memory_limit = 16M
${2:-}

[sentences]
rules = plugins/sentences.lua

[entities]
rules = plugins/entities.lua

[claims]
rules = plugins/claims.lua

[score]
rules = plugins/score.lua

[hook]
type = lua
rules = plugins/$1.lua
EOF
}

# line_of FILE MARKER: the line of FILE that holds MARKER.
line_of() { grep -n -- "$2" "$1" | head -1 | cut -d: -f1; }

# run_hook NAME: runs the pipeline with plugins/NAME.lua over the articles into NAME.jsonl;
# asserts exit 1, one result per article, the contract, that only the trigger article has
# errors, and that the stages after the hook ran for every article.
run_hook() {
    make_conf "$1" "${2:-}"
    local start=$SECONDS
    expect_exit 1 nf run -w 2 -c "$1.conf" articles
    cp "$OUT" "$1.jsonl"
    cp "$ERR" "$1.err"
    assert_eq "$n_articles" "$(wc -l < "$1.jsonl")" "results"
    expect_exit 0 check_output "$1.jsonl"
    assert_eq "002_5_trigger" "$(jq_lines "$1.jsonl" 'r["id"] if r["errors"] else None' | grep -v '^null$')" \
        "the only article with errors"
    assert_eq "[]" "$(jq_lines "$1.jsonl" '[len(r["entities"]) for r in [r] if not r["entities"]]' | sort -u)" \
        "articles without entities (every stage after the hook ran)"
    assert_eq "true" "$(jq_lines "$1.jsonl" '"sourcing" in r["scores"]' | sort -u)" "every article has its score"
    echo "   ($1 took $((SECONDS - start))s)"
}

# trigger_error NAME: the trigger article's errors, as "stage code file line message".
trigger_error() {
    jq_lines "$1.jsonl" '"\n".join("%s %s %s %s %s" % (e["stage"], e["code"], e["file"], e["line"], e["message"]) for e in r["errors"]) if r["id"] == "002_5_trigger" else None' | grep -v '^null$'
}

check "a hook that raises an error"
cat > plugins/boom.lua <<'EOF'
-- on_article raises an error for the trigger article only.
local function check_title(a)
  if a.title:find("TRIGGER", 1, true) then
    error("kaboom in " .. a.id)   -- ERROR HERE
  end
end

return {
  on_article = function(a)
    check_title(a)
  end,
}
EOF
run_hook boom
assert_eq "hook elua plugins/boom.lua $(line_of plugins/boom.lua 'ERROR HERE') kaboom in 002_5_trigger" \
    "$(trigger_error boom)" "the error (stage code file line message)"
assert_eq 1 "$(jq_lines boom.jsonl 'r["id"]=="002_5_trigger" and len(r["entities"]) > 2 and len(r["sentences"]) > 0' | grep -c true)" \
    "the trigger article still has its sentences and entities"

check "a hook that raises a non-string error"
printf 'return {\n  on_article = function(a)\n    if a.title:find("TRIGGER") then error({code = 42}) end\n  end,\n}\n' > plugins/table_error.lua
run_hook table_error
assert_match "$(trigger_error table_error)" '^hook elua plugins/table_error.lua 3 .*table' "the error"

check "an infinite loop is stopped by the instruction budget"
cat > plugins/loop.lua <<'EOF'
return {
  on_article = function(a)
    local n = 0
    while a.title:find("TRIGGER") do   -- LOOP HERE
      n = n + 1
    end
  end,
}
EOF
start=$SECONDS
run_hook loop
[ $((SECONDS - start)) -le 30 ] && pass "the run ended promptly" || fail "the run took $((SECONDS - start))s"
assert_match "$(trigger_error loop)" "^hook ebudget plugins/loop.lua [45] " "the error (stage code file line)"
assert_contains "$(trigger_error loop)" "budget"

check "a loop that swallows the budget error with pcall is still stopped"
cat > plugins/pcall_loop.lua <<'EOF'
return {
  on_article = function(a)
    if not a.title:find("TRIGGER") then return end
    while true do
      pcall(function() while true do end end)   -- PCALL HERE
    end
  end,
}
EOF
run_hook pcall_loop
assert_match "$(trigger_error pcall_loop)" "^hook ebudget plugins/pcall_loop.lua [0-9]+ " "the error"

check "a hook that allocates without end hits the memory limit"
cat > plugins/mem.lua <<'EOF'
return {
  on_article = function(a)
    if not a.title:find("TRIGGER") then return end
    local t = {}
    for i = 1, math.huge do
      t[i] = string.rep("x", 1000) .. i    -- ALLOC HERE
    end
  end,
}
EOF
run_hook mem
assert_match "$(trigger_error mem)" "^hook enomem plugins/mem.lua " "the error (stage code file)"
assert_contains "$(trigger_error mem)" "memory"

check "one huge string hits the memory limit"
printf 'return {\n  on_article = function(a)\n    if a.title:find("TRIGGER") then return string.rep("x", 1 << 40) end\n  end,\n}\n' > plugins/bigrep.lua
run_hook bigrep
assert_match "$(trigger_error bigrep)" "^hook (enomem|elua) plugins/bigrep.lua " "the error"

check "os.execute, io and require are not there"
rm -f pwned
cat > plugins/exec.lua <<EOF
return {
  on_article = function(a)
    if a.title:find("TRIGGER") then
      os.execute("touch $PWD/pwned")   -- EXEC HERE
    end
  end,
}
EOF
run_hook exec
assert_eq "hook elua plugins/exec.lua $(line_of plugins/exec.lua 'EXEC HERE')" \
    "$(trigger_error exec | cut -d' ' -f1-4)" "the error (stage code file line)"
assert_contains "$(trigger_error exec)" "execute"
[ -e pwned ] && fail "os.execute ran a command"
for call in 'io.open("/etc/passwd")=io' 'require("os")=require' 'dofile("/etc/passwd")=dofile' \
            'debug.getinfo(1)=debug' 'loadfile("/etc/passwd")=loadfile' 'string.dump(print)=dump' \
            'assert(load(string.char(27) .. "LuaT"))=binary' 'collectgarbage()=collectgarbage' \
            'getmetatable("").__index.x = 1=boolean'; do
    name=${call##*=}
    call=${call%=*}
    printf 'return {\n  on_article = function(a)\n    if a.title:find("TRIGGER") then\n      %s\n    end\n  end,\n}\n' \
        "$call" > plugins/outside.lua
    run_hook outside > outside.log
    grep '^FAIL' outside.log
    assert_match "$(trigger_error outside)" "^hook elua plugins/outside.lua 4 .*$name" "error for $call"
done

check "a hook that keeps state in a global"
cat > plugins/glob.lua <<'EOF'
return {
  on_article = function(a)
    if a.title:find("TRIGGER") then
      counter = (counter or 0) + 1   -- GLOBAL HERE
    end
  end,
}
EOF
run_hook glob
assert_eq "hook elua plugins/glob.lua $(line_of plugins/glob.lua 'GLOBAL HERE')" \
    "$(trigger_error glob | cut -d' ' -f1-4)" "the error (stage code file line)"
assert_contains "$(trigger_error glob)" "assignment to 'counter'"

check "an error in an entities on_match hook names the entities plugin"
cp plugins/entities.lua plugins/entities_hook.lua
python3 - <<'EOF'
p = "plugins/entities_hook.lua"
s = open(p).read()
s = s.replace("return {\n", 'return {\n  on_match = function(a, m)\n    if a.title:find("TRIGGER") and m.name == "Syria" then error("no Syria") end\n  end,\n', 1)
open(p, "w").write(s)
EOF
sed 's#^rules = plugins/entities.lua#rules = plugins/entities_hook.lua#' pipeline.conf > on_match.conf
expect_exit 1 nf run -c on_match.conf articles
cp "$OUT" on_match.jsonl
expect_exit 0 check_output on_match.jsonl
assert_contains "$(jq_lines on_match.jsonl 'r["errors"][0]["stage"] + " " + r["errors"][0]["code"] + " " + r["errors"][0]["file"] + ":" + str(r["errors"][0]["line"]) if r["errors"] else None' | grep -v '^null$' | sort -u)" \
    "entities elua plugins/entities_hook.lua:$(line_of plugins/entities_hook.lua 'no Syria')" "the error"

check "a rule's state does not leak between articles through rawset(_ENV, ...)"
cat > plugins/rawset.lua <<'EOF'
return {
  on_article = function(a)
    rawset(_ENV, "seen", (rawget(_ENV, "seen") or 0) + 1)
    a:score("seen", seen)
  end,
}
EOF
make_conf rawset
nf run -w 1 -c rawset.conf articles > rawset.jsonl
# Each article must either get an error or see a fresh environment (seen = 1).
assert_eq "ok" "$(jq_lines rawset.jsonl '"ok" if r["errors"] or r["scores"].get("seen") == 1 else "seen=%s" % r["scores"].get("seen")' | sort -u | paste -sd' ')" \
    "state seen by each article"

check "a rule's state does not leak between articles through a library table"
printf 'return {\n  on_article = function(a)\n    string.seen = (string.seen or 0) + 1\n    a:score("seen", string.seen)\n  end,\n}\n' > plugins/libstate.lua
make_conf libstate
nf run -w 1 -c libstate.conf articles > libstate.jsonl
assert_eq "ok" "$(jq_lines libstate.jsonl '"ok" if r["errors"] or r["scores"].get("seen") == 1 else "seen=%s" % r["scores"].get("seen")' | sort -u | paste -sd' ')" \
    "state seen by each article"

check "annotations a rule adds keep the contract's types"
cat > plugins/badtypes.lua <<'EOF'
return {
  on_article = function(a)
    if a.title:find("TRIGGER") then
      a:add_entity(0, 7, "WEAPON")
      a:add_claim("quote", 0, 7, { speaker = 5, cue = true, hedged = "yes", attributed = 1 })
    end
  end,
}
EOF
make_conf badtypes
nf run -c badtypes.conf articles > badtypes.jsonl
# Either the values are refused (an error in the article) or the output keeps the contract.
expect_exit 0 check_output badtypes.jsonl

check "a runaway pattern (backtracking inside C) is stopped by the budget"
cat > plugins/backtrack.lua <<'EOF'
return {
  on_article = function(a)
    if a.title:find("TRIGGER") then
      string.find(string.rep("a", 3000), string.rep("a*", 12) .. "b")   -- BACKTRACK HERE
    end
  end,
}
EOF
start=$SECONDS
run_hook backtrack
[ $((SECONDS - start)) -le 20 ] && pass "the run ended promptly" || fail "the run took $((SECONDS - start))s"
assert_eq "hook ebudget plugins/backtrack.lua $(line_of plugins/backtrack.lua 'BACKTRACK HERE')" \
    "$(trigger_error backtrack | cut -d' ' -f1-4)" "the error (stage code file line)"
assert_contains "$(trigger_error backtrack)" "budget"

check "a runaway pattern as a string method, under pcall, is still stopped"
cat > plugins/backtrack_pcall.lua <<'EOF'
return {
  on_article = function(a)
    if not a.title:find("TRIGGER") then return end
    local s = ("a"):rep(3000)
    for i = 1, 10 do
      pcall(s.gsub, s, ("a*"):rep(12) .. "b", "")   -- PCALL HERE
    end
  end,
}
EOF
start=$SECONDS
run_hook backtrack_pcall
[ $((SECONDS - start)) -le 20 ] && pass "the run ended promptly" || fail "the run took $((SECONDS - start))s"
assert_eq "hook ebudget plugins/backtrack_pcall.lua $(line_of plugins/backtrack_pcall.lua 'PCALL HERE')" \
    "$(trigger_error backtrack_pcall | cut -d' ' -f1-4)" "the error (stage code file line)"

check "ordinary patterns give what Lua's own pattern functions give"
# digest.lua runs as a rule (the sandbox's bounded functions) and, when lua5.4 is
# installed, under Lua itself on the same files: every article's digest must be the same.
cat > digest.lua <<'EOF'
-- digest(text): what ordinary patterns find in a text, as one line of numbers.
local function digest(text)
  local out = {}
  local function add(...) for _, v in ipairs({...}) do out[#out + 1] = tostring(v) end end
  local words, letters = 0, 0
  for w in text:gmatch("%a+") do words, letters = words + 1, letters + #w end
  add(words, letters)
  local swapped, n = text:gsub("(%w+)(%s+)(%w+)", "%3%2%1")
  add(n, #swapped, swapped:sub(1, 20):gsub("%W", "."))
  local parens, inside = 0, 0
  for b in text:gmatch("%b()") do parens, inside = parens + 1, inside + #b end
  add(parens, inside)
  local capitals = select(2, text:gsub("%f[%a]%u%l+", ""))
  local sentences = 0
  for s, stop in text:gmatch("()[^%.!?]+[%.!?]()") do sentences = sentences + stop - s end
  add(capitals, sentences)
  local trimmed = text:gsub("^%s+", ""):gsub("%s+$", "")
  add(#trimmed, text:find("the", 1, true) or 0, text:find("%d+") or 0)
  local number, word = text:match("(%d+)%s+(%a+)")
  add(number or "-", word or "-")
  local lengths = text:gsub("%a+", function(w) return #w > 6 and "L" or false end)
  local vowels = text:gsub("[aeiou]", {a = "1", e = "2", o = false})
  add(#lengths, #vowels, select(2, text:gsub("%s+", " ", 50)))
  local said = 0
  for _ in text:gmatch("%f[%w]said%f[%W]") do said = said + 1 end
  add(said, text:match("^(.-)\n") and #text:match("^(.-)\n") or 0)
  return table.concat(out, " ")
end
EOF
{ cat digest.lua; printf 'return {\n  on_article = function(a) a:signal("PATTERNS", 0, digest(a.text)) end,\n}\n'; } \
    > plugins/patterns.lua
make_conf patterns
expect_exit 0 nf run -c patterns.conf articles
jq_lines "$OUT" '"%s %s" % (r["id"], [s["why"] for s in r["signals"] if s["name"] == "PATTERNS"][0])' \
    | sort > patterns.rule
assert_eq "$n_articles" "$(grep -c '^[^ ]* [0-9]' patterns.rule)" "articles with a digest"
if command -v lua5.4 > /dev/null; then
    { cat digest.lua
      echo 'for _, f in ipairs(arg) do'
      echo '  local h = assert(io.open(f, "rb"))'
      echo '  io.write(f:match("([^/]*)%.txt$"), " ", digest(h:read("a")), "\n")'
      echo '  h:close()'
      echo 'end'; } > digest_lua.lua
    lua5.4 digest_lua.lua articles/*.txt | sort > patterns.lua_own
    assert_eq "$(cat patterns.lua_own)" "$(cat patterns.rule)" "the digests (Lua's own, then the rule's)"
else
    echo "   (lua5.4 is not installed: the digests are not compared with Lua's own)"
fi

done_testing
