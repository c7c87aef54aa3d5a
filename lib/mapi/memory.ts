/**
 * Native memory on the JS side of a call: inputs are written into Node Buffers (which never move) and
 * passed by address. An Arena keeps the memory of one call alive until the call has returned.
 */
import koffi from 'koffi';
import { POINTER_SIZE } from '../ffi/types';
import { keepShape } from '../com/shapes';

export const PTR = POINTER_SIZE;

export interface Block {
  readonly buf: Buffer;
  readonly addr: bigint;
}

/** Arenas whose memory a native call is using right now (a GC root; see Arena.keep). */
const inUse: Arena[] = [];

/**
 * Arenas carve their memory from shared slabs with a bump pointer: a call's inputs (an SPropValue array,
 * its strings and binaries, an ADRLIST...) cost an offset each instead of a Buffer each. A Buffer per
 * value cost ~0.3-1 µs (koffi.address of a small Buffer moves it off the V8 heap) and its garbage
 * collection, ~40 % of composing a message. Slab memory is never handed out twice: a slab is freed by
 * the GC once no arena that carved from it is referenced, so an arena's memory lives exactly as long as
 * the arena, as when each block was its own Buffer. A fresh slab is zeroed, so every block is too.
 */
const SLAB_SIZE = 64 * 1024;
/** Blocks above this get a Buffer of their own (a large binary should not pin a slab, nor waste one). */
const OWN_BUFFER = 8 * 1024;
let slab = Buffer.alloc(0);
let slabAddr = 0n;
let slabTop = 0;

export class Arena {
  /** The slabs and own Buffers this arena's blocks are in (what keeps them alive). */
  private readonly blocks: Buffer[] = [];
  private lastSlab: Buffer | null = null;

  /**
   * Runs the native call `fn` with this arena's memory kept alive until it returns. Callers pass the
   * blocks' addresses (bigints), which do not keep the Buffers alive: without this, optimised code may
   * collect the arena, and its Buffers, before or during the call (seen as garbage SetProps tags).
   */
  keep<T>(fn: () => T): T {
    inUse.push(this);
    try {
      return fn();
    } finally {
      inUse.splice(inUse.lastIndexOf(this), 1);
    }
  }

  /** `size` zeroed bytes, 8-aligned. */
  alloc(size: number): Block {
    const n = Math.max(8, size);
    if (n > OWN_BUFFER) return this.own(n);
    const off = this.reserve(n);
    return { buf: slab.subarray(off, off + n), addr: slabAddr + BigInt(off) };
  }

  /** A NUL-terminated UTF-16 copy of `s`. */
  wstring(s: string): bigint {
    const n = s.length * 2 + 2;
    if (n > OWN_BUFFER) {
      const b = this.own(n);
      b.buf.write(s, 0, 'utf16le');
      return b.addr;
    }
    const off = this.reserve(n);
    slab.write(s, off, 'utf16le');
    return slabAddr + BigInt(off);
  }

  /** A NUL-terminated copy of 8-bit string bytes (codepage.ts encodes them). */
  string8(bytes: Uint8Array): bigint {
    return this.copy(bytes, bytes.length + 1);
  }

  bytes(data: Uint8Array): bigint {
    return this.copy(data, data.length);
  }

  private copy(data: Uint8Array, n: number): bigint {
    if (n > OWN_BUFFER) {
      const b = this.own(n);
      b.buf.set(data);
      return b.addr;
    }
    const off = this.reserve(Math.max(1, n));
    slab.set(data, off);
    return slabAddr + BigInt(off);
  }

  /** The offset of `n` (1..OWN_BUFFER) fresh bytes in `slab`, which this arena then keeps alive. */
  private reserve(n: number): number {
    const size = (n + 7) & ~7;
    if (slabTop + size > slab.length) {
      slab = Buffer.alloc(SLAB_SIZE);
      slabAddr = koffi.address(slab) as bigint;
      slabTop = 0;
    }
    if (this.lastSlab !== slab) {
      this.blocks.push(slab);
      this.lastSlab = slab;
    }
    const off = slabTop;
    slabTop += size;
    return off;
  }

  private own(n: number): Block {
    const buf = Buffer.alloc(n);
    this.blocks.push(buf);
    return { buf, addr: koffi.address(buf) as bigint };
  }
}

// An arena of its own, kept for the life of the process, keeps the Arena map alive (lib/com/shapes.ts).
keepShape(new Arena());

export function writePtr(buf: Buffer, offset: number, p: bigint | null): void {
  if (PTR === 8) buf.writeBigUInt64LE(p ?? 0n, offset);
  else buf.writeUInt32LE(Number(p ?? 0n), offset);
}

/** A DataView over native memory (zero copy). */
export function viewOf(ptr: bigint, len: number): DataView {
  return new DataView(koffi.view(ptr as never, len) as ArrayBuffer);
}

export function readPtr(v: DataView, offset: number): bigint {
  return PTR === 8 ? v.getBigUint64(offset, true) : BigInt(v.getUint32(offset, true));
}
