import type { ExportDef } from '../schema';

/**
 * The kernel32.dll functions the bridge calls on Windows: the sync's done event, the system directory, and
 * pinning the MAPI DLL so that it is never unloaded while a provider thread may run in it.
 */
export const KERNEL32 = {
  ExpandEnvironmentStringsW: {
    name: 'ExpandEnvironmentStringsW',
    returns: 'DWORD',
    params: [
      { name: 'lpSrc', type: 'LPCWSTR', doc: 'A REG_EXPAND_SZ value read with RRF_NOEXPAND.' },
      { name: 'lpDst', type: 'void *' },
      { name: 'nSize', type: 'DWORD', doc: 'The buffer size in characters.' },
    ],
    stackBytes: 12,
    source: 'processenv.h; returns the characters needed including the NUL (more than nSize: call again), 0 on failure',
  },
  WaitForSingleObject: {
    name: 'WaitForSingleObject',
    returns: 'DWORD',
    params: [
      { name: 'hHandle', type: 'HANDLE' },
      { name: 'dwMilliseconds', type: 'DWORD', doc: '0 polls: the main thread never blocks on a provider.' },
    ],
    stackBytes: 8,
    source: 'synchapi.h; WAIT_OBJECT_0 (0), WAIT_TIMEOUT (0x102), WAIT_FAILED (0xFFFFFFFF)',
  },
  CloseHandle: {
    name: 'CloseHandle',
    returns: 'BOOL',
    params: [{ name: 'hObject', type: 'HANDLE' }],
    stackBytes: 4,
    source: 'handleapi.h',
  },
  GetThreadId: {
    name: 'GetThreadId',
    returns: 'DWORD',
    params: [{ name: 'Thread', type: 'HANDLE', doc: '0 for a handle that is not a thread (an event).' }],
    stackBytes: 4,
    source: 'processthreadsapi.h',
  },
  GetSystemDirectoryW: {
    name: 'GetSystemDirectoryW',
    returns: 'DWORD',
    params: [
      { name: 'lpBuffer', type: 'WCHAR *' },
      { name: 'uSize', type: 'DWORD', doc: 'In WCHARs.' },
    ],
    stackBytes: 8,
    source: 'sysinfoapi.h; returns the length in WCHARs without the terminator',
  },
  GetModuleHandleExW: {
    name: 'GetModuleHandleExW',
    returns: 'BOOL',
    params: [
      { name: 'dwFlags', type: 'DWORD', doc: 'GET_MODULE_HANDLE_EX_FLAG_PIN (1): the module stays loaded until the process ends, whatever FreeLibrary is called.' },
      { name: 'lpModuleName', type: 'LPCWSTR', doc: 'The name or path the DLL was loaded by (it must be loaded already).' },
      { name: 'phModule', type: 'HANDLE *', dir: 'out', doc: 'The HMODULE.' },
    ],
    stackBytes: 12,
    source: 'libloaderapi.h; FALSE (GetLastError) when the module is not loaded',
  },
} as const satisfies Record<string, ExportDef>;
