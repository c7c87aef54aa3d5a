/**
 * What messages and attachments share: their properties as streams (OpenProperty(IID_IStream)),
 * values too big for GetProps, and IMAPIProp::CopyTo between them.
 */
import { IStream } from '../../ffi-defs/interfaces/IStream';
import type { IMessage } from '../../ffi-defs/interfaces/IMessage';
import type { InterfaceDef } from '../../ffi-defs/schema';
import { MAPI_FLAGS } from '../../ffi-defs/constants/flags';
import { HR } from '../../ffi-defs/constants/hresults';
import { guidBytes } from '../com/guid';
import { wrap, type ComProxy } from '../com/proxy';
import { MapiArgumentError } from '../errors';
import { checkArray, describe } from '../validate';
import { Arena } from './memory';
import { PropObject } from './object';
import { PT, PROP_TYPE, PropError, encodeTagArray, tag, tagName, type TagLike, type TagValue } from './props';
import { withProgress, type ProgressFn } from './progress';
import { PropStream } from './stream';

const { MAPI_MODIFY, MAPI_CREATE, MAPI_NOREPLACE, MAPI_DIALOG } = MAPI_FLAGS;
let streamIid: Buffer | undefined;

/** Properties with streams: OpenProperty(IID_IStream), and values too big for GetProps. */
export class StreamableObject<D extends InterfaceDef> extends PropObject<D> {
  private get op(): ComProxy<typeof IMessage> {
    return this.raw as unknown as ComProxy<typeof IMessage>;
  }

  /**
   * IMAPIProp::OpenProperty(tag, IID_IStream): the property as a stream. `write` opens it with
   * MAPI_MODIFY, `create` (implies write) starts it empty and creates a missing property.
   */
  openStream(t: TagLike, options: { write?: boolean; create?: boolean } = {}): PropStream {
    const wanted = tag(t);
    const write = options.write === true || options.create === true;
    const flags = (write ? MAPI_MODIFY : 0) | (options.create ? MAPI_CREATE : 0);
    const out: (bigint | null)[] = [null];
    this.call('OpenProperty', () => this.op.OpenProperty(wanted, (streamIid ??= guidBytes(IStream.iid)), 0, flags, out));
    return new PropStream(this.ctx, wrap(IStream, out[0]!), this, `IStream of ${tagName(wanted)}`, write, this);
  }

  /**
   * IMAPIProp::CopyTo into another message or attachment of the same provider: every property but
   * `exclude` (and, for messages, the recipients and attachments unless PR_MESSAGE_RECIPIENTS /
   * PR_MESSAGE_ATTACHMENTS are excluded). `noReplace` keeps what the destination has. The destination
   * still needs its save(); problems throw a PropProblemsError.
   */
  copyTo(dest: StreamableObject<InterfaceDef>, options: { exclude?: readonly TagLike[]; noReplace?: boolean; progress?: ProgressFn } = {}): void {
    if (!(dest instanceof StreamableObject)) throw new MapiArgumentError('ERR_ARGUMENT', `copyTo() takes a Message or an Attachment, not ${describe(dest)}`);
    const arena = new Arena();
    const exclude = options.exclude && options.exclude.length ? encodeTagArray(arena, checkArray<TagLike>(options.exclude, 'copyTo exclude')) : null;
    const iid = guidBytes(dest.raw.interface.iid);
    const problems: (bigint | null)[] = [null];
    const flags = options.noReplace ? MAPI_NOREPLACE : 0;
    arena.keep(() => withProgress(options.progress, (p, dialog) =>
      this.call('CopyTo', () => this.op.CopyTo(0, null, exclude, 0, p, iid, dest.raw.ptr, flags | (dialog ? MAPI_DIALOG : 0), problems)),
    ));
    this.throwProblems('CopyTo', problems[0]);
  }

  /** A property's value whatever its size: GetProps, or through a stream when it is too big for that. */
  getLarge<T extends TagLike>(t: T): TagValue<T> | undefined {
    const wanted = tag(t);
    const [p] = this.getProps([wanted]);
    if (!(p?.value instanceof PropError) || p.value.hr !== HR.MAPI_E_NOT_ENOUGH_MEMORY) return this.get(t);
    using s = this.openStream(wanted);
    const bytes = s.readAll();
    const type = PROP_TYPE(wanted);
    if (type === PT.PT_UNICODE) return bytes.toString('utf16le') as TagValue<T>;
    if (type === PT.PT_STRING8) return bytes.toString('latin1') as TagValue<T>;
    return bytes as TagValue<T>;
  }
}

