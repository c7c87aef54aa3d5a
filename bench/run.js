#!/usr/bin/env node
'use strict';
/**
 * koffi-mapi benchmarks: `npm run bench` (a table), `npm run bench -- --json` (one JSON object on
 * stdout with every figure; progress goes to stderr).
 *
 * Options: --json, --out=FILE (also write the JSON object to FILE), --quick (fewer repetitions: a
 *          smoke run, not figures to quote), --only=vtable,props,progress,table,stream,compose,notify,startup,first-row
 * `npm run -s bench -- --json` (or `node bench/run.js --json`) keeps npm's banner off stdout.
 *
 * Each figure runs in a fresh Node process (node --expose-gc) on JavaScript transpiled once into
 * bench/.build (see build.js), its subject and baseline interleaved in that one process. A target
 * that is missed prints FAIL; the exit code is non-zero only when a benchmark itself crashed.
 */
const { spawn, execFileSync } = require('node:child_process');
const os = require('node:os');
const path = require('node:path');
const fs = require('node:fs');

const FIGURES = ['vtable', 'props', 'progress', 'table', 'stream', 'compose', 'notify', 'startup', 'first-row'];
const argv = process.argv.slice(2);
const json = argv.includes('--json');
const quick = argv.includes('--quick');
const onlyArg = argv.find((a) => a.startsWith('--only='));
const outArg = argv.find((a) => a.startsWith('--out='));
const only = onlyArg ? onlyArg.slice('--only='.length).split(',').filter(Boolean) : FIGURES;
for (const f of only) if (!FIGURES.includes(f)) {
  console.error(`bench: unknown figure '${f}' (${FIGURES.join(', ')})`);
  process.exit(2);
}
const log = (...a) => console.error(...a);

function machine() {
  const cpus = os.cpus();
  let commit = null;
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: path.resolve(__dirname, '..'), encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    /* not a checkout */
  }
  let koffi = null;
  try {
    koffi = require('koffi').version;
  } catch {
    /* reported as null */
  }
  return {
    cpu: cpus[0] ? cpus[0].model.trim() : 'unknown',
    cores: cpus.length,
    memoryGiB: Number((os.totalmem() / 2 ** 30).toFixed(1)),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    v8: process.versions.v8,
    koffi,
    commit,
    loadAverageAtStart: os.loadavg().map((x) => Number(x.toFixed(2))),
  };
}

function runFigure(name) {
  const script = path.join(__dirname, '.build', 'bench', 'figure.js');
  return new Promise((resolve) => {
    const t0 = Date.now();
    const child = spawn(process.execPath, ['--expose-gc', script, name, ...(quick ? ['--quick'] : [])], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => {
      err += d;
      if (!json) process.stderr.write(d);
    });
    child.on('close', (code, signal) => {
      const m = /@@BENCH-RESULT@@(.*)/.exec(out);
      const seconds = Number(((Date.now() - t0) / 1000).toFixed(1));
      if (code === 0 && m) resolve({ ok: true, figures: JSON.parse(m[1]), seconds });
      else resolve({ ok: false, error: `figure '${name}' failed (exit ${code}${signal ? `, ${signal}` : ''}): ${err.trim().split('\n').slice(-8).join('\n')}`, seconds });
    });
  });
}

function fmt(x, unit) {
  if (typeof x !== 'number' || !Number.isFinite(x)) return String(x);
  const n = Math.abs(x) >= 1000 ? x.toLocaleString('en-US', { maximumFractionDigits: 0 }) : Number(x.toPrecision(3)).toString();
  return unit ? `${n} ${unit}` : n;
}

function spreadText(s) {
  return s && s.stat ? ` (±${Math.round((s.stat.spread * 100) / 2)}%)` : '';
}

function table(result) {
  const m = result.machine;
  const lines = [];
  lines.push(`koffi-mapi benchmarks — ${m.cpu}, ${m.cores} cores, ${m.os}, Node ${m.node}, Koffi ${m.koffi}${m.commit ? `, commit ${m.commit}` : ''}`);
  lines.push(`load average at start ${m.loadAverageAtStart.join(' ')}, at end ${result.loadAverageAtEnd.join(' ')}${quick ? '  [--quick: smoke run, not figures to quote]' : ''}`);
  lines.push('');
  const rows = [['figure', 'subject', 'baseline', 'ratio', 'target', 'result']];
  for (const f of result.figures) {
    rows.push([
      f.name,
      `${fmt(f.subject.value, f.unit)}${spreadText(f.subject)}`,
      `${fmt(f.baseline.value, f.unit)}${spreadText(f.baseline)}`,
      `${f.ratio}`,
      f.target ? f.target.text : '(none: reported)',
      f.target ? (f.target.pass ? 'PASS' : 'FAIL') : '-',
    ]);
  }
  for (const e of result.errors) rows.push([e.figure, 'CRASHED', '', '', '', 'ERROR']);
  const w = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  rows.forEach((r, i) => {
    lines.push(r.map((c, j) => c.padEnd(w[j])).join('  ').trimEnd());
    if (i === 0) lines.push(w.map((n) => '-'.repeat(n)).join('  '));
  });
  lines.push('');
  for (const f of result.figures) {
    lines.push(`${f.name}: subject = ${f.subject.label}; baseline = ${f.baseline.label}; ratio = ${f.ratioMeaning}`);
    const d = f.details;
    if (f.name === 'vtable call') {
      lines.push(`  C loop through the vtable: ${fmt(d.cLoop.value, 'ns/call')}; proxy ${d.proxyOverC}x C, raw Koffi ${d.rawOverC}x C; proxy − raw = ${d.proxyOverheadNs} ns/call; median per-round ratio ${d.perRoundRatioMedian}`);
      const t = d.withoutOutParam;
      lines.push(`  without the out parameter (slot 4): proxy ${fmt(t.proxy.value, 'ns/call')}, raw ${fmt(t.raw.value, 'ns/call')}, ratio ${t.ratio} (proxy − raw = ${t.proxyOverheadNs} ns)`);
    } else if (f.name === 'property decoding') {
      lines.push(`  ${d.usPerCallBridge} µs per GetProps of 100 properties through the bridge (${fmt(d.propsPerSecBridge)} properties/s), ${d.usPerCallRaw} µs raw`);
    } else if (f.name === 'progress callbacks') {
      const l = d.latencyUs;
      lines.push(`  round trip per event (µs) bridge p50 ${l.bridge.p50} p99 ${l.bridge.p99}; raw p50 ${l.raw.p50} p99 ${l.raw.p99}; median per-round ratio ${d.perRoundRatioMedian}`);
      const h = d.sameThreadNsPerEvent;
      lines.push(`  JS side alone (same-thread calls, no relay): bridge ${fmt(h.bridge, 'ns/event')}, raw ${fmt(h.raw, 'ns/event')}: bridge − raw = ${h.bridgeAddsNs} ns per event`);
      const e = d.endToEnd;
      lines.push(e && e.eventsPerSec ? `  for context, Store.synchronize() end to end (provider sync thread, lib/mapi/sync.ts events): ${fmt(e.eventsPerSec, 'events/s')}` : `  Store.synchronize() end to end: unavailable (${e && e.unavailable})`);
    } else if (f.name === 'table streaming') {
      lines.push(`  peak RSS 10k ${d.peakRss['10k']} MiB, 100k ${d.peakRss['100k']} MiB (+${d.peakRssGrowthMiB}); the provider alone grows +${d.providerOnlyGrowthMiB}; bridge share ${d.bridgeGrowthMiB} MiB`);
      lines.push(`  JS heap peak 10k ${d.bridge['10k'].heapPeakMiB} MiB, 100k ${d.bridge['100k'].heapPeakMiB} MiB; provider floor (QueryRows+FreeProws, no decode) 100k: ${fmt(d.floor['100k'].rowsPerSec.median, 'rows/s')}; pageSize ${d.pageSize}`);
      lines.push(`  CPU-time throughput (less sensitive to a busy machine): 10k ${fmt(d.bridge['10k'].cpuRowsPerSec, 'rows/s')}, 100k ${fmt(d.bridge['100k'].cpuRowsPerSec, 'rows/s')}`);
    } else if (f.name === 'table streaming (arrays)') {
      lines.push(`  ${d.overObjects}x the rows as objects; CPU-time throughput ${fmt(d.cpuRowsPerSec, 'rows/s')}; JS heap peak ${d.heapPeakMiB} MiB`);
    } else if (f.name === 'attachment stream') {
      lines.push(`  ${d.sizeMiB} MiB in ${d.chunkMiB} MiB chunks: ${d.msPerReadFriendly} ms per read, raw ${d.msPerReadRaw} ms`);
      for (const c of Object.values(d.compared)) lines.push(`  ${c.what}: ${fmt(c.mibPerSec.median, 'MiB/s')} (${c.ratioToRaw}x raw), RSS ${c.beyondMiB} MiB beyond the raw read`);
    } else if (f.name === 'attachment stream RSS') {
      lines.push(`  beyond the raw read: ${d.beyondMiB} MiB (limit ${d.limitMiB}); webStream() BYOB ${d.byobBeyondMiB} MiB; stream({ reclaim: false }) ${d.readableNoReclaimBeyondMiB} MiB, with a full GC after each chunk ${d.readableBeyondWithGcEachChunkMiB} MiB (the rest is dropped chunks V8 has not collected yet)`);
    } else if (f.name.startsWith('compose')) {
      lines.push(`  ${d.usPerMessageFriendly} µs per message vs ${d.usPerMessageRaw} µs raw; ${d.messagesPerSample} messages per sample; submitted: ${d.submitted}`);
      const g = d.afterFullGc;
      if (g) lines.push(`  right after a full GC (${g.what}): ${fmt(g.friendly.median, 'messages/s')} vs ${fmt(g.raw.median, 'messages/s')} raw, ratio ${g.ratio}`);
    } else if (f.name === 'notifications') {
      const l = d.latencyUs;
      lines.push(`  ${d.burst} per run, up to ${d.perOnNotify} per OnNotify; a raw sink that reads nothing (the relay alone): ${fmt(d.rawReadingNothing.value, 'notifications/s')} (bridge ${d.rawReadingNothing.bridgeRatio}x); change -> listener p50 ${l.p50} µs, p99 ${l.p99} µs`);
    } else if (f.name.startsWith('CLI start-up')) {
      lines.push(`  difference ${d.differenceMs} ms; ${d.how}`);
    } else if (f.name === 'first row') {
      lines.push(`  difference ${d.differenceMs} ms; exit after the reader closed the pipe (head -1) ${d.exitAfterHeadMs} ms; the full listing to the end ${d.fullListingMs} ms`);
    } else if (f.name === 'start-up') {
      const p = d.phasesMs;
      lines.push(`  difference ${d.differenceMs} ms; inside the child: process start to main ${p.processStartToMain} ms, import ${p.import}, load+initialize ${p.loadInitialize}, logon ${p.logon}, default store ${p.defaultStore}`);
    }
  }
  for (const e of result.errors) lines.push(`ERROR ${e.figure}: ${e.error}`);
  const failed = result.figures.filter((f) => f.target && !f.target.pass).map((f) => f.name);
  lines.push('');
  lines.push(failed.length ? `FAIL: ${failed.join(', ')}` : result.errors.length ? 'Some figures crashed (see above).' : 'All targets hold.');
  lines.push(`(${result.seconds} s)`);
  return lines.join('\n');
}

async function main() {
  const t0 = Date.now();
  const { build } = require('./build');
  log('bench: building (transpile lib/ and bench/, cc bench/native, sample provider)...');
  build();
  const result = { machine: machine(), quick, figures: [], errors: [], seconds: 0, loadAverageAtEnd: [] };
  for (const name of only) {
    log(`bench: ${name}...`);
    const r = await runFigure(name);
    if (r.ok) {
      for (const f of r.figures) result.figures.push({ ...f, figure: name, seconds: r.seconds });
      for (const f of r.figures) {
        log(`bench:   ${f.name}: ${fmt(f.subject.value, f.unit)} vs ${fmt(f.baseline.value, f.unit)}, ratio ${f.ratio}${f.target ? ` ${f.target.pass ? 'PASS' : 'FAIL'}` : ''} (${r.seconds} s)`);
      }
    } else {
      result.errors.push({ figure: name, error: r.error });
      log(`bench:   ${r.error}`);
    }
  }
  result.loadAverageAtEnd = os.loadavg().map((x) => Number(x.toFixed(2)));
  result.seconds = Number(((Date.now() - t0) / 1000).toFixed(1));
  result.targets = result.figures.filter((f) => f.target).map((f) => ({ figure: f.name, target: f.target.text, ratio: f.ratio, pass: f.target.pass }));
  result.allTargetsHold = result.errors.length === 0 && result.targets.every((t) => t.pass);
  if (json) process.stdout.write(JSON.stringify(result, null, 2) + '\n');
  else console.log(table(result));
  fs.writeFileSync(path.join(__dirname, '.build', 'latest.json'), JSON.stringify(result, null, 2));
  if (outArg) fs.writeFileSync(path.resolve(outArg.slice('--out='.length)), JSON.stringify(result, null, 2) + '\n');
  process.exitCode = result.errors.length ? 1 : 0;
}

main().catch((e) => {
  console.error(e && e.stack ? e.stack : e);
  process.exit(1);
});
