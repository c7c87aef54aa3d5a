/**
 * Waiting on and closing the kernel handles a provider hands back (MAPISIB.phSyncDoneEvent). On Windows
 * these are kernel32's WaitForSingleObject / CloseHandle / GetThreadId. Linux has no HANDLEs: there the
 * sample provider's portable layer exports the same three functions (SampleWaitForSingleObject, ...),
 * and the bridge calls those. Both are bound from their definitions (ffi-defs/win32, ffi-defs/sample.ts).
 */
import { SAMPLE_EXPORTS } from '../../ffi-defs/sample';
import type { MapiLibrary } from '../loader';

export interface HandleApi {
  /** 0 = signalled (WAIT_OBJECT_0), 0x102 = timeout, 0xFFFFFFFF = failed. */
  wait(h: bigint, ms: number): number;
  close(h: bigint): boolean;
  /** The thread id of a thread handle, 0 when the handle is not a thread (an event). */
  threadId(h: bigint): number;
  readonly source: string;
}

export const WAIT_OBJECT_0 = 0;

const cache = new WeakMap<MapiLibrary, HandleApi>();

/** Without handle functions nothing can be waited on: every wait fails, and the sync ends by its timeout. */
const NONE: HandleApi = { source: 'none', wait: () => 0xffffffff, close: () => false, threadId: () => 0 };

function providerHandles(lib: MapiLibrary): HandleApi {
  const dll = lib;
  const { SampleWaitForSingleObject, SampleCloseHandle, SampleGetThreadId } = SAMPLE_EXPORTS;
  if (![SampleWaitForSingleObject, SampleCloseHandle, SampleGetThreadId].every((d) => dll.has(d))) return NONE;
  const wait = dll.bind(SampleWaitForSingleObject).fn;
  const close = dll.bind(SampleCloseHandle).fn;
  const tid = dll.bind(SampleGetThreadId).fn;
  return { source: 'provider', wait: (h, ms) => wait(h, ms) >>> 0, close: (h) => close(h) !== 0, threadId: (h) => tid(h) >>> 0 };
}

export function handleApi(lib: MapiLibrary): HandleApi {
  let api = cache.get(lib);
  if (api) return api;
  if (process.platform === 'win32') {
    // Loaded only on Windows: kernel32.
    const { win32Handles } = require('./windows') as typeof import('./windows');
    api = { ...win32Handles, source: 'kernel32' };
  } else {
    api = providerHandles(lib);
  }
  cache.set(lib, api);
  return api;
}
