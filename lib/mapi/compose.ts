/**
 * Composing a message: createMessage({ subject, body, html, to, cc, bcc, attachments, props }) as the
 * MAPI calls a client makes (SetProps, ModifyRecipients, CreateAttach...), before the save.
 */
import { MapiArgumentError } from '../errors';
import { checkString } from '../validate';
import type { Message, AttachInput } from './message';
import type { PropsToSet } from './props';
import type { RecipientLike } from './recipients';

/** What createMessage composes from (every part optional). */
export interface Compose {
  readonly subject?: string;
  /** PR_BODY_W. */
  readonly body?: string;
  /** PR_HTML, stored as UTF-8 (PR_INTERNET_CPID 65001). */
  readonly html?: string;
  readonly to?: readonly RecipientLike[];
  readonly cc?: readonly RecipientLike[];
  readonly bcc?: readonly RecipientLike[];
  readonly attachments?: readonly AttachInput[];
  /** More properties, as set() takes them. */
  readonly props?: PropsToSet;
}

const COMPOSE_KEYS = new Set(['subject', 'body', 'html', 'to', 'cc', 'bcc', 'attachments', 'props']);

export function isCompose(c: unknown): c is Compose {
  if (c === null || typeof c !== 'object') throw new MapiArgumentError('ERR_ARGUMENT', `createMessage() takes properties or { subject, body, to, ... }, not ${String(c)}`);
  const keys = Object.keys(c);
  const lower = keys.filter((k) => COMPOSE_KEYS.has(k));
  if (lower.length && lower.length !== keys.length) {
    throw new MapiArgumentError('ERR_ARGUMENT', `createMessage(): unknown composition fields ${keys.filter((k) => !COMPOSE_KEYS.has(k)).join(', ')} (put properties in props)`);
  }
  return lower.length > 0;
}

export function fillCompose(m: Message, c: Compose): void {
  const props: Record<string, unknown> = { ...(c.props ?? {}) };
  if (c.subject !== undefined) props.PR_SUBJECT_W = checkString(c.subject, 'subject');
  if (c.body !== undefined) props.PR_BODY_W = checkString(c.body, 'body');
  if (c.html !== undefined) {
    props.PR_HTML = Buffer.from(checkString(c.html, 'html'), 'utf8');
    props.PR_INTERNET_CPID = 65001;
  }
  if (Object.keys(props).length) m.set(props);
  const recips: RecipientLike[] = [];
  for (const [type, list] of [['to', c.to], ['cc', c.cc], ['bcc', c.bcc]] as const) {
    if (list === undefined) continue;
    if (!Array.isArray(list)) throw new MapiArgumentError('ERR_RECIPIENT', `${type} must be an array of addresses or { email, name }`);
    for (const r of list) recips.push(typeof r === 'string' ? { email: r, type } : { ...r, type });
  }
  if (recips.length) m.setRecipients(recips);
  for (const a of c.attachments ?? []) m.attach(a);
}

