/**
 * Recipients: the friendly shapes, ADRLIST encoding for IMessage::ModifyRecipients, and one-off entry
 * ids ([MS-OXCDATA] 2.2.5.1), which identify an SMTP address without an address book.
 */
import { RECIPIENT_TYPES } from '../../ffi-defs/constants/flags';
import { MapiArgumentError } from '../errors';
import { checkString, describe } from '../validate';
import { adrListShown, registerArgDecoder } from '../trace-decoders';
import type { MapiContext } from './context';
import { adrListLayout, readAdrList } from './adrlist';
import { decodeProps } from './decode';
import { Arena, readPtr, viewOf, writePtr } from './memory';
import { encodeProps, spvLayout, tag, type PropValue, type PropsToSet, type TagLike } from './props';
import type { Row } from './table';

export type RecipientType = 'to' | 'cc' | 'bcc' | 'orig';

const TYPE_VALUES: Readonly<Record<RecipientType, number>> = {
  orig: RECIPIENT_TYPES.MAPI_ORIG,
  to: RECIPIENT_TYPES.MAPI_TO,
  cc: RECIPIENT_TYPES.MAPI_CC,
  bcc: RECIPIENT_TYPES.MAPI_BCC,
};
const TYPE_FLAGS = RECIPIENT_TYPES.MAPI_P1 | RECIPIENT_TYPES.MAPI_SUBMITTED;

/** A recipient as recipients() returns it. */
export interface Recipient {
  /** PR_ROWID: what removeRecipients() takes. */
  readonly rowId: number;
  /** PR_RECIPIENT_TYPE; a value outside MAPI_ORIG..MAPI_BCC is given as its number. */
  readonly type: RecipientType | number;
  readonly name: string;
  readonly email: string;
  readonly addressType: string;
  /** PR_ENTRYID in hex, '' when the row has none. */
  readonly entryId: string;
  /** Every column of the row, keyed by tag name. */
  readonly row: Row;
}

/** A recipient to add: an address, and optionally a name, a type (default 'to') and more properties. */
export interface RecipientInput {
  readonly email: string;
  readonly name?: string;
  readonly type?: RecipientType;
  /** PR_ADDRTYPE; default 'SMTP'. */
  readonly addressType?: string;
  readonly props?: PropsToSet;
}

export type RecipientLike = string | RecipientInput;

const MAPI_ONE_OFF_UID = Buffer.from('812B1FA4BEA310199D6E00DD010F5402', 'hex');
const MAPI_ONE_OFF_UNICODE = 0x8000;
const MAPI_ONE_OFF_NO_RICH_INFO = 0x0001;

/** The one-off entry id of (name, address type, address), Unicode form. */
export function oneOffEntryId(name: string, addressType: string, email: string): Buffer {
  const text = `${name}\0${addressType}\0${email}\0`;
  const id = Buffer.allocUnsafe(24 + text.length * 2);
  id.writeUInt32LE(0, 0); // abFlags
  MAPI_ONE_OFF_UID.copy(id, 4);
  id.writeUInt16LE(0, 20); // wVersion
  id.writeUInt16LE(MAPI_ONE_OFF_UNICODE | MAPI_ONE_OFF_NO_RICH_INFO, 22);
  id.write(text, 24, 'utf16le');
  return id;
}

function recipientType(v: unknown, where: string): number {
  if (v === undefined) return RECIPIENT_TYPES.MAPI_TO;
  if (typeof v !== 'string' || !Object.prototype.hasOwnProperty.call(TYPE_VALUES, v)) {
    throw new MapiArgumentError('ERR_RECIPIENT', `${where}: type must be 'to', 'cc', 'bcc' or 'orig', not ${describe(v)}`);
  }
  return TYPE_VALUES[v as RecipientType];
}

/** The properties of one recipient to add, checked. A bare string is an SMTP address. */
export function recipientProps(r: RecipientLike, where: string): { tag: TagLike; value: unknown }[] {
  const input: RecipientInput = typeof r === 'string' ? { email: r } : r;
  if (input === null || typeof input !== 'object') throw new MapiArgumentError('ERR_RECIPIENT', `${where}: a recipient is an address or { email, name?, type? }, not ${describe(r)}`);
  const email = checkString(input.email, `${where}: email`, { nonEmpty: true, code: 'ERR_RECIPIENT' });
  const name = input.name === undefined ? email : checkString(input.name, `${where}: name`, { nonEmpty: true, code: 'ERR_RECIPIENT' });
  const addressType = input.addressType === undefined ? 'SMTP' : checkString(input.addressType, `${where}: addressType`, { nonEmpty: true, code: 'ERR_RECIPIENT' });
  const props: { tag: TagLike; value: unknown }[] = [
    { tag: 'PR_RECIPIENT_TYPE', value: recipientType(input.type, where) },
    { tag: 'PR_DISPLAY_NAME_W', value: name },
    { tag: 'PR_EMAIL_ADDRESS_W', value: email },
    { tag: 'PR_ADDRTYPE_W', value: addressType },
    { tag: 'PR_ENTRYID', value: oneOffEntryId(name, addressType, email) },
  ];
  if (input.props !== undefined) {
    if (input.props === null || typeof input.props !== 'object') throw new MapiArgumentError('ERR_RECIPIENT', `${where}: props must be an object of { TAG: value }`);
    // The caller's properties replace the ones made from email/name/type.
    const extra = Object.entries(input.props).map(([k, value]) => ({ tag: k as TagLike, value }));
    const ids = new Set(extra.map((p) => tag(p.tag) >>> 16));
    return [...props.filter((p) => !ids.has(tag(p.tag) >>> 16)), ...extra];
  }
  return props;
}


/** An ADRLIST of these rows (each a list of properties) in `arena`. */
export function encodeAdrList(arena: Arena, rows: readonly (readonly { tag: TagLike; value: unknown }[])[]): bigint {
  const { list: { count, head, stride }, entry: e } = adrListLayout();
  const list = arena.alloc(head + stride * Math.max(1, rows.length));
  list.buf.writeUInt32LE(rows.length, count);
  rows.forEach((props, i) => {
    const { ptr, count: n } = encodeProps(arena, props);
    list.buf.writeUInt32LE(n, head + stride * i + e.cValues);
    writePtr(list.buf, head + stride * i + e.rgPropVals, ptr);
  });
  return list.addr;
}

/**
 * An ADRLIST of one PR_DISPLAY_NAME_W per row, in MAPI memory as IAddrBook::ResolveName and
 * IABContainer::ResolveNames want it: the list one MAPIAllocateBuffer block, each row's properties
 * another (the provider frees and replaces a resolved row's). Free it with freeMapiAdrList.
 */
export function encodeMapiAdrList(ctx: MapiContext, names: readonly string[]): bigint {
  const { list: { count, head, stride }, entry: e } = adrListLayout();
  const spv = spvLayout();
  const size = head + stride * Math.max(1, names.length);
  const list = ctx.alloc(size);
  const lb = Buffer.from(viewOf(list, size).buffer);
  lb.fill(0);
  lb.writeUInt32LE(names.length, count);
  try {
    names.forEach((name, i) => {
      const n = spv.size + (name.length + 1) * 2;
      const row = ctx.alloc(n);
      const rb = Buffer.from(viewOf(row, n).buffer);
      rb.fill(0);
      rb.writeUInt32LE(tag('PR_DISPLAY_NAME_W'), 0);
      writePtr(rb, spv.value, row + BigInt(spv.size)); // the string right after the value
      rb.write(`${name}\0`, spv.size, 'utf16le');
      lb.writeUInt32LE(1, head + stride * i + e.cValues);
      writePtr(lb, head + stride * i + e.rgPropVals, row);
    });
  } catch (err) {
    freeMapiAdrList(ctx, list);
    throw err;
  }
  return list;
}

/** The rows of an ADRLIST, keyed by tag name as table rows are (adrlist.ts). */
export function decodeAdrList(p: bigint): Row[] {
  return readAdrList(p, decodeProps) as Row[];
}

// The trace shows an ADRLIST argument by its rows (trace-decoders.ts says why it is registered here).
registerArgDecoder('ADRLIST *', (p) => adrListShown(decodeAdrList(p)));

/** Frees an ADRLIST in MAPI memory: each row's properties, then the list (FreePadrlist's rule). */
export function freeMapiAdrList(ctx: MapiContext, p: bigint): void {
  const { list: { count, head, stride }, entry: e } = adrListLayout();
  const n = viewOf(p, head).getUint32(count, true);
  const v = viewOf(p, head + n * stride);
  for (let i = 0; i < n; i++) ctx.free(readPtr(v, head + stride * i + e.rgPropVals));
  ctx.free(p);
}

const str = (v: PropValue | undefined): string => (typeof v === 'string' ? v : '');

/** A recipient-table row as a Recipient. */
export function recipientFromRow(row: Row): Recipient {
  const t = typeof row.PR_RECIPIENT_TYPE === 'number' ? row.PR_RECIPIENT_TYPE : -1;
  const base = (t & ~TYPE_FLAGS) >>> 0;
  const named = (Object.keys(TYPE_VALUES) as RecipientType[]).find((k) => TYPE_VALUES[k] === base);
  return {
    rowId: typeof row.PR_ROWID === 'number' ? row.PR_ROWID : -1,
    type: named ?? t,
    name: str(row.PR_DISPLAY_NAME_W),
    email: str(row.PR_EMAIL_ADDRESS_W),
    addressType: str(row.PR_ADDRTYPE_W),
    entryId: Buffer.isBuffer(row.PR_ENTRYID) ? row.PR_ENTRYID.toString('hex').toUpperCase() : '',
    row,
  };
}

export const RECIPIENT_COLUMNS = ['PR_ROWID', 'PR_RECIPIENT_TYPE', 'PR_DISPLAY_NAME_W', 'PR_EMAIL_ADDRESS_W', 'PR_ADDRTYPE_W', 'PR_ENTRYID'] as const;
