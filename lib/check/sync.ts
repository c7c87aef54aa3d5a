/**
 * The IMAPISync group: the syncs koffi-mapi check runs, as Outlook would start them, and the verdicts
 * read off them (sync-rules.ts). A baseline run decides most rules; the cancel, flag, concurrent and
 * back-to-back runs report what they break beyond the baseline; the MAPISIB size probe hands the
 * provider a MAPISIB that says it is 8 bytes long, with a canary callback after those 8 bytes.
 */
import { SYNC_FLAGS } from '../../ffi-defs/constants/flags';
import { HR } from '../../ffi-defs/constants/hresults';
import { hresultName } from '../errors';
import type { Store } from '../mapi/folders';
import type { MapiLibrary } from '../loader';
import { SyncTimeoutError, type SyncOptions, type SyncRun } from '../mapi/sync';
import { fail, pass, skipped, warn, type CheckRun, type EvidenceLog } from './context';
import { brokenRules, errorTexts, refusedWith, type Broken, type Recorded, type RuleId } from './sync-rules';
import { sibSizeProbe } from './sync-sib';
import type { SyncTimeline } from './types';

const F = SYNC_FLAGS;
const DEFAULT_FLAGS = F.SYNC_DOWNLOAD_HIERARCHY | F.SYNC_DOWNLOAD_CONTENTS;

/** sync.flags tries these unless --flags says otherwise. */
export const CHECK_FLAG_SETS: readonly number[] = [
  F.SYNC_DOWNLOAD_HIERARCHY,
  F.SYNC_DOWNLOAD_CONTENTS,
  F.SYNC_UPLOAD_HIERARCHY | F.SYNC_UPLOAD_CONTENTS,
  F.SYNC_UPLOAD_CONTENTS | F.SYNC_DOWNLOAD_CONTENTS | F.SYNC_UPLOAD_HIERARCHY | F.SYNC_DOWNLOAD_HIERARCHY,
  F.SYNC_OUTGOING_MAIL,
  F.SYNC_DOWNLOAD_HIERARCHY | F.SYNC_DOWNLOAD_CONTENTS | F.SYNC_ON_DEMAND,
];

export function flagNames(flags: number): string {
  const names = Object.entries(F).filter(([, v]) => (flags & v) !== 0).map(([k]) => k);
  return names.length ? names.join(' | ') : '0';
}

/** Starts a sync with a timeline and waits for its end; never throws (the failure is in `error`). */
export async function recordSync(run: CheckRun, store: Store, title: string, options: SyncOptions & { cancelAtProgress?: number } = {}): Promise<Recorded> {
  const flags = options.flags ?? DEFAULT_FLAGS;
  const t0 = performance.now();
  let sync: SyncRun | undefined;
  let result, error: unknown;
  try {
    const ac = new AbortController();
    sync = store.synchronize({ timeoutMs: run.options.timeoutMs ?? 10_000, exitGraceMs: 5_000, ...options, flags, timeline: true, signal: options.cancelAtProgress ? ac.signal : undefined });
    let n = 0;
    if (options.cancelAtProgress) sync.on('progress', () => void (++n === options.cancelAtProgress && ac.abort()));
    result = await sync;
  } catch (e) {
    error = e;
  }
  const outcome = result?.status ?? (error && (error as { code?: string }).code === 'ERR_SYNC_TIMEOUT' ? 'timeout' : 'refused');
  const timeline: SyncTimeline = {
    title, store: store.name, flags, outcome,
    providerThreadId: result?.providerThreadId,
    durationMs: performance.now() - t0,
    events: [...(sync?.timeline ?? [])],
  };
  run.timelines.push(timeline);
  return { title, flags, startedAt: t0, run: sync, result, error, timeline };
}

/** What `extra` broke that `base` did not: the rules a variation of the baseline run adds. */
function beyond(extra: Broken, base: Broken): Broken {
  return new Map([...extra].filter(([id]) => !base.has(id)));
}

const describeBroken = (b: Broken) => [...b.keys()].join(', ');

/** Records the verdict of each rule from the baseline run. */
function baselineVerdicts(run: CheckRun, subject: string, base: Recorded, broken: Broken): void {
  const ids: RuleId[] = ['sync.returns-promptly', 'sync.other-thread', 'sync.done-event', 'sync.done-once', 'sync.nothing-after-done', 'sync.progress-indices', 'sync.callback-qi', 'sync.callback-refs'];
  const refused = refusedWith(base);
  for (const id of ids) {
    if (refused !== undefined) {
      run.record(id, subject, fail(`SynchronizeInBackground(${flagNames(base.flags)}) failed with ${hresultName(refused)}: no run to check`), [{ text: `${base.title}: SynchronizeInBackground returned ${hresultName(refused)}`, call: 'IMAPISync::SynchronizeInBackground', hr: refused >>> 0, name: hresultName(refused) }]);
      continue;
    }
    const ev = broken.get(id);
    const summary = { text: `${base.title}: ${base.timeline.outcome} in ${base.timeline.durationMs.toFixed(1)} ms, ${base.timeline.events.length} calls recorded` };
    run.record(id, subject, ev ? fail(ev[0].text) : pass(), ev ?? [summary]);
  }
}

/** The whole group, on a store that answers IMAPISync. Returns every run, for the error-text and cleanup checks. */
export async function syncChecks(run: CheckRun, store: Store, lib: MapiLibrary): Promise<Recorded[]> {
  const subject = `store '${store.name}'`;
  const promptMs = run.options.promptMs ?? 250;
  const runs: Recorded[] = [];
  const base = await recordSync(run, store, `sync (${flagNames(DEFAULT_FLAGS)})`);
  runs.push(base);
  const baseBroken = brokenRules(base, promptMs);
  baselineVerdicts(run, subject, base, baseBroken);

  await run.check('sync.sib-size', subject, (ev) => sibSizeProbe(run, store, lib, ev));
  if (base.error instanceof SyncTimeoutError) {
    // Each further run would wait the whole timeout as well.
    run.skipRest('sync', `the default sync did not end within ${run.options.timeoutMs ?? 10_000} ms (sync.done-once, sync.done-event)`);
    return runs;
  }

  if (run.wants('sync.cancel')) runs.push(await cancelCheck(run, store, subject, base));

  await run.check('sync.flags', subject, async (ev) => {
    let accepted = 0;
    const bad: string[] = [];
    for (const flags of run.options.flags ?? CHECK_FLAG_SETS) {
      const r = await recordSync(run, store, `sync.flags: ${flagNames(flags)}`, { flags });
      runs.push(r);
      const refused = refusedWith(r);
      if (refused !== undefined) {
        ev.add(`${flagNames(flags)}: refused at once with ${hresultName(refused)} (not supported)`, { call: 'IMAPISync::SynchronizeInBackground', hr: refused });
        continue;
      }
      accepted++;
      const more = beyond(brokenRules(r, promptMs), baseBroken);
      if (more.size) {
        bad.push(flagNames(flags));
        for (const list of more.values()) for (const e of list) ev.add(e.text, e);
      } else ev.add(`${flagNames(flags)}: ${r.timeline.outcome}, ${r.result?.name ?? ''} by the rules`);
    }
    if (bad.length) return fail(`with ${bad.join('; ')} the run breaks rules the default run keeps`);
    return accepted ? pass() : warn('the provider refused every combination tried');
  });

  await concurrentCheck(run, store, subject, baseBroken, promptMs, runs);

  await run.check('sync.back-to-back', subject, async (ev) => {
    const a = await recordSync(run, store, 'sync.back-to-back: first');
    const b = await recordSync(run, store, 'sync.back-to-back: second');
    runs.push(a, b);
    for (const r of [a, b]) {
      const refused = refusedWith(r);
      if (refused !== undefined) {
        ev.add(`${r.title}: SynchronizeInBackground gave ${hresultName(refused)}`, { call: 'IMAPISync::SynchronizeInBackground', hr: refused });
        return fail(`${r.title} was refused with ${hresultName(refused)} right after a run had ended`);
      }
    }
    return judgeRuns(ev, [a, b], baseBroken, promptMs, 'back to back');
  });

  await run.check('sync.error-text', subject, (ev) => {
    const { bad, nulls, count } = errorTexts(runs);
    for (const e of [...bad, ...nulls]) ev.add(e.text, e);
    if (bad.length) return fail(`${bad.length} Error text(s) are not valid UTF-16`);
    if (nulls.length) return warn(`${nulls.length} Error call(s) passed a NULL text (not documented)`);
    if (!count) return skipped(`no Error call was made in ${runs.length} runs`);
    ev.add(`${count} Error text(s), all valid UTF-16`);
    return pass();
  });
  return runs;
}

/** sync.concurrent: two runs at once, the shorter first. */
async function concurrentCheck(run: CheckRun, store: Store, subject: string, baseBroken: Broken, promptMs: number, runs: Recorded[]): Promise<void> {
  await run.check('sync.concurrent', subject, async (ev) => {
    // The first is the shorter (the hierarchy only), so it ends while the second still runs: a
    // provider that mixes up the runs' callbacks then shows it whichever thread is quicker.
    const first = recordSync(run, store, 'sync.concurrent: first', { flags: F.SYNC_DOWNLOAD_HIERARCHY });
    const [a, b] = await Promise.all([first, recordSync(run, store, 'sync.concurrent: second')]);
    runs.push(a, b);
    const refused = refusedWith(b) ?? refusedWith(a);
    if (refused !== undefined) {
      ev.add(`a second SynchronizeInBackground while one ran gave ${hresultName(refused)}`, { call: 'IMAPISync::SynchronizeInBackground', hr: refused });
      return refused === HR.MAPI_E_BUSY ? warn('the provider refuses a second sync while one runs (MAPI_E_BUSY)') : fail(`a second sync while one runs failed with ${hresultName(refused)}`);
    }
    const overlap = b.startedAt < a.startedAt + a.timeline.durationMs;
    ev.add(overlap ? `the second started ${(b.startedAt - a.startedAt).toFixed(1)} ms after the first, which took ${a.timeline.durationMs.toFixed(1)} ms: they ran at once` : 'the first run had ended before the second started: the provider is too quick for them to overlap');
    const v = judgeRuns(ev, [a, b], baseBroken, promptMs, 'two syncs at once');
    return v.status === 'pass' && !overlap ? pass('the two runs did not overlap in time') : v;
  });
}

function judgeRuns(ev: EvidenceLog, rs: readonly Recorded[], base: Broken, promptMs: number, what: string) {
  const bad: string[] = [];
  for (const r of rs) {
    const more = beyond(brokenRules(r, promptMs), base);
    if (more.size) bad.push(`${r.title} broke ${describeBroken(more)}`);
    for (const list of more.values()) for (const e of list) ev.add(e.text, e);
    if (!more.size) ev.add(`${r.title}: ${r.timeline.outcome} (${r.result?.progressCount ?? 0} Progress) by the rules`);
  }
  return bad.length ? fail(`${what}: ${bad.join('; ')}`) : pass();
}

async function cancelCheck(run: CheckRun, store: Store, subject: string, base: Recorded): Promise<Recorded> {
  const within = run.options.cancelWithin ?? 3;
  const r = await recordSync(run, store, 'sync.cancel: cancelled at the first Progress', { cancelAtProgress: 1 });
  await run.check('sync.cancel', subject, (ev) => {
    const c = r.result?.cancel;
    if (r.result && !c) {
      ev.add(`the run ended (Done(${r.result.name})) before its first Progress reached JS: ${r.result.beforeReturn} call(s) came before SynchronizeInBackground returned`);
      return skipped('the run was over before a cancel could be asked');
    }
    if (!r.result || !c) {
      ev.error(r.error, 'the cancelled run');
      return (base.result?.progressCount ?? 0) < 1 ? skipped('the provider made no Progress call to answer with MAPI_E_USER_CANCEL') : fail(`the cancelled run did not end: ${ev.items.at(-1)?.text}`);
    }
    if (c.answeredAt === undefined) return skipped('no Progress call came after the cancel was asked');
    const text = `Progress #${c.answeredAt} returned MAPI_E_USER_CANCEL; ${c.furtherProgress} further Progress call(s); Done(${r.result.name})`;
    ev.add(text, { call: 'IMAPISyncProgressCallback::Progress', hr: HR.MAPI_E_USER_CANCEL });
    if (!c.honoured) return warn(`the provider ignores a cancel: it went on to Done(${r.result.name}) after ${c.furtherProgress} more Progress calls (only S_OK is documented for Progress; Outlook's Cancel will not stop it)`);
    if (c.furtherProgress > within) return fail(`the provider stopped only after ${c.furtherProgress} further Progress calls (at most ${within} expected)`);
    return pass();
  });
  return r;
}
