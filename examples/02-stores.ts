/**
 * 02 — List the message stores of a profile and open them.
 *
 *   npx ts-node --transpile-only examples/02-stores.ts
 *
 * A profile holds several stores (a mailbox, PSTs, archives, shared mailboxes). The session's message
 * stores table lists them without opening any; a store is opened by its entry id, by display name, or
 * as "the default store". Entry ids cross the API as upper-case hex strings.
 */
import { initialize, defs } from '../lib';

const { STORE_SUPPORT } = defs;

using mapi = initialize();
using session = mapi.logon({ profile: 'Sample' });

// One row per store, from IMAPISession::GetMsgStoresTable: nothing is opened yet.
const stores = session.stores();
console.log(`${stores.length} stores in profile '${session.profile}':`);
for (const s of stores) {
  console.log(`  ${s.isDefault ? '*' : ' '} ${s.name}  (provider: ${s.providerName})\n      entry id ${s.entryId}`);
}

// Opening a store gives an IMsgStore with properties. `using` releases each one at the end of its block.
for (const s of stores) {
  using store = session.openStore(s.entryId);
  const mask = store.get('PR_STORE_SUPPORT_MASK') as number;
  const can = Object.entries(STORE_SUPPORT)
    .filter(([, bit]) => mask & bit)
    .map(([name]) => name.replace('STORE_', ''));
  console.log(`Opened "${store.name}": supports ${can.join(', ')}`);
}

// The usual shortcuts: the default store, or a store by display name (case-insensitive).
using mailbox = session.defaultStore();
using archive = session.openStore({ name: 'sample archive' });
console.log(`Default store: ${mailbox.name}; by name: ${archive.name}`);
