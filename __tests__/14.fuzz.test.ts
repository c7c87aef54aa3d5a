/**
 * Property round-trip fuzzing: seeded random SPropValue sets over every PT_ type the bridge writes
 * (single- and multi-valued, empty and large values, edge numbers, astral and lone-surrogate strings),
 * written with set() + save(), read back through a fresh OpenEntry (and, for some sets, through a contents
 * table), then partly overwritten and deleted and read back again. Values must come back exactly.
 *
 *   FUZZ_ITERATIONS=5000 npx jest 14.fuzz      more sets (default: a few hundred, ~2-4 s)
 *   FUZZ_SEED=0x1234abcd npx jest 14.fuzz      repeat a run (the seed is in the test title and every failure)
 *   FUZZ_CASE=0x9e3779b9 npx jest 14.fuzz      repeat one set (its own seed, printed when it fails)
 *
 * Platform-neutral: under the Windows tier (Wine) it runs against the provider DLL the registry names and,
 * in addition, through Wine's own IPropData (CreateIProp).
 */
import { inspect } from 'node:util';
import {
  PropError, PropObject, formatGuid, guidBytes, tagName, wrap, load, type Folder, type Mapi, type Message, type Session, type PropValue, type Row,
} from '../lib';
import { decodeString8, DEFAULT_CODE_PAGE } from '../lib/mapi/codepage';
import { MapiContext } from '../lib/mapi/context';
import { EXPORTS } from '../ffi-defs/exports';
import { IPropData } from '../ffi-defs/interfaces/IPropData';
import { init, expectNoLeaks, stats } from './helpers/provider';
import { describeIf, WINDOWS_ONLY } from './helpers/skip';

// ---- PRNG --------------------------------------------------------------------------------------------

/** mulberry32: a small, fast 32-bit generator; the same seed gives the same sequence everywhere. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

class Rng {
  private readonly next: () => number;
  constructor(readonly seed: number) {
    this.next = mulberry32(seed);
  }
  u32(): number {
    return this.next();
  }
  /** [0, 1) */
  float(): number {
    return this.next() / 2 ** 32;
  }
  /** Integer in [lo, hi] (both inclusive, |hi - lo| < 2^53). */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.float() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.float() < p;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(0, xs.length - 1)];
  }
  bytes(n: number): Buffer {
    const b = Buffer.alloc(n);
    let i = 0;
    for (; i + 4 <= n; i += 4) b.writeUInt32LE(this.u32(), i);
    for (let last = this.u32(); i < n; i++, last >>>= 8) b[i] = last & 0xff;
    return b;
  }
  /** A length: mostly small, sometimes 0, sometimes large. */
  length(small: number, large: number): number {
    const r = this.float();
    return r < 0.15 ? 0 : r < 0.9 ? this.int(1, small) : r < 0.97 ? this.int(small, small * 8) : large;
  }
}

/** Seed of set i of a run: distinct, well mixed (splitmix-style finaliser). */
function caseSeed(runSeed: number, i: number): number {
  let z = (runSeed + Math.imul(i + 1, 0x9e3779b9)) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
}

const hex = (n: number) => '0x' + (n >>> 0).toString(16).padStart(8, '0');

// ---- Value generators ---------------------------------------------------------------------------------

const PT = {
  I2: 0x0002, LONG: 0x0003, R4: 0x0004, DOUBLE: 0x0005, CURRENCY: 0x0006, APPTIME: 0x0007, BOOLEAN: 0x000b, I8: 0x0014,
  STRING8: 0x001e, UNICODE: 0x001f, SYSTIME: 0x0040, CLSID: 0x0048, BINARY: 0x0102,
} as const;
const MV = 0x1000;
const TYPE_NAMES: Record<number, string> = Object.fromEntries(Object.entries(PT).map(([k, v]) => [v, `PT_${k}`]));
const typeName = (t: number) => (t & MV ? `PT_MV_${TYPE_NAMES[t & ~MV].slice(3)}` : TYPE_NAMES[t]);

const FILETIME_EPOCH_MS = 11644473600000;
/** The latest instant whose FILETIME fits in 64 bits (and JS can represent): 30828-09-14. */
const MAX_SYSTIME_MS = Number((2n ** 64n - 1n) / 10000n) - FILETIME_EPOCH_MS;
const MIN_SYSTIME_MS = -FILETIME_EPOCH_MS;
const F32_MAX = 3.4028234663852886e38;
const F32_MIN_SUBNORMAL = 1.401298464324817e-45;

/** A finite float32 from random bits (every exponent, subnormals, -0), or an edge value. */
function genR4(r: Rng): number {
  if (r.chance(0.2)) return r.pick([0, -0, F32_MIN_SUBNORMAL, -F32_MIN_SUBNORMAL, F32_MAX, -F32_MAX, 1, -1, Math.fround(0.1), Math.fround(1e-40)]);
  const b = Buffer.alloc(4);
  for (;;) {
    b.writeUInt32LE(r.u32());
    const v = b.readFloatLE(0);
    if (Number.isFinite(v)) return v;
  }
}

/** A finite double from random bits, or an edge value. */
function genDouble(r: Rng): number {
  if (r.chance(0.2)) return r.pick([0, -0, Number.MIN_VALUE, -Number.MIN_VALUE, Number.MAX_VALUE, -Number.MAX_VALUE, Number.EPSILON, 2 ** 53 + 2, 0.1, 46027.5]);
  if (r.chance(0.3)) return (r.float() - 0.5) * 10 ** r.int(0, 12);
  const b = Buffer.alloc(8);
  for (;;) {
    b.writeUInt32LE(r.u32(), 0);
    b.writeUInt32LE(r.u32(), 4);
    const v = b.readDoubleLE(0);
    if (Number.isFinite(v)) return v;
  }
}

function genI64(r: Rng): bigint {
  if (r.chance(0.2)) return r.pick([0n, -1n, 1n, -(2n ** 63n), 2n ** 63n - 1n, 2n ** 53n + 1n, -(2n ** 32n)]);
  return BigInt.asIntN(64, (BigInt(r.u32()) << 32n) | BigInt(r.u32()));
}

function genSystime(r: Rng): Date | bigint {
  if (r.chance(0.1)) return r.pick([new Date(MIN_SYSTIME_MS), new Date(0), new Date(MAX_SYSTIME_MS), new Date(Date.UTC(2026, 0, 5, 8))]);
  // Sometimes a raw FILETIME (bigint): it comes back as a Date, truncated to the millisecond.
  if (r.chance(0.15)) return (BigInt(r.u32()) << 32n) | BigInt(r.u32());
  return new Date(r.int(MIN_SYSTIME_MS, MAX_SYSTIME_MS));
}

/** Any byte but NUL, as the default code page (windows-1252) reads it: every such string round-trips. */
function genString8(r: Rng): string {
  const n = r.length(24, 5000);
  const bytes = Uint8Array.from({ length: n }, () => (r.chance(0.6) ? r.int(0x20, 0x7e) : r.int(1, 0xff)));
  return decodeString8(bytes, DEFAULT_CODE_PAGE);
}

function genUnicode(r: Rng): string {
  const n = r.length(24, 8000);
  const parts: string[] = [];
  for (let i = 0; i < n; i++) {
    const k = r.float();
    if (k < 0.35) parts.push(String.fromCharCode(r.int(0x20, 0x7e)));
    else if (k < 0.5) parts.push(String.fromCharCode(r.int(0xa0, 0xff)));
    else if (k < 0.75) {
      let c = r.int(0x100, 0xffff);
      if (c >= 0xd800 && c <= 0xdfff) c = 0x65e5; // 日
      parts.push(String.fromCharCode(c));
    } else if (k < 0.95) parts.push(String.fromCodePoint(r.int(0x10000, 0x10ffff))); // astral: a surrogate pair
    else if (k < 0.98) parts.push(String.fromCharCode(r.int(1, 0x1f)));
    else parts.push(String.fromCharCode(r.int(0xd800, 0xdfff))); // a lone surrogate: UTF-16 code units round-trip as they are
  }
  return parts.join('');
}

function genGuid(r: Rng): string {
  return formatGuid(r.bytes(16));
}

function genBinary(r: Rng): Buffer {
  const n = r.chance(0.04) ? 65536 : r.length(40, 1024);
  return r.bytes(n);
}

const SCALAR: Record<number, (r: Rng) => unknown> = {
  [PT.I2]: (r) => (r.chance(0.2) ? r.pick([-32768, -1, 0, 1, 32767]) : r.int(-32768, 32767)),
  // Both views of the union are accepted when writing (-2^31 .. 2^32-1); reading gives the signed one.
  [PT.LONG]: (r) => (r.chance(0.2) ? r.pick([-(2 ** 31), -1, 0, 1, 2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1]) : r.int(-(2 ** 31), 2 ** 32 - 1)),
  [PT.R4]: genR4,
  [PT.DOUBLE]: genDouble,
  [PT.APPTIME]: genDouble,
  [PT.CURRENCY]: genI64,
  [PT.I8]: genI64,
  [PT.BOOLEAN]: (r) => r.chance(0.5),
  [PT.SYSTIME]: genSystime,
  [PT.STRING8]: genString8,
  [PT.UNICODE]: genUnicode,
  [PT.CLSID]: genGuid,
  [PT.BINARY]: genBinary,
};

/** Every type: the scalars, and the multi-valued forms MAPI has (no PT_MV_BOOLEAN). */
const TYPES: number[] = [...Object.values(PT), ...Object.values(PT).filter((t) => t !== PT.BOOLEAN).map((t) => t | MV)];

function genValue(r: Rng, type: number): unknown {
  if (!(type & MV)) return SCALAR[type](r);
  const n = r.chance(0.15) ? 0 : r.chance(0.05) ? r.int(50, 300) : r.int(1, 8);
  const gen = SCALAR[type & ~MV];
  // Large elements in large arrays would make one set huge: keep multi-valued binaries and strings modest.
  return Array.from({ length: n }, () => {
    const v = gen(r);
    return n > 20 && (typeof v === 'string' || Buffer.isBuffer(v)) ? v.slice(0, 64) : v;
  });
}

/** What reading back must give for a written value. */
function expected(type: number, v: unknown): unknown {
  if (type & MV) return (v as unknown[]).map((x) => expected(type & ~MV, x));
  if (type === PT.LONG) return (v as number) | 0;
  if (type === PT.SYSTIME && typeof v === 'bigint') return new Date(Number(v / 10000n) - FILETIME_EPOCH_MS);
  return v;
}

// ---- Sets ---------------------------------------------------------------------------------------------

interface Entry {
  readonly tag: number;
  readonly value: unknown;
}

function genSet(seed: number): Entry[] {
  const r = new Rng(seed);
  const n = r.chance(0.05) ? r.int(30, 60) : r.int(1, 16);
  const ids = new Set<number>();
  while (ids.size < n) ids.add(r.int(0x8000, 0xfffe));
  return [...ids].map((id) => {
    const type = r.pick(TYPES);
    return { tag: ((id << 16) | type) >>> 0, value: genValue(r, type) };
  });
}

/** Exact equality: numbers by Object.is (so -0 stays -0), Dates by time, Buffers by bytes. */
function diff(want: unknown, got: unknown, where = ''): string | null {
  if (typeof want === 'number') return typeof got === 'number' && Object.is(want, got) ? null : `${where}: want ${show(want)}, got ${show(got)}`;
  if (want instanceof Date) return got instanceof Date && got.getTime() === want.getTime() ? null : `${where}: want ${show(want)}, got ${show(got)}`;
  if (Buffer.isBuffer(want)) return Buffer.isBuffer(got) && want.equals(got) ? null : `${where}: want ${show(want)}, got ${show(got)}`;
  if (Array.isArray(want)) {
    if (!Array.isArray(got)) return `${where}: want an array of ${want.length}, got ${show(got)}`;
    if (got.length !== want.length) return `${where}: want ${want.length} values, got ${got.length}`;
    for (let i = 0; i < want.length; i++) {
      const d = diff(want[i], got[i], `${where}[${i}]`);
      if (d) return d;
    }
    return null;
  }
  return want === got ? null : `${where}: want ${show(want)}, got ${show(got)}`;
}

function show(v: unknown): string {
  if (Buffer.isBuffer(v)) return `<Buffer ${v.length} bytes ${v.subarray(0, 12).toString('hex')}${v.length > 12 ? '...' : ''}>`;
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...(${v.length} UTF-16 units)` : v);
  if (typeof v === 'number' && Object.is(v, -0)) return '-0';
  return inspect(v, { depth: 2, maxArrayLength: 6, maxStringLength: 40, breakLength: Infinity });
}

class FuzzFailure extends Error {}

function check(context: string, entries: readonly Entry[], got: readonly { tag: number; value: PropValue }[], deleted: ReadonlySet<number> = new Set()): void {
  entries.forEach((e, i) => {
    const p = got[i];
    const type = e.tag & 0xffff;
    const name = `property ${hex(e.tag)} (${typeName(type)})`;
    if (deleted.has(e.tag)) {
      if (!(p?.value instanceof PropError) || p.value.name !== 'MAPI_E_NOT_FOUND') throw new FuzzFailure(`${context}: ${name} was deleted but reads ${show(p?.value)}`);
      return;
    }
    if (!p || p.tag !== e.tag) throw new FuzzFailure(`${context}: ${name} came back as ${p ? hex(p.tag) : 'nothing'}: ${show(p?.value)} (wrote ${show(e.value)})`);
    const d = diff(expected(type, e.value), p.value);
    if (d) throw new FuzzFailure(`${context}: ${name}${d}`);
  });
}

/** A table row is keyed by tag name (lib's tagName: a PR_ name, or the hex tag). */
function rowOf(row: Row, tag: number): { tag: number; value: PropValue } {
  const key = tagName(tag);
  return key in row ? { tag, value: row[key]! } : { tag: 0, value: null };
}

// ---- The runs -----------------------------------------------------------------------------------------

const parseSeed = (s: string | undefined) => (s ? Number(s) >>> 0 : undefined);
const RUN_SEED = parseSeed(process.env.FUZZ_SEED) ?? ((Math.random() * 2 ** 32) >>> 0);
const ONE_CASE = parseSeed(process.env.FUZZ_CASE);
const ITERATIONS = Number(process.env.FUZZ_ITERATIONS ?? 250);

/** The seeds to run: one FUZZ_CASE, or ITERATIONS sets of the run seed. */
const seeds = (): number[] => (ONE_CASE !== undefined ? [ONE_CASE] : Array.from({ length: ITERATIONS }, (_, i) => caseSeed(RUN_SEED, i)));

const rerun = (seed: number) => `set seed ${hex(seed)} (run seed ${hex(RUN_SEED)}; repeat the set with FUZZ_CASE=${hex(seed)}, the run with FUZZ_SEED=${hex(RUN_SEED)})`;

/** One deterministic set of every type at its edges, run before the random ones. */
function edgeSet(): Entry[] {
  const values: [number, unknown][] = [
    [PT.I2, -32768], [PT.LONG, 2 ** 32 - 1], [PT.R4, -0], [PT.DOUBLE, Number.MIN_VALUE], [PT.APPTIME, -Number.MAX_VALUE],
    [PT.CURRENCY, -(2n ** 63n)], [PT.I8, 2n ** 63n - 1n], [PT.BOOLEAN, false], [PT.SYSTIME, new Date(MIN_SYSTIME_MS)],
    [PT.STRING8, ''], [PT.UNICODE, ''], [PT.CLSID, '{00000000-0000-0000-0000-000000000000}'], [PT.BINARY, Buffer.alloc(0)],
    [PT.SYSTIME, new Date(MAX_SYSTIME_MS)], [PT.STRING8, '\u00ff'.repeat(70000)], [PT.UNICODE, '😀'.repeat(40000)],
    [PT.BINARY, Buffer.alloc(65536, 0xa5)], [PT.R4, F32_MAX], [PT.SYSTIME, 2n ** 64n - 1n],
    ...Object.values(PT).filter((t) => t !== PT.BOOLEAN).map((t): [number, unknown] => [t | MV, []]),
    [PT.UNICODE | MV, ['', '\ud800', '\udfff', '\uffff', '\u{10ffff}']], [PT.BINARY | MV, [Buffer.alloc(0), Buffer.alloc(65536, 1)]],
    [PT.LONG | MV, [2 ** 31, -(2 ** 31), 2 ** 32 - 1]], [PT.SYSTIME | MV, [new Date(0), 0n, 2n ** 64n - 1n]], [PT.STRING8 | MV, ['', '\u0001']],
    [PT.I2 | MV, Array.from({ length: 1000 }, (_, i) => i - 500)],
  ];
  return values.map(([type, value], i) => ({ tag: (((0x8000 + i) << 16) | type) >>> 0, value }));
}

let mapi: Mapi;
let session: Session;
beforeAll(() => {
  mapi = init();
  // Values of any size come back through GetProps here (props.streamOver=0): this suite is about
  // value encoding; values too big for GetProps and their streams are 21.messages' subject.
  session = mapi.logon({ profile: 'Sample;props.streamOver=0' });
});
afterAll(() => mapi.uninitialize());
expectNoLeaks();

describe('round-trip through the provider: set() + save(), a fresh OpenEntry, GetProps', () => {
  let folder: Folder;
  beforeAll(() => {
    using store = session.defaultStore();
    using inbox = store.folder('Inbox');
    folder = inbox.createFolder(`Fuzz ${process.pid} ${Date.now()} ${hex(RUN_SEED)}`);
  });
  afterAll(() => folder.release());

  /** Writes, saves, reopens and checks one set; then overwrites some, deletes some, and checks again. */
  function roundTrip(entries: Entry[], seed: number, viaTable: boolean, folder: Folder): void {
    const r = new Rng(seed ^ 0x5bd1e995);
    const context = rerun(seed);
    let eid: string;
    {
      using m = folder.createMessage(entries.map((e) => ({ tag: e.tag, value: e.value })) as never, { save: false });
      m.save();
      eid = m.entryId;
    }
    const tags = entries.map((e) => e.tag);
    const reopen = () => {
      const o = session.openEntry(eid);
      if (!(o as Message).getProps) throw new FuzzFailure(`${context}: OpenEntry did not give a message`);
      return o as Message;
    };
    {
      using m = reopen();
      check(`${context}, read through a fresh OpenEntry`, entries, m.getProps(tags));
      // Change some values (same tags: a new random value of the same type), delete others, save, reopen.
      const changed = entries.map((e) => (r.chance(0.3) ? { tag: e.tag, value: genValue(r, e.tag & 0xffff) } : e));
      const deleted = new Set(entries.filter(() => r.chance(0.2)).map((e) => e.tag));
      const writes = changed.filter((e, i) => e !== entries[i] && !deleted.has(e.tag));
      if (writes.length || deleted.size) {
        if (writes.length) m.set(writes as never);
        if (deleted.size) m.delete([...deleted]);
        m.save();
        using again = reopen();
        check(`${context}, after changing ${writes.length} and deleting ${deleted.size}`, changed, again.getProps(tags), deleted);
        entries = changed.filter((e) => !deleted.has(e.tag));
      }
    }
    if (viaTable && entries.length) {
      using t = folder.contents({ columns: ['PR_ENTRYID', ...entries.map((e) => e.tag)], restrict: { prop: 'PR_ENTRYID', value: Buffer.from(eid, 'hex') } });
      const rows = t.all();
      if (rows.length !== 1) throw new FuzzFailure(`${context}: the contents table has ${rows.length} rows for the message`);
      check(`${context}, read through the contents table`, entries, entries.map((e) => rowOf(rows[0], e.tag)));
    }
  }

  test('edge values of every type, multi-valued and empty included', () => {
    roundTrip(edgeSet(), 0, true, folder);
  });

  test('one set() larger than an arena slab (64 KiB): values on both sides of slab ends, and values with a buffer of their own', () => {
    // lib/mapi/memory.ts carves a call's values from shared 64 KiB slabs and gives a value over 8 KiB a
    // Buffer of its own: 160 strings of ~1 KiB cross at least two slab ends wherever the slab stood.
    const entries: Entry[] = [];
    for (let i = 0; i < 160; i++) entries.push({ tag: (((0x8100 + i) << 16) | PT.UNICODE) >>> 0, value: `${i}:`.padEnd(480 + (i % 7) * 13, String.fromCharCode(0x41 + (i % 26), 0x3b1 + (i % 20))) });
    for (let i = 0; i < 4; i++) entries.push({ tag: (((0x8200 + i) << 16) | PT.BINARY) >>> 0, value: Buffer.alloc(8 * 1024 + 1 + i * 997, i + 1) });
    entries.push({ tag: ((0x8300 << 16) | PT.UNICODE | MV) >>> 0, value: Array.from({ length: 40 }, (_, i) => 'x'.repeat(i * 31)) });
    entries.push({ tag: ((0x8301 << 16) | PT.BINARY | MV) >>> 0, value: [Buffer.alloc(9000, 7), Buffer.alloc(3, 8)] });
    roundTrip(entries, 1, false, folder);
  });

  test(`${ONE_CASE !== undefined ? `set ${hex(ONE_CASE)}` : `${ITERATIONS} random sets, run seed ${hex(RUN_SEED)}`}`, () => {
    const before = stats();
    let props = 0;
    let sub: Folder | null = null;
    try {
      for (const [i, seed] of seeds().entries()) {
        // A new subfolder every 200 sets keeps the contents-table checks linear in long runs.
        if (i % 200 === 0) {
          sub?.release();
          sub = folder.createFolder(`sets ${i}-${i + 199}`);
        }
        const entries = genSet(seed);
        props += entries.length;
        try {
          roundTrip(entries, seed, i % 4 === 0, sub!);
        } catch (e) {
          if (e instanceof FuzzFailure) throw e;
          // Anything else (a MapiError, a PropProblemsError...) is a failure of this set too: name it.
          throw new FuzzFailure(`${rerun(seed)}: ${(e as Error).name}: ${(e as Error).message}`);
        }
      }
    } finally {
      sub?.release();
    }
    expect(props).toBeGreaterThan(0);
    // Every message, table and buffer of the run was released.
    const after = stats();
    expect({ objects: after.objects, buffers: after.buffers }).toEqual({ objects: before.objects, buffers: before.buffers });
  }, 120_000);

  test('the generator is deterministic: the same seed gives the same set', () => {
    const a = genSet(0xdeadbeef);
    const b = genSet(0xdeadbeef);
    expect(diff(a.map((e) => e.value), b.map((e) => e.value))).toBeNull();
    expect(a.map((e) => e.tag)).toEqual(b.map((e) => e.tag));
    expect(genSet(1).map((e) => e.tag)).not.toEqual(genSet(2).map((e) => e.tag));
  });

  test('a mismatch names the seed, the property and both values', () => {
    const e = { tag: 0x81230003, value: 5 };
    expect(() => check(rerun(0x1234), [e], [{ tag: 0x81230003, value: 6 }])).toThrow(
      /set seed 0x00001234 .*FUZZ_CASE=0x00001234.*property 0x81230003 \(PT_LONG\): want 5, got 6/,
    );
  });
});

// ---- Windows tier: the same sets through Wine's own IPropData ------------------------------------------

const onWindows = describeIf(process.platform === 'win32', WINDOWS_ONLY);

onWindows("round-trip through Wine's IPropData (CreateIProp)", () => {
  const mapi32 = () => load({ path: 'mapi32.dll' });

  function createIProp(): PropObject<typeof IPropData> {
    const lib = mapi32();
    const sym = (n: string) => lib.lib.symbol(n);
    const out: (bigint | null)[] = [null];
    lib.call(EXPORTS.CreateIProp, guidBytes(IPropData.iid), sym('MAPIAllocateBuffer'), sym('MAPIAllocateMore'), sym('MAPIFreeBuffer'), null, out);
    return new PropObject(new MapiContext(lib), wrap(IPropData, out[0]!), null, 'IPropData');
  }

  test(`${ONE_CASE !== undefined ? `set ${hex(ONE_CASE)}` : `edge values and ${Math.ceil(ITERATIONS / 2)} random sets, run seed ${hex(RUN_SEED)}`}`, () => {
    const all: [number, Entry[]][] = [[0, edgeSet()], ...seeds().slice(0, ONE_CASE !== undefined ? 1 : Math.ceil(ITERATIONS / 2)).map((s): [number, Entry[]] => [s, genSet(s)])];
    for (const [seed, entries] of all) {
      using obj = createIProp();
      try {
        obj.set(entries as never);
        check(`${rerun(seed)}, IPropData`, entries, obj.getProps(entries.map((e) => e.tag)));
      } catch (e) {
        if (e instanceof FuzzFailure) throw e;
        throw new FuzzFailure(`${rerun(seed)}, IPropData: ${(e as Error).name}: ${(e as Error).message}`);
      }
    }
  }, 300_000);
});
