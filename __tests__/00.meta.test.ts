/**
 * Rules about the suite itself: every skip says why (helpers/skip.ts puts the reason in the title and
 * setup/skip-reporter.js lists it at the end of the run).
 */
import fs from 'node:fs';
import path from 'node:path';

const dir = __dirname;
const files = fs.readdirSync(dir).filter((f) => f.endsWith('.test.ts') && f !== path.basename(__filename));

test('no bare test.skip / describe.skip / xit: skips go through testIf / describeIf with a reason', () => {
  const bare: string[] = [];
  for (const f of files) {
    fs.readFileSync(path.join(dir, f), 'utf8').split('\n').forEach((line, i) => {
      if (/\b(test|it|describe)\.skip\b|\bx(it|test|describe)\(/.test(line) && !line.includes('[skipped:')) bare.push(`${f}:${i + 1}: ${line.trim()}`);
    });
  }
  expect(bare).toEqual([]);
});

test('the skip reporter is configured, so the reasons are printed', () => {
  const config = require('../jest.config.js') as { reporters?: unknown[] };
  expect(config.reporters).toEqual(expect.arrayContaining(['<rootDir>/__tests__/setup/skip-reporter.js']));
});
