import type { ExportDef } from '../schema';

/** The advapi32.dll function MAPI discovery reads the registry with (HKLM\Software\Clients\Mail). */
export const ADVAPI32 = {
  RegGetValueW: {
    name: 'RegGetValueW',
    returns: 'LONG',
    params: [
      { name: 'hkey', type: 'HANDLE', doc: 'HKEY_LOCAL_MACHINE: 0x80000002, sign-extended to pointer size.' },
      { name: 'lpSubKey', type: 'LPCWSTR' },
      { name: 'lpValue', type: 'LPCWSTR', doc: 'NULL reads the default value.' },
      { name: 'dwFlags', type: 'DWORD', doc: 'RRF_RT_REG_SZ (2) | RRF_RT_REG_EXPAND_SZ (4) | RRF_NOEXPAND (0x10000000): the raw value and its type; discovery expands it.' },
      { name: 'pdwType', type: 'DWORD *', dir: 'out', doc: 'REG_SZ (1) or REG_EXPAND_SZ (2).' },
      { name: 'pvData', type: 'void *' },
      { name: 'pcbData', type: 'DWORD *', dir: 'inout', doc: 'In: the buffer size in bytes. Out: the bytes written or needed.' },
    ],
    stackBytes: 28,
    source: 'winreg.h; ERROR_MORE_DATA (234) when pvData is too small',
  },
} as const satisfies Record<string, ExportDef>;
