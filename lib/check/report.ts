/**
 * The HTML report of `koffi-mapi check` (and `koffi-mapi sync --report`): one self-contained file,
 * inline CSS and script, no network, that works from file://. The report is embedded as JSON in a
 * <script type="application/json"> element; the page script (report-script.ts) builds the verdict table
 * and draws the sync timelines from it, showing every provider-controlled text through textContent.
 */
import { hresultName, MapiArgumentError } from '../errors';
import { describe } from '../validate';
import type { CheckReport, Evidence, TimelineEvent } from './types';
import { REPORT_STYLE } from './report-style';
import { REPORT_SCRIPT } from './report-script';

/**
 * JSON that can sit inside a <script> element: no `<`, `>` or `&` (so no `</script>`, `<!--` or
 * `<script`), and no U+2028/U+2029, each written as its \u escape, which JSON.parse reads back as the
 * same character.
 */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Text for an HTML text node or a double-quoted attribute. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const hex32 = (hr: number): string => `0x${(hr >>> 0).toString(16).toUpperCase().padStart(8, '0')}`;

/** The names of the HRESULTs that occur in the report (evidence and timeline events), keyed by hex. */
export function hresultNames(report: CheckReport): Record<string, string> {
  const names: Record<string, string> = {};
  const add = (hr: unknown, given?: unknown) => {
    if (typeof hr !== 'number' || !Number.isFinite(hr)) return;
    const key = hex32(hr);
    if (names[key] !== undefined) return;
    const name = typeof given === 'string' && given ? given : hresultName(hr);
    if (name !== key) names[key] = name;
  };
  for (const c of report.checks) for (const e of c.evidence) add(e.hr, e.name);
  for (const t of report.timelines) for (const e of t.events) add(e.hr);
  return names;
}

function fail(what: string, v: unknown): never {
  throw new MapiArgumentError('ERR_REPORT', `renderReport: ${what} must be ${v}`);
}

/** The shape checks that keep the page script from meeting something it cannot draw. */
function validate(report: CheckReport): void {
  if (report === null || typeof report !== 'object' || Array.isArray(report)) fail('the report', `a CheckReport object, not ${describe(report)}`);
  if (!report.target || typeof report.target !== 'object') fail('report.target', `an object, not ${describe(report.target)}`);
  if (!report.summary || typeof report.summary !== 'object') fail('report.summary', `an object, not ${describe(report.summary)}`);
  if (!Array.isArray(report.checks)) fail('report.checks', `an array, not ${describe(report.checks)}`);
  if (!Array.isArray(report.timelines)) fail('report.timelines', `an array, not ${describe(report.timelines)}`);
  report.checks.forEach((c, i) => {
    if (!c || typeof c !== 'object') fail(`report.checks[${i}]`, `an object, not ${describe(c)}`);
    if (typeof c.id !== 'string') fail(`report.checks[${i}].id`, `a string, not ${describe(c.id)}`);
    if (!['pass', 'warn', 'fail', 'skipped'].includes(c.status)) fail(`report.checks[${i}].status`, `pass, warn, fail or skipped, not ${describe(c.status)}`);
    if (!Array.isArray(c.evidence)) fail(`report.checks[${i}].evidence`, `an array, not ${describe(c.evidence)}`);
    c.evidence.forEach((e: Evidence, j: number) => {
      if (!e || typeof e !== 'object' || typeof e.text !== 'string') fail(`report.checks[${i}].evidence[${j}]`, `an object with a text, not ${describe(e)}`);
    });
  });
  report.timelines.forEach((t, i) => {
    if (!t || typeof t !== 'object') fail(`report.timelines[${i}]`, `an object, not ${describe(t)}`);
    if (!Array.isArray(t.events)) fail(`report.timelines[${i}].events`, `an array, not ${describe(t.events)}`);
    t.events.forEach((e: TimelineEvent, j: number) => {
      if (!e || typeof e !== 'object' || typeof e.atMs !== 'number' || !Number.isFinite(e.atMs)) {
        fail(`report.timelines[${i}].events[${j}].atMs`, `a finite number, not ${describe(e?.atMs)}`);
      }
    });
  });
}

/** The whole report page, as a string to write to FILE.html. Throws MapiArgumentError on a malformed report. */
export function renderReport(report: CheckReport): string {
  validate(report);
  const data = scriptSafeJson({ report, hrNames: hresultNames(report) });
  const title = `${report.tool ?? 'koffi-mapi'} check report`;
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    // No network, ever: the page may only use what it carries.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(String(title))}</title>`,
    `<style>${REPORT_STYLE}</style>`,
    '</head>',
    '<body>',
    '<header id="header"><h1 id="title"></h1><dl id="target"></dl><div id="summary"></div></header>',
    '<main>',
    '<section id="verdicts" aria-labelledby="verdicts-h"><h2 id="verdicts-h">Checks</h2>',
    '<div id="filters" role="toolbar" aria-label="Show checks by status"></div>',
    '<table id="checks"><thead><tr><th>Id</th><th>Title</th><th>Status</th><th>Reason</th></tr></thead></table>',
    '</section>',
    '<section id="timelines" aria-labelledby="timelines-h"><h2 id="timelines-h">Sync timelines</h2><div id="timeline-list"></div></section>',
    '</main>',
    '<div id="tooltip" role="tooltip" hidden></div>',
    `<script type="application/json" id="report-data">${data}</script>`,
    `<script>${REPORT_SCRIPT}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
