/**
 * Finding and loading the MAPI DLL, and binding its exports.
 *
 * Order: `load({ path })`, else the MAPI_DLL environment variable, else on Windows the discovery that
 * MAPIStubLibrary does (lib/platform/discovery.ts: the mail client's DLLPathEx, the installed Outlook
 * from Windows Installer, DLLPath, MSIComponentID, Click-to-Run, the system mapi32.dll stub), else on
 * other platforms the project's sample provider. Only absolute paths are loaded. Every candidate's
 * header is read first: a DLL of the wrong bitness is refused with a message that says what to do,
 * never LoadLibrary's bare error 193; discovery then goes on to the next candidate.
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
import { discoverMapi, type DiscoveryCandidate, type DiscoveryOptions, type DiscoverySource } from './platform/discovery';

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
  /** Windows discovery: the system mapi32.dll only (MAPIStubLibrary's ForceSystemMAPI; env KOFFI_MAPI_FORCE_SYSTEM_MAPI=1). */
  forceSystemMAPI?: boolean;
  /** Windows discovery: Outlook's client key whatever the default is, and never the stub (ForceOutlookMAPI; env KOFFI_MAPI_FORCE_OUTLOOK_MAPI=1). */
  forceOutlookMAPI?: boolean;
  /** Windows discovery: olmapi32.dll paths first (PreferOlmapi32; default true; env KOFFI_MAPI_PREFER_OLMAPI32=0 turns it off). */
  preferOlmapi32?: boolean;
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

type Candidate = DiscoveryCandidate;

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

/** Windows: the registry, the environment and Windows Installer, as discovery reads them. */
function windowsSource(): DiscoverySource {
  // Loaded only on Windows: these are Win32 calls.
  const win = require('./platform/windows') as typeof import('./platform/windows');
  return { read: win.readHklmValue, expand: win.expandEnvironment, provideQualifiedComponent: win.provideQualifiedComponent, systemDirectory: win.systemDirectory };
}

function discoveryOptions(options: LoadOptions): DiscoveryOptions {
  const env = environment();
  const pick = (k: keyof DiscoveryOptions): boolean | undefined => {
    const v = options[k];
    if (v !== undefined && typeof v !== 'boolean') throw new MapiArgumentError('ERR_BAD_OPTION', `load({ ${k} }) must be true or false, not ${typeof v}`);
    return v ?? env[k];
  };
  return { forceSystemMAPI: pick('forceSystemMAPI'), forceOutlookMAPI: pick('forceOutlookMAPI'), preferOlmapi32: pick('preferOlmapi32') };
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
  const discovery = discoveryOptions(options);
  if (process.platform === 'win32') return discoverMapi(windowsSource(), discovery);
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

const BITS: Record<Machine, string> = { x64: '64', arm64: '64', ia32: '32', arm: '32', unknown: '?' };

/** "64-bit Office with this 32-bit Node.js: run a 64-bit Node.js" (doctor prints it as is). */
function bitnessSentence(c: Candidate, theirs: Machine): string {
  const office = /\b(ol|ms)mapi32\.dll$/i.test(c.path) || /Outlook|Installer|Click-to-Run/.test(c.via);
  // Another architecture (ARM) is not a bitness question: name both machines, and the build to run.
  if (theirs !== 'x64' && theirs !== 'ia32') {
    return `${machineLabel(theirs)} ${office ? 'Office' : 'MAPI DLL'} with this ${machineLabel(processMachine())} Node.js: run a ${machineLabel(theirs)} build of Node.js`;
  }
  const node = theirs === 'ia32' ? 'a 32-bit Node.js (node-win-x86)' : `a ${BITS[theirs]}-bit Node.js`;
  return `${BITS[theirs]}-bit ${office ? 'Office' : 'MAPI DLL'} with this ${BITS[processMachine()]}-bit Node.js: run ${node}`;
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
    const problem = `wrong bitness: ${bitnessSentence(c, info.machine)} (${machineLabel(info.machine)} DLL, this Node.js is ${machineLabel(processMachine())})`;
    attempts.push({ path: file, via: c.via, problem });
    throw new MapiLoadError(
      'ERR_BITNESS',
      `Cannot load ${file} (${c.via}): it is a ${machineLabel(info.machine)} DLL and this Node.js process is ${machineLabel(processMachine())}. ` +
        `MAPI must match Outlook's bitness: ${bitnessSentence(c, info.machine)}. ${machineAdvice(file, info.machine)}`,
      attempts,
    );
  }
}

/**
 * Every place load(options) would look, in order, without loading anything (doctor lists the ones
 * after the DLL that loaded). `problem` is set only where it is known before the file is read.
 */
export function mapiCandidates(options: LoadOptions = {}): LoadAttempt[] {
  return candidates(options).map((c) => ({ path: c.path, via: c.via, problem: c.problem ?? '' }));
}

/** Whether a DLL exports MAPIInitialize and MAPILogonEx (plain or Name@N). */
function hasMapiExports(lib: MapiLibrary): boolean {
  try {
    lib.bind(EXPORTS.MAPIInitialize);
    lib.bind(EXPORTS.MAPILogonEx);
    return true;
  } catch {
    return false;
  }
}

/** Finds, checks and loads the MAPI DLL. The first load applies KOFFI_MAPI_TRACE (lib/env.ts). */
export function load(options: LoadOptions = {}): MapiLibrary {
  traceFromEnvOnce();
  const attempts: LoadAttempt[] = [];
  const list = candidates(options);
  // Discovery goes past a DLL of the wrong bitness (another install may match); an explicit path does not.
  let wrongBitness: MapiLoadError | undefined;
  for (const c of list) {
    if (c.problem) {
      attempts.push({ path: c.path, via: c.via, problem: c.problem });
      continue;
    }
    if (c.stub && wrongBitness) {
      attempts.push({ path: c.path, via: c.via, problem: 'not tried: the stub would forward to the MAPI refused above for its bitness' });
      continue;
    }
    const where = resolveCandidate(c);
    if (where.problem) {
      attempts.push({ path: where.file, via: c.via, problem: where.problem });
      continue;
    }
    try {
      checkHeader(c, where.file, attempts);
    } catch (e) {
      if (list.length === 1 || !(e instanceof MapiLoadError)) throw e;
      if (e.code === 'ERR_BITNESS') wrongBitness ??= e;
      continue;
    }
    let lib: IKoffiLib;
    try {
      lib = koffi.load(where.file);
    } catch (e) {
      attempts.push({ path: where.file, via: c.via, problem: `load failed: ${(e as Error).message}` });
      continue;
    }
    const mapi = new MapiLibrary(lib, path.resolve(where.file), c.via, attempts, processMachine());
    if (list.length > 1 && !hasMapiExports(mapi)) {
      // Discovery only: an explicit path is the caller's choice, and a missing export is named when called.
      attempts.push({ path: where.file, via: c.via, problem: 'no MAPI exports (no MAPIInitialize): not a MAPI DLL' });
      continue;
    }
    // Never unloaded from here on: a provider's threads may outlive every reference to it (docs/threads.md).
    pinLibrary(where.file);
    attempts.push({ path: where.file, via: c.via, problem: '' });
    return mapi;
  }
  if (wrongBitness) throw new MapiLoadError('ERR_BITNESS', wrongBitness.message, attempts);
  const lines = attempts.map((a) => `  - ${a.path} (${a.via}): ${a.problem}`).join('\n');
  throw new MapiLoadError('ERR_MAPI_NOT_FOUND', `No MAPI DLL could be loaded. Looked at:\n${lines}\nPass load({ path }) or set MAPI_DLL.`, attempts);
}
