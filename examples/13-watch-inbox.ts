/**
 * 13 — Watch the Inbox and react to new mail.
 *
 *   npx ts-node --transpile-only examples/13-watch-inbox.ts
 *
 * folder.watch() hands the provider a JS IMAPIAdviseSink (IMsgStore::Advise with the folder's entry
 * id). The provider calls its OnNotify from a notification thread of its own; Koffi runs the JS on the
 * main thread while that thread waits. Each NOTIFICATION arrives decoded: { type: 'newMail', entryId,
 * parentId, messageClass, flags, thread }. The profile knob deliver.every=MS makes the sample
 * provider's simulated server deliver a message to the Inbox every MS milliseconds, until logoff.
 */
import { initialize, type Message } from '../lib';

async function main(): Promise<void> {
  using mapi = initialize();
  using session = mapi.logon({ profile: 'Sample;deliver.every=100' });
  using store = session.defaultStore();
  using inbox = store.folder('Inbox');

  // `await using` unadvises and waits for the provider to release the sink when the block ends.
  await using watcher = inbox.watch({ events: ['newMail'] });
  console.log(`Watching ${inbox.name} (connection ${watcher.connection})`);

  let seen = 0;
  for await (const n of watcher) {
    if (n.type !== 'newMail' || !n.entryId) continue;
    // React: open the new message and mark it read. The notification only says what happened.
    using m = store.openEntry(n.entryId) as Message;
    console.log(`New mail: "${m.get('PR_SUBJECT_W')}" (${n.messageClass}, from the ${n.thread}'s thread)`);
    m.markRead();
    if (++seen === 3) break; // leaving the loop keeps the watcher; the block's end disposes it
  }
  console.log(`Received ${watcher.stats.received} notification(s) in ${watcher.stats.batches} OnNotify call(s)`);
}

main().then(
  () => console.log('Unadvised; the provider released the sink'),
  (e) => {
    console.error(e);
    process.exitCode = 1;
  },
);
