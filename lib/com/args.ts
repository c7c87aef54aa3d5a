/**
 * The argument checks of the raw proxies (lib/com/proxy.ts compiles them into each generated method):
 * every value a parameter's type cannot take is a typed error before the native call, and so is memory
 * the caller hands over that is shorter than the call says it is.
 *
 * Lengths are checked where the JS side supplies the memory (a Buffer, a typed array, a GUID string,
 * or NULL): its byteLength against the count parameter that describes it (`countedBy` / `sizedBy` in
 * the definitions) or, for a pointer to a struct, against the struct's size (for MAPI's variable-length
 * structs, SPropTagArray and the like: its head plus the count member it holds times the element size).
 * A raw address (a bigint, an object's `ptr`) carries no length: nothing can be checked, and nothing is
 * read through it here (docs/troubleshooting.md, "What the raw layer checks").
 */
import koffi from 'koffi';
import type { MethodDef, ParamDef } from '../../ffi-defs/schema';
import { STRUCTS, type StructName } from '../../ffi-defs/structs';
import { SCALARS } from '../../ffi-defs/schema';
import { MapiArgumentError } from '../errors';
import { parseType, POINTER_SIZE, structType, isScalar } from '../ffi/types';
import { flexibleLayout } from '../ffi/layout';
import { guidBytes, isGuid } from './guid';

/**
 * A pointer argument as Koffi takes it: a BigInt address, null, a Buffer/typed array (its memory), an
 * object that carries `ptr` (a proxy, a JS object), or for GUID parameters a GUID string. Anything else
 * (a number, another string) would reach native code as a bogus address: refused.
 */
export function toNative(a: unknown, guid: boolean): unknown {
  if (a === null || typeof a === 'bigint' || ArrayBuffer.isView(a)) return a;
  if (guid && typeof a === 'string' && isGuid(a)) return guidBytes(a);
  if (a !== undefined && typeof a === 'object' && 'ptr' in a && typeof (a as { ptr: unknown }).ptr === 'bigint') return (a as { ptr: bigint }).ptr;
  return BAD;
}
export const BAD = Symbol('bad pointer argument');

/** JS code that checks argument `i` of a parameter, by its type; '' when Koffi's own check suffices. */
export function argCheck(p: ParamDef, i: number): string {
  const a = `a${i}`;
  const bad = `env.badArg(${i}, ${a});`;
  const dir = p.dir ?? 'in';
  // NULL is allowed (MAPI takes NULL for outputs the caller does not want, e.g. lppProblems).
  if (dir !== 'in') return `if (${a} !== null && (!Array.isArray(${a}) || ${a}.length < 1)) ${bad}`;
  const { base, depth } = parseType(p.type);
  // The message names the value given, not the converted one.
  if (depth > 0) return `{ const c = env.toNative(${a}, ${base === 'GUID'}); if (c === env.BAD) ${bad} ${a} = c; }`;
  switch (base) {
    case 'ULONG': case 'DWORD': case 'HRESULT': case 'SCODE':
      // Both views of 32 bits: flags built with | are negative int32s, constants are uint32s.
      return `if (typeof ${a} !== 'number' || ((${a} | 0) !== ${a} && (${a} >>> 0) !== ${a})) ${bad}`;
    case 'LONG': case 'BOOL':
      return `if (typeof ${a} !== 'number' || (${a} | 0) !== ${a}) ${bad}`;
    case 'USHORT': case 'WORD': case 'SHORT':
      return `if (typeof ${a} !== 'number' || !Number.isInteger(${a}) || ${a} < -32768 || ${a} > 65535) ${bad}`;
    case 'BYTE': case 'CHAR':
      return `if (typeof ${a} !== 'number' || !Number.isInteger(${a}) || ${a} < -128 || ${a} > 255) ${bad}`;
    case 'ULONG_PTR': case 'LONG_PTR': case 'LONGLONG': case 'ULONGLONG':
      return `if (typeof ${a} !== 'bigint' && !Number.isSafeInteger(${a})) ${bad}`;
    case 'float': case 'double':
      return `if (typeof ${a} !== 'number') ${bad}`;
    case 'LPCWSTR':
      return `if (${a} !== null && (typeof ${a} !== 'string' || ${a}.includes('\\0'))) ${bad}`;
    case 'HANDLE':
      return `if (${a} !== null && typeof ${a} !== 'bigint') ${bad}`;
    default:
      return '';
  }
}

// ---- Lengths ------------------------------------------------------------------------------------------

/** How long the memory behind one pointer parameter must be. */
interface LengthRule {
  readonly param: ParamDef;
  /** The parameter holding the count (countedBy / sizedBy), if any. */
  readonly countParam?: ParamDef;
  readonly countIndex: number;
  /** Bytes per unit of the count: 1 for sizedBy, the element's size for countedBy. */
  readonly unit: number;
  /** The element or struct type's name, for messages. */
  readonly what: string;
  /** For a pointer to a struct without a count parameter: its fixed size, or its variable-length layout. */
  readonly struct?: { readonly size: number; readonly flexible?: { count: number; head: number; stride: number; countField?: string } };
}

const definitionError = (call: string, p: ParamDef, why: string) =>
  new MapiArgumentError('ERR_DEFINITION', `${call}: parameter '${p.name}' in ffi-defs: ${why}`);

/** sizeof the type a pointer type points to ('SPropValue *' -> 24 on x64); undefined for void and undefined structs. */
function pointeeSize(type: string): { size: number; struct?: StructName } | undefined {
  const { base, depth } = parseType(type);
  if (depth > 1) return { size: POINTER_SIZE };
  if (base === 'void') return undefined;
  if (isScalar(base)) {
    const s = SCALARS[base].size;
    return { size: s === 'pointer' ? POINTER_SIZE : s };
  }
  if (!Object.prototype.hasOwnProperty.call(STRUCTS, base)) return undefined; // an interface, or a struct not defined (ADRLIST)
  return { size: koffi.sizeof(structType(base as StructName)), struct: base as StructName };
}

function ruleFor(call: string, m: MethodDef, p: ParamDef): LengthRule | undefined {
  if ((p.dir ?? 'in') !== 'in' || parseType(p.type).depth === 0) {
    if (p.countedBy || p.sizedBy) throw definitionError(call, p, 'countedBy / sizedBy belong on an input pointer');
    return undefined;
  }
  const by = p.countedBy ?? p.sizedBy;
  if (by !== undefined) {
    if (p.countedBy && p.sizedBy) throw definitionError(call, p, 'has both countedBy and sizedBy');
    const countIndex = m.params.findIndex((q) => q.name === by);
    const countParam = m.params[countIndex];
    if (!countParam || countParam.type !== 'ULONG' || (countParam.dir ?? 'in') !== 'in') throw definitionError(call, p, `'${by}' is not an input ULONG parameter of the method`);
    const el = p.sizedBy ? { size: 1 } : pointeeSize(p.type);
    if (!el) throw definitionError(call, p, `countedBy needs an element type of known size, not '${p.type}'`);
    return { param: p, countParam, countIndex, unit: el.size, what: p.sizedBy ? 'byte' : parseType(p.type).depth > 1 ? 'pointer' : parseType(p.type).base };
  }
  const el = pointeeSize(p.type);
  if (!el?.struct) return undefined;
  const def = STRUCTS[el.struct];
  const flex = def.fields.find((f) => f.flexible);
  const flexible = flex ? (flex.flexible!.countField ? flexibleLayout(el.struct) : { count: -1, head: koffi.offsetof(structType(el.struct), flex.name), stride: 0 }) : undefined;
  return { param: p, countIndex: -1, unit: 0, what: el.struct, struct: { size: el.size, flexible: flexible && { ...flexible, countField: flex!.flexible!.countField } } };
}

const viewName = (v: ArrayBufferView) => (Buffer.isBuffer(v) ? 'Buffer' : v.constructor.name);

/** The count member of a variable-length struct held in `v` (the view is at least the struct's head). */
const countIn = (v: ArrayBufferView, at: number) => new DataView(v.buffer, v.byteOffset, v.byteLength).getUint32(at, true);

/** The bytes `v` must hold for rule `r`; `count` is the count argument (for countedBy / sizedBy). */
function needed(r: LengthRule, v: ArrayBufferView | null, count: number): number {
  if (r.countParam) return (count >>> 0) * r.unit;
  const s = r.struct!;
  if (!s.flexible) return s.size;
  const { head, stride, countField } = s.flexible;
  if (!countField || v === null || v.byteLength < head) return head;
  return head + countIn(v, s.flexible.count) * stride;
}

/** Why `needed` asked for that many bytes, for the message (built only when a check fails). */
function why(r: LengthRule, v: ArrayBufferView | null, count: number): string {
  const bytes = needed(r, v, count);
  if (r.countParam) {
    const n = count >>> 0;
    return `${r.countParam.name} = ${n} asks for ${bytes} bytes${r.unit === 1 ? '' : ` (${n} × ${r.unit}-byte ${r.what})`}`;
  }
  const s = r.struct!;
  if (!s.flexible) return `a ${r.what} is ${bytes} bytes`;
  const { head, stride, countField } = s.flexible;
  if (!countField || v === null || v.byteLength < head) return `a ${r.what} takes at least ${head} bytes`;
  const n = countIn(v, s.flexible.count);
  return `its ${countField} = ${n} asks for ${bytes} bytes (${head} + ${n} × ${stride})`;
}

/**
 * The length checks of a method, as JS code for its generated body and the function that code calls
 * (`env.len(i, value, count)`, which throws a MapiArgumentError ERR_LENGTH naming the call and the
 * parameter). '' when no parameter of the method takes memory whose length is known.
 */
export function lengthChecks(call: string, m: MethodDef): { code: string; len: (i: number, v: unknown, count: number) => void } {
  const rules: (LengthRule | undefined)[] = m.params.map((p) => ruleFor(call, m, p));
  const code = rules
    .map((r, i) => {
      if (!r) return '';
      // NULL with a count: the callee would read cValues elements from address 0.
      if (r.countParam) return `if (typeof a${i} !== 'bigint') env.len(${i}, a${i}, a${r.countIndex});`;
      return `if (a${i} !== null && typeof a${i} !== 'bigint') env.len(${i}, a${i}, 0);`;
    })
    .filter(Boolean)
    .join('\n      ');
  const len = (i: number, v: unknown, count: number) => {
    const r = rules[i]!;
    const view = v as ArrayBufferView | null;
    const have = view === null ? 0 : view.byteLength;
    if (have >= needed(r, view, count)) return;
    const got = view === null ? 'NULL' : `a ${viewName(view)} of ${have} bytes`;
    throw new MapiArgumentError('ERR_LENGTH', `${call}: ${r.param.name} is ${got}, but ${why(r, view, count)}: the callee would read past its end`);
  };
  return { code, len };
}

// ---- Interface pointers -------------------------------------------------------------------------------

/**
 * Why `ptr` cannot be an interface pointer, or null when it could be. Only what is certain without
 * touching memory: the first 64 KiB are never mapped (Windows reserves them, Linux's vm.mmap_min_addr
 * defaults to 64 KiB), a COM object starts with a pointer so it is pointer-aligned, and a user-space
 * address is below 2^32 on 32-bit and below 2^57 on 64-bit (five-level paging included). Whether an
 * address past these tests holds a COM object cannot be known without reading it, and reading an
 * unmapped address ends the process.
 */
export function comPointerProblem(ptr: bigint): string | null {
  if (ptr < 0n) return 'an address is never negative';
  if (ptr < 0x10000n) return 'it is in the first 64 KiB, which are never mapped';
  if (ptr % BigInt(POINTER_SIZE) !== 0n) return `it is not aligned to ${POINTER_SIZE} bytes, as every COM object is`;
  if (ptr >= (POINTER_SIZE === 4 ? 1n << 32n : 1n << 57n)) return 'it is beyond the user address space';
  return null;
}
