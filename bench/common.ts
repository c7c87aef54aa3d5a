/** Shared helpers of the benchmarks: statistics, interleaved runs, paths, and the figure result shape. */
import path from 'node:path';

/** Root of the repository, from bench/ (ts-node) or bench/.build/bench/ (compiled). */
export const ROOT = (() => {
  let dir = __dirname;
  for (let i = 0; i < 5; i++) {
    if (require('node:fs').existsSync(path.join(dir, 'package.json')) && require('node:fs').existsSync(path.join(dir, 'sample-provider'))) return dir;
    dir = path.dirname(dir);
  }
  throw new Error('bench: cannot find the repository root');
})();

export const PROVIDER = path.join(ROOT, 'sample-provider', 'build', `${process.platform}-${process.arch}`, 'libkmapi_sample.so');
export const NATIVE = path.join(ROOT, 'bench', '.build', 'native', 'libbenchnative.so');

export interface Stat {
  /** Median of the repetitions. */
  median: number;
  min: number;
  max: number;
  /** (max - min) / median: how far apart the repetitions were. */
  spread: number;
  n: number;
  samples: number[];
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

export function stat(samples: readonly number[], digits = 4): Stat {
  const m = median(samples);
  const min = Math.min(...samples);
  const max = Math.max(...samples);
  const r = (x: number) => Number(x.toPrecision(digits));
  return { median: r(m), min: r(min), max: r(max), spread: Number(((max - min) / m).toFixed(3)), n: samples.length, samples: samples.map(r) };
}

/**
 * Runs each contestant `reps` times, interleaved (A B C A B C ...; the order rotates every round so
 * neither always runs first after a GC or a neighbour's burst), and returns each one's samples.
 */
export async function interleave<K extends string>(reps: number, contestants: Record<K, () => number | Promise<number>>): Promise<Record<K, number[]>> {
  const keys = Object.keys(contestants) as K[];
  const out = Object.fromEntries(keys.map((k) => [k, [] as number[]])) as unknown as Record<K, number[]>;
  for (let r = 0; r < reps; r++) {
    const order = keys.map((_, i) => keys[(i + r) % keys.length]);
    for (const k of order) out[k].push(await contestants[k]());
  }
  return out;
}

/** Nanoseconds per operation of `n` calls of `body` (body runs the loop itself and gets n). */
export function nsPerOp(n: number, body: (n: number) => void): number {
  const t0 = process.hrtime.bigint();
  body(n);
  return Number(process.hrtime.bigint() - t0) / n;
}

export interface Target {
  /** What must hold, in words: 'proxy <= 1.25x raw Koffi'. */
  readonly text: string;
  readonly pass: boolean;
}

/** One figure: what was measured against what, with its unit; plus any extra details. */
export interface Figure {
  readonly name: string;
  readonly unit: string;
  readonly subject: { readonly label: string; readonly value: number; readonly stat?: Stat };
  readonly baseline: { readonly label: string; readonly value: number; readonly stat?: Stat };
  /** subject / baseline (of the medians). */
  readonly ratio: number;
  /** How the ratio reads: 'subject/baseline' (time: lower is better) or a throughput fraction. */
  readonly ratioMeaning: string;
  readonly target: Target | null;
  readonly details: Record<string, unknown>;
}

export function round(x: number, digits = 4): number {
  return Number(x.toPrecision(digits));
}

/** Prints the result of a figure process on stdout, as one JSON line the runner picks up. */
export function emitResult(figures: Figure[] | Figure): void {
  process.stdout.write('\n@@BENCH-RESULT@@' + JSON.stringify(Array.isArray(figures) ? figures : [figures]) + '\n');
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Lets the GC run between timed blocks (node is started with --expose-gc). */
export function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}
