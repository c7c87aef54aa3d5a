/**
 * Turns the data in ffi-defs/ into Koffi types, lazily, once each. Nothing here runs at import time:
 * a struct or prototype is built the first time something asks for it.
 */
import koffi from 'koffi';
import type { TypeObject } from 'koffi';
import { SCALARS, type ParamDef, type StructDef, type TypeExpr } from '../../ffi-defs/schema';
import { STRUCTS, type StructName } from '../../ffi-defs/structs';
import { MapiArgumentError } from '../errors';

export type KoffiType = TypeObject;

export interface ParsedType {
  /** Base name: scalar, struct, interface or 'void'. */
  readonly base: string;
  /** Number of `*`. */
  readonly depth: number;
  readonly isConst: boolean;
}

const parsed = new Map<string, ParsedType>();

/** 'const SPropValue **' -> { base: 'SPropValue', depth: 2, isConst: true } */
export function parseType(expr: TypeExpr): ParsedType {
  let p = parsed.get(expr);
  if (!p) {
    const m = /^\s*(const\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*((?:\*\s*)*)$/.exec(expr);
    if (!m) throw new MapiArgumentError('ERR_DEFINITION', `Malformed type expression in ffi-defs: '${expr}'`);
    p = { base: m[2], depth: (m[3].match(/\*/g) ?? []).length, isConst: !!m[1] };
    parsed.set(expr, p);
  }
  return p;
}

export function isScalar(name: string): name is keyof typeof SCALARS {
  return Object.prototype.hasOwnProperty.call(SCALARS, name);
}

const structCache = new Map<string, KoffiType>();

/** The Koffi struct/union type for a struct defined in ffi-defs/structs (checked at run time too, for JS callers). */
export function structType(name: StructName): KoffiType {
  let t = structCache.get(name);
  if (t) return t;
  const def: StructDef | undefined = STRUCTS[name];
  if (!def) throw new MapiArgumentError('ERR_DEFINITION', `Unknown struct '${name}' (not in ffi-defs/structs)`);
  const members: Record<string, unknown> = {};
  for (const f of def.fields) {
    const ft = valueType(f.type);
    members[f.name] = f.count !== undefined ? koffi.array(ft, f.count, 'Array') : ft;
  }
  // Anonymous: Koffi type names are process-global, and a user's own 'GUID' must not collide with ours.
  t = def.kind === 'union' ? koffi.union(members as never) : koffi.struct(members as never);
  structCache.set(name, t);
  return t;
}

/** The Koffi type of a value of this type expression (a field, an argument, a return value). */
export function valueType(expr: TypeExpr): KoffiType | string {
  const { base, depth } = parseType(expr);
  if (depth > 0) return 'void *';
  if (base === 'void') return 'void';
  if (isScalar(base)) return SCALARS[base].koffi;
  return structType(base as StructName); // an unknown name throws, naming it
}

/**
 * The Koffi type of a parameter: out/inout pointers become `_Out_ T *` / `_Inout_ T *` so raw callers
 * pass a one-element array; every other pointer is `void *` (BigInt, null, Buffer or typed array).
 */
export function paramType(p: ParamDef): unknown {
  const dir = p.dir ?? 'in';
  if (dir === 'in') return valueType(p.type);
  const { base, depth, isConst } = parseType(p.type);
  if (depth === 0) throw new MapiArgumentError('ERR_DEFINITION', `Parameter '${p.name}' is '${dir}' but its type '${p.type}' is not a pointer`);
  const pointee = `${isConst ? 'const ' : ''}${base}${' *'.repeat(depth - 1)}`;
  const inner = koffi.pointer(valueType(pointee) as never);
  return dir === 'out' ? koffi.out(inner) : koffi.inout(inner);
}

const methodProtos = new WeakMap<object, KoffiType>();
const functionProtos = new WeakMap<object, KoffiType>();
const callbackProtos = new WeakMap<object, KoffiType>();

/**
 * A __stdcall prototype (the convention is ignored on x64 and essential on x86). `self` adds the
 * leading `This` pointer of a COM method. Cached per definition object.
 */
export function protoFor(def: { readonly returns?: string; readonly params: readonly ParamDef[] }, self: boolean): KoffiType {
  const cache = self ? methodProtos : functionProtos;
  let t = cache.get(def);
  if (!t) {
    const args = def.params.map(paramType);
    if (self) args.unshift('void *');
    t = koffi.proto('__stdcall', null, valueType(def.returns ?? 'HRESULT') as never, args as never[]);
    cache.set(def, t);
  }
  return t;
}

/**
 * The prototype of a COM method implemented in JS. Direction markers mean nothing to a callback (it
 * writes through its out pointers itself), so every pointer is a plain `void *` BigInt here.
 */
export function callbackProtoFor(def: { readonly returns?: string; readonly params: readonly ParamDef[] }): KoffiType {
  let t = callbackProtos.get(def);
  if (!t) {
    const args = ['void *', ...def.params.map((p) => valueType(p.type))];
    t = koffi.proto('__stdcall', null, valueType(def.returns ?? 'HRESULT') as never, args as never[]);
    callbackProtos.set(def, t);
  }
  return t;
}

export const POINTER_SIZE: number = koffi.sizeof('void *');
