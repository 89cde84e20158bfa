#!/usr/bin/env node
// check.js — checks the entity lists of plugins/lists/ the way newsflow will
// read them, in the order plugins/entities.lua lists them, and prints how
// many entities and keys each file has.
//
//   node scripts/lists/check.js [--shadowed]
//
// Errors (exit 1): a line without a name and a known type, an empty alias,
// an alias without a capital letter or a digit on a line without `any` (it
// would match the word in any case), a key given to two entities in one
// file, a name or alias listed twice. With --shadowed it also prints every
// key that an earlier file already holds, that is, where the order of the
// files decides.

'use strict';

const fs = require('fs');
const path = require('path');

// The recommended order of plugins/entities.lua's `lists` (README.md says why):
// the first listing of a key wins.
const ORDER = [
  'people.tsv', 'armed_groups.tsv', 'organizations.tsv', 'parties.tsv', 'media.tsv',
  'events.tsv', 'misc.tsv', 'groups.tsv', 'places.tsv', 'countries.tsv', 'demonyms.tsv',
  'cities.tsv', 'subdivisions.tsv', 'languages.tsv',
];
const TYPES = new Set(['PERSON', 'ORG', 'PLACE', 'GROUP', 'EVENT', 'MISC']);

const dir = path.join(__dirname, '..', '..', 'plugins', 'lists');
const showShadowed = process.argv.includes('--shadowed');
const owner = new Map();   // key -> "file: name", for the whole order
let errors = 0;

const key = (alias) => alias.normalize('NFC').toLowerCase();
function error(where, message) {
  console.error(`${where}: ${message}`);
  errors++;
}

for (const file of ORDER) {
  const lines = fs.readFileSync(path.join(dir, file), 'utf8').split('\n');
  const mine = new Map();   // key -> [entity name, spelling], in this file
  let entities = 0, keys = 0;
  lines.forEach((line, i) => {
    if (line === '' || line.startsWith('#')) return;
    const where = `${file}:${i + 1}`;
    const [name, type, aliases = '', mode = ''] = line.split('\t');
    if (!name || !TYPES.has(type)) return error(where, `needs a name and one of ${[...TYPES]}`);
    entities++;
    for (const alias of [name, ...(aliases ? aliases.split('|') : [])]) {
      if (alias === '' || alias !== alias.trim()) { error(where, 'an empty or padded alias'); continue; }
      if (mode !== 'any' && !/[\p{Lu}\p{N}]/u.test(alias)) error(where, `"${alias}" has no capital letter or digit`);
      const k = key(alias);
      // Spellings of one entity that differ only in case are one key whose
      // capitals are those they share; another entity's key is an error.
      if (mine.has(k)) {
        const [holder, spelling] = mine.get(k);
        if (holder !== name) error(where, `"${alias}" is already a key of ${holder} in ${file}`);
        else if (spelling === alias) error(where, `"${alias}" is listed twice`);
        continue;
      }
      mine.set(k, [name, alias]);
      keys++;
      if (owner.has(k)) {
        if (showShadowed) console.log(`${where}: "${alias}" (${name}) is held by ${owner.get(k)}`);
      } else {
        owner.set(k, `${file}: ${name}`);
      }
    }
  });
  console.log(`${file.padEnd(18)} ${String(entities).padStart(5)} entities ${String(keys).padStart(6)} keys`);
}
console.log(`${'all'.padEnd(18)} ${String(owner.size).padStart(22)} distinct keys`);
process.exit(errors ? 1 : 0);
