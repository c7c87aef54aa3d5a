/**
 * First row: `koffi-mapi ls Inbox` on a 100,000-message Inbox, from spawn to its first message row on
 * stdout, against `koffi-mapi stores` on the same profile from spawn to exit. Both are the clone's
 * bin/koffi-mapi.js on the TypeScript sources through the transpile cache (KOFFI_MAPI_CLI_SOURCE=1),
 * the sample provider by --dll; interleaved, medians.
 *
 * After the first row the benchmark closes its end of the pipe, as `| head -1` does, and also times
 * how long the CLI then takes to exit (it must stop reading, log off, exit 0 and print nothing on
 * stderr). A few full listings (every row read to the end) are timed for context.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { PROVIDER, ROOT, interleave, stat, round, median, type Figure } from './common';

export const MESSAGES = 100_000;
const BIN = path.join(ROOT, 'bin', 'koffi-mapi.js');
const ARGS = ['--dll', PROVIDER, '--profile', `Sample;messages=${MESSAGES}`];
const ENV = { ...process.env, KOFFI_MAPI_CLI_SOURCE: '1', KOFFI_MAPI_TRACE: '', KOFFI_MAPI_CHECK_LEAKS: '', NO_COLOR: '1' };

interface Timed {
  /** Spawn to the first `lines` lines on stdout (ms); to exit when `lines` is 0. */
  firstMs: number;
  /** Spawn to exit (ms). */
  exitMs: number;
  /** Lines the child printed (all of them when read to the end). */
  lines: number;
}

/**
 * Runs the CLI; with `headLines`, closes the pipe after that many lines (`| head -n`). Rejects on a
 * non-zero exit code or anything on stderr.
 */
function runCli(args: string[], headLines = 0): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const ms = () => Number(process.hrtime.bigint() - t0) / 1e6;
    const child = spawn(process.execPath, [BIN, ...ARGS, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: ENV });
    let lines = 0;
    let firstMs = 0;
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      if (firstMs) return;
      for (let i = d.indexOf(10); i >= 0; i = d.indexOf(10, i + 1)) lines++;
      if (headLines && lines >= headLines) {
        firstMs = ms();
        child.stdout.destroy(); // the reader goes away: the CLI's next write is EPIPE
      }
    });
    child.stdout.on('error', () => undefined);
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const exitMs = ms();
      if (code !== 0 || err) return reject(new Error(`firstrow: koffi-mapi ${args.join(' ')} exited ${code}${signal ? ` (${signal})` : ''}: ${err.trim()}`));
      if (headLines && !firstMs) return reject(new Error(`firstrow: koffi-mapi ${args.join(' ')} printed ${lines} lines, fewer than ${headLines}`));
      resolve({ firstMs: firstMs || exitMs, exitMs, lines });
    });
  });
}

export async function firstRowFigure(opts: { quick?: boolean } = {}): Promise<Figure> {
  const ls: Timed[] = [];
  const lsFirst = async () => {
    const r = await runCli(['ls', 'Inbox'], 2); // the heading and the first row
    ls.push(r);
    return r.firstMs;
  };
  const stores = async () => (await runCli(['stores'])).exitMs;
  await stores(); // fills the transpile cache and the file cache
  await lsFirst();
  ls.length = 0;
  const s = await interleave(opts.quick ? 3 : 15, { ls: lsFirst, stores });
  const full: Timed[] = [];
  for (let i = 0; i < (opts.quick ? 1 : 3); i++) full.push(await runCli(['ls', 'Inbox']));
  if (full.some((f) => f.lines !== MESSAGES + 1)) throw new Error(`firstrow: a full listing printed ${full.map((f) => f.lines).join(', ')} lines, not ${MESSAGES + 1}`);
  const a = stat(s.ls);
  const b = stat(s.stores);
  const ratio = round(a.median / b.median, 3);
  const TARGET = 1.5;
  return {
    name: 'first row',
    unit: 'ms',
    subject: { label: `koffi-mapi ls Inbox (${MESSAGES.toLocaleString('en-US')} messages): spawn to the first row`, value: a.median, stat: a },
    baseline: { label: 'koffi-mapi stores (same profile): spawn to exit', value: b.median, stat: b },
    ratio,
    ratioMeaning: 'first-row latency of ls / time of stores',
    target: { text: `<= ${TARGET}x stores`, pass: ratio <= TARGET },
    details: {
      differenceMs: round(a.median - b.median, 4),
      exitAfterHeadMs: round(median(ls.map((r) => r.exitMs - r.firstMs)), 4),
      fullListingMs: round(median(full.map((f) => f.exitMs)), 4),
      how: 'clone bin/koffi-mapi.js, KOFFI_MAPI_CLI_SOURCE=1 (transpile cache), --dll the sample provider; after the first row the pipe is closed as by head -1',
    },
  };
}
