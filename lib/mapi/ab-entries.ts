/**
 * Address book entries as plain data (AbEntry: a recipient for Message.setRecipients as it is), and the
 * objects IAddrBook::OpenEntry gives: containers (IABContainer), distribution lists (IDistList) and
 * messaging users (IMailUser).
 */
import { AB_FLAGS, DISPLAY_TYPES, MAPI_FLAGS, OBJECT_TYPES } from '../../ffi-defs/constants/flags';
import { IABContainer } from '../../ffi-defs/interfaces/IABContainer';
import { IDistList } from '../../ffi-defs/interfaces/IDistList';
import { IMailUser } from '../../ffi-defs/interfaces/IMailUser';
import { IMAPITable } from '../../ffi-defs/interfaces/IMAPITable';
import { IUnknown } from '../../ffi-defs/interfaces/IUnknown';
import { wrap, type ComProxy } from '../com/proxy';
import { KoffiMapiError } from '../errors';
import { checkArray, checkString } from '../validate';
import type { MapiContext } from './context';
import { Arena } from './memory';
import { PropObject, entryIdHex, type Owner } from './object';
import type { PropsToSet, PropValue, TagLike } from './props';
import { decodeAdrList, encodeMapiAdrList, freeMapiAdrList, type RecipientInput } from './recipients';
import type { Restriction } from './restriction';
import { Table, type Row } from './table';

const { MAPI_UNICODE, CONVENIENT_DEPTH } = MAPI_FLAGS;
const { MAPI_ABCONT, MAPI_MAILUSER, MAPI_DISTLIST } = OBJECT_TYPES;
const { MAPI_RESOLVED, MAPI_AMBIGUOUS } = AB_FLAGS;

/** The columns read for an entry (a contents-table row, a resolved ADRLIST row). */
export const ENTRY_COLUMNS = [
  'PR_ENTRYID', 'PR_DISPLAY_NAME_W', 'PR_EMAIL_ADDRESS_W', 'PR_ADDRTYPE_W', 'PR_OBJECT_TYPE', 'PR_DISPLAY_TYPE', 'PR_SEARCH_KEY',
] as const satisfies readonly TagLike[];

export type AbObjectType = 'mailUser' | 'distList';

/**
 * An address book entry (a user, a list or a one-off). It is a RecipientInput: pass it to
 * message.setRecipients([entry]) or addRecipients([{ ...entry, type: 'cc' }]); its props carry the
 * entry's PR_ENTRYID (not a one-off), PR_OBJECT_TYPE and PR_DISPLAY_TYPE into the recipient row.
 */
export interface AbEntry extends RecipientInput {
  readonly name: string;
  readonly email: string;
  readonly addressType: string;
  /** PR_ENTRYID in hex. */
  readonly entryId: string;
  /** PR_OBJECT_TYPE: 'mailUser', 'distList', or the number the provider gave. */
  readonly objectType: AbObjectType | number;
  /** PR_DISPLAY_TYPE (DT_MAILUSER 0, DT_DISTLIST 1...). */
  readonly displayType: number;
  readonly props: PropsToSet;
  /** Every column read, keyed by tag name. */
  readonly row: Row;
}

const str = (v: PropValue | undefined): string => (typeof v === 'string' ? v : '');
const num = (v: PropValue | undefined): number | undefined => (typeof v === 'number' ? v : undefined);

/** A row (or an entry's properties) as an AbEntry; null when it has no PR_ENTRYID. */
export function entryFromRow(row: Row): AbEntry | null {
  const eid = row.PR_ENTRYID;
  if (!Buffer.isBuffer(eid)) return null;
  const ot = num(row.PR_OBJECT_TYPE);
  const dt = num(row.PR_DISPLAY_TYPE) ?? (ot === MAPI_DISTLIST ? DISPLAY_TYPES.DT_DISTLIST : DISPLAY_TYPES.DT_MAILUSER);
  const props: Record<string, PropValue> = { PR_ENTRYID: eid, PR_DISPLAY_TYPE: dt };
  if (ot !== undefined) props.PR_OBJECT_TYPE = ot;
  if (Buffer.isBuffer(row.PR_SEARCH_KEY)) props.PR_SEARCH_KEY = row.PR_SEARCH_KEY;
  return {
    name: str(row.PR_DISPLAY_NAME_W),
    email: str(row.PR_EMAIL_ADDRESS_W),
    addressType: str(row.PR_ADDRTYPE_W) || 'SMTP',
    entryId: entryIdHex(eid),
    objectType: ot === MAPI_MAILUSER ? 'mailUser' : ot === MAPI_DISTLIST ? 'distList' : (ot ?? 'mailUser'),
    displayType: dt,
    props: props as PropsToSet,
    row,
  };
}

/** The rows of a table as entries (rows without an entry id are left out). */
function entriesOf(t: Table, restriction: Restriction | null): AbEntry[] {
  t.setColumns(ENTRY_COLUMNS);
  if (restriction) t.restrict(restriction);
  return t.all().map(entryFromRow).filter((e): e is AbEntry => e !== null);
}

/** An IMailUser: a user or a one-off. */
export class MailUser extends PropObject<typeof IMailUser> {
  /** The user as an entry (a recipient). */
  entry(): AbEntry {
    const e = entryFromRow(this.props(ENTRY_COLUMNS));
    if (!e) throw new KoffiMapiError('ERR_NO_ENTRYID', `${this.label} has no PR_ENTRYID`);
    return e;
  }
}

/** What IABContainer and IDistList share: a contents table of entries, OpenEntry. */
abstract class AbListLike<D extends typeof IABContainer | typeof IDistList> extends PropObject<D> {
  /** The contents table (GetContentsTable(MAPI_UNICODE)). */
  contentsTable(): Table {
    const out: (bigint | null)[] = [null];
    this.call('GetContentsTable', () => (this.raw as unknown as ComProxy<typeof IABContainer>).GetContentsTable(MAPI_UNICODE, out));
    return new Table(this.ctx, wrap(IMAPITable, out[0]!), this, `contents of ${this.label}`);
  }

  /** The entries, all or those a restriction keeps. */
  entries(restriction: Restriction | null = null): AbEntry[] {
    using t = this.contentsTable();
    return entriesOf(t, restriction);
  }

  /** Entries whose names or addresses start with `text` (PR_ANR, as MAPI clients search). */
  search(text: string): AbEntry[] {
    checkString(text, 'search(text)', { nonEmpty: true });
    return this.entries({ prop: 'PR_ANR_W', op: '==', value: text });
  }
}

/** A distribution list: its contents are its members. */
export class DistList extends AbListLike<typeof IDistList> {
  members(): AbEntry[] {
    return this.entries();
  }
}

/** What IABContainer::ResolveNames said of one name. */
export interface ContainerResolution {
  readonly name: string;
  /** The FlagList value: MAPI_RESOLVED, MAPI_AMBIGUOUS or MAPI_UNRESOLVED. */
  readonly status: 'resolved' | 'ambiguous' | 'unresolved';
  readonly entry?: AbEntry;
}

/** An address book container. */
export class AbContainer extends AbListLike<typeof IABContainer> {
  /** The hierarchy table (GetHierarchyTable(CONVENIENT_DEPTH | MAPI_UNICODE)). */
  hierarchyTable(): Table {
    const out: (bigint | null)[] = [null];
    this.call('GetHierarchyTable', () => this.raw.GetHierarchyTable(CONVENIENT_DEPTH | MAPI_UNICODE, out));
    return new Table(this.ctx, wrap(IMAPITable, out[0]!), this, `hierarchy of ${this.label}`);
  }

  /**
   * IABContainer::ResolveNames against this container only, with a FlagList: each name resolved
   * (with its entry), ambiguous, or unresolved.
   */
  resolveNames(names: readonly string[]): ContainerResolution[] {
    checkArray(names, 'resolveNames(names)');
    names.forEach((n, i) => checkString(n, `resolveNames: name ${i}`, { nonEmpty: true }));
    if (!names.length) return [];
    const list = encodeMapiAdrList(this.ctx, names);
    try {
      const arena = new Arena();
      const flags = arena.alloc(4 + 4 * names.length);
      flags.buf.writeUInt32LE(names.length, 0); // every ulFlag MAPI_UNRESOLVED (0)
      arena.keep(() => this.call('ResolveNames', () => this.raw.ResolveNames(null, MAPI_UNICODE, list, flags.addr)));
      const rows = decodeAdrList(list);
      return names.map((name, i) => {
        const f = flags.buf.readUInt32LE(4 + 4 * i);
        const entry = f === MAPI_RESOLVED ? entryFromRow(rows[i]) : null;
        if (entry) return { name, status: 'resolved', entry };
        return { name, status: f === MAPI_AMBIGUOUS ? 'ambiguous' : 'unresolved' };
      });
    } finally {
      freeMapiAdrList(this.ctx, list);
    }
  }
}

/** Wraps what an address book OpenEntry returned, by its object type. */
export function openedAbObject(ctx: MapiContext, unk: bigint, objType: number, owner: Owner, label: string): AbContainer | DistList | MailUser {
  switch (objType) {
    case MAPI_ABCONT:
      return new AbContainer(ctx, wrap(IABContainer, unk), owner, `IABContainer ${label}`);
    case MAPI_DISTLIST:
      return new DistList(ctx, wrap(IDistList, unk), owner, `IDistList ${label}`);
    case MAPI_MAILUSER:
      return new MailUser(ctx, wrap(IMailUser, unk), owner, `IMailUser ${label}`);
    default:
      wrap(IUnknown, unk).release();
      throw new KoffiMapiError('ERR_OBJECT_TYPE', `IAddrBook::OpenEntry returned an object of type ${objType}, not a container, list or user`);
  }
}
