/**
 * The few Win32 calls the bridge needs on Windows: registry values (MAPI discovery), the system
 * directory, kernel object handles (the sync's done event) and file versions (doctor). Declared as data
 * in ffi-defs/win32/ and bound by the same binder as MAPI's exports; loaded lazily, never touched on
 * other platforms. Not traced: the done event is polled every few milliseconds.
 */
import koffi from 'koffi';
import type { ExportDef } from '../../ffi-defs/schema';
import { ADVAPI32, KERNEL32, MSI, VERSION } from '../../ffi-defs/win32';
import { NativeLibrary } from '../ffi/bind';

const loaded = new Map<string, NativeLibrary>();

/** A system DLL's export as a plain function (system DLLs load by name: they are KnownDLLs). */
function win32(dll: 'kernel32.dll' | 'advapi32.dll' | 'version.dll' | 'msi.dll', def: ExportDef): (...args: unknown[]) => number {
  let lib = loaded.get(dll);
  if (!lib) loaded.set(dll, (lib = NativeLibrary.load(dll)));
  return lib.bind(def).fn;
}

/** HKEY_LOCAL_MACHINE, sign-extended to pointer size as Windows defines it. */
const HKLM = process.arch === 'x64' || process.arch === 'arm64' ? 0xffffffff80000002n : 0x80000002n;
const RRF_RT_REG_SZ = 0x2;
const RRF_RT_REG_EXPAND_SZ = 0x4;
const RRF_NOEXPAND = 0x10000000;
const REG_EXPAND_SZ = 2;
const ERROR_MORE_DATA = 234;

/** A registry string as stored: REG_EXPAND_SZ values are not expanded yet (see expandEnvironment). */
export interface RawRegistryString {
  readonly data: string;
  readonly expand: boolean;
}

/**
 * A REG_SZ / REG_EXPAND_SZ value under HKLM as stored (not expanded), or undefined when the key or
 * value is missing or is of another type. `value` null reads the key's default value.
 */
export function readHklmValue(subKey: string, value: string | null): RawRegistryString | undefined {
  const RegGetValueW = win32('advapi32.dll', ADVAPI32.RegGetValueW);
  let cb = [1024];
  for (let attempt = 0; attempt < 3; attempt++) {
    const buf = Buffer.alloc(cb[0]);
    const type = [0];
    const rc = RegGetValueW(HKLM, subKey, value, RRF_RT_REG_SZ | RRF_RT_REG_EXPAND_SZ | RRF_NOEXPAND, type, buf, cb);
    if (rc === 0) return { data: buf.toString('utf16le', 0, Math.max(0, cb[0] - 2)).replace(/\0+$/, ''), expand: type[0] === REG_EXPAND_SZ };
    if (rc !== ERROR_MORE_DATA) return undefined;
    cb = [cb[0] * 2];
  }
  return undefined;
}

/** %NAME% replaced from this process's native environment (ExpandEnvironmentStringsW); unknown names stay. */
export function expandEnvironment(s: string): string {
  const expand = win32('kernel32.dll', KERNEL32.ExpandEnvironmentStringsW);
  let size = 512;
  for (let attempt = 0; attempt < 3; attempt++) {
    const buf = Buffer.alloc(size * 2);
    const n = expand(s, buf, size);
    if (n === 0) return s;
    if (n <= size) return buf.toString('utf16le', 0, (n - 1) * 2);
    size = n;
  }
  return s;
}

/** A REG_SZ / REG_EXPAND_SZ value under HKLM (expanded), or undefined when the key or value is missing. */
export function readHklmString(subKey: string, value: string | null): string | undefined {
  const raw = readHklmValue(subKey, value);
  return raw && (raw.expand ? expandEnvironment(raw.data) : raw.data);
}

const INSTALLMODE_EXISTING = -1;

/**
 * Where Windows Installer says a qualified component is (MsiProvideQualifiedComponentW with
 * INSTALLMODE_EXISTING: nothing is ever installed or repaired), or the error code it gave.
 * Throws when msi.dll or the export cannot be loaded.
 */
export function provideQualifiedComponent(category: string, qualifier: string): { path: string } | { error: number } {
  const fn = win32('msi.dll', MSI.MsiProvideQualifiedComponentW);
  const cch = [0];
  let rc = fn(category, qualifier, INSTALLMODE_EXISTING >>> 0, null, cch) >>> 0;
  if (rc !== 0 && rc !== ERROR_MORE_DATA) return { error: rc };
  for (let attempt = 0; attempt < 3; attempt++) {
    const size = cch[0] + 1;
    const buf = Buffer.alloc(size * 2);
    const inout = [size];
    rc = fn(category, qualifier, INSTALLMODE_EXISTING >>> 0, buf, inout) >>> 0;
    if (rc === 0) return { path: buf.toString('utf16le', 0, inout[0] * 2).replace(/\0+$/, '') };
    if (rc !== ERROR_MORE_DATA) return { error: rc };
    cch[0] = inout[0];
  }
  return { error: ERROR_MORE_DATA };
}

export function systemDirectory(): string {
  const buf = Buffer.alloc(520);
  const n = win32('kernel32.dll', KERNEL32.GetSystemDirectoryW)(buf, 260);
  return buf.toString('utf16le', 0, n * 2);
}

/** kernel32's handle functions, in the shape lib/platform/handles.ts hands the sync. */
export const win32Handles = {
  wait: (h: bigint, ms: number): number => win32('kernel32.dll', KERNEL32.WaitForSingleObject)(h, ms) >>> 0,
  close: (h: bigint): boolean => win32('kernel32.dll', KERNEL32.CloseHandle)(h) !== 0,
  threadId: (h: bigint): number => win32('kernel32.dll', KERNEL32.GetThreadId)(h) >>> 0,
};

/** VS_FIXEDFILEINFO: its signature and where the file version's two DWORDs are. */
const VS_FIXEDFILEINFO = { size: 52, signature: 0xfeef04bd, versionMS: 8, versionLS: 12 };

/** A DLL's file version ('16.0.5000.1000'), or undefined when it has none or anything fails. */
export function fileVersion(file: string): string | undefined {
  if (process.platform !== 'win32') return undefined;
  try {
    const n = win32('version.dll', VERSION.GetFileVersionInfoSizeW)(file, [0]);
    if (!n) return undefined;
    const data = Buffer.alloc(n);
    if (!win32('version.dll', VERSION.GetFileVersionInfoW)(file, 0, n, data)) return undefined;
    const ptr: unknown[] = [null];
    const len = [0];
    if (!win32('version.dll', VERSION.VerQueryValueW)(data, '\\', ptr, len) || len[0] < VS_FIXEDFILEINFO.size || !ptr[0]) return undefined;
    const at = typeof ptr[0] === 'bigint' ? ptr[0] : (koffi.address(ptr[0] as never) as bigint);
    const off = Number(at - (koffi.address(data) as bigint));
    if (off < 0 || off + VS_FIXEDFILEINFO.size > data.length || data.readUInt32LE(off) !== VS_FIXEDFILEINFO.signature) return undefined;
    const ms = data.readUInt32LE(off + VS_FIXEDFILEINFO.versionMS);
    const ls = data.readUInt32LE(off + VS_FIXEDFILEINFO.versionLS);
    return `${ms >>> 16}.${ms & 0xffff}.${ls >>> 16}.${ls & 0xffff}`;
  } catch {
    return undefined;
  }
}
