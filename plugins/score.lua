-- score.lua — how well an article is sourced, and how sensational it is.
--
-- Like a spam filter's symbols, every signal is a name, a weight, a
-- one-line `why` and a small test. The score stage counts in C what needs
-- reading the text word by word (docs/plugins.md, "score"); a test only
-- does arithmetic on `f`, the table of counts (f.words, f.sentences,
-- f.attribution = hits of the lexicon of that name, f.named, ...). A test
-- returns nil/false (no signal), true, or a number that multiplies the
-- weight; most here return a rate, so that long and short articles compare.
--
-- Two scores in 0..1, each computed from the total weight of its group of
-- signals only (`groups`; signals of any stage count: the boilerplate stage
-- adds CONTENT_FARM_FOOTER and PAGE_CHROME), so each is explained by the
-- signals listed in the output:
--   sourcing        who says so: attributed, named, verifiable statements
--   sensationalism  how loud: capitals, exclamation marks, loaded words
-- Sourcing never reads the title: headlines are written by others.

-- Tests avoid calling functions where an expression will do: a call costs more than the test.
local exp = math.exp

-- Weights of SITE_REPUTATION by the first label of a site in lists/sites.tsv.
local SITE_WEIGHT = {
  reliable = 1.5, political = -0.5, bias = -0.75, clickbait = -1.0, unreliable = -1.5,
  rumor = -1.5, state = -1.0, junksci = -2.0, hate = -2.0, conspiracy = -2.5, satire = -2.5,
  fake = -3.0,
}

-- An article earns its sourcing: with no signal at all it scores 0.27, not 0.5.
local SOURCING_PRIOR = -1.0

return {
  -- Counted in the body, whole words, any case: f.<name> is the number of
  -- hits, f.<name>_sentences the number of sentences with one.
  lexicons = {
    attribution = {
      "said", "says", "told", "according to", "stated", "added", "explained", "announced",
      "confirmed", "reported", "wrote", "testified", "spokesman", "spokeswoman", "spokesperson",
      "in a statement", "in an interview", "told reporters", "press release", "noted",
      "acknowledged", "declined to comment", "did not respond", "replied", "denied", "insisted",
      "argued", "estimated", "data from", "figures from", "a study", "survey",
    },
    anonymous = {
      "a source", "sources said", "sources say", "source said", "sources told", "sources close to",
      "familiar with the matter", "people familiar", "person familiar", "condition of anonymity",
      "asked not to be named", "declined to be named", "not authorized to speak", "an insider",
      "insiders", "some say", "many believe", "it is said", "whistleblower",
    },
    unverified = {
      "could not be verified", "could not be independently verified", "not be independently verified",
      "could not immediately be verified", "not possible to immediately verify", "unconfirmed",
      "unverified", "rumor", "rumors", "rumour", "rumours", "rumored", "rumoured", "allegedly",
      "purportedly", "supposedly", "it is believed", "is believed to", "are believed to",
    },
    loaded = {
      "shocking", "shocked", "bombshell", "explosive", "outrageous", "outrage", "insane",
      "unbelievable", "horrifying", "terrifying", "disgusting", "evil", "slams", "blasts", "destroys",
      "exposed", "exposes", "busted", "cover-up", "coverup", "lies", "liar", "lying", "traitor",
      "treason", "tyranny", "tyrannical", "globalist", "globalists", "elites", "deep state",
      "mainstream media", "msm", "sheeple", "propaganda", "puppet", "hoax", "scam", "satanic",
      "wake up", "mind control", "depopulation", "martial law", "new world order",
    },
    clickbait = {
      "you won't believe", "what happened next", "will blow your mind", "must see", "must watch",
      "must read", "here's why", "the truth about", "don't want you to know",
      "doesn't want you to know", "before it's deleted", "before it gets deleted",
      "you need to know", "wake up people",
    },
  },
  sourced_by = "attribution",     -- a figure is sourced when its sentence has one of these words
  sites = "lists/sites.tsv",

  -- The signals each score adds up (g.<group> in the scores below).
  groups = {
    sourcing = {
      "ATTRIBUTION", "ATTRIBUTED_CLAIMS", "NAMED_SOURCE", "NO_ATTRIBUTION", "UNATTRIBUTED_CLAIMS",
      "ANONYMOUS_SOURCE", "HEDGED_CLAIM", "UNVERIFIED_CLAIM", "UNSOURCED_NUMBER",
      "CONTENT_FARM_FOOTER", "PAGE_CHROME", "SITE_REPUTATION",
    },
    sensationalism = { "SHOUTING", "SHOUTING_HEADLINE", "EXCLAMATIONS", "LOADED_LANGUAGE", "CLICKBAIT" },
  },

  signals = {
    -- Sourcing: who says so.
    { name = "ATTRIBUTION", weight = 1.0,
      why = "sentences that say who said or reported it (said, according to, a statement)",
      test = function(a, f)
        local s = f.sentences
        if s == 0 then return false end
        local n = 3 * f.attribution_sentences / s
        return n < 1.5 and n or 1.5
      end },
    { name = "ATTRIBUTED_CLAIMS", weight = 0.75, why = "claims and quotations that carry their speaker",
      test = function(a, f)
        local s = f.sentences
        if s == 0 then return false end
        local n = 3 * f.attributed / s
        return n < 1.5 and n or 1.5
      end },
    { name = "NAMED_SOURCE", weight = 0.5, why = "statements attributed to a named person or organization",
      test = function(a, f)
        local s = f.sentences
        if s == 0 then return false end
        local n = 5 * f.named / s
        return n < 2 and n or 2
      end },
    { name = "NO_ATTRIBUTION", weight = -1.0, why = "a long text that never says who said or reported anything",
      test = function(a, f) return f.words >= 100 and f.attribution == 0 and f.attributed == 0 end },
    { name = "UNATTRIBUTED_CLAIMS", weight = -0.5, why = "the share of claims that have no speaker",
      test = function(a, f) return f.claims >= 3 and 1 - f.attributed / f.claims end },
    { name = "ANONYMOUS_SOURCE", weight = -0.3, why = "unnamed sources (a source said, people familiar with)",
      test = function(a, f) local n = f.anonymous return n < 3 and n or 3 end },
    { name = "HEDGED_CLAIM", weight = -0.15, why = "claims the text itself hedges (reportedly, claimed)",
      test = function(a, f) local n = f.hedged return n < 3 and n or 3 end },
    { name = "UNVERIFIED_CLAIM", weight = -0.2, why = "the text calls its claims unverified, rumoured or alleged",
      test = function(a, f) local n = f.unverified return n < 3 and n or 3 end },
    { name = "UNSOURCED_NUMBER", weight = -0.25, why = "figures in sentences that name no source",
      test = function(a, f) local n = f.unsourced_figures return n < 4 and n or 4 end },
    { name = "SITE_REPUTATION", weight = 1.0, why = "the site's label in lists/sites.tsv",
      test = function(a, f)
        if not f.site then return false end
        return SITE_WEIGHT[f.site:match("^[^,]+")] or 0, f.site_domain .. " is listed as " .. f.site
      end },

    -- Sensationalism: how loud.
    { name = "SHOUTING", weight = 0.5, why = "runs of three or more words in capitals",
      test = function(a, f) local n = f.caps_runs return n < 6 and n or 6 end },
    { name = "SHOUTING_HEADLINE", weight = 1.0, why = "the headline is mostly capitals",
      test = function(a, f) return f.title_letters >= 12 and f.title_capitals > 0.8 * f.title_letters end },
    { name = "EXCLAMATIONS", weight = 0.5, why = "exclamation marks per 100 words (runs like !! count double)",
      test = function(a, f)
        local w = f.words
        local n = 200 * (f.exclamations + f.exclamation_runs + f.title_exclamations) / (w > 50 and w or 50)
        return n < 6 and n or 6
      end },
    { name = "LOADED_LANGUAGE", weight = 0.5, why = "loaded words per 100 words (shocking, bombshell, deep state)",
      test = function(a, f)
        local w = f.words
        local n = 200 * f.loaded / (w > 50 and w or 50)
        return n < 6 and n or 6
      end },
    { name = "CLICKBAIT", weight = 1.0, why = "clickbait phrases (you won't believe, must watch, the truth about)",
      test = function(a, f) local n = f.clickbait return n < 3 and n or 3 end },
  },

  scores = {
    -- Logistic in the group's total weight.
    sourcing = function(a, g)
      return 1 / (1 + exp(-(SOURCING_PRIOR + g.sourcing)))
    end,
    -- 0 when calm, towards 1 as the loudness adds up (a total of 2.5 gives 0.63).
    sensationalism = function(a, g)
      local t = g.sensationalism
      return t > 0 and 1 - exp(-t / 2.5) or 0
    end,
  },
}
