/**
 * The page script's timeline part (report-script.ts wraps it): one panel per SyncTimeline, drawn on a
 * <canvas>, time across, one lane per thread. Marks that would overlap at the current width are merged
 * (one per 4-pixel bucket per lane per kind, with the count in the tooltip), so 20,000 events draw as at
 * most a few thousand marks; the canvas says how many in data-marks. Redrawn on resize; drag or wheel
 * zooms, Reset goes back. Plain ES2017 in a string: no template literals inside.
 */
export const TIMELINE_SCRIPT = String.raw`
var KINDS = [
  { k: 'SynchronizeInBackground', label: 'SynchronizeInBackground (call to return)', color: '#8fa8c8', shape: 'bar', row: 3 },
  { k: 'QueryInterface', label: 'QueryInterface', color: '#6b46c1', shape: 'square', row: 0 },
  { k: 'AddRef', label: 'AddRef', color: '#0f8a8a', shape: 'up', row: 0 },
  { k: 'Release', label: 'Release', color: '#d0661b', shape: 'down', row: 0 },
  { k: 'Progress', label: 'Progress', color: '#2b6cb0', shape: 'circle', row: 1 },
  { k: 'Error', label: 'Error', color: '#c53030', shape: 'tick', row: 1 },
  { k: 'Done', label: 'Done', color: '#2f855a', shape: 'diamond', row: 1 },
  { k: 'signal', label: 'done event signalled', color: '#1c1f23', shape: 'ring', row: 2 },
  { k: 'misuse', label: 'misuse', color: '#d53f8c', shape: 'cross', row: 2 }
];
var KIND = {}; KINDS.forEach(function (d) { KIND[d.k] = d; });
var OTHER = { k: '?', label: 'other', color: '#888', shape: 'circle', row: 2 };
var LANES = ['caller', 'provider'];
var G = { left: 128, right: 14, top: 6, laneH: 76, rows: [14, 32, 50, 66], axis: 30, bucket: 4 };
var PROGRESS_COLOR = 'rgba(43,108,176,0.55)';

function kindOf(e) { return KIND[e.kind] || OTHER; }

function shape(ctx, d, x, y, big) {
  var r = big ? 5 : 4;
  ctx.fillStyle = d.color; ctx.strokeStyle = d.color; ctx.lineWidth = 1.6;
  ctx.beginPath();
  switch (d.shape) {
    case 'square': ctx.rect(x - r, y - r, 2 * r, 2 * r); ctx.fill(); break;
    case 'up': ctx.moveTo(x, y - r - 1); ctx.lineTo(x + r + 1, y + r); ctx.lineTo(x - r - 1, y + r); ctx.closePath(); ctx.fill(); break;
    case 'down': ctx.moveTo(x, y + r + 1); ctx.lineTo(x + r + 1, y - r); ctx.lineTo(x - r - 1, y - r); ctx.closePath(); ctx.fill(); break;
    case 'tick': ctx.rect(x - 2, y - r - 3, 4, 2 * r + 6); ctx.fill(); break;
    case 'diamond': ctx.moveTo(x, y - r - 2); ctx.lineTo(x + r + 2, y); ctx.lineTo(x, y + r + 2); ctx.lineTo(x - r - 2, y); ctx.closePath(); ctx.fill(); break;
    case 'ring': ctx.arc(x, y, r, 0, 2 * Math.PI); ctx.stroke(); break;
    case 'cross': ctx.moveTo(x - r, y - r); ctx.lineTo(x + r, y + r); ctx.moveTo(x + r, y - r); ctx.lineTo(x - r, y + r); ctx.stroke(); break;
    case 'bar': ctx.rect(x - 9, y - 3, 18, 6); ctx.fill(); break;
    default: ctx.arc(x, y, r, 0, 2 * Math.PI); ctx.fill();
  }
}

function niceStep(raw) {
  var p = Math.pow(10, Math.floor(Math.log10(raw))), f = raw / p;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
}
function tickLabel(v, step) {
  var d = step >= 1 ? 0 : Math.min(6, Math.ceil(-Math.log10(step)));
  return v.toFixed(d) + ' ms';
}

function fullRange(tl) {
  var end = Number(tl.durationMs) || 0;
  tl.events.forEach(function (e) { var t = e.atMs + (e.kind === 'SynchronizeInBackground' ? (e.ms || 0) : 0); if (t > end) end = t; });
  return { t0: 0, t1: end > 0 ? end * 1.01 : 1 };
}

/** The marks for the current view: one per bucket per lane per kind; bars for SynchronizeInBackground. */
function aggregate(p, w) {
  var v = p.view, plotW = Math.max(1, w - G.left - G.right), scale = plotW / (v.t1 - v.t0);
  var buckets = new Map(), marks = [], progress = new Map(), inView = 0;
  p.tl.events.forEach(function (e, i) {
    var d = kindOf(e), lane = e.thread === 'provider' ? 1 : 0;
    var laneTop = G.top + lane * G.laneH, y = laneTop + G.rows[d.row];
    if (d.shape === 'bar') {
      var a = Math.max(e.atMs, v.t0), b = Math.min(e.atMs + (e.ms || 0), v.t1);
      if (b < v.t0 || a > v.t1) return;
      inView++;
      marks.push({ kind: e.kind, d: d, lane: lane, bar: true, x: G.left + (a - v.t0) * scale, x1: G.left + (b - v.t0) * scale, y: y, count: 1, first: i, t0: e.atMs, t1: e.atMs });
      return;
    }
    if (e.atMs < v.t0 || e.atMs > v.t1) return;
    inView++;
    var x = G.left + (e.atMs - v.t0) * scale, key = lane + '|' + d.k + '|' + Math.floor((x - G.left) / G.bucket);
    var m = buckets.get(key);
    if (m) { m.count++; m.t1 = e.atMs; if (e.kind === 'Error' || e.kind === 'misuse') m.hasError = true; }
    else { m = { kind: e.kind, d: d, lane: lane, x: x, y: y, count: 1, first: i, t0: e.atMs, t1: e.atMs }; buckets.set(key, m); marks.push(m); }
    if (e.kind === 'Progress' && e.max > 0) progress.set(Math.round(x), Math.max(0, Math.min(1, e.index / e.max)));
  });
  return { marks: marks, progress: progress, inView: inView, scale: scale, plotW: plotW };
}

function drawAxis(ctx, p, w, lanesBottom) {
  var v = p.view, plotW = w - G.left - G.right, step = niceStep((v.t1 - v.t0) / Math.max(1, plotW / 90));
  var labels = [];
  ctx.strokeStyle = '#d0d4da'; ctx.fillStyle = '#4a5058'; ctx.lineWidth = 1; ctx.font = '11px system-ui, sans-serif'; ctx.textAlign = 'center';
  ctx.beginPath(); ctx.moveTo(G.left, lanesBottom + 0.5); ctx.lineTo(w - G.right, lanesBottom + 0.5); ctx.stroke();
  for (var t = Math.ceil(v.t0 / step) * step; t <= v.t1 + step * 1e-9; t += step) {
    var x = Math.round(G.left + (t - v.t0) / (v.t1 - v.t0) * plotW) + 0.5, label = tickLabel(t, step);
    ctx.strokeStyle = '#eceef1'; ctx.beginPath(); ctx.moveTo(x, G.top); ctx.lineTo(x, lanesBottom); ctx.stroke();
    ctx.strokeStyle = '#9aa1a9'; ctx.beginPath(); ctx.moveTo(x, lanesBottom); ctx.lineTo(x, lanesBottom + 5); ctx.stroke();
    ctx.fillText(label, x, lanesBottom + 17);
    labels.push(label);
  }
  return labels;
}

function drawProgress(ctx, progress, lanesTop, lanesBottom) {
  if (progress.size === 0) return;
  var xs = Array.from(progress.keys()).sort(function (a, b) { return a - b; });
  var h = lanesBottom - lanesTop - 4;
  ctx.strokeStyle = PROGRESS_COLOR; ctx.lineWidth = 2; ctx.beginPath();
  xs.forEach(function (x, i) { var y = lanesBottom - 2 - progress.get(x) * h; if (i === 0) ctx.moveTo(x, y); else ctx.lineTo(x, y); });
  ctx.stroke();
}

function draw(p) {
  var started = performance.now(), c = p.canvas, w = c.clientWidth, h = c.clientHeight;
  if (w === 0 || h === 0) return;
  var dpr = window.devicePixelRatio || 1;
  if (c.width !== Math.round(w * dpr) || c.height !== Math.round(h * dpr)) { c.width = Math.round(w * dpr); c.height = Math.round(h * dpr); }
  var ctx = c.getContext('2d');
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, w, h);
  var lanesBottom = G.top + LANES.length * G.laneH;
  LANES.forEach(function (l, i) {
    ctx.fillStyle = i % 2 ? '#fafbfc' : '#f3f5f8'; ctx.fillRect(G.left, G.top + i * G.laneH, w - G.left - G.right, G.laneH);
  });
  var ticks = drawAxis(ctx, p, w, lanesBottom);
  var agg = aggregate(p, w);
  ctx.save(); ctx.beginPath(); ctx.rect(G.left - 8, 0, w - G.left - G.right + 16, lanesBottom); ctx.clip();
  agg.marks.forEach(function (m) {
    if (m.bar) { ctx.fillStyle = m.d.color; ctx.fillRect(m.x, m.y - 3, Math.max(2, m.x1 - m.x), 6); }
    else shape(ctx, m.d, m.x, m.y, m.count > 1);
  });
  drawProgress(ctx, agg.progress, G.top, lanesBottom);
  if (p.drag && Math.abs(p.drag.x1 - p.drag.x0) > 2) {
    ctx.fillStyle = 'rgba(59,111,216,0.15)'; ctx.fillRect(Math.min(p.drag.x0, p.drag.x1), G.top, Math.abs(p.drag.x1 - p.drag.x0), lanesBottom - G.top);
  }
  ctx.restore();
  p.marks = agg.marks;
  p.scale = agg.scale;
  c.dataset.marks = String(agg.marks.length);
  c.dataset.events = String(agg.inView);
  c.dataset.ticks = ticks.join('|');
  c.dataset.width = String(w);
  c.dataset.drawMs = (performance.now() - started).toFixed(1);
  p.reset.disabled = p.view.t0 === p.full.t0 && p.view.t1 === p.full.t1;
}

function hit(p, x, y) {
  var best = null, bestD = 1e9;
  (p.marks || []).forEach(function (m) {
    var d;
    if (m.bar) d = (x >= m.x - 2 && x <= m.x1 + 2 && Math.abs(y - m.y) <= 6) ? 7 : 1e9;
    else { var dx = x - m.x, dy = y - m.y; d = Math.abs(dx) <= 7 && Math.abs(dy) <= 9 ? Math.sqrt(dx * dx + dy * dy) : 1e9; }
    if (d < bestD) { bestD = d; best = m; }
  });
  return best;
}

function threadName(p, thread) {
  return thread === 'provider' ? 'provider' + (p.tl.providerThreadId ? ' (thread ' + p.tl.providerThreadId + ')' : '') : 'caller';
}

/** The tooltip's lines for a mark: the (first) event's details, and the merged count. */
function markLines(p, m) {
  var e = p.tl.events[m.first], lines = [];
  lines.push(['kind', e.kind + (m.count > 1 ? ' \u00d7' + m.count : '')]);
  if (m.count > 1) lines.push(['merged', m.count + ' calls between ' + fmtMs(m.t0) + ' and ' + fmtMs(m.t1) + ' (zoom in to separate); first:']);
  lines.push(['time', fmtMs(e.atMs) + (e.kind === 'SynchronizeInBackground' && e.ms != null ? ' to ' + fmtMs(e.atMs + e.ms) : '')]);
  lines.push(['thread', threadName(p, e.thread)]);
  if (e.hr != null) lines.push(['hr', hrText(e.hr)]);
  if (e.index != null || e.max != null) lines.push(['index/max', String(e.index) + ' / ' + String(e.max)]);
  if (e.detail != null && e.detail !== '') lines.push(['detail', String(e.detail)]);
  if (e.ms != null) lines.push([e.kind === 'SynchronizeInBackground' ? 'returned after' : 'JS answered in', fmtMs(e.ms)]);
  return lines;
}

function showMark(p, m, clientX, clientY) {
  var tip = document.getElementById('tooltip');
  tip.textContent = '';
  markLines(p, m).forEach(function (l, i) {
    var row = el('div', { 'data-field': l[0], 'class': i === 0 ? 'tt-head' : '' }, i === 0 ? l[1] : l[0] + ': ' + l[1]);
    tip.appendChild(row);
  });
  tip.dataset.kind = m.kind; tip.dataset.count = String(m.count); tip.dataset.timeline = String(p.index);
  tip.hidden = false;
  var r = tip.getBoundingClientRect(), x = clientX + 14, y = clientY + 14;
  if (x + r.width > window.innerWidth - 4) x = Math.max(4, clientX - r.width - 14);
  if (y + r.height > window.innerHeight - 4) y = Math.max(4, clientY - r.height - 14);
  tip.style.left = x + 'px'; tip.style.top = y + 'px';
}
function hideTip() { document.getElementById('tooltip').hidden = true; }

function zoomTo(p, t0, t1) {
  var f = p.full, span = Math.max(t1 - t0, (f.t1 - f.t0) / 1e5);
  t0 = Math.max(f.t0, t0); t1 = Math.min(f.t1, t0 + span);
  p.view = { t0: t0, t1: t1 }; p.pinned = null; hideTip(); draw(p);
}
function timeAt(p, x) { return p.view.t0 + (x - G.left) / p.scale; }

function wire(p) {
  var c = p.canvas;
  var local = function (ev) { var r = c.getBoundingClientRect(); return { x: ev.clientX - r.left, y: ev.clientY - r.top }; };
  c.addEventListener('mousedown', function (ev) { var q = local(ev); p.drag = { x0: q.x, x1: q.x }; });
  c.addEventListener('mousemove', function (ev) {
    var q = local(ev);
    if (p.drag) { p.drag.x1 = q.x; if (Math.abs(p.drag.x1 - p.drag.x0) > 4) { hideTip(); draw(p); return; } }
    if (p.pinned) return;
    var m = hit(p, q.x, q.y);
    if (m) showMark(p, m, ev.clientX, ev.clientY); else hideTip();
  });
  window.addEventListener('mouseup', function (ev) {
    if (!p.drag) return;
    var d = p.drag; p.drag = null;
    if (Math.abs(d.x1 - d.x0) > 4) { zoomTo(p, timeAt(p, Math.min(d.x0, d.x1)), timeAt(p, Math.max(d.x0, d.x1))); return; }
    if (ev.target !== c) return;
    var q = local(ev), m = hit(p, q.x, q.y);
    p.pinned = m && m !== p.pinned ? m : null;
    if (p.pinned) showMark(p, m, ev.clientX, ev.clientY); else hideTip();
  });
  c.addEventListener('mouseleave', function () { if (!p.pinned && !p.drag) hideTip(); });
  c.addEventListener('wheel', function (ev) {
    ev.preventDefault();
    var q = local(ev), t = timeAt(p, q.x), f = ev.deltaY < 0 ? 0.8 : 1.25, v = p.view;
    zoomTo(p, t - (t - v.t0) * f, t + (v.t1 - t) * f);
  }, { passive: false });
  c.addEventListener('keydown', function (ev) { keys(p, ev); });
  p.reset.addEventListener('click', function () { zoomTo(p, p.full.t0, p.full.t1); });
  if (window.ResizeObserver) new ResizeObserver(function () { draw(p); }).observe(c);
  else window.addEventListener('resize', function () { draw(p); });
}

/** Keyboard: arrows step through the marks (the tooltip follows), Escape hides it, 0 resets the zoom. */
function keys(p, ev) {
  var ms = (p.marks || []).slice().sort(function (a, b) { return a.x - b.x || a.y - b.y; });
  if (ev.key === 'Escape') { p.pinned = null; hideTip(); return; }
  if (ev.key === '0') { zoomTo(p, p.full.t0, p.full.t1); return; }
  if ((ev.key !== 'ArrowRight' && ev.key !== 'ArrowLeft') || ms.length === 0) return;
  ev.preventDefault();
  var i = ms.indexOf(p.pinned);
  i = ev.key === 'ArrowRight' ? (i < 0 ? 0 : Math.min(ms.length - 1, i + 1)) : (i < 0 ? ms.length - 1 : Math.max(0, i - 1));
  p.pinned = ms[i];
  var r = p.canvas.getBoundingClientRect();
  showMark(p, p.pinned, r.left + p.pinned.x, r.top + p.pinned.y);
}

function legend() {
  var ul = el('ul', { 'class': 'legend' });
  KINDS.forEach(function (d) {
    var li = el('li', { 'data-kind': d.k }), c = el('canvas', { width: 44, height: 28, 'aria-hidden': 'true' });
    var ctx = c.getContext('2d'); ctx.scale(2, 2);
    if (d.shape === 'bar') { ctx.fillStyle = d.color; ctx.fillRect(2, 4, 18, 6); } else shape(ctx, d, 11, 7, false);
    li.appendChild(c); li.appendChild(el('span', null, d.label)); ul.appendChild(li);
  });
  var li = el('li', { 'data-kind': 'progress-line' }), c = el('canvas', { width: 44, height: 28, 'aria-hidden': 'true' }), ctx = c.getContext('2d');
  ctx.scale(2, 2); ctx.strokeStyle = PROGRESS_COLOR; ctx.lineWidth = 2; ctx.beginPath(); ctx.moveTo(2, 12); ctx.lineTo(10, 8); ctx.lineTo(20, 2); ctx.stroke();
  li.appendChild(c); li.appendChild(el('span', null, 'Progress index/max (line, 0 to 1 of max)')); ul.appendChild(li);
  return ul;
}

function panel(tl, index) {
  var div = el('div', { 'class': 'tl-panel', 'data-timeline': String(index) });
  div.appendChild(el('div', { 'class': 'tl-title' }, tl.title));
  var meta = el('div', { 'class': 'tl-meta' });
  [['store', tl.store], ['outcome', tl.outcome], ['duration', fmtMs(tl.durationMs)], ['flags', hex(tl.flags || 0)],
   ['provider thread', tl.providerThreadId ? String(tl.providerThreadId) : 'unknown'], ['events', String(tl.events.length)]].forEach(function (f) {
    var s = el('span', { 'data-field': f[0] }, f[0] + ': '); s.appendChild(el('b', null, f[1] == null ? '' : f[1])); meta.appendChild(s);
  });
  div.appendChild(meta);
  var plot = el('div', { 'class': 'tl-plot' }), c = el('canvas', { tabindex: '0', role: 'img', 'aria-label': 'Timeline of ' + tl.events.length + ' calls; arrow keys step through the marks' });
  plot.appendChild(c);
  var p = { tl: tl, index: index, canvas: c, full: fullRange(tl), marks: [], scale: 1 };
  p.view = { t0: p.full.t0, t1: p.full.t1 };
  LANES.forEach(function (l, i) {
    var lab = el('div', { 'class': 'lane-label', 'data-lane': l }, threadName(p, l));
    lab.style.top = (G.top + i * G.laneH + G.laneH / 2 - 9) + 'px'; plot.appendChild(lab);
  });
  div.appendChild(plot);
  var controls = el('div', { 'class': 'tl-controls' });
  p.reset = el('button', { type: 'button', 'class': 'tl-reset' }, 'Reset zoom');
  controls.appendChild(p.reset);
  controls.appendChild(el('span', { 'class': 'tl-hint' }, 'Hover or click a mark for details; drag or wheel to zoom; arrow keys step through the marks.'));
  div.appendChild(controls);
  div.appendChild(legend());
  wire(p);
  return p;
}

function timelines() {
  var list = document.getElementById('timeline-list'), tls = R.timelines;
  if (tls.length === 0) { list.appendChild(el('p', { 'class': 'empty' }, 'No syncs recorded.')); return []; }
  var controls = el('div', { 'class': 'tl-controls' }), select = el('select', { id: 'timeline-select', 'aria-label': 'Timeline' });
  tls.forEach(function (tl, i) { select.appendChild(el('option', { value: String(i) }, (i + 1) + '. ' + tl.title + ' (' + tl.outcome + ')')); });
  controls.appendChild(el('label', { 'for': 'timeline-select' }, 'Sync:'));
  controls.appendChild(select);
  list.appendChild(controls);
  var panels = tls.map(function (tl, i) { var p = panel(tl, i); list.appendChild(p.canvas.closest('.tl-panel')); return p; });
  var show = function (i) { panels.forEach(function (p, j) { p.canvas.closest('.tl-panel').hidden = j !== i; }); hideTip(); draw(panels[i]); };
  select.addEventListener('change', function () { show(Number(select.value)); });
  show(0);
  return panels;
}
`;
