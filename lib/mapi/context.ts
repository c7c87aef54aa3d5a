/**
 * What every friendly object needs from the loaded MAPI: freeing what MAPI allocated (MAPIFreeBuffer,
 * FreeProws), exactly once, and the list of objects to release before logoff/uninitialize.
 */
import { EXPORTS } from '../../ffi-defs/exports';
import type { MapiLibrary } from '../loader';
import { ReleasedObjectError } from '../errors';

export interface Releasable {
  release(): void;
}

export class MapiContext {
  readonly lib: MapiLibrary;
  private _ended: string | null = null;

  constructor(lib: MapiLibrary) {
    this.lib = lib;
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
