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

  /** True when the `len` bytes at `p` can join without making the range wider than MAX_SPAN. */
  fits(p: number, len: number): boolean {
    return this.empty || Math.max(this.hi, p + len) - Math.min(this.lo, p) <= MAX_SPAN;
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
    return hi - lo <= MAX_SPAN ? spanFor(lo, hi) : null;
  }
}

/**
 * The last spans made, kept for the next decodings: MAPI's allocator hands out the blocks that the last
 * page's FreeProws gave back, so page after page lands in the same few MiB (of one or two arenas,
 * decode.ts). A view is only a pointer and a length (the decoders read only inside live blocks), so
 * reusing one is as safe as making one, and it spares V8 a new external buffer per page: at 2 MiB each
 * they made it collect for "external memory pressure" on every page of a streamed table.
 */
const reusable: Span[] = [];
let nextSlot = 0;

/** The grain a new span's ends are rounded out to, so that the next page's blocks fall inside it. */
const SPAN_GRAIN = 256 * 1024;

function spanFor(lo: number, hi: number): Span {
  for (const r of reusable) if (lo >= r.base && hi <= r.base + r.size) return r;
  // Rounded out, but never to address 0 (a view of NULL aborts Node) nor past a 32-bit address space.
  const a = Math.floor(lo / SPAN_GRAIN) * SPAN_GRAIN || lo;
  const b = Math.min(Math.ceil(hi / SPAN_GRAIN) * SPAN_GRAIN, PTR === 4 ? 2 ** 32 : Number.MAX_SAFE_INTEGER);
  if (b - a > MAX_SPAN) return new Span(lo, hi - lo);
  const s = new Span(a, b - a);
  reusable[nextSlot] = s;
  nextSlot = (nextSlot + 1) % 4;
  return s;
}
