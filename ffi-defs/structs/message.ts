import type { StructDef } from '../schema';

/** The parts of a message: recipient lists, and IStream's argument types. [MAPIDefS.h; objidl.h] */

/** One recipient of an ADRLIST: the same layout as SRow. */
export const ADRENTRY = {
  kind: 'struct',
  name: 'ADRENTRY',
  fields: [
    { name: 'ulReserved1', type: 'ULONG' },
    { name: 'cValues', type: 'ULONG' },
    { name: 'rgPropVals', type: 'SPropValue *' },
  ],
  source: 'MAPIDefS.h',
} as const satisfies StructDef;

/** IMessage::ModifyRecipients' argument (and IAddrBook's): cEntries rows of recipient properties. */
export const ADRLIST = {
  kind: 'struct',
  name: 'ADRLIST',
  fields: [
    { name: 'cEntries', type: 'ULONG' },
    { name: 'aEntries', type: 'ADRENTRY', count: 1, flexible: { countField: 'cEntries' } },
  ],
  source: 'MAPIDefS.h',
} as const satisfies StructDef;

/** IABContainer::ResolveNames' per-row states: cFlags = the ADRLIST's cEntries, each MAPI_UNRESOLVED, MAPI_AMBIGUOUS or MAPI_RESOLVED. */
export const FlagList = {
  kind: 'struct',
  name: 'FlagList',
  fields: [
    { name: 'cFlags', type: 'ULONG' },
    { name: 'ulFlag', type: 'ULONG', count: 1, flexible: { countField: 'cFlags' } },
  ],
  source: 'MAPIDefS.h',
} as const satisfies StructDef;

/** An unsigned 64-bit integer as COM passes it: by value in IStream::SetSize, CopyTo and LockRegion. */
export const ULARGE_INTEGER = {
  kind: 'union',
  name: 'ULARGE_INTEGER',
  fields: [{ name: 'QuadPart', type: 'ULONGLONG' }],
  source: 'winnt.h',
} as const satisfies StructDef;

/** IStream::Stat's result. pwcsName is CoTaskMemAlloc'ed unless STATFLAG_NONAME is passed. */
export const STATSTG = {
  kind: 'struct',
  name: 'STATSTG',
  fields: [
    { name: 'pwcsName', type: 'WCHAR *' },
    { name: 'type', type: 'DWORD' },
    { name: 'cbSize', type: 'ULARGE_INTEGER' },
    { name: 'mtime', type: 'FILETIME' },
    { name: 'ctime', type: 'FILETIME' },
    { name: 'atime', type: 'FILETIME' },
    { name: 'grfMode', type: 'DWORD' },
    { name: 'grfLocksSupported', type: 'DWORD' },
    { name: 'clsid', type: 'GUID' },
    { name: 'grfStateBits', type: 'DWORD' },
    { name: 'reserved', type: 'DWORD' },
  ],
  source: 'objidl.h',
} as const satisfies StructDef;
