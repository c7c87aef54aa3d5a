/**
 * What every friendly object needs from the loaded MAPI: allocating and freeing MAPI memory
 * (MAPIAllocateBuffer, MAPIFreeBuffer, FreeProws), exactly once, and the list of objects to release
 * before logoff/uninitialize.
 */
import koffi from 'koffi';
import { EXPORTS } from '../../ffi-defs/exports';
import { HR } from '../../ffi-defs/constants/hresults';
import type { MapiLibrary } from '../loader';
import { MapiError, ReleasedObjectError } from '../errors';

export interface Releasable {
  release(): void;
}

export class MapiContext {
  readonly lib: MapiLibrary;
  private _ended: string | null = null;

  constructor(lib: MapiLibrary) {
    this.lib = lib;
  }

  /** MAPIAllocateBuffer of `size` bytes (what a provider may free or replace); a MapiError when it fails. */
  alloc(size: number): bigint {
    const out: (bigint | null)[] = [null];
    this.lib.call(EXPORTS.MAPIAllocateBuffer, size, out);
    if (!out[0]) throw new MapiError(HR.E_POINTER, 'MAPIAllocateBuffer', { detail: 'S_OK with a NULL buffer' });
    return out[0];
  }

  /**
   * A copy of the `cb` bytes a call returned in MAPI memory at `ptr` (an entry id out-parameter), which
   * is then freed. A NULL pointer with a non-zero size is the provider's mistake: a MapiError naming
   * `call`, not a view of NULL (which would abort Node).
   */
  take(ptr: bigint | null | undefined, cb: number, call: string): Buffer {
    try {
      if (!ptr) {
        if (cb) throw new MapiError(HR.E_POINTER, call, { detail: `a NULL buffer of ${cb} bytes` });
        return Buffer.alloc(0);
      }
      return cb ? Buffer.from(new Uint8Array(koffi.view(ptr as never, cb) as ArrayBuffer)) : Buffer.alloc(0);
    } finally {
      this.free(ptr);
    }
  }

  /** MAPIFreeBuffer for a buffer MAPI handed us. NULL is a no-op. */
  free(ptr: bigint | null | undefined): void {
    if (!ptr) return;
    this.lib.call(EXPORTS.MAPIFreeBuffer, ptr);
  }

  /** FreeProws for an SRowSet (frees every row's props, then the set). */
  freeRows(ptr: bigint | null | undefined): void {
    if (!ptr) return;
    this.lib.call(EXPORTS.FreeProws, ptr);
  }

  /** @internal Marks MAPI as uninitialized: later calls through friendly objects fail clearly. */
  end(reason: string): void {
    this._ended = reason;
  }

  ensureAlive(what: string, method: string): void {
    if (this._ended) throw new ReleasedObjectError(what, `${method} (${this._ended})`);
  }
}

/** Objects opened through a parent, released (children first) when the parent goes away. */
export class Children {
  private readonly items = new Set<Releasable>();
  add<T extends Releasable>(o: T): T {
    this.items.add(o);
    return o;
  }
  delete(o: Releasable): void {
    this.items.delete(o);
  }
  releaseAll(): void {
    for (const o of [...this.items].reverse()) {
      this.items.delete(o);
      o.release();
    }
  }
  get size(): number {
    return this.items.size;
  }
}
