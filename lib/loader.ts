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
import { EXPORTS } from '../ffi-defs/exports';
import { protoFor } from './ffi/types';
import { KoffiMapiError, MapiError, MapiLoadError, MapiArgumentError } from './errors';
import { inspectBinary, machineLabel, nativeFormat, processMachine } from './platform/binary';
import { callNative } from './ffi/calls';
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
type Fn = (...args: unknown[]) => number;

export class MapiLibrary {
  /** Absolute path of the loaded DLL. */
  readonly path: string;
  /** How it was found. */
  readonly via: string;
  /** Every candidate considered, in order, with why it was not used. */
  readonly attempts: readonly LoadAttempt[];
  readonly machine: string;
  /** @internal */ readonly lib: IKoffiLib;
  private readonly fns = new Map<string, { fn: Fn; symbol: string }>();

  /** @internal */
  constructor(lib: IKoffiLib, file: string, via: string, attempts: LoadAttempt[], machine: string) {
    this.lib = lib;
    this.path = file;
    this.via = via;
    this.attempts = attempts;
    this.machine = machine;
  }

  /**
   * The export bound to its prototype. Resolves `Name`, then `Name@N`, then `_Name@N`: x64 olmapi32
   * exports plain names, 32-bit DLLs decorated ones, and Wine's mapi32 some only decorated.
   */
  bind(def: ExportDef): { fn: Fn; symbol: string } {
    let b = this.fns.get(def.name);
    if (b) return b;
    const proto = protoFor(def, false);
    const names = [def.name, `${def.name}@${def.stackBytes}`, `_${def.name}@${def.stackBytes}`];
    for (const symbol of names) {
      try {
        b = { fn: koffi.decode(this.lib.symbol(symbol), proto) as unknown as Fn, symbol };
        break;
      } catch {
        /* try the next spelling */
      }
    }
    if (!b) {
      throw new MapiLoadError('ERR_NO_EXPORT', `${path.basename(this.path)} does not export ${names.join(' or ')}`, [
        { path: this.path, via: this.via, problem: `missing export ${def.name}` },
      ]);
    }
    this.fns.set(def.name, b);
    return b;
  }

  /** Whether the DLL exports this function (under any of its spellings). */
  has(def: ExportDef): boolean {
    try {
      this.bind(def);
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Calls an export. HRESULT/SCODE results that are failures throw a MapiError naming the export;
   * successes (including warnings) are returned unsigned.
   */
  call(def: ExportDef, ...args: unknown[]): number {
    const { fn } = this.bind(def);
    if (args.length !== def.params.length) {
      throw new MapiArgumentError('ERR_ARITY', `${def.name} takes ${def.params.length} argument(s), got ${args.length}`);
    }
    let r: number;
    try {
      r = callNative(fn, def.name, args, def);
    } catch (e) {
      if (!(e instanceof KoffiMapiError)) throw new MapiArgumentError("ERR_ARGUMENT", `${def.name}: ${(e as Error).message}`);
      throw e;
    }
    if (def.returns === 'HRESULT' || def.returns === 'SCODE') {
      if ((r | 0) < 0) throw new MapiError(r, def.name);
      return r >>> 0;
    }
    return r;
  }

  /** The standard exports, by name, as functions (see ffi-defs/exports.ts for their parameters). */
  readonly exports: { readonly [K in ExportName]: (...args: unknown[]) => number } = new Proxy({} as never, {
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
  // eslint-disable-next-line @typescript-eslint/no-require-imports
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
    if (v.data) out.push({ path: v.data, via: `registry ${v.key}\\${v.value}` });
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
  if (options.path) return [{ path: options.path, via: 'path option' }];
  const { mapiDll } = environment();
  if (mapiDll) return [{ path: mapiDll, via: 'MAPI_DLL environment variable' }];
  if (process.platform === 'win32') return windowsCandidates();
  return [{ path: sampleProviderPath(), via: 'bundled sample provider (build it with `npx koffi-mapi build-sample`)' }];
}

function bitnessAdvice(dll: string): string {
  const want = processMachine();
  return want === 'x64'
    ? 'Run a 32-bit Node.js (node-win-x86) to use a 32-bit MAPI, or install 64-bit Office.'
    : `Run a 64-bit Node.js to use a 64-bit MAPI${dll.toLowerCase().includes('olmapi32') ? ' (64-bit Office is installed)' : ''}.`;
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
    // A bare name ('mapi32.dll') is left to the system's search order.
    const bare = !c.path.includes('/') && !c.path.includes('\\');
    if (!bare && !fs.existsSync(c.path)) {
      attempts.push({ path: c.path, via: c.via, problem: 'file not found' });
      continue;
    }
    if (!bare) {
      const info = inspectBinary(c.path);
      if (info.format !== nativeFormat()) {
        const what = info.format === 'unknown' ? 'not a loadable library' : `a ${info.format} file`;
        const hint = info.format === 'PE' ? ' (a Windows DLL: run it with Windows Node.js, e.g. under Wine)' : '';
        attempts.push({ path: c.path, via: c.via, problem: `${what}, this platform loads ${nativeFormat()} libraries${hint}` });
        throw new MapiLoadError('ERR_NOT_A_LIBRARY', `Cannot load ${c.path} (${c.via}): ${what}; ${process.platform} needs a ${nativeFormat()} library${hint}.`, attempts);
      }
      if (info.machine !== processMachine()) {
        const problem = `${machineLabel(info.machine)} DLL, but this Node.js is ${machineLabel(processMachine())}`;
        attempts.push({ path: c.path, via: c.via, problem });
        throw new MapiLoadError(
          'ERR_BITNESS',
          `Cannot load ${c.path} (${c.via}): it is a ${machineLabel(info.machine)} DLL and this Node.js process is ${machineLabel(processMachine())}. ` +
            `MAPI must match Outlook's bitness. ${bitnessAdvice(c.path)}`,
          attempts,
        );
      }
    }
    let lib: IKoffiLib;
    try {
      lib = koffi.load(c.path);
    } catch (e) {
      attempts.push({ path: c.path, via: c.via, problem: `load failed: ${(e as Error).message}` });
      continue;
    }
    // Never unloaded from here on: a provider's threads may outlive every reference to it (docs/threads.md).
    pinLibrary(c.path);
    attempts.push({ path: c.path, via: c.via, problem: '' });
    return new MapiLibrary(lib, bare ? c.path : path.resolve(c.path), c.via, attempts, processMachine());
  }
  const list = attempts.map((a) => `  - ${a.path} (${a.via}): ${a.problem}`).join('\n');
  throw new MapiLoadError('ERR_MAPI_NOT_FOUND', `No MAPI DLL could be loaded. Looked at:\n${list}\nPass load({ path }) or set MAPI_DLL.`, attempts);
}
