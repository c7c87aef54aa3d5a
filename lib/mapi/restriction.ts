/**
 * Restrictions and sort orders in JS form, encoded into SRestriction / SSortOrderSet memory for a call.
 *
 *   { prop: 'PR_SUBJECT_W', op: '==', value: 'Hello' }        RES_PROPERTY (op: == != < <= > >=)
 *   { content: 'PR_SUBJECT_W', value: 'hell', match: 'substring', ignoreCase: true }   RES_CONTENT
 *   { exists: 'PR_BODY_W' }                                   RES_EXIST
 *   { bitmask: 'PR_MESSAGE_FLAGS', mask: 1, op: 'nez' }       RES_BITMASK
 *   { and: [...] }, { or: [...] }, { not: r }
 */
import koffi from 'koffi';
import { structType } from '../ffi/types';
import { MapiArgumentError } from '../errors';
import { checkULong } from '../validate';

const own = (o: object, k: unknown): boolean => typeof k === 'string' && Object.prototype.hasOwnProperty.call(o, k);
import { encodeProps, tag, type TagLike } from './props';
import { Arena, writePtr } from './memory';

export type Restriction =
  | { readonly and: readonly Restriction[] }
  | { readonly or: readonly Restriction[] }
  | { readonly not: Restriction }
  | { readonly exists: TagLike }
  | { readonly prop: TagLike; readonly op?: '==' | '!=' | '<' | '<=' | '>' | '>='; readonly value: unknown }
  | { readonly content: TagLike; readonly value: string | Uint8Array; readonly match?: 'full' | 'substring' | 'prefix'; readonly ignoreCase?: boolean }
  | { readonly bitmask: TagLike; readonly mask: number; readonly op?: 'eqz' | 'nez' };

const RES = { AND: 0, OR: 1, NOT: 2, CONTENT: 3, PROPERTY: 4, BITMASK: 6, EXIST: 8 };
const RELOP: Record<string, number> = { '<': 0, '<=': 1, '>': 2, '>=': 3, '==': 4, '!=': 5 };
const FL = { full: 0, substring: 1, prefix: 2, IGNORECASE: 0x10000 };

let layout: { size: number; res: number; ptrAt: number; lpPropAt: number } | undefined;
function L() {
  if (!layout) {
    const r = structType('SRestriction');
    layout = {
      size: koffi.sizeof(r),
      res: koffi.offsetof(r, 'res'),
      // Offsets inside the union members: {ULONG, ptr} and {ULONG, ULONG, ptr}.
      ptrAt: koffi.offsetof(structType('SAndRestriction'), 'lpRes'),
      lpPropAt: koffi.offsetof(structType('SPropertyRestriction'), 'lpProp'),
    };
  }
  return layout;
}

function writeAt(arena: Arena, buf: Buffer, o: number, r: Restriction, depth: number): void {
  if (depth > 64) throw new MapiArgumentError('ERR_RESTRICTION', 'Restriction nested more than 64 levels deep');
  if (r === null || typeof r !== 'object') throw new MapiArgumentError('ERR_RESTRICTION', `Not a restriction: ${String(r)}`);
  const { res, ptrAt, lpPropAt } = L();
  const u = o + res;
  const list = (rt: number, items: readonly Restriction[]) => {
    if (!Array.isArray(items)) throw new MapiArgumentError('ERR_RESTRICTION', 'and/or take an array of restrictions');
    buf.writeUInt32LE(rt, o);
    buf.writeUInt32LE(items.length, u);
    writePtr(buf, u + ptrAt, items.length ? encodeArray(arena, items, depth + 1) : null);
  };
  if ('and' in r) return list(RES.AND, r.and);
  if ('or' in r) return list(RES.OR, r.or);
  if ('not' in r) {
    buf.writeUInt32LE(RES.NOT, o);
    writePtr(buf, u + ptrAt, encodeArray(arena, [r.not], depth + 1));
    return;
  }
  if ('exists' in r) {
    buf.writeUInt32LE(RES.EXIST, o);
    buf.writeUInt32LE(tag(r.exists), u + 4);
    return;
  }
  if ('bitmask' in r) {
    checkULong(r.mask, 'bitmask mask', 'ERR_RESTRICTION');
    if (r.op !== undefined && r.op !== 'eqz' && r.op !== 'nez') throw new MapiArgumentError('ERR_RESTRICTION', `bitmask op must be 'eqz' or 'nez', not '${String(r.op)}'`);
    buf.writeUInt32LE(RES.BITMASK, o);
    buf.writeUInt32LE(r.op === 'eqz' ? 0 : 1, u);
    buf.writeUInt32LE(tag(r.bitmask), u + 4);
    buf.writeUInt32LE(r.mask, u + 8);
    return;
  }
  if ('content' in r) {
    const t = tag(r.content);
    const match = r.match ?? 'substring';
    if (match !== 'full' && match !== 'substring' && match !== 'prefix') throw new MapiArgumentError('ERR_RESTRICTION', `content match must be full, substring or prefix, not '${r.match}'`);
    const fuzzy = FL[match] | (r.ignoreCase ? FL.IGNORECASE : 0);
    buf.writeUInt32LE(RES.CONTENT, o);
    buf.writeUInt32LE(fuzzy, u);
    buf.writeUInt32LE(t, u + 4);
    writePtr(buf, u + lpPropAt, encodeProps(arena, [{ tag: t, value: r.value }]).ptr);
    return;
  }
  if ('prop' in r) {
    const t = tag(r.prop);
    const op = r.op ?? '==';
    const relop = own(RELOP, op) ? RELOP[op] : undefined;
    if (relop === undefined) throw new MapiArgumentError('ERR_RESTRICTION', `Unknown comparison '${r.op}' (use == != < <= > >=)`);
    buf.writeUInt32LE(RES.PROPERTY, o);
    buf.writeUInt32LE(relop, u);
    buf.writeUInt32LE(t, u + 4);
    writePtr(buf, u + lpPropAt, encodeProps(arena, [{ tag: t, value: r.value }]).ptr);
    return;
  }
  throw new MapiArgumentError('ERR_RESTRICTION', `Unknown restriction ${JSON.stringify(r)}`);
}

function encodeArray(arena: Arena, items: readonly Restriction[], depth: number): bigint {
  const { size } = L();
  const b = arena.alloc(items.length * size);
  items.forEach((r, i) => writeAt(arena, b.buf, i * size, r, depth));
  return b.addr;
}

/** An SRestriction in `arena`. Values are checked against their tags' types first. */
export function encodeRestriction(arena: Arena, r: Restriction): bigint {
  return encodeArray(arena, [r], 0);
}

export type SortSpec = readonly (TagLike | { readonly tag: TagLike; readonly order?: 'asc' | 'desc' })[];

/** An SSortOrderSet (no categories) in `arena`. */
export function encodeSortOrder(arena: Arena, sort: SortSpec): bigint {
  const set = structType('SSortOrderSet');
  const head = koffi.offsetof(set, 'aSort');
  const b = arena.alloc(head + 8 * sort.length);
  b.buf.writeUInt32LE(sort.length, 0);
  sort.forEach((s, i) => {
    const spec = typeof s === 'object' ? s : { tag: s, order: 'asc' as const };
    if (spec.order && spec.order !== 'asc' && spec.order !== 'desc') throw new MapiArgumentError('ERR_SORT', `Sort order must be 'asc' or 'desc', not '${spec.order}'`);
    b.buf.writeUInt32LE(tag(spec.tag), head + 8 * i);
    b.buf.writeUInt32LE(spec.order === 'desc' ? 1 : 0, head + 8 * i + 4);
  });
  return b.addr;
}
