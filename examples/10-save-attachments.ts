/**
 * 10 — Save a message's attachments to a folder, byte for byte, under safe names.
 *
 *   npx ts-node --transpile-only examples/10-save-attachments.ts
 *
 * An attachment names itself (PR_ATTACH_LONG_FILENAME); that name is not to be trusted: it can hold
 * '../', a drive letter or a device name. safeFileName keeps only a plain file name, uniqueName keeps
 * two attachments called the same apart, and saveTo streams the data to the file chunk by chunk.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { initialize, safeFileName } from '../lib';
import { uniqueName } from '../lib/mapi/attachments';

using mapi = initialize();
using session = mapi.logon({ profile: 'Sample' });
using store = session.defaultStore();
using drafts = store.folder('Drafts');

// A message whose attachments have the names a hostile sender would pick.
using msg = drafts.createMessage({
  subject: 'Names to distrust',
  attachments: [
    { bytes: Buffer.from('one'), name: '../../outside.txt' },
    { bytes: Buffer.from('two'), name: 'C:\\Windows\\notes.txt' },
    { bytes: Buffer.from('three'), name: 'notes.txt' },
    { bytes: Buffer.from('four'), name: 'con.txt' },
  ],
});

const out = fs.mkdtempSync(path.join(os.tmpdir(), 'kmapi-save-'));
const taken = new Set<string>();
for (const info of msg.attachments()) {
  if (info.method !== 'value') continue; // embedded messages have no file form
  const name = uniqueName(safeFileName(info.fileName || info.name, `attachment-${info.num}`), taken);
  using a = msg.openAttachment(info.num);
  const bytes = a.saveTo(path.join(out, name));
  console.log(`  ${JSON.stringify(info.fileName)} -> ${name} (${bytes} bytes)`);
}
console.log(`Files in the folder: ${fs.readdirSync(out).sort().join(', ')}`);
console.log(`Outside it: ${fs.existsSync(path.join(out, '..', 'outside.txt')) ? 'outside.txt (wrong!)' : 'nothing'}`);
fs.rmSync(out, { recursive: true, force: true });
drafts.deleteMessages([msg.entryId]);
