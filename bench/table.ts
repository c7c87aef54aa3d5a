/**
 * Table streaming: every row of an Inbox of 10 000 and of 100 000 messages, 10 columns, through the
 * async row iterator (Folder.contents(...).rows({ pageSize })). Rows/s, and the process's peak RSS
 * while streaming, which must not grow with the table size.
 *
 * Each (size, mode) runs in its own child process, so its peak RSS is its own; runs are interleaved
 * (10k, 100k, 10k, 100k, ...). Three modes:
 *   bridge  for await (const row of table.rows({ pageSize })) — decoded rows as JS objects;
 *   arrays  the same with { arrays: true } — each row an array of values in column order (100k only);
 *   floor   the same QueryRows pages through the raw proxy, FreeProws, no decoding: what the provider
 *           alone costs and how much memory it needs for a table of that size (its own row index).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import koffi from 'koffi';
import { initialize } from '../lib/session';
import { PROVIDER, stat, round, median, type Figure } from './common';

export const COLUMNS = [
  'PR_ENTRYID', 'PR_SUBJECT_W', 'PR_SENDER_NAME_W', 'PR_SENDER_EMAIL_ADDRESS_W', 'PR_MESSAGE_DELIVERY_TIME',
  'PR_MESSAGE_SIZE', 'PR_MESSAGE_FLAGS', 'PR_IMPORTANCE', 'PR_HASATTACH', 'PR_INTERNET_MESSAGE_ID_W',
] as const;
export const PAGE_SIZE = 200;

export interface TableRun {
  mode: 'bridge' | 'arrays' | 'floor';
  size: number;
  rows: number;
  ms: number;
  rowsPerSec: number;
  /** Rows per second of CPU time (user + system) of this process: less sensitive to a busy machine. */
  cpuRowsPerSec: number;
  /** RSS after logon and opening the table, before the first row (MiB). */
  rssBeforeMiB: number;
  /** Highest RSS sampled while streaming (each page) (MiB). */
  rssPeakMiB: number;
  /** getrusage max RSS of the whole process (MiB). */
  maxRssMiB: number;
  /** Highest V8 heapUsed sampled while streaming (MiB). */
  heapPeakMiB: number;
}

const MiB = 1024 * 1024;

/** In the child: stream the table once and report. */
export async function tableChild(mode: 'bridge' | 'arrays' | 'floor', size: number): Promise<TableRun> {
  using mapi = initialize({ path: PROVIDER });
  using session = mapi.logon({ profile: `Sample;messages=${size}` });
  using store = session.defaultStore();
  using inbox = store.folder('Inbox');
  using table = inbox.contents({ columns: COLUMNS });
  let rssPeak = 0;
  let heapPeak = 0;
  const sample = () => {
    const m = process.memoryUsage();
    if (m.rss > rssPeak) rssPeak = m.rss;
    if (m.heapUsed > heapPeak) heapPeak = m.heapUsed;
  };
  const before = process.memoryUsage().rss;
  let rows = 0;
  let check = 0;
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  if (mode === 'bridge') {
    for await (const row of table.rows({ pageSize: PAGE_SIZE })) {
      if (++rows % PAGE_SIZE === 0) sample();
      if (typeof row.PR_SUBJECT_W === 'string') check += row.PR_SUBJECT_W.length;
    }
  } else if (mode === 'arrays') {
    const subject = COLUMNS.indexOf('PR_SUBJECT_W');
    for await (const row of table.rows({ pageSize: PAGE_SIZE, arrays: true })) {
      if (++rows % PAGE_SIZE === 0) sample();
      const v = row[subject];
      if (typeof v === 'string') check += v.length;
    }
  } else {
    const freeProws = koffi.decode(mapi.lib.lib.symbol('FreeProws'), koffi.proto('void __stdcall FreeProws(void *p)')) as unknown as (p: bigint) => void;
    const out: (bigint | null)[] = [null];
    table.seek('beginning', 0);
    for (;;) {
      table.raw.QueryRows(PAGE_SIZE, 0, out);
      const n = koffi.decode.uint32(out[0] as never) as number;
      freeProws(out[0]!);
      if (n === 0) break;
      rows += n;
      check += n;
      sample();
      await new Promise<void>((r) => setImmediate(r));
    }
  }
  const ns = Number(process.hrtime.bigint() - t0);
  const cpu = process.cpuUsage(cpu0);
  sample();
  if (rows !== size) throw new Error(`table: streamed ${rows} rows of ${size}`);
  if (check === 0) throw new Error('table: no subjects');
  return {
    mode,
    size,
    rows,
    ms: round(ns / 1e6, 4),
    rowsPerSec: round((rows * 1e9) / ns, 4),
    cpuRowsPerSec: round((rows * 1e6) / (cpu.user + cpu.system), 4),
    rssBeforeMiB: round(before / MiB, 4),
    rssPeakMiB: round(rssPeak / MiB, 4),
    maxRssMiB: round(process.resourceUsage().maxRSS / 1024, 4),
    heapPeakMiB: round(heapPeak / MiB, 4),
  };
}

function runChild(mode: string, size: number): Promise<TableRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(__dirname, 'figure.js'), 'table-child', mode, String(size)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const m = /@@BENCH-RESULT@@(.*)/.exec(out);
      if (code !== 0 || !m) return reject(new Error(`table child ${mode} ${size} failed (exit ${code})`));
      resolve((JSON.parse(m[1]) as TableRun[])[0]);
    });
  });
}

export async function tableFigure(opts: { quick?: boolean } = {}): Promise<Figure[]> {
  const sizes = [10_000, 100_000];
  const reps = opts.quick ? 1 : 3;
  const runs: TableRun[] = [];
  for (let r = 0; r < reps; r++) {
    for (const size of r % 2 ? [...sizes].reverse() : sizes) {
      runs.push(await runChild('bridge', size));
      if (size === 100_000) runs.push(await runChild('arrays', size));
      runs.push(await runChild('floor', size));
    }
  }
  const pick = (mode: string, size: number, k: keyof TableRun) => runs.filter((x) => x.mode === mode && x.size === size).map((x) => x[k] as number);
  const summary = (mode: string, size: number) => ({
    rowsPerSec: stat(pick(mode, size, 'rowsPerSec')),
    cpuRowsPerSec: round(median(pick(mode, size, 'cpuRowsPerSec')), 4),
    rssBeforeMiB: round(median(pick(mode, size, 'rssBeforeMiB')), 4),
    rssPeakMiB: round(median(pick(mode, size, 'rssPeakMiB')), 4),
    maxRssMiB: round(median(pick(mode, size, 'maxRssMiB')), 4),
    heapPeakMiB: round(median(pick(mode, size, 'heapPeakMiB')), 4),
  });
  const b10 = summary('bridge', 10_000);
  const b100 = summary('bridge', 100_000);
  const f10 = summary('floor', 10_000);
  const f100 = summary('floor', 100_000);
  // What the bridge adds to the peak, beyond what the provider itself needs for the bigger table.
  const growth = b100.maxRssMiB - b10.maxRssMiB;
  const providerGrowth = f100.maxRssMiB - f10.maxRssMiB;
  const bridgeGrowth = round(growth - providerGrowth, 3);
  const TOLERANCE_MIB = 8;
  const MIN_OF_FLOOR = 0.8;
  const ofFloor = round(b100.rowsPerSec.median / f100.rowsPerSec.median, 3);
  const a100 = summary('arrays', 100_000);
  const arrays: Figure = {
    name: 'table streaming (arrays)',
    unit: 'rows/s',
    subject: { label: `bridge rows({ arrays: true }) 100k rows x ${COLUMNS.length} cols`, value: a100.rowsPerSec.median, stat: a100.rowsPerSec },
    baseline: { label: 'provider floor (QueryRows + FreeProws, no decoding) 100k rows', value: f100.rowsPerSec.median, stat: f100.rowsPerSec },
    ratio: round(a100.rowsPerSec.median / f100.rowsPerSec.median, 3),
    ratioMeaning: 'rows/s as arrays / provider floor rows/s, at 100k rows',
    target: null,
    details: { overObjects: round(a100.rowsPerSec.median / b100.rowsPerSec.median, 3), cpuRowsPerSec: a100.cpuRowsPerSec, heapPeakMiB: a100.heapPeakMiB, maxRssMiB: a100.maxRssMiB },
  };
  return [{
    name: 'table streaming',
    unit: 'rows/s',
    subject: { label: `bridge rows() 100k rows x ${COLUMNS.length} cols`, value: b100.rowsPerSec.median, stat: b100.rowsPerSec },
    baseline: { label: `provider floor (QueryRows + FreeProws, no decoding) 100k rows`, value: f100.rowsPerSec.median, stat: f100.rowsPerSec },
    ratio: ofFloor,
    ratioMeaning: 'decoded rows/s / provider floor rows/s, both at 100k rows (1 = decoding is free)',
    target: {
      text: `>= ${MIN_OF_FLOOR}x the floor; peak RSS growth 10k->100k beyond the provider's own <= ${TOLERANCE_MIB} MiB`,
      pass: ofFloor >= MIN_OF_FLOOR && bridgeGrowth <= TOLERANCE_MIB,
    },
    details: {
      peakRss: { '10k': b10.maxRssMiB, '100k': b100.maxRssMiB, unit: 'MiB (getrusage max RSS of the child)' },
      peakRssGrowthMiB: round(growth, 3),
      providerOnlyGrowthMiB: round(providerGrowth, 3),
      bridgeGrowthMiB: bridgeGrowth,
      bridge: { '10k': b10, '100k': b100 },
      floor: { '10k': f10, '100k': f100, what: 'QueryRows + FreeProws through the raw proxy, no decoding' },
      bridgeOverFloorTime100k: round(f100.rowsPerSec.median / b100.rowsPerSec.median, 3),
      slowdown100kOver10k: round(b100.rowsPerSec.median / b10.rowsPerSec.median, 3),
      pageSize: PAGE_SIZE,
      columns: COLUMNS,
      runsPerSize: reps,
    },
  }, arrays];
}
