/**
 * koffi-mapi: Extended MAPI from TypeScript through Koffi.
 *
 * What a script needs to start (load, initialize, log on, open a store, read tables and properties) is
 * imported here; the rest (watchers, sync, the address book, messages, streams...) is loaded on first use of its export (`lazy` below): a start-up then reads ~25 fewer
 * modules, ~4 ms of the ~20 of an import (docs/performance.md, "Start-up"). The `declare const`s
 * give those exports their types; the getters give them their values.
 */
import type * as Sample from './sample';
import type * as Handles from './platform/handles';
import type * as JsObject from './com/jsobject';
import type * as Out from './com/out';
import type * as MessageModule from './mapi/message';
import type * as Streamable from './mapi/streamable';
import type * as Stream from './mapi/stream';
import type * as Recipients from './mapi/recipients';
import type * as AddrBook from './mapi/addrbook';
import type * as Attachments from './mapi/attachments';
import type * as Watch from './mapi/watch';
import type * as WatchTargets from './mapi/watch-targets';
import type * as Notify from './mapi/notify';
import type * as Sync from './mapi/sync';
import type * as ProfilesModule from './mapi/profiles';
import type { InterfaceDef } from '../ffi-defs/schema';

// Errors
export * from './errors';

// Loading MAPI
export { load, MapiLibrary, mailClientRegistry, sampleProviderPath, packageRoot, type LoadOptions, type LoadAttempt, type RegistryValue } from './loader';
export { inspectBinary, type BinaryInfo, type Machine } from './platform/binary';
export type { HandleApi } from './platform/handles';
export declare const handleApi: typeof Handles.handleApi;
export type { SampleProvider, SampleStats } from './sample';
export declare const sampleProvider: typeof Sample.sampleProvider;

// COM, both directions
export { wrap, vtableOf, liveProxyCount, ComProxyBase, type ComProxy, type RawMethods, type PointerArg } from './com/proxy';
export type { Handlers, HandlerThis, CallInfo, ImplementOptions } from './com/jsobject';
export declare const implement: typeof JsObject.implement, JsComObject: typeof JsObject.JsComObject, jsObjectStats: typeof JsObject.jsObjectStats, strayCalls: typeof JsObject.strayCalls;
export type JsComObject<D extends InterfaceDef> = JsObject.JsComObject<D>;
export declare const writeOut: typeof Out.writeOut, readIn: typeof Out.readIn;
export { guidBytes, formatGuid, readGuid, isGuid, normalizeGuid } from './com/guid';

// The session layer
export { initialize, Mapi, Session, type InitializeOptions, type LogonOptions, type StoreInfo } from './session';
export type { ServiceSpec, ServiceProps, CreateProfileOptions, ServiceInfo } from './mapi/profiles';
export declare const Profiles: typeof ProfilesModule.Profiles, Profile: typeof ProfilesModule.Profile, Service: typeof ProfilesModule.Service;
export declare const ProfileAdmin: typeof ProfilesModule.ProfileAdmin, ServiceAdmin: typeof ProfilesModule.ServiceAdmin;
export type Profiles = ProfilesModule.Profiles;
export type Profile = ProfilesModule.Profile;
export type Service = ProfilesModule.Service;
export type ProfileAdmin = ProfilesModule.ProfileAdmin;
export type ServiceAdmin = ProfilesModule.ServiceAdmin;
export { Store, Folder, splitPath, type FolderInfo, type TableOptions } from './mapi/folders';
export type { Compose } from './mapi/compose';
export type { CopyOptions, CopyFolderOptions } from './mapi/folder-ops';
export type { ProgressFn } from './mapi/progress';
export type { AttachInput } from './mapi/message';
export declare const Message: typeof MessageModule.Message, Attachment: typeof MessageModule.Attachment;
export type Message = MessageModule.Message;
export type Attachment = MessageModule.Attachment;
export declare const StreamableObject: typeof Streamable.StreamableObject;
export type StreamableObject<D extends InterfaceDef> = Streamable.StreamableObject<D>;
export declare const PropStream: typeof Stream.PropStream;
export type PropStream = Stream.PropStream;
export type { Recipient, RecipientInput, RecipientLike, RecipientType } from './mapi/recipients';
export declare const oneOffEntryId: typeof Recipients.oneOffEntryId;
export type { AbEntry, AbObjectType, AbContainerInfo, ResolveResult, ContainerResolution } from './mapi/addrbook';
export declare const AddressBook: typeof AddrBook.AddressBook, AbContainer: typeof AddrBook.AbContainer, DistList: typeof AddrBook.DistList, MailUser: typeof AddrBook.MailUser;
export type AddressBook = AddrBook.AddressBook;
export type AbContainer = AddrBook.AbContainer;
export type DistList = AddrBook.DistList;
export type MailUser = AddrBook.MailUser;
export type { AttachmentInfo, AttachMethod } from './mapi/attachments';
export declare const safeFileName: typeof Attachments.safeFileName;
export type { WatchOptions, WatchWarning, WatchStats, DroppedNotice } from './mapi/watch';
export declare const Watcher: typeof Watch.Watcher;
export type Watcher = Watch.Watcher;
export type { WatchEvent } from './mapi/watch-targets';
export declare const WATCH_EVENTS: typeof WatchTargets.WATCH_EVENTS;
export type { Notification, NotificationType, NotifyThread, ObjectTypeName, NotifyError } from './mapi/notify';
export declare const decodeNotifications: typeof Notify.decodeNotifications;
export { Table, Bookmark, decodeRowSet, decodeRowArrays, type Row, type Origin, type PageOptions } from './mapi/table';
export { PropObject, MapiObject, PropProblemsError, entryIdHex, entryIdBytes } from './mapi/object';
export {
  tag, tagName, tagNames, typeName, PropError, UndecodedValue, encodeProps, encodeRestriction, encodeTagArray, decodeTagArray, PROP_TYPE, PROP_ID,
  PROP_TAG, CHANGE_PROP_TYPE, filetimeToDate, dateToFiletime, type Prop, type PropValue, type TagLike, type TagName, type TagKey,
  type TagValue, type PropsByName, type PropsToSet, type PropTypeHex,
} from './mapi/props';
export { decodeProps, type DecodeOptions } from './mapi/decode';
export { decodeString8, encodeString8, DEFAULT_CODE_PAGE } from './mapi/codepage';
export type { RuleActions, RuleAction } from './mapi/actions';
export { namedTag, namedLabel, type NamedProp, type PropName } from './mapi/named';
export { Arena } from './mapi/memory';
export type { Restriction, SortSpec, Categories } from './mapi/restriction';

// SynchronizeInBackground
export type {
  SyncOptions, SyncEvent, SyncResult, SyncMisuse, SyncCancel, SyncThread, SyncProgressEvent, SyncErrorEvent, SyncDoneEvent,
} from './mapi/sync';
export declare const synchronize: typeof Sync.synchronize, makeMapiSib: typeof Sync.makeMapiSib, SyncRun: typeof Sync.SyncRun;
export declare const SyncTimeoutError: typeof Sync.SyncTimeoutError, NoSyncError: typeof Sync.NoSyncError;
export type SyncRun = Sync.SyncRun;
export type SyncTimeoutError = Sync.SyncTimeoutError;
export type NoSyncError = Sync.NoSyncError;

// Tracing
export { setTrace, traceFromEnv, formatRecord, type TraceRecord, type TraceSink } from './trace';

// The definitions, as data
export * as defs from '../ffi-defs';
export type { InterfaceDef, MethodDef, ParamDef, StructDef, ExportDef, TypeExpr } from '../ffi-defs/schema';
export { environment, type Environment } from './env';

/**
 * Defines `names` on this module's exports as getters that load their module on first use (scripts/link.js
 * reads these calls for the names Node's ESM import of the package finds).
 */
function lazy(load: () => Record<string, unknown>, names: readonly string[]): void {
  let m: Record<string, unknown> | undefined;
  for (const n of names) Object.defineProperty(exports, n, { enumerable: true, configurable: true, get: () => (m ??= load())[n] });
}
lazy(() => require('./sample'), ['sampleProvider']);
lazy(() => require('./platform/handles'), ['handleApi']);
lazy(() => require('./com/jsobject'), ['implement', 'JsComObject', 'jsObjectStats', 'strayCalls']);
lazy(() => require('./com/out'), ['writeOut', 'readIn']);
lazy(() => require('./mapi/message'), ['Message', 'Attachment']);
lazy(() => require('./mapi/streamable'), ['StreamableObject']);
lazy(() => require('./mapi/stream'), ['PropStream']);
lazy(() => require('./mapi/recipients'), ['oneOffEntryId']);
lazy(() => require('./mapi/addrbook'), ['AddressBook', 'AbContainer', 'DistList', 'MailUser']);
lazy(() => require('./mapi/attachments'), ['safeFileName']);
lazy(() => require('./mapi/watch'), ['Watcher']);
lazy(() => require('./mapi/watch-targets'), ['WATCH_EVENTS']);
lazy(() => require('./mapi/notify'), ['decodeNotifications']);
lazy(() => require('./mapi/profiles'), ['Profiles', 'Profile', 'Service', 'ProfileAdmin', 'ServiceAdmin']);
lazy(() => require('./mapi/sync'), ['synchronize', 'makeMapiSib', 'SyncRun', 'SyncTimeoutError', 'NoSyncError']);
