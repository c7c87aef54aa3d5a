/**
 * What only Windows can prove, run for real under Wine by scripts/windows/test.sh (x64 and ia32):
 * registry discovery the way the MAPI stub does it, the wrong-bitness refusal before LoadLibrary, Wine's
 * own mapi32.dll forwarding to our provider (mapi32 -> HKLM\Software\Clients\Mail -> DLLPathEx), and Wine's
 * own MAPI code (CreateIProp's IPropData) driven through the generic proxies and the PropObject layer.
 * On other platforms every test here is reported as skipped.
 *
 * Where Wine differs from Microsoft's documentation, the test asserts what Wine does and says so; the
 * list is in docs/wine.md.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import koffi from 'koffi';
import {
  load, initialize, sampleProvider, sampleProviderPath, wrap, decodeRowSet, guidBytes, PropObject, PropError, PropProblemsError,
  MapiLoadError, Arena, hresultName, type MapiLibrary, type SampleProvider,
} from '../lib';
import { MapiContext } from '../lib/mapi/context';
import { encodeTagArray } from '../lib/mapi/props';
import { decodeProps } from '../lib/mapi/decode';
import { describeIf, WINDOWS_ONLY } from './helpers/skip';
import { readHklmString, systemDirectory } from '../lib/platform/windows';
import { EXPORTS } from '../ffi-defs/exports';
import { IPropData } from '../ffi-defs/interfaces/IPropData';

const onWindows = describeIf(process.platform === 'win32', WINDOWS_ONLY);

const MAIL = 'Software\\Clients\\Mail';
const CLIENT = 'KoffiMapiSample';
const S_OK = 0;
const MAPI_W_ERRORS_RETURNED = 0x00040380;
const MAPI_E_INVALID_PARAMETER = 0x80070057;
const E_ACCESSDENIED = 0x80070005; // = MAPI_E_NO_ACCESS
const MAPI_UNICODE = 0x80000000;
const IPROP_READONLY = 0x1;
const IPROP_READWRITE = 0x2;
const IPROP_CLEAN = 0x10000;

/** Wine's reg.exe, run inside this (Windows) process's prefix. */
function reg(...args: string[]): string {
  const exe = path.win32.join(process.env.SystemRoot ?? 'C:\\windows', 'system32', 'reg.exe');
  return execFileSync(exe, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
}

/** Saves HKLM\Software\Clients\Mail (reg export) and puts it back exactly (delete + reg import). */
function snapshotMailKey(): () => void {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kmapi-reg-')), 'mail.reg');
  reg('export', `HKLM\\${MAIL}`, file, '/y');
  return () => {
    try {
      reg('delete', `HKLM\\${MAIL}`, '/f');
    } catch {
      /* already gone */
    }
    reg('import', file);
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  };
}

/** Makes `dll` the default mail client's DLLPathEx, as register-provider.sh does. */
function register(dll: string, type: 'REG_SZ' | 'REG_EXPAND_SZ' = 'REG_SZ'): void {
  reg('add', `HKLM\\${MAIL}`, '/ve', '/t', 'REG_SZ', '/d', CLIENT, '/f');
  reg('add', `HKLM\\${MAIL}\\${CLIENT}`, '/v', 'DLLPathEx', '/t', type, '/d', dll, '/f');
}

const catchLoad = (opts: Parameters<typeof load>[0] = {}): MapiLoadError => {
  try {
    load(opts);
  } catch (e) {
    return e as MapiLoadError;
  }
  throw new Error('load() did not fail');
};

let k32: { GetModuleHandleW: (name: string) => unknown; SetEnvironmentVariableW: (name: string, value: string | null) => number } | undefined;
const kernel32 = () => {
  if (!k32) {
    const lib = koffi.load('kernel32.dll');
    k32 = {
      GetModuleHandleW: lib.func('__stdcall', 'GetModuleHandleW', 'void *', ['const char16_t *']),
      SetEnvironmentVariableW: lib.func('__stdcall', 'SetEnvironmentVariableW', 'int32_t', ['const char16_t *', 'const char16_t *']),
    };
  }
  return k32;
};
/** Whether a DLL is mapped in this process (GetModuleHandleW), without loading it. */
const isLoaded = (dll: string): boolean => kernel32().GetModuleHandleW(dll) !== null;
/** The process environment RegGetValueW expands with (jest's process.env is a copy that never reaches it). */
const setNativeEnv = (name: string, value: string | null) => expect(kernel32().SetEnvironmentVariableW(name, value)).not.toBe(0);

const ours = () => sampleProviderPath(); // build/win-x64 or build/win-ia32, as this Node's bitness
const otherArch = () => (process.arch === 'x64' ? 'ia32' : 'x64');
const theirs = () => sampleProviderPath(`win32-${otherArch()}`);
const sameFile = (a: string, b: string) => path.win32.resolve(a).toLowerCase() === path.win32.resolve(b).toLowerCase();

let restore: (() => void) | undefined;
let provider: MapiLibrary;
let sp: SampleProvider;
let mapi32: MapiLibrary;

onWindows('Windows', () => {
  beforeAll(() => {
    if (!fs.existsSync(ours())) throw new Error(`${ours()} is missing: node scripts/build-provider.js --target win-${process.arch} (scripts/windows/test.sh builds it)`);
    restore = snapshotMailKey();
    // Registered before mapi32.dll is first loaded in this process: its DllMain reads the key once.
    register(path.resolve(ours()));
  });
  afterAll(() => restore?.());

  describe("Wine's mapi32.dll forwards to the registered provider (the Windows stub route)", () => {
    beforeAll(() => {
      mapi32 = load({ path: 'mapi32.dll' });
      // The same module mapi32 loaded through DLLPathEx (LoadLibrary of one path maps it once): its
      // accounting shows what reached the provider through mapi32.
      provider = load({ path: ours() });
      sp = sampleProvider(provider);
    });

    test('mapi32.dll is the system stub, not our DLL; it resolves the core functions plain and the utilities as Name@N', () => {
      expect(mapi32.via).toBe('path option');
      expect(() => sampleProvider(mapi32)).toThrow(expect.objectContaining({ code: 'ERR_NOT_SAMPLE' }));
      expect(isLoaded(path.win32.join(systemDirectory(), 'mapi32.dll'))).toBe(true);
      expect(mapi32.bind(EXPORTS.MAPIInitialize).symbol).toBe('MAPIInitialize');
      expect(mapi32.bind(EXPORTS.MAPIAllocateBuffer).symbol).toBe('MAPIAllocateBuffer');
      // Wine exports the MAPIUtil functions only decorated, on x64 as well as on x86.
      expect(mapi32.bind(EXPORTS.HrQueryAllRows).symbol).toBe('HrQueryAllRows@24');
      expect(mapi32.bind(EXPORTS.FreeProws).symbol).toBe('FreeProws@4');
      expect(mapi32.bind(EXPORTS.CreateIProp).symbol).toBe('CreateIProp@24');
      // The provider itself answers both spellings (its .def file), which is what mapi32 needs.
      expect(provider.bind(EXPORTS.HrQueryAllRows).symbol).toBe('HrQueryAllRows');
      expect(() => provider.lib.symbol('HrQueryAllRows@24')).not.toThrow();
    });

    test('the allocators reach the provider', () => {
      const before = sp.stats().buffers;
      const out: (bigint | null)[] = [null];
      mapi32.call(EXPORTS.MAPIAllocateBuffer, 64, out);
      expect(out[0]).toBeTruthy();
      expect(sp.stats().buffers).toBe(before + 1);
      const more: (bigint | null)[] = [null];
      mapi32.call(EXPORTS.MAPIAllocateMore, 16, out[0], more);
      expect(sp.stats().buffers).toBe(before + 1); // chained to the root, not a new root
      mapi32.call(EXPORTS.MAPIFreeBuffer, out[0]);
      expect(sp.stats().buffers).toBe(before);
    });

    test('MAPIInitialize, MAPILogonEx, the stores table and MAPIUninitialize go through mapi32 to the provider', () => {
      const before = sp.stats();
      const mapi = initialize({ library: mapi32 });
      try {
        expect(sp.stats().initializedThreads).toBe(before.initializedThreads + 1);
        const session = mapi.logon({ profile: 'Sample' });
        expect(sp.stats().sessions).toBe(before.sessions + 1);
        expect(session.stores().map((s) => [s.name, s.isDefault])).toEqual([
          ['Sample Mailbox', true],
          ['Sample Archive', false],
        ]);
        // A provider error comes back through mapi32 unchanged.
        expect(() => mapi.logon({ profile: 'NoSuchProfile' })).toThrow(expect.objectContaining({ name: 'MAPI_E_LOGON_FAILED', call: 'MAPILogonEx' }));
        session.logoff();
        expect(sp.stats().sessions).toBe(before.sessions);
      } finally {
        mapi.uninitialize();
      }
      const after = sp.stats();
      expect(after.initializedThreads).toBe(before.initializedThreads);
      expect([after.objects, after.buffers]).toEqual([before.objects, before.buffers]);
    });

    test('HrQueryAllRows@24 from mapi32 runs the provider\'s HrQueryAllRows on a stores table; FreeProws@4 frees through the provider', () => {
      const before = sp.stats();
      const mapi = initialize({ library: mapi32 });
      try {
        const session = mapi.logon({ profile: 'Sample' });
        using table = session.storesTable();
        const { fn, symbol } = mapi32.bind(EXPORTS.HrQueryAllRows);
        expect(symbol).toBe('HrQueryAllRows@24');
        const arena = new Arena();
        const cols = encodeTagArray(arena, ['PR_DISPLAY_NAME_W', 'PR_DEFAULT_STORE']);
        const out: (bigint | null)[] = [null];
        expect(fn(table.raw.ptr, cols, null, null, 0, out) >>> 0).toBe(S_OK);
        expect(out[0]).toBeTruthy();
        expect(decodeRowSet(out[0]!)).toEqual([
          { PR_DISPLAY_NAME_W: 'Sample Mailbox', PR_DEFAULT_STORE: true },
          { PR_DISPLAY_NAME_W: 'Sample Archive', PR_DEFAULT_STORE: false },
        ]);
        expect(sp.stats().buffers).toBeGreaterThan(before.buffers); // the row set is the provider's memory
        mapi32.call(EXPORTS.FreeProws, out[0]);
        expect(sp.stats().buffers).toBe(before.buffers);

        // Proof that it is the provider's code (Wine's own stub would be MAPI_E_CALL_FAILED): a fault
        // injected into the provider's HrQueryAllRows comes back through mapi32.
        sp.setKnobs('fail=HrQueryAllRows:0x8004010E');
        try {
          const none: (bigint | null)[] = [null];
          expect(hresultName(fn(table.raw.ptr, cols, null, null, 0, none))).toBe('MAPI_E_NOT_ENOUGH_RESOURCES');
          expect(none[0]).toBeNull();
        } finally {
          sp.setKnobs('');
        }
        // crowsMax smaller than the table: MAPI_E_TABLE_TOO_BIG (the documented limit).
        const few: (bigint | null)[] = [null];
        expect(hresultName(fn(table.raw.ptr, cols, null, null, 1, few))).toBe('MAPI_E_TABLE_TOO_BIG');
        session.logoff();
      } finally {
        mapi.uninitialize();
      }
      expect([sp.stats().objects, sp.stats().buffers]).toEqual([before.objects, before.buffers]);
    });
  });

  describe("CreateIProp@24: Wine's own IPropData through the generic proxies", () => {
    const GUID = '{5024A385-2D44-486A-81A8-8F0ECB6071DD}';
    const when = new Date(Date.UTC(2026, 10, 21, 12, 34, 56, 789));
    /** One custom property of every type the bridge reads and writes, single- and multi-valued. */
    const values: [number, unknown][] = [
      [0x80010002, -1234], // PT_I2
      [0x80020003, -123456789], // PT_LONG
      [0x80030004, 1.5], // PT_R4
      [0x80040005, Math.PI], // PT_DOUBLE
      [0x80050006, 123456789n], // PT_CURRENCY
      [0x80060007, 45678.25], // PT_APPTIME
      [0x8007000b, true], // PT_BOOLEAN
      [0x80080014, -(2n ** 62n)], // PT_I8
      [0x8009001e, 'Latin-1: café'], // PT_STRING8
      [0x800a001f, 'Grüße ✓ 日本'], // PT_UNICODE
      [0x800b0040, when], // PT_SYSTIME
      [0x800c0048, GUID], // PT_CLSID
      [0x800d0102, Buffer.from([0, 1, 2, 250, 255])], // PT_BINARY
      [0x800e1002, [1, -2, 32767]], // PT_MV_I2
      [0x800f1003, [1, -2, 2147483647]], // PT_MV_LONG
      [0x80101004, [0.5, -8]], // PT_MV_R4
      [0x80111005, [0.25, -8, Math.E]], // PT_MV_DOUBLE
      [0x80121006, [1n, -10000n]], // PT_MV_CURRENCY
      [0x80131007, [1.5, 2.25]], // PT_MV_APPTIME
      [0x80141014, [1n, -1n, 2n ** 62n]], // PT_MV_I8
      [0x8015101e, ['x', 'ÿ']], // PT_MV_STRING8
      [0x8016101f, ['a', 'ü', '日本']], // PT_MV_UNICODE
      [0x80171040, [when, new Date(0)]], // PT_MV_SYSTIME
      [0x80181048, [GUID, '{00000000-0000-0000-C000-000000000046}']], // PT_MV_CLSID
      [0x80191102, [Buffer.from('ab'), Buffer.from([0xff])]], // PT_MV_BINARY
    ];
    const tags = values.map(([t]) => t);
    const name = (t: number): `0x${string}` => `0x${t.toString(16).toUpperCase().padStart(8, '0')}`;

    let ctx: MapiContext;
    let before: { objects: number; buffers: number };
    let obj: PropObject<typeof IPropData>;

    /** CreateIProp with mapi32's own allocators (which forward to the provider's). */
    function createIProp(): PropObject<typeof IPropData> {
      const sym = (n: string) => mapi32.lib.symbol(n);
      const out: (bigint | null)[] = [null];
      expect(
        mapi32.call(EXPORTS.CreateIProp, guidBytes(IPropData.iid), sym('MAPIAllocateBuffer'), sym('MAPIAllocateMore'), sym('MAPIFreeBuffer'), null, out),
      ).toBe(S_OK);
      expect(out[0]).toBeTruthy();
      return new PropObject(ctx, wrap(IPropData, out[0]!), null, 'IPropData');
    }

    beforeAll(() => {
      ctx = new MapiContext(mapi32);
      const s = sp.stats();
      before = { objects: s.objects, buffers: s.buffers };
      obj = createIProp();
    });
    afterAll(() => {
      obj?.release();
      // Wine's IPropData allocated everything with the allocators it was given, and freed it on Release.
      const s = sp.stats();
      expect({ objects: s.objects, buffers: s.buffers }).toEqual(before);
    });

    test('it is a real IPropData: QueryInterface(IMAPIProp) works and it allocates through the allocators it was given', () => {
      expect(sp.stats().buffers).toBeGreaterThan(before.buffers); // the object itself, from our MAPIAllocateBuffer
      using unk = obj.raw.QueryInterface(IPropData);
      expect(unk.ptr).toBe(obj.raw.ptr);
    });

    test('every property type, multi-valued included, round-trips through SetProps and GetProps', () => {
      obj.set(values.map(([tag, value]) => ({ tag, value })));
      const got = obj.props(tags);
      for (const [t, v] of values) expect([name(t), got[name(t)]]).toEqual([name(t), v]);
      expect(obj.propList().sort()).toEqual([...tags].sort());
      // An existing property is replaced, not duplicated.
      obj.set({ [0x800a001f]: 'replaced' });
      expect(obj.get(0x800a001f)).toBe('replaced');
      expect(obj.propList()).toHaveLength(tags.length);
    });

    test('a missing property: MAPI_W_ERRORS_RETURNED and a PT_ERROR entry with the same id (Wine leaves Value.err unset)', () => {
      const arena = new Arena();
      const missing = 0x801a0003;
      const tagArray = encodeTagArray(arena, [0x80020003, missing]);
      const count = [0];
      const out: (bigint | null)[] = [null];
      const hr = obj.raw.GetProps(tagArray, MAPI_UNICODE, count, out);
      try {
        expect(hr).toBe(MAPI_W_ERRORS_RETURNED);
        const props = decodeProps(out[0]!, count[0]);
        expect(props.map((p) => p.tag)).toEqual([0x80020003, 0x801a000a]);
        expect(props[0].value).toBe(-123456789);
        expect(props[1].value).toBeInstanceOf(PropError);
        // Documented: Value.err = MAPI_E_NOT_FOUND. Wine only changes the tag's type to PT_ERROR and leaves
        // the union as MAPIAllocateBuffer returned it, so the value is whatever the allocator left there.
      } finally {
        ctx.free(out[0]);
      }
      // So the friendly layer cannot tell "not found" from another error: props() still returns the
      // PT_ERROR entry, but get() (which maps only MAPI_E_NOT_FOUND to undefined) must not be relied on
      // for a missing property of Wine's IPropData. Use the property list instead.
      expect(obj.props([missing])[name(0x801a000a)]).toBeInstanceOf(PropError);
      expect(obj.propList()).not.toContain(missing);
    });

    test('GetProps with a NULL tag array (documented: all properties) is MAPI_E_INVALID_PARAMETER in Wine', () => {
      expect(() => obj.getProps()).toThrow(expect.objectContaining({ name: 'MAPI_E_INVALID_PARAMETER', hr: MAPI_E_INVALID_PARAMETER }));
    });

    test('Wine matches properties by id only: asking for another type returns the stored type, unconverted', () => {
      // PR id 0x800A is stored as PT_UNICODE; ask for its PT_STRING8 and PT_LONG views.
      const [a, l] = obj.getProps([0x800a001e, 0x800a0003]);
      expect([a.tag, a.value]).toEqual([0x800a001f, 'replaced']);
      expect([l.tag, l.value]).toEqual([0x800a001f, 'replaced']);
    });

    test('PT_OBJECT and PT_NULL values reject the whole SetProps with MAPI_E_INVALID_PARAMETER; nothing is set', () => {
      const n = obj.propList().length;
      expect(() => obj.set([{ tag: 0x801b0003, value: 1 }, { tag: 0x801c000d, value: null }])).toThrow(
        expect.objectContaining({ name: 'MAPI_E_INVALID_PARAMETER', call: 'IPropData::SetProps' }),
      );
      expect(() => obj.set([{ tag: 0x801b0003, value: 1 }, { tag: 0x00000001, value: null }])).toThrow(expect.objectContaining({ name: 'MAPI_E_INVALID_PARAMETER' }));
      expect(obj.propList()).toHaveLength(n);
      expect(obj.propList()).not.toContain(0x801b0003);
    });

    test('PT_ERROR values and empty multi-valued arrays are stored as given (documented: ignored / MAPI_E_INVALID_PARAMETER)', () => {
      obj.set([{ tag: 0x801d000a, value: new PropError(0x8004010f) }, { tag: 0x801e1003, value: [] }]);
      const got = obj.getProps([0x801d000a, 0x801e1003]);
      expect(got.map((p) => p.tag)).toEqual([0x801d000a, 0x801e1003]);
      expect((got[0].value as PropError).name).toBe('MAPI_E_NOT_FOUND');
      expect(got[1].value).toEqual([]);
      obj.delete([0x801d000a, 0x801e1003]);
      expect(obj.propList()).toHaveLength(tags.length);
    });

    test('read-only properties: DeleteProps reports E_ACCESSDENIED (MAPI_E_NO_ACCESS) as a property problem; SetProps ignores the access', () => {
      const ro = 0x80020003;
      const arena = new Arena();
      const access = Buffer.alloc(4);
      access.writeUInt32LE(IPROP_READONLY | IPROP_CLEAN, 0);
      expect(obj.raw.HrSetPropAccess(encodeTagArray(arena, [ro]), access)).toBe(S_OK);

      let err: unknown;
      try {
        obj.delete([ro, 0x80010002]);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(PropProblemsError);
      expect((err as PropProblemsError).problems).toEqual([{ tag: ro, name: name(ro), error: new PropError(E_ACCESSDENIED) }]);
      expect(obj.get(ro)).toBe(-123456789); // still there
      expect(obj.propList()).not.toContain(0x80010002); // the writable one was deleted

      // Documented: MAPI_E_NO_ACCESS in the problem array. Wine's SetProps never looks at the access and
      // never writes *lppProblems: the value is replaced and no problem is reported.
      obj.set({ [ro]: 42 });
      expect(obj.get(ro)).toBe(42);

      // Whole-object read-only: DeleteProps fails with E_ACCESSDENIED; SetProps still succeeds in Wine.
      expect(obj.raw.HrSetObjAccess(IPROP_READONLY)).toBe(S_OK);
      try {
        expect(() => obj.delete([ro])).toThrow(expect.objectContaining({ hr: E_ACCESSDENIED, call: 'IPropData::DeleteProps' }));
        obj.set({ [ro]: 43 });
        expect(obj.get(ro)).toBe(43);
      } finally {
        obj.raw.HrSetObjAccess(IPROP_READWRITE);
      }
      obj.set({ [ro]: -123456789, [0x80010002]: -1234 });
    });

    test('HrGetPropAccess lists every property with its access', () => {
      const tagsOut: (bigint | null)[] = [null];
      const accessOut: (bigint | null)[] = [null];
      expect(obj.raw.HrGetPropAccess(tagsOut, accessOut)).toBe(S_OK);
      try {
        const n = koffi.decode(tagsOut[0]! as never, 'uint32_t') as number;
        const got = koffi.decode(accessOut[0]! as never, 'uint32_t', n) as number[];
        expect(n).toBe(obj.propList().length);
        expect(got.every((a) => (a & 0xf) === IPROP_READONLY || (a & 0xf) === IPROP_READWRITE)).toBe(true);
      } finally {
        ctx.free(tagsOut[0]);
        ctx.free(accessOut[0]);
      }
    });

    test('the JS types are still checked before any call, and a second IPropData is independent', () => {
      expect(() => obj.set({ [0x8002001f]: 42 })).toThrow(expect.objectContaining({ code: 'ERR_PROP_TYPE' }));
      const other = createIProp();
      try {
        expect(other.propList()).toEqual([]);
        other.set({ PR_SUBJECT_W: 'second' });
        expect(other.get('PR_SUBJECT_W')).toBe('second');
        expect(obj.propList()).not.toContain(0x0037001f);
      } finally {
        other.release();
      }
    });
  });

  describe('registry discovery (HKLM\\Software\\Clients\\Mail, as the MAPI stub does it)', () => {
    afterEach(() => register(path.resolve(ours())));

    test('with no path, load() finds the provider through the default mail client\'s DLLPathEx and says so', () => {
      expect(process.env.MAPI_DLL).toBeUndefined();
      expect(readHklmString(MAIL, null)).toBe(CLIENT);
      const lib = load();
      expect(lib.via).toBe(`registry HKLM\\${MAIL}\\${CLIENT}\\DLLPathEx`);
      expect(sameFile(lib.path, ours())).toBe(true);
      expect(lib.attempts).toEqual([{ path: readHklmString(`${MAIL}\\${CLIENT}`, 'DLLPathEx'), via: lib.via, problem: '' }]);
      expect(sampleProvider(lib).stats().version).toBeGreaterThan(0);
    });

    test('a REG_EXPAND_SZ DLLPathEx is expanded with the process environment', () => {
      setNativeEnv('KMAPI_SAMPLE_DIR', path.dirname(path.resolve(ours())));
      try {
        register('%KMAPI_SAMPLE_DIR%\\kmapi_sample.dll', 'REG_EXPAND_SZ');
        const lib = load();
        expect(sameFile(lib.path, ours())).toBe(true);
        expect(lib.via).toBe(`registry HKLM\\${MAIL}\\${CLIENT}\\DLLPathEx`);
      } finally {
        setNativeEnv('KMAPI_SAMPLE_DIR', null);
      }
    });

    test('with the registration removed, ERR_MAPI_NOT_FOUND lists every place looked at', () => {
      reg('delete', `HKLM\\${MAIL}`, '/ve', '/f');
      reg('delete', `HKLM\\${MAIL}\\${CLIENT}`, '/f');
      const e = catchLoad();
      expect(e).toBeInstanceOf(MapiLoadError);
      expect(e.code).toBe('ERR_MAPI_NOT_FOUND');
      const stub = path.win32.join(systemDirectory(), 'mapi32.dll');
      // Every route of lib/platform/discovery.ts is listed (Installer, Click-to-Run: none set up here), each with why.
      expect(e.tried[0]).toEqual({ path: `HKLM\\${MAIL}`, via: 'registry default mail client', problem: 'no default mail client is registered' });
      expect(e.tried.at(-1)).toEqual({ path: stub, via: 'system MAPI stub', problem: 'the stub forwards to the default mail client, and none is registered' });
      expect(e.tried.filter((t) => t.via.startsWith('Click-to-Run')).map((t) => t.problem)).toEqual(['value not set', 'value not set', 'value not set']);
      for (const t of e.tried) expect(t.problem).not.toBe('');
      for (const t of e.tried) expect(e.message).toContain(t.path);
      expect(e.message).toMatch(/Pass load\(\{ path \}\) or set MAPI_DLL/);
    });

    test('a default client whose DLLPathEx is missing: every registry value is listed, then the system stub is used', () => {
      const gone = path.join(os.tmpdir(), 'kmapi-no-such-dir', 'olmapi32.dll');
      register(gone);
      const lib = load();
      expect(lib.via).toBe('system MAPI stub');
      expect(lib.attempts[0]).toEqual({ path: gone, via: `registry HKLM\\${MAIL}\\${CLIENT}\\DLLPathEx`, problem: 'file not found' });
      expect(lib.attempts).toContainEqual({ path: `HKLM\\${MAIL}\\${CLIENT}\\DLLPath`, via: `registry HKLM\\${MAIL}\\${CLIENT}\\DLLPath`, problem: 'value not set' });
      expect(lib.attempts.at(-1)).toEqual({ path: path.win32.join(systemDirectory(), 'mapi32.dll'), via: 'system MAPI stub', problem: '' });
    });

    test('a relative DLLPathEx is refused, never handed to the DLL search order (a copy in the current directory does not load)', () => {
      const here = fs.mkdtempSync(path.join(os.tmpdir(), 'kmapi-cwd-'));
      const cwd = process.cwd();
      fs.copyFileSync(ours(), path.join(here, 'kmapi_rel.dll'));
      register('kmapi_rel.dll');
      process.chdir(here);
      try {
        const lib = load();
        expect(lib.via).toBe('system MAPI stub');
        expect(lib.attempts[0]).toEqual({ path: 'kmapi_rel.dll', via: `registry HKLM\\${MAIL}\\${CLIENT}\\DLLPathEx`, problem: 'not an absolute path' });
        expect(isLoaded(path.join(here, 'kmapi_rel.dll'))).toBe(false);
      } finally {
        process.chdir(cwd);
        fs.rmSync(here, { recursive: true, force: true });
      }
    });

    test('the other bitness\'s provider registered is refused with the bitness message, before LoadLibrary', () => {
      if (!fs.existsSync(theirs())) throw new Error(`${theirs()} is missing: node scripts/build-provider.js --target win-${otherArch()} (scripts/windows/test.sh builds both)`);
      register(path.resolve(theirs()));
      expect(isLoaded(theirs())).toBe(false);
      const e = catchLoad();
      expect(e.code).toBe('ERR_BITNESS');
      expect(e.message).toMatch(
        process.arch === 'x64' ? /it is a 32-bit x86 DLL and this Node\.js process is 64-bit x64/ : /it is a 64-bit x64 DLL and this Node\.js process is 32-bit x86/,
      );
      expect(e.message).toMatch(/must match Outlook's bitness/);
      expect(e.message).toContain(`registry HKLM\\${MAIL}\\${CLIENT}\\DLLPathEx`);
      expect(e.tried[0]).toMatchObject({ via: `registry HKLM\\${MAIL}\\${CLIENT}\\DLLPathEx`, problem: expect.stringMatching(/^wrong bitness: /) });
      expect(e.tried.at(-1)).toMatchObject({ via: 'system MAPI stub', problem: expect.stringMatching(/^not tried/) });
      expect(isLoaded(theirs())).toBe(false); // refused from the header: never mapped
    });
  });
});

