/**
 * Attachments' friendly shapes: the attachment-table row as an AttachmentInfo, and file names made
 * safe to write: whatever an attachment calls itself, saveTo()/save-attachments never leave the folder
 * they were given.
 */
import path from 'node:path';
import { ATTACH_METHODS } from '../../ffi-defs/constants/flags';
import type { PropValue } from './props';
import type { Row } from './table';

export type AttachMethod = 'none' | 'value' | 'reference' | 'embedded' | 'ole' | number;

export interface AttachmentInfo {
  /** PR_ATTACH_NUM: what openAttachment() and deleteAttachment() take. */
  readonly num: number;
  /** PR_DISPLAY_NAME, else the file name. */
  readonly name: string;
  /** PR_ATTACH_LONG_FILENAME, else PR_ATTACH_FILENAME; '' for an embedded message. */
  readonly fileName: string;
  readonly mimeType: string;
  /** PR_ATTACH_SIZE: the provider's size of the whole attachment object (data plus properties). */
  readonly size: number;
  readonly method: AttachMethod;
  readonly row: Row;
}

const METHOD_NAMES: Readonly<Record<number, AttachMethod>> = {
  [ATTACH_METHODS.NO_ATTACHMENT]: 'none',
  [ATTACH_METHODS.ATTACH_BY_VALUE]: 'value',
  [ATTACH_METHODS.ATTACH_BY_REFERENCE]: 'reference',
  [ATTACH_METHODS.ATTACH_BY_REF_RESOLVE]: 'reference',
  [ATTACH_METHODS.ATTACH_BY_REF_ONLY]: 'reference',
  [ATTACH_METHODS.ATTACH_EMBEDDED_MSG]: 'embedded',
  [ATTACH_METHODS.ATTACH_OLE]: 'ole',
};

const str = (v: PropValue | undefined): string => (typeof v === 'string' ? v : '');

export const ATTACHMENT_COLUMNS = [
  'PR_ATTACH_NUM', 'PR_ATTACH_METHOD', 'PR_DISPLAY_NAME_W', 'PR_ATTACH_LONG_FILENAME_W', 'PR_ATTACH_FILENAME_W',
  'PR_ATTACH_MIME_TAG_W', 'PR_ATTACH_SIZE', 'PR_RENDERING_POSITION',
] as const;

export function attachmentFromRow(row: Row): AttachmentInfo {
  const m = typeof row.PR_ATTACH_METHOD === 'number' ? row.PR_ATTACH_METHOD : 0;
  const fileName = str(row.PR_ATTACH_LONG_FILENAME_W) || str(row.PR_ATTACH_FILENAME_W);
  return {
    num: typeof row.PR_ATTACH_NUM === 'number' ? row.PR_ATTACH_NUM : -1,
    name: str(row.PR_DISPLAY_NAME_W) || fileName,
    fileName,
    mimeType: str(row.PR_ATTACH_MIME_TAG_W),
    size: typeof row.PR_ATTACH_SIZE === 'number' ? row.PR_ATTACH_SIZE : 0,
    method: METHOD_NAMES[m] ?? m,
    row,
  };
}

const RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;

/**
 * A file name safe to create inside any folder on Windows and POSIX: only the last path component
 * (either separator, a drive letter dropped), control characters and <>:"/\|?* replaced by '_',
 * no leading dots or trailing dots and spaces, Windows device names prefixed, at most 200 characters
 * (the extension kept), never empty ('attachment' + the number).
 */
export function safeFileName(name: string, fallback: string): string {
  let n = name.replace(/^[a-zA-Z]:/, '').split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  n = n.replace(/[\u0000-\u001f\u007f<>:"/\\|?*]/g, '_').replace(/^[.\s]+/, '').replace(/[.\s]+$/, '');
  if (RESERVED.test(n)) n = `_${n}`;
  if (n.length > 200) {
    const ext = path.extname(n).slice(0, 20);
    n = n.slice(0, 200 - ext.length) + ext;
  }
  return n || fallback;
}

/** `dir/name`, or `dir/name (2).ext`... when taken: `taken` holds the lower-cased names given out so far. */
export function uniqueName(name: string, taken: Set<string>): string {
  const ext = path.extname(name);
  const stem = name.slice(0, name.length - ext.length);
  let candidate = name;
  for (let i = 2; taken.has(candidate.toLowerCase()); i++) candidate = `${stem} (${i})${ext}`;
  taken.add(candidate.toLowerCase());
  return candidate;
}
