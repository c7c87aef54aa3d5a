/**
 * The main job: log on to the sample provider (standing in for Outlook's MAPI), list the stores, print
 * the folder tree with message counts and a few subjects, then synchronize the default store through
 * IMAPISync::SynchronizeInBackground with a JS progress callback, and show what changed.
 *
 *   npm run demo                         # the bundled sample provider
 *   MAPI_DLL=/path/to/provider npm run demo
 */
import { MultiBar, Presets, type SingleBar } from 'cli-progress';
import stringWidth from 'string-width';
import { initialize, type Store, type FolderInfo, type SyncEvent } from '../lib';
import { SYNC_FLAGS } from '../ffi-defs/constants/flags';

// The sample provider's knobs ride on the profile name: 12 items, 60 ms each, item 5 fails.
const PROFILE = process.env.KMAPI_PROFILE ?? 'Sample;sync.items=12;sync.delay=60;sync.failItem=5:0x80040115';
const FLAGS = SYNC_FLAGS.SYNC_DOWNLOAD_HIERARCHY | SYNC_FLAGS.SYNC_DOWNLOAD_CONTENTS | SYNC_FLAGS.SYNC_UPLOAD_CONTENTS;
const tty = process.stdout.isTTY === true;

/** Pads to a width in terminal columns: a CJK character takes two, so padEnd's characters misalign. */
const pad = (s: string, width: number) => s + ' '.repeat(Math.max(0, width - stringWidth(s)));

function snapshot(store: Store): Map<string, FolderInfo> {
  using ipm = store.ipmSubtree();
  return new Map(ipm.tree().map((f) => [f.entryId, f]));
}

function printTree(store: Store): void {
  using ipm = store.ipmSubtree();
  console.log(`  ${ipm.name}`);
  for (const f of ipm.tree()) {
    console.log(`  ${'  '.repeat(f.depth)}${f.name} (${f.contentCount} message${f.contentCount === 1 ? "" : "s"}, ${f.unreadCount} unread)`);
  }
}

async function main(): Promise<void> {
  using mapi = initialize();
  console.log(`MAPI: ${mapi.lib.path}\n  found by: ${mapi.lib.via}\n`);
  using session = mapi.logon({ profile: PROFILE });

  console.log('Stores');
  for (const s of session.stores()) console.log(`  ${s.isDefault ? '*' : ' '} ${pad(s.name, 18)} ${s.providerName}  entry id ${s.entryId.slice(0, 24)}...`);

  using store = session.defaultStore();
  // Something for the upload half of the sync to send, made before the tree is shown.
  using outbox = store.folder('Outbox');
  outbox.createMessage({ PR_SUBJECT_W: 'Demo: hello from koffi-mapi', PR_BODY_W: 'Sent by examples/demo.ts' }).release();
  console.log(`\nSet up: one message in the Outbox ("Demo: hello from koffi-mapi"), for the sync to upload.`);

  console.log(`\nFolders of "${store.name}"`);
  printTree(store);

  using inbox = store.folder('Inbox');
  console.log('\nFirst messages in the Inbox');
  let shown = 0;
  for await (const m of inbox.messages({ columns: ['PR_SUBJECT_W', 'PR_SENDER_NAME_W', 'PR_MESSAGE_DELIVERY_TIME'], sort: ['PR_MESSAGE_DELIVERY_TIME'] })) {
    const when = m.PR_MESSAGE_DELIVERY_TIME instanceof Date ? m.PR_MESSAGE_DELIVERY_TIME.toISOString().slice(0, 16).replace('T', ' ') : '';
    console.log(`  ${when}  ${pad(String(m.PR_SENDER_NAME_W ?? ''), 16)} ${m.PR_SUBJECT_W}`);
    if (++shown === 5) break;
  }

  const before = snapshot(store);
  console.log(`\nSynchronizing "${store.name}" (SYNC_DOWNLOAD_HIERARCHY | SYNC_DOWNLOAD_CONTENTS | SYNC_UPLOAD_CONTENTS)`);
  const run = store.synchronize({ flags: FLAGS });
  const bars = tty ? new MultiBar({ format: '  [{bar}] {value}/{total} {step}', hideCursor: true, clearOnComplete: false }, Presets.shades_classic) : null;
  let bar: SingleBar | undefined;
  const log = (line: string) => (bars ? bars.log(`${line}\n`) : console.log(line));
  run.on('progress', (e: Extract<SyncEvent, { type: 'progress' }>) => {
    const step = e.text ?? '';
    if (bars) {
      bar ??= bars.create(e.max, e.index, { step });
      bar.setTotal(e.max);
      bar.update(e.index, { step });
    } else {
      console.log(`  progress ${e.index}/${e.max} ${step}  (${e.elapsedMs.toFixed(0)} ms, ${e.thread} thread)`);
    }
  });
  run.on('syncError', (e: Extract<SyncEvent, { type: 'error' }>) => log(`  ! ${e.name}: ${e.text ?? ''}`));
  const result = await run;
  bars?.stop();
  console.log(
    `\nDone: ${result.name} (${result.status}) in ${result.durationMs.toFixed(0)} ms — ${result.progressCount} progress calls, ` +
      `${result.errorCount} error${result.errorCount === 1 ? '' : 's'}, provider thread ${result.providerThreadId ?? 'unknown'}, done event ${result.doneEvent}`,
  );

  const after = snapshot(store);
  console.log('\nWhat changed');
  let changes = 0;
  for (const [id, f] of after) {
    const b = before.get(id);
    if (!b) console.log(`  + folder ${f.name}`), changes++;
    else if (b.contentCount !== f.contentCount || b.unreadCount !== f.unreadCount) {
      const d = f.contentCount - b.contentCount;
      console.log(`  ~ ${f.name}: ${b.contentCount} -> ${f.contentCount} messages (${d >= 0 ? '+' : ''}${d}), ${b.unreadCount} -> ${f.unreadCount} unread`);
      changes++;
    }
  }
  for (const [id, f] of before) if (!after.has(id)) console.log(`  - folder ${f.name}`), changes++;
  if (!changes) console.log('  nothing');
}

main().catch((e: Error) => {
  console.error(`demo failed: ${e.message}`);
  process.exitCode = 1;
});
