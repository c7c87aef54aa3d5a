/**
 * The sample provider's store=PATH knob (sample-provider/README.md "Persistence"): a logon loads the
 * data set from a file and every change is saved to it, so a second logon (in this process or the
 * next) sees what the first did; a file in use, damaged or foreign is a named MAPILogonEx error and is
 * never modified.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MapiError, tagName as tagNameOf, type Mapi, type Message, type Notification } from '../lib';
import { init, expectNoLeaks, providerLibrary, stats } from './helpers/provider';
import { childWorkspace, runToFiles } from './helpers/child';

const root = path.resolve(__dirname, '..');
const bin = path.join(root, 'bin', 'koffi-mapi.js');
const HR_CORRUPT_STORE = 0x80040600;
const HR_DISK_ERROR = 0x80040116;

let mapi: Mapi;
let tmp: string;
beforeAll(() => {
  mapi = init();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kmapi-persist-'));
});
afterAll(() => {
  mapi.uninitialize();
  fs.rmSync(tmp, { recursive: true, force: true });
});
expectNoLeaks();

const profile = (file: string, more = '') => `Sample;store=${file}${more}`;

/** MAPILogonEx's failure for this profile (it must fail). */
function logonError(p: string): MapiError {
  try {
    mapi.logon({ profile: p }).logoff();
  } catch (e) {
    if (e instanceof MapiError) return e;
    throw e;
  }
  throw new Error(`logon with ${p} succeeded`);
}

/** A value of every type a property bag holds, on ids 0x8100 + n (no names needed for the test). */
const EVERY_TYPE: Record<number, unknown> = {
  0x81000002: -12345, // PT_I2
  0x81010003: -7, // PT_LONG
  0x81020004: 1.5, // PT_R4
  0x81030005: -0.1, // PT_DOUBLE
  0x81040006: 123456789n, // PT_CURRENCY
  0x81050007: 46027.25, // PT_APPTIME
  0x8106000b: true, // PT_BOOLEAN
  0x81070014: -(2n ** 63n), // PT_I8
  0x8108001e: 'ansi caf\xe9', // PT_STRING8
  0x8109001f: 'Unicode \u65e5\u672c \u{1f600}', // PT_UNICODE
  0x810a0040: new Date(Date.UTC(2026, 1, 3, 4, 5, 6, 7)), // PT_SYSTIME
  0x810b0048: '{4B4D4150-4953-414D-504C-455053455401}', // PT_CLSID
  0x810c0102: Buffer.from([0, 1, 2, 255, 0]), // PT_BINARY
  0x810d1002: [1, -2, 3], // PT_MV_I2
  0x810e1003: [0, -1, 2 ** 31 - 1], // PT_MV_LONG
  0x810f1004: [0.5, -0.25], // PT_MV_R4
  0x81101005: [Math.PI, -0], // PT_MV_DOUBLE
  0x81111006: [1n, -1n], // PT_MV_CURRENCY
  0x81121007: [46027.5], // PT_MV_APPTIME
  0x81131014: [2n ** 62n, 0n], // PT_MV_I8
  0x8114101e: ['a', '', 'b\xff'], // PT_MV_STRING8
  0x8115101f: ['x', '\u00fc\u00df', ''], // PT_MV_UNICODE
  0x81161040: [new Date(0), new Date(Date.UTC(2030, 0, 1))], // PT_MV_SYSTIME
  0x81171048: ['{00020329-0000-0000-C000-000000000046}'], // PT_MV_CLSID
  0x81181102: [Buffer.alloc(0), Buffer.from('bin')], // PT_MV_BINARY
};

describe('store=PATH', () => {
  test('a message with recipients and attachments survives logoff and logon, byte for byte, with its entry id', () => {
    const file = path.join(tmp, 'box.kms');
    const bytes = Buffer.from(Array.from({ length: 100000 }, (_, i) => (i * 13) & 0xff));
    let eid: string;
    let before: Record<string, unknown>;
    let named: (number | undefined)[];
    {
      const s = mapi.logon({ profile: profile(file) });
      expect(fs.existsSync(file)).toBe(true); // a missing file is generated and written at logon
      const store = s.defaultStore();
      const drafts = store.folder('Drafts');
      using src = store.folder('Inbox').openEntry(store.folder('Inbox').contents({ columns: ['PR_ENTRYID'] }).all()[0].PR_ENTRYID as Buffer) as Message;
      using m = drafts.createMessage({
        subject: 'persisted',
        body: 'kept across logons',
        to: ['a@x.com'],
        cc: [{ email: 'b@x.com', name: 'Bee' }],
        attachments: [{ bytes, name: 'data.bin', mimeType: 'application/x-test' }, { message: src }],
        props: EVERY_TYPE as never,
      });
      eid = m.entryId;
      before = m.props();
      named = store.idsFromNames([{ set: '{4B4D4150-4953-414D-504C-455053455401}', name: 'PersistTest' }], { create: true });
      store.folder('Inbox').createFolder('Kept', { comment: 'a new folder' });
      s.logoff();
    }
    expect(fs.readdirSync(tmp).filter((f) => f.includes('.tmp-'))).toEqual([]); // written by rename
    const s = mapi.logon({ profile: profile(file) });
    try {
      const store = s.defaultStore();
      using m = store.openEntry(eid) as Message;
      expect(m.entryId).toBe(eid);
      expect(m.props()).toEqual(before);
      for (const [t, v] of Object.entries(EVERY_TYPE)) expect([t, m.get(Number(t) as never)]).toEqual([t, v]);
      expect(m.recipients().map((r) => [r.type, r.name, r.email])).toEqual([
        ['to', 'a@x.com', 'a@x.com'],
        ['cc', 'Bee', 'b@x.com'],
      ]);
      const list = m.attachments();
      expect(list.map((a) => [a.name, a.method])).toEqual([
        ['data.bin', 'value'],
        ['Quarterly report #1', 'embedded'],
      ]);
      using a0 = m.openAttachment(list[0].num);
      expect(a0.read().equals(bytes)).toBe(true);
      using a1 = m.openAttachment(list[1].num);
      using emb = a1.openMessage();
      expect(emb.attachments().map((a) => a.name)).toEqual(['report-1.txt', 'data-1.bin']);
      expect(store.idsFromNames([{ set: '{4B4D4150-4953-414D-504C-455053455401}', name: 'PersistTest' }])).toEqual(named);
      expect(store.folder('Inbox/Kept').get('PR_COMMENT_W')).toBe('a new folder');
      // Generated messages stay as they were: the Inbox still has its 25.
      expect(store.folder('Inbox').get('PR_CONTENT_COUNT')).toBe(25);
      store.folder('Drafts').deleteMessages([eid]);
    } finally {
      s.logoff();
    }
    const again = mapi.logon({ profile: profile(file) });
    try {
      expect(() => again.defaultStore().openEntry(eid)).toThrow(expect.objectContaining({ name: 'MAPI_E_NOT_FOUND' }));
    } finally {
      again.logoff();
    }
  });

  test('100 000 generated messages make a small file and a fast logon', () => {
    const file = path.join(tmp, 'big.kms');
    const t0 = Date.now();
    const s = mapi.logon({ profile: profile(file, ';messages=100000') });
    s.logoff();
    const s2 = mapi.logon({ profile: profile(file) }); // the file's count, not the default 25
    try {
      expect(s2.defaultStore().folder('Inbox').get('PR_CONTENT_COUNT')).toBe(100000);
    } finally {
      s2.logoff();
    }
    expect(fs.statSync(file).size).toBeLessThan(8000);
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  test('two logons on one file in one process see each other\'s changes at their next call, and lose no update', () => {
    const file = path.join(tmp, 'shared.kms');
    const one = mapi.logon({ profile: profile(file, ';store.poll=0') });
    const two = mapi.logon({ profile: profile(file, ';store.poll=0') }); // no MAPI_E_BUSY: the lock is per transaction
    try {
      const subjects = (s: typeof one, folder = 'Drafts') => {
        using f = s.defaultStore().folder(folder);
        using t = f.contents({ columns: ['PR_SUBJECT_W'] });
        return t.all().map((r) => r.PR_SUBJECT_W as string).sort();
      };
      const d1 = one.defaultStore().folder('Drafts');
      const d2 = two.defaultStore().folder('Drafts');
      const a = d1.createMessage({ subject: 'from one' });
      expect(subjects(two)).toContain('from one');
      d2.createMessage({ subject: 'from two' }).release();
      expect(subjects(one)).toEqual(expect.arrayContaining(['from one', 'from two']));
      // Both change without looking: each transaction merges first, so neither save drops the other's.
      const unsaved = d1.createMessage({ subject: 'one, saved later' }, { save: false }); // its id is taken now
      d2.createMessage({ subject: 'two, saved first' }).release();
      unsaved.save();
      unsaved.release();
      d1.createFolder('Made by one', { comment: 'c1' }).release();
      a.set({ PR_SUBJECT_W: 'from one, edited' });
      a.save();
      a.release();
      for (const s of [one, two]) expect(subjects(s)).toEqual(['Quarterly report #1', 'from one, edited', 'from two', 'one, saved later', 'two, saved first'].sort());
      expect(two.defaultStore().folder('Drafts/Made by one').get('PR_COMMENT_W')).toBe('c1');
      // A deletion and a folder's removal reach the other logon too.
      using t2 = d2.contents({ columns: ['PR_ENTRYID', 'PR_SUBJECT_W'], restrict: { prop: 'PR_SUBJECT_W', value: 'from two' } });
      d2.deleteMessages([t2.all()[0].PR_ENTRYID as Buffer]);
      using made = d2.folder('Made by one');
      d2.deleteFolder(made);
      expect(subjects(one)).not.toContain('from two');
      expect(() => d1.folder('Made by one')).toThrow();
      d1.release();
      d2.release();
    } finally {
      one.logoff();
      two.logoff();
    }
    const third = mapi.logon({ profile: profile(file) });
    try {
      using f = third.defaultStore().folder('Drafts');
      using t = f.contents({ columns: ['PR_SUBJECT_W'] });
      expect(t.all().map((r) => r.PR_SUBJECT_W).sort()).toEqual(['Quarterly report #1', 'from one, edited', 'one, saved later', 'two, saved first'].sort());
    } finally {
      third.logoff();
    }
  });

  test('a logon in another process (koffi-mapi ls, send) works while this one is logged on, both ways', async () => {
    const file = path.join(tmp, 'held.kms');
    const s = mapi.logon({ profile: profile(file, ';store.poll=0') });
    const cli = (args: string[], base: string) =>
      runToFiles([bin, '--dll', providerLibrary().path, '--profile', profile(file), ...args], {
        base: path.join(tmp, base),
        cwd: root,
        env: { ...process.env, KOFFI_MAPI_CLI_SOURCE: '1', NO_COLOR: '1' },
        timeoutMs: 120_000,
      });
    try {
      s.defaultStore().folder('Drafts').createMessage({ subject: 'seen by the other process' }).release();
      const ls = await cli(['ls', 'Drafts'], 'child');
      expect([ls.code, ls.stdout]).toEqual([0, expect.stringContaining('seen by the other process')]);
      const sent = await cli(['send', '--to', 'user@sample.kmapi', '--subject', 'sent by the other process', '--body', 'hi'], 'child-send');
      expect([sent.code, sent.stderr]).toEqual([0, '']);
      using inbox = s.defaultStore().folder('Inbox');
      using t = inbox.contents({ columns: ['PR_SUBJECT_W'] });
      expect(t.all().map((r) => r.PR_SUBJECT_W)).toContain('sent by the other process');
    } finally {
      s.logoff();
    }
  }, 240_000);

  describe('with other processes writing', () => {
    /** A child that logs on to the file and saves `count` messages in Drafts, one call each. */
    const WRITER = `'use strict';
const [lib, dll, profile, tag, count] = process.argv.slice(2);
const { initialize, load } = require(lib);
const mapi = initialize({ library: load({ path: dll }) });
const session = mapi.logon({ profile });
const drafts = session.defaultStore().folder('Drafts');
for (let i = 0; i < Number(count); i++) drafts.createMessage({ subject: tag + ' #' + i }).release();
drafts.release();
session.logoff();
console.log('saved ' + count);
`;
    const ws = childWorkspace(root, 'persist-test', WRITER);
    const writer = (file: string, tag: string, count: number) =>
      runToFiles([ws.script, ws.lib, providerLibrary().path, profile(file, ';store.poll=0'), tag, String(count)], {
        base: path.join(ws.dir, tag),
        cwd: root,
        env: { ...process.env },
        timeoutMs: 300_000,
      });
    const draftSubjects = (s: ReturnType<Mapi['logon']>) => {
      using f = s.defaultStore().folder('Drafts');
      using t = f.contents({ columns: ['PR_SUBJECT_W'] });
      return t.all().map((r) => r.PR_SUBJECT_W as string);
    };

    test('two processes saving 50 messages each at the same time, while this one saves too: the store has every one', async () => {
      const file = path.join(tmp, 'parallel.kms');
      const s = mapi.logon({ profile: profile(file, ';store.poll=0') }); // creates the file
      try {
        const children = Promise.all([writer(file, 'p1', 50), writer(file, 'p2', 50)]);
        using drafts = s.defaultStore().folder('Drafts');
        let mine = 0;
        let done = false;
        void children.then(() => (done = true));
        while (!done && mine < 200) {
          drafts.createMessage({ subject: `parent #${mine++}` }).release();
          await new Promise((r) => setTimeout(r, 5));
        }
        const outcomes = await children;
        expect(outcomes.map((o) => [o.code, o.stdout, o.stderr])).toEqual([
          [0, 'saved 50\n', ''],
          [0, 'saved 50\n', ''],
        ]);
        const expected = ['Quarterly report #1', ...Array.from({ length: mine }, (_, i) => `parent #${i}`)];
        for (const tag of ['p1', 'p2']) for (let i = 0; i < 50; i++) expected.push(`${tag} #${i}`);
        expect(draftSubjects(s).sort()).toEqual(expected.sort());
        const again = mapi.logon({ profile: profile(file) });
        try {
          expect(draftSubjects(again).length).toBe(expected.length);
        } finally {
          again.logoff();
        }
      } finally {
        s.logoff();
      }
    }, 300_000); // Windows Node children under Wine start in seconds

    test('a watcher here sees what other processes change: a script saving drafts, then koffi-mapi send delivering to the Inbox', async () => {
      const file = path.join(tmp, 'notified.kms');
      const s = mapi.logon({ profile: profile(file, ';store.poll=50') });
      try {
        using store = s.defaultStore();
        using drafts = store.folder('Drafts');
        using inbox = store.folder('Inbox');
        await using w = store.watch({ events: ['created', 'newMail'] });
        const got: Notification[] = [];
        w.on('notification', (n) => got.push(n));
        const child = await writer(file, 'seen', 3);
        expect([child.code, child.stderr]).toEqual([0, '']);
        const sent = await runToFiles([bin, '--dll', providerLibrary().path, '--profile', profile(file, ';store.poll=0'), 'send', '--to', 'user@sample.kmapi', '--subject', 'from afar', '--body', 'hello'], {
          base: path.join(ws.dir, 'send'),
          cwd: root,
          env: { ...process.env, KOFFI_MAPI_CLI_SOURCE: '1', NO_COLOR: '1', KOFFI_MAPI_CHECK_LEAKS: '1' },
          timeoutMs: 120_000,
        });
        expect([sent.code, sent.stderr]).toEqual([0, '']);
        // This process makes no call meanwhile: what arrives comes from its store.poll watcher.
        for (let i = 0; i < 200 && !got.some((n) => n.type === 'newMail'); i++) await new Promise((r) => setTimeout(r, 20));
        const subjectOf = (eid: string | null) => {
          using m = store.openEntry(eid!) as Message;
          return m.get('PR_SUBJECT_W');
        };
        const inDrafts = got.filter((n) => n.type === 'objectCreated' && n.parentId === drafts.entryId);
        expect(inDrafts.map((n) => subjectOf((n as { entryId: string | null }).entryId)).sort()).toEqual(['seen #0', 'seen #1', 'seen #2']);
        const mail = got.filter((n) => n.type === 'newMail');
        expect(mail).toEqual([expect.objectContaining({ parentId: inbox.entryId, messageClass: 'IPM.Note', thread: 'provider' })]);
        expect(subjectOf((mail[0] as { entryId: string | null }).entryId)).toBe('from afar');
      } finally {
        s.logoff();
      }
    });

    test('a logon that makes no calls takes in another process\'s message within store.poll ms (its watcher thread)', async () => {
      const file = path.join(tmp, 'watched.kms');
      // The previous test's logoff ends its threads (notification, watcher) asynchronously: count from
      // when they have.
      for (let i = 0; i < 200 && stats().threads > 0; i++) await new Promise((r) => setTimeout(r, 10));
      const before = stats().threads;
      const quiet = mapi.logon({ profile: profile(file, ';store.poll=0') });
      expect(stats().threads).toBe(before); // store.poll=0: no watcher
      quiet.logoff();
      const s = mapi.logon({ profile: profile(file, ';store.poll=50') });
      try {
        expect(stats().threads).toBe(before + 1);
        // The watcher polls while something is advised (nobody else could notice a change between calls).
        s.defaultStore().watch({ events: ['created'] }); // unadvised by the logoff below
        const child = await writer(file, 'watched', 1);
        expect([child.code, child.stderr]).toEqual([0, '']);
        await new Promise((r) => setTimeout(r, 500)); // s makes no call meanwhile
        // Move the file away: s's next call finds nothing to merge, so what it lists it already had.
        fs.renameSync(file, `${file}.moved`);
        expect(draftSubjects(s)).toContain('watched #0');
      } finally {
        s.logoff();
      }
      expect(fs.existsSync(file)).toBe(true); // a missing file is written again by the next transaction
    }, 240_000);
  });

  test('what SubmitMessage and a move did in one process is in Sent Items, the Inbox and the folder in the next', async () => {
    const file = path.join(tmp, 'sent.kms');
    const s = mapi.logon({ profile: profile(file) });
    let moved = '';
    try {
      const store = s.defaultStore();
      using outbox = store.folder('Outbox');
      const m = outbox.createMessage({ subject: 'sent across processes', to: ['user@sample.kmapi'], attachments: [{ bytes: Buffer.from('pdf'), name: 'r.pdf' }] });
      m.submit();
      m.release();
      using inbox = store.folder('Inbox');
      using projects = store.folder('Inbox/Projects');
      using t = inbox.contents({ columns: ['PR_ENTRYID', 'PR_SUBJECT_W'], restrict: { prop: 'PR_SUBJECT_W', value: 'Weekly status #5' } });
      inbox.copyMessages([t.all()[0].PR_ENTRYID as Buffer], projects, { move: true });
      moved = 'Weekly status #5';
    } finally {
      s.logoff();
    }
    const ls = async (folder: string, base: string) =>
      runToFiles([bin, '--dll', providerLibrary().path, '--profile', profile(file), 'ls', folder], {
        base: path.join(tmp, base),
        cwd: root,
        env: { ...process.env, KOFFI_MAPI_CLI_SOURCE: '1', NO_COLOR: '1' },
        timeoutMs: 120_000,
      });
    const sent = await ls('Sent Items', 'ls-sent');
    expect([sent.code, sent.stdout]).toEqual([0, expect.stringContaining('sent across processes')]);
    const inbox = await ls('Inbox', 'ls-inbox');
    expect(inbox.stdout).toContain('sent across processes'); // delivered to the local recipient
    expect(inbox.stdout).not.toContain(moved);
    const projects = await ls('Inbox/Projects', 'ls-projects');
    expect(projects.stdout).toContain(moved);
  });

  test('koffi-mapi send in one process, koffi-mapi ls / cat in the next: the same store', async () => {
    const file = path.join(tmp, 'cli.kms');
    const attach = path.join(tmp, 'report.txt');
    fs.writeFileSync(attach, 'quarterly numbers\n');
    const cli = (args: string[], base: string) =>
      runToFiles([bin, '--dll', providerLibrary().path, '--profile', profile(file), ...args], {
        base: path.join(tmp, base),
        cwd: root,
        env: { ...process.env, KOFFI_MAPI_CLI_SOURCE: '1', NO_COLOR: '1', KOFFI_MAPI_CHECK_LEAKS: '1' },
        timeoutMs: 120_000,
      });
    const sent = await cli(['send', '--to', 'user@sample.kmapi', '--subject', 'from the CLI', '--body', 'See attached.', '--attach', attach, '--json'], 'send');
    expect([sent.code, sent.stderr]).toEqual([0, '']);
    const ls = await cli(['ls', 'Sent Items'], 'ls-sent-cli');
    expect([ls.code, ls.stdout]).toEqual([0, expect.stringContaining('from the CLI')]);
    const inbox = await cli(['ls', 'Inbox', '--json'], 'ls-inbox-cli');
    const rows = JSON.parse(inbox.stdout) as { index: number; subject: string }[] | { messages: { index: number; subject: string }[] };
    const list = Array.isArray(rows) ? rows : rows.messages;
    const mine = list.find((r) => r.subject === 'from the CLI')!;
    expect(mine).toBeDefined();
    const cat = await cli(['cat', `Inbox:${mine.index}`], 'cat-cli');
    expect([cat.code, cat.stdout]).toEqual([0, expect.stringContaining('report.txt')]);
    expect(cat.stdout).toContain('See attached.');
  });

  test('restrictions, rule actions and server ids (PT_SRESTRICTION, PT_ACTIONS, PT_SVREID) survive a reload', () => {
    const file = path.join(tmp, 'rules.kms');
    const read = () => {
      const s = mapi.logon({ profile: profile(file) });
      try {
        using archive = s.openStore({ name: 'Sample Archive' });
        using f = archive.folder('Rules and code pages');
        using t = f.contents({ columns: ['PR_SUBJECT_W', 'PR_RULE_CONDITION', 'PR_RULE_ACTIONS', 0x6a0100fb] });
        return t.all().filter((r) => r.PR_RULE_CONDITION !== undefined && !(r.PR_RULE_CONDITION instanceof Error));
      } finally {
        s.logoff();
      }
    };
    const s = mapi.logon({ profile: profile(file) });
    try {
      using archive = s.openStore({ name: 'Sample Archive' });
      using f = archive.folder('Rules and code pages');
      using m = f.createMessage({ PR_SUBJECT_W: 'svreid', PR_RULE_CONDITION: { sub: 'recipients', restriction: { count: 2, restriction: { exists: 'PR_EMAIL_ADDRESS_W' } } }, 0x6a0100fb: Buffer.from('0100ff', 'hex') });
    } finally {
      s.logoff();
    }
    const first = read();
    const second = read();
    expect(first.map((r) => r.PR_SUBJECT_W)).toEqual(['Rule: reports to Archive 2024', 'svreid']);
    expect(second).toEqual(first);
    expect(second[1][tagNameOf(0x6a0100fb)]).toEqual(Buffer.from('0100ff', 'hex'));
    expect((second[0].PR_RULE_ACTIONS as unknown as { actions: unknown[] }).actions).toHaveLength(7);
  });

  test('a truncated file, at every cut point of the header and many of the body, is MAPI_E_CORRUPT_STORE and stays as it was', () => {
    const good = path.join(tmp, 'good.kms');
    mapi.logon({ profile: profile(good, ';messages=3') }).logoff();
    const whole = fs.readFileSync(good);
    const cut = path.join(tmp, 'cut.kms');
    const names = new Set<string>();
    const cuts = Array.from({ length: whole.length }, (_, n) => n).filter((n) => n < 64 || n % 7 === 0 || n > whole.length - 16);
    for (const n of cuts) {
      fs.writeFileSync(cut, whole.subarray(0, n));
      const e = logonError(profile(cut));
      expect([n, e.hr]).toEqual([n, HR_CORRUPT_STORE]);
      names.add(e.message.replace(/.*is /, ''));
      expect(fs.readFileSync(cut).equals(whole.subarray(0, n))).toBe(true);
    }
    expect([...names]).toEqual(['truncated']);
  });

  test('a foreign, damaged or padded file is MAPI_E_CORRUPT_STORE with the reason, and stays as it was', () => {
    const good = path.join(tmp, 'good2.kms');
    mapi.logon({ profile: profile(good) }).logoff();
    const whole = fs.readFileSync(good);
    const flipped = Buffer.from(whole);
    flipped[flipped.length - 3] ^= 0x40;
    const cases: [string, Buffer, string][] = [
      ['foreign.kms', Buffer.from('{"not": "a store"}\n'), 'not a sample-provider store file'],
      ['flipped.kms', flipped, 'damaged (checksum mismatch)'],
      ['padded.kms', Buffer.concat([whole, Buffer.from([0])]), 'longer than its header says'],
      ['empty.kms', Buffer.alloc(0), 'truncated'],
    ];
    for (const [name, content, why] of cases) {
      const file = path.join(tmp, name);
      fs.writeFileSync(file, content);
      const e = logonError(profile(file));
      expect([name, e.name, e.message]).toEqual([name, 'MAPI_E_CORRUPT_STORE', expect.stringContaining(`store file ${file} is ${why}`)]);
      expect(fs.readFileSync(file).equals(content)).toBe(true);
    }
  });

  test('a store file in a missing directory is MAPI_E_DISK_ERROR at logon', () => {
    const file = path.join(tmp, 'no-such-dir', 'box.kms');
    const e = logonError(profile(file));
    expect([e.name, e.hr]).toEqual(['MAPI_E_DISK_ERROR', HR_DISK_ERROR]);
    expect(e.message).toContain(`store file ${file} cannot be locked`);
  });

  test('without the knob the store lives in memory: nothing is kept between logons', () => {
    const s = mapi.logon({ profile: 'Sample' });
    const eid = s.defaultStore().folder('Drafts').createMessage({ subject: 'in memory' }).entryId;
    s.logoff();
    const s2 = mapi.logon({ profile: 'Sample' });
    try {
      expect(() => s2.defaultStore().openEntry(eid)).toThrow(expect.objectContaining({ name: 'MAPI_E_NOT_FOUND' }));
    } finally {
      s2.logoff();
    }
  });
});
