/**
 * Table rows decoded by code made for their columns. A page of a streamed table is 200 rows with the
 * same tags in the same places; the generic decoder (decode.ts) reads each cell's tag, switches on its
 * type and stores the value in an array the row is then built from. Here the first row of a column set
 * gets a function written for exactly those tags: it checks that a row has them (one compare per cell)
 * and builds the row object (or array) in one literal, each cell read by the few operations its type
 * needs. A row whose tags differ (a PT_ERROR cell, another column count) gets the function for its own
 * tags; types without a fast form go through the generic valueAt(). Same values, same keys, same order
 * as decodeArrays() + a row object (docs/performance.md, "Table streaming").
 */
import koffi from 'koffi';
import { Decoder, bytesAt, spansOver, valueAt, type DecodeOptions } from './decode';
import { viewOf } from './memory';
import { filetimeToDate, spvLayout, valueLayout } from './props';
import { addrAt } from './span';
import { CHANGE_PROP_TYPE, PT, PROP_TYPE, PropError, tagName, type PropValue } from './tags';

export type RowShape = 'object' | 'array';

/** What a row function returns for a row that does not have its tags. */
const MISS: unique symbol = Symbol('miss');

type RowFn = (v: DataView, at: number, d: Decoder) => unknown;

interface Codec {
  readonly count: number;
  readonly fn: RowFn;
}

/** The helpers the generated functions call (small: V8 inlines them). */
const HELPERS = {
  MISS,
  PropError,
  addrAt,
  bytesAt,
  valueAt,
  filetimeToDate,
  str16(v: DataView, o: number): string | null {
    const p = addrAt(v, o); // an address as a Number: no BigInt per string
    return p ? (koffi.decode.string16(p as never) as string) : null;
  },
};

/**
 * The expression for one cell of type `type` whose value union is at `at + o` (`tag` its tag); null for
 * a type that goes through valueAt(). Each is what scalarAt() in decode.ts does for that type.
 */
function cellExpression(tag: number, o: number): string | null {
  const { ft, bin } = valueLayout(); // offsets written into the code, not looked up per cell
  switch (PROP_TYPE(tag)) {
    case PT.PT_UNICODE:
      return `str16(v, at + ${o})`;
    case PT.PT_LONG:
      return `v.getInt32(at + ${o}, true)`;
    case PT.PT_I2:
      return `v.getInt16(at + ${o}, true)`;
    case PT.PT_BOOLEAN:
      return `v.getUint16(at + ${o}, true) !== 0`;
    case PT.PT_DOUBLE:
    case PT.PT_APPTIME:
      return `v.getFloat64(at + ${o}, true)`;
    case PT.PT_I8:
    case PT.PT_CURRENCY:
      return `v.getBigInt64(at + ${o}, true)`;
    case PT.PT_SYSTIME:
      return `filetimeToDate(v.getUint32(at + ${o + ft.dwLowDateTime}, true), v.getUint32(at + ${o + ft.dwHighDateTime}, true))`;
    case PT.PT_BINARY:
    case PT.PT_SVREID:
      return `bytesAt(d, addrAt(v, at + ${o + bin.lpb}), v.getUint32(at + ${o + bin.cb}, true))`;
    default:
      return null;
  }
}

/**
 * The function for rows of these tags. A cell may also be the PT_ERROR form of its tag when that has
 * the same name (what a sparse column sends for the rows without the property), so that one function
 * serves a column set however its errors fall, instead of one per pattern of errors.
 */
function makeCodec(tags: readonly number[], shape: RowShape): Codec {
  const { size, value } = spvLayout();
  const errs = tags.map((t) => {
    const e = CHANGE_PROP_TYPE(t, PT.PT_ERROR);
    return PROP_TYPE(t) !== PT.PT_ERROR && tagName(e) === tagName(t) ? e : null;
  });
  const tagAt = (k: number) => `v.getUint32(at + ${k * size}, true)`;
  const checks = tags.map((t, k) => (errs[k] === null ? `${tagAt(k)} !== ${t >>> 0}` : `(t = ${tagAt(k)}) !== ${t >>> 0} && t !== ${errs[k]}`));
  let generic = false;
  const cells = tags.map((t, k) => {
    const o = k * size + value;
    let cell = cellExpression(t, o);
    if (cell === null) {
      generic = true;
      cell = `valueAt(d, v, at + ${o}, ${t >>> 0})`;
    }
    return errs[k] === null ? cell : `${tagAt(k)} === ${errs[k]} ? new PropError(v.getUint32(at + ${o}, true)) : ${cell}`;
  });
  // Keys as decodeRowSet always named them: tagName(), a repeated name keeps its first place and its last value.
  const body = shape === 'object' ? `{ ${cells.map((c, k) => `${JSON.stringify(tagName(tags[k]))}: ${c}`).join(', ')} }` : `[${cells.join(', ')}]`;
  const src = [
    '"use strict";',
    'const { MISS, str16, addrAt, bytesAt, valueAt, filetimeToDate, PropError } = H;', // locals: no property load per cell
    'return function row(v, at, d) {',
    '  let t;',
    checks.length ? `  if (${checks.join(' || ')}) return MISS;` : '',
    // valueAt's 8-bit strings look for the row's own code page column.
    generic ? `  d.startRow(v, at, ${tags.length});` : '',
    `  return ${body};`,
    '};',
  ].join('\n');
  return { count: tags.length, fn: new Function('H', src)(HELPERS) as RowFn };
}

const codecs = new Map<string, Codec>();

/** The codec for the tags of the row at `at` of `v`, made once per column set and shape. */
function codecFor(v: DataView, at: number, count: number, shape: RowShape): Codec {
  const { size } = spvLayout();
  const tags: number[] = new Array(count);
  for (let k = 0; k < count; k++) tags[k] = v.getUint32(at + k * size, true);
  const key = `${shape}:${tags.join(',')}`;
  let c = codecs.get(key);
  if (!c) {
    if (codecs.size >= 64) codecs.clear(); // column sets are few; this only bounds an odd caller
    c = makeCodec(tags, shape);
    codecs.set(key, c);
  }
  return c;
}

const NO_VALUES: DataView = new DataView(new ArrayBuffer(0));

/**
 * Decodes the SPropValue arrays of a row set (addresses as Numbers) into row objects keyed by tag name,
 * or arrays of values in column order, all through one view (span.ts). `options.codePage` as in
 * decodeArrays().
 */
export function decodeRows(addrs: readonly number[], counts: readonly number[], options: DecodeOptions, shape: 'object'): Record<string, PropValue>[];
export function decodeRows(addrs: readonly number[], counts: readonly number[], options: DecodeOptions, shape: 'array'): PropValue[][];
export function decodeRows(addrs: readonly number[], counts: readonly number[], options: DecodeOptions, shape: RowShape): unknown[] {
  const { size } = spvLayout();
  const spans = spansOver(addrs, counts);
  const d = new Decoder(options.codePage, null);
  const n = addrs.length;
  const out: unknown[] = new Array(n);
  let codec: Codec | null = null;
  for (let i = 0; i < n; i++) {
    const count = addrs[i] ? counts[i] : 0;
    let v: DataView = NO_VALUES;
    let at = 0;
    if (count) {
      const so = d.place(spans, addrs[i], count * size);
      v = so >= 0 ? d.span!.v : viewOf(BigInt(addrs[i]), count * size);
      at = so >= 0 ? so : 0;
    }
    let row = codec && codec.count === count ? codec.fn(v, at, d) : MISS;
    if (row === MISS) {
      codec = codecFor(v, at, count, shape);
      row = codec.fn(v, at, d);
    }
    out[i] = row;
  }
  return out;
}
