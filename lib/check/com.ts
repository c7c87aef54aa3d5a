/**
 * The COM rules, probed through the raw vtables (lib/com/proxy.ts callSlot): QueryInterface identity
 * and symmetry, E_NOINTERFACE with a NULL pointer, a NULL out pointer refused, plausible reference
 * counts. Each check runs on every subject (the session, each store, a folder, a message, a table and
 * the IMAPISync object) and fails when any subject breaks the rule; the evidence names the subject.
 */
import type { InterfaceDef, MethodDef } from '../../ffi-defs/schema';
import { IUnknown } from '../../ffi-defs/interfaces/IUnknown';
import { callSlot } from '../com/proxy';
import { guidBytes } from '../com/guid';
import { HR } from '../../ffi-defs/constants/hresults';
import { hex32, hresultName } from '../errors';
import { PTR, readPtr, writePtr } from '../mapi/memory';
import { fail, pass, warn, type CheckRun, type EvidenceLog, type Verdict } from './context';

/** An object to probe: its interface pointer and the interfaces it is expected to have. */
export interface ComSubject {
  readonly label: string;
  readonly ptr: bigint;
  readonly iface: string;
  readonly interfaces: readonly InterfaceDef[];
}

const QI_RAW: MethodDef = { name: 'QueryInterface', params: [{ name: 'riid', type: 'const GUID *' }, { name: 'ppvObject', type: 'void *' }] };
const ADDREF: MethodDef = IUnknown.methods[1];
const RELEASE: MethodDef = IUnknown.methods[2];
/** An IID nobody implements (a fixed random GUID). */
const NO_SUCH_IID = '{7A0C8E52-5B1D-4F3A-9E64-1C2B3D4E5F60}';
const POISON = 0x5a5a5a50n; // an address no QueryInterface writes by chance; aligned, above 64 KiB

const hex = (p: bigint | null) => (p ? `0x${p.toString(16)}` : 'NULL');
const hr32 = (hr: number) => `${hresultName(hr)} (${hex32(hr)})`;

/** QueryInterface into a buffer that starts as `initial`; returns the HRESULT and what the buffer holds after. */
function qi(s: ComSubject, ptr: bigint, iid: string, initial: bigint | null = null): { hr: number; out: bigint | null } {
  const buf = Buffer.alloc(PTR);
  writePtr(buf, 0, initial);
  const hr = callSlot(ptr, 0, QI_RAW, [guidBytes(iid), buf], `${s.iface}::QueryInterface`);
  const out = readPtr(new DataView(buf.buffer, buf.byteOffset, PTR), 0);
  return { hr, out: out || null };
}

const release = (s: ComSubject, p: bigint) => callSlot(p, 2, RELEASE, [], `${s.iface}::Release`) >>> 0;
const addRef = (s: ComSubject, p: bigint) => callSlot(p, 1, ADDREF, [], `${s.iface}::AddRef`) >>> 0;

/** A QueryInterface that must succeed: the pointer (its reference to be released by the caller), or null with evidence. */
function need(s: ComSubject, ptr: bigint, from: string, iface: InterfaceDef, ev: EvidenceLog): bigint | null {
  const r = qi(s, ptr, iface.iid);
  if (r.hr >= 0 && r.out) return r.out;
  ev.add(`${s.label}: QueryInterface(${iface.name}) through ${from} gave ${hr32(r.hr)}${r.hr >= 0 ? ' with a NULL pointer' : ''}`, { call: `${s.iface}::QueryInterface`, hr: r.hr });
  return null;
}

function identity(s: ComSubject, ev: EvidenceLog): boolean {
  const a = need(s, s.ptr, s.iface, IUnknown, ev);
  if (!a) return false;
  let ok = true;
  try {
    const b = need(s, s.ptr, s.iface, IUnknown, ev);
    if (b) {
      if (b !== a) {
        ev.add(`${s.label}: QueryInterface(IUnknown) gave ${hex(a)}, then ${hex(b)}`, { call: `${s.iface}::QueryInterface` });
        ok = false;
      }
      release(s, b);
    } else ok = false;
    for (const iface of s.interfaces) {
      const p = need(s, s.ptr, s.iface, iface, ev);
      if (!p) { ok = false; continue; }
      const u = need(s, p, iface.name, IUnknown, ev);
      if (u && u !== a) {
        ev.add(`${s.label}: IUnknown through ${iface.name} is ${hex(u)}, through ${s.iface} ${hex(a)}: two identities`, { call: `${iface.name}::QueryInterface` });
        ok = false;
      }
      if (u) release(s, u);
      else ok = false;
      release(s, p);
    }
  } finally {
    release(s, a);
  }
  if (ok) ev.add(`${s.label}: IUnknown ${hex(a)} from ${s.interfaces.length} interfaces`);
  return ok;
}

function symmetric(s: ComSubject, ev: EvidenceLog): boolean {
  let ok = true;
  for (const from of s.interfaces) {
    const p = need(s, s.ptr, s.iface, from, ev);
    if (!p) { ok = false; continue; }
    for (const to of s.interfaces) {
      if (to === from) continue;
      const q = need(s, p, from.name, to, ev);
      if (q) release(s, q);
      else ok = false;
    }
    release(s, p);
  }
  if (ok) ev.add(`${s.label}: ${s.interfaces.map((i) => i.name).join(', ')} each reach the others`);
  return ok;
}

function unknownIid(s: ComSubject, ev: EvidenceLog): Verdict['status'] {
  const r = qi(s, s.ptr, NO_SUCH_IID, POISON);
  const call = `${s.iface}::QueryInterface`;
  if (r.hr >= 0) {
    if (r.out && r.out !== POISON) release(s, r.out);
    ev.add(`${s.label}: QueryInterface(${NO_SUCH_IID}) succeeded (${hr32(r.hr)}) for an IID nobody implements`, { call, hr: r.hr });
    return 'fail';
  }
  if (r.out !== null) {
    ev.add(`${s.label}: QueryInterface(${NO_SUCH_IID}) returned ${hr32(r.hr)} but left *ppvObject ${hex(r.out)}${r.out === POISON ? ' (the value the caller put there)' : ''}, not NULL`, { call, hr: r.hr });
    return 'fail';
  }
  if (r.hr >>> 0 !== HR.E_NOINTERFACE >>> 0) {
    ev.add(`${s.label}: QueryInterface(${NO_SUCH_IID}) returned ${hr32(r.hr)} instead of E_NOINTERFACE`, { call, hr: r.hr });
    return 'warn';
  }
  ev.add(`${s.label}: E_NOINTERFACE, *ppvObject NULL`, { call, hr: r.hr });
  return 'pass';
}

function nullOut(s: ComSubject, ev: EvidenceLog): boolean {
  const call = `${s.iface}::QueryInterface`;
  const hr = callSlot(s.ptr, 0, QI_RAW, [guidBytes(IUnknown.iid), null], call);
  if (hr >= 0) {
    ev.add(`${s.label}: QueryInterface(IUnknown, NULL) returned ${hr32(hr)}: a success with nowhere to put the pointer`, { call, hr });
    return false;
  }
  ev.add(`${s.label}: refused with ${hr32(hr)}`, { call, hr });
  return true;
}

function refcounts(s: ComSubject, ev: EvidenceLog): boolean {
  const a1 = addRef(s, s.ptr);
  const a2 = addRef(s, s.ptr);
  const r2 = release(s, s.ptr);
  const r1 = release(s, s.ptr);
  const text = `${s.label}: AddRef ${a1}, AddRef ${a2}, Release ${r2}, Release ${r1}`;
  const ok = a1 >= 2 && a2 === a1 + 1 && r2 === a1 && r1 === a1 - 1;
  ev.add(ok ? text : `${text}: expected n, n+1, n, n-1 with n >= 2 (the caller holds a reference throughout)`, { call: `${s.iface}::AddRef` });
  return ok;
}

/** Runs the COM group over the subjects. */
export async function comChecks(run: CheckRun, subjects: readonly ComSubject[]): Promise<void> {
  const label = subjects.map((s) => s.label).join(', ');
  const each = (probe: (s: ComSubject, ev: EvidenceLog) => boolean, what: string) => (ev: EvidenceLog) => {
    const bad = subjects.filter((s) => !probe(s, ev));
    return bad.length ? fail(`${bad.map((s) => s.label).join(', ')}: ${what}`) : pass();
  };
  await run.check('com.identity', label, each(identity, 'QueryInterface(IUnknown) does not always give one pointer'));
  await run.check('com.symmetric', label, each(symmetric, 'an interface does not lead to another the object has'));
  await run.check('com.unknown-iid', label, (ev) => {
    const r = subjects.map((s) => [s, unknownIid(s, ev)] as const);
    const bad = r.filter(([, v]) => v === 'fail').map(([s]) => s.label);
    const odd = r.filter(([, v]) => v === 'warn').map(([s]) => s.label);
    if (bad.length) return fail(`${bad.join(', ')}: a missing interface did not give E_NOINTERFACE with a NULL pointer`);
    return odd.length ? warn(`${odd.join(', ')}: a failure other than E_NOINTERFACE`) : pass();
  });
  await run.check('com.null-out', label, each(nullOut, 'QueryInterface with a NULL out pointer succeeded'));
  await run.check('com.refcounts', label, each(refcounts, 'AddRef/Release counts are not plausible'));
}
