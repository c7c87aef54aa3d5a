/**
 * The one place that sees calls crossing the bridge, in both directions. Off by default; when off, the
 * only cost is one boolean test per call.
 *
 *   setTrace('stderr')                       one line per call on stderr
 *   setTrace({ file: 'trace.log', json: true })
 *   setTrace((record) => ...)                your own sink
 *   KOFFI_MAPI_TRACE=1 | <file>  (and KOFFI_MAPI_TRACE_FORMAT=json)   from the environment
 *
 * A line reads: `IMsgStore::GetProps(lpPropTagArray=[PR_DISPLAY_NAME_W], ulFlags=0x80000000) -> S_OK 0.02 ms`
 */
import fs from 'node:fs';
import type { ParamDef } from '../ffi-defs/schema';
import { failed, hresultName, hex32 } from './errors';
import { environment } from './env';

/** The decoders module, loaded when the first traced call needs it (it brings Koffi and the struct types). */
let decoders: typeof import('./trace-decoders') | undefined;

export interface TraceRecord {
  /** 'out': JS called native code. 'in': native code called a JS-implemented object. */
  readonly dir: 'out' | 'in';
  readonly call: string;
  readonly args?: readonly string[];
  readonly result?: string;
  readonly ms?: number;
  /** For calls into JS: made on the caller's thread during a native call, or relayed from another thread. */
  readonly thread?: 'caller' | 'foreign';
  readonly note?: string;
  /** Milliseconds since the process started (performance.now()). */
  readonly t?: number;
}

export type TraceSink = (r: TraceRecord) => void;

export const tracer: { on: boolean; sink: TraceSink | null } = { on: false, sink: null };

/** The file setTrace opened, closed when tracing is turned off or redirected. */
let traceFd: number | null = null;

/** One line of text for a record. */
export function formatRecord(r: TraceRecord): string {
  const arrow = r.dir === 'in' ? '<=' : '=>';
  const args = r.args ? `(${r.args.join(', ')})` : '';
  const res = r.result !== undefined ? ` -> ${r.result}` : '';
  const ms = r.ms !== undefined ? ` ${r.ms.toFixed(3)} ms` : '';
  const th = r.thread ? ` [${r.thread} thread]` : '';
  const note = r.note ? ` ${r.note}` : '';
  return `${arrow} ${r.call}${args}${res}${ms}${th}${note}`;
}

/**
 * Turns tracing on or off. 'stderr' writes lines to stderr; { file, json } appends to a file (JSON lines
 * with `json`); a function receives every record; null turns it off.
 */
export function setTrace(target: TraceSink | 'stderr' | { file?: string; json?: boolean } | null): void {
  envApplied = true; // the script chose: the environment no longer decides
  if (traceFd !== null) {
    fs.closeSync(traceFd);
    traceFd = null;
  }
  if (target === null) {
    tracer.sink = null;
    tracer.on = false;
    return;
  }
  let sink: TraceSink;
  if (typeof target === 'function') sink = target;
  else {
    const json = target !== 'stderr' && target.json === true;
    const file = target === 'stderr' ? undefined : target.file;
    const fd = file ? (traceFd = fs.openSync(file, 'a')) : 2;
    sink = (r) => fs.writeSync(fd, (json ? JSON.stringify({ t: Number(performance.now().toFixed(3)), ...r, ...(r.ms !== undefined ? { ms: Number(r.ms.toFixed(3)) } : {}) }) : formatRecord(r)) + '\n');
  }
  tracer.sink = sink;
  tracer.on = true;
}

let envApplied = false;

/** traceFromEnv, the first time only, and not after setTrace(): what load() calls. */
export function traceFromEnvOnce(): void {
  if (envApplied) return;
  envApplied = true;
  traceFromEnv();
}

/** Applies KOFFI_MAPI_TRACE (1/true = stderr, anything else = a file) and KOFFI_MAPI_TRACE_FORMAT=json. */
export function traceFromEnv(env: NodeJS.ProcessEnv = process.env): void {
  const { trace: v, traceFormat } = environment(env);
  if (!v || v === '0' || v === 'false') return;
  const json = traceFormat === 'json';
  setTrace(v === '1' || v === 'true' ? (json ? { json } : 'stderr') : { file: v, json });
}

export function formatArg(a: unknown): string {
  if (a === null || a === undefined) return 'NULL';
  if (typeof a === 'bigint') return '0x' + a.toString(16);
  if (typeof a === 'string') return JSON.stringify(a.length > 60 ? a.slice(0, 57) + '...' : a);
  if (Buffer.isBuffer(a)) return a.length <= 16 ? `<${a.toString('hex')}>` : `<${a.length} bytes>`;
  if (ArrayBuffer.isView(a)) return `<${a.byteLength} bytes>`;
  if (Array.isArray(a)) return `[${a.map(formatArg).join(', ')}]`;
  if (typeof a === 'object' && 'ptr' in (a as object)) return String(a);
  return String(a);
}

export function formatParam(p: ParamDef, v: unknown): string {
  if (p.dir === 'out') return `${p.name}=[out]`;
  if (typeof v === 'bigint' || Buffer.isBuffer(v)) {
    if (v) {
      try {
        decoders ??= require('./trace-decoders') as typeof import('./trace-decoders');
        const shown = decoders.decodeArg(p.type, v);
        if (shown !== undefined) return `${p.name}=${shown}`;
      } catch {
        /* fall through to the raw value */
      }
    }
  }
  if (typeof v === 'number' && /ulFlags|Flags$/.test(p.name) && v !== 0) return `${p.name}=${hex32(v)}`;
  if (typeof v === 'number' && p.type === 'HRESULT') return `${p.name}=${hresultName(v)}`;
  return `${p.name}=${formatArg(v)}`;
}

export function emit(r: TraceRecord): void {
  try {
    tracer.sink?.(r);
  } catch {
    // A broken sink must not break the call being traced.
  }
}

/**
 * Pointer arguments the callee changes in place (ResolveName replaces an ADRLIST's resolved rows,
 * ResolveNames sets its FlagList): shown again after a call that succeeded.
 */
const IN_PLACE = new Set(['ADRLIST *', 'FlagList *']);

/** Runs a native call and records it: arguments by parameter name, result by HRESULT name, time. */
export function traceCall(call: string, params: readonly ParamDef[] | null, args: readonly unknown[], returns: string, run: () => number): number {
  const shown = params ? params.map((p, i) => formatParam(p, args[i])) : args.map(formatArg);
  const t0 = performance.now();
  let r: number;
  try {
    r = run();
  } catch (e) {
    emit({ dir: 'out', call, args: shown, result: `threw ${(e as Error).message}`, ms: performance.now() - t0 });
    throw e;
  }
  const ms = performance.now() - t0;
  const outs = params
    ? params
        .map((p, i) =>
          (p.dir === 'out' || p.dir === 'inout') && Array.isArray(args[i])
            ? `${p.name}=${formatArg((args[i] as unknown[])[0])}`
            : r >= 0 && IN_PLACE.has(p.type)
              ? formatParam(p, args[i]) // what the callee left there
              : null,
        )
        .filter(Boolean)
    : [];
  const result =
    returns === 'HRESULT' || returns === 'SCODE'
      ? r === 0
        ? 'S_OK'
        : failed(r) || r !== 0
          ? hresultName(r)
          : 'S_OK'
      : returns === 'void'
        ? 'void'
        : /::(AddRef|Release)$/.test(call)
          ? `count ${r >>> 0}`
          : String(r);
  emit({ dir: 'out', call, args: shown, result: outs.length ? `${result} {${outs.join(', ')}}` : result, ms });
  return r;
}
