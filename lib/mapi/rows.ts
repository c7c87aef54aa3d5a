/**
 * Table rows in JS: an SRowSet decoded into row objects (or arrays of values), and the async iterator
 * Table.rows() and pages() return.
 * Both are on the path of every row of a streamed table, so each does its work once per page or per
 * column, not once per cell (docs/performance.md, "Table streaming").
 */
import koffi from 'koffi';
import { flexibleLayout, offsetsOf, type FlexibleLayout } from '../ffi/layout';
import { viewOf } from './memory';
import { addrAt } from './span';
import { decodeArrays, type DecodeOptions } from './decode';
import { type PropsByName, type PropValue } from './props';
import { decodeRows } from './row-codec';

/**
 * A row, keyed by tag name ('PR_SUBJECT_W', typed by the tag: a string or PropError there) or, for a
 * tag without a name, in hex; cells the provider could not fill hold a PropError.
 */
export type Row = PropsByName;

let rowLayout: { set: FlexibleLayout; row: Readonly<Record<'cValues' | 'lpProps', number>> } | undefined;
const RL = () => (rowLayout ??= { set: flexibleLayout('SRowSet'), row: offsetsOf('SRow', 'cValues', 'lpProps') });

/** The rows of an SRowSet: each one's SPropValue array (its address as a Number) and count; null when none. */
function rowArrays(ptr: bigint): { addrs: number[]; counts: number[] } | null {
  if (!ptr) return null;
  const { set, row: { cValues, lpProps } } = RL();
  const n = koffi.decode(ptr as never, set.count, 'uint32_t') as number;
  if (n === 0) return null;
  const v = viewOf(ptr, set.head + n * set.stride);
  const addrs: number[] = new Array(n);
  const counts: number[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const o = set.head + i * set.stride;
    addrs[i] = addrAt(v, o + lpProps);
    counts[i] = v.getUint32(o + cValues, true);
  }
  return { addrs, counts };
}

/**
 * Decodes an SRowSet (the caller frees it with FreeProws) into row objects keyed by tag name. A row's
 * 8-bit strings are in the code page its own PR_MESSAGE_CODEPAGE / PR_INTERNET_CPID column names, else
 * `options.codePage`. The whole page is read through one view (span.ts), each column set by a function
 * made for it (row-codec.ts).
 */
export function decodeRowSet(ptr: bigint, options: DecodeOptions = {}): Row[] {
  const r = rowArrays(ptr);
  return r ? (decodeRows(r.addrs, r.counts, options, 'object') as Row[]) : [];
}

/** The property tags of each row of an SRowSet, in column order as the provider sent them. */
export function decodeRowTags(ptr: bigint): number[][] {
  const r = rowArrays(ptr);
  if (!r) return [];
  const d = decodeArrays(r.addrs, r.counts, {});
  return d.starts.map((at, i) => d.tags.slice(at, i + 1 < d.starts.length ? d.starts[i + 1] : d.tags.length));
}

/**
 * Decodes an SRowSet into one array of values per row, in the order of its columns (a PT_ERROR cell
 * holds a PropError, as in a row object): no names, no objects, for a caller who knows its columns.
 */
export function decodeRowArrays(ptr: bigint, options: DecodeOptions = {}): PropValue[][] {
  const r = rowArrays(ptr);
  return r ? decodeRows(r.addrs, r.counts, options, 'array') : [];
}

const done = (): IteratorReturnResult<void> => ({ value: undefined, done: true });

/**
 * What Table.rows() returns: the steps of an async generator that queries a page, yields its rows, then
 * waits a turn of the event loop before the next page (nothing runs before the first next(); a failure
 * rejects that next() and ends the iteration; calls made while a page is coming wait their turn). A row
 * inside a page costs one resolved promise instead of an async generator's resumption, which was more
 * than the decoding of a 10-column row.
 */
export class RowIterator<T> implements AsyncGenerator<T, void, undefined> {
  #page: readonly T[] = [];
  #i = 0;
  #started = false;
  #done = false;
  /** Settles when the page being fetched has come (or failed); later calls wait for it. */
  #busy: Promise<void> | null = null;

  /** `first()` runs on the first next(), `more()` after a turn of the event loop when a page is used up. */
  constructor(
    private readonly first: () => readonly T[],
    private readonly more: () => readonly T[],
  ) {}

  next(): Promise<IteratorResult<T, void>> {
    if (this.#busy) return this.#busy.then(() => this.next());
    if (this.#done) return Promise.resolve(done());
    if (this.#i < this.#page.length) return Promise.resolve({ value: this.#page[this.#i++], done: false });
    if (!this.#started) {
      this.#started = true;
      try {
        return Promise.resolve(this.#load(this.first));
      } catch (e) {
        return Promise.reject(e);
      }
    }
    const p = new Promise<void>((r) => setImmediate(r)).then(() => this.#load(this.more));
    this.#busy = p.then(
      () => void (this.#busy = null),
      () => void (this.#busy = null),
    );
    return p;
  }

  return(value?: void | PromiseLike<void>): Promise<IteratorResult<T, void>> {
    if (this.#busy) return this.#busy.then(() => this.return(value));
    this.#finish();
    return Promise.resolve(value).then((v) => ({ value: v, done: true }) as IteratorReturnResult<void>);
  }

  throw(e?: unknown): Promise<IteratorResult<T, void>> {
    if (this.#busy) return this.#busy.then(() => this.throw(e));
    this.#finish();
    return Promise.reject(e);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.return();
  }

  #load(fetch: () => readonly T[]): IteratorResult<T, void> {
    let page: readonly T[];
    try {
      page = fetch();
    } catch (e) {
      this.#finish();
      throw e;
    }
    if (page.length === 0) {
      this.#finish();
      return done();
    }
    this.#page = page;
    this.#i = 1;
    return { value: page[0], done: false };
  }

  #finish(): void {
    this.#done = true;
    this.#page = [];
    this.#i = 0;
  }
}
