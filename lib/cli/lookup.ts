/** `error` and `tag`: offline lookups of HRESULTs and property tags (no MAPI needed). */
import { HRESULTS } from '../../ffi-defs/constants/hresults';
import { PROP_TAGS } from '../../ffi-defs/constants/proptags';
import { hresultInfo } from '../errors';
import { PROP_ID, PROP_TYPE, tagName, typeName } from '../mapi/tags';
import { CliError, UsageError, type GlobalOptions, type Io } from './io';
import { hex16, hex32, table, toJson } from './format';

// ---- error --------------------------------------------------------------------------------------------

const FACILITIES: Record<number, string> = {
  0: 'NULL', 1: 'RPC', 2: 'DISPATCH', 3: 'STORAGE', 4: 'ITF', 7: 'WIN32', 8: 'WINDOWS', 9: 'SSPI', 10: 'CONTROL', 11: 'CERT', 12: 'INTERNET',
};

/** Parses '0x8004010F', '8004010F', '-2147221233', '2147746063' or a name ('MAPI_E_NOT_FOUND', 'not_found'). */
export function parseHresult(input: string): { value: number } | { name: string } {
  const s = input.trim();
  if (/^[-+]?\d+$/.test(s)) {
    const n = Number(s);
    if (n < -0x80000000 || n > 0xffffffff) throw new UsageError(`${s} does not fit in 32 bits`);
    return { value: n >>> 0 };
  }
  if (/^(0x)?[0-9a-f]{1,8}$/i.test(s) && /[0-9]/.test(s)) return { value: Number.parseInt(s.replace(/^0x/i, ''), 16) >>> 0 };
  if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(s)) return { name: s.toUpperCase() };
  throw new UsageError(`'${input}' is not an HRESULT: give a number (0x8004010F, -2147221233) or a name (MAPI_E_NOT_FOUND)`);
}

export interface HresultReport {
  readonly name: string | null;
  readonly value: string;
  readonly signed: number;
  readonly failure: boolean;
  readonly facility: { readonly value: number; readonly name: string };
  readonly code: string;
  readonly text: string;
  /** Other names with the same value. */
  readonly aliases: readonly string[];
}

export function describeHresult(input: string): HresultReport {
  const q = parseHresult(input);
  let value: number;
  if ('name' in q) {
    const info = hresultInfo(q.name) ?? ['MAPI_E_', 'MAPI_W_', 'E_', 'SYNC_E_', 'SYNC_W_'].map((p) => hresultInfo(p + q.name)).find((x) => x);
    if (!info) throw new CliError(`unknown HRESULT name '${input}' (try a value, or \`koffi-mapi error <value>\`)`);
    value = info.value >>> 0;
  } else value = q.value;
  const all = (HRESULTS as readonly { name: string; value: number; text: string }[]).filter((h) => h.value >>> 0 === value);
  const first = all[0];
  const facility = (value >>> 16) & 0x1fff;
  return {
    name: first?.name ?? null,
    value: hex32(value),
    signed: value | 0,
    failure: (value | 0) < 0,
    facility: { value: facility, name: FACILITIES[facility] ?? 'unknown' },
    code: hex16(value & 0xffff),
    text: first?.text ?? (facility === 7 ? `HRESULT_FROM_WIN32(${value & 0xffff}): a Win32 error code.` : ''),
    aliases: all.slice(1).map((h) => h.name),
  };
}

export function errorCommand(io: Io, o: GlobalOptions, input: string): number {
  const r = describeHresult(input);
  if (o.json) io.out(toJson(r));
  else {
    io.out(`${r.name ?? '(unknown)'} ${r.value}`);
    if (r.text) io.out(r.text);
    io.out(`${r.failure ? 'failure' : 'success'}, facility ${r.facility.name} (${r.facility.value}), code ${r.code}, signed ${r.signed}`);
    if (r.aliases.length) io.out(`also named: ${r.aliases.join(', ')}`);
  }
  if (!r.name) {
    if (!o.json) io.err(`koffi-mapi: ${r.value} is not in koffi-mapi's HRESULT table`);
    return 1;
  }
  return 0;
}

// ---- tag ----------------------------------------------------------------------------------------------

export interface TagRow {
  readonly name: string;
  readonly tag: string;
  readonly id: string;
  readonly type: string;
}

const TAG_ENTRIES = () => Object.entries(PROP_TAGS as Readonly<Record<string, number>>);

function row(name: string, t: number): TagRow {
  return { name, tag: hex32(t), id: hex16(PROP_ID(t)), type: typeName(PROP_TYPE(t)) };
}

/** Every named tag with this property id, the one asked for first. */
function sameId(t: number, first: string | null): TagRow[] {
  const rows = TAG_ENTRIES()
    .filter(([, v]) => PROP_ID(v >>> 0) === PROP_ID(t))
    .map(([n, v]) => row(n, v >>> 0));
  rows.sort((a, b) => (a.name === first ? -1 : b.name === first ? 1 : 0));
  return rows;
}

/**
 * A tag by number (0x0037001F: the tag and its siblings; 0x0037: every tag with that property id) or by
 * name (exact, case-insensitive; else every name containing the text).
 */
export function lookupTags(input: string): TagRow[] {
  const s = input.trim();
  const hex = /^0x([0-9a-f]{1,8})$/i.exec(s);
  if (hex || /^\d+$/.test(s)) {
    const n = hex ? Number.parseInt(hex[1], 16) : Number(s);
    if (n > 0xffffffff) throw new UsageError(`${s} does not fit in 32 bits`);
    const isId = hex ? hex[1].length <= 4 : n <= 0xffff;
    if (isId) return sameId(n << 16, null);
    const name = tagName(n);
    const known = !name.startsWith('0x');
    const rows = sameId(n, known ? name : null);
    if (!known) rows.unshift(row('', n >>> 0));
    return rows;
  }
  if (!/^[A-Za-z0-9_]+$/.test(s)) throw new UsageError(`'${input}' is not a property tag name or number`);
  const upper = s.toUpperCase();
  const exact = TAG_ENTRIES().find(([n]) => n === upper);
  if (exact) return sameId(exact[1] >>> 0, exact[0]);
  const matches = TAG_ENTRIES()
    .filter(([n]) => n.includes(upper))
    .map(([n, v]) => row(n, v >>> 0));
  if (matches.length === 0) throw new CliError(`no property tag matches '${input}'`);
  return matches;
}

export function tagCommand(io: Io, o: GlobalOptions, input: string): number {
  const rows = lookupTags(input);
  if (o.json) io.out(toJson(rows));
  else io.out(table(['NAME', 'TAG', 'ID', 'TYPE'], rows.map((r) => [r.name || '(no name)', r.tag, r.id, r.type])));
  return 0;
}
