/**
 * What every CLI command shares: the global options, output, errors with exit codes, tracing, and
 * opening MAPI, a session and a store from --dll / --profile.
 */
import { initialize, type Mapi, type Session } from '../session';
import type { Store } from '../mapi/folders';
import { sampleProvider } from '../sample';
import { MapiError } from '../errors';
import { environment } from '../env';
import { HR } from '../../ffi-defs/constants/hresults';

export { CliError, JsonReported, UsageError, type GlobalOptions, type Io } from './io';
import { CliError, UsageError, type GlobalOptions } from './io';

/** The profile to use: --profile, else KOFFI_MAPI_PROFILE, else undefined (MAPI's default profile). */
export function profileOf(o: GlobalOptions): string | undefined {
  const p = o.profile ?? environment().profile;
  return p === undefined || p === '' ? undefined : p;
}

/** An initialized MAPI with a logged-on session; disposing logs off and uninitializes. */
export interface Opened {
  readonly mapi: Mapi;
  readonly session: Session;
  [Symbol.dispose](): void;
}

export function openSession(o: GlobalOptions): Opened {
  const mapi = initialize(o.dll !== undefined ? { path: o.dll } : {});
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
      if (environment().checkLeaks) checkLeaks(mapi);
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
    throw new MapiError(HR.MAPI_E_NOT_FOUND, 'IMAPISession::OpenMsgStore', { detail: `no store named '${which}' (stores: ${names.join(', ')})` });
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
