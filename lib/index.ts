/** koffi-mapi: Extended MAPI from TypeScript through Koffi. */
export * from './errors';
export { wrap, vtableOf, liveProxyCount, ComProxyBase, type ComProxy, type RawMethods, type PointerArg } from './com/proxy';
export { implement, JsComObject, jsObjectStats, strayCalls, type Handlers, type CallInfo, type ImplementOptions } from './com/jsobject';
export { guidBytes, formatGuid, readGuid, isGuid, normalizeGuid } from './com/guid';
export { load, MapiLibrary, sampleProviderPath, packageRoot, type LoadOptions, type LoadAttempt } from './loader';
export { inspectBinary, type BinaryInfo, type Machine } from './platform/binary';
export { setTrace, type TraceRecord } from './trace';
export * as defs from '../ffi-defs';
