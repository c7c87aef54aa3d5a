/**
 * Waiting on and closing the kernel handles a provider hands back (MAPISIB.phSyncDoneEvent). On Windows
 * these are kernel32's WaitForSingleObject / CloseHandle / GetThreadId. Linux has no HANDLEs: there the
 * sample provider's portable layer exports the same three functions (SampleWaitForSingleObject, ...),
 * and the bridge calls those.
 */
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
export const WAIT_TIMEOUT = 0x102;

const cache = new WeakMap<MapiLibrary, HandleApi>();

export function handleApi(lib: MapiLibrary): HandleApi {
  let api = cache.get(lib);
  if (api) return api;
  if (process.platform === 'win32') {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { win32Handles } = require('./windows') as typeof import('./windows');
    api = { ...win32Handles, source: 'kernel32' };
  } else {
    const sym = (name: string) => {
      try {
        return lib.lib.symbol(name);
      } catch {
        return null;
      }
    };
    const koffi = require('koffi') as typeof import('koffi');
    const w = sym('SampleWaitForSingleObject');
    const c = sym('SampleCloseHandle');
    const t = sym('SampleGetThreadId');
    if (!w || !c || !t) {
      api = {
        source: 'none',
        wait: () => 0xffffffff,
        close: () => false,
        threadId: () => 0,
      };
    } else {
      const wait = koffi.decode(w, koffi.proto('uint32_t (void *, uint32_t)')) as (h: bigint, ms: number) => number;
      const close = koffi.decode(c, koffi.proto('int32_t (void *)')) as (h: bigint) => number;
      const tid = koffi.decode(t, koffi.proto('uint32_t (void *)')) as (h: bigint) => number;
      api = { source: 'provider', wait, close: (h) => close(h) !== 0, threadId: tid };
    }
  }
  cache.set(lib, api);
  return api;
}
