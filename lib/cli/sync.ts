/**
 * `sync [store]`: IMAPISync::SynchronizeInBackground with a live progress bar (cli-progress) on a
 * terminal, one line per event otherwise, errors as they come, and a summary at the end.
 */
import { MultiBar, Presets, type SingleBar } from 'cli-progress';
import { SYNC_FLAGS } from '../../ffi-defs/constants/flags';
import type { SyncCancel, SyncEvent, SyncMisuse, SyncResult, SyncRun } from '../mapi/sync';
import { tracer } from '../trace';
import { CliError, JsonReported, UsageError, intOption, openSession, openStore, type GlobalOptions, type Io, profileOf } from './context';
import { hex32, toJson } from './format';

export interface SyncCommandOptions {
  flags?: string;
  cancelAfter?: string;
  timeout?: string;
  /** false with --no-progress: no bar and no progress lines (errors and the summary only). */
  progress?: boolean;
  /** --report FILE.html: the run's timeline as koffi-mapi check draws it. */
  report?: string;
}

const FLAG_NAMES = SYNC_FLAGS as Readonly<Record<string, number>>;

/** Shorthands beyond the SYNC_* names and their short forms. */
const GROUPS: Record<string, number> = {
  download: SYNC_FLAGS.SYNC_DOWNLOAD_HIERARCHY | SYNC_FLAGS.SYNC_DOWNLOAD_CONTENTS,
  upload: SYNC_FLAGS.SYNC_UPLOAD_HIERARCHY | SYNC_FLAGS.SYNC_UPLOAD_CONTENTS,
};

/** 'SYNC_DOWNLOAD_CONTENTS' -> 'download-contents' */
export const shortFlagName = (name: string): string => name.replace(/^SYNC_/, '').toLowerCase().replace(/_/g, '-');

/**
 * Parses --flags: names (SYNC_DOWNLOAD_CONTENTS), short forms (download-contents, download, upload),
 * numbers (0x80, 128), separated by commas, '|', '+' or blanks.
 */
export function parseSyncFlags(spec: string): number {
  const parts = spec.split(/[\s,|+]+/).filter(Boolean);
  if (parts.length === 0) throw new UsageError('--flags is empty');
  let flags = 0;
  for (const p of parts) {
    if (/^(0x[0-9a-f]+|\d+)$/i.test(p)) {
      flags |= Number(p);
      continue;
    }
    const upper = p.toUpperCase().replace(/-/g, '_');
    const full = FLAG_NAMES[upper] ?? FLAG_NAMES[`SYNC_${upper}`];
    const group = GROUPS[p.toLowerCase()];
    if (full === undefined && group === undefined) {
      const known = [...Object.keys(FLAG_NAMES).map(shortFlagName), ...Object.keys(GROUPS)].join(', ');
      throw new UsageError(`unknown sync flag '${p}' (known: ${known}, or a number)`);
    }
    flags |= full ?? group;
  }
  return flags >>> 0;
}

/** The SYNC_* names set in `flags`, plus the hex of any unnamed bits. */
export function syncFlagNames(flags: number): string[] {
  const names = Object.entries(FLAG_NAMES)
    .filter(([, v]) => (flags & v) === v && v !== 0)
    .map(([n]) => n);
  const rest = Object.values(FLAG_NAMES).reduce((r, v) => r & ~v, flags) >>> 0;
  return rest ? [...names, hex32(rest)] : names;
}

/** The summary's cancel line: answered when, and whether the provider stopped. */
export function describeCancel(c: SyncCancel, finalName: string): string {
  if (c.answeredAt === undefined) return `asked, but no Progress call came after it to answer; the provider finished with ${finalName}`;
  const first = `answered at Progress call ${c.answeredAt}`;
  const more = `${c.furtherProgress} further Progress call${c.furtherProgress === 1 ? '' : 's'}`;
  return c.honoured
    ? `${first}; honoured: the provider stopped after ${more} and ended with ${finalName}`
    : `${first}; IGNORED: the provider went on for ${more} and finished with ${finalName}`;
}

/** The summary's misuse line: each kind of forbidden call, with how often. */
export function describeMisuse(list: readonly SyncMisuse[]): string {
  const counts = new Map<string, number>();
  for (const m of list) {
    const what = m.kind === 'doneTwice' ? 'Done called again after Done' : m.kind === 'progressAfterDone' ? 'Progress after Done' : 'Error after Done';
    counts.set(what, (counts.get(what) ?? 0) + 1);
  }
  return [...counts].map(([what, n]) => (n === 1 ? what : `${what} (${n}x)`)).join('; ');
}

/** The summary after a sync, one `key  value` line each. */
function summaryLines(result: SyncResult): string[] {
  const lines = ['', 'Summary'];
  const kv = (k: string, v: string) => lines.push(`  ${k.padEnd(10)}${v}`);
  kv('status', `${result.status} (${result.name}, ${hex32(result.hr)})`);
  kv('duration', `${result.durationMs.toFixed(0)} ms`);
  kv('progress', `${result.progressCount} call${result.progressCount === 1 ? '' : 's'}${result.beforeReturn ? ` (${result.beforeReturn} before SynchronizeInBackground returned)` : ''}`);
  kv('errors', String(result.errorCount));
  kv('thread', `${result.providerThreadId ?? 'unknown'} (done event ${result.doneEvent})`);
  kv('callback', result.callbackReleased ? 'released by the provider' : 'NOT released by the provider (it kept a reference)');
  if (result.cancel) kv('cancel', describeCancel(result.cancel, result.name));
  if (result.misuse.length) kv('misuse', describeMisuse(result.misuse));
  for (const e of result.jsErrors) kv('js error', e.message);
  return lines;
}

/** Writes `--report` once the run has ended (also when it failed or timed out); nothing without it. */
function reportWriter(io: Io, o: GlobalOptions, so: SyncCommandOptions, r: { dll: string; store: string; flags: number; flagNames: string; run: SyncRun }) {
  const startedAt = new Date();
  return async (outcome: string, providerThreadId?: number): Promise<void> => {
    if (so.report === undefined) return;
    const { syncReport } = await import('./report');
    syncReport(so.report, { ...r, startedAt, profile: profileOf(o) ?? '', outcome, providerThreadId });
    if (!o.json) io.out(`report: ${so.report}`);
  };
}

export async function syncCommand(io: Io, o: GlobalOptions, which: string | undefined, so: SyncCommandOptions): Promise<number> {
  const flags = so.flags ? parseSyncFlags(so.flags) : SYNC_FLAGS.SYNC_DOWNLOAD_HIERARCHY | SYNC_FLAGS.SYNC_DOWNLOAD_CONTENTS;
  const cancelAfter = intOption('--cancel-after', so.cancelAfter, 1);
  const timeoutMs = intOption('--timeout', so.timeout, 1);
  const showProgress = so.progress !== false;

  using s = openSession(o);
  using store = openStore(s.session, which);
  const names = syncFlagNames(flags);
  const ac = cancelAfter !== undefined ? new AbortController() : undefined;
  const events: SyncEvent[] = [];
  // A bar only on a terminal, and not when trace lines go to the same terminal.
  const traceOnTerminal = tracer.on && process.stderr.isTTY === true;
  const bars = !o.json && showProgress && io.tty && !traceOnTerminal
    ? new MultiBar({ format: '  [{bar}] {value}/{total} {step}', hideCursor: true, clearOnComplete: false, stream: process.stdout }, Presets.shades_classic)
    : null;
  let bar: SingleBar | undefined;
  const log = (line: string) => (bars ? bars.log(`${line}\n`) : io.out(line));

  // Events are read through the run's iterator, which also holds those the provider sent before
  // SynchronizeInBackground returned (before any listener could be attached).
  const run = store.synchronize({ flags, signal: ac?.signal, timeoutMs, timeline: so.report !== undefined });
  const writeReport = reportWriter(io, o, so, { dll: s.mapi.lib.path, store: store.name, flags, flagNames: names.join(' | ') || '0', run });
  if (!o.json) io.out(`Synchronizing '${store.name}' (${names.join(' | ') || '0'})`);
  let progressSeen = 0;
  let result: SyncResult;
  const header = { store: store.name, flags: hex32(flags), flagNames: names, cancelAfter: cancelAfter ?? null };
  try {
    for await (const e of run) {
      events.push(e);
      if (e.type === 'error') {
        if (!o.json) log(`  ! ${e.name} (${hex32(e.hr)}): ${e.text ?? ''}`);
        continue;
      }
      if (e.type !== 'progress') continue;
      progressSeen++;
      if (ac && progressSeen === cancelAfter) {
        ac.abort();
        if (!o.json) log(`  cancelling after ${cancelAfter} progress call${cancelAfter === 1 ? '' : 's'}`);
      }
      if (o.json || !showProgress) continue;
      const step = e.text ?? '';
      if (bars) {
        bar ??= bars.create(e.max, e.index, { step });
        bar.setTotal(e.max);
        bar.update(e.index, { step });
      } else io.out(`  ${e.index}/${e.max} ${step}`);
    }
    result = await run;
  } catch (e) {
    // SynchronizeInBackground failed, or the run timed out: with --json that is still one object.
    bars?.stop();
    await writeReport((e as { code?: string }).code === 'ERR_SYNC_TIMEOUT' ? 'timeout' : 'refused');
    if (o.json) throw new JsonReported(e, { ...header, events });
    throw e;
  } finally {
    bars?.stop();
  }
  const failed = result.status === 'failed';
  await writeReport(result.status, result.providerThreadId);
  const failure = () => new CliError(`sync of '${store.name}' failed: ${result.name} (${hex32(result.hr)})`);
  if (o.json) {
    // One object on stdout either way; a failed sync adds its `error` (printed by main).
    if (failed) throw new JsonReported(failure(), { ...header, result, events });
    io.out(toJson({ ...header, result, events }));
  } else {
    io.out(summaryLines(result).join('\n'));
  }
  if (failed) throw failure();
  return 0;
}
