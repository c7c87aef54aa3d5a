import type { ExportDef } from '../schema';

/**
 * The msi.dll function MAPI discovery asks where an installed Outlook is (the route MAPIStubLibrary
 * takes: a category GUID of Office's core components and a qualifier such as outlook.exe). Bound only
 * when discovery gets there; a Windows without msi.dll skips the route.
 */
export const MSI = {
  MsiProvideQualifiedComponentW: {
    name: 'MsiProvideQualifiedComponentW',
    returns: 'DWORD',
    params: [
      { name: 'szCategory', type: 'LPCWSTR', doc: 'The category GUID, "{...}".' },
      { name: 'szQualifier', type: 'LPCWSTR', doc: 'outlook.exe, outlook.x64.exe, excel.exe, ... or an LCID for MSIComponentID.' },
      { name: 'dwInstallMode', type: 'DWORD', doc: 'INSTALLMODE_EXISTING (-1): never install, only report what is there.' },
      { name: 'lpPathBuf', type: 'void *', doc: 'NULL to ask for the size only.' },
      { name: 'pcchPathBuf', type: 'DWORD *', dir: 'inout', doc: 'In: the buffer size in characters. Out: the characters written or needed (without the NUL).' },
    ],
    stackBytes: 20,
    source: 'msi.h; ERROR_SUCCESS (0), ERROR_MORE_DATA (234), ERROR_INDEX_ABSENT (1611), ERROR_UNKNOWN_COMPONENT (1607), ERROR_FILE_NOT_FOUND (2)',
  },
} as const satisfies Record<string, ExportDef>;
