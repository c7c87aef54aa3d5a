/**
 * Moving things between folders: IMAPIFolder::CopyMessages (copy, MESSAGE_MOVE), CopyFolder (copy,
 * COPY_SUBFOLDERS, FOLDER_MOVE), DeleteFolder and EmptyFolder, with an optional progress function
 * (lib/mapi/progress.ts). The Folder methods are thin: the calls and their arguments live here.
 */
import { MAPI_FLAGS } from '../../ffi-defs/constants/flags';
import { HR } from '../../ffi-defs/constants/hresults';
import type { IMAPIFolder } from '../../ffi-defs/interfaces/IMAPIFolder';
import type { ComProxy } from '../com/proxy';
import { MapiArgumentError, MapiError } from '../errors';
import { offsetsOf, sizeOf } from '../ffi/layout';
import { checkString, describe } from '../validate';
import { Arena, writePtr } from './memory';
import { entryIdBytes } from './object';
import { withProgress, type ProgressFn } from './progress';

const { MESSAGE_MOVE, MESSAGE_DIALOG, FOLDER_MOVE, FOLDER_DIALOG, COPY_SUBFOLDERS, DEL_MESSAGES, DEL_FOLDERS, MAPI_UNICODE } = MAPI_FLAGS;

type Call = <T>(method: string, fn: () => T) => T;
/** What the operations need of a folder: its raw proxy and its call(). */
export interface FolderLike {
  readonly raw: ComProxy<typeof IMAPIFolder>;
  readonly entryId: string;
}

export interface CopyOptions {
  /** MESSAGE_MOVE: the messages leave this folder (and get new entry ids, as in Exchange). */
  readonly move?: boolean;
  /** Called as the provider reports items: (done, total); return false to stop. */
  readonly progress?: ProgressFn;
}

export interface CopyFolderOptions {
  readonly move?: boolean;
  /** A new name in the destination; default: the same name. */
  readonly name?: string;
  /** Copy the subfolders too (COPY_SUBFOLDERS; a move always takes them). Default true. */
  readonly subfolders?: boolean;
  readonly progress?: ProgressFn;
}

/** An ENTRYLIST of these entry ids in `arena`. */
export function encodeEntryList(arena: Arena, entryIds: readonly (string | Uint8Array)[]): bigint {
  if (!Array.isArray(entryIds)) throw new MapiArgumentError('ERR_ENTRYID', `A list of entry ids is an array, not ${describe(entryIds)}`);
  const ids = entryIds.map(entryIdBytes);
  const bin = offsetsOf('SBinary', 'cb', 'lpb');
  const stride = sizeOf('SBinary');
  const bins = arena.alloc(Math.max(1, ids.length) * stride);
  ids.forEach((b, i) => {
    bins.buf.writeUInt32LE(b.length, i * stride + bin.cb);
    writePtr(bins.buf, i * stride + bin.lpb, arena.bytes(b));
  });
  const entryList = offsetsOf('SBinaryArray', 'cValues', 'lp');
  const list = arena.alloc(sizeOf('SBinaryArray'));
  list.buf.writeUInt32LE(ids.length, entryList.cValues);
  writePtr(list.buf, entryList.lp, bins.addr);
  return list.addr;
}

/** MAPI_W_PARTIAL_COMPLETION (a success code) becomes an error: some entries were not in the folder. */
function checkPartial(hr: number, call: string): void {
  if (hr >>> 0 === HR.MAPI_W_PARTIAL_COMPLETION) {
    throw new MapiError(HR.MAPI_W_PARTIAL_COMPLETION, call, { detail: 'some of the entry ids are not messages of this folder; the others were done' });
  }
}

export function copyMessages(call: Call, src: FolderLike, entryIds: readonly (string | Uint8Array)[], dest: FolderLike, options: CopyOptions = {}): void {
  if (entryIds.length === 0) return;
  const arena = new Arena();
  const list = encodeEntryList(arena, entryIds);
  const flags = options.move ? MESSAGE_MOVE : 0;
  const hr = arena.keep(() => withProgress(options.progress, (p, dialog) =>
    call('CopyMessages', () => src.raw.CopyMessages(list, null, dest.raw.ptr, 0, p, flags | (dialog ? MESSAGE_DIALOG : 0))),
  ));
  checkPartial(hr, 'IMAPIFolder::CopyMessages');
}

export function deleteMessages(call: Call, src: FolderLike, entryIds: readonly (string | Uint8Array)[], progress?: ProgressFn): void {
  if (entryIds.length === 0) return;
  const arena = new Arena();
  const list = encodeEntryList(arena, entryIds);
  const hr = arena.keep(() => withProgress(progress, (p, dialog) => call('DeleteMessages', () => src.raw.DeleteMessages(list, 0, p, dialog ? MESSAGE_DIALOG : 0))));
  checkPartial(hr, 'IMAPIFolder::DeleteMessages');
}

export function emptyFolder(call: Call, f: FolderLike, progress?: ProgressFn): void {
  withProgress(progress, (p, dialog) => call('EmptyFolder', () => f.raw.EmptyFolder(0, p, dialog ? FOLDER_DIALOG : 0)));
}

export function copyFolder(call: Call, parent: FolderLike, child: FolderLike, dest: FolderLike, options: CopyFolderOptions = {}): void {
  const arena = new Arena();
  const eid = entryIdBytes(child.entryId);
  const name = options.name === undefined ? null : arena.wstring(checkString(options.name, 'copyFolder name', { nonEmpty: true }));
  const flags = MAPI_UNICODE | (options.move ? FOLDER_MOVE : 0) | (options.subfolders === false ? 0 : COPY_SUBFOLDERS);
  arena.keep(() => withProgress(options.progress, (p, dialog) =>
    call('CopyFolder', () => parent.raw.CopyFolder(eid.length, eid, null, dest.raw.ptr, name, 0, p, flags | (dialog ? FOLDER_DIALOG : 0))),
  ));
}

export function deleteFolder(call: Call, parent: FolderLike, child: FolderLike, options: { force?: boolean } = {}): void {
  const eid = entryIdBytes(child.entryId);
  const flags = options.force ? DEL_MESSAGES | DEL_FOLDERS : 0;
  call('DeleteFolder', () => parent.raw.DeleteFolder(eid.length, eid, 0, null, flags));
}
