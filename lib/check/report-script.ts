/**
 * The report page's script (report.ts inlines it): reads the embedded JSON, fills the header, builds the
 * verdict table (rows grouped by group, expandable, filterable by status) and the timelines
 * (report-timeline.ts). Every text from the report goes in through textContent or setAttribute, never
 * as markup. Plain ES2017 in a string: no template literals inside, no `<` followed by `/script`.
 */
import { TIMELINE_SCRIPT } from './report-timeline';

const MAIN = String.raw`
var data = JSON.parse(document.getElementById('report-data').textContent);
var R = data.report, HR = data.hrNames || {};
var STATUSES = ['pass', 'warn', 'fail', 'skipped'];
var GROUPS = ['com', 'sync', 'store', 'cleanup'];

function el(tag, attrs, text) {
  var e = document.createElement(tag);
  if (attrs) Object.keys(attrs).forEach(function (k) { if (attrs[k] !== '' && attrs[k] != null) e.setAttribute(k, String(attrs[k])); });
  if (text != null) e.textContent = String(text);
  return e;
}
function hex(hr) { return '0x' + (Number(hr) >>> 0).toString(16).toUpperCase().padStart(8, '0'); }
function hrText(hr, name) { var n = name || HR[hex(hr)]; return n ? n + ' (' + hex(hr) + ')' : hex(hr); }
function fmtMs(ms) {
  ms = Number(ms);
  if (!isFinite(ms)) return '?';
  if (Math.abs(ms) >= 1000) return (ms / 1000).toFixed(2) + ' s';
  return (Math.abs(ms) >= 100 ? ms.toFixed(0) : Math.abs(ms) >= 10 ? ms.toFixed(1) : ms.toFixed(2)) + ' ms';
}
function badge(status, text) { return el('span', { 'class': 'badge ' + status, 'data-status': status }, text || status); }

function header() {
  document.getElementById('title').textContent = (R.tool || 'koffi-mapi') + ' check report';
  var t = R.target || {}, dl = document.getElementById('target');
  [['tool', 'Tool', R.tool], ['dll', 'MAPI DLL', t.dll], ['profile', 'Profile', t.profile], ['platform', 'Platform', t.platform],
   ['stores', 'Stores', (t.stores || []).join(', ')], ['started', 'Started at', R.startedAt], ['duration', 'Duration', fmtMs(R.durationMs)]].forEach(function (f) {
    dl.appendChild(el('dt', null, f[1]));
    dl.appendChild(el('dd', { 'data-field': f[0] }, f[2] == null || f[2] === '' ? '\u2014' : f[2]));
  });
  var s = R.summary || {}, sum = document.getElementById('summary');
  var overall = s.fail ? 'fail' : s.warn ? 'warn' : s.pass ? 'pass' : s.skipped ? 'skipped' : 'none';
  var o = badge(overall === 'none' ? 'skipped' : overall, 'Overall: ' + (overall === 'none' ? 'no checks' : overall.toUpperCase()));
  o.id = 'overall'; o.classList.add('overall'); o.dataset.overall = overall;
  sum.appendChild(o);
  STATUSES.forEach(function (st) {
    var b = badge(st, (s[st] || 0) + ' ' + st); b.dataset.count = String(s[st] || 0); b.classList.add('summary-count'); sum.appendChild(b);
  });
}

function detailRow(c) {
  var tr = el('tr', { 'class': 'detail', 'data-detail-for': c.id }), td = el('td', { colspan: '4' });
  tr.hidden = true;
  var box = el('div', { 'class': 'detail' }), dl = el('dl');
  [['rule', 'Rule', c.rule], ['source', 'Source', c.source], ['subject', 'Subject', c.subject], ['duration', 'Took', fmtMs(c.durationMs)]].forEach(function (f) {
    if (f[2] == null || f[2] === '') return;
    dl.appendChild(el('dt', null, f[1])); dl.appendChild(el('dd', { 'data-field': f[0] }, f[2]));
  });
  box.appendChild(dl);
  box.appendChild(el('div', { 'class': 'count' }, 'Evidence'));
  var ul = el('ul', { 'class': 'evidence' });
  if (c.evidence.length === 0) ul.appendChild(el('li', { 'class': 'empty' }, 'No evidence recorded.'));
  c.evidence.forEach(function (e, i) {
    var li = el('li', { 'data-evidence': String(i) });
    li.appendChild(el('span', { 'class': 'ev-text' }, e.text));
    var meta = el('span', { 'class': 'ev-meta' });
    if (e.call) meta.appendChild(el('code', { 'data-field': 'call' }, e.call));
    if (e.hr != null) meta.appendChild(el('span', { 'data-field': 'hr', 'class': 'mono' }, hrText(e.hr, e.name)));
    if (e.thread) meta.appendChild(el('span', { 'data-field': 'thread' }, 'thread ' + e.thread));
    if (e.atMs != null) meta.appendChild(el('span', { 'data-field': 'at' }, 'at ' + fmtMs(e.atMs)));
    if (e.ms != null) meta.appendChild(el('span', { 'data-field': 'ms' }, 'took ' + fmtMs(e.ms)));
    li.appendChild(meta); ul.appendChild(li);
  });
  box.appendChild(ul); td.appendChild(box); tr.appendChild(td);
  return tr;
}

function checkRow(c, detail) {
  var tr = el('tr', { 'class': 'check', 'data-check-id': c.id, 'data-status': c.status, 'data-group': c.group, tabindex: '0', 'aria-expanded': 'false' });
  var id = el('td'); id.appendChild(el('code', null, c.id)); tr.appendChild(id);
  tr.appendChild(el('td', { 'class': 'title' }, c.title));
  var st = el('td'); st.appendChild(badge(c.status)); tr.appendChild(st);
  tr.appendChild(el('td', { 'class': 'reason' }, c.reason || ''));
  var toggle = function () {
    var open = tr.getAttribute('aria-expanded') !== 'true';
    tr.setAttribute('aria-expanded', String(open)); detail.hidden = !open;
  };
  tr.addEventListener('click', toggle);
  tr.addEventListener('keydown', function (ev) { if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); toggle(); } });
  return tr;
}

function table() {
  var tbl = document.getElementById('checks'), checks = R.checks;
  if (checks.length === 0) {
    var tb = el('tbody'), tr = el('tr'); tr.appendChild(el('td', { colspan: '4', 'class': 'empty' }, 'No checks ran.'));
    tb.appendChild(tr); tbl.appendChild(tb); return;
  }
  var groups = GROUPS.slice();
  checks.forEach(function (c) { if (groups.indexOf(c.group) < 0) groups.push(c.group); });
  groups.forEach(function (g) {
    var mine = checks.filter(function (c) { return c.group === g; });
    if (mine.length === 0) return;
    var tb = el('tbody', { 'data-group': g }), head = el('tr', { 'class': 'group' });
    head.appendChild(el('th', { colspan: '4' }, String(g) + ' (' + mine.length + ')'));
    tb.appendChild(head);
    mine.forEach(function (c) { var d = detailRow(c); tb.appendChild(checkRow(c, d)); tb.appendChild(d); });
    tbl.appendChild(tb);
  });
}

function filters() {
  var bar = document.getElementById('filters'), buttons = [];
  var count = function (st) { return R.checks.filter(function (c) { return st === 'all' || c.status === st; }).length; };
  var apply = function (st) {
    buttons.forEach(function (b) { b.setAttribute('aria-pressed', String(b.dataset.filter === st)); });
    document.querySelectorAll('#checks tbody[data-group]').forEach(function (tb) {
      var shown = 0;
      tb.querySelectorAll('tr.check').forEach(function (tr) {
        var on = st === 'all' || tr.dataset.status === st, d = tr.nextElementSibling;
        tr.hidden = !on; if (on) shown++;
        if (d) d.hidden = !on || tr.getAttribute('aria-expanded') !== 'true';
      });
      tb.hidden = shown === 0;
    });
  };
  ['all'].concat(STATUSES).forEach(function (st) {
    var b = el('button', { type: 'button', 'data-filter': st, 'aria-pressed': String(st === 'all') }, st + ' (' + count(st) + ')');
    b.addEventListener('click', function () { apply(st); });
    buttons.push(b); bar.appendChild(b);
  });
}
`;

const BOOT = String.raw`
header();
table();
filters();
var PANELS = timelines();
/** For tests and the curious: where the marks of timeline i are, in CSS pixels of its canvas. */
window.koffiReport = {
  marks: function (i) {
    return (PANELS[i].marks || []).map(function (m) { return { x: m.x, y: m.y, kind: m.kind, lane: m.lane, count: m.count, bar: !!m.bar }; });
  }
};
document.documentElement.dataset.ready = 'true';
`;

export const REPORT_SCRIPT = `(function () {\n'use strict';\n${MAIN}\n${TIMELINE_SCRIPT}\n${BOOT}\n})();`;
