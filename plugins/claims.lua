-- claims.lua — what is claimed, by whom, and how it is hedged.
--
-- Patterns are PCRE2 regular expressions matched on each sentence of the
-- normalized text (straight quotes, "-" for dashes, single spaces). Named
-- groups become fields of the claim: `content` is the claim itself,
-- `speaker` who made it, `cue` the words that attribute it, `number` a
-- quantity. A pattern is tried only on sentences that hold one of its
-- `needs` (found for the whole article in one pass), so every pattern
-- names the words it cannot match without.
--
-- The patterns are general English attribution: reporting verbs with the
-- clause they report, quotations with their speaker before or after,
-- "according to", verbs of stance with their object, intentions ("vowed
-- to"). Casualty and quantity claims are numbers with what they count.

-- Word lists -------------------------------------------------------------

-- Reporting verbs that take a clause: "X said (that) ...". Each row is one
-- verb: base, third person, past, -ing.
local say_verbs = {
  { "say", "says", "said", "saying" }, { "add", "adds", "added", "adding" },
  { "note", "notes", "noted", "noting" }, { "argue", "argues", "argued", "arguing" },
  { "explain", "explains", "explained", "explaining" }, { "claim", "claims", "claimed", "claiming" },
  { "insist", "insists", "insisted", "insisting" }, { "warn", "warns", "warned", "warning" },
  { "state", "states", "stated", "stating" }, { "declare", "declares", "declared", "declaring" },
  { "announce", "announces", "announced", "announcing" }, { "report", "reports", "reported", "reporting" },
  { "write", "writes", "wrote", "writing" }, { "tweet", "tweets", "tweeted", "tweeting" },
  { "suggest", "suggests", "suggested", "suggesting" },
  { "acknowledge", "acknowledges", "acknowledged", "acknowledging" },
  { "admit", "admits", "admitted", "admitting" }, { "confirm", "confirms", "confirmed", "confirming" },
  { "deny", "denies", "denied", "denying" }, { "reply", "replies", "replied", "replying" },
  { "respond", "responds", "responded", "responding" }, { "recall", "recalls", "recalled", "recalling" },
  { "predict", "predicts", "predicted", "predicting" }, { "estimate", "estimates", "estimated", "estimating" },
  { "conclude", "concludes", "concluded", "concluding" }, { "observe", "observes", "observed", "observing" },
  { "remark", "remarks", "remarked", "remarking" }, { "testify", "testifies", "testified", "testifying" },
  { "concede", "concedes", "conceded", "conceding" }, { "contend", "contends", "contended", "contending" },
  { "maintain", "maintains", "maintained", "maintaining" }, { "assert", "asserts", "asserted", "asserting" },
  { "allege", "alleges", "alleged", "alleging" }, { "complain", "complains", "complained", "complaining" },
  { "caution", "cautions", "cautioned", "cautioning" }, { "emphasize", "emphasizes", "emphasized", "emphasizing" },
  { "emphasise", "emphasises", "emphasised", "emphasising" }, { "stress", "stresses", "stressed", "stressing" },
  { "reveal", "reveals", "revealed", "revealing" }, { "disclose", "discloses", "disclosed", "disclosing" },
  { "indicate", "indicates", "indicated", "indicating" }, { "boast", "boasts", "boasted", "boasting" },
  { "joke", "jokes", "joked", "joking" }, { "quip", "quips", "quipped", "quipping" },
  { "speculate", "speculates", "speculated", "speculating" }, { "counter", "counters", "countered", "countering" },
  { "retort", "retorts", "retorted", "retorting" }, { "reiterate", "reiterates", "reiterated", "reiterating" },
  { "repeat", "repeats", "repeated", "repeating" }, { "wonder", "wonders", "wondered", "wondering" },
  { "lament", "laments", "lamented", "lamenting" }, { "hint", "hints", "hinted", "hinting" },
  { "imply", "implies", "implied", "implying" }, { "signal", "signals", "signaled", "signaling" },
  { "mention", "mentions", "mentioned", "mentioning" }, { "proclaim", "proclaims", "proclaimed", "proclaiming" },
  { "believe", "believes", "believed", "believing" }, { "think", "thinks", "thought", "thinking" },
  { "know", "knows", "knew", "knowing" }, { "fear", "fears", "feared", "fearing" },
  { "hope", "hopes", "hoped", "hoping" }, { "expect", "expects", "expected", "expecting" },
  { "feel", "feels", "felt", "feeling" }, { "worry", "worries", "worried", "worrying" },
  { "find", "finds", "found", "finding" }, { "show", "shows", "showed", "showing" },
  { "doubt", "doubts", "doubted", "doubting" }, { "suspect", "suspects", "suspected", "suspecting" },
  { "recognize", "recognizes", "recognized", "recognizing" }, { "realize", "realizes", "realized", "realizing" },
  { "agree", "agrees", "agreed", "agreeing" }, { "promise", "promises", "promised", "promising" },
  { "vow", "vows", "vowed", "vowing" }, { "pledge", "pledges", "pledged", "pledging" },
  { "demand", "demands", "demanded", "demanding" }, { "propose", "proposes", "proposed", "proposing" },
  { "recommend", "recommends", "recommended", "recommending" }, { "ask", "asks", "asked", "asking" },
  { "question", "questions", "questioned", "questioning" }, { "charge", "charges", "charged", "charging" },
  { "continue", "continues", "continued", "continuing" }, { "shout", "shouts", "shouted", "shouting" },
  { "insist", "insists", "insisted", "insisting" }, { "predict", "predicts", "predicted", "predicting" },
  { "declare", "declares", "declared", "declaring" }, { "post", "posts", "posted", "posting" },
  { "point out", "points out", "pointed out", "pointing out" },
  { "make clear", "makes clear", "made clear", "making clear" },
}

-- Verbs whose listener comes first: "X told reporters (that) ...".
local tell_verbs = {
  { "tell", "tells", "told", "telling" }, { "assure", "assures", "assured", "assuring" },
  { "remind", "reminds", "reminded", "reminding" }, { "inform", "informs", "informed", "informing" },
  { "warn", "warns", "warned", "warning" }, { "advise", "advises", "advised", "advising" },
  { "convince", "convinces", "convinced", "convincing" },
}

-- Verbs of intention with an infinitive: "X vowed to ...".
local intend_verbs = {
  { "vow", "vows", "vowed", "vowing" }, { "pledge", "pledges", "pledged", "pledging" },
  { "promise", "promises", "promised", "promising" }, { "threaten", "threatens", "threatened", "threatening" },
  { "plan", "plans", "planned", "planning" }, { "want", "wants", "wanted", "wanting" },
  { "intend", "intends", "intended", "intending" }, { "hope", "hopes", "hoped", "hoping" },
  { "expect", "expects", "expected", "expecting" }, { "refuse", "refuses", "refused", "refusing" },
  { "decline", "declines", "declined", "declining" }, { "agree", "agrees", "agreed", "agreeing" },
  { "offer", "offers", "offered", "offering" }, { "seek", "seeks", "sought", "seeking" },
  { "vote", "votes", "voted", "voting" }, { "decide", "decides", "decided", "deciding" },
}

-- Verbs of stance whose object is what the speaker holds: "X criticized ...".
local stance_verbs = {
  { "call for", "calls for", "called for", "calling for" }, { "support", "supports", "supported", "supporting" },
  { "oppose", "opposes", "opposed", "opposing" }, { "endorse", "endorses", "endorsed", "endorsing" },
  { "criticize", "criticizes", "criticized", "criticizing" }, { "criticise", "criticises", "criticised", "criticising" },
  { "praise", "praises", "praised", "praising" }, { "blame", "blames", "blamed", "blaming" },
  { "accuse", "accuses", "accused", "accusing" }, { "condemn", "condemns", "condemned", "condemning" },
  { "denounce", "denounces", "denounced", "denouncing" }, { "reject", "rejects", "rejected", "rejecting" },
  { "defend", "defends", "defended", "defending" }, { "attack", "attacks", "attacked", "attacking" },
  { "slam", "slams", "slammed", "slamming" }, { "blast", "blasts", "blasted", "blasting" },
  { "dismiss", "dismisses", "dismissed", "dismissing" }, { "challenge", "challenges", "challenged", "challenging" },
  { "welcome", "welcomes", "welcomed", "welcoming" }, { "applaud", "applauds", "applauded", "applauding" },
  { "back", "backs", "backed", "backing" }, { "favor", "favors", "favored", "favoring" },
  { "decry", "decries", "decried", "decrying" }, { "mock", "mocks", "mocked", "mocking" },
  { "cite", "cites", "cited", "citing" }, { "describe", "describes", "described", "describing" },
  { "call", "calls", "called", "calling" }, { "urge", "urges", "urged", "urging" },
  { "tout", "touts", "touted", "touting" }, { "hail", "hails", "hailed", "hailing" },
  { "lambaste", "lambastes", "lambasted", "lambasting" }, { "ridicule", "ridicules", "ridiculed", "ridiculing" },
  { "thank", "thanks", "thanked", "thanking" }, { "discuss", "discusses", "discussed", "discussing" },
  { "address", "addresses", "addressed", "addressing" }, { "highlight", "highlights", "highlighted", "highlighting" },
  { "dispute", "disputes", "disputed", "disputing" }, { "contradict", "contradicts", "contradicted", "contradicting" },
  { "pan", "pans", "panned", "panning" }, { "commend", "commends", "commended", "commending" },
}

-- Verbs with a preposition whose object is what the speaker speaks of: "talked about ...".
local topic_verbs = {
  { "talk about", "talks about", "talked about", "talking about" },
  { "speak about", "speaks about", "spoke about", "speaking about" },
  { "speak of", "speaks of", "spoke of", "speaking of" },
  { "say of", "says of", "said of", "saying of" },
  { "refer to", "refers to", "referred to", "referring to" },
  { "point to", "points to", "pointed to", "pointing to" },
  { "respond to", "responds to", "responded to", "responding to" },
  { "comment on", "comments on", "commented on", "commenting on" },
  { "focus on", "focuses on", "focused on", "focusing on" },
  { "rail against", "rails against", "railed against", "railing against" },
  { "ask about", "asks about", "asked about", "asking about" },
  { "worry about", "worries about", "worried about", "worrying about" },
  { "complain about", "complains about", "complained about", "complaining about" },
  { "vote for", "votes for", "voted for", "voting for" },
  { "vote against", "votes against", "voted against", "voting against" },
  { "call on", "calls on", "called on", "calling on" },
  { "push for", "pushes for", "pushed for", "pushing for" },
  { "advocate for", "advocates for", "advocated for", "advocating for" },
  { "argue for", "argues for", "argued for", "arguing for" },
  { "argue against", "argues against", "argued against", "arguing against" },
  { "warn against", "warns against", "warned against", "warning against" },
  { "warn of", "warns of", "warned of", "warning of" },
  { "ask for", "asks for", "asked for", "asking for" },
  { "shoot back", "shoots back", "shot back", "shooting back" },
  { "fire back", "fires back", "fired back", "firing back" },
  { "push back on", "pushes back on", "pushed back on", "pushing back on" },
  { "weigh in on", "weighs in on", "weighed in on", "weighing in on" },
  { "chime in", "chimes in", "chimed in", "chiming in" },
  { "go on to say", "goes on to say", "went on to say", "going on to say" },
}

-- Nouns of stance and speech, after their holder: "his criticism of ...", "Trump's claim that ...".
local stance_nouns = { "criticism", "criticisms", "support", "opposition", "endorsement", "praise",
  "concern", "concerns", "condemnation", "attack", "attacks", "embrace", "rejection", "defense",
  "view", "views", "comments", "comment", "remarks", "remark", "claim", "claims", "statement",
  "questions", "doubts", "call", "calls", "demand", "demands", "warning", "warnings", "assertion",
  "argument", "suggestion", "insistence", "promise", "pledge", "belief", "allegation", "allegations",
  "accusation", "accusations", "charge", "contention", "prediction", "complaint", "complaints",
  "critique", "denial", "admission", "vow", "plea", "proposal", "plan", "position", "stance" }

-- Form 1 base, 2 third person, 3 past, 4 -ing.
local function forms(rows, which)
  local out = {}
  for _, row in ipairs(rows) do
    for _, i in ipairs(which) do out[#out + 1] = row[i] end
  end
  return out
end

local function concat(...)
  local out = {}
  for _, list in ipairs({ ... }) do
    for _, w in ipairs(list) do out[#out + 1] = w end
  end
  return out
end

-- A regex alternation of words, written as a trie ("sa(?:id|ys)") so that
-- PCRE2 tests a word in a few steps rather than one try per word. A space
-- in a word matches any white space.
local function escape(text)
  return (text:gsub("[%^%$%(%)%.%[%]%*%+%-%?%%|\\]", "\\%0"):gsub(" ", [[\s+]]))
end

local function alt(words)
  local seen, list = {}, {}
  for _, w in ipairs(words) do
    if not seen[w] then seen[w] = true; list[#list + 1] = w end
  end
  table.sort(list)
  -- list[lo..hi] (sorted) share their first d - 1 characters.
  local function emit(lo, hi, d)
    if lo == hi then return escape(list[lo]:sub(d)) end
    local parts, optional, i = {}, false, lo
    while i <= hi do
      if #list[i] < d then
        optional, i = true, i + 1
      else
        local c, j = list[i]:sub(d, d), i
        while j < hi and list[j + 1]:sub(d, d) == c do j = j + 1 end
        parts[#parts + 1] = escape(c) .. emit(i, j, d + 1)
        i = j + 1
      end
    end
    local body = table.concat(parts, "|")
    if optional then return "(?:" .. body .. ")?" end
    return #parts == 1 and body or "(?:" .. body .. ")"
  end
  return "(?:" .. emit(1, #list, 1) .. ")"
end

local ing_cues = concat(forms(say_verbs, { 4 }), forms(tell_verbs, { 4 }), forms(stance_verbs, { 4 }),
  forms(topic_verbs, { 4 }))

-- Regex pieces -------------------------------------------------------------

-- Where a clause starts: a noun phrase speaker ("the official", "they") must
-- stand there, so that "the previously announced plan" has no speaker.
local clause = [[(?:^|(?<=^")|(?<=[,;:"(] |'' | - | and | but | that | because | while | as ]]
  .. [[| when | if | since | after | before | so | where | although | though | or | yet ))]]
-- A capitalized word of a name ("McCain", "O'Malley", "U.S.", "Sen."), with
-- the lower-case particles names carry.
local cap = [[(?:[A-Z][\w'.-]*|de|van|von|der|al|bin|la|le|da|du|del)]]
-- Words that open sentences, not names.
local not_name = "(?!" .. alt({ "In", "On", "At", "But", "And", "As", "If", "When", "While", "After",
  "Before", "Since", "Although", "Though", "Because", "For", "From", "With", "Without", "During",
  "Despite", "Meanwhile", "However", "Still", "Yet", "So", "Then", "Now", "Also", "Even", "Asked",
  "Speaking", "Having", "Later", "Earlier", "Last", "This", "That", "These", "Those", "It", "There",
  "Here", "What", "Why", "How", "Where", "Who", "Instead", "Indeed", "Perhaps", "Thus", "Today",
  "Yesterday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "A", "An",
  "The", "Multiple", "Several", "Many", "Some", "Most", "Other", "Others", "All", "Both", "Few", "No",
  "Every", "Each", "Any", "Such", "More", "Those" }) .. [[(?:\s|$))]]
local name = [[(?=[A-Z])]] .. not_name .. [[(?:The\s+)?[A-Z][\w'.-]*(?:\s+]] .. cap
  .. [[){0,5}(?<!'s)(?<!s')(?:\s+\([^)]{1,24}\))?]]
-- "Trump's campaign", "the Pentagon's press secretary"
local possessive = [[(?:'s?\s+[a-z][\w-]*(?:\s+[a-z][\w-]*)?)?]]
-- A noun phrase with a determiner: "the British prime minister", "a senior official".
local det = "(?i:" .. alt({ "the", "a", "an", "one", "two", "three", "several", "many", "some", "other",
  "most", "his", "her", "their", "its", "our", "these", "those", "both", "all", "few", "each" }) .. ")"
local det_np = det .. [[(?:\s+[\w'.-]+){1,12}?(?<!ly)]]
-- People and bodies that speak in the plural, without a determiner: "Officials said".
local heads = { "poll", "study", "survey", "report", "official", "source", "expert", "aide",
  "analyst", "spokesman", "spokeswoman", "adviser", "lawyer", "judge", "court", "campaign",
  "officials", "analysts", "experts", "critics", "sources", "witnesses", "residents",
  "police", "authorities", "activists", "lawmakers", "legislators", "democrats", "republicans",
  "voters", "supporters", "opponents", "observers", "investigators", "prosecutors", "officers", "aides",
  "advisers", "advisors", "diplomats", "economists", "scientists", "researchers", "doctors", "people",
  "polls", "surveys", "studies", "reports", "data", "documents", "records", "statistics", "figures",
  "estimates", "leaders", "members", "staff", "allies", "insiders", "strategists" }
local plural_heads = [[(?:[\w'.-]+\s+){0,2}?(?i:]] .. alt(heads) .. [[)\b]]
-- Any plural noun phrase before a verb in its base form: "hacking specialists say".
local plural_np = [[(?:[\w'.-]+\s+){0,2}?[a-z]{3,}s]]
  .. [[(?=\s+(?:also\s+|now\s+|still\s+|often\s+)?[a-z]+\b(?<!s))]]
local pronoun = [[(?:[Hh]e|[Ss]he|[Tt]hey|[Ww]e|I|[Ii]t|[Yy]ou|[Mm]any|[Ss]ome|[Mm]ost|[Oo]thers]]
  .. [[|[Aa]nother|[Oo]ne|[Bb]oth|[Ff]ew|[Nn]one)]]

-- A share of people polled: "32 percent", "nine in 10", "at least 21,000".
local share = [[(?:(?:[Aa]t\s+least|[Aa]bout|[Nn]early|[Aa]lmost|[Mm]ore\s+than|[Oo]nly|[Jj]ust)\s+)?]]
  .. [[(?:\d[\d,.]*\s*(?:percent|%)?|[\w-]+\s+in\s+\w+|[\w-]+\s+percent|[\w-]+\s+(?:of|out\s+of)\s+\w+)]]
  .. [[(?:\s*\([^)]{1,40}\))?(?:\s+of\s+[^,"]{2,40}?)?]]
local speaker = "(?<speaker>" .. name .. possessive .. "|" .. clause .. "(?:" .. pronoun .. "|" .. det_np
  .. "|" .. plural_heads .. "|" .. share .. "|" .. plural_np .. [[)|(?<= )(?:who|which))]]
-- A speaker after the verb: "said the British prime minister", "said John Kerry, the ...".
-- (A determiner, but not a possessive: "said his evaluation …" is what is said.)
local det_after = alt({ "the", "a", "an", "one", "another", "two", "three", "several", "many", "some",
  "other", "most", "both", "all", "few", "each" })
-- No auxiliary or modal in it: after "said the" a clause is what is said ("said the project would
-- cost ..."), not who said it.
local not_clause = [[(?!(?:was|were|is|are|has|have|had|than|that|which|would|will|could|should|can|may|might|must|did|does|more|most)\s)]]
local speaker_after = [[(?<speaker>(?:]] .. det_after .. [[\s+]] .. not_clause .. [[[^,"\s]+(?:\s+]] .. not_clause
  .. [[[^,"\s]+){0,8}?]]
  .. [[|(?:]] .. not_clause .. [[[\w'.-]+\s+){0,7}?]]
  .. [[[A-Z][\w'.-]*(?:\s+\([^)]{1,24}\))?)(?:,\s+]] .. name .. [[(?=\s*[,.]|\s*$))?)(?=\s*[,.!?]|\s*$)]]
-- Between a speaker and the verb: an appositive or a relative clause ("Smith, a spokesman
-- for X,") and auxiliaries and adverbs ("has also", "later", "did not").
local apposition = [[(?:\s*,\s+[^"]{2,160},)?]]
local aux_words = { "at the time", "continued to", "continues to", "began to", "begins to",
  "went on to", "tried to", "wanted to", "had to", "has to", "have to", "used to", "refused to",
  "declined to", "was quick to", "were quick to", "seemed to", "seems to", "appeared to", "appears to",
  "has", "have", "had", "also", "later", "previously", "repeatedly", "then", "once", "often", "long",
  "already", "even", "never", "still", "earlier", "again", "first", "further", "would", "will", "could",
  "can", "should", "must", "may", "might", "did", "does", "do", "not", "n't", "just", "herself",
  "himself", "themselves", "itself", "now", "is", "was", "are", "were", "been", "being", "last week",
  "last month", "last year", "last night", "this week", "on Monday", "on Tuesday", "on Wednesday",
  "on Thursday", "on Friday", "on Saturday", "on Sunday", "Monday", "Tuesday", "Wednesday", "Thursday",
  "Friday", "Saturday", "Sunday" }
local aux = [[(?:\s+(?:]] .. alt(aux_words) .. [[|[a-z]+ly)\b)*]]
-- A verb in its base form only after what calls for one: "did not say", "they say",
-- "officials say" (a plural), "will tell"; elsewhere "state", "show", "question" are nouns.
local after_base = [[(?<=did |does |do |not |n't |will |would |could |can |may |might |should |must |to ]]
  .. [[|they |They |we |We |I |you |You |s |police |people |data |% |\d )]]
-- After the verb, before what is said: when, where, to whom, how.
local day = [[(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|yesterday|today|tonight]]
  .. [[|earlier|later|recently|(?:last|this|that)\s+]]
  .. [[(?:week|month|year|morning|afternoon|evening|night|weekend|spring|summer|fall|autumn|winter))]]
local setting = [[(?:\s+(?:on|in|at|during|after|before|from|to|with|via|over|last|this|earlier|later]]
  .. [[|late|again|repeatedly|publicly|privately|yesterday|today|tonight|Monday|Tuesday|Wednesday]]
  .. [[|Thursday|Friday|Saturday|Sunday|\w+ly)\b[^,";:]{0,60}?(?=\s+that\s)]]
  .. [[|(?:\s+(?:on\s+)?]] .. day .. [[|\s+in\s+(?:a|an|his|her|their|its|the)(?:\s+[\w'-]+){1,5}?(?=,))*+)]]
-- What follows a trailing attribution: "… , Trump said in a statement on Tuesday."
local tail = [[(?:\s+(?:on|in|at|of|about|for|during|after|before|from|with|without|via|while|as|when]]
  .. [[|last|this|earlier|later|late|recently|afterward|again|then|yesterday|today|tonight|Monday]]
  .. [[|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|reporters]]
  .. [[|to(?=\s+(?:the|a|an|his|her|their|reporters|him|them|us|me|[A-Z]))|\w+ly(?=\s*[.,!?]|\s*$))]]
  .. [[\b(?![^"]*\sthat\s)[^"]*]]
  .. [[|(?<=told|tells|telling|tell)\s+[^"]*]]
  .. [[|,\s+(?:\w+\s+)?(?:and|but|as|while|who|whose|which|before|after|when|because|though|although]]
  .. [[|even|according|\w+ing)\b[^"]*)?\s*[.!?]?\s*(?:$|(?="))]]
-- What is said: to the end of the sentence, or to the next attribution in it (", adding").
-- A new verb phrase of the same subject also ends it: ", and said", ", but agreed";
-- so does a new attribution: "… and another says …", or a participle: ", adding".
-- (The commonest verbs only: these are tried at every comma and space of what is said.)
local next_verbs = { "said", "says", "added", "adds", "told", "tells", "argued", "argues", "noted",
  "notes", "warned", "warns", "claimed", "claims", "insisted", "insists", "called", "calls", "urged",
  "urges", "accused", "criticized", "praised", "suggested", "suggests", "acknowledged", "denied",
  "agreed", "promised", "vowed", "asked", "asks", "wrote", "writes", "believes", "thinks", "thought" }
local next_vp = [[(?:and|but)\s+(?:also\s+|later\s+|then\s+|has\s+|have\s+|had\s+|\w+ly\s+){0,2}]]
  .. alt(next_verbs) .. [[\b]]
local next_speaker = [[(?:and|but|while|whereas)\s+(?:another|others|one|some|many|most|he|she|they|we|I]]
  .. [[|(?:the|other)\s+\w+|[A-Z][\w'.-]*(?:\s+[A-Z][\w'.-]*){0,3})\s+]] .. alt(next_verbs) .. [[\b]]
local next_clause = [[(?:and|but|while|although|though|whereas)\s+(?:he|she|they|it|we|I|there)\s]]
-- What is said runs to the end of the sentence or a ";", and stops at a comma
-- where a new attribution starts. Read possessively: no backtracking.
local stop = [[(?:,\s+(?:\w+ing\b|]] .. next_clause .. [[)|,?\s+(?:]] .. next_vp .. "|" .. next_speaker .. [[))]]
local said_char = [[(?:[^;, ]++|(?!]] .. stop .. [[)[, ])]]
local content = [[(?<content>(?!(?:\w+ing|of|during|while|\w+ly)\b)]] .. "[^\\s,.;:]" .. said_char .. [[*+)]]

-- What is said before its attribution: text up to a whole quotation ("“…,” she said";
-- '' is a quote mark too), or a clause without quotation marks up to its comma.
local quotation = [[(?:"|'')(?:(?!'')[^"])*(?:"|'')]]
local leading = [[(?<content>(?:(?:(?!'')[^"])|]] .. quotation .. [[)*?(?:]] .. quotation .. [['?|[,!?](?:"|'')?'?))]]

-- The verbs of a title-case headline, but those that are also plural nouns ("United States").
local headline_verbs = {}
local nouns = { states = true, reports = true, claims = true, calls = true, plans = true,
  questions = true, charges = true, remarks = true, signals = true, notes = true, posts = true,
  views = true, attacks = true, backs = true, comments = true, demands = true, fears = true,
  hopes = true, doubts = true, estimates = true, counters = true, tweets = true, addresses = true }
for _, w in ipairs(concat(forms(say_verbs, { 2, 3 }), forms(stance_verbs, { 2, 3 }),
                         forms(intend_verbs, { 2, 3 }))) do
  if not nouns[w] then headline_verbs[#headline_verbs + 1] = w end
end

-- A quantity and what it counts.
local qualifier = [[(?<qualifier>(?i:at least|more than|about|nearly|some|around|over|up to|almost))?\s*]]
local number_word = alt({ "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
  "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
  "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred", "thousand",
  "million", "dozen", "a", "dozens", "hundreds", "thousands", "scores" })
local number = [[(?<number>\d[\d,.]*(?:\s+(?:hundred|thousand|million))?|(?i:]] .. number_word
  .. [[)(?:[\s-]+(?i:]] .. number_word .. [[))*)(?:\s+of)?]]
local counted = [[(?<unit>people|persons|individuals|civilians|soldiers|fighters|children|militants|troops]]
  .. [[|police(?:men)?|officers|rebels|members)]]

-- An anchored pattern starts at one of its needs, so its cue need not list the verbs
-- again (long alternations make every pattern big and slow): any word there will do,
-- but a base form only after what calls for one ("they say", not "a say"; "the show").
local inflected = [[(?<=s|ed|ing|aid|old|ght|new|elt|ote|und|ade|ent|hot|oke|ept|ld)]]
local word_cue = [[(?:]] .. after_base .. [[\w+|\w+]] .. inflected .. [[)]]
local say = word_cue .. [[(?:\s+(?:out|clear))?]]
local tell = word_cue
-- The words a pattern needs: the verb's forms, but a base form only when it is
-- seldom a noun ("they say", but not "the state", "a report").
local base_needs = { say = true, tell = true, think = true, believe = true, know = true, argue = true,
  insist = true, expect = true, agree = true, suggest = true, predict = true, acknowledge = true,
  admit = true, deny = true, explain = true, add = true, warn = true, feel = true, want = true,
  worry = true, wonder = true, oppose = true, criticize = true, criticise = true, urge = true,
  intend = true, refuse = true, seek = true, ["talk about"] = true, ["speak about"] = true,
  ["refer to"] = true, ["point to"] = true, ["respond to"] = true, assure = true, show = true,
  support = true, call = true, hope = true, ask = true, mention = true, continue = true, report = true,
  blame = true, endorse = true, remind = true, inform = true, convince = true }
local function needs(rows)
  local out = forms(rows, { 2, 3, 4 })
  for _, row in ipairs(rows) do
    if base_needs[row[1]] then out[#out + 1] = row[1] end
  end
  return out
end
local say_needs = needs(say_verbs)
local tell_needs = needs(tell_verbs)

return {
  -- A pattern with `before` is anchored at its needs: `pattern` matches from
  -- the need (the cue) on, `before` the words that end right before it (the
  -- speaker). Others are tried on whole sentences.
  patterns = {
    -- "“A,” he said, “B.”": the quotation on both sides of the attribution.
    { id = "quote_split", kind = "quote", needs = say_needs,
      before = [[^"[^"]{2,}[,.!?-]"(?:\s+]] .. speaker .. [[)?]],
      pattern = [[(?=[^,"]{1,90},\s*")(?<cue>]] .. say .. [[)(?:\s+]] .. speaker_after
        .. [[)?\s*,\s*"[^"]+(?:"|$)]] },
    -- "“…,” said the British prime minister."
    { id = "quote_said_speaker", kind = "quote", needs = say_needs,
      before = "^" .. leading,
      pattern = [[(?=\S+\s+(?:[A-Z\d]|(?:]] .. det_after .. [[|former)\s))(?<cue>]] .. say .. [[)\s+]]
        .. speaker_after .. [[(?:,[^"]*)?\s*[.!?]?\s*(?:$|(?="))]] },
    -- "Whatever progress he has made, officials said, could be undone."
    { id = "parenthetical", kind = "quote", needs = say_needs,
      before = [[^[^,"]{3,}?,\s+]] .. speaker .. aux,
      pattern = [[(?=[^,"]{1,48},)(?<cue>]] .. say .. [[)(?:\s+[^,"]{1,40})?,\s+(?!\w+ing\b|"|'')[^;]*]] },
    -- "“…,” Trump said in a statement."  "The plan will fail, officials said."
    { id = "quote_speaker_said", kind = "quote", needs = concat(say_needs, tell_needs),
      before = "^" .. leading .. [[\s+]] .. speaker .. apposition .. aux,
      pattern = [[(?<cue>]] .. say .. [[)\b]] .. tail },
    -- "As Trump put it, …"
    { id = "as_said", kind = "quote", needs = { "as" },
      before = "^",
      pattern = [[As\s+]] .. speaker .. aux .. [[\s+(?<cue>]] .. alt({ "said", "says", "put it", "puts it",
        "noted", "notes", "wrote", "writes", "argued", "argues", "explained", "told", "reported",
        "reports" }) .. [[)(?:\s+[^,"]{1,60})?,\s+]] .. content },
    -- "A US defence official said: “…”"
    { id = "speaker_colon", kind = "quote", needs = say_needs,
      before = speaker .. apposition .. aux,
      pattern = [[(?<cue>]] .. say .. [[)(?:\s+[^:"]{1,60}?)?:\s*(?<content>.{8,})]] },
    -- "Trump said Tuesday that …"  "Officials say the plan …"
    { id = "speaker_said", kind = "quote", needs = say_needs,
      before = speaker .. apposition .. aux,
      pattern = [[(?<cue>]] .. say .. [[)\b]] .. setting .. [[(?:,(?=\s*(?:"|'')))?\s+(?:that\s+)?]]
        .. content },
    -- "Ms. Sherry smiled and said, …" — the subject of the sentence speaks.
    { id = "and_said", kind = "quote", needs = say_needs,
      before = [[^(?:[A-Z][\w']*(?:\s+[\w']+){0,3},\s+)?]] .. speaker
        .. [[\s.*?\s(?:and|but)(?:\s+(?:then|also|later))?]],
      pattern = [[(?<=and |but |then |also |later )(?<cue>]] .. say .. [[)\b]] .. setting
        .. [[,?\s+(?:that\s+)?]] .. content },
    -- "Sanders told a cheering crowd that …"
    { id = "speaker_told", kind = "quote", needs = tell_needs,
      before = speaker .. apposition .. aux,
      pattern = [[(?<cue>]] .. tell .. [[)\s+(?:[^,]{1,60}?\s+that\s+|[A-Z][\w.]*(?:\s+[A-Z][\w.]*)*,?\s+]]
        .. [[|reporters\s+|(?:him|her|them|us|me)\s+|[^,"]{1,60}?[,:]\s*(?="|''))]] .. content },
    -- "Sanders vowed to press on."
    { id = "speaker_intends", kind = "quote", needs = needs(intend_verbs),
      before = speaker .. apposition .. aux,
      pattern = [[(?<cue>]] .. word_cue .. [[)\s+(?<content>to\s+]] .. said_char .. [[*+)]] },
    -- "Clinton criticized the plan."
    { id = "speaker_stance", kind = "quote", needs = needs(stance_verbs),
      before = speaker .. apposition .. aux,
      pattern = [[(?<cue>]] .. word_cue .. [[(?:\s+for)?)\s+]] .. content },
    -- "Trump talked about the wall."  "She pointed to the polls."
    { id = "speaker_topic", kind = "quote", needs = needs(topic_verbs),
      before = speaker .. apposition .. aux,
      pattern = [[(?<cue>\w+\s+(?:on\s+to\s+say|back\s+on|in\s+on|about|of|to|on|against|for|back|in))]]
        .. [[\s+(?<content>[^,;]{2,}?)(?=\s*[.!?]?"?\s*$|,|;)]] },
    -- "Trump's claim that …"  "his criticism of the deal"
    { id = "stance_noun", kind = "quote", needs = stance_nouns,
      before = [[(?<speaker>\b(?:[Hh]is|[Hh]er|[Tt]heir|[Ii]ts|[Oo]ur|[Mm]y)|]] .. name
        .. [['s?)(?:\s+[a-z]+){0,2}]],
      pattern = [[(?J)(?<cue>\w+)\s+(?:(?:of|for|to|about|on|against)\s+(?<content>[^,;]{2,}?)]]
        .. [[(?=\s*[.!?]?"?\s*$|,|;)|that\s+]] .. content .. [[)]] },
    -- "…, saying (that) …" — the subject of the sentence speaks.
    { id = "saying", kind = "quote", needs = ing_cues,
      before = [[^(?:[A-Z]\w*(?:\s+\w+){0,3},\s+)?]] .. speaker .. [[\s+[^"]*?,]],
      pattern = [[(?<cue>\w+ing),?\s+(?:that\s+)?]] .. content },
    -- "Asked whether he would run, Smith said …": the question is a claim of its own.
    { id = "asked", kind = "quote", needs = { "asked" },
      pattern = [[^(?:When\s+|After\s+being\s+|Also\s+)?(?<cue>[Aa]sked)(?:\s+(?:by|on|in|at)\s+[^,]{2,60}?)?]]
        .. [[\s+(?<content>(?:whether|if|about|what|why|how|who|when|where|to|for|again)\b[^,;]*)]] },
    -- "According to officials, …"
    { id = "according_to_first", kind = "quote", needs = { "according to" },
      pattern = [[^(?<cue>[Aa]ccording\s+to)\s+(?<speaker>[^,]{2,150}?),\s+]] .. content },
    -- "The plan, according to X, will …": the sentence around it.
    { id = "according_to_inside", kind = "quote", needs = { "according to" },
      pattern = [[^(?=(?<content>.{10,}?)\s*[.!?]?"?\s*$).{10,}?,\s+(?<cue>according\s+to)]]
        .. [[\s+(?<speaker>[^,.;]{2,80}),\s+\w]] },
    -- "…, according to the report.": the clause before it.
    { id = "according_to", kind = "quote", needs = { "according to" },
      pattern = [[^(?:.*(?:,\s+(?:and|but|while|which)\s+|[;:(]\s*))?]]
        .. [[(?<content>(?:(?!,\s+(?:and|but|while|which)\s|[;:(]).){10,}?),?\s+(?<cue>according\s+to)]]
        .. [[\s+(?<speaker>[^,.;)]{2,80})]] },
    -- A headline in title case: "Chris Christie Says He Would Issue A Quarantine".
    { id = "headline", kind = "quote", needs = headline_verbs,
      before = [[(?<speaker>[A-Z][\w'.-]*(?:\s+(?:[A-Z][\w'.-]*|of|the|and|for|in|at|on|\d+)){0,6})]],
      pattern = [[(?<cue>[A-Z]\w+)\s+(?<content>[^;]+)]] },
    -- "Bernie Sanders: Of course Clinton is qualified" (a headline, a transcript), but not a
    -- label ("Published: …", "Photo: …").
    { id = "name_colon", kind = "quote", needs = { ":" },
      pattern = [[^(?!]] .. alt({ "Published", "Updated", "Posted", "Source", "Sources", "Photo", "Photos",
        "Image", "Images", "Video", "Related", "Read", "Note", "Update", "Editor", "Tags", "Tag",
        "Category", "Categories", "Share", "Comments", "Advertisement", "Credit", "Credits", "Via",
        "Filed", "Topics", "Keywords", "Date", "Contact", "Email", "Phone", "Follow", "Watch",
        "Listen", "Warning", "Breaking", "Exclusive", "Opinion", "Analysis", "Live" }) .. [[\b)]]
        .. [[(?<speaker>]] .. name .. [[(?:\s+(?:on|to)\s+]] .. name .. [[)?)(?<cue>:)\s+(?<content>["'A-Z].{10,})]] },

    -- Numbers: casualties and other quantities. "killed at least 24 people", "killing two
    -- soldiers", "more than 2,000 civilians were killed".
    { id = "killed_number", kind = "number", needs = { "killed", "killing", "kills", "identified",
        "wounded", "injured" },
      pattern = [[(?<content>(?<cue>killed|killing|kills|identified|wounded|injured)\s+]] .. qualifier
        .. number .. [[\s+]] .. counted .. [[(?:\s+(?:killed|dead))?)]] },
    { id = "number_killed", kind = "number", needs = { "killed", "dead", "died", "wounded", "injured" },
      pattern = [[(?<content>]] .. qualifier .. [[(?<!\w)]] .. number .. [[\s+]] .. counted
        .. [[(?:\s+(?:were|have\s+been|had\s+been|are|was))?\s+(?<cue>killed|dead|died|wounded|injured))]] },
  },

  hedges = {
    "allegedly", "reportedly", "claimed", "claims", "purportedly", "apparently",
    "unconfirmed", "unverified", "it is believed", "it was believed",
    "a source said", "sources said", "a source told", "sources told", "a security source",
    "according to sources", "a source close to", "sources close to",
    "on condition of anonymity", "who asked not to be named", "who declined to be named",
    "speaking anonymously", "not authorized to speak", "people familiar with",
    "rumored", "rumoured", "is said to", "are said to", "was said to", "were said to",
  },
  hedges_back = {
    "could not be verified", "could not be independently verified", "could not independently verify",
    "not possible to immediately verify", "not possible to verify", "not possible to independently verify",
    "unable to verify", "unable to independently verify", "cannot be verified", "can not be verified",
    "has not been verified", "have not been verified", "could not be confirmed",
    "could not immediately be confirmed", "could not be independently confirmed",
    "these claims", "those claims", "the claims could not",
  },
  pronouns = { "he", "she" },

  -- Check-worthy statements: every sentence gets the logistic of bias + the
  -- weights of the cue groups it holds (each once) + its shape; those at
  -- threshold or above become `factual` claims with that score. The groups
  -- are general English; the weights were fitted on CLEF 2019 debate
  -- transcripts (scripts/eval_clef.py) and rounded.
  factual = {
    bias = -2.0, threshold = 0.4,
    digits = 0.85,                   -- a number written in digits
    question = -0.8,                 -- it asks
    min_words = 8, short = -0.75,    -- shorter sentences seldom state a fact
    cues = {
      { weight = 0.9, -- quantities
        "million", "billion", "trillion", "percent", "per cent", "%", "$", "dollars", "half",
        "double", "doubled", "tripled", "number", "numbers", "rate", "rates", "average", "times" },
      { weight = 0.85, -- money and work
        "jobs", "job", "income", "incomes", "tax", "taxes", "wages", "wage", "paid", "pay", "cost",
        "costs", "workers", "trade", "deficit", "debt", "economy", "unemployment", "spending", "spent",
        "budget", "price", "prices", "manufacturing", "businesses", "salary", "poverty" },
      { weight = 0.7, -- what changed, what was done
        "lost", "cut", "cuts", "rose", "fell", "grew", "increased", "decreased", "dropped", "raised",
        "gained", "created", "killed", "supported", "opposed", "voted", "signed", "passed", "approved",
        "invaded", "declined", "soared", "fired", "closed", "built" },
      { weight = 0.5, -- comparison and record
        "highest", "lowest", "largest", "smallest", "fewer", "more than", "less than", "most", "least",
        "record", "since", "ago", "over the last", "in the last", "for the first time", "ever", "only" },
      { weight = 0.6, -- public affairs
        "health care", "insurance", "obamacare", "medicare", "medicaid", "energy", "oil", "coal",
        "nuclear", "crime", "guns", "gun", "immigrants", "immigration", "border", "military", "war",
        "troops", "nato", "china", "mexico", "iran", "isis", "deal", "plan", "bill", "law", "laws",
        "emissions", "refugees", "police", "murders", "terrorists", "veterans" },
      { weight = -0.8, -- intentions and opinions
        "i want", "i will", "i'll", "i think", "let me", "we will", "we'll", "we're going to",
        "i'm going to", "going to", "should", "must", "i hope", "i love", "hopefully", "i believe",
        "we need to" },
      { weight = -0.75, -- courtesies and stage directions
        "thank you", "thanks", "applause", "laughter", "good evening", "good morning", "welcome",
        "congratulations", "god bless", "ladies and gentlemen", "crosstalk", "okay", "ok", "wonderful",
        "great", "amazing", "beautiful", "folks" },
    },
  },
}
