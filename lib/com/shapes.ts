/**
 * Keeping the hidden classes of short-lived objects alive. V8 gives a class instance its final hidden
 * class (map) by transitions from the constructor's initial one, and holds those maps only weakly: a
 * full GC that finds no live Message, Attachment, stream or proxy frees their maps, and deoptimises all
 * the code that was specialised on them. The next few hundred messages composed then run unoptimised,
 * 2-3x slower, while TurboFan recompiles (bench/compose.ts, docs/performance.md). Such a GC is exactly
 * what V8's memory reducer runs when a process goes idle between bursts of work. Keeping the last
 * released object of each class keeps its map, and the optimised code with it.
 */
const anchors = new Map<unknown, object>();

/** Keeps `o` (an object already released: it owns no native reference) as its class's anchor. */
export function keepShape(o: object): void {
  anchors.set(o.constructor, o);
}
