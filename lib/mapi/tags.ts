/**
 * Property tags by name and number, and PropError: what tag lookups need, without Koffi (the CLI's
 * `tag` and `error` commands load only this). props.ts re-exports all of it.
 */
import { PROP_TAGS } from '../../ffi-defs/constants/proptags';
import { PROP_TYPES } from '../../ffi-defs/constants/proptypes';
import { hresultName, hex32, MapiArgumentError } from '../errors';

export const PT = PROP_TYPES;
export const MV_FLAG = 0x1000;

export const PROP_TYPE = (tag: number): number => tag & 0xffff;
export const PROP_ID = (tag: number): number => tag >>> 16;
export const PROP_TAG = (type: number, id: number): number => ((id << 16) | type) >>> 0;
export const CHANGE_PROP_TYPE = (tag: number, type: number): number => ((tag & 0xffff0000) | type) >>> 0;

/** A tag by constant (0x0037001F) or by name ('PR_SUBJECT_W'). */
export type TagLike = number | string;

/** The value of a property that could not be read (PT_ERROR): MAPI_E_NOT_FOUND and friends. */
export class PropError {
  readonly hr: number;
  constructor(hr: number) {
    this.hr = hr >>> 0;
  }
  get name(): string {
    return hresultName(this.hr);
  }
  toString(): string {
    return `${this.name} (${hex32(this.hr)})`;
  }
  toJSON(): { error: string; hr: string } {
    return { error: this.name, hr: hex32(this.hr) };
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `PropError(${this.name})`;
  }
}

export type PropScalar = number | bigint | boolean | string | Date | Buffer | PropError | null;
export type PropValue = PropScalar | PropScalar[];

export interface Prop {
  readonly tag: number;
  readonly value: PropValue;
}

// ---- Tag names ----------------------------------------------------------------------------------------

const TAGS = PROP_TAGS as Readonly<Record<string, number>>;
let names: Map<number, string> | undefined;
let typeNames: Map<number, string> | undefined;

function nameTables() {
  if (!names || !typeNames) {
    names = new Map();
    for (const [n, v] of Object.entries(TAGS)) if (!names.has(v >>> 0)) names.set(v >>> 0, n);
    typeNames = new Map();
    for (const [n, v] of Object.entries(PT as Readonly<Record<string, number>>)) if (!typeNames.has(v)) typeNames.set(v, n);
  }
  return { names, typeNames };
}

/** 'PR_SUBJECT_W' for 0x0037001F; for an unknown tag its hex value. PT_ERROR forms name their property. */
export function tagName(tag: number): string {
  const { names } = nameTables();
  const n = names.get(tag >>> 0);
  if (n) return n;
  if (PROP_TYPE(tag) === PT.PT_ERROR || PROP_TYPE(tag) === PT.PT_UNSPECIFIED) {
    for (const t of [PT.PT_UNICODE, PT.PT_LONG, PT.PT_BINARY, PT.PT_BOOLEAN, PT.PT_SYSTIME, PT.PT_I8, PT.PT_DOUBLE, PT.PT_MV_UNICODE]) {
      const other = names.get(CHANGE_PROP_TYPE(tag, t));
      if (other) return other;
    }
  }
  return hex32(tag);
}

export function typeName(type: number): string {
  return nameTables().typeNames.get(type) ?? `0x${type.toString(16).padStart(4, '0')}`;
}

/** Resolves a tag given by name or number. Unknown names are a MapiArgumentError with a suggestion. */
export function tag(t: TagLike): number {
  if (typeof t === 'number') {
    if (!Number.isInteger(t) || t < 0 || t > 0xffffffff) throw new MapiArgumentError('ERR_BAD_TAG', `Not a property tag: ${t}`);
    return t >>> 0;
  }
  if (typeof t !== 'string') throw new MapiArgumentError('ERR_BAD_TAG', `A property tag is a number or a PR_ name, not ${typeof t}`);
  const v = TAGS[t];
  if (v !== undefined) return v >>> 0;
  // Hex ('0x8001001F') and decimal strings (numeric keys of a JS object) are tags too.
  if (/^0x[0-9a-f]{1,8}$/i.test(t) || (/^\d{1,10}$/.test(t) && Number(t) <= 0xffffffff)) return Number(t) >>> 0;
  const hint = TAGS[`${t}_W`] !== undefined ? ` Did you mean ${t}_W (Unicode) or ${t}_A (8-bit)?` : '';
  throw new MapiArgumentError('ERR_UNKNOWN_TAG', `Unknown property tag '${t}'.${hint}`);
}

/** Every known tag name (for completion and lookups). */
export function tagNames(): string[] {
  return Object.keys(TAGS);
}
