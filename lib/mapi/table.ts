/**
 * IMAPITable, friendly: columns, restriction, sort, counts, and rows — as a page-by-page async iterator
 * over QueryRows that never holds more than one page, or all at once for small tables.
 */
import koffi from 'koffi';
import { IMAPITable } from '../../ffi-defs/interfaces/IMAPITable';
import { TABLE_FLAGS } from '../../ffi-defs/constants/flags';
import { flexibleLayout, offsetsOf, type FlexibleLayout } from '../ffi/layout';
import type { ComProxy } from '../com/proxy';
import { MapiArgumentError } from '../errors';
import { checkArray, checkInt, checkLong, LONG_MAX } from '../validate';
import { Arena, readPtr, viewOf } from './memory';
import { decodeTagArray, encodeRestriction, encodeTagArray, tagName, type PropsByName, type PropValue, type TagLike } from './props';
import { decodeProps, type DecodeOptions } from './decode';
import { encodeSortOrder, type Restriction, type SortSpec } from './restriction';
import type { MapiContext } from './context';
import { MapiObject, PropObject, type Owner } from './object';

const { TBL_BATCH } = TABLE_FLAGS;
const BOOKMARK = { beginning: TABLE_FLAGS.BOOKMARK_BEGINNING, current: TABLE_FLAGS.BOOKMARK_CURRENT, end: TABLE_FLAGS.BOOKMARK_END } as const;

/**
 * A row, keyed by tag name ('PR_SUBJECT_W', typed by the tag: a string or PropError there) or, for a
 * tag without a name, in hex; cells the provider could not fill hold a PropError.
 */
export type Row = PropsByName;

let rowLayout: { set: FlexibleLayout; row: Readonly<Record<'cValues' | 'lpProps', number>> } | undefined;
const RL = () => (rowLayout ??= { set: flexibleLayout('SRowSet'), row: offsetsOf('SRow', 'cValues', 'lpProps') });

/**
 * Decodes an SRowSet (the caller frees it with FreeProws). A row's 8-bit strings are in the code page its
 * own PR_MESSAGE_CODEPAGE / PR_INTERNET_CPID column names, else `options.codePage`.
 */
export function decodeRowSet(ptr: bigint, options: DecodeOptions = {}): Row[] {
  if (!ptr) return [];
  const { set, row: { cValues, lpProps } } = RL();
  const n = koffi.decode(ptr as never, set.count, 'uint32_t') as number;
  if (n === 0) return [];
  const v = viewOf(ptr, set.head + n * set.stride);
  const rows: Row[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const o = set.head + i * set.stride;
    const row: Record<string, PropValue> = {};
    for (const p of decodeProps(readPtr(v, o + lpProps), v.getUint32(o + cValues, true), options)) row[tagName(p.tag)] = p.value;
    rows[i] = row as unknown as Row; // keyed by tagName(), as propsToObject's
  }
  return rows;
}

export class Table extends MapiObject<typeof IMAPITable> {
  constructor(ctx: MapiContext, raw: ComProxy<typeof IMAPITable>, owner: Owner | null, label = 'table') {
    super(ctx, raw, owner, label);
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
    this.call('SetColumns', () => this.raw.SetColumns(p, TBL_BATCH));
    return this;
  }

  /** Limits the rows to those matching `r` (null removes the restriction). */
  restrict(r: Restriction | null): this {
    const arena = new Arena();
    const p = r ? encodeRestriction(arena, r) : null;
    this.call('Restrict', () => this.raw.Restrict(p, TBL_BATCH));
    return this;
  }

  /** Sorts by columns: ['PR_SUBJECT_W', { tag: 'PR_MESSAGE_DELIVERY_TIME', order: 'desc' }]. */
  sort(spec: SortSpec): this {
    checkArray(spec, 'sort(spec)');
    const arena = new Arena();
    const p = encodeSortOrder(arena, spec);
    this.call('SortTable', () => this.raw.SortTable(p, TBL_BATCH));
    return this;
  }

  /** Number of rows (after the restriction). */
  count(): number {
    const out = [0];
    this.call('GetRowCount', () => this.raw.GetRowCount(0, out));
    return out[0];
  }

  /** Moves the cursor; returns the number of rows actually moved (negative: backwards). */
  seek(origin: keyof typeof BOOKMARK, rows: number): number {
    checkLong(rows, 'seek(rows)');
    if (!Object.prototype.hasOwnProperty.call(BOOKMARK, origin)) throw new MapiArgumentError('ERR_ARGUMENT', `seek origin must be beginning, current or end, not '${String(origin)}'`);
    const out = [0];
    this.call('SeekRow', () => this.raw.SeekRow(BOOKMARK[origin], rows, out));
    return out[0];
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
    if (checkLong(n, 'queryRows(n)') === 0) throw new MapiArgumentError('ERR_ARGUMENT', 'queryRows takes a non-zero row count');
    const out: (bigint | null)[] = [null];
    this.call('QueryRows', () => this.raw.QueryRows(n, 0, out));
    try {
      // Rows without a code page column use the code page of what the table was opened from.
      return decodeRowSet(out[0] ?? 0n, { codePage: () => (this.owner instanceof PropObject ? this.owner.codePage() : undefined) });
    } finally {
      this.ctx.freeRows(out[0]);
    }
  }

  /**
   * Every row from the start, one QueryRows page at a time (`pageSize`, default 200), yielding to the
   * event loop between pages. Only one page is in memory at once.
   */
  async *rows(options: { pageSize?: number } = {}): AsyncGenerator<Row, void, undefined> {
    const pageSize = options.pageSize ?? 200;
    checkInt(pageSize, 1, LONG_MAX, 'pageSize');
    this.seek('beginning', 0);
    for (;;) {
      const page = this.queryRows(pageSize);
      if (page.length === 0) return;
      for (const r of page) yield r;
      await new Promise<void>((r) => setImmediate(r));
    }
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

