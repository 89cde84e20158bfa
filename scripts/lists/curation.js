// curation.js — the hand-made decisions that generate.js applies to its
// sources. Every table says why it exists; edit here, then run
// scripts/lists/generate.sh. Names are matched exactly as written here.

'use strict';

// Cities: GeoNames places with at least this many inhabitants, plus every
// national capital. 100,000 keeps the cities that international news names
// (about 4,400) while leaving out the tens of thousands of towns whose names
// are also surnames, saints or words; smaller places that matter (Talbiseh,
// Lataminah) are curated in plugins/lists/places.tsv.
exports.CITY_MIN_POPULATION = 100000;

// All-capital aliases of three letters or fewer are dropped (ISO codes such as
// "IN", "IT", "AS" are words in headlines), except these, which news writes.
exports.SHORT_CODES = new Set(['US', 'USA', 'UK', 'UAE', 'DRC', 'PRC', 'ROK', 'EU']);

// Countries: canonical names as English-language news writes them, where
// world-countries' common name differs, and aliases the sources lack. Keyed
// by ISO 3166-1 alpha-2.
exports.COUNTRIES = {
  US: { aliases: ['U.S.', 'U.S.A.', 'America', 'United States of America'] },
  GB: { aliases: ['U.K.', 'Britain', 'Great Britain'] },
  AE: { aliases: ['U.A.E.'] },
  TR: { name: 'Turkey', aliases: ['Türkiye', 'Turkiye', 'Republic of Turkey'] },
  CZ: { name: 'Czech Republic', aliases: ['Czechia'] },
  CD: { name: 'Democratic Republic of the Congo',
        // "Congo" alone is given to the larger, more often reported country.
        aliases: ['DR Congo', 'Democratic Republic of Congo', 'Congo', 'D.R. Congo', 'Zaire'] },
  CG: { aliases: ['Congo-Brazzaville', 'Republic of Congo'] },
  CI: { aliases: ["Côte d'Ivoire", "Cote d'Ivoire"] },
  MK: { aliases: ['Macedonia', 'FYROM'] },
  MM: { aliases: ['Burma'] },
  SZ: { aliases: ['Swaziland'] },
  CV: { aliases: ['Cabo Verde'] },
  TL: { name: 'East Timor', aliases: ['Timor-Leste'] },
  VA: { aliases: ['Vatican', 'Holy See'] },
  KP: { aliases: ['DPRK'] },
  KR: { aliases: ['Republic of Korea', 'ROK'] },
  CN: { aliases: ["People's Republic of China", 'PRC', 'Mainland China'] },
  TW: { aliases: ['Republic of China'] },
  PS: { aliases: ['State of Palestine'] },
  NL: { aliases: ['Holland'] },
  GM: { aliases: ['The Gambia'] },
  BS: { aliases: ['The Bahamas'] },
  PH: { aliases: ['Philippine Islands'] },
};

// Demonyms: world-countries gives one adjective per country ("Syrian"); the
// plural noun is made by adding "s" unless the adjective ends as in
// NO_PLURAL. PLURAL overrides the rule; MORE adds nouns and variants.
exports.NO_PLURAL = /(ese|ish|ss|sh|ch|ic|Malagasy|Seychellois|Kiribati)$/;
exports.DEMONYMS = {
  CZ: { plural: 'Czechs' },
  BW: { plural: 'Batswana' },
  LS: { plural: 'Basotho' },
  DJ: { plural: 'Djiboutians', more: ['Djiboutian'] },
  GI: { plural: 'Gibraltarians', more: ['Gibraltarian'] },
  VA: { plural: 'Vatican citizens' },
  PM: { plural: 'Saint-Pierrais' },
  IM: { plural: 'Manx' },
  CV: { plural: 'Cape Verdeans', more: ['Cape Verdean'] },
  KG: { plural: 'Kyrgyz', more: ['Kyrgyzstani', 'Kyrgyzstanis'] },
  TJ: { plural: 'Tajiks', more: ['Tajik', 'Tajikistani'] },
  GB: { more: ['Briton', 'Britons', 'Brit', 'Brits'] },
  FR: { more: ['Frenchman', 'Frenchmen', 'Frenchwoman'] },
  ES: { plural: 'Spaniards', more: ['Spaniard'] },
  DK: { plural: 'Danes', more: ['Dane'] },
  SE: { plural: 'Swedes', more: ['Swede'] },
  FI: { plural: 'Finns' },   // not "Finn", a given name
  PL: { plural: 'Poles', more: ['Pole'] },
  TR: { plural: 'Turks', more: ['Turk'] },
  SA: { more: ['Saudi', 'Saudis'] },
  KZ: { more: ['Kazakh', 'Kazakhs'] },
  UZ: { more: ['Uzbek', 'Uzbeks'] },
  AZ: { more: ['Azeri', 'Azeris'] },
  NZ: { more: ['New Zealanders'] },
  PH: { more: ['Filipina'] },
  AR: { more: ['Argentinian', 'Argentinians'] },
  EC: { more: ['Ecuadorian', 'Ecuadorians'] },
  IL: { more: ['Israelis'] },
  NL: { more: ['Dutchman', 'Dutchmen'] },
  IE: { more: ['Irishman', 'Irishmen'] },
  CH: { more: ['Swiss'] },
  BA: { more: ['Bosnians'] },
  SI: { more: ['Slovenian', 'Slovenians'] },
  SK: { more: ['Slovaks'] },
  MV: { more: ['Maldivian', 'Maldivians'] },
};

// ISO 3166-2 subdivision types that are too small or too many to name in
// international news (Slovenia's 212 municipalities, Malta's local councils)
// and whose names are often ordinary words or surnames (Irish counties:
// "Kerry", "Clare", "Down").
exports.SUBDIVISION_TYPES_SKIPPED = new Set([
  'Municipality', 'District', 'Local council', 'Parish', 'Rayon', 'District municipality',
  'Commune', 'Quarter', 'City municipality', 'Town', 'Borough', 'County', 'Island council',
  'Administrative atoll', 'Popularate', 'City with county rights', 'Urban municipality',
  'Unitary authority', 'Council area', 'London borough', 'Metropolitan district',
  'Two-tier county', 'District council area', 'Island', 'Outlying area',
]);

// Suffixes of ISO 3166-2 names that English never writes ("Guangdong Sheng",
// "Tatarstan, Respublika", "Hong Kong SAR").
exports.SUBDIVISION_SUFFIXES = /,? (Sheng|Shi|Zizhiqu|Zhuangzu Zizhiqu|Huizu Zizhiqu|Uygur Zizhiqu|SAR|Respublika)$/;
// Names in a Russian or Ukrainian transliteration that English news never
// uses ("Moskovskaja oblast'"); plugins/lists/places.tsv has the English ones.
exports.SUBDIVISION_FOREIGN = /\b(oblast'?|kraj|kray|okrug|avtonomn\w*|Respublika)\b/;

// Languages (ISO 639-2 with a two-letter code): names to use where the
// ISO name is inverted or qualified.
exports.LANGUAGES = {
  el: 'Greek', km: 'Khmer', fy: 'Frisian', nr: null, nd: null, st: 'Sesotho', nn: null,
  nb: null, cu: null, ia: null, ie: null, oc: 'Occitan', to: null, ii: null,
};
exports.LANGUAGE_ALIASES = { fa: ['Farsi'], zh: ['Mandarin'], ps: ['Pashto'], ku: ['Kurmanji', 'Sorani'] };

// Words of which subdivision names like "Upper East" or "North West" are
// made: a name made only of them is dropped (a name of one word is dropped
// when it is a common English word).
exports.GENERIC_WORDS = new Set([
  'North', 'South', 'East', 'West', 'Northern', 'Southern', 'Eastern', 'Western', 'Central',
  'Upper', 'Lower', 'Middle', 'Greater', 'Capital', 'Coast', 'Coastal', 'Region', 'Province',
  'District', 'Islands', 'Island', 'Lakes', 'Lake', 'River', 'Highlands', 'Plateau', 'Centre',
  'Center', 'Littoral', 'Far', 'Sud', 'Nord', 'Est', 'Ouest', 'Grand', 'Centre-Est',
  'Centre-Nord', 'Centre-Ouest', 'Centre-Sud', 'Hauts-Bassins', 'Cascades', 'Mountain',
  'Valley', 'Territory', 'Federal', 'City', 'Special', 'Area', 'New', 'Gulf', 'Red', 'Sea',
]);

// Names that the filters would drop but that news uses for the place: words
// that /usr/share/dict lists in lower case ("phoenix", "buffalo") and names
// of three letters or fewer ("Qom").
exports.KEEP = new Set([
  'Phoenix', 'Buffalo', 'Providence', 'Oxford', 'Wellington', 'Mecca', 'Muscat', 'Tangier',
  'Perm', 'Astrakhan', 'Savannah', 'Anchorage', 'Bologna', 'Cork', 'Boulder', 'Surrey',
  'Cairns', 'Slough', 'Shanghai', 'Queens', 'Hull', 'Qom', 'Ufa', 'Osh',
]);

// Names that the sources give to a place (or a language) but that news text
// uses mostly for something else: people's given names and surnames, firms,
// words of other languages, brands. No generated list emits them (countries
// keep their own names; only their alternative spellings are checked here).
exports.DROP = new Set([
  // given names
  'Nelson', 'Hassan', 'Farah', 'Dasha', 'Davie', 'Minna', 'Morena', 'Amara', 'Cesar', 'Isabel',
  'Lara', 'Lindi', 'Magdalena', 'Mara', 'Miranda', 'Saba', 'Valle', 'Yuma', 'Lori', 'Dominique',
  'Mila', 'Izumi', 'Bono', 'Taytay',
  'Aurora', 'Brandon', 'Brent', 'Charlotte', 'Constantine', 'Elizabeth', 'Eugene', 'Kara',
  'Kimberley', 'Mary', 'Nancy', 'Nigel', 'Norman', 'Regina', 'Stanley', 'Tyler', 'Victoria',
  'Vladimir', 'Milton', 'Douglas', 'Clovis', 'Everett', 'Gilbert', 'Irving', 'Edison',
  'Rosario', 'Beni', 'Soledad', 'Mercedes', 'Dolores', 'Esperanza', 'Franca', 'Marília',
  'Leon', 'León', 'Florencia', 'Concordia', 'Luján', 'Sumaré', 'Carmen', 'Teresina',
  'Santa Maria', 'Maria', 'Salvador', 'Lafayette', 'Laval', 'Lincoln', 'Jackson', 'Madison',
  'Montgomery', 'Hamilton', 'Henderson', 'Richardson', 'Lowell', 'Cary', 'Kent',
  // surnames
  'Denton', 'Maan', 'Rivas', 'Pando', 'Bello', 'Downey', 'Pereira', 'Safi', 'Munster', 'Para', 'Hagen', 'Irvine', 'Hayward', 'Torrance', 'Barrie', 'Beaumont', 'Hampton', 'Hastings', 'Lancaster', 'Mansfield', 'Mendoza', 'Paterson',
  'Preston', 'Santos', 'Serra', 'Sutton', 'Thornton', 'Trujillo', 'Vaughan', 'Zamora',
  'Salinas', 'Ponce', 'Livingstone', 'Dudley', 'Darwin', 'Windsor', 'Gresham', 'Reno',
  'Rodriguez', 'Warren', 'Chandler', 'Davenport', 'Billings', 'Cameron', 'Noda', 'Ueda',
  'Seto', 'Iida', 'Sakai', 'Ōta', 'Ota', 'Matsumoto', 'Fukuyama', 'Mishima', 'Kawaguchi',
  'Yao', 'Dali', 'Kato', 'Mann', 'Taiping', 'Timon', 'Palmer', 'Gandhi', 'Nagar',
  'Bhiwandi', 'Pati', 'Puri', 'Kota', 'Naga', 'Hino', 'Mino', 'Fuji', 'Loni', 'Mau',
  'Bama', 'Guna', 'Gaya', 'Pali', 'Moga', 'Anda', 'Kisi', 'Mati', 'Zama', 'Yono', 'Hami',
  // firms, brands, teams and other uses
  'Toyota', 'Hitachi', 'Kawasaki', 'Batman', 'Corona', 'Latina', 'Americana', 'Brits',
  'Chinatown', 'Formosa', 'Carolina', 'Columbia', 'Kobe', 'Cali', 'Guadalupe', 'Independence',
  'Santa Clara', 'Sterling Heights', 'Sandy Springs', 'Nice', 'Reading', 'Split', 'Bath',
  'Mobile', 'Of', 'Man', 'Male', 'Van', 'Sale', 'Oral', 'Lira', 'Tours', 'Natal', 'Delta',
  'Derby', 'Metro', 'Surprise', 'Orange', 'Garland', 'Concord', 'Enterprise', 'Paradise',
  'Springs', 'Midland', 'Vista', 'Centennial', 'Pueblo', 'Riverside', 'Mesa', 'Mesquite',
  'Victorville', 'Bergen', 'Bender', 'Saga', 'Sari', 'Ruse', 'Erode', 'Gent',
  'Angers', 'Mascara', 'Tamale', 'Bimbo', 'Shaping', 'Jingling', 'Simmering', 'Woodlands',
  'Archway', 'Cayenne', 'Centurion', 'Saki', 'Temple', 'Antioch', 'Alhambra',
  'Colonia', 'Durazno', 'Rivera', 'Artigas', 'Salto', 'Soriano', 'Lavalleja', 'Flores',
  'Alba', 'Central', 'Capital', 'Eastern', 'Western', 'Northern',
  'Southern', 'North', 'South', 'East', 'West', 'Centre', 'Center', 'Coast', 'Lakes',
  'Upper', 'Lower', 'Islands', 'Littoral', 'Plateau', 'Mountain', 'Highlands', 'Lagoons',
  'Sud', 'Nord', 'Est', 'Ouest', 'Nord-Est', 'Nord-Ouest', 'Sud-Est', 'Sud-Ouest',
  'Grand-Est', 'Kasai', 'Balkan',
  // languages that are more often other things
  'Ido', 'Ewe', 'Cree', 'Twi', 'Lao', 'Komi', 'Kongo', 'Tonga', 'Venda', 'Ganda', 'Sango',
  'Herero', 'Pali', 'Manx', 'Interlingua', 'Interlingue', 'Volapük', 'Avestan', 'Avaric',
  'Bislama', 'Shona', 'Swati', 'Tswana', 'Tsonga', 'Ndonga', 'Rundi', 'Akan', 'Fulah',
  'Kanuri', 'Walloon', 'Ojibwa', 'Inupiaq', 'Kuanyama', 'Kwanyama', 'Kalaallisut',
  'Chamorro', 'Nauru', 'Tahitian', 'Marshallese', 'Oriya', 'Aragonese', 'Sardinian',
]);
