/** `stores`, `tree`, `ls` and `props`: reading a profile's stores, folders, messages and properties. */
import { Folder, Store, type FolderInfo } from '../mapi/folders';
import { Message } from '../mapi/message';
import { entryIdHex } from '../mapi/object';
import { PROP_ID, PROP_TYPE, tagName, typeName, type Prop, type PropValue, type TagName } from '../mapi/props';
import type { SortSpec } from '../mapi/restriction';
import type { Row } from '../mapi/table';
import { JsonStream, TableStream, formatValue, hex32, jsonValue, table, toJson, type ValueFormat } from './format';
import { namedLabel, namesOf, type NamedProp } from './named';
import { JsonReported, UsageError, intOption, isEntryId, openSession, openStore, type GlobalOptions, type Io } from './context';
import { StoreCache, isMessageRef, openFolderArg, openMessageRef } from './refs';

// ---- stores -------------------------------------------------------------------------------------------

export function storesCommand(io: Io, o: GlobalOptions): number {
  using s = openSession(o);
  const stores = s.session.stores();
  if (o.jsonl) {
    io.out(new JsonStream('stores', {}, true).add(stores));
    return 0;
  }
  if (o.json) {
    io.out(toJson(stores));
    return 0;
  }
  io.out(
    table(
      ['DEFAULT', 'NAME', 'PROVIDER', 'ENTRY ID'],
      stores.map((x) => [x.isDefault ? '*' : '', x.name, x.providerName, x.entryId]),
    ),
  );
  return 0;
}

// ---- tree ---------------------------------------------------------------------------------------------

export interface TreeOptions {
  /** Start at the root folder instead of the IPM subtree. */
  root?: boolean;
}

const escapeName = (n: string) => n.replace(/\//g, '\\/');

/** Folder rows with their path from the starting folder ('Inbox/Projects'). */
function withPaths(folders: readonly FolderInfo[]): (FolderInfo & { path: string })[] {
  const stack: string[] = [];
  return folders.map((f) => {
    stack.length = Math.max(0, f.depth - 1);
    stack.push(escapeName(f.name));
    return { ...f, path: stack.join('/') };
  });
}

export function treeCommand(io: Io, o: GlobalOptions, which: string | undefined, t: TreeOptions): number {
  using s = openSession(o);
  using store = openStore(s.session, which);
  using top = t.root ? store.root() : store.ipmSubtree();
  const folders = withPaths(top.tree());
  const count = (v: PropValue | undefined) => (typeof v === 'number' ? v : 0);
  const topProps = top.props(['PR_CONTENT_COUNT', 'PR_CONTENT_UNREAD']);
  if (o.jsonl) {
    io.out(new JsonStream('folders', {}, true).add(folders.map((f) => ({ ...f, path: t.root ? `/${f.path}` : f.path }))));
    return 0;
  }
  if (o.json) {
    io.out(
      toJson({
        store: store.name,
        storeEntryId: store.entryId,
        top: { name: top.name, entryId: top.entryId, contentCount: count(topProps.PR_CONTENT_COUNT), unreadCount: count(topProps.PR_CONTENT_UNREAD) },
        folders: folders.map((f) => ({ ...f, path: t.root ? `/${f.path}` : f.path })),
      }),
    );
    return 0;
  }
  const rows = [
    [top.name, String(count(topProps.PR_CONTENT_COUNT)), String(count(topProps.PR_CONTENT_UNREAD)), ''],
    ...folders.map((f) => [`${'  '.repeat(f.depth)}${f.name}`, String(f.contentCount), String(f.unreadCount), f.containerClass]),
  ];
  io.out(`${store.name}\n`);
  io.out(table(['FOLDER', { title: 'MESSAGES', right: true }, { title: 'UNREAD', right: true }, 'CLASS'], rows));
  return 0;
}

// ---- ls -----------------------------------------------------------------------------------------------

export interface LsOptions {
  store?: string;
  limit?: string;
  sort?: string;
}

const SORT_COLUMNS: Record<string, TagName> = {
  received: 'PR_MESSAGE_DELIVERY_TIME',
  subject: 'PR_SUBJECT_W',
  size: 'PR_MESSAGE_SIZE',
};

function sortSpec(s: string | undefined): SortSpec | undefined {
  if (!s) return undefined;
  const desc = s.startsWith('-');
  const col = SORT_COLUMNS[(desc ? s.slice(1) : s).toLowerCase()];
  if (!col) throw new UsageError(`--sort takes ${Object.keys(SORT_COLUMNS).join(', ')} (prefix '-' for descending), not '${s}'`);
  return [{ tag: col, order: desc ? 'desc' : 'asc' }];
}

/** 2026-01-05 08:00:00 (UTC) */
export function shortDate(v: PropValue | undefined): string {
  return v instanceof Date && !Number.isNaN(v.getTime()) ? v.toISOString().slice(0, 19).replace('T', ' ') : '';
}

/**
 * The 1-based position of each entry id in the folder's own order (what a '<folder>:<n>' reference
 * counts), read a page at a time as arrays: no row objects for what may be the whole of a big folder.
 */
async function defaultOrder(folder: Folder): Promise<Map<string, number>> {
  using t = folder.contents({ columns: ['PR_ENTRYID'] });
  const order = new Map<string, number>();
  for await (const page of t.pages({ pageSize: 1000, arrays: true })) for (const r of page) order.set(entryIdHex(r[0]), order.size + 1);
  return order;
}

const LS_COLUMNS = ['PR_ENTRYID', 'PR_SUBJECT_W', 'PR_MESSAGE_DELIVERY_TIME', 'PR_MESSAGE_SIZE'] as const;
const LS_HEADINGS = [{ title: '#', right: true }, 'SUBJECT', 'RECEIVED (UTC)', { title: 'SIZE', right: true }, 'ENTRY ID'];
/** Rows per QueryRows, and so per write: the first row is out after one page. */
const LS_PAGE = 200;
const SUBJECT_WIDTH = 48;

interface LsRow {
  index: number;
  subject: string;
  received: Date | null;
  size: number | null;
  entryId: string;
}

function lsRow(r: Row, n: number, order: Map<string, number> | null): LsRow {
  const entryId = entryIdHex(r.PR_ENTRYID);
  return {
    index: order ? order.get(entryId) ?? 0 : n,
    subject: typeof r.PR_SUBJECT_W === 'string' ? r.PR_SUBJECT_W : '',
    received: r.PR_MESSAGE_DELIVERY_TIME instanceof Date ? r.PR_MESSAGE_DELIVERY_TIME : null,
    size: typeof r.PR_MESSAGE_SIZE === 'number' ? r.PR_MESSAGE_SIZE : null,
    entryId,
  };
}

const lsCells = (r: LsRow) => [String(r.index || ''), formatValue(r.subject, { maxString: SUBJECT_WIDTH }), shortDate(r.received ?? undefined), r.size === null ? '' : String(r.size), r.entryId];

/**
 * `ls`: the folder's messages as they are read, a QueryRows page per write, so the first row is out
 * after one page, `| head` stops the listing at the next page (io.closed), and `--limit n` reads n rows.
 */
export async function lsCommand(io: Io, o: GlobalOptions, path: string, l: LsOptions): Promise<number> {
  const limit = intOption('--limit', l.limit, 1);
  const sort = sortSpec(l.sort);
  using s = openSession(o);
  using stores = new StoreCache(s.session, l.store);
  using folder = openFolderArg(s.session, stores, path);
  // Rows are numbered in the folder's own order, also when listed sorted: the number is what
  // '<folder>:<n>' names in cat, mv, rm... (see refs.ts).
  const order = sort ? await defaultOrder(folder) : null;
  using t = folder.contents({ columns: LS_COLUMNS, sort });
  const pageSize = Math.min(LS_PAGE, limit ?? LS_PAGE);
  const json = o.json || o.jsonl ? new JsonStream('messages', { folder: folder.name, entryId: folder.entryId }, o.jsonl) : null;
  let text: TableStream | null = null;
  let n = 0;
  try {
    for await (const page of t.pages({ pageSize, limit })) {
      if (io.closed) break;
      const rows = page.map((r) => lsRow(r, ++n, order));
      if (json) {
        const chunk = json.add(rows);
        if (chunk) io.out(chunk);
      } else {
        // A listing of one page is laid out as a whole; a longer one gets the widths its later pages need.
        const whole = page.length < pageSize || n === limit;
        text ??= new TableStream(LS_HEADINGS, whole ? [] : [String(order ? t.count() : Math.min(t.count(), limit ?? Infinity)).length, SUBJECT_WIDTH]);
        io.out(text.lines(rows.map(lsCells)));
      }
      await io.drain?.();
    }
  } catch (e) {
    if (json) throw new JsonReported(e, {}, (error) => json.fail(error));
    throw e;
  }
  const end = json?.end();
  if (end) io.out(end);
  else if (!json && n === 0) io.out(`${folder.name}: no messages`);
  return 0;
}

// ---- props --------------------------------------------------------------------------------------------

export interface PropsOptions {
  store?: string;
  /** Values in full, not shortened. */
  full?: boolean;
}

/** One property as the CLI shows it; named properties are named by their set and name. */
export function propRow(p: Prop, named?: NamedProp): { tag: string; name: string; type: string; value: PropValue; named?: NamedProp } {
  const name = tagName(p.tag);
  return {
    tag: hex32(p.tag),
    name: !name.startsWith('0x') ? name : named ? namedLabel(named) : '',
    type: typeName(PROP_TYPE(p.tag)),
    value: p.value,
    ...(named ? { named } : {}),
  };
}

/**
 * A value for the table: as formatValue, with currency as a decimal, OLE dates also as ISO dates, and
 * flag-like longs (…FLAGS, …MASK, …STATE, …STATUS) also in hex.
 */
export function formatPropValue(type: string, v: PropValue, f: ValueFormat = {}, name = ''): string {
  if (type === 'PT_LONG' && typeof v === 'number' && /FLAGS|MASK|STATE|STATUS/.test(name)) return `${v} (${hex32(v)})`;
  if (type === 'PT_CURRENCY' && typeof v === 'bigint') {
    const neg = v < 0n;
    const a = neg ? -v : v;
    return `${neg ? '-' : ''}${a / 10000n}.${(a % 10000n).toString().padStart(4, '0')}`;
  }
  if (type === 'PT_APPTIME' && typeof v === 'number' && Number.isFinite(v)) {
    const d = new Date(Date.UTC(1899, 11, 30) + Math.round(v * 86400000));
    return Number.isNaN(d.getTime()) ? String(v) : `${v} (${d.toISOString()})`;
  }
  return formatValue(v, f);
}

const KIND: Record<string, string> = { IMsgStore: 'store', IMAPIFolder: 'folder', IMessage: 'message' };

export function propsCommand(io: Io, o: GlobalOptions, target: string, p: PropsOptions): number {
  using s = openSession(o);
  using stores = new StoreCache(s.session, p.store);
  using obj: Store | Folder | Message = isEntryId(target)
    ? s.session.openEntry(target)
    : isMessageRef(target)
      ? openMessageRef(s.session, stores, target)
      : openFolderArg(s.session, stores, target);
  const props = obj.getProps().sort((a, b) => PROP_ID(a.tag) - PROP_ID(b.tag) || PROP_TYPE(a.tag) - PROP_TYPE(b.tag));
  const named = namesOf(obj, props.map((x) => x.tag));
  const rows = props.map((x) => propRow(x, named.get(PROP_ID(x.tag))));
  const kind = KIND[obj.raw.interface.name] ?? obj.raw.interface.name;
  if (o.json) {
    io.out(toJson({ object: kind, interface: obj.raw.interface.name, props: rows.map((r) => ({ ...r, value: jsonValue(r.value) })) }));
    return 0;
  }
  const f = p.full ? { maxString: Infinity, maxBytes: Infinity } : {};
  io.out(`${kind}: ${rows.length} ${rows.length === 1 ? 'property' : 'properties'}`);
  io.out(table(['TAG', 'NAME', 'TYPE', 'VALUE'], rows.map((r) => [r.tag, r.name, r.type, formatPropValue(r.type, r.value, f, r.name)])));
  return 0;
}
