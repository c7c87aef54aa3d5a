#!/usr/bin/env node
'use strict';
/**
 * Prints the functions with the most self time in a V8 CPU profile (what `node --cpu-prof` writes):
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof some-script.js
 *   node bench/cpuprofile-top.js /tmp/prof/*.cpuprofile [count]
 * Time spent inside a Koffi call or a native callback entry shows up as self time of the JS function
 * that made the call (Koffi's functions are native), '(garbage collector)' as its own line.
 */
const fs = require('node:fs');

const [file, countArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: node bench/cpuprofile-top.js <file.cpuprofile> [count]');
  process.exit(2);
}
const prof = JSON.parse(fs.readFileSync(file, 'utf8'));
const dt = new Map();
prof.samples.forEach((id, i) => dt.set(id, (dt.get(id) || 0) + (prof.timeDeltas[i] || 0)));
const self = new Map();
let total = 0;
for (const n of prof.nodes) {
  const t = dt.get(n.id) || 0;
  total += t;
  const f = n.callFrame;
  const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').slice(-2).join('/')}:${f.lineNumber + 1}`;
  self.set(key, (self.get(key) || 0) + t);
}
for (const [k, t] of [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, Number(countArg) || 25)) {
  console.log(`${((100 * t) / total).toFixed(1).padStart(5)}%  ${k}`);
}
