/**
 * Property decoding: IMAPIProp::GetProps of 100 properties of mixed types into JS values.
 *
 *   subject   Message.getProps(tags): the bridge's friendly call (tag array, GetProps through the
 *             proxy, SPropValue decoding with koffi.view + DataView, MAPIFreeBuffer).
 *   baseline  the same GetProps through a raw cached Koffi function, `koffi.decode(ptr, SPropValue, n)`
 *             with a hand-written Koffi union, picking the union member by PROP_TYPE, decoding what the
 *             members point to with Koffi, and MAPIFreeBuffer. Written without lib/ at all.
 *
 * Both produce the same JS values (checked once before timing). Target: bridge <= 1.5x raw.
 */
import koffi from 'koffi';
import { initialize } from '../lib/session';
import { PROP_TAG, PT, type Prop, type PropValue } from '../lib/mapi/props';
import { PROVIDER, interleave, stat, round, gc, type Figure } from './common';


const MV = 0x1000;

/** Deterministic values of each storable type (the provider deep-copies every one of them). */
const TYPES: { type: number; make: (i: number) => unknown }[] = [
  { type: PT.PT_I2, make: (i) => (i * 37) % 30000 - 15000 },
  { type: PT.PT_LONG, make: (i) => i * 1_000_003 - 50_000_000 },
  { type: PT.PT_R4, make: (i) => Math.fround(i * 0.75) },
  { type: PT.PT_DOUBLE, make: (i) => i * 3.141592653589793 },
  { type: PT.PT_CURRENCY, make: (i) => BigInt(i) * 12345n },
  { type: PT.PT_APPTIME, make: (i) => 46027 + i / 24 },
  { type: PT.PT_BOOLEAN, make: (i) => i % 2 === 0 },
  { type: PT.PT_I8, make: (i) => BigInt(i) * 10_000_000_019n },
  { type: PT.PT_STRING8, make: (i) => `ansi value number ${i}` },
  { type: PT.PT_UNICODE, make: (i) => `Unicode subject #${i}: Café ✓ 日本 — Grüße` },
  { type: PT.PT_SYSTIME, make: (i) => new Date(Date.UTC(2026, 0, 5, 8, 0, 0) + i * 3_600_000) },
  { type: PT.PT_CLSID, make: (i) => `{${(0x4b4d4150 + i).toString(16).toUpperCase().padStart(8, '0')}-4953-414D-504C-455053455401}` },
  { type: PT.PT_BINARY, make: (i) => Buffer.from(Array.from({ length: 16 + (i % 48) }, (_, k) => (k * 7 + i) & 0xff)) },
  { type: PT.PT_MV_I2, make: (i) => [i, -i, 7] },
  { type: PT.PT_MV_LONG, make: (i) => [i, 2 * i, 3 * i] },
  { type: PT.PT_MV_R4, make: (i) => [Math.fround(i * 0.5), 1.5] },
  { type: PT.PT_MV_DOUBLE, make: (i) => [i * 1.25, -2.5, 1e100] },
  { type: PT.PT_MV_CURRENCY, make: (i) => [BigInt(i) * 10000n, 1n] },
  { type: PT.PT_MV_APPTIME, make: (i) => [46027 + i, 46028.5] },
  { type: PT.PT_MV_SYSTIME, make: (i) => [new Date(Date.UTC(2026, 0, 5) + i * 1000), new Date(Date.UTC(2026, 0, 6))] },
  { type: PT.PT_MV_STRING8, make: (i) => ['alpha', `beta-${i}`, 'gamma'] },
  { type: PT.PT_MV_UNICODE, make: (i) => ['Red', `Blue ${i}`, '日本', '✓ Done'] },
  { type: PT.PT_MV_BINARY, make: (i) => [Buffer.from([1, 2, 3]), Buffer.from([i & 0xff, 0, 0, 0])] },
  { type: PT.PT_MV_CLSID, make: (i) => [`{00020329-0000-0000-C000-0000000000${(0x46 + (i % 64)).toString(16).toUpperCase()}}`] },
  { type: PT.PT_MV_I8, make: (i) => [BigInt(i), -(1n << 40n)] },
];

/** 100 properties cycling through the 25 storable types, in the provider-defined id range 0x6800+. */
export function hundredProps(): { tag: number; value: unknown }[] {
  return Array.from({ length: 100 }, (_, i) => {
    const t = TYPES[i % TYPES.length];
    return { tag: PROP_TAG(t.type, 0x6800 + i), value: t.make(i) };
  });
}

// ---- The raw Koffi baseline: no lib/, only what a Koffi user writes by hand ---------------------------

export function rawKoffi(providerPath: string) {
  const GUID = koffi.struct({ Data1: 'uint32_t', Data2: 'uint16_t', Data3: 'uint16_t', Data4: koffi.array('uint8_t', 8, 'Array') });
  const FILETIME = koffi.struct({ lo: 'uint32_t', hi: 'uint32_t' });
  const SBinary = koffi.struct({ cb: 'uint32_t', lpb: 'void *' });
  const MVA = koffi.struct({ cValues: 'uint32_t', lp: 'void *' });
  const PV = koffi.union({
    i: 'int16_t', l: 'int32_t', flt: 'float', dbl: 'double', b: 'uint16_t', cur: 'int64_t', ft: FILETIME,
    lpszA: 'const char *', lpszW: 'const char16_t *', lpguid: 'void *', bin: SBinary, li: 'int64_t', err: 'int32_t', mv: MVA,
  });
  const SPropValue = koffi.struct({ ulPropTag: 'uint32_t', dwAlignPad: 'uint32_t', Value: PV });
  const lib = koffi.load(providerPath);
  const MAPIFreeBuffer = lib.func('uint32_t __stdcall MAPIFreeBuffer(void *p)') as (p: bigint) => number;
  const GetPropsProto = koffi.proto(
    'int32_t __stdcall GetProps(void *This, void *lpPropTagArray, uint32_t ulFlags, _Out_ uint32_t *lpcValues, _Out_ void **lppPropArray)',
  );
  const EPOCH = 11644473600000n;
  const hex = (n: number, w: number) => n.toString(16).toUpperCase().padStart(w, '0');
  const guid = (g: { Data1: number; Data2: number; Data3: number; Data4: number[] }) =>
    `{${hex(g.Data1, 8)}-${hex(g.Data2, 4)}-${hex(g.Data3, 4)}-${hex(g.Data4[0], 2)}${hex(g.Data4[1], 2)}-${g.Data4.slice(2).map((b) => hex(b, 2)).join('')}}`;
  const date = (ft: { lo: number; hi: number }) => new Date(Number(((BigInt(ft.hi) << 32n) | BigInt(ft.lo)) / 10000n - EPOCH));
  const big = (x: number | bigint) => (typeof x === 'bigint' ? x : BigInt(x));
  const bytes = (cb: number, p: bigint | null) => (cb && p ? Buffer.from(koffi.decode(p as never, 'uint8_t', cb) as Uint8Array) : Buffer.alloc(0));

  function value(type: number, v: any): PropValue {
    switch (type) {
      case PT.PT_I2: return v.i;
      case PT.PT_LONG: return v.l;
      case PT.PT_R4: return v.flt;
      case PT.PT_DOUBLE: case PT.PT_APPTIME: return v.dbl;
      case PT.PT_CURRENCY: case PT.PT_I8: return big(v.li);
      case PT.PT_BOOLEAN: return v.b !== 0;
      case PT.PT_SYSTIME: return date(v.ft);
      case PT.PT_STRING8: return v.lpszA;
      case PT.PT_UNICODE: return v.lpszW;
      case PT.PT_CLSID: return guid(koffi.decode(v.lpguid, GUID));
      case PT.PT_BINARY: { const b = v.bin; return bytes(b.cb, b.lpb); }
      case PT.PT_NULL: case PT.PT_OBJECT: return null;
    }
    if (!(type & MV)) throw new Error(`raw: type 0x${type.toString(16)}`);
    const { cValues: n, lp } = v.mv;
    if (!n || !lp) return [];
    switch (type & ~MV) {
      case PT.PT_I2: return Array.from(koffi.decode(lp, 'int16_t', n) as Int16Array);
      case PT.PT_LONG: return Array.from(koffi.decode(lp, 'int32_t', n) as Int32Array);
      case PT.PT_R4: return Array.from(koffi.decode(lp, 'float', n) as Float32Array);
      case PT.PT_DOUBLE: case PT.PT_APPTIME: return Array.from(koffi.decode(lp, 'double', n) as Float64Array);
      case PT.PT_CURRENCY: case PT.PT_I8: return Array.from(koffi.decode(lp, 'int64_t', n) as BigInt64Array);
      case PT.PT_SYSTIME: return (koffi.decode(lp, FILETIME, n) as { lo: number; hi: number }[]).map(date);
      case PT.PT_STRING8: return koffi.decode(lp, 'const char *', n) as string[];
      case PT.PT_UNICODE: return koffi.decode(lp, 'const char16_t *', n) as string[];
      case PT.PT_BINARY: return (koffi.decode(lp, SBinary, n) as { cb: number; lpb: bigint }[]).map((b) => bytes(b.cb, b.lpb));
      case PT.PT_CLSID: return (koffi.decode(lp, GUID, n) as never[]).map(guid);
    }
    throw new Error(`raw: type 0x${type.toString(16)}`);
  }

  return {
    /** GetProps + decode + MAPIFreeBuffer for an object whose GetProps slot is `fn`. */
    bind(objPtr: bigint) {
      const vtbl = koffi.decode(objPtr as never, 'void *') as bigint;
      const getProps = koffi.decode(koffi.decode(vtbl as never, 5 * 8, 'void *') as never, GetPropsProto) as unknown as (
        self: bigint, tags: Buffer | null, flags: number, count: number[], out: (bigint | null)[]) => number;
      const count = [0];
      const out: (bigint | null)[] = [null];
      return (tagArray: Buffer): Prop[] => {
        const hr = getProps(objPtr, tagArray, 0x80000000, count, out);
        if (hr < 0) throw new Error(`GetProps failed 0x${(hr >>> 0).toString(16)}`);
        const p = out[0]!;
        try {
          const arr = koffi.decode(p as never, SPropValue, count[0]) as { ulPropTag: number; Value: unknown }[];
          const res: Prop[] = new Array(arr.length);
          for (let i = 0; i < arr.length; i++) {
            const t = arr[i].ulPropTag >>> 0;
            res[i] = { tag: t, value: value(t & 0xffff, arr[i].Value) };
          }
          return res;
        } finally {
          MAPIFreeBuffer(p);
        }
      };
    },
  };
}

// ---- Equivalence ----------------------------------------------------------------------------------

function same(a: unknown, b: unknown): boolean {
  if (Buffer.isBuffer(a) || Buffer.isBuffer(b)) return Buffer.isBuffer(a) && Buffer.isBuffer(b) && a.equals(b);
  if (a instanceof Date || b instanceof Date) return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => same(x, b[i]));
  return Object.is(a, b);
}

export function assertSameProps(a: Prop[], b: Prop[], expected?: { tag: number; value: unknown }[]): void {
  if (a.length !== b.length) throw new Error(`props: ${a.length} vs ${b.length} values`);
  a.forEach((p, i) => {
    if (p.tag !== b[i].tag || !same(p.value, b[i].value)) {
      throw new Error(`props: value ${i} (0x${p.tag.toString(16)}) differs: ${String(p.value)} vs ${String(b[i].value)}`);
    }
    if (expected && !same(p.value, expected[i].value)) {
      throw new Error(`props: value ${i} (0x${p.tag.toString(16)}) is ${String(p.value)}, wrote ${String(expected[i].value)}`);
    }
  });
}

export async function propsFigure(opts: { quick?: boolean } = {}): Promise<Figure[]> {
  using mapi = initialize({ path: PROVIDER });
  using session = mapi.logon({ profile: 'Sample' });
  using store = session.defaultStore();
  using inbox = store.folder('Inbox');
  const written = hundredProps();
  using msg = inbox.createMessage(Object.fromEntries(written.map((p) => [`0x${p.tag.toString(16).padStart(8, '0')}`, p.value])));
  const tags = written.map((p) => p.tag);

  const raw = rawKoffi(PROVIDER).bind(msg.raw.ptr);
  const tagArrayOf = (ts: number[]) => {
    const b = Buffer.alloc(4 + 4 * ts.length);
    b.writeUInt32LE(ts.length, 0);
    ts.forEach((t, i) => b.writeUInt32LE(t, 4 + 4 * i));
    return b;
  };
  // Same values both ways, and the values that were written.
  assertSameProps(msg.getProps(tags), raw(tagArrayOf(tags)), written);
  const hundred = await timeGetProps(msg, raw, tags, tagArrayOf(tags), opts);
  // The first 10 (I2 LONG R4 DOUBLE CURRENCY APPTIME BOOLEAN I8 STRING8 UNICODE): a call's fixed costs weigh more.
  const ten = await timeGetProps(msg, raw, tags.slice(0, 10), tagArrayOf(tags.slice(0, 10)), opts);
  return [
    {
      name: 'property decoding',
      unit: 'GetProps(100 props)/s',
      subject: { label: 'bridge Message.getProps (GetProps+decode+free)', value: hundred.b.median, stat: hundred.b },
      baseline: { label: 'raw Koffi GetProps + koffi.decode + free', value: hundred.r.median, stat: hundred.r },
      ratio: hundred.ratio,
      ratioMeaning: 'bridge time / raw time (lower is better)',
      target: { text: 'bridge <= 0.5x raw', pass: hundred.ratio <= 0.5 },
      details: {
        usPerCallBridge: round(1e6 / hundred.b.median, 4),
        usPerCallRaw: round(1e6 / hundred.r.median, 4),
        propsPerSecBridge: round(hundred.b.median * 100, 4),
        properties: '100: 4 each of I2 LONG R4 DOUBLE CURRENCY APPTIME BOOLEAN I8 STRING8 UNICODE SYSTIME CLSID BINARY and MV_ I2 LONG R4 DOUBLE CURRENCY APPTIME SYSTIME STRING8 UNICODE BINARY CLSID I8',
        callsPerSample: hundred.N,
      },
    },
    {
      name: 'property decoding (10)',
      unit: 'GetProps(10 props)/s',
      subject: { label: 'bridge Message.getProps of 10 properties', value: ten.b.median, stat: ten.b },
      baseline: { label: 'raw Koffi, the same 10', value: ten.r.median, stat: ten.r },
      ratio: ten.ratio,
      ratioMeaning: 'bridge time / raw time (lower is better)',
      target: null,
      details: { usPerCallBridge: round(1e6 / ten.b.median, 4), usPerCallRaw: round(1e6 / ten.r.median, 4), callsPerSample: ten.N },
    },
  ];
}

/** Interleaved rounds of getProps through the bridge and through raw Koffi, for one tag list. */
async function timeGetProps(msg: { getProps(t: number[]): unknown[] }, raw: (tagArray: Buffer) => unknown[], tags: number[], tagArray: Buffer, opts: { quick?: boolean }) {
  let sink = 0;
  const bridge = (n: number) => {
    for (let i = 0; i < n; i++) sink += msg.getProps(tags).length;
  };
  const koffiRaw = (n: number) => {
    for (let i = 0; i < n; i++) sink += raw(tagArray).length;
  };
  for (let i = 0; i < 3; i++) {
    bridge(300);
    koffiRaw(300);
  }
  const N = (opts.quick ? 200 : 500) * (tags.length < 100 ? 5 : 1);
  const reps = opts.quick ? 5 : 11;
  const perSec = (f: (n: number) => void) => () => {
    gc();
    const t0 = process.hrtime.bigint();
    f(N);
    return (N * 1e9) / Number(process.hrtime.bigint() - t0);
  };
  const s = await interleave(reps, { bridge: perSec(bridge), raw: perSec(koffiRaw) });
  if (sink === -1) console.log(sink);
  const b = stat(s.bridge);
  const r = stat(s.raw);
  // Time ratio: (1/bridge rate) / (1/raw rate).
  return { b, r, N, ratio: round(r.median / b.median, 3) };
}
