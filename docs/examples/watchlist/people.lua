-- people.lua — a newsroom's watch list: the people it follows, with the
-- spellings it has seen. Lists of thousands go in a .tsv file instead.
return {
  entities = {
    { name = "Jens Stoltenberg", type = "PERSON", aliases = { "Stoltenberg" } },
    { name = "Sergei Shoygu", type = "PERSON", aliases = { "Shoygu", "Shoigu", "Sergei Shoigu" } },
    { name = "Jean-Yves Le Drian", type = "PERSON", aliases = { "Le Drian" } },
  },
  lists = { { file = "ministries.tsv", type = "ORG" } },

  -- Drop a match the list cannot tell apart: "Le Drian" alone is fine,
  -- but not inside "Le Drian Street".
  on_match = function(a, m)
    if a:sub(m.stop, m.stop + 7) == " Street" then return false end
  end,
}
