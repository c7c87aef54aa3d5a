/**
 * 11 — Compose a message with recipients and an attachment, and send it.
 *
 *   npx ts-node --transpile-only examples/11-compose-send.ts
 *
 * createMessage({ subject, body, to, cc, attachments }) makes the MAPI calls a client makes:
 * CreateMessage, SetProps, ModifyRecipients, CreateAttach + OpenProperty(IID_IStream) + SaveChanges,
 * then SaveChanges on the message. submit() is IMessage::SubmitMessage: the sample provider's
 * simulated server sends at once, to Sent Items, and delivers to the Inbox for its own domain.
 */
import { initialize, type Message } from '../lib';

using mapi = initialize();
using session = mapi.logon({ profile: 'Sample' });
using store = session.defaultStore();
using outbox = store.folder('Outbox');

const msg = outbox.createMessage({
  subject: 'Quarterly numbers',
  body: 'Numbers attached.',
  to: ['ann@example.com', { email: 'user@sample.kmapi', name: 'Sample User' }],
  cc: ['finance@example.com'],
  attachments: [{ bytes: Buffer.from('region,total\nnorth,12\nsouth,17\n'), name: 'numbers.csv', mimeType: 'text/csv' }],
});
console.log(`Composed "${msg.get('PR_SUBJECT_W')}" to ${msg.get('PR_DISPLAY_TO_W')}; cc ${msg.get('PR_DISPLAY_CC_W')}`);
msg.submit();
msg.release(); // after SubmitMessage the object is spent

using sent = store.folder('Sent Items');
using inbox = store.folder('Inbox');
for (const [name, folder] of [['Sent Items', sent], ['Inbox', inbox]] as const) {
  using t = folder.contents({ columns: ['PR_ENTRYID', 'PR_SUBJECT_W'], restrict: { prop: 'PR_SUBJECT_W', value: 'Quarterly numbers' } });
  const [row] = t.all();
  using m = folder.openEntry(row.PR_ENTRYID as Buffer) as Message;
  const read = ((m.get('PR_MESSAGE_FLAGS') ?? 0) & 1) !== 0;
  console.log(`${name}: "${m.get('PR_SUBJECT_W')}", ${m.recipients().length} recipients, attachments: ${m.attachments().map((a) => a.name).join(', ')}, ${read ? 'read' : 'unread'}`);
}
