/**
 * The file version of a Windows DLL (VS_FIXEDFILEINFO through version.dll), for `doctor`. Undefined on
 * other platforms, for files without version information, or when anything fails.
 */
import koffi from 'koffi';

let api:
  | {
      size: (file: string, handle: number[]) => number;
      info: (file: string, handle: number, len: number, data: Buffer) => number;
      query: (block: Buffer, sub: string, ptr: unknown[], len: number[]) => number;
    }
  | null
  | undefined;

function bind() {
  if (api !== undefined) return api;
  try {
    const v = koffi.load('version.dll');
    api = {
      size: v.func('uint32_t __stdcall GetFileVersionInfoSizeW(const char16_t *file, _Out_ uint32_t *handle)') as never,
      info: v.func('int __stdcall GetFileVersionInfoW(const char16_t *file, uint32_t handle, uint32_t len, _Out_ uint8_t *data)') as never,
      query: v.func('int __stdcall VerQueryValueW(const uint8_t *block, const char16_t *sub, _Out_ void **ptr, _Out_ uint32_t *len)') as never,
    };
  } catch {
    api = null;
  }
  return api;
}

export function fileVersion(file: string): string | undefined {
  if (process.platform !== 'win32') return undefined;
  const a = bind();
  if (!a) return undefined;
  try {
    const n = a.size(file, [0]);
    if (!n) return undefined;
    const data = Buffer.alloc(n);
    if (!a.info(file, 0, n, data)) return undefined;
    const ptr: unknown[] = [null];
    const len = [0];
    if (!a.query(data, '\\', ptr, len) || len[0] < 52 || !ptr[0]) return undefined;
    const at = typeof ptr[0] === 'bigint' ? ptr[0] : (koffi.address(ptr[0] as never) as bigint);
    const off = Number(at - (koffi.address(data) as bigint));
    if (off < 0 || off + 52 > data.length || data.readUInt32LE(off) !== 0xfeef04bd) return undefined;
    const ms = data.readUInt32LE(off + 8);
    const ls = data.readUInt32LE(off + 12);
    return `${ms >>> 16}.${ms & 0xffff}.${ls >>> 16}.${ls & 0xffff}`;
  } catch {
    return undefined;
  }
}
