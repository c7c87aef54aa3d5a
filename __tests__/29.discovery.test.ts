/**
 * Windows MAPI discovery's order (lib/platform/discovery.ts), on every platform: the pure logic over a
 * registry and Windows Installer given as data. The same layouts made for real in a Wine prefix are in
 * __tests__/10.windows.test.ts.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { discoverMapi, OFFICE_CATEGORIES, type DiscoverySource } from '../lib/platform/discovery';
import { load, MapiArgumentError, MapiLoadError, sampleProvider, sampleProviderPath } from '../lib';
import { describeIf, testIf, WINDOWS_ONLY } from './helpers/skip';
import { mapiCandidates } from '../lib/loader';
import { diagnose, doctorCommand } from '../lib/cli/doctor';
import { environment } from '../lib/env';

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
  test('the environment variables: 1/true/yes and 0/false/no, anything else leaves the default', () => {
    const e = environment({ KOFFI_MAPI_FORCE_SYSTEM_MAPI: '1', KOFFI_MAPI_FORCE_OUTLOOK_MAPI: 'No', KOFFI_MAPI_PREFER_OLMAPI32: 'maybe' });
    expect([e.forceSystemMAPI, e.forceOutlookMAPI, e.preferOlmapi32]).toEqual([true, false, undefined]);
    expect(environment({ KOFFI_MAPI_PREFER_OLMAPI32: '0' }).preferOlmapi32).toBe(false);
  });

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

/** Wine's reg.exe, inside this (Windows) process's prefix. */
function reg(...args: string[]): string {
  const exe = path.win32.join(process.env.SystemRoot ?? 'C:\\windows', 'system32', 'reg.exe');
  return execFileSync(exe, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
}

/** Saves a key (reg export) and puts it back exactly, or deletes it when it did not exist. */
function snapshot(key: string, dir: string): () => void {
  const file = path.join(dir, `${key.replace(/\W+/g, '_')}.reg`);
  let existed = true;
  try {
    reg('export', key, file, '/y');
  } catch {
    existed = false;
  }
  return () => {
    try {
      reg('delete', key, '/f');
    } catch {
      /* already gone */
    }
    if (existed) reg('import', file);
  };
}

const onWindows = describeIf(process.platform === 'win32', WINDOWS_ONLY);

onWindows('Windows layouts made for real in the registry (Wine prefix)', () => {
  const HK_MAIL = `HKLM\\${MAIL}`;
  const HK_C2R = `HKLM\\${C2R}`;
  const otherArch = process.arch === 'x64' ? 'ia32' : 'x64';
  let dir: string;
  let restore: (() => void)[] = [];
  /** The sample provider (this bitness, or the other) copied as <dir>/<sub>/<name>. */
  const place = (sub: string, name = 'olmapi32.dll', arch: string = process.arch): string => {
    const to = path.join(dir, sub, name);
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.copyFileSync(sampleProviderPath(`win32-${arch}`), to);
    return to;
  };
  const discoverMapiNow = () => mapiCandidates();
  const clearMail = () => reg('delete', HK_MAIL, '/f');
  const catchLoad = (): MapiLoadError => {
    try {
      load();
    } catch (e) {
      return e as MapiLoadError;
    }
    throw new Error('load() did not fail');
  };

  /** Removes what can be: a DLL that loaded is pinned (never unloaded, docs/threads.md) until this process ends. */
  const removeAll = (at: string) => {
    for (const e of fs.existsSync(at) ? fs.readdirSync(at, { recursive: true, withFileTypes: true }) : []) {
      if (!e.isFile()) continue;
      try {
        fs.rmSync(path.join(e.parentPath, e.name), { force: true });
      } catch {
        /* pinned by this or a still-running process: the next run removes it */
      }
    }
  };

  beforeAll(() => {
    // One folder per bitness, emptied of what earlier runs left behind (their pinned copies).
    dir = path.join(os.tmpdir(), `kmapi-disc-${process.arch}`);
    removeAll(dir);
    fs.mkdirSync(dir, { recursive: true });
    restore = [snapshot(HK_MAIL, dir), snapshot(HK_C2R, dir)];
  });
  afterEach(() => {
    for (const r of restore) r();
  });
  afterAll(() => removeAll(dir));

  test('Click-to-Run: the virtualised Clients\\Mail\\Microsoft Outlook DLLPathEx is found with no default mail client', () => {
    clearMail();
    const dll = place('c2r-reg');
    reg('add', `${HK_C2R}\\REGISTRY\\MACHINE\\${MAIL}\\Microsoft Outlook`, '/v', 'DLLPathEx', '/t', 'REG_SZ', '/d', dll, '/f');
    const lib = load();
    expect(lib.via).toBe(`Click-to-Run registry HKLM\\${C2R}\\REGISTRY\\MACHINE\\${MAIL}\\Microsoft Outlook\\DLLPathEx`);
    expect(path.win32.resolve(lib.path).toLowerCase()).toBe(path.win32.resolve(dll).toLowerCase());
    expect(sampleProvider(lib).stats().version).toBeGreaterThan(0);
  });

  test('Click-to-Run: the install root (InstallPath)\\root\\Office16\\olmapi32.dll', () => {
    clearMail();
    place(path.join('c2r-root', 'root', 'Office16'));
    reg('add', HK_C2R, '/v', 'InstallPath', '/t', 'REG_SZ', '/d', path.join(dir, 'c2r-root'), '/f');
    const lib = load();
    expect(lib.via).toBe(`Click-to-Run install root HKLM\\${C2R}\\InstallPath`);
    expect(lib.path.toLowerCase()).toBe(path.join(dir, 'c2r-root', 'root', 'Office16', 'olmapi32.dll').toLowerCase());
  });

  test('the other bitness\'s Office as the default client: refused with the sentence, and discovery goes on to a matching one', () => {
    const theirs = place('other', 'olmapi32.dll', otherArch);
    const ours = place('ours');
    reg('add', HK_MAIL, '/ve', '/t', 'REG_SZ', '/d', 'Microsoft Outlook', '/f');
    reg('add', `${HK_MAIL}\\Microsoft Outlook`, '/v', 'DLLPathEx', '/t', 'REG_SZ', '/d', theirs, '/f');
    reg('add', `${HK_C2R}\\REGISTRY\\MACHINE\\${MAIL}\\Microsoft Outlook`, '/v', 'DLLPathEx', '/t', 'REG_SZ', '/d', ours, '/f');
    const lib = load();
    expect(lib.via).toMatch(/^Click-to-Run registry/);
    const sentence = process.arch === 'x64' ? '32-bit Office with this 64-bit Node.js: run a 32-bit Node.js (node-win-x86)' : '64-bit Office with this 32-bit Node.js: run a 64-bit Node.js';
    expect(lib.attempts[0]).toEqual({ path: theirs, via: `registry HKLM\\${MAIL}\\Microsoft Outlook\\DLLPathEx`, problem: expect.stringContaining(`wrong bitness: ${sentence}`) });
  });

  test('only the other bitness\'s Office: ERR_BITNESS with the sentence, the stub not tried', () => {
    const theirs = place('other', 'olmapi32.dll', otherArch);
    reg('add', HK_MAIL, '/ve', '/t', 'REG_SZ', '/d', 'Microsoft Outlook', '/f');
    reg('add', `${HK_MAIL}\\Microsoft Outlook`, '/v', 'DLLPathEx', '/t', 'REG_SZ', '/d', theirs, '/f');
    const e = catchLoad();
    expect(e.code).toBe('ERR_BITNESS');
    expect(e.message).toMatch(process.arch === 'x64' ? /32-bit Office with this 64-bit Node\.js: run a 32-bit Node\.js/ : /64-bit Office with this 32-bit Node\.js: run a 64-bit Node\.js/);
    expect(e.tried.at(-1)).toMatchObject({ via: 'system MAPI stub', problem: expect.stringMatching(/^not tried/) });
  });

  test('a broken DLLPathEx (not a DLL, then a DLL with no MAPI exports) is listed with why, and the stub is used', () => {
    const junk = path.join(dir, 'junk', 'olmapi32.dll');
    fs.mkdirSync(path.dirname(junk), { recursive: true });
    fs.writeFileSync(junk, 'not a DLL');
    const noMapi = path.join(dir, 'nomapi', 'version.dll');
    fs.mkdirSync(path.dirname(noMapi), { recursive: true });
    fs.copyFileSync(path.win32.join(process.env.SystemRoot ?? 'C:\\windows', 'system32', 'version.dll'), noMapi);
    reg('add', HK_MAIL, '/ve', '/t', 'REG_SZ', '/d', 'Broken', '/f');
    reg('add', `${HK_MAIL}\\Broken`, '/v', 'DLLPathEx', '/t', 'REG_SZ', '/d', junk, '/f');
    reg('add', `${HK_MAIL}\\Broken`, '/v', 'DLLPath', '/t', 'REG_SZ', '/d', noMapi, '/f');
    const lib = load();
    expect(lib.via).toBe('system MAPI stub');
    expect(lib.attempts[0]).toMatchObject({ path: junk, problem: expect.stringMatching(/^not a loadable library/) });
    expect(lib.attempts.find((a) => a.via.endsWith('\\DLLPath'))).toMatchObject({ path: noMapi, problem: 'no MAPI exports (no MAPIInitialize): not a MAPI DLL' });
  });

  const msi = path.join(path.dirname(sampleProviderPath()), 'fake-outlook.msi');
  // Windows Installer's own answer: the MSI publishes the Office 2016+ category with Outlook's qualifier.
  (fs.existsSync(msi) ? test : testIf(false, `${msi} not built: apt-get install wixl msitools, then scripts/windows/test.sh builds it`))(
    'Windows Installer: an MSI-installed "Outlook" is found through MsiProvideQualifiedComponent, and olmapi32.dll beside it loads',
    () => {
      const msiexec = path.win32.join(process.env.SystemRoot ?? 'C:\\windows', 'system32', 'msiexec.exe');
      clearMail();
      execFileSync(msiexec, ['/i', msi, '/qn'], { stdio: 'ignore', windowsHide: true });
      try {
        const lib = load();
        expect(lib.via).toMatch(new RegExp(`^Windows Installer Office 2016\\+ \\(16\\) \\{5812C571-53F0-4467-BEFA-0A4F47A9437C\\} ${process.arch === 'x64' ? 'outlook\\.x64\\.exe' : 'outlook\\.exe'}$`));
        expect(path.win32.basename(lib.path).toLowerCase()).toBe('olmapi32.dll');
        expect(lib.path).toMatch(/KoffiMapiFakeOutlook/);
        expect(sampleProvider(lib).stats().version).toBeGreaterThan(0);
      } finally {
        execFileSync(msiexec, ['/x', msi, '/qn'], { stdio: 'ignore', windowsHide: true });
      }
      // Uninstalled: the route is empty again.
      expect(discoverMapiNow().find((c) => c.via.startsWith('Windows Installer Office 2016+'))?.problem).toBe('not installed (no qualifier answered)');
    },
    120_000,
  );

  test('doctor lists every candidate in discovery order, those after the one that loaded as not tried; --json the same list', () => {
    const ours = place('doctor');
    reg('add', HK_MAIL, '/ve', '/t', 'REG_SZ', '/d', 'Microsoft Outlook', '/f');
    reg('add', `${HK_MAIL}\\Microsoft Outlook`, '/v', 'DLLPath', '/t', 'REG_SZ', '/d', ours, '/f');
    const r = diagnose({});
    const order = mapiCandidates().map((c) => c.via);
    expect(r.attempts.map((a) => a.via)).toEqual(order);
    const at = r.attempts.findIndex((a) => a.loaded);
    expect(r.attempts[at]).toMatchObject({ path: ours, via: `registry HKLM\\${MAIL}\\Microsoft Outlook\\DLLPath`, problem: '', binary: { format: 'PE', machine: process.arch } });
    // PreferOlmapi32: the olmapi32.dll from DLLPath is tried first; everything else comes after it, untried.
    expect(at).toBe(0);
    for (const a of r.attempts.slice(1)) expect(a.problem).toMatch(/^not tried/);
    expect(r.attempts.some((a) => a.via.startsWith('Windows Installer') && /not installed/.test(a.problem))).toBe(true);
    const out: string[] = [];
    doctorCommand({ out: (s: string) => out.push(s), err: () => undefined } as never, { json: true });
    expect(JSON.parse(out.join('')).attempts.map((a: { via: string }) => a.via)).toEqual(order);
  });

  test('ForceSystemMAPI takes the stub whatever is registered; ForceOutlookMAPI never does', () => {
    expect(load({ forceSystemMAPI: true }).attempts).toEqual([{ path: expect.stringMatching(/mapi32\.dll$/i), via: 'system MAPI stub (forceSystemMAPI)', problem: '' }]);
    clearMail();
    const e = catchLoad.call(null);
    expect(e.tried.at(-1)?.via).toBe('system MAPI stub');
    let err: MapiLoadError | undefined;
    try {
      load({ forceOutlookMAPI: true });
    } catch (x) {
      err = x as MapiLoadError;
    }
    expect(err?.code).toBe('ERR_MAPI_NOT_FOUND');
    expect(err?.tried.some((t) => t.via === 'system MAPI stub')).toBe(false);
  });
});
