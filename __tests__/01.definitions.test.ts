/** The definitions in ffi-defs/ are consistent with each other and with MAPI's rules. */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { ALL_INTERFACES, IAttach, IPropData } from '../ffi-defs/interfaces';
import { EXPORTS } from '../ffi-defs/exports';
import { SAMPLE_EXPORTS } from '../ffi-defs/sample';
import { ADVAPI32, KERNEL32, MSI, VERSION } from '../ffi-defs/win32';
import { STRUCTS } from '../ffi-defs/structs';
import { SCALARS, type ExportDef, type InterfaceDef } from '../ffi-defs/schema';
import { HR, HRESULTS, PROP_TAGS, PROP_TYPES, IIDS, SYNC_FLAGS } from '../ffi-defs/constants';
import { parseType } from '../lib/ffi/types';
import { vtableOf } from '../lib/com/proxy';
import { lengthChecks } from '../lib/com/args';
import { guidBytes, formatGuid } from '../lib/com/guid';

const slots = (d: InterfaceDef): number => (d.base ? slots(d.base) : 0) + d.methods.length;

describe('interfaces', () => {
  test.each(ALL_INTERFACES.map((d) => [d.name, d] as const))('%s: vtable = base + own methods, names unique', (_n, def) => {
    const all = vtableOf(def);
    expect(all.length).toBe(slots(def));
    expect(all.length).toBe((def.base ? vtableOf(def.base).length : 0) + def.methods.length);
    expect(all.slice(0, 3).map((m) => m.name)).toEqual(['QueryInterface', 'AddRef', 'Release']);
    expect(new Set(all.map((m) => m.name)).size).toBe(all.length);
  });

  test('vtable lengths of the MAPI interfaces (MAPIDefS.h / MAPIX.h slot counts)', () => {
    const len = Object.fromEntries(ALL_INTERFACES.map((d) => [d.name, slots(d)]));
    expect(len).toMatchObject({
      IUnknown: 3, IMAPIProp: 14, IMAPIContainer: 19, IMAPIFolder: 30, IMsgStore: 27, IMessage: 22, IMAPITable: 26,
      IMAPISession: 22, IPropData: 18, IMAPIAdviseSink: 4, IMAPISync: 4, IMAPISyncProgressCallback: 6,
      IProfSect: 14, IProfAdmin: 12, IMsgServiceAdmin: 15, IMsgServiceAdmin2: 16, IProviderAdmin: 8,
      // MAPIX.h: IMAPIProp's 14 + 18; MAPIDefS.h: IMAPIContainer's 19 + 4 (IABContainer, IDistList), IMAPIProp's 14 (IMailUser)
      IAddrBook: 32, IABContainer: 23, IDistList: 23, IMailUser: 14,
    });
  });

  test('IIDs parse and round-trip, and are unique', () => {
    for (const d of ALL_INTERFACES) expect(formatGuid(guidBytes(d.iid))).toBe(d.iid);
    expect(new Set(ALL_INTERFACES.map((d) => d.iid)).size).toBe(ALL_INTERFACES.length);
    // IMAPISync and its callback differ only in Data1.
    expect(IIDS.IID_IMAPISync).toBe('{5024A385-2D44-486A-81A8-8F0ECB6071DD}');
    expect(Buffer.from(guidBytes(IIDS.IID_IMAPISyncProgressCallback)).toString('hex')).toBe('86a32450442d6a4881a88f0ecb6071dd');
  });

  test('IIDS has each defined interface under its header name, and no IID twice', () => {
    const iids = IIDS as Readonly<Record<string, string>>;
    for (const d of ALL_INTERFACES as readonly InterfaceDef[]) expect([d.name, iids[d.iidName ?? `IID_${d.name}`]]).toEqual([d.name, d.iid]);
    expect([IIDS.IID_IAttachment, IIDS.IID_IMAPIPropData]).toEqual([IAttach.iid, IPropData.iid]);
    for (const v of Object.values(iids)) expect(formatGuid(guidBytes(v))).toBe(v);
    expect(new Set(Object.values(iids)).size).toBe(Object.keys(iids).length);
  });

  test('every type expression names a scalar, a struct, an interface or an opaque pointer', () => {
    const interfaces = new Set<string>(ALL_INTERFACES.map((d) => d.name));
    // Behind a pointer only: interfaces with an IID but no definition here, and structs left opaque.
    const opaque = new Set<string>([...Object.keys(IIDS).map((k) => k.replace(/^IID_/, '')), 'NOTIFICATION', 'ADRLIST']);
    const known = (expr: string) => {
      const { base, depth } = parseType(expr);
      return base === 'void' || base in SCALARS || base in STRUCTS || interfaces.has(base) || (depth > 0 && opaque.has(base));
    };
    const bad: string[] = [];
    for (const d of ALL_INTERFACES) for (const m of d.methods) for (const p of m.params) if (!known(p.type)) bad.push(`${d.name}::${m.name} ${p.name}: ${p.type}`);
    for (const e of Object.values(EXPORTS)) for (const p of e.params) if (!known(p.type)) bad.push(`${e.name} ${p.name}: ${p.type}`);
    for (const s of Object.values(STRUCTS)) for (const f of s.fields) if (!known(f.type)) bad.push(`${s.name}.${f.name}: ${f.type}`);
    expect(bad).toEqual([]);
  });

  test('countedBy / sizedBy name an input ULONG of the same method, and the raw proxies build their length checks', () => {
    const bad: string[] = [];
    for (const d of ALL_INTERFACES as readonly InterfaceDef[]) {
      for (const m of d.methods) {
        try {
          lengthChecks(`${d.name}::${m.name}`, m);
        } catch (e) {
          bad.push((e as Error).message);
        }
      }
    }
    expect(bad).toEqual([]);
  });

  test('every count parameter (c*, cb*) says which array it counts, so the raw layer checks it', () => {
    // cNotif counts NOTIFICATIONs, a union not defined in ffi-defs/structs: its element size is unknown.
    const unchecked = new Set(['IMAPIAdviseSink::OnNotify cNotif']);
    const loose: string[] = [];
    for (const d of ALL_INTERFACES as readonly InterfaceDef[]) {
      for (const m of d.methods) {
        const counted = new Set(m.params.map((p) => p.countedBy ?? p.sizedBy).filter(Boolean));
        for (const p of m.params) {
          const name = `${d.name}::${m.name} ${p.name}`;
          if (p.type === 'ULONG' && /^cb?[A-Z]/.test(p.name) && !counted.has(p.name) && !unchecked.has(name)) loose.push(name);
          if (p.type === 'ENTRYID *' && !p.sizedBy) loose.push(name);
        }
      }
    }
    expect(loose).toEqual([]);
  });

  test('out parameters are pointers', () => {
    for (const d of ALL_INTERFACES as readonly InterfaceDef[]) {
      for (const m of d.methods) for (const p of m.params) if (p.dir && p.dir !== 'in') expect(parseType(p.type).depth).toBeGreaterThan(0);
    }
  });
});

describe('exports', () => {
  test('x86 stack sizes are the sum of 4-byte-rounded x86 argument sizes', () => {
    const x86 = (t: string) => {
      const { base, depth } = parseType(t);
      if (depth > 0) return 4;
      const s = (SCALARS as Record<string, { size: number | string }>)[base]?.size;
      return s === 'pointer' ? 4 : Math.max(4, Number(s));
    };
    for (const table of [EXPORTS, SAMPLE_EXPORTS, KERNEL32, ADVAPI32, VERSION, MSI]) {
      for (const e of Object.values(table) as ExportDef[]) expect([e.name, e.params.reduce((n, p) => n + x86(p.type), 0)]).toEqual([e.name, e.stackBytes]);
    }
  });

  test('the Win32 and sample-provider exports name known scalar types, and out parameters are pointers', () => {
    const bad: string[] = [];
    for (const table of [SAMPLE_EXPORTS, KERNEL32, ADVAPI32, VERSION]) {
      for (const e of Object.values(table)) {
        for (const p of e.params as readonly { name: string; type: string; dir?: string }[]) {
          const { base, depth } = parseType(p.type);
          if (!(base === 'void' || base in SCALARS)) bad.push(`${e.name} ${p.name}: ${p.type}`);
          if (p.dir && p.dir !== 'in' && depth === 0) bad.push(`${e.name} ${p.name}: '${p.dir}' but not a pointer`);
        }
        if (!(e.returns in SCALARS)) bad.push(`${e.name} returns ${e.returns}`);
      }
    }
    expect(bad).toEqual([]);
  });

  test("the build script's export list (it writes the Windows .def file) agrees with the definitions", () => {
    const { EXPORTS: built } = require('../scripts/build-provider.js') as { EXPORTS: [string, number][] };
    const defined = new Map<string, number>([...Object.values(EXPORTS), ...Object.values(SAMPLE_EXPORTS)].map((e) => [e.name, e.stackBytes]));
    for (const [name, bytes] of built) expect([name, defined.get(name)]).toEqual([name, bytes]);
    for (const name of Object.keys(SAMPLE_EXPORTS)) expect(built.map(([n]) => n)).toContain(name);
  });
});

describe('constants', () => {
  test('every HRESULT name is unique, values are unsigned 32-bit, and MAPI codes carry FACILITY_ITF', () => {
    const names = HRESULTS.map((h) => h.name);
    expect(new Set(names).size).toBe(names.length);
    for (const h of HRESULTS) {
      expect(Number.isInteger(h.value) && h.value >= 0 && h.value <= 0xffffffff).toBe(true);
      if (/^MAPI_E_/.test(h.name) && !['MAPI_E_CALL_FAILED', 'MAPI_E_NOT_ENOUGH_MEMORY', 'MAPI_E_INVALID_PARAMETER', 'MAPI_E_INTERFACE_NOT_SUPPORTED', 'MAPI_E_NO_ACCESS'].includes(h.name)) {
        expect([h.name, h.value >>> 16]).toEqual([h.name, 0x8004]);
      }
      if (/^MAPI_W_/.test(h.name)) expect([h.name, h.value >>> 16]).toEqual([h.name, 0x0004]);
    }
  });

  test('HR has every HRESULT by name', () => {
    expect(Object.entries(HR)).toEqual(HRESULTS.map((h) => [h.name, h.value]));
    expect(HR.MAPI_E_NOT_FOUND).toBe(0x8004010f);
  });

  test('every string property has both _W and _A forms with the same id', () => {
    const tags = PROP_TAGS as Record<string, number>;
    for (const [name, v] of Object.entries(tags)) {
      const type = v & 0xffff;
      if (type === PROP_TYPES.PT_UNICODE || type === PROP_TYPES.PT_MV_UNICODE) {
        const a = tags[name.replace(/_W$/, '_A')];
        expect([name, a]).toEqual([name, (v & 0xffff0000) + (type === PROP_TYPES.PT_UNICODE ? PROP_TYPES.PT_STRING8 : PROP_TYPES.PT_MV_STRING8)]);
      }
    }
    expect(Object.keys(tags).length).toBeGreaterThanOrEqual(150);
  });

  test('only the MAPISIB SYNC_* flags are defined', () => {
    expect(SYNC_FLAGS).toEqual({
      SYNC_UPLOAD_HIERARCHY: 0x1, SYNC_DOWNLOAD_HIERARCHY: 0x2, SYNC_UPLOAD_CONTENTS: 0x40, SYNC_DOWNLOAD_CONTENTS: 0x80,
      SYNC_OUTGOING_MAIL: 0x200, SYNC_GLOBAL_HEADERS: 0x02000000, SYNC_ON_DEMAND: 0x20000000,
    });
  });

  test('importing ffi-defs loads no Koffi (definitions are data)', () => {
    const root = path.resolve(__dirname, '..');
    const out = execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', "require('./ffi-defs'); console.log(Object.keys(require.cache).some((f) => /node_modules[\\\\/]koffi/.test(f)))"], { cwd: root, encoding: 'utf8' });
    expect(out.trim()).toBe('false');
  });
});
