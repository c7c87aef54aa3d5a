/**
 * Knows whether the main thread is inside a synchronous native call made through this library.
 *
 * Koffi runs a JS callback either directly, when native code calls it on the main thread during a
 * synchronous FFI call, or relayed, when a foreign thread calls it (queued to the main thread while the
 * native thread waits). A relayed call can only run when the main thread is back in the event loop, so
 * a callback that finds `depth > 0` was called on the caller's own thread, and one that finds 0 came
 * from another native thread.
 */
export const native = { depth: 0 };

/** 'caller' when a callback runs inside one of our synchronous native calls, else 'foreign'. */
export function callbackThread(): 'caller' | 'foreign' {
  return native.depth > 0 ? 'caller' : 'foreign';
}
