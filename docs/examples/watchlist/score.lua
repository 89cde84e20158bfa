-- score.lua — one signal and one score.
return {
  signals = {
    { name = "CONFIRMED", weight = 1.0, why = "a confirmation by a named speaker",
      test = function(a)
        local n = 0
        for _, c in ipairs(a.claims) do
          if c.rule == "confirmed" then n = n + 1 end
        end
        return n
      end },
  },
  scores = {
    confidence = function(a)
      local total = 0
      for _, s in ipairs(a.signals) do total = total + s.weight end
      return math.max(0, math.min(1, 0.5 + total / 10))
    end,
  },
}
