/**
 * 09 — Read a message's recipients and attachments, and save the attachments.
 *
 *   npx ts-node --transpile-only examples/09-read-message.ts
 *
 * Recipients come from the recipient table, attachments from the attachment table; an attachment's
 * data is read through IStream chunk by chunk (saveTo), and an embedded message opens as a message.
 * File names are the attachment's own, made safe: nothing is written outside the folder given.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { initialize, safeFileName, type Message } from '../lib';

using mapi = initialize();
using session = mapi.logon({ profile: 'Sample' });
using store = session.defaultStore();
using inbox = store.folder('Inbox');

// The first message with attachments: PR_HASATTACH is a column of the contents table.
using table = inbox.contents({ columns: ['PR_ENTRYID', 'PR_SUBJECT_W'], restrict: { prop: 'PR_HASATTACH', value: true } });
const [row] = table.queryRows(1);
using msg = inbox.openEntry(row.PR_ENTRYID as Buffer) as Message;
console.log(`Message: ${msg.get('PR_SUBJECT_W')}`);

for (const r of msg.recipients()) console.log(`  ${r.type.toString().padEnd(3)} ${r.name} <${r.email}>`);

const out = fs.mkdtempSync(path.join(os.tmpdir(), 'kmapi-attachments-'));
for (const info of msg.attachments()) {
  using a = msg.openAttachment(info.num);
  if (info.method === 'embedded') {
    using inner = a.openMessage();
    console.log(`  [${info.num}] embedded message "${inner.get('PR_SUBJECT_W')}" with ${inner.recipients().length} recipient(s)`);
    continue;
  }
  const file = path.join(out, safeFileName(info.fileName || info.name, `attachment-${info.num}`));
  const bytes = a.saveTo(file);
  console.log(`  [${info.num}] ${info.name} (${info.mimeType}): saved ${bytes} bytes`);
}
console.log(`Saved ${fs.readdirSync(out).length} file(s) to ${out}`);
fs.rmSync(out, { recursive: true, force: true });
