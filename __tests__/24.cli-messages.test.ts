/**
 * The CLI's message commands: cat, attachments, save-attachments, send, mv, cp, rm, and the message
 * reference every one of them takes (an entry id or <folder>:<n>). Each CLI process has its own
 * in-memory sample store, so effects are checked two ways: a child process's output and exit code
 * (KOFFI_MAPI_CHECK_LEAKS=1: a leak is exit 3), and the command functions called in-process with a
 * session the test controls, for messages the test composed (hostile attachment names) and for what
 * the folders hold afterwards.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { safeFileName, type Folder, type Mapi, type Message, type Session, type Store } from '../lib';
import { catMessage, listAttachments, saveAttachments } from '../lib/cli/messages';
import { sendMessage } from '../lib/cli/send';
import { removeMessages, transferMessages } from '../lib/cli/move';
import { parseMessageRef } from '../lib/cli/refs';
import { main } from '../lib/cli/main';
import { init, expectNoLeaks } from './helpers/provider';
import { capture, dllArgs, spawnCli, type Run } from './helpers/cli';
import { testIf } from './helpers/skip';

const EID = (folder: number, msg: number) =>
  '000000004B4D4150492D53414D504C452D454944' + [msg ? 5 : 3, 1, folder, msg].map((n) => n.toString(16).padStart(2, '0') + '000000').join('').toUpperCase();
const MSG1 = EID(3, 1); // Inbox message 1: report-1.txt, an embedded message, data-1.bin
const INBOX = EID(3, 0);

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kmapi-cli-msg-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const cli = (...args: string[]) => spawnCli([...dllArgs, ...args]);
const ok = (r: Run) => {
  expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
  return r.stdout;
};
const lines = (s: string) => s.split(/\r?\n/).filter((l) => l.length > 0);

// ---- child processes: output, --json shapes, exit codes ----------------------------------------------

describe('as a child process', () => {
  test('cat: headers, recipients, attachment list and the text body', async () => {
    const out = ok(await cli('cat', 'Inbox:1'));
    const l = out.split(/\r?\n/);
    expect(l.slice(0, 4)).toEqual(['Subject:  Quarterly report #1', 'From:     Alice Martin <alice@example.com>', 'To:       Sample User <user@sample.kmapi>', 'Date:     2026-01-05 08:00:00 UTC']);
    expect(l).toContain(`Entry id: ${MSG1}`);
    expect(l).toContain('Flags:    hasattach (0x00000010)');
    expect(l).toContain('Recipients (1)');
    expect(l.find((x) => x.startsWith('to '))).toMatch(/^to +Sample User +user@sample\.kmapi +SMTP$/);
    expect(l).toContain('Attachments (3)');
    expect(l.find((x) => x.includes('data-1.bin'))).toMatch(/^ +2 +data-1\.bin +value +application\/octet-stream +\d+$/);
    expect(l.find((x) => x.includes('Fwd: sample'))).toMatch(/^ +1 +Fwd: sample message #1 +embedded +\d+$/);
    expect(out).toMatch(/\nHello,\n\nThis is sample message #1: Quarterly report\.\n\nGrüße,\nAlice Martin\n$/);
  });

  test('cat --json: everything, bodies included; the entry id and Inbox:1 name the same message', async () => {
    const j = JSON.parse(ok(await cli('cat', '--json', MSG1)));
    expect(j).toMatchObject({
      entryId: MSG1, folderEntryId: INBOX, subject: 'Quarterly report #1', from: { name: 'Alice Martin', email: 'alice@example.com' },
      received: '2026-01-05T08:00:00.000Z', flags: '0x00000010', flagNames: ['hasattach'], messageClass: 'IPM.Note',
    });
    expect(j.recipients).toEqual([expect.objectContaining({ type: 'to', name: 'Sample User', email: 'user@sample.kmapi', addressType: 'SMTP' })]);
    expect(j.attachments.map((a: { num: number; name: string; method: string }) => [a.num, a.name, a.method])).toEqual([
      [0, 'report-1.txt', 'value'], [1, 'Fwd: sample message #1', 'embedded'], [2, 'data-1.bin', 'value'],
    ]);
    expect(j.body).toEqual({ text: expect.stringMatching(/^Hello,\r\n\r\nThis is sample message #1/), html: null, rtf: null });
  });

  test("the number ls prints names the same message in the next command (cat, props), sorted or not", async () => {
    const [plain, sorted, cat, props] = await Promise.all([
      cli('ls', '--json', 'Inbox'),
      cli('ls', '--json', 'Inbox', '--sort', 'subject', '--limit', '4'),
      cli('cat', '--json', 'inbox:7'),
      cli('props', '--json', 'Inbox:7'),
    ]);
    const rows = JSON.parse(ok(plain)).messages;
    expect(rows.map((r: { index: number }) => r.index)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    const seventh = rows[6];
    expect(JSON.parse(ok(cat))).toMatchObject({ entryId: seventh.entryId, subject: seventh.subject });
    expect(JSON.parse(ok(props)).props.find((p: { name: string }) => p.name === 'PR_ENTRYID').value).toBe(seventh.entryId);
    for (const r of JSON.parse(ok(sorted)).messages) expect(rows[r.index - 1].entryId).toBe(r.entryId);
  });

  test('attachments: a table, and --json', async () => {
    const [head, ...rows] = lines(ok(await cli('attachments', 'Inbox:1')));
    expect(head).toMatch(/^NUM +NAME +METHOD +MIME TYPE +SIZE$/);
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatch(/^ +0 +report-1\.txt +value +text\/plain +\d+$/);
    const j = JSON.parse(ok(await cli('attachments', '--json', 'Inbox:1')));
    expect(j).toMatchObject({ entryId: MSG1, subject: 'Quarterly report #1' });
    expect(j.attachments[2]).toEqual({ num: 2, name: 'data-1.bin', fileName: 'data-1.bin', method: 'value', mimeType: 'application/octet-stream', size: expect.any(Number) });
  });

  test('save-attachments: the by-value attachments byte for byte, the embedded message skipped and said so; no overwrite without --force', async () => {
    const dir = path.join(tmp, 'spawned');
    const out = lines(ok(await cli('save-attachments', 'Inbox:1', '--out', dir)));
    expect(out).toEqual([
      'saved    report-1.txt (328 bytes)',
      'saved    data-1.bin (40000 bytes)',
      expect.stringMatching(/^skipped {2}1: 'Fwd: sample message #1': an embedded message: koffi-mapi has no \.msg writer/),
      `2 files saved to ${dir}, 1 attachment skipped`,
    ]);
    expect(fs.readdirSync(dir).sort()).toEqual(['data-1.bin', 'report-1.txt']);
    const data = fs.readFileSync(path.join(dir, 'data-1.bin'));
    expect(data.equals(Buffer.from(Array.from({ length: 40000 }, (_, i) => (i * 31 + 1) & 0xff)))).toBe(true);
    expect(fs.readFileSync(path.join(dir, 'report-1.txt'), 'utf8')).toMatch(/^.+\r?\n/);

    fs.writeFileSync(path.join(dir, 'report-1.txt'), 'mine');
    const again = await cli('save-attachments', 'Inbox:1', '--out', dir, '--json');
    expect(again.code).toBe(1);
    expect(JSON.parse(again.stdout).error).toMatchObject({ code: 'ERR_FILE_EXISTS', message: expect.stringContaining('report-1.txt, data-1.bin already exist') });
    expect(fs.readFileSync(path.join(dir, 'report-1.txt'), 'utf8')).toBe('mine');

    const forced = JSON.parse(ok(await cli('save-attachments', 'Inbox:1', '--out', dir, '--force', '--json')));
    expect(forced.saved.map((s: { name: string; bytes: number }) => [s.name, s.bytes])).toEqual([['report-1.txt', 328], ['data-1.bin', 40000]]);
    expect(forced.skipped).toEqual([{ num: 1, name: 'Fwd: sample message #1', method: 'embedded', reason: expect.stringContaining('no .msg writer') }]);
    expect(fs.statSync(path.join(dir, 'report-1.txt')).size).toBe(328);
  });

  test('send --json: submitted, with the Sent Items copy found by its search key', async () => {
    const file = path.join(tmp, 'notes.txt');
    fs.writeFileSync(file, 'some notes\n');
    const j = JSON.parse(ok(await cli('send', '--json', '--to', 'ann@example.com', '--to', 'user@sample.kmapi', '--cc', 'bo@example.com', '--subject', 'Numbers', '--body', 'See attached.', '--attach', file)));
    expect(j).toMatchObject({ action: 'sent', subject: 'Numbers', to: ['ann@example.com', 'user@sample.kmapi'], cc: ['bo@example.com'], bcc: [], folder: 'Outbox', store: 'Sample Mailbox' });
    expect(j.attachments).toEqual([{ file: path.resolve(file), name: 'notes.txt', bytes: 11 }]);
    expect(j.sent).toEqual({ folder: 'Sent Items', entryId: expect.stringMatching(/^([0-9A-F]{2}){36}$/) });
    expect(j.sent.entryId).not.toBe(j.entryId);
  });

  test('send with a file to attach that does not exist: exit 1, a typed error, before logon', async () => {
    const r = await cli('send', '--json', '--to', 'a@example.com', '--subject', 'S', '--body', 'b', '--attach', path.join(tmp, 'no-such-file.pdf'));
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).error).toMatchObject({ code: 'ERR_ATTACH_FILE', message: expect.stringMatching(/no-such-file\.pdf: no such file; nothing was created$/) });
    expect(r.stderr).toMatch(/^koffi-mapi: --attach .*no-such-file\.pdf: no such file; nothing was created\n$/);
  });

  test('send usage errors: no body, two bodies, no recipient: exit 2', async () => {
    const cases: [string[], RegExp][] = [
      [['--to', 'a@b.c', '--subject', 'S'], /--body TEXT or --body-file FILE \(one of them\)/],
      [['--to', 'a@b.c', '--subject', 'S', '--body', 'x', '--body-file', 'f'], /one of them/],
      [['--subject', 'S', '--body', 'x'], /send needs a recipient/],
    ];
    for (const [args, msg] of cases) {
      const io = capture();
      expect([args, await main(['send', ...args], io)]).toEqual([args, 2]);
      expect(io.e[0]).toMatch(msg);
    }
  });

  test('mv --json: several messages from two folders, the new entry ids in the destination', async () => {
    const j = JSON.parse(ok(await cli('mv', '--json', 'Inbox:1', MSG1.replace(/01000000$/, '02000000'), 'Inbox/Projects:1', 'Deleted Items')));
    expect(j.action).toBe('move');
    expect(j.to).toEqual({ folder: 'Deleted Items', entryId: EID(7, 0) });
    expect(j.messages.map((m: { ref: string; from: { folder: string } }) => [m.ref, m.from.folder])).toEqual([
      ['Inbox:1', 'Inbox'], [EID(3, 2), 'Inbox'], ['Inbox/Projects:1', 'Projects'],
    ]);
    for (const m of j.messages) expect(m.entryId).toMatch(/^000000004B4D4150492D53414D504C452D454944050000000100000007000000/);
    expect(new Set(j.messages.map((m: { entryId: string }) => m.entryId)).size).toBe(3);
  });

  test('cp: a table of what was copied', async () => {
    const [head, ...rows] = lines(ok(await cli('cp', 'Inbox:2', 'Inbox/Projects/2026')));
    expect(head).toBe('copied 1 message to 2026');
    expect(rows[0]).toMatch(/^SUBJECT +FROM +NEW ENTRY ID$/);
    expect(rows[1]).toMatch(/^Café meeting ✓ #2 +Inbox +([0-9A-F]{2}){36}$/);
  });

  test('rm without --yes and no terminal: exit 2 and a clear message, nothing done; --yes --json deletes', async () => {
    const r = await cli('rm', 'Inbox:1', 'Inbox:2');
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toBe('koffi-mapi: rm would delete 2 messages for good: pass --yes (stdin is not a terminal, so rm cannot ask)\n');
    const j = JSON.parse(ok(await cli('rm', '--yes', '--json', 'Inbox:1', MSG1, 'Inbox:3')));
    expect(j).toEqual({
      action: 'delete',
      messages: [
        { ref: 'Inbox:1', subject: 'Quarterly report #1', folder: 'Inbox', entryId: MSG1 },
        { ref: 'Inbox:3', subject: '日本 trip plan #3', folder: 'Inbox', entryId: EID(3, 3) },
      ],
    });
  });

  test('bad message references: a syntax error exits 2, an unknown folder, an index out of range or a folder entry id exit 1; JSON with --json', async () => {
    const cases: [string[], number, Record<string, unknown>][] = [
      [['cat', 'Inbox'], 2, { code: 'ERR_MESSAGE_REF', message: expect.stringContaining("'Inbox' is not a message: give its entry id") }],
      [['cat', 'Inbox:0'], 2, { code: 'ERR_MESSAGE_REF' }],
      [['attachments', 'Nope:1'], 1, { code: 'MAPI_E_NOT_FOUND', call: 'IMAPIFolder::OpenEntry' }],
      [['cat', 'Inbox:26'], 1, { code: 'ERR_NO_SUCH_MESSAGE', message: "'Inbox:26': Inbox has 25 messages, so there is no message 26" }],
      [['rm', '--yes', INBOX], 1, { code: 'ERR_NOT_A_MESSAGE' }],
      [['mv', 'Inbox:1', MSG1], 1, { code: 'ERR_NOT_A_FOLDER' }],
      [['mv', 'Inbox:1'], 2, { code: 'ERR_USAGE' }],
    ];
    const runs = await Promise.all(cases.map(([args]) => cli('--json', ...args)));
    cases.forEach(([args, code, err], i) => {
      expect([args, runs[i].code]).toEqual([args, code]);
      expect(JSON.parse(runs[i].stdout).error).toMatchObject(err);
      expect(lines(runs[i].stderr)).toEqual([expect.stringMatching(/^koffi-mapi: /)]);
    });
  });
});

// ---- in-process, with a session the test controls -----------------------------------------------------

describe('in-process', () => {
  let mapi: Mapi;
  let session: Session;
  let store: Store;
  beforeEach(() => {
    mapi = init();
    session = mapi.logon({ profile: 'Sample' }); // a fresh data set per test: these tests change it
    store = session.defaultStore();
  });
  afterEach(() => mapi.uninitialize());
  expectNoLeaks();

  const json = (io: { o: string[] }) => JSON.parse(io.o.join('\n'));
  const count = (path: string) => {
    using f = store.folder(path);
    return Number(f.get('PR_CONTENT_COUNT'));
  };
  const entryIds = (f: Folder) => {
    using t = f.contents({ columns: ['PR_ENTRYID'] });
    return t.all().map((r) => (r.PR_ENTRYID as Buffer).toString('hex').toUpperCase());
  };

  // 'a\u0000b' cannot reach a MAPI string (it ends at the NUL; attach() refuses it): its sanitising is
  // checked on safeFileName below, and the other control characters go through the store.
  const HOSTILE = ['../../evil.txt', 'C:\\x\\y.txt', '/etc/passwd', 'con.txt', 'a\u0001b\tc', '', 'evil.txt', '..\\..\\win.ini', 'sub/dir/..', 'NUL', ' .. '];

  test('save-attachments never writes outside DIR, whatever the attachment names say; names sanitised and unique', () => {
    using drafts = store.folder('Drafts');
    const bytes = HOSTILE.map((_, i) => Buffer.from(`attachment ${i} ${'x'.repeat(i * 1000)}`));
    using m = drafts.createMessage({ subject: 'hostile', attachments: HOSTILE.map((name, i) => ({ bytes: bytes[i], name })) });
    const outer = fs.mkdtempSync(path.join(tmp, 'hostile-'));
    const dir = path.join(outer, 'out');
    const io = capture();
    expect(saveAttachments(io, { json: true }, session, m.entryId, { out: dir })).toBe(0);
    const r = json(io);
    expect(r.skipped).toEqual([]);
    expect(r.saved).toHaveLength(HOSTILE.length);
    // Everything is in DIR, nothing beside it, and each file holds its attachment's bytes.
    expect(fs.readdirSync(outer)).toEqual(['out']);
    const files = fs.readdirSync(dir).sort();
    expect(files).toHaveLength(HOSTILE.length);
    for (const s of r.saved) {
      expect(path.dirname(s.file)).toBe(dir);
      expect(fs.readFileSync(s.file).equals(bytes[s.num])).toBe(true);
    }
    const byName = Object.fromEntries(r.saved.map((s: { name: string; file: string }) => [s.name, path.basename(s.file)]));
    expect(byName['../../evil.txt']).toBe('evil.txt');
    expect(byName['evil.txt']).toBe('evil (2).txt');
    expect(byName['C:\\x\\y.txt']).toBe('y.txt');
    expect(byName['/etc/passwd']).toBe('passwd');
    expect(byName['con.txt']).toBe('_con.txt');
    expect(byName['..\\..\\win.ini']).toBe('win.ini');
    expect(byName['a\u0001b\tc']).toBe('a_b_c');
    expect(byName['NUL']).toBe('_NUL');
    expect(safeFileName('a\u0000b', 'x')).toBe('a_b');
    for (const f of files) expect(f).toMatch(/^[^\\/:\u0000-\u001f]+$/);
    // The session is still usable after all that.
    expect(count('Drafts')).toBe(2);
  });

  testIf(process.platform !== 'win32', 'symlinks need privileges on Windows')('save-attachments: an existing file or symlink is never written through; --force replaces the link, not its target', () => {
    using drafts = store.folder('Drafts');
    using m = drafts.createMessage({ subject: 'link', attachments: [{ bytes: Buffer.from('payload'), name: 'x.txt' }] });
    const dir = fs.mkdtempSync(path.join(tmp, 'link-'));
    const target = path.join(tmp, 'outside.txt');
    fs.writeFileSync(target, 'untouched');
    fs.symlinkSync(target, path.join(dir, 'x.txt'));
    const io = capture();
    expect(() => saveAttachments(io, {}, session, m.entryId, { out: dir })).toThrow(expect.objectContaining({ code: 'ERR_FILE_EXISTS' }));
    expect(saveAttachments(io, {}, session, m.entryId, { out: dir, force: true })).toBe(0);
    expect(fs.readFileSync(target, 'utf8')).toBe('untouched');
    expect(fs.lstatSync(path.join(dir, 'x.txt')).isSymbolicLink()).toBe(false);
    expect(fs.readFileSync(path.join(dir, 'x.txt'), 'utf8')).toBe('payload');
  });

  test('cat --html, --rtf and --json give the bodies; a body the message lacks is a typed error', () => {
    using drafts = store.folder('Drafts');
    using m = drafts.createMessage({ subject: 'bodies', body: 'plain\r\ntext é', html: '<p>héllo</p>' });
    const rtf = '{\\rtf1\\ansi\\deff0 {\\fonttbl {\\f0 Arial;}}\\f0 Hello RTF\\par}';
    m.setRtf(rtf);
    m.save();
    const html = capture();
    expect(catMessage(html, {}, session, m.entryId, { html: true, bodyOnly: true })).toBe(0);
    expect(html.o).toEqual(['<p>héllo</p>']);
    const r = capture();
    expect(catMessage(r, {}, session, 'Drafts:2', { rtf: true })).toBe(0);
    expect(r.o[0]).toMatch(/^Subject: {2}bodies\nFrom:\nTo:\nDate: +\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC \(created\)\n/);
    expect(r.o[0]).toMatch(/\nFlags: {4}read, unsent \(0x00000009\)\n/);
    expect(r.o[r.o.length - 1]).toBe(rtf);
    const t = capture();
    expect(catMessage(t, {}, session, 'Drafts:2', {})).toBe(0);
    expect(t.o[t.o.length - 1]).toBe('plain\ntext é');
    const j = capture();
    expect(catMessage(j, { json: true }, session, 'drafts:2', {})).toBe(0);
    expect(json(j).body).toEqual({ text: 'plain\r\ntext é', html: '<p>héllo</p>', rtf });
    expect(() => catMessage(capture(), {}, session, 'Drafts:1', { html: true })).toThrow(expect.objectContaining({ code: 'ERR_NO_BODY', message: 'the message has no HTML body (PR_HTML)' }));
    expect(() => catMessage(capture(), {}, session, 'Drafts:1', { rtf: true })).toThrow(expect.objectContaining({ code: 'ERR_NO_BODY' }));
    expect(() => catMessage(capture(), {}, session, 'Drafts:1', { rtf: true, html: true })).toThrow(expect.objectContaining({ code: 'ERR_ARGUMENT' }));
  });

  test("message references: folder names with ':' and '#' work, the index is split at the last ':'", () => {
    expect(parseMessageRef('Notes: 2026:3')).toEqual({ kind: 'index', text: 'Notes: 2026:3', folder: 'Notes: 2026', index: 3 });
    expect(parseMessageRef('Inbox/A#1:12')).toMatchObject({ folder: 'Inbox/A#1', index: 12 });
    expect(parseMessageRef(MSG1.toLowerCase())).toEqual({ kind: 'entryId', text: MSG1.toLowerCase(), entryId: MSG1 });
    expect(() => parseMessageRef('Inbox#3')).toThrow(expect.objectContaining({ code: 'ERR_MESSAGE_REF' }));
    using inbox = store.folder('Inbox');
    using odd = inbox.createFolder('Q:1 #2');
    odd.createMessage({ subject: 'in an odd folder' }).release();
    const io = capture();
    expect(listAttachments(io, { json: true }, session, 'Inbox/Q:1 #2:1', {})).toBe(0);
    expect(json(io)).toMatchObject({ subject: 'in an odd folder', attachments: [] });
    expect(() => listAttachments(capture(), {}, session, 'Inbox/Q:1 #2:2', {})).toThrow(expect.objectContaining({ code: 'ERR_NO_SUCH_MESSAGE' }));
  });

  test('send: the Outbox message is submitted; the Sent Items copy has the recipients and the attachment byte for byte; @sample.kmapi gets it in the Inbox', () => {
    const file = path.join(tmp, 'blob.bin');
    const data = Buffer.from(Array.from({ length: 70000 }, (_, i) => (i * 7) & 0xff));
    fs.writeFileSync(file, data);
    const inboxBefore = count('Inbox');
    const io = capture();
    expect(sendMessage(io, { json: true }, session, { to: ['user@sample.kmapi'], bcc: ['x@example.com'], subject: 'Blob', body: 'b', attach: [file] })).toBe(0);
    const r = json(io);
    expect(r).toMatchObject({ action: 'sent', folder: 'Outbox', sent: { folder: 'Sent Items' } });
    expect(count('Outbox')).toBe(0);
    expect(count('Inbox')).toBe(inboxBefore + 1);
    using sent = store.openEntry(r.sent.entryId) as Message;
    expect(sent.get('PR_SUBJECT_W')).toBe('Blob');
    expect(sent.recipients().map((x) => [x.type, x.email])).toEqual([['to', 'user@sample.kmapi'], ['bcc', 'x@example.com']]);
    const [a] = sent.attachments();
    expect(a.name).toBe('blob.bin');
    using att = sent.openAttachment(a.num);
    expect(att.read().equals(data)).toBe(true);
  });

  test('send --draft saves in Drafts without submitting; a missing attachment or body file creates nothing', () => {
    const drafts = count('Drafts');
    const io = capture();
    expect(sendMessage(io, {}, session, { to: ['a@example.com'], subject: 'Later', body: 'x', draft: true })).toBe(0);
    expect(io.o[0]).toMatch(/^saved 'Later' in Drafts\nentry id: ([0-9A-F]{2}){36}$/);
    expect(count('Drafts')).toBe(drafts + 1);
    const good = path.join(tmp, 'good.txt');
    fs.writeFileSync(good, 'ok');
    for (const so of [
      { attach: [good, path.join(tmp, 'missing.txt')] },
      { attach: [tmp] },
      { draft: true, attach: [path.join(tmp, 'missing.txt')] },
    ]) {
      expect(() => sendMessage(capture(), {}, session, { to: ['a@example.com'], subject: 'S', body: 'b', ...so })).toThrow(expect.objectContaining({ code: 'ERR_ATTACH_FILE' }));
    }
    expect(() => sendMessage(capture(), {}, session, { to: ['a@example.com'], subject: 'S', bodyFile: path.join(tmp, 'missing.txt') })).toThrow(expect.objectContaining({ code: 'ERR_BODY_FILE' }));
    expect([count('Outbox'), count('Drafts'), count('Sent Items')]).toEqual([0, drafts + 1, 5]);
  });

  test('mv and cp: one CopyMessages per source folder; the messages are where the output says', () => {
    using inbox = store.folder('Inbox');
    using projects = store.folder('Inbox/Projects');
    using deleted = store.folder('Deleted Items');
    const inboxIds = entryIds(inbox);
    const io = capture();
    expect(transferMessages(io, { json: true }, session, ['Inbox:2', 'Inbox/Projects:1', 'Inbox:5', 'Inbox:2'], 'Deleted Items', {}, true)).toBe(0);
    const r = json(io);
    expect(r.messages).toHaveLength(3); // Inbox:2 named twice counts once
    expect(entryIds(inbox)).toEqual(inboxIds.filter((id) => id !== inboxIds[1] && id !== inboxIds[4]));
    expect(entryIds(projects)).toHaveLength(2);
    expect(entryIds(deleted)).toEqual(expect.arrayContaining(r.messages.map((m: { entryId: string }) => m.entryId)));
    const c = capture();
    expect(transferMessages(c, { json: true }, session, ['Inbox:1'], INBOX, {}, false)).toBe(0); // a copy into its own folder
    const copy = json(c).messages[0];
    expect(copy.entryId).not.toBe(copy.from.entryId);
    expect(entryIds(inbox)).toEqual([...inboxIds.filter((id) => id !== inboxIds[1] && id !== inboxIds[4]), copy.entryId]);
  });

  test('rm asks on a terminal: no keeps the messages (exit 1), yes deletes them', async () => {
    using inbox = store.folder('Inbox');
    const before = entryIds(inbox);
    const no = capture(false);
    expect(await removeMessages(no, {}, session, ['Inbox:1', 'Inbox:2'], {})).toBe(1);
    expect(no.asked).toEqual(['delete 2 messages? [y/N] ']);
    expect(no.e).toEqual([expect.stringMatching(/^ {2}Quarterly report #1 {2}[0-9A-F]+$/), expect.stringMatching(/^ {2}Café meeting/), 'koffi-mapi: nothing deleted']);
    expect(entryIds(inbox)).toEqual(before);
    const yes = capture(true);
    expect(await removeMessages(yes, {}, session, ['Inbox:1', 'Inbox:2'], {})).toBe(0);
    expect(yes.o[0]).toBe('deleted 2 messages');
    expect(entryIds(inbox)).toEqual(before.slice(2));
    // No terminal and no --yes: the typed usage error, and nothing deleted.
    await expect(removeMessages(capture(), {}, session, ['Inbox:1'], {})).rejects.toMatchObject({ exitCode: 2 });
    expect(entryIds(inbox)).toEqual(before.slice(2));
  });
});
