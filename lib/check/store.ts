/**
 * What Outlook relies on from a store, checked through the friendly layer where it says enough and
 * through the raw calls where the check is about what the friendly layer smooths over (the HRESULT of
 * GetProps, the tags of a row, MAPIFreeBuffer's result).
 */
import { EXPORTS } from '../../ffi-defs/exports';
import type { IMAPIProp } from '../../ffi-defs/interfaces/IMAPIProp';
import type { ComProxy } from '../com/proxy';
import { HR } from '../../ffi-defs/constants/hresults';
import { PROP_TAGS } from '../../ffi-defs/constants/proptags';
import { MAPI_FLAGS, STATUS_FLAGS } from '../../ffi-defs/constants/flags';
import { hresultName, MapiError } from '../errors';
import type { MapiLibrary } from '../loader';
import { PROP_TYPE, PT, PropError, tagName, type Prop } from '../mapi/tags';
import { decodeProps } from '../mapi/decode';
import { Arena } from '../mapi/memory';
import { encodeTagArray } from '../mapi/props';
import type { Folder, Message, Store } from '../mapi/folders';
import type { Table } from '../mapi/table';
import type { Session } from '../session';
import { fail, pass, skipped, warn, type CheckRun, type EvidenceLog } from './context';
import { rowTags } from './rows';

const STORES_COLUMNS = ['PR_DISPLAY_NAME_W', 'PR_ENTRYID', 'PR_INSTANCE_KEY', 'PR_MDB_PROVIDER', 'PR_OBJECT_TYPE', 'PR_RECORD_KEY', 'PR_PROVIDER_DISPLAY_W', 'PR_RESOURCE_FLAGS', 'PR_RESOURCE_TYPE', 'PR_DEFAULT_STORE'] as const;
/** A property id no store has (in the range MAPI leaves to transmittable user properties). */
const MISSING_ID = 0x6ff3;
const { MAPI_UNICODE } = MAPI_FLAGS;

export async function storesTableChecks(run: CheckRun, session: Session): Promise<void> {
  await run.check('store.stores-table', 'the message stores table', (ev) => {
    using t = session.storesTable();
    t.setColumns(STORES_COLUMNS);
    const rows = t.all();
    if (!rows.length) return fail('the message stores table has no rows');
    const missing = new Set<string>();
    rows.forEach((row, i) => {
      for (const c of STORES_COLUMNS) {
        const v = row[c];
        if (v === undefined || v instanceof PropError) {
          missing.add(c);
          ev.add(`row ${i} (${String(row.PR_DISPLAY_NAME_W)}): ${c} is ${v instanceof PropError ? v.name : 'absent'}`, { call: 'IMAPITable::QueryRows' });
        }
      }
    });
    if (missing.size) return fail(`missing: ${[...missing].join(', ')}`);
    ev.add(`${rows.length} row(s), each with ${STORES_COLUMNS.join(', ')}`);
    return pass();
  });
  await run.check('store.default', 'the message stores table', (ev) => {
    const stores = session.stores();
    const byFlag = stores.filter((s) => s.isDefault);
    for (const s of stores) ev.add(`'${s.name}': PR_DEFAULT_STORE ${s.isDefault}, PR_RESOURCE_FLAGS 0x${s.resourceFlags.toString(16)}`);
    if (byFlag.length !== 1) return fail(`${byFlag.length} stores have PR_DEFAULT_STORE TRUE`);
    if (!(byFlag[0].resourceFlags & STATUS_FLAGS.STATUS_DEFAULT_STORE)) return warn(`'${byFlag[0].name}' is the default store but PR_RESOURCE_FLAGS lacks STATUS_DEFAULT_STORE`);
    return pass();
  });
}

/** The folder-level checks on the default store; returns the folders and the message they opened for the COM checks. */
export async function storeChecks(run: CheckRun, store: Store, lib: MapiLibrary): Promise<void> {
  const subject = `store '${store.name}'`;
  await run.check('store.ipm-subtree', subject, (ev) => {
    const [slot] = store.getProps(['PR_IPM_SUBTREE_ENTRYID']);
    const eid: unknown = slot?.value;
    if (!Buffer.isBuffer(eid)) return fail(`PR_IPM_SUBTREE_ENTRYID is ${eid instanceof PropError ? eid.name : 'absent'}`);
    using f = store.ipmSubtree();
    ev.add(`PR_IPM_SUBTREE_ENTRYID (${eid.length} bytes) opens '${f.name}'`, { call: 'IMsgStore::OpenEntry' });
    return pass();
  });
  await run.check('store.receive-folder', subject, (ev) => {
    using f = store.receiveFolder('IPM.Note');
    ev.add(`GetReceiveFolder("IPM.Note") opens '${f.name}'`, { call: 'IMsgStore::GetReceiveFolder' });
    return pass();
  });
  let inbox: Folder | undefined;
  try {
    inbox = store.receiveFolder('IPM.Note');
  } catch {
    /* store.receive-folder has said why */
  }
  if (!inbox) {
    run.skipRest('store', `the receive folder of ${subject} does not open`);
    return;
  }
  using _inbox = inbox;
  await tableChecks(run, inbox, lib);
  await propChecks(run, store, inbox, lib);
}

async function tableChecks(run: CheckRun, inbox: Folder, lib: MapiLibrary): Promise<void> {
  const subject = `contents table of '${inbox.name}'`;
  const open = (): Table => inbox.contents();
  await run.check('table.columns', subject, (ev) => {
    using t = open();
    const cols = [PROP_TAGS.PR_ENTRYID, PROP_TAGS.PR_SUBJECT_W, PROP_TAGS.PR_MESSAGE_DELIVERY_TIME];
    t.setColumns(cols);
    const rows = rowTags(t, 5, lib);
    if (!rows.length) return skipped(`'${inbox.name}' has no messages`);
    const bad = rows.filter((tags) => tags.length !== cols.length || tags.some((tag, i) => (tag >>> 16) !== (cols[i] >>> 16)));
    for (const tags of bad.slice(0, 3)) ev.add(`a row came back with ${tags.map((x) => tagName(x)).join(', ')}`, { call: 'IMAPITable::QueryRows' });
    if (bad.length) return fail(`${bad.length} of ${rows.length} rows do not have the columns SetColumns asked for (${cols.map((x) => tagName(x)).join(', ')})`);
    ev.add(`${rows.length} rows with ${cols.map((x) => tagName(x)).join(', ')}, in order`);
    return pass();
  });
  await run.check('table.row-count', subject, (ev) => {
    using t = open();
    t.setColumns(['PR_INSTANCE_KEY']);
    const count = t.count();
    const rows = t.all().length;
    ev.add(`GetRowCount ${count}, QueryRows to the end ${rows}`, { call: 'IMAPITable::GetRowCount' });
    return count === rows ? pass() : fail(`GetRowCount says ${count}, QueryRows gives ${rows} rows`);
  });
  await run.check('table.seek', subject, (ev) => {
    using t = open();
    t.setColumns(['PR_INSTANCE_KEY']);
    const count = t.all().length;
    if (count < 2) return skipped(`'${inbox.name}' has fewer than 2 messages`);
    const moved = t.seek('beginning', 2);
    const at = t.position().row;
    const past = t.seek('beginning', count + 5);
    ev.add(`SeekRow(BOOKMARK_BEGINNING, 2) moved ${moved} (now at row ${at}); SeekRow(BOOKMARK_BEGINNING, ${count + 5}) moved ${past} of ${count} rows`, { call: 'IMAPITable::SeekRow' });
    if (moved !== 2 || at !== 2) return fail(`SeekRow(BOOKMARK_BEGINNING, 2) reported ${moved} rows and left the cursor at row ${at}`);
    if (past !== count) return fail(`SeekRow past the end reported ${past} rows moved; the table has ${count}`);
    return pass();
  });
  await run.check('table.restrict', subject, (ev) => {
    using t = open();
    t.setColumns(['PR_SUBJECT_W']);
    const all = t.all();
    const subj = all.map((r) => r.PR_SUBJECT_W).find((s): s is string => typeof s === 'string');
    if (subj === undefined) return skipped(`no message in '${inbox.name}' has a subject`);
    const want = all.filter((r) => r.PR_SUBJECT_W === subj).length;
    t.restrict({ prop: 'PR_SUBJECT_W', op: '==', value: subj });
    const got = t.all();
    const wrong = got.filter((r) => r.PR_SUBJECT_W !== subj).length;
    ev.add(`Restrict(PR_SUBJECT_W = ${JSON.stringify(subj)}): ${got.length} rows (${want} of ${all.length} match), ${wrong} not matching`, { call: 'IMAPITable::Restrict' });
    t.restrict(null);
    const back = t.all().length;
    ev.add(`Restrict(NULL): ${back} rows`, { call: 'IMAPITable::Restrict' });
    if (wrong || got.length !== want) return fail(`the restricted view has ${got.length} rows, ${wrong} of them not matching (${want} match)`);
    return back === all.length ? pass() : fail(`after Restrict(NULL) the view has ${back} rows, not ${all.length}`);
  });
  await run.check('table.sort', subject, (ev) => {
    using t = open();
    t.setColumns(['PR_MESSAGE_DELIVERY_TIME']);
    const times = (order: 'asc' | 'desc') => {
      t.sort([{ tag: 'PR_MESSAGE_DELIVERY_TIME', order }]);
      return t.all().map((r) => (r.PR_MESSAGE_DELIVERY_TIME instanceof Date ? r.PR_MESSAGE_DELIVERY_TIME.getTime() : NaN));
    };
    const up = times('asc');
    const down = times('desc');
    if (up.length < 2 || up.some(Number.isNaN)) return skipped(`'${inbox.name}' has fewer than 2 messages with PR_MESSAGE_DELIVERY_TIME`);
    const sorted = (a: number[], dir: 1 | -1) => a.every((x, i) => i === 0 || dir * (x - a[i - 1]) >= 0);
    ev.add(`SortTable(PR_MESSAGE_DELIVERY_TIME ascending): ${sorted(up, 1) ? 'in order' : 'out of order'}; descending: ${sorted(down, -1) ? 'in order' : 'out of order'} (${up.length} rows)`, { call: 'IMAPITable::SortTable' });
    if (new Set(up).size < 2) return skipped('every message has the same delivery time');
    return sorted(up, 1) && sorted(down, -1) ? pass() : fail('the rows are not in the order SortTable asked for');
  });
}

/** Raw GetProps: the HRESULT (a warning included), the props, and what MAPIFreeBuffer of its array returned. */
function rawGetProps(obj: Message | Folder, lib: MapiLibrary, tags: readonly number[] | null) {
  const arena = new Arena();
  const p = tags ? encodeTagArray(arena, tags) : null;
  const count = [0];
  const out: (bigint | null)[] = [null];
  const raw = obj.raw as unknown as ComProxy<typeof IMAPIProp>;
  const hr = arena.keep(() => raw.GetProps(p, MAPI_UNICODE, count, out));
  const free = () => (out[0] ? lib.call(EXPORTS.MAPIFreeBuffer, out[0]) >>> 0 : 0);
  let props: Prop[];
  try {
    props = decodeProps(out[0] ?? 0n, count[0]);
  } catch (e) {
    free();
    throw e;
  }
  return { hr, props, freed: free() };
}

async function propChecks(run: CheckRun, store: Store, inbox: Folder, lib: MapiLibrary): Promise<void> {
  const first = (() => {
    using t = inbox.contents();
    t.setColumns(['PR_ENTRYID']);
    const row = t.queryRows(1)[0];
    return Buffer.isBuffer(row?.PR_ENTRYID) ? row.PR_ENTRYID : undefined;
  })();
  const msg = first ? (store.openEntry(first) as Message) : undefined;
  using _msg = msg;
  const targets: [string, Message | Folder][] = [[`folder '${inbox.name}'`, inbox], ...(msg ? [[`a message of '${inbox.name}'`, msg] as [string, Message]] : [])];
  await run.check('props.null-tags', targets.map(([l]) => l).join(', '), (ev) => {
    const bad: string[] = [];
    for (const [label, obj] of targets) {
      const { hr, props } = rawGetProps(obj, lib, null);
      const errs = props.filter((p) => PROP_TYPE(p.tag) === PT.PT_ERROR && !(p.value instanceof PropError && p.value.hr === (HR.MAPI_E_NOT_ENOUGH_MEMORY >>> 0)));
      ev.add(`${label}: GetProps(NULL) returned ${hresultName(hr)} with ${props.length} properties${errs.length ? `, ${errs.length} PT_ERROR (${errs.map((p) => `${tagName(p.tag)}: ${(p.value as PropError).name}`).join(', ')})` : ''}`, { call: 'IMAPIProp::GetProps', hr });
      if (hr !== 0 || errs.length) bad.push(label);
    }
    return bad.length ? fail(`${bad.join(', ')}: GetProps(NULL) returned errors for properties nobody asked for`) : pass();
  });
  await run.check('props.error-slots', targets.map(([l]) => l).join(', '), (ev) => {
    const missing = ((MISSING_ID << 16) | PT.PT_LONG) >>> 0;
    const bad: string[] = [];
    for (const [label, obj] of targets) {
      const { hr, props } = rawGetProps(obj, lib, [PROP_TAGS.PR_ENTRYID, missing]);
      const slot = props[1];
      const ok = hr === (HR.MAPI_W_ERRORS_RETURNED >>> 0) && slot && slot.tag === (((MISSING_ID << 16) | PT.PT_ERROR) >>> 0) && slot.value instanceof PropError && slot.value.hr === (HR.MAPI_E_NOT_FOUND >>> 0);
      ev.add(`${label}: GetProps(PR_ENTRYID, 0x${missing.toString(16)}) returned ${hresultName(hr)}; the missing slot is ${slot ? `${tagName(slot.tag)} 0x${slot.tag.toString(16)} = ${slot.value instanceof PropError ? slot.value.name : JSON.stringify(String(slot.value))}` : 'absent'}`, { call: 'IMAPIProp::GetProps', hr });
      if (!ok) bad.push(label);
    }
    return bad.length ? fail(`${bad.join(', ')}: a missing property is not a PT_ERROR slot with MAPI_E_NOT_FOUND under MAPI_W_ERRORS_RETURNED`) : pass();
  });
  await run.check('props.not-found', `folder '${inbox.name}'`, (ev) => notFound(store, inbox, ev));
  await run.check('props.free-buffers', targets.map(([l]) => l).join(', '), (ev) => {
    let bad = 0;
    for (const [label, obj] of targets) {
      const { freed } = rawGetProps(obj, lib, null);
      ev.add(`${label}: MAPIFreeBuffer of GetProps' array returned 0x${freed.toString(16)}`, { call: 'MAPIFreeBuffer', hr: freed });
      if (freed !== 0) bad++;
    }
    return bad ? fail(`MAPIFreeBuffer refused ${bad} buffer(s) the provider returned: not MAPIAllocateBuffer memory`) : pass();
  });
}

function notFound(store: Store, inbox: Folder, ev: EvidenceLog) {
  let eid: string;
  try {
    using m = inbox.createMessage({ PR_SUBJECT_W: 'koffi-mapi check: props.not-found' }, { save: true });
    eid = m.entryId;
  } catch (e) {
    ev.error(e, 'creating a message to delete');
    return skipped(`'${inbox.name}' does not take a new message (read-only store?)`);
  }
  inbox.deleteMessages([eid]);
  ev.add(`created and deleted a message in '${inbox.name}'`, { call: 'IMAPIFolder::DeleteMessages' });
  try {
    const o = store.openEntry(eid);
    o.release();
    ev.add(`OpenEntry of the deleted message's entry id succeeded`, { call: 'IMsgStore::OpenEntry', hr: 0 });
    return fail('OpenEntry of a deleted message succeeded');
  } catch (e) {
    if (!(e instanceof MapiError)) throw e;
    ev.add(`OpenEntry of the deleted message: ${e.name}`, { call: e.call, hr: e.hr });
    return e.hr === HR.MAPI_E_NOT_FOUND || e.hr === HR.MAPI_E_INVALID_ENTRYID ? pass() : warn(`OpenEntry of a deleted message gave ${e.name}, not MAPI_E_NOT_FOUND`);
  }
}
