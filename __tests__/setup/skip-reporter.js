/**
 * Lists every skipped test at the end of the run with the reason its title carries ([skipped: ...],
 * see __tests__/helpers/skip.ts), grouped by reason, so `npm test` never reports "21 skipped" without
 * saying which and why.
 */
'use strict';

class SkipReporter {
  onRunComplete(_contexts, results) {
    const byReason = new Map();
    for (const file of results.testResults) {
      for (const t of file.testResults) {
        if (t.status !== 'pending' && t.status !== 'skipped' && t.status !== 'todo') continue;
        const full = [...t.ancestorTitles, t.title].join(' › ');
        const m = /\[skipped: ([^\]]+)\]/.exec(full);
        const reason = m ? m[1] : 'no reason given (use testIf/describeIf from __tests__/helpers/skip.ts)';
        if (!byReason.has(reason)) byReason.set(reason, []);
        byReason.get(reason).push(`${file.testFilePath.split(/[\\/]/).pop()}: ${full.replace(/ ?\[skipped: [^\]]+\]/g, '')}`);
      }
    }
    if (byReason.size === 0) return;
    const total = [...byReason.values()].reduce((n, l) => n + l.length, 0);
    const lines = [`\nSkipped tests (${total}), by reason:`];
    for (const [reason, tests] of byReason) {
      lines.push(`  ${tests.length} × ${reason}`);
      for (const t of tests.slice(0, 3)) lines.push(`      ${t}`);
      if (tests.length > 3) lines.push(`      ... and ${tests.length - 3} more`);
    }
    process.stderr.write(lines.join('\n') + '\n');
  }
}
module.exports = SkipReporter;
