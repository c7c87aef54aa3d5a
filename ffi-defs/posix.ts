import type { ExportDef } from './schema';

/**
 * The dynamic loader's functions the bridge calls on Linux and macOS, looked up in the process itself
 * (libc; libdl before glibc 2.34, which Node links): a second dlopen of the MAPI library with
 * RTLD_NODELETE pins it, so it is never unmapped while a provider thread may run in it.
 */
export const LIBDL = {
  dlopen: {
    name: 'dlopen',
    returns: 'void *',
    params: [
      { name: 'filename', type: 'LPCSTR', doc: 'The path the library was loaded from: with RTLD_NOLOAD, the loaded copy is found, never a second one.' },
      { name: 'flags', type: 'LONG', doc: "C int: RTLD_NOW | RTLD_NOLOAD | RTLD_NODELETE (values in lib/platform/pin.ts, per system)." },
    ],
    stackBytes: 8,
    source: 'dlfcn.h (POSIX; RTLD_NOLOAD and RTLD_NODELETE are glibc, musl and macOS extensions); NULL on failure',
  },
  dlerror: {
    name: 'dlerror',
    returns: 'LPCSTR',
    params: [],
    stackBytes: 0,
    source: 'dlfcn.h; the last dlopen error of this thread, or NULL',
  },
} as const satisfies Record<string, ExportDef>;
