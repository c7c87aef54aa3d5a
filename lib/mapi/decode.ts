/**
 * Decoding SPropValues (native -> JS), the other half of props.ts: every PT_ type of the table at the top
 * of props.ts, trees (PT_SRESTRICTION, PT_ACTIONS) included, 8-bit strings in their code page, and an
 * UndecodedValue for a type it does not know (never a throw, so one odd property does not lose a row).
 */
import koffi from 'koffi';
import { PROP_TAGS } from '../../ffi-defs/constants/proptags';
import { formatGuid } from '../com/guid';
import { readPtr, viewOf } from './memory';
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

/** One decoding: its code page, found once. */
class Decoder {
  private cp: number | undefined;
  private resolved = false;
  constructor(
    private readonly own: number | undefined,
    private readonly fallback: DecodeOptions['codePage'],
  ) {}

  codePage(): number | undefined {
    if (!this.resolved) {
      this.resolved = true;
      this.cp = this.own ?? (typeof this.fallback === 'function' ? this.fallback() : this.fallback);
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

function bytesAt(p: bigint, cb: number): Buffer {
  if (cb === 0 || !p) return Buffer.alloc(0);
  return Buffer.from(new Uint8Array(koffi.view(p as never, cb) as ArrayBuffer)); // a copy: MAPI frees the original
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
      const p = readPtr(v, o);
      return p ? (koffi.decode.string16(p as never) as string) : null;
    }
    case PT.PT_CLSID: {
      const p = readPtr(v, o);
      return p ? formatGuid(new Uint8Array(koffi.view(p as never, 16) as ArrayBuffer)) : null;
    }
    case PT.PT_BINARY:
    case PT.PT_SVREID: {
      const { bin } = valueLayout();
      return bytesAt(readPtr(v, o + bin.lpb), v.getUint32(o + bin.cb, true));
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
function valueAt(d: Decoder, v: DataView, o: number, tagValue: number): PropValue {
  const type = PROP_TYPE(tagValue);
  if (!(type & MV_FLAG)) return scalarAt(d, v, o, type);
  const base = type & ~(MV_FLAG | PT.MV_INSTANCE);
  const mv = mvLayout(base);
  if (mv === undefined) return new UndecodedValue(type);
  const { stride } = mv;
  const count = v.getUint32(o + mv.count, true);
  const lp = readPtr(v, o + mv.lp);
  if (count === 0 || !lp) return [];
  const ev = viewOf(lp, count * stride);
  const out: PropScalar[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const eo = i * stride;
    if (base === PT.PT_CLSID) out[i] = formatGuid(new Uint8Array(ev.buffer, ev.byteOffset + eo, 16));
    else out[i] = scalarAt(d, ev, eo, base);
  }
  return out;
}

function decodeWith(d: Decoder, ptr: bigint, count: number): Prop[] {
  if (count === 0 || !ptr) return [];
  const { size, value } = spvLayout();
  const v = viewOf(ptr, count * size);
  const out: Prop[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const o = i * size;
    const t = v.getUint32(o, true);
    out[i] = { tag: t, value: valueAt(d, v, o + value, t) };
  }
  return out;
}

/** A code page named among the `count` SPropValues at `ptr` (a PT_LONG code page tag), read before the strings. */
function ownCodePage(ptr: bigint, count: number): number | undefined {
  const { size, value } = spvLayout();
  const v = viewOf(ptr, count * size);
  const found: Prop[] = [];
  for (let i = 0; i < count; i++) {
    const t = v.getUint32(i * size, true);
    if ((CODE_PAGE_TAGS as readonly number[]).includes(t)) found.push({ tag: t, value: v.getInt32(i * size + value, true) });
  }
  return codePageOf(found);
}

/** Decodes `count` SPropValues at `ptr` (memory stays owned by the caller). */
export function decodeProps(ptr: bigint, count: number, options: DecodeOptions = {}): Prop[] {
  if (count === 0 || !ptr) return [];
  return decodeWith(new Decoder(ownCodePage(ptr, count), options.codePage), ptr, count);
}
