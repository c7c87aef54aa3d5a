/**
 * IMAPISync::SynchronizeInBackground, with the bridge standing in for Outlook: it hands the provider a
 * JS-implemented IMAPISyncProgressCallback and reports, call by call, what the provider did.
 *
 * Threads (docs/threads.md): SynchronizeInBackground is called synchronously on the main thread (the
 * one that called MAPIInitialize); the provider starts its own thread and returns. That thread's
 * Progress/Error/Done calls are relayed by Koffi to the main thread, so the main thread never blocks
 * waiting for the provider: the done event is polled with a zero timeout from a timer, which also keeps
 * the event loop alive while the run is active. From the call until the provider's thread is known to
 * have ended, the process is held to an exit without Node's teardown (lib/platform/exit.ts).
 */
import { IMAPISync } from '../../ffi-defs/interfaces/IMAPISync';
import { IMAPISyncProgressCallback } from '../../ffi-defs/interfaces/IMAPISyncProgressCallback';
import { SYNC_FLAGS } from '../../ffi-defs/constants/flags';
import type { ComProxy } from '../com/proxy';
import { implement, type JsComObject } from '../com/jsobject';
import { KoffiMapiError, MapiError, MapiArgumentError, hresultName, hex32 } from '../errors';
import { HR } from '../../ffi-defs/constants/hresults';
import { LONG_MAX, checkInt } from '../validate';
import { PTR, readPtr } from './memory';
import { handleApi, WAIT_OBJECT_0, type HandleApi } from '../platform/handles';
import { holdExit, waitAtExit } from '../platform/exit';
import { tracer, emit as traceEmit } from '../trace';
import { normalizeGuid } from '../com/guid';
import type { TimelineEvent } from './sync-timeline';
import {
  SyncRun, SyncTimeoutError, NoSyncError, makeMapiSib,
  type SyncOptions, type SyncEvent, type SyncResult, type SyncThread, type SyncMisuse, type SyncTarget,
} from './sync-run';

export * from './sync-run';

const { MAPI_E_USER_CANCEL, E_NOINTERFACE } = HR;
const VALID_FLAGS = Object.values(SYNC_FLAGS).reduce((a, b) => a | b, 0);

/** The options of a run, checked and with their defaults. */
interface RunOptions {
  readonly flags: number;
  readonly timeoutMs: number;
  readonly pollMs: number;
  readonly exitGraceMs: number;
  readonly signal?: AbortSignal;
  readonly timeline: boolean;
}

/** Checks every option before anything is asked of the provider; throws a MapiArgumentError. */
export function checkSyncOptions(store: string, options: SyncOptions = {}): RunOptions {
  const flags = options.flags ?? SYNC_FLAGS.SYNC_DOWNLOAD_HIERARCHY | SYNC_FLAGS.SYNC_DOWNLOAD_CONTENTS;
  if (!Number.isInteger(flags) || (flags & ~VALID_FLAGS) !== 0) {
    throw new MapiArgumentError('ERR_SYNC_FLAGS', `Sync flags ${hex32(flags)} include bits that are not MAPISIB SYNC_* flags (valid: ${hex32(VALID_FLAGS)})`);
  }
  const ms = (v: unknown, dflt: number, what: string, min: number) =>
    v === undefined ? dflt : checkInt(v, min, LONG_MAX, `synchronize({ ${what} })`);
  const signal = options.signal;
  if (signal !== undefined && (signal === null || typeof signal !== 'object' || typeof signal.aborted !== 'boolean' || typeof signal.addEventListener !== 'function')) {
    throw new MapiArgumentError('ERR_ARGUMENT', 'synchronize({ signal }) must be an AbortSignal');
  }
  const checked = {
    flags,
    timeoutMs: ms(options.timeoutMs, 300_000, 'timeoutMs', 1),
    pollMs: ms(options.pollMs, 5, 'pollMs', 1),
    exitGraceMs: ms(options.exitGraceMs, 30_000, 'exitGraceMs', 0),
    signal,
    timeline: options.timeline === true,
  };
  if (signal?.aborted) throw new KoffiMapiError('ABORT_ERR', `Sync of store '${store}' was cancelled before it started`);
  return checked;
}

/** Starts SynchronizeInBackground on `target` and returns the run. Throws synchronously on bad input. */
export function synchronize(target: SyncTarget, options: SyncOptions = {}): SyncRun {
  const o = checkSyncOptions(target.name, options);
  let sync: ComProxy<typeof IMAPISync>;
  try {
    sync = target.store.QueryInterface(IMAPISync);
  } catch (e) {
    if (e instanceof MapiError && e.hr === E_NOINTERFACE) throw new NoSyncError(target.name, e);
    throw e;
  }
  return new SyncRun((run, resolve, reject) => {
    try {
      new SyncDriver(target, sync, o, run, resolve, reject).start();
    } catch (e) {
      // Whatever failed while setting the run up: give IMAPISync back and report it as the result.
      sync.release();
      reject(e);
    }
  }, o.timeline);
}

const eventName = (ev: SyncEvent) => (ev.type === 'error' ? 'syncError' : ev.type);
const CALLBACK_IID = normalizeGuid(IMAPISyncProgressCallback.iid);
const WAIT_FAILED = 0xffffffff;

/**
 * One run, from SynchronizeInBackground to its settlement: the JS callback object, the MAPISIB, the
 * done event, the timers, and what the provider did (counts, misuse, cancel).
 */
class SyncDriver {
  private readonly t0 = performance.now();
  private readonly handles: HandleApi;
  private cancelRequested = false;
  private cancelAnsweredAt: number | undefined;
  private returned = false;
  private beforeReturn = 0;
  private progressCount = 0;
  private errorCount = 0;
  private done: { hr: number } | null = null;
  private lastThread: SyncThread = 'provider';
  /** Events that came before SynchronizeInBackground returned, emitted right after it has. */
  private readonly early: SyncEvent[] = [];
  private readonly listenerErrors: Error[] = [];
  private readonly misuse: SyncMisuse[] = [];
  private cb!: JsComObject<typeof IMAPISyncProgressCallback>;
  private unhold!: () => void;
  /** Drops the exit hold: once the provider's thread has ended, the process may exit as Node likes. */
  private dropExitHold: () => void = () => {};
  /** The MAPISIB and the HANDLE slot the provider writes into: referenced until the run ends. */
  private sib!: { sib: Buffer; doneSlot: Buffer };
  private event: bigint | null = null;
  private providerThreadId: number | undefined;
  private eventSignalled = false;
  private timer?: ReturnType<typeof setInterval>;
  private deadline?: ReturnType<typeof setTimeout>;
  private readonly onAbort = () => void (this.cancelRequested = true);

  constructor(
    private readonly target: SyncTarget,
    private readonly sync: ComProxy<typeof IMAPISync>,
    private readonly o: RunOptions,
    private readonly run: SyncRun,
    private readonly resolve: (r: SyncResult) => void,
    private readonly reject: (e: unknown) => void,
  ) {
    this.handles = handleApi(target.lib);
  }

  private elapsed(): number {
    return performance.now() - this.t0;
  }

  start(): void {
    this.o.signal?.addEventListener('abort', this.onAbort, { once: true });
    this.cb = this.makeCallback();
    this.unhold = this.cb.hold();
    this.sib = makeMapiSib(this.o.flags, this.target.sessionPtr, this.cb.ptr);
    // Before the call: the provider's thread starts inside it.
    this.dropExitHold = holdExit(`sync of store '${this.target.name}'`);
    try {
      this.sync.SynchronizeInBackground(this.sib.sib);
    } catch (e) {
      this.returnedAfter(e instanceof MapiError ? e.hr : undefined);
      this.dropExitHold();
      this.returned = true;
      this.o.signal?.removeEventListener('abort', this.onAbort);
      this.sync.release();
      this.cb.release();
      this.unhold();
      this.reject(e);
      return;
    }
    this.returned = true;
    this.returnedAfter(0);
    this.sync.release();
    if (this.early.length) queueMicrotask(() => this.emitEarly());
    const slot = this.sib.doneSlot;
    this.event = readPtr(new DataView(slot.buffer, slot.byteOffset, PTR), 0) || null;
    this.eventSignalled = this.event === null;
    this.providerThreadId = this.event ? this.handles.threadId(this.event) || undefined : undefined;
    // Keeps the event loop alive while the run is active, and notices the done event.
    this.timer = setInterval(() => this.poll(), this.o.pollMs);
    this.deadline = setTimeout(() => this.timedOut(), this.o.timeoutMs);
    this.poll();
  }

  /** Adds a mark to the run's timeline (with `timeline: true`). */
  private mark(ev: TimelineEvent): void {
    this.run.timeline?.push(ev);
  }

  private returnedAfter(hr: number | undefined): void {
    const ms = this.elapsed();
    this.run.observed.returnMs = ms;
    // First: the calls made during it (on the caller's thread) are already on the timeline, after its start.
    this.run.timeline?.unshift({ atMs: 0, kind: 'SynchronizeInBackground', thread: 'caller', hr: hr === undefined ? undefined : hr >>> 0, ms });
  }

  /** QueryInterface, AddRef, Release and misuse, as the callback object reports them. */
  private noted(thread: SyncThread, call: string, note: { readonly args: readonly unknown[]; readonly result?: string; readonly misuse?: string }): void {
    const method = call.slice(call.indexOf('::') + 2);
    if (note.misuse !== undefined) return this.mark({ atMs: this.elapsed(), kind: 'misuse', thread, detail: `${method}: ${note.misuse}` });
    if (method === 'QueryInterface') {
      const iid = String(note.args[0]);
      const ok = note.result === 'S_OK';
      if (ok && iid === CALLBACK_IID) this.run.observed.callbackQueryInterfaces++;
      return this.mark({ atMs: this.elapsed(), kind: 'QueryInterface', thread, hr: ok ? 0 : E_NOINTERFACE >>> 0, detail: iid });
    }
    if (method === 'AddRef' || method === 'Release') this.mark({ atMs: this.elapsed(), kind: method, thread, detail: note.result });
  }

  /** Progress, Error and Done: counted before any QueryInterface for the callback's IID, and timed. */
  private called(kind: 'Progress' | 'Error' | 'Done', extra: Partial<TimelineEvent>, answer: () => number): number {
    const obs = this.run.observed;
    if (obs.callbackQueryInterfaces === 0) obs.callsBeforeQueryInterface++;
    const at = this.elapsed();
    const r = answer();
    if (this.run.timeline) this.mark({ atMs: at, kind, thread: this.lastThread, ...extra, ms: this.elapsed() - at });
    return r;
  }

  private makeCallback(): JsComObject<typeof IMAPISyncProgressCallback> {
    return implement(
      IMAPISyncProgressCallback,
      {
        Progress: (text, index, max) => this.called('Progress', { index, max, detail: text ?? undefined }, () => this.progress(text, index, max)),
        Error: (hr, text) => this.called('Error', { hr: hr >>> 0, detail: text ?? undefined }, () => (this.error(hr, text), 0)),
        Done: (_event, hr) => this.called('Done', { hr: hr >>> 0 }, () => (this.doneCall(hr), 0)),
      },
      {
        onCall: (info) => void (this.lastThread = info.thread === 'foreign' ? 'provider' : 'caller'),
        onNote: (info, note) => this.noted(info.thread === 'foreign' ? 'provider' : 'caller', info.call, note),
      },
    );
  }

  // A call after Done breaks the callback's contract: it is answered, recorded and not passed on, so
  // listeners and the iterator see Done last and the run settles once.
  private progress(text: string | null, index: number, max: number): number {
    if (this.done) {
      this.misused('progressAfterDone', 'Progress', `Progress(${index}/${max}) after Done`);
      return 0;
    }
    this.progressCount++;
    this.run.observed.progress.push({ index, max, thread: this.lastThread });
    this.deliver({ type: 'progress', text, index, max, elapsedMs: this.elapsed(), thread: this.lastThread });
    if (!this.cancelRequested) return 0;
    this.cancelAnsweredAt ??= this.progressCount;
    return MAPI_E_USER_CANCEL;
  }

  private error(hr: number, text: string | null): void {
    if (this.done) return void this.misused('errorAfterDone', 'Error', `Error(${hresultName(hr)}) after Done`);
    this.errorCount++;
    this.run.observed.errorTexts.push(text);
    this.deliver({ type: 'error', hr: hr >>> 0, name: hresultName(hr), text, elapsedMs: this.elapsed(), thread: this.lastThread });
  }

  private doneCall(hr: number): void {
    if (this.done) return void this.misused('doneTwice', 'Done', `Done(${hresultName(hr)}) called again after Done(${hresultName(this.done.hr)})`);
    this.done = { hr: hr >>> 0 };
    const event = this.event;
    this.run.observed.eventAtDone = !this.returned ? 'unknown' : !event ? 'no event' : this.handles.wait(event, 0) === WAIT_OBJECT_0 ? 'signalled' : 'not signalled';
    this.deliver({ type: 'done', hr: hr >>> 0, name: hresultName(hr), elapsedMs: this.elapsed(), thread: this.lastThread });
  }

  private misused(kind: SyncMisuse['kind'], method: string, message: string): void {
    const m: SyncMisuse = { kind, call: `IMAPISyncProgressCallback::${method}`, message, elapsedMs: this.elapsed(), thread: this.lastThread };
    this.misuse.push(m);
    if (tracer.on) traceEmit({ dir: 'in', call: m.call, result: 'S_OK', note: `misuse: ${message}` });
  }

  private deliver(ev: SyncEvent): void {
    this.run.push(ev);
    if (!this.returned) {
      // Called before synchronize() has even returned the run, so no listener can be attached yet:
      // emitted right after it returns (the iterator has them too).
      this.beforeReturn++;
      this.early.push(ev);
      return;
    }
    // Listeners run inside the provider's call: one that throws makes the call return a failure.
    this.run.emit(eventName(ev), ev);
  }

  private emitEarly(): void {
    for (const ev of this.early) {
      try {
        this.run.emit(eventName(ev), ev);
      } catch (e) {
        // Too late to fail the provider's call: keep the error for the result.
        this.listenerErrors.push(e instanceof Error ? e : new Error(String(e)));
      }
    }
  }

  private poll(): void {
    const event = this.event;
    if (event && !this.eventSignalled) {
      const w = this.handles.wait(event, 0);
      this.eventSignalled = w === WAIT_OBJECT_0;
      if (w === WAIT_FAILED && !this.run.observed.eventWaitFailed) {
        this.run.observed.eventWaitFailed = true;
        this.mark({ atMs: this.elapsed(), kind: 'misuse', thread: 'caller', detail: `WaitForSingleObject(done event 0x${event.toString(16)}, 0) failed: not a waitable handle` });
      }
      if (this.eventSignalled) this.mark({ atMs: this.elapsed(), kind: 'signal', thread: 'caller', detail: `done event 0x${event.toString(16)}` });
      if (this.eventSignalled && tracer.on) {
        traceEmit({ dir: 'out', call: `WaitForSingleObject(done event 0x${event.toString(16)}, 0)`, result: 'signalled', note: `after ${this.elapsed().toFixed(1)} ms` });
      }
    }
    if (this.done && this.eventSignalled) this.settle();
  }

  /**
   * The thread is finished (or there is no event): no more calls can come from it. Drops our reference
   * and the hold; the object lives on only if the provider kept a reference. Returns whether it did not.
   */
  private letGo(): boolean {
    const event = this.event;
    if (event) {
      const closed = this.handles.close(event);
      if (tracer.on) traceEmit({ dir: 'out', call: `CloseHandle(done event 0x${event.toString(16)})`, result: closed ? 'closed' : 'failed' });
    }
    const providerRefs = this.cb.refCount - 1;
    // Without an event, the thread is over when the provider has dropped its references.
    if (event || providerRefs === 0) this.dropExitHold();
    else this.cb.once('destroyed', this.dropExitHold);
    this.cb.release();
    this.unhold();
    return providerRefs === 0;
  }

  private settle(): void {
    clearInterval(this.timer);
    clearTimeout(this.deadline);
    this.o.signal?.removeEventListener('abort', this.onAbort);
    const callbackReleased = this.letGo();
    const hr = this.done!.hr;
    const honoured = this.cancelRequested && hr === MAPI_E_USER_CANCEL >>> 0;
    const answeredAt = this.cancelAnsweredAt;
    this.resolve({
      status: honoured ? 'cancelled' : (hr | 0) < 0 ? 'failed' : 'ok',
      hr,
      name: hresultName(hr),
      progressCount: this.progressCount,
      errorCount: this.errorCount,
      durationMs: this.elapsed(),
      beforeReturn: this.beforeReturn,
      providerThreadId: this.providerThreadId,
      doneEvent: this.event ? 'signalled' : 'none',
      callbackReleased,
      jsErrors: [...this.cb.errors, ...this.listenerErrors],
      misuse: this.misuse,
      cancel: this.cancelRequested
        ? { answeredAt, furtherProgress: answeredAt === undefined ? 0 : this.progressCount - answeredAt, honoured }
        : undefined,
    });
  }

  private timedOut(): void {
    clearInterval(this.timer);
    this.o.signal?.removeEventListener('abort', this.onAbort);
    const missing: ('Done' | 'done event')[] = [];
    if (!this.done) missing.push('Done');
    if (!this.eventSignalled) missing.push('done event');
    // The provider's thread may still call in: keep the callback (and its trampolines) alive and
    // watch for the thread's end (the event, or without one, the provider's last Release). A process
    // that would exit meanwhile waits up to exitGraceMs for it, saying so on stderr; after that it
    // exits without Node's teardown, so the provider is never unloaded under its thread.
    const event = this.event;
    const ended = () => (event ? this.handles.wait(event, 0) === WAIT_OBJECT_0 : this.cb.refCount <= 1);
    if (ended()) {
      this.letGo();
    } else {
      const thread = this.providerThreadId ? ` (thread ${this.providerThreadId})` : '';
      const what = `the provider's sync thread of store '${this.target.name}'${thread}`;
      waitAtExit({ what, graceMs: this.o.exitGraceMs, ended, onEnded: () => void this.letGo(), option: 'exitGraceMs' });
    }
    const events = this.progressCount + this.errorCount + (this.done ? 1 : 0);
    this.reject(new SyncTimeoutError(this.target.name, this.o.timeoutMs, missing, events));
  }
}
