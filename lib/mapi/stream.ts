/**
 * IStream, friendly: what OpenProperty(IID_IStream) gives for a property too big for GetProps (bodies,
 * attachment data). Reads and writes go straight between Node Buffers and the provider (Koffi passes a
 * Buffer's own memory), one chunk at a time, so a 200 MiB attachment never sits in JS memory whole.
 * Writes reach the property at commit() (a Writable's end), the object at its SaveChanges.
 */
import type { Readable, Writable } from 'node:stream';
import type { ReadableStream } from 'node:stream/web';
import { reclaimYoung } from '../platform/reclaim';
import { IStream } from '../../ffi-defs/interfaces/IStream';
import { STREAM_FLAGS } from '../../ffi-defs/constants/flags';
import type { ComProxy } from '../com/proxy';
import { MapiArgumentError, ReleasedObjectError } from '../errors';
import { checkInt, describe } from '../validate';
import type { MapiContext } from './context';
import { MapiObject, type Owner } from './object';

const { STREAM_SEEK_SET, STREAM_SEEK_CUR, STREAM_SEEK_END, STATFLAG_NONAME, STGC_DEFAULT } = STREAM_FLAGS;

/** Bytes per Read or Write call in readable() / writable() / readAll(). */
export const DEFAULT_CHUNK = 1 << 20;
const MAX_CHUNK = 0x7fffffff;
const ORIGINS = { start: STREAM_SEEK_SET, current: STREAM_SEEK_CUR, end: STREAM_SEEK_END } as const;

/** readable(): how often dropped chunks are collected (bytes read between young-generation GCs). */
const RECLAIM_EVERY = 1024 * 1024;

/**
 * node:stream and node:stream/web, loaded when a stream is first asked for: they are not in Node's
 * start-up snapshot, and compiling them (~3-4 ms, 30 internal modules) is a tenth of the library's
 * import, paid by every program that never reads an attachment.
 */
const nodeStream = () => require('node:stream') as typeof import('node:stream');
const webStreams = () => require('node:stream/web') as typeof import('node:stream/web');

/** A chunk size given to readable() / webStream() / readAll(), checked (DEFAULT_CHUNK when undefined). */
export function checkChunk(chunk: number | undefined): number {
  return checkInt(chunk ?? DEFAULT_CHUNK, 1, MAX_CHUNK, 'chunk');
}

export class PropStream extends MapiObject<typeof IStream> {
  /** Whether the stream was opened for writing (MAPI_MODIFY). */
  readonly writable: boolean;

  private readonly parent: { readonly released: boolean; readonly label: string } | null;

  /**
   * `parent`: the object the stream was opened from. COM would let the stream outlive it; a script
   * that released the message and still reads its body has a bug, so that is ERR_RELEASED here.
   */
  constructor(ctx: MapiContext, raw: ComProxy<typeof IStream>, owner: Owner, label: string, writable: boolean, parent?: { readonly released: boolean; readonly label: string }) {
    super(ctx, raw, owner, label);
    this.writable = writable;
    this.parent = parent ?? null;
  }

  protected override call<T>(method: string, fn: () => T): T {
    if (this.parent?.released && !this.released) {
      this.release();
      throw new ReleasedObjectError(this.label, `${method} (its ${this.parent.label} was released)`);
    }
    return super.call(method, fn);
  }

  /** IStream::Stat's cbSize: the length in bytes. */
  size(): number {
    const out = [{}] as unknown as { cbSize: { QuadPart: number | bigint } }[];
    this.call('Stat', () => this.raw.Stat(out as never, STATFLAG_NONAME));
    return Number(out[0].cbSize.QuadPart);
  }

  /**
   * Moves the seek pointer; returns the new position. On a writable stream past the end is allowed (as
   * in COM: a write there extends the stream); on a read-only one it can only be a mistake, so it is
   * ERR_SEEK before the call (the raw IStream::Seek still allows it).
   */
  seek(offset: number, origin: keyof typeof ORIGINS = 'start'): number {
    if (!Number.isSafeInteger(offset)) throw new MapiArgumentError('ERR_ARGUMENT', `seek(offset) takes an integer, not ${describe(offset)}`);
    if (!Object.prototype.hasOwnProperty.call(ORIGINS, origin)) throw new MapiArgumentError('ERR_ARGUMENT', `seek origin must be start, current or end, not ${describe(origin)}`);
    if (!this.writable && offset > 0) {
      const size = this.size();
      const to = origin === 'start' ? offset : origin === 'end' ? size + offset : this.seekRaw(0, 'current') + offset;
      if (to > size) throw new MapiArgumentError('ERR_SEEK', `${this.label}: seek to ${to} is past the end (${size} bytes) of a read-only stream`);
    }
    return this.seekRaw(offset, origin);
  }

  private seekRaw(offset: number, origin: keyof typeof ORIGINS): number {
    const out = [{}] as unknown as { QuadPart: number | bigint }[];
    this.call('Seek', () => this.raw.Seek({ QuadPart: BigInt(offset) } as never, ORIGINS[origin], out as never));
    return Number(out[0].QuadPart);
  }

  /** Up to `n` bytes from the seek pointer into a new Buffer (shorter at the end, empty past it). */
  read(n: number): Buffer {
    checkInt(n, 0, MAX_CHUNK, 'read(n)');
    const buf = Buffer.allocUnsafe(n);
    const got = this.readInto(buf);
    return got === n ? buf : buf.subarray(0, got);
  }

  /** Fills `buf` from the seek pointer as far as the stream goes; returns the byte count (0 at the end). */
  readInto(buf: Uint8Array): number {
    const got = [0];
    if (buf.length === 0) return 0;
    this.call('Read', () => this.raw.Read(buf, buf.length, got));
    return got[0];
  }

  /** Writes all of `data` at the seek pointer. */
  write(data: Uint8Array): void {
    if (!(data instanceof Uint8Array)) throw new MapiArgumentError('ERR_ARGUMENT', `write() takes a Buffer or Uint8Array, not ${describe(data)}`);
    let done = 0;
    while (done < data.length) {
      const part = data.subarray(done, done + MAX_CHUNK);
      const put = [0];
      this.call('Write', () => this.raw.Write(part, part.length, put));
      if (put[0] === 0) throw new MapiArgumentError('ERR_STREAM', `${this.label}: Write took no bytes at offset ${done}`);
      done += put[0];
    }
  }

  /** IStream::SetSize. */
  setSize(n: number): void {
    checkInt(n, 0, Number.MAX_SAFE_INTEGER, 'setSize(n)');
    this.call('SetSize', () => this.raw.SetSize({ QuadPart: BigInt(n) } as never));
  }

  /** IStream::Commit: the written bytes become the property's value (the object still needs its save()). */
  commit(): void {
    this.call('Commit', () => this.raw.Commit(STGC_DEFAULT));
  }

  /** The whole stream from its start, read `chunk` bytes at a time. */
  readAll(chunk = DEFAULT_CHUNK): Buffer {
    checkInt(chunk, 1, MAX_CHUNK, 'chunk');
    const size = this.size();
    this.seek(0);
    const out = Buffer.allocUnsafe(size);
    let at = 0;
    while (at < size) {
      const got = this.readInto(out.subarray(at, Math.min(size, at + chunk)));
      if (got === 0) break;
      at += got;
    }
    return at === size ? out : out.subarray(0, at);
  }

  /**
   * A Node Readable over the stream from its current position, `chunk` bytes per Read (the
   * highWaterMark), so back-pressure holds at most a chunk or two in memory. Once a MiB has been read,
   * a young-generation GC (lib/platform/reclaim.ts) every MiB (or chunk, if larger) frees the chunks the
   * consumer has dropped, so memory stays within a chunk or two however large the property; `reclaim:
   * false` leaves that to V8 (which collects them every ~32 MiB). Destroying or ending it releases the
   * stream unless `keepOpen`.
   */
  readable(options: { chunk?: number; keepOpen?: boolean; reclaim?: boolean } = {}): Readable {
    const chunk = checkChunk(options.chunk);
    const done = () => {
      if (!options.keepOpen) this.release();
    };
    // Collect every MiB read (or every chunk, when chunks are larger): none for a property under that.
    const every = Math.max(chunk, RECLAIM_EVERY);
    let since = 0;
    const reclaim = options.reclaim !== false;
    const r: Readable = new (nodeStream().Readable)({
      highWaterMark: chunk,
      read: () => {
        try {
          if (reclaim && since >= every) {
            reclaimYoung();
            since = 0;
          }
          const buf = this.read(chunk);
          since += buf.length;
          r.push(buf.length ? buf : null);
        } catch (e) {
          r.destroy(e as Error);
        }
      },
      destroy: (err, cb) => {
        done();
        cb(err);
      },
    });
    return r.on('end', done);
  }

  /**
   * A web ReadableStream of bytes (`type: 'bytes'`) over the stream from its current position; the
   * stream is released at its end, on cancel() or on an error, unless `keepOpen`. With a BYOB reader,
   * `getReader({ mode: 'byob' })`, each IStream::Read goes straight into the caller's buffer, which the
   * stream hands back (transferred) with the bytes: one buffer serves the whole read, so memory stays at
   * one chunk however large the property, and a chunk cannot be overwritten while the caller holds it.
   * A default reader (`for await`, `getReader()`) gets a new `chunk`-byte Uint8Array per read, as a
   * Readable does.
   */
  webStream(options: { chunk?: number; keepOpen?: boolean } = {}): ReadableStream<Uint8Array> {
    const chunk = checkChunk(options.chunk);
    const done = () => {
      if (!options.keepOpen) this.release();
    };
    return new (webStreams().ReadableStream)({
      type: 'bytes',
      autoAllocateChunkSize: chunk,
      pull: (controller) => {
        // With autoAllocateChunkSize there is always a request: the caller's view, or one of `chunk` bytes.
        const req = controller.byobRequest!;
        const view = req.view as Uint8Array;
        try {
          const n = this.readInto(view.byteLength > MAX_CHUNK ? view.subarray(0, MAX_CHUNK) : view);
          if (n > 0) return req.respond(n);
          done();
          controller.close();
          req.respond(0);
        } catch (e) {
          done();
          throw e;
        }
      },
      cancel: done,
    });
  }

  /**
   * A Node Writable into the stream at its current position; at the end it commits (and releases the
   * stream unless `keepOpen`). The owning object still needs its save().
   */
  writableStream(options: { keepOpen?: boolean } = {}): Writable {
    return new (nodeStream().Writable)({
      write: (data: Buffer, _enc, cb) => {
        try {
          this.write(data);
          cb();
        } catch (e) {
          cb(e as Error);
        }
      },
      final: (cb) => {
        try {
          this.commit();
          if (!options.keepOpen) this.release();
          cb();
        } catch (e) {
          cb(e as Error);
        }
      },
      destroy: (err, cb) => {
        if (!options.keepOpen) this.release();
        cb(err);
      },
    });
  }
}
