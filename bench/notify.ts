/**
 * Notifications from the provider's notification thread into JS. The sample provider's
 * `notify.burst=N` knob queues N fnevObjectModified notifications right after each Advise on a store
 * and delivers them from its notification thread, up to 64 per OnNotify call. Two sinks are advised
 * on the same store, one after the other, interleaved over many rounds:
 *   - the bridge: store.watch() (lib/mapi/watch.ts), every notification decoded (notify.ts) into a
 *     typed object and emitted to one 'notification' listener that counts;
 *   - raw Koffi: an IMAPIAdviseSink built by hand, its vtable koffi.register'ed with the same C
 *     signatures, whose OnNotify reads the same fields with koffi.decode, as a hand-written sink would
 *     (event type, entry id and parent id as hex), and counts.
 * Target: bridge >= 80% of raw notifications/s. Also reported: a raw sink that reads nothing (the
 * relay alone), and the latency from a change (the provider raising) to the listener running.
 */
import koffi from 'koffi';
import { IMAPIAdviseSink } from '../ffi-defs/interfaces/IMAPIAdviseSink';
import { NOTIFICATION_EVENTS } from '../ffi-defs/constants/flags';
import { callbackProtoFor, structType } from '../lib/ffi/types';
import { vtableOf } from '../lib/com/proxy';
import { initialize, type Store } from '../lib';
import { PROVIDER, interleave, stat, round, percentile, gc, sleep, type Figure } from './common';

const PTR = koffi.sizeof('void *');

interface RawSink {
  ptr: bigint;
  count: number;
  refs: number;
  free(): void;
}

/** An IMAPIAdviseSink in plain Koffi: a vtable of four registered functions. `read` says whether OnNotify reads the notifications. */
function rawSink(read: boolean): RawSink {
  const methods = vtableOf(IMAPIAdviseSink);
  const size = koffi.sizeof(structType('NOTIFICATION'));
  const info = koffi.offsetof(structType('NOTIFICATION'), 'info');
  const obj = koffi.offsetof(structType('OBJECT_NOTIFICATION'), 'lpEntryID');
  const par = koffi.offsetof(structType('OBJECT_NOTIFICATION'), 'lpParentID');
  const parCb = koffi.offsetof(structType('OBJECT_NOTIFICATION'), 'cbParentID');
  const sink: RawSink = { ptr: 0n, count: 0, refs: 1, free: () => undefined };
  let last = '';
  const fns = [
    (self: bigint, _riid: bigint, ppv: bigint) => {
      koffi.encode(ppv as never, 'void *', self as never);
      sink.refs++;
      return 0;
    },
    () => ++sink.refs,
    () => --sink.refs,
    (_self: bigint, n: number, p: bigint) => {
      if (read) {
        for (let i = 0; i < n; i++) {
          const at = i * size;
          const type = koffi.decode(p as never, at, 'uint32_t') as number;
          if (type !== NOTIFICATION_EVENTS.fnevObjectModified) continue;
          const cb = koffi.decode(p as never, at + info, 'uint32_t') as number;
          const eid = koffi.decode(p as never, at + info + obj, 'void *') as bigint;
          const cbp = koffi.decode(p as never, at + info + parCb, 'uint32_t') as number;
          const pid = koffi.decode(p as never, at + info + par, 'void *') as bigint;
          last = Buffer.from(koffi.decode(eid as never, 'uint8_t', cb) as Uint8Array).toString('hex') + (pid ? Buffer.from(koffi.decode(pid as never, 'uint8_t', cbp) as Uint8Array).toString('hex') : '');
        }
      }
      sink.count += n;
      return 0;
    },
  ];
  const slots = methods.map((m, i) => koffi.register(fns[i] as never, koffi.pointer(callbackProtoFor(m))) as unknown as bigint);
  const vtbl = koffi.alloc('void *', slots.length) as unknown as bigint;
  slots.forEach((fp, i) => koffi.encode(vtbl as never, i * PTR, 'void *', fp as never));
  const mem = koffi.alloc('void *', 2) as unknown as bigint;
  koffi.encode(mem as never, 'void *', vtbl as never);
  sink.ptr = mem;
  sink.free = () => {
    void last;
    for (const fp of slots) koffi.unregister(fp as never);
    koffi.free(vtbl as never);
    koffi.free(mem as never);
  };
  return sink;
}

const MASK = NOTIFICATION_EVENTS.fnevObjectModified;

async function until(done: () => boolean, what: string): Promise<void> {
  const t0 = Date.now();
  while (!done()) {
    if (Date.now() - t0 > 60_000) throw new Error(`notify: timed out waiting for ${what}`);
    await new Promise<void>((r) => setImmediate(r));
  }
}

async function rawRun(store: Store, sink: RawSink, n: number): Promise<number> {
  gc();
  sink.count = 0;
  const conn: (number | bigint)[] = [0];
  const t0 = performance.now();
  const raw = store.raw as unknown as { Advise(cb: number, eid: null, mask: number, sink: bigint, out: (number | bigint)[]): number; Unadvise(c: number | bigint): number };
  raw.Advise(0, null, MASK, sink.ptr, conn);
  await until(() => sink.count >= n, 'the raw sink');
  const ms = performance.now() - t0;
  raw.Unadvise(conn[0]);
  await until(() => sink.refs === 1, 'the provider to release the raw sink');
  if (sink.count !== n) throw new Error(`notify: raw sink got ${sink.count} of ${n}`);
  return (n * 1000) / ms;
}

async function bridgeRun(store: Store, n: number): Promise<number> {
  gc();
  let count = 0;
  let lastId: string | null = null;
  const t0 = performance.now();
  const w = store.watch({ events: ['modified'] });
  w.on('notification', (x) => {
    count++;
    if (x.type === 'objectModified') lastId = x.entryId;
  });
  await until(() => count >= n, 'the watcher');
  const ms = performance.now() - t0;
  await w.dispose();
  if (count !== n || !lastId) throw new Error(`notify: watcher got ${count} of ${n}`);
  return (n * 1000) / ms;
}

/** From a change (createMessage returned: the provider raised) to the listener running, µs. */
async function latency(store: Store, samples: number): Promise<{ p50: number; p99: number }> {
  using drafts = store.folder('Drafts');
  await using w = drafts.watch({ events: ['created'] });
  const us: number[] = [];
  let t0 = 0;
  let got = false;
  w.on('notification', () => {
    us.push((performance.now() - t0) * 1000);
    got = true;
  });
  for (let i = 0; i < samples; i++) {
    got = false;
    const m = drafts.createMessage({ subject: `latency ${i}` });
    t0 = performance.now();
    m.release();
    await until(() => got, 'a latency sample');
    await sleep(1);
  }
  const sorted = Float64Array.from(us).sort();
  return { p50: round(percentile(sorted, 50), 4), p99: round(percentile(sorted, 99), 4) };
}

export async function notifyFigure(opts: { quick?: boolean } = {}): Promise<Figure> {
  const n = opts.quick ? 5_000 : 20_000;
  using mapi = initialize({ path: PROVIDER });
  using session = mapi.logon({ profile: `Sample;notify.burst=${n}` });
  using store = session.defaultStore();
  const reading = rawSink(true);
  const bare = rawSink(false);
  try {
    for (let i = 0; i < 2; i++) {
      await bridgeRun(store, n);
      await rawRun(store, reading, n);
      await rawRun(store, bare, n);
    }
    const s = await interleave(opts.quick ? 3 : 9, {
      bridge: () => bridgeRun(store, n),
      raw: () => rawRun(store, reading, n),
      bare: () => rawRun(store, bare, n),
    });
    const lat = await (async () => {
      using quiet = mapi.logon({ profile: 'Sample' });
      using st = quiet.defaultStore();
      return await latency(st, opts.quick ? 100 : 300); // await: `using` must not release them before it ends
    })();
    const b = stat(s.bridge);
    const r = stat(s.raw);
    const ratio = round(b.median / r.median, 3);
    return {
      name: 'notifications',
      unit: 'notifications/s',
      subject: { label: 'bridge store.watch() (decoded, emitted to a listener)', value: b.median, stat: b },
      baseline: { label: 'raw koffi.register IMAPIAdviseSink reading the same fields with koffi.decode', value: r.median, stat: r },
      ratio,
      ratioMeaning: 'bridge notifications/s / raw notifications/s (higher is better)',
      target: { text: 'bridge >= 80% of raw throughput', pass: ratio >= 0.8 },
      details: {
        burst: n,
        perOnNotify: 64,
        rawReadingNothing: { what: 'a raw sink whose OnNotify only counts: the relay from the provider thread alone', value: stat(s.bare).median, bridgeRatio: round(b.median / stat(s.bare).median, 3) },
        latencyUs: { ...lat, what: 'from createMessage() returning (the provider has raised objectCreated and woken its thread) to the listener running, sequential samples' },
      },
    };
  } finally {
    await sleep(20);
    reading.free();
    bare.free();
  }
}
