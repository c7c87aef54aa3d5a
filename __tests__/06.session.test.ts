/** The everyday MAPI path against the sample provider: logon, stores, folders, tables, properties. */
import {
  MapiError, MapiArgumentError, ReleasedObjectError, PropError, PropProblemsError, Folder, Message, Store, UndecodedValue,
  type Mapi, type Session, type TagKey, type TagName,
} from '../lib';
import { init, expectNoLeaks, providerLibrary, stats } from './helpers/provider';
import { EXPORTS } from '../ffi-defs/exports';
import { hresultName, namedTag, namedLabel } from '../lib';

let mapi: Mapi;
let session: Session;
beforeAll(() => {
  mapi = init();
  session = mapi.logon({ profile: 'Sample' });
});
afterAll(() => mapi.uninitialize());
expectNoLeaks();

describe('logon', () => {
  test('a wrong profile is MAPI_E_LOGON_FAILED from MAPILogonEx', () => {
    expect(() => mapi.logon({ profile: 'NoSuchProfile' })).toThrow(
      expect.objectContaining({ name: 'MAPI_E_LOGON_FAILED', hr: 0x80040111, call: 'MAPILogonEx' }),
    );
  });

  test('a thread that has not called MAPIInitialize gets MAPI_E_NOT_INITIALIZED', async () => {
    // Koffi's .async runs the call on a libuv pool thread, which never called MAPIInitialize.
    const { fn } = providerLibrary().bind(EXPORTS.MAPILogonEx);
    const out = [null];
    const hr = await new Promise<number>((resolve, reject) =>
      (fn as unknown as { async: (...a: unknown[]) => void }).async(0, null, null, 0x80008062, out, (e: unknown, r: number) => (e ? reject(e) : resolve(r))),
    );
    expect(hresultName(hr)).toBe('MAPI_E_NOT_INITIALIZED');
    expect(out[0]).toBeNull();
  });

  test('the default profile logs on too, and `using` logs off and releases in order', () => {
    const before = stats().sessions;
    {
      using s = mapi.logon();
      using st = s.defaultStore();
      expect(st.name).toBe('Sample Mailbox');
      expect(stats().sessions).toBe(before + 1);
    }
    expect(stats().sessions).toBe(before);
  });
});

describe('stores', () => {
  test('lists both stores with entry ids, default flag and provider', () => {
    const stores = session.stores();
    expect(stores.map((s) => [s.name, s.isDefault])).toEqual([
      ['Sample Mailbox', true],
      ['Sample Archive', false],
    ]);
    for (const s of stores) {
      expect(s.entryId).toMatch(/^([0-9A-F]{2})+$/);
      expect(s.provider).toMatch(/^([0-9A-F]{2}){16}$/);
    }
  });

  test('opens the default store, by name and by entry id', () => {
    using a = session.defaultStore();
    using b = session.openStore({ name: 'sample archive' });
    using c = session.openStore(a.entryId);
    expect([a.name, b.name, c.name]).toEqual(['Sample Mailbox', 'Sample Archive', 'Sample Mailbox']);
    expect(c.get('PR_DEFAULT_STORE')).toBe(true);
  });

  test('an unknown store name or entry id is MAPI_E_NOT_FOUND / a MAPI error from the provider', () => {
    expect(() => session.openStore({ name: 'Nope' })).toThrow(expect.objectContaining({ name: 'MAPI_E_NOT_FOUND' }));
    expect(() => session.openStore('00000000DEADBEEF')).toThrow(MapiError);
    expect(() => session.openStore('xyz')).toThrow(expect.objectContaining({ code: 'ERR_ENTRYID' }));
  });
});

describe('folders', () => {
  let store: Store;
  beforeAll(() => {
    store = session.defaultStore();
  });
  afterAll(() => store.release());

  test('IPM subtree children, and the whole tree with depths and counts', () => {
    using ipm = store.ipmSubtree();
    expect(ipm.name).toBe('Top of Information Store');
    expect(ipm.subfolders().map((f) => f.name)).toEqual(expect.arrayContaining(['Inbox', 'Sent Items', 'Deleted Items', 'Outbox', 'Drafts']));
    const tree = ipm.tree();
    const projects = tree.find((f) => f.name === 'Projects');
    const y2026 = tree.find((f) => f.name === '2026');
    expect(projects).toMatchObject({ depth: 2, hasSubfolders: true });
    expect(y2026).toMatchObject({ depth: 3 });
    expect(tree.find((f) => f.name === 'Inbox')?.contentCount).toBeGreaterThan(0);
  });

  test('open by path, case-insensitively; a missing path names the missing folder', () => {
    using f = store.folder('inbox/Projects/2026');
    expect(f).toBeInstanceOf(Folder);
    expect(f.name).toBe('2026');
    using root = store.folder('/Top of Information Store/Inbox');
    expect(root.name).toBe('Inbox');
    expect(() => store.folder('Inbox/Nope')).toThrow(/MAPI_E_NOT_FOUND.*no folder 'Nope'/);
  });

  test('the receive folder is the Inbox', () => {
    using f = store.receiveFolder('IPM.Note');
    expect(f.name).toBe('Inbox');
  });

  test('create a folder; a duplicate name is MAPI_E_COLLISION unless openIfExists', () => {
    using inbox = store.folder('Inbox');
    const name = `Test ${process.pid} ${Date.now()}`;
    using f = inbox.createFolder(name);
    expect(f.name).toBe(name);
    expect(() => inbox.createFolder(name)).toThrow(expect.objectContaining({ name: 'MAPI_E_COLLISION' }));
    using again = inbox.createFolder(name, { openIfExists: true });
    expect(again.entryId).toBe(f.entryId);
  });
});

describe('tables', () => {
  let store: Store;
  let inbox: Folder;
  beforeAll(() => {
    store = session.defaultStore();
    inbox = store.folder('Inbox');
  });
  afterAll(() => store.release());

  test('columns, count, and rows paged through QueryRows', async () => {
    using t = inbox.contents({ columns: ['PR_ENTRYID', 'PR_SUBJECT_W', 'PR_MESSAGE_DELIVERY_TIME'] });
    expect(t.columns()).toEqual([0x0fff0102, 0x0037001f, 0x0e060040]);
    const n = t.count();
    expect(n).toBeGreaterThanOrEqual(25);
    const rows = [];
    for await (const r of t.rows({ pageSize: 7 })) rows.push(r);
    expect(rows).toHaveLength(n);
    expect(rows.every((r) => typeof r.PR_SUBJECT_W === 'string' && r.PR_MESSAGE_DELIVERY_TIME instanceof Date)).toBe(true);
    expect(new Set(rows.map((r) => (r.PR_ENTRYID as Buffer).toString('hex'))).size).toBe(n);
  });

  test('rows() steps like an async generator: calls made during a page fetch keep their order, return() ends it', async () => {
    using t = inbox.contents({ columns: ['PR_SUBJECT_W'] });
    const all = t.all().map((r) => r.PR_SUBJECT_W);
    const it = t.rows({ pageSize: 3 });
    // Six next() calls at once cross a page boundary (after row 3): they resolve in order, one row each.
    const first = await Promise.all(Array.from({ length: 6 }, () => it.next()));
    expect(first.map((r) => r.value?.PR_SUBJECT_W)).toEqual(all.slice(0, 6));
    expect(await it.return()).toEqual({ value: undefined, done: true });
    expect(await it.next()).toEqual({ value: undefined, done: true });
    // throw() ends it too, rejecting with what it was given.
    const it2 = t.rows({ pageSize: 3 });
    await it2.next();
    await expect(it2.throw(new Error('stop'))).rejects.toThrow('stop');
    expect(await it2.next()).toEqual({ value: undefined, done: true });
  });

  test('pages() gives the QueryRows pages; with limit, rows() and pages() read that many rows and no more', async () => {
    using t = inbox.contents({ columns: ['PR_SUBJECT_W'] });
    const all = t.all().map((r) => r.PR_SUBJECT_W);
    const sizes = [];
    for await (const page of t.pages({ pageSize: 7, limit: 10 })) sizes.push(page.length);
    expect(sizes).toEqual([7, 3]);
    expect(t.position().row).toBe(10); // the last QueryRows asked for 3 rows: the cursor is after row 10
    const rows = [];
    for await (const r of t.rows({ pageSize: 4, limit: 6 })) rows.push(r.PR_SUBJECT_W);
    expect(rows).toEqual(all.slice(0, 6));
    expect(t.position().row).toBe(6);
    expect((await t.rows({ limit: 0 }).next()).done).toBe(true);
    const pages = [];
    for await (const page of t.pages({ pageSize: 10 })) pages.push(...page.map((r) => r.PR_SUBJECT_W));
    expect(pages).toEqual(all);
    // As arrays: the same values in column order, PT_ERROR cells included.
    t.setColumns(['PR_SUBJECT_W', 'PR_MESSAGE_SIZE', 'PR_BODY_HTML_W']);
    const objects = t.all();
    const arrays: unknown[][] = [];
    for await (const page of t.pages({ pageSize: 9, arrays: true })) arrays.push(...page);
    expect(arrays).toEqual(objects.map((r) => [r.PR_SUBJECT_W, r.PR_MESSAGE_SIZE, r.PR_BODY_HTML_W]));
    expect(arrays.some((r) => r[2] instanceof PropError)).toBe(true);
    const first: unknown[][] = [];
    for await (const r of t.rows({ arrays: true, limit: 2 })) first.push(r);
    expect(first).toEqual(arrays.slice(0, 2));
    await expect(t.pages({ limit: -1 }).next()).rejects.toMatchObject({ code: 'ERR_ARGUMENT', message: 'limit must be between 0 and 9007199254740991, not -1' });
  });

  test('sort ascending and descending', () => {
    using t = inbox.contents({ columns: ['PR_SUBJECT_W'], sort: [{ tag: 'PR_SUBJECT_W', order: 'desc' }] });
    const subjects = t.all().map((r) => String(r.PR_SUBJECT_W));
    const expected = [...subjects].sort((a, b) => b.toLowerCase().localeCompare(a.toLowerCase(), 'en', { sensitivity: 'base' }));
    expect(subjects.map((s) => s.toLowerCase())).toEqual(subjects.map((s) => s.toLowerCase()).sort().reverse());
    expect(expected.length).toBe(subjects.length);
    t.sort(['PR_MESSAGE_DELIVERY_TIME']);
    t.setColumns(['PR_MESSAGE_DELIVERY_TIME']);
    const times = t.all().map((r) => (r.PR_MESSAGE_DELIVERY_TIME as Date).getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  test('restrict by property equality, content and existence', () => {
    using t = inbox.contents({ columns: ['PR_SUBJECT_W', 'PR_IMPORTANCE'] });
    const all = t.all();
    const subject = String(all[3].PR_SUBJECT_W);
    t.restrict({ prop: 'PR_SUBJECT_W', op: '==', value: subject });
    expect(t.all().map((r) => r.PR_SUBJECT_W)).toEqual(all.filter((r) => r.PR_SUBJECT_W === subject).map((r) => r.PR_SUBJECT_W));
    t.restrict({ content: 'PR_SUBJECT_W', value: 'café', match: 'substring', ignoreCase: true });
    const cafe = t.all();
    expect(cafe.length).toBeGreaterThan(0);
    expect(cafe.every((r) => String(r.PR_SUBJECT_W).toLowerCase().includes('café'))).toBe(true);
    t.restrict({ and: [{ exists: 'PR_IMPORTANCE' }, { not: { prop: 'PR_IMPORTANCE', op: '==', value: 1 } }] });
    expect(t.all().every((r) => r.PR_IMPORTANCE !== 1)).toBe(true);
    t.restrict(null);
    expect(t.count()).toBe(all.length);
  });

  test('restrict by comparing two properties, by size, and through a comment', () => {
    using t = inbox.contents({ columns: ['PR_SUBJECT_W', 'PR_MESSAGE_DELIVERY_TIME', 'PR_CLIENT_SUBMIT_TIME', 'PR_CREATION_TIME', 'PR_LAST_MODIFICATION_TIME'] });
    const all = t.all();
    const time = (v: unknown) => (v instanceof Date ? v.getTime() : NaN);
    // RES_COMPAREPROPS: rows where both exist and compare as asked; the complement with the other relop.
    t.restrict({ compare: ['PR_CLIENT_SUBMIT_TIME', 'PR_MESSAGE_DELIVERY_TIME'], op: '<' });
    const before = t.all();
    expect(before.length).toBeGreaterThan(0);
    const expected = all.filter((r) => time(r.PR_CLIENT_SUBMIT_TIME) < time(r.PR_MESSAGE_DELIVERY_TIME));
    expect(before.map((r) => r.PR_SUBJECT_W)).toEqual(expected.map((r) => r.PR_SUBJECT_W));
    t.restrict({ compare: ['PR_CLIENT_SUBMIT_TIME', 'PR_MESSAGE_DELIVERY_TIME'], op: '>=' });
    expect(t.count()).toBe(all.filter((r) => time(r.PR_CLIENT_SUBMIT_TIME) >= time(r.PR_MESSAGE_DELIVERY_TIME)).length);
    expect(t.count() + before.length).toBe(all.filter((r) => r.PR_CLIENT_SUBMIT_TIME instanceof Date && r.PR_MESSAGE_DELIVERY_TIME instanceof Date).length);
    // RES_SIZE: a PT_UNICODE value's size is its UTF-16 bytes with the terminator.
    const bytes = (s: unknown) => (String(s).length + 1) * 2;
    const median = [...all.map((r) => bytes(r.PR_SUBJECT_W))].sort((a, b) => a - b)[all.length >> 1];
    t.restrict({ size: 'PR_SUBJECT_W', op: '>', bytes: median });
    const long = t.all();
    expect(long.length).toBeGreaterThan(0);
    expect(long.map((r) => r.PR_SUBJECT_W)).toEqual(all.filter((r) => bytes(r.PR_SUBJECT_W) > median).map((r) => r.PR_SUBJECT_W));
    // RES_COMMENT: annotations do not filter; the restriction inside does.
    t.restrict({ comment: [{ tag: 'PR_DISPLAY_NAME_W', value: 'a note' }] });
    expect(t.count()).toBe(all.length);
    const subject = String(all[2].PR_SUBJECT_W);
    t.restrict({ comment: [{ tag: 'PR_DISPLAY_NAME_W', value: 'by subject' }], restriction: { prop: 'PR_SUBJECT_W', value: subject } });
    expect(t.all().map((r) => r.PR_SUBJECT_W)).toEqual(all.filter((r) => r.PR_SUBJECT_W === subject).map((r) => r.PR_SUBJECT_W));
    // Bad forms are refused before the call.
    expect(() => t.restrict({ compare: ['PR_SUBJECT_W', 'PR_MESSAGE_SIZE'] })).toThrow(expect.objectContaining({ code: 'ERR_RESTRICTION' }));
    expect(() => t.restrict({ size: 'PR_SUBJECT_W', bytes: -1 })).toThrow(expect.objectContaining({ code: 'ERR_RESTRICTION' }));
    expect(() => t.restrict({ size: 'PR_SUBJECT_W', op: '=~' as never, bytes: 1 })).toThrow(expect.objectContaining({ code: 'ERR_RESTRICTION' }));
    t.restrict(null);
  });

  test('seek and position', () => {
    using t = inbox.contents({ columns: ['PR_SUBJECT_W'] });
    const n = t.count();
    expect(t.seek('beginning', 5)).toBe(5);
    expect(t.position()).toEqual({ row: 5, count: n });
    expect(t.queryRows(2)).toHaveLength(2);
    expect(t.seek('end', -1)).toBe(-1);
    expect(t.queryRows(10)).toHaveLength(1);
    expect(t.queryRows(10)).toHaveLength(0);
  });

  test('a restriction value of the wrong type is refused before the call', () => {
    using t = inbox.contents({ columns: ['PR_SUBJECT_W'] });
    expect(() => t.restrict({ prop: 'PR_SUBJECT_W', value: 42 })).toThrow(expect.objectContaining({ code: 'ERR_PROP_TYPE' }));
    // @ts-expect-error: a tag name that does not exist (refused at run time too, for JavaScript callers)
    expect(() => t.restrict({ prop: 'PR_NOPE', value: 1 })).toThrow(expect.objectContaining({ code: 'ERR_UNKNOWN_TAG' }));
  });
});

describe('properties', () => {
  let store: Store;
  let folder: Folder;
  beforeAll(() => {
    store = session.defaultStore();
    using inbox = store.folder('Inbox');
    folder = inbox.createFolder(`Props ${process.pid} ${Date.now()}`);
  });
  afterAll(() => store.release());

  const GUID = '{5024A385-2D44-486A-81A8-8F0ECB6071DD}';
  const when = new Date(Date.UTC(2026, 10, 21, 12, 34, 56, 789));
  const values = {
    PR_SUBJECT_W: 'Grüße ✓ 日本',
    PR_SUBJECT_PREFIX_A: 'RE: ',
    PR_IMPORTANCE: 2,
    0x80010002: -1234, // PT_I2 (custom id range)
    0x80020004: 1.5, // PT_R4
    0x80030005: Math.PI, // PT_DOUBLE
    0x80040006: 123456789n, // PT_CURRENCY
    0x80050007: 45678.25, // PT_APPTIME
    0x8006000b: true, // PT_BOOLEAN
    0x80070014: -(2n ** 62n), // PT_I8
    PR_MESSAGE_DELIVERY_TIME: when,
    0x80080048: GUID, // PT_CLSID
    PR_SEARCH_KEY: Buffer.from([0, 1, 2, 250, 255]),
    0x80091003: [1, -2, 2147483647], // PT_MV_LONG
    0x800a101f: ['a', 'ü', '日本'], // PT_MV_UNICODE
    0x800b101e: ['x', 'y'], // PT_MV_STRING8
    0x800c1102: [Buffer.from('ab'), Buffer.alloc(0)], // PT_MV_BINARY
    0x800d1040: [when, new Date(0)], // PT_MV_SYSTIME
    0x800e1048: [GUID], // PT_MV_CLSID
    0x800f1014: [1n, -1n], // PT_MV_I8
    0x80101005: [0.25, -8], // PT_MV_DOUBLE
    0x80111002: [1, 2], // PT_MV_I2
  };

  test('every type round-trips through SetProps, SaveChanges, OpenEntry and GetProps', () => {
    using m = folder.createMessage(values as Record<string, unknown>);
    const eid = m.entryId;
    using again = session.openEntry(eid) as Message;
    expect(again).toBeInstanceOf(Message);
    // The keys of `values` are tag names, or tags in decimal (numeric keys of an object).
    const got = again.props(Object.keys(values).map((k) => (/^\d+$/.test(k) ? Number(k) : (k as TagName))));
    for (const [k, v] of Object.entries(values)) {
      const name: TagKey = /^\d+$/.test(k) ? `0x${Number(k).toString(16).toUpperCase().padStart(8, '0')}` : (k as TagName);
      expect([name, got[name]]).toEqual([name, v]);
    }
  });

  test('missing properties are PropError values; get() gives undefined', () => {
    using m = folder.createMessage({ PR_SUBJECT_W: 'only a subject' });
    const [subject, body] = m.getProps(['PR_SUBJECT_W', 'PR_BODY_W']);
    expect(subject.value).toBe('only a subject');
    expect(body.value).toBeInstanceOf(PropError);
    expect((body.value as PropError).name).toBe('MAPI_E_NOT_FOUND');
    expect(m.get('PR_BODY_W')).toBeUndefined();
  });

  test('without MAPI_UNICODE, unspecified string types come back 8-bit', () => {
    using m = folder.createMessage({ PR_SUBJECT_W: 'plain' });
    const all = m.getProps(undefined, { unicode: false });
    expect(all.find((p) => p.tag >>> 16 === 0x0037)?.tag).toBe(0x0037001e);
    expect(m.getProps(undefined).find((p) => p.tag >>> 16 === 0x0037)?.tag).toBe(0x0037001f);
  });

  test('delete, property list and save', () => {
    using m = folder.createMessage({ PR_SUBJECT_W: 's', PR_BODY_W: 'b' });
    expect(m.propList()).toEqual(expect.arrayContaining([0x0037001f, 0x1000001f]));
    m.delete(['PR_BODY_W']);
    m.save();
    expect(m.get('PR_BODY_W')).toBeUndefined();
    expect(m.propList()).not.toContain(0x1000001f);
  });

  test('wrong JS types, unknown tags, NUL, NaN and out-of-range numbers are typed errors before any call', () => {
    using m = folder.createMessage({ PR_SUBJECT_W: 'unchanged' });
    const bad: [Record<string, unknown>, string][] = [
      [{ PR_SUBJECT_W: 42 }, 'ERR_PROP_TYPE'],
      [{ PR_IMPORTANCE: 'high' }, 'ERR_PROP_TYPE'],
      [{ PR_IMPORTANCE: NaN }, 'ERR_PROP_TYPE'],
      [{ PR_IMPORTANCE: 2 ** 40 }, 'ERR_PROP_RANGE'],
      [{ PR_SUBJECT_W: 'a\0b' }, 'ERR_PROP_VALUE'],
      [{ PR_SUBJECT_A: '日本' }, 'ERR_PROP_VALUE'],
      [{ PR_HASATTACH: 1 }, 'ERR_PROP_TYPE'],
      [{ PR_MESSAGE_DELIVERY_TIME: 'yesterday' }, 'ERR_PROP_TYPE'],
      [{ PR_SUBJECT: 'x' }, 'ERR_UNKNOWN_TAG'],
      [{ [0x80011003]: [1, 'two'] }, 'ERR_PROP_TYPE'],
    ];
    for (const [v, code] of bad) {
      expect(() => m.set({ PR_SUBJECT_W: 'changed', ...v })).toThrow(expect.objectContaining({ code }));
    }
    // @ts-expect-error: a tag name that does not exist (refused at run time too, for JavaScript callers)
    expect(() => m.set({ PR_SUBJECT: 'x' })).toThrow(/Did you mean PR_SUBJECT_W/);
    expect(m.get('PR_SUBJECT_W')).toBe('unchanged');
    expect(() => m.set({ PR_SUBJECT_W: 'a\0b' })).toThrow(MapiArgumentError);
  });

  test('computed properties are reported as problems', () => {
    using m = folder.createMessage({ PR_SUBJECT_W: 'x' });
    let err: unknown;
    try {
      m.set({ PR_ENTRYID: Buffer.from([1, 2, 3]) });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PropProblemsError);
    expect((err as PropProblemsError).problems[0]).toMatchObject({ name: 'PR_ENTRYID' });
  });

  test('messages are created, listed and deleted', async () => {
    using f = folder.createFolder('listing');
    const ids = [1, 2, 3].map((i) => {
      using m = f.createMessage({ PR_SUBJECT_W: `m${i}` });
      return m.entryId;
    });
    const listed: string[] = [];
    for await (const r of f.messages({ sort: ['PR_SUBJECT_W'] })) listed.push(String(r.PR_SUBJECT_W));
    expect(listed).toEqual(['m1', 'm2', 'm3']);
    f.deleteMessages(ids.slice(0, 2));
    using t = f.contents({ columns: ['PR_SUBJECT_W'] });
    expect(t.all().map((r) => r.PR_SUBJECT_W)).toEqual(['m3']);
    expect(() => session.openEntry(ids[0])).toThrow(MapiError);
  });
});

describe('Exchange values (PT_SRESTRICTION, PT_ACTIONS, PT_SVREID) and 8-bit strings in their code page', () => {
  // The Sample Archive's "Rules and code pages" folder (sample-provider/README.md): values in the provider's memory.
  let archive: Store;
  let fixtures: Folder;
  let bySubject: Map<string, string>; // PR_SUBJECT_A as windows-1252 -> entry id, to open each message
  beforeAll(() => {
    archive = session.openStore({ name: 'Sample Archive' });
    fixtures = archive.folder('Rules and code pages');
    using t = fixtures.contents({ columns: ['PR_ENTRYID', 'PR_SUBJECT_W'] });
    bySubject = new Map(t.all().map((r) => [r.PR_SUBJECT_W as string, (r.PR_ENTRYID as Buffer).toString('hex')]));
  });
  afterAll(() => {
    fixtures.release();
    archive.release();
  });
  const open = (subjectW: string) => archive.openEntry(bySubject.get(subjectW)!) as Message;

  const CONDITION = {
    and: [
      { content: 'PR_SUBJECT_W', value: 'report', match: 'substring', ignoreCase: true },
      { prop: 'PR_IMPORTANCE', op: '>=', value: 1 },
      { bitmask: 'PR_MESSAGE_FLAGS', mask: 1, op: 'eqz' },
      { or: [{ exists: 'PR_BODY_W' }, { size: 'PR_SUBJECT_W', op: '>', bytes: 10 }, { compare: ['PR_CLIENT_SUBMIT_TIME', 'PR_MESSAGE_DELIVERY_TIME'], op: '<' }] },
      { not: { sub: 'recipients', restriction: { prop: 'PR_EMAIL_ADDRESS_W', op: '==', value: 'boss@example.com' } } },
      { comment: [{ tag: 'PR_COMMENT_W', value: 'made in Outlook' }], restriction: { exists: 'PR_SUBJECT_W' } },
      { count: 2, restriction: { exists: 'PR_SUBJECT_W' } }, // RES_COUNT, stored by the provider as Exchange rules may hold it
    ],
  };

  test('GetProps decodes PR_RULE_CONDITION (PT_SRESTRICTION) into the Restriction shape the builder takes', () => {
    using m = open('Rule: reports to Archive 2024');
    const cond = m.get('PR_RULE_CONDITION');
    expect(cond).toEqual(CONDITION);
  });

  test('GetProps decodes PR_RULE_ACTIONS (PT_ACTIONS): one typed object per ACTION, its union member by acttype', () => {
    using m = open('Rule: reports to Archive 2024');
    using target = archive.folder('Archive 2024');
    const acts = m.get('PR_RULE_ACTIONS');
    expect(acts?.version).toBe(1);
    const base = { flavor: 0, flags: 0 };
    expect(acts?.actions).toEqual([
      { ...base, type: 'OP_MOVE', storeEntryId: Buffer.alloc(0), folderEntryId: Buffer.from(target.entryId, 'hex') },
      { ...base, type: 'OP_REPLY', flavor: 1, entryId: Buffer.from('REPLYTPL'), template: '{4B4D4150-4953-414D-5245-504C59000001}' },
      { ...base, type: 'OP_DEFER_ACTION', data: Buffer.from('defer:1') },
      { ...base, type: 'OP_BOUNCE', bounceCode: 13 },
      { ...base, type: 'OP_FORWARD', flavor: 1, recipients: [{ PR_DISPLAY_NAME_W: 'Chloé Dubois', PR_EMAIL_ADDRESS_W: 'chloe@example.fr' }] },
      { ...base, type: 'OP_TAG', prop: { tag: 0x00170003, value: 2 } },
      { ...base, type: 'OP_MARK_AS_READ', flags: 0x10 },
    ]);
  });

  test('a property of a type this layer does not know is an UndecodedValue; the rest of the read and of the row is kept', () => {
    using m = open('Rule: reports to Archive 2024');
    const all = m.props();
    expect(all['0x6A020104']).toBeInstanceOf(UndecodedValue);
    expect((all['0x6A020104'] as UndecodedValue).type).toBe(0x0104);
    expect(all.PR_SUBJECT_W).toBe('Rule: reports to Archive 2024');
    expect(all.PR_RULE_CONDITION).toEqual(CONDITION);
    using t = fixtures.contents({ columns: ['PR_SUBJECT_W', 0x6a020104, 'PR_RULE_CONDITION'] });
    const row = t.all().find((r) => r.PR_SUBJECT_W === 'Rule: reports to Archive 2024')!;
    expect(row['0x6A020104']).toBeInstanceOf(UndecodedValue);
    expect(row.PR_RULE_CONDITION).toEqual(CONDITION);
  });

  test('a Restriction written with SetProps (PT_SRESTRICTION) is stored by the provider and reads back the same', () => {
    using inbox = session.defaultStore().folder('Inbox');
    using m = inbox.createMessage({ PR_SUBJECT_W: 'rule row' }, { save: false });
    const r = {
      or: [
        { content: 'PR_SUBJECT_W', value: 'Grüße', match: 'prefix', ignoreCase: false, ignoreNonSpace: true, loose: true },
        { sub: 'attachments', restriction: { exists: 'PR_ATTACH_LONG_FILENAME_W' } },
        { not: { prop: 'PR_MESSAGE_DELIVERY_TIME', op: '<', value: new Date(Date.UTC(2026, 0, 1)) } },
        { comment: [{ tag: 'PR_IMPORTANCE', value: 2 }, { tag: 'PR_SEARCH_KEY', value: Buffer.from([1, 2]) }] },
        { and: [] },
      ],
    } as const;
    m.set({ PR_RULE_CONDITION: r });
    expect(m.get('PR_RULE_CONDITION')).toEqual(r);
    // A sub-object given by tag reads back by its friendly name; RES_COUNT round-trips too.
    m.set({ PR_RULE_CONDITION: { count: 3, restriction: { sub: 'PR_MESSAGE_RECIPIENTS', restriction: { exists: 'PR_EMAIL_ADDRESS_W' } } } });
    expect(m.get('PR_RULE_CONDITION')).toEqual({ count: 3, restriction: { sub: 'recipients', restriction: { exists: 'PR_EMAIL_ADDRESS_W' } } });
  });

  test('PT_SVREID values are bytes, as PT_BINARY, both ways', () => {
    using inbox = session.defaultStore().folder('Inbox');
    using m = inbox.createMessage({}, { save: false });
    const svreid = Buffer.from('01' + '0100000000000a00' + '0000000000000000' + '00000000', 'hex'); // [MS-OXCDATA] PtypServerId
    m.set({ 0x6a0100fb: svreid });
    expect(m.get(0x6a0100fb)).toEqual(svreid);
  });

  test("8-bit strings are decoded in the message's code page: PR_MESSAGE_CODEPAGE, then PR_INTERNET_CPID, else windows-1252", () => {
    using cyr = open('\u00cf\u00f0\u00e8\u00e2\u00e5\u00f2, \u00ec\u00e8\u00f0'); // the provider widens 8-bit strings as Latin-1
    expect(cyr.get('PR_SUBJECT_A')).toBe('Привет, мир'); // looked up once: PR_MESSAGE_CODEPAGE 1251
    expect(cyr.get('PR_SENDER_NAME_A')).toBe('Дмитрий');
    expect(cyr.codePage()).toBe(1251);
    using sjis = open('\u0093\u00fa\u0096{\u008c\u00ea\u0082\u00cc\u008c\u008f\u0096\u00bc');
    expect(sjis.getProps(['PR_SUBJECT_A', 'PR_INTERNET_CPID']).map((p) => p.value)).toEqual(['日本語の件名', 932]); // from the same result
    using none = open('\u0093Smart\u0094 \u00805');
    expect(none.get('PR_SUBJECT_A')).toBe('\u201cSmart\u201d \u20ac5'); // not the C1 controls Latin-1 has at 0x93, 0x94, 0x80
    expect(none.codePage()).toBeUndefined();
    using both = open('\u00a8\u00eb\u00ea\u00e0');
    expect(both.get('PR_SUBJECT_A')).toBe('Ёлка'); // PR_MESSAGE_CODEPAGE (1251) over PR_INTERNET_CPID (1252)
  });

  test("a table row's 8-bit strings use the row's code page column, else the code page of the table's folder and store", () => {
    using t = fixtures.contents({ columns: ['PR_SUBJECT_A', 'PR_MESSAGE_CODEPAGE', 'PR_INTERNET_CPID'] });
    expect(t.all().map((r) => r.PR_SUBJECT_A)).toEqual(['Rule: reports to Archive 2024', 'Привет, мир', '日本語の件名', '\u201cSmart\u201d \u20ac5', 'Ёлка', 'Three bodies']);
  });

  test("without a code page of its own a message uses its store's (PR_CODE_PAGE_ID), and writes 8-bit strings in it", () => {
    using s2 = mapi.logon({ profile: 'Sample' }); // a data set of its own: the store change stays there
    using a2 = s2.openStore({ name: 'Sample Archive' });
    a2.set({ PR_CODE_PAGE_ID: 1251 });
    using none = a2.openEntry(bySubject.get('\u0093Smart\u0094 \u00805')!) as Message;
    expect(none.get('PR_SUBJECT_A')).toBe('\u201cSmart\u201d \u04025'); // 0x80 is Ђ in windows-1251
    using inbox = a2.folder('Archive 2024');
    using m = inbox.createMessage({ PR_SUBJECT_A: 'Ёж' }, { save: false });
    expect(m.get('PR_SUBJECT_W')).toBe('\u00a8\u00e6'); // the bytes A8 E6 (windows-1251), as the provider widens them
    expect(m.get('PR_SUBJECT_A')).toBe('Ёж');
  });

  test('8-bit strings written with the code page given in the same call use it', () => {
    using inbox = session.defaultStore().folder('Inbox');
    using m = inbox.createMessage({ PR_MESSAGE_CODEPAGE: 1251, PR_SUBJECT_A: 'Ёж', PR_BODY_A: 'ascii' }, { save: false });
    expect(m.get('PR_SUBJECT_W')).toBe('\u00a8\u00e6');
    expect(m.get('PR_SUBJECT_A')).toBe('Ёж');
    expect(() => m.set({ PR_SUBJECT_A: '日本' })).toThrow(expect.objectContaining({ code: 'ERR_PROP_VALUE' }));
  });
});

describe('named properties', () => {
  test('names to ids and back; a new name is mapped with create and holds a value', () => {
    using store = session.defaultStore();
    using inbox = store.folder('Inbox');
    using t = inbox.contents({ columns: ['PR_ENTRYID'] });
    using m = session.openEntry(t.queryRows(1)[0].PR_ENTRYID as Buffer) as Message;
    const [keywords, unknown] = m.idsFromNames([
      { set: 'PS_PUBLIC_STRINGS', name: 'Keywords' },
      { set: 'PS_PUBLIC_STRINGS', name: `NoSuchName ${Date.now()}` },
    ]);
    expect(keywords).toBe(0x80000000); // PT_UNSPECIFIED tag of id 0x8000
    expect(unknown).toBeUndefined();
    expect(m.namesFromIds([namedTag(keywords!, 0x101f)]).get(0x8000)).toMatchObject({ set: 'PS_PUBLIC_STRINGS', kind: 'string', name: 'Keywords' });

    const name = `Counter ${process.pid} ${Date.now()}`;
    const [created] = m.idsFromNames([{ set: '{4B4D4150-4953-414D-504C-455053455401}', name }], { create: true });
    expect(created! >>> 16).toBeGreaterThan(0x800d);
    const counter = namedTag(created!, 0x0003); // PT_LONG
    m.set({ [counter]: 42 });
    m.save();
    expect(m.get(counter)).toBe(42);
    expect(namedLabel(m.namesFromIds([counter]).get(counter >>> 16)!)).toBe(`{4B4D4150…}:${name}`);
  });

  test('bad names are typed errors before any call', () => {
    using store = session.defaultStore();
    expect(() => store.idsFromNames([{ set: 'PS_NOPE', name: 'x' }])).toThrow(expect.objectContaining({ code: 'ERR_ARGUMENT' }));
    expect(() => store.idsFromNames([{ set: 'PS_PUBLIC_STRINGS', name: 'a\0b' }])).toThrow(expect.objectContaining({ code: 'ERR_ARGUMENT' }));
  });
});

describe('lifetimes', () => {
  test('calls after release, logoff or uninitialize are typed errors; double release is harmless', () => {
    const m2 = init();
    const s = m2.logon({ profile: 'Sample' });
    const st = s.defaultStore();
    const f = st.folder('Inbox');
    f.release();
    f.release();
    expect(() => f.name).toThrow(ReleasedObjectError);
    s.logoff();
    expect(st.released).toBe(true); // released with its session
    expect(() => st.get('PR_DISPLAY_NAME_W')).toThrow(ReleasedObjectError);
    expect(() => s.stores()).toThrow(ReleasedObjectError);
    s.logoff();
    m2.uninitialize();
    expect(() => m2.logon()).toThrow(expect.objectContaining({ code: 'ERR_UNINITIALIZED' }));
  });

  test('uninitialize releases what a script forgot, children first', () => {
    const m2 = init();
    const s = m2.logon({ profile: 'Sample' });
    const st = s.defaultStore();
    st.folder('Inbox/Projects');
    const before = stats().objects;
    expect(before).toBeGreaterThan(0);
    m2.uninitialize();
    expect(st.released && s.released).toBe(true);
    void providerLibrary;
  });
});
