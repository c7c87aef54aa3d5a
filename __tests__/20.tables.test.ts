/** Tables beyond paging: RES_COUNT, FindRow, bookmarks and categorized views, against the sample provider. */
import { MapiError, type Folder, type Mapi, type Row, type Session, type Store, type Table } from '../lib';
import { TABLE_FLAGS } from '../ffi-defs/constants/flags';
import { init, expectNoLeaks } from './helpers/provider';

const { TBL_LEAF_ROW, TBL_EXPANDED_CATEGORY, TBL_COLLAPSED_CATEGORY } = TABLE_FLAGS;

let mapi: Mapi;
let session: Session;
let store: Store;
let inbox: Folder;
beforeAll(() => {
  mapi = init();
  session = mapi.logon({ profile: 'Sample' });
  store = session.defaultStore();
  inbox = store.folder('Inbox');
});
afterAll(() => mapi.uninitialize());
expectNoLeaks();

const subjects = (rows: Row[]) => rows.map((r) => String(r.PR_SUBJECT_W));
const keyOf = (r: Row) => (r.PR_INSTANCE_KEY as Buffer).toString('hex');
/** The row under the cursor, without moving it. */
const current = (t: Table) => {
  const [r] = t.queryRows(1);
  t.seek('current', -1);
  return r;
};

describe('RES_COUNT', () => {
  test('only the first n rows matching the inner restriction match, in the table order', () => {
    using t = inbox.contents({ columns: ['PR_SUBJECT_W', 'PR_IMPORTANCE'], sort: [{ tag: 'PR_SUBJECT_W', order: 'desc' }] });
    const all = t.all();
    const high = all.filter((r) => r.PR_IMPORTANCE === 2);
    expect(high.length).toBeGreaterThan(3);
    t.restrict({ count: 3, restriction: { prop: 'PR_IMPORTANCE', value: 2 } });
    // Must match: the first three importance-2 rows; must not: the later ones and every other row.
    expect(subjects(t.all())).toEqual(subjects(high.slice(0, 3)));
    t.restrict({ not: { count: 3, restriction: { prop: 'PR_IMPORTANCE', value: 2 } } });
    expect(subjects(t.all())).toEqual(subjects(all.filter((r) => !high.slice(0, 3).includes(r))));
    t.restrict({ count: 0, restriction: { exists: 'PR_SUBJECT_W' } });
    expect(t.count()).toBe(0);
    t.restrict({ count: 1000, restriction: { prop: 'PR_IMPORTANCE', value: 2 } });
    expect(t.count()).toBe(high.length);
    expect(() => t.restrict({ count: -1, restriction: { exists: 'PR_SUBJECT_W' } })).toThrow(expect.objectContaining({ code: 'ERR_RESTRICTION' }));
    expect(() => t.restrict({ count: 1 } as never)).toThrow(expect.objectContaining({ code: 'ERR_RESTRICTION' }));
  });

  test('in FindRow, a count of 0 finds nothing and a count of 1 finds the first match', () => {
    using t = inbox.contents({ columns: ['PR_SUBJECT_W', 'PR_IMPORTANCE'] });
    const all = t.all();
    expect(t.findRow({ count: 0, restriction: { prop: 'PR_IMPORTANCE', value: 1 } }, { from: 'beginning' })).toBe(false);
    expect(t.findRow({ count: 1, restriction: { prop: 'PR_IMPORTANCE', value: 1 } }, { from: 'beginning' })).toBe(true);
    expect(current(t).PR_SUBJECT_W).toBe(all.find((r) => r.PR_IMPORTANCE === 1)!.PR_SUBJECT_W);
  });
});

describe('findRow', () => {
  test('forwards, from the current row, backwards, and false (cursor unmoved) when nothing matches', () => {
    using t = inbox.contents({ columns: ['PR_SUBJECT_W', 'PR_IMPORTANCE'] });
    const all = t.all();
    const idx = all.map((r, i) => (r.PR_IMPORTANCE === 2 ? i : -1)).filter((i) => i >= 0);
    const r = { prop: 'PR_IMPORTANCE', value: 2 } as const;
    expect(t.findRow(r, { from: 'beginning' })).toBe(true);
    expect(t.position().row).toBe(idx[0]);
    t.seek('current', 1);
    expect(t.findRow(r)).toBe(true);
    expect(t.position().row).toBe(idx[1]);
    expect(t.findRow(r, { from: 'end', backward: true })).toBe(true);
    expect(t.position().row).toBe(idx[idx.length - 1]);
    t.seek('beginning', 4);
    expect(t.findRow({ prop: 'PR_SUBJECT_W', value: 'no such subject' })).toBe(false);
    expect(t.position().row).toBe(4);
    expect(() => t.findRow(r, { from: 'middle' as never })).toThrow(expect.objectContaining({ code: 'ERR_ARGUMENT' }));
  });
});

describe('bookmarks', () => {
  test('seek and findRow from a bookmark; freeing twice or using a freed one is a typed error', () => {
    using t = inbox.contents({ columns: ['PR_SUBJECT_W', 'PR_IMPORTANCE'] });
    const all = t.all();
    t.seek('beginning', 5);
    const b = t.bookmark();
    t.seek('end', 0);
    expect(t.seek(b, 0)).toBe(0);
    expect(t.position().row).toBe(5);
    expect(t.seek(b, 2)).toBe(2);
    expect(current(t).PR_SUBJECT_W).toBe(all[7].PR_SUBJECT_W);
    expect(b.positionChanged).toBe(false);
    const next = all.findIndex((r, i) => i >= 5 && r.PR_IMPORTANCE === 0);
    expect(t.findRow({ prop: 'PR_IMPORTANCE', value: 0 }, { from: b })).toBe(true);
    expect(t.position().row).toBe(next);
    b.free();
    expect(b.freed).toBe(true);
    expect(() => b.free()).toThrow(expect.objectContaining({ code: 'ERR_RELEASED' }));
    expect(() => t.seek(b, 0)).toThrow(expect.objectContaining({ code: 'ERR_RELEASED' }));
    b[Symbol.dispose](); // after free(): harmless
    using other = inbox.contents({ columns: ['PR_SUBJECT_W'] });
    using ob = other.bookmark();
    expect(() => t.seek(ob, 0)).toThrow(expect.objectContaining({ code: 'ERR_ARGUMENT' }));
  });

  test('`using` frees each bookmark (the provider has 64), and releasing the table frees the rest', () => {
    const t = inbox.contents({ columns: ['PR_SUBJECT_W'] });
    for (let i = 0; i < 100; i++) {
      using b = t.bookmark();
      expect(b.freed).toBe(false);
    }
    const kept = Array.from({ length: 64 }, () => t.bookmark());
    expect(() => t.bookmark()).toThrow(expect.objectContaining({ name: 'MAPI_E_UNABLE_TO_COMPLETE', call: 'IMAPITable::CreateBookmark' }));
    kept[0].free();
    kept[0] = t.bookmark();
    t.release();
    expect(kept.every((b) => b.freed)).toBe(true);
    expect(() => kept[1].free()).toThrow(expect.objectContaining({ code: 'ERR_RELEASED' }));
    kept[2][Symbol.dispose]();
  });

  test('a bookmark whose row was deleted moves to the next row with MAPI_W_POSITION_CHANGED', () => {
    using f = inbox.createFolder(`Bookmarks ${process.pid} ${Date.now()}`);
    const ids = ['m1', 'm2', 'm3', 'm4', 'm5'].map((s) => {
      using m = f.createMessage({ PR_SUBJECT_W: s });
      return m.entryId;
    });
    using t = f.contents({ columns: ['PR_SUBJECT_W'], sort: ['PR_SUBJECT_W'] });
    t.seek('beginning', 2);
    using b = t.bookmark();
    f.deleteMessages([ids[2]]);
    t.seek('beginning', 0);
    expect(t.seek(b, 0)).toBe(0);
    expect(b.positionChanged).toBe(true);
    expect(current(t).PR_SUBJECT_W).toBe('m4');
    t.seek(b, 0); // the bookmark moved with the warning: it now marks m4
    expect(b.positionChanged).toBe(false);
    expect(current(t).PR_SUBJECT_W).toBe('m4');
    f.deleteMessages(ids.filter((_, i) => i !== 2));
  });
});

describe('categorized tables', () => {
  const COLUMNS = ['PR_INSTANCE_KEY', 'PR_ROW_TYPE', 'PR_DEPTH', 'PR_CONTENT_COUNT', 'PR_CONTENT_UNREAD', 'PR_IMPORTANCE', 'PR_SENDER_NAME_W', 'PR_SUBJECT_W', 'PR_MESSAGE_FLAGS'] as const;
  let flat: Row[];
  beforeAll(() => {
    using t = inbox.contents({ columns: COLUMNS });
    flat = t.all();
  });
  const leaves = (importance: number) => flat.filter((r) => r.PR_IMPORTANCE === importance);
  const unread = (rows: Row[]) => rows.filter((r) => !((r.PR_MESSAGE_FLAGS as number) & 1)).length;

  test('one level: a heading per value with counts, leaves under it, and unique instance keys', () => {
    using t = inbox.contents({ columns: COLUMNS });
    t.sort(['PR_IMPORTANCE', 'PR_SUBJECT_W'], { categories: 1 });
    const rows = t.all();
    expect(t.count()).toBe(flat.length + 3);
    const heads = rows.filter((r) => r.PR_ROW_TYPE !== TBL_LEAF_ROW);
    expect(heads.map((h) => [h.PR_IMPORTANCE, h.PR_ROW_TYPE, h.PR_DEPTH, h.PR_CONTENT_COUNT, h.PR_CONTENT_UNREAD])).toEqual(
      [0, 1, 2].map((i) => [i, TBL_EXPANDED_CATEGORY, 0, leaves(i).length, unread(leaves(i))]),
    );
    expect(unread(flat)).toBeGreaterThan(0);
    // A heading has only its own columns; the subject cell is MAPI_E_NOT_FOUND.
    expect(heads[0].PR_SUBJECT_W).toEqual(expect.objectContaining({ name: 'MAPI_E_NOT_FOUND' }));
    // Leaves follow their heading, depth 1, in subject order.
    const first = rows.slice(1, 1 + leaves(0).length);
    expect(first.every((r) => r.PR_ROW_TYPE === TBL_LEAF_ROW && r.PR_DEPTH === 1 && r.PR_IMPORTANCE === 0)).toBe(true);
    using sorted = inbox.contents({ columns: COLUMNS, sort: ['PR_IMPORTANCE', 'PR_SUBJECT_W'] });
    expect(subjects(first)).toEqual(subjects(sorted.all().slice(0, leaves(0).length)));
    expect(new Set(rows.map(keyOf)).size).toBe(rows.length);
  });

  test('collapse and expand change the rows in view; expand returns the rows it added', () => {
    using t = inbox.contents({ columns: COLUMNS });
    t.sort(['PR_IMPORTANCE'], { categories: 1, expanded: 0 });
    const heads = t.all();
    expect(heads.map((h) => [h.PR_IMPORTANCE, h.PR_ROW_TYPE])).toEqual([0, 1, 2].map((i) => [i, TBL_COLLAPSED_CATEGORY]));
    const got = t.expand(heads[1], { rows: 2 });
    expect(got.added).toBe(leaves(1).length);
    expect(got.rows.map((r) => [r.PR_ROW_TYPE, r.PR_IMPORTANCE])).toEqual([[TBL_LEAF_ROW, 1], [TBL_LEAF_ROW, 1]]);
    expect(t.position().row).toBe(1 + 1 + 2); // after the last row returned
    expect(t.count()).toBe(3 + leaves(1).length);
    expect(t.all()[1].PR_ROW_TYPE).toBe(TBL_EXPANDED_CATEGORY);
    expect(t.expand(heads[1]).added).toBe(0); // already expanded
    expect(t.collapse(heads[1].PR_INSTANCE_KEY as Buffer)).toBe(leaves(1).length);
    expect(t.count()).toBe(3);
    expect(t.collapse(heads[1])).toBe(0);
  });

  test('two levels: expanded levels, sub-headings with their own counts', () => {
    using t = inbox.contents({ columns: COLUMNS });
    t.sort(['PR_IMPORTANCE', 'PR_SENDER_NAME_W'], { categories: 2, expanded: 1 });
    const rows = t.all();
    const subs = rows.filter((r) => r.PR_DEPTH === 1);
    const pairs = new Set(flat.map((r) => `${r.PR_IMPORTANCE}/${r.PR_SENDER_NAME_W}`));
    expect(rows).toHaveLength(3 + pairs.size);
    expect(subs.every((s) => s.PR_ROW_TYPE === TBL_COLLAPSED_CATEGORY)).toBe(true);
    for (const s of subs) {
      const under = flat.filter((r) => r.PR_IMPORTANCE === s.PR_IMPORTANCE && r.PR_SENDER_NAME_W === s.PR_SENDER_NAME_W);
      expect([s.PR_CONTENT_COUNT, s.PR_CONTENT_UNREAD]).toEqual([under.length, unread(under)]);
    }
    const top = rows.find((r) => r.PR_DEPTH === 0)!;
    expect(t.collapse(top)).toBe(subs.filter((s) => s.PR_IMPORTANCE === top.PR_IMPORTANCE).length);
    const { added, rows: shown } = t.expand(subs[subs.length - 1], { rows: 100 });
    expect(shown.every((r) => r.PR_DEPTH === 2 && r.PR_ROW_TYPE === TBL_LEAF_ROW)).toBe(true);
    expect(added).toBe(subs[subs.length - 1].PR_CONTENT_COUNT);
  });

  test('a bookmark on a leaf that is collapsed away moves to the next visible row', () => {
    using t = inbox.contents({ columns: COLUMNS });
    t.sort(['PR_IMPORTANCE'], { categories: 1 });
    const rows = t.all();
    t.seek('beginning', 2); // a leaf under the first heading
    using b = t.bookmark();
    expect(t.collapse(rows[0])).toBe(leaves(0).length);
    t.seek(b, 0);
    expect(b.positionChanged).toBe(true);
    expect(keyOf(current(t))).toBe(keyOf(rows[1 + leaves(0).length])); // the second heading
    expect(t.findRow({ prop: 'PR_ROW_TYPE', value: TBL_COLLAPSED_CATEGORY }, { from: 'beginning' })).toBe(true);
    expect(t.position().row).toBe(0);
  });

  test('a leaf row, an unknown key or a table that is not categorized is MAPI_E_NOT_FOUND', () => {
    using t = inbox.contents({ columns: COLUMNS });
    t.sort(['PR_IMPORTANCE'], { categories: 1 });
    const [, leaf] = t.queryRows(2);
    const notFound = (call: string) => expect.objectContaining({ name: 'MAPI_E_NOT_FOUND', call: `IMAPITable::${call}` });
    expect(() => t.expand(leaf)).toThrow(notFound('ExpandRow'));
    expect(() => t.collapse(Buffer.from('0102030448444E47', 'hex'))).toThrow(notFound('CollapseRow'));
    expect(() => t.expand(leaf)).toThrow(MapiError);
    using plain = inbox.contents({ columns: COLUMNS });
    const [row] = plain.queryRows(1);
    expect(() => plain.collapse(row)).toThrow(notFound('CollapseRow'));
    expect(() => t.expand({} as Row)).toThrow(expect.objectContaining({ code: 'ERR_ARGUMENT' }));
    expect(() => t.sort(['PR_IMPORTANCE'], { categories: 2 })).toThrow(expect.objectContaining({ code: 'ERR_SORT' }));
    expect(() => t.sort(['PR_IMPORTANCE'], { categories: 1, expanded: 2 })).toThrow(expect.objectContaining({ code: 'ERR_SORT' }));
  });

  test('headings keep their key and state when the rows change', () => {
    using f = inbox.createFolder(`Categories ${process.pid} ${Date.now()}`);
    const ids = [0, 1, 1, 2].map((imp, i) => {
      using m = f.createMessage({ PR_SUBJECT_W: `c${i}`, PR_IMPORTANCE: imp });
      return m.entryId;
    });
    using t = f.contents({ columns: COLUMNS });
    t.sort(['PR_IMPORTANCE'], { categories: 1 });
    const before = t.all();
    const mid = before.find((r) => r.PR_IMPORTANCE === 1 && r.PR_ROW_TYPE !== TBL_LEAF_ROW)!;
    t.collapse(mid);
    f.deleteMessages([ids[1]]);
    const after = t.all();
    const again = after.find((r) => r.PR_IMPORTANCE === 1 && r.PR_ROW_TYPE !== TBL_LEAF_ROW)!;
    expect([keyOf(again), again.PR_ROW_TYPE, again.PR_CONTENT_COUNT]).toEqual([keyOf(mid), TBL_COLLAPSED_CATEGORY, 1]);
    expect(t.count()).toBe(3 + 2); // headings 0, 1 (collapsed), 2 and the leaves under 0 and 2
    f.deleteMessages(ids.filter((_, i) => i !== 1));
  });
});
