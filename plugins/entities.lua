-- entities.lua — who and what an article names.
--
-- Each entity has a canonical name, a type (PERSON, ORG, PLACE, GROUP,
-- EVENT, MISC) and aliases; the core folds them like the text and finds
-- them all in one pass. A capital letter in an alias must be a capital in
-- the text ("US" is not "us"); `case = "any"` lifts that.
--
-- This is the starter set; larger lists go in lists/*.tsv (name TAB type
-- TAB aliases separated by |) and are named in `lists`.

return {
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
}
