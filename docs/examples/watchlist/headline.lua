-- headline.lua — a stage that is only a hook: it reads the title and adds a signal.
return {
  on_article = function(a)
    local letters, capitals = 0, 0
    for c in a.title:gmatch("%a") do
      letters = letters + 1
      if c:match("%u") then capitals = capitals + 1 end
    end
    if letters >= 12 and capitals / letters > 0.8 then
      a:signal("SHOUTING_HEADLINE", -1.0, "the headline is mostly capitals")
    end
  end,
}
