/**
 * koffi-mapi check from start to end: MAPIInitialize and a logon as Outlook does them, the groups in
 * order (stores, COM rules, IMAPISync, clean-up), and the report. Nothing a provider does ends the run:
 * a failed call fails its check, a group that cannot start is skipped with the reason.
 */
import { IUnknown } from '../../ffi-defs/interfaces/IUnknown';
import { IMAPISession } from '../../ffi-defs/interfaces/IMAPISession';
import { IMAPIProp } from '../../ffi-defs/interfaces/IMAPIProp';
import { IMsgStore } from '../../ffi-defs/interfaces/IMsgStore';
import { IMAPIContainer } from '../../ffi-defs/interfaces/IMAPIContainer';
import { IMAPIFolder } from '../../ffi-defs/interfaces/IMAPIFolder';
import { IMessage } from '../../ffi-defs/interfaces/IMessage';
import { IMAPITable } from '../../ffi-defs/interfaces/IMAPITable';
import { IMAPISync } from '../../ffi-defs/interfaces/IMAPISync';
import { observeJsCalls } from '../com/jsobject';
import type { ComProxy } from '../com/proxy';
import { MapiError } from '../errors';
import { load, type MapiLibrary } from '../loader';
import { packageVersion } from '../paths';
import { sampleProvider, type SampleStats } from '../sample';
import type { Folder, Message, Store } from '../mapi/folders';
import { initialize, type Mapi, type Session } from '../session';
import { comChecks, type ComSubject } from './com';
import { CheckRun, fail, pass, skipped, type CheckOptions } from './context';
import { storeChecks, storesTableChecks } from './store';
import { recordSync, syncChecks } from './sync';
import type { CheckReport, CheckResult, Evidence, SyncTimeline } from './types';

export interface CheckTarget {
  /** A loaded MAPI (tests); otherwise `dll` or the usual search (load()). */
  readonly library?: MapiLibrary;
  readonly dll?: string;
  readonly profile?: string;
  /** The store to check (display name); default: the default store. */
  readonly store?: string;
}


export async function runChecks(target: CheckTarget, options: CheckOptions = {}): Promise<CheckReport> {
  const run = new CheckRun(options);
  const lib = target.library ?? load(target.dll ? { path: target.dll } : {});
  const mapi = initialize({ library: lib });
  let storeNames: string[] = [];
  try {
    storeNames = await withSession(run, mapi, lib, target);
  } finally {
    mapi.uninitialize();
  }
  await cleanupChecks(run, lib);
  return checkReport({ startedAt: run.startedAt, durationMs: run.elapsed(), dll: lib.path, profile: target.profile ?? '', stores: storeNames, checks: run.results, timelines: run.timelines });
}

/** A CheckReport of these checks and timelines (also `sync --report`'s, with no checks): the tool, the platform, the counts. */
export function checkReport(r: { startedAt: Date; durationMs: number; dll: string; profile: string; stores: readonly string[]; checks: readonly CheckResult[]; timelines: readonly SyncTimeline[] }): CheckReport {
  const count = (s: CheckResult['status']) => r.checks.filter((c) => c.status === s).length;
  return {
    tool: `koffi-mapi ${packageVersion()}`,
    startedAt: r.startedAt.toISOString(),
    durationMs: r.durationMs,
    target: { dll: r.dll, profile: r.profile, platform: `${process.platform}-${process.arch}`, stores: r.stores },
    summary: { pass: count('pass'), warn: count('warn'), fail: count('fail'), skipped: count('skipped') },
    checks: r.checks,
    timelines: r.timelines,
  };
}

/** Everything that needs the session; returns the store names. The session is logged off at the end. */
async function withSession(run: CheckRun, mapi: Mapi, lib: MapiLibrary, target: CheckTarget): Promise<string[]> {
  using session = mapi.logon({ profile: target.profile });
  const infos = session.stores();
  await run.group('store', () => storesTableChecks(run, session));
  // Without a default store (store.default fails then), the first store stands in.
  using store = target.store ? session.openStore({ name: target.store }) : infos.some((i) => i.isDefault) ? session.defaultStore() : session.openStore(infos[0].entryId);
  await run.group('com', async () => {
    const held: { release(): void }[] = [];
    try {
      await comChecks(run, comSubjects(session, store, infos.map((i) => i.name), held));
    } finally {
      for (const h of held.reverse()) h.release();
    }
  });
  await run.group('store', () => storeChecks(run, store, lib));
  await run.group('sync', () => syncGroup(run, store, lib));
  if (!run.wantsGroup('sync') && run.wants('cleanup.no-calls')) await syncGroup(run, store, lib);
  return infos.map((i) => i.name);
}

/**
 * The objects the COM rules are checked on; what they hold goes into `held`, released after. An object
 * that does not open is left out (the store checks say why).
 */
function comSubjects(session: Session, store: Store, storeNames: readonly string[], held: { release(): void }[]): ComSubject[] {
  const subjects: ComSubject[] = [{ label: 'the session', ptr: session.raw.ptr, iface: 'IMAPISession', interfaces: [IUnknown, IMAPISession] }];
  const keep = <T extends { release(): void }>(f: () => T): T | undefined => {
    try {
      const o = f();
      held.push(o);
      return o;
    } catch {
      return undefined;
    }
  };
  const storeIfaces = [IUnknown, IMAPIProp, IMsgStore];
  for (const name of storeNames) {
    const s = name === store.name ? store : keep(() => session.openStore({ name }));
    if (!s) continue;
    const sync = keep(() => (s.raw as ComProxy).QueryInterface(IMAPISync));
    subjects.push({ label: `store '${name}'`, ptr: s.raw.ptr, iface: 'IMsgStore', interfaces: sync ? [...storeIfaces, IMAPISync] : storeIfaces });
    if (sync) subjects.push({ label: `IMAPISync of '${name}'`, ptr: sync.ptr, iface: 'IMAPISync', interfaces: [IUnknown, IMAPISync, IMsgStore, IMAPIProp] });
  }
  const folder: Folder | undefined = keep(() => store.ipmSubtree());
  if (folder) subjects.push({ label: `folder '${folder.name}'`, ptr: folder.raw.ptr, iface: 'IMAPIFolder', interfaces: [IUnknown, IMAPIProp, IMAPIContainer, IMAPIFolder] });
  const inbox = keep(() => store.receiveFolder('IPM.Note'));
  const table = inbox && keep(() => inbox.contents());
  if (!inbox || !table) return subjects;
  subjects.push({ label: `contents table of '${inbox.name}'`, ptr: table.raw.ptr, iface: 'IMAPITable', interfaces: [IUnknown, IMAPITable] });
  table.setColumns(['PR_ENTRYID']);
  const eid: unknown = (table.queryRows(1)[0] as Record<string, unknown> | undefined)?.PR_ENTRYID;
  const m = Buffer.isBuffer(eid) ? keep(() => store.openEntry(eid) as Message) : undefined;
  if (m) subjects.push({ label: `a message of '${inbox.name}'`, ptr: m.raw.ptr, iface: 'IMessage', interfaces: [IUnknown, IMAPIProp, IMessage] });
  return subjects;
}

/** The store to sync: the one checked if it answers IMAPISync. Then the final sync for cleanup.no-calls. */
async function syncGroup(run: CheckRun, store: Store, lib: MapiLibrary): Promise<void> {
  let sync: { release(): void };
  try {
    sync = (store.raw as ComProxy).QueryInterface(IMAPISync);
  } catch (e) {
    const why = e instanceof MapiError ? `store '${store.name}' does not answer QueryInterface(IID_IMAPISync) (${e.name})` : String(e);
    run.skipRest('sync', why);
    run.record('cleanup.no-calls', undefined, skipped(why), []);
    return;
  }
  sync.release();
  if (run.wantsGroup('sync')) await syncChecks(run, store, lib);
  // The last thing before logoff: a sync whose thread may still be around when MAPI goes away.
  if (run.wants('cleanup.no-calls')) await recordSync(run, store, 'cleanup: the last sync before logoff');
}

/** After MAPIUninitialize: calls into JS objects, the provider's threads, objects and buffers. */
async function cleanupChecks(run: CheckRun, lib: MapiLibrary): Promise<void> {
  if (!run.wantsGroup('cleanup')) return;
  const graceMs = run.options.graceMs ?? 1000;
  const calls: Evidence[] = [];
  const t0 = performance.now();
  observeJsCalls((call, thread) => {
    if (calls.length < 20) calls.push({ text: `${call} from ${thread === 'foreign' ? 'a provider thread' : 'the caller\'s thread'} ${(performance.now() - t0).toFixed(1)} ms after MAPIUninitialize`, call, thread: thread === 'foreign' ? 'provider' : 'caller', atMs: run.elapsed() });
  });
  let stats: (() => SampleStats) | undefined;
  try {
    const sp = sampleProvider(lib);
    stats = () => sp.stats();
  } catch {
    /* not the sample provider: no counts */
  }
  // Watch the whole grace period for calls; the counts may settle earlier.
  await new Promise((r) => setTimeout(r, graceMs));
  observeJsCalls(null);
  const s = stats?.();
  const watched = `watched ${graceMs} ms after logoff and MAPIUninitialize`;
  run.record('cleanup.no-calls', undefined, calls.length ? fail(`${calls.length} call(s) into the process after MAPIUninitialize`) : pass(), calls.length ? calls : [{ text: `${watched}: no call` }]);
  const noCounts = skipped('the provider exposes no counts (only the sample provider does: SampleProvider_GetStats)');
  if (!s) {
    run.record('cleanup.threads', undefined, noCounts, []);
    run.record('cleanup.objects', undefined, noCounts, []);
    return;
  }
  run.record('cleanup.threads', undefined, s.threads ? fail(`${s.threads} provider thread(s) still running`) : pass(), [{ text: `${watched}: ${s.threads} provider thread(s) running (SampleProvider_GetStats cThreads)` }]);
  const left = `${s.objects} object(s) (${s.sessions} sessions, ${s.stores} stores, ${s.folders} folders, ${s.messages} messages, ${s.tables} tables, ${s.syncs} syncs, ${s.others} others), ${s.buffers} buffer(s) of ${s.bufferBytes} bytes`;
  run.record('cleanup.objects', undefined, s.objects || s.buffers ? fail(`alive after logoff: ${left}`) : pass(), [{ text: `${watched}: ${left} alive` }]);
}
