/**
 * `doctor`: which MAPI DLL would load and why (every place looked at), what the DLL is (format, machine,
 * version, exports), and whether MAPIInitialize and a logon work. Exit code 0 when MAPI is usable.
 */
import fs from 'node:fs';
import path from 'node:path';
import koffi from 'koffi';
import { EXPORTS } from '../../ffi-defs/exports';
import { packageVersion } from '../paths';
import { environment } from '../env';
import { load, mailClientRegistry, mapiCandidates, type LoadAttempt, type MapiLibrary, type RegistryValue as RegistryEntry } from '../loader';
import { initialize, type Mapi, type Session } from '../session';
import { inspectBinary, machineLabel, processMachine, type BinaryInfo } from '../platform/binary';
import { sampleProvider } from '../sample';
import { MapiLoadError } from '../errors';
import { profileOf, type GlobalOptions, type Io } from './context';
import { toJson } from './format';
import { fileVersion } from '../platform/windows';

export interface DoctorCheck {
  readonly step: 'load' | 'MAPIInitialize' | 'MAPILogonEx' | 'stores' | 'logoff';
  readonly ok: boolean;
  readonly detail: string;
}

export interface DoctorAttempt extends LoadAttempt {
  readonly loaded: boolean;
  readonly binary?: BinaryInfo;
}

export interface DoctorReport {
  readonly usable: boolean;
  readonly node: { readonly version: string; readonly platform: string; readonly arch: string; readonly machine: string };
  readonly versions: { readonly koffi: string; readonly koffiMapi: string };
  readonly env: { readonly MAPI_DLL: string | null; readonly KOFFI_MAPI_PROFILE: string | null };
  readonly dllOption: string | null;
  readonly profile: string | null;
  readonly attempts: readonly DoctorAttempt[];
  readonly loaded: {
    readonly path: string;
    readonly via: string;
    readonly binary: BinaryInfo | null;
    readonly size: number | null;
    readonly fileVersion: string | null;
    readonly sampleProvider: boolean;
    readonly exports: Readonly<Record<string, string | null>>;
  } | null;
  readonly checks: readonly DoctorCheck[];
  /** Windows: the registry values MAPI discovery reads, whether or not the loader got to them. */
  readonly registry: readonly RegistryValue[] | null;
}

export interface RegistryValue extends RegistryEntry {
  /** For DLL paths: the file's format and machine, or why it cannot be read. */
  readonly file?: BinaryInfo | 'not found';
}

/** HKLM\Software\Clients\Mail (default) -> the client's DLLPathEx and DLLPath, and the system stub. */
function readRegistry(): RegistryValue[] | null {
  if (process.platform !== 'win32') return null;
  try {
    const fileOf = (p: string) => binaryOf(p) ?? ('not found' as const);
    const { values, stub } = mailClientRegistry();
    const out: RegistryValue[] = values.map((v) => (v.value !== '(default)' && v.data ? { ...v, file: fileOf(v.data) } : v));
    out.push({ key: 'system directory', value: 'mapi32.dll', data: stub, file: fileOf(stub) });
    return out;
  } catch {
    return null;
  }
}

function binaryOf(p: string): BinaryInfo | undefined {
  try {
    if ((p.includes('/') || p.includes('\\')) && fs.existsSync(p) && fs.statSync(p).isFile()) return inspectBinary(p);
  } catch {
    /* unreadable: no header information */
  }
  return undefined;
}

const message = (e: unknown) => (e instanceof Error ? e.message.split('\n')[0] : String(e));

/** What the loaded DLL is: its file, how it was found, and which exports it has under which names. */
function describeLibrary(lib: MapiLibrary): NonNullable<DoctorReport['loaded']> {
  const exports: Record<string, string | null> = {};
  for (const [name, def] of Object.entries(EXPORTS)) {
    try {
      exports[name] = lib.bind(def).symbol;
    } catch {
      exports[name] = null;
    }
  }
  let isSample = false;
  try {
    sampleProvider(lib).stats();
    isSample = true;
  } catch {
    /* not the sample provider */
  }
  const binary = binaryOf(lib.path) ?? null;
  let size: number | null = null;
  try {
    size = fs.statSync(lib.path).size;
  } catch {
    /* a bare name resolved by the system */
  }
  return { path: lib.path, via: lib.via, binary, size, fileVersion: fileVersion(lib.path) ?? null, sampleProvider: isSample, exports };
}

/** MAPIInitialize, a logon, the stores table and the logoff, each as a check; never throws. */
function sessionChecks(lib: MapiLibrary, profile: string | undefined): DoctorCheck[] {
  const checks: DoctorCheck[] = [];
  let mapi: Mapi | undefined;
  try {
    mapi = initialize({ library: lib });
    checks.push({ step: 'MAPIInitialize', ok: true, detail: 'S_OK' });
  } catch (e) {
    checks.push({ step: 'MAPIInitialize', ok: false, detail: message(e) });
  }
  if (mapi) {
    let session: Session | undefined;
    try {
      session = mapi.logon({ profile });
      checks.push({ step: 'MAPILogonEx', ok: true, detail: profile ? `profile '${profile}'` : 'the default profile' });
    } catch (e) {
      checks.push({ step: 'MAPILogonEx', ok: false, detail: message(e) });
    }
    if (session) {
      try {
        const stores = session.stores();
        const def = stores.find((s) => s.isDefault);
        checks.push({
          step: 'stores',
          ok: stores.length > 0,
          detail: stores.length ? `${stores.length}: ${stores.map((s) => s.name + (s.isDefault ? ' (default)' : '')).join(', ')}${def ? '' : '; none is the default store'}` : 'the profile has no message store',
        });
      } catch (e) {
        checks.push({ step: 'stores', ok: false, detail: message(e) });
      }
      try {
        session.logoff();
        checks.push({ step: 'logoff', ok: true, detail: 'S_OK' });
      } catch (e) {
        checks.push({ step: 'logoff', ok: false, detail: message(e) });
      }
    }
    try {
      mapi.uninitialize();
    } catch {
      /* reported through the steps above */
    }
  }
  return checks;
}

/** The candidates after the one that loaded: listed too, so that doctor shows every route. */
function notReached(o: GlobalOptions, attempts: readonly LoadAttempt[]): LoadAttempt[] {
  try {
    const seen = new Set(attempts.map((a) => a.via));
    const rest = mapiCandidates(o.dll !== undefined ? { path: o.dll } : {}).filter((c) => !seen.has(c.via));
    return rest.map((c) => ({ ...c, problem: c.problem ? `not tried (an earlier one loaded); ${c.problem}` : 'not tried: an earlier one loaded' }));
  } catch {
    return [];
  }
}

/** Runs every check; never throws for a MAPI problem (that is what it reports). */
export function diagnose(o: GlobalOptions): DoctorReport {
  const checks: DoctorCheck[] = [];
  const profile = profileOf(o);
  let lib: MapiLibrary | undefined;
  let attempts: readonly LoadAttempt[] = [];
  try {
    lib = load(o.dll !== undefined ? { path: o.dll } : {});
    attempts = lib.attempts;
    checks.push({ step: 'load', ok: true, detail: lib.path });
  } catch (e) {
    if (e instanceof MapiLoadError) attempts = e.tried;
    const detail = message(e).replace(/\.? Looked at:$/, ' (see where MAPI was looked for)');
    checks.push({ step: 'load', ok: false, detail });
  }

  let loaded: DoctorReport['loaded'] = null;
  if (lib) {
    loaded = describeLibrary(lib);
    checks.push(...sessionChecks(lib, profile));
  }
  const loadedPath = lib?.path;
  if (lib) attempts = [...attempts, ...notReached(o, attempts)];
  return {
    usable: checks.length >= 4 && checks.every((c) => c.ok),
    node: { version: process.version, platform: process.platform, arch: process.arch, machine: machineLabel(processMachine()) },
    versions: { koffi: (koffi as unknown as { version: string }).version, koffiMapi: packageVersion() },
    env: { MAPI_DLL: environment().mapiDll ?? null, KOFFI_MAPI_PROFILE: environment().profile ?? null },
    dllOption: o.dll ?? null,
    profile: profile ?? null,
    attempts: attempts.map((a) => {
      const binary = binaryOf(a.path);
      const isLoaded = a.problem === '' && (a.path === loadedPath || path.resolve(a.path) === loadedPath);
      return { ...a, loaded: isLoaded, ...(binary ? { binary } : {}) };
    }),
    loaded,
    checks,
    registry: readRegistry(),
  };
}

function binaryText(b: BinaryInfo): string {
  const matches = b.machine === processMachine();
  return `${b.format} ${machineLabel(b.machine)}${b.format === 'unknown' ? '' : matches ? ' (matches this Node.js)' : ' (does NOT match this Node.js)'}`;
}

export function doctorCommand(io: Io, o: GlobalOptions): number {
  const r = diagnose(o);
  if (o.json) {
    io.out(toJson(r));
    return r.usable ? 0 : 1;
  }
  const lines: string[] = [];
  const kv = (k: string, v: string) => lines.push(`  ${k.padEnd(14)}${v}`);
  lines.push('Environment');
  kv('Node.js', `${r.node.version} ${r.node.platform}-${r.node.arch} (${r.node.machine})`);
  kv('koffi', r.versions.koffi);
  kv('koffi-mapi', r.versions.koffiMapi);
  kv('--dll', r.dllOption ?? '(not given)');
  kv('MAPI_DLL', r.env.MAPI_DLL ?? '(not set)');
  kv('profile', r.profile ? `'${r.profile}'` : '(the default profile)');
  lines.push('', 'Where MAPI was looked for');
  if (r.attempts.length === 0) lines.push('  (nowhere: see the load check below)');
  for (const a of r.attempts) {
    const mark = a.loaded ? 'ok  ' : a.problem.startsWith('not tried') ? '    ' : a.problem ? 'no  ' : '    ';
    lines.push(`  ${mark}${a.path}`);
    lines.push(`      found by: ${a.via}`);
    if (a.binary) lines.push(`      file: ${binaryText(a.binary)}`);
    if (a.problem) lines.push(`      not used: ${a.problem}`);
  }
  if (r.registry) {
    lines.push('', 'Registry (MAPI discovery)');
    for (const v of r.registry) {
      const file = v.file === undefined ? '' : v.file === 'not found' ? '  [file not found]' : `  [${binaryText(v.file)}]`;
      lines.push(`  ${v.key} ${v.value} = ${v.data ?? '(not set)'}${file}`);
    }
  }
  if (r.loaded) {
    const l = r.loaded;
    lines.push('', 'Loaded DLL');
    kv('path', l.path);
    kv('found by', l.via);
    if (l.binary) kv('file', binaryText(l.binary));
    if (l.size !== null) kv('size', `${l.size} bytes`);
    if (l.fileVersion) kv('version', l.fileVersion);
    kv('provider', l.sampleProvider ? 'the koffi-mapi sample provider' : 'not the sample provider');
    const missing = Object.entries(l.exports).filter(([, s]) => s === null).map(([n]) => n);
    const found = Object.entries(l.exports).filter(([, s]) => s !== null).map(([n, s]) => (s === n ? n : `${n} (as ${s})`));
    kv('exports', found.join(', ') || '(none)');
    if (missing.length) kv('not exported', missing.join(', '));
  }
  lines.push('', 'Checks');
  for (const c of r.checks) lines.push(`  ${c.ok ? 'ok  ' : 'FAIL'}  ${c.step.padEnd(15)}${c.detail}`);
  const failed = r.checks.find((c) => !c.ok);
  lines.push('', r.usable ? 'MAPI is usable.' : `MAPI is not usable: ${failed ? `${failed.step} failed` : 'the checks did not complete'}.`);
  io.out(lines.join('\n'));
  return r.usable ? 0 : 1;
}
