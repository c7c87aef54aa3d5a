/**
 * Messages and attachments: recipients, attachments, streams over big properties, bodies. MAPI's own
 * calls stay on `.raw`; every object opened here (tables, streams, attachments, embedded messages) is a
 * child of the object it came from and is released with it.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { ReadableStream } from 'node:stream/web';
import { IMessage } from '../../ffi-defs/interfaces/IMessage';
import { IAttach } from '../../ffi-defs/interfaces/IAttach';
import { IStream } from '../../ffi-defs/interfaces/IStream';
import { IMAPITable } from '../../ffi-defs/interfaces/IMAPITable';
import { MAPI_FLAGS, MESSAGE_FLAGS, ATTACH_METHODS, READ_FLAGS } from '../../ffi-defs/constants/flags';
import { HR } from '../../ffi-defs/constants/hresults';
import { EXPORTS } from '../../ffi-defs/exports';
import { guidBytes } from '../com/guid';
import { wrap, type ComProxy } from '../com/proxy';
import { KoffiMapiError, MapiArgumentError } from '../errors';
import { checkArray, checkInt, checkString, describe } from '../validate';
import type { MapiContext } from './context';
import { Arena } from './memory';
import { entryIdHex, type Owner } from './object';
import { PropError, tag, tagName, type TagLike } from './props';
import { PropStream, DEFAULT_CHUNK, checkChunk } from './stream';
import { StreamableObject } from './streamable';
import { Table } from './table';
import { RECIPIENT_COLUMNS, encodeAdrList, recipientFromRow, recipientProps, type Recipient, type RecipientLike } from './recipients';
import { ATTACHMENT_COLUMNS, attachmentFromRow, safeFileName, type AttachmentInfo } from './attachments';

const { MAPI_UNICODE, MAPI_MODIFY, MAPI_CREATE, KEEP_OPEN_READWRITE } = MAPI_FLAGS;
const CLEAR_READ_FLAG = READ_FLAGS.CLEAR_READ_FLAG;
const { MODRECIP_ADD, MODRECIP_REMOVE } = MESSAGE_FLAGS;
let messageIid: Buffer | undefined;
const IID_MESSAGE = () => (messageIid ??= guidBytes(IMessage.iid));

/** What attach() takes: exactly one source of content, and optionally a name and a MIME type. */
export interface AttachInput {
  readonly file?: string;
  readonly bytes?: Uint8Array;
  readonly message?: Message;
  readonly name?: string;
  readonly mimeType?: string;
}

export class Message extends StreamableObject<typeof IMessage> {
  constructor(ctx: MapiContext, raw: ComProxy<typeof IMessage>, owner: Owner) {
    super(ctx, raw, owner, 'IMessage');
  }

  get entryId(): string {
    return entryIdHex(this.get('PR_ENTRYID'));
  }

  /** The recipient table (GetRecipientTable), for columns, restrictions and paging of your own. */
  recipientTable(): Table {
    const out: (bigint | null)[] = [null];
    this.call('GetRecipientTable', () => this.raw.GetRecipientTable(MAPI_UNICODE, out));
    return new Table(this.ctx, wrap(IMAPITable, out[0]!), this, 'recipient table');
  }

  /** Every recipient, in the table's order. */
  recipients(): Recipient[] {
    using t = this.recipientTable();
    t.setColumns(RECIPIENT_COLUMNS);
    return t.all().map(recipientFromRow);
  }

  private modifyRecipients(flags: number, rows: { tag: TagLike; value: unknown }[][]): void {
    const arena = new Arena();
    const list = encodeAdrList(arena, rows);
    arena.keep(() => this.call('ModifyRecipients', () => this.raw.ModifyRecipients(flags, list)));
  }

  /** Replaces every recipient (ModifyRecipients(0)). 'a@b.c' is { email: 'a@b.c', type: 'to' }. */
  setRecipients(list: readonly RecipientLike[]): void {
    checkArray(list, 'setRecipients(list)');
    this.modifyRecipients(0, list.map((r, i) => recipientProps(r, `recipient ${i}`)));
  }

  /** Adds recipients (MODRECIP_ADD); the provider gives each its PR_ROWID. */
  addRecipients(list: readonly RecipientLike[]): void {
    checkArray(list, 'addRecipients(list)');
    if (list.length) this.modifyRecipients(MODRECIP_ADD, list.map((r, i) => recipientProps(r, `recipient ${i}`)));
  }

  /** Removes recipients by PR_ROWID (or the Recipient objects recipients() returned). */
  removeRecipients(list: readonly (number | Recipient)[]): void {
    checkArray(list, 'removeRecipients(list)');
    const ids = list.map((r) => checkInt(typeof r === 'number' ? r : r?.rowId, 0, 0xffffffff, 'removeRecipients: a PR_ROWID', 'ERR_RECIPIENT'));
    if (ids.length) this.modifyRecipients(MODRECIP_REMOVE, ids.map((id) => [{ tag: 'PR_ROWID', value: id }]));
  }

  /** The attachment table (GetAttachmentTable). */
  attachmentTable(): Table {
    const out: (bigint | null)[] = [null];
    this.call('GetAttachmentTable', () => this.raw.GetAttachmentTable(MAPI_UNICODE, out));
    return new Table(this.ctx, wrap(IMAPITable, out[0]!), this, 'attachment table');
  }

  /** Every attachment, in the table's order. */
  attachments(): AttachmentInfo[] {
    using t = this.attachmentTable();
    t.setColumns(ATTACHMENT_COLUMNS);
    return t.all().map(attachmentFromRow);
  }

  /** IMessage::OpenAttach, read-only unless `write`. */
  openAttachment(num: number, options: { write?: boolean } = {}): Attachment {
    checkInt(num, 0, 0xffffffff, 'openAttachment(num)');
    const out: (bigint | null)[] = [null];
    this.call('OpenAttach', () => this.raw.OpenAttach(num, null, options.write ? MAPI_MODIFY : 0, out));
    return new Attachment(this.ctx, wrap(IAttach, out[0]!), this, num);
  }

  /** IMessage::DeleteAttach. The message still needs its save(). */
  deleteAttachment(num: number): void {
    checkInt(num, 0, 0xffffffff, 'deleteAttachment(num)');
    this.call('DeleteAttach', () => this.raw.DeleteAttach(num, 0, null, 0));
  }

  /**
   * Adds an attachment and saves it into the message (the message still needs its save()): a file (read
   * in chunks), bytes, or a copy of another message as an embedded message. Returns its PR_ATTACH_NUM.
   */
  attach(input: AttachInput): number {
    if (input === null || typeof input !== 'object') throw new MapiArgumentError('ERR_ATTACH', `attach() takes { file | bytes | message, name?, mimeType? }, not ${describe(input)}`);
    const sources = (['file', 'bytes', 'message'] as const).filter((k) => input[k] !== undefined);
    if (sources.length !== 1) throw new MapiArgumentError('ERR_ATTACH', `attach() takes exactly one of file, bytes or message (got ${sources.length ? sources.join(', ') : 'none'})`);
    if (input.file !== undefined) checkString(input.file, 'attach({ file })', { nonEmpty: true, code: 'ERR_ATTACH' });
    if (input.bytes !== undefined && !(input.bytes instanceof Uint8Array)) throw new MapiArgumentError('ERR_ATTACH', `attach({ bytes }) takes a Buffer or Uint8Array, not ${describe(input.bytes)}`);
    if (input.message !== undefined && !(input.message instanceof Message)) throw new MapiArgumentError('ERR_ATTACH', `attach({ message }) takes a Message, not ${describe(input.message)}`);
    let fd: number | undefined;
    if (input.file !== undefined) {
      try {
        fd = fs.openSync(input.file, 'r');
      } catch (e) {
        throw new KoffiMapiError('ERR_ATTACH_FILE', `attach({ file }): cannot read '${input.file}': ${(e as Error).message}`);
      }
    }
    const num = [0];
    const out: (bigint | null)[] = [null];
    try {
      this.call('CreateAttach', () => this.raw.CreateAttach(null, 0, num, out));
      using a = new Attachment(this.ctx, wrap(IAttach, out[0]!), this, num[0]);
      const name = input.name ?? (input.file !== undefined ? path.basename(input.file) : input.message ? String(input.message.get('PR_SUBJECT_W') ?? 'message') : `attachment-${num[0]}`);
      checkString(name, 'attach({ name })', { code: 'ERR_ATTACH' });
      if (input.message) a.fillEmbedded(input.message, name);
      else a.fillData(fd ?? input.bytes!, name, input.mimeType);
      a.save(0);
      return num[0];
    } finally {
      if (fd !== undefined) fs.closeSync(fd);
    }
  }

  /**
   * attach() for content that arrives as a Node Readable (a download, a pipe): written into the new
   * attachment's PR_ATTACH_DATA_BIN stream as it comes, with the stream's back-pressure, so it is never
   * held whole. Resolves to PR_ATTACH_NUM once the attachment is saved into the message.
   */
  async attachStream(source: NodeJS.ReadableStream | AsyncIterable<Uint8Array>, options: { name: string; mimeType?: string }): Promise<number> {
    if (source === null || typeof (source as AsyncIterable<Uint8Array>)[Symbol.asyncIterator] !== 'function') {
      throw new MapiArgumentError('ERR_ATTACH', `attachStream() takes a Readable or an async iterable of bytes, not ${describe(source)}`);
    }
    checkString(options?.name, 'attachStream({ name })', { nonEmpty: true, code: 'ERR_ATTACH' });
    const num = [0];
    const out: (bigint | null)[] = [null];
    this.call('CreateAttach', () => this.raw.CreateAttach(null, 0, num, out));
    using a = new Attachment(this.ctx, wrap(IAttach, out[0]!), this, num[0]);
    a.describeData(options.name, options.mimeType);
    using s = a.openStream('PR_ATTACH_DATA_BIN', { create: true });
    for await (const chunk of source as AsyncIterable<Uint8Array>) {
      if (!(chunk instanceof Uint8Array)) throw new MapiArgumentError('ERR_ATTACH', `attachStream(): the source gave ${describe(chunk)}, not bytes`);
      s.write(chunk);
    }
    s.commit();
    a.save(0);
    return num[0];
  }

  /**
   * The bodies the message has: text (PR_BODY_W), html (PR_HTML, decoded as UTF-8 unless PR_INTERNET_CPID
   * names another code page Node knows) and rtf (when the DLL has WrapCompressedRTFStream), each read
   * through a stream when too big for GetProps.
   */
  body(): { text?: string; html?: string; rtf?: string } {
    const out: { text?: string; html?: string; rtf?: string } = {};
    const text = this.getLarge('PR_BODY_W');
    if (typeof text === 'string') out.text = text;
    const html = this.getLarge('PR_HTML');
    if (Buffer.isBuffer(html)) out.html = decodeHtml(html, this.get('PR_INTERNET_CPID'));
    if (this.ctx.lib.has(EXPORTS.WrapCompressedRTFStream)) {
      const rtf = this.rtf();
      if (rtf !== undefined) out.rtf = rtf;
    }
    return out;
  }

  /**
   * The RTF body: PR_RTF_COMPRESSED decompressed by the DLL's WrapCompressedRTFStream (8-bit RTF, read
   * as Latin-1). Undefined when the message has none; ERR_NO_RTF_SUPPORT when the DLL lacks the export.
   */
  rtf(): string | undefined {
    const [p] = this.getProps(['PR_RTF_COMPRESSED']);
    if (p?.value instanceof PropError && p.value.hr === HR.MAPI_E_NOT_FOUND) return undefined;
    this.needRtf();
    using inner = this.openStream('PR_RTF_COMPRESSED');
    using plain = this.wrapRtf(inner, 0);
    return plain.readAll().toString('latin1');
  }

  /** Stores `rtf` as PR_RTF_COMPRESSED through WrapCompressedRTFStream (the message still needs its save()). */
  setRtf(rtf: string): void {
    checkString(rtf, 'setRtf(rtf)');
    this.needRtf();
    using inner = this.openStream('PR_RTF_COMPRESSED', { create: true });
    using plain = this.wrapRtf(inner, MAPI_MODIFY);
    plain.write(Buffer.from(rtf, 'latin1'));
    plain.commit();
  }

  private needRtf(): void {
    if (!this.ctx.lib.has(EXPORTS.WrapCompressedRTFStream)) {
      throw new KoffiMapiError('ERR_NO_RTF_SUPPORT', `${this.ctx.lib.path} does not export WrapCompressedRTFStream, so PR_RTF_COMPRESSED cannot be read or written through it`);
    }
  }

  private wrapRtf(inner: PropStream, flags: number): PropStream {
    const out: (bigint | null)[] = [null];
    // An export, not a method of the message: its failure is its own (no IMessage::GetLastError detail).
    this.ctx.ensureAlive('IMessage', 'WrapCompressedRTFStream');
    this.ctx.lib.call(EXPORTS.WrapCompressedRTFStream, inner.raw.ptr, flags, out);
    return new PropStream(this.ctx, wrap(IStream, out[0]!), inner, 'RTF stream', flags !== 0, inner);
  }

  /** IMessage::SetReadFlag: read (or unread) at once, without a save, as MAPI's read state works. */
  markRead(read = true): void {
    this.call('SetReadFlag', () => this.raw.SetReadFlag(read ? 0 : CLEAR_READ_FLAG));
  }

  /** IMessage::SubmitMessage: hands the message to the provider's transport; the object is then spent. */
  submit(): void {
    this.call('SubmitMessage', () => this.raw.SubmitMessage(0));
  }
}

const CODE_PAGES: Readonly<Record<number, string>> = { 65001: 'utf-8', 1200: 'utf-16le', 20127: 'us-ascii', 28591: 'iso-8859-1', 932: 'shift_jis', 936: 'gbk', 949: 'euc-kr', 950: 'big5', 54936: 'gb18030' };

function decodeHtml(bytes: Buffer, cpid: unknown): string {
  const cp = typeof cpid === 'number' ? cpid : 65001;
  const label = CODE_PAGES[cp] ?? (cp >= 1250 && cp <= 1258 ? `windows-${cp}` : cp >= 28592 && cp <= 28606 ? `iso-8859-${cp - 28590}` : 'utf-8');
  try {
    return new TextDecoder(label).decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

export class Attachment extends StreamableObject<typeof IAttach> {
  /** PR_ATTACH_NUM. */
  readonly num: number;

  constructor(ctx: MapiContext, raw: ComProxy<typeof IAttach>, owner: Owner, num: number) {
    super(ctx, raw, owner, `IAttach #${num}`);
    this.num = num;
  }

  /** PR_ATTACH_METHOD, 0 when absent. */
  get method(): number {
    const m = this.get('PR_ATTACH_METHOD');
    return typeof m === 'number' ? m : 0;
  }

  /** The data of a by-value attachment (PR_ATTACH_DATA_BIN), through a stream whatever its size. */
  read(): Buffer {
    this.checkData('read');
    using s = this.openStream('PR_ATTACH_DATA_BIN');
    return s.readAll();
  }

  /**
   * The data as a Node Readable, `chunk` bytes per read, in bounded memory (PropStream.readable:
   * `reclaim`); the stream is released at its end.
   */
  stream(options: { chunk?: number; reclaim?: boolean } = {}): Readable {
    this.checkData('stream');
    const chunk = checkChunk(options.chunk); // before the stream is open: a bad size must not leave it open
    return this.openStream('PR_ATTACH_DATA_BIN').readable({ chunk, reclaim: options.reclaim });
  }

  /**
   * The data as a web ReadableStream of bytes (PropStream.webStream): with a BYOB reader every chunk is
   * read into the caller's one buffer, the way to stream a large attachment in bounded memory.
   */
  webStream(options: { chunk?: number } = {}): ReadableStream<Uint8Array> {
    this.checkData('webStream');
    const chunk = checkChunk(options.chunk);
    return this.openStream('PR_ATTACH_DATA_BIN').webStream({ chunk });
  }

  /**
   * Writes the data to `file` (created or truncated), chunk by chunk. Returns the byte count.
   * `exclusive`: only a new file (O_EXCL: an existing file or symlink there is EEXIST, never followed).
   */
  saveTo(file: string, options: { chunk?: number; exclusive?: boolean } = {}): number {
    checkString(file, 'saveTo(file)', { nonEmpty: true });
    this.checkData('saveTo');
    using s = this.openStream('PR_ATTACH_DATA_BIN');
    const buf = Buffer.allocUnsafe(checkInt(options.chunk ?? DEFAULT_CHUNK, 1, 0x7fffffff, 'chunk'));
    const fd = fs.openSync(file, options.exclusive ? 'wx' : 'w');
    let total = 0;
    try {
      for (let n = s.readInto(buf); n > 0; n = s.readInto(buf)) {
        fs.writeSync(fd, buf, 0, n);
        total += n;
      }
    } finally {
      fs.closeSync(fd);
    }
    return total;
  }

  /** The embedded message of an ATTACH_EMBEDDED_MSG attachment (OpenProperty(PR_ATTACH_DATA_OBJ, IID_IMessage)). */
  openMessage(options: { write?: boolean } = {}): Message {
    if (this.method !== ATTACH_METHODS.ATTACH_EMBEDDED_MSG) {
      throw new KoffiMapiError('ERR_NOT_EMBEDDED', `${this.label} is not an embedded message (PR_ATTACH_METHOD ${this.method}); read its data with read() or stream()`);
    }
    const out: (bigint | null)[] = [null];
    const flags = options.write ? MAPI_MODIFY : 0;
    this.call('OpenProperty', () => this.raw.OpenProperty(tag('PR_ATTACH_DATA_OBJ'), IID_MESSAGE(), 0, flags, out));
    return new Message(this.ctx, wrap(IMessage, out[0]!), this);
  }

  private checkData(what: string): void {
    if (this.method === ATTACH_METHODS.ATTACH_EMBEDDED_MSG) {
      throw new KoffiMapiError('ERR_EMBEDDED', `${this.label}.${what}(): the attachment is an embedded message; use openMessage()`);
    }
  }

  /** @internal attach(): the data of a new by-value attachment, from a file descriptor or bytes. */
  fillData(src: number | Uint8Array, name: string, mimeType: string | undefined): void {
    this.describeData(name, mimeType);
    using s = this.openStream('PR_ATTACH_DATA_BIN', { create: true });
    if (typeof src === 'number') {
      const buf = Buffer.allocUnsafe(DEFAULT_CHUNK);
      for (let n = fs.readSync(src, buf); n > 0; n = fs.readSync(src, buf)) s.write(buf.subarray(0, n));
    } else {
      s.write(src);
    }
    s.commit();
  }

  /** @internal The properties of a new by-value attachment called `name`. */
  describeData(name: string, mimeType: string | undefined): void {
    const props: Record<string, unknown> = {
      PR_ATTACH_METHOD: ATTACH_METHODS.ATTACH_BY_VALUE,
      PR_DISPLAY_NAME_W: name,
      PR_ATTACH_LONG_FILENAME_W: name,
      PR_ATTACH_FILENAME_W: safeFileName(name, 'attach').slice(0, 255),
    };
    if (path.extname(name)) props.PR_ATTACH_EXTENSION_W = path.extname(name);
    if (mimeType !== undefined) props.PR_ATTACH_MIME_TAG_W = checkString(mimeType, 'attach({ mimeType })', { nonEmpty: true, code: 'ERR_ATTACH' });
    this.set(props);
  }

  /** @internal attach({ message }): a copy of `m` (properties, recipients, by-value attachments) as embedded. */
  fillEmbedded(m: Message, name: string): void {
    this.set({ PR_ATTACH_METHOD: ATTACH_METHODS.ATTACH_EMBEDDED_MSG, PR_DISPLAY_NAME_W: name });
    const out: (bigint | null)[] = [null];
    this.call('OpenProperty', () => this.raw.OpenProperty(tag('PR_ATTACH_DATA_OBJ'), IID_MESSAGE(), 0, MAPI_CREATE | MAPI_MODIFY, out));
    using e = new Message(this.ctx, wrap(IMessage, out[0]!), this);
    const skip = new Set(['PR_ENTRYID', 'PR_RECORD_KEY', 'PR_PARENT_ENTRYID', 'PR_STORE_ENTRYID', 'PR_STORE_RECORD_KEY', 'PR_OBJECT_TYPE', 'PR_MESSAGE_SIZE', 'PR_HASATTACH', 'PR_DISPLAY_TO_W', 'PR_DISPLAY_CC_W', 'PR_DISPLAY_BCC_W']);
    const values = m.getProps().filter((p) => !(p.value instanceof PropError) && !skip.has(tagName(p.tag)));
    if (values.length) e.set(values);
    const recips = m.recipients();
    if (recips.length) e.setRecipients(recips.map((r) => ({ email: r.email, name: r.name, type: typeof r.type === 'string' ? r.type : 'to', addressType: r.addressType })));
    for (const info of m.attachments()) {
      if (info.method !== 'value') continue;
      using src = m.openAttachment(info.num);
      e.attach({ bytes: src.read(), name: info.fileName || info.name, mimeType: info.mimeType || undefined });
    }
    e.save(KEEP_OPEN_READWRITE);
  }
}

