/**
 * GUIDs cross the API as registry-form strings ('{5024A385-2D44-486A-81A8-8F0ECB6071DD}') and the
 * boundary as the 16 bytes of a C GUID (Data1..Data3 little-endian).
 */
import koffi from 'koffi';
import { MapiArgumentError } from '../errors';

const GUID_RE = /^\{?([0-9a-f]{8})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{12})\}?$/i;
const bytesCache = new Map<string, Buffer>();

export function isGuid(s: unknown): s is string {
  return typeof s === 'string' && GUID_RE.test(s);
}

/** The 16 bytes of a GUID. Cached and shared: treat the result as read-only. */
export function guidBytes(guid: string): Buffer {
  let b = bytesCache.get(guid);
  if (b) return b;
  const m = GUID_RE.exec(guid);
  if (!m) throw new MapiArgumentError('ERR_GUID', `Not a GUID: '${guid}' (expected '{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}')`);
  b = Buffer.alloc(16);
  b.writeUInt32LE(parseInt(m[1], 16), 0);
  b.writeUInt16LE(parseInt(m[2], 16), 4);
  b.writeUInt16LE(parseInt(m[3], 16), 6);
  Buffer.from(m[4] + m[5], 'hex').copy(b, 8);
  bytesCache.set(guid, b);
  return b;
}

export function formatGuid(bytes: Uint8Array): string {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, 16);
  const hex = (n: number, w: number) => n.toString(16).toUpperCase().padStart(w, '0');
  const tail = b.subarray(8).toString('hex').toUpperCase();
  return `{${hex(b.readUInt32LE(0), 8)}-${hex(b.readUInt16LE(4), 4)}-${hex(b.readUInt16LE(6), 4)}-${tail.slice(0, 4)}-${tail.slice(4)}}`;
}

/** Reads the GUID a native pointer points to. */
export function readGuid(ptr: bigint): string {
  return formatGuid(Uint8Array.from(koffi.decode(ptr, 'uint8_t', 16) as number[]));
}

/** Canonical form, for comparisons. */
export function normalizeGuid(guid: string): string {
  return formatGuid(guidBytes(guid));
}
