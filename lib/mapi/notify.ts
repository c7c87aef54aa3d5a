/**
 * NOTIFICATION arrays, as IMAPIAdviseSink::OnNotify receives them, decoded into typed objects. The
 * memory is the provider's and valid during OnNotify only, so everything is copied out here; a batch is
 * read through one view (span.ts) because a provider flooding a watcher sends thousands a second.
 */
import koffi from 'koffi';
import { NOTIFICATION_EVENTS as EV, OBJECT_TYPES, TABLE_FLAGS, MAPI_FLAGS } from '../../ffi-defs/constants/flags';
import { offsetsOf, sizeOf } from '../ffi/layout';
import { hresultName } from '../errors';
import { viewOf } from './memory';
import { Extent, Span, addrAt, bytesIn } from './span';
import { decodeArrays, type DecodeOptions } from './decode';
import { tagName, type PropsByName, type PropValue } from './props';

/** Which thread called OnNotify: the provider's own ('provider') or the script's, inside a MAPI call ('caller'). */
export type NotifyThread = 'provider' | 'caller';

export type ObjectTypeName = 'store' | 'addressBook' | 'folder' | 'abContainer' | 'message' | 'mailUser' | 'attachment' | 'distList' | 'profileSection' | 'status' | 'session' | 'formInfo';

const OBJECT_NAMES: Readonly<Record<number, ObjectTypeName>> = {
  [OBJECT_TYPES.MAPI_STORE]: 'store',
  [OBJECT_TYPES.MAPI_ADDRBOOK]: 'addressBook',
  [OBJECT_TYPES.MAPI_FOLDER]: 'folder',
  [OBJECT_TYPES.MAPI_ABCONT]: 'abContainer',
  [OBJECT_TYPES.MAPI_MESSAGE]: 'message',
  [OBJECT_TYPES.MAPI_MAILUSER]: 'mailUser',
  [OBJECT_TYPES.MAPI_ATTACH]: 'attachment',
  [OBJECT_TYPES.MAPI_DISTLIST]: 'distList',
  [OBJECT_TYPES.MAPI_PROFSECT]: 'profileSection',
  [OBJECT_TYPES.MAPI_STATUS]: 'status',
  [OBJECT_TYPES.MAPI_SESSION]: 'session',
  [OBJECT_TYPES.MAPI_FORMINFO]: 'formInfo',
};

export type ObjectEventType = 'objectCreated' | 'objectDeleted' | 'objectModified' | 'objectMoved' | 'objectCopied' | 'searchComplete';
export type TableEventType =
  | 'tableChanged' | 'tableError' | 'tableRowAdded' | 'tableRowDeleted' | 'tableRowModified' | 'tableSortDone' | 'tableRestrictDone' | 'tableSetColDone' | 'tableReload';

interface Base {
  readonly thread: NotifyThread;
}

/** Entry ids are upper-case hex strings, as Store.entryId and Folder.entryId are: openEntry() takes them. */
export type Notification =
  | (Base & { readonly type: 'criticalError'; readonly entryId: string | null; readonly scode: number; readonly name: string; readonly flags: number; readonly error: NotifyError | null })
  | (Base & { readonly type: 'newMail'; readonly entryId: string | null; readonly parentId: string | null; readonly messageClass: string | null; readonly flags: number })
  | (Base & {
      readonly type: ObjectEventType;
      readonly objectType: ObjectTypeName | number;
      readonly entryId: string | null;
      readonly parentId: string | null;
      readonly oldId: string | null;
      readonly oldParentId: string | null;
      /** The properties that changed (objectModified, when the provider says), else null. */
      readonly propTags: readonly number[] | null;
    })
  | (Base & {
      readonly type: TableEventType;
      readonly hr: number;
      /** The row's PR_INSTANCE_KEY (propIndex), as a hex string; null when the event names no row. */
      readonly index: string | null;
      /** PR_INSTANCE_KEY of the row before it; null when it is the first row (PR_NULL) or none is named. */
      readonly prior: string | null;
      /** The row with the table's columns (tableRowAdded, tableRowModified), else null. */
      readonly row: PropsByName | null;
    })
  | (Base & { readonly type: 'statusObjectModified'; readonly entryId: string | null; readonly props: PropsByName })
  | (Base & { readonly type: 'extended'; readonly event: number; readonly data: Buffer })
  | (Base & { readonly type: 'unknown'; readonly eventType: number });

export type NotificationType = Notification['type'];

/** The MAPIERROR of a critical error notification. */
export interface NotifyError {
  readonly text: string;
  readonly component: string;
  readonly lowLevelError: number;
  readonly context: number;
}

const TABLE_EVENTS: Readonly<Record<number, TableEventType>> = {
  [TABLE_FLAGS.TABLE_CHANGED]: 'tableChanged',
  [TABLE_FLAGS.TABLE_ERROR]: 'tableError',
  [TABLE_FLAGS.TABLE_ROW_ADDED]: 'tableRowAdded',
  [TABLE_FLAGS.TABLE_ROW_DELETED]: 'tableRowDeleted',
  [TABLE_FLAGS.TABLE_ROW_MODIFIED]: 'tableRowModified',
  [TABLE_FLAGS.TABLE_SORT_DONE]: 'tableSortDone',
  [TABLE_FLAGS.TABLE_RESTRICT_DONE]: 'tableRestrictDone',
  [TABLE_FLAGS.TABLE_SETCOL_DONE]: 'tableSetColDone',
  [TABLE_FLAGS.TABLE_RELOAD]: 'tableReload',
};

const OBJECT_EVENTS: Readonly<Record<number, ObjectEventType>> = {
  [EV.fnevObjectCreated]: 'objectCreated',
  [EV.fnevObjectDeleted]: 'objectDeleted',
  [EV.fnevObjectModified]: 'objectModified',
  [EV.fnevObjectMoved]: 'objectMoved',
  [EV.fnevObjectCopied]: 'objectCopied',
  [EV.fnevSearchComplete]: 'searchComplete',
};

let L: ReturnType<typeof layouts> | undefined;
function layouts() {
  const info = offsetsOf('NOTIFICATION', 'ulEventType', 'info').info;
  return {
    size: sizeOf('NOTIFICATION'),
    info,
    err: offsetsOf('ERROR_NOTIFICATION', 'cbEntryID', 'lpEntryID', 'scode', 'ulFlags', 'lpMAPIError'),
    mail: offsetsOf('NEWMAIL_NOTIFICATION', 'cbEntryID', 'lpEntryID', 'cbParentID', 'lpParentID', 'ulFlags', 'lpszMessageClass', 'ulMessageFlags'),
    obj: offsetsOf('OBJECT_NOTIFICATION', 'cbEntryID', 'lpEntryID', 'ulObjType', 'cbParentID', 'lpParentID', 'cbOldID', 'lpOldID', 'cbOldParentID', 'lpOldParentID', 'lpPropTagArray'),
    tab: offsetsOf('TABLE_NOTIFICATION', 'ulTableEvent', 'hResult', 'propIndex', 'propPrior', 'row'),
    row: offsetsOf('SRow', 'cValues', 'lpProps'),
    ext: offsetsOf('EXTENDED_NOTIFICATION', 'ulEvent', 'cb', 'pbEventParameters'),
    stat: offsetsOf('STATUS_OBJECT_NOTIFICATION', 'cbEntryID', 'lpEntryID', 'cValues', 'lpPropVals'),
    mapiError: offsetsOf('MAPIERROR', 'lpszError', 'lpszComponent', 'ulLowLevelError', 'ulContext'),
  };
}

/** The event bits a batch's decoding needs to know which member of `info` is in use. */
const OBJECT_MASK = EV.fnevObjectCreated | EV.fnevObjectDeleted | EV.fnevObjectModified | EV.fnevObjectMoved | EV.fnevObjectCopied | EV.fnevSearchComplete;

/** Entry ids (and other blocks) of one batch, read through one view when they are close enough together. */
class Blocks {
  private readonly span: Span | null;
  constructor(ext: Extent) {
    this.span = ext.empty ? null : ext.spanWith(null);
  }

  hex(p: number, cb: number): string | null {
    if (!p || cb === 0) return null;
    const u = bytesIn(this.span, p, cb);
    return Buffer.from(u.buffer, u.byteOffset, cb).toString('hex').toUpperCase();
  }
}

const U32 = (v: DataView, o: number) => v.getUint32(o, true);

/**
 * Decodes `count` NOTIFICATIONs at `ptr`. A notification whose event type this layer does not know
 * comes back as { type: 'unknown', eventType }, so a provider's extension never breaks a watcher.
 */
// long: one switch over the union's members, each a handful of reads; split, it would read the view in five places.
export function decodeNotifications(ptr: bigint, count: number, thread: NotifyThread, options: DecodeOptions = {}): Notification[] {
  if (!ptr || count === 0) return [];
  const l = (L ??= layouts());
  const base = Number(ptr);
  const v = viewOf(ptr, count * l.size);
  // First pass: where the entry ids are, so that one view covers them.
  const ext = new Extent();
  for (let i = 0; i < count; i++) {
    const o = i * l.size;
    const t = U32(v, o);
    const at = o + l.info;
    if (t & OBJECT_MASK && !(t & ~OBJECT_MASK)) {
      ext.add(addrAt(v, at + l.obj.lpEntryID), U32(v, at + l.obj.cbEntryID));
      ext.add(addrAt(v, at + l.obj.lpParentID), U32(v, at + l.obj.cbParentID));
      ext.add(addrAt(v, at + l.obj.lpOldID), U32(v, at + l.obj.cbOldID));
      ext.add(addrAt(v, at + l.obj.lpOldParentID), U32(v, at + l.obj.cbOldParentID));
    } else if (t === EV.fnevNewMail) {
      ext.add(addrAt(v, at + l.mail.lpEntryID), U32(v, at + l.mail.cbEntryID));
      ext.add(addrAt(v, at + l.mail.lpParentID), U32(v, at + l.mail.cbParentID));
    }
  }
  const b = new Blocks(ext);
  const out: Notification[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const o = i * l.size;
    const t = U32(v, o) >>> 0;
    const at = o + l.info;
    const objType = OBJECT_EVENTS[t];
    if (objType !== undefined) {
      const ot = U32(v, at + l.obj.ulObjType);
      const tags = addrAt(v, at + l.obj.lpPropTagArray);
      out[i] = {
        type: objType,
        objectType: OBJECT_NAMES[ot] ?? ot,
        entryId: b.hex(addrAt(v, at + l.obj.lpEntryID), U32(v, at + l.obj.cbEntryID)),
        parentId: b.hex(addrAt(v, at + l.obj.lpParentID), U32(v, at + l.obj.cbParentID)),
        oldId: b.hex(addrAt(v, at + l.obj.lpOldID), U32(v, at + l.obj.cbOldID)),
        oldParentId: b.hex(addrAt(v, at + l.obj.lpOldParentID), U32(v, at + l.obj.cbOldParentID)),
        propTags: tags ? tagArray(tags) : null,
        thread,
      };
      continue;
    }
    switch (t) {
      case EV.fnevNewMail: {
        const flags = U32(v, at + l.mail.ulFlags);
        const cls = addrAt(v, at + l.mail.lpszMessageClass);
        out[i] = {
          type: 'newMail',
          entryId: b.hex(addrAt(v, at + l.mail.lpEntryID), U32(v, at + l.mail.cbEntryID)),
          parentId: b.hex(addrAt(v, at + l.mail.lpParentID), U32(v, at + l.mail.cbParentID)),
          messageClass: cls ? text(cls, (flags & MAPI_FLAGS.MAPI_UNICODE) !== 0) : null,
          flags: U32(v, at + l.mail.ulMessageFlags),
          thread,
        };
        break;
      }
      case EV.fnevCriticalError: {
        const scode = U32(v, at + l.err.scode) >>> 0;
        const flags = U32(v, at + l.err.ulFlags);
        const me = addrAt(v, at + l.err.lpMAPIError);
        const cb = U32(v, at + l.err.cbEntryID);
        const p = addrAt(v, at + l.err.lpEntryID);
        out[i] = { type: 'criticalError', entryId: p && cb ? b.hex(p, cb) : null, scode, name: hresultName(scode), flags, error: me ? mapiError(me, (flags & MAPI_FLAGS.MAPI_UNICODE) !== 0) : null, thread };
        break;
      }
      case EV.fnevTableModified:
        out[i] = tableNotification(base + at, v, at, thread, options);
        break;
      case EV.fnevExtended: {
        const cb = U32(v, at + l.ext.cb);
        const p = addrAt(v, at + l.ext.pbEventParameters);
        out[i] = { type: 'extended', event: U32(v, at + l.ext.ulEvent), data: p && cb ? Buffer.from(bytesIn(null, p, cb)) : Buffer.alloc(0), thread };
        break;
      }
      case EV.fnevStatusObjectModified: {
        const n = U32(v, at + l.stat.cValues);
        const p = addrAt(v, at + l.stat.lpPropVals);
        const { tags, values } = decodeArrays([p], [p ? n : 0], options);
        out[i] = { type: 'statusObjectModified', entryId: b.hex(addrAt(v, at + l.stat.lpEntryID), U32(v, at + l.stat.cbEntryID)), props: byName(tags, values, 0, tags.length), thread };
        break;
      }
      default:
        out[i] = { type: 'unknown', eventType: t, thread };
    }
  }
  return out;
}

function tableNotification(addr: number, v: DataView, at: number, thread: NotifyThread, options: DecodeOptions): Notification {
  const l = L!;
  const ev = U32(v, at + l.tab.ulTableEvent);
  const type = TABLE_EVENTS[ev];
  if (!type) return { type: 'unknown', eventType: EV.fnevTableModified, thread };
  const rowAt = at + l.tab.row;
  const n = U32(v, rowAt + l.row.cValues);
  const props = addrAt(v, rowAt + l.row.lpProps);
  // propIndex and propPrior are SPropValues inside the NOTIFICATION; the row's are where lpProps points.
  const { tags, values } = decodeArrays([addr + l.tab.propIndex, addr + l.tab.propPrior, props], [1, 1, props ? n : 0], options);
  return {
    type,
    hr: U32(v, at + l.tab.hResult) >>> 0,
    index: instanceKey(tags[0], values[0]),
    prior: instanceKey(tags[1], values[1]),
    row: props && n ? byName(tags, values, 2, tags.length) : null,
    thread,
  };
}

/** A PR_INSTANCE_KEY value as hex; PR_NULL, an empty key or a zeroed SPropValue as null. */
function instanceKey(tag: number, value: PropValue): string | null {
  if (tag === 0 || tag === 1 || !Buffer.isBuffer(value) || value.length === 0) return null;
  return value.toString('hex').toUpperCase();
}

function byName(tags: readonly number[], values: readonly PropValue[], from: number, to: number): PropsByName {
  const o: Record<string, PropValue> = {};
  for (let i = from; i < to; i++) o[tagName(tags[i])] = values[i];
  return o as unknown as PropsByName;
}

function tagArray(p: number): number[] {
  const n = koffi.decode(BigInt(p) as never, 'uint32_t') as number;
  if (n === 0) return [];
  const v = viewOf(BigInt(p), 4 + 4 * n);
  const out: number[] = new Array(n);
  for (let i = 0; i < n; i++) out[i] = U32(v, 4 + 4 * i) >>> 0;
  return out;
}

function text(p: number, unicode: boolean): string {
  return unicode ? (koffi.decode.string16(BigInt(p) as never) as string) : (koffi.decode.string(BigInt(p) as never) as string);
}

function mapiError(p: number, unicode: boolean): NotifyError {
  const l = L!.mapiError;
  const v = viewOf(BigInt(p), l.ulContext + 4);
  const e = addrAt(v, l.lpszError);
  const c = addrAt(v, l.lpszComponent);
  return { text: e ? text(e, unicode) : '', component: c ? text(c, unicode) : '', lowLevelError: U32(v, l.ulLowLevelError), context: U32(v, l.ulContext) };
}
