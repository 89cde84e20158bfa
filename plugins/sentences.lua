-- sentences.lua — the words a sentence must not end after.
--
-- Two lists, each word written WITHOUT its final period ("U.S" for "U.S.",
-- "Calif" for "Calif."). They are matched case-sensitively against the token
-- just before a period (its non-space characters minus opening quotes and
-- brackets):
--
--   abbreviations  a sentence ends after one only when the next word clearly
--                  starts a new sentence ("in the U.S. The ..."), not before a
--                  name, a number or a lower-case word ("the U.S. Army",
--                  "Jan. 5", "Inc. said").
--   titles         come before a name, so a sentence never ends after one
--                  ("Gen. Martin Dempsey", "St. Louis"). A word in both lists
--                  counts as a title, so each word is listed once.
--
-- Single capital letters ("George W. Bush") and dotted groups of one or two
-- letters ("a.m", "Ph.D") are recognized without being listed; common ones
-- are listed anyway. Words that often end a sentence as ordinary words
-- ("Sun", "Man", "Art") are left out; a title in particular must be a word
-- that is never the last word of a sentence.

local abbreviations = {
  -- Countries, unions and cities written with periods.
  "U.S", "U.S.A", "U.K", "U.N", "E.U", "U.A.E", "U.S.S.R", "P.R.C",
  "D.C", "L.A", "N.Y.C",

  -- Months, AP style plus the other common forms. "Mar" and "Jun" are
  -- left out: they are names as often as months.
  "Jan", "Feb", "Apr", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",

  -- Days of the week, only the forms that are not also words.
  "Tue", "Tues", "Weds", "Thu", "Thur", "Thurs",

  -- U.S. states, AP style (the two-letter postal codes take no period).
  "Ala", "Ariz", "Ark", "Calif", "Colo", "Conn", "Del", "Fla", "Ga", "Ill",
  "Ind", "Kan", "Kans", "Ky", "La", "Md", "Mass", "Mich", "Minn", "Miss",
  "Mo", "Mont", "Neb", "Nebr", "Nev", "N.H", "N.J", "N.M", "N.Y", "N.C",
  "N.D", "Okla", "Ore", "Pa", "R.I", "S.C", "S.D", "Tenn", "Tex", "Vt",
  "Va", "Wash", "W.Va", "Wis", "Wyo",

  -- Canadian provinces ("B.C" is listed with the eras).
  "Alta", "Ont", "Que", "Sask", "N.S", "P.E.I",

  -- Corporate and organizational names.
  "Inc", "Corp", "Co", "Cos", "Ltd", "Bros", "Plc", "Assn", "Assoc", "Dept",
  "Govt", "Intl", "Natl", "Univ", "Inst", "Mfg", "Div", "Grp",

  -- Generational, academic and professional suffixes after a name.
  "Jr", "Sr", "Esq", "Ph.D", "M.D", "B.A", "M.A", "B.S", "M.S", "M.B.A",
  "J.D", "D.D.S", "R.N", "LL.B", "LL.M",

  -- Times and eras.
  "a.m", "p.m", "A.M", "P.M", "A.D", "B.C", "B.C.E", "C.E",

  -- Latin and scholarly ("et al." is matched on "al").
  "etc", "e.g", "i.e", "vs", "v", "viz", "cf", "al", "ca", "approx",
  "ibid", "op", "cit", "N.B", "P.S",

  -- Numbers, references and units.
  "No", "Nos", "Vol", "vol", "Vols", "Fig", "fig", "Figs", "pp", "Ch", "ch",
  "sec", "eds", "est", "ext", "min", "mins", "hr", "hrs", "sq", "ft", "oz",
  "lb", "lbs", "yd", "yds", "mi", "Tel", "tel",

  -- Addresses: a street name comes before them, a number after.
  "Ave", "Blvd", "Rd", "Ln", "Hwy", "Pkwy", "Ct", "Pl", "Sq", "Ste", "Apt",
  "Bldg", "Rte",

  -- Military units, and "(ret.)" after a retired officer's name.
  "Bn", "Regt", "Ret", "ret",
}

local titles = {
  -- Social.
  "Mr", "Mrs", "Ms", "Mx", "Messrs", "Mmes", "Mme", "Mlle", "Sra",

  -- Medical, academic and legal.
  "Dr", "Drs", "Prof", "Profs", "Atty", "Supt",

  -- Political and diplomatic.
  "Pres", "Gov", "Govs", "Sen", "Sens", "Rep", "Reps", "Amb", "Hon", "Rt",
  "Sec", "Secy", "Treas", "Comm", "Commr", "Cmsr", "Ald", "Cllr", "Supr",

  -- Military and police ranks.
  "Gen", "Gens", "Adm", "Brig", "Col", "Cols", "Lt", "Lts", "Maj", "Capt",
  "Cmdr", "Cdr", "Comdr", "Cmdt", "Sgt", "Sgts", "Cpl", "Pvt", "Pfc", "Spc",
  "Ens", "Insp", "Det", "Dep", "Ofc", "Const",

  -- Religious.
  "Rev", "Revs", "Fr", "Msgr", "Br", "Bro", "Abp", "Bp",

  -- Places named after a saint or a feature: a name always follows.
  "St", "Mt", "Ft", "Pt",
}

return { abbreviations = abbreviations, titles = titles }
