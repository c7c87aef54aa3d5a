import type { ExportDef } from '../schema';

/** The version.dll functions `doctor` reads a DLL's VS_FIXEDFILEINFO with. */
export const VERSION = {
  GetFileVersionInfoSizeW: {
    name: 'GetFileVersionInfoSizeW',
    returns: 'DWORD',
    params: [
      { name: 'lptstrFilename', type: 'LPCWSTR' },
      { name: 'lpdwHandle', type: 'DWORD *', dir: 'out', doc: 'Set to 0.' },
    ],
    stackBytes: 8,
    source: 'winver.h; 0 when the file has no version information',
  },
  GetFileVersionInfoW: {
    name: 'GetFileVersionInfoW',
    returns: 'BOOL',
    params: [
      { name: 'lptstrFilename', type: 'LPCWSTR' },
      { name: 'dwHandle', type: 'DWORD', doc: 'Ignored.' },
      { name: 'dwLen', type: 'DWORD' },
      { name: 'lpData', type: 'void *' },
    ],
    stackBytes: 16,
    source: 'winver.h',
  },
  VerQueryValueW: {
    name: 'VerQueryValueW',
    returns: 'BOOL',
    params: [
      { name: 'pBlock', type: 'void *' },
      { name: 'lpSubBlock', type: 'LPCWSTR', doc: '"\\\\" for the root block, VS_FIXEDFILEINFO.' },
      { name: 'lplpBuffer', type: 'void **', dir: 'out', doc: 'Points into pBlock.' },
      { name: 'puLen', type: 'DWORD *', dir: 'out' },
    ],
    stackBytes: 16,
    source: 'winver.h',
  },
} as const satisfies Record<string, ExportDef>;
