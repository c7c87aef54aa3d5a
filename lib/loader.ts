/**
 * Finding and loading the MAPI DLL, and binding its exports.
 *
 * Order: `load({ path })`, else the MAPI_DLL environment variable, else on Windows the discovery that
 * MAPIStubLibrary does (HKLM\Software\Clients\Mail default client -> DLLPathEx, DLLPath; then the
 * system mapi32.dll stub), else on other platforms the project's sample provider. Every candidate's
 * header is read first: a DLL of the wrong bitness is refused with a message that says what to do,
 * never LoadLibrary's bare error 193.
 */
import fs from 'node:fs';
import path from 'node:path';
import koffi from 'koffi';
import type { LibraryHandle as IKoffiLib } from 'koffi';
import type { ExportDef } from '../ffi-defs/schema';
import type { ExportArgs, ExportReturn } from './com/proxy';
import { EXPORTS } from '../ffi-defs/exports';
import { MapiError, MapiLoadError, MapiArgumentError } from './errors';
import { inspectBinary, machineLabel, nativeFormat, processMachine, type Machine } from './platform/binary';
import { MissingExportError, NativeLibrary, type BoundExport } from './ffi/bind';
import { sampleProviderPath } from './paths';
import { environment } from './env';
import { traceFromEnvOnce } from './trace';
import { pinLibrary } from './platform/pin';

export { packageRoot, sampleProviderPath } from './paths';

export interface LoadAttempt {
  readonly path: string;
  /** How the candidate was found: 'path option', 'MAPI_DLL', 'registry DLLPathEx', ... */
  readonly via: string;
  /** Why it was not used ('' for the one that loaded). */
  readonly problem: string;
}

export interface LoadOptions {
  /** Explicit DLL path (olmapi32.dll, mapi32.dll, a provider, the sample provider). */
  path?: string;
}

type ExportName = keyof typeof EXPORTS;

/** The loaded MAPI DLL: where it came from, and its exports bound from ffi-defs/exports.ts (lib/ffi/bind.ts). */
export class MapiLibrary extends NativeLibrary {
  /** How it was found. */
  readonly via: string;
  /** Every candidate considered, in order, with why it was not used. */
  readonly attempts: readonly LoadAttempt[];
  readonly machine: string;

  /** @internal */
  constructor(lib: IKoffiLib, file: string, via: string, attempts: LoadAttempt[], machine: string) {
    super(lib, file);
    this.via = via;
    this.attempts = attempts;
    this.machine = machine;
  }

  /** The export bound to its prototype (Name, Name@N, _Name@N); a missing one is a MapiLoadError naming this DLL. */
  override bind(def: ExportDef): BoundExport {
    try {
      return super.bind(def);
    } catch (e) {
      if (!(e instanceof MissingExportError)) throw e;
      throw new MapiLoadError('ERR_NO_EXPORT', e.message, [{ path: this.path, via: this.via, problem: `missing export ${def.name}` }]);
    }
  }

  /**
   * Calls an export. HRESULT/SCODE results that are failures throw a MapiError naming the export;
   * successes (including warnings) are returned unsigned. The arguments are typed and named from the
   * definition (an EXPORTS entry), as a proxy's methods are from theirs.
   */
  call<E extends ExportDef>(def: E, ...args: ExportArgs<E>): ExportReturn<E>;
  call(def: ExportDef, ...args: unknown[]): number {
    const r = this.invoke(def, args);
    if (def.returns === 'HRESULT' || def.returns === 'SCODE') {
      if ((r | 0) < 0) throw new MapiError(r, def.name);
      return r >>> 0;
    }
    return r;
  }

  /** The standard exports, by name, as functions (see ffi-defs/exports.ts for their parameters). */
  readonly exports: { readonly [K in ExportName]: (...args: ExportArgs<(typeof EXPORTS)[K]>) => ExportReturn<(typeof EXPORTS)[K]> } = new Proxy({} as never, {
    get: (_t, name: string) => {
      const def = (EXPORTS as Record<string, ExportDef>)[name];
      if (!def) return undefined;
      return (...args: unknown[]) => this.call(def, ...args);
    },
  });
}

interface Candidate {
  readonly path: string;
  readonly via: string;
  /** Set when the candidate cannot be used whatever the file says. */
  readonly problem?: string;
}

/** One registry value MAPI discovery reads (data null when missing). */
export interface RegistryValue {
  readonly key: string;
  readonly value: string;
  readonly data: string | null;
}

/**
 * What MAPI discovery reads on Windows, as MAPIStubLibrary does: the default mail client under
 * HKLM\Software\Clients\Mail, its DLLPathEx and DLLPath, and the system mapi32.dll stub.
 */
export function mailClientRegistry(): { client: string | null; values: RegistryValue[]; stub: string } {
  // Loaded only on Windows: the registry and system directory come from Win32 calls.
  const win = require('./platform/windows') as typeof import('./platform/windows');
  const base = 'Software\\Clients\\Mail';
  const client = win.readHklmString(base, null) ?? null;
  const values: RegistryValue[] = [{ key: `HKLM\\${base}`, value: '(default)', data: client }];
  if (client) {
    for (const value of ['DLLPathEx', 'DLLPath']) values.push({ key: `HKLM\\${base}\\${client}`, value, data: win.readHklmString(`${base}\\${client}`, value) ?? null });
  }
  return { client, values, stub: path.win32.join(win.systemDirectory(), 'mapi32.dll') };
}

function windowsCandidates(): Candidate[] {
  const { client, values, stub } = mailClientRegistry();
  const out: Candidate[] = [];
  if (!client) out.push({ path: values[0].key, via: 'registry default mail client', problem: 'no default mail client is registered' });
  for (const v of values.slice(1)) {
    if (v.data && !path.win32.isAbsolute(v.data)) {
      // A name from the registry is never handed to the DLL search order (it could load from the current directory).
      out.push({ path: v.data, via: `registry ${v.key}\\${v.value}`, problem: 'not an absolute path' });
    } else if (v.data) out.push({ path: v.data, via: `registry ${v.key}\\${v.value}` });
    else out.push({ path: `${v.key}\\${v.value}`, via: `registry ${v.value}`, problem: 'value not set' });
  }
  out.push(
    client
      ? { path: stub, via: 'system MAPI stub' }
      : { path: stub, via: 'system MAPI stub', problem: 'the stub forwards to the default mail client, and none is registered' },
  );
  return out;
}

function candidates(options: LoadOptions): Candidate[] {
  if (options.path !== undefined) {
    if (typeof options.path !== 'string' || options.path.trim() === '') {
      throw new MapiArgumentError('ERR_BAD_PATH', 'load({ path }) is empty: give the path of a MAPI DLL, or leave it out to use MAPI_DLL and discovery');
    }
    return [{ path: options.path, via: 'path option' }];
  }
  const { mapiDll } = environment();
  if (mapiDll) return [{ path: mapiDll, via: 'MAPI_DLL environment variable' }];
  if (process.platform === 'win32') return windowsCandidates();
  return [{ path: sampleProviderPath(), via: 'bundled sample provider (build it with `npx koffi-mapi build-sample`)' }];
}

/** What to do about a DLL built for another machine than this Node.js. */
function machineAdvice(dll: string, theirs: Machine): string {
  const ours = processMachine();
  const family = (m: Machine) => (m === 'arm64' || m === 'arm' ? 'arm' : 'x86');
  if (family(theirs) !== family(ours)) {
    return `It is built for ${machineLabel(theirs)}: run a ${machineLabel(theirs)} build of Node.js to use it, or use the MAPI of Outlook built for this machine.`;
  }
  return ours === 'x64'
    ? 'Run a 32-bit Node.js (node-win-x86) to use a 32-bit MAPI, or install 64-bit Office.'
    : `Run a 64-bit Node.js to use a 64-bit MAPI${dll.toLowerCase().includes('olmapi32') ? ' (64-bit Office is installed)' : ''}.`;
}

/**
 * Where a candidate's name leads, before anything is loaded. A bare name ('mapi32.dll') is looked for
 * only in the Windows system directory, as MAPIStubLibrary does: never the current directory or PATH.
 */
function resolveCandidate(c: Candidate): { file: string; problem?: string } {
  let file = c.path;
  if (!file.includes('/') && !file.includes('\\')) {
    if (process.platform !== 'win32') return { file, problem: "a bare name: give the library's path (./name or an absolute path)" };
    // Required lazily: only Windows has a system directory.
    const { systemDirectory } = require('./platform/windows') as typeof import('./platform/windows');
    file = path.win32.join(systemDirectory(), file);
  }
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch {
    return { file, problem: 'file not found' };
  }
  if (!st.isFile()) return { file, problem: st.isDirectory() ? 'a directory, not a DLL' : 'not a regular file' };
  return { file };
}

/** Reads the candidate's header: a library of another format or machine is refused before it is mapped. */
function checkHeader(c: Candidate, file: string, attempts: LoadAttempt[]): void {
  const info = inspectBinary(file);
  if (info.format !== nativeFormat()) {
    const what = info.format === 'unknown' ? 'not a loadable library' : `a ${info.format} file`;
    const hint = info.format === 'PE' ? ' (a Windows DLL: run it with Windows Node.js, e.g. under Wine)' : '';
    attempts.push({ path: file, via: c.via, problem: `${what}, this platform loads ${nativeFormat()} libraries${hint}` });
    throw new MapiLoadError('ERR_NOT_A_LIBRARY', `Cannot load ${file} (${c.via}): ${what}; ${process.platform} needs a ${nativeFormat()} library${hint}.`, attempts);
  }
  if (info.machine !== processMachine()) {
    const problem = `${machineLabel(info.machine)} DLL, but this Node.js is ${machineLabel(processMachine())}`;
    attempts.push({ path: file, via: c.via, problem });
    throw new MapiLoadError(
      'ERR_BITNESS',
      `Cannot load ${file} (${c.via}): it is a ${machineLabel(info.machine)} DLL and this Node.js process is ${machineLabel(processMachine())}. ` +
        `MAPI must match Outlook's bitness. ${machineAdvice(file, info.machine)}`,
      attempts,
    );
  }
}

/** Finds, checks and loads the MAPI DLL. The first load applies KOFFI_MAPI_TRACE (lib/env.ts). */
export function load(options: LoadOptions = {}): MapiLibrary {
  traceFromEnvOnce();
  const attempts: LoadAttempt[] = [];
  for (const c of candidates(options)) {
    if (c.problem) {
      attempts.push({ path: c.path, via: c.via, problem: c.problem });
      continue;
    }
    const where = resolveCandidate(c);
    if (where.problem) {
      attempts.push({ path: where.file, via: c.via, problem: where.problem });
      continue;
    }
    checkHeader(c, where.file, attempts);
    let lib: IKoffiLib;
    try {
      lib = koffi.load(where.file);
    } catch (e) {
      attempts.push({ path: where.file, via: c.via, problem: `load failed: ${(e as Error).message}` });
      continue;
    }
    // Never unloaded from here on: a provider's threads may outlive every reference to it (docs/threads.md).
    pinLibrary(where.file);
    attempts.push({ path: where.file, via: c.via, problem: '' });
    return new MapiLibrary(lib, path.resolve(where.file), c.via, attempts, processMachine());
  }
  const list = attempts.map((a) => `  - ${a.path} (${a.via}): ${a.problem}`).join('\n');
  throw new MapiLoadError('ERR_MAPI_NOT_FOUND', `No MAPI DLL could be loaded. Looked at:\n${list}\nPass load({ path }) or set MAPI_DLL.`, attempts);
}
