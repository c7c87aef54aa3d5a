/**
 * `send`: compose a message in the Outbox (or Drafts with --draft), save it, and SubmitMessage it.
 * Every input is checked before anything is created (a missing file to attach creates nothing), and
 * the message gets a PR_SEARCH_KEY of its own when the store gives none, so its copy in Sent Items
 * can be found after SubmitMessage has spent the object.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { HR } from '../../ffi-defs/constants/hresults';
import { KoffiMapiError, MapiArgumentError, MapiError } from '../errors';
import { Folder, type Store } from '../mapi/folders';
import { PropProblemsError, entryIdHex } from '../mapi/object';
import type { TagName } from '../mapi/props';
import type { Session } from '../session';
import { JsonReported, openSession, openStore, type GlobalOptions, type Io } from './context';
import { toJson } from './format';

export interface SendOptions {
  to?: string[];
  cc?: string[];
  bcc?: string[];
  subject?: string;
  body?: string;
  bodyFile?: string;
  attach?: string[];
  store?: string;
  /** Save in Drafts and do not submit. */
  draft?: boolean;
}

export interface SendReport {
  readonly action: 'sent' | 'draft';
  readonly subject: string;
  readonly to: string[];
  readonly cc: string[];
  readonly bcc: string[];
  readonly attachments: { file: string; name: string; bytes: number }[];
  readonly store: string;
  /** The folder the message was saved in (Outbox or Drafts) and its entry id there. */
  readonly folder: string;
  readonly entryId: string;
  /** After SubmitMessage: the copy in Sent Items, when the store put one there by now (else null). */
  sent: { folder: string; entryId: string } | null;
}

interface Checked {
  subject: string;
  body: string;
  to: string[];
  cc: string[];
  bcc: string[];
  files: { file: string; name: string; bytes: number }[];
}

/** Every argument and file checked, before MAPI is touched. */
function check(so: SendOptions): Checked {
  const list = (v: string[] | undefined) => (v ?? []).map((s) => s.trim()).filter((s) => s !== '');
  const to = list(so.to);
  const cc = list(so.cc);
  const bcc = list(so.bcc);
  if (!so.draft && to.length + cc.length + bcc.length === 0) throw new MapiArgumentError('ERR_ARGUMENT', 'send needs a recipient: --to ADDR (or --cc, --bcc; --draft saves without one)');
  if (so.subject === undefined) throw new MapiArgumentError('ERR_ARGUMENT', 'send needs --subject TEXT');
  if ((so.body === undefined) === (so.bodyFile === undefined)) throw new MapiArgumentError('ERR_ARGUMENT', 'send takes the body as --body TEXT or --body-file FILE (one of them)');
  let body = so.body ?? '';
  if (so.bodyFile !== undefined) {
    try {
      body = fs.readFileSync(so.bodyFile, 'utf8');
    } catch (e) {
      throw new KoffiMapiError('ERR_BODY_FILE', `--body-file ${so.bodyFile}: ${(e as Error).message}`);
    }
  }
  const files = (so.attach ?? []).map((file) => {
    let st: fs.Stats;
    try {
      st = fs.statSync(file);
      fs.accessSync(file, fs.constants.R_OK);
    } catch (e) {
      throw new KoffiMapiError('ERR_ATTACH_FILE', `--attach ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}; nothing was created`);
    }
    if (!st.isFile()) throw new KoffiMapiError('ERR_ATTACH_FILE', `--attach ${file}: not a file; nothing was created`);
    return { file: path.resolve(file), name: path.basename(file), bytes: st.size };
  });
  return { subject: so.subject, body, to, cc, bcc, files };
}

/** A special folder of the store by its PR_IPM_*_ENTRYID (on the store, else, for Drafts, on the root as Outlook keeps it). */
function specialFolder(store: Store, t: TagName, what: string): Folder {
  let eid = entryIdHex(store.get(t));
  if (!eid && t === 'PR_IPM_DRAFTS_ENTRYID') {
    using root = store.root();
    eid = entryIdHex(root.get(t));
  }
  if (!eid) throw new MapiError(HR.MAPI_E_NOT_FOUND, `IMsgStore::GetProps(${t})`, { detail: `store '${store.name}' has no ${what} folder` });
  const f = store.openEntry(eid);
  if (f instanceof Folder) return f;
  f.release();
  throw new KoffiMapiError('ERR_NOT_A_FOLDER', `${t} of '${store.name}' is not a folder`);
}

export function sendCommand(io: Io, o: GlobalOptions, so: SendOptions): number {
  const checked = check(so); // before logon: a bad argument costs nothing
  using s = openSession(o);
  return sendMessage(io, o, s.session, so, checked);
}

// long: compose, save, submit, find the sent copy, report; one sequence a reader follows top to bottom.
export function sendMessage(io: Io, o: GlobalOptions, session: Session, so: SendOptions, checked: Checked = check(so)): number {
  const c = checked;
  using store = openStore(session, so.store);
  using folder = specialFolder(store, so.draft ? 'PR_IPM_DRAFTS_ENTRYID' : 'PR_IPM_OUTBOX_ENTRYID', so.draft ? 'Drafts' : 'Outbox');
  const sentEid = entryIdHex(store.get('PR_IPM_SENTMAIL_ENTRYID'));
  using m = folder.createMessage({ subject: c.subject, body: c.body, to: c.to, cc: c.cc, bcc: c.bcc, attachments: c.files.map((f) => ({ file: f.file })) }, { save: false });
  let searchKey = m.get('PR_SEARCH_KEY');
  if (!Buffer.isBuffer(searchKey)) {
    const key = crypto.randomBytes(16);
    searchKey = optional(() => m.set({ PR_SEARCH_KEY: key })) ? key : undefined;
  }
  // Where the sent copy goes, as a client tells the transport (Outlook sets it too).
  if (sentEid) optional(() => m.set({ PR_SENTMAIL_ENTRYID: Buffer.from(sentEid, 'hex') }));
  m.save();
  const report: SendReport = {
    action: so.draft ? 'draft' : 'sent',
    subject: c.subject,
    to: c.to,
    cc: c.cc,
    bcc: c.bcc,
    attachments: c.files,
    store: store.name,
    folder: folder.name,
    entryId: m.entryId,
    sent: null,
  };
  if (!so.draft) {
    try {
      m.submit();
    } catch (e) {
      // The saved message stays where it was saved, as in a client's Outbox: say where.
      throw new JsonReported(e, { ...report, action: 'failed' });
    }
    if (sentEid && searchKey) report.sent = findCopy(store, sentEid, searchKey);
  }
  if (o.json) {
    io.out(toJson(report));
    return 0;
  }
  const n = c.files.length;
  const att = n ? ` with ${n} attachment${n === 1 ? '' : 's'}` : '';
  if (so.draft) io.out(`saved '${c.subject}'${att} in ${report.folder}\nentry id: ${report.entryId}`);
  else if (report.sent) io.out(`sent '${c.subject}' to ${[...c.to, ...c.cc, ...c.bcc].join(', ')}${att}\nentry id: ${report.sent.entryId} (${report.sent.folder})`);
  else io.out(`submitted '${c.subject}' to ${[...c.to, ...c.cc, ...c.bcc].join(', ')}${att} from the ${report.folder}\nentry id: ${report.entryId} (the ${report.folder} copy; the transport has not put one in Sent Items yet)`);
  return 0;
}

/**
 * A property that only helps (finding the sent copy): a store that refuses it (a SetProps problem)
 * sends all the same, and `sent` is then null.
 */
function optional(set: () => void): boolean {
  try {
    set();
    return true;
  } catch (e) {
    if (e instanceof PropProblemsError) return false;
    throw e;
  }
}

/** The message in Sent Items with this PR_SEARCH_KEY (the newest, if several), or null. */
function findCopy(store: Store, sentEid: string, searchKey: Buffer): { folder: string; entryId: string } | null {
  const sent = store.openEntry(sentEid);
  try {
    if (!(sent instanceof Folder)) return null;
    using t = sent.contents({ columns: ['PR_ENTRYID'], restrict: { prop: 'PR_SEARCH_KEY', value: searchKey } });
    const rows = t.all();
    return rows.length ? { folder: sent.name, entryId: entryIdHex(rows[rows.length - 1].PR_ENTRYID) } : null;
  } finally {
    sent.release();
  }
}
