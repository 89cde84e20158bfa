-- score.lua — the boilerplate stage and the score stage's signals on real text.
--
-- Most texts are sentences of the corpora in ../shared/corpus (FNC-1 news
-- bodies, FakeNewsCorpus pages), copied here so that the tests run without
-- them; the rest are made up to pin one rule each.
return {
  -- Content-farm footer: flagged, and kept out of entities and claims.
  { name = "seed 001: the content farm's footer is a signal and no entity or claim",
    file = "examples/001_2a89244be4c5f614.txt",
    signals = { "CONTENT_FARM_FOOTER" },
    excluded = { "Source Article from http://yournewswire.com/", "Related posts:", "Views: 0" },
    no_entities = { "yournewswire", "yournewswire.com" },
    no_claims = { { text = "yournewswire" }, { text = "Related posts" }, { text = "Views: 0" } } },
  { name = "seed 001: a line that only says Advertisement is page furniture",
    file = "examples/001_2a89244be4c5f614.txt",
    signals = { "PAGE_CHROME" }, excluded = { "Advertisement" },
    no_claims = { { text = "Advertisement" } } },
  { name = "seed 000: comment prompts are page furniture, not a content farm's footer",
    file = "examples/000_9e67022e0d172f8c.txt",
    excluded = { "Leave a Comment", "You must be logged in to post a comment." },
    signals = { "PAGE_CHROME" }, no_signals = { "CONTENT_FARM_FOOTER" } },

  -- Boilerplate lines of real pages (FNC-1, FakeNewsCorpus), and sentences that only look like them.
  { name = "FNC-1: a reprint credit is excluded with its names, and is no sign of a bad page",
    text = "Britain's Prince Harry will visit the United States next month, his office said.\n" ..
           "(Reporting by Michael Holden; editing by Andrew Hay)\n" ..
           "This article originally appeared at Reuters. Copyright 2014. Follow Reuters on Twitter.",
    excluded = { "Copyright 2014" }, no_signals = { "PAGE_CHROME" },
    no_entities = { "Reuters" } },
  { name = "FNC-1: copyright lines are page furniture",
    text = "The rescue took four hours, police said.\n" ..
           "© 2014 CBS Interactive Inc. All Rights Reserved. This material may not be published, broadcast, " ..
           "rewritten, or redistributed. The Associated Press contributed to this report.\n" ..
           "Republished with permission from Bill Marler and Marler Clark. Copyright (c) Marler Clark LLP, PS. " ..
           "All rights reserved.",
    excluded = { "© 2014 CBS Interactive", "Marler Clark LLP" }, signals = { "PAGE_CHROME" },
    no_entities = { "CBS Interactive", "Associated Press" } },
  { name = "share buttons and a subscribe line are excluded",
    text = "The senator said the bill would pass.\n" ..
           "Like Us On Facebook |   Follow Us On Twitter |   Contact The Author\n" ..
           "Subscribe to Canada Free Press for FREE\nFacebook\nTwitter",
    excluded = { "Like Us On Facebook", "Subscribe to Canada Free Press", "Facebook", "Twitter" },
    no_entities = { "Canada Free Press", "Canada" } },
  { name = "a call to share the page is furniture, not clickbait",
    text = "These People Are A Danger To Themselves And Others! Wake Up!!!!!!\n" ..
           "Spread the word! LIKE and SHARE this article or leave a comment to help direct attention to the stories that matter.",
    excluded = { "Spread the word!" }, no_signals = { "CLICKBAIT" } },
  { name = "sentences that start like furniture are article text",
    text = "Share prices fell 3% in Tokyo on Monday, traders said.\n" ..
           "Views of the harbour drew crowds to Sydney.\n" ..
           "Follow the money, the prosecutor told the jury in Boston.",
    no_signals = { "PAGE_CHROME", "CONTENT_FARM_FOOTER" },
    entities = { { text = "Tokyo" }, { text = "Sydney" }, { text = "Boston" } } },

  -- Sourcing: who says so.
  { name = "FNC-1: a report that names its sources is well sourced",
    text = "A small meteorite crashed into a wooded area in Nicaragua's capital of Managua overnight, " ..
           "the government said Sunday. Residents reported hearing a mysterious boom that left a 16-foot deep " ..
           "crater near the city's airport, the Associated Press reports.\n" ..
           "Government spokeswoman Rosario Murillo said a committee formed by the government to study the " ..
           "event determined it was a \"relatively small\" meteorite that \"appears to have come off an " ..
           "asteroid that was passing close to Earth.\"\n" ..
           "Murillo said Nicaragua will ask international experts to help local scientists in understanding " ..
           "what happened.",
    signals = { "ATTRIBUTION", "NAMED_SOURCE" },
    no_signals = { "NO_ATTRIBUTION", "ANONYMOUS_SOURCE", "SHOUTING", "EXCLAMATIONS" },
    scores = { sourcing = { min = 0.7, max = 1 }, sensationalism = { max = 0.1 } } },
  { name = "FNC-1: an official who spoke on condition of anonymity is an anonymous source",
    text = "Israel shared intelligence on the militants with Washington, an Israeli defense official said. " ..
           "The official spoke on condition of anonymity because he wasn't authorized to speak publicly on the issue.",
    signals = { "ANONYMOUS_SOURCE", "ATTRIBUTION" } },
  { name = "FNC-1: a source whose information could not be verified is an unverified claim",
    text = "Kim needs about 100 days to recuperate, said the source, whose information could not be " ..
           "independently verified.",
    signals = { "UNVERIFIED_CLAIM" }, no_signals = { "UNSOURCED_NUMBER" } },
  { name = "FakeNewsCorpus: an opinion page that never says who said what",
    text = "While anti-globalists like Donald Trump, Marine Le Pen and Nigel Farage stand in their way, " ..
           "their agenda is still being conducted, just at a slower pace. The plan was written decades ago " ..
           "and nothing that happens in Washington or Brussels happens by accident. Every crisis is used to " ..
           "take a little more of your freedom, and every election is a show put on to keep you busy while " ..
           "the real decisions are made behind closed doors. The people who run the banks also run the " ..
           "governments, the newspapers and the schools. They do not care who you vote for. Look at the " ..
           "last twenty years and the pattern is plain to anyone who is willing to see it.",
    signals = { "NO_ATTRIBUTION" }, no_signals = { "ATTRIBUTION", "NAMED_SOURCE" },
    scores = { sourcing = { max = 0.3 } } },
  { name = "seed 001: claims the text hedges (claimed, allegedly)",
    text = "Syrian rebels and opposition media outlets claimed that Russian aircraft carried out strikes in " ..
           "the central provinces of Homs and Hama that allegedly killed at least 24 people.",
    signals = { "HEDGED_CLAIM", "UNVERIFIED_CLAIM" } },
  { name = "a figure with no source in its sentence is an unsourced number",
    text = "The deal is worth $5 billion. In 2015 the company hired 40 people.",
    signals = { "UNSOURCED_NUMBER" } },
  { name = "figures a sentence attributes, and years, are not unsourced numbers",
    text = "The deal is worth $5 billion, officials said. In 2015 the company moved to Texas. " ..
           "Prices rose 12 percent, according to the statistics office.",
    no_signals = { "UNSOURCED_NUMBER" }, signals = { "ATTRIBUTION" } },

  -- Sensationalism: how loud.
  { name = "FakeNewsCorpus: a market letter in capitals is shouting",
    text = "RESULT: A SMALL SIZED DECREASE IN SILVER OI AT THE COMEX DESPITE THE TINY FALL OF 6 CENTS IN PRICE.",
    signals = { "SHOUTING" }, scores = { sensationalism = { min = 0.15 } } },
  { name = "acronyms are not shouting",
    text = "The US, the UN and the EU told NATO that the IMF and the WHO would meet in Geneva.",
    no_signals = { "SHOUTING" } },
  { name = "FakeNewsCorpus: exclamation marks and loaded words",
    title = "Mainstream Media Isn't Telling You The Truth!",
    text = "These People Are A Danger To Themselves And Others! Wake Up!!!!!! The deep state and its " ..
           "globalist puppets want you asleep. Their propaganda is a hoax!",
    signals = { "EXCLAMATIONS", "LOADED_LANGUAGE" },
    scores = { sensationalism = { min = 0.8 } } },
  { name = "a headline in capitals is a shouting headline; sourcing never reads the title",
    title = "BREAKING: SENATOR SLAMS THE MEDIA AGAIN",
    text = "The senator criticised reporters on Tuesday, his spokesman said.",
    signals = { "SHOUTING_HEADLINE", "ATTRIBUTION" }, no_signals = { "SHOUTING" } },
  { name = "clickbait phrases",
    text = "You won't believe what happened next. This is the truth about the vaccine they don't want you to know.",
    signals = { "CLICKBAIT" } },
}
