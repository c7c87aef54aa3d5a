/**
 * 05 — A contents table with a restriction and a sort order.
 *
 *   npx ts-node --transpile-only examples/05-table.ts
 *
 * MAPI tables are server-side views: you choose the columns (SetColumns), filter rows (Restrict) and
 * order them (SortTable), then read pages of rows (QueryRows). Only the page you read crosses into JS,
 * so this scales to folders with 100 000 messages. Restrictions are plain objects:
 *
 *   { prop: 'PR_IMPORTANCE', op: '>=', value: 2 }                    compare a property (== != < <= > >=)
 *   { content: 'PR_SUBJECT_W', value: 'report', ignoreCase: true }    substring (match: 'prefix' / 'full')
 *   { bitmask: 'PR_MESSAGE_FLAGS', mask: MSGFLAG_READ, op: 'eqz' }   test bits (eqz: all clear, nez: any set)
 *   { exists: 'PR_BODY_W' }, { and: [...] }, { or: [...] }, { not: r }
 */
import { initialize, defs, type Row } from '../lib';

const { MSGFLAG_READ } = defs.MSGFLAGS;

async function main(): Promise<void> {
  using mapi = initialize();
  // A sample-provider knob rides on the profile name: a 500-message Inbox, to make paging worthwhile.
  using session = mapi.logon({ profile: 'Sample;messages=500' });
  using store = session.defaultStore();
  using inbox = store.folder('Inbox');

  // Unread messages from one sender or about a report, newest first.
  using table = inbox.contents({
    columns: ['PR_SUBJECT_W', 'PR_SENDER_NAME_W', 'PR_MESSAGE_DELIVERY_TIME'],
    restrict: {
      and: [
        { bitmask: 'PR_MESSAGE_FLAGS', mask: MSGFLAG_READ, op: 'eqz' },
        { or: [{ prop: 'PR_SENDER_NAME_W', op: '==', value: '田中 太郎' }, { content: 'PR_SUBJECT_W', value: 'REPORT', match: 'substring', ignoreCase: true }] },
      ],
    },
    sort: [{ tag: 'PR_MESSAGE_DELIVERY_TIME', order: 'desc' }],
  });
  console.log(`Inbox: ${inbox.get('PR_CONTENT_COUNT')} messages; unread and (from 田中 太郎 or about a report): ${table.count()}`);

  // rows() reads one QueryRows page at a time (here 50 rows) and yields between pages; stop whenever
  // you like — the table is released by `using`, whatever happens.
  let shown = 0;
  for await (const r of table.rows({ pageSize: 50 })) {
    console.log(`  ${date(r)}  ${r.PR_SUBJECT_W}  (from ${r.PR_SENDER_NAME_W})`);
    if (++shown === 5) break;
  }

  // The same table can be restricted and sorted again. restrict() replaces the previous restriction
  // (combine conditions with `and` instead): here every message delivered on one day, oldest first.
  table.restrict({
    and: [
      { prop: 'PR_MESSAGE_DELIVERY_TIME', op: '>=', value: new Date('2026-01-10T00:00:00Z') },
      { prop: 'PR_MESSAGE_DELIVERY_TIME', op: '<', value: new Date('2026-01-11T00:00:00Z') },
    ],
  });
  table.sort(['PR_MESSAGE_DELIVERY_TIME']);
  const day = table.all(); // all(): fine for a small result
  console.log(`Delivered on 2026-01-10: ${day.length} messages, first at ${date(day[0])}, last at ${date(day[day.length - 1])}`);

  // Paging by hand: seek, then queryRows. Negative counts read backwards from the cursor.
  table.restrict(null); // back to every message
  table.seek('end', 0);
  const last3 = table.queryRows(-3);
  console.log(`The 3 newest of ${table.count()}: ${last3.map((r) => r.PR_SUBJECT_W).join(' | ')}`);
}

function date(r: Row): string {
  const d = r.PR_MESSAGE_DELIVERY_TIME;
  return d instanceof Date ? d.toISOString().slice(0, 16).replace('T', ' ') : '?';
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
