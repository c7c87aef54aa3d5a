/**
 * Native memory on the JS side of a call: inputs are written into Node Buffers (which never move) and
 * passed by address. An Arena keeps every buffer of one call alive until the call has returned.
 */
import koffi from 'koffi';
import { POINTER_SIZE } from '../ffi/types';

export const PTR = POINTER_SIZE;

export interface Block {
  readonly buf: Buffer;
  readonly addr: bigint;
}

/** Arenas whose memory a native call is using right now (a GC root; see Arena.keep). */
const inUse: Arena[] = [];

export class Arena {
  private readonly blocks: Buffer[] = [];

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

  /** `size` zeroed bytes, 8-aligned (Node allocates at least that). */
  alloc(size: number): Block {
    const buf = Buffer.alloc(Math.max(8, size));
    this.blocks.push(buf);
    return { buf, addr: koffi.address(buf) as bigint };
  }

  /** A NUL-terminated UTF-16 copy of `s`. */
  wstring(s: string): bigint {
    const b = this.alloc(s.length * 2 + 2);
    b.buf.write(s, 0, 'utf16le');
    return b.addr;
  }

  /** A NUL-terminated copy of 8-bit string bytes (codepage.ts encodes them). */
  string8(bytes: Uint8Array): bigint {
    const b = this.alloc(bytes.length + 1);
    b.buf.set(bytes);
    return b.addr;
  }

  bytes(data: Uint8Array): bigint {
    const b = this.alloc(data.length);
    b.buf.set(data);
    return b.addr;
  }
}

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
