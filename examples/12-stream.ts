/**
 * 12 — Stream a property too big for GetProps.
 *
 *   npx ts-node --transpile-only examples/12-stream.ts
 *
 * Stores refuse big values in GetProps (over 16 KiB in Exchange and PST stores: the value's slot holds
 * MAPI_E_NOT_ENOUGH_MEMORY). OpenProperty(IID_IStream) reads and writes them; openStream() gives that
 * stream as Node streams, one chunk at a time, so the value never sits in JS memory whole.
 */
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { initialize, type MapiError, type Message } from '../lib';

// Everything runs inside main(): `using` releases at the end of its block, after the awaits.
async function main(): Promise<void> {
  using mapi = initialize();
  using session = mapi.logon({ profile: 'Sample' });
  using store = session.defaultStore();
  using drafts = store.folder('Drafts');
  using msg = drafts.createMessage({ subject: 'A long body' });

  // 1 MiB of UTF-16 into PR_BODY_W through a Node Writable (it commits at its end); then save.
  const text = 'All work and no play. '.repeat(23832).slice(0, 1 << 19);
  await pipeline(Readable.from([Buffer.from(text, 'utf16le')]), msg.openStream('PR_BODY_W', { create: true }).writableStream());
  msg.save();
  try {
    msg.get('PR_BODY_W');
  } catch (e) {
    console.log(`get(PR_BODY_W): ${(e as MapiError).name} (too big for GetProps)`);
  }

  // Read it back in another object, 256 KiB per IStream::Read.
  using again = store.openEntry(msg.entryId) as Message;
  let bytes = 0;
  let chunks = 0;
  for await (const chunk of again.openStream('PR_BODY_W').readable({ chunk: 256 * 1024 })) {
    bytes += (chunk as Buffer).length;
    chunks++;
  }
  console.log(`Read back ${bytes} bytes in ${chunks} chunks; getLarge gives ${again.getLarge('PR_BODY_W')?.length} characters`);
  drafts.deleteMessages([msg.entryId]);
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
