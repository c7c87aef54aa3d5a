/**
 * 03 — Walk the folders of a store.
 *
 *   npx ts-node --transpile-only examples/03-walk-folders.ts
 *
 * Folders hang under the IPM subtree ("Top of Information Store"). Three ways to walk them:
 *   1. tree(): one hierarchy table with CONVENIENT_DEPTH — the whole subtree in one call, with PR_DEPTH.
 *   2. subfolders() + openEntry(): one level at a time, opening each folder (what you do when you need
 *      each folder's own properties or tables).
 *   3. folder('Inbox/Projects'): straight to a folder by path.
 */
import { initialize, type Folder } from '../lib';

using mapi = initialize();
using session = mapi.logon({ profile: 'Sample' });

for (const info of session.stores()) {
  using store = session.openStore(info.entryId);
  using top = store.ipmSubtree();

  // 1. The whole tree from one table: cheap, and enough for names and counts.
  console.log(`${store.name} / ${top.name}`);
  for (const f of top.tree()) {
    console.log(`${'  '.repeat(f.depth)}${f.name}  [${f.contentCount} message${f.contentCount === 1 ? '' : 's'}, ${f.unreadCount} unread]`);
  }
}

// 2. Recursively, opening each folder. Release what you open: a walk of a big mailbox would otherwise
//    hold hundreds of objects until logoff. `using` inside the loop releases each folder after its subtree.
function walk(folder: Folder, depth: number, visit: (f: Folder, depth: number) => void): void {
  visit(folder, depth);
  for (const child of folder.subfolders()) {
    if (!child.hasSubfolders && child.contentCount === 0) continue; // skip empty leaves without opening them
    using sub = folder.openEntry(child.entryId) as Folder;
    walk(sub, depth + 1, visit);
  }
}

using store = session.defaultStore();
using top = store.ipmSubtree();
let opened = 0;
walk(top, 0, (f, depth) => {
  opened++;
  const cls = f.get('PR_CONTAINER_CLASS_W') ?? '(no class)';
  console.log(`walk: ${'  '.repeat(depth)}${f.name} ${cls}`);
});
console.log(`walk: opened ${opened} folders`);

// 3. By path, relative to the IPM subtree (names match case-insensitively); the receive folder for a
//    message class is where new mail of that class lands.
using projects = store.folder('Inbox/Projects/2026');
using inbox = store.receiveFolder('IPM.Note');
console.log(`By path: ${projects.name} (${projects.get('PR_CONTENT_COUNT')} messages); receive folder: ${inbox.name}`);
