/**
 * Native calls: the lowest layer under the loader (exports) and the proxies (vtable slots). Every call
 * into native code made by this library goes through callNative, which keeps the depth count that tells
 * a callback on the caller's thread from one relayed from a foreign thread, and feeds the tracer.
 *
 * Koffi runs a JS callback either directly, when native code calls it on the main thread during a
 * synchronous FFI call, or relayed, when a foreign thread calls it (queued to the main thread while the
 * native thread waits). A relayed call can only run when the main thread is back in the event loop, so
 * a callback that finds `depth > 0` was called on the caller's own thread, and one that finds 0 came
 * from another native thread.
 */
import type { ParamDef } from '../../ffi-defs/schema';
import { tracer, traceCall } from '../trace';

export const native = { depth: 0 };

/** A native function as Koffi gives it. */
export type NativeFn = (...args: unknown[]) => number;

/** 'caller' when a callback runs inside one of our synchronous native calls, else 'foreign'. */
export function callbackThread(): 'caller' | 'foreign' {
  return native.depth > 0 ? 'caller' : 'foreign';
}

/**
 * Calls a native function with the depth bookkeeping and, when on, the tracer. `def` (the method or
 * export) names the arguments in the trace; `skip` is how many leading arguments are not parameters
 * (1 for a method's `This`).
 */
export function callNative(
  fn: NativeFn,
  call: string,
  args: unknown[],
  def: { readonly params: readonly ParamDef[]; readonly returns?: string } | null,
  skip = 0,
): number {
  if (tracer.on) return traceCall(call, def ? def.params : null, args.slice(skip), def?.returns ?? 'HRESULT', () => callNativeQuiet(fn, args));
  return callNativeQuiet(fn, args);
}

function callNativeQuiet(fn: NativeFn, args: unknown[]): number {
  native.depth++;
  try {
    return fn(...args);
  } finally {
    native.depth--;
  }
}

