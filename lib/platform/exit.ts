/**
 * Ending the process while a provider's thread may still run (docs/threads.md, "Exit").
 *
 * When Node exits because its event loop is empty, it tears its environment down: Koffi's cleanup hook
 * closes the thread-safe function that relays foreign-thread callbacks, and the finalizer of Koffi's
 * library handle dlcloses / FreeLibrary's the MAPI DLL. A provider thread that then returns into its
 * unmapped code, or calls a JS callback, crashes the process (SIGSEGV, SIGABRT; 0xC0000005 on Windows).
 * process.exit() does none of that teardown: it ends the process at once.
 *
 * So while any such thread may run (holdExit), an 'exit' listener ends the process the way
 * process.exit() does, after the 'exit' listeners that come after it have run. And after a run gave up
 * on its provider (waitAtExit), a process with nothing else to do waits for the thread for a grace
 * period, saying so on stderr.
 */

const holds = new Map<number, string>();
let nextHold = 1;

function onExit(code: number): void {
  if (holds.size === 0) return;
  // Listeners added after this one would not run once the process ends here: run them first, as
  // Node would have (one that throws ends the process as an uncaught exception, also without teardown).
  const listeners = process.rawListeners('exit') as ((code: number) => void)[];
  for (const l of listeners.slice(listeners.indexOf(onExit) + 1)) l.call(process, code);
  // Inside 'exit', process.exit() does not emit it again: it ends the process with process.exitCode,
  // skipping Node's environment teardown (and so Koffi's unload of the DLL).
  process.exit();
}

/**
 * Marks a native thread that may still run in a DLL's code or call into JS. Until the returned function
 * is called, the process never exits through Node's environment teardown. Cheap: one Map entry.
 */
export function holdExit(what: string): () => void {
  const id = nextHold++;
  if (holds.size === 0) process.on('exit', onExit);
  holds.set(id, what);
  return () => {
    if (!holds.delete(id)) return;
    if (holds.size === 0) process.off('exit', onExit);
  };
}

/** What holds the process to a safe exit now (for tests and diagnostics). */
export function exitHolds(): string[] {
  return [...holds.values()];
}

export interface ExitWait {
  /** What is waited for, for the stderr lines: "the provider's sync thread of store 'X'". */
  readonly what: string;
  /** How long, from now, a process that has nothing else to do waits (0: it does not wait). */
  readonly graceMs: number;
  /** Polled every 20 ms: whether the thread has ended. */
  readonly ended: () => boolean;
  /** Called once when ended() turns true (even after the grace, while the process still runs). */
  readonly onEnded: () => void;
  /** The option that sets graceMs, named in the stderr lines ('exitGraceMs'). */
  readonly option: string;
}

const seconds = (ms: number) => `${(Math.max(0, ms) / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;

/**
 * Watches for a thread's end without keeping the process alive, except when the process would exit
 * within the grace period: then (on 'beforeExit') it says so on stderr, with how to end it, and keeps
 * the process alive until the thread ends or the grace is over.
 */
export function waitAtExit(w: ExitWait): void {
  const deadline = Date.now() + w.graceMs;
  let waiting = false;
  const stopWaiting = () => {
    process.off('beforeExit', atExit);
    clearTimeout(grace);
    watch.unref();
  };
  const watch = setInterval(() => {
    if (!w.ended()) return;
    clearInterval(watch);
    stopWaiting();
    w.onEnded();
  }, 20);
  watch.unref();
  const atExit = () => {
    if (waiting) return;
    waiting = true;
    watch.ref();
    process.stderr.write(
      `koffi-mapi: waiting for ${w.what} to end, up to ${seconds(deadline - Date.now())} more (${w.option}). ` +
        'Ending the process now is safe: press Ctrl+C or call process.exit().\n',
    );
  };
  const grace = setTimeout(() => {
    stopWaiting();
    if (waiting) process.stderr.write(`koffi-mapi: ${w.what} is still running after ${w.option} (${w.graceMs} ms); exiting without unloading the provider.\n`);
  }, w.graceMs);
  grace.unref();
  if (w.graceMs > 0) process.on('beforeExit', atExit);
}
