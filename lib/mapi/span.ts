/**
 * One view over all the native memory a decoding reads: every row of a QueryRows page, or a GetProps
 * result. A koffi.view costs ~1–3 µs and leaves the GC an external buffer to finalise; one per row, per
 * entry id and per GUID was most of the cost of decoding a table (docs/performance.md).
 *
 * Addresses here are Numbers, exact below 2^53 (every user-space address is). A span may cover gaps
 * between MAPI's blocks: making a view reads nothing, and the decoders read only inside the blocks.
 */
import koffi from 'koffi';
import { PTR } from './memory';

/**
 * The widest span worth one view; beyond it (blocks far apart in the heap) each block gets its own. A
 * GetProps result can span ~1 MiB here: with 256 KiB it fell back to a view per block, at twice the time.
 */
export const MAX_SPAN = 4 * 1024 * 1024;

export class Span {
  readonly v: DataView;
  readonly u8: Uint8Array;

  constructor(
    readonly base: number,
    readonly size: number,
  ) {
    const ab = koffi.view(BigInt(base) as never, size) as ArrayBuffer;
    this.v = new DataView(ab);
    this.u8 = new Uint8Array(ab);
  }

  /** The offset of the `len` bytes at address `p` in this span, or -1 when they are not all inside. */
  offset(p: number, len: number): number {
    const o = p - this.base;
    return o >= 0 && o + len <= this.size ? o : -1;
  }
}

/**
 * The `len` bytes at address `p`: a view into `span` when it holds them, else a view of their own. Valid
 * only while the memory is (copy what must outlive the call).
 */
export function bytesIn(span: Span | null, p: number, len: number): Uint8Array {
  const o = span ? span.offset(p, len) : -1;
  return o >= 0 ? span!.u8.subarray(o, o + len) : new Uint8Array(koffi.view(BigInt(p) as never, len) as ArrayBuffer);
}

/** The address stored at offset `o` of `v`, as a Number. */
export function addrAt(v: DataView, o: number): number {
  return PTR === 8 ? v.getUint32(o, true) + v.getUint32(o + 4, true) * 4294967296 : v.getUint32(o, true);
}

/** The smallest range of addresses that holds a set of blocks. */
export class Extent {
  lo = Infinity;
  hi = 0;

  add(p: number, len: number): void {
    if (!p || len <= 0) return;
    if (p < this.lo) this.lo = p;
    if (p + len > this.hi) this.hi = p + len;
  }

  get empty(): boolean {
    return this.hi === 0;
  }

  /** True when `s` already holds every block. */
  within(s: Span): boolean {
    return this.empty || (this.lo >= s.base && this.hi <= s.base + s.size);
  }

  /** A span over these blocks and `s`'s (null when that is wider than MAX_SPAN). */
  spanWith(s: Span | null): Span | null {
    let lo = this.lo;
    let hi = this.hi;
    if (s) {
      lo = Math.min(lo, s.base);
      hi = Math.max(hi, s.base + s.size);
    }
    if (this.empty && !s) return null;
    return hi - lo <= MAX_SPAN ? new Span(lo, hi - lo) : null;
  }
}
