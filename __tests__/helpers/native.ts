/** Paths and bindings of the suite's native helpers (built by the global setup). */
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import koffi from 'koffi';

const root = path.resolve(__dirname, '..', '..');

export function testNativeDir(): string {
  const dir = process.platform === 'win32' ? `win-${process.arch}` : `${process.platform}-${process.arch}`;
  return path.join(root, '__tests__', 'native', 'build', dir);
}

let caller: ReturnType<typeof bindCaller> | undefined;

function bindCaller() {
  const lib = koffi.load(path.join(testNativeDir(), process.platform === 'win32' ? 'comcaller.dll' : 'libcomcaller.so'));
  const Report = koffi.struct({
    qiUnknown: 'int32_t', qiCallback: 'int32_t', qiOther: 'int32_t', otherIsNull: 'uint32_t', sameIdentity: 'uint32_t',
    addRefCount: 'uint32_t', releaseCount: 'uint32_t', progress: 'int32_t', error: 'int32_t', done: 'int32_t', finalCount: 'uint32_t',
  });
  return {
    DriveCallback: lib.func('DriveCallback', 'void', ['void *', 'const char16_t *', 'uint32_t', 'uint32_t', 'int32_t', koffi.out(koffi.pointer(Report))]),
    Report,
    DriveFromThreads: lib.func('int32_t DriveFromThreads(void *punk, uint32_t threads, uint32_t calls)'),
    GetCalc: lib.func('void *GetCalc()'),
    CalcRefs: lib.func('uint32_t CalcRefs()'),
    CalcLoop: lib.func('uint32_t CalcLoop(uint32_t n)'),
  };
}

/** The native COM caller (comcaller.c). */
export function comCaller() {
  return (caller ??= bindCaller());
}

/** sizeof/offsetof of the MAPI structs as the C compiler lays them out (layouts.c). */
export function compilerLayouts(): Record<string, { size: number; align: number; fields: Record<string, number> }> {
  const exe = path.join(testNativeDir(), process.platform === 'win32' ? 'layouts.exe' : 'layouts');
  return JSON.parse(execFileSync(exe, { encoding: 'utf8' }));
}
