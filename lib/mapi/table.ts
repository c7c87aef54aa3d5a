/**
 * IMAPITable, friendly: columns, restriction, sort, counts, and rows — as a page-by-page async iterator
 * over QueryRows that never holds more than one page, or all at once for small tables.
 */
import { IMAPITable } from '../../ffi-defs/interfaces/IMAPITable';
import { TABLE_FLAGS } from '../../ffi-defs/constants/flags';
import type { ComProxy } from '../com/proxy';
import { HR } from '../../ffi-defs/constants/hresults';
import { MapiArgumentError, MapiError, ReleasedObjectError } from '../errors';
import { checkArray, checkInt, checkLong, checkULong, describe, LONG_MAX } from '../validate';
import { Arena } from './memory';
import { decodeRowArrays, decodeRowSet, RowIterator, type Row } from './rows';
import type { DecodeOptions } from './decode';
import type { PropValue } from './tags';
import { decodeTagArray, encodeRestriction, encodeTagArray, type TagLike } from './props';
import { encodeSortOrder, type Categories, type Restriction, type SortSpec } from './restriction';
import type { MapiContext } from './context';
import { MapiObject, PropObject, type Owner } from './object';
import type { Watcher, WatchOptions } from './watch';

const { TBL_BATCH, DIR_BACKWARD } = TABLE_FLAGS;
const BOOKMARK = { beginning: TABLE_FLAGS.BOOKMARK_BEGINNING, current: TABLE_FLAGS.BOOKMARK_CURRENT, end: TABLE_FLAGS.BOOKMARK_END } as const;
const POSITION_CHANGED = HR.MAPI_W_POSITION_CHANGED;

export { decodeRowArrays, decodeRowSet, type Row } from './rows';

/** How rows() and pages() read: rows per QueryRows (default 200), and at most `limit` rows in all. */
export interface PageOptions {
  pageSize?: number;
  limit?: number;
  /**
   * Each row as an array of its values in column order (the columns as set), instead of an object
   * keyed by tag name: no names, a little faster (docs/performance.md, "Table streaming").
   */
  arrays?: boolean;
}

/** Where a seek or search starts: a predefined position or a bookmark. */
export type Origin = keyof typeof BOOKMARK | Bookmark;

/**
 * A position in one table (IMAPITable::CreateBookmark), freed with FreeBookmark by `free()` or
 * `using`. Releasing the table frees it too (the provider drops a table's bookmarks with it).
 */
export class Bookmark implements Disposable {
  /** True when the last seek or search from this bookmark was told MAPI_W_POSITION_CHANGED: the
   * bookmarked row had gone, and the cursor went to the nearest row instead. */
  positionChanged = false;
  #value: number | bigint | null;
  readonly #table: Table;
  readonly #onFree: (b: Bookmark) => void;

  /** @internal Made by Table.bookmark(). */
  constructor(table: Table, value: number | bigint, onFree: (b: Bookmark) => void) {
    this.#table = table;
    this.#value = value;
    this.#onFree = onFree;
  }

  get freed(): boolean {
    return this.#value === null;
  }

  /** @internal The BOOKMARK value for a call on `table`. */
  valueFor(table: Table, method: string): number | bigint {
    if (this.#value === null) throw new ReleasedObjectError('Bookmark', method);
    if (table !== this.#table) throw new MapiArgumentError('ERR_ARGUMENT', `${method}: the bookmark belongs to another table`);
    return this.#value;
  }

  /** @internal The table was released: its bookmarks went with it. */
  dropped(): void {
    this.#value = null;
  }

  /** IMAPITable::FreeBookmark. Freeing twice (or after the table's release) is a ReleasedObjectError. */
  free(): void {
    const v = this.valueFor(this.#table, 'FreeBookmark');
    this.#value = null;
    this.#onFree(this);
    this.#table.freeBookmarkValue(v);
  }

  /** Frees the bookmark unless it already was (so `using` after free() or release() is harmless). */
  [Symbol.dispose](): void {
    if (this.#value !== null) this.free();
  }
}

/** A heading's PR_INSTANCE_KEY, from a row (that has the column) or as bytes. */
function instanceKey(h: Row | Uint8Array, method: string): Buffer {
  if (h instanceof Uint8Array) return Buffer.from(h);
  const k = h !== null && typeof h === 'object' ? (h as Record<string, unknown>).PR_INSTANCE_KEY : undefined;
  if (!(k instanceof Uint8Array)) throw new MapiArgumentError('ERR_ARGUMENT', `${method}() takes a row with a PR_INSTANCE_KEY column, or the key's bytes, not ${describe(h)}`);
  return Buffer.from(k);
}

export class Table extends MapiObject<typeof IMAPITable> {
  readonly #bookmarks = new Set<Bookmark>();

  constructor(ctx: MapiContext, raw: ComProxy<typeof IMAPITable>, owner: Owner | null, label = 'table') {
    super(ctx, raw, owner, label);
  }

  /** Releases the table; its bookmarks are freed with it. */
  override release(): void {
    for (const b of this.#bookmarks) b.dropped();
    this.#bookmarks.clear();
    super.release();
  }

  /**
   * Table notifications (IMAPITable::Advise): rows added, modified and deleted with the table's current
   * columns, or tableChanged / tableReload. See Watcher. Releasing the table ends them.
   */
  watch(options: Omit<WatchOptions, 'events'> = {}): Watcher {
    // Loaded on first use, not with the library (lib/index.ts says why).
    const { Watcher } = require('./watch') as typeof import('./watch');
    const { tableTarget } = require('./watch-targets') as typeof import('./watch-targets');
    return new Watcher(tableTarget(this.label, this.raw as never, this.call.bind(this)), options, [this.children, this.dependents]);
  }

  /** The current columns (IMAPITable::QueryColumns). */
  columns(): number[] {
    const out: (bigint | null)[] = [null];
    this.call('QueryColumns', () => this.raw.QueryColumns(0, out));
    try {
      return decodeTagArray(out[0] ?? 0n);
    } finally {
      this.ctx.free(out[0]);
    }
  }

  setColumns(tags: readonly TagLike[]): this {
    checkArray(tags, 'setColumns(tags)');
    if (!tags.length) throw new MapiArgumentError('ERR_COLUMNS', 'setColumns needs at least one column');
    const arena = new Arena();
    const p = encodeTagArray(arena, tags);
    arena.keep(() => this.call('SetColumns', () => this.raw.SetColumns(p, TBL_BATCH)));
    return this;
  }

  /** Limits the rows to those matching `r` (null removes the restriction). */
  restrict(r: Restriction | null): this {
    const arena = new Arena();
    const p = r ? encodeRestriction(arena, r) : null;
    arena.keep(() => this.call('Restrict', () => this.raw.Restrict(p, TBL_BATCH)));
    return this;
  }

  /**
   * Sorts by columns: ['PR_SUBJECT_W', { tag: 'PR_MESSAGE_DELIVERY_TIME', order: 'desc' }]. With
   * `categories: n` the first n columns group the rows under heading rows (a categorized table);
   * `expanded` levels start expanded (default: all of them; 0 shows only the top headings).
   */
  sort(spec: SortSpec, categories?: Categories): this {
    checkArray(spec, 'sort(spec)');
    const arena = new Arena();
    const p = encodeSortOrder(arena, spec, categories);
    arena.keep(() => this.call('SortTable', () => this.raw.SortTable(p, TBL_BATCH)));
    return this;
  }

  /** Number of rows (after the restriction). */
  count(): number {
    const out = [0];
    this.call('GetRowCount', () => this.raw.GetRowCount(0, out));
    return out[0];
  }

  /**
   * Moves the cursor `rows` rows from `origin` (a Bookmark too); returns the number of rows actually
   * moved (negative: backwards). From a bookmark whose row has gone, the cursor starts at the nearest
   * row and the bookmark's `positionChanged` says so.
   */
  seek(origin: Origin, rows: number): number {
    checkLong(rows, 'seek(rows)');
    const bk = this.origin(origin, 'SeekRow');
    const out = [0];
    const hr = this.call('SeekRow', () => this.raw.SeekRow(bk, rows, out));
    this.noteWarning(origin, hr);
    return out[0];
  }

  /**
   * IMAPITable::FindRow: moves the cursor to the first row matching `r`, searching from `from`
   * (default: the current row) forwards, or backwards with `backward`. False when no row matches
   * (MAPI_E_NOT_FOUND; the cursor stays where it was).
   */
  findRow(r: Restriction, options: { from?: Origin; backward?: boolean } = {}): boolean {
    const bk = this.origin(options.from ?? 'current', 'FindRow');
    const arena = new Arena();
    const p = encodeRestriction(arena, r);
    try {
      const hr = arena.keep(() => this.call('FindRow', () => this.raw.FindRow(p, bk, options.backward ? DIR_BACKWARD : 0)));
      this.noteWarning(options.from, hr);
      return true;
    } catch (e) {
      if (e instanceof MapiError && e.hr === HR.MAPI_E_NOT_FOUND) return false;
      throw e;
    }
  }

  /**
   * IMAPITable::ExpandRow: opens a heading row of a categorized table (the row itself, with its
   * PR_INSTANCE_KEY column, or that key). Returns the first `rows` rows it brought into view (default
   * none) and how many it added in all; the cursor moves after the rows returned.
   */
  expand(heading: Row | Uint8Array, options: { rows?: number } = {}): { rows: Row[]; added: number } {
    const key = instanceKey(heading, 'expand');
    const want = checkULong(options.rows ?? 0, 'expand rows');
    const out: (bigint | null)[] = [null];
    const more = [0];
    this.call('ExpandRow', () => this.raw.ExpandRow(key.length, key, want, 0, out, more));
    try {
      return { rows: decodeRowSet(out[0] ?? 0n), added: more[0] };
    } finally {
      this.ctx.freeRows(out[0]);
    }
  }

  /** IMAPITable::CollapseRow: closes a heading row; returns the number of rows it took out of view. */
  collapse(heading: Row | Uint8Array): number {
    const key = instanceKey(heading, 'collapse');
    const out = [0];
    this.call('CollapseRow', () => this.raw.CollapseRow(key.length, key, 0, out));
    return out[0];
  }

  /** IMAPITable::CreateBookmark: the current position, to seek or search from later. */
  bookmark(): Bookmark {
    const out: (number | bigint)[] = [0];
    this.call('CreateBookmark', () => this.raw.CreateBookmark(out));
    const b = new Bookmark(this, out[0], (x) => this.#bookmarks.delete(x));
    this.#bookmarks.add(b);
    return b;
  }

  /** @internal Bookmark.free()'s call. */
  freeBookmarkValue(v: number | bigint): void {
    this.call('FreeBookmark', () => this.raw.FreeBookmark(v));
  }

  private origin(o: Origin, method: string): number | bigint {
    if (o instanceof Bookmark) return o.valueFor(this, method);
    if (typeof o !== 'string' || !Object.prototype.hasOwnProperty.call(BOOKMARK, o)) {
      throw new MapiArgumentError('ERR_ARGUMENT', `${method}: the origin must be 'beginning', 'current', 'end' or a Bookmark, not ${describe(o)}`);
    }
    return BOOKMARK[o];
  }

  private noteWarning(o: Origin | undefined, hr: unknown): void {
    if (o instanceof Bookmark) o.positionChanged = Number(hr) >>> 0 === POSITION_CHANGED;
  }

  /** Cursor position and row count: QueryPosition's numerator and denominator. */
  position(): { row: number; count: number } {
    const row = [0];
    const num = [0];
    const den = [0];
    this.call('QueryPosition', () => this.raw.QueryPosition(row, num, den));
    return { row: row[0], count: den[0] };
  }

  /** Up to `n` rows from the cursor (negative: backwards). An empty array at the end. */
  queryRows(n: number): Row[] {
    return this.#query(n, decodeRowSet);
  }

  #query<T>(n: number, decode: (ptr: bigint, o: DecodeOptions) => T[]): T[] {
    if (checkLong(n, 'queryRows(n)') === 0) throw new MapiArgumentError('ERR_ARGUMENT', 'queryRows takes a non-zero row count');
    const out: (bigint | null)[] = [null];
    this.call('QueryRows', () => this.raw.QueryRows(n, 0, out));
    try {
      // Rows without a code page column use the code page of what the table was opened from.
      return decode(out[0] ?? 0n, { codePage: () => (this.owner instanceof PropObject ? this.owner.codePage() : undefined) });
    } finally {
      this.ctx.freeRows(out[0]);
    }
  }

  /**
   * Every row from the start, one QueryRows page at a time (`pageSize`, default 200), yielding to the
   * event loop between pages. Only one page is in memory at once. With `limit`, at most that many rows:
   * the last QueryRows asks for only the rows still wanted, so no row beyond the limit is read. With
   * `arrays`, each row is an array of values in column order.
   */
  rows(options: PageOptions & { arrays: true }): AsyncGenerator<PropValue[], void, undefined>;
  rows(options?: PageOptions & { arrays?: false }): AsyncGenerator<Row, void, undefined>;
  rows(options?: PageOptions): AsyncGenerator<Row | PropValue[], void, undefined>;
  rows(options: PageOptions = {}): AsyncGenerator<Row | PropValue[], void, undefined> {
    const p = this.pager(options);
    return new RowIterator<Row | PropValue[]>(p.first, p.more);
  }

  /**
   * The same pages as rows(), each as one array (its QueryRows result): for a caller that handles a
   * page at once (the CLI prints a page per write).
   */
  pages(options: PageOptions & { arrays: true }): AsyncGenerator<PropValue[][], void, undefined>;
  pages(options?: PageOptions & { arrays?: false }): AsyncGenerator<Row[], void, undefined>;
  pages(options?: PageOptions): AsyncGenerator<(Row | PropValue[])[], void, undefined>;
  pages(options: PageOptions = {}): AsyncGenerator<(Row | PropValue[])[], void, undefined> {
    const p = this.pager(options);
    const one = (f: () => (Row | PropValue[])[]) => () => {
      const page = f();
      return page.length ? [page] : [];
    };
    return new RowIterator(one(p.first), one(p.more));
  }

  /** The page reads of rows() and pages(); the options are checked on the first read, as a generator would. */
  private pager(options: PageOptions): { first: () => (Row | PropValue[])[]; more: () => (Row | PropValue[])[] } {
    let pageSize = 0;
    let left = Infinity;
    const decode = options.arrays ? decodeRowArrays : decodeRowSet;
    const more = () => {
      if (left <= 0) return [];
      const page = this.#query<Row | PropValue[]>(Math.min(pageSize, left), decode);
      left -= page.length;
      return page;
    };
    const first = () => {
      pageSize = checkInt(options.pageSize ?? 200, 1, LONG_MAX, 'pageSize');
      if (options.limit !== undefined) left = checkInt(options.limit, 0, Number.MAX_SAFE_INTEGER, 'limit');
      this.seek('beginning', 0);
      return more();
    };
    return { first, more };
  }

  /** Every row at once (for small tables: stores, folders). */
  all(options: { pageSize?: number } = {}): Row[] {
    const pageSize = checkInt(options.pageSize ?? 500, 1, LONG_MAX, 'pageSize');
    this.seek('beginning', 0);
    const rows: Row[] = [];
    for (;;) {
      const page = this.queryRows(pageSize);
      if (page.length === 0) return rows;
      rows.push(...page);
    }
  }
}

