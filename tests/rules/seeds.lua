-- seeds.lua — the seed articles the project started from (copies in examples/):
-- the default rules must keep finding what a reader of them would name first.
return {
  { name = "seed 000: Putin, Syria, Russia", file = "examples/000_9e67022e0d172f8c.txt",
    entities = { { "Vladimir Putin", "PERSON" }, { "Syria", "PLACE" }, { "Russia", "PLACE" },
                 { "Islamic State", "ORG" } } },
  { name = "seed 002: every alias of the Islamic State is one name", file = "examples/002_5b2572830003bba0.txt",
    entities = { { name = "Islamic State", type = "ORG", text = "Islamic State" },
                 { name = "Islamic State", type = "ORG", text = "Isis" },
                 { name = "Islamic State", type = "ORG", text = "Isil" } } },
}
