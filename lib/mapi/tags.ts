/**
 * Property tags by name and number, and PropError: what tag lookups need, without Koffi (the CLI's
 * `tag` and `error` commands load only this). props.ts re-exports all of it.
 */
import { PROP_TAGS } from '../../ffi-defs/constants/proptags';
import { PROP_TYPES } from '../../ffi-defs/constants/proptypes';
import { hresultName, hex32, MapiArgumentError } from '../errors';
import type { Restriction } from './restriction';
import type { RuleActions } from './actions';

export const PT = PROP_TYPES;
export const MV_FLAG = 0x1000;

export const PROP_TYPE = (tag: number): number => tag & 0xffff;
export const PROP_ID = (tag: number): number => tag >>> 16;
export const PROP_TAG = (type: number, id: number): number => ((id << 16) | type) >>> 0;
export const CHANGE_PROP_TYPE = (tag: number, type: number): number => ((tag & 0xffff0000) | type) >>> 0;

/** The name of a property tag in ffi-defs/constants/proptags.ts ('PR_SUBJECT_W'). */
export type TagName = keyof typeof PROP_TAGS;

/**
 * A tag by constant (0x0037001F), by name ('PR_SUBJECT_W') or in hex ('0x8001001F', how rows and
 * props() name tags that have no name). A misspelled name does not compile; tag() still checks at run
 * time, for JavaScript callers.
 */
export type TagLike = number | TagKey;

/** A tag as a string: its name, or its hex value. tagName() gives one, props() and rows are keyed by them. */
export type TagKey = TagName | `0x${string}`;

// ---- Property types at the type level -----------------------------------------------------------------
// A tag's PT_ type is its low 16 bits. TypeScript has no arithmetic on number literal types, but it reads
// a literal as a decimal string (`${N}`), so the low 16 bits are computed from the decimal digits,
// Horner's way, on four hex digits: r = (r * 10 + digit) mod 0x10000. Each hex digit h of r becomes
// h * 10 + carry (at most 159): Digit16[h][carry] is its new hex digit, Carry[h][carry] what it carries
// into the next one; the carry out of the top digit is the part above 16 bits, dropped. Ten small steps
// a tag (each cached by state and digit), computed only for the tags a program names.

type DecimalDigit = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9';
type HexDigit = keyof Digit16;
/** (h * 10 + c) >> 4 for hex digit h and carry (or decimal digit) c. */
interface Carry {
  '0': ['0', '0', '0', '0', '0', '0', '0', '0', '0', '0'];
  '1': ['0', '0', '0', '0', '0', '0', '1', '1', '1', '1'];
  '2': ['1', '1', '1', '1', '1', '1', '1', '1', '1', '1'];
  '3': ['1', '1', '2', '2', '2', '2', '2', '2', '2', '2'];
  '4': ['2', '2', '2', '2', '2', '2', '2', '2', '3', '3'];
  '5': ['3', '3', '3', '3', '3', '3', '3', '3', '3', '3'];
  '6': ['3', '3', '3', '3', '4', '4', '4', '4', '4', '4'];
  '7': ['4', '4', '4', '4', '4', '4', '4', '4', '4', '4'];
  '8': ['5', '5', '5', '5', '5', '5', '5', '5', '5', '5'];
  '9': ['5', '5', '5', '5', '5', '5', '6', '6', '6', '6'];
  A: ['6', '6', '6', '6', '6', '6', '6', '6', '6', '6'];
  B: ['6', '6', '7', '7', '7', '7', '7', '7', '7', '7'];
  C: ['7', '7', '7', '7', '7', '7', '7', '7', '8', '8'];
  D: ['8', '8', '8', '8', '8', '8', '8', '8', '8', '8'];
  E: ['8', '8', '8', '8', '9', '9', '9', '9', '9', '9'];
  F: ['9', '9', '9', '9', '9', '9', '9', '9', '9', '9'];
}
/** (h * 10 + c) & 15, as a hex digit. */
interface Digit16 {
  '0': ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
  '1': ['A', 'B', 'C', 'D', 'E', 'F', '0', '1', '2', '3'];
  '2': ['4', '5', '6', '7', '8', '9', 'A', 'B', 'C', 'D'];
  '3': ['E', 'F', '0', '1', '2', '3', '4', '5', '6', '7'];
  '4': ['8', '9', 'A', 'B', 'C', 'D', 'E', 'F', '0', '1'];
  '5': ['2', '3', '4', '5', '6', '7', '8', '9', 'A', 'B'];
  '6': ['C', 'D', 'E', 'F', '0', '1', '2', '3', '4', '5'];
  '7': ['6', '7', '8', '9', 'A', 'B', 'C', 'D', 'E', 'F'];
  '8': ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
  '9': ['A', 'B', 'C', 'D', 'E', 'F', '0', '1', '2', '3'];
  A: ['4', '5', '6', '7', '8', '9', 'A', 'B', 'C', 'D'];
  B: ['E', 'F', '0', '1', '2', '3', '4', '5', '6', '7'];
  C: ['8', '9', 'A', 'B', 'C', 'D', 'E', 'F', '0', '1'];
  D: ['2', '3', '4', '5', '6', '7', '8', '9', 'A', 'B'];
  E: ['C', 'D', 'E', 'F', '0', '1', '2', '3', '4', '5'];
  F: ['6', '7', '8', '9', 'A', 'B', 'C', 'D', 'E', 'F'];
}

/** Digit16 and Carry, for any h and c (a template pattern infers them unconstrained). */
type Digit16Of<H, C> = Digit16[H & HexDigit][C & DecimalDigit];
type CarryOf<H, C> = Carry[H & HexDigit][C & DecimalDigit];

/**
 * r * 10 + d (mod 0x10000) for r in four hex digits ABCD. (Inferring A..D unconstrained matters: a
 * pattern of four `infer X extends HexDigit` makes the checker build all 65 536 four-digit strings.)
 */
type TimesTenPlus<R extends string, d extends DecimalDigit> = R extends `${infer A}${infer B}${infer C}${infer D}`
  ? `${Digit16Of<A, CarryOf<B, CarryOf<C, CarryOf<D, d>>>>}${Digit16Of<B, CarryOf<C, CarryOf<D, d>>>}${Digit16Of<C, CarryOf<D, d>>}${Digit16Of<D, d>}`
  : never;

/** The low 16 bits, in four hex digits, of the decimal number S; never for anything but decimal digits. */
type Low16Hex<S extends string, R extends string = '0000'> = S extends `${infer d extends DecimalDigit}${infer rest}`
  ? Low16Hex<rest, TimesTenPlus<R, d>>
  : S extends ''
    ? R
    : never;

/** PROP_TYPE at the type level: the low 16 bits of a tag literal as four hex digits (0x0037001F -> '001F'). */
export type PropTypeHex<T extends number> = number extends T ? never : Low16Hex<`${T}`>;

/** What each scalar PT_ type decodes to: the table at the top of props.ts. PT_MV_X is an array of PT_X's. */
interface DecodedScalars {
  PT_NULL: null;
  PT_I2: number;
  PT_SHORT: number;
  PT_LONG: number;
  PT_I4: number;
  PT_R4: number;
  PT_FLOAT: number;
  PT_DOUBLE: number;
  PT_R8: number;
  PT_APPTIME: number;
  PT_CURRENCY: bigint;
  PT_I8: bigint;
  PT_LONGLONG: bigint;
  PT_ERROR: PropError;
  PT_BOOLEAN: boolean;
  PT_OBJECT: null;
  PT_STRING8: string;
  PT_UNICODE: string;
  PT_SYSTIME: Date;
  PT_CLSID: string;
  PT_BINARY: Buffer;
  PT_SVREID: Buffer;
  PT_SRESTRICTION: Restriction;
  PT_ACTIONS: RuleActions;
}

type DecodedOf<P> = P extends keyof DecodedScalars
  ? DecodedScalars[P]
  : P extends `PT_MV_${infer B}`
    ? `PT_${B}` extends keyof DecodedScalars
      ? DecodedScalars[`PT_${B}`][]
      : PropValue
    : PropValue;

/** Decoded value by PROP_TYPE (as PropTypeHex gives it), for every PT_ constant of ffi-defs. */
type DecodedByType = { [P in keyof typeof PROP_TYPES as PropTypeHex<(typeof PROP_TYPES)[P]>]: DecodedOf<P> };

/**
 * What a property of tag T decodes to: `string` for 'PR_SUBJECT_W', `number` for 'PR_MESSAGE_SIZE' or for
 * the literal 0x0E080003. A tag whose type is not known here (a `number`, a hex string, PT_UNSPECIFIED,
 * an Exchange-only type) is any PropValue.
 */
export type TagValue<T extends TagLike> = [TagName] extends [T]
  ? PropValue // any tag at all (TagLike, TagKey): not worth telling its ~470 types apart
  : T extends TagName
    ? ValueOfTag<(typeof PROP_TAGS)[T]>
    : T extends number
      ? ValueOfTag<T>
      : PropValue;

type ValueOfTag<N extends number> = [PropTypeHex<N>] extends [infer H] ? ([H] extends [never] ? PropValue : H extends keyof DecodedByType ? DecodedByType[H] : PropValue) : PropValue;

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

/**
 * A value whose type this layer cannot decode (a PT_ type it does not know, a multi-valued form without
 * an array): the property's tag and type are kept, its value is not read. The rest of the GetProps
 * result or row decodes as usual.
 */
export class UndecodedValue {
  /** The property's PT_ type (PROP_TYPE of its tag). */
  readonly type: number;
  constructor(type: number) {
    this.type = type;
  }
  get typeName(): string {
    return typeName(this.type);
  }
  toString(): string {
    return `undecoded ${this.typeName}`;
  }
  toJSON(): { undecoded: string } {
    return { undecoded: this.typeName };
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `UndecodedValue(${this.typeName})`;
  }
}

export type PropScalar = number | bigint | boolean | string | Date | Buffer | PropError | Restriction | RuleActions | UndecodedValue | null;
export type PropValue = PropScalar | PropScalar[];

/** One property; `V` narrows the value when the tag is known (getProps with literal tags). */
export interface Prop<V = PropValue> {
  readonly tag: number;
  readonly value: V;
}

/**
 * Properties keyed by tag name, as props() and table rows hold them: a named tag's value has its tag's
 * type, or is the PropError of a property that could not be read; a tag without a name is keyed in hex.
 */
export type PropsByName = { [K in TagName]?: TagValue<K> | PropError } & { [hex: `0x${string}`]: PropValue | undefined };

/** Values to write, keyed by tag name, hex or number ({ PR_SUBJECT_W: 'Hi', 0x8001001F: 'x' }): set(), createMessage(). */
export type PropsToSet = { readonly [K in TagName]?: unknown } & { readonly [tag: number | `0x${string}`]: unknown };

// ---- Tag names ----------------------------------------------------------------------------------------

const TAGS = PROP_TAGS as Readonly<Record<string, number>>;
let names: Map<number, TagName> | undefined;
let typeNames: Map<number, string> | undefined;

function nameTables() {
  if (!names || !typeNames) {
    names = new Map();
    for (const [n, v] of Object.entries(TAGS)) if (!names.has(v >>> 0)) names.set(v >>> 0, n as TagName);
    typeNames = new Map();
    for (const [n, v] of Object.entries(PT as Readonly<Record<string, number>>)) if (!typeNames.has(v)) typeNames.set(v, n);
  }
  return { names, typeNames };
}

/** 'PR_SUBJECT_W' for 0x0037001F; for an unknown tag its hex value. PT_ERROR forms name their property. */
export function tagName(tag: number): TagKey {
  const { names } = nameTables();
  const n = names.get(tag >>> 0);
  if (n) return n;
  if (PROP_TYPE(tag) === PT.PT_ERROR || PROP_TYPE(tag) === PT.PT_UNSPECIFIED) {
    for (const t of [PT.PT_UNICODE, PT.PT_LONG, PT.PT_BINARY, PT.PT_BOOLEAN, PT.PT_SYSTIME, PT.PT_I8, PT.PT_DOUBLE, PT.PT_MV_UNICODE]) {
      const other = names.get(CHANGE_PROP_TYPE(tag, t));
      if (other) return other;
    }
  }
  return hex32(tag) as `0x${string}`;
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
export function tagNames(): TagName[] {
  return Object.keys(TAGS) as TagName[];
}
