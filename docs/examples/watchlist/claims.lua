-- claims.lua — one pattern: "<Someone> confirmed <something>".
return {
  patterns = {
    { id = "confirmed", kind = "quote",
      pattern = [[(?<speaker>(?:[A-Z][\w'-]+\s?){1,4}|A spokesman for [\w' ]+?)\s+(?<cue>confirmed)\s+(?:that\s+)?(?<content>.{10,})]] },
  },
  hedges = { "allegedly", "reportedly" },

  -- Keep only confirmations that carry a content of substance.
  on_match = function(a, c)
    c.words = select(2, c.text:gsub("%S+", ""))
    if c.words < 3 then return false end
  end,
}
