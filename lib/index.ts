/** koffi-mapi: Extended MAPI from TypeScript through Koffi. */

// Errors
export * from './errors';

// Loading MAPI
export { load, MapiLibrary, mailClientRegistry, sampleProviderPath, packageRoot, type LoadOptions, type LoadAttempt, type RegistryValue } from './loader';
export { inspectBinary, type BinaryInfo, type Machine } from './platform/binary';
export { handleApi, type HandleApi } from './platform/handles';
export { sampleProvider, type SampleProvider, type SampleStats } from './sample';

// COM, both directions
export { wrap, vtableOf, liveProxyCount, ComProxyBase, type ComProxy, type RawMethods, type PointerArg } from './com/proxy';
export { implement, JsComObject, jsObjectStats, strayCalls, type Handlers, type HandlerThis, type CallInfo, type ImplementOptions } from './com/jsobject';
export { writeOut, readIn } from './com/out';
export { guidBytes, formatGuid, readGuid, isGuid, normalizeGuid } from './com/guid';

// The session layer
export { initialize, Mapi, Session, type InitializeOptions, type LogonOptions, type StoreInfo } from './session';
export {
  Profiles, Profile, Service, ProfileAdmin, ServiceAdmin, type ServiceSpec, type ServiceProps, type CreateProfileOptions, type ServiceInfo,
} from './mapi/profiles';
export { Store, Folder, Message, splitPath, type FolderInfo, type TableOptions } from './mapi/folders';
export type { Compose } from './mapi/compose';
export type { CopyOptions, CopyFolderOptions } from './mapi/folder-ops';
export type { ProgressFn } from './mapi/progress';
export { Attachment, type AttachInput } from './mapi/message';
export { StreamableObject } from './mapi/streamable';
export { PropStream } from './mapi/stream';
export { oneOffEntryId, type Recipient, type RecipientInput, type RecipientLike, type RecipientType } from './mapi/recipients';
export { safeFileName, type AttachmentInfo, type AttachMethod } from './mapi/attachments';
export { Watcher, type WatchOptions, type WatchWarning, type WatchStats, type DroppedNotice } from './mapi/watch';
export { WATCH_EVENTS, type WatchEvent } from './mapi/watch-targets';
export { decodeNotifications, type Notification, type NotificationType, type NotifyThread, type ObjectTypeName, type NotifyError } from './mapi/notify';
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
export {
  synchronize, makeMapiSib, SyncRun, SyncTimeoutError, NoSyncError, type SyncOptions, type SyncEvent, type SyncResult, type SyncMisuse, type SyncCancel,
  type SyncThread, type SyncProgressEvent, type SyncErrorEvent, type SyncDoneEvent,
} from './mapi/sync';

// Tracing
export { setTrace, traceFromEnv, formatRecord, type TraceRecord, type TraceSink } from './trace';

// The definitions, as data
export * as defs from '../ffi-defs';
export type { InterfaceDef, MethodDef, ParamDef, StructDef, ExportDef, TypeExpr } from '../ffi-defs/schema';
export { environment, type Environment } from './env';
