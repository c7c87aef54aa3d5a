/**
 * Named properties (ids 0x8000 and up): a property set GUID plus a string or a number, mapped to a
 * per-store property id by IMAPIProp::GetIDsFromNames / GetNamesFromIDs.
 */
import koffi from 'koffi';
import { GUIDS } from '../../ffi-defs/constants/guids';
import { MNID, MAPI_FLAGS } from '../../ffi-defs/constants';
import { formatGuid, guidBytes, isGuid, normalizeGuid, readGuid } from '../com/guid';
import { offsetsOf, sizeOf } from '../ffi/layout';
import { MapiArgumentError } from '../errors';
import { LONG_MIN, U32_MAX } from '../validate';
import { Arena, PTR, writePtr } from './memory';
import { PROP_ID, PROP_TAG } from './props';

export interface NamedProp {
  /** Property set GUID, registry form. */
  readonly guid: string;
  /** The set's well-known name (PS_PUBLIC_STRINGS, PSETID_Common...), if it has one. */
  readonly set: string | null;
  readonly kind: 'string' | 'id';
  /** MNID_STRING name or MNID_ID number. */
  readonly name: string | number;
}

/** A name to look up: the set by GUID or by its well-known name, and a string or a number. */
export interface PropName {
  readonly set: string;
  readonly name: string | number;
}

let setNames: Map<string, string> | undefined;
const knownSet = (guid: string) => (setNames ??= new Map(Object.entries(GUIDS).map(([n, g]) => [normalizeGuid(g), n]))).get(guid) ?? null;

/** How a name reads: PS_PUBLIC_STRINGS:Keywords, PSETID_Common:0x8501, {4B4D4150…}:Counter. */
export function namedLabel(n: NamedProp): string {
  const set = n.set ?? `${n.guid.slice(0, 9)}…}`;
  return `${set}:${typeof n.name === 'number' ? '0x' + n.name.toString(16).toUpperCase().padStart(4, '0') : n.name}`;
}

function setGuid(set: string): string {
  const known = (GUIDS as Record<string, string>)[set];
  if (known) return known;
  if (isGuid(set)) return normalizeGuid(set);
  throw new MapiArgumentError('ERR_ARGUMENT', `Unknown property set '${set}' (a GUID string or one of ${Object.keys(GUIDS).join(', ')})`);
}

/** Writes MAPINAMEID structs and the array of pointers to them, for GetIDsFromNames. */
export function encodeNames(arena: Arena, names: readonly PropName[]): bigint {
  const size = sizeOf('MAPINAMEID');
  const { lpguid: offGuid, ulKind: offKind, Kind: offValue } = offsetsOf('MAPINAMEID', 'lpguid', 'ulKind', 'Kind');
  const structs = arena.alloc(size * names.length);
  const pointers = arena.alloc(PTR * names.length);
  names.forEach((n, i) => {
    if (n === null || typeof n !== 'object') throw new MapiArgumentError('ERR_ARGUMENT', 'A property name is { set, name }');
    const o = i * size;
    writePtr(structs.buf, o + offGuid, arena.bytes(guidBytes(setGuid(n.set))));
    if (typeof n.name === 'string') {
      if (n.name.length === 0 || n.name.includes('\0')) throw new MapiArgumentError('ERR_ARGUMENT', 'A string property name is non-empty and has no NUL');
      structs.buf.writeUInt32LE(MNID.MNID_STRING, o + offKind);
      writePtr(structs.buf, o + offValue, arena.wstring(n.name));
    } else if (typeof n.name === 'number' && Number.isInteger(n.name) && n.name >= LONG_MIN && n.name <= U32_MAX) {
      structs.buf.writeUInt32LE(MNID.MNID_ID, o + offKind);
      structs.buf.writeUInt32LE(n.name >>> 0, o + offValue);
    } else {
      throw new MapiArgumentError('ERR_ARGUMENT', `A property name is a string or a 32-bit integer, not ${String(n.name)}`);
    }
    writePtr(pointers.buf, i * PTR, structs.addr + BigInt(o));
  });
  return pointers.addr;
}

/** Decodes GetNamesFromIDs' MAPINAMEID* array (entries may be NULL: no name for that id). */
export function decodeNames(list: bigint, count: number): (NamedProp | null)[] {
  const { lpguid: offGuid, ulKind: offKind, Kind: offValue } = offsetsOf('MAPINAMEID', 'lpguid', 'ulKind', 'Kind');
  const out: (NamedProp | null)[] = [];
  for (let i = 0; i < count; i++) {
    const p = koffi.decode(list as never, i * PTR, 'void *') as bigint | null;
    if (!p) {
      out.push(null);
      continue;
    }
    const guidPtr = koffi.decode(p as never, offGuid, 'void *') as bigint | null;
    const guid = guidPtr ? readGuid(guidPtr) : formatGuid(new Uint8Array(16));
    const kind = koffi.decode(p as never, offKind, 'uint32_t') as number;
    let name: string | number;
    if (kind === MNID.MNID_STRING) {
      const s = koffi.decode(p as never, offValue, 'void *') as bigint | null;
      name = s ? (koffi.decode.string16(s as never) as string) : '';
    } else name = koffi.decode(p as never, offValue, 'int32_t') as number;
    out.push({ guid, set: knownSet(guid), kind: kind === MNID.MNID_STRING ? 'string' : 'id', name });
  }
  return out;
}

/** The flag GetIDsFromNames takes to create mappings that do not exist yet. */
export const MAPI_CREATE = MAPI_FLAGS.MAPI_CREATE;

/** A named property's tag with a type: namedTag(id, PT_UNICODE). */
export function namedTag(idOrTag: number, type: number): number {
  return PROP_TAG(type, PROP_ID(idOrTag));
}
