/**
 * Restrictions and sort orders in JS form, encoded into SRestriction / SSortOrderSet memory for a call.
 *
 *   { prop: 'PR_SUBJECT_W', op: '==', value: 'Hello' }        RES_PROPERTY (op: == != < <= > >=)
 *   { content: 'PR_SUBJECT_W', value: 'hell', match: 'substring', ignoreCase: true }   RES_CONTENT
 *   { exists: 'PR_BODY_W' }                                   RES_EXIST
 *   { bitmask: 'PR_MESSAGE_FLAGS', mask: 1, op: 'nez' }       RES_BITMASK
 *   { compare: ['PR_CREATION_TIME', 'PR_LAST_MODIFICATION_TIME'], op: '<' }   RES_COMPAREPROPS (same type)
 *   { size: 'PR_SUBJECT_W', op: '>', bytes: 40 }              RES_SIZE (the value's size in bytes)
 *   { comment: [{ tag, value }...], restriction: r }          RES_COMMENT (annotation; r, if any, decides)
 *   { count: 10, restriction: r }                             RES_COUNT (only the first 10 rows matching r)
 *   { sub: 'recipients', restriction: r }                     RES_SUBRESTRICTION (a recipient, or with
 *                                                             'attachments' an attachment, matches r;
 *                                                             a sub-object tag is accepted too)
 *   { and: [...] }, { or: [...] }, { not: r }
 *   { unknown: rt }                                           read only: a type this layer does not know
 *
 * Decoding (a PT_SRESTRICTION value, a table's restriction) gives back the same shapes with every field
 * written out, tags by name, so encode -> store -> decode round-trips. The values inside are encoded and
 * decoded by the caller's functions (props.ts, decode.ts), which need this module in turn.
 */
import { RESTRICTION, TABLE_FLAGS } from '../../ffi-defs/constants/flags';
import { PROP_TAGS } from '../../ffi-defs/constants/proptags';
import { flexibleLayout, offsetsOf, sizeOf } from '../ffi/layout';
import { MapiArgumentError } from '../errors';
import { checkULong } from '../validate';

import { tag, tagName, type Prop, type TagLike } from './tags';
import { Arena, readPtr, viewOf, writePtr } from './memory';

const own = (o: object, k: unknown): boolean => typeof k === 'string' && Object.prototype.hasOwnProperty.call(o, k);

/** Encodes SPropValues into the arena (props.ts's encodeProps). */
export type ValuesEncoder = (arena: Arena, props: readonly { tag: TagLike; value: unknown }[]) => { ptr: bigint; count: number };
/** Decodes `count` SPropValues at `ptr` (decode.ts's decodeProps, with the caller's code page). */
export type ValuesDecoder = (ptr: bigint, count: number) => Prop[];

export type Restriction =
  | { readonly and: readonly Restriction[] }
  | { readonly or: readonly Restriction[] }
  | { readonly not: Restriction }
  | { readonly exists: TagLike }
  | { readonly prop: TagLike; readonly op?: Relop; readonly value: unknown }
  | {
      readonly content: TagLike;
      readonly value: string | Uint8Array;
      readonly match?: 'full' | 'substring' | 'prefix';
      readonly ignoreCase?: boolean;
      /** FL_IGNORENONSPACE, FL_LOOSE: kept when read, written when given. */
      readonly ignoreNonSpace?: boolean;
      readonly loose?: boolean;
    }
  | { readonly bitmask: TagLike; readonly mask: number; readonly op?: 'eqz' | 'nez' }
  | { readonly compare: readonly [TagLike, TagLike]; readonly op?: Relop }
  | { readonly size: TagLike; readonly op?: Relop; readonly bytes: number }
  | { readonly comment: readonly { readonly tag: TagLike; readonly value: unknown }[]; readonly restriction?: Restriction }
  | { readonly count: number; readonly restriction: Restriction }
  | { readonly sub: 'recipients' | 'attachments' | TagLike; readonly restriction: Restriction }
  | { readonly unknown: number };

/** A comparison, as RELOP_* in MAPI. */
export type Relop = '==' | '!=' | '<' | '<=' | '>' | '>=';

const { RES_AND, RES_OR, RES_NOT, RES_CONTENT, RES_PROPERTY, RES_BITMASK, RES_EXIST, RES_COMPAREPROPS, RES_SIZE, RES_COMMENT, RES_COUNT, RES_SUBRESTRICTION, BMR_EQZ, BMR_NEZ, FL_IGNORECASE, FL_IGNORENONSPACE, FL_LOOSE } =
  RESTRICTION;
const RELOP: Record<string, number> = {
  '<': RESTRICTION.RELOP_LT, '<=': RESTRICTION.RELOP_LE, '>': RESTRICTION.RELOP_GT, '>=': RESTRICTION.RELOP_GE, '==': RESTRICTION.RELOP_EQ, '!=': RESTRICTION.RELOP_NE,
};
const FUZZY = { full: RESTRICTION.FL_FULLSTRING, substring: RESTRICTION.FL_SUBSTRING, prefix: RESTRICTION.FL_PREFIX } as const;
const { TABLE_SORT_ASCEND, TABLE_SORT_DESCEND } = TABLE_FLAGS;

/** SRestriction and the members of its union, as laid out in this process. */
function computeLayout() {
  return {
    size: sizeOf('SRestriction'),
    ...offsetsOf('SRestriction', 'rt', 'res'),
    and: offsetsOf('SAndRestriction', 'cRes', 'lpRes'),
    or: offsetsOf('SOrRestriction', 'cRes', 'lpRes'),
    not: offsetsOf('SNotRestriction', 'lpRes'),
    exist: offsetsOf('SExistRestriction', 'ulPropTag'),
    bitmask: offsetsOf('SBitMaskRestriction', 'relBMR', 'ulPropTag', 'ulMask'),
    content: offsetsOf('SContentRestriction', 'ulFuzzyLevel', 'ulPropTag', 'lpProp'),
    property: offsetsOf('SPropertyRestriction', 'relop', 'ulPropTag', 'lpProp'),
    compare: offsetsOf('SComparePropsRestriction', 'relop', 'ulPropTag1', 'ulPropTag2'),
    sizeRes: offsetsOf('SSizeRestriction', 'relop', 'ulPropTag', 'cb'),
    comment: offsetsOf('SCommentRestriction', 'cValues', 'lpRes', 'lpProp'),
    sub: offsetsOf('SSubRestriction', 'ulSubObject', 'lpRes'),
    count: offsetsOf('SCountRestriction', 'ulCount', 'lpRes'),
  };
}
let layout: ReturnType<typeof computeLayout> | undefined;
const L = () => (layout ??= computeLayout());

function relop(op: string | undefined): number {
  const v = own(RELOP, op ?? '==') ? RELOP[op ?? '=='] : undefined;
  if (v === undefined) throw new MapiArgumentError('ERR_RESTRICTION', `Unknown comparison '${op}' (use == != < <= > >=)`);
  return v;
}

/** The sub-objects RES_SUBRESTRICTION names, by their friendly names. */
const SUB_OBJECTS = { recipients: PROP_TAGS.PR_MESSAGE_RECIPIENTS, attachments: PROP_TAGS.PR_MESSAGE_ATTACHMENTS } as const;

/** The forms that compare two properties, a size, annotate, limit or look into parts: RES_COMPAREPROPS, RES_SIZE, RES_COMMENT, RES_COUNT, RES_SUBRESTRICTION. */
function writeOther(w: Writer, buf: Buffer, o: number, r: Restriction, depth: number): boolean {
  const { rt, res, compare, sizeRes, comment, sub, count } = L();
  const u = o + res;
  if ('compare' in r) {
    if (!Array.isArray(r.compare) || r.compare.length !== 2) throw new MapiArgumentError('ERR_RESTRICTION', 'compare takes two property tags');
    const [a, b] = [tag(r.compare[0]), tag(r.compare[1])];
    if ((a & 0xffff) !== (b & 0xffff)) throw new MapiArgumentError('ERR_RESTRICTION', 'compare: both properties must have the same type (RES_COMPAREPROPS)');
    buf.writeUInt32LE(RES_COMPAREPROPS, o + rt);
    buf.writeUInt32LE(relop(r.op), u + compare.relop);
    buf.writeUInt32LE(a, u + compare.ulPropTag1);
    buf.writeUInt32LE(b, u + compare.ulPropTag2);
    return true;
  }
  if ('size' in r) {
    buf.writeUInt32LE(RES_SIZE, o + rt);
    buf.writeUInt32LE(relop(r.op), u + sizeRes.relop);
    buf.writeUInt32LE(tag(r.size), u + sizeRes.ulPropTag);
    buf.writeUInt32LE(checkULong(r.bytes, 'size bytes', 'ERR_RESTRICTION'), u + sizeRes.cb);
    return true;
  }
  if ('comment' in r) {
    if (!Array.isArray(r.comment)) throw new MapiArgumentError('ERR_RESTRICTION', 'comment takes an array of { tag, value }');
    buf.writeUInt32LE(RES_COMMENT, o + rt);
    buf.writeUInt32LE(r.comment.length, u + comment.cValues);
    writePtr(buf, u + comment.lpProp, r.comment.length ? w.values(w.arena, r.comment).ptr : null);
    writePtr(buf, u + comment.lpRes, r.restriction ? encodeArray(w, [r.restriction], depth + 1) : null);
    return true;
  }
  if ('count' in r) {
    if (!r.restriction) throw new MapiArgumentError('ERR_RESTRICTION', 'count needs the restriction whose matches it limits');
    buf.writeUInt32LE(RES_COUNT, o + rt);
    buf.writeUInt32LE(checkULong(r.count, 'count', 'ERR_RESTRICTION'), u + count.ulCount);
    writePtr(buf, u + count.lpRes, encodeArray(w, [r.restriction], depth + 1));
    return true;
  }
  if ('sub' in r) {
    if (!r.restriction) throw new MapiArgumentError('ERR_RESTRICTION', 'sub needs the restriction a recipient or attachment must match');
    let which: number;
    if (own(SUB_OBJECTS, r.sub)) which = SUB_OBJECTS[r.sub as keyof typeof SUB_OBJECTS];
    else {
      try {
        which = tag(r.sub as TagLike);
      } catch {
        throw new MapiArgumentError('ERR_RESTRICTION', `sub must be 'recipients', 'attachments' or a sub-object tag, not ${JSON.stringify(r.sub)}`);
      }
    }
    buf.writeUInt32LE(RES_SUBRESTRICTION, o + rt);
    buf.writeUInt32LE(which, u + sub.ulSubObject);
    writePtr(buf, u + sub.lpRes, encodeArray(w, [r.restriction], depth + 1));
    return true;
  }
  return false;
}

interface Writer {
  readonly arena: Arena;
  readonly values: ValuesEncoder;
}

function writeAt(w: Writer, buf: Buffer, o: number, r: Restriction, depth: number): void {
  if (depth > 64) throw new MapiArgumentError('ERR_RESTRICTION', 'Restriction nested more than 64 levels deep');
  if (r === null || typeof r !== 'object') throw new MapiArgumentError('ERR_RESTRICTION', `Not a restriction: ${String(r)}`);
  const { rt, res, and, or, not, exist, bitmask, content, property } = L();
  const u = o + res;
  const list = (type: number, m: { cRes: number; lpRes: number }, items: readonly Restriction[]) => {
    if (!Array.isArray(items)) throw new MapiArgumentError('ERR_RESTRICTION', 'and/or take an array of restrictions');
    buf.writeUInt32LE(type, o + rt);
    buf.writeUInt32LE(items.length, u + m.cRes);
    writePtr(buf, u + m.lpRes, items.length ? encodeArray(w, items, depth + 1) : null);
  };
  if ('and' in r) return list(RES_AND, and, r.and);
  if ('or' in r) return list(RES_OR, or, r.or);
  if ('not' in r) {
    buf.writeUInt32LE(RES_NOT, o + rt);
    writePtr(buf, u + not.lpRes, encodeArray(w, [r.not], depth + 1));
    return;
  }
  if ('exists' in r) {
    buf.writeUInt32LE(RES_EXIST, o + rt);
    buf.writeUInt32LE(tag(r.exists), u + exist.ulPropTag);
    return;
  }
  if ('bitmask' in r) {
    checkULong(r.mask, 'bitmask mask', 'ERR_RESTRICTION');
    if (r.op !== undefined && r.op !== 'eqz' && r.op !== 'nez') throw new MapiArgumentError('ERR_RESTRICTION', `bitmask op must be 'eqz' or 'nez', not '${String(r.op)}'`);
    buf.writeUInt32LE(RES_BITMASK, o + rt);
    buf.writeUInt32LE(r.op === 'eqz' ? BMR_EQZ : BMR_NEZ, u + bitmask.relBMR);
    buf.writeUInt32LE(tag(r.bitmask), u + bitmask.ulPropTag);
    buf.writeUInt32LE(r.mask, u + bitmask.ulMask);
    return;
  }
  if ('content' in r) {
    const t = tag(r.content);
    const match = r.match ?? 'substring';
    if (match !== 'full' && match !== 'substring' && match !== 'prefix') throw new MapiArgumentError('ERR_RESTRICTION', `content match must be full, substring or prefix, not '${r.match}'`);
    const fuzzy = FUZZY[match] | (r.ignoreCase ? FL_IGNORECASE : 0) | (r.ignoreNonSpace ? FL_IGNORENONSPACE : 0) | (r.loose ? FL_LOOSE : 0);
    buf.writeUInt32LE(RES_CONTENT, o + rt);
    buf.writeUInt32LE(fuzzy, u + content.ulFuzzyLevel);
    buf.writeUInt32LE(t, u + content.ulPropTag);
    writePtr(buf, u + content.lpProp, w.values(w.arena, [{ tag: t, value: r.value }]).ptr);
    return;
  }
  if ('prop' in r) {
    const t = tag(r.prop);
    buf.writeUInt32LE(RES_PROPERTY, o + rt);
    buf.writeUInt32LE(relop(r.op), u + property.relop);
    buf.writeUInt32LE(t, u + property.ulPropTag);
    writePtr(buf, u + property.lpProp, w.values(w.arena, [{ tag: t, value: r.value }]).ptr);
    return;
  }
  if (writeOther(w, buf, o, r, depth)) return;
  throw new MapiArgumentError('ERR_RESTRICTION', `Unknown restriction ${JSON.stringify(r)}`);
}

function encodeArray(w: Writer, items: readonly Restriction[], depth: number): bigint {
  const { size } = L();
  const b = w.arena.alloc(items.length * size);
  items.forEach((r, i) => writeAt(w, b.buf, i * size, r, depth));
  return b.addr;
}

/**
 * An SRestriction in `arena`, its values encoded by `values` (props.ts's encodeRestriction passes
 * encodeProps). Values are checked against their tags' types first.
 */
export function writeRestriction(arena: Arena, r: Restriction, values: ValuesEncoder): bigint {
  return encodeArray({ arena, values }, [r], 0);
}

export type SortSpec = readonly (TagLike | { readonly tag: TagLike; readonly order?: 'asc' | 'desc' })[];

/** A categorized sort: the first `categories` sort columns make heading rows; `expanded` levels start open. */
export interface Categories {
  readonly categories?: number;
  readonly expanded?: number;
}

/** An SSortOrderSet in `arena`; `cats` gives cCategories and cExpanded (default: every level expanded). */
export function encodeSortOrder(arena: Arena, sort: SortSpec, cats: Categories = {}): bigint {
  if (cats === null || typeof cats !== 'object') throw new MapiArgumentError('ERR_SORT', `Sort options must be { categories, expanded }, not ${String(cats)}`);
  const cCategories = checkULong(cats.categories ?? 0, 'categories', 'ERR_SORT');
  const cExpanded = checkULong(cats.expanded ?? cCategories, 'expanded', 'ERR_SORT');
  if (cCategories > sort.length) throw new MapiArgumentError('ERR_SORT', `categories (${cCategories}) cannot exceed the ${sort.length} sort column(s)`);
  if (cExpanded > cCategories) throw new MapiArgumentError('ERR_SORT', `expanded (${cExpanded}) cannot exceed categories (${cCategories})`);
  const set = flexibleLayout('SSortOrderSet');
  const head = offsetsOf('SSortOrderSet', 'cCategories', 'cExpanded');
  const one = offsetsOf('SSortOrder', 'ulPropTag', 'ulOrder');
  const b = arena.alloc(set.head + set.stride * sort.length);
  b.buf.writeUInt32LE(sort.length, set.count);
  b.buf.writeUInt32LE(cCategories, head.cCategories);
  b.buf.writeUInt32LE(cExpanded, head.cExpanded);
  sort.forEach((s, i) => {
    const spec = typeof s === 'object' ? s : { tag: s, order: 'asc' as const };
    if (spec.order && spec.order !== 'asc' && spec.order !== 'desc') throw new MapiArgumentError('ERR_SORT', `Sort order must be 'asc' or 'desc', not '${spec.order}'`);
    const at = set.head + set.stride * i;
    b.buf.writeUInt32LE(tag(spec.tag), at + one.ulPropTag);
    b.buf.writeUInt32LE(spec.order === 'desc' ? TABLE_SORT_DESCEND : TABLE_SORT_ASCEND, at + one.ulOrder);
  });
  return b.addr;
}

// ---- Decoding (native -> JS) --------------------------------------------------------------------------

const RELOP_NAMES = new Map<number, Relop>(Object.entries(RELOP).map(([k, v]) => [v, k as Relop]));
const MATCH_NAMES = new Map<number, 'full' | 'substring' | 'prefix'>(Object.entries(FUZZY).map(([k, v]) => [v, k as 'full' | 'substring' | 'prefix']));

interface Reader {
  readonly values: ValuesDecoder;
}

/** One restriction node at `p`; anything this layer cannot express is { unknown: rt }, never a throw. */
function readAt(rd: Reader, p: bigint, depth: number): Restriction {
  const { size, rt, res, and, not, exist, bitmask, content, property, compare, sizeRes, comment, sub, count } = L();
  const v = viewOf(p, size);
  const type = v.getUint32(rt, true);
  const u = res;
  const u32 = (o: number) => v.getUint32(u + o, true);
  const child = (o: number): Restriction | undefined => {
    const c = readPtr(v, u + o);
    return c ? readAt(rd, c, depth + 1) : undefined;
  };
  const list = (): Restriction[] => {
    const n = u32(and.cRes);
    const lp = readPtr(v, u + and.lpRes);
    return lp ? Array.from({ length: n }, (_, i) => readAt(rd, lp + BigInt(i * size), depth + 1)) : [];
  };
  const value = (o: number): unknown => {
    const lp = readPtr(v, u + o);
    return lp ? rd.values(lp, 1)[0]?.value : undefined;
  };
  const op = (o: number) => RELOP_NAMES.get(u32(o));
  if (depth > 64) return { unknown: type };
  switch (type) {
    case RES_AND:
      return { and: list() };
    case RES_OR:
      return { or: list() }; // SOrRestriction has SAndRestriction's layout
    case RES_NOT: {
      const c = child(not.lpRes);
      return c ? { not: c } : { unknown: type };
    }
    case RES_EXIST:
      return { exists: tagName(u32(exist.ulPropTag)) };
    case RES_BITMASK:
      return { bitmask: tagName(u32(bitmask.ulPropTag)), mask: u32(bitmask.ulMask), op: u32(bitmask.relBMR) === BMR_EQZ ? 'eqz' : 'nez' };
    case RES_CONTENT: {
      const fuzzy = u32(content.ulFuzzyLevel);
      const match = MATCH_NAMES.get(fuzzy & 0xffff);
      const val = value(content.lpProp);
      if (!match || !(typeof val === 'string' || Buffer.isBuffer(val))) return { unknown: type };
      const extra = { ...(fuzzy & FL_IGNORENONSPACE ? { ignoreNonSpace: true } : {}), ...(fuzzy & FL_LOOSE ? { loose: true } : {}) };
      return { content: tagName(u32(content.ulPropTag)), value: val, match, ignoreCase: (fuzzy & FL_IGNORECASE) !== 0, ...extra };
    }
    case RES_PROPERTY: {
      const o = op(property.relop);
      return o ? { prop: tagName(u32(property.ulPropTag)), op: o, value: value(property.lpProp) } : { unknown: type };
    }
    case RES_COMPAREPROPS: {
      const o = op(compare.relop);
      return o ? { compare: [tagName(u32(compare.ulPropTag1)), tagName(u32(compare.ulPropTag2))], op: o } : { unknown: type };
    }
    case RES_SIZE: {
      const o = op(sizeRes.relop);
      return o ? { size: tagName(u32(sizeRes.ulPropTag)), op: o, bytes: u32(sizeRes.cb) } : { unknown: type };
    }
    case RES_COMMENT: {
      const n = u32(comment.cValues);
      const lp = readPtr(v, u + comment.lpProp);
      const props = n && lp ? rd.values(lp, n).map((x) => ({ tag: tagName(x.tag), value: x.value })) : [];
      const r = child(comment.lpRes);
      return r ? { comment: props, restriction: r } : { comment: props };
    }
    case RES_SUBRESTRICTION: {
      const r = child(sub.lpRes);
      const so = u32(sub.ulSubObject);
      const name = so === SUB_OBJECTS.recipients ? 'recipients' : so === SUB_OBJECTS.attachments ? 'attachments' : tagName(so);
      return r ? { sub: name, restriction: r } : { unknown: type };
    }
    case RES_COUNT: {
      const r = child(count.lpRes);
      return r ? { count: u32(count.ulCount), restriction: r } : { unknown: type };
    }
    default:
      return { unknown: type };
  }
}

/** The restriction at `p` (memory stays the caller's), its values decoded by `values`. */
export function readRestriction(p: bigint, values: ValuesDecoder): Restriction {
  return readAt({ values }, p, 0);
}
