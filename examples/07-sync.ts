/**
 * 07 — Synchronize a store in the background, with progress, and cancel a run.
 *
 *   npx ts-node --transpile-only examples/07-sync.ts
 *
 * store.synchronize() plays Outlook's part in Send/Receive: it QueryInterfaces the store for IMAPISync,
 * hands the provider a JS-implemented IMAPISyncProgressCallback inside a MAPISIB, and calls
 * SynchronizeInBackground. The provider returns at once and reports from a thread of its own; Koffi runs
 * each report on the main JS thread. The run is an EventEmitter ('progress', 'syncError', 'done'), an
 * async iterator of those events, and a promise of the result.
 *
 * Cancelling: with an AbortSignal, the next Progress call returns MAPI_E_USER_CANCEL. MAPI documents
 * only S_OK as a return value of Progress, so whether a provider stops is up to the provider; the sample
 * provider stops when its knob sync.honourCancel=1 is set.
 */
import { initialize, defs, NoSyncError } from '../lib';

const { SYNC_DOWNLOAD_HIERARCHY, SYNC_DOWNLOAD_CONTENTS } = defs.SYNC_FLAGS;

// Sample-provider knobs ride on the profile name: 20 messages on the "server", 20 ms apart, item 7 fails,
// and cancel is honoured.
const PROFILE = 'Sample;sync.items=20;sync.delay=20;sync.failItem=7:0x80040115;sync.honourCancel=1';

async function main(): Promise<void> {
  using mapi = initialize();
  using session = mapi.logon({ profile: PROFILE });
  using store = session.defaultStore();
  const inboxCount = () => {
    using inbox = store.folder('Inbox');
    return inbox.get('PR_CONTENT_COUNT') as number;
  };
  const before = inboxCount();

  // --- 1. A whole run, with listeners ------------------------------------------------------------
  console.log(`Synchronizing "${store.name}" (download hierarchy and contents)`);
  const run = store.synchronize({ flags: SYNC_DOWNLOAD_HIERARCHY | SYNC_DOWNLOAD_CONTENTS });
  run.on('progress', (e) => console.log(`  [${String(e.index).padStart(2)}/${e.max}] ${e.text ?? ''}  (${e.thread} thread)`));
  // A failed item is reported through IMAPISyncProgressCallback::Error; the sync goes on.
  run.on('syncError', (e) => console.log(`  ! ${e.name}: ${e.text ?? ''}`));

  // The main thread is free while the provider works: timers run, and so could other MAPI calls.
  let ticks = 0;
  const ticker = setInterval(() => ticks++, 10);
  const result = await run;
  clearInterval(ticker);
  console.log(
    `Done: ${result.name} (${result.status}) in ${result.durationMs.toFixed(0)} ms: ${result.progressCount} progress, ` +
      `${result.errorCount} error(s); provider thread ${result.providerThreadId ?? '?'}; ${ticks} timer ticks ran meanwhile`,
  );
  console.log(`Inbox: ${before} -> ${inboxCount()} messages`);

  // --- 2. Cancel with an AbortController, reading the run as an async iterator ----------------------
  const ac = new AbortController();
  const run2 = store.synchronize({ flags: SYNC_DOWNLOAD_CONTENTS, signal: ac.signal, timeoutMs: 30_000 });
  for await (const ev of run2) {
    if (ev.type === 'progress' && ev.index === 5) {
      console.log(`  cancelling at ${ev.index}/${ev.max}...`);
      ac.abort(); // e.g. from a Cancel button or a timeout
    }
  }
  const cancelled = await run2;
  console.log(`Cancelled: status ${cancelled.status}, the provider ended with ${cancelled.name} after ${cancelled.progressCount} progress calls`);

  // --- 3. A store without IMAPISync ------------------------------------------------------------------
  using archive = session.openStore({ name: 'Sample Archive' });
  try {
    archive.synchronize();
  } catch (e) {
    if (!(e instanceof NoSyncError)) throw e;
    console.log(`"${archive.name}": ${e.code} (its provider synchronizes on its own)`);
  }
  // Leaving main(): every run has ended (the promise settles only once the provider's thread has
  // signalled its done event), so releasing the store and logging off is safe.
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
