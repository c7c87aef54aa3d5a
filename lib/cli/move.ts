/**
 * `mv`, `cp` and `rm`: messages named as refs.ts reads them, moved, copied or deleted with one
 * IMAPIFolder::CopyMessages / DeleteMessages call per source folder. After a copy or move each
 * message's new entry id is looked up in the destination by its PR_SEARCH_KEY (which copies keep):
 * the one row with that key that was not there before, else null (not knowable).
 */
import { KoffiMapiError } from '../errors';
import { Folder } from '../mapi/folders';
import { entryIdHex } from '../mapi/object';
import type { Session } from '../session';
import { JsonReported, UsageError, openSession, type GlobalOptions, type Io } from './context';
import { table, toJson } from './format';
import { StoreCache, locateMessages, openFolderArg, parseMessageRef, type MessageAt } from './refs';

export interface TransferOptions {
  store?: string;
}

/** Messages grouped by the folder they are in (one CopyMessages / DeleteMessages per folder). */
function bySource(msgs: readonly MessageAt[]): Map<string, MessageAt[]> {
  const groups = new Map<string, MessageAt[]>();
  for (const m of msgs) groups.set(m.parentEntryId, [...(groups.get(m.parentEntryId) ?? []), m]);
  return groups;
}

function openSource(session: Session, eid: string): Folder {
  const f = session.openEntry(eid);
  if (f instanceof Folder) return f;
  f.release();
  throw new KoffiMapiError('ERR_NOT_A_FOLDER', `PR_PARENT_ENTRYID ${eid.slice(0, 16)}… is not a folder`);
}

/** Entry ids in `folder` of the messages with this PR_SEARCH_KEY. */
function withSearchKey(folder: Folder, key: string): Set<string> {
  if (!key) return new Set();
  using t = folder.contents({ columns: ['PR_ENTRYID'], restrict: { prop: 'PR_SEARCH_KEY', value: Buffer.from(key, 'hex') } });
  return new Set(t.all().map((r) => entryIdHex(r.PR_ENTRYID)));
}

const plural = (n: number) => `${n} message${n === 1 ? '' : 's'}`;

/** `mv` / `cp`: the last argument is the destination folder. */
export function transferCommand(io: Io, o: GlobalOptions, args: readonly string[], to: TransferOptions, move: boolean): number {
  const { refs, dest } = splitArgs(args, move ? 'mv' : 'cp');
  using s = openSession(o);
  return transferMessages(io, o, s.session, refs, dest, to, move);
}

function splitArgs(args: readonly string[], cmd: string): { refs: string[]; dest: string } {
  if (args.length < 2) throw new UsageError(`${cmd} takes one or more messages and then the destination folder (${cmd} Inbox:3 Inbox:4 'Inbox/Projects')`);
  const refs = args.slice(0, -1);
  refs.forEach(parseMessageRef); // syntax errors before logon
  return { refs, dest: args[args.length - 1] };
}

interface Moved {
  ref: string;
  subject: string;
  from: { folder: string; entryId: string };
  entryId: string | null;
}

// long: locate, group, copy, find the copies, report.
export function transferMessages(io: Io, o: GlobalOptions, session: Session, refs: readonly string[], destArg: string, to: TransferOptions, move: boolean): number {
  using stores = new StoreCache(session, to.store);
  const msgs = locateMessages(session, stores, refs);
  using dest = openFolderArg(session, stores, destArg);
  const before = new Map(msgs.map((m) => [m.entryId, withSearchKey(dest, m.searchKey)]));
  const done: Moved[] = [];
  const action = move ? 'move' : 'copy';
  const target = { folder: dest.name, entryId: dest.entryId };
  try {
    for (const [parent, group] of bySource(msgs)) {
      using src = openSource(session, parent);
      src.copyMessages(group.map((m) => m.entryId), dest, { move });
      for (const m of group) done.push({ ref: m.ref, subject: m.subject, from: { folder: src.name, entryId: m.entryId }, entryId: null });
    }
  } catch (e) {
    throw new JsonReported(e, { action, to: target, messages: done });
  }
  for (const d of done) {
    const m = msgs.find((x) => x.entryId === d.from.entryId)!;
    const fresh = [...withSearchKey(dest, m.searchKey)].filter((id) => !before.get(m.entryId)!.has(id));
    d.entryId = fresh.length === 1 ? fresh[0] : null;
  }
  if (o.json) {
    io.out(toJson({ action, to: target, messages: done }));
    return 0;
  }
  io.out(`${move ? 'moved' : 'copied'} ${plural(done.length)} to ${dest.name}`);
  io.out(table(['SUBJECT', 'FROM', 'NEW ENTRY ID'], done.map((d) => [d.subject, d.from.folder, d.entryId ?? '(not known)'])));
  return 0;
}

// ---- rm -----------------------------------------------------------------------------------------------

export interface RemoveOptions {
  store?: string;
  /** Delete without asking (needed when stdin is not a terminal). */
  yes?: boolean;
}

function noAnswer(n: number): UsageError {
  return new UsageError(`rm would delete ${plural(n)} for good: pass --yes (stdin is not a terminal, so rm cannot ask)`);
}

export async function rmCommand(io: Io, o: GlobalOptions, refs: readonly string[], ro: RemoveOptions): Promise<number> {
  refs.forEach(parseMessageRef);
  if (!ro.yes && !io.confirm) throw noAnswer(refs.length); // before logon: nothing is touched
  using s = openSession(o);
  return await removeMessages(io, o, s.session, refs, ro);
}

/** IMAPIFolder::DeleteMessages (a hard delete: `mv … 'Deleted Items'` is the soft one). */
export async function removeMessages(io: Io, o: GlobalOptions, session: Session, refs: readonly string[], ro: RemoveOptions): Promise<number> {
  using stores = new StoreCache(session, ro.store);
  const msgs = locateMessages(session, stores, refs);
  if (!ro.yes) {
    if (!io.confirm) throw noAnswer(msgs.length);
    for (const m of msgs) io.err(`  ${m.subject || '(no subject)'}  ${m.entryId}`);
    if (!(await io.confirm(`delete ${plural(msgs.length)}? [y/N] `))) {
      io.err('koffi-mapi: nothing deleted');
      return 1;
    }
  }
  const done: { ref: string; subject: string; folder: string; entryId: string }[] = [];
  try {
    for (const [parent, group] of bySource(msgs)) {
      using src = openSource(session, parent);
      src.deleteMessages(group.map((m) => m.entryId));
      for (const m of group) done.push({ ref: m.ref, subject: m.subject, folder: src.name, entryId: m.entryId });
    }
  } catch (e) {
    throw new JsonReported(e, { action: 'delete', messages: done });
  }
  if (o.json) io.out(toJson({ action: 'delete', messages: done }));
  else {
    io.out(`deleted ${plural(done.length)}`);
    io.out(table(['SUBJECT', 'FOLDER', 'ENTRY ID'], done.map((d) => [d.subject, d.folder, d.entryId])));
  }
  return 0;
}
