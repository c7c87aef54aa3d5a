import type { StructDef } from '../schema';

export const MAPIINIT_0 = {
  kind: 'struct',
  name: 'MAPIINIT_0',
  fields: [
    { name: 'ulVersion', type: 'ULONG' },
    { name: 'ulFlags', type: 'ULONG' },
  ],
  source: 'MAPIX.h',
} as const satisfies StructDef;

/** Strings are UTF-16 when MAPI_UNICODE was passed to GetLastError, else 8-bit. */
export const MAPIERROR = {
  kind: 'struct',
  name: 'MAPIERROR',
  fields: [
    { name: 'ulVersion', type: 'ULONG' },
    { name: 'lpszError', type: 'void *' },
    { name: 'lpszComponent', type: 'void *' },
    { name: 'ulLowLevelError', type: 'ULONG' },
    { name: 'ulContext', type: 'ULONG' },
  ],
  source: 'MAPIDefS.h',
} as const satisfies StructDef;

/**
 * MAPISIB: the only argument of IMAPISync::SynchronizeInBackground. No public header declares it; from
 * the documentation (mapisib.md). ulSize = sizeof(MAPISIB): 32 on x64, 20 on x86.
 */
export const MAPISIB = {
  kind: 'struct',
  name: 'MAPISIB',
  fields: [
    { name: 'ulSize', type: 'ULONG' },
    { name: 'ulFlags', type: 'ULONG' },
    { name: 'psesSync', type: 'IMAPISession *' },
    { name: 'punkCallBack', type: 'IUnknown *' },
    { name: 'phSyncDoneEvent', type: 'HANDLE *' },
  ],
  source: 'mapisib.md',
} as const satisfies StructDef;

/** Kind.lID (MNID_ID) or Kind.lpwstrName (MNID_STRING). */
export const MAPINAMEID_Kind = {
  kind: 'union',
  name: 'MAPINAMEID_Kind',
  fields: [
    { name: 'lID', type: 'LONG' },
    { name: 'lpwstrName', type: 'WCHAR *' },
  ],
  source: 'MAPIDefS.h',
} as const satisfies StructDef;

export const MAPINAMEID = {
  kind: 'struct',
  name: 'MAPINAMEID',
  fields: [
    { name: 'lpguid', type: 'GUID *' },
    { name: 'ulKind', type: 'ULONG' },
    { name: 'Kind', type: 'MAPINAMEID_Kind' },
  ],
  source: 'MAPIDefS.h',
} as const satisfies StructDef;
