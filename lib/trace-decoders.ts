/**
 * How the tracer shows the pointer arguments worth reading: property tag arrays by tag name, GUIDs by
 * IID name. trace.ts imports this module (it is not filled in by the modules that know the types).
 */
import koffi from 'koffi';
import { IIDS } from '../ffi-defs/constants/guids';
import { normalizeGuid, readGuid } from './com/guid';
import { flexibleLayout } from './ffi/layout';
import { tagName } from './mapi/tags';

/** The tags of a native SPropTagArray (cValues, then aulPropTag[cValues]); [] for NULL. */
export function decodeTagArray(ptr: bigint): number[] {
  if (!ptr) return [];
  const { count, head } = flexibleLayout('SPropTagArray');
  const n = koffi.decode(ptr as never, count, 'uint32_t') as number;
  if (n === 0) return [];
  return Array.from(koffi.decode(ptr as never, head, 'uint32_t', n) as ArrayLike<number>);
}

let iidNames: Map<string, string> | undefined;
function iidName(p: bigint): string {
  iidNames ??= new Map(Object.entries(IIDS as Record<string, string>).map(([k, v]) => [normalizeGuid(v), k]));
  const g = readGuid(p);
  return iidNames.get(g) ?? g;
}

const tagList = (p: bigint) => `[${decodeTagArray(p).map(tagName).join(', ')}]`;

const DECODERS: Readonly<Record<string, (p: bigint) => string>> = {
  'SPropTagArray *': tagList,
  'const SPropTagArray *': tagList,
  'const GUID *': iidName,
  'GUID *': iidName,
};

/** A pointer argument (an address or a Buffer) of this C type as the trace shows it; undefined when the type has no decoder. */
export function decodeArg(type: string, v: bigint | Buffer): string | undefined {
  const d = DECODERS[type];
  return d ? d(typeof v === 'bigint' ? v : (koffi.address(v) as bigint)) : undefined;
}
