-- entities.lua — who and what an article names.
--
-- Two sources of names:
--
-- * Lists: each entity has a canonical name, a type (PERSON, ORG, PLACE,
--   GROUP, EVENT, MISC) and aliases; the core folds them like the text and
--   finds them all in one pass. A capital letter in an alias must be a
--   capital in the text ("US" is not "us"); `case = "any"` lifts that.
--   Large lists live in lists/*.tsv (name TAB type TAB aliases separated
--   by |) and are named in `lists`.
--
-- * Guesses, for the names no list knows: the core reads runs of
--   capitalized words and types them from the word classes in `guess`
--   (core/names.h has the rules and their order). Each guessed entity's
--   rule says which rule fired ("plugins/entities.lua#title"). The words
--   below are general English news vocabulary, matched ignoring case; a
--   word written with a final period ("Gen.") keeps its period in the text.

-- Words right before a person's name, capitalized ("President Putin",
-- "Foreign Minister Lavrov") or not ("spokesman John Kirby"). A run of
-- capitalized words made only of these names nobody ("the Prime
-- Minister"), so the words that qualify a title are listed too ("Prime",
-- "Foreign", "Deputy"). "General" and "Major" are left out: they open
-- company and league names ("General Motors", "Major League").
local titles = {
  -- Courtesy and honours.
  "Mr", "Mr.", "Mrs", "Mrs.", "Ms", "Ms.", "Miss", "Mme", "Mme.", "Dr", "Dr.", "Prof", "Prof.",
  "Professor", "Sir", "Dame", "Lord", "Lady", "Baroness", "Baron", "Count", "Countess",
  "Sheikh", "Sheik", "Sayyed", "Haji",
  -- Heads of state and government, ministers, lawmakers.
  "President", "Pres.", "Vice", "Premier", "Chancellor", "Minister", "Secretary", "Secretary-General",
  "Undersecretary", "Prime", "Deputy", "Acting", "Former", "Foreign", "Defence", "Defense",
  "Interior", "Finance", "Economy", "Trade", "Health", "Education", "Labour", "Labor",
  "Agriculture", "Energy", "Transport", "Justice", "Environment", "Information", "Culture",
  "Senator", "Sen.", "Sens.", "Rep.", "Reps.", "Representative", "Congressman", "Congresswoman",
  "Governor", "Gov.", "Lieutenant", "Lt.", "Mayor", "Ambassador", "Amb.", "Envoy", "Speaker",
  "Commissioner", "Chairman", "Chairwoman", "Chairperson", "Chief", "Executive",
  "Attorney", "Judge", "Magistrate", "Prosecutor", "Director", "Sheriff", "Inspector",
  -- Royalty and religion.
  "King", "Queen", "Prince", "Princess", "Emperor", "Empress", "Emir", "Sultan", "Crown",
  "Pope", "Cardinal", "Archbishop", "Bishop", "Rev.", "Reverend", "Father", "Rabbi", "Imam",
  "Ayatollah", "Patriarch", "Mullah",
  -- Armed forces and police.
  "Gen.", "Lt.", "Col.", "Colonel", "Maj.", "Capt.", "Captain", "Sgt.", "Sergeant", "Cpl.",
  "Corporal", "Pvt.", "Private", "Adm.", "Admiral", "Brig.", "Brigadier", "Commander", "Cmdr.",
  "Marshal", "Major-General", "Lieutenant-General", "Lt-Gen", "Maj-Gen", "Field", "Commandant",
  "Constable", "Detective", "Superintendent", "Officer",
  -- Lower-case job words that introduce a name ("striker Alan Shearer").
  "spokesman", "spokeswoman", "spokesperson", "chairman", "chairwoman", "president", "minister",
  "secretary", "senator", "governor", "mayor", "ambassador", "envoy", "leader", "commander",
  "general", "colonel", "captain", "coach", "manager", "striker", "midfielder", "defender",
  "goalkeeper", "keeper", "forward", "batsman", "bowler", "pitcher", "outfielder",
  "quarterback", "champion", "analyst", "economist", "lawyer", "attorney", "judge", "prosecutor",
  "director", "actor", "actress", "singer", "author", "writer", "novelist", "artist",
  "journalist", "correspondent", "reporter", "editor", "columnist", "professor", "scientist",
  "researcher", "chief", "executive", "founder", "owner", "candidate", "rival", "challenger",
  "opponent", "teammate", "son", "daughter", "wife", "husband", "brother", "sister", "father",
  "mother", "widow", "cleric", "militant", "activist", "dissident", "businessman",
  "businesswoman", "tycoon", "billionaire", "trader", "dealer", "officer", "detective",
  "policeman", "soldier", "pilot", "lawmaker", "legislator", "congressman", "dictator",
  "premier", "king", "queen", "prince", "princess",
}

-- Words that make a capitalized run an organization ("Defence Ministry",
-- "Bank of England", "Acme Corp.", "Procter & Gamble"): the rightmost one
-- before "of" decides.
local org_words = {
  "Ministry", "Department", "Dept.", "Office", "Bureau", "Agency", "Authority", "Administration",
  "Commission", "Committee", "Council", "Board", "Secretariat", "Directorate", "Inspectorate",
  "Parliament", "Assembly", "Congress", "Senate", "Cabinet", "Court", "Tribunal", "Duma",
  "Party", "Front", "Movement", "Alliance", "Coalition", "Union", "Federation", "Confederation",
  "Association", "Organisation", "Organization", "Society", "Foundation", "Institute",
  "Institution", "Trust", "Fund", "Centre", "Center", "League",
  "Army", "Navy", "Forces", "Corps", "Brigade", "Brigades", "Battalion", "Regiment", "Militia",
  "Guard", "Guards", "Police", "Command",
  "University", "College", "School", "Academy", "Hospital", "Clinic", "Church", "Mission",
  "Bank", "Banks", "Bancorp", "Bancshares", "Bankshares", "Corp", "Corp.", "Corporation", "Inc",
  "Inc.", "Incorporated", "Co", "Co.", "Company", "Cos", "Ltd", "Ltd.", "Limited", "Plc", "PLC",
  "LLC", "AG", "SA", "NV", "GmbH", "Group", "Holdings", "Holding", "Industries", "Enterprises",
  "Partners", "Associates", "Securities", "Capital", "Investments", "Financial", "Insurance",
  "Motors", "Airlines", "Airways", "Air", "Railways", "Railway", "Telecom", "Communications",
  "Systems", "Technologies", "Technology", "Electronics", "Pharmaceuticals", "Pharmaceutical",
  "Petroleum", "Oil", "Gas", "Energy", "Mining", "Steel", "Chemicals", "Chemical", "Electric",
  "Foods", "Brewery", "Media", "Press", "Broadcasting", "Television", "TV", "Radio", "News",
  "Newspaper", "Times", "Post", "Journal", "Herald", "Tribune", "Gazette", "Telegraph",
  "Exchange", "Reserve", "Treasury", "Service", "Club", "FC", "Rovers", "Wanderers", "Athletic",
  "Team", "Orchestra", "Band", "&",
}

-- Words that make a capitalized run a place ("Gaza Strip", "Golan Heights").
local place_words = {
  "River", "Lake", "Sea", "Ocean", "Gulf", "Bay", "Strait", "Straits", "Channel", "Canal",
  "Island", "Islands", "Isles", "Peninsula", "Mountains", "Mountain", "Mount", "Mt.", "Hills",
  "Heights", "Valley", "Desert", "Plain", "Plains", "Plateau", "Forest", "Coast", "Beach",
  "Cape", "Canyon", "Falls", "Delta", "Basin", "Strip", "Province", "Region", "County",
  "District", "Prefecture", "Governorate", "Oblast", "Territory", "Territories", "Street",
  "St.", "Avenue", "Ave.", "Road", "Rd.", "Boulevard", "Square", "Bridge", "Airport", "Airbase",
  "Harbour", "Harbor", "Port", "Stadium", "Park", "Palace", "Prison", "Camp", "Dam",
}

-- Words that make a capitalized run an event, a competition or a prize.
local event_words = {
  "Cup", "Championship", "Championships", "Games", "Olympics", "Olympiad", "Tournament",
  "Trophy", "Prix", "Series", "Derby", "Marathon", "Rally", "Festival", "Awards", "Award",
  "Prize", "Summit", "War", "Revolution", "Uprising", "Massacre", "Treaty", "Accord", "Accords",
  "Convention", "Conference", "Olympic", "Open", "Masters", "Classic", "Invitational",
}

-- Lower-case words inside a person's name ("Osama bin Laden", "Charles
-- de Gaulle"); with a hyphen they make the word a name ("al-Assad").
local particles = {
  "bin", "ibn", "bint", "al", "el", "ul", "ud", "de", "da", "di", "du", "del", "della", "der",
  "den", "des", "van", "von", "la", "le", "dos", "das", "do", "ter", "ten", "zu", "af", "y",
}

-- Words that join a head word to its complement ("Bank of England",
-- "Council on Foreign Relations", "Procter & Gamble"); a word joins only
-- after an org, place or event word, "&" always. "and" is left out: it
-- joins two names more often than it is part of one.
local connectors = { "of", "for", "on", "&" }

-- Capitalized words that are never a name or part of one.
local stopwords = {
  "The", "A", "An", "This", "That", "These", "Those", "He", "She", "It", "They", "We", "You",
  "His", "Her", "Its", "Their", "Our", "My", "Your", "Him", "Them", "Us", "Me", "But", "And",
  "Or", "Nor", "If", "When", "While", "Whilst", "Although", "Though", "Because", "As", "At",
  "In", "On", "Of", "For", "To", "From", "By", "With", "Without", "After", "Before", "Since",
  "Until", "During", "Under", "Over", "Into", "About", "Against", "Between", "Among", "Through",
  "There", "Here", "What", "Who", "Whom", "Whose", "Which", "Where", "Why", "How", "Some",
  "Many", "Most", "Much", "More", "All", "Both", "Each", "Every", "Any", "No", "Not", "Yes",
  "Also", "Yet", "So", "Then", "Now", "However", "Meanwhile", "Still", "Even", "Just", "Only",
  "Other", "Another", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight",
  "Nine", "Ten", "Last", "Next", "Is", "Are", "Was", "Were", "Be",
  "Has", "Have", "Had", "Do", "Does", "Did", "Will", "Would", "Can", "Could", "Should", "Must",
  "Might", "Let", "Please", "Thank", "Thanks", "Mon", "Tue", "Tues", "Wed", "Thu", "Thur",
  "Thurs", "Fri", "Sat", "Sun",
  "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
  "January", "February", "March", "April", "May", "June", "July", "August", "September",
  "October", "November", "December", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep",
  "Sept", "Oct", "Nov", "Dec", "Today", "Yesterday", "Tomorrow", "Tonight", "Christmas",
  -- Words that open sentences: a capital there says nothing.
  "Later", "Earlier", "Separately", "Instead", "Overall", "Finally", "Indeed", "Moreover",
  "Furthermore", "Besides", "Nevertheless", "Nonetheless", "Otherwise", "Perhaps", "Maybe",
  "Recently", "Currently", "Already", "Again", "Once", "Soon", "Like", "Unlike", "Despite",
  "According", "Asked", "Speaking", "Following", "Including", "Along", "Within", "Across",
  "Around", "Above", "Below", "Behind", "Beyond", "Near", "Outside", "Inside", "Upon", "Toward",
  "Towards", "Then", "Thus", "Therefore", "Hence", "Why", "Where", "Whether", "Unless", "Whatever",
  "Whoever", "Everyone", "Everybody", "Everything", "Someone", "Somebody", "Something", "Nobody",
  "Nothing", "None", "Neither", "Either", "Few", "Several", "Half", "Less", "Least", "Very",
  "Too", "Well", "Oh", "OK", "Okay", "Yes", "Hello", "Mrs", "Am", "Being", "Been", "May",
}

-- Words right before a place ("in Homs", "near Hama", "at Headingley").
local place_cues = { "in", "near", "at", "outside", "across", "throughout", "towards", "toward", "into" }

-- Words right after a person ("Shoygu said").
local speech_verbs = {
  "said", "says", "told", "added", "stated", "declared", "explained", "noted", "argued",
  "insisted", "warned", "announced", "wrote", "asked", "replied", "claimed", "admitted",
  "acknowledged", "confirmed", "denied", "testified", "tweeted", "recalled", "urged",
}

-- Words of sports copy. In an article where one word in fifty is one of
-- these, a lone name is a team: "Leicestershire beat Somerset".
local sport_words = {
  "match", "matches", "game", "games", "season", "league", "cup", "team", "teams", "coach",
  "goal", "goals", "scored", "scorer", "scorers", "innings", "wicket", "wickets", "beat",
  "beats", "defeated", "defeat", "win", "wins", "won", "draw", "drew", "drawn", "striker",
  "midfielder", "goalkeeper", "defender", "tournament", "championship", "play-off", "playoff",
  "semifinal", "semi-final", "final", "finals", "halftime", "half-time", "penalty",
  "penalties", "try", "tries", "quarterback", "pitcher", "inning", "homer", "homered",
  "batsman", "bowler", "bowled", "seeded", "round", "race", "lap", "laps", "podium", "medal",
  "medals", "stadium", "club", "clubs", "squad", "fixture", "fixtures", "kickoff", "referee",
  "champion", "champions", "title", "victory", "standings", "unbeaten",
}

-- Periods that belong to the word before them (besides titles and org words above).
local abbreviations = { "St.", "Mt.", "Ft.", "Jr.", "Sr.", "Bros.", "No." }

return {
  -- The lists, in the order plugins/lists/README.md gives (of two entities
  -- with one key the first listed wins). Cities and regions name teams in
  -- sports copy ("Leicestershire beat Somerset"): `teams = true` lets the
  -- guesser type them ORG there when they are not in a place's context.
  lists = {
    "lists/people.tsv", "lists/armed_groups.tsv", "lists/organizations.tsv",
    "lists/parties.tsv", "lists/media.tsv", "lists/events.tsv", "lists/misc.tsv",
    "lists/groups.tsv", "lists/places.tsv", "lists/countries.tsv",
    "lists/demonyms.tsv", { file = "lists/cities.tsv", teams = true },
    { file = "lists/subdivisions.tsv", teams = true }, "lists/languages.tsv",
  },

  -- The seed articles' names, kept here so that they never depend on a list.
  entities = {
    { name = "Vladimir Putin", type = "PERSON", aliases = { "Putin" } },
    { name = "Bashar al-Assad", type = "PERSON", aliases = { "Assad", "Bashar Assad" } },
    { name = "Barack Obama", type = "PERSON", aliases = { "Obama" } },
    { name = "John Kerry", type = "PERSON", aliases = { "Kerry" } },
    { name = "Ashton Carter", type = "PERSON", aliases = { "Carter" } },
    { name = "Sergei Shoygu", type = "PERSON", aliases = { "Shoygu", "Sergei Shoigu", "Shoigu" } },
    { name = "Jens Stoltenberg", type = "PERSON", aliases = { "Stoltenberg" } },
    { name = "David Cameron", type = "PERSON", aliases = { "Cameron" } },
    { name = "Islamic State", type = "ORG",
      aliases = { "IS", "ISIS", "ISIL", "Isis", "Isil", "Daesh", "Islamic State group" } },
    { name = "Free Syrian Army", type = "ORG", aliases = { "FSA" } },
    { name = "NATO", type = "ORG", aliases = { "Nato" } },
    { name = "United Nations", type = "ORG", aliases = { "UN", "U.N." } },
    { name = "Pentagon", type = "ORG" },
    { name = "Agence France-Presse", type = "ORG", aliases = { "AFP" } },
    { name = "Syria", type = "PLACE" },
    { name = "Russia", type = "PLACE", aliases = { "Russian Federation" } },
    { name = "United States", type = "PLACE", aliases = { "US", "U.S.", "USA", "United States of America" } },
    { name = "Moscow", type = "PLACE" },
    { name = "Homs", type = "PLACE" },
    { name = "Hama", type = "PLACE" },
    { name = "Talbiseh", type = "PLACE" },
    { name = "Lataminah", type = "PLACE" },
    { name = "Russians", type = "GROUP", aliases = { "Russian" } },
    { name = "Syrians", type = "GROUP", aliases = { "Syrian" } },
  },

  guess = {
    titles = titles,
    org_words = org_words,
    place_words = place_words,
    event_words = event_words,
    particles = particles,
    connectors = connectors,
    stopwords = stopwords,
    place_cues = place_cues,
    speech_verbs = speech_verbs,
    abbreviations = abbreviations,
    sport_words = sport_words,
    -- Given names (generated by scripts/lists/first_names.sh): a run of
    -- capitalized words that starts with one is a person.
    first_names = "lists/first_names.txt",
    -- Common English words (generated by scripts/lists/common_words.sh):
    -- one opening a sentence is no name's first word ("Police said"), and
    -- a run made only of them is no name by its capitals alone
    -- ("Increased Risk", "SUBSCRIBE"); titles, lists and the other strong
    -- rules still type them ("Bank of England").
    common_words = "lists/common_words.txt",
    -- A lone capitalized word that no rule types (a list, another mention
    -- in the article, its context) is as often a place, a team, a person
    -- or no name at all: false leaves it out ("MISC" would keep it).
    single_type = false,
  },
}
