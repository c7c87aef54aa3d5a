/**
 * Output for the CLI and the REPL: aligned text tables (CJK-aware widths), short human forms of property
 * values, and full JSON forms (Buffers as hex, bigints as strings, Dates as ISO, PropErrors by name).
 */
import stringWidth from 'string-width';
import { PropError, UndecodedValue } from '../mapi/tags';

/** Columns on the terminal a string takes (East Asian wide characters count two, escapes none). */
export function displayWidth(s: string): number {
  return stringWidth(s);
}

function pad(s: string, width: number, right: boolean): string {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(s)));
  return right ? fill + s : s + fill;
}

export interface Column {
  /** Heading, printed as given. */
  readonly title: string;
  /** Right-aligned (numbers). */
  readonly right?: boolean;
}

/**
 * A plain table: a heading line, then one line per row; columns two spaces apart, no trailing blanks.
 * `rows` are already strings.
 */
export function table(columns: readonly (Column | string)[], rows: readonly (readonly string[])[]): string {
  return new TableStream(columns).lines(rows);
}

/**
 * A table printed as its rows come, a page at a time (`ls` of a big folder). The heading and the first
 * page are laid out as table() lays out a whole table; `minWidths` (per column) are widths known before
 * any row, so that later pages line up: a count's digits, a column's cap. A later cell wider than its
 * column widens the column from that line on.
 */
export class TableStream {
  readonly #cols: readonly Column[];
  readonly #min: readonly number[];
  #widths: number[] | null = null;

  constructor(columns: readonly (Column | string)[], minWidths: readonly number[] = []) {
    this.#cols = columns.map((c) => (typeof c === 'string' ? { title: c } : c));
    this.#min = minWidths;
  }

  /** The lines of these rows joined with '\n', after the heading on the first call. */
  lines(rows: readonly (readonly string[])[]): string {
    const cols = this.#cols;
    const out: string[] = [];
    let widths = this.#widths;
    if (!widths) {
      widths = this.#widths = cols.map((c, i) => Math.max(this.#min[i] ?? 0, displayWidth(c.title), ...rows.map((r) => displayWidth(r[i] ?? ''))));
      out.push(this.#line(cols.map((c) => c.title)));
    } else {
      for (const r of rows) for (let i = 0; i < cols.length; i++) widths[i] = Math.max(widths[i], displayWidth(r[i] ?? ''));
    }
    for (const r of rows) out.push(this.#line(r));
    return out.join('\n');
  }

  #line(cells: readonly string[]): string {
    const cols = this.#cols;
    const widths = this.#widths!;
    return cols
      .map((c, i) => (i === cols.length - 1 && !c.right ? cells[i] ?? '' : pad(cells[i] ?? '', widths[i], c.right === true)))
      .join('  ')
      .trimEnd();
  }
}

/** Shortens a string to `max` display columns, ending it with '…'. */
export function shorten(s: string, max: number): string {
  if (displayWidth(s) <= max) return s;
  let out = '';
  for (const ch of s) {
    if (displayWidth(out + ch) > max - 1) break;
    out += ch;
  }
  return out + '…';
}

/** Hex of a buffer, upper case; beyond `maxBytes` shortened with '…' and the byte count. */
export function hexShort(b: Uint8Array, maxBytes = 32): string {
  const buf = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  if (buf.length <= maxBytes) return buf.toString('hex').toUpperCase();
  return `${buf.subarray(0, maxBytes).toString('hex').toUpperCase()}… (${buf.length} bytes)`;
}

export interface ValueFormat {
  /** Longest string shown, in display columns (default 60). */
  readonly maxString?: number;
  /** Longest binary shown in full, in bytes (default 32). */
  readonly maxBytes?: number;
}

/** One line for a property value: binary as hex, strings shortened and escaped, Dates ISO, errors by name. */
export function formatValue(v: unknown, f: ValueFormat = {}): string {
  const maxString = f.maxString ?? 60;
  if (v === null || v === undefined) return '(null)';
  if (v instanceof PropError) return v.name;
  if (v instanceof UndecodedValue) return `(${v.toString()})`;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '(invalid date)' : v.toISOString();
  if (v instanceof Uint8Array) return v.length === 0 ? '(empty)' : hexShort(v, f.maxBytes ?? 32);
  if (typeof v === 'string') {
    const escaped = v.replace(/\r/g, '\\r').replace(/\n/g, '\\n').replace(/\t/g, '\\t');
    return shorten(escaped, maxString);
  }
  if (typeof v === 'bigint') return v.toString();
  if (Array.isArray(v)) {
    const full = maxString === Infinity;
    const items = v.map((x) => formatValue(x, full ? f : { maxString: 24, maxBytes: 8 }));
    return shorten(`[${items.join(', ')}]`, Math.max(maxString, 40));
  }
  // Restrictions (PT_SRESTRICTION) and rule actions (PT_ACTIONS): their JSON form on one line.
  if (typeof v === 'object') return shorten(JSON.stringify(jsonValue(v)), maxString);
  return shorten(String(v), maxString);
}

/** A duration's key ('durationMs', 'elapsedMs', 'ms'): its value is printed to 0.1 ms, what a timer here can tell. */
const DURATION_KEY = /(?:^ms|Ms)$/;

/**
 * A value as JSON-ready data: Buffers as hex strings, bigints as strings, Dates as ISO strings, and
 * durations (keys ending in Ms) rounded to 0.1 ms.
 */
export function jsonValue(v: unknown, key?: string): unknown {
  if (v === undefined) return null;
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return String(v);
    return key !== undefined && DURATION_KEY.test(key) ? Math.round(v * 10) / 10 : v;
  }
  if (typeof v === 'bigint') return v.toString();
  if (v instanceof PropError || v instanceof UndecodedValue) return v.toJSON();
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString();
  if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex').toUpperCase();
  if (Array.isArray(v)) return v.map((x) => jsonValue(x));
  if (v instanceof Error) return { error: v.name, message: v.message, ...('code' in v ? { code: (v as { code: unknown }).code } : {}) };
  if (typeof v === 'object') {
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) if (x !== undefined) o[k] = jsonValue(x, k);
    return o;
  }
  return String(v);
}

/** JSON text of anything the CLI prints with --json. */
export function toJson(v: unknown): string {
  return JSON.stringify(jsonValue(v), null, 2);
}

const indent = (text: string, by: string) => text.replace(/\n/g, `\n${by}`);

/**
 * A --json document written as its list comes, for commands that stream table rows: `{ ...head, [key]:
 * [ items ] }`, laid out exactly as toJson() lays out the whole object (a reader may parse it when it
 * ends), or with `lines` (--jsonl) one item per line and no head. Each method returns the text to
 * write now: whole lines only, since an item's closing line waits for what follows it (a comma or the
 * end of the array).
 */
export class JsonStream {
  #pending = '';
  #count = 0;

  constructor(
    private readonly key: string,
    head: Readonly<Record<string, unknown>>,
    private readonly jsonLines = false,
  ) {
    if (!jsonLines) this.#pending = toJson({ ...head, [key]: [] }).replace(/\[\]\n\}$/, '[');
  }

  /** Text for these items. */
  add(items: readonly unknown[]): string {
    if (this.jsonLines) return items.map((x) => JSON.stringify(jsonValue(x)) + '\n').join('');
    for (const x of items) this.#pending += `${this.#count++ ? ',' : ''}\n    ${indent(toJson(x), '    ')}`;
    const cut = this.#pending.lastIndexOf('\n') + 1;
    const text = this.#pending.slice(0, cut);
    this.#pending = this.#pending.slice(cut);
    return text;
  }

  /** The rest of the document. */
  end(): string {
    return this.jsonLines ? '' : `${this.#close()}\n}\n`;
  }

  /**
   * The rest of the document when the listing failed part way: the items so far, then `error` (what
   * main prints for a failure with --json); with --jsonl, a last line `{ "error": ... }`.
   */
  fail(error: Readonly<Record<string, unknown>>): string {
    if (this.jsonLines) return JSON.stringify({ error: jsonValue(error) }) + '\n';
    return `${this.#close()},\n  "error": ${indent(toJson(error), '  ')}\n}\n`;
  }

  #close(): string {
    const text = this.#pending + (this.#count ? '\n  ]' : ']');
    this.#pending = '';
    return text;
  }
}

/** '0x0037001F' */
export { hex32 } from '../errors';

/** '0x0037' */
export function hex16(n: number): string {
  return '0x' + (n & 0xffff).toString(16).toUpperCase().padStart(4, '0');
}

