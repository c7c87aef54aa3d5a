/**
 * The sample provider's own exports (sample-provider/src/kmapi_sample.h): live-object and buffer
 * accounting, and fault-injection knobs. Only present when the loaded DLL is the sample provider.
 */
import { SAMPLE_EXPORTS } from '../ffi-defs/sample';
import type { MapiLibrary } from './loader';
import { KoffiMapiError, check } from './errors';

const FIELDS = [
  'cbSize', 'version', 'objects', 'sessions', 'stores', 'folders', 'messages', 'tables', 'syncs', 'others', 'buffers',
  'bufferBytes', 'initImbalance', 'threads', 'handles', 'notInitialized', 'badFrees', 'initializedThreads',
  'advises', 'sinkRefs', 'notifyPending',
] as const;

export type SampleStats = { readonly [K in (typeof FIELDS)[number]]: number };

export interface SampleProvider {
  /** Live objects, buffers, threads and handles, and since-load counters (see kmapi_sample.h). */
  stats(): SampleStats;
  /** Replaces the process-wide knobs ('fail=IMsgStore::OpenEntry:0x8004010F;messages=1000'); '' clears. */
  setKnobs(spec: string): void;
}

const cache = new WeakMap<MapiLibrary, SampleProvider>();
const logonErrors = new WeakMap<MapiLibrary, ((buf: Buffer, cb: number) => number) | null>();

/**
 * Why the last MAPILogonEx failed, as the sample provider explains it (SampleProvider_GetLogonError:
 * "store file /tmp/box.kms is damaged (checksum mismatch)"); undefined for any other MAPI DLL, which has no
 * such export, or when there is nothing to say.
 */
export function sampleLogonError(lib: MapiLibrary): string | undefined {
  let fn = logonErrors.get(lib);
  if (fn === undefined) {
    try {
      fn = lib.bind(SAMPLE_EXPORTS.SampleProvider_GetLogonError).fn as (buf: Buffer, cb: number) => number;
    } catch {
      fn = null;
    }
    logonErrors.set(lib, fn);
  }
  if (!fn) return undefined;
  const buf = Buffer.alloc(1400);
  if (fn(buf, buf.length) !== 0) return undefined;
  const text = buf.toString('latin1', 0, buf.indexOf(0));
  return text || undefined;
}

export function sampleProvider(lib: MapiLibrary): SampleProvider {
  let sp = cache.get(lib);
  if (sp) return sp;
  const dll = lib;
  let getStats: (out: Uint32Array) => number;
  let setKnobs: (spec: string | null) => number;
  try {
    getStats = dll.bind(SAMPLE_EXPORTS.SampleProvider_GetStats).fn;
    setKnobs = dll.bind(SAMPLE_EXPORTS.SampleProvider_SetKnobs).fn;
  } catch {
    throw new KoffiMapiError('ERR_NOT_SAMPLE', `${lib.path} is not the koffi-mapi sample provider (no SampleProvider_GetStats export)`);
  }
  sp = {
    stats() {
      const a = new Uint32Array(FIELDS.length);
      a[0] = a.byteLength;
      check(getStats(a), 'SampleProvider_GetStats');
      return Object.fromEntries(FIELDS.map((f, i) => [f, a[i]])) as SampleStats;
    },
    setKnobs(spec: string) {
      check(setKnobs(spec), `SampleProvider_SetKnobs(${JSON.stringify(spec)})`);
    },
  };
  cache.set(lib, sp);
  return sp;
}
