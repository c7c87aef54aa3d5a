/**
 * SynchronizeInBackground end to end against the sample provider's IMAPISync: a real provider thread
 * calls the JS IMAPISyncProgressCallback (see sample-provider/README.md, "Sync knobs").
 */
import koffi from 'koffi';
import {
  NoSyncError, SyncTimeoutError, implement, jsObjectStats, makeMapiSib, handleApi, hresultName, MapiError,
  type Mapi, type Session, type Store, type SyncEvent, type SyncResult,
} from '../lib';
import { IMAPISync } from '../ffi-defs/interfaces/IMAPISync';
import { IMAPISyncProgressCallback } from '../ffi-defs/interfaces/IMAPISyncProgressCallback';
import { SYNC_FLAGS } from '../ffi-defs/constants/flags';
import { init, expectNoLeaks, knobs, providerLibrary, stats } from './helpers/provider';

const { SYNC_DOWNLOAD_CONTENTS, SYNC_DOWNLOAD_HIERARCHY, SYNC_UPLOAD_CONTENTS } = SYNC_FLAGS;
const DOWNLOAD = SYNC_DOWNLOAD_CONTENTS | SYNC_DOWNLOAD_HIERARCHY;

let mapi: Mapi;
let session: Session;
let store: Store;
let callbacksAtStart: number;
beforeAll(() => {
  callbacksAtStart = koffi.stats().callbacks;
  mapi = init();
  session = mapi.logon({ profile: 'Sample' });
  store = session.defaultStore();
});
afterEach(() => knobs(''));
afterAll(() => mapi.uninitialize());
expectNoLeaks();

const inboxCount = () => {
  using inbox = store.folder('Inbox');
  return inbox.get('PR_CONTENT_COUNT') as number;
};
const settle = (ms = 20) => new Promise((r) => setTimeout(r, ms));

describe('happy path', () => {
  test('events arrive in order on the main thread, from the provider thread, and the store changes', async () => {
    knobs('sync.items=5');
    const before = inboxCount();
    const events: SyncEvent[] = [];
    const run = store.synchronize({ flags: DOWNLOAD });
    run.on('progress', (e) => events.push(e));
    run.on('done', (e) => events.push(e));
    const result = await run;
    expect(result).toMatchObject({ status: 'ok', hr: 0, name: 'S_OK', errorCount: 0, doneEvent: 'signalled', callbackReleased: true });
    expect(events[events.length - 1].type).toBe('done');
    const progress = events.filter((e) => e.type === 'progress') as Extract<SyncEvent, { type: 'progress' }>[];
    expect(progress.length).toBe(result.progressCount);
    expect(progress.length).toBeGreaterThanOrEqual(5);
    // Positions never go backwards and reach the maximum.
    for (let i = 1; i < progress.length; i++) expect(progress[i].index).toBeGreaterThanOrEqual(progress[i - 1].index);
    expect(progress[progress.length - 1].index).toBe(progress[progress.length - 1].max);
    expect(events.every((e) => e.thread === 'provider')).toBe(true);
    expect(result.providerThreadId).toBeGreaterThan(0);
    if (process.platform === 'linux') expect(result.providerThreadId).not.toBe(process.pid); // main thread's tid is the pid
    // The simulated server delivered 5 messages and a hierarchy folder.
    expect(inboxCount()).toBe(before + 5);
    using runs = store.folder('Server Folders');
    expect(runs.subfolders().length).toBeGreaterThan(0);
  });

  test('the same run as an async iterator of events and as a promise', async () => {
    knobs('sync.items=3');
    const run = store.synchronize({ flags: SYNC_DOWNLOAD_CONTENTS });
    const types: string[] = [];
    for await (const ev of run) types.push(ev.type);
    expect(types[types.length - 1]).toBe('done');
    expect(types.filter((t) => t === 'progress').length).toBeGreaterThanOrEqual(3);
    expect((await run.result).status).toBe('ok');
  });

  test('upload moves the Outbox to Sent Items', async () => {
    using outbox = store.folder('Outbox');
    using m = outbox.createMessage({ PR_SUBJECT_W: `to send ${Date.now()}` });
    const subject = m.get('PR_SUBJECT_W');
    const result = await store.synchronize({ flags: SYNC_UPLOAD_CONTENTS });
    expect(result.status).toBe('ok');
    using sent = store.folder('Sent Items');
    using t = sent.contents({ columns: ['PR_SUBJECT_W'], restrict: { prop: 'PR_SUBJECT_W', value: subject } });
    expect(t.count()).toBe(1);
    using t2 = outbox.contents({ columns: ['PR_SUBJECT_W'], restrict: { prop: 'PR_SUBJECT_W', value: subject } });
    expect(t2.count()).toBe(0);
  });
});

describe('knobs', () => {
  test('a failing item is reported through Error with its HRESULT name and text; the sync goes on', async () => {
    knobs('sync.items=4;sync.failItem=2:0x80040115');
    const before = inboxCount();
    const errors: Extract<SyncEvent, { type: 'error' }>[] = [];
    const run = store.synchronize({ flags: SYNC_DOWNLOAD_CONTENTS });
    run.on('syncError', (e) => errors.push(e));
    const result = await run;
    expect(result.status).toBe('ok');
    expect(result.errorCount).toBe(1);
    expect(errors[0]).toMatchObject({ type: 'error', hr: 0x80040115, name: 'MAPI_E_NETWORK_ERROR', thread: 'provider' });
    expect(errors[0].text).toMatch(/\w/);
    expect(inboxCount()).toBe(before + 3);
  });

  test('a failed sync ends with its HRESULT', async () => {
    knobs('sync.items=3;sync.fail=0x80040115');
    const result = await store.synchronize({ flags: DOWNLOAD });
    expect(result).toMatchObject({ status: 'failed', hr: 0x80040115, name: 'MAPI_E_NETWORK_ERROR' });
  });

  test('Progress before SynchronizeInBackground returns runs directly on the caller thread', async () => {
    knobs('sync.items=2;sync.progressBeforeReturn=1');
    const events: SyncEvent[] = [];
    const run = store.synchronize({ flags: SYNC_DOWNLOAD_CONTENTS });
    run.on('progress', (e) => events.push(e));
    const result = await run;
    expect(result.beforeReturn).toBeGreaterThanOrEqual(1);
    // The first event came before synchronize() returned; the listener attached right after still got it.
    expect(events[0]).toMatchObject({ type: 'progress', thread: 'caller' });
    const all: SyncEvent[] = [];
    for await (const e of run) all.push(e);
    expect(all[0]).toMatchObject({ type: 'progress', thread: 'caller' });
    expect(all.slice(1).every((e) => e.thread === 'provider')).toBe(true);
  });

  test('reports from two provider threads at once all arrive', async () => {
    knobs('sync.items=10;sync.twoThreads=1');
    const texts = new Set<string>();
    const run = store.synchronize({ flags: SYNC_DOWNLOAD_CONTENTS });
    run.on('progress', (e) => texts.add(String(e.text).split(':')[0]));
    const result = await run;
    expect(result.status).toBe('ok');
    expect(result.progressCount).toBeGreaterThanOrEqual(20);
  });

  test('a provider that never calls Done ends with a timeout that says so, and cleans up when its thread ends', async () => {
    knobs('sync.items=2;sync.noDone=1');
    const err = await store.synchronize({ flags: SYNC_DOWNLOAD_CONTENTS, timeoutMs: 500 }).then(
      () => null,
      (e: unknown) => e as SyncTimeoutError,
    );
    expect(err).toBeInstanceOf(SyncTimeoutError);
    expect(err?.missing).toEqual(['Done']);
    expect(err?.message).toMatch(/never called IMAPISyncProgressCallback::Done/);
  });

  test('a provider that never signals its event ends with a timeout naming the event; the late signal releases everything', async () => {
    knobs('sync.items=2;sync.noSignal=1;sync.lateSignalMs=1500');
    const err = await store.synchronize({ flags: SYNC_DOWNLOAD_CONTENTS, timeoutMs: 400 }).then(
      () => null,
      (e: unknown) => e as SyncTimeoutError,
    );
    expect(err).toBeInstanceOf(SyncTimeoutError);
    expect(err?.missing).toEqual(['done event']);
    expect(jsObjectStats().objects).toBeGreaterThan(0); // kept alive: the provider thread may still call
    for (let i = 0; i < 200 && jsObjectStats().objects > 0; i++) await settle();
    expect(jsObjectStats().objects).toBe(0);
  });

  /** A download sync with these knobs, aborted from the listener of its third Progress; what came of it. */
  async function cancelAtThirdProgress(spec: string): Promise<{ result: SyncResult; downloaded: number }> {
    knobs(spec);
    const before = inboxCount();
    const ac = new AbortController();
    const run = store.synchronize({ flags: SYNC_DOWNLOAD_CONTENTS, signal: ac.signal });
    run.on('progress', (e) => {
      if (e.index >= 3) ac.abort();
    });
    const result = await run;
    return { result, downloaded: inboxCount() - before };
  }

  test('cancel: the next Progress returns MAPI_E_USER_CANCEL and the run ends cancelled', async () => {
    const { result, downloaded } = await cancelAtThirdProgress('sync.items=50;sync.delay=5;sync.honourCancel=1');
    expect(result).toMatchObject({ status: 'cancelled', name: 'MAPI_E_USER_CANCEL' });
    expect(result.cancel).toEqual({ answeredAt: 3, furtherProgress: 0, honoured: true });
    expect(downloaded).toBeLessThan(50);
  });

  test('cancel that the provider ignores: status stays ok, and the result says how far it went on', async () => {
    // Without sync.honourCancel the provider ignores Progress's answer.
    const { result, downloaded } = await cancelAtThirdProgress('sync.items=20;sync.delay=1');
    expect(result).toMatchObject({ status: 'ok', name: 'S_OK' });
    expect(result.cancel).toEqual({ answeredAt: 3, furtherProgress: result.progressCount - 3, honoured: false });
    expect(result.cancel!.furtherProgress).toBeGreaterThan(10);
    expect(downloaded).toBe(20); // it did go on to the end
  });

  test('a listener that throws makes Progress fail; the provider reports it in Done and the result carries the error', async () => {
    knobs('sync.items=5;sync.honourCancel=1');
    const run = store.synchronize({ flags: SYNC_DOWNLOAD_CONTENTS });
    run.on('progress', () => {
      throw new Error('listener broke');
    });
    const result = await run;
    expect(result.status).toBe('failed');
    expect(result.name).toBe('MAPI_E_CALL_FAILED');
    expect(result.jsErrors.map((e) => e.message)).toContain('listener broke');
  });
});

describe('errors', () => {
  test('a store without IMAPISync gets a clear error naming it', () => {
    using archive = session.openStore({ name: 'Sample Archive' });
    expect(() => archive.synchronize()).toThrow(NoSyncError);
    expect(() => archive.synchronize()).toThrow(/Store 'Sample Archive' does not implement IMAPISync.*synchronize inside Outlook/);
  });

  test('flags outside the MAPISIB SYNC_* set are refused before any call', () => {
    expect(() => store.synchronize({ flags: 0x4 })).toThrow(expect.objectContaining({ code: 'ERR_SYNC_FLAGS' }));
  });

  test('raw level: a user-built MAPISIB and a generic JS callback object; the provider checks ulSize', async () => {
    const sync = store.raw.QueryInterface(IMAPISync);
    const seen: string[] = [];
    let done = false;
    const cb = implement(IMAPISyncProgressCallback, {
      Progress: (t) => void seen.push(String(t)),
      Done: (_ev, hr) => void ((done = true), seen.push(`done ${hresultName(hr)}`)),
    });
    const bad = makeMapiSib(SYNC_DOWNLOAD_CONTENTS, session.raw.ptr, cb.ptr);
    bad.sib.writeUInt32LE(3, 0); // wrong ulSize
    expect(() => sync.SynchronizeInBackground(bad.sib)).toThrow(expect.objectContaining({ name: 'MAPI_E_INVALID_PARAMETER', call: 'IMAPISync::SynchronizeInBackground' }));
    const { sib, doneSlot } = makeMapiSib(SYNC_DOWNLOAD_CONTENTS, session.raw.ptr, cb.ptr);
    expect(sync.SynchronizeInBackground(sib)).toBe(0);
    const event = (koffi.sizeof('void *') === 8 ? doneSlot.readBigUInt64LE(0) : BigInt(doneSlot.readUInt32LE(0)));
    const h = handleApi(providerLibrary());
    while (h.wait(event, 0) !== 0) await settle(5); // never block the main thread: the callbacks run here
    expect(done).toBe(true);
    expect(seen[seen.length - 1]).toBe('done S_OK');
    expect(h.close(event)).toBe(true);
    sync.release();
    cb.release();
  });

  test('MapiError from the start call is reported and leaves nothing behind', async () => {
    knobs('fail=IMAPISync::SynchronizeInBackground:0x8004010E');
    await settle(); // objects released by earlier tests are destroyed on the next turn of the loop
    const objects = jsObjectStats().objects;
    await expect(store.synchronize({ flags: SYNC_DOWNLOAD_CONTENTS }).result).rejects.toThrow(MapiError);
    await settle();
    expect(jsObjectStats().objects).toBe(objects);
  });
});

describe('repeat', () => {
  test('200 sequential syncs, then 20 concurrent on two stores: nothing leaks', async () => {
    knobs('sync.items=1;archiveSync=1');
    for (let i = 0; i < 200; i++) {
      const r = await store.synchronize({ flags: SYNC_DOWNLOAD_CONTENTS, pollMs: 1 });
      expect(r.status).toBe('ok');
    }
    using archive = session.openStore({ name: 'Sample Archive' });
    const runs = Array.from({ length: 20 }, (_, i) => (i % 2 ? archive : store).synchronize({ flags: SYNC_DOWNLOAD_CONTENTS }));
    const results = await Promise.all(runs.map((r) => r.result));
    expect(results.every((r) => r.status === 'ok')).toBe(true);
    for (let i = 0; i < 100 && (jsObjectStats().objects || stats().threads); i++) await settle(10);
    expect(jsObjectStats().objects).toBe(0);
    expect(stats().threads).toBe(0);
    expect(stats().handles).toBe(0);
    expect(koffi.stats().callbacks).toBe(callbacksAtStart);
  }, 120000);
});
