/**
 * Files the CLI writes for people to open: the HTML report of `check` and `sync --report`, the JUnit
 * XML of `check`. Each is written whole or not at all.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { SyncRun } from '../mapi/sync';
import { CliError } from './context';

/** Writes a file whole or not at all (a temporary file beside it, then a rename). */
export function writeOutput(file: string, text: string, what: string): void {
  const target = path.resolve(file);
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.tmp`);
  try {
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, target);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw new CliError(`cannot write the ${what} to ${file}: ${(e as Error).message}`);
  }
}

/** `sync --report FILE.html`: the timeline of one ordinary sync, in the report check writes. */
export function syncReport(file: string, r: { startedAt: Date; dll: string; profile: string; store: string; flags: number; flagNames: string; run: SyncRun; outcome: string; providerThreadId?: number }): void {
  const durationMs = Date.now() - r.startedAt.getTime();
  const timeline = { title: `sync '${r.store}' (${r.flagNames})`, store: r.store, flags: r.flags, outcome: r.outcome, providerThreadId: r.providerThreadId, durationMs, events: [...(r.run.timeline ?? [])] };
  // Loaded only here: rendering is not on the path of a plain sync.
  const { renderReport } = require('../check/report') as typeof import('../check/report');
  const { checkReport } = require('../check/run') as typeof import('../check/run');
  const report = checkReport({ startedAt: r.startedAt, durationMs, dll: r.dll, profile: r.profile, stores: [r.store], checks: [], timelines: [timeline] });
  writeOutput(file, renderReport(report), 'HTML report');
}
