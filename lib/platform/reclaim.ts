/**
 * Freeing the chunks a stream's consumer has dropped, at once. A Node Readable hands out a new Buffer
 * per chunk; once the consumer drops one, its memory waits for V8, which counts new ArrayBuffer memory
 * and collects only every ~32 MiB of it ("external memory pressure"). A young-generation collection
 * (a scavenge: a fraction of a millisecond, nothing old is touched) frees them now, so a stream of any
 * size stays within a chunk or two. V8 offers that only through its gc extension: --expose-gc, set
 * here when first needed, makes `gc` available in new contexts (the main context's globals are not
 * changed); a process started with --expose-gc has it already. Where neither works, nothing is done.
 */
// node:v8 and node:vm are required in load(), on the first reclaim: node:v8 pulls in Node's stream
// modules (~2 ms at import, for a program that may never stream).

type GcFn = (options?: { type?: 'minor' | 'major'; execution?: 'sync' | 'async' }) => void;

let minorGc: (() => void) | null | undefined;

function load(): (() => void) | null {
  try {
    let gc = (globalThis as { gc?: GcFn }).gc;
    if (typeof gc !== 'function') {
      const v8 = require('node:v8') as typeof import('node:v8');
      const vm = require('node:vm') as typeof import('node:vm');
      v8.setFlagsFromString('--expose-gc');
      gc = vm.runInNewContext('gc') as GcFn | undefined;
    }
    return typeof gc === 'function' ? () => gc!({ type: 'minor' }) : null;
  } catch {
    return null;
  }
}

/** A scavenge, now (see above); a no-op where V8 does not offer it. */
export function reclaimYoung(): void {
  if (minorGc === undefined) minorGc = load();
  minorGc?.();
}
