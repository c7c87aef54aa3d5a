/**
 * How the tracer shows the pointer arguments worth reading: property tag arrays by tag name, GUIDs by
 * IID name, a FlagList's states, and an ADRLIST's rows (ModifyRecipients, ResolveName, ResolveNames).
 * trace.ts imports this module. The ADRLIST is the one type decoded above this layer: recipients.ts
 * registers its decoder (registerArgDecoder), and every call that takes one is made by code that has
 * loaded recipients.ts to build it.
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

/** Rows shown of an ADRLIST; the rest are counted. */
const ROWS_SHOWN = 8;

/** A property value, short: strings cut at 40 characters, bytes as hex up to 16. */
function shortValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? v.slice(0, 37) + '...' : v);
  if (v instanceof Uint8Array) return v.length <= 16 ? `<${Buffer.from(v.buffer, v.byteOffset, v.length).toString('hex')}>` : `<${v.length} bytes>`;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? 'Invalid Date' : v.toISOString();
  if (Array.isArray(v)) return `[${v.length}]`;
  return String(v);
}

/** ADRLIST[n] {tag=value, ...} ...: each row's properties by tag name, as recipients.ts decodes them. */
export function adrListShown(rows: readonly Readonly<Record<string, unknown>>[]): string {
  const shown = rows.slice(0, ROWS_SHOWN).map((r) => `{${Object.entries(r).map(([k, v]) => `${k}=${shortValue(v)}`).join(', ')}}`);
  if (rows.length > ROWS_SHOWN) shown.push(`...${rows.length - ROWS_SHOWN} more`);
  return `ADRLIST[${rows.length}] ${shown.join(' ')}`.trimEnd();
}

const FLAG_STATES = ['MAPI_UNRESOLVED', 'MAPI_AMBIGUOUS', 'MAPI_RESOLVED'];

/** FlagList[n] [MAPI_UNRESOLVED, ...]: each row's ResolveNames state (another value in hex). */
function flagList(p: bigint): string {
  const { count, head } = flexibleLayout('FlagList');
  const n = koffi.decode(p as never, count, 'uint32_t') as number;
  const flags = n ? Array.from(koffi.decode(p as never, head, 'uint32_t', Math.min(n, 64)) as ArrayLike<number>) : [];
  const names = flags.map((f) => FLAG_STATES[f] ?? `0x${f.toString(16).padStart(8, '0')}`);
  if (n > flags.length) names.push(`...${n - flags.length} more`);
  return `FlagList[${n}] [${names.join(', ')}]`;
}

const DECODERS: Record<string, (p: bigint) => string> = {
  'SPropTagArray *': tagList,
  'const SPropTagArray *': tagList,
  'FlagList *': flagList,
  'const GUID *': iidName,
  'GUID *': iidName,
};

/** A pointer argument (an address or a Buffer) of this C type as the trace shows it; undefined when the type has no decoder. */
export function decodeArg(type: string, v: bigint | Buffer): string | undefined {
  const d = DECODERS[type];
  return d ? d(typeof v === 'bigint' ? v : (koffi.address(v) as bigint)) : undefined;
}

/** Lets a module above this layer show arguments of a type it decodes (recipients.ts: 'ADRLIST *'). */
export function registerArgDecoder(type: string, decode: (p: bigint) => string): void {
  DECODERS[type] = decode;
}
