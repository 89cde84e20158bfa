/*
 * test_sentences.c — sentence segmentation of the norm view.
 *
 * Most cases are real sentences from the article files under
 * ../shared/corpus (fnc1/articles and fakenewscorpus/articles), written
 * as the norm view holds them: ASCII quotes, "..." for ellipses, '-' for
 * dashes. Each case names the file it comes from; "spec" marks the few
 * made up to pin a rule down. The word lists below are a subset of
 * plugins/sentences.lua, so that this test does not need Lua.
 */
#include "unit.h"

#include "alloc.h"
#include "error.h"
#include "sentences.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#define MAX_SENTENCES 8

static const char *const test_abbreviations[] = {
    "U.S", "U.K", "U.N", "D.C", "Jan", "Feb", "Aug", "Sept", "Oct", "Nov", "Dec",
    "Calif", "Fla", "Md", "Mass", "Inc", "Corp", "Co", "Ltd", "Jr", "Sr", "a.m",
    "p.m", "A.D", "etc", "e.g", "i.e", "vs", "al", "No", "Blvd", "Ave", "Ph.D",
};

static const char *const test_titles[] = {
    "Mr", "Mrs", "Ms", "Dr", "Prof", "Gen", "Brig", "Adm", "Col", "Lt", "Maj",
    "Capt", "Sgt", "Cpl", "Sen", "Rep", "Gov", "Rev", "St", "Mt", "Amb", "Hon",
};

typedef struct segment_case {
    const char *source;
    const char *input;
    const char *expected[MAX_SENTENCES]; /* NULL-terminated */
} segment_case;

static const segment_case cases[] = {
    { "fnc1-1133",
      "\"It was around 5 a.m. when my son's check post came under the attack of Taliban,\" Gul said to "
      "TOLOnews. \"When the fighting intensified, I couldn't stop myself and picked up a weapon, went to the "
      "check post and began shooting back.\"",
      { "\"It was around 5 a.m. when my son's check post came under the attack of Taliban,\" Gul said to "
        "TOLOnews.",
        "\"When the fighting intensified, I couldn't stop myself and picked up a weapon, went to the check post "
        "and began shooting back.\"" } },
    { "fnc1-1505",
      "Military officials said the Afghan soldiers had been participating in a U.S. Central Command Regional "
      "Cooperation training exercise at Joint Base Cape Cod. They arrived at Camp Edwards on Sept. 11 and were "
      "last seen Saturday at the Cape Cod Mall in Hyannis during an off day for the program.",
      { "Military officials said the Afghan soldiers had been participating in a U.S. Central Command Regional "
        "Cooperation training exercise at Joint Base Cape Cod.",
        "They arrived at Camp Edwards on Sept. 11 and were last seen Saturday at the Cape Cod Mall in Hyannis "
        "during an off day for the program." } },
    { "fnc1-1505",
      "The soldiers were reported missing by base security personnel Saturday night. They were identified as "
      "Maj. Jan Mohammad Arash, Capt. Mohammad Nasir Askarzada and Capt. Noorullah Aminyar.",
      { "The soldiers were reported missing by base security personnel Saturday night.",
        "They were identified as Maj. Jan Mohammad Arash, Capt. Mohammad Nasir Askarzada and Capt. Noorullah "
        "Aminyar." } },
    { "fnc1-1505",
      "Lt. Col. James Sahady of the Massachusetts National Guard said there were no details to report on the "
      "search Monday.",
      { "Lt. Col. James Sahady of the Massachusetts National Guard said there were no details to report on the "
        "search Monday." } },
    { "fnc1-2266",
      "Sen. Marco Rubio (R-Fla.) suggested last month that such infiltration was possible, and Rep. Jeff "
      "Duncan (R-S.C.) said it was already happening.",
      { "Sen. Marco Rubio (R-Fla.) suggested last month that such infiltration was possible, and Rep. Jeff "
        "Duncan (R-S.C.) said it was already happening." } },
    { "fnc1-1705",
      "\xc2\xa9 2014 CBS Interactive Inc. All Rights Reserved. This material may not be published, broadcast, "
      "rewritten, or redistributed.",
      { "\xc2\xa9 2014 CBS Interactive Inc.", "All Rights Reserved.",
        "This material may not be published, broadcast, rewritten, or redistributed." } },
    { "fnc1-401",
      "Google is not buying 2000 and 2100 Seaport Blvd., the owner-occupied headquarters of Informatica Corp. "
      "Nor is Google buying 1400 and 1500 Seaport Blvd., which includes DreamWorks.",
      { "Google is not buying 2000 and 2100 Seaport Blvd., the owner-occupied headquarters of Informatica Corp.",
        "Nor is Google buying 1400 and 1500 Seaport Blvd., which includes DreamWorks." } },
    { "fnc1-332",
      "The company said Monday that the PC and printer business will use the name HP Inc. The services "
      "business will be called Hewlett-Packard Enterprise.",
      { "The company said Monday that the PC and printer business will use the name HP Inc.",
        "The services business will be called Hewlett-Packard Enterprise." } },
    { "fnc1-1664",
      "'After seeing my young son's body I picked up his gun and decided to fight off the killers of my son "
      "until I die' Reza Gul said after Taliban fighters attacked her son's police outpost in the western Farah "
      "province on Nov. 17. Gul is being hailed as a hero after she helped fend off the militants.",
      { "'After seeing my young son's body I picked up his gun and decided to fight off the killers of my son "
        "until I die' Reza Gul said after Taliban fighters attacked her son's police outpost in the western "
        "Farah province on Nov. 17.",
        "Gul is being hailed as a hero after she helped fend off the militants." } },
    { "fnc1-1401",
      "Fidel Castro Odinga, the son of prominent Kenyan politician and former prime minister Raila Odinga, "
      "reportedly died on Jan. 4. His Cuban namesake, however, still appears to be very much alive.",
      { "Fidel Castro Odinga, the son of prominent Kenyan politician and former prime minister Raila Odinga, "
        "reportedly died on Jan. 4.",
        "His Cuban namesake, however, still appears to be very much alive." } },
    { "fnc1-1952",
      "The Mirror is reporting that police are on a manhunt for who they believe to be a mid to late 50's man "
      "that slaps people in the head right after they sneeze! What kind of craziness is this?! The first "
      "incident happened in Carlisle, Cumbria a city in England, on Monday.",
      { "The Mirror is reporting that police are on a manhunt for who they believe to be a mid to late 50's man "
        "that slaps people in the head right after they sneeze!",
        "What kind of craziness is this?!",
        "The first incident happened in Carlisle, Cumbria a city in England, on Monday." } },
    { "fnc1-756",
      "I will update you again when I hear from her. Please keep her in your thoughts and prayers!! Thank "
      "you!\"",
      { "I will update you again when I hear from her.", "Please keep her in your thoughts and prayers!!",
        "Thank you!\"" } },
    { "fakenewscorpus",
      "The consequences of these results are explored.... Read More",
      { "The consequences of these results are explored....", "Read More" } },
    { "fakenewscorpus",
      "(See, e.g., here, here, and here.) The decision was inevitable. Obama, using a pseudonymous email "
      "account, had repeatedly communicated with Secretary Clinton over her private, non-secure email account.",
      { "(See, e.g., here, here, and here.)", "The decision was inevitable.",
        "Obama, using a pseudonymous email account, had repeatedly communicated with Secretary Clinton over her "
        "private, non-secure email account." } },
    { "fakenewscorpus",
      "The piece unravels the process being used to decipher the scrolls, buried in Herculaneum when Mt. "
      "Vesuvius erupted in 79 A.D. also burying Pompeii.",
      { "The piece unravels the process being used to decipher the scrolls, buried in Herculaneum when Mt. "
        "Vesuvius erupted in 79 A.D. also burying Pompeii." } },
    { "fnc1-1943",
      "This comes after a Kansas City apartment building in the 3600 block of E. Meyer Blvd. was sealed off "
      "about 9:30 p.m. Saturday when the man who lived there became seriously ill.",
      { "This comes after a Kansas City apartment building in the 3600 block of E. Meyer Blvd. was sealed off "
        "about 9:30 p.m. Saturday when the man who lived there became seriously ill." } },
    { "fnc1-1943",
      "Paramedics rushed the man to Research Medical Center Brookside Campus about 9:30 p.m. It was then when "
      "all or part of the medical facility was quarantined, a source close to the situation told KCTV5 News.",
      { "Paramedics rushed the man to Research Medical Center Brookside Campus about 9:30 p.m.",
        "It was then when all or part of the medical facility was quarantined, a source close to the situation "
        "told KCTV5 News." } },
    { "fnc1-2547",
      "The current U.S. Dietary Guidelines have taken a conservative approach to saturated fats, saying they "
      "should make up no more than 10% of total calories. Qi Sun, MD, assistant professor of nutrition in the "
      "Harvard T. H. Chan School of Public Health and senior author of the new study, says his group's "
      "findings back up this advice.",
      { "The current U.S. Dietary Guidelines have taken a conservative approach to saturated fats, saying they "
        "should make up no more than 10% of total calories.",
        "Qi Sun, MD, assistant professor of nutrition in the Harvard T. H. Chan School of Public Health and "
        "senior author of the new study, says his group's findings back up this advice." } },
    { "fnc1-1554",
      "Terrifying: Sgt. At Arms Kevin Vickers reportedly killed the shooter this morning in the Canadian "
      "parliament",
      { "Terrifying: Sgt. At Arms Kevin Vickers reportedly killed the shooter this morning in the Canadian "
        "parliament" } },
    { "fnc1-2159",
      "\"Has a terrorist released at (President Obama's) direction returned to militant activity? If so, will "
      "he take action to detain this individual as he should have continued to do?\" Thornberry told Fox News. "
      "\"In cases like this, the president should not hide behind the convenience of classified information "
      "to shield himself from what is reportedly a very serious concern.\"",
      { "\"Has a terrorist released at (President Obama's) direction returned to militant activity?",
        "If so, will he take action to detain this individual as he should have continued to do?\" Thornberry "
        "told Fox News.",
        "\"In cases like this, the president should not hide behind the convenience of classified information "
        "to shield himself from what is reportedly a very serious concern.\"" } },
    { "fnc1-227",
      "\"Can we trust him that he can deliver on this promise of releasing the girls when he has not delivered "
      "on the promise of the ceasefire?\" Abana said.",
      { "\"Can we trust him that he can deliver on this promise of releasing the girls when he has not "
        "delivered on the promise of the ceasefire?\" Abana said." } },
    { "fnc1-2064",
      "When we bumped into Carter outside the tower, where the publishing house set up shop in November, we "
      "asked him if the little beasts are disgusting as we've heard. \"They're rats!\" laughed the legendary "
      "editor, \"What do you think?\"",
      { "When we bumped into Carter outside the tower, where the publishing house set up shop in November, we "
        "asked him if the little beasts are disgusting as we've heard.",
        "\"They're rats!\" laughed the legendary editor, \"What do you think?\"" } },
    { "fnc1-1867",
      "\"I have iPhone 6. Doesn't bend and doesn't snag hair. Who thinks up these things? Apple haters? "
      "Competitors?\" tweeted Dr. John Wooten, a Virginia-based technical consultant.",
      { "\"I have iPhone 6.", "Doesn't bend and doesn't snag hair.", "Who thinks up these things?",
        "Apple haters?",
        "Competitors?\" tweeted Dr. John Wooten, a Virginia-based technical consultant." } },
    { "fnc1-1567",
      "\"Oh, I love you!\" she said. The entrepreneur's father started to tear up as well, and soon the three "
      "were sharing a family hug.",
      { "\"Oh, I love you!\" she said.",
        "The entrepreneur's father started to tear up as well, and soon the three were sharing a family hug." } },
    { "fnc1-190",
      "Sorkin told Business Insider earlier this year: \"It's not a biopic.\" Okay! So, that already sets it "
      "apart from the Ashton Kutcher joint.",
      { "Sorkin told Business Insider earlier this year: \"It's not a biopic.\"", "Okay!",
        "So, that already sets it apart from the Ashton Kutcher joint." } },
    { "fnc1-428",
      "The two are working from a script by Aaron Sorkin, who himself won an Oscar in 2011 for penning \"The "
      "Social Network.\" The film is expected to be loosely based on Walter Isaacson's official Jobs biography.",
      { "The two are working from a script by Aaron Sorkin, who himself won an Oscar in 2011 for penning \"The "
        "Social Network.\"",
        "The film is expected to be loosely based on Walter Isaacson's official Jobs biography." } },
    { "fnc1-2406",
      "\"What makes Kobani matter for us from an airstrike perspective is that (ISIS is) there, and that they "
      "want it,\" said Rear Adm. John Kirby, a Pentagon spokesman.\n\nRetired Brig. Gen. Mark Kimmitt told CNN "
      "Friday that Kobani is not tactically or militarily very important -- but has taken on a certain "
      "significance.",
      { "\"What makes Kobani matter for us from an airstrike perspective is that (ISIS is) there, and that "
        "they want it,\" said Rear Adm. John Kirby, a Pentagon spokesman.",
        "Retired Brig. Gen. Mark Kimmitt told CNN Friday that Kobani is not tactically or militarily very "
        "important -- but has taken on a certain significance." } },
    { "fnc1-2403",
      "However, Nigerian Defense Ministry spokesman Maj. Gen. Chris Olukolade told the Associated Press that "
      "the girls' release is still being negotiated.",
      { "However, Nigerian Defense Ministry spokesman Maj. Gen. Chris Olukolade told the Associated Press that "
        "the girls' release is still being negotiated." } },
    { "fnc1-1233",
      "\"It was chaos,\" said Capt. Ahmed Hussein. He said he believed that gas canisters were fired into the "
      "camp but pointed out that the situation was highly confused. \"I saw an explosion and smelled the "
      "smell; it was like bleach,\" he said.",
      { "\"It was chaos,\" said Capt. Ahmed Hussein.",
        "He said he believed that gas canisters were fired into the camp but pointed out that the situation "
        "was highly confused.",
        "\"I saw an explosion and smelled the smell; it was like bleach,\" he said." } },
    { "fnc1-1088",
      "The day after the denial was issued, the clinic confirmed that Dr. Cohen \"is not currently performing "
      "procedures...nor is he currently serving as medical director.\"",
      { "The day after the denial was issued, the clinic confirmed that Dr. Cohen \"is not currently "
        "performing procedures...nor is he currently serving as medical director.\"" } },
    { "fnc1-156",
      "He was treated at the Guangzhou No. 8 People's Hospital in Guangdong Province, in eastern China.",
      { "He was treated at the Guangzhou No. 8 People's Hospital in Guangdong Province, in eastern China." } },
    { "fnc1-1122",
      "Over the past few weeks, militants affiliated with ISIS have executed more than a dozen doctors in "
      "Mosul, according to Benjamin T. Decker, an intelligence analyst with the Levantine Group, a Middle "
      "East-based geopolitical risk and research consultancy.",
      { "Over the past few weeks, militants affiliated with ISIS have executed more than a dozen doctors in "
        "Mosul, according to Benjamin T. Decker, an intelligence analyst with the Levantine Group, a Middle "
        "East-based geopolitical risk and research consultancy." } },
    { "fnc1-1252",
      "The screening will start at New York's John F. Kennedy airport from the weekend, and later at Newark "
      "Liberty, Washington Dulles, Chicago O'Hare and Hartsfield-Jackson Atlanta.",
      { "The screening will start at New York's John F. Kennedy airport from the weekend, and later at Newark "
        "Liberty, Washington Dulles, Chicago O'Hare and Hartsfield-Jackson Atlanta." } },
    { "fakenewscorpus",
      "The Vice-President of India, Mr. M. Venkaiah Naidu addressing at a Christmas celebration event "
      "organised by the Catholic Bishops' Conference of India (CBCI), in New Delhi on December 12, 2017.",
      { "The Vice-President of India, Mr. M. Venkaiah Naidu addressing at a Christmas celebration event "
        "organised by the Catholic Bishops' Conference of India (CBCI), in New Delhi on December 12, 2017." } },
    { "fnc1-1388",
      "'I was involved in a bloody eyeball scare prank by Josh Paler Lin. My part of the video was staged... "
      "me getting scared by Josh.",
      { "'I was involved in a bloody eyeball scare prank by Josh Paler Lin.",
        "My part of the video was staged... me getting scared by Josh." } },
    { "fakenewscorpus",
      "Dow up 150 points overnight... and stocks dump at the cash open - it's deja vu all over again.",
      { "Dow up 150 points overnight... and stocks dump at the cash open - it's deja vu all over again." } },
    { "fakenewscorpus",
      "Examples of values: family, building your career, athletic performance, art, spirituality, travelling, "
      "being a thought leader, developing your business, etc. It's more of a doing, not a having.",
      { "Examples of values: family, building your career, athletic performance, art, spirituality, "
        "travelling, being a thought leader, developing your business, etc.",
        "It's more of a doing, not a having." } },
    { "fnc1-2491",
      "Willson stated while watching one video, if she closed her eyes and listened to the children fighting, "
      "the growls, barks, etc. sounded exactly like dogs in a canine dog fight.",
      { "Willson stated while watching one video, if she closed her eyes and listened to the children "
        "fighting, the growls, barks, etc. sounded exactly like dogs in a canine dog fight." } },
    { "fakenewscorpus",
      "The first recommendation is always to fully encrypt your device. As the recent FBI vs. Apple court case "
      "showed, even this simple step is enough to put a thorn in the side of a huge State agency with "
      "practically limitless resources.",
      { "The first recommendation is always to fully encrypt your device.",
        "As the recent FBI vs. Apple court case showed, even this simple step is enough to put a thorn in the "
        "side of a huge State agency with practically limitless resources." } },
    { "fnc1-1916",
      "On the same day Michael Brown Jr. was laid to rest, CNN Monday broadcast an audio recording in which "
      "the gunshots that felled the 18-year-old Aug. 9 can purportedly be heard in the background.",
      { "On the same day Michael Brown Jr. was laid to rest, CNN Monday broadcast an audio recording in which "
        "the gunshots that felled the 18-year-old Aug. 9 can purportedly be heard in the background." } },
    { "fnc1-1485",
      "Army Col. Steve Warren, a Pentagon spokesman, says that two of the bundles went astray. One was "
      "destroyed by the U.S. The other fell into enemy hands and included small weapons, hand grenades, "
      "medical supplies and ammunition.",
      { "Army Col. Steve Warren, a Pentagon spokesman, says that two of the bundles went astray.",
        "One was destroyed by the U.S.",
        "The other fell into enemy hands and included small weapons, hand grenades, medical supplies and "
        "ammunition." } },
    { "fnc1-2016",
      "Since the U.S. began airstrikes in Iraq and Syria against the Islamic State, Republicans have frequently "
      "connected the terrorist group to border security in the U.S. In August, Texas Governor Rick Perry called "
      "it a \"very real possibility\" that fighters from the Islamic State had already crossed into the U.S.",
      { "Since the U.S. began airstrikes in Iraq and Syria against the Islamic State, Republicans have "
        "frequently connected the terrorist group to border security in the U.S.",
        "In August, Texas Governor Rick Perry called it a \"very real possibility\" that fighters from the "
        "Islamic State had already crossed into the U.S." } },
    { "fnc1-1817",
      "(L) St. Louis County Tactical Police fire tear gas along West Florissant Road in Ferguson. (R) A grenade "
      "explodes close to a U.S. Army humvee during clashes in Mosul, Iraq, on June 13, 2003.",
      { "(L) St. Louis County Tactical Police fire tear gas along West Florissant Road in Ferguson.",
        "(R) A grenade explodes close to a U.S. Army humvee during clashes in Mosul, Iraq, on June 13, 2003." } },
    { "fnc1-153",
      "The outgoing U.N. envoy to Iraq, Nikolay Mladenov, told the council that 790 people were killed in "
      "January alone by terrorism and armed conflict.",
      { "The outgoing U.N. envoy to Iraq, Nikolay Mladenov, told the council that 790 people were killed in "
        "January alone by terrorism and armed conflict." } },
    { "fnc1-2116",
      "Amazon once sold Kindles in Wal-Mart Stores Inc. and Target Corp. outlets, but those retailers pulled "
      "the devices from shelves two years ago in an apparent nod to Amazon's growing power in retailing.",
      { "Amazon once sold Kindles in Wal-Mart Stores Inc. and Target Corp. outlets, but those retailers "
        "pulled the devices from shelves two years ago in an apparent nod to Amazon's growing power in "
        "retailing." } },
    { "fnc1-1838",
      "On Tuesday, online-auction pioneer eBay Inc. EBAY -0.77% announced a plan to spin off its PayPal "
      "payments-processing unit. Shareholders rewarded eBay's decision, pushing the company's shares up about "
      "7.5% that day.",
      { "On Tuesday, online-auction pioneer eBay Inc. EBAY -0.77% announced a plan to spin off its PayPal "
        "payments-processing unit.",
        "Shareholders rewarded eBay's decision, pushing the company's shares up about 7.5% that day." } },
    { "fnc1-1682",
      "The $500m fund came from A&E Networks, which invested $250m in Vice recently for a 10 per cent stake, "
      "valuing the company at $2.5bn. Technology Crossover Ventures, the Silicon Valley fund that has stakes "
      "in Facebook and Netflix, also invested $250m in the group.",
      { "The $500m fund came from A&E Networks, which invested $250m in Vice recently for a 10 per cent stake, "
        "valuing the company at $2.5bn.",
        "Technology Crossover Ventures, the Silicon Valley fund that has stakes in Facebook and Netflix, also "
        "invested $250m in the group." } },
    { "fnc1-563",
      "Shares of the company, which has struggled to adapt to the new era of mobile and online computing, "
      "were up 5.1 percent at $37 in premarket trading on Monday.",
      { "Shares of the company, which has struggled to adapt to the new era of mobile and online computing, "
        "were up 5.1 percent at $37 in premarket trading on Monday." } },
    { "fnc1-1162",
      "Prime Minister Narendra Modi has cracked down on rampant absenteeism by making New Delhi bureaucrats "
      "sign in at work using a fingerprint scanner. The results are publicly available online - at "
      "www.attendance.gov.in - in real time.",
      { "Prime Minister Narendra Modi has cracked down on rampant absenteeism by making New Delhi bureaucrats "
        "sign in at work using a fingerprint scanner.",
        "The results are publicly available online - at www.attendance.gov.in - in real time." } },
    { "fnc1-1343",
      "To reach Alan Bavley, call 816-234-4858 or send email to abavley@kcstar.com. To reach Tim Engle, call "
      "816-234-4779 or send email to tengle@kcstar.com.",
      { "To reach Alan Bavley, call 816-234-4858 or send email to abavley@kcstar.com.",
        "To reach Tim Engle, call 816-234-4779 or send email to tengle@kcstar.com." } },
    { "fnc1-2249",
      "Rep. Duncan Hunter, R-Calif., told Fox News on Tuesday night that ISIS is sneaking into the U.S. "
      "through the southwestern border.",
      { "Rep. Duncan Hunter, R-Calif., told Fox News on Tuesday night that ISIS is sneaking into the U.S. "
        "through the southwestern border." } },
    { "fnc1-1213",
      "Some Nicaraguan officials have speculated that the purported meteorite may be a piece of the asteroid "
      "2014 RC, which flew by Earth on Sunday (Sept. 7), the AP reported. But that is not the case, experts "
      "said.",
      { "Some Nicaraguan officials have speculated that the purported meteorite may be a piece of the asteroid "
        "2014 RC, which flew by Earth on Sunday (Sept. 7), the AP reported.",
        "But that is not the case, experts said." } },
    { "fakenewscorpus",
      "NASA's Jet Propulsion Laboratory, Pasadena, Calif.\n\nNASA's Goddard Space Flight Center, Greenbelt, "
      "Md.\n",
      { "NASA's Jet Propulsion Laboratory, Pasadena, Calif.",
        "NASA's Goddard Space Flight Center, Greenbelt, Md." } },
    { "fnc1-893",
      "4. Instead, he said that the crab looked more to him like a shore crab (Carcinus maenas) - cleverly "
      "Photoshopped on to a satellite image. \"A hoax is an understatement. A shore crab gets up to two inches "
      "- if you're lucky!\" he said.",
      { "4. Instead, he said that the crab looked more to him like a shore crab (Carcinus maenas) - cleverly "
        "Photoshopped on to a satellite image.",
        "\"A hoax is an understatement.",
        "A shore crab gets up to two inches - if you're lucky!\" he said." } },
    { "fakenewscorpus",
      "That in turn could trigger an economic boom, of increased investment amp; a virtuous circle of higher "
      "growth, greater consumer spending, etc. Who knows? That's what happened under President Reagan, after "
      "all - he initially stimulated the US economy with big tax cuts, which ushered in a period of great "
      "economic success.",
      { "That in turn could trigger an economic boom, of increased investment amp; a virtuous circle of "
        "higher growth, greater consumer spending, etc.",
        "Who knows?",
        "That's what happened under President Reagan, after all - he initially stimulated the US economy "
        "with big tax cuts, which ushered in a period of great economic success." } },
    { "fnc1-2578",
      "Hansen, Philip Jones, Michael Mann, et al. were all involved in trying \"to lower past temperatures "
      "and to 'adjust' recent temperatures upwards, in order to convey the impression of an accelerated "
      "warming,\" according to the leaked emails.",
      { "Hansen, Philip Jones, Michael Mann, et al. were all involved in trying \"to lower past temperatures "
        "and to 'adjust' recent temperatures upwards, in order to convey the impression of an accelerated "
        "warming,\" according to the leaked emails." } },
    { "fakenewscorpus",
      "Q-Do you feel people today actually select their true genetic mates, based off nature, pheromones and "
      "a mate that is a compliment to their own DNA? vs. less compatible mates based on other factors.",
      { "Q-Do you feel people today actually select their true genetic mates, based off nature, pheromones "
        "and a mate that is a compliment to their own DNA? vs. less compatible mates based on other "
        "factors." } },
    { "fnc1-1317",
      "There are four judges listed on the tribunal's website: Imam Yusuf Z.Kavakci, Imam Moujahed Bakhach, "
      "Imam Zia ul Haque Sheikh, and Dr. El-badawi.",
      { "There are four judges listed on the tribunal's website: Imam Yusuf Z.Kavakci, Imam Moujahed "
        "Bakhach, Imam Zia ul Haque Sheikh, and Dr. El-badawi." } },
    { "fnc1-1202",
      "\"If that's a British citizen, we believe it was ... that individual goes back home and . . . buys one "
      "plane ticket, they're in the United States,\" said Rogers. \"We may or may not know who that "
      "individual is.",
      { "\"If that's a British citizen, we believe it was ... that individual goes back home and . . . buys "
        "one plane ticket, they're in the United States,\" said Rogers.",
        "\"We may or may not know who that individual is." } },
    { "fnc1-1686",
      "5. Voici un article \xc3\xa9" "crit le soir des VES sur la pr\xc3\xa9sence de J. J. Abrams. Aucune "
      "mention de la date de lancement de Star Wars.",
      { "5. Voici un article \xc3\xa9" "crit le soir des VES sur la pr\xc3\xa9sence de J. J. Abrams.",
        "Aucune mention de la date de lancement de Star Wars." } },
    { "fnc1-593",
      "2/27 - Rory McIlroy Thinks U.S. Is Desperate For Ryder Cup Win",
      { "2/27 - Rory McIlroy Thinks U.S. Is Desperate For Ryder Cup Win" } },
    { "fnc1-1331",
      "In a lengthy press conference Thursday afternoon, RCMP Commissioner Bob Paulson also said Michael Zehaf "
      "Bibeau shot Cpl. Nathan Cirillo from behind, and the soldier did not see him coming. Zehaf Bibeau shot "
      "at a second soldier with Cpl. Cirillo, but missed.",
      { "In a lengthy press conference Thursday afternoon, RCMP Commissioner Bob Paulson also said Michael "
        "Zehaf Bibeau shot Cpl. Nathan Cirillo from behind, and the soldier did not see him coming.",
        "Zehaf Bibeau shot at a second soldier with Cpl. Cirillo, but missed." } },
    { "fnc1-566",
      "\"They are still capable of conducting counterterrorism operations in Yemen, and frankly ... there's "
      "some counterterrorism training that's still ongoing ... with Yemeni security forces,\" said Rear Adm. "
      "John Kirby, a Pentagon spokesman.",
      { "\"They are still capable of conducting counterterrorism operations in Yemen, and frankly ... there's "
        "some counterterrorism training that's still ongoing ... with Yemeni security forces,\" said Rear Adm. "
        "John Kirby, a Pentagon spokesman." } },
    { "fnc1-1589",
      "Before speaking to reporters, Mr. Obama said he placed a phone call to the parents of James Foley, the "
      "slain reporter, telling them that Americans were \"are all heartbroken at their loss.\" He described "
      "Mr. Foley as a \"journalist, a son, a brother and a friend who was \"taken from us in an act of "
      "violence that shocked the conscience of the entire world.\"",
      { "Before speaking to reporters, Mr. Obama said he placed a phone call to the parents of James Foley, "
        "the slain reporter, telling them that Americans were \"are all heartbroken at their loss.\"",
        "He described Mr. Foley as a \"journalist, a son, a brother and a friend who was \"taken from us in an "
        "act of violence that shocked the conscience of the entire world.\"" } },
    { "fakenewscorpus",
      "In 2010 the U.S. government allocated $2 billion to help develop and modernize the Iraqi oil and gas "
      "industry, although its direct involvement in managing that industry ended in 2008.",
      { "In 2010 the U.S. government allocated $2 billion to help develop and modernize the Iraqi oil and "
        "gas industry, although its direct involvement in managing that industry ended in 2008." } },
    { "fakenewscorpus",
      "Q. Was the screaming Trayvon's?\n\nA. As I focus on that I hear Martin's side yelling, but not making "
      "words. Just sounds as they are fighting.",
      { "Q. Was the screaming Trayvon's?",
        "A. As I focus on that I hear Martin's side yelling, but not making words.",
        "Just sounds as they are fighting." } },
    { "fnc1-1248",
      "\"I open the door and my neighbor's standing there with the cat in her hand,\" Hutson said. \"She said, "
      "'Bart is not dead.' I said, 'That's impossible. We buried Bart.'\"",
      { "\"I open the door and my neighbor's standing there with the cat in her hand,\" Hutson said.",
        "\"She said, 'Bart is not dead.'", "I said, 'That's impossible.", "We buried Bart.'\"" } },
    { "fnc1-2374",
      "\"Even as this is an important step forward in the fight against al-Shabab, the United States will "
      "continue to use the tools at our disposal - financial, diplomatic, intelligence and military - to "
      "address the threat that al-Shabab and other terrorist groups pose to the United States and the "
      "American people.\" It added.",
      { "\"Even as this is an important step forward in the fight against al-Shabab, the United States will "
        "continue to use the tools at our disposal - financial, diplomatic, intelligence and military - to "
        "address the threat that al-Shabab and other terrorist groups pose to the United States and the "
        "American people.\" It added." } },
    { "fnc1-1376",
      "Host Greta Van Susteren replied to Hunter's allegations by asking, \"Do you have any information, or "
      "any evidence, that they are actually coming in the southern border now?\" And Hunter responded, "
      "\"Yes.",
      { "Host Greta Van Susteren replied to Hunter's allegations by asking, \"Do you have any information, "
        "or any evidence, that they are actually coming in the southern border now?\"",
        "And Hunter responded, \"Yes." } },
    { "fnc1-283",
      "Because, as Ben Collins writes in his Esquire piece:\n\n\"... ESPN has a $15.2 billion broadcasting "
      "agreement with the NFL.",
      { "Because, as Ben Collins writes in his Esquire piece:",
        "\"... ESPN has a $15.2 billion broadcasting agreement with the NFL." } },
    { "fakenewscorpus",
      "Characters are related to one another, someone dies in a way that inspires the newest Jedi, etc. Along "
      "the way we meet back up with Han and Chewbacca, and even General (nee Princess) Leia.",
      { "Characters are related to one another, someone dies in a way that inspires the newest Jedi, etc.",
        "Along the way we meet back up with Han and Chewbacca, and even General (nee Princess) Leia." } },
    { "spec",
      "He said \"Go.\" Then he left. Version v1.2 ships at 3.30 p.m. on Friday. See www.x.org. Profits hit "
      "$2.3bn. The U. S. Army agreed.",
      { "He said \"Go.\"", "Then he left.", "Version v1.2 ships at 3.30 p.m. on Friday.", "See www.x.org.",
        "Profits hit $2.3bn.", "The U. S. Army agreed." } },
    { "spec",
      "It grew in the U.S. But not in the U.K. \"Why?\" he asked. \"Go!\" she said. He waited... Nothing "
      "came. Then... nothing.",
      { "It grew in the U.S.", "But not in the U.K.", "\"Why?\" he asked.", "\"Go!\" she said.",
        "He waited...", "Nothing came.", "Then... nothing." } },
};

typedef struct collected {
    uint32_t start[MAX_SENTENCES * 2];
    uint32_t end[MAX_SENTENCES * 2];
    size_t count;
    size_t calls;
    size_t stop_at; /* 1-based call that returns stop_value; 0 never */
    int stop_value;
} collected;

static int collect(uint32_t start, uint32_t end, void *ud)
{
    collected *c = ud;
    if (c->count < MAX_SENTENCES * 2) {
        c->start[c->count] = start;
        c->end[c->count] = end;
        c->count++;
    }
    c->calls++;
    return c->calls == c->stop_at ? c->stop_value : 0;
}

static nf_segmenter *new_test_segmenter(void)
{
    nf_segmenter *s = nf_segmenter_new();
    assert_non_null(s);
    for (size_t i = 0; i < sizeof test_abbreviations / sizeof test_abbreviations[0]; i++)
        assert_int_equal(nf_segmenter_add_abbreviation(s, test_abbreviations[i]), 0);
    for (size_t i = 0; i < sizeof test_titles / sizeof test_titles[0]; i++)
        assert_int_equal(nf_segmenter_add_title(s, test_titles[i]), 0);
    return s;
}

static collected segment_text(const nf_segmenter *s, const char *text, size_t len)
{
    collected c = { .count = 0 };
    assert_int_equal(nf_segment(s, text, len, collect, &c), 0);
    return c;
}

static size_t expected_count(const segment_case *k)
{
    size_t n = 0;
    while (n < MAX_SENTENCES && k->expected[n])
        n++;
    return n;
}

/* Whether the sentences found match the expected ones; prints both when they do not. */
static bool matches_case(size_t index, const segment_case *k, const collected *c)
{
    size_t want = expected_count(k);
    bool same = c->count == want;
    for (size_t i = 0; same && i < want; i++) {
        size_t n = c->end[i] - c->start[i];
        same = strlen(k->expected[i]) == n && memcmp(k->input + c->start[i], k->expected[i], n) == 0;
    }
    if (same)
        return true;
    print_error("case %zu (%s): %s\n", index, k->source, k->input);
    for (size_t i = 0; i < want; i++)
        print_error("  expected [%zu] %s\n", i, k->expected[i]);
    for (size_t i = 0; i < c->count; i++)
        print_error("  got      [%zu] %.*s\n", i, (int)(c->end[i] - c->start[i]), k->input + c->start[i]);
    return false;
}

static void test_corpus_cases(void **state)
{
    (void)state;
    nf_segmenter *s = new_test_segmenter();
    size_t failed = 0;
    size_t count = sizeof cases / sizeof cases[0];
    for (size_t i = 0; i < count; i++) {
        collected c = segment_text(s, cases[i].input, strlen(cases[i].input));
        if (!matches_case(i, &cases[i], &c))
            failed++;
    }
    nf_segmenter_free(s);
    if (failed)
        fail_msg("%zu of %zu cases failed", failed, count);
}

static void test_line_break_always_ends_a_sentence(void **state)
{
    (void)state;
    nf_segmenter *s = new_test_segmenter();
    /* A title without a period, an abbreviation and a title at the end of a line, a blank line. */
    const char *text = "A title without a period\nBody in Washington, D.C.\nMr.\n\nLast one";
    collected c = segment_text(s, text, strlen(text));
    assert_int_equal(c.count, 4);
    assert_int_equal(c.start[0], 0);
    assert_int_equal(c.end[0], 24);
    assert_int_equal(c.start[1], 25);
    assert_int_equal(c.end[1], 49);
    assert_int_equal(c.start[2], 50);
    assert_int_equal(c.end[2], 53);
    assert_int_equal(c.start[3], 55);
    assert_int_equal(c.end[3], 63);
    nf_segmenter_free(s);
}

static void test_sentences_are_trimmed(void **state)
{
    (void)state;
    nf_segmenter *s = new_test_segmenter();
    const char *text = "   Hello there.   Next one!  \n  Third  ";
    collected c = segment_text(s, text, strlen(text));
    assert_int_equal(c.count, 3);
    assert_int_equal(c.start[0], 3);
    assert_int_equal(c.end[0], 15);
    assert_int_equal(c.start[1], 18);
    assert_int_equal(c.end[1], 27);
    assert_int_equal(c.start[2], 32);
    assert_int_equal(c.end[2], 37);
    nf_segmenter_free(s);
}

static void test_empty_input_has_no_sentences(void **state)
{
    (void)state;
    nf_segmenter *s = new_test_segmenter();
    collected c = segment_text(s, "", 0);
    assert_int_equal(c.calls, 0);
    c = segment_text(s, NULL, 0);
    assert_int_equal(c.calls, 0);
    nf_segmenter_free(s);
}

static void test_white_space_only_has_no_sentences(void **state)
{
    (void)state;
    nf_segmenter *s = new_test_segmenter();
    const char *text = " \n \n\n   \n ";
    collected c = segment_text(s, text, strlen(text));
    assert_int_equal(c.calls, 0);
    nf_segmenter_free(s);
}

static void test_punctuation_alone_is_one_sentence(void **state)
{
    (void)state;
    nf_segmenter *s = new_test_segmenter();
    /* A run of terminators that opens a sentence does not end it. */
    const char *text = "... and then.\n?! Then.\n.";
    collected c = segment_text(s, text, strlen(text));
    assert_int_equal(c.count, 3);
    assert_int_equal(c.start[0], 0);
    assert_int_equal(c.end[0], 13);
    assert_int_equal(c.start[1], 14);
    assert_int_equal(c.end[1], 22);
    assert_int_equal(c.start[2], 23);
    assert_int_equal(c.end[2], 24);
    nf_segmenter_free(s);
}

static void test_callback_value_stops_segmenting(void **state)
{
    (void)state;
    nf_segmenter *s = new_test_segmenter();
    const char *text = "One. Two. Three. Four.";
    collected c = { .stop_at = 2, .stop_value = 42 };
    assert_int_equal(nf_segment(s, text, strlen(text), collect, &c), 42);
    assert_int_equal(c.calls, 2);
    c = (collected){ .stop_at = 4, .stop_value = -7 };
    assert_int_equal(nf_segment(s, text, strlen(text), collect, &c), -7);
    assert_int_equal(c.calls, 4);
    nf_segmenter_free(s);
}

/*
 * Megabytes without a terminator, with terminators but no spaces, or with
 * a run of opening quotes before many non-ending periods make one sentence
 * each, in linear time.
 */
static void test_long_input_without_terminators(void **state)
{
    (void)state;
    nf_segmenter *s = new_test_segmenter();
    /* A multiple of 5, so the text ends with "word " and with "a.b..". */
    size_t len = 5u << 20;
    char *text = nf_malloc(len);
    assert_non_null(text);
    for (size_t i = 0; i < len; i++)
        text[i] = "word "[i % 5];
    collected c = segment_text(s, text, len);
    assert_int_equal(c.count, 1);
    assert_int_equal(c.start[0], 0);
    assert_int_equal(c.end[0], len - 1);
    for (size_t i = 0; i < len; i++)
        text[i] = "a.b.."[i % 5];
    c = segment_text(s, text, len);
    assert_int_equal(c.count, 1);
    assert_int_equal(c.end[0], len);
    for (size_t i = 0; i < len; i++)
        text[i] = i < len / 2 ? '"' : "a. "[i % 3];
    c = segment_text(s, text, len);
    assert_int_equal(c.count, 1);
    assert_int_equal(c.start[0], 0);
    assert_true(c.end[0] >= len - 2);
    nf_free(text);
    nf_segmenter_free(s);
}

static void test_word_lists_are_case_sensitive(void **state)
{
    (void)state;
    nf_segmenter *s = new_test_segmenter();
    const char *text = "Paid etc. Officials left. Paid ETC. Officials left. Met mr. Smith.";
    collected c = segment_text(s, text, strlen(text));
    assert_int_equal(c.count, 5);
    assert_int_equal(c.end[0], 25);
    assert_int_equal(c.end[1], 35);
    assert_int_equal(c.end[2], 51);
    assert_int_equal(c.end[3], 59);
    assert_int_equal(c.end[4], 66);
    nf_segmenter_free(s);
}

static void test_title_wins_over_abbreviation(void **state)
{
    (void)state;
    nf_segmenter *s = nf_segmenter_new();
    assert_non_null(s);
    assert_int_equal(nf_segmenter_add_abbreviation(s, "Gen"), 0);
    const char *text = "Retired Gen. The Smith.";
    collected c = segment_text(s, text, strlen(text));
    assert_int_equal(c.count, 2);
    assert_int_equal(nf_segmenter_add_title(s, "Gen"), 0);
    c = segment_text(s, text, strlen(text));
    assert_int_equal(c.count, 1);
    nf_segmenter_free(s);
}

static void test_bad_words_are_rejected(void **state)
{
    (void)state;
    nf_segmenter *s = nf_segmenter_new();
    assert_non_null(s);
    char long_word[80];
    memset(long_word, 'x', sizeof long_word - 1);
    long_word[sizeof long_word - 1] = '\0';
    assert_int_equal(nf_segmenter_add_abbreviation(s, ""), NF_EINVAL);
    assert_int_equal(nf_segmenter_add_abbreviation(s, "."), NF_EINVAL);
    assert_int_equal(nf_segmenter_add_abbreviation(s, "et al"), NF_EINVAL);
    assert_int_equal(nf_segmenter_add_title(s, long_word), NF_EINVAL);
    assert_int_equal(nf_segmenter_add_title(s, NULL), NF_EINVAL);
    assert_int_equal(nf_segmenter_add_title(NULL, "Mr"), NF_EINVAL);
    /* A final period written by mistake is dropped. */
    assert_int_equal(nf_segmenter_add_title(s, "Mr."), 0);
    const char *text = "Met Mr. Smith.";
    collected c = segment_text(s, text, strlen(text));
    assert_int_equal(c.count, 1);
    assert_int_equal(nf_segment(NULL, text, 3, collect, &c), NF_EINVAL);
    assert_int_equal(nf_segment(s, text, 3, NULL, &c), NF_EINVAL);
    assert_int_equal(nf_segment(s, NULL, 3, collect, &c), NF_EINVAL);
    nf_segmenter_free(s);
}

/* Enough words to make the set grow several times; every one must still be found. */
static void test_many_words_are_all_found(void **state)
{
    (void)state;
    nf_segmenter *s = nf_segmenter_new();
    assert_non_null(s);
    char word[16];
    for (int i = 0; i < 1000; i++) {
        snprintf(word, sizeof word, "Xq%d", i);
        assert_int_equal(nf_segmenter_add_abbreviation(s, word), 0);
    }
    assert_int_equal(nf_segmenter_add_abbreviation(s, "Xq7"), 0);
    char text[64];
    for (int i = 0; i < 1000; i += 37) {
        snprintf(text, sizeof text, "At Xq%d. Army units.", i);
        collected c = segment_text(s, text, strlen(text));
        assert_int_equal(c.count, 1);
    }
    const char *unlisted = "At Xq1000. Army units.";
    collected c = segment_text(s, unlisted, strlen(unlisted));
    assert_int_equal(c.count, 2);
    nf_segmenter_free(s);
}

static void test_out_of_memory_is_reported(void **state)
{
    (void)state;
    nf_alloc_fail_after(0);
    assert_null(nf_segmenter_new());
    nf_alloc_fail_after(-1);
    nf_segmenter *s = nf_segmenter_new();
    assert_non_null(s);
    nf_alloc_fail_after(0);
    assert_int_equal(nf_segmenter_add_title(s, "Mr"), NF_ENOMEM);
    nf_alloc_fail_after(1);
    assert_int_equal(nf_segmenter_add_title(s, "Mr"), NF_ENOMEM);
    nf_alloc_fail_after(-1);
    assert_int_equal(nf_segmenter_add_title(s, "Mr"), 0);
    const char *text = "Met Mr. Smith.";
    collected c = segment_text(s, text, strlen(text));
    assert_int_equal(c.count, 1);
    nf_segmenter_free(s);
    nf_segmenter_free(NULL);
}

NF_TEST_GROUP(sentences) {
    cmocka_unit_test(test_corpus_cases),
    cmocka_unit_test(test_line_break_always_ends_a_sentence),
    cmocka_unit_test(test_sentences_are_trimmed),
    cmocka_unit_test(test_empty_input_has_no_sentences),
    cmocka_unit_test(test_white_space_only_has_no_sentences),
    cmocka_unit_test(test_punctuation_alone_is_one_sentence),
    cmocka_unit_test(test_callback_value_stops_segmenting),
    cmocka_unit_test(test_long_input_without_terminators),
    cmocka_unit_test(test_word_lists_are_case_sensitive),
    cmocka_unit_test(test_title_wins_over_abbreviation),
    cmocka_unit_test(test_bad_words_are_rejected),
    cmocka_unit_test(test_many_words_are_all_found),
    cmocka_unit_test(test_out_of_memory_is_reported),
};
NF_TEST_GROUP_END(sentences);
