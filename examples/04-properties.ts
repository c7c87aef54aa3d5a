/**
 * 04 — Read and write properties.
 *
 *   npx ts-node --transpile-only examples/04-properties.ts
 *
 * Tags are given by name ('PR_SUBJECT_W') or number (0x0037001F). Values are plain JS: numbers, bigint
 * (PT_I8, PT_CURRENCY), booleans, strings, Dates (PT_SYSTIME), Buffers (PT_BINARY), GUID strings
 * (PT_CLSID) and arrays of those (PT_MV_*). Every value is checked against its tag's type *before* the
 * native call, so a wrong type is a clear JS error, never corrupt memory.
 */
import { inspect } from 'node:util';
import { initialize, MapiArgumentError, PropError, PropProblemsError, PROP_TYPE, tagName, typeName, type Message } from '../lib';

using mapi = initialize();
using session = mapi.logon({ profile: 'Sample' });
using store = session.defaultStore();

// --- Reading -------------------------------------------------------------------------------------------

// get(): one value, or undefined when the object does not have the property.
console.log(`Store: ${store.get('PR_DISPLAY_NAME_W')}, default: ${store.get('PR_DEFAULT_STORE')}`);

// props(): several at once, as an object keyed by tag name. A missing one is a PropError value
// (MAPI returned PT_ERROR for it), not an exception: GetProps succeeds with MAPI_W_ERRORS_RETURNED.
using inbox = store.folder('Inbox');
using first = inbox.contents({ columns: ['PR_ENTRYID'], sort: ['PR_MESSAGE_DELIVERY_TIME'] });
const [row] = first.queryRows(1);
using msg = inbox.openEntry(row.PR_ENTRYID as Buffer) as Message;
const some = msg.props(['PR_SUBJECT_W', 'PR_MESSAGE_DELIVERY_TIME', 'PR_IMPORTANCE', 'PR_HASATTACH', 'PR_FLAG_STATUS']);
for (const [name, value] of Object.entries(some)) console.log(`  ${name} = ${value instanceof PropError ? `(missing: ${value.name})` : show(value)}`);

// getProps() with no tags: every property the object has, with its tag. Properties without a known
// name (named properties live at 0x8000 and above) print as hex.
console.log('Every property of the first Inbox message, by type:');
for (const p of msg.getProps()) {
  console.log(`  ${typeName(PROP_TYPE(p.tag)).padEnd(14)} ${tagName(p.tag).padEnd(26)} ${show(p.value)}`);
}

// --- Writing -------------------------------------------------------------------------------------------

// createMessage() calls CreateMessage, SetProps and SaveChanges (messages are transacted: nothing is
// visible in the folder until SaveChanges).
using drafts = store.folder('Drafts');
using draft = drafts.createMessage({
  PR_SUBJECT_W: 'Props example ✓ 日本',
  PR_BODY_W: 'Written by examples/04-properties.ts',
  PR_IMPORTANCE: 2, // PT_LONG: a number
  PR_READ_RECEIPT_REQUESTED: true, // PT_BOOLEAN
  PR_MESSAGE_DELIVERY_TIME: new Date('2026-03-01T09:30:00Z'), // PT_SYSTIME: a Date
  PR_SEARCH_KEY: Buffer.from('example-1'), // PT_BINARY: a Buffer
});
console.log(`Created "${draft.get('PR_SUBJECT_W')}" in ${drafts.name}, importance ${draft.get('PR_IMPORTANCE')}`);

// Change and delete properties, then save again (createMessage saved with KEEP_OPEN_READWRITE).
draft.set({ PR_SUBJECT_W: 'Props example (edited)' });
draft.delete(['PR_READ_RECEIPT_REQUESTED']);
draft.save();
console.log(`After edit: subject "${draft.get('PR_SUBJECT_W')}", receipt requested: ${draft.get('PR_READ_RECEIPT_REQUESTED') ?? 'not set'}`);

// Reopen it by entry id through the session: the saved values come back typed.
const entryId = draft.entryId;
using again = session.openEntry(entryId) as Message;
const back = again.props(['PR_SUBJECT_W', 'PR_MESSAGE_DELIVERY_TIME', 'PR_SEARCH_KEY']);
console.log(`Reopened: ${back.PR_SUBJECT_W} / ${(back.PR_MESSAGE_DELIVERY_TIME as Date).toISOString()} / ${(back.PR_SEARCH_KEY as Buffer).toString()}`);

// --- Mistakes, and what they look like ------------------------------------------------------------------

try {
  draft.set({ PR_IMPORTANCE: 'high' }); // wrong JS type: refused before any native call
} catch (e) {
  if (!(e instanceof MapiArgumentError)) throw e;
  console.log(`Wrong type: ${e.code}: ${e.message}`);
}
try {
  draft.set({ PR_ENTRYID: Buffer.from([1, 2, 3]) }); // computed by the store: SetProps reports a problem
} catch (e) {
  if (!(e instanceof PropProblemsError)) throw e;
  console.log(`Read-only: ${e.problems.map((p) => `${p.name} ${p.error.name}`).join(', ')}`);
}

// Clean up: delete the draft (the sample provider's data only lives as long as the logon anyway).
drafts.deleteMessages([entryId]);
console.log(`Deleted the draft; ${drafts.name} has ${drafts.get('PR_CONTENT_COUNT')} message(s) again.`);

/** One line per value, as Node shows it: 10n (bigint), <Buffer ..>, dates, arrays. */
function show(v: unknown): string {
  const s = inspect(v, { breakLength: Infinity, maxArrayLength: 4, colors: false });
  return s.length > 70 ? `${s.slice(0, 67)}...` : s;
}
