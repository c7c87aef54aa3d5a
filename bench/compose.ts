/**
 * Compose + save (+ submit): 1,000 messages, each with a subject, a text body, two recipients (to, cc)
 * and one 10 KiB by-value attachment, created in the Outbox of the sample provider. Messages/s.
 *
 *   subject   folder.createMessage({ subject, body, to, cc, attachments: [{ bytes, name }] }) (which
 *             saves), message.submit() when the provider supports SubmitMessage, message.release().
 *   baseline  the same MAPI calls, in the same order, through raw Koffi functions decoded from the
 *             vtables, no lib/: SPropValue arrays and the ADRLIST as JS objects Koffi encodes for the
 *             call (hand-declared koffi.struct/union types), the one-off entry ids built by hand:
 *             CreateMessage, SetProps, ModifyRecipients, CreateAttach, SetProps(attach),
 *             OpenProperty(PR_ATTACH_DATA_BIN, IID_IStream, MAPI_CREATE|MAPI_MODIFY), Write, Commit,
 *             Release, SaveChanges(attach), Release, SaveChanges(message, KEEP_OPEN_READWRITE),
 *             SubmitMessage when supported, Release. (The sequence createMessage makes, from
 *             KOFFI_MAPI_TRACE=1.)
 *
 * SubmitMessage is probed once: when the provider answers MAPI_E_NO_SUPPORT both sides do compose +
 * save only, and the figure's label says so. The messages of each round are deleted after it, outside
 * the timing, so every round starts from the same folder. One message of each side is read back
 * (friendly layer) and compared before timing.
 */
import koffi from 'koffi';
import { initialize } from '../lib/session';
import { sampleProvider } from '../lib/sample';
import { MapiError } from '../lib/errors';
import type { Folder } from '../lib/mapi/folders';
import type { Message } from '../lib/mapi/message';
import { PROP_TAGS as T } from '../ffi-defs/constants/proptags';
import { PROVIDER, interleave, stat, round, gc, type Figure } from './common';

const MAPI_E_NO_SUPPORT = 0x80040102;
const MESSAGES = 1000;
const ATTACHMENT = Buffer.alloc(10 * 1024, 0x5a);
const BODY = 'Hello,\r\n\r\nthe figures for this week are attached. Ping me with any questions.\r\n\r\nRegards,\r\nThe bench';
const TO = 'alice@example.com';
const CC = 'bob@example.org';
const NAME = 'report.bin';

// ---- The raw Koffi baseline: no lib/ ----------------------------------------------------------------

function rawComposer(providerPath: string) {
  const SBinary = koffi.struct({ cb: 'uint32_t', lpb: 'void *' });
  const PV = koffi.union({ l: 'int32_t', lpszW: 'const char16_t *', bin: SBinary, li: 'int64_t' });
  const SPropValue = koffi.struct('BenchComposeSPropValue', { ulPropTag: 'uint32_t', dwAlignPad: 'uint32_t', Value: PV });
  const ADRENTRY = koffi.struct({ ulReserved1: 'uint32_t', cValues: 'uint32_t', rgPropVals: koffi.pointer(SPropValue) });
  const ADRLIST = koffi.struct('BenchComposeADRLIST', { cEntries: 'uint32_t', aEntries: koffi.array(ADRENTRY, 'cEntries', 2) });
  const lib = koffi.load(providerPath);
  const MAPIFreeBuffer = lib.func('uint32_t __stdcall MAPIFreeBuffer(void *p)') as (p: bigint) => number;
  const protos = {
    CreateMessage: koffi.proto('int32_t __stdcall BenchCreateMessage(void *This, void *iid, uint32_t flags, _Out_ void **pp)'),
    SetProps: koffi.proto(`int32_t __stdcall BenchSetProps(void *This, uint32_t n, BenchComposeSPropValue *props, _Out_ void **problems)`),
    ModifyRecipients: koffi.proto(`int32_t __stdcall BenchModifyRecipients(void *This, uint32_t flags, BenchComposeADRLIST *mods)`),
    CreateAttach: koffi.proto('int32_t __stdcall BenchCreateAttach(void *This, void *iid, uint32_t flags, _Out_ uint32_t *num, _Out_ void **pp)'),
    OpenProperty: koffi.proto('int32_t __stdcall BenchOpenPropertyW(void *This, uint32_t tag, void *iid, uint32_t opts, uint32_t flags, _Out_ void **pp)'),
    Write: koffi.proto('int32_t __stdcall BenchStreamWrite(void *This, void *pv, uint32_t cb, uint32_t *pcbWritten)'),
    Flags: koffi.proto('int32_t __stdcall BenchFlagsCall(void *This, uint32_t flags)'),
    Release: koffi.proto('uint32_t __stdcall BenchReleaseW(void *This)'),
  };
  type Fn = (...a: unknown[]) => number;
  // Objects of one class share a vtable: decode each slot's function once, keyed by its address.
  const cache = new Map<bigint, Fn>();
  const fn = (obj: bigint, i: number, proto: ReturnType<typeof koffi.proto>): Fn => {
    const p = koffi.decode(koffi.decode(obj as never, 'void *') as never, i * 8, 'void *') as bigint;
    let f = cache.get(p);
    if (!f) cache.set(p, (f = koffi.decode(p as never, proto) as unknown as Fn));
    return f;
  };
  const ok = (hr: number, what: string) => {
    if (hr < 0) throw new Error(`${what} failed 0x${(hr >>> 0).toString(16)}`);
  };
  const out: (bigint | null)[] = [null];
  const problems: (bigint | null)[] = [null];
  const num = [0];
  const written = new Uint32Array(1);
  const IID_ISTREAM = Buffer.from('0c00000000000000c000000000000046', 'hex');
  const setProps = (obj: bigint, props: unknown[], what: string) => {
    ok(fn(obj, 8, protos.SetProps)(obj, props.length, props, problems), what);
    if (problems[0]) MAPIFreeBuffer(problems[0]);
  };
  const release = (obj: bigint) => fn(obj, 2, protos.Release)(obj);
  const w = (s: string) => ({ lpszW: s });

  /** The one-off entry id ([MS-OXCDATA] 2.2.5.1, Unicode, no rich info) of an SMTP address. */
  const oneOff = (name: string, email: string): Buffer => {
    const head = Buffer.alloc(24);
    Buffer.from('812B1FA4BEA310199D6E00DD010F5402', 'hex').copy(head, 4);
    head.writeUInt16LE(0x8001, 22);
    return Buffer.concat([head, Buffer.from(`${name}\0SMTP\0${email}\0`, 'utf16le')]);
  };
  const recipient = (type: number, email: string, id: Buffer) => [
    { ulPropTag: T.PR_RECIPIENT_TYPE, dwAlignPad: 0, Value: { l: type } },
    { ulPropTag: T.PR_DISPLAY_NAME_W, dwAlignPad: 0, Value: w(email) },
    { ulPropTag: T.PR_EMAIL_ADDRESS_W, dwAlignPad: 0, Value: w(email) },
    { ulPropTag: T.PR_ADDRTYPE_W, dwAlignPad: 0, Value: w('SMTP') },
    { ulPropTag: T.PR_ENTRYID, dwAlignPad: 0, Value: { bin: { cb: id.length, lpb: id } } },
  ];

  return {
    /** One message: the call sequence of folder.createMessage(...), then SubmitMessage, then Release. */
    compose(folder: bigint, subject: string, body: string, to: string, cc: string, bytes: Buffer, name: string, submit: boolean): void {
      ok(fn(folder, 19, protos.CreateMessage)(folder, null, 0, out), 'CreateMessage');
      const msg = out[0]!;
      try {
        setProps(msg, [
          { ulPropTag: T.PR_SUBJECT_W, dwAlignPad: 0, Value: w(subject) },
          { ulPropTag: T.PR_BODY_W, dwAlignPad: 0, Value: w(body) },
        ], 'SetProps');
        const list = { cEntries: 2, aEntries: [
          { ulReserved1: 0, cValues: 5, rgPropVals: recipient(1, to, oneOff(to, to)) },
          { ulReserved1: 0, cValues: 5, rgPropVals: recipient(2, cc, oneOff(cc, cc)) },
        ] };
        ok(fn(msg, 19, protos.ModifyRecipients)(msg, 0, list), 'ModifyRecipients');
        ok(fn(msg, 16, protos.CreateAttach)(msg, null, 0, num, out), 'CreateAttach');
        const att = out[0]!;
        try {
          const dot = name.lastIndexOf('.');
          const props: { ulPropTag: number; dwAlignPad: number; Value: unknown }[] = [
            { ulPropTag: T.PR_ATTACH_METHOD, dwAlignPad: 0, Value: { l: 1 } },
            { ulPropTag: T.PR_DISPLAY_NAME_W, dwAlignPad: 0, Value: w(name) },
            { ulPropTag: T.PR_ATTACH_LONG_FILENAME_W, dwAlignPad: 0, Value: w(name) },
            { ulPropTag: T.PR_ATTACH_FILENAME_W, dwAlignPad: 0, Value: w(name) },
          ];
          if (dot > 0) props.push({ ulPropTag: T.PR_ATTACH_EXTENSION_W, dwAlignPad: 0, Value: w(name.slice(dot)) });
          setProps(att, props, 'SetProps(attach)');
          ok(fn(att, 7, protos.OpenProperty)(att, T.PR_ATTACH_DATA_BIN, IID_ISTREAM, 0, 0x3, out), 'OpenProperty');
          const stream = out[0]!;
          try {
            ok(fn(stream, 4, protos.Write)(stream, bytes, bytes.length, written), 'Write');
            if (written[0] !== bytes.length) throw new Error(`Write took ${written[0]} of ${bytes.length} bytes`);
            ok(fn(stream, 8, protos.Flags)(stream, 0), 'Commit');
          } finally {
            release(stream);
          }
          ok(fn(att, 4, protos.Flags)(att, 0), 'SaveChanges(attach)');
        } finally {
          release(att);
        }
        ok(fn(msg, 4, protos.Flags)(msg, 0x2), 'SaveChanges');
        if (submit) ok(fn(msg, 20, protos.Flags)(msg, 0), 'SubmitMessage');
      } finally {
        release(msg);
      }
    },
  };
}

// ---- Runs ---------------------------------------------------------------------------------------------

function friendlyCompose(folder: Folder, subject: string, submit: boolean): void {
  const m = folder.createMessage({ subject, body: BODY, to: [TO], cc: [CC], attachments: [{ bytes: ATTACHMENT, name: NAME }] });
  try {
    if (submit) m.submit();
  } finally {
    m.release();
  }
}

/** Whether SubmitMessage works on this provider (a message composed and submitted once). */
function probeSubmit(folder: Folder): boolean {
  const m = folder.createMessage({ subject: 'submit probe', to: [TO] });
  try {
    m.submit();
    return true;
  } catch (e) {
    if (e instanceof MapiError && e.hr === MAPI_E_NO_SUPPORT) return false;
    throw e;
  } finally {
    m.release();
  }
}

/** What a composed message reads back as, through the friendly layer (entry ids and times left out). */
function readBack(folder: Folder, subject: string): unknown {
  using t = folder.contents({ columns: ['PR_ENTRYID', 'PR_SUBJECT_W'] });
  const rows = t.all().filter((r) => r.PR_SUBJECT_W === subject);
  if (rows.length !== 1) throw new Error(`compose: ${rows.length} messages with subject '${subject}'`);
  using m = folder.openEntry(rows[0].PR_ENTRYID as Buffer) as Message;
  const atts = m.attachments();
  using a = m.openAttachment(atts[0].num);
  return {
    body: m.get('PR_BODY_W'),
    recipients: m.recipients().map((r) => ({ type: r.type, name: r.name, email: r.email, addressType: r.addressType, entryId: r.entryId })),
    attachments: atts.map((x) => ({ name: x.name, fileName: x.fileName, method: x.method, ext: x.row.PR_ATTACH_EXTENSION_W })),
    data: a.read().equals(ATTACHMENT),
  };
}

/** The entry ids (hex) of a folder's messages. */
function entryIds(folder: Folder): Set<string> {
  using t = folder.contents({ columns: ['PR_ENTRYID'] });
  return new Set(t.all().map((r) => (r.PR_ENTRYID as Buffer).toString('hex')));
}

/**
 * Deletes the messages that appeared since `watch` was taken (untimed cleanup between rounds): saved
 * ones in the Outbox, submitted ones' copies in Sent Items. Returns how many each folder had.
 */
function deleteNew(watch: { folder: Folder; keep: Set<string> }[]): number[] {
  return watch.map(({ folder, keep }) => {
    const ids = [...entryIds(folder)].filter((id) => !keep.has(id));
    folder.deleteMessages(ids.map((id) => Buffer.from(id, 'hex')));
    return ids.length;
  });
}

export async function composeFigure(opts: { quick?: boolean } = {}): Promise<Figure> {
  using mapi = initialize({ path: PROVIDER });
  using session = mapi.logon({ profile: 'Sample' });
  using store = session.defaultStore();
  using outbox = store.folder('Outbox');
  using sent = store.folder('Sent Items');
  const watch = [outbox, sent].map((folder) => ({ folder, keep: entryIds(folder) }));
  const submit = probeSubmit(outbox);
  deleteNew(watch);
  const raw = rawComposer(PROVIDER);
  const folderPtr = outbox.raw.ptr;
  const rawCompose = (subject: string) => raw.compose(folderPtr, subject, BODY, TO, CC, ATTACHMENT, NAME, submit);

  // Same messages both ways (saved, not submitted, so they stay in the Outbox to be read back), then a
  // warm-up of each path.
  friendlyCompose(outbox, 'check friendly', false);
  raw.compose(folderPtr, 'check raw', BODY, TO, CC, ATTACHMENT, NAME, false);
  const readF = JSON.stringify(readBack(outbox, 'check friendly'));
  const readR = JSON.stringify(readBack(outbox, 'check raw'));
  if (readF !== readR) throw new Error(`compose: the raw and friendly messages differ:\n${readF}\n${readR}`);
  if (!readF.includes('"data":true')) throw new Error(`compose: the attachment did not read back: ${readF}`);
  for (let i = 0; i < 200; i++) {
    friendlyCompose(outbox, `warm-up ${i}`, submit);
    rawCompose(`warm-up ${i}`);
  }
  deleteNew(watch);

  // Neither side may leave provider objects or MAPI buffers behind (checked after the rounds).
  const live = () => {
    const st = sampleProvider(mapi.lib).stats();
    return `${st.objects} objects, ${st.buffers} buffers`;
  };
  const liveBefore = live();
  const n = opts.quick ? 300 : MESSAGES;
  const reps = opts.quick ? 3 : 7;
  // A full GC frees the hidden classes (maps) of objects none of which is alive any more (V8 holds them
  // weakly), and deoptimises the code that used them: the friendly side's short-lived Message,
  // Attachment, stream and proxy objects. The first few hundred messages after it then run unoptimised
  // (2-3x slower) while TurboFan recompiles; the raw side, closures and object literals, is unaffected.
  // So each sample starts with a GC (neither side inherits the other's garbage) and REWARM untimed
  // messages, whose time is kept as its own figure: the cost of composing right after a full GC.
  const rewarm = opts.quick ? 100 : 300;
  const afterGc: Record<'friendly' | 'raw', number[]> = { friendly: [], raw: [] };
  const perSec = (side: 'friendly' | 'raw', one: (subject: string) => void) => () => {
    gc();
    const w0 = process.hrtime.bigint();
    for (let i = 0; i < rewarm; i++) one(`Re-warm ${i}`);
    afterGc[side].push((rewarm * 1e9) / Number(process.hrtime.bigint() - w0));
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) one(`Message ${i}`);
    const ns = Number(process.hrtime.bigint() - t0);
    const [inOutbox, inSent] = deleteNew(watch);
    // Saved: all in the Outbox; submitted: gone from it, a copy of each in Sent Items.
    const all = n + rewarm;
    if (submit ? inOutbox !== 0 || inSent !== all : inOutbox !== all) throw new Error(`compose: ${inOutbox} messages in the Outbox and ${inSent} in Sent Items after ${all}`);
    return (n * 1e9) / ns;
  };
  const s = await interleave(reps, {
    friendly: perSec('friendly', (subject) => friendlyCompose(outbox, subject, submit)),
    raw: perSec('raw', rawCompose),
  });
  if (live() !== liveBefore) throw new Error(`the rounds left ${live()} (before: ${liveBefore})`);
  const f = stat(s.friendly);
  const b = stat(s.raw);
  const ratio = round(f.median / b.median, 3);
  const what = submit ? 'compose + save + submit' : 'compose + save (SubmitMessage: MAPI_E_NO_SUPPORT, not included)';
  return {
    name: submit ? 'compose + submit' : 'compose + save',
    unit: 'messages/s',
    subject: { label: `createMessage({ subject, body, to, cc, attachments: [10 KiB] })${submit ? ' + submit()' : ''} + release(): ${what}`, value: f.median, stat: f },
    baseline: { label: `the same ${submit ? 14 : 13} MAPI calls per message through raw Koffi`, value: b.median, stat: b },
    ratio,
    ratioMeaning: 'friendly messages/s / raw messages/s (higher is better)',
    target: { text: '>= 0.8x raw', pass: ratio >= 0.8 },
    details: {
      submitted: submit,
      messagesPerSample: n,
      usPerMessageFriendly: round(1e6 / f.median, 4),
      usPerMessageRaw: round(1e6 / b.median, 4),
      afterFullGc: {
        what: `the ${rewarm} untimed messages right after each sample's gc(), messages/s`,
        friendly: stat(afterGc.friendly),
        raw: stat(afterGc.raw),
        ratio: round(stat(afterGc.friendly).median / stat(afterGc.raw).median, 3),
      },
      message: 'subject, PR_BODY_W (105 chars), to + cc (SMTP, one-off entry ids), one 10 KiB attachment by value',
      rounds: reps,
    },
  };
}
