/**
 * Pinning the MAPI DLL: once pinned, it stays mapped until the process ends, whatever unloads it
 * (Koffi's lib.unload(), the finalizer of Koffi's library handle at garbage collection or in Node's
 * teardown). A provider's own threads run in its code and may outlive every JS reference to it; a
 * DLL unmapped under such a thread crashes the process (docs/threads.md, "Exit").
 *
 * Linux and macOS: a second dlopen of the same path with RTLD_NOLOAD | RTLD_NODELETE (NOLOAD finds the
 * copy Koffi loaded, never loads another). Windows: GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_PIN).
 * Both are bound from their definitions (ffi-defs/posix.ts, ffi-defs/win32/kernel32.ts).
 */
import koffi from 'koffi';
import { LIBDL } from '../../ffi-defs/posix';
import { KERNEL32 } from '../../ffi-defs/win32';
import { NativeLibrary } from '../ffi/bind';

/** RTLD_NOW | RTLD_NOLOAD | RTLD_NODELETE, per system (dlfcn.h). */
const DLOPEN_PIN_FLAGS: Partial<Record<NodeJS.Platform, number>> = {
  linux: 0x2 | 0x4 | 0x1000,
  android: 0x2 | 0x4 | 0x1000,
  darwin: 0x2 | 0x10 | 0x80,
  freebsd: 0x2 | 0x2000 | 0x1000,
};
const GET_MODULE_HANDLE_EX_FLAG_PIN = 0x1;

/** How each path fared: '' once pinned, else why not. */
const pinned = new Map<string, string>();
let loader: NativeLibrary | undefined;

function pinNow(file: string): string {
  if (process.platform === 'win32') {
    loader ??= NativeLibrary.load('kernel32.dll');
    const out: unknown[] = [null];
    return loader.bind(KERNEL32.GetModuleHandleExW).fn(GET_MODULE_HANDLE_EX_FLAG_PIN, file, out) ? '' : 'GetModuleHandleExW failed';
  }
  const flags = DLOPEN_PIN_FLAGS[process.platform];
  if (flags === undefined) return `no RTLD_NODELETE known for ${process.platform}`;
  // The process itself: dlopen is in libc (in libdl before glibc 2.34, which Node links).
  loader ??= new NativeLibrary(koffi.load(null), '(the process)');
  if (loader.bind(LIBDL.dlopen).fn(file, flags)) return ''; // the extra reference is never dropped
  return `dlopen(RTLD_NOLOAD | RTLD_NODELETE) failed: ${String(loader.bind(LIBDL.dlerror).fn() ?? 'no error text')}`;
}

/**
 * Pins a library that is loaded already, by the path (or name) it was loaded by. Returns '' when it is
 * pinned, else why it could not be (nothing is thrown: the bridge works on without the pin, and its exit
 * guard, lib/platform/exit.ts, still keeps Node from unloading it at exit).
 */
export function pinLibrary(file: string): string {
  let why = pinned.get(file);
  if (why === undefined) {
    try {
      why = pinNow(file);
    } catch (e) {
      why = (e as Error).message;
    }
    pinned.set(file, why);
  }
  return why;
}

/** Whether pinLibrary() pinned this path. */
export function isPinned(file: string): boolean {
  return pinned.get(file) === '';
}
