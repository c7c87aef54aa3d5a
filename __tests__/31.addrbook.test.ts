/**
 * The address book (issue 15) against the sample provider's real IAddrBook, IABContainer, IDistList and
 * IMailUser objects: resolving names (resolved, ambiguous with candidates, unresolved, typed addresses),
 * searching with PR_ANR, the containers and the search path, one-off entries, opening entries, a
 * FlagList, resolved entries as recipients of a message, a misbehaving provider, bad input.
 */
import { KoffiMapiError, MapiError, oneOffEntryId, setTrace, type AddressBook, type Mapi, type Session, type TraceRecord } from '../lib';
import { AbContainer, DistList, MailUser, type AbEntry } from '../lib/mapi/addrbook';
import { decodeAdrList, encodeMapiAdrList, freeMapiAdrList } from '../lib/mapi/recipients';
import type { MapiContext } from '../lib/mapi/context';
import { HR } from '../ffi-defs/constants/hresults';
import { MAPI_FLAGS } from '../ffi-defs/constants/flags';
import { init, expectNoLeaks, stats } from './helpers/provider';
import { dllArgs, spawnCli } from './helpers/cli';

let mapi: Mapi;
let session: Session;
let ab: AddressBook;
beforeAll(() => {
  mapi = init();
  session = mapi.logon({ profile: 'Sample' });
  ab = session.addressBook();
});
afterAll(() => mapi.uninitialize());
expectNoLeaks();

const resolved = (r: ReturnType<AddressBook['resolve']>[number]): AbEntry => {
  if (r.status !== 'resolved') throw new Error(`${r.name}: ${r.status}`);
  return r.entry;
};

describe('resolve', () => {
  test('a full name, an address, an ambiguous name, an unknown name and a typed address, in one call', () => {
    const badFrees = stats().badFrees;
    const r = ab.resolve(['Alice Martin', 'bob@example.com', 'Alice', 'Nobody Xyzzy', 'someone@elsewhere.test']);
    expect(r.map((x) => x.status)).toEqual(['resolved', 'resolved', 'ambiguous', 'unresolved', 'resolved']);
    const alice = resolved(r[0]);
    expect(alice).toMatchObject({ name: 'Alice Martin', email: 'alice@example.com', addressType: 'SMTP', objectType: 'mailUser', displayType: 0 });
    expect(Buffer.from(alice.entryId, 'hex').subarray(4, 20).toString('latin1')).toBe('KMAPI-SAMPLE-ADR');
    expect(resolved(r[1]).name).toBe('Bob Chen');
    // The ambiguous name's candidates: every entry whose name starts with "Alice".
    const c = r[2].status === 'ambiguous' ? r[2].candidates : [];
    expect(c.length).toBeGreaterThan(1);
    expect(c.map((e) => e.name)).toContain('Alice Martin');
    for (const e of c) expect(e.name.toLowerCase()).toMatch(/(^|\s)alice/);
    // A typed address nobody has is a one-off, as [MS-OXCDATA] and recipients.ts make them.
    const typed = resolved(r[4]);
    expect(Buffer.from(typed.entryId, 'hex').equals(oneOffEntryId('someone@elsewhere.test', 'SMTP', 'someone@elsewhere.test'))).toBe(true);
    expect(stats().badFrees).toBe(badFrees); // the provider freed our rows with MAPIFreeBuffer: all MAPI memory
  });

  test('a distribution list resolves, and opens as an IDistList whose contents are its members', () => {
    const sales = resolved(ab.resolve(['Sales Team'])[0]);
    expect(sales).toMatchObject({ objectType: 'distList', displayType: 1, email: 'sales@example.com' });
    using list = ab.open(sales.entryId);
    expect(list).toBeInstanceOf(DistList);
    const members = (list as DistList).members();
    expect(members.length).toBeGreaterThan(20);
    for (const m of members) expect(m.objectType).toBe('mailUser');
  });

  test('no names: no call; bad input: typed errors before any native call', () => {
    expect(ab.resolve([])).toEqual([]);
    expect(() => ab.resolve('Alice' as never)).toThrow(KoffiMapiError);
    expect(() => ab.resolve([''])).toThrow(/name 0 must not be empty/);
    expect(() => ab.resolve(['a\0b'])).toThrow(/NUL/);
    expect(() => ab.resolve([42 as never])).toThrow(/must be a string/);
  });
});

describe('search, containers, one-offs, entries', () => {
  test('containers: the directory and the contacts under the root; the search path; the default directory', () => {
    const cs = ab.containers();
    expect(cs.map((c) => [c.name, c.depth])).toEqual([['Sample Directory', 1], ['Sample Contacts', 1]]);
    expect(ab.searchPath().map((c) => c.name)).toEqual(['Sample Directory', 'Sample Contacts']);
    expect(ab.same(ab.defaultDirectory(), cs[0].entryId)).toBe(true);
    using dir = ab.openContainer(cs[0].entryId);
    expect(dir.entries().length).toBe(310); // 3 senders in example.com, 300 users, 7 lists
  });

  test('search: a PR_ANR prefix over the search path; the same restriction a MAPI client sends, both forms', () => {
    const chens = ab.search('chen');
    expect(chens.length).toBeGreaterThan(1);
    expect(chens.map((e) => e.name)).toContain('Bob Chen');
    expect(ab.search('tanaka@').map((e) => e.email)).toEqual(['tanaka@example.jp']); // in the contacts
    expect(ab.search('zzzz')).toEqual([]);
    using dir = ab.openContainer(ab.defaultDirectory());
    const byContent = dir.entries({ content: 'PR_ANR_W', value: 'chen', match: 'prefix', ignoreCase: true });
    expect(byContent.map((e) => e.entryId).sort()).toEqual(dir.search('chen').map((e) => e.entryId).sort());
    expect(() => ab.search('')).toThrow(/must not be empty/);
  });

  test('IABContainer::ResolveNames with a FlagList', () => {
    using dir = ab.openContainer(ab.defaultDirectory());
    const r = dir.resolveNames(['Bob Chen', 'Alice', 'zzz', 'Eve Adams']);
    expect(r.map((x) => x.status)).toEqual(['resolved', 'ambiguous', 'unresolved', 'unresolved']); // Eve is a contact
    expect(r[0].entry?.email).toBe('bob@example.com');
  });

  test('the trace shows an ADRLIST and a FlagList by their rows and states, before and after the call', () => {
    const records: TraceRecord[] = [];
    setTrace((r) => void records.push(r));
    try {
      using dir = ab.openContainer(ab.defaultDirectory());
      dir.resolveNames(['Bob Chen', 'Alice', 'zzz']);
      ab.resolve(['Bob Chen']);
    } finally {
      setTrace(null);
    }
    const names = records.find((r) => r.dir === 'out' && r.call === 'IABContainer::ResolveNames')!;
    expect(names.args).toContain('lpAdrList=ADRLIST[3] {PR_DISPLAY_NAME_W="Bob Chen"} {PR_DISPLAY_NAME_W="Alice"} {PR_DISPLAY_NAME_W="zzz"}');
    expect(names.args).toContain('lpFlagList=FlagList[3] [MAPI_UNRESOLVED, MAPI_UNRESOLVED, MAPI_UNRESOLVED]');
    // After the call: the provider's states, and Bob's row replaced by his entry's properties.
    expect(names.result).toMatch(/^S_OK \{lpAdrList=ADRLIST\[3\] \{[^}]*PR_ENTRYID=<\d+ bytes>[^}]*PR_EMAIL_ADDRESS_W="bob@example.com"/);
    expect(names.result).toContain('lpFlagList=FlagList[3] [MAPI_RESOLVED, MAPI_AMBIGUOUS, MAPI_UNRESOLVED]');
    const one = records.find((r) => r.dir === 'out' && r.call === 'IAddrBook::ResolveName')!;
    expect(one.args).toContain('lpAdrList=ADRLIST[1] {PR_DISPLAY_NAME_W="Bob Chen"}');
    expect(one.result).toMatch(/^S_OK \{lpAdrList=ADRLIST\[1\] \{.*"bob@example.com"/);
  });

  test('oneOff: CreateOneOff gives the [MS-OXCDATA] bytes recipients.ts makes; it opens as an IMailUser', () => {
    const o = ab.oneOff('Zed Zero', 'zed@x.test');
    expect(Buffer.from(o.entryId, 'hex').equals(oneOffEntryId('Zed Zero', 'SMTP', 'zed@x.test'))).toBe(true);
    using u = ab.open(o.entryId);
    expect(u).toBeInstanceOf(MailUser);
    expect((u as MailUser).entry()).toMatchObject({ name: 'Zed Zero', email: 'zed@x.test', addressType: 'SMTP' });
    expect(ab.same(o.entryId, ab.oneOff('Another Name', 'ZED@x.test').entryId)).toBe(true);
    expect(() => ab.oneOff('x', '')).toThrow(/must not be empty/);
  });

  test('an entry id of another provider: MAPI_E_UNKNOWN_ENTRYID, nothing opened', () => {
    const storeId = session.stores()[0].entryId;
    const before = stats().objects;
    expect(() => ab.open(storeId)).toThrow(MapiError);
    expect(() => ab.open(storeId)).toThrow(expect.objectContaining({ code: 'MAPI_E_UNKNOWN_ENTRYID' }));
    expect(() => ab.same(storeId, storeId)).toThrow(MapiError);
    expect(stats().objects).toBe(before);
    expect(() => ab.open('not hex')).toThrow(/Not an entry id/);
    expect(() => ab.openContainer(ab.oneOff('a', 'a@b.c').entryId)).toThrow(/not a container/);
    expect(ab.openContainer(null)).toBeInstanceOf(AbContainer);
  });
});

describe('resolved entries as recipients', () => {
  test('setRecipients takes entries as they are; the recipient rows carry the directory entry ids', () => {
    const [alice, sales, typed] = ab.resolve(['Alice Martin', 'Sales Team', 'someone@elsewhere.test']).map(resolved);
    using m = session.defaultStore().folder('Drafts').createMessage({ subject: 'to the address book' }, { save: false });
    m.setRecipients([alice, { ...sales, type: 'cc' }, typed]);
    const r = m.recipients();
    expect(r.map((x) => [x.type, x.name, x.email, x.entryId])).toEqual([
      ['to', 'Alice Martin', 'alice@example.com', alice.entryId],
      ['cc', 'Sales Team', 'sales@example.com', sales.entryId],
      ['to', 'someone@elsewhere.test', 'someone@elsewhere.test', typed.entryId],
    ]);
  });
});

describe('a misbehaving provider', () => {
  test('ab.silentUnresolved: ResolveName says S_OK, the bridge still reports what the rows say', () => {
    using s = mapi.logon({ profile: 'Sample;ab.silentUnresolved=1' });
    using book = s.addressBook();
    // What the provider itself answers, through the raw proxy: S_OK with this knob, an error without.
    const rawResolve = (b: AddressBook): { hr: number; resolved: boolean[] } => {
      const ctx = (b as unknown as { ctx: MapiContext }).ctx;
      const list = encodeMapiAdrList(ctx, ['Alice', 'Nobody Xyzzy', 'Bob Chen']);
      try {
        let hr = 0;
        try {
          hr = b.raw.ResolveName(0, MAPI_FLAGS.MAPI_UNICODE, null, list);
        } catch (e) {
          hr = (e as MapiError).hr;
        }
        return { hr, resolved: decodeAdrList(list).map((r) => Buffer.isBuffer(r.PR_ENTRYID)) };
      } finally {
        freeMapiAdrList(ctx, list);
      }
    };
    expect(rawResolve(book)).toEqual({ hr: 0, resolved: [false, false, true] });
    expect(rawResolve(ab)).toEqual({ hr: HR.MAPI_E_AMBIGUOUS_RECIP, resolved: [false, false, true] });
    const r = book.resolve(['Alice', 'Nobody Xyzzy', 'Bob Chen']);
    expect(r.map((x) => x.status)).toEqual(['ambiguous', 'unresolved', 'resolved']);
  });

  test('ab.ambiguousNotFound: ResolveName says MAPI_E_NOT_FOUND for an ambiguous name; the bridge still finds the candidates', () => {
    using s = mapi.logon({ profile: 'Sample;ab.ambiguousNotFound=1' });
    using book = s.addressBook();
    const ctx = (book as unknown as { ctx: MapiContext }).ctx;
    const list = encodeMapiAdrList(ctx, ['Alice']);
    try {
      expect(() => book.raw.ResolveName(0, MAPI_FLAGS.MAPI_UNICODE, null, list)).toThrow(expect.objectContaining({ code: 'MAPI_E_NOT_FOUND' }));
    } finally {
      freeMapiAdrList(ctx, list);
    }
    const [r] = book.resolve(['Alice']);
    expect(r.status === 'ambiguous' && r.candidates.length).toBeGreaterThan(1);
  });

  test('a failure the provider injects comes back as a named MapiError with its text', () => {
    using s = mapi.logon({ profile: 'Sample;fail=IAddrBook::ResolveName:0x80040115' });
    using book = s.addressBook();
    expect(() => book.resolve(['Alice Martin'])).toThrow(expect.objectContaining({ code: 'MAPI_E_NETWORK_ERROR' }));
  });
});

describe('the CLI: resolve and ab (child processes; a leak is exit code 3)', () => {
  test('resolve NAME... --json: each name with its status, exit 1 unless all resolved', async () => {
    const r = await spawnCli([...dllArgs, '--json', 'resolve', 'Alice Martin', 'Alice', 'zzz']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as { name: string; status: string; entry?: { email: string }; candidates?: unknown[] }[];
    expect(out.map((x) => x.status)).toEqual(['resolved', 'ambiguous', 'unresolved']);
    expect(out[0].entry?.email).toBe('alice@example.com');
    expect(out[1].candidates!.length).toBeGreaterThan(1);
    const ok = await spawnCli([...dllArgs, 'resolve', 'Bob Chen']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^Bob Chen\s+resolved\s+Bob Chen\s+bob@example.com\s+[0-9A-F]{56}$/m);
  });

  test('ab: the containers; ab CONTAINER --search TEXT; an unknown container is a named error', async () => {
    const list = await spawnCli([...dllArgs, 'ab']);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^\*\s+yes\s+Sample Directory\s+[0-9A-F]+$/m);
    const found = await spawnCli([...dllArgs, '--json', 'ab', 'Sample Contacts', '--search', 'tanaka']);
    expect(found.code).toBe(0);
    expect((JSON.parse(found.stdout) as { email: string }[]).map((e) => e.email)).toEqual(['tanaka@example.jp']);
    const bad = await spawnCli([...dllArgs, 'ab', 'Nope']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain("no address book container named 'Nope'");
  }, 60000);
});
