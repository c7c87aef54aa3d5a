/**
 * Every error this library throws is a KoffiMapiError with a stable `code`. A failed MAPI or COM call is
 * a MapiError: its HRESULT, the HRESULT's name and the call that returned it.
 */
import { HRESULTS } from '../ffi-defs/constants/hresults';

export interface HResultInfo {
  readonly name: string;
  readonly value: number;
  readonly text: string;
}

let byValue: Map<number, HResultInfo> | undefined;
let byName: Map<string, HResultInfo> | undefined;

function tables() {
  if (!byValue || !byName) {
    byValue = new Map();
    byName = new Map();
    for (const h of HRESULTS as readonly HResultInfo[]) {
      // The first name listed for a value is its display name (MAPI_E_CALL_FAILED before E_FAIL).
      if (!byValue.has(h.value)) byValue.set(h.value, h);
      byName.set(h.name, h);
    }
  }
  return { byValue, byName };
}

export const hex32 = (n: number): string => '0x' + (n >>> 0).toString(16).toUpperCase().padStart(8, '0');

/** 'MAPI_E_NOT_FOUND' for 0x8004010F; the hex value when the code is not in the table. */
export function hresultName(hr: number): string {
  return tables().byValue.get(hr >>> 0)?.name ?? hex32(hr);
}

/** Name, value and meaning of an HRESULT given as a number or a name; undefined when unknown. */
export function hresultInfo(hr: number | string): HResultInfo | undefined {
  if (typeof hr === 'string') {
    const named = tables().byName.get(hr.toUpperCase());
    if (named) return named;
    const n = Number(hr);
    if (!Number.isInteger(n)) return undefined;
    hr = n;
  }
  return tables().byValue.get(hr >>> 0);
}

/** The value of a named HRESULT ('MAPI_E_NOT_FOUND' -> 0x8004010F). Throws on an unknown name. */
export function hresult(name: string): number {
  const h = tables().byName.get(name);
  if (!h) throw new MapiArgumentError('ERR_UNKNOWN_HRESULT', `Unknown HRESULT name '${name}'`);
  return h.value;
}

/** FAILED(hr): the severity bit. Warnings (MAPI_W_*) and S_FALSE are successes. */
export const failed = (hr: number): boolean => (hr | 0) < 0;

export class KoffiMapiError extends Error {
  /** A stable, machine-readable code ('MAPI_E_NOT_FOUND', 'ERR_RELEASED', ...). */
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
Object.defineProperty(KoffiMapiError.prototype, 'name', { value: 'KoffiMapiError', writable: true });

/** A MAPI or COM call returned a failure HRESULT. */
export class MapiError extends KoffiMapiError {
  /** Unsigned HRESULT (0x8004010F). */
  readonly hr: number;
  /** The call that returned it: 'IMsgStore::OpenEntry', 'MAPILogonEx'. */
  readonly call: string;
  /** The HRESULT's meaning, from the table. */
  readonly text: string;
  /** Extra detail from the provider (IMAPIProp::GetLastError), when asked for and available. */
  detail?: string;

  constructor(hr: number, call: string, options?: { cause?: unknown; detail?: string; message?: string }) {
    const info = tables().byValue.get(hr >>> 0);
    const name = info?.name ?? hex32(hr);
    const head = `${call} failed: ${info ? `${name} (${hex32(hr)})` : name}`;
    super(name, options?.message ?? (options?.detail ? `${head}: ${options.detail}` : head), options);
    this.hr = hr >>> 0;
    this.call = call;
    this.text = info?.text ?? '';
    if (options?.detail) this.detail = options.detail;
    // `name` is the HRESULT's name, as users search for it; the stack header was already written.
    Object.defineProperty(this, 'name', { value: name, enumerable: false, writable: true, configurable: true });
  }
}
Object.defineProperty(MapiError.prototype, 'name', { value: 'MapiError', writable: true });

/** Throws a MapiError if hr is a failure; returns the unsigned hr (successes and warnings) otherwise. */
export function check(hr: number, call: string): number {
  if ((hr | 0) < 0) throw new MapiError(hr, call);
  return hr >>> 0;
}

/** A method was called on a proxy or object that has been released. No native memory was touched. */
export class ReleasedObjectError extends KoffiMapiError {
  constructor(what: string, method: string) {
    super('ERR_RELEASED', `${what}::${method} called after the object was released`);
  }
}

/** Bad input detected before any native call: wrong value type, unknown tag, malformed GUID... */
export class MapiArgumentError extends KoffiMapiError {
  constructor(code: string, message: string) {
    super(code, message);
  }
}

/** The MAPI DLL could not be found or loaded. `tried` lists every place looked at and what happened. */
export class MapiLoadError extends KoffiMapiError {
  readonly tried: readonly { readonly path: string; readonly via: string; readonly problem: string }[];
  constructor(code: string, message: string, tried: MapiLoadError['tried']) {
    super(code, message);
    this.tried = tried;
  }
}
