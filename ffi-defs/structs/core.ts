import type { StructDef } from '../schema';

/** Basic value types of MAPI. Layouts follow the Windows ABIs (x64 and x86). [MAPIDefS.h, guiddef.h] */

export const GUID = {
  kind: 'struct',
  name: 'GUID',
  fields: [
    { name: 'Data1', type: 'ULONG' },
    { name: 'Data2', type: 'USHORT' },
    { name: 'Data3', type: 'USHORT' },
    { name: 'Data4', type: 'BYTE', count: 8 },
  ],
  source: 'guiddef.h',
} as const satisfies StructDef;

/** A MAPIUID is 16 raw bytes (not a GUID: no byte swapping of Data1..3). */
export const MAPIUID = {
  kind: 'struct',
  name: 'MAPIUID',
  fields: [{ name: 'ab', type: 'BYTE', count: 16 }],
  source: 'MAPIDefS.h',
} as const satisfies StructDef;

/** 100-ns intervals since 1601-01-01 UTC, as two 32-bit halves (align 4). */
export const FILETIME = {
  kind: 'struct',
  name: 'FILETIME',
  fields: [
    { name: 'dwLowDateTime', type: 'DWORD' },
    { name: 'dwHighDateTime', type: 'DWORD' },
  ],
  source: 'minwinbase.h',
} as const satisfies StructDef;

/** CURRENCY (CY): a 64-bit integer scaled by 10 000; the union makes it 8-aligned on x86 too. */
export const CURRENCY = {
  kind: 'union',
  name: 'CURRENCY',
  fields: [{ name: 'int64', type: 'LONGLONG' }],
  source: 'wtypes.h',
} as const satisfies StructDef;

export const LARGE_INTEGER = {
  kind: 'union',
  name: 'LARGE_INTEGER',
  fields: [{ name: 'QuadPart', type: 'LONGLONG' }],
  source: 'winnt.h',
} as const satisfies StructDef;

/** Variable-length: always passed as (cb, ENTRYID*). */
export const ENTRYID = {
  kind: 'struct',
  name: 'ENTRYID',
  fields: [
    { name: 'abFlags', type: 'BYTE', count: 4 },
    { name: 'ab', type: 'BYTE', count: 1, flexible: { note: 'length is cbEntryID - 4, passed beside the pointer' } },
  ],
  source: 'MAPIDefS.h',
} as const satisfies StructDef;

export const SBinary = {
  kind: 'struct',
  name: 'SBinary',
  fields: [
    { name: 'cb', type: 'ULONG' },
    { name: 'lpb', type: 'BYTE *' },
  ],
  source: 'MAPIDefS.h',
} as const satisfies StructDef;

/** The multi-valued arrays of the property value union: { count, pointer to elements }. */
function mv<N extends string, T extends string>(name: N, element: T) {
  return {
    kind: 'struct',
    name,
    fields: [
      { name: 'cValues', type: 'ULONG' },
      { name: 'lp', type: `${element} *` },
    ],
    source: 'MAPIDefS.h',
  } as const satisfies StructDef;
}

// MAPIDefS.h names each array's pointer member differently (lpi, lpl, lpflt, ...); the layout is what
// matters and is identical, so one member name 'lp' is used for all of them.
export const SShortArray = mv('SShortArray', 'SHORT');
export const SLongArray = mv('SLongArray', 'LONG');
export const SRealArray = mv('SRealArray', 'float');
export const SDoubleArray = mv('SDoubleArray', 'double');
export const SCurrencyArray = mv('SCurrencyArray', 'CURRENCY');
export const SAppTimeArray = mv('SAppTimeArray', 'double');
export const SDateTimeArray = mv('SDateTimeArray', 'FILETIME');
export const SBinaryArray = mv('SBinaryArray', 'SBinary');
export const SLPSTRArray = mv('SLPSTRArray', 'CHAR *');
export const SWStringArray = mv('SWStringArray', 'WCHAR *');
export const SGuidArray = mv('SGuidArray', 'GUID');
export const SLargeIntegerArray = mv('SLargeIntegerArray', 'LARGE_INTEGER');

/** union _PV (`__UPV`): the value of an SPropValue; the member in use is chosen by PROP_TYPE(ulPropTag). */
export const PV = {
  kind: 'union',
  name: '_PV',
  fields: [
    { name: 'i', type: 'SHORT' }, // PT_I2
    { name: 'l', type: 'LONG' }, // PT_LONG
    { name: 'ul', type: 'ULONG' }, // PT_LONG, unsigned view
    { name: 'lpv', type: 'void *' }, // PT_PTR
    { name: 'flt', type: 'float' }, // PT_R4
    { name: 'dbl', type: 'double' }, // PT_DOUBLE
    { name: 'b', type: 'USHORT' }, // PT_BOOLEAN: 16-bit
    { name: 'cur', type: 'CURRENCY' }, // PT_CURRENCY
    { name: 'at', type: 'double' }, // PT_APPTIME
    { name: 'ft', type: 'FILETIME' }, // PT_SYSTIME
    { name: 'lpszA', type: 'CHAR *' }, // PT_STRING8
    { name: 'bin', type: 'SBinary' }, // PT_BINARY
    { name: 'lpszW', type: 'WCHAR *' }, // PT_UNICODE
    { name: 'lpguid', type: 'GUID *' }, // PT_CLSID
    { name: 'li', type: 'LARGE_INTEGER' }, // PT_I8
    { name: 'MVi', type: 'SShortArray' },
    { name: 'MVl', type: 'SLongArray' },
    { name: 'MVflt', type: 'SRealArray' },
    { name: 'MVdbl', type: 'SDoubleArray' },
    { name: 'MVcur', type: 'SCurrencyArray' },
    { name: 'MVat', type: 'SAppTimeArray' },
    { name: 'MVft', type: 'SDateTimeArray' },
    { name: 'MVbin', type: 'SBinaryArray' },
    { name: 'MVszA', type: 'SLPSTRArray' },
    { name: 'MVszW', type: 'SWStringArray' },
    { name: 'MVguid', type: 'SGuidArray' },
    { name: 'MVli', type: 'SLargeIntegerArray' },
    { name: 'err', type: 'SCODE' }, // PT_ERROR
    { name: 'x', type: 'LONG' }, // PT_NULL, PT_OBJECT
  ],
  source: 'MAPIDefS.h',
} as const satisfies StructDef;

export const SPropValue = {
  kind: 'struct',
  name: 'SPropValue',
  fields: [
    { name: 'ulPropTag', type: 'ULONG' },
    { name: 'dwAlignPad', type: 'ULONG' },
    { name: 'Value', type: '_PV' },
  ],
  source: 'MAPIDefS.h',
} as const satisfies StructDef;
