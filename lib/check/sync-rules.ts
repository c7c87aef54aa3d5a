/**
 * The rules of one sync run, read off what the bridge recorded (its result, SyncRun.observed and the
 * timeline): which rule it broke, with the evidence. sync.ts runs the syncs and turns these into
 * verdicts.
 */
import { hex32, hresultName } from '../errors';
import { SyncTimeoutError, type SyncResult, type SyncRun } from '../mapi/sync';
import type { Evidence, SyncTimeline } from './types';

/** One sync as the checks see it. */
export interface Recorded {
  readonly title: string;
  readonly flags: number;
  /** performance.now() when it started (for overlap). */
  readonly startedAt: number;
  readonly run?: SyncRun;
  readonly result?: SyncResult;
  /** Why it did not give a result: a SyncTimeoutError, or the failure of SynchronizeInBackground. */
  readonly error?: unknown;
  readonly timeline: SyncTimeline;
}

/** The rules a run can break, by the id of the check that owns them. */
export type RuleId =
  | 'sync.returns-promptly' | 'sync.other-thread' | 'sync.done-event' | 'sync.done-once' | 'sync.nothing-after-done'
  | 'sync.progress-indices' | 'sync.callback-qi' | 'sync.callback-refs';

export type Broken = Map<RuleId, Evidence[]>;

const named = (hr: number) => `${hresultName(hr)} (${hex32(hr)})`;

/** SynchronizeInBackground refused the run (a failure HRESULT): no rule applies to what never started. */
export function refusedWith(r: Recorded): number | undefined {
  const e = r.error as { hr?: unknown } | undefined;
  return r.result === undefined && !(r.error instanceof SyncTimeoutError) && typeof e?.hr === 'number' ? e.hr : undefined;
}

/** Every rule `r` broke (an empty map: none). promptMs: the most SynchronizeInBackground may take. */
export function brokenRules(r: Recorded, promptMs: number): Broken {
  const broken: Broken = new Map();
  const add = (id: RuleId, text: string, more: Omit<Evidence, 'text'> = {}) => {
    const list = broken.get(id) ?? [];
    list.push({ text: `${r.title}: ${text}`, ...more });
    broken.set(id, list);
  };
  if (refusedWith(r) !== undefined) return broken;
  const obs = r.run?.observed;
  const events = r.timeline.events;
  if (obs?.returnMs !== undefined && obs.returnMs > promptMs) {
    add('sync.returns-promptly', `SynchronizeInBackground took ${obs.returnMs.toFixed(1)} ms to return (limit ${promptMs} ms)`, { call: 'IMAPISync::SynchronizeInBackground', ms: obs.returnMs, thread: 'caller' });
  }
  const done = events.filter((e) => e.kind === 'Done');
  if (done[0]?.thread === 'caller') {
    add('sync.other-thread', `Done came on the caller's thread, at ${done[0].atMs.toFixed(1)} ms, inside SynchronizeInBackground: the work did not happen in the background`, { call: 'IMAPISyncProgressCallback::Done', thread: 'caller', atMs: done[0].atMs });
  }
  timeoutRules(r, add);
  if (r.result?.doneEvent === 'none') add('sync.done-event', '*phSyncDoneEvent was still NULL when SynchronizeInBackground returned: no event to wait on', { call: 'IMAPISync::SynchronizeInBackground' });
  if (obs?.eventWaitFailed) add('sync.done-event', 'WaitForSingleObject on the handle in *phSyncDoneEvent failed: it is not a waitable handle', { call: 'WaitForSingleObject' });
  if (obs?.eventAtDone === 'signalled') {
    add('sync.done-event', `the done event was already signalled when Done was called (at ${done[0]?.atMs.toFixed(1)} ms): the caller may have stopped listening before Done`, { call: 'IMAPISyncProgressCallback::Done' });
  }
  for (const m of r.result?.misuse ?? []) {
    const id: RuleId = m.kind === 'doneTwice' ? 'sync.done-once' : 'sync.nothing-after-done';
    add(id, m.message, { call: m.call, thread: m.thread, atMs: m.elapsedMs });
  }
  indexRules(r, add);
  if (obs && events.some((e) => e.kind === 'Progress' || e.kind === 'Error' || e.kind === 'Done')) {
    if (obs.callbackQueryInterfaces === 0) add('sync.callback-qi', 'the callback was used without a QueryInterface for IID_IMAPISyncProgressCallback: punkCallBack was taken as the callback itself', { call: 'IUnknown::QueryInterface' });
    else if (obs.callsBeforeQueryInterface > 0) add('sync.callback-qi', `${obs.callsBeforeQueryInterface} call(s) came before the QueryInterface for IID_IMAPISyncProgressCallback`);
  }
  if (r.result && !r.result.callbackReleased) {
    const refs = events.filter((e) => e.kind === 'QueryInterface' || e.kind === 'AddRef').length - events.filter((e) => e.kind === 'Release').length;
    add('sync.callback-refs', `the provider's thread ended holding ${refs > 0 ? refs : 'a'} reference(s) on the callback (QueryInterface/AddRef without Release)`, { call: 'IUnknown::Release' });
  }
  for (const e of events) {
    if (e.kind === 'misuse' && e.detail?.startsWith('Release:')) add('sync.callback-refs', e.detail, { call: 'IMAPISyncProgressCallback::Release', thread: e.thread, atMs: e.atMs });
  }
  return broken;
}

function timeoutRules(r: Recorded, add: (id: RuleId, text: string, more?: Omit<Evidence, 'text'>) => void): void {
  if (!(r.error instanceof SyncTimeoutError)) return;
  const ms = r.timeline.durationMs.toFixed(0);
  if (r.error.missing.includes('Done')) add('sync.done-once', `Done was never called (waited ${ms} ms; ${r.error.events} calls came)`, { call: 'IMAPISyncProgressCallback::Done' });
  if (r.error.missing.includes('done event')) add('sync.done-event', `the done event was never signalled (waited ${ms} ms)`, { call: 'WaitForSingleObject' });
}

function indexRules(r: Recorded, add: (id: RuleId, text: string, more?: Omit<Evidence, 'text'>) => void): void {
  const last = new Map<string, number>();
  for (const e of r.timeline.events) {
    if (e.kind !== 'Progress' || e.index === undefined || e.max === undefined) continue;
    const more = { call: 'IMAPISyncProgressCallback::Progress', thread: e.thread, atMs: e.atMs };
    if (e.index > e.max) add('sync.progress-indices', `Progress(${e.index}, ${e.max}): ulIndex is past ulIndexMax`, more);
    // Indices of one series (one lane, one maximum) must not go backwards.
    const key = `${e.thread}/${e.max}`;
    const prev = last.get(key);
    if (prev !== undefined && e.index < prev) add('sync.progress-indices', `Progress(${e.index}, ${e.max}) after Progress(${prev}, ${e.max}): the index went backwards`, more);
    last.set(key, e.index);
  }
}

/** Error texts seen in the runs: any that is not well-formed UTF-16 (a lone surrogate), and NULLs. */
export function errorTexts(runs: readonly Recorded[]): { bad: Evidence[]; nulls: Evidence[]; count: number } {
  const bad: Evidence[] = [];
  const nulls: Evidence[] = [];
  let count = 0;
  for (const r of runs) {
    for (const e of r.timeline.events) {
      if (e.kind !== 'Error') continue;
      count++;
      const more = { call: 'IMAPISyncProgressCallback::Error', hr: e.hr, name: e.hr === undefined ? undefined : hresultName(e.hr), thread: e.thread, atMs: e.atMs };
      if (e.detail === undefined) nulls.push({ text: `${r.title}: Error(${named(e.hr ?? 0)}, NULL)`, ...more });
      else if (!isWellFormed(e.detail)) bad.push({ text: `${r.title}: Error(${named(e.hr ?? 0)}) text has a lone surrogate at ${loneAt(e.detail)}: ${JSON.stringify(e.detail)}`, ...more });
    }
  }
  return { bad, nulls, count };
}

const LONE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const isWellFormed = (s: string) => !LONE.test(s);
const loneAt = (s: string) => `index ${LONE.exec(s)?.index}`;
