/**
 * Fault injection: every public operation, with each native method it makes told to fail (the sample
 * provider's `fail=Interface::Method:0xHRESULT:1` knob, README "Knobs"). For each row the caller gets a
 * MapiError with the injected HRESULT's name and value and the call that failed ('Interface::Method',
 * Interface being the proxy's interface), with the provider's GetLastError text as its detail where the
 * interface has GetLastError; and once everything the row opened is released, the provider's accounting
 * (live objects, buffers, bad frees), the live proxies and the JS COM objects are back where they were:
 * no error path leaks. Every row uses its own HRESULT, so a row cannot pass on another row's failure.
 */
import koffi from 'koffi';
import {
  MapiError, NoSyncError, hresult, hex32, jsObjectStats, liveProxyCount, setTrace,
  type Folder, type Mapi, type Message, type Session, type Store, type Table, type TraceRecord,
} from '../lib';
import { init, expectNoLeaks, knobs, stats } from './helpers/provider';

let mapi: Mapi;
let session: Session;
let home: Store;
let scratch: Folder;

beforeAll(() => {
  mapi = init();
  session = mapi.logon({ profile: 'Sample' });
  home = session.defaultStore();
  using inbox = home.folder('Inbox');
  scratch = inbox.createFolder(`Faults ${process.pid} ${Date.now()}`);
});
afterEach(() => {
  knobs('');
  setTrace(null);
});
afterAll(() => mapi.uninitialize());
expectNoLeaks();

// ---- What a row gets to work with --------------------------------------------------------------------

type Releasable = { release(): void };

/** Objects a row opens before the fault is armed; all released (newest first) after the row. */
class World {
  private readonly opened: Releasable[] = [];
  private cache = new Map<string, unknown>();

  keep<T extends Releasable>(o: T): T {
    this.opened.push(o);
    return o;
  }
  private once<T>(key: string, make: () => T): T {
    if (!this.cache.has(key)) this.cache.set(key, make());
    return this.cache.get(key) as T;
  }
  get store(): Store {
    return this.once('store', () => this.keep(session.defaultStore()));
  }
  get inbox(): Folder {
    return this.once('inbox', () => this.keep(this.store.folder('Inbox')));
  }
  /** A folder of its own under the file's scratch folder, with three saved messages. */
  get folder(): Folder {
    return this.once('folder', () => {
      const f = this.keep(scratch.createFolder(`row ${this.rowId()}`));
      for (let i = 1; i <= 3; i++) f.createMessage({ PR_SUBJECT_W: `m${i}` }).release();
      return f;
    });
  }
  get messageIds(): string[] {
    return this.once('ids', () => {
      using t = this.folder.contents({ columns: ['PR_ENTRYID'] });
      return t.all().map((r) => (r.PR_ENTRYID as Buffer).toString('hex'));
    });
  }
  /** A saved message, open read-write. */
  get message(): Message {
    return this.once('message', () => this.keep(this.folder.createMessage({ PR_SUBJECT_W: 'fault target', PR_BODY_W: 'body' })));
  }
  get table(): Table {
    return this.once('table', () => this.keep(this.inbox.contents({ columns: ['PR_ENTRYID', 'PR_SUBJECT_W'] })));
  }
  private static rows = 0;
  private rowId(): number {
    return ++World.rows;
  }
  dispose(): void {
    for (const o of this.opened.reverse()) o.release();
  }
}

/** What must be the same before a row and after it (and its World) is released. */
function accounting() {
  const s = stats();
  return {
    objects: s.objects,
    buffers: s.buffers,
    bufferBytes: s.bufferBytes,
    badFrees: s.badFrees,
    threads: s.threads,
    handles: s.handles,
    proxies: liveProxyCount(),
    jsObjects: jsObjectStats().objects,
    callbacks: koffi.stats().callbacks,
  };
}

async function settled(): Promise<ReturnType<typeof accounting>> {
  // JS COM objects are destroyed on a setImmediate after their last release; provider threads end on their own.
  for (let i = 0; i < 200; i++) {
    await new Promise((r) => setImmediate(r));
    const a = accounting();
    if (a.threads === 0 && a.jsObjects === 0) return a;
    await new Promise((r) => setTimeout(r, 5));
  }
  return accounting();
}

/**
 * Arms a fault only once `after` has completed `n` times: for the second of two calls of one method
 * (the second page of a table, the second folder of a path). Uses the trace sink, which runs right after
 * each native call returns.
 */
function armAfter(after: string, n: number, spec: string): void {
  let seen = 0;
  setTrace((r: TraceRecord) => {
    if (r.dir === 'out' && r.call === after && ++seen === n) knobs(spec);
  });
}

/** Whatever the row returns when it (unexpectedly) succeeds is released, so a failure does not leak too. */
function dispose(v: unknown): void {
  if (!v || typeof v !== 'object') return;
  const d = (v as { [Symbol.dispose]?: () => void })[Symbol.dispose];
  if (typeof d === 'function') d.call(v);
}

async function capture(fn: () => unknown): Promise<unknown> {
  try {
    const v = await fn();
    dispose(v);
  } catch (e) {
    return e;
  }
  return undefined;
}

// ---- The table -----------------------------------------------------------------------------------------

interface Row {
  /** The public operation. */
  readonly op: string;
  /** 'Interface::Method' or an export name: what the knob makes fail. */
  readonly fail: string;
  /** The HRESULT injected, by name (each row its own). */
  readonly hr: string;
  /** Opens what the operation needs (before the fault is armed). */
  readonly setup?: (w: World) => void;
  readonly run: (w: World) => unknown;
  /** The MapiError's `call` when it is not `fail` itself. */
  readonly call?: string;
  /** Arm the fault only after this call has completed n times ([call, n]). */
  readonly armAfter?: readonly [string, number];
  /** Whether the interface has GetLastError (exports and IUnknown-only interfaces do not). Default true. */
  readonly detail?: boolean;
  /** After the failure, with the knob cleared, the same operation succeeds (default true). */
  readonly retry?: boolean;
  /** Checks that the failed operation had no effect. */
  readonly unchanged?: (w: World) => void;
}

const subjects = (f: Folder): string[] => {
  using t = f.contents({ columns: ['PR_SUBJECT_W'], sort: ['PR_SUBJECT_W'] });
  return t.all().map((r) => String(r.PR_SUBJECT_W));
};

const ROWS: Row[] = [
  // -- session
  { op: 'initialize()', fail: 'MAPIInitialize', hr: 'MAPI_E_NOT_ENOUGH_MEMORY', detail: false, run: () => init() },
  { op: 'mapi.logon()', fail: 'MAPILogonEx', hr: 'MAPI_E_SESSION_LIMIT', detail: false, run: () => mapi.logon({ profile: 'Sample' }) },
  { op: 'session.storesTable()', fail: 'IMAPISession::GetMsgStoresTable', hr: 'MAPI_E_NOT_ENOUGH_RESOURCES', run: () => session.storesTable() },
  { op: 'session.stores() [SetColumns]', fail: 'IMAPITable::SetColumns', hr: 'MAPI_E_BUSY', run: () => session.stores() },
  { op: 'session.stores() [SeekRow]', fail: 'IMAPITable::SeekRow', hr: 'MAPI_E_TIMEOUT', run: () => session.stores() },
  { op: 'session.stores() [QueryRows]', fail: 'IMAPITable::QueryRows', hr: 'MAPI_E_NETWORK_ERROR', run: () => session.stores() },
  {
    op: 'session.stores() [second QueryRows page]', fail: 'IMAPITable::QueryRows', hr: 'MAPI_E_RECONNECTED',
    armAfter: ['IMAPITable::QueryRows', 1], run: () => session.stores(),
  },
  { op: 'session.defaultStore()', fail: 'IMAPISession::OpenMsgStore', hr: 'MAPI_E_UNCONFIGURED', run: () => session.defaultStore() },
  {
    op: 'session.openStore({ name })', fail: 'IMAPISession::OpenMsgStore', hr: 'MAPI_E_FAILONEPROVIDER',
    run: () => session.openStore({ name: 'Sample Archive' }),
  },
  {
    op: 'session.openEntry(message)', fail: 'IMAPISession::OpenEntry', hr: 'MAPI_E_UNKNOWN_ENTRYID',
    setup: (w) => void w.messageIds, run: (w) => session.openEntry(w.messageIds[0]),
  },
  // -- store
  { op: 'store.name (GetProps)', fail: 'IMsgStore::GetProps', hr: 'MAPI_E_CORRUPT_STORE', setup: (w) => void w.store, run: (w) => w.store.name },
  { op: 'store.props()', fail: 'IMsgStore::GetProps', hr: 'MAPI_E_CORRUPT_DATA', setup: (w) => void w.store, run: (w) => w.store.props() },
  { op: 'store.propList()', fail: 'IMsgStore::GetPropList', hr: 'MAPI_E_DISK_ERROR', setup: (w) => void w.store, run: (w) => w.store.propList() },
  {
    op: 'store.set()', fail: 'IMsgStore::SetProps', hr: 'MAPI_E_STORE_FULL', setup: (w) => void w.store,
    run: (w) => w.store.set({ PR_COMMENT_W: 'fault' }),
    unchanged: (w) => expect(w.store.get('PR_COMMENT_W')).toBeUndefined(),
    retry: false,
  },
  { op: 'store.root()', fail: 'IMsgStore::OpenEntry', hr: 'MAPI_E_OFFLINE', setup: (w) => void w.store, run: (w) => w.store.root() },
  { op: 'store.ipmSubtree() [GetProps]', fail: 'IMsgStore::GetProps', hr: 'MAPI_E_NOT_ME', setup: (w) => void w.store, run: (w) => w.store.ipmSubtree() },
  { op: 'store.folder() [IMsgStore::OpenEntry]', fail: 'IMsgStore::OpenEntry', hr: 'MAPI_E_INVALID_ENTRYID', setup: (w) => void w.store, run: (w) => w.store.folder('Inbox') },
  {
    op: 'store.folder() [GetHierarchyTable]', fail: 'IMAPIFolder::GetHierarchyTable', hr: 'MAPI_E_NOT_ENOUGH_DISK',
    setup: (w) => void w.store, run: (w) => w.store.folder('Inbox/Projects/2026'),
  },
  {
    op: 'store.folder() [hierarchy SetColumns]', fail: 'IMAPITable::SetColumns', hr: 'MAPI_E_BAD_COLUMN',
    setup: (w) => void w.store, run: (w) => w.store.folder('Inbox/Projects/2026'),
  },
  {
    op: 'store.folder() [IMAPIFolder::OpenEntry]', fail: 'IMAPIFolder::OpenEntry', hr: 'MAPI_E_OBJECT_DELETED',
    setup: (w) => void w.store, run: (w) => w.store.folder('Inbox/Projects/2026'),
  },
  {
    // The third folder of the path: two intermediate folders are open when it fails.
    op: 'store.folder() [third OpenEntry of a path]', fail: 'IMAPIFolder::OpenEntry', hr: 'MAPI_E_NO_ACCESS',
    armAfter: ['IMAPIFolder::OpenEntry', 2], setup: (w) => void w.store, run: (w) => w.store.folder('Inbox/Projects/2026'),
  },
  {
    op: 'store.folder() [second hierarchy table]', fail: 'IMAPIFolder::GetHierarchyTable', hr: 'MAPI_E_UNABLE_TO_COMPLETE',
    armAfter: ['IMAPIFolder::GetHierarchyTable', 1], setup: (w) => void w.store, run: (w) => w.store.folder('Inbox/Projects'),
  },
  {
    op: 'store.receiveFolder() [GetReceiveFolder]', fail: 'IMsgStore::GetReceiveFolder', hr: 'MAPI_E_NOT_FOUND',
    setup: (w) => void w.store, run: (w) => w.store.receiveFolder('IPM.Note'),
  },
  {
    // GetReceiveFolder succeeded and handed us two buffers; the OpenEntry after it fails.
    op: 'store.receiveFolder() [OpenEntry after GetReceiveFolder]', fail: 'IMsgStore::OpenEntry', hr: 'MAPI_E_WAIT',
    setup: (w) => void w.store, run: (w) => w.store.receiveFolder('IPM.Note'),
  },
  // -- folder
  { op: 'folder.name (GetProps)', fail: 'IMAPIFolder::GetProps', hr: 'MAPI_E_CANCEL', setup: (w) => void w.folder, run: (w) => w.folder.name },
  {
    op: 'folder.set()', fail: 'IMAPIFolder::SetProps', hr: 'MAPI_E_DECLINE_COPY', setup: (w) => void w.folder,
    run: (w) => w.folder.set({ PR_COMMENT_W: 'fault' }), unchanged: (w) => expect(w.folder.get('PR_COMMENT_W')).toBeUndefined(), retry: false,
  },
  { op: 'folder.contents()', fail: 'IMAPIFolder::GetContentsTable', hr: 'MAPI_E_INVALID_OBJECT', setup: (w) => void w.folder, run: (w) => w.folder.contents() },
  {
    op: 'folder.contents({ columns })', fail: 'IMAPITable::SetColumns', hr: 'MAPI_E_MISSING_REQUIRED_COLUMN',
    setup: (w) => void w.folder, run: (w) => w.folder.contents({ columns: ['PR_SUBJECT_W'] }),
  },
  {
    op: 'folder.contents({ restrict })', fail: 'IMAPITable::Restrict', hr: 'MAPI_E_TOO_COMPLEX',
    setup: (w) => void w.folder, run: (w) => w.folder.contents({ restrict: { exists: 'PR_SUBJECT_W' } }),
  },
  {
    op: 'folder.contents({ sort })', fail: 'IMAPITable::SortTable', hr: 'MAPI_E_UNKNOWN_LCID',
    setup: (w) => void w.folder, run: (w) => w.folder.contents({ sort: ['PR_SUBJECT_W'] }),
  },
  { op: 'folder.subfolders()', fail: 'IMAPIFolder::GetHierarchyTable', hr: 'MAPI_E_UNKNOWN_CPID', setup: (w) => void w.inbox, run: (w) => w.inbox.subfolders() },
  { op: 'folder.tree()', fail: 'IMAPITable::QueryRows', hr: 'MAPI_E_TABLE_TOO_BIG', setup: (w) => void w.inbox, run: (w) => w.inbox.tree() },
  {
    op: 'folder.openEntry(message)', fail: 'IMAPIFolder::OpenEntry', hr: 'MAPI_E_INVALID_BOOKMARK',
    setup: (w) => void w.messageIds, run: (w) => w.folder.openEntry(w.messageIds[0]),
  },
  {
    op: 'folder.createMessage() [CreateMessage]', fail: 'IMAPIFolder::CreateMessage', hr: 'MAPI_E_NO_RECIPIENTS',
    setup: (w) => void w.messageIds, run: (w) => w.folder.createMessage({ PR_SUBJECT_W: 'new' }),
    unchanged: (w) => expect(subjects(w.folder)).toEqual(['m1', 'm2', 'm3']), retry: false,
  },
  {
    op: 'folder.createMessage() [SetProps]', fail: 'IMessage::SetProps', hr: 'MAPI_E_STRING_TOO_LONG',
    setup: (w) => void w.messageIds, run: (w) => w.folder.createMessage({ PR_SUBJECT_W: 'new' }),
    unchanged: (w) => expect(subjects(w.folder)).toEqual(['m1', 'm2', 'm3']), retry: false,
  },
  {
    op: 'folder.createMessage() [SaveChanges]', fail: 'IMessage::SaveChanges', hr: 'MAPI_E_SUBMITTED',
    setup: (w) => void w.messageIds, run: (w) => w.folder.createMessage({ PR_SUBJECT_W: 'new' }),
    unchanged: (w) => expect(subjects(w.folder)).toEqual(['m1', 'm2', 'm3']), retry: false,
  },
  {
    op: 'folder.createFolder()', fail: 'IMAPIFolder::CreateFolder', hr: 'MAPI_E_COLLISION',
    setup: (w) => void w.folder, run: (w) => w.folder.createFolder('child'),
    unchanged: (w) => expect(w.folder.subfolders()).toEqual([]), retry: false,
  },
  {
    op: 'folder.deleteMessages()', fail: 'IMAPIFolder::DeleteMessages', hr: 'MAPI_E_HAS_MESSAGES',
    setup: (w) => void w.messageIds, run: (w) => w.folder.deleteMessages(w.messageIds.slice(0, 2)),
    unchanged: (w) => expect(subjects(w.folder)).toEqual(['m1', 'm2', 'm3']), retry: false,
  },
  {
    op: 'folder.messages() [first page]', fail: 'IMAPITable::QueryRows', hr: 'MAPI_E_EXTENDED_ERROR',
    setup: (w) => void w.folder,
    run: async (w) => {
      for await (const _ of w.folder.messages({ pageSize: 1 })) void _;
    },
  },
  {
    op: 'folder.messages() [third page]', fail: 'IMAPITable::QueryRows', hr: 'MAPI_E_NOT_IN_QUEUE',
    armAfter: ['IMAPITable::QueryRows', 2], setup: (w) => void w.folder,
    run: async (w) => {
      for await (const _ of w.folder.messages({ pageSize: 1 })) void _;
    },
  },
  // -- tables
  { op: 'table.columns()', fail: 'IMAPITable::QueryColumns', hr: 'MAPI_E_NO_SUPPRESS', setup: (w) => void w.table, run: (w) => w.table.columns() },
  { op: 'table.setColumns()', fail: 'IMAPITable::SetColumns', hr: 'MAPI_E_AMBIGUOUS_RECIP', setup: (w) => void w.table, run: (w) => w.table.setColumns(['PR_SUBJECT_W']) },
  {
    op: 'table.restrict()', fail: 'IMAPITable::Restrict', hr: 'MAPI_E_FOLDER_CYCLE', setup: (w) => void w.table,
    run: (w) => w.table.restrict({ content: 'PR_SUBJECT_W', value: 'x' }),
  },
  { op: 'table.sort()', fail: 'IMAPITable::SortTable', hr: 'MAPI_E_LOCKID_LIMIT', setup: (w) => void w.table, run: (w) => w.table.sort([{ tag: 'PR_SUBJECT_W', order: 'desc' }]) },
  { op: 'table.count()', fail: 'IMAPITable::GetRowCount', hr: 'MAPI_E_TABLE_EMPTY', setup: (w) => void w.table, run: (w) => w.table.count() },
  { op: 'table.seek()', fail: 'IMAPITable::SeekRow', hr: 'MAPI_E_PASSWORD_CHANGE_REQUIRED', setup: (w) => void w.table, run: (w) => w.table.seek('beginning', 3) },
  { op: 'table.queryRows()', fail: 'IMAPITable::QueryRows', hr: 'MAPI_E_TYPE_NO_SUPPORT', setup: (w) => void w.table, run: (w) => w.table.queryRows(5) },
  { op: 'table.position()', fail: 'IMAPITable::QueryPosition', hr: 'MAPI_E_UNEXPECTED_TYPE', setup: (w) => void w.table, run: (w) => w.table.position() },
  { op: 'table.all()', fail: 'IMAPITable::QueryRows', hr: 'MAPI_E_TOO_BIG', setup: (w) => void w.table, run: (w) => w.table.all() },
  // -- messages
  { op: 'message.get()', fail: 'IMessage::GetProps', hr: 'MAPI_E_UNEXPECTED_ID', setup: (w) => void w.message, run: (w) => w.message.get('PR_SUBJECT_W') },
  { op: 'message.entryId', fail: 'IMessage::GetProps', hr: 'MAPI_E_BAD_VALUE', setup: (w) => void w.message, run: (w) => w.message.entryId },
  { op: 'message.propList()', fail: 'IMessage::GetPropList', hr: 'MAPI_E_INVALID_TYPE', setup: (w) => void w.message, run: (w) => w.message.propList() },
  {
    op: 'message.set()', fail: 'IMessage::SetProps', hr: 'MAPI_E_NON_STANDARD', setup: (w) => void w.message,
    run: (w) => w.message.set({ PR_SUBJECT_W: 'changed' }), unchanged: (w) => expect(w.message.get('PR_SUBJECT_W')).toBe('fault target'), retry: false,
  },
  {
    op: 'message.delete()', fail: 'IMessage::DeleteProps', hr: 'MAPI_E_HAS_FOLDERS', setup: (w) => void w.message,
    run: (w) => w.message.delete(['PR_BODY_W']), unchanged: (w) => expect(w.message.get('PR_BODY_W')).toBe('body'), retry: false,
  },
  { op: 'message.save()', fail: 'IMessage::SaveChanges', hr: 'MAPI_E_OBJECT_CHANGED', setup: (w) => void w.message, run: (w) => w.message.save() },
  // -- sync
  {
    op: 'store.synchronize() [QueryInterface(IMAPISync)]', fail: 'IMsgStore::QueryInterface', hr: 'MAPI_E_PASSWORD_EXPIRED',
    call: 'IMsgStore::QueryInterface(IMAPISync)', detail: false, setup: (w) => void w.store.name, run: (w) => w.store.synchronize(),
  },
  {
    op: 'store.synchronize() [SynchronizeInBackground]', fail: 'IMAPISync::SynchronizeInBackground', hr: 'MAPI_E_ACCOUNT_DISABLED',
    detail: false, setup: (w) => void w.store.name, run: (w) => w.store.synchronize({ pollMs: 1 }),
  },
  // -- logoff (a session of its own: the row's failure must still release it)
  {
    op: 'session.logoff()', fail: 'IMAPISession::Logoff', hr: 'MAPI_E_END_OF_SESSION', retry: false,
    setup: (w) => {
      const s = w.keep(mapi.logon({ profile: 'Sample' }));
      (w as unknown as { extra: Session }).extra = s;
      s.defaultStore().folder('Inbox'); // left open: logoff releases them
    },
    run: (w) => (w as unknown as { extra: Session }).extra.logoff(),
    unchanged: (w) => expect((w as unknown as { extra: Session }).extra.released).toBe(true),
  },
];

test('every row injects its own HRESULT', () => {
  const values = ROWS.map((r) => hresult(r.hr));
  expect(new Set(values).size).toBe(values.length);
  // The name a MapiError reports for each value is the row's name (the display name of that value).
  for (const r of ROWS) expect([r.op, new MapiError(hresult(r.hr), 'x').name]).toEqual([r.op, r.hr]);
});

describe.each(ROWS.map((r) => [`${r.op}: ${r.fail} -> ${r.hr}`, r] as const))('%s', (_title, row) => {
  test('a MapiError with that name, value and call, the provider detail, and no leak', async () => {
    const before = await settled();
    const w = new World();
    let err: unknown;
    try {
      row.setup?.(w);
      const hr = hresult(row.hr);
      const spec = `fail=${row.fail}:${hex32(hr)}:1`;
      if (row.armAfter) armAfter(row.armAfter[0], row.armAfter[1], spec);
      else knobs(spec);
      err = await capture(() => row.run(w));
      setTrace(null);
      knobs('');

      expect(err).toBeInstanceOf(MapiError);
      const e = err as MapiError;
      expect({ name: e.name, hr: hex32(e.hr), call: e.call, code: e.code }).toEqual({
        name: row.hr, hr: hex32(hr), call: row.call ?? row.fail, code: row.hr,
      });
      expect(e.message).toContain(`${row.call ?? row.fail} failed: ${row.hr} (${hex32(hr)})`);
      if (row.detail !== false) {
        // The provider's GetLastError for that object and that HRESULT, with its component.
        const text = `${row.fail}: failure injected by the knob fail=${row.fail} [koffi-mapi sample provider]`;
        expect(e.detail).toBe(text);
        expect(e.message).toContain(text);
      }
      row.unchanged?.(w);
      if (row.retry !== false) expect(await capture(() => row.run(w))).toBeUndefined();
    } finally {
      setTrace(null);
      knobs('');
      w.dispose();
    }
    expect(await settled()).toEqual(before);
  });
});

describe('around the table', () => {
  test('when GetLastError fails too, the original MapiError stands, without detail, and nothing leaks', async () => {
    const before = await settled();
    {
      using store = session.defaultStore();
      knobs('fail=IMsgStore::GetProps:0x80040115:1;fail=IMsgStore::GetLastError:0x8007000E:1');
      const e = (await capture(() => store.props())) as MapiError;
      expect(e).toBeInstanceOf(MapiError);
      expect({ name: e.name, call: e.call, detail: e.detail }).toEqual({ name: 'MAPI_E_NETWORK_ERROR', call: 'IMsgStore::GetProps', detail: undefined });
      expect(e.message).toBe('IMsgStore::GetProps failed: MAPI_E_NETWORK_ERROR (0x80040115)');
    }
    expect(await settled()).toEqual(before);
  });

  test('a wildcard rule (*::QueryRows) fails every table of every object until cleared', async () => {
    const before = await settled();
    {
      using store = session.defaultStore();
      using inbox = store.folder('Inbox');
      knobs('fail=*::QueryRows:0x80040401');
      expect(() => session.stores()).toThrow(expect.objectContaining({ name: 'MAPI_E_TIMEOUT', call: 'IMAPITable::QueryRows' }));
      expect(() => inbox.subfolders()).toThrow(expect.objectContaining({ name: 'MAPI_E_TIMEOUT', call: 'IMAPITable::QueryRows' }));
      expect(() => store.folder('Inbox')).toThrow(expect.objectContaining({ name: 'MAPI_E_TIMEOUT' }));
      knobs('');
      expect(inbox.subfolders().length).toBeGreaterThan(0);
    }
    expect(await settled()).toEqual(before);
  });

  test('a rule with a count fails exactly that many calls', () => {
    using store = session.defaultStore();
    knobs('fail=IMsgStore::GetProps:0x8004010E:3');
    for (let i = 0; i < 3; i++) expect(() => store.name).toThrow(expect.objectContaining({ name: 'MAPI_E_NOT_ENOUGH_RESOURCES' }));
    expect(store.name).toBe('Sample Mailbox');
  });

  test('a profile knob fails only that session', () => {
    using other = mapi.logon({ profile: 'Sample;fail=IMAPISession::GetMsgStoresTable:0x80040115' });
    expect(() => other.stores()).toThrow(expect.objectContaining({ name: 'MAPI_E_NETWORK_ERROR', call: 'IMAPISession::GetMsgStoresTable' }));
    expect(session.stores()).toHaveLength(2);
  });

  test('the store without IMAPISync still gives NoSyncError (E_NOINTERFACE is not a fault)', () => {
    using archive = session.openStore({ name: 'Sample Archive' });
    expect(() => archive.synchronize()).toThrow(NoSyncError);
  });
});
