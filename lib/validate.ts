/**
 * Checks on arguments at the API surface, so bad input is a typed MapiArgumentError before any native
 * call, never a value Koffi silently converts (NaN -> 0, 2^40 -> 0, 1.5 -> 1) or a TypeError from deep
 * inside.
 */
import { MapiArgumentError } from './errors';

export const U32_MAX = 0xffffffff;
export const LONG_MIN = -0x80000000;
export const LONG_MAX = 0x7fffffff;

/** An integer in [min, max]; `what` names it in the message ('flags', 'IMAPITable::QueryRows lRowCount'). */
export function checkInt(v: unknown, min: number, max: number, what: string, code = 'ERR_ARGUMENT'): number {
  if (typeof v !== 'number' || !Number.isInteger(v)) {
    throw new MapiArgumentError(code, `${what} must be an integer, not ${describe(v)}`);
  }
  if (v < min || v > max) throw new MapiArgumentError(code, `${what} must be between ${min} and ${max}, not ${v}`);
  return v;
}

/** A ULONG (flags and counts): 0 .. 2^32-1. */
export const checkULong = (v: unknown, what: string, code?: string): number => checkInt(v, 0, U32_MAX, what, code);
/** A LONG (row counts): -2^31 .. 2^31-1. */
export const checkLong = (v: unknown, what: string): number => checkInt(v, LONG_MIN, LONG_MAX, what);

/** A string MAPI can carry: no NUL (MAPI strings end at the first one). */
export function checkString(v: unknown, what: string, options: { nonEmpty?: boolean; code?: string } = {}): string {
  const code = options.code ?? 'ERR_ARGUMENT';
  if (typeof v !== 'string') throw new MapiArgumentError(code, `${what} must be a string, not ${describe(v)}`);
  if (options.nonEmpty && v.length === 0) throw new MapiArgumentError(code, `${what} must not be empty`);
  if (v.includes('\0')) throw new MapiArgumentError(code, `${what} cannot contain NUL characters`);
  return v;
}

export function checkArray<T>(v: unknown, what: string): readonly T[] {
  if (!Array.isArray(v)) throw new MapiArgumentError('ERR_ARGUMENT', `${what} must be an array, not ${describe(v)}`);
  return v as readonly T[];
}

export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'number' || typeof v === 'bigint') return `${typeof v} ${String(v)}`;
  if (typeof v === 'string') return `string ${JSON.stringify(v.length > 30 ? v.slice(0, 27) + '...' : v)}`;
  return typeof v;
}
