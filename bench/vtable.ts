/**
 * Vtable call overhead: a trivial COM method (Calc::Add(a, b, &out), slot 3) called
 *   - through the bridge's proxy (wrap(ICalc, ptr).Add(a, b, out)),
 *   - through the same slot decoded once into a raw Koffi function with the same prototype,
 *   - by a C loop calling it natively through the vtable.
 * All three in one process, interleaved. Target: proxy <= 1.25x raw Koffi.
 */
import koffi from 'koffi';
import { wrap, type ComProxy } from '../lib/com/proxy';
import { protoFor } from '../lib/ffi/types';
import { IUnknown } from '../ffi-defs/interfaces/IUnknown';
import type { InterfaceDef } from '../ffi-defs/schema';
import { NATIVE, interleave, nsPerOp, stat, round, type Figure } from './common';

/** The Calc object of bench/native/benchnative.c, described like any MAPI interface in ffi-defs/. */
export const ICalc = {
  name: 'ICalc',
  iid: '{6B4D4150-4243-4E43-8000-000000000001}',
  base: IUnknown,
  methods: [
    {
      name: 'Add',
      params: [
        { name: 'a', type: 'ULONG' },
        { name: 'b', type: 'ULONG' },
        { name: 'pResult', type: 'ULONG *', dir: 'out' },
      ],
    },
    {
      name: 'Touch',
      params: [
        { name: 'a', type: 'ULONG' },
        { name: 'b', type: 'ULONG' },
      ],
    },
  ],
} as const satisfies InterfaceDef;

export async function vtableFigure(opts: { quick?: boolean } = {}): Promise<Figure> {
  const lib = koffi.load(NATIVE);
  const getCalc = lib.func('void *BenchGetCalc(void)') as () => bigint;
  const calcLoop = lib.func('uint32_t BenchCalcLoop(void *obj, uint32_t n)') as (p: bigint, n: number) => number;
  const calc = getCalc();

  const proxy = wrap(ICalc, calc, { addRef: true }) as ComProxy<typeof ICalc>;
  const vtbl = koffi.decode(calc as never, 'void *') as bigint;
  const slot3 = koffi.decode(vtbl as never, 3 * koffi.sizeof('void *'), 'void *') as bigint;
  const raw = koffi.decode(slot3 as never, protoFor(ICalc.methods[0], true)) as unknown as (self: bigint, a: number, b: number, out: number[]) => number;

  const slot4 = koffi.decode(vtbl as never, 4 * koffi.sizeof('void *'), 'void *') as bigint;
  const rawTouch = koffi.decode(slot4 as never, protoFor(ICalc.methods[1], true)) as unknown as (self: bigint, a: number, b: number) => number;

  const out = [0];
  let sink = 0;
  const viaProxy = (n: number) => {
    for (let i = 0; i < n; i++) sink += proxy.Add(i, 1, out) + out[0];
  };
  const viaRaw = (n: number) => {
    for (let i = 0; i < n; i++) {
      const hr = raw(calc, i, 1, out);
      if (hr < 0) throw new Error(`Add failed ${hr}`);
      sink += hr + out[0];
    }
  };
  const touchProxy = (n: number) => {
    for (let i = 0; i < n; i++) sink += proxy.Touch(i, 1);
  };
  const touchRaw = (n: number) => {
    for (let i = 0; i < n; i++) {
      const hr = rawTouch(calc, i, 1);
      if (hr < 0) throw new Error(`Touch failed ${hr}`);
      sink += hr;
    }
  };
  const viaC = (n: number) => {
    sink += calcLoop(calc, n);
  };

  // Both paths must compute the same thing.
  proxy.Add(40, 2, out);
  const a = out[0];
  raw(calc, 40, 2, out);
  if (a !== 42 || out[0] !== 42) throw new Error('vtable: Add does not add');

  // JIT warm-up: both JS paths reach their optimised tier before anything is timed.
  for (let i = 0; i < 3; i++) {
    viaProxy(100_000);
    viaRaw(100_000);
    viaC(1_000_000);
    touchProxy(100_000);
    touchRaw(100_000);
  }

  // Many short rounds rather than a few long ones: a burst of load then spoils one sample, not the median.
  const N = opts.quick ? 100_000 : 200_000;
  const reps = opts.quick ? 5 : 21;
  const s = await interleave(reps, {
    proxy: () => nsPerOp(N, viaProxy),
    raw: () => nsPerOp(N, viaRaw),
    c: () => nsPerOp(N * 10, viaC),
    touchProxy: () => nsPerOp(N, touchProxy),
    touchRaw: () => nsPerOp(N, touchRaw),
  });
  proxy.release();
  if (sink === -1) console.log(sink); // keep `sink` alive

  const proxyS = stat(s.proxy);
  const rawS = stat(s.raw);
  const cS = stat(s.c);
  const tpS = stat(s.touchProxy);
  const trS = stat(s.touchRaw);
  // The ratio of medians, and the median of the per-round ratios (robust to a slow round).
  const perRound = s.proxy.map((p, i) => p / s.raw[i]);
  const ratio = round(proxyS.median / rawS.median, 3);
  return {
    name: 'vtable call',
    unit: 'ns/call',
    subject: { label: 'bridge proxy (ComProxy.Add)', value: proxyS.median, stat: proxyS },
    baseline: { label: 'raw cached Koffi function', value: rawS.median, stat: rawS },
    ratio,
    ratioMeaning: 'proxy time / raw Koffi time (lower is better)',
    target: { text: 'proxy <= 1.25x raw Koffi', pass: ratio <= 1.25 },
    details: {
      cLoop: { label: 'C loop through the vtable', value: cS.median, stat: cS },
      proxyOverC: round(proxyS.median / cS.median, 3),
      rawOverC: round(rawS.median / cS.median, 3),
      proxyOverheadNs: round(proxyS.median - rawS.median, 3),
      perRoundRatioMedian: round(perRound.sort((x, y) => x - y)[perRound.length >> 1], 3),
      withoutOutParam: {
        what: 'slot 4, HRESULT Touch(This, ULONG a, ULONG b): no out array to marshal, so the fixed cost of the proxy shows against the cheapest raw call',
        proxy: { value: tpS.median, stat: tpS },
        raw: { value: trS.median, stat: trS },
        ratio: round(tpS.median / trS.median, 3),
        proxyOverheadNs: round(tpS.median - trS.median, 3),
      },
      callsPerSample: N,
      method: 'HRESULT Add(This, ULONG a, ULONG b, _Out_ ULONG *pResult): the same Koffi prototype (lib protoFor) on both JS paths; out param as a one-element array',
    },
  };
}
