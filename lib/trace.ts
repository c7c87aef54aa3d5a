/**
 * The one place that sees calls crossing the bridge. Off by default; when off, the only cost is one
 * boolean test per call.
 */
import { failed, hresultName } from './errors';

export interface TraceRecord {
  readonly dir: 'out' | 'in';
  readonly call: string;
  readonly args?: readonly unknown[];
  readonly result?: string;
  readonly ms?: number;
  readonly thread?: 'caller' | 'foreign';
  readonly note?: string;
}

export const tracer: { on: boolean; sink: ((r: TraceRecord) => void) | null } = {
  on: false,
  sink: null,
};

/** Turns tracing on with a sink (one record per call), or off with null. */
export function setTrace(sink: ((r: TraceRecord) => void) | null): void {
  tracer.sink = sink;
  tracer.on = sink !== null;
}

export function formatArg(a: unknown): string {
  if (a === null || a === undefined) return 'NULL';
  if (typeof a === 'bigint') return '0x' + a.toString(16);
  if (typeof a === 'string') return JSON.stringify(a.length > 60 ? a.slice(0, 57) + '...' : a);
  if (Buffer.isBuffer(a)) return `<${a.length} bytes>`;
  if (Array.isArray(a)) return '[out]';
  return String(a);
}

export function emit(r: TraceRecord): void {
  try {
    tracer.sink?.(r);
  } catch {
    // A broken sink must not break the call being traced.
  }
}

export function traceCall(call: string, args: readonly unknown[], run: () => number): number {
  const t0 = performance.now();
  let r: number;
  try {
    r = run();
  } catch (e) {
    emit({ dir: 'out', call, args, result: `threw ${(e as Error).message}`, ms: performance.now() - t0 });
    throw e;
  }
  const name = /::(AddRef|Release)$/.test(call) ? `count ${r >>> 0}` : failed(r) || r !== 0 ? hresultName(r) : 'S_OK';
  emit({ dir: 'out', call, args, result: name, ms: performance.now() - t0 });
  return r;
}
