/**
 * Soak: one million vtable calls and ten thousand syncs in one process, against the sample provider, with
 * RSS, the V8 heap, the provider's live objects, buffers, threads and handles, the bridge's live JS COM
 * objects and proxies, and Koffi's registered callbacks sampled as it goes. At the end everything is
 * released and the samples must be flat: the provider's and the bridge's live counts back where they
 * were after the warm-up (zero once released), memory within a small tolerance. Exits 1 when not flat.
 *
 *   npm run soak                                   1e6 calls, 1e4 syncs
 *   npm run soak -- --calls 100000 --syncs 1000    a shorter run
 *   options: --calls N  --syncs N  --concurrency N (syncs in flight, default 16)  --rss-tolerance-mb N
 *            --json FILE (the samples and verdict as JSON)
 *
 * Calls are a mix through the raw proxies: IMAPITable::GetRowCount (70 %), IMsgStore::GetProps with a
 * MAPIFreeBuffer (15 %), IMAPITable::QueryRows(1) with FreeProws (10 %), and IMsgStore::QueryInterface +
 * Release of a new proxy (5 %). Syncs are store.synchronize() with SYNC_DOWNLOAD_HIERARCHY |
 * SYNC_DOWNLOAD_CONTENTS and the knob sync.items=1 (each run creates one folder, deletes an older one and
 * downloads one message; the downloaded messages are deleted at every checkpoint, so the data set stays
 * the same size).
 */
import fs from 'node:fs';
import koffi from 'koffi';
import {
  Arena, initialize, load, sampleProvider, sampleProviderPath, jsObjectStats, liveProxyCount,
  type Folder, type Mapi, type Session, type Store, type Table,
} from '../lib';
import { encodeTagArray } from '../lib/mapi/props';

// ---- Options --------------------------------------------------------------------------------------------

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i > 0 ? process.argv[i + 1] : process.env[`SOAK_${name.toUpperCase().replace(/-/g, '_')}`];
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a non-negative number, not '${v}'`);
  return n;
}
const CALLS = option('calls', 1_000_000);
const SYNCS = option('syncs', 10_000);
const CONCURRENCY = Math.max(1, option('concurrency', 16));
const RSS_TOLERANCE_MB = option('rss-tolerance-mb', 16);
const HEAP_TOLERANCE_MB = option('heap-tolerance-mb', 8);
const jsonOut = (() => {
  const i = process.argv.indexOf('--json');
  return i > 0 ? process.argv[i + 1] : undefined;
})();

const WARMUP_CALLS = Math.min(50_000, Math.ceil(CALLS / 10));
const WARMUP_SYNCS = Math.min(500, Math.ceil(SYNCS / 10));
const CALL_CHECKPOINTS = 10;
const SYNC_CHECKPOINTS = 10;

const SYNC_DOWNLOAD_HIERARCHY = 0x2;
const SYNC_DOWNLOAD_CONTENTS = 0x80;
const MAPI_UNICODE = 0x80000000;
const TBL_NOADVANCE = 0x1;

// ---- Sampling -------------------------------------------------------------------------------------------

interface Sample {
  phase: string;
  done: number;
  seconds: number;
  rssMB: number;
  heapMB: number;
  objects: number;
  buffers: number;
  threads: number;
  handles: number;
  syncs: number;
  jsObjects: number;
  callbacks: number;
  proxies: number;
}

const gc = (globalThis as { gc?: () => void }).gc;
const t0 = performance.now();
const samples: Sample[] = [];
let provider: ReturnType<typeof sampleProvider>;

const turn = () => new Promise<void>((r) => setImmediate(r));

/** Time spent sampling (garbage collections included), subtracted from the phases' rates. */
let sampleMs = 0;

/** Lets deferred destruction and finalizers run, collects garbage, then reads every counter. */
async function sample(phase: string, done: number): Promise<Sample> {
  const s0 = performance.now();
  for (let i = 0; i < 3; i++) {
    await turn();
    gc?.();
  }
  await turn();
  const mem = process.memoryUsage();
  const s = provider.stats();
  const row: Sample = {
    phase,
    done,
    seconds: Number(((performance.now() - t0) / 1000).toFixed(2)),
    rssMB: Number((mem.rss / 2 ** 20).toFixed(1)),
    heapMB: Number((mem.heapUsed / 2 ** 20).toFixed(1)),
    objects: s.objects,
    buffers: s.buffers,
    threads: s.threads,
    handles: s.handles,
    syncs: s.syncs,
    jsObjects: jsObjectStats().objects,
    callbacks: koffi.stats().callbacks,
    proxies: liveProxyCount(),
  };
  samples.push(row);
  printRow(row);
  sampleMs += performance.now() - s0;
  return row;
}

const COLUMNS: (keyof Sample)[] = ['phase', 'done', 'seconds', 'rssMB', 'heapMB', 'objects', 'buffers', 'threads', 'handles', 'syncs', 'jsObjects', 'callbacks', 'proxies'];
const WIDTH = [10, 9, 8, 7, 7, 8, 8, 8, 8, 6, 10, 10, 8];
function printRow(r: Sample | null): void {
  const cells = COLUMNS.map((c, i) => String(r ? r[c] : c).padStart(WIDTH[i]));
  console.log(cells.join(' '));
}

// ---- Work -----------------------------------------------------------------------------------------------

let mapi: Mapi;
let session: Session;
let store: Store;
let inbox: Folder;
let table: Table;
let callsDone = 0;

/** `n` vtable calls through the raw proxies, in the mix described at the top. */
function calls(n: number, tagArray: bigint): void {
  const count = [0];
  const cValues = [0];
  const props: (bigint | null)[] = [null];
  const rows: (bigint | null)[] = [null];
  const lib = store.raw;
  const tab = table.raw;
  const free = (p: bigint | null) => p && mapi.lib.exports.MAPIFreeBuffer(p);
  const freeRows = (p: bigint | null) => p && mapi.lib.exports.FreeProws(p);
  for (let i = 0; i < n; i++) {
    const k = (callsDone + i) % 20;
    if (k < 14) {
      tab.GetRowCount(0, count);
    } else if (k < 17) {
      lib.GetProps(tagArray, MAPI_UNICODE, cValues, props);
      free(props[0]);
    } else if (k < 19) {
      tab.QueryRows(1, TBL_NOADVANCE, rows);
      freeRows(rows[0]);
    } else {
      lib.QueryInterface(lib.interface).Release();
    }
  }
  callsDone += n;
}

async function callPhase(total: number, phase: string, checkpoints: number): Promise<void> {
  const arena = new Arena(); // keeps the tag array alive for the phase
  const tagArray = encodeTagArray(arena, ['PR_DISPLAY_NAME_W', 'PR_ENTRYID', 'PR_IPM_SUBTREE_ENTRYID', 'PR_STORE_SUPPORT_MASK']);
  const chunk = 10_000;
  const every = Math.max(chunk, Math.ceil(total / checkpoints / chunk) * chunk);
  for (let done = 0; done < total; ) {
    const n = Math.min(chunk, total - done);
    calls(n, tagArray);
    done += n;
    // Let the event loop turn between chunks: finalizers, deferred destruction, timers.
    await turn();
    if (done % every === 0 || done === total) await sample(phase, done);
  }
  void arena;
}

/** Deletes the messages the syncs downloaded into the Inbox, so the data set stays the same size. */
function prune(): number {
  using t = inbox.contents({ columns: ['PR_ENTRYID'], restrict: { content: 'PR_SUBJECT_W', value: 'Downloaded ', match: 'prefix' } });
  const ids = t.all().map((r) => (r.PR_ENTRYID as Buffer).toString('hex'));
  for (let i = 0; i < ids.length; i += 500) inbox.deleteMessages(ids.slice(i, i + 500));
  return ids.length;
}

let syncFailures = 0;
async function syncPhase(total: number, phase: string, checkpoints: number): Promise<void> {
  const every = Math.max(1, Math.ceil(total / checkpoints));
  let started = 0;
  let finished = 0;
  for (let done = 0; done < total; ) {
    const target = Math.min(total, done + every);
    // A batch of runs, CONCURRENCY in flight at a time; the checkpoint is taken when the batch is over.
    const worker = async () => {
      while (started < target) {
        started++;
        const r = await store.synchronize({ flags: SYNC_DOWNLOAD_HIERARCHY | SYNC_DOWNLOAD_CONTENTS, pollMs: 1, timeoutMs: 60_000 });
        if (r.status !== 'ok' || !r.callbackReleased) {
          syncFailures++;
          if (syncFailures <= 5) console.error(`sync ${started}: ${JSON.stringify(r)}`);
        }
        finished++;
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    done = target;
    // The provider threads end right after their last call: wait for them before sampling.
    for (let i = 0; i < 500 && (provider.stats().threads > 0 || jsObjectStats().objects > 0); i++) await new Promise((r) => setTimeout(r, 2));
    prune();
    await sample(phase, done);
  }
  if (finished !== total) throw new Error(`only ${finished} of ${total} syncs finished`);
}

// ---- Verdict --------------------------------------------------------------------------------------------

interface Check {
  readonly what: string;
  readonly pass: boolean;
  readonly detail: string;
}

function verdict(base: Sample, lastCalls: Sample | undefined, lastSyncs: Sample | undefined, end: Sample, callbacksAtStart: number): Check[] {
  const checks: Check[] = [];
  const same = (what: string, a: Sample | undefined, keys: (keyof Sample)[]) => {
    if (!a) return;
    for (const k of keys) checks.push({ what: `${what}: ${k}`, pass: a[k] === base[k], detail: `${a[k]} (after warm-up ${base[k]})` });
  };
  const counts: (keyof Sample)[] = ['objects', 'buffers', 'threads', 'handles', 'syncs', 'jsObjects', 'callbacks', 'proxies'];
  // Every checkpoint, not only the last, must show the same live counts as after the warm-up.
  for (const s of samples.filter((x) => x.phase === 'calls' || x.phase === 'syncs')) {
    const bad = counts.filter((k) => s[k] !== base[k]);
    if (bad.length) checks.push({ what: `checkpoint ${s.phase} ${s.done}`, pass: false, detail: bad.map((k) => `${k} ${s[k]} (after warm-up ${base[k]})`).join(', ') });
  }
  same('end of the calls', lastCalls, counts);
  same('end of the syncs', lastSyncs, counts);
  const last = lastSyncs ?? lastCalls ?? base;
  checks.push({
    what: 'RSS flat',
    pass: last.rssMB - base.rssMB <= RSS_TOLERANCE_MB,
    detail: `${last.rssMB} MB at the end of the work, ${base.rssMB} MB after warm-up (tolerance +${RSS_TOLERANCE_MB} MB)`,
  });
  checks.push({
    what: 'V8 heap flat',
    pass: last.heapMB - base.heapMB <= HEAP_TOLERANCE_MB,
    detail: `${last.heapMB} MB at the end of the work, ${base.heapMB} MB after warm-up (tolerance +${HEAP_TOLERANCE_MB} MB)`,
  });
  for (const k of ['objects', 'buffers', 'threads', 'handles', 'syncs', 'jsObjects', 'proxies'] as const) {
    checks.push({ what: `released: ${k}`, pass: end[k] === 0, detail: String(end[k]) });
  }
  checks.push({ what: 'released: Koffi callbacks', pass: end.callbacks === callbacksAtStart, detail: `${end.callbacks} (at start ${callbacksAtStart})` });
  checks.push({ what: 'every sync ok and its callback released', pass: syncFailures === 0, detail: `${syncFailures} failed` });
  return checks;
}

// ---- Main -----------------------------------------------------------------------------------------------

async function main(): Promise<number> {
  const dll = process.env.KMAPI_TEST_DLL ?? process.env.MAPI_DLL ?? sampleProviderPath();
  const library = load({ path: dll });
  provider = sampleProvider(library);
  provider.setKnobs('sync.items=1');
  const callbacksAtStart = koffi.stats().callbacks;
  console.log(`soak: ${CALLS} vtable calls, ${SYNCS} syncs (${CONCURRENCY} in flight), ${library.path}`);
  console.log(`node ${process.version} ${process.platform}-${process.arch}, gc ${gc ? 'exposed' : 'NOT exposed (run with --expose-gc for steadier numbers)'}\n`);
  printRow(null);

  mapi = initialize({ library });
  session = mapi.logon({ profile: 'Sample' });
  store = session.defaultStore();
  inbox = store.folder('Inbox');
  table = inbox.contents({ columns: ['PR_ENTRYID', 'PR_SUBJECT_W', 'PR_MESSAGE_DELIVERY_TIME'] });
  await sample('start', 0);

  const w0 = performance.now();
  await callPhase(WARMUP_CALLS, 'warm-up', 1);
  if (SYNCS > 0) await syncPhase(WARMUP_SYNCS, 'warm-up', 1);
  const base = await sample('baseline', 0);
  const warm = performance.now() - w0;

  let c0 = performance.now();
  let m0 = sampleMs;
  await callPhase(CALLS, 'calls', CALL_CHECKPOINTS);
  const callMs = performance.now() - c0 - (sampleMs - m0);
  const lastCalls = CALLS ? samples[samples.length - 1] : undefined;

  c0 = performance.now();
  m0 = sampleMs;
  if (SYNCS > 0) await syncPhase(SYNCS, 'syncs', SYNC_CHECKPOINTS);
  const syncMs = performance.now() - c0 - (sampleMs - m0);
  const lastSyncs = SYNCS ? samples[samples.length - 1] : undefined;

  table.release();
  inbox.release();
  store.release();
  session.logoff();
  mapi.uninitialize();
  provider.setKnobs('');
  for (let i = 0; i < 500 && (provider.stats().threads > 0 || jsObjectStats().objects > 0); i++) await new Promise((r) => setTimeout(r, 2));
  const end = await sample('released', 0);

  const checks = verdict(base, lastCalls, lastSyncs, end, callbacksAtStart);
  const pass = checks.every((c) => c.pass);
  console.log('');
  for (const c of checks) console.log(`${c.pass ? 'ok  ' : 'FAIL'} ${c.what}: ${c.detail}`);
  const total = (performance.now() - t0) / 1000;
  console.log(
    `\nwarm-up ${(warm / 1000).toFixed(1)} s; ${CALLS} calls in ${(callMs / 1000).toFixed(1)} s (${Math.round(CALLS / (callMs / 1000))}/s, ` +
      `${((callMs * 1e6) / Math.max(1, CALLS)).toFixed(0)} ns each); ${SYNCS} syncs in ${(syncMs / 1000).toFixed(1)} s ` +
      `(${(SYNCS / Math.max(0.001, syncMs / 1000)).toFixed(0)}/s); sampling ${(sampleMs / 1000).toFixed(1)} s; total ${total.toFixed(1)} s`,
  );
  console.log(pass ? 'soak: FLAT' : 'soak: NOT FLAT');
  if (jsonOut) {
    fs.writeFileSync(
      jsonOut,
      JSON.stringify({ calls: CALLS, syncs: SYNCS, concurrency: CONCURRENCY, callMs, syncMs, totalSeconds: total, samples, checks, pass }, null, 2),
    );
  }
  return pass ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    console.error(e);
    process.exitCode = 2;
  },
);
