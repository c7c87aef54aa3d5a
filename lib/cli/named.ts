/**
 * Names of named properties (ids 0x8000 and up) through IMAPIProp::GetNamesFromIDs on the raw proxy, for
 * `props`. Best effort: an object or provider that cannot answer simply gets no names.
 */
import koffi from 'koffi';
import { EXPORTS } from '../../ffi-defs/exports';
import { GUIDS } from '../../ffi-defs/constants/guids';
import { readGuid, normalizeGuid } from '../com/guid';
import { structType } from '../ffi/types';
import type { MapiLibrary } from '../loader';
import { Arena } from '../mapi/memory';
import { encodeTagArray, PROP_ID } from '../mapi/props';

export interface NamedProp {
  /** Property set GUID. */
  readonly guid: string;
  /** The set's well-known name (PS_PUBLIC_STRINGS...), if it has one. */
  readonly set: string | null;
  readonly kind: 'string' | 'id';
  /** MNID_STRING name or MNID_ID number. */
  readonly name: string | number;
}

const MNID_STRING = 1;
let setNames: Map<string, string> | undefined;
const knownSet = (guid: string) =>
  (setNames ??= new Map(Object.entries(GUIDS).map(([n, g]) => [normalizeGuid(g), n]))).get(guid) ?? null;

/** How the name reads in a table: PS_PUBLIC_STRINGS:Keywords, {4B4D4150…}:SampleCounter, PSETID_Common:0x8501. */
export function namedLabel(n: NamedProp): string {
  const set = n.set ?? `${n.guid.slice(0, 9)}…}`;
  return `${set}:${typeof n.name === 'number' ? '0x' + n.name.toString(16).toUpperCase().padStart(4, '0') : n.name}`;
}

type RawProp = {
  GetNamesFromIDs: (tags: (bigint | null)[], guid: null, flags: number, count: number[], names: (bigint | null)[]) => number;
};

/** Names of these tags' named properties (by property id); empty when the object cannot tell. */
export function namesOf(raw: unknown, lib: MapiLibrary, tags: readonly number[]): Map<number, NamedProp> {
  const result = new Map<number, NamedProp>();
  const wanted = [...new Set(tags.filter((t) => PROP_ID(t) >= 0x8000))];
  if (wanted.length === 0 || typeof (raw as RawProp).GetNamesFromIDs !== 'function') return result;
  const arena = new Arena();
  const mine = encodeTagArray(arena, wanted);
  const tagsInOut: (bigint | null)[] = [mine];
  const count = [0];
  const names: (bigint | null)[] = [null];
  try {
    (raw as RawProp).GetNamesFromIDs(tagsInOut, null, 0, count, names);
  } catch {
    return result;
  }
  const ptrSize = koffi.sizeof('void *');
  const T = structType('MAPINAMEID');
  const offKind = koffi.offsetof(T, 'ulKind');
  const offValue = koffi.offsetof(T, 'Kind');
  try {
    const list = names[0];
    if (!list) return result;
    for (let i = 0; i < Math.min(count[0], wanted.length); i++) {
      const p = koffi.decode(list as never, i * ptrSize, 'void *') as bigint | null;
      if (!p) continue; // no name for this id
      const guidPtr = koffi.decode(p as never, 0, 'void *') as bigint | null;
      const guid = guidPtr ? readGuid(guidPtr) : '{00000000-0000-0000-0000-000000000000}';
      const kind = koffi.decode(p as never, offKind, 'uint32_t') as number;
      let name: string | number;
      if (kind === MNID_STRING) {
        const s = koffi.decode(p as never, offValue, 'void *') as bigint | null;
        name = s ? (koffi.decode.string16(s as never) as string) : '';
      } else name = koffi.decode(p as never, offValue, 'int32_t') as number;
      result.set(PROP_ID(wanted[i]), { guid, set: knownSet(guid), kind: kind === MNID_STRING ? 'string' : 'id', name });
    }
  } catch {
    /* a malformed answer: show what was decoded */
  } finally {
    if (names[0]) lib.call(EXPORTS.MAPIFreeBuffer, names[0]);
    if (tagsInOut[0] && tagsInOut[0] !== mine) lib.call(EXPORTS.MAPIFreeBuffer, tagsInOut[0]);
  }
  return result;
}
