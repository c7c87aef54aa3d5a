/**
 * Calling native COM objects: a typed proxy per interface definition whose methods call the vtable
 * slots. Each slot is decoded once per vtable (objects of one class share a vtable) and cached.
 */
import koffi from 'koffi';
import type { InterfaceDef, MethodDef } from '../../ffi-defs/schema';
import { IUnknown } from '../../ffi-defs/interfaces/IUnknown';
import { HR } from '../../ffi-defs/constants/hresults';
import { POINTER_SIZE, protoFor, type KoffiType } from '../ffi/types';
import { KoffiMapiError, MapiError, ReleasedObjectError, MapiArgumentError } from '../errors';
import { describe } from '../validate';
import { guidBytes } from './guid';
import { argCheck, BAD, comPointerProblem, lengthChecks, toNative } from './args';
import { callNative, native } from '../ffi/calls';
import { tracer } from '../trace';
import { keepShape } from './shapes';

// ---- Types derived from the definitions -------------------------------------------------------------
// (Parameter names come from a generated file: TypeScript cannot turn the definitions' strings into them.)
import type { ExportParamNames, MethodParamNames } from '../ffi/param-names';

/** Anything that can stand for a native pointer argument. */
export type PointerArg = bigint | null | Buffer | ArrayBufferView | { readonly ptr: bigint };

type InArg<T extends string> = T extends 'LPCWSTR'
  ? string | null
  : T extends `${string}GUID *`
    ? PointerArg | string
    : T extends `${string}*`
      ? PointerArg
      : T extends 'HANDLE'
        ? PointerArg
        : T extends 'LONGLONG' | 'ULONGLONG' | 'ULONG_PTR' | 'LONG_PTR'
          ? number | bigint
          : number;

type OutArg<T extends string> = T extends `${string}**`
  ? (bigint | null)[]
  : T extends 'ULONG *' | 'LONG *' | 'DWORD *' | 'HRESULT *'
    ? number[]
    : unknown[];

type ArgOf<P> = P extends { readonly type: infer T extends string; readonly dir: 'out' | 'inout' }
  ? OutArg<T>
  : P extends { readonly type: infer T extends string }
    ? InArg<T>
    : never;

/** The JS arguments of a parameter list; a list that is not a literal tuple (a bare ParamDef[]) takes anything. */
type ArgsOf<Ps> = Ps extends readonly unknown[] ? (number extends Ps['length'] ? unknown[] : { -readonly [K in keyof Ps]: ArgOf<Ps[K]> }) : unknown[];

type ReturnOf<M> = M extends { readonly returns: 'ULONG' } ? number : M extends { readonly returns: 'void' } ? void : number;

/**
 * Argument tuple A with the labels of L, a labeled tuple of the same length: how the parameter names of
 * lib/ffi/param-names.ts reach editor hints (a mapped type over a tuple keeps its labels; data strings
 * cannot become labels). Without a matching L, A as it is (hints say args_0, args_1...).
 */
export type Labeled<L, A extends unknown[]> = L extends unknown[]
  ? L['length'] extends A['length']
    ? A['length'] extends L['length']
      ? { [K in keyof L]: K extends keyof A ? A[K] : never }
      : A
    : A
  : A;

/**
 * The parameter names of method N of interface D or of its bases; unknown when not generated, or when D
 * is no particular interface (a plain InterfaceDef, whose base chain never ends).
 */
export type MethodLabels<D, N> = D extends { readonly name: infer I extends string; readonly base: infer B }
  ? string extends I
    ? unknown
    : I extends keyof MethodParamNames
      ? N extends keyof MethodParamNames[I]
        ? MethodParamNames[I][N]
        : MethodLabels<B, N>
      : MethodLabels<B, N>
  : unknown;

/**
 * The arguments of a method or export definition, typed from its parameters and named after them (for an
 * export: E['name'] in ExportParamNames). One type for the proxies' methods and MapiLibrary's exports.
 */
export type DefArgs<Def, Labels = unknown> = Def extends { readonly params: infer Ps } ? Labeled<Labels, ArgsOf<Ps>> : unknown[];

/** An export's arguments, typed and named from its definition, and its result as MapiLibrary.call() gives it. */
export type ExportArgs<E> = DefArgs<E, E extends { readonly name: infer N extends keyof ExportParamNames } ? ExportParamNames[N] : unknown>;
export type ExportReturn<E> = ReturnOf<E>;

/** Every method of an interface and its bases. */
export type MethodsOfChain<D> = D extends InterfaceDef
  ? D['methods'][number] | (D['base'] extends InterfaceDef ? MethodsOfChain<D['base']> : never)
  : never;

type IUnknownNames = 'QueryInterface' | 'AddRef' | 'Release';

/** The raw methods of a proxy: MAPI's own names and parameters. HRESULT methods return the (success) HRESULT. */
export type RawMethods<D> = {
  [M in MethodsOfChain<D> as M extends { readonly name: infer N extends string } ? (N extends IUnknownNames ? never : N) : never]: M extends {
    readonly params: readonly unknown[];
  }
    ? (...args: DefArgs<M, MethodLabels<D, M['name']>>) => ReturnOf<M>
    : never;
};

export type ComProxy<D extends InterfaceDef = InterfaceDef> = ComProxyBase<D> & RawMethods<D>;

// ---- Runtime ----------------------------------------------------------------------------------------

import type { NativeFn } from '../ffi/calls';

/** Decoded slot functions, per vtable address. */
const vtables = new Map<bigint, (NativeFn | undefined)[]>();

/**
 * Forgets the decoded slots of a vtable that is about to be freed (a JS-implemented interface's), so a
 * vtable later allocated at the same address is decoded afresh.
 */
export function forgetVtable(vtbl: bigint): void {
  vtables.delete(vtbl);
}

function fnsFor(vtbl: bigint): (NativeFn | undefined)[] {
  let fns = vtables.get(vtbl);
  if (!fns) vtables.set(vtbl, (fns = []));
  return fns;
}

function slotFunction(vtbl: bigint, slot: number, proto: KoffiType, call: string): NativeFn {
  const fns = fnsFor(vtbl);
  let fn = fns[slot];
  if (!fn) {
    const fp = koffi.decode(vtbl, slot * POINTER_SIZE, 'void *') as bigint | null;
    if (!fp) throw new MapiArgumentError('ERR_NULL_SLOT', `${call}: vtable slot ${slot} is NULL`);
    fn = fns[slot] = koffi.decode(fp, proto) as NativeFn;
  }
  return fn;
}

const live = { proxies: 0 };
const finalizer = new FinalizationRegistry<{ counted: boolean }>((s) => {
  if (s.counted) live.proxies--;
});

/** How many proxies still own a native reference (for leak checks). */
export function liveProxyCount(): number {
  return live.proxies;
}

export class ComProxyBase<D extends InterfaceDef = InterfaceDef> {
  /** The interface this proxy calls through. */
  readonly interface: D;
  /** @internal */ _ptr: bigint | null;
  /** @internal */ _vt: bigint;
  /** @internal The decoded slot functions of this object's vtable (shared by objects of its class). */
  _fns: (NativeFn | undefined)[];
  /** @internal References this proxy owns (1, plus any AddRef() made through it). */
  _owned = 1;
  private readonly _state = { counted: true };

  /** @internal Use wrap(). */
  constructor(def: D, ptr: bigint) {
    this.interface = def;
    this._ptr = ptr;
    this._vt = koffi.decode(ptr, 'void *') as bigint;
    this._fns = fnsFor(this._vt);
    live.proxies++;
    finalizer.register(this, this._state, this);
  }

  /** The native interface pointer. Throws once the proxy is released. */
  get ptr(): bigint {
    if (this._ptr === null) throw new ReleasedObjectError(this.interface.name, 'ptr');
    return this._ptr;
  }

  get released(): boolean {
    return this._ptr === null;
  }

  /** @internal */
  _self(method: string): bigint {
    const p = this._ptr;
    if (p === null) throw new ReleasedObjectError(this.interface.name, method);
    return p;
  }

  /**
   * IUnknown::QueryInterface: a new proxy for the asked interface (it owns the reference QI added).
   * Throws MapiError E_NOINTERFACE when the object does not implement it.
   */
  QueryInterface<T extends InterfaceDef>(iface: T): ComProxy<T> {
    const self = this._self('QueryInterface');
    const out: (bigint | null)[] = [null];
    const call = `${this.interface.name}::QueryInterface`;
    const fn = slotFunction(this._vt, 0, protoFor(IUnknown.methods[0], true), call);
    const hr = callNative(fn, call, [self, guidBytes(iface.iid), out], IUnknown.methods[0], 1);
    if (hr < 0) throw new MapiError(hr, `${call}(${iface.name})`);
    if (!out[0]) throw new MapiError(HR.E_POINTER, `${call}(${iface.name})`, { detail: 'S_OK with a NULL interface pointer' });
    return wrap(iface, out[0]);
  }

  /** IUnknown::AddRef. The proxy then owns one more reference, released by Release() or release(). */
  AddRef(): number {
    const self = this._self('AddRef');
    const call = `${this.interface.name}::AddRef`;
    const n = callNative(slotFunction(this._vt, 1, protoFor(IUnknown.methods[1], true), call), call, [self], IUnknown.methods[1], 1);
    this._owned++;
    return n >>> 0;
  }

  /** IUnknown::Release of one reference this proxy owns; when it owned only that one, the proxy is released. */
  Release(): number {
    const self = this._self('Release');
    const call = `${this.interface.name}::Release`;
    const n = callNative(slotFunction(this._vt, 2, protoFor(IUnknown.methods[2], true), call), call, [self], IUnknown.methods[2], 1);
    if (--this._owned === 0) this._forget();
    return n >>> 0;
  }

  /** Releases every reference this proxy owns. Safe to call more than once. */
  release(): void {
    while (this._ptr !== null) this.Release();
  }

  [Symbol.dispose](): void {
    this.release();
  }

  private _forget(): void {
    this._ptr = null;
    if (this._state.counted) {
      this._state.counted = false;
      live.proxies--;
    }
    finalizer.unregister(this);
    keepShape(this);
  }

  toString(): string {
    return this._ptr === null ? `[${this.interface.name} released]` : `[${this.interface.name} 0x${this._ptr.toString(16)}]`;
  }
}

/** What a generated method needs besides its arguments (see makeMethod). */
interface MethodEnv {
  readonly call: string;
  readonly name: string;
  readonly slot: number;
  readonly proto: KoffiType;
  readonly def: MethodDef;
  readonly native: typeof native;
  readonly tracer: typeof tracer;
  readonly slotFunction: typeof slotFunction;
  readonly callNative: typeof callNative;
  readonly toNative: typeof toNative;
  readonly BAD: typeof BAD;
  readonly badArg: (i: number, v: unknown) => never;
  readonly fail: (r: number) => never;
  readonly badArity: (n: number) => never;
  readonly badArgument: (e: unknown) => never;
  /** Throws ERR_LENGTH when argument i is shorter than its count (or its struct) says (lib/com/args.ts). */
  readonly len: (i: number, v: unknown, count: number) => void;
}

/**
 * Builds one method of a proxy class. The body is generated for the method's exact parameter count, so
 * a call costs what a hand-written wrapper would: no rest arrays, no spreading, the vtable slot read from
 * the per-vtable cache, one released check, one tracer test and the HRESULT check. Only parameters that
 * can take a GUID string or an object with `ptr` get a conversion, and only memory the caller passes as a
 * Buffer or typed array where its length is known gets a length check (lib/com/args.ts).
 */
function makeMethod(ifaceName: string, m: MethodDef, slot: number): (this: ComProxyBase, ...args: unknown[]) => unknown {
  const call = `${ifaceName}::${m.name}`;
  const returnsHr = (m.returns ?? 'HRESULT') === 'HRESULT';
  const names = m.params.map((_p, i) => `a${i}`);
  const conversions = m.params.map(argCheck).join('\n      ');
  const lengths = lengthChecks(call, m);
  const list = names.join(', ');
  const withSelf = names.length ? `self, ${list}` : 'self';
  const env: MethodEnv = {
    call, name: m.name, slot, proto: protoFor(m, true), def: m, native, tracer, slotFunction, callNative, toNative, BAD, len: lengths.len,
    badArg: (i, v) => {
      const p = m.params[i];
      const want = (p.dir ?? 'in') !== 'in' ? 'a one-element array to receive the value (or null)' : `a ${p.type}`;
      throw new MapiArgumentError('ERR_ARGUMENT', `${call}: ${p.name} must be ${want}, not ${describe(v)}`);
    },
    fail: (r) => {
      throw new MapiError(r, call);
    },
    badArity: (n) => {
      throw new MapiArgumentError('ERR_ARITY', `${call} takes ${m.params.length} argument(s) (${m.params.map((p) => p.name).join(', ')}), got ${n}`);
    },
    badArgument: (e) => {
      // Koffi rejects a JS value that does not fit the C type before calling anything.
      if (e instanceof KoffiMapiError) throw e;
      throw new MapiArgumentError('ERR_ARGUMENT', `${call}: ${(e as Error).message}`);
    },
  };
  const body = `
    return function ${m.name}(${list}) {
      const self = this._ptr;
      if (self === null) this._self(env.name);
      if (arguments.length !== ${names.length}) env.badArity(arguments.length);
      ${conversions}
      ${lengths.code}
      const fn = this._fns[${slot}] || env.slotFunction(this._vt, ${slot}, env.proto, env.call);
      let r;
      if (env.tracer.on) {
        try { r = env.callNative(fn, env.call, [${withSelf}], env.def, 1); } catch (e) { env.badArgument(e); }
      } else {
        env.native.depth++;
        try { r = fn(${withSelf}); } catch (e) { env.native.depth--; env.badArgument(e); }
        env.native.depth--;
      }
      ${returnsHr ? 'if (r < 0) env.fail(r); return r >>> 0;' : 'return r;'}
    };`;
  return new Function('env', body)(env) as (this: ComProxyBase, ...args: unknown[]) => unknown;
}

const classes = new WeakMap<InterfaceDef, new (def: InterfaceDef, ptr: bigint) => ComProxyBase>();

/** Full method list in vtable order: the base chain's methods, then the interface's own. */
export function vtableOf(def: InterfaceDef): readonly MethodDef[] {
  return def.base ? [...vtableOf(def.base), ...def.methods] : [...def.methods];
}

function classFor(def: InterfaceDef) {
  let C = classes.get(def);
  if (!C) {
    C = class extends ComProxyBase {};
    Object.defineProperty(C, 'name', { value: def.name });
    const proto = C.prototype;
    vtableOf(def).forEach((m, slot) => {
      if (slot < 3) return; // IUnknown's three are ComProxyBase methods
      // Built on its first call, which puts the real method in the stub's place: building one (its
      // Koffi prototype and struct types, the generated body) costs ~0.1 ms, and an interface has
      // 10-40 methods of which a program calls a few (a logon and the default store built ~150).
      const stub = function (this: ComProxyBase, ...args: unknown[]): unknown {
        const real = makeMethod(def.name, m, slot);
        Object.defineProperty(proto, m.name, { value: real, writable: true, configurable: true });
        return real.apply(this, args);
      };
      Object.defineProperty(stub, 'name', { value: m.name });
      Object.defineProperty(proto, m.name, { value: stub, writable: true, configurable: true });
    });
    classes.set(def, C);
  }
  return C;
}

/**
 * A proxy for a native interface pointer. The proxy takes over one reference: the one an out parameter
 * handed you. Pass `{ addRef: true }` to wrap a pointer you do not own (it AddRefs first).
 * An address that cannot be an object (NULL, the first 64 KiB, misaligned) is refused before anything
 * reads it; any other address is trusted (comPointerProblem says why it must be).
 */
export function wrap<D extends InterfaceDef>(def: D, ptr: bigint, options?: { addRef?: boolean }): ComProxy<D> {
  if (typeof ptr !== 'bigint' || ptr === 0n) {
    throw new MapiArgumentError('ERR_NULL_POINTER', `Cannot wrap a NULL ${def.name} pointer`);
  }
  const problem = comPointerProblem(ptr);
  if (problem) throw new MapiArgumentError('ERR_BAD_POINTER', `Cannot wrap 0x${ptr.toString(16)} as ${def.name}: ${problem}`);
  const C = classFor(def);
  const p: ComProxyBase = new C(def, ptr);
  if (options?.addRef) {
    p.AddRef();
    p._owned = 1;
  }
  return p as unknown as ComProxy<D>;
}

/**
 * Calls vtable slot `slot` of the object at `ptr` with the prototype of `def`, as given: for probes that
 * pass on purpose what a proxy refuses (koffi-mapi check hands QueryInterface a NULL or a poisoned out
 * pointer). The slot is decoded afresh (the proxies' cache holds their own prototypes). Traced like
 * any call; returns the raw result.
 */
export function callSlot(ptr: bigint, slot: number, def: MethodDef, args: readonly unknown[], call: string): number {
  const problem = comPointerProblem(ptr);
  if (problem) throw new MapiArgumentError('ERR_BAD_POINTER', `${call}: 0x${ptr.toString(16)} ${problem}`);
  const vt = koffi.decode(ptr, 'void *') as bigint;
  const fp = koffi.decode(vt, slot * POINTER_SIZE, 'void *') as bigint | null;
  if (!fp) throw new MapiArgumentError('ERR_NULL_SLOT', `${call}: vtable slot ${slot} is NULL`);
  const fn = koffi.decode(fp, protoFor(def, true)) as NativeFn;
  return callNative(fn, call, [ptr, ...args], def, 1);
}
