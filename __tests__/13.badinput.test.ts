/**
 * Bad input at the API: wrong value types, unknown tag names, tags with the wrong PT_ type, NaN and
 * out-of-range numbers, strings with NUL, bad entry ids, released objects, calls after logoff and after
 * uninitialize. Every case must give a typed error (MapiArgumentError with its code, ReleasedObjectError,
 * KoffiMapiError ERR_UNINITIALIZED, or a MapiError from the provider for what only the provider can
 * judge) and must not reach native code with the bad data: the trace (lib/trace.ts) records every native
 * call, and the object's state and the provider's accounting are unchanged.
 *
 * Rows with a `bug` field name the bridge bug they first exposed (B1..B20, all fixed). Cases that would
 * crash the process if a check regressed (raw pointers given as JS numbers or strings, raw calls with a
 * count larger than the memory passed, wrap() of an address that cannot be an object) run in a child
 * process.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  KoffiMapiError, MapiArgumentError, ReleasedObjectError, PropError, implement, initialize, jsObjectStats, setTrace, wrap,
  type Folder, type Mapi, type Message, type Session, type Store, type Table, type TraceRecord,
} from '../lib';
import { IMsgStore } from '../ffi-defs/interfaces/IMsgStore';
import { IMAPITable } from '../ffi-defs/interfaces/IMAPITable';
import { IMAPISync } from '../ffi-defs/interfaces/IMAPISync';
import { IMAPISyncProgressCallback } from '../ffi-defs/interfaces/IMAPISyncProgressCallback';
import { init, expectNoLeaks, knobs, providerLibrary, stats } from './helpers/provider';
import { runToFiles, type ChildOutcome } from './helpers/child';

let mapi: Mapi;
let session: Session;
let store: Store;
let scratch: Folder;
beforeAll(() => {
  mapi = init();
  session = mapi.logon({ profile: 'Sample' });
  store = session.defaultStore();
  using inbox = store.folder('Inbox');
  scratch = inbox.createFolder(`BadInput ${process.pid} ${Date.now()}`);
});
afterEach(() => setTrace(null));
afterAll(() => mapi.uninitialize());
expectNoLeaks();

// ---- Helpers ------------------------------------------------------------------------------------------

type ErrorClass = abstract new (...args: never[]) => Error;

interface Outcome {
  readonly error: unknown;
  readonly value: unknown;
  /** Native calls that were entered (Koffi refusing an argument before the call is not one). */
  readonly entered: readonly TraceRecord[];
}

/** Runs fn with the tracer on and the provider's accounting around it. */
function attempt(fn: () => unknown): Outcome {
  const records: TraceRecord[] = [];
  setTrace((r) => void records.push(r));
  let error: unknown;
  let value: unknown;
  try {
    value = fn();
  } catch (e) {
    error = e;
  } finally {
    setTrace(null);
  }
  return { error, value, entered: records.filter((r) => r.dir === 'out' && !String(r.result).startsWith('threw')) };
}

const accounting = () => {
  const s = stats();
  return { objects: s.objects, buffers: s.buffers, badFrees: s.badFrees, notInitialized: s.notInitialized };
};

const calls = (o: Outcome) => o.entered.map((r) => r.call);

/**
 * fn must throw `cls` with `code` (when given), having made no native call at all (`allowed` lists calls
 * that may legitimately happen before the bad input is noticed, e.g. opening the table it is applied to);
 * the provider's live objects and buffers are unchanged.
 */
function expectRefused(fn: () => unknown, cls: ErrorClass, code?: string, allowed: readonly string[] = []): KoffiMapiError {
  const before = accounting();
  const o = attempt(fn);
  if (o.value && typeof o.value === 'object' && 'release' in o.value) (o.value as { release(): void }).release();
  expect(o.error).toBeInstanceOf(cls);
  if (code !== undefined) expect((o.error as KoffiMapiError).code).toBe(code);
  expect(calls(o).filter((c) => !allowed.includes(c))).toEqual([]);
  expect(accounting()).toEqual(before);
  return o.error as KoffiMapiError;
}

/** Rows once carried the id of the bridge bug they found (B1..B20); all are fixed, so every row is a test. */
const t = (_bug?: string) => test;

// ---- Property values --------------------------------------------------------------------------------

const ID = 0x8100;
const T = (type: number, id = ID) => ((id << 16) | type) >>> 0;
const PT = {
  I2: 0x2, LONG: 0x3, R4: 0x4, DOUBLE: 0x5, CURRENCY: 0x6, APPTIME: 0x7, ERROR: 0xa, BOOLEAN: 0xb, OBJECT: 0xd, I8: 0x14,
  STRING8: 0x1e, UNICODE: 0x1f, SYSTIME: 0x40, CLSID: 0x48, BINARY: 0x102, MV: 0x1000,
};

interface ValueRow {
  readonly what: string;
  readonly tag: number | string;
  readonly value: unknown;
  readonly code: string;
  readonly bug?: string;
  /** Reads that may come first: whether an 8-bit string can hold a character depends on the object's code page. */
  readonly allowed?: readonly string[];
}

/** The object's code page, looked up once (the message, then its folder, then the store): reads, never a write. */
const CODE_PAGE_LOOKUP = ['IMessage::GetProps', 'IMAPIFolder::GetProps', 'IMsgStore::GetProps', 'MAPIFreeBuffer'];

const VALUE_ROWS: ValueRow[] = [
  // PT_I2
  { what: 'PT_I2 string', tag: T(PT.I2), value: '1', code: 'ERR_PROP_TYPE' },
  { what: 'PT_I2 fraction', tag: T(PT.I2), value: 1.5, code: 'ERR_PROP_TYPE' },
  { what: 'PT_I2 NaN', tag: T(PT.I2), value: NaN, code: 'ERR_PROP_TYPE' },
  { what: 'PT_I2 Infinity', tag: T(PT.I2), value: Infinity, code: 'ERR_PROP_TYPE' },
  { what: 'PT_I2 32768', tag: T(PT.I2), value: 32768, code: 'ERR_PROP_RANGE' },
  { what: 'PT_I2 -32769', tag: T(PT.I2), value: -32769, code: 'ERR_PROP_RANGE' },
  { what: 'PT_I2 bigint', tag: T(PT.I2), value: 1n, code: 'ERR_PROP_TYPE' },
  { what: 'PT_I2 boolean', tag: T(PT.I2), value: true, code: 'ERR_PROP_TYPE' },
  // PT_LONG
  { what: 'PT_LONG NaN', tag: 'PR_IMPORTANCE', value: NaN, code: 'ERR_PROP_TYPE' },
  { what: 'PT_LONG -Infinity', tag: 'PR_IMPORTANCE', value: -Infinity, code: 'ERR_PROP_TYPE' },
  { what: 'PT_LONG 2^32', tag: 'PR_IMPORTANCE', value: 2 ** 32, code: 'ERR_PROP_RANGE' },
  { what: 'PT_LONG -2^31-1', tag: 'PR_IMPORTANCE', value: -(2 ** 31) - 1, code: 'ERR_PROP_RANGE' },
  { what: 'PT_LONG numeric string', tag: 'PR_IMPORTANCE', value: '2', code: 'ERR_PROP_TYPE' },
  { what: 'PT_LONG undefined', tag: 'PR_IMPORTANCE', value: undefined, code: 'ERR_PROP_TYPE' },
  { what: 'PT_LONG null', tag: 'PR_IMPORTANCE', value: null, code: 'ERR_PROP_TYPE' },
  // PT_R4, PT_DOUBLE, PT_APPTIME
  { what: 'PT_R4 NaN', tag: T(PT.R4), value: NaN, code: 'ERR_PROP_TYPE' },
  { what: 'PT_R4 Infinity', tag: T(PT.R4), value: Infinity, code: 'ERR_PROP_TYPE' },
  { what: 'PT_R4 3.5e38 (beyond float32)', tag: T(PT.R4), value: 3.5e38, code: 'ERR_PROP_RANGE' },
  { what: 'PT_R4 -1e39', tag: T(PT.R4), value: -1e39, code: 'ERR_PROP_RANGE' },
  { what: 'PT_DOUBLE NaN', tag: T(PT.DOUBLE), value: NaN, code: 'ERR_PROP_TYPE' },
  { what: 'PT_DOUBLE -Infinity', tag: T(PT.DOUBLE), value: -Infinity, code: 'ERR_PROP_TYPE' },
  { what: 'PT_DOUBLE bigint', tag: T(PT.DOUBLE), value: 1n, code: 'ERR_PROP_TYPE' },
  { what: 'PT_APPTIME Date', tag: T(PT.APPTIME), value: new Date(0), code: 'ERR_PROP_TYPE' },
  { what: 'PT_APPTIME NaN', tag: T(PT.APPTIME), value: NaN, code: 'ERR_PROP_TYPE' },
  // PT_CURRENCY, PT_I8
  { what: 'PT_CURRENCY fraction', tag: T(PT.CURRENCY), value: 1.5, code: 'ERR_PROP_TYPE' },
  { what: 'PT_CURRENCY 2^63', tag: T(PT.CURRENCY), value: 2n ** 63n, code: 'ERR_PROP_RANGE' },
  { what: 'PT_CURRENCY -2^63-1', tag: T(PT.CURRENCY), value: -(2n ** 63n) - 1n, code: 'ERR_PROP_RANGE' },
  { what: 'PT_I8 unsafe number 2^60', tag: T(PT.I8), value: 2 ** 60, code: 'ERR_PROP_TYPE' },
  { what: 'PT_I8 NaN', tag: T(PT.I8), value: NaN, code: 'ERR_PROP_TYPE' },
  { what: 'PT_I8 string', tag: T(PT.I8), value: '5', code: 'ERR_PROP_TYPE' },
  // PT_BOOLEAN
  { what: 'PT_BOOLEAN 1', tag: 'PR_HASATTACH', value: 1, code: 'ERR_PROP_TYPE' },
  { what: "PT_BOOLEAN 'true'", tag: 'PR_HASATTACH', value: 'true', code: 'ERR_PROP_TYPE' },
  // PT_SYSTIME
  { what: 'PT_SYSTIME string', tag: 'PR_MESSAGE_DELIVERY_TIME', value: '2026-01-01', code: 'ERR_PROP_TYPE' },
  { what: 'PT_SYSTIME invalid Date', tag: 'PR_MESSAGE_DELIVERY_TIME', value: new Date(NaN), code: 'ERR_PROP_TYPE' },
  { what: 'PT_SYSTIME ms number', tag: 'PR_MESSAGE_DELIVERY_TIME', value: 1_700_000_000_000, code: 'ERR_PROP_TYPE' },
  { what: 'PT_SYSTIME before 1601', tag: 'PR_MESSAGE_DELIVERY_TIME', value: new Date(Date.UTC(1600, 11, 31)), code: 'ERR_PROP_RANGE' },
  { what: 'PT_SYSTIME negative FILETIME', tag: 'PR_MESSAGE_DELIVERY_TIME', value: -1n, code: 'ERR_PROP_TYPE' },
  { what: 'PT_SYSTIME FILETIME 2^64', tag: 'PR_MESSAGE_DELIVERY_TIME', value: 2n ** 64n, code: 'ERR_PROP_TYPE' },
  {
    what: 'PT_SYSTIME Date beyond FILETIME (year 275760)', tag: 'PR_MESSAGE_DELIVERY_TIME', value: new Date(8.64e15), code: 'ERR_PROP_RANGE',
    bug: 'B11: dateToFiletime overflows 64 bits; Buffer.writeBigUInt64LE throws an untyped RangeError',
  },
  // Strings
  { what: 'PT_UNICODE with NUL', tag: 'PR_SUBJECT_W', value: 'a\0b', code: 'ERR_PROP_VALUE' },
  { what: 'PT_UNICODE trailing NUL', tag: 'PR_SUBJECT_W', value: 'ab\0', code: 'ERR_PROP_VALUE' },
  { what: 'PT_UNICODE number', tag: 'PR_SUBJECT_W', value: 42, code: 'ERR_PROP_TYPE' },
  { what: 'PT_UNICODE array', tag: 'PR_SUBJECT_W', value: ['a'], code: 'ERR_PROP_TYPE' },
  { what: 'PT_UNICODE Buffer', tag: 'PR_SUBJECT_W', value: Buffer.from('a'), code: 'ERR_PROP_TYPE' },
  { what: 'PT_STRING8 with NUL', tag: 'PR_SUBJECT_A', value: '\0', code: 'ERR_PROP_VALUE' },
  { what: 'PT_STRING8 not in windows-1252 (the default code page)', tag: 'PR_SUBJECT_A', value: '日本', code: 'ERR_PROP_VALUE', allowed: CODE_PAGE_LOOKUP },
  { what: 'PT_STRING8 U+0100', tag: 'PR_SUBJECT_A', value: 'Ā', code: 'ERR_PROP_VALUE', allowed: CODE_PAGE_LOOKUP },
  { what: 'PT_STRING8 astral', tag: 'PR_SUBJECT_A', value: '😀', code: 'ERR_PROP_VALUE', allowed: CODE_PAGE_LOOKUP },
  // PT_CLSID, PT_BINARY, PT_ERROR, PT_OBJECT
  { what: 'PT_CLSID malformed', tag: T(PT.CLSID), value: '{5024A385-2D44-486A-81A8}', code: 'ERR_PROP_TYPE' },
  { what: 'PT_CLSID 16-byte Buffer', tag: T(PT.CLSID), value: Buffer.alloc(16), code: 'ERR_PROP_TYPE' },
  { what: 'PT_BINARY string', tag: 'PR_SEARCH_KEY', value: 'abc', code: 'ERR_PROP_TYPE' },
  { what: 'PT_BINARY number array', tag: 'PR_SEARCH_KEY', value: [1, 2], code: 'ERR_PROP_TYPE' },
  { what: 'PT_BINARY ArrayBuffer', tag: 'PR_SEARCH_KEY', value: new ArrayBuffer(4), code: 'ERR_PROP_TYPE' },
  { what: 'PT_BINARY null', tag: 'PR_SEARCH_KEY', value: null, code: 'ERR_PROP_TYPE' },
  { what: 'PT_ERROR number', tag: T(PT.ERROR), value: 0x8004010f, code: 'ERR_PROP_TYPE' },
  { what: 'PT_OBJECT non-null', tag: T(PT.OBJECT), value: {}, code: 'ERR_PROP_TYPE' },
  // Multi-valued
  { what: 'PT_MV_LONG scalar', tag: T(PT.MV | PT.LONG), value: 5, code: 'ERR_PROP_TYPE' },
  { what: 'PT_MV_LONG string', tag: T(PT.MV | PT.LONG), value: '12', code: 'ERR_PROP_TYPE' },
  { what: 'PT_MV_LONG mixed', tag: T(PT.MV | PT.LONG), value: [1, '2'], code: 'ERR_PROP_TYPE' },
  { what: 'PT_MV_LONG NaN element', tag: T(PT.MV | PT.LONG), value: [1, NaN], code: 'ERR_PROP_TYPE' },
  { what: 'PT_MV_LONG out-of-range element', tag: T(PT.MV | PT.LONG), value: [2 ** 32], code: 'ERR_PROP_RANGE' },
  { what: 'PT_MV_I2 out-of-range element', tag: T(PT.MV | PT.I2), value: [0, 40000], code: 'ERR_PROP_RANGE' },
  { what: 'PT_MV_UNICODE NUL element', tag: T(PT.MV | PT.UNICODE), value: ['a', 'b\0c'], code: 'ERR_PROP_VALUE' },
  { what: 'PT_MV_STRING8 non-Latin-1', tag: T(PT.MV | PT.STRING8), value: ['ok', 'ω'], code: 'ERR_PROP_VALUE', allowed: CODE_PAGE_LOOKUP },
  { what: 'PT_MV_CLSID bad GUID', tag: T(PT.MV | PT.CLSID), value: ['nope'], code: 'ERR_PROP_TYPE' },
  { what: 'PT_MV_BINARY string element', tag: T(PT.MV | PT.BINARY), value: ['ab'], code: 'ERR_PROP_TYPE' },
  { what: 'PT_MV_SYSTIME invalid Date', tag: T(PT.MV | PT.SYSTIME), value: [new Date(NaN)], code: 'ERR_PROP_TYPE' },
  { what: 'PT_MV_I8 fraction', tag: T(PT.MV | PT.I8), value: [1.5], code: 'ERR_PROP_TYPE' },
  { what: 'PT_MV_R4 Infinity', tag: T(PT.MV | PT.R4), value: [Infinity], code: 'ERR_PROP_TYPE' },
  { what: 'PT_MV_DOUBLE sparse hole', tag: T(PT.MV | PT.DOUBLE), value: [1, , 3], code: 'ERR_PROP_TYPE' },
  // Exchange types: PT_SRESTRICTION takes a Restriction, PT_SVREID bytes; PT_ACTIONS is read only
  { what: 'PT_SRESTRICTION string', tag: 'PR_RULE_CONDITION', value: 'subject has x', code: 'ERR_PROP_TYPE' },
  { what: 'PT_SRESTRICTION unknown shape', tag: 'PR_RULE_CONDITION', value: { nope: 1 }, code: 'ERR_RESTRICTION' },
  { what: 'PT_SRESTRICTION read-only { unknown } node', tag: 'PR_RULE_CONDITION', value: { and: [{ unknown: 11 }] }, code: 'ERR_RESTRICTION' },
  { what: 'PT_SRESTRICTION bad value inside', tag: 'PR_RULE_CONDITION', value: { prop: 'PR_IMPORTANCE', value: 'high' }, code: 'ERR_PROP_TYPE' },
  { what: 'PT_SRESTRICTION sub without restriction', tag: 'PR_RULE_CONDITION', value: { sub: 'PR_MESSAGE_RECIPIENTS' }, code: 'ERR_RESTRICTION' },
  { what: 'PT_SVREID string', tag: 'PR_PARENT_SVREID', value: '01AB', code: 'ERR_PROP_TYPE' },
  { what: 'PT_ACTIONS (read only)', tag: 'PR_RULE_ACTIONS', value: { version: 1, actions: [] }, code: 'ERR_UNSUPPORTED_TYPE' },
  // Types that cannot be written
  { what: 'PT_UNSPECIFIED', tag: T(0x0000), value: 1, code: 'ERR_PROP_TYPE' },
  { what: 'unknown type 0x0099', tag: T(0x0099), value: 1, code: 'ERR_UNSUPPORTED_TYPE' },
  { what: 'PT_MV_BOOLEAN', tag: T(PT.MV | PT.BOOLEAN), value: [true], code: 'ERR_UNSUPPORTED_TYPE' },
  { what: 'unknown MV type 0x1099', tag: T(PT.MV | 0x0099), value: [1], code: 'ERR_UNSUPPORTED_TYPE' },
  // Tags
  { what: 'unknown tag name', tag: 'PR_NOPE', value: 1, code: 'ERR_UNKNOWN_TAG' },
  { what: 'tag name without _W/_A', tag: 'PR_SUBJECT', value: 'x', code: 'ERR_UNKNOWN_TAG' },
  { what: 'tag name in the wrong case', tag: 'pr_subject_w', value: 'x', code: 'ERR_UNKNOWN_TAG' },
  { what: 'empty tag name', tag: '', value: 'x', code: 'ERR_UNKNOWN_TAG' },
  { what: 'hex tag of 9 digits', tag: '0x180370001F', value: 'x', code: 'ERR_UNKNOWN_TAG' },
  { what: 'tag -1', tag: -1, value: 1, code: 'ERR_BAD_TAG' },
  { what: 'tag 1.5', tag: 1.5, value: 1, code: 'ERR_BAD_TAG' },
  { what: 'tag 2^32', tag: 2 ** 32, value: 1, code: 'ERR_BAD_TAG' },
  { what: 'tag NaN', tag: NaN, value: 1, code: 'ERR_BAD_TAG' },
];

describe('property values: typed errors before any native call, the message unchanged', () => {
  let m: Message;
  let snapshot: () => unknown;
  beforeAll(() => {
    m = scratch.createMessage({ PR_SUBJECT_W: 'unchanged', PR_IMPORTANCE: 1, PR_SEARCH_KEY: Buffer.from([1, 2]) });
    snapshot = () => m.getProps().map((p) => [p.tag, p.value]);
  });
  afterAll(() => m.release());

  test.each(VALUE_ROWS.map((r) => [r.what, r] as const))('%s', (_w, row) => {
    const before = snapshot();
    const err = expectRefused(() => m.set([{ tag: row.tag as never, value: row.value }]), MapiArgumentError, row.code, row.allowed);
    expect(err.message.length).toBeGreaterThan(10);
    // Also inside an otherwise good batch: nothing is written at all.
    expectRefused(() => m.set([{ tag: 'PR_SUBJECT_W', value: 'changed' }, { tag: row.tag as never, value: row.value }]), MapiArgumentError, row.code, row.allowed);
    expect(snapshot()).toEqual(before);
  });

  test('an unknown tag name suggests the _W / _A forms', () => {
    // @ts-expect-error: a tag name that does not exist (refused at run time too, for JavaScript callers)
    expect(() => m.set({ PR_SUBJECT: 'x' })).toThrow(/Did you mean PR_SUBJECT_W \(Unicode\) or PR_SUBJECT_A \(8-bit\)\?/);
  });

  test("values that are not an object or a list of { tag, value } are typed errors ('PR_SUBJECT_W', [42])", () => {
    for (const v of ['PR_SUBJECT_W', [42], [{ value: 1 }]]) expectRefused(() => m.set(v as never), MapiArgumentError);
  });

  for (const [what, v] of [['null', null], ['42', 42], ['[null]', [null]], ['true', true]] as const) {
    // set(42) and set(true) silently do nothing (Object.entries of a number is []); null and [null] throw TypeErrors.
    test(`set(${what}) is a typed error`, () => {
      expectRefused(() => m.set(v as never), MapiArgumentError);
    });
  }

  test('a computed property is the provider\'s call: a PropProblemsError, the value not written', () => {
    const eid = m.get('PR_ENTRYID');
    const o = attempt(() => m.set({ PR_ENTRYID: Buffer.from([1]) }));
    expect((o.error as KoffiMapiError).code).toBe('ERR_PROP_PROBLEMS');
    expect(m.get('PR_ENTRYID')).toEqual(eid);
  });
});

// ---- Tags in reads, tables, restrictions ---------------------------------------------------------------

describe('tags and restrictions in reads and tables', () => {
  let m: Message;
  let table: Table;
  beforeAll(() => {
    m = scratch.createMessage({ PR_SUBJECT_W: 'read me', PR_BODY_W: 'body' });
    using inbox = store.folder('Inbox');
    table = inbox.contents({ columns: ['PR_SUBJECT_W'] });
  });
  afterAll(() => {
    table.release();
    m.release();
  });

  const READS: [string, () => unknown, string][] = [
    // @ts-expect-error: a tag name that does not exist (refused at run time too, for JavaScript callers)
    ['get(unknown name)', () => m.get('PR_NOPE'), 'ERR_UNKNOWN_TAG'],
    ['get(NaN)', () => m.get(NaN), 'ERR_BAD_TAG'],
    ['getProps([-1])', () => m.getProps([-1]), 'ERR_BAD_TAG'],
    ['getProps([2^32])', () => m.getProps([2 ** 32]), 'ERR_BAD_TAG'],
    // @ts-expect-error: a tag name that does not exist (refused at run time too, for JavaScript callers)
    ['getProps([a good tag, an unknown one])', () => m.getProps(['PR_SUBJECT_W', 'PR_SUBJECT']), 'ERR_UNKNOWN_TAG'],
    ['props([object])', () => m.props([{} as never]), 'ERR_BAD_TAG'],
    // @ts-expect-error: a tag name that does not exist (refused at run time too, for JavaScript callers)
    ['delete([unknown])', () => m.delete(['PR_BODY_W', 'PR_NOPE']), 'ERR_UNKNOWN_TAG'],
    ['delete([1.5])', () => m.delete([1.5]), 'ERR_BAD_TAG'],
  ];
  test.each(READS)('%s', (_w, fn, code) => {
    expectRefused(fn, MapiArgumentError, code);
    expect(m.get('PR_BODY_W')).toBe('body');
  });

  test('a tag with the wrong PT_ type reads as the provider says: MAPI_E_INVALID_TYPE naming the property', () => {
    const PR_SUBJECT_AS_LONG = 0x00370003;
    expect(() => m.get(PR_SUBJECT_AS_LONG)).toThrow(expect.objectContaining({ name: 'MAPI_E_INVALID_TYPE', call: 'IMessage::GetProps(0x00370003)' }));
    const [p] = m.getProps([PR_SUBJECT_AS_LONG]);
    expect(p.value).toBeInstanceOf(PropError);
    expect((p.value as PropError).name).toBe('MAPI_E_INVALID_TYPE');
  });

  const TABLES: [string, () => unknown, string | undefined, string?][] = [
    ['setColumns([])', () => table.setColumns([]), 'ERR_COLUMNS'],
    // @ts-expect-error: a tag name that does not exist (refused at run time too, for JavaScript callers)
    ['setColumns([unknown])', () => table.setColumns(['PR_SUBJECT_W', 'PR_NOPE']), 'ERR_UNKNOWN_TAG'],
    ['setColumns([NaN])', () => table.setColumns([NaN]), 'ERR_BAD_TAG'],
    // @ts-expect-error: a tag name that does not exist (refused at run time too, for JavaScript callers)
    ['sort([unknown])', () => table.sort(['PR_NOPE']), 'ERR_UNKNOWN_TAG'],
    ["sort(order 'up')", () => table.sort([{ tag: 'PR_SUBJECT_W', order: 'up' as never }]), 'ERR_SORT'],
    // @ts-expect-error: a tag name that does not exist (refused at run time too, for JavaScript callers)
    ['restrict({ exists: unknown })', () => table.restrict({ exists: 'PR_NOPE' }), 'ERR_UNKNOWN_TAG'],
    ['restrict(value of the wrong type)', () => table.restrict({ prop: 'PR_SUBJECT_W', value: 42 }), 'ERR_PROP_TYPE'],
    ['restrict(value NaN on PT_LONG)', () => table.restrict({ prop: 'PR_IMPORTANCE', value: NaN }), 'ERR_PROP_TYPE'],
    ['restrict(content with NUL)', () => table.restrict({ content: 'PR_SUBJECT_W', value: 'a\0' }), 'ERR_PROP_VALUE'],
    ["restrict(op '=~')", () => table.restrict({ prop: 'PR_SUBJECT_W', op: '=~' as never, value: 'x' }), 'ERR_RESTRICTION'],
    ["restrict(match 'fuzzy')", () => table.restrict({ content: 'PR_SUBJECT_W', value: 'x', match: 'fuzzy' as never }), 'ERR_RESTRICTION'],
    ['restrict(mask 1.5)', () => table.restrict({ bitmask: 'PR_MESSAGE_FLAGS', mask: 1.5 }), 'ERR_RESTRICTION'],
    ['restrict(mask NaN)', () => table.restrict({ bitmask: 'PR_MESSAGE_FLAGS', mask: NaN }), 'ERR_RESTRICTION'],
    ["restrict({ and: 'x' })", () => table.restrict({ and: 'x' } as never), 'ERR_RESTRICTION'],
    ['restrict({})', () => table.restrict({} as never), 'ERR_RESTRICTION'],
    ['restrict(42)', () => table.restrict(42 as never), 'ERR_RESTRICTION'],
    ['restrict(a bad leaf deep inside)', () => table.restrict({ and: [{ exists: 'PR_SUBJECT_W' }, { or: [{ not: { prop: 'PR_IMPORTANCE', value: 'high' } }] }] }), 'ERR_PROP_TYPE'],
    [
      'restrict(nested 100 deep)',
      () => {
        let r: object = { exists: 'PR_SUBJECT_W' };
        for (let i = 0; i < 100; i++) r = { not: r };
        return table.restrict(r as never);
      },
      'ERR_RESTRICTION',
    ],
    [
      "restrict(match 'IGNORECASE': a key of the flag table, not a match mode)",
      () => table.restrict({ content: 'PR_SUBJECT_W', value: 'x', match: 'IGNORECASE' as never }),
      'ERR_RESTRICTION',
      "B8: restriction.ts looks match/op up with FL[x] / RELOP[x] on plain objects: 'IGNORECASE', 'toString', 'constructor' pass",
    ],
    ["restrict(match 'toString')", () => table.restrict({ content: 'PR_SUBJECT_W', value: 'x', match: 'toString' as never }), 'ERR_RESTRICTION', 'B8'],
    ["restrict(op 'constructor')", () => table.restrict({ prop: 'PR_SUBJECT_W', op: 'constructor' as never, value: 'x' }), 'ERR_RESTRICTION', 'B8'],
    ['restrict(mask 2^40)', () => table.restrict({ bitmask: 'PR_MESSAGE_FLAGS', mask: 2 ** 40 }), 'ERR_RESTRICTION', 'B8: mask is truncated with >>> 0'],
    ["setColumns('PR_SUBJECT_W') (a string, not a list)", () => table.setColumns('PR_SUBJECT_W' as never), undefined, 'B9: untyped TypeError (tags.forEach)'],
    ["sort('PR_SUBJECT_W') (a string, not a list)", () => table.sort('PR_SUBJECT_W' as never), undefined, 'B9: untyped TypeError (sort.forEach)'],
  ];
  for (const [what, fn, code, bug] of TABLES) {
    t(bug)(`${what}`, () => {
      table.setColumns(['PR_SUBJECT_W']).restrict(null).seek('beginning', 4);
      const position = table.position();
      expectRefused(fn, MapiArgumentError, code);
      // The table is as it was: same columns, no restriction, cursor where it was.
      expect(table.columns()).toEqual([0x0037001f]);
      expect(table.position()).toEqual(position);
    });
  }

  test('folder.contents({ columns: [unknown] }) opens no table that is left behind, and never sets columns', () => {
    using inbox = store.folder('Inbox');
    // @ts-expect-error: a tag name that does not exist (refused at run time too, for JavaScript callers)
    expectRefused(() => inbox.contents({ columns: ['PR_NOPE'] }), MapiArgumentError, 'ERR_UNKNOWN_TAG', ['IMAPIFolder::GetContentsTable', 'IMAPITable::Release']);
  });
});

// ---- Numbers at the friendly API -----------------------------------------------------------------------

describe('numbers: NaN, fractions and out-of-range values never reach a native call', () => {
  let table: Table;
  beforeAll(() => {
    using inbox = store.folder('Inbox');
    table = inbox.contents({ columns: ['PR_SUBJECT_W'] });
  });
  afterAll(() => table.release());

  const ROWS: [string, () => unknown, string, string?][] = [
    ['seek(NaN)', () => table.seek('beginning', NaN), 'ERR_ARGUMENT'],
    ['seek(1.5)', () => table.seek('beginning', 1.5), 'ERR_ARGUMENT'],
    ["seek('nowhere')", () => table.seek('nowhere' as never, 1), 'ERR_ARGUMENT'],
    ['queryRows(0)', () => table.queryRows(0), 'ERR_ARGUMENT'],
    ['queryRows(NaN)', () => table.queryRows(NaN), 'ERR_ARGUMENT'],
    ['queryRows(2.5)', () => table.queryRows(2.5), 'ERR_ARGUMENT'],
    ['seek(2^31): beyond LONG', () => table.seek('beginning', 2 ** 31), 'ERR_ARGUMENT', 'B7: Table.seek passes any integer; Koffi wraps/truncates it to a LONG'],
    ['seek(-2^31-1)', () => table.seek('end', -(2 ** 31) - 1), 'ERR_ARGUMENT', 'B7'],
    ['seek(2^40)', () => table.seek('beginning', 2 ** 40), 'ERR_ARGUMENT', 'B7'],
    ['queryRows(2^31): would read backwards once wrapped', () => table.queryRows(2 ** 31), 'ERR_ARGUMENT', 'B7: Table.queryRows passes any integer'],
    ['queryRows(2^32 + 1): would read 1 row', () => table.queryRows(2 ** 32 + 1), 'ERR_ARGUMENT', 'B7'],
  ];
  for (const [what, fn, code, bug] of ROWS) {
    t(bug)(`${what}`, () => {
      table.seek('beginning', 3);
      const position = table.position();
      expectRefused(fn, MapiArgumentError, code);
      expect(table.position()).toEqual(position);
    });
  }

  test('rows({ pageSize: 0 }) is refused when iteration starts, before any call', async () => {
    const records: TraceRecord[] = [];
    setTrace((r) => void records.push(r));
    await expect(table.rows({ pageSize: 0 }).next()).rejects.toMatchObject({ code: 'ERR_ARGUMENT' });
    setTrace(null);
    expect(records).toEqual([]);
  });

  test('rows({ pageSize: 2^32 + 1 }) is refused', async () => {
    const records: TraceRecord[] = [];
    setTrace((r) => void records.push(r));
    await expect(table.rows({ pageSize: 2 ** 32 + 1 }).next()).rejects.toMatchObject({ code: 'ERR_ARGUMENT' });
    setTrace(null);
    expect(records.filter((r) => r.call === 'IMAPITable::QueryRows')).toEqual([]);
  });

  test('all({ pageSize: NaN }): typed, and no QueryRows with the bad count', () => {
    const o = attempt(() => table.all({ pageSize: NaN }));
    expect((o.error as KoffiMapiError).code).toBe('ERR_ARGUMENT');
    expect(calls(o).filter((c) => c === 'IMAPITable::QueryRows')).toEqual([]);
  });

  describe('save(flags)', () => {
    let m: Message;
    beforeEach(() => {
      m = scratch.createMessage({ PR_SUBJECT_W: 'save me' }, { save: false });
    });
    afterEach(() => m.release());
    test("save('x'): typed, no call entered", () => {
      expectRefused(() => m.save('x' as never), MapiArgumentError, 'ERR_ARGUMENT');
      expect(m.get('PR_SUBJECT_W')).toBe('save me');
    });
    for (const [what, flags] of [['NaN', NaN], ['1.5', 1.5], ['2^40', 2 ** 40]] as const) {
      // NaN and 2^40 become SaveChanges(0): the message is saved and CLOSED, so the next call fails.
      test(`save(${what}) is refused and the message stays open`, () => {
        expectRefused(() => m.save(flags as never), MapiArgumentError, 'ERR_ARGUMENT');
        expect(m.get('PR_SUBJECT_W')).toBe('save me');
      });
    }
  });

  describe('logon and initialize flags', () => {
    for (const [what, flags] of [['NaN', NaN], ["'x'", 'x'], ['1.5', 1.5], ['2^40', 2 ** 40]] as const) {
      test(`logon({ flags: ${what} }) is refused`, () => {
        expectRefused(() => mapi.logon({ profile: 'Sample', flags: flags as never }), MapiArgumentError);
      });
    }
    for (const [what, flags] of [['NaN', NaN], ["'x'", 'x'], ['-1', -1], ['2^32', 2 ** 32]] as const) {
      test(`initialize({ flags: ${what} }) is refused`, () => {
        expectRefused(() => initializeWith(flags), MapiArgumentError);
      });
    }
    test('logon({ profile }) with NUL or a non-string is refused before MAPILogonEx', () => {
      expectRefused(() => mapi.logon({ profile: 'Sample\0evil' }), MapiArgumentError, 'ERR_ARGUMENT');
      expectRefused(() => mapi.logon({ profile: 42 as never }), MapiArgumentError, 'ERR_ARGUMENT');
    });
  });
});

/** initialize() with these flags on the test's own library (a successful one is uninitialized again). */
function initializeWith(flags: unknown): unknown {
  const m = initialize({ library: providerLibrary(), flags: flags as number });
  m.uninitialize();
  return m;
}

// ---- Strings with NUL, entry ids, paths ---------------------------------------------------------------

describe('strings, entry ids and paths', () => {
  const ROWS: [string, () => unknown, ErrorClass, string | undefined, string?][] = [
    ['createFolder(name with NUL)', () => scratch.createFolder('a\0b'), MapiArgumentError, 'ERR_ARGUMENT'],
    ["createFolder('')", () => scratch.createFolder(''), MapiArgumentError, 'ERR_ARGUMENT'],
    ['createFolder(42)', () => scratch.createFolder(42 as never), MapiArgumentError, 'ERR_ARGUMENT'],
    [
      'createFolder(comment with NUL)', () => scratch.createFolder('commented', { comment: 'a\0b' }), MapiArgumentError, 'ERR_ARGUMENT',
      'B6: Folder.createFolder checks the name, not the comment: CreateFolder gets a truncated comment',
    ],
    [
      'receiveFolder(class with NUL)', () => store.receiveFolder('IPM\0.Evil'), MapiArgumentError, 'ERR_ARGUMENT',
      'B5: Store.receiveFolder passes the class unchecked: GetReceiveFolder gets a truncated class',
    ],
    ['receiveFolder(42)', () => store.receiveFolder(42 as never), MapiArgumentError, 'ERR_ARGUMENT', 'B5: untyped RangeError from Buffer.alloc(NaN)'],
    ["session.openEntry('xyz')", () => session.openEntry('xyz'), MapiArgumentError, 'ERR_ENTRYID'],
    ["session.openEntry('abc') (odd length)", () => session.openEntry('abc'), MapiArgumentError, 'ERR_ENTRYID'],
    ["session.openEntry('')", () => session.openEntry(''), MapiArgumentError, 'ERR_ENTRYID'],
    ["store.openEntry('0x00')", () => store.openEntry('0x00'), MapiArgumentError, 'ERR_ENTRYID'],
    ["openStore({ entryId: 'zz' })", () => session.openStore({ entryId: 'zz' }), MapiArgumentError, 'ERR_ENTRYID'],
    ["deleteMessages(['nothex'])", () => scratch.deleteMessages(['nothex']), MapiArgumentError, 'ERR_ENTRYID'],
    ['session.openEntry(42)', () => session.openEntry(42 as never), MapiArgumentError, 'ERR_ENTRYID', 'B3: entryIdBytes does Buffer.from(42): untyped TypeError'],
    ['session.openEntry(null)', () => session.openEntry(null as never), MapiArgumentError, 'ERR_ENTRYID', 'B3'],
    ['store.openEntry({})', () => store.openEntry({} as never), MapiArgumentError, 'ERR_ENTRYID', 'B3'],
    ['openStore(42)', () => session.openStore(42 as never), MapiArgumentError, 'ERR_ENTRYID', 'B3'],
    ['openStore(null)', () => session.openStore(null as never), MapiArgumentError, undefined, "B3: Session.openStore does `'name' in null`"],
    ['deleteMessages([42])', () => scratch.deleteMessages([42 as never]), MapiArgumentError, 'ERR_ENTRYID', 'B3'],
    ["folder.folder('')", () => scratch.folder(''), MapiArgumentError, 'ERR_PATH'],
    ["folder.folder('///')", () => scratch.folder('///'), MapiArgumentError, 'ERR_PATH'],
    ['store.folder(42)', () => store.folder(42 as never), MapiArgumentError, 'ERR_PATH', 'B4: Store.folder calls path.startsWith: untyped TypeError'],
  ];
  for (const [what, fn, cls, code, bug] of ROWS) {
    t(bug)(`${what}`, () => {
      const children = scratch.subfolders().length;
      expectRefused(fn, cls, code);
      expect(scratch.subfolders().length).toBe(children);
    });
  }

  test("store.folder(''): typed ERR_PATH; the only calls made are the legitimate ones to open the IPM subtree", () => {
    expectRefused(() => store.folder(''), MapiArgumentError, 'ERR_PATH', ['IMsgStore::GetProps', 'MAPIFreeBuffer', 'IMsgStore::OpenEntry', 'IMAPIFolder::Release']);
  });

  test('an empty entry id given as bytes is the provider\'s call: MAPI_E_INVALID_ENTRYID', () => {
    expect(() => session.openEntry(new Uint8Array(0))).toThrow(expect.objectContaining({ name: 'MAPI_E_INVALID_ENTRYID', call: 'IMAPISession::OpenEntry' }));
  });
});

// ---- Sync options -------------------------------------------------------------------------------------

describe('synchronize() options', () => {
  let jsBefore = 0;
  beforeEach(() => {
    jsBefore = jsObjectStats().objects;
  });
  afterEach(async () => {
    // A run that a bug let start must end before the next test (and before the process exits): its
    // provider thread, then the bridge's watch on the done event (every 50 ms) that frees the callback.
    for (let i = 0; i < 400 && (stats().threads > 0 || jsObjectStats().objects > jsBefore); i++) await new Promise((r) => setTimeout(r, 5));
    knobs('');
  });

  test('flags outside SYNC_*, NaN or fractional flags are refused before IMAPISync is asked for', () => {
    for (const flags of [0x4, NaN, 1.5, 'x', -1]) {
      const o = attempt(() => store.synchronize({ flags: flags as number }));
      expect((o.error as KoffiMapiError).code).toBe('ERR_SYNC_FLAGS');
      expect(calls(o).filter((c) => c.includes('QueryInterface') || c.includes('IMAPISync'))).toEqual([]);
    }
  });

  test('an already aborted signal is refused before anything starts', () => {
    const ac = new AbortController();
    ac.abort();
    const o = attempt(() => store.synchronize({ signal: ac.signal }));
    expect((o.error as KoffiMapiError).code).toBe('ABORT_ERR');
    expect(calls(o).filter((c) => /QueryInterface|IMAPISync/.test(c))).toEqual([]);
  });

  const OPTIONS: [string, Record<string, unknown>][] = [
    ['timeoutMs: NaN', { timeoutMs: NaN }],
    ['timeoutMs: -1', { timeoutMs: -1 }],
    ["timeoutMs: '100'", { timeoutMs: '100' }],
    ['pollMs: NaN', { pollMs: NaN }],
    ['pollMs: -5', { pollMs: -5 }],
  ];
  for (const [what, options] of OPTIONS) {
    test(`${what} is refused before the sync starts`, async () => {
      knobs('sync.items=1');
      const o = attempt(() => store.synchronize(options));
      if (o.value) await (o.value as PromiseLike<unknown>).then(undefined, () => undefined);
      expect(o.error).toBeInstanceOf(MapiArgumentError);
      expect(calls(o).filter((c) => /QueryInterface|IMAPISync/.test(c))).toEqual([]);
    });
  }

  test('signal that is not an AbortSignal is refused before IMAPISync is asked for, and nothing leaks', async () => {
    const before = accounting();
    const o = attempt(() => store.synchronize({ signal: 'stop' as never }));
    const run = o.value as { result?: Promise<unknown> } | undefined;
    if (run?.result) await run.result.catch(() => undefined);
    // Undo the leak the bug causes, so the file's leak check stays meaningful: release the IMAPISync
    // reference that QueryInterface handed out and nobody released.
    const qi = o.entered.find((r) => r.call.startsWith('IMsgStore::QueryInterface'));
    const leaked = qi && /ppvObject=0x([0-9a-f]+)/.exec(String(qi.result));
    const leakedStillLive = leaked && stats().syncs > 0;
    if (leakedStillLive) wrap(IMAPISync, BigInt(`0x${leaked[1]}`)).release();
    expect(o.error).toBeInstanceOf(MapiArgumentError);
    expect(calls(o).filter((c) => /QueryInterface|IMAPISync/.test(c))).toEqual([]);
    expect(leakedStillLive).toBeFalsy();
    expect(accounting()).toEqual(before);
  });
});

// ---- Released objects, logoff, uninitialize -----------------------------------------------------------

describe('released objects', () => {
  test('every friendly method of a released store, folder, message and table is a ReleasedObjectError, with no native call', () => {
    const st = session.defaultStore();
    const f = st.folder('Inbox');
    const tb = f.contents({ columns: ['PR_SUBJECT_W'] });
    const m = scratch.createMessage({ PR_SUBJECT_W: 'gone' });
    for (const o of [tb, m, f, st]) o.release();
    const ops: [string, () => unknown][] = [
      ['store.name', () => st.name], ['store.props()', () => st.props()], ['store.folder()', () => st.folder('Inbox')],
      ['store.root()', () => st.root()], ['store.openEntry()', () => st.openEntry(null)], ['store.receiveFolder()', () => st.receiveFolder()],
      ['store.synchronize()', () => st.synchronize()], ['store.set()', () => st.set({ PR_COMMENT_W: 'x' })],
      ['folder.name', () => f.name], ['folder.contents()', () => f.contents()], ['folder.subfolders()', () => f.subfolders()],
      ['folder.createMessage()', () => f.createMessage()], ['folder.createFolder()', () => f.createFolder('x')],
      ['folder.deleteMessages()', () => f.deleteMessages(['00'])], ['folder.openEntry()', () => f.openEntry('00')],
      ['message.get()', () => m.get('PR_SUBJECT_W')], ['message.set()', () => m.set({ PR_SUBJECT_W: 'x' })], ['message.save()', () => m.save()],
      ['message.delete()', () => m.delete(['PR_SUBJECT_W'])], ['message.propList()', () => m.propList()],
      ['table.count()', () => tb.count()], ['table.queryRows()', () => tb.queryRows(1)], ['table.seek()', () => tb.seek('beginning', 0)],
      ['table.setColumns()', () => tb.setColumns(['PR_SUBJECT_W'])], ['table.columns()', () => tb.columns()], ['table.position()', () => tb.position()],
      ['table.restrict()', () => tb.restrict(null)], ['table.sort()', () => tb.sort([])], ['table.all()', () => tb.all()],
    ];
    for (const [what, fn] of ops) {
      const e = expectRefused(fn, ReleasedObjectError, 'ERR_RELEASED');
      expect([what, e.message]).toEqual([what, expect.stringMatching(/called after the object was released/)]);
    }
    // release() again is harmless.
    for (const o of [tb, m, f, st]) expect(() => o.release()).not.toThrow();
  });

  test('a released raw proxy refuses every method, QueryInterface, AddRef, Release and ptr', () => {
    const st = session.defaultStore();
    const raw = st.raw;
    st.release();
    expect(raw.released).toBe(true);
    expectRefused(() => raw.GetProps(null, 0, [0], [null]), ReleasedObjectError, 'ERR_RELEASED');
    expectRefused(() => raw.QueryInterface(IMsgStore), ReleasedObjectError, 'ERR_RELEASED');
    expectRefused(() => raw.AddRef(), ReleasedObjectError, 'ERR_RELEASED');
    expectRefused(() => raw.Release(), ReleasedObjectError, 'ERR_RELEASED');
    expectRefused(() => raw.ptr, ReleasedObjectError, 'ERR_RELEASED');
    expect(() => raw.release()).not.toThrow();
    expect(String(raw)).toBe('[IMsgStore released]');
  });

  test('a destroyed JS COM object cannot be held again', async () => {
    const base = jsObjectStats().objects;
    const cb = implement(IMAPISyncProgressCallback, {});
    cb.release();
    cb.release();
    await new Promise((r) => setImmediate(r));
    expect(cb.destroyed).toBe(true);
    expect(() => cb.hold()).toThrow(expect.objectContaining({ code: 'ERR_DESTROYED' }));
    expect(jsObjectStats().objects).toBe(base);
  });
});

describe('after logoff and after uninitialize', () => {
  test('after logoff: the session and everything opened through it refuse, with no native call', () => {
    const s = mapi.logon({ profile: 'Sample' });
    const st = s.defaultStore();
    const f = st.folder('Inbox');
    const tb = f.contents();
    const sRaw = s.raw;
    s.logoff();
    for (const fn of [() => s.stores(), () => s.defaultStore(), () => s.openEntry('00'), () => st.name, () => f.subfolders(), () => tb.count(), () => sRaw.Logoff(0, 0, 0)]) {
      expectRefused(fn, ReleasedObjectError, 'ERR_RELEASED');
    }
    expect(() => s.logoff()).not.toThrow();
  });

  test('a raw Logoff behind the friendly layer\'s back: the provider answers MAPI_E_END_OF_SESSION, typed, with its detail', () => {
    const s = mapi.logon({ profile: 'Sample' });
    const st = s.defaultStore();
    s.raw.Logoff(0, 0, 0);
    expect(() => st.name).toThrow(expect.objectContaining({ name: 'MAPI_E_END_OF_SESSION', call: 'IMsgStore::GetProps', detail: expect.stringMatching(/logged off/) }));
    // logoff() still releases everything (its own Logoff call is refused by the provider).
    expect(() => s.logoff()).toThrow(expect.objectContaining({ name: 'MAPI_E_END_OF_SESSION', call: 'IMAPISession::Logoff' }));
    expect(st.released && s.released).toBe(true);
  });

  test('after uninitialize: logon is ERR_UNINITIALIZED; every object refuses; nothing reaches the provider', () => {
    const m2 = init();
    const s = m2.logon({ profile: 'Sample' });
    const st = s.defaultStore();
    const f = st.folder('Inbox');
    m2.uninitialize();
    expectRefused(() => m2.logon({ profile: 'Sample' }), KoffiMapiError, 'ERR_UNINITIALIZED');
    for (const fn of [() => s.stores(), () => st.props(), () => f.contents(), () => st.synchronize()]) expectRefused(fn, ReleasedObjectError, 'ERR_RELEASED');
    expect(m2.initializedNow).toBe(false);
    expect(() => m2.uninitialize()).not.toThrow();
    // The test's own session (another initialize on this thread) is untouched.
    expect(session.stores()).toHaveLength(2);
  });
});

// ---- The raw proxy layer ------------------------------------------------------------------------------

describe('raw proxies', () => {
  let table: Table;
  beforeAll(() => {
    using inbox = store.folder('Inbox');
    table = inbox.contents({ columns: ['PR_SUBJECT_W'] });
  });
  afterAll(() => table.release());

  test('wrong arity is ERR_ARITY before any call', () => {
    expectRefused(() => (table.raw.SeekRow as (...a: unknown[]) => number)(0, 1), MapiArgumentError, 'ERR_ARITY');
    expectRefused(() => (table.raw.GetRowCount as (...a: unknown[]) => number)(0, [0], 1), MapiArgumentError, 'ERR_ARITY');
  });

  test('values Koffi cannot convert are ERR_ARGUMENT and never enter the native method', () => {
    for (const v of ['1', undefined, null, true, {}, [1]]) {
      expectRefused(() => table.raw.SeekRow(0, v as never, [0]), MapiArgumentError, 'ERR_ARGUMENT');
    }
    expectRefused(() => table.raw.QueryRows(1, 0, {} as never), MapiArgumentError, 'ERR_ARGUMENT');
  });

  test('wrap() of NULL or of a non-pointer is ERR_NULL_POINTER', () => {
    expectRefused(() => wrap(IMAPITable, 0n), MapiArgumentError, 'ERR_NULL_POINTER');
    expectRefused(() => wrap(IMAPITable, 42 as never), MapiArgumentError, 'ERR_NULL_POINTER');
    expectRefused(() => wrap(IMAPITable, null as never), MapiArgumentError, 'ERR_NULL_POINTER');
  });

  test('memory as long as its count says goes through: a tag array in a Uint32Array, in a Buffer view at an offset, an entry id with bytes to spare', () => {
    const PR_SUBJECT_W = 0x0037001f;
    const get = (tags: Uint32Array | Buffer) => {
      const count = [0], props: (bigint | null)[] = [null];
      table.raw.SetColumns(tags, 0);
      store.raw.GetProps(tags, 0, count, props);
      providerLibrary().exports.MAPIFreeBuffer(props[0]);
      return count[0];
    };
    expect(get(new Uint32Array([1, PR_SUBJECT_W]))).toBe(1);
    // The count is read at the view's own offset: the 0xFF bytes before it would say 0xFFFFFFFF tags.
    const tail = Buffer.alloc(12, 0xff);
    tail.writeUInt32LE(1, 4);
    tail.writeUInt32LE(PR_SUBJECT_W, 8);
    expect(get(tail.subarray(4))).toBe(1);
    const id = store.get('PR_ENTRYID') as Buffer;
    const type = [0], unk: (bigint | null)[] = [null];
    store.raw.OpenEntry(id.length, Buffer.concat([id, Buffer.alloc(16)]), null, 0, type, unk);
    wrap(IMsgStore, unk[0]!).release();
    expect(type[0]).toBe(1 /* MAPI_STORE */);
  });

  const NUMBERS: [string, () => unknown][] = [
    ['GetRowCount(NaN)', () => table.raw.GetRowCount(NaN, [0])],
    ['GetRowCount(Infinity)', () => table.raw.GetRowCount(Infinity, [0])],
    ['GetRowCount(2^40)', () => table.raw.GetRowCount(2 ** 40, [0])],
    ['GetRowCount(0.5)', () => table.raw.GetRowCount(0.5, [0])],
    ['SeekRow(0, 2^31)', () => table.raw.SeekRow(0, 2 ** 31, [0])],
    ['SeekRow(0, -Infinity)', () => table.raw.SeekRow(0, -Infinity, [0])],
  ];
  for (const [what, fn] of NUMBERS) {
    test(`${what} is refused, not converted`, () => {
      table.seek('beginning', 2);
      expectRefused(fn, MapiArgumentError, 'ERR_ARGUMENT');
      expect(table.position().row).toBe(2);
    });
  }

});

// ---- Raw calls that would crash the process if a check regressed: in a child process -----------------

/**
 * One child process runs every probe in order and prints one JSON line per probe; a crash ends it, so the
 * probe that does not crash without its fix comes first (the B17 probes share one cause, the issue-11
 * probes each crashed or read past the memory they were given). A probe either throws (its error's code
 * is reported, with the native calls it entered) or its change in the provider's live buffers is reported.
 * Each row: what, code, the error code expected ('' = may also succeed, losing nothing), why it is here.
 */
const B17 = "B17: Koffi takes a JS number as an address and a string as char*; the provider dereferences it";
const I11 = 'issue 11: the raw layer passed memory shorter than its count, or an address that cannot be an object';
const PROBES: [string, string, string, string][] = [
  [
    'QueryRows(1, 0, []): an empty array as an out parameter',
    'const out = []; t.raw.QueryRows(1, 0, out); if (out[0]) library.exports.FreeProws(out[0]);',
    'ERR_ARGUMENT?',
    'B16: Koffi does not write into an empty out array: the SRowSet is lost (2 buffers leak)',
  ],
  ['SetColumns(42, 0): a JS number as a struct pointer', 't.raw.SetColumns(42, 0)', 'ERR_ARGUMENT', B17],
  ["SetColumns('PR_SUBJECT_W', 0): a JS string as a struct pointer", "t.raw.SetColumns('PR_SUBJECT_W', 0)", 'ERR_ARGUMENT', B17],
  ['Restrict(12345, 0): a JS number as a restriction pointer', 't.raw.Restrict(12345, 0)', 'ERR_ARGUMENT', B17],
  ["GetProps('x', 0, [0], [null]): a JS string as a tag array", "st.raw.GetProps('x', 0, [0], [null])", 'ERR_ARGUMENT', B17],
  ['wrap(IMAPIProp, 0x10n).GetProps(...): an address in the first 64 KiB', 'wrap(defs.IMAPIProp, 0x10n).GetProps(null, 0, [0], [null])', 'ERR_BAD_POINTER', I11],
  ['wrap(IMAPIProp, store + 1).GetProps(...): a misaligned address', 'wrap(defs.IMAPIProp, st.raw.ptr + 1n).GetProps(null, 0, [0], [null])', 'ERR_BAD_POINTER', I11],
  ['SetProps(100000, one SPropValue, null): a count larger than the array', 'st.raw.SetProps(100000, Buffer.alloc(24), null)', 'ERR_LENGTH', I11],
  ['SetProps(3, null, null): a count with no array', 'st.raw.SetProps(3, null, null)', 'ERR_LENGTH', I11],
  ['GetProps(a tag array whose cValues is 0x7fffffff)', 'st.raw.GetProps(tagArray(0x7fffffff), 0, [0], [null])', 'ERR_LENGTH', I11],
  ['SetColumns(a Uint32Array tag array with cValues 1000000)', "t.raw.SetColumns(new Uint32Array([1000000, tag('PR_SUBJECT_W')]), 0)", 'ERR_LENGTH', I11],
  ['SortTable(an SSortOrderSet whose cSorts is 100000)', 't.raw.SortTable(sortSet(100000), 0)', 'ERR_LENGTH', I11],
  ['OpenEntry(2^30, a 4-byte entry id)', 'st.raw.OpenEntry(2 ** 30, Buffer.alloc(4), null, 0, [0], [null])', 'ERR_LENGTH', I11],
  ['CompareEntryIDs(2^30, 8 bytes, 8, 8 bytes)', 'st.raw.CompareEntryIDs(2 ** 30, Buffer.alloc(8), 8, Buffer.alloc(8), 0, [0])', 'ERR_LENGTH', I11],
  ['GetIDsFromNames(1000, one name pointer)', 'st.raw.GetIDsFromNames(1000, Buffer.alloc(8, 0x41), 0, [null])', 'ERR_LENGTH', I11],
  ['CopyTo(2, one GUID string, ...): ciidExclude larger than rgiidExclude', "st.raw.CopyTo(2, '{00020303-0000-0000-C000-000000000046}', null, 0, null, null, inbox.raw, 0, null)", 'ERR_LENGTH', I11],
  ['DeleteMessages(a 4-byte ENTRYLIST)', 'inbox.raw.DeleteMessages(Buffer.alloc(4), 0, null, 0)', 'ERR_LENGTH', I11],
  ['OpenEntry(0, null, an 8-byte interface id)', 'st.raw.OpenEntry(0, null, Buffer.alloc(8), 0, [0], [null])', 'ERR_LENGTH', I11],
];

const childScript = (lib: string, dll: string) => `
const { initialize, load, sampleProvider, wrap, defs, tag, setTrace, MapiArgumentError } = require(${JSON.stringify(lib)});
const library = load({ path: ${JSON.stringify(dll)} });
const sp = sampleProvider(library);
const mapi = initialize({ library });
const s = mapi.logon({ profile: 'Sample' });
const st = s.defaultStore();
const inbox = st.folder('Inbox');
const t = inbox.contents({ columns: ['PR_SUBJECT_W'] });
const tagArray = (n) => { const b = Buffer.alloc(8); b.writeUInt32LE(n, 0); b.writeUInt32LE(tag('PR_SUBJECT_W'), 4); return b; };
// SSortOrderSet { cSorts, cCategories, cExpanded, aSort[] }: room for one SSortOrder, cSorts says n.
const sortSet = (n) => { const b = Buffer.alloc(20); b.writeUInt32LE(n, 0); b.writeUInt32LE(tag('PR_SUBJECT_W'), 12); return b; };
const probes = ${JSON.stringify(PROBES.map(([, code]) => code))};
const buffers = () => sp.stats().buffers;
let entered = 0;
setTrace((r) => { if (r.dir === 'out') entered++; });
for (let i = 0; i < probes.length; i++) {
  process.stdout.write(JSON.stringify({ i, started: true }) + '\\n');
  let out;
  const b = buffers();
  entered = 0;
  try { eval(probes[i]); out = { i, leaked: buffers() - b }; }
  catch (e) { out = { i, code: e.code, typed: e instanceof MapiArgumentError, entered, message: String(e.message).slice(0, 300) }; }
  process.stdout.write(JSON.stringify(out) + '\\n');
}
setTrace(null);
t.release(); inbox.release(); st.release(); s.logoff(); mapi.uninitialize();
`;

// Output goes to files (Windows Node under Wine cannot write to a pipe); a crash under Wine ends the
// child with its exception code, as winedbg is disabled there (docs/wine.md).
describe('raw calls that crashed the process (child process)', () => {
  let results: { i: number; code?: string; typed?: boolean; leaked?: number; entered?: number; message?: string; started?: boolean }[] = [];
  let exit: ChildOutcome = { code: null, signal: null, stdout: '', stderr: '', ms: 0 };
  beforeAll(async () => {
    const root = path.resolve(__dirname, '..');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kmapi-badinput-'));
    const script = path.join(dir, 'probes.js');
    fs.writeFileSync(script, childScript(path.join(root, 'lib'), providerLibrary().path));
    const env: NodeJS.ProcessEnv = { ...process.env, TS_NODE_TRANSPILE_ONLY: '1' };
    delete env.KOFFI_MAPI_TRACE;
    exit = await runToFiles(['-r', 'ts-node/register/transpile-only', script], { base: path.join(dir, 'probes'), cwd: root, env, timeoutMs: 150_000 });
    fs.rmSync(dir, { recursive: true, force: true });
    results = exit.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l));
  }, 180_000);

  PROBES.forEach(([what, , expected, bug], i) => {
    t(bug)(`${what}: a typed ${expected.replace('?', '')}${expected.endsWith('?') ? ' (or a call that loses nothing)' : ''}, no native call, no crash`, () => {
      const r = results.find((x) => x.i === i && !x.started);
      const refused = r?.code === expected.replace('?', '') && r.typed === true && r.entered === 0;
      const clean = expected.endsWith('?') && r?.leaked === 0;
      expect({ refusedOrClean: refused || clean, result: r ?? 'the child crashed during this probe or before it', exit: exit.signal ?? exit.code })
        .toEqual({ refusedOrClean: true, result: expect.anything(), exit: 0 });
    });
  });

  test('a length error names the interface, the method, the parameter and both lengths', () => {
    const i = PROBES.findIndex(([what]) => what.startsWith('SetProps(100000'));
    expect(results.find((x) => x.i === i && !x.started)?.message).toMatch(
      /^IMsgStore::SetProps: lpPropArray is a Buffer of 24 bytes, but cValues = 100000 asks for \d+ bytes \(100000 × (16|24)-byte SPropValue\)/,
    );
  });

  test('the child ran (the harness works)', () => {
    expect({ ran: results.some((r) => r.i === 0 && r.started), stderr: exit.stderr }).toEqual({ ran: true, stderr: expect.any(String) });
  });
});
