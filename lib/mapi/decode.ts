/**
 * Decoding SPropValues (native -> JS), the other half of props.ts: every PT_ type of the table at the top
 * of props.ts, trees (PT_SRESTRICTION, PT_ACTIONS) included, 8-bit strings in their code page, and an
 * UndecodedValue for a type it does not know (never a throw, so one odd property does not lose a row).
 */
import koffi from 'koffi';
import { PROP_TAGS } from '../../ffi-defs/constants/proptags';
import { formatGuid } from '../com/guid';
import { readPtr, viewOf } from './memory';
import { addrAt, bytesIn, Extent, Span } from './span';
import { decodeString8 } from './codepage';
import { filetimeToDate, mvLayout, spvLayout, valueLayout } from './props';
import { readRestriction, type Restriction } from './restriction';
import { readActions } from './actions';
import { PT, MV_FLAG, PROP_TYPE, PropError, UndecodedValue, type Prop, type PropScalar, type PropValue } from './tags';

export interface DecodeOptions {
  /**
   * The code page of the 8-bit strings (PT_STRING8), or a function that finds it, called at most once and
   * only when a string has a byte above 0x7F (ASCII reads the same in every code page). A
   * PR_MESSAGE_CODEPAGE or PR_INTERNET_CPID in the values being decoded comes first (codepage.ts).
   */
  readonly codePage?: number | (() => number | undefined);
}

/** The code page tags, in the order they count (codepage.ts says why). */
export const CODE_PAGE_TAGS = [PROP_TAGS.PR_MESSAGE_CODEPAGE, PROP_TAGS.PR_INTERNET_CPID, PROP_TAGS.PR_CODE_PAGE_ID] as const;

/** The first usable (non-zero) code page among `props` by CODE_PAGE_TAGS order; undefined when none. */
export function codePageOf(props: readonly Prop[]): number | undefined {
  for (const t of CODE_PAGE_TAGS) {
    const p = props.find((x) => x.tag === t);
    if (p && typeof p.value === 'number' && p.value > 0) return p.value;
  }
  return undefined;
}

/**
 * One decoding: the code page of the array (row) being decoded, looked for among its own values only
 * when a string needs it (most rows have no 8-bit string above ASCII), else the fallback, found once.
 */
export class Decoder {
  private cp: number | undefined;
  private resolved = false;
  private rowV: DataView | null = null;
  private rowAt = 0;
  private rowCount = 0;
  private rowCp: number | undefined;
  private rowDone = false;
  constructor(
    private readonly fallback: DecodeOptions['codePage'],
    /** The view over the memory of the array being decoded (span.ts), when there is one. */
    public span: Span | null,
  ) {}

  /**
   * The offset of the `len` bytes of an array at `p` in one of `spans`, which becomes the one its values
   * are read through (a value's blocks are in the same arena as its array); -1 when none holds it.
   */
  place(spans: readonly Span[], p: number, len: number): number {
    for (let k = 0; k < spans.length; k++) {
      const o = spans[k].offset(p, len);
      if (o >= 0) {
        this.span = spans[k];
        return o;
      }
    }
    return -1;
  }

  /** The next array's `count` SPropValues are at offset `at` of `v`. */
  startRow(v: DataView, at: number, count: number): void {
    this.rowV = v;
    this.rowAt = at;
    this.rowCount = count;
    this.rowDone = false;
  }

  codePage(): number | undefined {
    if (this.rowV && !this.rowDone) {
      this.rowDone = true;
      this.rowCp = ownCodePage(this.rowV, this.rowAt, this.rowCount);
    }
    if (this.rowCp !== undefined) return this.rowCp;
    if (!this.resolved) {
      this.resolved = true;
      this.cp = typeof this.fallback === 'function' ? this.fallback() : this.fallback;
    }
    return this.cp;
  }

  string8(p: bigint): string {
    const bytes = koffi.decode(p as never, 'uint8_t', -1) as Uint8Array;
    const ascii = !bytes.some((b) => b > 0x7f);
    return ascii ? Buffer.from(bytes).toString('latin1') : decodeString8(bytes, this.codePage());
  }

  /** Values nested in trees are in the same code page as the property that holds them. */
  readonly values = (ptr: bigint, count: number): Prop[] => decodeWith(this, ptr, count);
  readonly restriction = (p: bigint): Restriction => readRestriction(p, this.values);
}

/** A copy of the `cb` bytes at `p` (MAPI frees the original). */
export function bytesAt(d: Decoder, p: number, cb: number): Buffer {
  if (cb === 0 || !p) return Buffer.alloc(0);
  const b = Buffer.allocUnsafe(cb);
  b.set(bytesIn(d.span, p, cb));
  return b;
}

/** The 16 bytes of the GUID at `p`, as '{...}'. */
function guidAt(d: Decoder, p: number): string {
  return formatGuid(bytesIn(d.span, p, 16));
}

/** Where to read `len` bytes at `p`: in the span when it holds them, else through a view of their own. */
function regionAt(d: Decoder, p: number, len: number): { v: DataView; o: number } {
  return regionIn(d.span, p, len);
}

function regionIn(span: Span | null, p: number, len: number): { v: DataView; o: number } {
  const so = span ? span.offset(p, len) : -1;
  return so >= 0 ? { v: span!.v, o: so } : { v: viewOf(BigInt(p), len), o: 0 };
}

/** One element of a scalar type at offset `o` of view `v`. */
function scalarAt(d: Decoder, v: DataView, o: number, type: number): PropScalar {
  switch (type) {
    case PT.PT_I2:
      return v.getInt16(o, true);
    case PT.PT_LONG:
      return v.getInt32(o, true);
    case PT.PT_R4:
      return v.getFloat32(o, true);
    case PT.PT_DOUBLE:
    case PT.PT_APPTIME:
      return v.getFloat64(o, true);
    case PT.PT_CURRENCY:
    case PT.PT_I8:
      return v.getBigInt64(o, true);
    case PT.PT_BOOLEAN:
      return v.getUint16(o, true) !== 0;
    case PT.PT_SYSTIME: {
      const { ft } = valueLayout();
      return filetimeToDate(v.getUint32(o + ft.dwLowDateTime, true), v.getUint32(o + ft.dwHighDateTime, true));
    }
    case PT.PT_ERROR:
      return new PropError(v.getUint32(o, true));
    case PT.PT_STRING8: {
      const p = readPtr(v, o);
      return p ? d.string8(p) : null;
    }
    case PT.PT_UNICODE: {
      const p = addrAt(v, o); // Koffi takes an address as a Number too, without a BigInt per string
      return p ? (koffi.decode.string16(p as never) as string) : null;
    }
    case PT.PT_CLSID: {
      const p = addrAt(v, o);
      return p ? guidAt(d, p) : null;
    }
    case PT.PT_BINARY:
    case PT.PT_SVREID: {
      const { bin } = valueLayout();
      return bytesAt(d, addrAt(v, o + bin.lpb), v.getUint32(o + bin.cb, true));
    }
    case PT.PT_SRESTRICTION: {
      const p = readPtr(v, o);
      return p ? d.restriction(p) : null;
    }
    case PT.PT_ACTIONS: {
      const p = readPtr(v, o);
      return p ? readActions(p, d) : null;
    }
    case PT.PT_NULL:
    case PT.PT_OBJECT:
      return null;
    default:
      return new UndecodedValue(type);
  }
}

/** The value of one SPropValue whose union starts at offset `o` of `v`. */
export function valueAt(d: Decoder, v: DataView, o: number, tagValue: number): PropValue {
  const type = PROP_TYPE(tagValue);
  if (!(type & MV_FLAG)) return scalarAt(d, v, o, type);
  const base = type & ~(MV_FLAG | PT.MV_INSTANCE);
  const mv = mvLayout(base);
  if (mv === undefined) return new UndecodedValue(type);
  const { stride } = mv;
  const count = v.getUint32(o + mv.count, true);
  const lp = addrAt(v, o + mv.lp);
  if (count === 0 || !lp) return [];
  const { v: ev, o: at } = regionAt(d, lp, count * stride);
  const out: PropScalar[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const eo = at + i * stride;
    if (base === PT.PT_CLSID) out[i] = formatGuid(new Uint8Array(ev.buffer, ev.byteOffset + eo, 16));
    else out[i] = scalarAt(d, ev, eo, base);
  }
  return out;
}

function decodeWith(d: Decoder, ptr: bigint, count: number): Prop[] {
  if (count === 0 || !ptr) return [];
  const { size, value } = spvLayout();
  const { v, o: at } = regionAt(d, Number(ptr), count * size);
  const out: Prop[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const o = at + i * size;
    const t = v.getUint32(o, true);
    out[i] = { tag: t, value: valueAt(d, v, o + value, t) };
  }
  return out;
}

/** A code page named among the `count` SPropValues at offset `at` of `v` (a PT_LONG code page tag), read before the strings. */
function ownCodePage(v: DataView, at: number, count: number): number | undefined {
  const { size, value } = spvLayout();
  let found: Prop[] | undefined;
  for (let i = 0; i < count; i++) {
    const t = v.getUint32(at + i * size, true);
    if (t === CODE_PAGE_TAGS[0] || t === CODE_PAGE_TAGS[1] || t === CODE_PAGE_TAGS[2]) (found ??= []).push({ tag: t, value: v.getInt32(at + i * size + value, true) });
  }
  return found && codePageOf(found);
}

/**
 * Adds to `ext` the blocks that the `count` SPropValues at offset `at` of the span point to and that it
 * can size. True when a PT_MV_BINARY array lay outside the span, so its elements' blocks are not in yet.
 */
function pointees(s: Span, at: number, count: number, ext: Extent): boolean {
  let more = false;
  const { size, value } = spvLayout();
  const { bin } = valueLayout();
  const v = s.v;
  for (let i = 0; i < count; i++) {
    const o = at + i * size;
    const type = PROP_TYPE(v.getUint32(o, true));
    const vo = o + value;
    if (type === PT.PT_BINARY || type === PT.PT_SVREID) ext.add(addrAt(v, vo + bin.lpb), v.getUint32(vo + bin.cb, true));
    else if (type === PT.PT_CLSID) ext.add(addrAt(v, vo), 16);
    else if (type & MV_FLAG) {
      const base = type & ~(MV_FLAG | PT.MV_INSTANCE);
      const mv = mvLayout(base);
      if (!mv) continue;
      const n = v.getUint32(vo + mv.count, true);
      const lp = addrAt(v, vo + mv.lp);
      ext.add(lp, n * mv.stride);
      if (base !== PT.PT_BINARY || !n) continue;
      const eo = s.offset(lp, n * mv.stride);
      if (eo < 0) more = true;
      else for (let k = 0; k < n; k++) ext.add(addrAt(v, eo + k * mv.stride + bin.lpb), v.getUint32(eo + k * mv.stride + bin.cb, true));
    }
  }
  return more;
}

/** At most this many spans per decoding (one per cluster of blocks); arrays beyond them get views of their own. */
const MAX_SPANS = 4;

/**
 * Spans over SPropValue arrays (address, count) and what the last array of each in memory points to. The
 * arrays of one page are in one or two clusters: malloc serves a thread from another arena (another
 * mapping, terabytes away) while the usual one is busy with one of V8's threads, and then the rest of
 * the page comes from there, so one span over all of them would be too wide and every row would need a
 * view of its own (a run at 5.5 µs a row instead of 3.2). Each cluster gets its span. MAPI allocates a
 * value's blocks after its array, so the blocks of the other arrays lie between the arrays: scanning one
 * array instead of all is most of the gain at a fraction of the cost. What still falls outside is read
 * through a view of its own, as it would be without a span.
 */
export function spansOver(addrs: readonly number[], counts: readonly number[]): Span[] {
  const { size } = spvLayout();
  const exts: Extent[] = [];
  const lasts: number[] = [];
  for (let i = 0; i < addrs.length; i++) {
    const a = addrs[i];
    if (!a || !counts[i]) continue;
    const len = counts[i] * size;
    let k = 0;
    while (k < exts.length && !exts[k].fits(a, len)) k++;
    if (k === exts.length) {
      if (k === MAX_SPANS) continue;
      exts.push(new Extent());
      lasts.push(i);
    }
    exts[k].add(a, len);
    if (a > addrs[lasts[k]]) lasts[k] = i;
  }
  const spans: Span[] = [];
  for (let k = 0; k < exts.length; k++) {
    const ext = exts[k];
    let span = ext.spanWith(null);
    // Its pointees; a second time when a binary array was outside, for the blocks of its elements.
    for (let pass = 0; span && pass < 2; pass++) {
      const more = pointees(span, span.offset(addrs[lasts[k]], 0), counts[lasts[k]], ext);
      const wider = ext.within(span) ? span : ext.spanWith(span);
      if (!wider) break;
      span = wider;
      if (!more) break;
    }
    if (span) spans.push(span);
  }
  return spans;
}

/** The tags and values of several SPropValue arrays, in order; array i's start at `starts[i]`. */
export interface DecodedArrays {
  tags: number[];
  values: PropValue[];
  starts: number[];
}

/**
 * Decodes SPropValue arrays (addresses as Numbers, e.g. the rows of an SRowSet) through one view. Each
 * array's 8-bit strings are in the code page its own values name, else `options.codePage`.
 */
export function decodeArrays(addrs: readonly number[], counts: readonly number[], options: DecodeOptions = {}): DecodedArrays {
  const { size, value } = spvLayout();
  const spans = spansOver(addrs, counts);
  let total = 0;
  for (let i = 0; i < addrs.length; i++) if (addrs[i]) total += counts[i];
  const tags: number[] = new Array(total);
  const values: PropValue[] = new Array(total);
  const starts: number[] = new Array(addrs.length);
  const d = new Decoder(options.codePage, null);
  let j = 0;
  for (let i = 0; i < addrs.length; i++) {
    starts[i] = j;
    const count = addrs[i] ? counts[i] : 0;
    if (count === 0) continue;
    const so = d.place(spans, addrs[i], count * size);
    const v = so >= 0 ? d.span!.v : viewOf(BigInt(addrs[i]), count * size);
    const at = so >= 0 ? so : 0;
    d.startRow(v, at, count);
    for (let k = 0; k < count; k++, j++) {
      const o = at + k * size;
      const t = v.getUint32(o, true);
      tags[j] = t;
      values[j] = valueAt(d, v, o + value, t);
    }
  }
  return { tags, values, starts };
}

/** Decodes `count` SPropValues at `ptr` (memory stays owned by the caller). */
export function decodeProps(ptr: bigint, count: number, options: DecodeOptions = {}): Prop[] {
  if (count === 0 || !ptr) return [];
  const { tags, values } = decodeArrays([Number(ptr)], [count], options);
  const out: Prop[] = new Array(tags.length);
  for (let i = 0; i < tags.length; i++) out[i] = { tag: tags[i], value: values[i] };
  return out;
}
