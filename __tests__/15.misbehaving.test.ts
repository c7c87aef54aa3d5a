/**
 * Misbehaving providers: the sample provider's sync knobs make it break the COM and IMAPISync rules on
 * purpose (releases the callback twice, never releases it, calls it after Done, passes NULL strings,
 * calls it from many threads at once). The bridge must report what happened and never crash; after each
 * case the process is healthy: a normal sync afterwards works and leaves nothing behind.
 *
 * The JS callback object synchronize() creates is caught with a spy on implement(), so its 'misuse'
 * events and reference count can be checked; the same cases are also driven at the raw level with a
 * callback object the test owns.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import koffi from 'koffi';
import * as jsobject from '../lib/com/jsobject';
import {
  implement, jsObjectStats, makeMapiSib, handleApi, hresultName, setTrace,
  type JsComObject, type Mapi, type Session, type Store, type SyncEvent, type SyncResult, type TraceRecord,
} from '../lib';
import { IMAPISync } from '../ffi-defs/interfaces/IMAPISync';
import { IMAPISyncProgressCallback } from '../ffi-defs/interfaces/IMAPISyncProgressCallback';
import { SYNC_FLAGS } from '../ffi-defs/constants/flags';
import { init, expectNoLeaks, knobs, providerLibrary, stats } from './helpers/provider';
import { describeIf, testIf, NOT_UNDER_WINE } from './helpers/skip';

const { SYNC_DOWNLOAD_CONTENTS, SYNC_DOWNLOAD_HIERARCHY } = SYNC_FLAGS;
const DOWNLOAD = SYNC_DOWNLOAD_CONTENTS | SYNC_DOWNLOAD_HIERARCHY;

let mapi: Mapi;
let session: Session;
let store: Store;
beforeAll(() => {
  mapi = init();
  session = mapi.logon({ profile: 'Sample' });
  store = session.defaultStore();
});
afterEach(() => {
  knobs('');
  setTrace(null);
  jest.restoreAllMocks();
});
afterAll(() => mapi.uninitialize());
expectNoLeaks();

const settle = (ms = 10) => new Promise((r) => setTimeout(r, ms));

/** Waits until the provider's threads have ended and deferred JS-object destruction has run. */
async function quiet(jsObjects = 0): Promise<void> {
  for (let i = 0; i < 300 && (stats().threads > 0 || jsObjectStats().objects > jsObjects); i++) await settle(5);
  await new Promise((r) => setImmediate(r));
}

interface Caught {
  /** The JS callback objects synchronize() created during the run. */
  readonly objects: JsComObject<typeof IMAPISyncProgressCallback>[];
  /** 'misuse' events they emitted: [message, call]. */
  readonly misuse: [string, string][];
  /** Trace records of calls into JS, and notes. */
  readonly trace: TraceRecord[];
}

/** Spies on implement() (synchronize() calls it) and records every call into JS and every misuse. */
function watch(): Caught {
  const caught: Caught = { objects: [], misuse: [], trace: [] };
  // Typed loosely: the generic signature of implement() is too deep for jest's spy types.
  const mod = jsobject as unknown as { implement: (...a: unknown[]) => JsComObject<typeof IMAPISyncProgressCallback> };
  const real = mod.implement;
  jest.spyOn(mod, 'implement').mockImplementation((...args: unknown[]) => {
    const o = real(...args);
    o.on('misuse', (message: string, call: string) => caught.misuse.push([message, call]));
    caught.objects.push(o);
    return o;
  });
  setTrace((r) => {
    if (r.dir === 'in' || r.note) caught.trace.push(r);
  });
  return caught;
}

async function run(options: Parameters<Store['synchronize']>[0] = {}): Promise<{ result: SyncResult; events: SyncEvent[] }> {
  const r = store.synchronize({ flags: DOWNLOAD, pollMs: 1, timeoutMs: 20_000, ...options });
  const events: SyncEvent[] = [];
  for await (const e of r) events.push(e);
  return { result: await r, events };
}

/**
 * Calls slot `slot` of a COM object's vtable as native code would: the function pointer is read from the
 * object each time (no cache), so these helpers never depend on the proxy layer's vtable cache.
 */
function vcall(ptr: bigint, slot: number, ret: string, params: string[] = []): (...args: unknown[]) => number {
  const fp = koffi.decode(koffi.decode(ptr, 'void *') as bigint, slot * koffi.sizeof('void *'), 'void *') as bigint;
  const fn = koffi.decode(fp, koffi.proto('__stdcall', null, ret, ['void *', ...params])) as (...a: unknown[]) => number;
  return (...args: unknown[]) => fn(ptr, ...args);
}
const nativeAddRef = (ptr: bigint) => vcall(ptr, 1, 'uint32_t')();
const nativeRelease = (ptr: bigint) => vcall(ptr, 2, 'uint32_t')();

/** A well-behaved sync works afterwards and leaves no thread, handle or extra JS object behind. */
async function healthy(leakedJsObjects = 0): Promise<void> {
  knobs('sync.items=2');
  const callbacks = koffi.stats().callbacks;
  const { result, events } = await run();
  expect(result).toMatchObject({ status: 'ok', hr: 0, callbackReleased: true, errorCount: 0 });
  expect(events[events.length - 1].type).toBe('done');
  await quiet(leakedJsObjects);
  expect(jsObjectStats().objects).toBe(leakedJsObjects);
  expect({ threads: stats().threads, handles: stats().handles, syncs: stats().syncs }).toEqual({ threads: 0, handles: 0, syncs: 0 });
  // The per-interface trampolines are registered only while some object of the interface lives.
  if (leakedJsObjects === 0) expect(koffi.stats().callbacks).toBeLessThanOrEqual(callbacks);
}

describe('a provider that releases the callback twice (sync.releaseTwice=1)', () => {
  test('the run still resolves, nothing crashes, and the over-release is reported as misuse', async () => {
    knobs('sync.items=3;sync.releaseTwice=1');
    const caught = watch();
    const { result, events } = await run();
    expect(result.status).toBe('ok');
    expect(events.filter((e) => e.type === 'done')).toHaveLength(1);
    await quiet();
    expect(caught.objects).toHaveLength(1);
    const cb = caught.objects[0];
    // Destroyed once everything is over, and its count never went below zero.
    expect(cb.destroyed).toBe(true);
    expect(cb.refCount).toBeGreaterThanOrEqual(0);
    expect(caught.misuse).toEqual([[expect.stringMatching(/Release/), 'IMAPISyncProgressCallback::Release']]);
    expect(caught.trace.filter((r) => r.note?.startsWith('misuse:'))).toEqual([
      expect.objectContaining({ call: 'IMAPISyncProgressCallback::Release', thread: 'foreign' }),
    ]);
    setTrace(null);
    await healthy();
  });

  test('the run resolves and the process stays healthy (whatever is reported)', async () => {
    knobs('sync.items=3;sync.releaseTwice=1');
    const { result } = await run();
    expect(result).toMatchObject({ status: 'ok', hr: 0, doneEvent: 'signalled' });
    await quiet();
    expect(jsObjectStats().objects).toBe(0);
    await healthy();
  });

  test('raw level: a native over-release never destroys an object JS still holds', async () => {
    const misuse: string[] = [];
    const cb = implement(IMAPISyncProgressCallback, {});
    cb.on('misuse', (_m: string, call: string) => misuse.push(call));
    // Native code releases a reference it never took: JS's own reference is then the only one left.
    expect(nativeRelease(cb.ptr)).toBe(1);
    await new Promise((r) => setImmediate(r));
    expect(misuse).toEqual(['IMAPISyncProgressCallback::Release']);
    expect(cb.destroyed).toBe(false); // JS still holds it: its memory and trampolines must stay
    expect(cb.refCount).toBe(1);
    cb.release();
    await new Promise((r) => setImmediate(r));
    expect(cb.destroyed).toBe(true);
    expect(cb.refCount).toBe(0);
  });

  test('raw level: Release on a count already at 0 is misuse, returns 0 and does not crash', async () => {
    const misuse: [string, string][] = [];
    const records: TraceRecord[] = [];
    const cb = implement(IMAPISyncProgressCallback, {});
    cb.on('misuse', (m: string, call: string) => misuse.push([m, call]));
    expect(nativeAddRef(cb.ptr)).toBe(2); // a native holder with a real reference
    cb.release(); // JS's reference: the native holder's is the last
    setTrace((r) => void records.push(r));
    expect(nativeRelease(cb.ptr)).toBe(0); // the last real reference: the object is destroyed after this call
    // The same (now dead, not yet freed) object released again, in the same turn, through its vtable.
    expect(nativeRelease(cb.ptr)).toBe(0);
    setTrace(null);
    expect(misuse).toEqual([[expect.stringMatching(/already 0/), 'IMAPISyncProgressCallback::Release']]);
    expect(records.some((r) => r.dir === 'in' && r.note?.includes('misuse'))).toBe(true);
    await new Promise((r) => setImmediate(r));
    expect(cb.destroyed).toBe(true);
    expect(cb.refCount).toBe(0);
  });
});

describe('a provider that never releases the callback (sync.neverRelease=1)', () => {
  test('the run resolves with callbackReleased === false; the object stays alive (a provider leak) and callable', async () => {
    await quiet();
    const base = jsObjectStats().objects;
    knobs('sync.items=2;sync.neverRelease=1');
    const caught = watch();
    const { result } = await run();
    expect(result).toMatchObject({ status: 'ok', hr: 0, callbackReleased: false, doneEvent: 'signalled' });
    await quiet(base + 1);
    // The provider still owns a reference: the bridge keeps the object (and its trampolines) alive,
    // so a late call from the provider would still land on a live object. This is the provider's leak.
    expect(jsObjectStats().objects).toBe(base + 1);
    const cb = caught.objects[0];
    expect(cb.destroyed).toBe(false);
    expect(cb.refCount).toBe(1);
    expect(caught.misuse).toEqual([]);
    setTrace(null);
    // A late Progress from the leaked reference still lands on a live object (as the provider would call it).
    expect(vcall(cb.ptr, 3, 'int32_t', ['const char16_t *', 'uint32_t', 'uint32_t'])('late', 1, 1)).toBe(0);
    expect(jsObjectStats().strayCalls).toBe(0);
    await healthy(base + 1);
    // The provider's late release (done here on its behalf) finally frees it.
    expect(nativeRelease(cb.ptr)).toBe(0);
    await quiet(base);
    expect(cb.destroyed).toBe(true);
    expect(jsObjectStats().objects).toBe(base);
  });
});

describe('a provider that calls after Done: misuse, one settlement, nothing leaked', () => {
  test('sync.callAfterDone=1: the Progress after Done is answered S_OK, recorded as misuse, not delivered after done', async () => {
    knobs('sync.items=3;sync.callAfterDone=1');
    const caught = watch();
    const { result, events } = await run();
    expect(result.status).toBe('ok');
    expect(events[events.length - 1].type).toBe('done'); // done is the last event
    expect(result.misuse).toEqual([
      expect.objectContaining({ kind: 'progressAfterDone', call: 'IMAPISyncProgressCallback::Progress', thread: 'provider', message: expect.stringMatching(/after Done/) }),
    ]);
    expect(result.progressCount).toBe(events.filter((e) => e.type === 'progress').length);
    expect(caught.trace.filter((r) => r.call === 'IMAPISyncProgressCallback::Progress').pop()?.result).toBe('S_OK');
    expect(caught.trace.some((r) => r.note?.startsWith('misuse: Progress'))).toBe(true);
    setTrace(null);
    await quiet();
    expect(jsObjectStats().objects).toBe(caught.objects.filter((o) => !o.destroyed).length);
    await healthy(jsObjectStats().objects);
  });

  test('sync.doneTwice=1: the run settles once, on the first Done; the second is misuse', async () => {
    knobs('sync.items=3;sync.doneTwice=1;sync.fail=0x80040115');
    const base = jsObjectStats().objects;
    const settled: SyncResult[] = [];
    const r = store.synchronize();
    const events: SyncEvent[] = [];
    r.on('done', (e) => events.push(e));
    void r.then((x) => settled.push(x));
    const result = await r;
    await quiet(base);
    expect(settled).toHaveLength(1);
    expect(events.filter((e) => e.type === 'done')).toHaveLength(1);
    expect(result).toMatchObject({ status: 'failed', name: 'MAPI_E_NETWORK_ERROR', callbackReleased: true });
    expect(result.misuse).toEqual([expect.objectContaining({ kind: 'doneTwice', call: 'IMAPISyncProgressCallback::Done', message: expect.stringMatching(/Done\(MAPI_E_NETWORK_ERROR\) called again/) })]);
    await healthy(base);
  });

  test('sync.errorAfterDone=1 with sync.callAfterDone=1: both are listed, in order, and the error is not counted', async () => {
    knobs('sync.items=3;sync.callAfterDone=1;sync.errorAfterDone=1');
    const base = jsObjectStats().objects;
    const { result, events } = await run();
    expect(result.status).toBe('ok');
    expect(result.errorCount).toBe(0);
    expect(events.some((e) => e.type === 'error')).toBe(false);
    expect(result.misuse.map((m) => m.kind)).toEqual(['progressAfterDone', 'errorAfterDone']);
    await quiet(base);
    await healthy(base);
  });

  test('a well-behaved provider has no misuse', async () => {
    knobs('sync.items=3');
    const { result } = await run();
    expect(result.misuse).toEqual([]);
    expect(result.cancel).toBeUndefined();
  });
});

describe('a provider that passes NULL strings (sync.nullStrings=1)', () => {
  test('progress.text and error.text are null, never a crash or a garbage string', async () => {
    knobs('sync.items=3;sync.nullStrings=1;sync.failItem=2:0x80040115');
    const { result, events } = await run();
    expect(result).toMatchObject({ status: 'ok', errorCount: 1 });
    const progress = events.filter((e) => e.type === 'progress');
    expect(progress.length).toBeGreaterThanOrEqual(3);
    expect(progress.every((e) => e.type === 'progress' && e.text === null)).toBe(true);
    expect(events.filter((e) => e.type === 'error')).toEqual([
      expect.objectContaining({ type: 'error', hr: 0x80040115, name: 'MAPI_E_NETWORK_ERROR', text: null }),
    ]);
    await quiet(jsObjectStats().objects);
    await healthy(jsObjectStats().objects);
  });
});

describe('a provider that calls from many threads at once (sync.threads=N)', () => {
  test.each([2, 8, 16])('threads=%i: every event is delivered, on the main thread, counts right', async (threads) => {
    const items = 20;
    knobs(`sync.items=${items};sync.threads=${threads}`);
    const seenThreads = new Set<number>();
    const { result, events } = await run({ flags: SYNC_DOWNLOAD_CONTENTS });
    expect(result.status).toBe('ok');
    const progress = events.filter((e): e is Extract<SyncEvent, { type: 'progress' }> => e.type === 'progress');
    expect(result.progressCount).toBe(progress.length);
    // Each extra reporting thread reports every item once: "Checking item i of N (reporting thread t)".
    const byThread = new Map<number, number[]>();
    for (const p of progress) {
      const m = /Checking item (\d+) of (\d+) \(reporting thread (\d+)\)/.exec(String(p.text));
      if (!m) continue;
      const t = Number(m[3]);
      seenThreads.add(t);
      byThread.set(t, [...(byThread.get(t) ?? []), Number(m[1])]);
    }
    expect([...seenThreads].sort((a, b) => a - b)).toEqual(Array.from({ length: threads - 1 }, (_, i) => i + 2));
    for (const [, seen] of byThread) expect(seen).toEqual(Array.from({ length: items }, (_, i) => i + 1)); // in order per thread
    // The sync thread's own steps come on top of the reporters'.
    expect(progress.length).toBeGreaterThan((threads - 1) * items);
    expect(events[events.length - 1].type).toBe('done');
    expect(events.every((e) => e.thread === 'provider')).toBe(true);
    await quiet(jsObjectStats().objects);
    expect(stats().threads).toBe(0);
  });

  test('threads=8 with NULL strings, a failing item and a throwing listener at once: no crash, everything accounted', async () => {
    knobs('sync.items=10;sync.threads=8;sync.nullStrings=1;sync.failItem=3:0x8004010E');
    const r = store.synchronize({ flags: SYNC_DOWNLOAD_CONTENTS, pollMs: 1 });
    let n = 0;
    r.on('progress', () => {
      if (++n % 7 === 0) throw new Error(`listener ${n}`);
    });
    const result = await r;
    // Progress returned a failure for the throwing listener's calls; without honourCancel the provider goes on.
    expect(result.jsErrors.length).toBe(Math.floor(result.progressCount / 7));
    expect(result.errorCount).toBe(1);
    expect(result.callbackReleased).toBe(true);
    await quiet(jsObjectStats().objects);
    await healthy(jsObjectStats().objects);
  });
});

describe('raw level: the misbehaving provider against a callback object the test owns', () => {
  test('releaseTwice: misuse reported on the object, JS keeps its reference, Done still arrives', async () => {
    knobs('sync.items=1;sync.releaseTwice=1');
    const sync = store.raw.QueryInterface(IMAPISync);
    const seen: string[] = [];
    const misuse: string[] = [];
    const cb = implement(IMAPISyncProgressCallback, { Done: (_e, hr) => void seen.push(`done ${hresultName(hr)}`) });
    cb.on('misuse', (_m: string, call: string) => misuse.push(call));
    const { sib, doneSlot } = makeMapiSib(SYNC_DOWNLOAD_CONTENTS, session.raw.ptr, cb.ptr);
    expect(sync.SynchronizeInBackground(sib)).toBe(0);
    sync.release();
    const event = koffi.sizeof('void *') === 8 ? doneSlot.readBigUInt64LE(0) : BigInt(doneSlot.readUInt32LE(0));
    const h = handleApi(providerLibrary());
    while (h.wait(event, 0) !== 0) await settle(2);
    expect(h.close(event)).toBe(true);
    await new Promise((r) => setImmediate(r));
    expect(seen).toEqual(['done S_OK']);
    expect(misuse).toEqual(['IMAPISyncProgressCallback::Release']);
    expect(cb.destroyed).toBe(false);
    expect(cb.refCount).toBe(1);
    cb.release();
    await new Promise((r) => setImmediate(r));
    expect(cb.destroyed).toBe(true);
  });
});

describe('a provider thread still running when the process exits', () => {
  // After a SyncTimeoutError the provider's thread may still be calling the callback. A script that then
  // simply ends must exit cleanly. Node's teardown used to finalize Koffi's library handle (dlclose /
  // FreeLibrary of the provider while its thread runs in it) and the thread's next relayed call hit a
  // closed threadsafe function: SIGSEGV / SIGABRT at exit. The DLL is now pinned and such an exit skips
  // the teardown; __tests__/19.exit.test.ts runs the variants 200 times each (docs/threads.md, "Exit").
  const script = (lib: string, dll: string) => `
const { initialize, load, sampleProvider } = require(${JSON.stringify(lib)});
const library = load({ path: ${JSON.stringify(dll)} });
sampleProvider(library).setKnobs('sync.items=200;sync.delay=1;sync.threads=4');
const mapi = initialize({ library });
const s = mapi.logon({ profile: 'Sample' });
const st = s.defaultStore();
// Four runs, each with four reporting threads, all still calling in when the script ends.
for (let i = 0; i < 4; i++) {
  st.synchronize({ timeoutMs: 5 }).then(
    () => console.log('resolved'),
    (e) => console.log('rejected ' + e.code),
  );
}
`;

  async function runChild(): Promise<{ out: string; code: number | null; signal: string | null }> {
    const root = path.resolve(__dirname, '..');
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script(path.join(root, 'lib'), providerLibrary().path)], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const { code, signal } = await new Promise<{ code: number | null; signal: string | null }>((resolve) => child.on('close', (c, sig) => resolve({ code: c, signal: sig })));
    return { out, code, signal };
  }

  // Under Wine the exit code stays 0 but the provider thread still takes an unhandled page fault (the DLL
  // was unloaded under it) and winedbg starts and lingers: this runs on Linux and macOS only.
  const b19 = testIf(process.platform !== 'win32', NOT_UNDER_WINE);
  b19('a script that ends after a sync timed out exits with code 0, not a crash', async () => {
    // Whether a provider call lands in the teardown window is a race: up to three scripts, stopping at
    // the first crash (today about 9 in 10 crash; three clean exits in a row with the bug are ~0.1 %).
    for (let attempt = 0; attempt < 3; attempt++) {
      const r = await runChild();
      expect(r.out).toContain('rejected ERR_SYNC_TIMEOUT');
      expect({ attempt, code: r.code, signal: r.signal }).toEqual({ attempt, code: 0, signal: null });
    }
  }, 90_000);
});

// Under Wine a crashing child starts winedbg, which lingers: this runs on Linux and macOS only.
describeIf(process.platform !== 'win32', NOT_UNDER_WINE)('proxies over JS-implemented objects, across the life of their interface class (child process)', () => {
  // jsobject.ts frees an interface's vtable and unregisters its trampolines when its last object goes;
  // proxy.ts caches the decoded slot functions per vtable ADDRESS, forever. When a later class gets the
  // same vtable address (malloc reuses it), a proxy over its object calls the stale functions: another
  // method's trampoline (AddRef that does not count, E_NOTIMPL from Release), Koffi's "Cannot use
  // non-registered callback", or a trampoline decoding garbage arguments: so this runs in a child.
  const script = (lib: string) => `
const koffi = require('koffi');
const { implement, wrap, jsObjectStats } = require(${JSON.stringify(lib)});
const { IUnknown } = require(${JSON.stringify(path.join(lib, '..', 'ffi-defs', 'interfaces', 'IUnknown'))});
const { IMAPISyncProgressCallback } = require(${JSON.stringify(path.join(lib, '..', 'ffi-defs', 'interfaces', 'IMAPISyncProgressCallback'))});
const tick = () => new Promise((r) => setImmediate(r));
(async () => {
  const seen = new Set();
  let reused = 0;
  for (let round = 0; round < 40 && reused < 3; round++) {
    const cb = implement(IMAPISyncProgressCallback, {});
    const vt = koffi.decode(cb.ptr, 'void *');
    if (seen.has(vt)) reused++;
    seen.add(vt);
    let addRef, release, error;
    try {
      const p = wrap(IUnknown, cb.ptr, { addRef: true });
      addRef = cb.refCount;
      release = p.Release();
    } catch (e) { error = String(e.message); }
    console.log(JSON.stringify({ round, reused: reused > 0, addRef, release, error }));
    cb.release();
    await tick();
    const other = implement(IUnknown, {}); // another interface's class in between, so addresses move
    other.release();
    await tick();
  }
  console.log(JSON.stringify({ end: true, reused, objects: jsObjectStats().objects }));
})();
`;

  test('AddRef/Release through a proxy reach the right trampolines even when a vtable address is reused', async () => {
    const root = path.resolve(__dirname, '..');
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script(path.join(root, 'lib'))], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const exit = await new Promise<{ code: number | null; signal: string | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
    const lines = out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
    const rounds = lines.filter((l) => 'round' in l);
    const wrong = rounds.filter((r) => r.addRef !== 2 || r.release !== 1 || r.error);
    expect({ exit, wrong, end: lines.find((l) => l.end) }).toEqual({ exit: { code: 0, signal: null }, wrong: [], end: expect.objectContaining({ objects: 0 }) });
  }, 60_000);
});
