/**
 * Progress callbacks from a provider thread: one native thread (bench/native/benchnative.c,
 * BenchDriveProgress, started with Koffi's .async so the main thread stays in the event loop) calls
 *   - IMAPISyncProgressCallback::Progress of an object implemented in JS with the bridge (implement()
 *     from lib/com/jsobject.ts: the object lib/mapi/sync.ts hands a provider), through its vtable;
 *   - a raw koffi.register'ed callback with the same signature (This, text, index, max), directly.
 * Both handlers do the same work (count, keep the last text). Koffi relays each call to the main
 * thread while the provider thread waits. Measured in C: events/s over the run, and each call's round
 * trip (how long the provider thread was blocked), p50/p99. Target: bridge >= 80% of raw throughput.
 */
import koffi from 'koffi';
import { implement } from '../lib/com/jsobject';
import { IMAPISyncProgressCallback } from '../ffi-defs/interfaces/IMAPISyncProgressCallback';
import { initialize } from '../lib/session';
import { NATIVE, PROVIDER, interleave, stat, round, percentile, median, gc, type Figure } from './common';

type Drive = {
  async: (self: bigint | null, fn: bigint | null, n: number, lat: bigint, failures: bigint, cpu: number, cb: (err: unknown, r: number | bigint) => void) => void;
};

interface Run {
  eventsPerSec: number;
  p50us: number;
  p99us: number;
}

export async function progressFigure(opts: { quick?: boolean; noPin?: boolean } = {}): Promise<Figure> {
  const lib = koffi.load(NATIVE);
  const drive = lib.func('uint64_t BenchDriveProgress(void *self, void *fn, uint32_t n, void *lat, void *failures, int cpu)') as unknown as Drive;
  // On a machine with 2+ CPUs: the JS main thread on CPU 0, the provider thread on CPU 1, as on any
  // multi-core machine, but without the scheduler sometimes putting both on one CPU: that gives two
  // regimes (cross-CPU wake-ups vs. context switches) 3-5x apart, and medians that jump between them.
  const pin = lib.func('int BenchPinThisThread(int cpu)') as unknown as (cpu: number) => number;
  const cpus = require('node:os').cpus().length as number;

  // End to end first, before the main thread is pinned (the provider's sync thread is not).
  const endToEnd = await syncEndToEnd(opts.quick ? 2_000 : 5_000, opts.quick ? 1 : 3);

  const providerCpu = cpus >= 2 && !opts.noPin && pin(0) === 0 ? 1 : -1;

  const here = lib.func('uint64_t BenchCallProgressHere(void *self, void *fn, uint32_t n)') as unknown as (self: bigint | null, fn: bigint | null, n: number) => bigint;

  // The bridge: the same kind of object lib/mapi/sync.ts creates for SynchronizeInBackground.
  let bridgeCount = 0;
  let bridgeText: string | null = null;
  const cb = implement(IMAPISyncProgressCallback, {
    Progress(text, index, max) {
      bridgeCount++;
      bridgeText = text;
      void index;
      void max;
    },
  });

  // Raw Koffi: a registered function with the same C signature.
  let rawCount = 0;
  let rawText: string | null = null;
  const Proto = koffi.proto('int32_t __stdcall ProgressFn(void *This, const char16_t *text, uint32_t index, uint32_t max)');
  const rawFn = koffi.register((self: bigint | null, text: string | null, index: number, max: number) => {
    rawCount++;
    rawText = text;
    void self;
    void index;
    void max;
    return 0;
  }, koffi.pointer(Proto)) as unknown as bigint;

  // Many short interleaved rounds: a cross-thread round trip is two thread wake-ups, which a busy
  // 2-vCPU machine delays by whole scheduler slices; more rounds make the medians stable.
  const maxN = opts.quick ? 2_000 : 3_000;
  const lat = koffi.alloc('uint64_t', maxN) as unknown as bigint;
  const failures = koffi.alloc('uint32_t', 1) as unknown as bigint;

  const runOnce = (self: bigint | null, fn: bigint | null, n: number) =>
    new Promise<Run>((resolve, reject) => {
      gc();
      koffi.encode(failures as never, 'uint32_t', 0);
      drive.async(self, fn, n, lat, failures, providerCpu, (err, elapsed) => {
        if (err) return reject(err);
        const f = koffi.decode(failures as never, 'uint32_t') as number;
        if (f) return reject(new Error(`progress: ${f} calls did not return S_OK`));
        const ns = Number(elapsed);
        if (!ns) return reject(new Error('progress: the driver could not start its thread'));
        const l = Float64Array.from(koffi.decode(lat as never, 'uint64_t', n) as BigUint64Array, (x) => Number(x) / 1000).sort();
        resolve({ eventsPerSec: (n * 1e9) / ns, p50us: percentile(l, 50), p99us: percentile(l, 99) });
      });
    });

  const bridge = async (n: number) => {
    const before = bridgeCount;
    const r = await runOnce(cb.ptr, null, n);
    if (bridgeCount - before !== n || bridgeText !== 'Syncing Inbox') throw new Error('progress: the bridge handler did not run n times');
    return r;
  };
  const raw = async (n: number) => {
    const before = rawCount;
    const r = await runOnce(null, rawFn, n);
    if (rawCount - before !== n || rawText !== 'Syncing Inbox') throw new Error('progress: the raw callback did not run n times');
    return r;
  };

  // Warm-up: both JS paths optimised, the relay path exercised.
  for (let i = 0; i < 2; i++) {
    await bridge(2_000);
    await raw(2_000);
  }

  // The JS side alone: the same calls made on the main thread, inside a synchronous call (no relay).
  const sameThread = (self: bigint | null, fn: bigint | null) => () => {
    const n = 20_000;
    const ns = Number(here(self, fn, n));
    if (!ns) throw new Error('progress: same-thread calls failed');
    return ns / n;
  };
  for (let i = 0; i < 3; i++) {
    sameThread(cb.ptr, null)();
    sameThread(null, rawFn)();
  }
  const st = await interleave(opts.quick ? 5 : 11, { bridge: sameThread(cb.ptr, null), raw: sameThread(null, rawFn) });

  const reps = opts.quick ? 5 : 15;
  const runs: { bridge: Run[]; raw: Run[] } = { bridge: [], raw: [] };
  const s = await interleave(reps, {
    bridge: async () => {
      const r = await bridge(maxN);
      runs.bridge.push(r);
      return r.eventsPerSec;
    },
    raw: async () => {
      const r = await raw(maxN);
      runs.raw.push(r);
      return r.eventsPerSec;
    },
  });

  koffi.free(lat as never);
  koffi.free(failures as never);
  koffi.unregister(rawFn as never);
  cb.release();
  await new Promise<void>((r) => setImmediate(r));

  const b = stat(s.bridge);
  const r = stat(s.raw);
  const ratio = round(b.median / r.median, 3);
  const lat50 = (xs: Run[]) => round(median(xs.map((x) => x.p50us)), 4);
  const lat99 = (xs: Run[]) => round(median(xs.map((x) => x.p99us)), 4);
  const perRound = s.bridge.map((x, i) => x / s.raw[i]).sort((x, y) => x - y);
  return {
    name: 'progress callbacks',
    unit: 'events/s',
    subject: { label: 'bridge JS IMAPISyncProgressCallback (implement())', value: b.median, stat: b },
    baseline: { label: 'raw koffi.register callback', value: r.median, stat: r },
    ratio,
    ratioMeaning: 'bridge events/s / raw events/s (higher is better)',
    target: { text: 'bridge >= 80% of raw throughput', pass: ratio >= 0.8 },
    details: {
      latencyUs: {
        bridge: { p50: lat50(runs.bridge), p99: lat99(runs.bridge) },
        raw: { p50: lat50(runs.raw), p99: lat99(runs.raw) },
        what: 'round trip seen by the provider thread: from calling Progress to its return (CLOCK_MONOTONIC, median over runs of each run\'s percentile)',
      },
      sameThreadNsPerEvent: {
        what: 'the JS side alone: the same calls made from C on the main thread during a synchronous call (Koffi runs the JS directly, no relay)',
        bridge: stat(st.bridge).median,
        raw: stat(st.raw).median,
        bridgeAddsNs: round(stat(st.bridge).median - stat(st.raw).median, 3),
      },
      endToEnd,
      perRoundRatioMedian: round(perRound[perRound.length >> 1], 3),
      eventsPerRun: maxN,
      thread: 'one pthread created by the driver; the driver itself runs through Koffi .async on a libuv worker',
      pinning: providerCpu >= 0 ? 'JS main thread on CPU 0, provider thread on CPU 1' : 'none',
    },
  };
}

/**
 * For context, not the target: Store.synchronize() on the sample provider with `sync.items=N`, i.e.
 * the provider's own sync thread calling the callback lib/mapi/sync.ts creates, and every event going
 * through SyncRun (event object, queue, 'progress' listener). Events/s over the whole run.
 */
async function syncEndToEnd(items: number, reps: number): Promise<Record<string, unknown>> {
  try {
    const rates: number[] = [];
    for (let i = 0; i < reps; i++) {
      using mapi = initialize({ path: PROVIDER });
      using session = mapi.logon({ profile: `Sample;sync.items=${items}` });
      using store = session.defaultStore();
      let n = 0;
      const t0 = performance.now();
      const run = store.synchronize({ flags: 0x80 /* SYNC_DOWNLOAD_CONTENTS */, pollMs: 1 });
      run.on('progress', () => void n++);
      const res = await run;
      const ms = performance.now() - t0;
      if (res.status !== 'ok') throw new Error(`sync ended ${res.status} ${res.name}`);
      rates.push((res.progressCount * 1000) / ms);
    }
    const st = stat(rates);
    return { what: `Store.synchronize() on the sample provider, profile 'Sample;sync.items=${items}', progress events/s over the whole run (provider work and lib/mapi/sync.ts included)`, eventsPerSec: st.median, stat: st };
  } catch (e) {
    return { what: 'Store.synchronize() end to end', unavailable: (e as Error).message };
  }
}
