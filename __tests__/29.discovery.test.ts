/**
 * Windows MAPI discovery's order (lib/platform/discovery.ts), on every platform: the pure logic over a
 * registry and Windows Installer given as data. The same layouts made for real in a Wine prefix are in
 * __tests__/10.windows.test.ts.
 */
import { discoverMapi, OFFICE_CATEGORIES, type DiscoverySource } from '../lib/platform/discovery';
import { load, MapiArgumentError } from '../lib';

type Reg = Record<string, string | { expand: string }>;

/** A registry ("key|value", value '' for the default) and an installer table ("category|qualifier" -> path). */
function source(reg: Reg, msi: Record<string, string> | 'absent' = {}, env: Record<string, string> = {}): DiscoverySource & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    read(key, value) {
      const v = reg[`${key}|${value ?? ''}`];
      if (v === undefined) return undefined;
      return typeof v === 'string' ? { data: v, expand: false } : { data: v.expand, expand: true };
    },
    expand: (s) => s.replace(/%([^%]+)%/g, (m, n: string) => env[n.toUpperCase()] ?? m),
    provideQualifiedComponent(category, qualifier) {
      if (msi === 'absent') throw new Error('msi.dll not found');
      asked.push(`${category}|${qualifier}`);
      const p = msi[`${category}|${qualifier}`];
      return p ? { path: p } : { error: 1611 };
    },
    systemDirectory: () => 'C:\\windows\\system32',
  };
}

const MAIL = 'Software\\Clients\\Mail';
const O16 = OFFICE_CATEGORIES[0][1];
const O15 = OFFICE_CATEGORIES[1][1];
const C2R = 'SOFTWARE\\Microsoft\\Office\\ClickToRun';
const usable = (src: DiscoverySource, o = {}) => discoverMapi(src, o).filter((c) => !c.problem).map((c) => c.path);

describe('Windows MAPI discovery order (MAPIStubLibrary GetMAPIPaths), over a registry given as data', () => {
  const full: Reg = {
    [`${MAIL}|`]: 'Provider X',
    [`${MAIL}\\Provider X|DLLPathEx`]: 'C:\\x\\ex.dll',
    [`${MAIL}\\Provider X|DLLPath`]: 'C:\\x\\plain.dll',
    [`${MAIL}\\Provider X|MSIComponentID`]: '{COMP}',
    [`${MAIL}\\Provider X|MSIApplicationLCID`]: 'Microsoft\\Office\\16.0\\Outlook\\1033',
    [`${C2R}\\REGISTRY\\MACHINE\\${MAIL}\\Provider X|DLLPathEx`]: 'C:\\c2r\\vfs\\olmapi32.dll',
    [`${C2R}|InstallPath`]: 'C:\\Program Files\\Microsoft Office',
  };
  const msi = { [`${O15}|outlook.exe`]: 'C:\\Office15\\OUTLOOK.EXE', '{COMP}|Microsoft\\Office\\16.0\\Outlook\\1033': 'C:\\comp\\msmapi.dll' };

  test('without PreferOlmapi32: DLLPathEx, Installer, DLLPath, MSIComponentID, Click-to-Run, install root, system stub', () => {
    expect(usable(source(full, msi), { preferOlmapi32: false })).toEqual([
      'C:\\x\\ex.dll',
      'C:\\Office15\\olmapi32.dll',
      'C:\\x\\plain.dll',
      'C:\\comp\\msmapi.dll',
      'C:\\c2r\\vfs\\olmapi32.dll',
      'C:\\Program Files\\Microsoft Office\\root\\Office16\\olmapi32.dll',
      'C:\\windows\\system32\\mapi32.dll',
    ]);
  });

  test('PreferOlmapi32 (the default) moves the olmapi32.dll paths first, keeping their order and the others\'', () => {
    expect(usable(source(full, msi))).toEqual([
      'C:\\Office15\\olmapi32.dll',
      'C:\\c2r\\vfs\\olmapi32.dll',
      'C:\\Program Files\\Microsoft Office\\root\\Office16\\olmapi32.dll',
      'C:\\x\\ex.dll',
      'C:\\x\\plain.dll',
      'C:\\comp\\msmapi.dll',
      'C:\\windows\\system32\\mapi32.dll',
    ]);
  });

  test('every candidate is listed with why it cannot be used, in order', () => {
    const list = discoverMapi(source({ [`${MAIL}|`]: 'Provider X' }), { preferOlmapi32: false });
    expect(list.map((c) => [c.via, c.problem ?? ''])).toEqual([
      [`registry HKLM\\${MAIL}\\Provider X\\DLLPathEx`, 'value not set'],
      ...OFFICE_CATEGORIES.map(([office, guid]) => [`Windows Installer ${office} ${guid}`, 'not installed (no qualifier answered)']),
      [`registry HKLM\\${MAIL}\\Provider X\\DLLPath`, 'value not set'],
      [`registry HKLM\\${MAIL}\\Provider X\\MSIComponentID`, 'value not set'],
      [`Click-to-Run registry HKLM\\${C2R}\\REGISTRY\\MACHINE\\${MAIL}\\Provider X\\DLLPathEx`, 'value not set'],
      [`Click-to-Run registry HKLM\\${C2R}\\REGISTRY\\MACHINE\\${MAIL}\\Provider X\\DLLPath`, 'value not set'],
      ['Click-to-Run install root', 'value not set'],
      ['system MAPI stub', ''],
    ]);
  });

  test('the Installer is asked with MAPIStubLibrary\'s qualifiers in order, and stops at the first that answers', () => {
    const src = source({}, { [`${O16}|excel.exe`]: 'C:\\Office16\\EXCEL.EXE' });
    const list = discoverMapi(src, { preferOlmapi32: false });
    expect(src.asked.filter((a) => a.startsWith(O16))).toEqual([`${O16}|outlook.x64.exe`, `${O16}|outlook.exe`, `${O16}|excel.exe`]);
    expect(list).toContainEqual({ path: 'C:\\Office16\\olmapi32.dll', via: `Windows Installer Office 2016+ (16) ${O16} excel.exe` });
  });

  test('REG_EXPAND_SZ values are expanded; REG_SZ values are taken as they are', () => {
    const reg: Reg = {
      [`${MAIL}|`]: 'C',
      [`${MAIL}\\C|DLLPathEx`]: { expand: '%ProgramFiles%\\Outlook\\olmapi32.dll' },
      [`${MAIL}\\C|DLLPath`]: '%ProgramFiles%\\literal.dll',
    };
    const list = discoverMapi(source(reg, {}, { PROGRAMFILES: 'C:\\Program Files' }), { preferOlmapi32: false });
    expect(list[0]).toEqual({ path: 'C:\\Program Files\\Outlook\\olmapi32.dll', via: `registry HKLM\\${MAIL}\\C\\DLLPathEx` });
    // Not expanded, so not absolute: refused rather than handed to the search order.
    expect(list.find((c) => c.via.endsWith('\\DLLPath'))).toMatchObject({ path: '%ProgramFiles%\\literal.dll', problem: 'not an absolute path' });
  });

  test('an unknown variable stays unexpanded and the path is refused, as are bare and drive-relative names', () => {
    for (const data of [{ expand: '%NO_SUCH_VAR%\\olmapi32.dll' }, 'olmapi32.dll', 'C:olmapi32.dll', '\\olmapi32.dll', '..\\x\\olmapi32.dll']) {
      const list = discoverMapi(source({ [`${MAIL}|`]: 'C', [`${MAIL}\\C|DLLPathEx`]: data }));
      expect(list.find((c) => c.via.endsWith('DLLPathEx') && c.via.startsWith('registry'))).toMatchObject({ problem: 'not an absolute path' });
    }
  });

  test('ForceOutlookMAPI reads "Microsoft Outlook" whatever the default is, and leaves the stub out', () => {
    const reg: Reg = { [`${MAIL}|`]: 'Other', [`${MAIL}\\Other|DLLPathEx`]: 'C:\\other.dll', [`${MAIL}\\Microsoft Outlook|DLLPathEx`]: 'C:\\ol\\olmapi32.dll' };
    expect(usable(source(reg), { forceOutlookMAPI: true })).toEqual(['C:\\ol\\olmapi32.dll']);
    expect(usable(source(reg))).toEqual(['C:\\other.dll', 'C:\\windows\\system32\\mapi32.dll']);
  });

  test('ForceSystemMAPI gives the system stub only, reading nothing else', () => {
    const src = source(full, msi);
    expect(discoverMapi(src, { forceSystemMAPI: true })).toEqual([{ path: 'C:\\windows\\system32\\mapi32.dll', via: 'system MAPI stub (forceSystemMAPI)', stub: true }]);
    expect(src.asked).toEqual([]);
  });

  test('no default mail client: said once, the stub is refused, Click-to-Run is read for "Microsoft Outlook"', () => {
    const reg: Reg = { [`${C2R}\\REGISTRY\\MACHINE\\${MAIL}\\Microsoft Outlook|DLLPathEx`]: 'C:\\c2r\\olmapi32.dll' };
    const list = discoverMapi(source(reg));
    expect(list[0]).toEqual({ path: 'C:\\c2r\\olmapi32.dll', via: `Click-to-Run registry HKLM\\${C2R}\\REGISTRY\\MACHINE\\${MAIL}\\Microsoft Outlook\\DLLPathEx` });
    expect(list).toContainEqual({ path: `HKLM\\${MAIL}`, via: 'registry default mail client', problem: 'no default mail client is registered' });
    expect(list.at(-1)).toMatchObject({ via: 'system MAPI stub', problem: 'the stub forwards to the default mail client, and none is registered' });
  });

  test('no msi.dll: one entry says so, and the other routes go on', () => {
    const list = discoverMapi(source(full, 'absent'), { preferOlmapi32: false });
    expect(list.filter((c) => c.via.startsWith('Windows Installer'))).toEqual([
      { path: 'msi.dll', via: 'Windows Installer (MsiProvideQualifiedComponent)', problem: 'msi.dll unavailable: msi.dll not found' },
    ]);
    expect(list.find((c) => c.via.endsWith('MSIComponentID'))?.problem).toMatch(/^msi\.dll unavailable/);
    expect(list.at(-1)).toMatchObject({ path: 'C:\\windows\\system32\\mapi32.dll', via: 'system MAPI stub' });
  });

  test('MSIComponentID without MSIApplicationLCID, or unknown to the Installer, is refused with the reason', () => {
    const base: Reg = { [`${MAIL}|`]: 'C', [`${MAIL}\\C|MSIComponentID`]: '{X}' };
    expect(discoverMapi(source(base)).find((c) => c.via.endsWith('MSIComponentID'))?.problem).toBe('MSIApplicationLCID not set');
    const withLcid = { ...base, [`${MAIL}\\C|MSIApplicationLCID`]: '1033' };
    expect(discoverMapi(source(withLcid)).find((c) => c.via.endsWith('MSIComponentID'))?.problem).toBe('Windows Installer does not know it (error 1611)');
  });
});

describe('discovery options', () => {
  test('a non-boolean option is a typed argument error, on every platform', () => {
    for (const k of ['forceSystemMAPI', 'forceOutlookMAPI', 'preferOlmapi32']) {
      let err: unknown;
      try {
        load({ [k]: 'yes' } as never);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(MapiArgumentError);
      expect(err).toMatchObject({ code: 'ERR_BAD_OPTION', message: expect.stringContaining(k) });
    }
  });
});
