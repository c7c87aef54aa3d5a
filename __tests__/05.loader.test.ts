/** Finding and loading the MAPI DLL: every failure is a clear, typed error before anything is loaded. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { load, inspectBinary, MapiLoadError } from '../lib';
import { EXPORTS } from '../ffi-defs/exports';
import { testNativeDir } from './helpers/native';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kmapi-loader-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A file with only the header of a PE (Windows) image for `machine`. */
function fakePe(file: string, machine: number): string {
  const b = Buffer.alloc(0x48);
  b.write('MZ', 0, 'latin1');
  b.writeUInt32LE(0x40, 0x3c);
  b.write('PE\0\0', 0x40, 'latin1');
  b.writeUInt16LE(machine, 0x44);
  fs.writeFileSync(file, b);
  return file;
}

/** A file with only the header of an ELF (Linux) shared object for `machine`. */
function fakeElf(file: string, machine: number, bits: 32 | 64): string {
  const b = Buffer.alloc(64);
  b.writeUInt32BE(0x7f454c46, 0);
  b[4] = bits === 64 ? 2 : 1;
  b[5] = 1;
  b.writeUInt16LE(3, 16); // ET_DYN
  b.writeUInt16LE(machine, 18);
  fs.writeFileSync(file, b);
  return file;
}

const otherBitness = () =>
  process.platform === 'win32'
    ? fakePe(path.join(tmp, 'wrong.dll'), process.arch === 'x64' ? 0x14c : 0x8664)
    : fakeElf(path.join(tmp, 'wrong.so'), process.arch === 'x64' ? 0x03 : 0x3e, process.arch === 'x64' ? 32 : 64);

const catchLoad = (opts: Parameters<typeof load>[0]): MapiLoadError => {
  try {
    load(opts);
  } catch (e) {
    return e as MapiLoadError;
  }
  throw new Error('load() did not fail');
};

describe('load()', () => {
  test('a missing file names the place looked at', () => {
    const p = path.join(tmp, 'nope', 'olmapi32.dll');
    const e = catchLoad({ path: p });
    expect(e).toBeInstanceOf(MapiLoadError);
    expect(e.code).toBe('ERR_MAPI_NOT_FOUND');
    expect(e.tried).toEqual([{ path: p, via: 'path option', problem: 'file not found' }]);
    expect(e.message).toContain(p);
  });

  test('a file that is not a library is refused before loading', () => {
    const p = path.join(tmp, 'notes.txt');
    fs.writeFileSync(p, 'hello, this is not a DLL\n'.repeat(4));
    const e = catchLoad({ path: p });
    expect(e.code).toBe('ERR_NOT_A_LIBRARY');
    expect(e.message).toMatch(/not a loadable library/);
  });

  test('a library of the other bitness gets the bitness message, not error 193', () => {
    const p = otherBitness();
    const e = catchLoad({ path: p });
    expect(e.code).toBe('ERR_BITNESS');
    expect(e.message).toMatch(process.arch === 'x64' ? /32-bit x86 DLL and this Node.js process is 64-bit x64/ : /64-bit x64 DLL and this Node.js process is 32-bit x86/);
    expect(e.message).toMatch(/must match Outlook's bitness/);
  });

  if (process.platform !== 'win32') {
    test('a Windows DLL on Linux says so', () => {
      const e = catchLoad({ path: fakePe(path.join(tmp, 'olmapi32.dll'), 0x8664) });
      expect(e.code).toBe('ERR_NOT_A_LIBRARY');
      expect(e.message).toMatch(/PE file.*Windows DLL/);
    });
  }

  test('a directory is named as one, not a raw EISDIR', () => {
    const e = catchLoad({ path: tmp });
    expect(e.code).toBe('ERR_MAPI_NOT_FOUND');
    expect(e.tried).toEqual([{ path: tmp, via: 'path option', problem: 'a directory, not a DLL' }]);
    expect(e.message).not.toMatch(/EISDIR/);
  });

  test("an empty path is an error, not a silent fall-back to discovery (load({ path: '' }), --dll '')", () => {
    for (const p of ['', '   ']) {
      expect(() => load({ path: p })).toThrow(expect.objectContaining({ code: 'ERR_BAD_PATH', message: expect.stringMatching(/load\(\{ path \}\) is empty/) }));
    }
  });

  test('an ARM64 library gets advice about ARM64, not about 32-bit Node.js', () => {
    const p = process.platform === 'win32' ? fakePe(path.join(tmp, 'arm64.dll'), 0xaa64) : fakeElf(path.join(tmp, 'arm64.so'), 0xb7, 64);
    const e = catchLoad({ path: p });
    expect(e.code).toBe('ERR_BITNESS');
    expect(e.message).toMatch(/it is a 64-bit ARM64 DLL/);
    expect(e.message).toMatch(/run a 64-bit ARM64 build of Node\.js/);
    expect(e.message).not.toMatch(/32-bit Node|node-win-x86/);
  });

  test('a bare name never goes to the search order: the system directory on Windows, refused elsewhere', () => {
    const cwd = process.cwd();
    // A library of that name in the current directory must not be what loads.
    const here = path.join(tmp, 'cwd');
    fs.mkdirSync(here, { recursive: true });
    fs.copyFileSync(path.join(testNativeDir(), process.platform === 'win32' ? 'comcaller.dll' : 'libcomcaller.so'), path.join(here, 'kmapi-bare-test.dll'));
    process.chdir(here);
    try {
      const e = catchLoad({ path: 'kmapi-bare-test.dll' });
      expect(e.code).toBe('ERR_MAPI_NOT_FOUND');
      if (process.platform === 'win32') {
        expect(e.tried).toEqual([{ path: expect.stringMatching(/system32\\kmapi-bare-test\.dll$/i), via: 'path option', problem: 'file not found' }]);
      } else {
        expect(e.tried).toEqual([{ path: 'kmapi-bare-test.dll', via: 'path option', problem: "a bare name: give the library's path (./name or an absolute path)" }]);
      }
    } finally {
      process.chdir(cwd);
    }
  });

  test('MAPI_DLL is used when no path is given', () => {
    const p = path.join(tmp, 'from-env.dll');
    process.env.MAPI_DLL = p;
    try {
      expect(catchLoad({}).tried).toEqual([{ path: p, via: 'MAPI_DLL environment variable', problem: 'file not found' }]);
    } finally {
      delete process.env.MAPI_DLL;
    }
  });

  test('a library that loads but lacks an export says which one, when it is called', () => {
    const lib = load({ path: path.join(testNativeDir(), process.platform === 'win32' ? 'comcaller.dll' : 'libcomcaller.so') });
    expect(lib.via).toBe('path option');
    expect(lib.has(EXPORTS.MAPIInitialize)).toBe(false);
    expect(() => lib.exports.MAPIInitialize(null)).toThrow(/does not export MAPIInitialize or MAPIInitialize@4 or _MAPIInitialize@4/);
  });

  test('inspectBinary reads formats and machines', () => {
    expect(inspectBinary(fakePe(path.join(tmp, 'a.dll'), 0x14c))).toEqual({ format: 'PE', machine: 'ia32', bits: 32 });
    expect(inspectBinary(fakePe(path.join(tmp, 'b.dll'), 0xaa64))).toEqual({ format: 'PE', machine: 'arm64', bits: 64 });
    expect(inspectBinary(fakeElf(path.join(tmp, 'c.so'), 0x3e, 64))).toEqual({ format: 'ELF', machine: 'x64', bits: 64 });
  });
});
