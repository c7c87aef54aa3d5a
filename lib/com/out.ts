/**
 * Writing a JS-implemented method's out parameters. A handler receives `ULONG *lpulMax` or
 * `void **ppv` as the native address (a BigInt, or null when the caller passed NULL); these write
 * through it. Each returns false when the address is NULL, so a handler can answer E_POINTER.
 */
import koffi from 'koffi';

const write = (type: string) => (ptr: bigint | null, value: number | bigint | null): boolean => {
  if (!ptr) return false;
  koffi.encode(ptr as never, type as never, value as never);
  return true;
};

export const writeOut = {
  ULONG: write('uint32_t') as (ptr: bigint | null, value: number) => boolean,
  LONG: write('int32_t') as (ptr: bigint | null, value: number) => boolean,
  USHORT: write('uint16_t') as (ptr: bigint | null, value: number) => boolean,
  LONGLONG: write('int64_t') as (ptr: bigint | null, value: bigint | number) => boolean,
  /** A pointer (an interface pointer, a MAPI buffer), or null. */
  pointer: write('void *') as (ptr: bigint | null, value: bigint | null) => boolean,
} as const;

/** Reading what an in/out parameter points to (0 / null when the address is NULL). */
export const readIn = {
  ULONG: (ptr: bigint | null): number => (ptr ? (koffi.decode(ptr as never, 'uint32_t') as number) : 0),
  LONG: (ptr: bigint | null): number => (ptr ? (koffi.decode(ptr as never, 'int32_t') as number) : 0),
  pointer: (ptr: bigint | null): bigint | null => (ptr ? ((koffi.decode(ptr as never, 'void *') as bigint | null) ?? null) : null),
} as const;
