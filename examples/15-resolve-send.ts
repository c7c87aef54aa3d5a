/**
 * 15 — Resolve names against the address book, and send to them.
 *
 *   npx ts-node --transpile-only examples/15-resolve-send.ts
 *
 * session.addressBook() is IMAPISession::OpenAddressBook; resolve() is IAddrBook::ResolveName on the
 * names a user would type. Each comes back resolved (an entry of the directory, or a one-off for a
 * typed address), ambiguous (with the candidates a PR_ANR search finds) or unresolved. Resolved
 * entries are recipients as they are: their PR_ENTRYID is the directory's, not a one-off.
 */
import { initialize, type AbEntry, type Message } from '../lib';

using mapi = initialize();
using session = mapi.logon({ profile: 'Sample' });
using ab = session.addressBook();

const typed = ['Alice Martin', 'Sales Team', 'chen', 'user@sample.kmapi', 'Nobody Xyzzy'];
const to: AbEntry[] = [];
let cc: AbEntry | undefined;
for (const r of ab.resolve(typed)) {
  if (r.status === 'resolved') {
    console.log(`Resolved: ${r.name} -> ${r.entry.name} <${r.entry.email}> (${r.entry.objectType})`);
    if (r.entry.objectType === 'distList') cc = r.entry;
    else to.push(r.entry);
  } else if (r.status === 'ambiguous') {
    // A script picks as a user would in the dialog: here, the one whose address is bob@example.com.
    const pick = r.candidates.find((c) => c.email === 'bob@example.com')!;
    console.log(`Ambiguous: ${r.name} matches ${r.candidates.length} entries (${r.candidates.slice(0, 3).map((c) => c.name).join(', ')}...); picked ${pick.name}`);
    to.push(pick);
  } else {
    console.log(`Unresolved: ${r.name} (left out)`);
  }
}

using store = session.defaultStore();
using outbox = store.folder('Outbox');
const msg = outbox.createMessage({ subject: 'Team update', body: 'See you at ten.', to, cc: cc ? [cc] : [] });
console.log(`Sending "${msg.get('PR_SUBJECT_W')}" to ${msg.get('PR_DISPLAY_TO_W')}; cc ${msg.get('PR_DISPLAY_CC_W')}`);
msg.submit();
msg.release(); // after SubmitMessage the object is spent

// The sample provider delivers to its own domain (user@sample.kmapi): the copy in the Inbox.
using inbox = store.folder('Inbox');
using t = inbox.contents({ columns: ['PR_ENTRYID'], restrict: { prop: 'PR_SUBJECT_W', value: 'Team update' } });
using m = inbox.openEntry(t.all()[0].PR_ENTRYID as Buffer) as Message;
const recips = m.recipients();
const sentTo = [...to, ...(cc ? [cc] : [])];
const same = recips.length === sentTo.length && recips.every((x, i) => ab.same(x.entryId, sentTo[i].entryId));
console.log(`Inbox: "${m.get('PR_SUBJECT_W')}", ${recips.length} recipients, entry ids as resolved: ${same ? 'yes' : 'no'}`);
