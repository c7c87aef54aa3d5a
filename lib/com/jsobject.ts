/**
 * Implementing COM objects in JS: a native object `{ lpVtbl, ... }` whose vtable slots are Koffi
 * trampolines into JS handlers.
 *
 * One set of registered trampolines per interface, shared by every object of that interface; the
 * object is found from the `This` pointer COM passes first. The trampolines stay registered while any
 * object of the interface is alive, and an object stays alive while native code holds a reference or
 * JS holds it (see hold()); they are unregistered once the last object is gone.
 */
import { EventEmitter } from 'node:events';
import koffi from 'koffi';
import type { InterfaceDef, MethodDef } from '../../ffi-defs/schema';
import { callbackProtoFor, POINTER_SIZE } from '../ffi/types';
import { KoffiMapiError, MapiError, hresultName, hex32 } from '../errors';
import { HR } from '../../ffi-defs/constants/hresults';
import { normalizeGuid, readGuid } from './guid';
import { forgetVtable, vtableOf, type MethodsOfChain } from './proxy';
import { callbackThread } from '../ffi/calls';
import { tracer, emit as traceEmit, formatArg, formatParam } from '../trace';

// Returned to native code as signed 32-bit values, as Koffi's HRESULT (int32_t) expects.
const S_OK = HR.S_OK;
const E_NOTIMPL = HR.E_NOTIMPL | 0;
const E_NOINTERFACE = HR.E_NOINTERFACE | 0;
const E_POINTER = HR.E_POINTER | 0;
const E_FAIL = HR.MAPI_E_CALL_FAILED | 0;
const E_UNEXPECTED = HR.E_UNEXPECTED | 0;

// ---- Handler types ----------------------------------------------------------------------------------
import type { Labeled, MethodLabels } from './proxy'; // parameter names, as the proxies have them

type CbArg<T extends string> = T extends 'LPCWSTR'
  ? string | null
  : T extends `${string}*` | 'HANDLE'
    ? bigint | null
    : T extends 'LONGLONG' | 'ULONGLONG' | 'ULONG_PTR' | 'LONG_PTR'
      ? number | bigint
      : number;

type CbArgs<Ps> = { -readonly [K in keyof Ps]: Ps[K] extends { readonly type: infer T extends string } ? CbArg<T> : never };

/** What `this` is inside a handler: the object (its interface, pointer, reference count). */
export interface HandlerThis {
  readonly ptr: bigint;
  readonly refCount: number;
  readonly interface: InterfaceDef;
}

/** A handler per method (IUnknown's three are implemented for you). Return an HRESULT, or nothing for S_OK. */
export type Handlers<D> = {
  [M in MethodsOfChain<D> as M extends { readonly name: infer N extends string }
    ? N extends 'QueryInterface' | 'AddRef' | 'Release'
      ? never
      : N
    : never]?: M extends { readonly name: infer N; readonly params: infer Ps extends readonly unknown[] }
    ? (this: HandlerThis, ...args: Labeled<MethodLabels<D, N>, CbArgs<Ps>>) => number | void
    : never;
};

export interface CallInfo {
  /** 'Interface::Method' */
  readonly call: string;
  /** Whether native code called on the caller's own thread or from another native thread. */
  readonly thread: 'caller' | 'foreign';
}

export interface ImplementOptions {
  /** Called when a handler throws (its HRESULT was returned to native code). */
  onError?: (error: Error, info: CallInfo) => void;
  /** Called before each handler runs; for tracing and thread bookkeeping. */
  onCall?: (info: CallInfo, args: readonly unknown[]) => void;
  /**
   * Called for each QueryInterface, AddRef and Release native code makes (`result`: 'S_OK',
   * 'E_NOINTERFACE', 'count N'), and for each call against COM's rules (`misuse` says what): what a
   * recorder needs besides onCall (koffi-mapi check's timelines).
   */
  onNote?: (info: CallInfo, note: { readonly args: readonly unknown[]; readonly result?: string; readonly misuse?: string }) => void;
}

// ---- Per-interface trampolines ----------------------------------------------------------------------

interface ClassRecord {
  readonly def: InterfaceDef;
  readonly iids: ReadonlySet<string>;
  readonly slots: bigint[];
  readonly vtbl: bigint;
  live: number;
}

const classes = new Map<InterfaceDef, ClassRecord>();
const objects = new Map<bigint, JsComObject<InterfaceDef>>();

/** When set, sees every call native code makes into a JS object, live or not (koffi-mapi check: calls after MAPIUninitialize). */
let callObserver: ((call: string, thread: 'caller' | 'foreign') => void) | null = null;
export const observeJsCalls = (fn: typeof callObserver): void => void (callObserver = fn);
function observed(call: string): void {
  try {
    callObserver?.(call, callbackThread());
  } catch { /* observers must not change the result */ }
}

/** Calls that reached a trampoline with a `This` that is not a live object (a provider bug). */
export const strayCalls = new EventEmitter();
let strayCount = 0;

/** Diagnostics: live JS-implemented objects, interfaces with registered trampolines, stray calls seen. */
export function jsObjectStats(): { objects: number; interfaces: number; strayCalls: number } {
  return { objects: objects.size, interfaces: classes.size, strayCalls: strayCount };
}

function stray(call: string, self: bigint): void {
  strayCount++;
  if (strayCalls.listenerCount('stray') > 0) {
    try {
      strayCalls.emit('stray', { call, self });
    } catch {
      /* never let a listener turn into S_OK */
    }
  }
}

function classFor(def: InterfaceDef): ClassRecord {
  let rec = classes.get(def);
  if (rec) return rec;
  const iids = new Set<string>();
  for (let d: InterfaceDef | null = def; d; d = d.base) iids.add(normalizeGuid(d.iid));
  const methods = vtableOf(def);
  const slots = methods.map((m, i) => koffi.register(trampoline(def, m, i), koffi.pointer(callbackProtoFor(m))) as unknown as bigint);
  const vtbl = koffi.alloc('void *', slots.length) as unknown as bigint;
  slots.forEach((fp, i) => koffi.encode(vtbl, i * POINTER_SIZE, 'void *', fp));
  rec = { def, iids, slots, vtbl, live: 0 };
  classes.set(def, rec);
  return rec;
}

function releaseClass(rec: ClassRecord): void {
  classes.delete(rec.def);
  forgetVtable(rec.vtbl);
  for (const fp of rec.slots) koffi.unregister(fp as never);
  koffi.free(rec.vtbl as never);
}

function trampoline(def: InterfaceDef, m: MethodDef, slot: number): (...args: any[]) => unknown {
  const call = `${def.name}::${m.name}`;
  if (slot === 0) {
    return (self: bigint, riid: bigint | null, ppv: bigint | null): number => {
      if (callObserver) observed(call);
      const o = objects.get(self);
      if (!o) return stray(call, self), E_UNEXPECTED;
      if (!ppv) return E_POINTER;
      if (!riid) {
        koffi.encode(ppv, 'void *', null);
        return E_POINTER;
      }
      const iid = readGuid(riid);
      const ok = o._iids.has(iid);
      if (ok) {
        o._nativeRefs++;
        koffi.encode(ppv, 'void *', self);
      } else {
        koffi.encode(ppv, 'void *', null);
      }
      o._note(call, [iid], ok ? 'S_OK' : 'E_NOINTERFACE');
      return ok ? S_OK : E_NOINTERFACE;
    };
  }
  if (slot === 1) {
    return (self: bigint): number => {
      if (callObserver) observed(call);
      const o = objects.get(self);
      if (!o) return stray(call, self), 0;
      o._nativeRefs++;
      const n = o.refCount;
      o._note(call, [], `count ${n}`);
      return n;
    };
  }
  if (slot === 2) {
    return (self: bigint): number => {
      if (callObserver) observed(call);
      const o = objects.get(self);
      if (!o) return stray(call, self), 0;
      if (o._nativeRefs === 0) {
        // Native code released a reference it never took (QueryInterface/AddRef). Ignoring it keeps
        // an object that JS still holds, or that a provider thread may still call, alive.
        o._misuse(
          call,
          o.refCount === 0
            ? 'Release called on an object whose count is already 0'
            : `Release called more times than QueryInterface/AddRef (count stays ${o.refCount}: the JS reference)`,
        );
        return o.refCount;
      }
      o._nativeRefs--;
      const n = o.refCount;
      o._note(call, [], `count ${n}`);
      if (n === 0) o._maybeDestroy();
      return n;
    };
  }
  const returnsHr = (m.returns ?? 'HRESULT') === 'HRESULT';
  return (self: bigint, ...args: unknown[]): number => {
    if (callObserver) observed(call);
    const o = objects.get(self);
    if (!o) return stray(call, self), returnsHr ? E_UNEXPECTED : 0;
    return o._dispatch(m, call, args, returnsHr);
  };
}

// ---- The object ---------------------------------------------------------------------------------------

/**
 * A native COM object implemented in JS. `ptr` is the interface pointer to hand to native code. JS owns
 * one reference from creation; release() drops it. Events: 'handlerError' (error, info) when a handler
 * threw, 'misuse' (message, call) when native code broke COM rules, 'destroyed' when the native object
 * is gone.
 */
export class JsComObject<D extends InterfaceDef> extends EventEmitter {
  readonly interface: D;
  readonly ptr: bigint;
  /** @internal References native code took (QueryInterface, AddRef) and has not released. */
  _nativeRefs = 0;
  /** @internal */ readonly _iids: ReadonlySet<string>;
  private _holds = 0;
  private _jsRef = true;
  private _destroyed = false;
  private _destroyScheduled = false;
  private readonly _handlers: Readonly<Record<string, ((...a: unknown[]) => unknown) | undefined>>;
  private readonly _options: ImplementOptions;
  private readonly _class: ClassRecord;
  /** Errors thrown by handlers, in order. */
  readonly errors: Error[] = [];

  /** @internal Use implement(). */
  constructor(def: D, handlers: object, options: ImplementOptions = {}) {
    super();
    this.interface = def;
    this._handlers = handlers as unknown as JsComObject<D>['_handlers'];
    this._options = options;
    this._class = classFor(def);
    this._iids = this._class.iids;
    const mem = koffi.alloc('void *', 2) as unknown as bigint;
    koffi.encode(mem, 'void *', this._class.vtbl);
    this.ptr = mem;
    this._class.live++;
    objects.set(mem, this as unknown as JsComObject<InterfaceDef>);
  }

  /** Current reference count: native code's references plus JS's own until release(). */
  get refCount(): number {
    return this._nativeRefs + (this._jsRef ? 1 : 0);
  }

  /** True once the native object and its memory are gone. */
  get destroyed(): boolean {
    return this._destroyed;
  }

  /** Drops the reference JS got at creation. Safe to call more than once. */
  release(): void {
    if (!this._jsRef) return;
    this._jsRef = false;
    this._maybeDestroy();
  }

  [Symbol.dispose](): void {
    this.release();
  }

  /**
   * Keeps the object (and its trampolines) alive even at refcount 0, until the returned function is
   * called: for native code that may still call in after its last Release, e.g. a provider thread
   * that has not finished yet.
   */
  hold(): () => void {
    if (this._destroyed) throw new KoffiMapiError('ERR_DESTROYED', `${this.interface.name} object is already destroyed`);
    this._holds++;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this._holds--;
      this._maybeDestroy();
    };
  }

  /** @internal */
  _maybeDestroy(): void {
    if (this._destroyed || this._destroyScheduled || this.refCount > 0 || this._holds > 0) return;
    this._destroyScheduled = true;
    // Never free a trampoline while it is running: finish after the current native call returns.
    setImmediate(() => {
      this._destroyScheduled = false;
      if (this.refCount > 0 || this._holds > 0 || this._destroyed) return;
      this._destroyed = true;
      objects.delete(this.ptr);
      koffi.free(this.ptr as never);
      if (--this._class.live === 0) releaseClass(this._class);
      this.emit('destroyed');
    });
  }

  /** @internal */
  _note(call: string, args: readonly unknown[], result: string): void {
    if (tracer.on) traceEmit({ dir: 'in', call, args: args.map(formatArg), result, thread: callbackThread() });
    if (this._options.onNote) this._observe(call, { args, result });
  }

  private _observe(call: string, note: { args: readonly unknown[]; result?: string; misuse?: string }): void {
    try {
      this._options.onNote?.({ call, thread: callbackThread() }, note);
    } catch {
      /* observers must not change the result */
    }
  }

  /** @internal */
  _misuse(call: string, message: string): void {
    if (this.listenerCount('misuse') > 0) {
      try {
        this.emit('misuse', message, call);
      } catch {
        /* a listener must not turn into S_OK */
      }
    }
    if (tracer.on) traceEmit({ dir: 'in', call, note: `misuse: ${message}`, thread: callbackThread() });
    if (this._options.onNote) this._observe(call, { args: [], misuse: message });
  }

  /** @internal */
  _dispatch(m: MethodDef, call: string, args: unknown[], returnsHr: boolean): number {
    const name = m.name;
    const info: CallInfo = { call, thread: callbackThread() };
    const handler = this._handlers[name];
    try {
      this._options.onCall?.(info, args);
    } catch {
      /* observers must not change the result */
    }
    if (!handler) {
      if (tracer.on) traceEmit({ dir: 'in', call, args: args.map((a, i) => formatParam(m.params[i], a)), result: 'E_NOTIMPL', thread: info.thread });
      return returnsHr ? E_NOTIMPL : 0;
    }
    const t0 = tracer.on ? performance.now() : 0;
    let result: number;
    try {
      const r = handler.apply(this, args);
      if (r !== null && typeof r === 'object' && typeof (r as { then?: unknown }).then === 'function') {
        throw new KoffiMapiError('ERR_ASYNC_HANDLER', `${call}: a COM method implemented in JS must return synchronously, not a Promise`);
      }
      if (r === undefined) result = S_OK;
      else if (typeof r === 'number' && Number.isFinite(r)) result = returnsHr ? r | 0 : r >>> 0;
      else throw new KoffiMapiError('ERR_HANDLER_RESULT', `${call}: handler returned ${typeof r}; return an HRESULT number or nothing`);
    } catch (e) {
      const err = e instanceof Error ? e : new Error(String(e));
      result = returnsHr ? (err instanceof MapiError ? err.hr | 0 : E_FAIL) : 0;
      this.errors.push(err);
      try {
        this._options.onError?.(err, info);
      } catch {
        /* the failure HRESULT still goes back */
      }
      if (this.listenerCount('handlerError') > 0) {
        try {
          this.emit('handlerError', err, info);
        } catch {
          /* idem */
        }
      }
    }
    if (tracer.on) {
      traceEmit({
        dir: 'in',
        call,
        args: args.map((a, i) => formatParam(m.params[i], a)),
        result: returnsHr ? (result === 0 ? 'S_OK' : hresultName(result)) : String(result),
        ms: performance.now() - t0,
        thread: info.thread,
      });
    }
    return result;
  }

  override toString(): string {
    return `[JS ${this.interface.name} ${this._destroyed ? 'destroyed' : hex32(Number(this.ptr & 0xffffffffn))} refs=${this.refCount}]`;
  }
}

/**
 * Implements `def` in JS. Hand `obj.ptr` to native code; the object answers QueryInterface for its
 * interface and every base, keeps a real reference count, and returns E_NOTIMPL for methods without a
 * handler. A handler that throws returns its MapiError's HRESULT, or E_FAIL, never S_OK.
 */
export function implement<D extends InterfaceDef>(def: D, handlers: NoInfer<Handlers<D>>, options?: ImplementOptions): JsComObject<D> {
  return new JsComObject<D>(def, handlers as object, options);
}
