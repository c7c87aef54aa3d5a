/**
 * initialize() -> logon() -> stores, folders, messages -> logoff() -> uninitialize(), with `using`
 * support. Everything opened through a session is released before it logs off, and every session
 * before MAPI is uninitialized, even when a script throws half way.
 *
 * Threads: every call here is made synchronously on the thread that called initialize() (the main JS
 * thread), which is the thread that called MAPIInitialize. See docs/threads.md.
 */
import { EXPORTS } from '../ffi-defs/exports';
import { AB_FLAGS, LOGON_FLAGS, MAPI_FLAGS, MAPI_INIT, MDB_FLAGS } from '../ffi-defs/constants/flags';
import { HR } from '../ffi-defs/constants/hresults';
import { IAddrBook } from '../ffi-defs/interfaces/IAddrBook';
import { IMAPISession } from '../ffi-defs/interfaces/IMAPISession';
import { IMAPITable } from '../ffi-defs/interfaces/IMAPITable';
import { IMsgStore } from '../ffi-defs/interfaces/IMsgStore';
import { wrap, type ComProxy } from './com/proxy';
import { load, type LoadOptions, type MapiLibrary } from './loader';
import { KoffiMapiError, MapiArgumentError, MapiError } from './errors';
import { MapiContext, Children } from './mapi/context';
import { MapiObject, entryIdBytes, entryIdHex, type Owner } from './mapi/object';
import { Table } from './mapi/table';
import type { Watcher, WatchOptions } from './mapi/watch';
import { Store, openedObject, type Folder, type Message } from './mapi/folders';
import { Arena } from './mapi/memory';
import type { AddressBook } from './mapi/addrbook';
import { offsetsOf, sizeOf } from './ffi/layout';
import { checkString, checkULong, describe } from './validate';
import type { Profiles } from './mapi/profiles';

const { MAPI_INIT_VERSION, MAPI_MULTITHREAD_NOTIFICATIONS } = MAPI_INIT;
const { MAPI_EXTENDED, MAPI_NEW_SESSION, MAPI_EXPLICIT_PROFILE, MAPI_USE_DEFAULT, MAPI_NO_MAIL } = LOGON_FLAGS;
const { MAPI_UNICODE, MAPI_BEST_ACCESS, MAPI_DEFERRED_ERRORS } = MAPI_FLAGS;
const { MDB_NO_DIALOG, MDB_NO_MAIL } = MDB_FLAGS;

export interface InitializeOptions extends LoadOptions {
  /** An already loaded library (from load()). */
  library?: MapiLibrary;
  /** MAPIINIT_0 flags; default MAPI_MULTITHREAD_NOTIFICATIONS (recommended for console apps). */
  flags?: number;
}

export interface LogonOptions {
  /** Profile name; omitted = the default profile (MAPI_USE_DEFAULT). */
  profile?: string;
  /** Extra MAPILogonEx flags, added to MAPI_EXTENDED | MAPI_UNICODE | MAPI_NEW_SESSION | MAPI_NO_MAIL. */
  flags?: number;
}

export interface StoreInfo {
  readonly name: string;
  readonly entryId: string;
  readonly isDefault: boolean;
  /** PR_MDB_PROVIDER as hex (which provider implements the store). */
  readonly provider: string;
  readonly providerName: string;
  readonly resourceFlags: number;
}

/** An initialized MAPI subsystem on this thread. */
export class Mapi implements Owner {
  readonly lib: MapiLibrary;
  readonly children = new Children();
  /** @internal */ readonly ctx: MapiContext;
  private initialized = true;

  /** @internal Use initialize(). */
  constructor(lib: MapiLibrary) {
    this.lib = lib;
    this.ctx = new MapiContext(lib);
  }

  get initializedNow(): boolean {
    return this.initialized;
  }

  /** Profiles and their message services (MAPIAdminProfiles); see lib/mapi/profiles.ts. */
  get profiles(): Profiles {
    return (this.#profiles ??= new (require('./mapi/profiles') as typeof import('./mapi/profiles')).Profiles(this));
  }
  #profiles: Profiles | undefined;

  /** MAPILogonEx. Wrong profile: MapiError MAPI_E_LOGON_FAILED. */
  logon(options: LogonOptions = {}): Session {
    if (!this.initialized) throw new KoffiMapiError('ERR_UNINITIALIZED', 'logon() after uninitialize()');
    const { profile } = options;
    if (profile !== undefined) checkString(profile, 'profile');
    if (options.flags !== undefined) checkULong(options.flags, 'logon flags');
    const flags =
      MAPI_EXTENDED | MAPI_UNICODE | MAPI_NEW_SESSION | MAPI_NO_MAIL | (profile ? MAPI_EXPLICIT_PROFILE : MAPI_USE_DEFAULT) | (options.flags ?? 0);
    const arena = new Arena();
    const out: (bigint | null)[] = [null];
    try {
      arena.keep(() => this.lib.call(EXPORTS.MAPILogonEx, 0, profile ? arena.wstring(profile) : null, null, flags >>> 0, out));
    } catch (e) {
      // MAPILogonEx has no object to ask GetLastError of; the sample provider keeps the reason.
      const detail = e instanceof MapiError ? (require('./sample') as typeof import('./sample')).sampleLogonError(this.lib) : undefined;
      throw detail ? new MapiError((e as MapiError).hr, 'MAPILogonEx', { detail }) : e;
    }
    if (!out[0]) throw new MapiError(HR.E_POINTER, 'MAPILogonEx', { detail: 'S_OK with a NULL session' });
    return new Session(this.ctx, wrap(IMAPISession, out[0]), this, profile ?? '');
  }

  /** Logs off every open session, then MAPIUninitialize. Safe to call more than once. */
  uninitialize(): void {
    if (!this.initialized) return;
    this.children.releaseAll();
    this.initialized = false;
    this.ctx.end('MAPI was uninitialized');
    this.lib.call(EXPORTS.MAPIUninitialize);
  }

  [Symbol.dispose](): void {
    this.uninitialize();
  }
}

/** Loads MAPI (see load()) and calls MAPIInitialize on this thread. */
export function initialize(options: InitializeOptions = {}): Mapi {
  const flags = checkULong(options.flags ?? MAPI_MULTITHREAD_NOTIFICATIONS, 'initialize flags');
  const lib = options.library ?? load(options);
  const init = Buffer.alloc(sizeOf('MAPIINIT_0'));
  const at = offsetsOf('MAPIINIT_0', 'ulVersion', 'ulFlags');
  init.writeUInt32LE(MAPI_INIT_VERSION, at.ulVersion);
  init.writeUInt32LE(flags, at.ulFlags);
  lib.call(EXPORTS.MAPIInitialize, init);
  return new Mapi(lib);
}

export class Session extends MapiObject<typeof IMAPISession> {
  readonly profile: string;
  private loggedOff = false;

  constructor(ctx: MapiContext, raw: ComProxy<typeof IMAPISession>, owner: Owner, profile: string) {
    super(ctx, raw, owner, 'IMAPISession', true);
    this.profile = profile;
  }

  /**
   * Notifications through the session (IMAPISession::Advise): without an entry id the session's own
   * (critical errors, extended events); with one, those of that store, folder or message, as its
   * store's Advise sends them. See Watcher.
   */
  watch(options: WatchOptions & { entryId?: string | Uint8Array } = {}): Watcher {
    const eid = options.entryId === undefined ? null : entryIdBytes(options.entryId);
    const label = eid ? `entry ${eid.toString('hex').slice(0, 16)}… through session '${this.profile}'` : `session '${this.profile}'`;
    // Loaded on first use, not with the library (lib/index.ts says why).
    const { Watcher } = require('./mapi/watch') as typeof import('./mapi/watch');
    const { entryTarget, OBJECT_EVENTS, SESSION_EVENTS } = require('./mapi/watch-targets') as typeof import('./mapi/watch-targets');
    return new Watcher(entryTarget(label, this.raw as never, this.call.bind(this), eid, eid ? OBJECT_EVENTS : SESSION_EVENTS), options, [this.children]);
  }

  /** The message stores table. */
  storesTable(): Table {
    const out: (bigint | null)[] = [null];
    this.call('GetMsgStoresTable', () => this.raw.GetMsgStoresTable(MAPI_UNICODE, out));
    return new Table(this.ctx, wrap(IMAPITable, out[0]!), this, 'message stores table');
  }

  /** Rows of the stores table. */
  stores(): StoreInfo[] {
    using t = this.storesTable();
    t.setColumns(['PR_DISPLAY_NAME_W', 'PR_ENTRYID', 'PR_DEFAULT_STORE', 'PR_MDB_PROVIDER', 'PR_PROVIDER_DISPLAY_W', 'PR_RESOURCE_FLAGS']);
    return t.all().map((r) => ({
      name: typeof r.PR_DISPLAY_NAME_W === 'string' ? r.PR_DISPLAY_NAME_W : '',
      entryId: entryIdHex(r.PR_ENTRYID),
      isDefault: r.PR_DEFAULT_STORE === true,
      provider: entryIdHex(r.PR_MDB_PROVIDER),
      providerName: typeof r.PR_PROVIDER_DISPLAY_W === 'string' ? r.PR_PROVIDER_DISPLAY_W : '',
      resourceFlags: typeof r.PR_RESOURCE_FLAGS === 'number' ? r.PR_RESOURCE_FLAGS : 0,
    }));
  }

  /** Opens a store by entry id (hex or bytes), or by display name ({ name }). */
  openStore(which: string | Uint8Array | { name: string } | { entryId: string | Uint8Array }): Store {
    let eid: Buffer;
    if (which === null || (typeof which !== 'object' && typeof which !== 'string')) {
      throw new MapiArgumentError('ERR_ENTRYID', `openStore takes an entry id, { name } or { entryId }, not ${describe(which)}`);
    }
    if (typeof which === 'object' && !(which instanceof Uint8Array) && 'name' in which) {
      checkString(which.name, 'openStore({ name })');
      const info = this.stores().find((s) => s.name.toLowerCase() === which.name.toLowerCase());
      if (!info) {
        throw new MapiError(HR.MAPI_E_NOT_FOUND, 'IMAPISession::OpenMsgStore', {
          detail: `no store named '${which.name}' (stores: ${this.stores().map((s) => s.name).join(', ')})`,
        });
      }
      eid = entryIdBytes(info.entryId);
    } else {
      eid = entryIdBytes(typeof which === 'object' && !(which instanceof Uint8Array) ? which.entryId : which);
    }
    const out: (bigint | null)[] = [null];
    this.call('OpenMsgStore', () =>
      this.raw.OpenMsgStore(0, eid.length, eid, null, MAPI_BEST_ACCESS | MDB_NO_DIALOG | MDB_NO_MAIL | MAPI_DEFERRED_ERRORS, out),
    );
    return new Store(this.ctx, wrap(IMsgStore, out[0]!), this, this.raw);
  }

  /** The store the stores table marks as default. */
  defaultStore(): Store {
    const info = this.stores().find((s) => s.isDefault);
    if (!info) throw new MapiError(HR.MAPI_E_NOT_FOUND, 'IMAPISession::GetMsgStoresTable', { detail: 'no store has PR_DEFAULT_STORE set' });
    return this.openStore(info.entryId);
  }

  /** The address book (IMAPISession::OpenAddressBook, AB_NO_DIALOG): resolve names, search, containers. */
  addressBook(): AddressBook {
    const out: (bigint | null)[] = [null];
    this.call('OpenAddressBook', () => this.raw.OpenAddressBook(0, null, AB_FLAGS.AB_NO_DIALOG, out));
    const { AddressBook } = require('./mapi/addrbook') as typeof import('./mapi/addrbook');
    return new AddressBook(this.ctx, wrap(IAddrBook, out[0]!), this);
  }

  /** IMAPISession::OpenEntry: a store, folder or message by entry id. */
  openEntry(eid: string | Uint8Array): Store | Folder | Message {
    const bytes = entryIdBytes(eid);
    const type = [0];
    const unk: (bigint | null)[] = [null];
    this.call('OpenEntry', () => this.raw.OpenEntry(bytes.length, bytes, null, MAPI_BEST_ACCESS, type, unk));
    return openedObject(this.ctx, unk[0]!, type[0], this, null, this.raw);
  }

  /** Releases everything opened through the session, then IMAPISession::Logoff and Release. */
  logoff(): void {
    if (this.loggedOff || this.raw.released) return;
    this.loggedOff = true;
    this.children.releaseAll();
    try {
      this.call('Logoff', () => this.raw.Logoff(0, 0, 0));
    } finally {
      super.release();
    }
  }

  override release(): void {
    this.logoff();
  }
}
