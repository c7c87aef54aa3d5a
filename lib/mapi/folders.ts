/** Stores, folders and messages: the everyday MAPI path on top of the raw proxies. */
import { IMsgStore } from '../../ffi-defs/interfaces/IMsgStore';
import { MAPI_FLAGS, OBJECT_TYPES } from '../../ffi-defs/constants/flags';
import { HR } from '../../ffi-defs/constants/hresults';
import { IMAPIFolder } from '../../ffi-defs/interfaces/IMAPIFolder';
import { IMessage } from '../../ffi-defs/interfaces/IMessage';
import { IMAPITable } from '../../ffi-defs/interfaces/IMAPITable';
import type { IMAPISession } from '../../ffi-defs/interfaces/IMAPISession';
import { IUnknown } from '../../ffi-defs/interfaces/IUnknown';
import type { InterfaceDef } from '../../ffi-defs/schema';
import { wrap, type ComProxy } from '../com/proxy';
import { MapiError, MapiArgumentError, KoffiMapiError } from '../errors';
import type { MapiContext } from './context';
import { PropObject, entryIdBytes, entryIdHex, type Owner } from './object';
import { Arena } from './memory';
import type { Message } from './message';
export type { Message } from './message';
import type { Compose } from './compose';
import type { CopyFolderOptions, CopyOptions } from './folder-ops';
import type { ProgressFn } from './progress';
import { Table, type PageOptions, type Row } from './table';
import type { PropValue, PropsToSet, TagLike } from './props';
import type { Restriction, SortSpec } from './restriction';
import { checkString } from '../validate';
import type { SyncOptions, SyncRun } from './sync';
import type { Watcher, WatchOptions } from './watch';

// Loaded on first use, not with the library (lib/index.ts says why).
const messages = () => require('./message') as typeof import('./message');
const compose = () => require('./compose') as typeof import('./compose');
const ops = () => require('./folder-ops') as typeof import('./folder-ops');
const sync = () => require('./sync') as typeof import('./sync');
const watch = () => require('./watch') as typeof import('./watch');
const targets = () => require('./watch-targets') as typeof import('./watch-targets');

const { MAPI_UNICODE, MAPI_BEST_ACCESS, MAPI_ASSOCIATED, CONVENIENT_DEPTH, OPEN_IF_EXISTS, FOLDER_GENERIC } = MAPI_FLAGS;
const { MAPI_STORE, MAPI_FOLDER, MAPI_MESSAGE } = OBJECT_TYPES;

type Opened = Store | Folder | Message;

/** Wraps what an OpenEntry returned, by its object type. */
export function openedObject(ctx: MapiContext, unk: bigint, objType: number, owner: Owner, store: Store | null, session: ComProxy<typeof IMAPISession> | null): Opened {
  const as = <D extends InterfaceDef>(def: D) => wrap(def, unk);
  switch (objType) {
    case MAPI_STORE:
      return new Store(ctx, as(IMsgStore), owner, session);
    case MAPI_FOLDER:
      return new Folder(ctx, as(IMAPIFolder), owner, store);
    case MAPI_MESSAGE:
      return new (messages().Message)(ctx, as(IMessage), owner);
    default: {
      wrap(IUnknown, unk).release();
      throw new KoffiMapiError('ERR_OBJECT_TYPE', `OpenEntry returned an object of type ${objType}, which this layer does not wrap; use the raw proxy`);
    }
  }
}

/** A call's OpenEntry(cb, eid, NULL, flags, &type, &unk) on any interface that has one. */
function openEntry(
  call: <T>(m: string, fn: () => T) => T,
  raw: { OpenEntry: (cb: number, eid: Buffer | null, iid: null, flags: number, type: number[], unk: (bigint | null)[]) => number },
  eid: string | Uint8Array | null,
): { unk: bigint; type: number } {
  const bytes = eid === null ? null : entryIdBytes(eid);
  const type = [0];
  const unk: (bigint | null)[] = [null];
  call('OpenEntry', () => raw.OpenEntry(bytes ? bytes.length : 0, bytes, null, MAPI_BEST_ACCESS, type, unk));
  if (!unk[0]) throw new MapiError(HR.E_POINTER, 'OpenEntry', { detail: 'S_OK with a NULL object' });
  return { unk: unk[0], type: type[0] };
}

export interface FolderInfo {
  readonly name: string;
  readonly entryId: string;
  readonly depth: number;
  readonly contentCount: number;
  readonly unreadCount: number;
  readonly hasSubfolders: boolean;
  readonly containerClass: string;
}

export interface TableOptions {
  columns?: readonly TagLike[];
  restrict?: Restriction;
  sort?: SortSpec;
  /** Associated (FAI) contents instead of normal messages. */
  associated?: boolean;
}

const FOLDER_COLUMNS = ['PR_DISPLAY_NAME_W', 'PR_ENTRYID', 'PR_DEPTH', 'PR_CONTENT_COUNT', 'PR_CONTENT_UNREAD', 'PR_SUBFOLDERS', 'PR_CONTAINER_CLASS_W'] as const;

function folderInfo(r: Row): FolderInfo {
  const num = (v: PropValue | undefined) => (typeof v === 'number' ? v : 0);
  return {
    name: typeof r.PR_DISPLAY_NAME_W === 'string' ? r.PR_DISPLAY_NAME_W : '',
    entryId: entryIdHex(r.PR_ENTRYID),
    depth: num(r.PR_DEPTH),
    contentCount: num(r.PR_CONTENT_COUNT),
    unreadCount: num(r.PR_CONTENT_UNREAD),
    hasSubfolders: r.PR_SUBFOLDERS === true,
    containerClass: typeof r.PR_CONTAINER_CLASS_W === 'string' ? r.PR_CONTAINER_CLASS_W : '',
  };
}

/** Splits 'Inbox/Projects' into names; '\/' escapes a slash inside a name. */
export function splitPath(p: string): string[] {
  return p
    .split(/(?<!\\)\//)
    .map((s) => s.replace(/\\\//g, '/'))
    .filter((s) => s.length > 0);
}

function checkFolder(f: unknown): Folder {
  if (!(f instanceof Folder)) throw new MapiArgumentError('ERR_ARGUMENT', `Expected a Folder, not ${String(f)}`);
  return f;
}

export class Folder extends PropObject<typeof IMAPIFolder> {
  /** The store this folder was opened from (null when opened through the session). */
  readonly store: Store | null;

  constructor(ctx: MapiContext, raw: ComProxy<typeof IMAPIFolder>, owner: Owner, store: Store | null) {
    super(ctx, raw, owner, 'IMAPIFolder');
    this.store = store;
  }

  get name(): string {
    const v = this.get('PR_DISPLAY_NAME_W');
    return typeof v === 'string' ? v : '';
  }

  get entryId(): string {
    return entryIdHex(this.get('PR_ENTRYID'));
  }

  /**
   * Notifications about this folder and the objects in it (IMsgStore::Advise with its entry id): new
   * mail, messages created, modified, deleted, moved or copied. See Watcher.
   */
  watch(options: WatchOptions = {}): Watcher {
    if (!this.store) throw new KoffiMapiError('ERR_WATCH_NO_STORE', `Folder '${this.name}' was opened through the session: watch it with session.watch({ entryId: folder.entryId })`);
    return this.store.watch({ ...options, entryId: this.entryId, label: `folder '${this.name}'` });
  }

  /** The contents table (messages), optionally with columns, restriction and sort already applied. */
  contents(options: TableOptions = {}): Table {
    return this.table('GetContentsTable', options.associated ? MAPI_ASSOCIATED : 0, options);
  }

  /** The hierarchy table (subfolders); `deep` gives the whole subtree with PR_DEPTH. */
  hierarchy(options: TableOptions & { deep?: boolean } = {}): Table {
    return this.table('GetHierarchyTable', options.deep ? CONVENIENT_DEPTH : 0, options);
  }

  private table(method: 'GetContentsTable' | 'GetHierarchyTable', flags: number, options: TableOptions): Table {
    const out: (bigint | null)[] = [null];
    this.call(method, () => this.raw[method](flags | MAPI_UNICODE, out));
    const t = new Table(this.ctx, wrap(IMAPITable, out[0]!), this, `${method} table`);
    try {
      if (options.columns) t.setColumns(options.columns);
      if (options.restrict) t.restrict(options.restrict);
      if (options.sort) t.sort(options.sort);
    } catch (e) {
      t.release();
      throw e;
    }
    return t;
  }

  /** The direct subfolders. */
  subfolders(): FolderInfo[] {
    using t = this.hierarchy({ columns: FOLDER_COLUMNS });
    return t.all().map(folderInfo);
  }

  /** The whole subtree, depth first as the provider orders it, with PR_DEPTH (1 = direct child). */
  tree(): FolderInfo[] {
    using t = this.hierarchy({ columns: FOLDER_COLUMNS, deep: true });
    return t.all().map(folderInfo);
  }

  /** Opens a subfolder by path relative to this folder ('Projects/2026'), matching names case-insensitively. */
  folder(path: string): Folder {
    const names = splitPath(checkString(path, 'folder path', { code: 'ERR_PATH' }));
    if (names.length === 0) throw new MapiArgumentError('ERR_PATH', 'Empty folder path');
    let current: Folder = this;
    const opened: Folder[] = [];
    try {
      for (const name of names) {
        const child = current.subfolders().find((f) => f.name.toLowerCase() === name.toLowerCase());
        if (!child) {
          throw new MapiError(HR.MAPI_E_NOT_FOUND, `${this.raw.interface.name}::OpenEntry`, {
            detail: `no folder '${name}' in '${current === this ? current.name : names.slice(0, names.indexOf(name)).join('/')}' (path '${path}')`,
          });
        }
        const next = current.openEntry(child.entryId);
        if (!(next instanceof Folder)) {
          next.release();
          throw new KoffiMapiError('ERR_NOT_A_FOLDER', `'${name}' is not a folder`);
        }
        opened.push(next);
        current = next;
      }
    } catch (e) {
      for (const f of opened) f.release();
      throw e;
    }
    // Keep only the last one: intermediate folders are released now.
    for (const f of opened.slice(0, -1)) f.release();
    return current;
  }

  /** IMAPIContainer::OpenEntry: a folder or message by entry id. */
  openEntry(eid: string | Uint8Array): Opened {
    const { unk, type } = openEntry(this.call.bind(this), this.raw as never, eid);
    return openedObject(this.ctx, unk, type, this, this.store, this.store?.session ?? null);
  }

  /** Messages as rows, page by page: { columns, restrict, sort, pageSize, limit }. */
  async *messages(options: TableOptions & PageOptions = {}): AsyncGenerator<Row, void, undefined> {
    const t = this.contents({ columns: options.columns ?? ['PR_ENTRYID', 'PR_SUBJECT_W', 'PR_MESSAGE_DELIVERY_TIME', 'PR_MESSAGE_SIZE'], ...options });
    try {
      yield* t.rows({ pageSize: options.pageSize, limit: options.limit });
    } finally {
      t.release();
    }
  }

  /**
   * Creates a message and saves it (unless `save: false`): either raw properties ({ PR_SUBJECT_W: ... })
   * or a composition: { subject, body, html, to, cc, bcc, attachments, props }.
   */
  createMessage(content: PropsToSet | Compose = {}, options: { save?: boolean } = {}): Message {
    const composed = compose().isCompose(content) ? content : null;
    const out: (bigint | null)[] = [null];
    this.call('CreateMessage', () => this.raw.CreateMessage(null, 0, out));
    const m = new (messages().Message)(this.ctx, wrap(IMessage, out[0]!), this);
    try {
      if (composed) compose().fillCompose(m, composed);
      else m.set(content as PropsToSet);
      if (options.save !== false) m.save();
    } catch (e) {
      m.release();
      throw e;
    }
    return m;
  }

  /** Creates a subfolder (or opens it, with `openIfExists`). */
  createFolder(name: string, options: { comment?: string; openIfExists?: boolean } = {}): Folder {
    checkString(name, 'folder name', { nonEmpty: true });
    const arena = new Arena();
    const out: (bigint | null)[] = [null];
    const comment = options.comment !== undefined ? arena.wstring(checkString(options.comment, 'folder comment')) : null;
    arena.keep(() => this.call('CreateFolder', () =>
      this.raw.CreateFolder(FOLDER_GENERIC, arena.wstring(name), comment, null, MAPI_UNICODE | (options.openIfExists ? OPEN_IF_EXISTS : 0), out),
    ));
    return new Folder(this.ctx, wrap(IMAPIFolder, out[0]!), this, this.store);
  }

  /** IMAPIFolder::DeleteMessages by entry id; entries not in this folder are MAPI_W_PARTIAL_COMPLETION. */
  deleteMessages(entryIds: readonly (string | Uint8Array)[], options: { progress?: ProgressFn } = {}): void {
    ops().deleteMessages(this.call.bind(this), this, entryIds, options.progress);
  }

  /** IMAPIFolder::CopyMessages into `dest`; `move` moves them (new entry ids). */
  copyMessages(entryIds: readonly (string | Uint8Array)[], dest: Folder, options: CopyOptions = {}): void {
    ops().copyMessages(this.call.bind(this), this, entryIds, checkFolder(dest), options);
  }

  /** IMAPIFolder::EmptyFolder: every message and subfolder goes; the folder stays. */
  emptyFolder(options: { progress?: ProgressFn } = {}): void {
    ops().emptyFolder(this.call.bind(this), this, options.progress);
  }

  /** IMAPIFolder::CopyFolder of `child` (a subfolder of this folder) into `dest`. */
  copyFolder(child: Folder, dest: Folder, options: CopyFolderOptions = {}): void {
    ops().copyFolder(this.call.bind(this), this, checkFolder(child), checkFolder(dest), options);
  }

  /** IMAPIFolder::DeleteFolder of `child`; `force` takes its messages and subfolders too. */
  deleteFolder(child: Folder, options: { force?: boolean } = {}): void {
    ops().deleteFolder(this.call.bind(this), this, checkFolder(child), options);
  }
}

export class Store extends PropObject<typeof IMsgStore> {
  /** The session the store was opened through (MAPISIB.psesSync of a sync); null when not known. */
  readonly session: ComProxy<typeof IMAPISession> | null;

  constructor(ctx: MapiContext, raw: ComProxy<typeof IMsgStore>, owner: Owner, session: ComProxy<typeof IMAPISession> | null) {
    super(ctx, raw, owner, 'IMsgStore');
    this.session = session;
  }

  get name(): string {
    const v = this.get('PR_DISPLAY_NAME_W');
    return typeof v === 'string' ? v : '';
  }

  get entryId(): string {
    return entryIdHex(this.get('PR_ENTRYID'));
  }

  /**
   * Runs IMAPISync::SynchronizeInBackground on this store with a JS progress callback (see lib/mapi/sync.ts).
   * Throws NoSyncError when the store's provider does not implement IMAPISync.
   */
  synchronize(options?: SyncOptions): SyncRun {
    return sync().synchronize({ lib: this.ctx.lib, name: this.name, store: this.raw as unknown as ComProxy, sessionPtr: this.session?.ptr ?? null }, options);
  }

  /**
   * Notifications from the whole store (IMsgStore::Advise), or from one folder or message of it
   * (`entryId`). See Watcher: an EventEmitter and an async iterator; dispose() unadvises.
   */
  watch(options: WatchOptions & { entryId?: string | Uint8Array; label?: string } = {}): Watcher {
    const eid = options.entryId === undefined ? null : entryIdBytes(options.entryId);
    const label = options.label ?? (eid ? `entry ${eid.toString('hex').slice(0, 16)}… of store '${this.name}'` : `store '${this.name}'`);
    const { entryTarget, OBJECT_EVENTS } = targets();
    return new (watch().Watcher)(entryTarget(label, this.raw as never, this.call.bind(this), eid, OBJECT_EVENTS), options, [this.children, this.dependents]);
  }

  /** IMsgStore::OpenEntry. A null entry id opens the root folder. */
  openEntry(eid: string | Uint8Array | null): Opened {
    const { unk, type } = openEntry(this.call.bind(this), this.raw as never, eid);
    return openedObject(this.ctx, unk, type, this, this, this.session);
  }

  private openFolder(eid: string | null, what: string): Folder {
    const o = this.openEntry(eid);
    if (!(o instanceof Folder)) {
      o.release();
      throw new KoffiMapiError('ERR_NOT_A_FOLDER', `${what} is not a folder`);
    }
    return o;
  }

  /** The root folder (above the IPM subtree). */
  root(): Folder {
    return this.openFolder(null, 'The root');
  }

  /** "Top of Information Store": PR_IPM_SUBTREE_ENTRYID. */
  ipmSubtree(): Folder {
    const eid = this.get('PR_IPM_SUBTREE_ENTRYID');
    if (!Buffer.isBuffer(eid)) throw new MapiError(HR.MAPI_E_NOT_FOUND, 'IMsgStore::GetProps(PR_IPM_SUBTREE_ENTRYID)', { detail: `store '${this.name}' has no IPM subtree` });
    return this.openFolder(entryIdHex(eid), 'PR_IPM_SUBTREE_ENTRYID');
  }

  /** A folder by path under the IPM subtree ('Inbox/Projects'); a leading '/' starts at the root. */
  folder(path: string): Folder {
    checkString(path, 'folder path', { nonEmpty: true, code: 'ERR_PATH' });
    const base = path.startsWith('/') ? this.root() : this.ipmSubtree();
    try {
      return base.folder(path);
    } finally {
      base.release();
    }
  }

  /** IMsgStore::GetReceiveFolder: where messages of `messageClass` are delivered (the Inbox for ''). */
  receiveFolder(messageClass = ''): Folder {
    checkString(messageClass, 'message class');
    const arena = new Arena();
    const cb = [0];
    const eid: (bigint | null)[] = [null];
    const explicit: (bigint | null)[] = [null];
    arena.keep(() => this.call('GetReceiveFolder', () => this.raw.GetReceiveFolder(arena.wstring(messageClass), MAPI_UNICODE, cb, eid, explicit)));
    this.ctx.free(explicit[0]);
    return this.openFolder(this.ctx.take(eid[0], cb[0], 'IMsgStore::GetReceiveFolder').toString('hex'), 'The receive folder');
  }
}
