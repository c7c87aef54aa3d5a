/**
 * `watch [folder]`: notifications from a store or a folder (and its contents table with
 * `--events table`), one line or one JSON object per notification, until Ctrl+C (or --count / --for),
 * which unadvises cleanly before the process ends.
 */
import type { Folder, Store } from '../mapi/folders';
import type { Notification } from '../mapi/notify';
import type { Watcher, WatchWarning } from '../mapi/watch';
import { WATCH_EVENTS, type WatchEvent } from '../mapi/watch-targets';
import { tagName } from '../mapi/tags';
import { hresultName } from '../errors';
import { UsageError, intOption, openSession, type GlobalOptions, type Io } from './context';
import { StoreCache, openFolderArg } from './refs';
import { formatValue, hex32, jsonValue } from './format';

export interface WatchCommandOptions {
  events?: string;
  store?: string;
  count?: string;
  for?: string;
}

/** --events names: the library's, and the same in kebab case (new-mail). */
export function parseWatchEvents(spec: string): WatchEvent[] {
  const names = Object.keys(WATCH_EVENTS) as WatchEvent[];
  const byKebab = new Map(names.map((n) => [n.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`), n]));
  const out: WatchEvent[] = [];
  for (const p of spec.split(/[\s,]+/).filter(Boolean)) {
    const e = (names as string[]).includes(p) ? (p as WatchEvent) : byKebab.get(p.toLowerCase());
    if (!e) throw new UsageError(`unknown event '${p}' (events: ${[...byKebab.keys()].join(', ')})`);
    if (!out.includes(e)) out.push(e);
  }
  if (out.length === 0) throw new UsageError('--events is empty');
  return out;
}

const short = (hex: string | null) => (hex ? (hex.length > 16 ? `${hex.slice(0, 8)}…${hex.slice(-8)}` : hex) : '(none)');

/** One line of text for a notification; `where` names a parent folder when it is known. */
export function describeNotification(n: Notification, where: (eid: string | null) => string): string {
  switch (n.type) {
    case 'newMail':
      return `${n.messageClass ?? '(no class)'} ${short(n.entryId)} in ${where(n.parentId)}, flags ${hex32(n.flags)}`;
    case 'criticalError':
      return `${n.name} (${hex32(n.scode)})${n.error?.text ? `: ${n.error.text}` : ''}`;
    case 'objectCreated':
    case 'objectDeleted':
    case 'objectModified':
    case 'searchComplete':
      return `${n.objectType} ${n.objectType === 'folder' && n.type !== 'objectDeleted' ? where(n.entryId) : short(n.entryId)} in ${where(n.parentId)}${n.propTags?.length ? ` (${n.propTags.map(tagName).join(', ')})` : ''}`;
    case 'objectMoved':
    case 'objectCopied':
      return `${n.objectType} ${short(n.oldId)} in ${where(n.oldParentId)} -> ${short(n.entryId)} in ${where(n.parentId)}`;
    case 'extended':
      return `event ${hex32(n.event)}, ${n.data.length} bytes`;
    case 'statusObjectModified':
      return `${short(n.entryId)}: ${Object.keys(n.props).join(', ')}`;
    case 'unknown':
      return `event type ${hex32(n.eventType)}`;
    default: {
      const row = n.row ? Object.entries(n.row).filter(([k]) => k !== 'PR_INSTANCE_KEY').slice(0, 3).map(([k, v]) => `${k}=${formatValue(v, { maxString: 40 })}`) : [];
      const hr = n.hr ? ` ${hresultName(n.hr)}` : '';
      return `row ${short(n.index)}${n.prior !== null || n.type === 'tableRowAdded' || n.type === 'tableRowModified' ? ` after ${n.prior ? short(n.prior) : '(first)'}` : ''}${hr}${row.length ? `: ${row.join(', ')}` : ''}`;
    }
  }
}

const time = () => new Date().toISOString().slice(11, 23);

// long: one command's flow, from options to the summary; its parts are small closures over its state.
export async function watchCommand(io: Io, o: GlobalOptions, folderArg: string | undefined, wo: WatchCommandOptions): Promise<number> {
  const events = wo.events ? parseWatchEvents(wo.events) : undefined;
  const count = intOption('--count', wo.count, 1);
  const forMs = intOption('--for', wo.for, 1);
  const wantsTable = events?.includes('table') ?? false;
  const objectEvents = events?.filter((e) => e !== 'table');
  if (wantsTable && folderArg === undefined) throw new UsageError("--events table needs a folder: the table watched is the folder's contents table");

  using s = openSession(o);
  using stores = new StoreCache(s.session, wo.store);
  let folder: Folder | undefined;
  let store: Store;
  if (folderArg !== undefined) {
    folder = openFolderArg(s.session, stores, folderArg);
    store = folder.store ?? stores.get();
  } else store = stores.get();
  const what = folder ? `folder '${folder.name}'` : `store '${store.name}'`;

  // Parent folders by name, opened once each, for the text lines.
  const names = new Map<string, string>();
  const where = (eid: string | null): string => {
    if (!eid) return '(none)';
    let n = names.get(eid);
    if (n === undefined) {
      try {
        const f = store.openEntry(eid);
        n = `'${'name' in f && typeof f.name === 'string' ? f.name : short(eid)}'`;
        f.release();
      } catch {
        n = short(eid);
      }
      names.set(eid, n);
    }
    return n;
  };

  const watchers: Watcher[] = [];
  let seen = 0;
  let stop!: (why: string) => void;
  const stopped = new Promise<string>((r) => (stop = r));
  const onNotification = (n: Notification) => {
    if (count !== undefined && seen >= count) return;
    seen++;
    if (o.json) io.out(JSON.stringify({ time: new Date().toISOString(), ...(jsonValue(n) as object) }));
    else io.out(`${time()}  ${n.type.padEnd(16)} ${describeNotification(n, where)}${n.thread === 'caller' ? '  [caller thread]' : ''}`);
    if (count !== undefined && seen >= count) stop(`--count ${count}`);
    else if (io.closed) stop('stdout closed'); // `koffi-mapi watch | head -1`
  };
  const onWarning = (w: WatchWarning) => io.err(`warning: ${w.code}: ${w.message}`);
  const onDropped = (k: number) => io.err(`warning: ${k} notification(s) dropped`);
  const onError = (e: Error) => io.err(`error: ${e.message}`);
  const add = (w: Watcher) => {
    watchers.push(w.on('notification', onNotification).on('warning', onWarning).on('dropped', onDropped).on('error', onError));
  };
  using table = wantsTable ? folder!.contents({ columns: ['PR_INSTANCE_KEY', 'PR_ENTRYID', 'PR_SUBJECT_W', 'PR_MESSAGE_FLAGS'] }) : undefined;
  try {
    if (!events || objectEvents!.length > 0) add(folder ? folder.watch({ events: objectEvents }) : store.watch({ events: objectEvents }));
    if (table) add(table.watch());
    const onSignal = (sig: string) => stop(sig);
    process.once('SIGINT', onSignal).once('SIGTERM', onSignal);
    const timer = forMs !== undefined ? setTimeout(() => stop(`--for ${forMs}`), forMs) : undefined;
    // The reader of stdout may go while nothing arrives: look now and then, not only after a line.
    const reader = setInterval(() => io.closed && stop('stdout closed'), 200);
    io.err(`watching ${what}${events ? ` for ${events.join(', ')}` : ''}${count ? `, up to ${count}` : ''}; Ctrl+C ends`);
    const why = await stopped;
    clearTimeout(timer);
    clearInterval(reader);
    process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
    for (const w of watchers) await w.dispose();
    io.err(`stopped (${why}): ${seen} notification${seen === 1 ? '' : 's'}`);
  } finally {
    for (const w of watchers) w.release();
    folder?.release();
  }
  return 0;
}
