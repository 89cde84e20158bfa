-- score.lua — signals about how an article is sourced, and scores from them.
--
-- A signal is a name, a weight, a one-line reason and a test; a test returns
-- nil or false (no signal), true, or a count that multiplies the weight.

local function count(list, pred)
  local n = 0
  for _, item in ipairs(list) do
    if pred(item) then n = n + 1 end
  end
  return n
end

return {
  signals = {
    { name = "NAMED_SOURCE", weight = 1.0, why = "quotes attributed to a named speaker",
      test = function(a) return count(a.claims, function(c) return c.attributed and not c.hedged end) end },
    { name = "HEDGED_CLAIM", weight = -0.5, why = "claims the text itself hedges",
      test = function(a) return count(a.claims, function(c) return c.hedged end) end },
    { name = "CONTENT_FARM_FOOTER", weight = -2.0, why = "boilerplate of a content farm",
      test = function(a) return a.text:find("Source Article from", 1, true) ~= nil end },
  },
  scores = {
    sourcing = function(a)
      local total = 0
      for _, s in ipairs(a.signals) do total = total + s.weight end
      return 1 / (1 + math.exp(-total / 2))
    end,
  },
}
