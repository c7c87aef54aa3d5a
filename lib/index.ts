/** koffi-mapi: Extended MAPI from TypeScript through Koffi. */
export * from './errors';
export { wrap, vtableOf, liveProxyCount, ComProxyBase, type ComProxy, type RawMethods, type PointerArg } from './com/proxy';
export { implement, JsComObject, jsObjectStats, strayCalls, type Handlers, type CallInfo, type ImplementOptions } from './com/jsobject';
export { guidBytes, formatGuid, readGuid, isGuid, normalizeGuid } from './com/guid';
export { load, MapiLibrary, sampleProviderPath, packageRoot, type LoadOptions, type LoadAttempt } from './loader';
export { inspectBinary, type BinaryInfo, type Machine } from './platform/binary';
export { setTrace, type TraceRecord } from './trace';
export * as defs from '../ffi-defs';
export { initialize, Mapi, Session, type InitializeOptions, type LogonOptions, type StoreInfo } from './session';
export { Store, Folder, Message, splitPath, type FolderInfo, type TableOptions } from './mapi/folders';
export { Table, decodeRowSet, type Row } from './mapi/table';
export { PropObject, MapiObject, PropProblemsError, entryIdHex, entryIdBytes } from './mapi/object';
export {
  tag, tagName, tagNames, typeName, PropError, decodeProps, encodeProps, PROP_TYPE, PROP_ID, PROP_TAG, CHANGE_PROP_TYPE,
  filetimeToDate, dateToFiletime, type Prop, type PropValue, type TagLike,
} from './mapi/props';
export { Arena } from './mapi/memory';
export type { Restriction, SortSpec } from './mapi/restriction';
export { synchronize, makeMapiSib, SyncRun, SyncTimeoutError, NoSyncError, type SyncOptions, type SyncEvent, type SyncResult, type SyncThread, type SyncProgressEvent, type SyncErrorEvent, type SyncDoneEvent } from './sync';
export { handleApi, type HandleApi } from './platform/handles';
export { sampleProvider, type SampleProvider, type SampleStats } from './sample';
import { traceFromEnv } from './trace';
traceFromEnv();
export { traceFromEnv, formatRecord, type TraceSink } from './trace';
export { writeOut, readIn } from './com/out';
export { encodeTagArray, decodeTagArray } from './mapi/props';
export type { InterfaceDef, MethodDef, ParamDef, StructDef, ExportDef, TypeExpr } from '../ffi-defs/schema';
