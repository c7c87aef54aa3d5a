/**
 * How the command line names folders and messages, once for every command (ls, props, cat,
 * attachments, save-attachments, mv, cp, rm):
 *
 *   folder:  a path under the IPM subtree ('Inbox/Projects'; '/' starts at the root) or an entry id
 *   message: an entry id, or '<folder>:<n>', n the 1-based row number `ls <folder>` prints
 *
 * The index is split off at the last ':', and only when what follows is digits, so a folder whose
 * name has ':' or '#' in it still works ('Notes: 2026:3' is message 3 of the folder 'Notes: 2026').
 * The number is the row's position in the folder's contents table with no sort and no restriction
 * (the provider's own order), which is the order `ls` lists without --sort.
 */
import { KoffiMapiError, MapiArgumentError } from '../errors';
import { Folder, type Store } from '../mapi/folders';
import { Message } from '../mapi/message';
import { entryIdHex } from '../mapi/object';
import type { Session } from '../session';
import { isEntryId, openStore } from './context';

export type MessageRef =
  | { readonly kind: 'entryId'; readonly text: string; readonly entryId: string }
  | { readonly kind: 'index'; readonly text: string; readonly folder: string; readonly index: number };

const INDEXED = /^(.+):(\d+)$/s;

/**
 * Parses a message reference. Anything that is neither an entry id nor '<folder>:<n>' with n >= 1 is
 * a usage error (ERR_MESSAGE_REF, exit code 2).
 */
export function parseMessageRef(text: string): MessageRef {
  if (isEntryId(text)) return { kind: 'entryId', text, entryId: text.toUpperCase() };
  const m = INDEXED.exec(text);
  if (m) {
    const index = Number(m[2]);
    if (!Number.isSafeInteger(index) || index < 1) throw new MapiArgumentError('ERR_MESSAGE_REF', `'${text}': message numbers start at 1 (as \`koffi-mapi ls\` prints them)`);
    return { kind: 'index', text, folder: m[1], index };
  }
  throw new MapiArgumentError(
    'ERR_MESSAGE_REF',
    `'${text}' is not a message: give its entry id (hex, from \`koffi-mapi ls\`) or <folder>:<n>, n as \`koffi-mapi ls <folder>\` numbers it (Inbox:3)`,
  );
}

/** Whether an argument names a message rather than a folder (props takes either). */
export function isMessageRef(text: string): boolean {
  return INDEXED.test(text) && !isEntryId(text);
}

/**
 * Stores opened for folder paths, released together: a command may resolve many references against
 * the same --store, and opens it once.
 */
export class StoreCache implements Disposable {
  private store: Store | undefined;
  constructor(private readonly session: Session, private readonly which: string | undefined) {}
  get(): Store {
    return (this.store ??= openStore(this.session, this.which));
  }
  [Symbol.dispose](): void {
    this.store?.release();
    this.store = undefined;
  }
}

/** A folder by path (under the IPM subtree; '/' is the root; '/…' starts there) or by entry id. */
export function openFolderArg(session: Session, stores: StoreCache, arg: string): Folder {
  if (isEntryId(arg)) {
    const o = session.openEntry(arg);
    if (o instanceof Folder) return o;
    o.release();
    throw new KoffiMapiError('ERR_NOT_A_FOLDER', `${arg.slice(0, 16)}… is the entry id of a ${o instanceof Message ? 'message' : 'store'}, not a folder`);
  }
  if (arg === '/') return stores.get().root();
  return stores.get().folder(arg);
}

/** The entry id of row `index` (1-based) of the folder's contents table in its own order. */
export function entryIdAt(folder: Folder, index: number, label: string): string {
  using t = folder.contents({ columns: ['PR_ENTRYID'] });
  const count = t.count();
  if (index > count) {
    throw new KoffiMapiError('ERR_NO_SUCH_MESSAGE', `'${label}': ${folder.name || 'the folder'} has ${count} message${count === 1 ? '' : 's'}, so there is no message ${index}`);
  }
  t.seek('beginning', index - 1);
  const [row] = t.queryRows(1);
  const eid = entryIdHex(row?.PR_ENTRYID);
  if (!eid) throw new KoffiMapiError('ERR_NO_SUCH_MESSAGE', `'${label}': row ${index} of ${folder.name} has no PR_ENTRYID`);
  return eid;
}

/** Opens the message a reference names (the caller releases it). */
export function openMessageRef(session: Session, stores: StoreCache, ref: MessageRef | string): Message {
  const r = typeof ref === 'string' ? parseMessageRef(ref) : ref;
  let eid: string;
  if (r.kind === 'entryId') eid = r.entryId;
  else {
    using folder = openFolderArg(session, stores, r.folder);
    eid = entryIdAt(folder, r.index, r.text);
  }
  const o = session.openEntry(eid);
  if (o instanceof Message) return o;
  o.release();
  throw new KoffiMapiError('ERR_NOT_A_MESSAGE', `'${r.text.length > 40 ? r.text.slice(0, 40) + '…' : r.text}' is the entry id of a ${o instanceof Folder ? 'folder' : 'store'}, not a message`);
}

/** What mv, cp and rm need of a message: where it is and what it is, without keeping it open. */
export interface MessageAt {
  readonly ref: string;
  readonly entryId: string;
  readonly parentEntryId: string;
  readonly subject: string;
  /** PR_SEARCH_KEY in hex ('' when the store gives none): finds the copy after a move. */
  readonly searchKey: string;
}

/** Resolves references to messages, each once (the same message named twice counts once). */
export function locateMessages(session: Session, stores: StoreCache, refs: readonly string[]): MessageAt[] {
  const parsed = refs.map(parseMessageRef); // every syntax error before any MAPI call
  const seen = new Map<string, MessageAt>();
  for (const r of parsed) {
    using m = openMessageRef(session, stores, r);
    const p = m.props(['PR_ENTRYID', 'PR_PARENT_ENTRYID', 'PR_SUBJECT_W', 'PR_SEARCH_KEY']);
    const entryId = entryIdHex(p.PR_ENTRYID);
    if (seen.has(entryId)) continue;
    seen.set(entryId, {
      ref: r.text,
      entryId,
      parentEntryId: entryIdHex(p.PR_PARENT_ENTRYID),
      subject: typeof p.PR_SUBJECT_W === 'string' ? p.PR_SUBJECT_W : '',
      searchKey: entryIdHex(p.PR_SEARCH_KEY),
    });
  }
  return [...seen.values()];
}
