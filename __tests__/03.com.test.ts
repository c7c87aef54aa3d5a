/**
 * Both directions of COM through real native memory: a JS-implemented IMAPISyncProgressCallback called
 * back through its native vtable (from JS via a proxy, from C on the caller's thread, and from C
 * threads), and proxies calling a native C object.
 */
import koffi from 'koffi';
import { implement, wrap, writeOut, MapiError, ReleasedObjectError, jsObjectStats } from '../lib';
import { IMAPIProgress } from '../ffi-defs/interfaces/IMAPIProgress';
import { IMAPISyncProgressCallback } from '../ffi-defs/interfaces/IMAPISyncProgressCallback';
import { IUnknown } from '../ffi-defs/interfaces/IUnknown';
import { IMsgStore } from '../ffi-defs/interfaces/IMsgStore';
import type { InterfaceDef } from '../ffi-defs/schema';
import { comCaller } from './helpers/native';

const S_OK = 0;
const E_FAIL = 0x80004005;
const E_NOTIMPL = 0x80004001;
const E_NOINTERFACE = 0x80004002;
const MAPI_E_USER_CANCEL = 0x80040113;

/** Waits until every JS object scheduled for destruction is gone. */
const settle = () => new Promise((r) => setImmediate(() => setImmediate(r)));

/** A minimal interface with an arithmetic method, matching comcaller.c's Calc object. */
const ICalc = {
  name: 'ICalc',
  iid: '{00000000-0000-0000-C000-000000000046}',
  base: IUnknown,
  methods: [
    {
      name: 'Add',
      params: [
        { name: 'a', type: 'ULONG' },
        { name: 'b', type: 'ULONG' },
        { name: 'out', type: 'ULONG *', dir: 'out' },
      ],
    },
  ],
} as const satisfies InterfaceDef;

describe('JS-implemented IMAPISyncProgressCallback', () => {
  let baseline: number;
  beforeAll(() => {
    baseline = koffi.stats().callbacks;
  });

  test('a C caller QueryInterfaces it, calls every method with UTF-16 strings, and counts references', async () => {
    const calls: unknown[][] = [];
    const cb = implement(IMAPISyncProgressCallback, {
      Progress(text, index, max) {
        calls.push(['Progress', text, index, max]);
      },
      Error(hr, text) {
        calls.push(['Error', hr >>> 0, text]);
      },
      Done(event, hr) {
        calls.push(['Done', event, hr >>> 0]);
        return S_OK;
      },
    });
    const { DriveCallback, Report } = comCaller();
    const report: Record<string, number> = {};
    DriveCallback(cb.ptr, 'Téléchargement ✓ 日本', 3, 10, MAPI_E_USER_CANCEL | 0, report);
    expect(calls).toEqual([
      ['Progress', 'Téléchargement ✓ 日本', 3, 10],
      ['Error', MAPI_E_USER_CANCEL, 'Téléchargement ✓ 日本'],
      ['Done', null, MAPI_E_USER_CANCEL],
    ]);
    expect(report).toMatchObject({
      qiUnknown: S_OK,
      qiCallback: S_OK,
      qiOther: E_NOINTERFACE | 0,
      otherIsNull: 1,
      sameIdentity: 1,
      addRefCount: 4, // JS's own + QI(IUnknown) + QI(callback) + AddRef
      releaseCount: 3,
      progress: S_OK,
      error: S_OK,
      done: S_OK,
      finalCount: 1, // everything the C side took was given back; JS still holds its own
    });
    expect(Report).toBeDefined();
    expect(cb.refCount).toBe(1);
    cb.release();
    await settle();
    expect(cb.destroyed).toBe(true);
  });

  test('a handler that throws returns a failure HRESULT, never S_OK, and the error reaches JS', async () => {
    const seen: Error[] = [];
    const cb = implement(
      IMAPISyncProgressCallback,
      {
        Progress() {
          throw new Error('boom');
        },
        Error() {
          throw new MapiError(MAPI_E_USER_CANCEL, 'my handler');
        },
      },
      { onError: (e) => seen.push(e) },
    );
    const events: string[] = [];
    cb.on('handlerError', (e: Error, info: { call: string }) => events.push(`${info.call}: ${e.message}`));
    const report: Record<string, number> = {};
    comCaller().DriveCallback(cb.ptr, 'x', 1, 2, 0, report);
    expect(report.progress >>> 0).toBe(E_FAIL);
    expect(report.error >>> 0).toBe(MAPI_E_USER_CANCEL);
    expect(report.done >>> 0).toBe(E_NOTIMPL); // no handler
    expect(seen.map((e) => e.message)).toEqual(['boom', 'my handler failed: MAPI_E_USER_CANCEL (0x80040113)']);
    expect(events).toEqual([
      'IMAPISyncProgressCallback::Progress: boom',
      'IMAPISyncProgressCallback::Error: my handler failed: MAPI_E_USER_CANCEL (0x80040113)',
    ]);
    expect(cb.errors).toHaveLength(2);
    cb.release();
    await settle();
  });

  test('a handler returning a Promise is a failure, not a silent success', async () => {
    const cb = implement(IMAPISyncProgressCallback, { Progress: (async () => undefined) as never });
    const report: Record<string, number> = {};
    comCaller().DriveCallback(cb.ptr, 'x', 1, 2, 0, report);
    expect(report.progress >>> 0).toBe(E_FAIL);
    expect(cb.errors[0].message).toMatch(/must return synchronously/);
    cb.release();
    await settle();
  });

  test('calls from several native threads at once all run in JS on the main thread', async () => {
    const seen: { thread: number; index: number; jsThread: 'caller' | 'foreign' }[] = [];
    const threadOfCall: ('caller' | 'foreign')[] = [];
    const cb = implement(
      IMAPISyncProgressCallback,
      {
        Progress(_text, thread, index) {
          seen.push({ thread, index, jsThread: threadOfCall[threadOfCall.length - 1] });
        },
      },
      { onCall: (info) => threadOfCall.push(info.thread) },
    );
    const hr = await new Promise<number>((resolve, reject) =>
      comCaller().DriveFromThreads.async(cb.ptr, 4, 25, (err: unknown, r: number) => (err ? reject(err) : resolve(r))),
    );
    expect(hr).toBe(S_OK);
    expect(seen).toHaveLength(100);
    for (let t = 0; t < 4; t++) {
      // Each thread's calls arrive in its own order.
      expect(seen.filter((s) => s.thread === t).map((s) => s.index)).toEqual([...Array(25).keys()]);
    }
    expect(new Set(threadOfCall)).toEqual(new Set(['foreign']));
    expect(cb.refCount).toBe(1);
    cb.release();
    await settle();
  });

  test('JS can call it through its own native vtable with a proxy', async () => {
    const got: unknown[] = [];
    const cb = implement(IMAPISyncProgressCallback, {
      Progress: (t, i, m) => void got.push(t, i, m),
      Done: () => MAPI_E_USER_CANCEL,
    });
    const p = wrap(IMAPISyncProgressCallback, cb.ptr, { addRef: true });
    expect(cb.refCount).toBe(2);
    expect(p.Progress('hé', 1, 2)).toBe(S_OK);
    expect(got).toEqual(['hé', 1, 2]);
    expect(() => p.Done(null, 0)).toThrow(expect.objectContaining({ hr: MAPI_E_USER_CANCEL, name: 'MAPI_E_USER_CANCEL', call: 'IMAPISyncProgressCallback::Done' }));
    const unk = p.QueryInterface(IUnknown);
    expect(unk.ptr).toBe(cb.ptr);
    expect(cb.refCount).toBe(3);
    expect(() => p.QueryInterface(IMsgStore)).toThrow(expect.objectContaining({ name: 'E_NOINTERFACE', hr: E_NOINTERFACE }));
    unk.release();
    p.release();
    p.release(); // idempotent
    expect(cb.refCount).toBe(1);
    expect(() => p.Progress('x', 0, 0)).toThrow(ReleasedObjectError);
    cb.release();
    await settle();
    expect(cb.destroyed).toBe(true);
  });

  test('an object released by native code while JS holds it stays alive until the hold ends', async () => {
    const cb = implement(IMAPISyncProgressCallback, {});
    const unhold = cb.hold();
    cb.release();
    await settle();
    expect(cb.destroyed).toBe(false);
    const report: Record<string, number> = {};
    // Still callable (the refcount is 0 but the provider thread might not be finished).
    comCaller().DriveCallback(cb.ptr, 'late', 0, 0, 0, report);
    expect(report.qiCallback).toBe(S_OK);
    unhold();
    await settle();
    expect(cb.destroyed).toBe(true);
  });

  test('vtables freed and allocated again (often at the same address) are never called through stale slots', async () => {
    for (let i = 0; i < 40; i++) {
      const seen: unknown[] = [];
      if (i % 2) {
        const cb = implement(IMAPISyncProgressCallback, { Error: (hr) => void seen.push(hr >>> 0) });
        const p = wrap(IMAPISyncProgressCallback, cb.ptr, { addRef: true });
        p.Error(i, 'x');
        p.release();
        cb.release();
      } else {
        const cb = implement(IMAPIProgress, { GetMax: (out) => void seen.push(writeOut.ULONG(out, i)) });
        const p = wrap(IMAPIProgress, cb.ptr, { addRef: true });
        const max = [0];
        p.GetMax(max);
        expect(max[0]).toBe(i);
        p.release();
        cb.release();
      }
      expect(seen).toEqual([i % 2 ? i : true]);
      await settle(); // the object and its interface's vtable are freed here
    }
  });

  test('trampolines are unregistered once the last object of an interface is gone', async () => {
    await settle();
    expect(jsObjectStats().objects).toBe(0);
    expect(koffi.stats().callbacks).toBe(baseline);
  });
});

describe('proxies over a native object', () => {
  const calc = () => wrap(ICalc, comCaller().GetCalc() as bigint, { addRef: true });

  test('calls a vtable slot, returns success HRESULTs unsigned and fills out parameters', () => {
    const c = calc();
    const out = [0];
    expect(c.Add(40, 2, out)).toBe(S_OK);
    expect(out[0]).toBe(42);
    expect(c.Add(0, 0, out)).toBe(1); // S_FALSE is a success, returned, not thrown
    c.release();
  });

  test('a failure HRESULT throws a MapiError that names the call', () => {
    const c = calc();
    // NULL out pointer: the C object returns E_INVALIDARG.
    const err = (() => {
      try {
        c.Add(1, 2, null as never);
      } catch (e) {
        return e as MapiError;
      }
    })();
    expect(err).toBeInstanceOf(MapiError);
    expect(err?.message).toBe('ICalc::Add failed: MAPI_E_INVALID_PARAMETER (0x80070057)');
    expect(err?.call).toBe('ICalc::Add');
    c.release();
  });

  test('AddRef/Release are real and release() gives back exactly what the proxy owns', () => {
    const before = comCaller().CalcRefs();
    const c = calc();
    expect(comCaller().CalcRefs()).toBe(before + 1);
    expect(c.AddRef()).toBe(before + 2);
    c.release();
    expect(comCaller().CalcRefs()).toBe(before);
    expect(c.released).toBe(true);
  });

  test('a released proxy throws and never touches native memory', () => {
    const c = calc();
    const before = comCaller().CalcRefs();
    c.release();
    expect(() => c.Add(1, 1, [0])).toThrow(ReleasedObjectError);
    expect(() => c.AddRef()).toThrow(/called after the object was released/);
    expect(() => c.ptr).toThrow(ReleasedObjectError);
    expect(comCaller().CalcRefs()).toBe(before - 1);
  });

  test('wrong argument types and counts are typed errors, not crashes', () => {
    const c = calc();
    expect(() => (c.Add as (...a: unknown[]) => number)(1, 2)).toThrow(expect.objectContaining({ code: 'ERR_ARITY' }));
    expect(() => c.Add('x' as never, 2, [0])).toThrow(expect.objectContaining({ code: 'ERR_ARGUMENT' }));
    c.release();
  });

  test('using disposes', () => {
    const before = comCaller().CalcRefs();
    {
      using c = calc();
      expect(comCaller().CalcRefs()).toBe(before + 1);
      void c;
    }
    expect(comCaller().CalcRefs()).toBe(before);
  });
});
