/**
 * `cat`, `attachments` and `save-attachments`: reading one message. Each command opens a session and
 * hands it to a function that takes the session (catMessage, listAttachments, saveAttachments), which
 * the tests call with a session of their own to read messages they composed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { MSGFLAGS } from '../../ffi-defs/constants/flags';
import { KoffiMapiError, MapiArgumentError } from '../errors';
import { safeFileName, uniqueName, type AttachmentInfo } from '../mapi/attachments';
import type { Message } from '../mapi/folders';
import { entryIdHex } from '../mapi/object';
import type { PropValue } from '../mapi/props';
import type { Recipient } from '../mapi/recipients';
import type { Session } from '../session';
import { shortDate } from './browse';
import { openSession, type GlobalOptions, type Io } from './context';
import { hex32, table, toJson } from './format';
import { StoreCache, openMessageRef } from './refs';

const str = (v: PropValue | undefined): string => (typeof v === 'string' ? v : '');
const date = (v: PropValue | undefined): Date | null => (v instanceof Date && !Number.isNaN(v.getTime()) ? v : null);

/** 'read', 'unsent', 'has-attach'... for PR_MESSAGE_FLAGS: MSGFLAG_ names without the prefix. */
export function messageFlagNames(flags: number): string[] {
  return Object.entries(MSGFLAGS)
    .filter(([, bit]) => (flags & bit) !== 0)
    .map(([n]) => n.replace(/^MSGFLAG_/, '').toLowerCase().replace(/_/g, '-'));
}

const recipientJson = (r: Recipient) => ({ type: r.type, name: r.name, email: r.email, addressType: r.addressType, entryId: r.entryId });
export const attachmentJson = (a: AttachmentInfo) => ({ num: a.num, name: a.name, fileName: a.fileName, method: a.method, mimeType: a.mimeType, size: a.size });

/** The headers of a message, as cat prints them and its --json gives them. */
function headers(m: Message) {
  const p = m.props([
    'PR_ENTRYID', 'PR_PARENT_ENTRYID', 'PR_SUBJECT_W', 'PR_SENDER_NAME_W', 'PR_SENDER_EMAIL_ADDRESS_W', 'PR_MESSAGE_DELIVERY_TIME',
    'PR_CLIENT_SUBMIT_TIME', 'PR_CREATION_TIME', 'PR_MESSAGE_SIZE', 'PR_MESSAGE_FLAGS', 'PR_MESSAGE_CLASS_W', 'PR_IMPORTANCE', 'PR_INTERNET_MESSAGE_ID_W',
  ]);
  const flags = typeof p.PR_MESSAGE_FLAGS === 'number' ? p.PR_MESSAGE_FLAGS : 0;
  return {
    entryId: entryIdHex(p.PR_ENTRYID),
    folderEntryId: entryIdHex(p.PR_PARENT_ENTRYID),
    subject: str(p.PR_SUBJECT_W),
    from: { name: str(p.PR_SENDER_NAME_W), email: str(p.PR_SENDER_EMAIL_ADDRESS_W) },
    received: date(p.PR_MESSAGE_DELIVERY_TIME),
    submitted: date(p.PR_CLIENT_SUBMIT_TIME),
    created: date(p.PR_CREATION_TIME),
    size: typeof p.PR_MESSAGE_SIZE === 'number' ? p.PR_MESSAGE_SIZE : null,
    flags,
    flagNames: messageFlagNames(flags),
    messageClass: str(p.PR_MESSAGE_CLASS_W),
    importance: typeof p.PR_IMPORTANCE === 'number' ? p.PR_IMPORTANCE : null,
    internetMessageId: str(p.PR_INTERNET_MESSAGE_ID_W),
  };
}

/** Every body: text, HTML, RTF (null when absent); rtfError when the DLL cannot decompress RTF. */
function bodies(m: Message): { text: string | null; html: string | null; rtf: string | null; rtfError?: string } {
  const b = m.body();
  const out: { text: string | null; html: string | null; rtf: string | null; rtfError?: string } = { text: b.text ?? null, html: b.html ?? null, rtf: b.rtf ?? null };
  if (out.rtf === null) {
    try {
      out.rtf = m.rtf() ?? null;
    } catch (e) {
      if ((e as KoffiMapiError).code !== 'ERR_NO_RTF_SUPPORT') throw e;
      out.rtfError = (e as Error).message;
    }
  }
  return out;
}

// ---- cat ----------------------------------------------------------------------------------------------

export interface CatOptions {
  store?: string;
  html?: boolean;
  rtf?: boolean;
  /** Only the body: for `cat --html ref > page.html`. */
  bodyOnly?: boolean;
}

export function catCommand(io: Io, o: GlobalOptions, ref: string, c: CatOptions): number {
  using s = openSession(o);
  return catMessage(io, o, s.session, ref, c);
}

const who = (name: string, email: string) => (name && email && name !== email ? `${name} <${email}>` : name || email);

/** The body cat prints: the text one, or --html / --rtf (a typed error when the message has none). */
function chosenBody(m: Message, c: CatOptions): string {
  if (c.rtf) {
    const rtf = m.rtf();
    if (rtf === undefined) throw new KoffiMapiError('ERR_NO_BODY', 'the message has no RTF body (PR_RTF_COMPRESSED)');
    return rtf;
  }
  const b = m.body();
  if (c.html) {
    if (b.html === undefined) throw new KoffiMapiError('ERR_NO_BODY', 'the message has no HTML body (PR_HTML)');
    return b.html;
  }
  return (b.text ?? '').replace(/\r\n/g, '\n');
}

// long: the headers, recipients, attachments and body blocks, in the order they print.
export function catMessage(io: Io, o: GlobalOptions, session: Session, ref: string, c: CatOptions): number {
  if (c.html && c.rtf) throw new MapiArgumentError('ERR_ARGUMENT', 'cat takes --html or --rtf, not both');
  using stores = new StoreCache(session, c.store);
  using m = openMessageRef(session, stores, ref);
  if (o.json) {
    const h = headers(m);
    io.out(toJson({ ...h, flags: hex32(h.flags), recipients: m.recipients().map(recipientJson), attachments: m.attachments().map(attachmentJson), body: bodies(m) }));
    return 0;
  }
  const body = chosenBody(m, c);
  if (c.bodyOnly) {
    io.out(body);
    return 0;
  }
  const h = headers(m);
  const recips = m.recipients();
  const atts = m.attachments();
  const list = (t: string) => recips.filter((r) => r.type === t).map((r) => who(r.name, r.email)).join(', ');
  const when = h.received ?? h.submitted ?? h.created;
  const lines: [string, string][] = [
    ['Subject', h.subject],
    ['From', who(h.from.name, h.from.email)],
    ['To', list('to')],
    ['Cc', list('cc')],
    ['Bcc', list('bcc')],
    ['Date', when ? `${shortDate(when)} UTC${h.received ? '' : h.submitted ? ' (submitted)' : ' (created)'}` : ''],
    ['Entry id', h.entryId],
    ['Size', h.size === null ? '' : String(h.size)],
    ['Flags', `${h.flagNames.join(', ') || '(none)'} (${hex32(h.flags)})`],
    ['Class', h.messageClass],
  ];
  io.out(lines.filter(([k, v]) => v !== '' || k === 'Subject' || k === 'From' || k === 'To').map(([k, v]) => `${(k + ':').padEnd(10)}${v}`.trimEnd()).join('\n'));
  io.out('');
  io.out(`Recipients (${recips.length})`);
  if (recips.length) io.out(table(['TYPE', 'NAME', 'ADDRESS', 'ADDRTYPE'], recips.map((r) => [String(r.type), r.name, r.email, r.addressType])));
  io.out('');
  io.out(`Attachments (${atts.length})`);
  if (atts.length) io.out(attachmentTable(atts));
  io.out('');
  io.out(body);
  return 0;
}

function attachmentTable(atts: readonly AttachmentInfo[]): string {
  return table(
    [{ title: 'NUM', right: true }, 'NAME', 'METHOD', 'MIME TYPE', { title: 'SIZE', right: true }],
    atts.map((a) => [String(a.num), a.name, String(a.method), a.mimeType, String(a.size)]),
  );
}

// ---- attachments --------------------------------------------------------------------------------------

export function attachmentsCommand(io: Io, o: GlobalOptions, ref: string, a: { store?: string }): number {
  using s = openSession(o);
  return listAttachments(io, o, s.session, ref, a);
}

export function listAttachments(io: Io, o: GlobalOptions, session: Session, ref: string, a: { store?: string }): number {
  using stores = new StoreCache(session, a.store);
  using m = openMessageRef(session, stores, ref);
  const atts = m.attachments();
  if (o.json) io.out(toJson({ entryId: m.entryId, subject: str(m.get('PR_SUBJECT_W')), attachments: atts.map(attachmentJson) }));
  else if (atts.length === 0) io.out('no attachments');
  else io.out(attachmentTable(atts));
  return 0;
}

// ---- save-attachments ---------------------------------------------------------------------------------

export interface SaveOptions {
  store?: string;
  out: string;
  /** Replace files that exist (the old file is removed first, so a symlink there is never followed). */
  force?: boolean;
}

export interface SaveReport {
  readonly entryId: string;
  readonly out: string;
  readonly saved: { num: number; name: string; file: string; bytes: number }[];
  readonly skipped: { num: number; name: string; method: string; reason: string }[];
}

export function saveAttachmentsCommand(io: Io, o: GlobalOptions, ref: string, so: SaveOptions): number {
  using s = openSession(o);
  return saveAttachments(io, o, s.session, ref, so);
}

const SKIP_REASON: Readonly<Record<string, string>> = {
  embedded: 'an embedded message: koffi-mapi has no .msg writer (read it with the library: Attachment.openMessage())',
  reference: 'attached by reference: the data is not in the message',
  ole: 'an OLE object: no file data to save',
  none: 'no data (PR_ATTACH_METHOD NO_ATTACHMENT)',
};

/**
 * Every by-value attachment into `out`, under its own name made safe (safeFileName: the last path
 * component, no drive, no device name, no control characters) and unique (`name (2).ext`). Every
 * target is checked before the first byte is written: an existing file stops the command unless
 * --force, and each file is created with O_EXCL, so nothing is written outside `out` or through a link.
 */
// long: plan, check, write, report; each short, kept together so the order of the checks is visible.
export function saveAttachments(io: Io, o: GlobalOptions, session: Session, ref: string, so: SaveOptions): number {
  if (typeof so.out !== 'string' || so.out === '') throw new MapiArgumentError('ERR_ARGUMENT', 'save-attachments needs --out DIR');
  const dir = path.resolve(so.out);
  using stores = new StoreCache(session, so.store);
  using m = openMessageRef(session, stores, ref);
  const report: SaveReport = { entryId: m.entryId, out: dir, saved: [], skipped: [] };
  const plan: { num: number; name: string; file: string }[] = [];
  const taken = new Set<string>();
  for (const a of m.attachments()) {
    if (a.method !== 'value') {
      report.skipped.push({ num: a.num, name: a.name, method: String(a.method), reason: SKIP_REASON[String(a.method)] ?? `PR_ATTACH_METHOD ${a.method}` });
      continue;
    }
    const file = path.join(dir, uniqueName(safeFileName(a.fileName || a.name, `attachment-${a.num}`), taken));
    // safeFileName keeps one path component; this is the guarantee, whatever it returns.
    if (path.dirname(file) !== dir) throw new KoffiMapiError('ERR_UNSAFE_NAME', `attachment ${a.num}: '${a.name}' would be written outside ${dir}`);
    plan.push({ num: a.num, name: a.name, file });
  }
  if (fs.existsSync(dir) && !fs.statSync(dir).isDirectory()) throw new KoffiMapiError('ERR_OUT_DIR', `--out ${so.out}: not a directory`);
  fs.mkdirSync(dir, { recursive: true });
  const existing = plan.filter((p) => lexists(p.file));
  if (existing.length && !so.force) {
    throw new KoffiMapiError('ERR_FILE_EXISTS', `${existing.map((p) => path.basename(p.file)).join(', ')} already exist${existing.length === 1 ? 's' : ''} in ${dir}: nothing saved (--force replaces them)`);
  }
  for (const p of plan) {
    if (so.force) fs.rmSync(p.file, { force: true });
    using att = m.openAttachment(p.num);
    report.saved.push({ ...p, bytes: att.saveTo(p.file, { exclusive: true }) });
  }
  if (o.json) {
    io.out(toJson(report));
    return 0;
  }
  for (const s of report.saved) io.out(`saved    ${path.basename(s.file)} (${s.bytes} bytes)${path.basename(s.file) !== s.name ? `  from '${s.name}'` : ''}`);
  for (const s of report.skipped) io.out(`skipped  ${s.num}: '${s.name}': ${s.reason}`);
  io.out(`${report.saved.length} file${report.saved.length === 1 ? '' : 's'} saved to ${dir}${report.skipped.length ? `, ${report.skipped.length} attachment${report.skipped.length === 1 ? '' : 's'} skipped` : ''}`);
  return 0;
}

/** Whether anything (a file, a directory, a dangling symlink) is at `p`. */
function lexists(p: string): boolean {
  try {
    fs.lstatSync(p);
    return true;
  } catch {
    return false;
  }
}
