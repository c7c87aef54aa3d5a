/**
 * What a sync looks like from the outside: its options, events, result, errors, the MAPISIB it passes,
 * and SyncRun, the object synchronize() returns (lib/mapi/sync.ts drives it).
 */
import { EventEmitter } from 'node:events';
import koffi from 'koffi';
import { structType } from '../ffi/types';
import type { ComProxy } from '../com/proxy';
import { KoffiMapiError } from '../errors';
import { PTR, writePtr } from './memory';
import type { MapiLibrary } from '../loader';
import { newObservations, type SyncObservations, type TimelineEvent } from './sync-timeline';

export type { SyncObservations, TimelineEvent, TimelineKind } from './sync-timeline';

export interface SyncOptions {
  /** MAPISIB.ulFlags: SYNC_* values (default SYNC_DOWNLOAD_HIERARCHY | SYNC_DOWNLOAD_CONTENTS). */
  flags?: number;
  /** Cancels: the next Progress call returns MAPI_E_USER_CANCEL; the run ends when the provider does. */
  signal?: AbortSignal;
  /** How long to wait for Done and the done event before ending with SyncTimeoutError (default 5 min). */
  timeoutMs?: number;
  /** How often the done event is polled (default 5 ms). */
  pollMs?: number;
  /**
   * After a timeout, how long a process that has nothing else to do still waits for the provider's
   * thread to end (default 30 s), saying so on stderr. After that (at once with 0) it exits without
   * unloading the provider, the way process.exit() ends a process (docs/threads.md, "Exit").
   */
  exitGraceMs?: number;
  /** Records every call of the run on `run.timeline` (koffi-mapi check, `sync --report`). */
  timeline?: boolean;
}

/** Which thread called into JS: the provider's own ('provider') or the caller's, during SynchronizeInBackground ('caller'). */
export type SyncThread = 'provider' | 'caller';

export type SyncEvent =
  | { readonly type: 'progress'; readonly text: string | null; readonly index: number; readonly max: number; readonly elapsedMs: number; readonly thread: SyncThread }
  | { readonly type: 'error'; readonly hr: number; readonly name: string; readonly text: string | null; readonly elapsedMs: number; readonly thread: SyncThread }
  | { readonly type: 'done'; readonly hr: number; readonly name: string; readonly elapsedMs: number; readonly thread: SyncThread };

export type SyncProgressEvent = Extract<SyncEvent, { type: 'progress' }>;
export type SyncErrorEvent = Extract<SyncEvent, { type: 'error' }>;
export type SyncDoneEvent = Extract<SyncEvent, { type: 'done' }>;

/** Typed listeners for SyncRun's events. */
export interface SyncRun {
  on(event: 'progress', listener: (e: SyncProgressEvent) => void): this;
  on(event: 'syncError', listener: (e: SyncErrorEvent) => void): this;
  on(event: 'done', listener: (e: SyncDoneEvent) => void): this;
  once(event: 'progress', listener: (e: SyncProgressEvent) => void): this;
  once(event: 'syncError', listener: (e: SyncErrorEvent) => void): this;
  once(event: 'done', listener: (e: SyncDoneEvent) => void): this;
}

export interface SyncResult {
  /**
   * 'ok' (Done with a success), 'failed' (Done with a failure), 'cancelled' (cancel asked and the provider
   * stopped: Done(MAPI_E_USER_CANCEL)). A cancel the provider ignored leaves 'ok' or 'failed'; `cancel` says so.
   */
  readonly status: 'ok' | 'failed' | 'cancelled';
  /** The final HRESULT the provider passed to Done. */
  readonly hr: number;
  readonly name: string;
  readonly progressCount: number;
  readonly errorCount: number;
  readonly durationMs: number;
  /** Events that arrived while SynchronizeInBackground had not returned yet. */
  readonly beforeReturn: number;
  /** OS id of the provider's thread when the done event is a thread handle, else undefined. */
  readonly providerThreadId?: number;
  /** Whether the provider gave us a done event, and whether it was signalled. */
  readonly doneEvent: 'signalled' | 'none';
  /** Whether the provider released every reference it took on the callback by the time its thread ended. */
  readonly callbackReleased: boolean;
  /** Errors thrown by JS listeners during the run (each made its callback return a failure HRESULT). */
  readonly jsErrors: readonly Error[];
  /**
   * Calls the provider made against IMAPISyncProgressCallback's rules: Done more than once, Progress or
   * Error after Done. Each was answered (S_OK) but not passed on as an event; only the first Done counts.
   */
  readonly misuse: readonly SyncMisuse[];
  /** When a cancel was asked (signal aborted): when it was answered and whether the provider stopped. */
  readonly cancel?: SyncCancel;
}

/** One call a provider should not have made (SyncResult.misuse). */
export interface SyncMisuse {
  readonly kind: 'doneTwice' | 'progressAfterDone' | 'errorAfterDone';
  readonly call: string;
  readonly message: string;
  readonly elapsedMs: number;
  readonly thread: SyncThread;
}

/** What became of a cancel (SyncResult.cancel). */
export interface SyncCancel {
  /** The Progress call (1-based) that first returned MAPI_E_USER_CANCEL; undefined when none came after the abort. */
  readonly answeredAt?: number;
  /** Progress calls the provider still made after that first MAPI_E_USER_CANCEL. */
  readonly furtherProgress: number;
  /** Whether the provider stopped: it ended with Done(MAPI_E_USER_CANCEL). */
  readonly honoured: boolean;
}

/** The provider never called Done, or never signalled its done event, within timeoutMs. */
export class SyncTimeoutError extends KoffiMapiError {
  readonly missing: readonly ('Done' | 'done event')[];
  readonly events: number;
  constructor(store: string, ms: number, missing: ('Done' | 'done event')[], events: number) {
    super(
      'ERR_SYNC_TIMEOUT',
      `Sync of store '${store}' timed out after ${ms} ms: the provider ${missing.length === 2 ? 'never called Done and never signalled its done event' : missing[0] === 'Done' ? 'never called IMAPISyncProgressCallback::Done' : 'called Done but never signalled the done event (its thread did not finish)'} (${events} events received)`,
    );
    this.missing = missing;
    this.events = events;
  }
}

/** The store's provider does not implement IMAPISync. */
export class NoSyncError extends KoffiMapiError {
  constructor(store: string, cause: unknown) {
    super(
      'ERR_NO_IMAPISYNC',
      `Store '${store}' does not implement IMAPISync (QueryInterface returned E_NOINTERFACE). Its provider synchronizes on its own: ` +
        `Outlook's PST, OST and Exchange stores synchronize inside Outlook, not through SynchronizeInBackground.`,
      { cause },
    );
  }
}

/** What synchronize() needs from a store. */
export interface SyncTarget {
  readonly lib: MapiLibrary;
  readonly name: string;
  readonly store: ComProxy;
  /** The IMAPISession* for MAPISIB.psesSync (may be null). */
  readonly sessionPtr: bigint | null;
}

/**
 * A MAPISIB in a Buffer, with the HANDLE slot the provider writes its done event into. Keep both
 * referenced until the run is over.
 */
export function makeMapiSib(flags: number, session: bigint | null, callback: bigint): { sib: Buffer; doneSlot: Buffer } {
  const t = structType('MAPISIB');
  const sib = Buffer.alloc(koffi.sizeof(t));
  const doneSlot = Buffer.alloc(PTR);
  sib.writeUInt32LE(koffi.sizeof(t), koffi.offsetof(t, 'ulSize'));
  sib.writeUInt32LE(flags >>> 0, koffi.offsetof(t, 'ulFlags'));
  writePtr(sib, koffi.offsetof(t, 'psesSync'), session);
  writePtr(sib, koffi.offsetof(t, 'punkCallBack'), callback);
  writePtr(sib, koffi.offsetof(t, 'phSyncDoneEvent'), koffi.address(doneSlot) as bigint);
  return { sib, doneSlot };
}

/**
 * A running synchronization: an EventEmitter ('progress', 'syncError', 'done'), an async iterator of
 * SyncEvents, and a promise of the SyncResult (`await run`).
 */
export class SyncRun extends EventEmitter implements PromiseLike<SyncResult>, AsyncIterable<SyncEvent> {
  readonly result: Promise<SyncResult>;
  /** With `timeline: true`: every call of the run, in time order, as it happens (also after a timeout). */
  readonly timeline: TimelineEvent[] | undefined;
  /** Facts the checks of koffi-mapi check decide on (QueryInterface of the callback, the event at Done...). */
  readonly observed: SyncObservations = newObservations();
  private readonly queue: SyncEvent[] = [];
  private waiters: (() => void)[] = [];
  private finished = false;

  /** @internal */
  constructor(executor: (run: SyncRun, resolve: (r: SyncResult) => void, reject: (e: unknown) => void) => void, timeline = false) {
    super();
    this.timeline = timeline ? [] : undefined;
    this.result = new Promise<SyncResult>((resolve, reject) =>
      executor(
        this,
        (r) => {
          this.finish();
          resolve(r);
        },
        (e) => {
          this.finish();
          reject(e);
        },
      ),
    );
    // The result is also reachable through the iterator and events; an unobserved failure must not crash.
    this.result.catch(() => undefined);
  }

  /** @internal */
  push(ev: SyncEvent): void {
    this.queue.push(ev);
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  private finish(): void {
    this.finished = true;
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  then<A = SyncResult, B = never>(ok?: ((r: SyncResult) => A | PromiseLike<A>) | null, fail?: ((e: unknown) => B | PromiseLike<B>) | null): Promise<A | B> {
    return this.result.then(ok, fail);
  }

  async *[Symbol.asyncIterator](): AsyncIterator<SyncEvent> {
    let i = 0;
    for (;;) {
      if (i < this.queue.length) {
        yield this.queue[i++];
        continue;
      }
      if (this.finished) {
        await this.result; // rethrows a timeout or failure to the iterating code
        return;
      }
      await new Promise<void>((r) => this.waiters.push(r));
    }
  }
}
