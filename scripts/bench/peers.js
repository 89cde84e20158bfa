#!/usr/bin/env node
/*
 * peers.js — the throughput of peer NLP libraries on the bench sample, for
 * `make bench` to compare newsflow with.
 *
 *   node scripts/bench/peers.js PEERS_DIR SAMPLE_DIR [PASSES] [BUDGET_SECONDS]
 *
 * PEERS_DIR holds node_modules/ with the libraries (bench.py installs them
 * from scripts/bench/peers/package.json); SAMPLE_DIR the articles (*.txt,
 * line 1 the title, a blank line, the body: each file is processed whole,
 * as newsflow processes it).
 *
 * Each library does roughly what newsflow's entities stage does:
 *   compromise  nlp(text), then .people(), .places(), .organizations()
 *   wink-nlp    readDoc(text) with wink-eng-lite-web-model, then its
 *               sentences, tokens and entities
 *
 * Loading a library and its model is not timed. A warm-up on a few articles
 * lets the JIT settle; then the whole sample is processed PASSES times
 * (default 3, fewer when a pass makes the total exceed BUDGET_SECONDS,
 * default 60) and the best pass counts. Prints one JSON object per library
 * on standard output: name, version, articles, bytes, seconds (best pass),
 * passes, found (how many things it found, so the work cannot be skipped).
 */
'use strict';

const fs = require('fs');
const path = require('path');
const { createRequire } = require('module');

const [peersDir, sampleDir, passesArg, budgetArg] = process.argv.slice(2);
if (!peersDir || !sampleDir) {
  process.stderr.write('usage: node peers.js PEERS_DIR SAMPLE_DIR [PASSES] [BUDGET_SECONDS]\n');
  process.exit(2);
}
const PASSES = Number(passesArg || 3);
const BUDGET = Number(budgetArg || 60);
const peerRequire = createRequire(path.join(path.resolve(peersDir), 'package.json'));

const files = fs.readdirSync(sampleDir).filter((f) => f.endsWith('.txt')).sort();
const texts = files.map((f) => fs.readFileSync(path.join(sampleDir, f), 'utf8'));
const bytes = files.reduce((n, f) => n + fs.statSync(path.join(sampleDir, f)).size, 0);

// Read from the file: a package's "exports" may hide its package.json from require.
function version(name) {
  const file = path.join(peersDir, 'node_modules', name, 'package.json');
  return JSON.parse(fs.readFileSync(file, 'utf8')).version;
}

// What each library does with one article; returns how many things it found.
const peers = {
  compromise() {
    const nlp = peerRequire('compromise');
    return (text) => {
      const doc = nlp(text);
      return doc.people().out('array').length + doc.places().out('array').length +
        doc.organizations().out('array').length;
    };
  },
  'wink-nlp'() {
    const winkNLP = peerRequire('wink-nlp');
    const nlp = winkNLP(peerRequire('wink-eng-lite-web-model'));
    const its = nlp.its;
    return (text) => {
      const doc = nlp.readDoc(text);
      return doc.sentences().out().length + doc.tokens().out().length +
        doc.entities().out(its.detail).length;
    };
  },
};

for (const [name, make] of Object.entries(peers)) {
  const result = { name, version: null, articles: texts.length, bytes, seconds: null, passes: 0, found: 0 };
  try {
    result.version = version(name);
    const process1 = make();
    for (const t of texts.slice(0, 20)) process1(t);        // warm-up
    let spent = 0;
    for (let pass = 0; pass < PASSES && (pass === 0 || spent < BUDGET); pass++) {
      let found = 0;
      const t0 = process.hrtime.bigint();
      for (const t of texts) found += process1(t);
      const s = Number(process.hrtime.bigint() - t0) / 1e9;
      spent += s;
      result.passes++;
      result.found = found;
      if (result.seconds === null || s < result.seconds) result.seconds = s;
    }
  } catch (err) {
    result.error = String(err && err.message ? err.message : err).split('\n')[0];
  }
  process.stdout.write(JSON.stringify(result) + '\n');
}
