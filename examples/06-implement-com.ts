/**
 * 06 — Implement a COM interface in JS, and call it through its native vtable.
 *
 *   npx ts-node --transpile-only examples/06-implement-com.ts
 *
 * MAPI often wants an object *from* the client: an IMAPIProgress for CopyTo / CopyMessages /
 * DeleteFolder, an IMAPIAdviseSink for Advise, an IMAPISyncProgressCallback for a sync. implement(def,
 * handlers) builds a real native COM object — `{ lpVtbl }` with a vtable of Koffi trampolines — whose
 * methods run your JS. QueryInterface, AddRef and Release are done for you (with a real reference
 * count); a method without a handler returns E_NOTIMPL; a handler that throws returns its MapiError's
 * HRESULT or E_FAIL, never S_OK.
 *
 * Here we play the provider too: wrap() gives a proxy that calls the object through its vtable, exactly
 * as C code holding the pointer would.
 */
import { implement, wrap, defs, MapiError, writeOut, readIn } from '../lib';

const { IMAPIProgress, IUnknown, IMsgStore } = defs;
const MAPI_TOP_LEVEL = 0x1;

// Out parameters (`ULONG *lpulMax`) reach a handler as the native address to write to; writeOut and
// readIn write and read through it (and do nothing for NULL).
const writeUlong = writeOut.ULONG;
const readUlong = readIn.ULONG;

const limits = { min: 1, max: 1000, flags: 0 };
const progress = implement(IMAPIProgress, {
  Progress(ulValue, ulCount, ulTotal) {
    const pct = Math.round((100 * (ulValue - limits.min)) / Math.max(1, limits.max - limits.min));
    console.log(`  Progress: ${pct}% (item ${ulCount} of ${ulTotal})`);
    // Returning nothing means S_OK.
  },
  GetFlags(lpulFlags) {
    writeUlong(lpulFlags, limits.flags);
  },
  GetMin(lpulMin) {
    writeUlong(lpulMin, limits.min);
  },
  GetMax(lpulMax) {
    writeUlong(lpulMax, limits.max);
  },
  SetLimits(lpulMin, lpulMax, lpulFlags) {
    if (readUlong(lpulMin) > readUlong(lpulMax)) throw new MapiError(0x80070057, 'IMAPIProgress::SetLimits'); // E_INVALIDARG back to the caller
    Object.assign(limits, { min: readUlong(lpulMin), max: readUlong(lpulMax), flags: readUlong(lpulFlags) });
  },
});
console.log(`JS object ${progress} implements ${progress.interface.name}; hand progress.ptr to native code.`);

// --- The caller's side: a proxy over the native pointer ----------------------------------------------
{
  // addRef: true because the proxy shares a pointer it did not get from an out parameter.
  using p = wrap(IMAPIProgress, progress.ptr, { addRef: true });
  console.log(`refCount with the proxy: ${progress.refCount}`);

  // Raw proxies take MAPI's own parameters; out and in/out pointers are one-element arrays.
  p.SetLimits([0], [10], [MAPI_TOP_LEVEL]);
  const min = [0];
  const max = [0];
  const flags = [0];
  p.GetMin(min);
  p.GetMax(max);
  p.GetFlags(flags);
  console.log(`Limits through the vtable: ${min[0]}..${max[0]}, flags ${flags[0]}`);
  for (let i = 0; i <= 10; i += 5) p.Progress(i, i, 10);

  // The handler threw a MapiError: the native caller got its HRESULT, and the proxy throws it again.
  try {
    p.SetLimits([10], [0], [0]);
  } catch (e) {
    console.log(`SetLimits(10, 0) failed as the handler chose: ${(e as MapiError).name}`);
  }
  console.log(`errors the handlers threw: ${progress.errors.length}`);

  // COM identity: QueryInterface for a base interface returns the same object; for anything else,
  // E_NOINTERFACE.
  using unk = p.QueryInterface(IUnknown);
  console.log(`QueryInterface(IUnknown) is the same object: ${unk.ptr === progress.ptr}, refCount now ${progress.refCount}`);
  try {
    p.QueryInterface(IMsgStore);
  } catch (e) {
    console.log(`QueryInterface(IMsgStore): ${(e as MapiError).name}`);
  }
} // `using`: both proxies Release here.
console.log(`refCount after the proxies are released: ${progress.refCount} (JS's own reference)`);

// --- Your own interface: an InterfaceDef is plain data ------------------------------------------------
const IGreeter = {
  name: 'IGreeter',
  iid: '{6B2E1F10-0000-4000-8000-00000000BEEF}',
  base: IUnknown,
  methods: [{ name: 'Greet', params: [{ name: 'pwszName', type: 'LPCWSTR' }, { name: 'cTimes', type: 'ULONG' }] }],
} as const satisfies defs.InterfaceDef;

const greeter = implement(IGreeter, {
  Greet(name, times) {
    console.log(`  ${`Hello, ${name}! `.repeat(times).trim()}`);
  },
});
{
  using g = wrap(IGreeter, greeter.ptr, { addRef: true });
  g.Greet('Wörld ✓', 2);
}

// Drop JS's own references. The native objects are freed once nothing holds them (after the current
// native call has returned), and their trampolines are unregistered with the last object.
progress.once('destroyed', () => console.log('IMAPIProgress object destroyed'));
progress.release();
greeter.release();
