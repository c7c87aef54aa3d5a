/**
 * Watching for notifications: a JS IMAPIAdviseSink handed to Advise, whose OnNotify the provider calls
 * from its notification thread (Koffi relays it to the main thread, the provider's thread waiting), and
 * the Watcher a script gets: an EventEmitter and an async iterator of decoded notifications.
 *
 * The second foreign-thread path after sync, with the same rules (docs/threads.md): the sink and its
 * trampolines live until the provider has released its last reference, however long after Unadvise
 * that is; the process exits without tearing Koffi down while a provider may still call in (exit hold);
 * nothing here ever waits for the provider on the main thread.
 */
import { EventEmitter } from 'node:events';
import { IMAPIAdviseSink } from '../../ffi-defs/interfaces/IMAPIAdviseSink';
import { HR } from '../../ffi-defs/constants/hresults';
import { implement, type JsComObject } from '../com/jsobject';
import { callbackThread } from '../ffi/calls';
import { holdExit } from '../platform/exit';
import { MapiArgumentError } from '../errors';
import type { Children } from './context';
import { watchMask, type WatchEvent, type WatchTarget } from './watch-targets';
import { decodeNotifications, type Notification, type NotifyThread } from './notify';

export interface WatchOptions {
  /** The events to register for (default: every event the watched object has). */
  events?: readonly WatchEvent[];
  /** At most this many notifications wait for an async iterator that is not reading (default 10,000); the rest are dropped and counted. */
  maxBuffered?: number;
  /** How long dispose() waits for the provider to release the sink after Unadvise (default 5 s). */
  releaseTimeoutMs?: number;
  /** Whether an advised watcher keeps the process alive, as a server socket does (default true; see unref()). */
  keepAlive?: boolean;
}

/** A provider that broke a rule of notifications: each kind is reported once per watcher ('warning'). */
export interface WatchWarning {
  readonly code: 'ERR_NOTIFY_AFTER_UNADVISE' | 'ERR_NOTIFY_NULL_ENTRYID' | 'ERR_NOTIFY_CALLER_THREAD' | 'ERR_SINK_NOT_RELEASED';
  readonly message: string;
}

/** What an async iterator yields in place of notifications it had no room for. */
export interface DroppedNotice {
  readonly type: 'dropped';
  readonly count: number;
}

export interface WatchStats {
  /** Notifications decoded and passed on. */
  readonly received: number;
  /** OnNotify calls (a provider batches several notifications in one). */
  readonly batches: number;
  /** Notifications an iterator had no room for. */
  readonly dropped: number;
  /** Notifications that arrived after Unadvise and were not passed on. */
  readonly afterUnadvise: number;
  /** Listener exceptions (each made OnNotify return E_FAIL and was reported as 'error'). */
  readonly listenerErrors: number;
}


const E_FAIL = HR.MAPI_E_CALL_FAILED >>> 0;

/**
 * An advised sink. Events: 'notification' (every one) and one per type ('newMail', 'objectCreated',
 * 'tableRowAdded'...), 'dropped' (count), 'warning' (WatchWarning), 'error' (a listener threw), 'end'
 * (the provider let go of the sink). Iterate it with for await; dispose() (or `await using`) unadvises
 * and waits for the provider to release the sink.
 */
export class Watcher extends EventEmitter implements AsyncIterable<Notification | DroppedNotice>, AsyncDisposable, Disposable {
  /** The connection number Advise returned. */
  readonly connection: number | bigint;
  readonly label: string;
  #target: WatchTarget;
  #sink: JsComObject<typeof IMAPIAdviseSink>;
  #advised = true;
  #ended = false;
  #exitHold: () => void;
  #alive: NodeJS.Timeout | null;
  #queue: (Notification | DroppedNotice)[] = [];
  #head = 0;
  #iterators = 0;
  #pendingDrop = 0;
  #waiters: (() => void)[] = [];
  #warned = new Set<string>();
  #max: number;
  #releaseTimeoutMs: number;
  #stats = { received: 0, batches: 0, dropped: 0, afterUnadvise: 0, listenerErrors: 0 };
  #registries: readonly Children[] = [];

  /**
   * @internal Use store.watch(), folder.watch(), table.watch(), session.watch(). `registries` are where
   * the watcher is listed until it is unadvised (the session's objects, its target's dependents).
   */
  constructor(target: WatchTarget, options: WatchOptions = {}, registries: readonly Children[] = []) {
    super();
    const events = options.events ?? target.defaults;
    const mask = watchMask(events, `${target.label}.watch`);
    this.#max = positive(options.maxBuffered, 10_000, 'maxBuffered');
    this.#releaseTimeoutMs = positive(options.releaseTimeoutMs, 5_000, 'releaseTimeoutMs', true);
    this.label = target.label;
    this.#target = target;
    this.#sink = implement(IMAPIAdviseSink, {
      OnNotify: (cNotif, lpNotifications) => this.#onNotify(cNotif, lpNotifications),
    });
    this.#sink.once('destroyed', () => this.#end());
    this.#exitHold = holdExit(`the notification sink of ${target.label}`);
    try {
      this.connection = target.advise(mask, this.#sink.ptr);
    } catch (e) {
      this.#advised = false;
      this.#sink.release();
      throw e;
    }
    this.#alive = options.keepAlive === false ? null : setInterval(() => undefined, 1 << 30);
    this.#registries = registries;
    for (const r of registries) r.add(this);
  }

  get stats(): WatchStats {
    return { ...this.#stats };
  }

  /** True while registered (until unadvise() or dispose()). */
  get advised(): boolean {
    return this.#advised;
  }

  /** True once the provider has released the sink: nothing can arrive any more. */
  get ended(): boolean {
    return this.#ended;
  }

  /** Lets the process exit while this watcher is advised (exiting is safe either way). */
  unref(): this {
    this.#alive?.unref();
    return this;
  }

  ref(): this {
    this.#alive?.ref();
    return this;
  }

  #onNotify(count: number, ptr: bigint | null): number {
    this.#stats.batches++;
    const thread: NotifyThread = callbackThread() === 'caller' ? 'caller' : 'provider';
    if (!this.#advised) {
      this.#stats.afterUnadvise += count;
      this.#warn('ERR_NOTIFY_AFTER_UNADVISE', `${this.label}: the provider called OnNotify with ${count} notification(s) after Unadvise returned; they were not passed on`);
      return 0;
    }
    if (thread === 'caller') this.#warn('ERR_NOTIFY_CALLER_THREAD', `${this.label}: the provider called OnNotify on the script's thread, inside a MAPI call, not from a notification thread`);
    if (!ptr || count === 0) return 0;
    const list = decodeNotifications(ptr, count, thread);
    let failed = false;
    for (const n of list) {
      this.#stats.received++;
      if ((n.type === 'newMail' || 'objectType' in n) && (n as { entryId: string | null }).entryId === null) {
        this.#warn('ERR_NOTIFY_NULL_ENTRYID', `${this.label}: the provider sent a ${n.type} notification without an entry id (lpEntryID NULL)`);
      }
      if (this.#iterators > 0) this.#buffer(n);
      failed = this.#emitSafely('notification', n) || failed;
      if (this.listenerCount(n.type) > 0) failed = this.#emitSafely(n.type, n) || failed;
    }
    return failed ? E_FAIL : 0;
  }

  /** Emits; a listener that throws is reported as 'error' and the others still run. */
  #emitSafely(event: string, n: Notification): boolean {
    const ls = this.rawListeners(event) as ((n: Notification) => void)[];
    let failed = false;
    for (const l of ls) {
      try {
        l.call(this, n);
      } catch (e) {
        failed = true;
        this.#stats.listenerErrors++;
        const err = e instanceof Error ? e : new Error(String(e));
        if (this.listenerCount('error') > 0) this.emit('error', err);
        else process.emitWarning(`${this.label}: a notification listener threw: ${err.message}`, { code: 'ERR_WATCH_LISTENER' });
      }
    }
    return failed;
  }

  #buffer(n: Notification): void {
    if (this.#queue.length - this.#head >= this.#max) {
      this.#stats.dropped++;
      this.#pendingDrop++;
      if (this.#pendingDrop === 1) setImmediate(() => this.#flushDrop());
      return;
    }
    this.#queue.push(n);
    this.#wake();
  }

  #flushDrop(): void {
    if (this.#pendingDrop === 0) return;
    const count = this.#pendingDrop;
    this.#pendingDrop = 0;
    // Drops in a row make one notice: a flood the reader does not keep up with stays bounded.
    const tail = this.#queue.length > this.#head ? this.#queue[this.#queue.length - 1] : undefined;
    if (tail?.type === 'dropped') (tail as { count: number }).count += count;
    else this.#queue.push({ type: 'dropped', count });
    this.#wake();
    if (this.listenerCount('dropped') > 0) this.emit('dropped', count);
  }

  #wake(): void {
    const w = this.#waiters;
    if (w.length === 0) return;
    this.#waiters = [];
    for (const f of w) f();
  }

  #warn(code: WatchWarning['code'], message: string): void {
    if (this.#warned.has(code)) return;
    this.#warned.add(code);
    const w: WatchWarning = { code, message };
    if (this.listenerCount('warning') > 0) this.emit('warning', w);
    else process.emitWarning(message, { code });
  }

  #end(): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#exitHold();
    this.#stopKeepAlive();
    this.#wake();
    this.emit('end');
  }

  #stopKeepAlive(): void {
    if (this.#alive) clearInterval(this.#alive);
    this.#alive = null;
  }

  /**
   * Unadvise: no notification is passed on after this returns. The provider may still hold the sink
   * for a delivery in progress; dispose() waits for that.
   */
  unadvise(): void {
    if (!this.#advised) return;
    this.#advised = false;
    this.#stopKeepAlive();
    this.#wake();
    for (const r of this.#registries) r.delete(this);
    try {
      if (!this.#target.gone()) this.#target.unadvise(this.connection);
    } finally {
      this.#sink.release();
    }
  }

  /** Unadvises, then waits until the provider has released the sink (a 'warning' if it does not within releaseTimeoutMs). */
  async dispose(): Promise<void> {
    this.unadvise();
    if (this.#ended) return;
    await new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        this.off('end', done);
        this.#warn('ERR_SINK_NOT_RELEASED', `${this.label}: the provider still holds ${this.#sink.refCount} reference(s) on the advise sink ${this.#releaseTimeoutMs} ms after Unadvise; it stays registered until released`);
        resolve();
      }, this.#releaseTimeoutMs);
      const done = () => {
        clearTimeout(t);
        resolve();
      };
      this.once('end', done);
    });
  }

  /** For the objects' registries (logoff, release of the session): unadvise without waiting, never throw. */
  release(): void {
    try {
      this.unadvise();
    } catch (e) {
      const err = e instanceof Error ? e : new Error(String(e));
      if (this.listenerCount('error') > 0) this.emit('error', err);
      else process.emitWarning(`${this.label}: Unadvise failed: ${err.message}`, { code: 'ERR_WATCH_UNADVISE' });
    }
  }

  [Symbol.dispose](): void {
    this.unadvise();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.dispose();
  }

  /** Notifications as they come, until unadvise()/dispose(); a DroppedNotice where some had no room. */
  async *[Symbol.asyncIterator](): AsyncIterator<Notification | DroppedNotice> {
    this.#iterators++;
    try {
      for (;;) {
        if (this.#head < this.#queue.length) {
          const n = this.#queue[this.#head++];
          if (this.#head > 1024 && this.#head * 2 > this.#queue.length) {
            this.#queue = this.#queue.slice(this.#head);
            this.#head = 0;
          }
          yield n;
          continue;
        }
        if (!this.#advised || this.#ended) return;
        await new Promise<void>((r) => this.#waiters.push(r));
      }
    } finally {
      if (--this.#iterators === 0) {
        this.#queue = [];
        this.#head = 0;
      }
    }
  }
}

function positive(v: number | undefined, dflt: number, name: string, zero = false): number {
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < (zero ? 0 : 1)) throw new MapiArgumentError('ERR_ARGUMENT', `watch: ${name} must be an integer ${zero ? '>= 0' : '>= 1'}, not ${String(v)}`);
  return v;
}

