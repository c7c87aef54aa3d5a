/**
 * The friendly objects' common base: owns a proxy, releases it (and what was opened through it) once,
 * and turns failures into MapiErrors with the provider's own explanation (GetLastError) when it has one.
 */
import type { InterfaceDef } from '../../ffi-defs/schema';
import { IMAPIProp } from '../../ffi-defs/interfaces/IMAPIProp';
import { MAPI_FLAGS } from '../../ffi-defs/constants/flags';
import type { ComProxy } from '../com/proxy';
import { KoffiMapiError, MapiError, MapiArgumentError } from '../errors';
import { keepShape } from '../com/shapes';
import { Children, type MapiContext, type Releasable } from './context';
import { Arena } from './memory';
import {
  decodeTagArray, encodeProps, encodeTagArray, PropError, propsToObject, propsToWrite, tag, tagName, PT, PROP_TYPE,
  type Prop, type PropValue, type PropsByName, type PropsToSet, type TagLike, type TagValue,
} from './props';
import { CODE_PAGE_TAGS, codePageOf, decodeProps } from './decode';
import koffi from 'koffi';
import { checkArray, checkULong, describe } from '../validate';
import { structType } from '../ffi/types';
import { flexibleLayout } from '../ffi/layout';
import { decodeNames, encodeNames, MAPI_CREATE, type NamedProp, type PropName } from './named';

const { MAPI_UNICODE, KEEP_OPEN_READWRITE } = MAPI_FLAGS;

/**
 * Where opened objects are tracked. Every object opened in a session (through the session, a store, a
 * folder...) is tracked by that session, so logoff can release whatever a script did not, newest
 * first. Releasing a store or folder does not touch what was opened through it: in MAPI each object
 * holds its own references.
 */
export interface Owner {
  readonly children: Children;
}

export class MapiObject<D extends InterfaceDef> implements Releasable, Owner {
  /** The raw proxy: every MAPI method of the interface, with MAPI's own parameters. */
  readonly raw: ComProxy<D>;
  /** The registry objects opened through this one join (the session's; a session owns its own). */
  readonly children: Children;
  private readonly ownsRegistry: boolean;
  protected readonly ctx: MapiContext;
  protected readonly owner: Owner | null;
  /** What this object is, for messages ('IMsgStore "Sample Mailbox"'). */
  readonly label: string;

  constructor(ctx: MapiContext, raw: ComProxy<D>, owner: Owner | null, label: string, ownRegistry = false) {
    this.ctx = ctx;
    this.raw = raw;
    this.owner = owner;
    this.label = label;
    this.ownsRegistry = ownRegistry || !owner;
    this.children = this.ownsRegistry ? new Children() : owner!.children;
    owner?.children.add(this);
  }

  get released(): boolean {
    return this.raw.released;
  }

  /**
   * What cannot outlive this object and is released first: its watchers, whose Unadvise is a call on
   * this object. Each removes itself once it is done.
   */
  get dependents(): Children {
    return (this.#dependents ??= new Children());
  }
  #dependents: Children | undefined; // made on first use: most objects never have any

  /** Releases this object (a session: everything opened in it first). Safe to call more than once. */
  release(): void {
    if (this.raw.released) return;
    this.#dependents?.releaseAll();
    if (this.ownsRegistry) this.children.releaseAll();
    this.raw.release();
    this.owner?.children.delete(this);
    keepShape(this);
  }

  [Symbol.dispose](): void {
    this.release();
  }

  /**
   * Runs a raw call; a MapiError gets the provider's GetLastError text when the interface has one
   * (IMAPIProp, IMAPITable and IMAPISession all have it at slot 3).
   */
  protected call<T>(method: string, fn: () => T): T {
    this.ctx.ensureAlive(this.raw.interface.name, method);
    try {
      return fn();
    } catch (e) {
      if (e instanceof MapiError && !e.detail) this.addDetail(e);
      throw e;
    }
  }

  private addDetail(e: MapiError): void {
    const raw = this.raw as unknown as { GetLastError?: (hr: number, flags: number, out: (bigint | null)[]) => number };
    if (typeof raw.GetLastError !== 'function' || this.raw.released) return;
    const out: (bigint | null)[] = [null];
    try {
      raw.GetLastError(e.hr | 0, MAPI_UNICODE, out);
      const p = out[0];
      if (!p) return;
      const me = koffi.decode(p as never, structType('MAPIERROR')) as { lpszError: bigint | null; lpszComponent: bigint | null };
      const text = me.lpszError ? (koffi.decode.string16(me.lpszError as never) as string) : '';
      const comp = me.lpszComponent ? (koffi.decode.string16(me.lpszComponent as never) as string) : '';
      if (text || comp) {
        e.detail = comp ? `${text} [${comp}]` : text;
        e.message = `${e.message}: ${e.detail}`;
      }
    } catch {
      // No extended error: the HRESULT stands on its own.
    } finally {
      if (out[0]) this.ctx.free(out[0]);
    }
  }
}

/** Property problems reported by SetProps/DeleteProps. */
export class PropProblemsError extends KoffiMapiError {
  readonly problems: readonly { tag: number; name: string; error: PropError }[];
  constructor(call: string, problems: PropProblemsError['problems']) {
    super('ERR_PROP_PROBLEMS', `${call}: ${problems.map((p) => `${p.name}: ${p.error.name}`).join(', ')}`);
    this.problems = problems;
  }
}

function decodeProblems(ptr: bigint | null): { tag: number; name: string; error: PropError }[] {
  if (!ptr) return [];
  const { count, head, stride } = flexibleLayout('SPropProblemArray');
  const n = koffi.decode(ptr as never, count, 'uint32_t') as number;
  const out = [];
  for (let i = 0; i < n; i++) {
    const p = koffi.decode(ptr as never, head + stride * i, structType('SPropProblem')) as { ulPropTag: number; scode: number };
    out.push({ tag: p.ulPropTag >>> 0, name: tagName(p.ulPropTag >>> 0), error: new PropError(p.scode) });
  }
  return out;
}

/** Objects with properties (IMAPIProp and its descendants). */
export class PropObject<D extends typeof IMAPIProp | InterfaceDef> extends MapiObject<D> {
  private get prop(): ComProxy<typeof IMAPIProp> {
    return this.raw as unknown as ComProxy<typeof IMAPIProp>;
  }

  /**
   * IMAPIProp::GetProps. With no tags, every property. Missing properties come back as PropError values
   * (MAPI_W_ERRORS_RETURNED is a success). Strings are Unicode unless `unicode: false`. With the tags
   * written out, the result is typed per tag: one Prop for each, in order, as MAPI returns them.
   */
  getProps<const T extends readonly TagLike[]>(tags: T, options?: { unicode?: boolean }): { -readonly [I in keyof T]: Prop<TagValue<T[I]> | PropError> };
  getProps(tags?: readonly TagLike[], options?: { unicode?: boolean }): Prop[];
  getProps(tags?: readonly TagLike[], options: { unicode?: boolean } = {}): Prop[] {
    if (tags !== undefined) checkArray(tags, 'getProps(tags)');
    const arena = new Arena();
    const tagArray = tags ? encodeTagArray(arena, tags) : null;
    const count = [0];
    const out: (bigint | null)[] = [null];
    arena.keep(() => this.call('GetProps', () => this.prop.GetProps(tagArray, options.unicode === false ? 0 : MAPI_UNICODE, count, out)));
    try {
      return decodeProps(out[0] ?? 0n, count[0], { codePage: () => this.codePage() });
    } finally {
      this.ctx.free(out[0]);
    }
  }

  /** undefined: not looked up yet; null: looked up, none. */
  private cp: number | null | undefined;

  /**
   * The code page of this object's 8-bit strings (docs/getting-started.md, "8-bit strings and code
   * pages"): its own PR_MESSAGE_CODEPAGE, PR_INTERNET_CPID or PR_CODE_PAGE_ID, else that of the object it
   * was opened through (a message's folder or store, a folder's store). Looked up once, with one
   * GetProps, the first time a non-ASCII 8-bit string needs it, and kept; set() of one of those tags
   * forgets it. undefined when none is known (windows-1252 is used then).
   */
  codePage(): number | undefined {
    if (this.cp === undefined) {
      this.cp = this.ownCodePage() ?? null;
      if (this.cp === null && this.owner instanceof PropObject) this.cp = (this.owner.codePage() as number | undefined) ?? null;
    }
    return this.cp ?? undefined;
  }

  private ownCodePage(): number | undefined {
    if (this.raw.released) return undefined;
    const arena = new Arena();
    const count = [0];
    const out: (bigint | null)[] = [null];
    try {
      arena.keep(() => this.prop.GetProps(encodeTagArray(arena, CODE_PAGE_TAGS), 0, count, out));
      return codePageOf(decodeProps(out[0] ?? 0n, count[0]));
    } catch {
      return undefined; // an object that cannot say has no code page of its own
    } finally {
      if (out[0]) this.ctx.free(out[0]);
    }
  }

  /** Every property as an object keyed by tag name. */
  props(tags?: readonly TagLike[]): PropsByName {
    return propsToObject(this.getProps(tags));
  }

  /**
   * One property's value; undefined when the object does not have it. Any other per-property error
   * throws a MapiError naming the property.
   */
  get<T extends TagLike>(t: T): TagValue<T> | undefined {
    const wanted = tag(t);
    const [p] = this.getProps([wanted]);
    if (p && PROP_TYPE(p.tag) === PT.PT_ERROR && PROP_TYPE(wanted) !== PT.PT_ERROR) {
      const err = p.value as PropError;
      if (err.name === 'MAPI_E_NOT_FOUND') return undefined;
      throw new MapiError(err.hr, `${this.raw.interface.name}::GetProps(${tagName(wanted)})`, {
        detail: err.name === 'MAPI_E_NOT_ENOUGH_MEMORY' ? 'the value is too big for GetProps: read it with getLarge() or openStream()' : undefined,
      });
    }
    return p?.value as TagValue<T> | undefined;
  }

  /**
   * IMAPIProp::SetProps. Every value is checked against its tag's type before the call. Problems the
   * provider reports (read-only or computed properties...) throw a PropProblemsError.
   */
  set(values: PropsToSet | readonly { tag: TagLike; value: unknown }[]): void {
    const list = propsToWrite(values, 'set');
    if (list.length === 0) return;
    const setsCodePage = list.some((p) => (CODE_PAGE_TAGS as readonly number[]).includes(tag(p.tag)));
    const arena = new Arena();
    const { ptr, count } = encodeProps(arena, list, { codePage: this.codePageForWriting(list, setsCodePage) });
    const problems: (bigint | null)[] = [null];
    arena.keep(() => this.call('SetProps', () => this.prop.SetProps(count, ptr, problems)));
    if (setsCodePage) this.cp = undefined;
    this.throwProblems('SetProps', problems[0]);
  }

  /** 8-bit strings are written in the code page being set with them, else the object's (looked up only for non-ASCII text). */
  private codePageForWriting(list: readonly { tag: TagLike; value: unknown }[], setsCodePage: boolean): number | undefined {
    if (setsCodePage) {
      const given = codePageOf(list.map((p) => ({ tag: tag(p.tag), value: p.value as PropValue })));
      if (given !== undefined) return given;
    }
    const needs = list.some((p) => {
      const type = PROP_TYPE(tag(p.tag));
      const texts = type === PT.PT_STRING8 ? [p.value] : type === PT.PT_MV_STRING8 && Array.isArray(p.value) ? p.value : null;
      return texts !== null && texts.some((x) => typeof x === 'string' && /[^\u0000-\u007f]/.test(x));
    });
    return needs ? this.codePage() : undefined;
  }

  /** IMAPIProp::DeleteProps. */
  delete(tags: readonly TagLike[]): void {
    checkArray(tags, 'delete(tags)');
    if (tags.length === 0) return;
    const arena = new Arena();
    const p = encodeTagArray(arena, tags);
    const problems: (bigint | null)[] = [null];
    arena.keep(() => this.call('DeleteProps', () => this.prop.DeleteProps(p, problems)));
    this.throwProblems('DeleteProps', problems[0]);
  }

  /** IMAPIProp::GetPropList: the tags this object has. */
  propList(options: { unicode?: boolean } = {}): number[] {
    const out: (bigint | null)[] = [null];
    this.call('GetPropList', () => this.prop.GetPropList(options.unicode === false ? 0 : MAPI_UNICODE, out));
    try {
      return decodeTagArray(out[0] ?? 0n);
    } finally {
      this.ctx.free(out[0]);
    }
  }

  /**
   * IMAPIProp::GetNamesFromIDs: the names of these tags' named properties (ids 0x8000 and up), by
   * property id. Ids without a name are left out.
   */
  namesFromIds(tags: readonly TagLike[]): Map<number, NamedProp> {
    checkArray(tags, 'namesFromIds(tags)');
    const wanted = [...new Set(tags.map(tag).filter((t) => t >>> 16 >= 0x8000))];
    const result = new Map<number, NamedProp>();
    if (wanted.length === 0) return result;
    const arena = new Arena();
    const mine = encodeTagArray(arena, wanted);
    const tagsInOut: (bigint | null)[] = [mine];
    const count = [0];
    const names: (bigint | null)[] = [null];
    arena.keep(() => this.call('GetNamesFromIDs', () => this.prop.GetNamesFromIDs(tagsInOut, null, 0, count, names)));
    try {
      const list = names[0] ? decodeNames(names[0], Math.min(count[0], wanted.length)) : [];
      list.forEach((n, i) => n && result.set(wanted[i] >>> 16, n));
    } finally {
      this.ctx.free(names[0]);
      if (tagsInOut[0] !== mine) this.ctx.free(tagsInOut[0]);
    }
    return result;
  }

  /**
   * IMAPIProp::GetIDsFromNames: the property ids of named properties, as tags of type PT_UNSPECIFIED
   * (combine with a type: namedTag(id, PT_UNICODE)); undefined for a name the store does not know,
   * unless `create` asks the store to map it.
   */
  idsFromNames(names: readonly PropName[], options: { create?: boolean } = {}): (number | undefined)[] {
    checkArray(names, 'idsFromNames(names)');
    if (names.length === 0) return [];
    const arena = new Arena();
    const list = encodeNames(arena, names);
    const out: (bigint | null)[] = [null];
    arena.keep(() => this.call('GetIDsFromNames', () => this.prop.GetIDsFromNames(names.length, list, options.create ? MAPI_CREATE : 0, out)));
    try {
      return decodeTagArray(out[0] ?? 0n).map((t) => (PROP_TYPE(t) === PT.PT_ERROR ? undefined : t));
    } finally {
      this.ctx.free(out[0]);
    }
  }

  /** IMAPIProp::SaveChanges (KEEP_OPEN_READWRITE by default, so the object stays usable). */
  save(flags: number = KEEP_OPEN_READWRITE): void {
    checkULong(flags, 'save(flags)');
    this.call('SaveChanges', () => this.prop.SaveChanges(flags));
  }

  protected throwProblems(method: string, ptr: bigint | null): void {
    if (!ptr) return;
    let problems;
    try {
      problems = decodeProblems(ptr);
    } finally {
      this.ctx.free(ptr);
    }
    if (problems.length) throw new PropProblemsError(`${this.raw.interface.name}::${method}`, problems);
  }
}

/** Entry ids cross the API as upper-case hex strings. */
export function entryIdHex(v: PropValue | undefined): string {
  return Buffer.isBuffer(v) ? v.toString('hex').toUpperCase() : '';
}

export function entryIdBytes(eid: string | Uint8Array): Buffer {
  if (eid instanceof Uint8Array) return Buffer.from(eid);
  if (typeof eid !== 'string') throw new MapiArgumentError('ERR_ENTRYID', `An entry id is a hex string or bytes, not ${describe(eid)}`);
  if (!/^([0-9a-f]{2})+$/i.test(eid)) throw new MapiArgumentError('ERR_ENTRYID', `Not an entry id: '${eid.slice(0, 40)}' (expected hex bytes)`);
  return Buffer.from(eid, 'hex');
}
