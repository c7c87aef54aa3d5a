import type { ExportDef } from './schema';

/**
 * The sample provider's own exports beside MAPI's (sample-provider/src/kmapi_sample.h): its accounting,
 * its knobs, and the portable handle functions that stand in for kernel32's where there are no HANDLEs.
 */
export const SAMPLE_EXPORTS = {
  SampleProvider_GetStats: {
    name: 'SampleProvider_GetStats',
    returns: 'HRESULT',
    params: [{ name: 'lpStats', type: 'void *', doc: 'A SampleStats of ULONGs; cbSize (the first) set by the caller.' }],
    stackBytes: 4,
    source: 'kmapi_sample.h',
  },
  SampleProvider_SetKnobs: {
    name: 'SampleProvider_SetKnobs',
    returns: 'HRESULT',
    params: [{ name: 'lpszSpec', type: 'LPCSTR', doc: "'fail=IMsgStore::OpenEntry:0x8004010F;messages=1000'; NULL or '' clears." }],
    stackBytes: 4,
    source: 'kmapi_sample.h',
  },
  SampleProvider_GetLogonError: {
    name: 'SampleProvider_GetLogonError',
    returns: 'HRESULT',
    params: [
      { name: 'lpszText', type: 'void *', doc: 'A buffer of cchText bytes: why the last MAPILogonEx of the process failed, NUL-terminated ("" after a success).' },
      { name: 'cchText', type: 'ULONG' },
    ],
    stackBytes: 8,
    source: 'kmapi_sample.h',
  },
  SampleWaitForSingleObject: {
    name: 'SampleWaitForSingleObject',
    returns: 'DWORD',
    params: [
      { name: 'hHandle', type: 'HANDLE' },
      { name: 'dwMilliseconds', type: 'DWORD' },
    ],
    stackBytes: 8,
    source: 'kmapi_sample.h (platform.c): WaitForSingleObject on the provider\'s portable handles',
  },
  SampleCloseHandle: {
    name: 'SampleCloseHandle',
    returns: 'BOOL',
    params: [{ name: 'hObject', type: 'HANDLE' }],
    stackBytes: 4,
    source: 'kmapi_sample.h',
  },
  SampleGetThreadId: {
    name: 'SampleGetThreadId',
    returns: 'DWORD',
    params: [{ name: 'Thread', type: 'HANDLE' }],
    stackBytes: 4,
    source: 'kmapi_sample.h',
  },
} as const satisfies Record<string, ExportDef>;
