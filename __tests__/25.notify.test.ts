/**
 * Notifications (issue 14): JS advise sinks on stores, folders, tables and the session, called by the
 * sample provider's notification thread (sample-provider/README.md "Notifications"), decoded into typed
 * objects. Every event type, the filters, the table events against restrictions, bounded buffering,
 * listener failures, and each misbehaviour knob with the warning the bridge gives for it.
 */
import fs from 'node:fs';
import koffi from 'koffi';
import os from 'node:os';
import path from 'node:path';
import { KoffiMapiError, MapiError, ReleasedObjectError, decodeNotifications, jsObjectStats, type Folder, type Mapi, type Message, type Notification, type Session, type Store, type Watcher, type WatchWarning } from '../lib';
import { structType } from '../lib/ffi/types';
import { init, expectNoLeaks, stats } from './helpers/provider';
import { testIf } from './helpers/skip';

const PTR = koffi.sizeof('void *');

let mapi: Mapi;
let session: Session;
let store: Store;
const open = (profile = 'Sample') => {
  session = mapi.logon({ profile });
  store = session.defaultStore();
};
beforeEach(() => {
  mapi = init();
});
afterEach(() => mapi.uninitialize());
expectNoLeaks();

/** Notifications a watcher passes on, until `done(list)` holds (or the timeout: then the list so far). */
function collect(w: Watcher, done: (list: Notification[]) => boolean, timeoutMs = 5_000): Promise<Notification[]> {
  const list: Notification[] = [];
  return new Promise((resolve) => {
    const t = setTimeout(() => finish(), timeoutMs);
    const on = (n: Notification) => {
      list.push(n);
      if (done(list)) finish();
    };
    const finish = () => {
      clearTimeout(t);
      w.off('notification', on);
      resolve(list);
    };
    w.on('notification', on);
  });
}
const settle = (ms = 100) => new Promise((r) => setTimeout(r, ms));
const types = (l: readonly Notification[]) => l.map((n) => n.type);
type Of<T extends Notification['type']> = Notification extends infer N ? (N extends { readonly type: infer U } ? (T extends U ? N & { readonly type: T } : never) : never) : never;
const of = <T extends Notification['type']>(l: readonly Notification[], t: T) => l.filter((n): n is Of<T> => n.type === t);

describe('store and folder notifications', () => {
  test('saving a new message: objectCreated for it and objectModified for its folder, from the provider thread', async () => {
    open();
    await using w = store.watch();
    using drafts = store.folder('Drafts');
    const got = collect(w, (l) => l.some((n) => n.type === 'objectModified'));
    using m = drafts.createMessage({ subject: 'watched' });
    const eid = m.entryId;
    const list = await got;
    const created = of(list, 'objectCreated');
    expect(created).toEqual([expect.objectContaining({ objectType: 'message', entryId: eid, parentId: drafts.entryId, thread: 'provider' })]);
    expect(of(list, 'objectModified')).toContainEqual(
      expect.objectContaining({ objectType: 'folder', entryId: drafts.entryId, propTags: expect.arrayContaining([0x36020003, 0x36030003]) }),
    );
    expect(w.stats).toMatchObject({ received: list.length, listenerErrors: 0, dropped: 0 });
  });

  test('a message sent to oneself: newMail in the Inbox with its class and flags, through the async iterator', async () => {
    open();
    await using w = store.watch({ events: ['newMail'] });
    using inbox = store.folder('Inbox');
    using drafts = store.folder('Drafts');
    const m = drafts.createMessage({ subject: 'to me', to: ['user@sample.kmapi'] });
    m.submit();
    m.release();
    for await (const n of w) {
      expect(n).toEqual({ type: 'newMail', entryId: expect.stringMatching(/^[0-9A-F]{72}$/), parentId: inbox.entryId, messageClass: 'IPM.Note', flags: expect.any(Number), thread: 'provider' });
      if (n.type !== 'newMail') throw new Error('not newMail');
      using arrived = store.openEntry(n.entryId!) as Message;
      expect(arrived.get('PR_SUBJECT_W')).toBe('to me');
      break;
    }
  });

  test('modified, deleted, moved and copied messages, with old and new ids and parents', async () => {
    open();
    using inbox = store.folder('Inbox');
    using projects = store.folder('Inbox/Projects');
    await using w = store.watch({ events: ['modified', 'deleted', 'moved', 'copied'] });
    const ids = (() => {
      using t = inbox.contents({ columns: ['PR_ENTRYID'] });
      return t.all().map((r) => (r.PR_ENTRYID as Buffer).toString('hex').toUpperCase());
    })();
    const got = collect(w, (l) => ['objectDeleted', 'objectMoved', 'objectCopied'].every((t) => l.some((n) => n.type === t)) && l.some((n) => n.type === 'objectModified' && n.objectType === 'message'));
    {
      using m = store.openEntry(ids[0]) as Message;
      m.set({ PR_SUBJECT_W: 'changed' });
      m.save();
    }
    inbox.copyMessages([ids[1]], projects);
    inbox.copyMessages([ids[2]], projects, { move: true });
    inbox.deleteMessages([ids[3]]);
    const list = await got;
    expect(of(list, 'objectModified')).toContainEqual(expect.objectContaining({ objectType: 'message', entryId: ids[0], parentId: inbox.entryId }));
    const copied = of(list, 'objectCopied')[0];
    expect(copied).toMatchObject({ objectType: 'message', oldId: ids[1], oldParentId: inbox.entryId, parentId: projects.entryId });
    expect(copied.entryId).not.toBe(ids[1]);
    expect(of(list, 'objectMoved')[0]).toMatchObject({ objectType: 'message', oldId: ids[2], oldParentId: inbox.entryId, parentId: projects.entryId });
    expect(of(list, 'objectDeleted')).toEqual([expect.objectContaining({ objectType: 'message', entryId: ids[3], parentId: inbox.entryId })]);
  });

  test('folders: created, moved and deleted', async () => {
    open();
    using inbox = store.folder('Inbox');
    using drafts = store.folder('Drafts');
    await using w = store.watch({ events: ['created', 'moved', 'deleted'] });
    const got = collect(w, (l) => l.some((n) => n.type === 'objectDeleted'));
    const f = inbox.createFolder('Watched folder');
    const eid = f.entryId;
    inbox.copyFolder(f, drafts, { move: true });
    f.release();
    using moved = store.folder('Drafts/Watched folder');
    drafts.deleteFolder(moved);
    const list = (await got).filter((n) => 'objectType' in n && n.objectType === 'folder');
    expect(types(list)).toEqual(['objectCreated', 'objectMoved', 'objectDeleted']);
    expect(list[0]).toMatchObject({ entryId: eid, parentId: inbox.entryId });
    expect(list[1]).toMatchObject({ oldParentId: inbox.entryId, parentId: drafts.entryId });
  });

  test('a folder watcher hears about its folder and what is in it, not about other folders', async () => {
    open();
    using drafts = store.folder('Drafts');
    using sent = store.folder('Sent Items');
    await using w = drafts.watch({ events: ['created'] });
    const all: Notification[] = [];
    w.on('notification', (n) => all.push(n));
    sent.createMessage({ subject: 'elsewhere' }).release();
    using m = drafts.createMessage({ subject: 'here' });
    await collect(w, () => true);
    await settle();
    expect(all).toEqual([expect.objectContaining({ type: 'objectCreated', entryId: m.entryId, parentId: drafts.entryId })]);
  });

  test('per-type events, and the same through the session with an entry id', async () => {
    open();
    using drafts = store.folder('Drafts');
    await using w = session.watch({ entryId: drafts.entryId, events: ['created'] });
    const seen = new Promise<Notification>((r) => w.once('objectCreated', r));
    drafts.createMessage({ subject: 'via session' }).release();
    expect(await seen).toMatchObject({ type: 'objectCreated', parentId: drafts.entryId });
  });

  test('deliver.every: the simulated server delivers to the Inbox on its own', async () => {
    open('Sample;deliver.every=30;deliver.count=3');
    await using w = store.watch({ events: ['newMail'] });
    const list = await collect(w, (l) => l.length >= 3);
    expect(list).toHaveLength(3);
    for (const n of list) expect(n).toMatchObject({ type: 'newMail', messageClass: 'IPM.Note', thread: 'provider' });
  });
});

describe('table notifications', () => {
  test('rows added, modified and deleted with the table columns and the row before them', async () => {
    open();
    using f = store.folder('Inbox').createFolder(`Table ${Date.now()}`);
    f.createMessage({ subject: 'b' }).release();
    using t = f.contents({ columns: ['PR_INSTANCE_KEY', 'PR_ENTRYID', 'PR_SUBJECT_W'], sort: ['PR_SUBJECT_W'] });
    const before = t.all();
    await using w = t.watch();
    using a = f.createMessage({ subject: 'a' });
    using c = f.createMessage({ subject: 'c' });
    let list = await collect(w, (l) => l.length >= 2);
    const rows = of(list, 'tableRowAdded');
    expect(rows.map((n) => n.row?.PR_SUBJECT_W)).toEqual(['a', 'c']);
    expect(rows[0]).toMatchObject({ prior: null, index: expect.any(String), thread: 'provider' }); // 'a' sorts first
    expect(rows[1].prior).toBe((before[0].PR_INSTANCE_KEY as Buffer).toString('hex').toUpperCase()); // after 'b'
    const got = collect(w, (l) => l.some((n) => n.type === 'tableRowDeleted'));
    a.set({ PR_SUBJECT_W: 'a2' });
    a.save();
    f.deleteMessages([c.entryId]);
    list = await got;
    expect(of(list, 'tableRowModified')[0].row).toMatchObject({ PR_SUBJECT_W: 'a2' });
    expect(of(list, 'tableRowDeleted')[0]).toMatchObject({ index: rows[1].index, row: null });
  });

  test('a row that leaves the restriction is deleted, one that enters it added; many changes at once are tableChanged', async () => {
    open('Sample;notify.tableRows=4');
    using f = store.folder('Inbox').createFolder(`Restricted ${Date.now()}`);
    using t = f.contents({ columns: ['PR_INSTANCE_KEY', 'PR_SUBJECT_W'], restrict: { content: 'PR_SUBJECT_W', value: 'keep', match: 'prefix' } });
    await using w = t.watch();
    using m = f.createMessage({ subject: 'other' });
    m.set({ PR_SUBJECT_W: 'keep me' });
    m.save();
    let list = await collect(w, (l) => l.length >= 1);
    expect(list[0]).toMatchObject({ type: 'tableRowAdded', row: { PR_SUBJECT_W: 'keep me' } });
    const gone = collect(w, (l) => l.length >= 1);
    m.set({ PR_SUBJECT_W: 'away' });
    m.save();
    expect((await gone)[0]).toMatchObject({ type: 'tableRowDeleted', index: list[0].type === 'tableRowAdded' ? list[0].index : '' });
    // Ten rows deleted in one call (DeleteMessages), more than notify.tableRows: one tableChanged for the
    // unrestricted table, and nothing for the restricted one, whose rows did not change.
    using inbox = store.folder('Inbox');
    {
      using ten = inbox.contents({ columns: ['PR_ENTRYID'] });
      inbox.copyMessages(ten.queryRows(10).map((r) => r.PR_ENTRYID as Buffer), f); // one row per call: each its own event
    }
    using all = f.contents({ columns: ['PR_INSTANCE_KEY', 'PR_ENTRYID', 'PR_SUBJECT_W'] });
    const copies = all.all().map((r) => r.PR_ENTRYID as Buffer).filter((e) => e.toString('hex').toUpperCase() !== m.entryId);
    expect(copies).toHaveLength(10);
    await using wAll = all.watch();
    const changed = collect(wAll, (l) => l.length >= 1);
    const quiet: Notification[] = [];
    w.on('notification', (n) => quiet.push(n));
    f.deleteMessages(copies);
    list = await changed;
    await settle();
    expect(types(list)).toEqual(['tableChanged']);
    expect(quiet).toEqual([]);
  });
});

describe('the session, watcher lifetimes and bad input', () => {
  testIf(process.platform !== 'win32', "Windows keeps the directory of an open store's lock file from being removed, which is how this test makes the save fail")('a store file that cannot be saved: criticalError on the session watcher', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kmapi-notify-'));
    open(`Sample;store=${path.join(dir, 'box.kms')}`);
    await using w = session.watch();
    fs.rmSync(dir, { recursive: true, force: true });
    using drafts = store.folder('Drafts');
    drafts.createMessage({ subject: 'lost' }).release();
    const [n] = await collect(w, (l) => l.length >= 1);
    expect(n).toMatchObject({ type: 'criticalError', name: 'MAPI_E_DISK_ERROR', scode: 0x80040116, thread: 'provider' });
    fs.mkdirSync(dir); // the save at logoff succeeds
    session.logoff();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('a full disk (store.failSaves=1): criticalError MAPI_E_NOT_ENOUGH_DISK on the session watcher, and the next save succeeds', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kmapi-notify-'));
    try {
      open(`Sample;store=${path.join(dir, 'box.kms')};store.failSaves=1`);
      await using w = session.watch();
      using drafts = store.folder('Drafts');
      drafts.createMessage({ subject: 'not saved yet' }).release();
      const [n] = await collect(w, (l) => l.length >= 1);
      expect(n).toMatchObject({ type: 'criticalError', name: 'MAPI_E_NOT_ENOUGH_DISK', scode: 0x8004010d, thread: 'provider' });
      session.logoff(); // the save retried at logoff succeeds: no error
      const again = mapi.logon({ profile: `Sample;store=${path.join(dir, 'box.kms')}` });
      using d2 = again.defaultStore().folder('Drafts');
      using t = d2.contents({ columns: ['PR_SUBJECT_W'] });
      expect(t.all().map((r) => r.PR_SUBJECT_W)).toContain('not saved yet');
    } finally {
      mapi.uninitialize();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('dispose() unadvises and the provider lets go of the sink; logoff does the same for a watcher left advised', async () => {
    open();
    const before = jsObjectStats().objects;
    const w = store.watch();
    expect(stats()).toMatchObject({ advises: 1, sinkRefs: 1 });
    await w.dispose();
    expect({ advised: w.advised, ended: w.ended }).toEqual({ advised: false, ended: true });
    expect(stats()).toMatchObject({ advises: 0, sinkRefs: 0 });
    const left = store.watch();
    const ended = new Promise((r) => left.once('end', r));
    session.logoff();
    await ended;
    expect(stats()).toMatchObject({ advises: 0, sinkRefs: 0 });
    await settle(20);
    expect(jsObjectStats().objects).toBe(before);
  });

  test('releasing the store unadvises its watchers first; watchers that are done leave the registries', async () => {
    open();
    const registry = () => (session as unknown as { children: { size: number } }).children.size;
    const before = registry();
    for (let i = 0; i < 20; i++) await store.watch().dispose();
    expect(registry()).toBe(before);
    const other = session.defaultStore();
    const w = other.watch();
    const warned: string[] = [];
    w.on('warning', (x) => warned.push(x.code));
    other.release();
    expect(w.advised).toBe(false);
    await w.dispose();
    expect({ ended: w.ended, warned, advises: stats().advises, sinkRefs: stats().sinkRefs }).toEqual({ ended: true, warned: [], advises: 0, sinkRefs: 0 });
  });

  test('a listener that throws is reported as an error event and the watcher keeps working', async () => {
    open();
    using drafts = store.folder('Drafts');
    await using w = drafts.watch({ events: ['created'] });
    const errors: Error[] = [];
    w.on('error', (e) => errors.push(e));
    w.once('notification', () => {
      throw new Error('listener bug');
    });
    drafts.createMessage({ subject: 'one' }).release();
    await collect(w, () => true);
    drafts.createMessage({ subject: 'two' }).release();
    const [second] = await collect(w, (l) => l.length >= 1);
    expect(second.type).toBe('objectCreated');
    expect(errors.map((e) => e.message)).toEqual(['listener bug']);
    expect(w.stats.listenerErrors).toBe(1);
  });

  test('an iterator that does not read holds at most maxBuffered, then says how many it dropped', async () => {
    open('Sample;notify.burst=2000');
    const w = store.watch({ maxBuffered: 100 });
    const it = w[Symbol.asyncIterator]();
    const first = await it.next(); // the iterator is now registered; let the burst arrive
    for (let i = 0; i < 400 && w.stats.received < 2000; i++) await settle(10);
    expect(w.stats.received).toBe(2000);
    const seen: (Notification | { type: 'dropped'; count: number })[] = [first.value];
    // The first one was taken; then 100 waited and the rest had no room: one notice for all of them.
    for (let i = 0; i < 101; i++) seen.push((await it.next()).value);
    expect(seen.slice(0, 101).every((n) => n.type === 'objectModified')).toBe(true);
    expect(seen[101]).toEqual({ type: 'dropped', count: 2000 - 101 });
    expect(w.stats.dropped).toBe(1899);
    await w.dispose();
    expect((await it.next()).done).toBe(true);
  });

  test('bad input: unknown events, no events, a foreign entry id, a released store, a folder without its store', () => {
    open();
    expect(() => store.watch({ events: ['bogus' as never] })).toThrow(expect.objectContaining({ code: 'ERR_WATCH_EVENTS', message: expect.stringContaining("unknown event 'bogus'") }));
    expect(() => store.watch({ events: [] })).toThrow(expect.objectContaining({ code: 'ERR_WATCH_EVENTS' }));
    expect(() => store.watch({ maxBuffered: 0 })).toThrow(expect.objectContaining({ code: 'ERR_ARGUMENT' }));
    const e = (() => {
      try {
        store.watch({ entryId: '0011223344556677' });
      } catch (x) {
        return x as MapiError;
      }
    })();
    expect(e).toBeInstanceOf(MapiError);
    expect(e).toMatchObject({ name: 'MAPI_E_INVALID_ENTRYID', message: expect.stringContaining('IMsgStore::Advise') });
    using inbox = session.openEntry(store.folder('Inbox').entryId) as Folder;
    expect(() => inbox.watch()).toThrow(KoffiMapiError);
    expect(() => inbox.watch()).toThrow(expect.objectContaining({ code: 'ERR_WATCH_NO_STORE' }));
    const other = session.defaultStore();
    other.release();
    expect(() => other.watch()).toThrow(ReleasedObjectError);
    expect(stats()).toMatchObject({ advises: 0, sinkRefs: 0 });
  });
});

describe('misbehaving providers: a named warning, never a crash', () => {
  const warnings = (w: Watcher) => {
    const list: WatchWarning[] = [];
    w.on('warning', (x) => list.push(x));
    return list;
  };

  test('notify.afterUnadvise: OnNotify after Unadvise is not passed on (ERR_NOTIFY_AFTER_UNADVISE)', async () => {
    open('Sample;notify.afterUnadvise=1;notify.burst=500');
    const w = store.watch();
    const warned = warnings(w);
    const passed: Notification[] = [];
    w.on('notification', (n) => passed.push(n));
    w.unadvise();
    await new Promise((r) => w.once('end', r));
    expect(passed).toEqual([]);
    expect(w.stats.afterUnadvise).toBeGreaterThan(0);
    expect(warned.map((x) => x.code)).toEqual(['ERR_NOTIFY_AFTER_UNADVISE']);
  });

  test('notify.callerThread: delivered inside the call, thread "caller" (ERR_NOTIFY_CALLER_THREAD)', async () => {
    open('Sample;notify.callerThread=1');
    using drafts = store.folder('Drafts');
    await using w = drafts.watch({ events: ['created'] });
    const warned = warnings(w);
    const list: Notification[] = [];
    w.on('notification', (n) => list.push(n));
    drafts.createMessage({ subject: 'sync' }).release();
    expect(list).toEqual([expect.objectContaining({ type: 'objectCreated', thread: 'caller' })]); // before any await
    expect(warned.map((x) => x.code)).toEqual(['ERR_NOTIFY_CALLER_THREAD']);
  });

  test('notify.nullEntryId: the notification comes with entryId null (ERR_NOTIFY_NULL_ENTRYID)', async () => {
    open('Sample;notify.nullEntryId=1');
    using drafts = store.folder('Drafts');
    await using w = store.watch({ events: ['created'] });
    const warned = warnings(w);
    drafts.createMessage({ subject: 'anonymous' }).release();
    const [n] = await collect(w, (l) => l.length >= 1);
    expect(n).toMatchObject({ type: 'objectCreated', entryId: null });
    expect(warned.map((x) => x.code)).toEqual(['ERR_NOTIFY_NULL_ENTRYID']);
  });

  test('notify.holdSink: dispose() gives up after releaseTimeoutMs (ERR_SINK_NOT_RELEASED); logoff releases it', async () => {
    open('Sample;notify.holdSink=1');
    const w = store.watch({ releaseTimeoutMs: 100 });
    const warned = warnings(w);
    await w.dispose();
    expect(warned.map((x) => x.code)).toEqual(['ERR_SINK_NOT_RELEASED']);
    expect({ ended: w.ended, sinkRefs: stats().sinkRefs }).toEqual({ ended: false, sinkRefs: 1 });
    const ended = new Promise((r) => w.once('end', r));
    session.logoff();
    await ended;
    expect(stats().sinkRefs).toBe(0);
  });
});

describe('decoding what the sample provider never sends', () => {
  // NOTIFICATIONs laid out in native memory with the layouts of ffi-defs (checked against the C
  // compilers in 02.layouts), as a provider that sends these kinds would lay them out.
  test('extended, statusObjectModified, a critical error with its MAPIERROR, and an unknown event type', () => {
    const N = structType('NOTIFICATION');
    const size = koffi.sizeof(N);
    const info = koffi.offsetof(N, 'info');
    const keep: unknown[] = [];
    const mem = (b: Buffer) => (keep.push(b), koffi.address(b) as bigint);
    const arr = Buffer.alloc(size * 4);
    const at = (i: number, struct: string, field: string) => i * size + info + koffi.offsetof(structType(struct as never), field);
    const ptr = (o: number, p: bigint) => (PTR === 8 ? arr.writeBigUInt64LE(p, o) : arr.writeUInt32LE(Number(p), o));
    // 0: extended, 3 bytes of parameters
    arr.writeUInt32LE(0x80000000, 0);
    arr.writeUInt32LE(7, at(0, 'EXTENDED_NOTIFICATION', 'ulEvent'));
    arr.writeUInt32LE(3, at(0, 'EXTENDED_NOTIFICATION', 'cb'));
    const params = Buffer.from([1, 2, 3]);
    ptr(at(0, 'EXTENDED_NOTIFICATION', 'pbEventParameters'), mem(params));
    // 1: status object modified, one PT_LONG property
    arr.writeUInt32LE(0x200, size);
    const eid = Buffer.from('00000000AABBCCDD', 'hex');
    arr.writeUInt32LE(eid.length, at(1, 'STATUS_OBJECT_NOTIFICATION', 'cbEntryID'));
    ptr(at(1, 'STATUS_OBJECT_NOTIFICATION', 'lpEntryID'), mem(eid));
    const spv = Buffer.alloc(koffi.sizeof(structType('SPropValue')));
    spv.writeUInt32LE(0x3e040003 /* PR_STATUS_CODE */, 0);
    spv.writeInt32LE(4, koffi.offsetof(structType('SPropValue'), 'Value'));
    arr.writeUInt32LE(1, at(1, 'STATUS_OBJECT_NOTIFICATION', 'cValues'));
    ptr(at(1, 'STATUS_OBJECT_NOTIFICATION', 'lpPropVals'), mem(spv));
    // 2: critical error with a Unicode MAPIERROR
    arr.writeUInt32LE(0x1, 2 * size);
    arr.writeInt32LE(0x80040115 | 0, at(2, 'ERROR_NOTIFICATION', 'scode'));
    arr.writeUInt32LE(0x80000000, at(2, 'ERROR_NOTIFICATION', 'ulFlags'));
    const me = Buffer.alloc(koffi.sizeof(structType('MAPIERROR')));
    const wstr = (s: string) => mem(Buffer.from(`${s}\0`, 'utf16le'));
    const meAt = (f: string) => koffi.offsetof(structType('MAPIERROR'), f);
    if (PTR === 8) {
      me.writeBigUInt64LE(wstr('server gone'), meAt('lpszError'));
      me.writeBigUInt64LE(wstr('transport'), meAt('lpszComponent'));
    } else {
      me.writeUInt32LE(Number(wstr('server gone')), meAt('lpszError'));
      me.writeUInt32LE(Number(wstr('transport')), meAt('lpszComponent'));
    }
    me.writeUInt32LE(42, meAt('ulLowLevelError'));
    ptr(at(2, 'ERROR_NOTIFICATION', 'lpMAPIError'), mem(me));
    // 3: an event type nobody defines
    arr.writeUInt32LE(0x00400000, 3 * size);
    const list = decodeNotifications(koffi.address(arr) as bigint, 4, 'provider');
    params.fill(9); // the provider's memory is gone after OnNotify: what was decoded must be a copy
    expect(list).toEqual([
      { type: 'extended', event: 7, data: Buffer.from([1, 2, 3]), thread: 'provider' },
      { type: 'statusObjectModified', entryId: '00000000AABBCCDD', props: { PR_STATUS_CODE: 4 }, thread: 'provider' },
      { type: 'criticalError', entryId: null, scode: 0x80040115, name: 'MAPI_E_NETWORK_ERROR', flags: 0x80000000, error: { text: 'server gone', component: 'transport', lowLevelError: 42, context: 0 }, thread: 'provider' },
      { type: 'unknown', eventType: 0x00400000, thread: 'provider' },
    ]);
    void keep;
  });
});
