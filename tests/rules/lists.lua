-- lists.lua — rule tests for the entity lists of plugins/lists/ (see
-- plugins/lists/README.md): aliases resolve to one canonical name,
-- demonyms are GROUP, ambiguous names resolve as the lists decide, and
-- common words and lower-case spellings do not match. The sentences are
-- from the corpus (FNC-1 and FakeNewsCorpus article bodies).
return {
  { name = "lists: Daesh and ISIL are the Islamic State",
    text = "'Especially worrying is the increasing number of reports of revenge attacks committed particularly against members of the Sunni community in areas liberated from ISIL control,' Mr Mladenov said, using an alternative acronym for the group known as ISIS in the West and Daesh in Arab nations.",
    entities = { { name = "Sunnis", type = "GROUP", text = "Sunni" },
                 { name = "Islamic State", type = "ORG", text = "ISIL" },
                 { name = "Islamic State", type = "ORG", text = "ISIS" },
                 { name = "Islamic State", type = "ORG", text = "Daesh" } } },

  { name = "lists: Kobane is Kobani, the places of an air campaign",
    text = "Last week, the U.S. confirmed it had launched a further 20 airstrikes against ISIS targets, including raids near Sinjar, Qaim, Ramadi, Mosul and Samarra, as well as inside Kobane.",
    entities = { { name = "United States", type = "PLACE", text = "U.S." },
                 { name = "Kobani", type = "PLACE", text = "Kobane" }, { "Sinjar", "PLACE" },
                 { "Ramadi", "PLACE" }, { "Mosul", "PLACE" }, { "Samarra", "PLACE" } } },

  { name = "lists: Irbil is Erbil; Kurdish and Iraqi are groups",
    text = "Amid reports of stranded and besieged Iraqi minorities threatened with execution, the militants advanced eastward toward Irbil, the capital of the semiautonomous Kurdish region of Iraq.",
    entities = { { name = "Erbil", type = "PLACE", text = "Irbil" }, { name = "Kurds", type = "GROUP", text = "Kurdish" },
                 { name = "Iraqis", type = "GROUP", text = "Iraqi" }, { "Iraq", "PLACE" } } },

  { name = "lists: Britons and Americans are demonyms; English is a language",
    text = "A man brandishing a knife and speaking with an English accent appears to have carried out the beheadings of two Americans and two Britons.",
    entities = { { name = "British", type = "GROUP", text = "Britons" }, { "Americans", "GROUP" },
                 { name = "English", type = "MISC" } } },

  { name = "lists: Jihadi John is Mohammed Emwazi",
    text = "The Islamic State militant known as Jihadi John has been named today as Mohammed Emwazi.",
    entities = { { name = "Mohammed Emwazi", type = "PERSON", text = "Jihadi John" },
                 { "Mohammed Emwazi", "PERSON" }, { "Islamic State", "ORG" } } },

  { name = "lists: Hizbollah is Hezbollah; Bashar al-Assad; Syrian",
    text = "The agents, arrested in France, allegedly masterminded a massive global drug ring which raised millions of dollars to arm Hizbollah gunmen fighting for Bashar al-Assad, the Syrian president, in Syria.",
    entities = { { name = "Hezbollah", type = "ORG", text = "Hizbollah" }, { "Bashar al-Assad", "PERSON" },
                 { name = "Syrians", type = "GROUP", text = "Syrian" }, { "France", "PLACE" }, { "Syria", "PLACE" } } },

  { name = "lists: the city Reading is not the word at the start of a sentence",
    text = "The teacher told Pink News: 'Reading it brought tears to my eyes and it took me a little while to compose myself.'",
    no_entities = { "Reading" } },

  { name = "lists: the city Nice is not the word",
    text = "Nice work, kid - you just saved Grandpa's life with nothing more than a tween anthem.",
    no_entities = { "Nice" } },

  { name = "lists: the city Mobile is not the Mobile World Congress",
    text = "For full coverage of the Mobile World Congress from Barcelona, visit our MWC 2015 page.",
    entities = { { "Barcelona", "PLACE" } },
    no_entities = { { name = "Mobile", type = "PLACE" } } },

  { name = "lists: turkey in lower case is a sandwich, not the country",
    text = "The frustrated worker posted a sign on the fridge saying, \"To the person who keeps stealing my sandwiches (turkey and Swiss with mayo on rye), this is ridiculous.\"",
    no_entities = { "Turkey" } },

  { name = "lists: Chad the country; Chadian; Boko Haram; Voice of America",
    text = "A spokesperson and self-proclaimed secretary general for Boko Haram confirmed to Voice of America Danladi Ahmadu that the girls will be released on Monday in Chad.",
    entities = { { "Chad", "PLACE" }, { "Boko Haram", "ORG" }, { "Voice of America", "ORG" } } },

  { name = "lists: Jordan the country and Jordanian",
    text = "Snow has covered upland areas of Tabuk province near Saudi Arabia's border with Jordan for the third consecutive year as cold weather swept across the Middle East.",
    entities = { { "Jordan", "PLACE" }, { "Saudi Arabia", "PLACE" }, { "Middle East", "PLACE" }, { "Tabuk", "PLACE" } } },

  { name = "lists: Georgia is a place (the country's entry, listed first)",
    text = "\"This community has had a story to tell for a long time and this has just been the catalyst,\" said Chelsea Warlick, 29, a photographer from Savannah, Georgia.",
    entities = { { "Savannah", "PLACE" }, { "Georgia", "PLACE" } } },

  { name = "lists: Mrs. Clinton is Hillary Clinton; Comey; the White House",
    text = "Those contributions were not publicly disclosed by the Clintons, despite an agreement Mrs. Clinton had struck with the Obama White House to publicly identify all donors.",
    entities = { { name = "Hillary Clinton", type = "PERSON", text = "Mrs. Clinton" },
                 { name = "Barack Obama", type = "PERSON", text = "Obama" }, { "White House", "ORG" } } },

  { name = "lists: the Kremlin and the Russian embassy",
    text = "Asked if it would concern him if someone in the Trump administration tried to set up a back channel with the Russian embassy or the Kremlin, he replied: \"No\".",
    entities = { { "Kremlin", "ORG" }, { name = "Russians", type = "GROUP", text = "Russian" },
                 { name = "Donald Trump", type = "PERSON", text = "Trump" } } },

  { name = "lists: Peshmerga, Kurdish and British troops",
    text = "Military planners are, however, drawing up plans to deploy scores of British troops to help train a \"substantial\" number of Iraqi troops and Kurdish Peshmerga fighters.",
    entities = { { "Peshmerga", "ORG" }, { name = "British", type = "GROUP", text = "British" },
                 { name = "Kurds", type = "GROUP", text = "Kurdish" } } },

  { name = "lists: Deir ez-Zor and Raqqa",
    text = "Particular blackspots for ISIS checkpoints are the roads around the militants' strongholds in Raqqa and Deir ez-Zor, as well as a number of major highways in eastern Syria.",
    entities = { { "Raqqa", "PLACE" }, { "Deir ez-Zor", "PLACE" }, { name = "Islamic State", text = "ISIS" } } },

  { name = "lists: Borno state and Nigerian",
    text = "The Borno Elders Forum, made up of retired Nigerian civilian and military officials from the Borno state, said attacks in recent days indicated that not all Boko Haram fighters were aware of the deal.",
    entities = { { name = "Nigerians", type = "GROUP", text = "Nigerian" }, { "Borno", "PLACE" }, { "Boko Haram", "ORG" } } },

  { name = "lists: a surname shared by several people is a person of that surname",
    text = "However, that Twitter user appears to have seen Rudd on a flight out of Savannah, Georgia, and we don't know for sure that he stopped in Dallas.",
    entities = { { "Rudd", "PERSON" }, { "Twitter", "ORG" }, { "Dallas", "PLACE" } },
    no_entities = { "Kevin Rudd" } },

  { name = "lists: the Defense Department is the Pentagon; the U.S. State Department is one name",
    text = "John Kirby, the Defense Department's chief spokesman, said the drone and aircraft attack directly targeted the terrorists. According to one source the order came from the U.S. State Department.",
    entities = { { name = "Pentagon", type = "ORG", text = "Defense Department" },
                 { name = "State Department", type = "ORG", text = "U.S. State Department" } },
    no_entities = { { name = "United States", type = "PLACE" } } },
}
