/**
 * Messages as scripts use them: recipients, attachments, streams over big properties, bodies and
 * composing, against the sample provider's real IMessage / IAttach / IStream objects.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MapiError, KoffiMapiError, type Folder, type Mapi, type Message, type Session, type Store } from '../lib';
import { IAttach } from '../ffi-defs/interfaces/IAttach';
import { IStream } from '../ffi-defs/interfaces/IStream';
import { guidBytes } from '../lib/com/guid';
import { tag } from '../lib/mapi/props';
import { init, expectNoLeaks, stats } from './helpers/provider';

let mapi: Mapi;
let session: Session;
let store: Store;
let inbox: Folder;
let drafts: Folder;
let tmp: string;
beforeAll(() => {
  mapi = init();
  session = mapi.logon({ profile: 'Sample' });
  store = session.defaultStore();
  inbox = store.folder('Inbox');
  drafts = store.folder('Drafts');
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kmapi-msg-'));
});
afterAll(() => {
  mapi.uninitialize();
  fs.rmSync(tmp, { recursive: true, force: true });
});
expectNoLeaks();

/** The generated Inbox messages, by subject number. */
function openNth(n: number): Message {
  using t = inbox.contents({ columns: ['PR_ENTRYID', 'PR_SUBJECT_W'] });
  const row = t.all().find((r) => String(r.PR_SUBJECT_W).endsWith(` #${n}`));
  return inbox.openEntry(row!.PR_ENTRYID as Buffer) as Message;
}

const reopen = (m: Message): Message => store.openEntry(m.entryId) as Message;

describe('recipients', () => {
  test('a generated message has its recipients with one-off entry ids', () => {
    using m = openNth(2); // k % 4 == 1: To and Cc
    const r = m.recipients();
    expect(r.map((x) => [x.type, x.name, x.email, x.addressType])).toEqual([
      ['to', 'Sample User', 'user@sample.kmapi', 'SMTP'],
      ['cc', expect.any(String), expect.stringContaining('@example.'), 'SMTP'],
    ]);
    expect(r.map((x) => x.rowId)).toEqual([0, 1]);
    // [MS-OXCDATA] one-off entry id: MAPI_ONE_OFF_UID at 4, then name, type and address in UTF-16.
    const eid = Buffer.from(r[0].entryId, 'hex');
    expect(eid.subarray(4, 20).toString('hex')).toBe('812b1fa4bea310199d6e00dd010f5402');
    expect(eid.subarray(24).toString('utf16le')).toBe('Sample User\0SMTP\0user@sample.kmapi\0');
  });

  test('set, add and remove recipients; the store computes PR_DISPLAY_TO/CC/BCC on save', () => {
    using m = drafts.createMessage({ subject: 'recipients' }, { save: false });
    m.setRecipients(['a@x.com', { email: 'b@x.com', name: 'Bee', type: 'cc' }]);
    m.addRecipients([{ email: 'c@x.com', type: 'bcc' }, 'd@x.com']);
    expect(m.recipients().map((x) => `${x.type}:${x.name}#${x.rowId}`)).toEqual(['to:a@x.com#0', 'cc:Bee#1', 'bcc:c@x.com#2', 'to:d@x.com#3']);
    m.removeRecipients([0, m.recipients()[2]]);
    m.save();
    expect([m.get('PR_DISPLAY_TO_W'), m.get('PR_DISPLAY_CC_W'), m.get('PR_DISPLAY_BCC_W')]).toEqual(['d@x.com', 'Bee', undefined]);
    using again = reopen(m);
    expect(again.recipients().map((x) => `${x.type}:${x.email}`)).toEqual(['cc:b@x.com', 'to:d@x.com']);
    m.setRecipients([]);
    m.save();
    expect(m.get('PR_DISPLAY_TO_W')).toBeUndefined();
    drafts.deleteMessages([m.entryId]);
  });

  test('bad recipients are typed errors, from the lib and from the provider, and change nothing', () => {
    using m = drafts.createMessage({ subject: 'bad recipients' }, { save: false });
    m.setRecipients(['keep@x.com']);
    expect(() => m.addRecipients([{ email: 'x@y', type: 'from' as never }])).toThrow(expect.objectContaining({ code: 'ERR_RECIPIENT' }));
    expect(() => m.addRecipients([{ email: '' }])).toThrow(expect.objectContaining({ code: 'ERR_RECIPIENT' }));
    expect(() => m.removeRecipients([-1])).toThrow(expect.objectContaining({ code: 'ERR_RECIPIENT' }));
    // The provider's own check: a PR_RECIPIENT_TYPE beyond MAPI_BCC.
    expect(() => m.addRecipients([{ email: 'x@y', props: { PR_RECIPIENT_TYPE: 7 } }])).toThrow(
      expect.objectContaining({ code: 'MAPI_E_INVALID_PARAMETER', message: expect.stringContaining('IMessage::ModifyRecipients') }),
    );
    expect(() => m.removeRecipients([99])).toThrow(expect.objectContaining({ code: 'MAPI_E_NOT_FOUND' }));
    expect(m.recipients().map((x) => x.email)).toEqual(['keep@x.com']);
  });

  test('a read-only message refuses ModifyRecipients with MAPI_E_NO_ACCESS', () => {
    using m = openNth(3);
    m.save(1); // KEEP_OPEN_READONLY
    expect(() => m.addRecipients(['z@x.com'])).toThrow(expect.objectContaining({ code: 'MAPI_E_NO_ACCESS' }));
  });
});

describe('attachments', () => {
  test('a generated message lists its attachments: by value, embedded, and one too big for GetProps', () => {
    using m = openNth(1);
    const list = m.attachments();
    expect(list.map((a) => [a.num, a.name, a.method, a.mimeType])).toEqual([
      [0, 'report-1.txt', 'value', 'text/plain'],
      [1, 'Fwd: sample message #1', 'embedded', ''],
      [2, 'data-1.bin', 'value', 'application/octet-stream'],
    ]);
    using text = m.openAttachment(0);
    expect(text.read().toString('latin1')).toMatch(/^Sample attachment of message #1, line 1\r\n/);
    using big = m.openAttachment(2);
    expect(() => big.get('PR_ATTACH_DATA_BIN')).toThrow(expect.objectContaining({ code: 'MAPI_E_NOT_ENOUGH_MEMORY', message: expect.stringContaining('getLarge()') }));
    const data = big.getLarge('PR_ATTACH_DATA_BIN') as Buffer;
    expect(data.length).toBe(40000);
    expect([data[0], data[1], data[39999]]).toEqual([1, 32, (39999 * 31 + 1) & 0xff]);
    expect(big.read().equals(data)).toBe(true);
    using emb = m.openAttachment(1);
    using inner = emb.openMessage();
    expect(inner.get('PR_SUBJECT_W')).toBe('Fwd: sample message #1');
    expect(inner.get('PR_ENTRYID')).toBeUndefined(); // an embedded message has no identity
    expect(inner.recipients()).toHaveLength(1);
    expect(() => emb.read()).toThrow(expect.objectContaining({ code: 'ERR_EMBEDDED' }));
    expect(() => text.openMessage()).toThrow(expect.objectContaining({ code: 'ERR_NOT_EMBEDDED' }));
    // Raw: an embedded message opened as a stream is MAPI_E_INTERFACE_NOT_SUPPORTED, named.
    const out: (bigint | null)[] = [null];
    expect(() => (emb.raw as unknown as { OpenProperty: (...a: unknown[]) => number }).OpenProperty(tag('PR_ATTACH_DATA_OBJ'), guidBytes(IStream.iid), 0, 0, out)).toThrow(
      expect.objectContaining({ hr: 0x80004002, message: expect.stringContaining('IAttach::OpenProperty') }), // MAPI_E_INTERFACE_NOT_SUPPORTED
    );
  });

  test('attach a file, bytes and a message; they survive save and reopen byte for byte', () => {
    const file = path.join(tmp, 'notes.bin');
    const content = Buffer.from(Array.from({ length: 300000 }, (_, i) => (i * 7) & 0xff));
    fs.writeFileSync(file, content);
    using src = openNth(1);
    using m = drafts.createMessage({
      subject: 'with attachments',
      to: ['a@x.com'],
      attachments: [{ file, mimeType: 'application/x-test' }, { bytes: Buffer.from('hello'), name: 'hi.txt' }, { message: src }],
    });
    expect(m.get('PR_HASATTACH')).toBe(true);
    using again = reopen(m);
    const list = again.attachments();
    expect(list.map((a) => [a.name, a.method])).toEqual([['notes.bin', 'value'], ['hi.txt', 'value'], ['Quarterly report #1', 'embedded']]);
    using a0 = again.openAttachment(list[0].num);
    expect(a0.read().equals(content)).toBe(true);
    expect(a0.saveTo(path.join(tmp, 'out.bin'), { chunk: 4096 })).toBe(content.length);
    expect(fs.readFileSync(path.join(tmp, 'out.bin')).equals(content)).toBe(true);
    using a2 = again.openAttachment(list[2].num);
    using copy = a2.openMessage();
    expect(copy.get('PR_SUBJECT_W')).toBe('Quarterly report #1');
    expect(copy.attachments().map((a) => a.name)).toEqual(['report-1.txt', 'data-1.bin']);
    drafts.deleteMessages([m.entryId]);
  });

  test('attachStream() takes a Node Readable and writes it as it comes; a source that fails leaves no attachment', async () => {
    const { Readable } = await import('node:stream');
    using m = drafts.createMessage({ subject: 'from a stream' }, { save: false });
    const parts = [Buffer.alloc(70000, 1), Buffer.alloc(5, 2), Buffer.alloc(30000, 3)];
    const n = await m.attachStream(Readable.from(parts), { name: 'streamed.bin', mimeType: 'application/octet-stream' });
    using a = m.openAttachment(n);
    expect(a.read().equals(Buffer.concat(parts))).toBe(true);
    const failing = Readable.from((async function* () {
      yield Buffer.from('x');
      throw new Error('network down');
    })());
    await expect(m.attachStream(failing, { name: 'broken.bin' })).rejects.toThrow('network down');
    expect(m.attachments().map((x) => x.name)).toEqual(['streamed.bin']);
    await expect(m.attachStream('text' as never, { name: 'x' })).rejects.toThrow(expect.objectContaining({ code: 'ERR_ATTACH' }));
  });

  test('attachment.stream() is a Node Readable that delivers the bytes chunk by chunk', async () => {
    using m = drafts.createMessage({ subject: 'stream', attachments: [{ bytes: Buffer.alloc(200000, 0xab), name: 'a.bin' }] });
    using a = m.openAttachment(0);
    const chunks: Buffer[] = [];
    for await (const c of a.stream({ chunk: 65536 })) chunks.push(c as Buffer);
    expect(chunks.map((c) => c.length)).toEqual([65536, 65536, 65536, 3392]);
    expect(Buffer.concat(chunks).equals(Buffer.alloc(200000, 0xab))).toBe(true);
    drafts.deleteMessages([m.entryId]);
  });

  test('attachment.webStream(): a BYOB reader gets every byte in its own one buffer, a default reader new chunks; the stream is released at the end and on cancel', async () => {
    const data = Buffer.alloc(200000);
    for (let i = 0; i < data.length; i++) data[i] = (i * 31) & 0xff;
    using m = drafts.createMessage({ subject: 'web stream', attachments: [{ bytes: data, name: 'a.bin' }] });
    using a = m.openAttachment(0);
    const objects = () => stats().objects;
    const before = objects();

    const reader = a.webStream({ chunk: 65536 }).getReader({ mode: 'byob' });
    expect(objects()).toBe(before + 1); // the IStream
    let buf = new Uint8Array(50000); // smaller than a chunk: the caller's size wins
    const store0 = buf.buffer;
    const parts: Buffer[] = [];
    for (;;) {
      const { value, done } = await reader.read(buf);
      expect(store0.byteLength).toBe(0); // transferred: the caller cannot write into a chunk being read
      if (done) break;
      parts.push(Buffer.from(value)); // a copy: the next read reuses the memory
      buf = new Uint8Array(value.buffer);
    }
    expect(parts.map((p) => p.length)).toEqual([50000, 50000, 50000, 50000]);
    expect(Buffer.concat(parts).equals(data)).toBe(true);
    expect(objects()).toBe(before); // released at its end

    const chunks: Uint8Array[] = [];
    for await (const c of a.webStream({ chunk: 65536 }) as unknown as AsyncIterable<Uint8Array>) chunks.push(c);
    expect(chunks.map((c) => c.byteLength)).toEqual([65536, 65536, 65536, 3392]);
    expect(new Set(chunks.map((c) => c.buffer)).size).toBe(4); // each its own memory: safe to keep
    expect(Buffer.concat(chunks).equals(data)).toBe(true);
    expect(objects()).toBe(before);

    const early = a.webStream({ chunk: 1000 }).getReader();
    expect((await early.read()).value!.byteLength).toBe(1000);
    await early.cancel();
    expect(objects()).toBe(before); // cancel releases it

    drafts.deleteMessages([m.entryId]);
  });

  test('webStream() whose attachment was released errors the ReadableStream with ERR_RELEASED; a bad chunk size opens nothing', async () => {
    using m = drafts.createMessage({ subject: 'web stream, released', attachments: [{ bytes: Buffer.alloc(5000, 1), name: 'a.bin' }] });
    const before = stats().objects;
    const a = m.openAttachment(0);
    const reader = a.webStream({ chunk: 1000 }).getReader();
    expect((await reader.read()).value!.byteLength).toBe(1000);
    a.release();
    await expect(reader.read()).rejects.toThrow(expect.objectContaining({ code: 'ERR_RELEASED' }));
    expect(stats().objects).toBe(before);
    using b = m.openAttachment(0);
    for (const chunk of [0, -1, 1.5, 'big']) {
      expect(() => b.webStream({ chunk: chunk as number })).toThrow(expect.objectContaining({ code: 'ERR_ARGUMENT' }));
      expect(() => b.stream({ chunk: chunk as number })).toThrow(expect.objectContaining({ code: 'ERR_ARGUMENT' }));
    }
    expect(stats().objects).toBe(before + 1); // b only: no stream was left open
    drafts.deleteMessages([m.entryId]);
  });

  test('an attachment is transacted: unsaved ones never reach the message, deleted ones go at save', () => {
    using m = drafts.createMessage({ subject: 'transactions' }, { save: false });
    const raw = m.raw as unknown as { CreateAttach: (...a: unknown[]) => number };
    const num = [0];
    const out: (bigint | null)[] = [null];
    raw.CreateAttach(null, 0, num, out);
    const { wrap } = require('../lib/com/proxy') as typeof import('../lib/com/proxy');
    wrap(IAttach, out[0]!).release(); // never saved
    expect(m.attachments()).toEqual([]);
    const n = m.attach({ bytes: Buffer.from('x'), name: 'x.txt' });
    m.save();
    m.deleteAttachment(n);
    expect(m.attachments()).toEqual([]);
    using before = reopen(m);
    expect(before.attachments()).toHaveLength(1); // not saved yet
    m.save();
    using after = reopen(m);
    expect(after.attachments()).toHaveLength(0);
    expect(() => m.deleteAttachment(n)).toThrow(expect.objectContaining({ code: 'MAPI_E_NOT_FOUND' }));
    drafts.deleteMessages([m.entryId]);
  });

  test('bad attachment input is a typed error and leaves the message usable', () => {
    using m = drafts.createMessage({ subject: 'bad attach' }, { save: false });
    expect(() => m.attach({ file: path.join(tmp, 'missing.bin') })).toThrow(expect.objectContaining({ code: 'ERR_ATTACH_FILE' }));
    expect(() => m.attach({} as never)).toThrow(expect.objectContaining({ code: 'ERR_ATTACH' }));
    expect(() => m.attach({ bytes: Buffer.from('a'), file: 'x' })).toThrow(expect.objectContaining({ code: 'ERR_ATTACH' }));
    expect(() => m.openAttachment(42)).toThrow(expect.objectContaining({ code: 'MAPI_E_NOT_FOUND' }));
    expect(m.attachments()).toEqual([]);
    m.attach({ bytes: Buffer.from('ok'), name: 'ok.txt' });
    expect(m.attachments()).toHaveLength(1);
  });
});

describe('streams', () => {
  test('write, seek, size and read through IStream; changes reach the property at commit and the store at save', () => {
    using m = drafts.createMessage({ subject: 'stream body', body: 'old' });
    {
      using s = m.openStream('PR_BODY_W', { write: true });
      expect(s.size()).toBe(6);
      s.setSize(0);
      s.write(Buffer.from('new body', 'utf16le'));
      expect(m.get('PR_BODY_W')).toBe('old'); // not before Commit
      s.commit();
    }
    expect(m.get('PR_BODY_W')).toBe('new body');
    using before = reopen(m);
    expect(before.get('PR_BODY_W')).toBe('old'); // not before SaveChanges
    m.save();
    using s = reopen(m).openStream('PR_BODY_W');
    expect(s.seek(4)).toBe(4);
    expect(s.read(6).toString('utf16le')).toBe('w b');
    expect(s.seek(0, 'end')).toBe(16);
    expect(s.read(10).length).toBe(0); // at the end: nothing
    // Past the end of a read-only stream is a mistake: ERR_SEEK, the position unchanged.
    expect(() => s.seek(100)).toThrow(expect.objectContaining({ code: 'ERR_SEEK' }));
    expect(() => s.seek(1, 'end')).toThrow(expect.objectContaining({ code: 'ERR_SEEK' }));
    expect(s.seek(0, 'current')).toBe(16);
    expect(() => s.seek(-1)).toThrow(expect.objectContaining({ code: 'STG_E_INVALIDFUNCTION', message: expect.stringContaining('IStream::Seek') }));
    expect(() => s.setSize(-1)).toThrow(expect.objectContaining({ code: 'ERR_ARGUMENT' }));
    expect(() => s.setSize(1.5)).toThrow(expect.objectContaining({ code: 'ERR_ARGUMENT' }));
    expect(() => s.write(Buffer.from('x'))).toThrow(expect.objectContaining({ code: 'STG_E_ACCESSDENIED' }));
    drafts.deleteMessages([m.entryId]);
  });

  test('a read-only message refuses a writable stream; a missing property needs create', () => {
    using m = openNth(4);
    expect(() => m.openStream('PR_HTML')).toThrow(expect.objectContaining({ code: 'MAPI_E_NOT_FOUND' }));
    m.save(1);
    expect(() => m.openStream('PR_BODY_W', { write: true })).toThrow(expect.objectContaining({ code: 'MAPI_E_NO_ACCESS', message: expect.stringContaining('IMessage::OpenProperty') }));
  });

  test('a stream used after its message was released is a typed error, not a crash', () => {
    const m = drafts.createMessage({ subject: 'released', body: 'x' }, { save: false });
    const s = m.openStream('PR_BODY_W');
    m.release();
    expect(() => s.read(10)).toThrow(expect.objectContaining({ code: 'ERR_RELEASED', message: expect.stringContaining('IMessage was released') }));
    expect(s.released).toBe(true);
  });

  test('props.streamOver decides what GetProps returns whole', () => {
    const s2 = mapi.logon({ profile: 'Sample;props.streamOver=0' });
    try {
      using m = s2.defaultStore().folder('Inbox').contents({ columns: ['PR_ENTRYID', 'PR_HASATTACH'] });
      const eid = m.all()[0].PR_ENTRYID as Buffer;
      using msg = s2.openEntry(eid) as Message;
      using a = msg.openAttachment(2);
      expect((a.get('PR_ATTACH_DATA_BIN') as Buffer).length).toBe(40000);
    } finally {
      s2.logoff();
    }
    expect(() => mapi.logon({ profile: 'Sample;props.streamOver=-5' })).toThrow(MapiError);
  });
});

describe('bodies and composing', () => {
  test('body() gives text, html (by PR_INTERNET_CPID) and rtf through WrapCompressedRTFStream', () => {
    using m = drafts.createMessage({ subject: 'bodies', body: 'plain é', html: '<p>héllo</p>' });
    const rtf = '{\\rtf1\\ansi\\ansicpg1252\\pard hello world}\r\n';
    m.setRtf(rtf);
    m.save();
    using again = reopen(m);
    expect(again.body()).toEqual({ text: 'plain é', html: '<p>héllo</p>', rtf });
    // What is stored is the real [MS-OXRTFCP] format: "LZFu" at offset 8.
    const stored = again.get('PR_RTF_COMPRESSED') as Buffer;
    expect(stored.readUInt32LE(8)).toBe(0x75465a4c);
    expect(stored.readUInt32LE(4)).toBe(rtf.length);
    again.set({ PR_HTML: Buffer.from([0xe9]), PR_INTERNET_CPID: 1252 });
    expect(again.body().html).toBe('é');
    drafts.deleteMessages([m.entryId]);
  });

  test('createMessage refuses a mix of composition fields and unknown ones', () => {
    expect(() => drafts.createMessage({ subject: 'x', sbject: 'y' } as never)).toThrow(expect.objectContaining({ code: 'ERR_ARGUMENT' }));
    expect(() => drafts.createMessage({ to: 'a@x.com' } as never)).toThrow(expect.objectContaining({ code: 'ERR_RECIPIENT' }));
    expect(KoffiMapiError).toBeDefined();
  });
});

describe('RES_SUBRESTRICTION', () => {
  test('contents rows match through their recipients or attachments, generated and saved alike', () => {
    using m = inbox.createMessage({ subject: 'sub target', to: [{ email: 'unique@sub.example', name: 'Unique' }], attachments: [{ bytes: Buffer.from('x'), name: 'contract.pdf' }] });
    using t = inbox.contents({ columns: ['PR_SUBJECT_W', 'PR_HASATTACH'] });
    const all = t.all();
    // Every generated message is to user@sample.kmapi; the new one is not.
    t.restrict({ sub: 'recipients', restriction: { prop: 'PR_EMAIL_ADDRESS_W', value: 'user@sample.kmapi' } });
    expect(t.count()).toBe(all.length - 1);
    t.restrict({ sub: 'recipients', restriction: { content: 'PR_EMAIL_ADDRESS_W', value: 'UNIQUE@', match: 'prefix', ignoreCase: true } });
    expect(t.all().map((r) => r.PR_SUBJECT_W)).toEqual(['sub target']);
    // Cc recipients: only the k % 4 == 1 messages have one.
    t.restrict({ sub: 'recipients', restriction: { prop: 'PR_RECIPIENT_TYPE', value: 2 } });
    const withCc = t.count();
    expect(withCc).toBeGreaterThan(0);
    expect(withCc).toBeLessThan(all.length);
    // Attachments: by name; a restriction no attachment matches matches no row.
    t.restrict({ sub: 'attachments', restriction: { content: 'PR_ATTACH_LONG_FILENAME_W', value: '.txt', match: 'substring' } });
    expect(t.count()).toBe(all.filter((r) => r.PR_HASATTACH === true && r.PR_SUBJECT_W !== 'sub target').length);
    t.restrict({ sub: 'attachments', restriction: { prop: 'PR_ATTACH_LONG_FILENAME_W', value: 'contract.pdf' } });
    expect(t.all().map((r) => r.PR_SUBJECT_W)).toEqual(['sub target']);
    t.restrict({ not: { sub: 'attachments', restriction: { exists: 'PR_ATTACH_METHOD' } } });
    expect(t.count()).toBe(all.filter((r) => r.PR_HASATTACH !== true).length);
    expect(() => t.restrict({ sub: 'folders' as never, restriction: { exists: 'PR_SUBJECT_W' } })).toThrow(expect.objectContaining({ code: 'ERR_RESTRICTION' }));
    // Nested sub-restrictions: the provider says MAPI_E_TOO_COMPLEX, as a MapiError naming Restrict.
    expect(() => t.restrict({ sub: 'attachments', restriction: { sub: 'recipients', restriction: { exists: 'PR_SUBJECT_W' } } })).toThrow(
      expect.objectContaining({ code: 'MAPI_E_TOO_COMPLEX', message: expect.stringContaining('IMAPITable::Restrict') }),
    );
    inbox.deleteMessages([m.entryId]);
  });
});

describe('a stored message with all three bodies', () => {
  test('body() reads PR_BODY_W, PR_HTML by its code page and PR_RTF_COMPRESSED through WrapCompressedRTFStream', () => {
    using archive = session.openStore({ name: 'Sample Archive' });
    using f = archive.folder('Rules and code pages');
    using t = f.contents({ columns: ['PR_ENTRYID'], restrict: { prop: 'PR_SUBJECT_W', value: 'Three bodies' } });
    using m = f.openEntry(t.all()[0].PR_ENTRYID as Buffer) as Message;
    expect(m.body()).toEqual({
      text: 'Hello in bold and café.\r\n',
      html: '<html><body><p>Hello in <b>bold</b> and café.</p></body></html>',
      rtf: "{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0 Calibri;}}\\f0\\fs22 Hello in {\\b bold} and caf\\'e9.\\par}\r\n",
    });
    // A corrupted PR_RTF_COMPRESSED is the DLL's MAPI_E_CORRUPT_DATA, named; the message stays usable.
    const z = Buffer.from(m.get('PR_RTF_COMPRESSED') as Buffer);
    z[z.length - 1] ^= 0xff;
    m.set({ PR_RTF_COMPRESSED: z });
    expect(() => m.rtf()).toThrow(expect.objectContaining({ code: 'MAPI_E_CORRUPT_DATA', message: 'WrapCompressedRTFStream failed: MAPI_E_CORRUPT_DATA (0x8004011B)' }));
    expect(m.get('PR_BODY_W')).toBe('Hello in bold and café.\r\n');
  });
});
