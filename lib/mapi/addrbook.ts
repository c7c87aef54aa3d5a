/**
 * The address book (IMAPISession::OpenAddressBook): resolving names to entries, searching, the
 * containers, one-off entries, opening entries. Entries are AbEntry data, usable as recipients.
 */
import { AB_FLAGS, DISPLAY_TYPES, MAPI_FLAGS, OBJECT_TYPES } from '../../ffi-defs/constants/flags';
import { HR } from '../../ffi-defs/constants/hresults';
import { IAddrBook } from '../../ffi-defs/interfaces/IAddrBook';
import type { ComProxy } from '../com/proxy';
import { MapiError } from '../errors';
import { checkArray, checkString } from '../validate';
import type { MapiContext } from './context';
import { Arena } from './memory';
import { PropObject, entryIdBytes, entryIdHex, type Owner } from './object';
import { decodeAdrList, encodeMapiAdrList, freeMapiAdrList } from './recipients';
import { decodeRowSet } from './rows';
import { AbContainer, DistList, MailUser, entryFromRow, openedAbObject, type AbEntry } from './ab-entries';

export { AbContainer, DistList, MailUser, ENTRY_COLUMNS, type AbEntry, type AbObjectType, type ContainerResolution } from './ab-entries';

const { MAPI_UNICODE, MAPI_BEST_ACCESS } = MAPI_FLAGS;
const { MAPI_SEND_NO_RICH_INFO } = AB_FLAGS;

/** What resolve() found for one name. */
export type ResolveResult =
  | { readonly status: 'resolved'; readonly name: string; readonly entry: AbEntry }
  | { readonly status: 'ambiguous'; readonly name: string; readonly candidates: readonly AbEntry[] }
  | { readonly status: 'unresolved'; readonly name: string };

/** A container as the hierarchy table or the search path lists it. */
export interface AbContainerInfo {
  readonly name: string;
  readonly entryId: string;
  /** PR_DISPLAY_TYPE (DT_GLOBAL, DT_NOT_SPECIFIC...). */
  readonly displayType: number;
  /** PR_CONTAINER_FLAGS (AB_RECIPIENTS, AB_SUBCONTAINERS...). */
  readonly flags: number;
  /** PR_DEPTH in the hierarchy (1 for the root's children); 0 in the search path. */
  readonly depth: number;
}

const num = (v: unknown): number => (typeof v === 'number' ? v : 0);

export class AddressBook extends PropObject<typeof IAddrBook> {
  constructor(ctx: MapiContext, raw: ComProxy<typeof IAddrBook>, owner: Owner) {
    super(ctx, raw, owner, 'IAddrBook');
  }

  /**
   * Resolves each name (a display name, part of one, or an address) with IAddrBook::ResolveName.
   * A name it leaves unresolved is looked up with search(): two or more matches make it ambiguous,
   * with them as candidates; none leave it unresolved. MAPI_E_AMBIGUOUS_RECIP and MAPI_E_NOT_FOUND
   * are answers, not errors; what the rows say is what counts (a provider may return S_OK and
   * leave rows unresolved).
   */
  resolve(names: readonly string[]): ResolveResult[] {
    checkArray(names, 'resolve(names)');
    names.forEach((n, i) => checkString(n, `resolve: name ${i}`, { nonEmpty: true }));
    if (!names.length) return [];
    const list = encodeMapiAdrList(this.ctx, names);
    let rows;
    try {
      try {
        this.call('ResolveName', () => this.raw.ResolveName(0, MAPI_UNICODE, null, list));
      } catch (e) {
        if (!(e instanceof MapiError) || (e.hr !== HR.MAPI_E_AMBIGUOUS_RECIP && e.hr !== HR.MAPI_E_NOT_FOUND)) throw e;
      }
      rows = decodeAdrList(list);
    } finally {
      freeMapiAdrList(this.ctx, list);
    }
    return names.map((name, i): ResolveResult => {
      const entry = entryFromRow(rows[i]);
      if (entry) return { status: 'resolved', name, entry };
      const candidates = this.search(name);
      return candidates.length > 1 ? { status: 'ambiguous', name, candidates } : { status: 'unresolved', name };
    });
  }

  /**
   * Entries whose names or addresses start with `text` (a PR_ANR restriction on the contents table of
   * each container of the search path, or of the one given), without duplicates.
   */
  search(text: string, options: { container?: string | Uint8Array } = {}): AbEntry[] {
    checkString(text, 'search(text)', { nonEmpty: true });
    const ids = options.container !== undefined ? [entryIdHex(entryIdBytes(options.container))] : this.searchPath().map((c) => c.entryId);
    const seen = new Set<string>();
    const out: AbEntry[] = [];
    for (const id of ids) {
      using c = this.openContainer(id);
      for (const e of c.search(text)) if (!seen.has(e.entryId)) seen.add(e.entryId), out.push(e);
    }
    return out;
  }

  /** The containers under the root (its hierarchy table, CONVENIENT_DEPTH). */
  containers(): AbContainerInfo[] {
    using root = this.openContainer(null);
    using t = root.hierarchyTable();
    t.setColumns(['PR_ENTRYID', 'PR_DISPLAY_NAME_W', 'PR_DISPLAY_TYPE', 'PR_CONTAINER_FLAGS', 'PR_DEPTH']);
    return t.all().map((r) => ({
      name: typeof r.PR_DISPLAY_NAME_W === 'string' ? r.PR_DISPLAY_NAME_W : '',
      entryId: entryIdHex(r.PR_ENTRYID),
      displayType: num(r.PR_DISPLAY_TYPE),
      flags: num(r.PR_CONTAINER_FLAGS),
      depth: num(r.PR_DEPTH),
    }));
  }

  /** The containers ResolveName searches, in order (GetSearchPath). */
  searchPath(): AbContainerInfo[] {
    const out: (bigint | null)[] = [null];
    this.call('GetSearchPath', () => this.raw.GetSearchPath(MAPI_UNICODE, out));
    try {
      return decodeRowSet(out[0]!).map((r) => ({
        name: typeof r.PR_DISPLAY_NAME_W === 'string' ? r.PR_DISPLAY_NAME_W : '',
        entryId: entryIdHex(r.PR_ENTRYID),
        displayType: num(r.PR_DISPLAY_TYPE),
        flags: num(r.PR_CONTAINER_FLAGS),
        depth: 0,
      }));
    } finally {
      this.ctx.freeRows(out[0]);
    }
  }

  /** The entry id (hex) of the default directory (GetDefaultDir). */
  defaultDirectory(): string {
    const cb = [0];
    const eid: (bigint | null)[] = [null];
    this.call('GetDefaultDir', () => this.raw.GetDefaultDir(cb, eid));
    return this.ctx.take(eid[0], cb[0], 'IAddrBook::GetDefaultDir').toString('hex').toUpperCase();
  }

  /**
   * A one-off entry for an address in no container (IAddrBook::CreateOneOff, MAPI_UNICODE |
   * MAPI_SEND_NO_RICH_INFO): the same bytes as recipients.ts's oneOffEntryId.
   */
  oneOff(name: string, address: string, addressType = 'SMTP'): AbEntry {
    checkString(name, 'oneOff(name)', { nonEmpty: true });
    checkString(address, 'oneOff(address)', { nonEmpty: true });
    checkString(addressType, 'oneOff(addressType)', { nonEmpty: true });
    const arena = new Arena();
    const cb = [0];
    const eid: (bigint | null)[] = [null];
    arena.keep(() =>
      this.call('CreateOneOff', () =>
        this.raw.CreateOneOff(arena.wstring(name), arena.wstring(addressType), arena.wstring(address), MAPI_UNICODE | MAPI_SEND_NO_RICH_INFO, cb, eid),
      ),
    );
    const bytes = this.ctx.take(eid[0], cb[0], 'IAddrBook::CreateOneOff');
    return entryFromRow({ PR_ENTRYID: bytes, PR_DISPLAY_NAME_W: name, PR_EMAIL_ADDRESS_W: address, PR_ADDRTYPE_W: addressType, PR_OBJECT_TYPE: OBJECT_TYPES.MAPI_MAILUSER, PR_DISPLAY_TYPE: DISPLAY_TYPES.DT_MAILUSER } as never)!;
  }

  /** Opens an entry: a container, a distribution list or a user (one-offs too). */
  open(entryId: string | Uint8Array): AbContainer | DistList | MailUser {
    return this.openEntry(entryIdBytes(entryId));
  }

  /** A container by entry id; null: the root. */
  openContainer(entryId: string | Uint8Array | null): AbContainer {
    const o = this.openEntry(entryId === null ? null : entryIdBytes(entryId));
    if (o instanceof AbContainer) return o;
    o.release();
    throw new MapiError(HR.MAPI_E_INVALID_ENTRYID, 'IAddrBook::OpenEntry', { detail: 'not a container' });
  }

  /** Whether two entry ids name the same entry (CompareEntryIDs). */
  same(a: string | Uint8Array, b: string | Uint8Array): boolean {
    const x = entryIdBytes(a);
    const y = entryIdBytes(b);
    const out = [0];
    this.call('CompareEntryIDs', () => this.raw.CompareEntryIDs(x.length, x, y.length, y, 0, out));
    return out[0] !== 0;
  }

  private openEntry(bytes: Buffer | null): AbContainer | DistList | MailUser {
    const type = [0];
    const unk: (bigint | null)[] = [null];
    this.call('OpenEntry', () => this.raw.OpenEntry(bytes ? bytes.length : 0, bytes, null, MAPI_BEST_ACCESS, type, unk));
    return openedAbObject(this.ctx, unk[0]!, type[0], this, bytes ? entryIdHex(bytes).slice(0, 16) + '…' : 'root');
  }
}
