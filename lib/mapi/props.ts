/**
 * Property tags and values: MAPI's SPropValue <-> typed JS values, both ways, for every PT_ type.
 *
 *   PT_I2, PT_LONG, PT_R4, PT_DOUBLE, PT_APPTIME  number (PT_APPTIME: the raw OLE date, days since 1899-12-30)
 *   PT_I8, PT_CURRENCY                            bigint (PT_CURRENCY: the raw CY, units of 1/10 000)
 *   PT_BOOLEAN                                    boolean
 *   PT_SYSTIME                                    Date (FILETIME's 100-ns units are truncated to ms; write a
 *                                                 bigint to set a raw FILETIME)
 *   PT_UNICODE                                    string
 *   PT_STRING8                                    string, in the object's code page (codepage.ts; windows-1252
 *                                                 when none is known)
 *   PT_CLSID                                      GUID string '{...}'
 *   PT_BINARY, PT_SVREID                          Buffer (Uint8Array accepted when writing)
 *   PT_SRESTRICTION                               Restriction (restriction.ts), written and read
 *   PT_ACTIONS                                    RuleActions (actions.ts), read only
 *   PT_ERROR                                      PropError (its MAPI_E_ name and value)
 *   PT_NULL, PT_OBJECT                            null
 *   PT_MV_*                                       arrays of the above
 *   any other type                                UndecodedValue (its type; the rest of the result is read)
 *
 * This module encodes (JS -> native); decode.ts decodes.
 */
import koffi from 'koffi';
import { structType } from '../ffi/types';
import { flexibleLayout, offsetsOf, pointeeSize, type FlexibleLayout } from '../ffi/layout';
import { MapiArgumentError } from '../errors';
import { describe, LONG_MIN, U32_MAX } from '../validate';
import { guidBytes, isGuid } from '../com/guid';
import { Arena, writePtr } from './memory';
import { encodeString8 } from './codepage';
import { writeRestriction, type Restriction } from './restriction';

export * from './tags';
import { PT, MV_FLAG, PROP_TYPE, PropError, tag, tagName, typeName, type TagLike, type PropValue, type Prop, type PropsByName, type PropsToSet } from './tags';

// ---- Layout -------------------------------------------------------------------------------------------

let L: { size: number; value: number } | undefined;
/** sizeof(SPropValue) and offsetof(SPropValue, Value) for this process. */
export function spvLayout(): { size: number; value: number } {
  return (L ??= { size: koffi.sizeof(structType('SPropValue')), value: koffi.offsetof(structType('SPropValue'), 'Value') });
}

const FILETIME_EPOCH_MS = 11644473600000n;

/**
 * A FILETIME (100-ns units since 1601) as a Date, truncated to the ms, in Number arithmetic (no BigInt on
 * the hot path of every table row): 2^32 = 429 496 × 10 000 + 7 296, so floor((hi·2^32 + lo) / 10 000) =
 * hi·429 496 + floor((hi·7 296 + lo) / 10 000), where every term is an integer below 2^53, hence exact.
 */
export function filetimeToDate(lo: number, hi: number): Date {
  const h = hi >>> 0;
  return new Date(h * 429496 + Math.floor((h * 7296 + (lo >>> 0)) / 10000) - FILETIME_EPOCH_MS_NUMBER);
}
const FILETIME_EPOCH_MS_NUMBER = Number(FILETIME_EPOCH_MS);

export function dateToFiletime(d: Date): bigint {
  return (BigInt(d.getTime()) + FILETIME_EPOCH_MS) * 10000n;
}

// ---- Layouts of the value union ------------------------------------------------------------------------

/** The members of the value union that are structs: SBinary (PT_BINARY) and FILETIME (PT_SYSTIME). */
let VL: { bin: Readonly<Record<'cb' | 'lpb', number>>; ft: Readonly<Record<'dwLowDateTime' | 'dwHighDateTime', number>> } | undefined;
export const valueLayout = () => (VL ??= { bin: offsetsOf('SBinary', 'cb', 'lpb'), ft: offsetsOf('FILETIME', 'dwLowDateTime', 'dwHighDateTime') });

/** The array struct in the value union of each multi-valued type (by its base type): MVi, MVl... */
const MV_ARRAYS: Readonly<Record<number, Parameters<typeof structType>[0]>> = {
  [PT.PT_I2]: 'SShortArray', [PT.PT_LONG]: 'SLongArray', [PT.PT_R4]: 'SRealArray', [PT.PT_DOUBLE]: 'SDoubleArray',
  [PT.PT_CURRENCY]: 'SCurrencyArray', [PT.PT_APPTIME]: 'SAppTimeArray', [PT.PT_SYSTIME]: 'SDateTimeArray', [PT.PT_BINARY]: 'SBinaryArray',
  [PT.PT_STRING8]: 'SLPSTRArray', [PT.PT_UNICODE]: 'SWStringArray', [PT.PT_CLSID]: 'SGuidArray', [PT.PT_I8]: 'SLargeIntegerArray',
};
export interface MvLayout {
  /** Offsets of the count and of the element pointer in the union. */
  readonly count: number;
  readonly lp: number;
  /** sizeof one element. */
  readonly stride: number;
}
const mvLayouts = new Map<number, MvLayout | undefined>();

/** A multi-valued array's layout, by its base type; undefined for types that have no array. */
export function mvLayout(base: number): MvLayout | undefined {
  let m = mvLayouts.get(base);
  if (m === undefined && !mvLayouts.has(base)) {
    const struct = Object.prototype.hasOwnProperty.call(MV_ARRAYS, base) ? MV_ARRAYS[base] : undefined;
    if (struct) {
      const { cValues, lp } = offsetsOf(struct, 'cValues', 'lp');
      m = { count: cValues, lp, stride: pointeeSize(struct, 'lp') };
    }
    mvLayouts.set(base, m);
  }
  return m;
}

// ---- Encoding (JS -> native) --------------------------------------------------------------------------

function bad(tagValue: number, expected: string, got: unknown): never {
  const what = got === null ? 'null' : Array.isArray(got) ? 'an array' : got instanceof Date ? 'a Date' : Buffer.isBuffer(got) ? 'a Buffer' : typeof got;
  throw new MapiArgumentError('ERR_PROP_TYPE', `${tagName(tagValue)} is ${typeName(PROP_TYPE(tagValue))}: expected ${expected}, got ${what}${typeof got === 'number' || typeof got === 'string' ? ` (${String(got).slice(0, 40)})` : ''}`);
}

function checkInt(tagValue: number, x: unknown, min: number, max: number, what: string): number {
  if (typeof x !== 'number' || !Number.isInteger(x)) bad(tagValue, what, x);
  if (x < min || x > max) throw new MapiArgumentError('ERR_PROP_RANGE', `${tagName(tagValue)}: ${x} is out of range for ${typeName(PROP_TYPE(tagValue))} (${min}..${max})`);
  return x;
}

function checkInt64(tagValue: number, x: unknown): bigint {
  let b: bigint;
  if (typeof x === 'bigint') b = x;
  else if (typeof x === 'number' && Number.isSafeInteger(x)) b = BigInt(x);
  else bad(tagValue, 'a bigint (or a safe integer number)', x);
  if (b < -(1n << 63n) || b >= 1n << 63n) throw new MapiArgumentError('ERR_PROP_RANGE', `${tagName(tagValue)}: ${b} does not fit in 64 bits`);
  return b;
}

function checkString(tagValue: number, x: unknown): string {
  if (typeof x !== 'string') bad(tagValue, 'a string', x);
  if (x.includes('\0')) throw new MapiArgumentError('ERR_PROP_VALUE', `${tagName(tagValue)}: strings cannot contain NUL characters (MAPI strings end at the first NUL)`);
  return x;
}

/** Where values are written, and the code page of the 8-bit strings among them (undefined: the default). */
interface Out {
  readonly arena: Arena;
  readonly codePage: number | undefined;
}

/** Writes one scalar element of `type` at `o` in `buf`; strings, GUIDs and bytes go to the arena. */
function writeScalar(out: Out, buf: Buffer, o: number, tagValue: number, type: number, x: unknown): void {
  const { arena } = out;
  switch (type) {
    case PT.PT_I2:
      buf.writeInt16LE(checkInt(tagValue, x, -32768, 32767, 'an integer'), o);
      return;
    case PT.PT_LONG:
      // Both views of the union (l and ul) are accepted: -2^31 .. 2^32-1.
      buf.writeUInt32LE(checkInt(tagValue, x, LONG_MIN, U32_MAX, 'an integer') >>> 0, o);
      return;
    case PT.PT_R4: {
      if (typeof x !== 'number' || !Number.isFinite(x)) bad(tagValue, 'a finite number', x);
      if (Math.abs(x) > 3.4028234663852886e38) throw new MapiArgumentError('ERR_PROP_RANGE', `${tagName(tagValue)}: ${x} is out of range for a 32-bit float`);
      buf.writeFloatLE(x, o);
      return;
    }
    case PT.PT_DOUBLE:
    case PT.PT_APPTIME:
      if (typeof x !== 'number' || !Number.isFinite(x)) bad(tagValue, 'a finite number', x);
      buf.writeDoubleLE(x, o);
      return;
    case PT.PT_CURRENCY:
    case PT.PT_I8:
      buf.writeBigInt64LE(checkInt64(tagValue, x), o);
      return;
    case PT.PT_BOOLEAN:
      if (typeof x !== 'boolean') bad(tagValue, 'a boolean', x);
      buf.writeUInt16LE(x ? 1 : 0, o);
      return;
    case PT.PT_SYSTIME: {
      let ft: bigint;
      if (x instanceof Date && !Number.isNaN(x.getTime())) ft = dateToFiletime(x);
      else if (typeof x === 'bigint' && x >= 0n && x < 1n << 64n) ft = x;
      else bad(tagValue, 'a valid Date (or a FILETIME bigint)', x);
      if (ft < 0n) throw new MapiArgumentError('ERR_PROP_RANGE', `${tagName(tagValue)}: dates before 1601 cannot be stored`);
      if (ft >= 1n << 64n) throw new MapiArgumentError('ERR_PROP_RANGE', `${tagName(tagValue)}: ${(x as Date).toISOString?.() ?? x} is beyond what a FILETIME can hold`);
      buf.writeBigUInt64LE(ft, o);
      return;
    }
    case PT.PT_ERROR:
      if (!(x instanceof PropError)) bad(tagValue, 'a PropError', x);
      buf.writeUInt32LE(x.hr, o);
      return;
    case PT.PT_STRING8:
      writePtr(buf, o, arena.string8(encodeString8(checkString(tagValue, x), out.codePage, tagName(tagValue))));
      return;
    case PT.PT_UNICODE:
      writePtr(buf, o, arena.wstring(checkString(tagValue, x)));
      return;
    case PT.PT_CLSID:
      if (!isGuid(x)) bad(tagValue, "a GUID string '{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}'", x);
      writePtr(buf, o, arena.bytes(guidBytes(x)));
      return;
    case PT.PT_SRESTRICTION:
      if (x === null || typeof x !== 'object') bad(tagValue, 'a Restriction object', x);
      writePtr(buf, o, writeRestriction(arena, x as Restriction, (a, props) => encodeProps(a, props, { codePage: out.codePage })));
      return;
    case PT.PT_BINARY:
    case PT.PT_SVREID: {
      if (!(x instanceof Uint8Array)) bad(tagValue, 'a Buffer or Uint8Array', x);
      const { bin } = valueLayout();
      buf.writeUInt32LE(x.length, o + bin.cb);
      writePtr(buf, o + bin.lpb, x.length ? arena.bytes(x) : null);
      return;
    }
    case PT.PT_NULL:
    case PT.PT_OBJECT:
      if (x !== null && x !== undefined) bad(tagValue, 'null', x);
      return;
    default:
      throw new MapiArgumentError('ERR_UNSUPPORTED_TYPE', `${tagName(tagValue)}: property type ${typeName(type)} cannot be written`);
  }
}

/** Writes the union of one SPropValue (at `o`) for `tagValue` and `x`. */
function writeValue(out: Out, buf: Buffer, o: number, tagValue: number, x: unknown): void {
  const { arena } = out;
  const type = PROP_TYPE(tagValue);
  if (type === PT.PT_UNSPECIFIED) throw new MapiArgumentError('ERR_PROP_TYPE', `${tagName(tagValue)} has no type (PT_UNSPECIFIED): use a typed tag to write it`);
  if (!(type & MV_FLAG)) return writeScalar(out, buf, o, tagValue, type, x);
  const base = type & ~(MV_FLAG | PT.MV_INSTANCE);
  if (!Array.isArray(x)) bad(tagValue, 'an array', x);
  const mv = mvLayout(base);
  if (mv === undefined) throw new MapiArgumentError('ERR_UNSUPPORTED_TYPE', `${tagName(tagValue)}: ${typeName(type)} cannot be written`);
  const { stride } = mv;
  buf.writeUInt32LE(x.length, o + mv.count);
  if (x.length === 0) return writePtr(buf, o + mv.lp, null);
  const el = arena.alloc(x.length * stride);
  for (let i = 0; i < x.length; i++) {
    if (base === PT.PT_CLSID) {
      if (!isGuid(x[i])) bad(tagValue, 'GUID strings', x[i]);
      guidBytes(x[i] as string).copy(el.buf, i * stride);
    } else {
      writeScalar(out, el.buf, i * stride, tagValue, base, x[i]);
    }
  }
  writePtr(buf, o + mv.lp, el.addr);
}

/**
 * Properties to write, as set() and configure() take them (an object of { TAG: value } or an array of
 * { tag, value }), as the array encodeProps() takes; `call` names the method in the errors.
 */
export function propsToWrite(values: PropsToSet | readonly { tag: TagLike; value: unknown }[], call: string): readonly { tag: TagLike; value: unknown }[] {
  if (values === null || typeof values !== 'object') {
    throw new MapiArgumentError('ERR_ARGUMENT', `${call}() takes an object of { TAG: value } or an array of { tag, value }, not ${describe(values)}`);
  }
  const list = Array.isArray(values) ? values : Object.entries(values).map(([k, value]) => ({ tag: k as TagLike, value }));
  for (const p of list) {
    if (p === null || typeof p !== 'object' || !('tag' in p)) throw new MapiArgumentError('ERR_ARGUMENT', `${call}([...]) takes { tag, value } items, not ${describe(p)}`);
  }
  return list;
}

/**
 * Encodes properties into an SPropValue array in `arena` (alive as long as the arena is referenced).
 * Every value is checked against its tag's type before anything is written. 8-bit strings are written
 * in `codePage` (codepage.ts; the default when not given).
 */
export function encodeProps(arena: Arena, props: readonly { tag: TagLike; value: unknown }[], options: { codePage?: number } = {}): { ptr: bigint; count: number } {
  const { size, value } = spvLayout();
  const block = arena.alloc(props.length * size);
  const out = { arena, codePage: options.codePage };
  props.forEach((p, i) => {
    const t = tag(p.tag);
    block.buf.writeUInt32LE(t, i * size);
    writeValue(out, block.buf, i * size + value, t, p.value);
  });
  return { ptr: block.addr, count: props.length };
}

/** An SRestriction in `arena` (restriction.ts), its values encoded as encodeProps does. */
export function encodeRestriction(arena: Arena, r: Restriction, options: { codePage?: number } = {}): bigint {
  return writeRestriction(arena, r, (a, props) => encodeProps(a, props, options));
}

let TA: FlexibleLayout | undefined;
const tagArrayLayout = () => (TA ??= flexibleLayout('SPropTagArray'));

/** An SPropTagArray for `tags` in `arena`. */
export function encodeTagArray(arena: Arena, tags: readonly TagLike[]): bigint {
  const { count, head, stride } = tagArrayLayout();
  const b = arena.alloc(head + stride * tags.length);
  b.buf.writeUInt32LE(tags.length, count);
  tags.forEach((t, i) => b.buf.writeUInt32LE(tag(t), head + stride * i));
  return b.addr;
}

/** The tags of a native SPropTagArray (one implementation, shared with the tracer). */
export { decodeTagArray } from '../trace-decoders';

/** Props as a plain object keyed by tag name. */
export function propsToObject(props: readonly Prop[]): PropsByName {
  const o: Record<string, PropValue> = {};
  for (const p of props) o[tagName(p.tag)] = p.value;
  // Keys are tagName()s: a PROP_TAGS name holds a value of that tag (or its PT_ERROR form), others are hex.
  return o as unknown as PropsByName;
}

