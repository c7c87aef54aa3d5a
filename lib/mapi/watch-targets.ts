/**
 * What can be watched and how: the events and their fnev* bits, and the Advise/Unadvise pairs of the
 * objects that have them (IMsgStore and IMAPISession with an entry id, IMAPITable without).
 */
import { NOTIFICATION_EVENTS as EV } from '../../ffi-defs/constants/flags';
import { MapiArgumentError } from '../errors';
import { checkArray } from '../validate';

/** What to watch for; each is one or more fnev* bits. */
export type WatchEvent = 'newMail' | 'created' | 'modified' | 'deleted' | 'moved' | 'copied' | 'searchComplete' | 'criticalError' | 'table' | 'statusObject' | 'extended';

export const WATCH_EVENTS: Readonly<Record<WatchEvent, number>> = {
  newMail: EV.fnevNewMail,
  created: EV.fnevObjectCreated,
  modified: EV.fnevObjectModified,
  deleted: EV.fnevObjectDeleted,
  moved: EV.fnevObjectMoved,
  copied: EV.fnevObjectCopied,
  searchComplete: EV.fnevSearchComplete,
  criticalError: EV.fnevCriticalError,
  table: EV.fnevTableModified,
  statusObject: EV.fnevStatusObjectModified,
  extended: EV.fnevExtended,
};

/** What a friendly object gives the watcher: how to register and unregister its sink. */
export interface WatchTarget {
  /** "store 'Sample Mailbox'", for messages. */
  readonly label: string;
  /** The events this object can send, and the default set. */
  readonly defaults: readonly WatchEvent[];
  /** Advise(mask, sink): the connection number. Throws a MapiError. */
  advise(mask: number, sink: bigint): number | bigint;
  /** Unadvise(connection). Throws a MapiError. */
  unadvise(connection: number | bigint): void;
  /** Whether the object was released (a released object's registrations went with it). */
  readonly gone: () => boolean;
}

/** The event mask of a set of WatchEvents. */
export function watchMask(events: readonly WatchEvent[], what: string): number {
  checkArray(events, `${what}: events`);
  if (events.length === 0) throw new MapiArgumentError('ERR_WATCH_EVENTS', `${what}: events must name at least one event`);
  let mask = 0;
  for (const e of events) {
    const bit = WATCH_EVENTS[e as WatchEvent];
    if (bit === undefined) throw new MapiArgumentError('ERR_WATCH_EVENTS', `${what}: unknown event '${String(e)}' (events: ${Object.keys(WATCH_EVENTS).join(', ')})`);
    mask |= bit;
  }
  return mask >>> 0;
}

type Call = <T>(method: string, fn: () => T) => T;
type Conn = (number | bigint)[];

/** The events a store, folder or message can send; a table's; a session's own (no entry id). */
export const OBJECT_EVENTS: readonly WatchEvent[] = ['newMail', 'created', 'modified', 'deleted', 'moved', 'copied', 'searchComplete'];
export const TABLE_EVENTS: readonly WatchEvent[] = ['table'];
export const SESSION_EVENTS: readonly WatchEvent[] = ['criticalError', 'extended'];

/** IMsgStore::Advise / IMAPISession::Advise(cbEntryID, lpEntryID, mask, sink, &conn) and their Unadvise. */
export function entryTarget(
  label: string,
  raw: { Advise(cb: number, eid: Buffer | null, mask: number, sink: bigint, out: Conn): number; Unadvise(conn: number | bigint): number; readonly released: boolean },
  call: Call,
  eid: Buffer | null,
  defaults: readonly WatchEvent[],
): WatchTarget {
  return {
    label,
    defaults,
    advise(mask, sink) {
      const out: Conn = [0];
      call('Advise', () => raw.Advise(eid ? eid.length : 0, eid, mask, sink, out));
      return out[0];
    },
    unadvise(conn) {
      call('Unadvise', () => raw.Unadvise(conn));
    },
    gone: () => raw.released,
  };
}

/** IMAPITable::Advise(mask, sink, &conn) and its Unadvise. */
export function tableTarget(
  label: string,
  raw: { Advise(mask: number, sink: bigint, out: Conn): number; Unadvise(conn: number | bigint): number; readonly released: boolean },
  call: Call,
): WatchTarget {
  return {
    label,
    defaults: TABLE_EVENTS,
    advise(mask, sink) {
      const out: Conn = [0];
      call('Advise', () => raw.Advise(mask, sink, out));
      return out[0];
    },
    unadvise(conn) {
      call('Unadvise', () => raw.Unadvise(conn));
    },
    gone: () => raw.released,
  };
}
