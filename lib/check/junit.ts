/**
 * The check run as JUnit XML, the format CI systems show as test results: one <testsuite> per group,
 * one <testcase> per check; a fail is a <failure>, a skip <skipped>, a warning passes with its reason
 * in <system-out>. The evidence goes in the failure's text.
 */
import { CHECK_GROUPS } from './catalog';
import type { CheckReport, CheckResult } from './types';

/** XML 1.0 text: the five entities escaped, and characters XML cannot hold (controls, lone surrogates) replaced. */
export function xmlText(s: string): string {
  return s
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

const sec = (ms: number) => (ms / 1000).toFixed(3);

function evidence(r: CheckResult): string {
  return r.evidence.map((e) => `[${e.atMs?.toFixed(1) ?? '-'} ms${e.thread ? ` ${e.thread}` : ''}] ${e.text}${e.name ? ` (${e.name})` : ''}`).join('\n');
}

function testcase(r: CheckResult): string {
  const head = `    <testcase classname="koffi-mapi.check.${r.group}" name="${xmlText(`${r.id}: ${r.title}`)}" time="${sec(r.durationMs)}"`;
  const text = xmlText(`${r.rule}\nSource: ${r.source}\n${r.subject ? `Subject: ${r.subject}\n` : ''}${evidence(r)}`);
  switch (r.status) {
    case 'pass':
      return `${head}/>`;
    case 'warn':
      return `${head}>\n      <system-out>${xmlText(`warning: ${r.reason ?? ''}`)}\n${text}</system-out>\n    </testcase>`;
    case 'skipped':
      return `${head}>\n      <skipped message="${xmlText(r.reason ?? '')}"/>\n    </testcase>`;
    case 'fail':
      return `${head}>\n      <failure message="${xmlText(r.reason ?? '')}" type="${xmlText(r.id)}">${text}</failure>\n    </testcase>`;
  }
}

export function junitXml(report: CheckReport): string {
  const suites = CHECK_GROUPS.map((g) => report.checks.filter((c) => c.group === g)).filter((cs) => cs.length);
  const body = suites.map((cs) => {
    const n = (s: string) => cs.filter((c) => c.status === s).length;
    const time = cs.reduce((a, c) => a + c.durationMs, 0);
    return `  <testsuite name="koffi-mapi check: ${cs[0].group}" tests="${cs.length}" failures="${n('fail')}" errors="0" skipped="${n('skipped')}" time="${sec(time)}" timestamp="${report.startedAt.replace(/\.\d+Z$/, '')}">\n${cs.map(testcase).join('\n')}\n  </testsuite>`;
  });
  const s = report.summary;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="${xmlText(`koffi-mapi check ${report.target.dll}`)}" tests="${report.checks.length}" failures="${s.fail}" errors="0" skipped="${s.skipped}" time="${sec(report.durationMs)}">\n${body.join('\n')}\n</testsuites>\n`;
}
