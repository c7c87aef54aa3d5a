/**
 * 10 — Compose a message with recipients and an attachment, and stream a large property.
 *
 *   npx ts-node --transpile-only examples/10-compose.ts
 *
 * createMessage({ subject, body, to, cc, attachments }) makes the MAPI calls a client makes:
 * CreateMessage, SetProps, ModifyRecipients, CreateAttach + OpenProperty(IID_IStream) + SaveChanges,
 * then SaveChanges on the message. A property too big for GetProps (over 16 KiB in Exchange and PST
 * stores) is written and read through a PropStream, as a Node stream, one chunk at a time.
 */
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { initialize, MapiError, type Message } from '../lib';

// Everything runs inside main(): `using` releases at the end of its block, after the awaits.
async function main(): Promise<void> {
  using mapi = initialize();
  using session = mapi.logon({ profile: 'Sample' });
  using store = session.defaultStore();
  using drafts = store.folder('Drafts');

  using msg = drafts.createMessage({
    subject: 'Quarterly numbers',
    body: 'Numbers attached.',
    to: ['ann@example.com', { email: 'bo@example.com', name: 'Bo Berg' }],
    cc: ['finance@example.com'],
    attachments: [{ bytes: Buffer.from('region,total\nnorth,12\nsouth,17\n'), name: 'numbers.csv', mimeType: 'text/csv' }],
  });
  console.log(`Saved "${msg.get('PR_SUBJECT_W')}" to ${msg.get('PR_DISPLAY_TO_W')}; cc ${msg.get('PR_DISPLAY_CC_W')}`);
  console.log(`Attachments: ${msg.attachments().map((a) => `${a.name} (${a.mimeType})`).join(', ')}`);

  // A body of 1 MiB, written through a Node Writable over IStream (it commits at its end).
  const big = 'All work and no play. '.repeat(47663).slice(0, 1 << 19); // 512 Ki characters = 1 MiB of UTF-16
    await pipeline(Readable.from([Buffer.from(big, 'utf16le')]), msg.openStream('PR_BODY_W', { create: true }).writableStream());
    msg.save();
    try {
      msg.get('PR_BODY_W');
    } catch (e) {
      console.log(`get(PR_BODY_W): ${(e as MapiError).name} (too big for GetProps)`);
    }
    using again = store.openEntry(msg.entryId) as Message;
    let bytes = 0;
    for await (const chunk of again.openStream('PR_BODY_W').readable({ chunk: 256 * 1024 })) bytes += (chunk as Buffer).length;
    console.log(`Read back ${bytes} bytes in 256 KiB chunks; getLarge gives ${again.getLarge('PR_BODY_W')?.length} characters`);
    drafts.deleteMessages([msg.entryId]);
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
