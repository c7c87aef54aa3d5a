/** The Win32 functions the bridge calls on Windows, as data like the MAPI exports (lib/platform/win32.ts binds them). */
export * from './kernel32';
export * from './advapi32';
export * from './version';
export * from './msi';
