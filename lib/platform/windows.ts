/**
 * The few Win32 calls the bridge needs on Windows: registry values (MAPI discovery) and kernel object
 * handles (the sync's done event). Loaded lazily; never touched on other platforms.
 */
import koffi from 'koffi';

let k32: Record<string, (...a: unknown[]) => unknown> | undefined;
let adv: Record<string, (...a: unknown[]) => unknown> | undefined;

function kernel32() {
  if (!k32) {
    const lib = koffi.load('kernel32.dll');
    k32 = {
      WaitForSingleObject: lib.func('__stdcall', 'WaitForSingleObject', 'uint32_t', ['void *', 'uint32_t']),
      CloseHandle: lib.func('__stdcall', 'CloseHandle', 'int32_t', ['void *']),
      GetThreadId: lib.func('__stdcall', 'GetThreadId', 'uint32_t', ['void *']),
      GetCurrentThreadId: lib.func('__stdcall', 'GetCurrentThreadId', 'uint32_t', []),
      GetSystemDirectoryW: lib.func('__stdcall', 'GetSystemDirectoryW', 'uint32_t', ['void *', 'uint32_t']),
    };
  }
  return k32;
}

function advapi32() {
  if (!adv) {
    const lib = koffi.load('advapi32.dll');
    adv = {
      RegGetValueW: lib.func('__stdcall', 'RegGetValueW', 'int32_t', [
        'void *', 'const char16_t *', 'const char16_t *', 'uint32_t', 'void *', 'void *', '_Inout_ uint32_t *',
      ]),
    };
  }
  return adv;
}

/** HKEY_LOCAL_MACHINE, sign-extended to pointer size as Windows defines it. */
const HKLM = process.arch === 'x64' || process.arch === 'arm64' ? 0xffffffff80000002n : 0x80000002n;
const RRF_RT_REG_SZ = 0x2;
const ERROR_MORE_DATA = 234;

/**
 * A REG_SZ / REG_EXPAND_SZ value under HKLM (expanded), or undefined when the key or value is missing.
 * `value` null reads the key's default value.
 */
export function readHklmString(subKey: string, value: string | null): string | undefined {
  const { RegGetValueW } = advapi32();
  let cb = [1024];
  for (let attempt = 0; attempt < 3; attempt++) {
    const buf = Buffer.alloc(cb[0]);
    // RRF_RT_REG_SZ alone also accepts REG_EXPAND_SZ: without RRF_NOEXPAND, RegGetValueW expands it and
    // reports REG_SZ. Adding RRF_RT_REG_EXPAND_SZ without RRF_NOEXPAND is ERROR_INVALID_PARAMETER (87).
    const rc = RegGetValueW(HKLM, subKey, value, RRF_RT_REG_SZ, null, buf, cb) as number;
    if (rc === 0) return buf.toString('utf16le', 0, Math.max(0, cb[0] - 2)).replace(/\0+$/, '');
    if (rc !== ERROR_MORE_DATA) return undefined;
    cb = [cb[0] * 2];
  }
  return undefined;
}

export function systemDirectory(): string {
  const buf = Buffer.alloc(520);
  const n = kernel32().GetSystemDirectoryW(buf, 260) as number;
  return buf.toString('utf16le', 0, n * 2);
}

export const WAIT_OBJECT_0 = 0;
export const WAIT_TIMEOUT = 0x102;

export const win32Handles = {
  wait: (h: bigint, ms: number): number => kernel32().WaitForSingleObject(h, ms) as number,
  close: (h: bigint): boolean => (kernel32().CloseHandle(h) as number) !== 0,
  threadId: (h: bigint): number => kernel32().GetThreadId(h) as number,
};
