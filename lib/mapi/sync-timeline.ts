/**
 * What a sync looked like call by call, for `koffi-mapi check` and `sync --report`: every call the
 * provider made on the callback (QueryInterface, AddRef, Release, Progress, Error, Done), the
 * SynchronizeInBackground call itself and the moment the done event was seen signalled, each with the
 * thread and the time since the call. Plus the facts the checks decide on that the result does not carry.
 */

/** A mark on a sync timeline. */
export type TimelineKind =
  | 'SynchronizeInBackground' // the call (atMs) and its return (atMs + ms)
  | 'QueryInterface'
  | 'AddRef'
  | 'Release'
  | 'Progress'
  | 'Error'
  | 'Done'
  | 'signal' // the done event was seen signalled
  | 'misuse'; // a call against the callback's rules (after Done, an unpaid Release), or a done event that cannot be waited on

export interface TimelineEvent {
  /** Milliseconds since the sync started (the SynchronizeInBackground call). */
  readonly atMs: number;
  readonly kind: TimelineKind;
  /**
   * The lane: 'caller' (the thread that called SynchronizeInBackground) or 'provider' (a call from
   * another native thread; Koffi does not say which one, see docs/provider-developers.md).
   */
  readonly thread: 'caller' | 'provider';
  /** HRESULT returned (or passed, for Error and Done). */
  readonly hr?: number;
  /** Progress: ulIndex and ulIndexMax. */
  readonly index?: number;
  readonly max?: number;
  /** Text passed (Progress, Error), the IID asked (QueryInterface), the count returned (AddRef, Release), a misuse message. */
  readonly detail?: string;
  /** How long the JS side took to answer, in ms (Progress, Error, Done, SynchronizeInBackground). */
  readonly ms?: number;
}

/** Facts about a run that its result does not carry (SyncRun.observed), kept whether or not it ends well. */
export interface SyncObservations {
  /** How long SynchronizeInBackground took to return, in ms (undefined until it has). */
  returnMs?: number;
  /** QueryInterface calls for IMAPISyncProgressCallback that succeeded. */
  callbackQueryInterfaces: number;
  /** Progress, Error or Done calls that came before any QueryInterface for IMAPISyncProgressCallback. */
  callsBeforeQueryInterface: number;
  /** At the first Done: whether the done event was already signalled ('unknown' when Done came before the call returned). */
  eventAtDone?: 'signalled' | 'not signalled' | 'no event' | 'unknown';
  /** The done event could not be waited on (WaitForSingleObject returned WAIT_FAILED). */
  eventWaitFailed: boolean;
  /** Progress calls, in order, as (index, max, thread). */
  readonly progress: { readonly index: number; readonly max: number; readonly thread: 'caller' | 'provider' }[];
  /** Error texts as passed, NULL as null. */
  readonly errorTexts: (string | null)[];
}

export function newObservations(): SyncObservations {
  return { callbackQueryInterfaces: 0, callsBeforeQueryInterface: 0, eventWaitFailed: false, progress: [], errorTexts: [] };
}

