/**
 * What every CLI command shares: the global options, output, errors with exit codes, tracing, and
 * opening MAPI, a session and a store from --dll / --profile.
 */
import { initialize, type Mapi, type Session } from '../session';
import type { Store } from '../mapi/folders';
import { setTrace } from '../trace';
import { sampleProvider } from '../sample';
import { MapiError } from '../errors';

/** Options every command accepts (see main.ts). */
export interface GlobalOptions {
  /** MAPI DLL to load (else MAPI_DLL, else the registry on Windows, else the sample provider). */
  dll?: string;
  /** Profile to log on to (else KOFFI_MAPI_PROFILE, else the default profile). */
  profile?: string;
  json?: boolean;
  verbose?: boolean;
  /** true/'' = stderr, else a file. */
  trace?: string | boolean;
  traceJson?: boolean;
}

/** A failure the CLI reports as one line and an exit code (1; 2 for usage errors). */
export class CliError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 1) {
    super(message);
    this.exitCode = exitCode;
  }
}
Object.defineProperty(CliError.prototype, 'name', { value: 'CliError', writable: true });

/** Bad arguments: exit code 2. */
export class UsageError extends CliError {
  constructor(message: string) {
    super(message, 2);
  }
}
Object.defineProperty(UsageError.prototype, 'name', { value: 'UsageError', writable: true });

/** Where a command writes. Tests and the REPL can swap it; the CLI uses the process streams. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Whether stdout is a terminal (progress bars, colours). */
  readonly tty: boolean;
}

export const processIo: Io = {
  out: (t) => void process.stdout.write(t.endsWith('\n') ? t : t + '\n'),
  err: (t) => void process.stderr.write(t.endsWith('\n') ? t : t + '\n'),
  get tty() {
    return process.stdout.isTTY === true;
  },
};

/** Applies --trace / --trace-json (KOFFI_MAPI_TRACE from the environment is applied by the library). */
export function applyTrace(o: GlobalOptions): void {
  const traced = o.trace !== undefined && o.trace !== false;
  if (!traced && !o.traceJson) return;
  const file = typeof o.trace === 'string' && o.trace !== '' && o.trace !== '-' ? o.trace : undefined;
  if (!file && !o.traceJson) setTrace('stderr');
  else setTrace({ file, json: o.traceJson === true });
}

/** The profile to use: --profile, else KOFFI_MAPI_PROFILE, else undefined (MAPI's default profile). */
export function profileOf(o: GlobalOptions): string | undefined {
  const p = o.profile ?? process.env.KOFFI_MAPI_PROFILE;
  return p === undefined || p === '' ? undefined : p;
}

/** An initialized MAPI with a logged-on session; disposing logs off and uninitializes. */
export interface Opened {
  readonly mapi: Mapi;
  readonly session: Session;
  [Symbol.dispose](): void;
}

export function openSession(o: GlobalOptions): Opened {
  const mapi = initialize(o.dll ? { path: o.dll } : {});
  let session: Session;
  try {
    session = mapi.logon({ profile: profileOf(o) });
  } catch (e) {
    mapi.uninitialize();
    throw e;
  }
  return {
    mapi,
    session,
    [Symbol.dispose]() {
      try {
        session.logoff();
      } finally {
        mapi.uninitialize();
      }
      if (process.env.KOFFI_MAPI_CHECK_LEAKS === '1') checkLeaks(mapi);
    },
  };
}

/**
 * KOFFI_MAPI_CHECK_LEAKS=1 (tests, provider developers): after logoff, the sample provider must report
 * no live object or buffer; anything left fails the command with exit code 3.
 */
function checkLeaks(mapi: Mapi): void {
  let stats;
  try {
    stats = sampleProvider(mapi.lib).stats();
  } catch {
    return; // not the sample provider
  }
  if (stats.objects || stats.buffers) {
    throw new CliError(`leak check: ${stats.objects} live provider objects, ${stats.buffers} live MAPI buffers after logoff`, 3);
  }
}

const ENTRY_ID = /^([0-9a-f]{2}){8,}$/i;

/** Whether a command argument is an entry id (hex, at least 8 bytes) rather than a name or path. */
export function isEntryId(s: string): boolean {
  return ENTRY_ID.test(s);
}

/** A store by display name (case-insensitive) or entry id; the default store when `which` is empty. */
export function openStore(session: Session, which?: string): Store {
  if (!which) return session.defaultStore();
  if (isEntryId(which)) return session.openStore(which);
  const names = session.stores().map((s) => s.name);
  if (!names.some((n) => n.toLowerCase() === which.toLowerCase())) {
    throw new MapiError(0x8004010f, 'IMAPISession::OpenMsgStore', { detail: `no store named '${which}' (stores: ${names.join(', ')})` });
  }
  return session.openStore({ name: which });
}

/** Parses a positive integer option. */
export function intOption(name: string, v: string | undefined, min = 0): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`${name} must be an integer${min > 0 ? ` >= ${min}` : ' >= 0'}, not '${v}'`);
  return n;
}
