/**
 * Mistakes the definitions let the compiler catch. Every line after a @ts-expect-error must fail to
 * compile (tsc reports an unused directive otherwise); the run-time checks stay, for JavaScript callers.
 */
import { EXPORTS } from '../../ffi-defs/exports';
import { IMAPIProgress } from '../../ffi-defs/interfaces/IMAPIProgress';
import type { IMsgStore } from '../../ffi-defs/interfaces/IMsgStore';
import { structType } from '../../lib/ffi/types';
import { implement, type ComProxy, type Folder, type MapiLibrary, type Message, type Table } from '../../lib';

declare const m: Message;
declare const folder: Folder;
declare const t: Table;
declare const lib: MapiLibrary;
declare const store: ComProxy<typeof IMsgStore>;

export function tags(): void {
  // @ts-expect-error: misspelled tag name
  m.get('PR_NOT_A_TAG_TYPO');
  // @ts-expect-error: PT_TSTRING names do not exist: _W or _A
  m.get('PR_SUBJECT');
  // @ts-expect-error: misspelled tag name among good ones
  m.getProps(['PR_SUBJECT_W', 'PR_SUBJCT_W']);
  // @ts-expect-error: misspelled tag name
  m.props(['PR_ENTRY_ID']);
  // @ts-expect-error: misspelled tag name
  m.delete(['PR_BODYW']);
  // @ts-expect-error: misspelled tag name as a key of set()
  m.set({ PR_SUBJECT_W: 'x', PR_IMPORTANT: 2 });
  // @ts-expect-error: misspelled tag name in set()'s list form
  m.set([{ tag: 'PR_IMPORTANT', value: 2 }]);
  // @ts-expect-error: misspelled tag name in createMessage()
  folder.createMessage({ PR_SUBJET_W: 'x' });
  // @ts-expect-error: misspelled column
  t.setColumns(['PR_ENTRYID', 'PR_SUBJECT_WW']);
  // @ts-expect-error: misspelled tag in a restriction
  t.restrict({ prop: 'PR_MESSAGE_SIZ', op: '>', value: 10 });
  // @ts-expect-error: misspelled tag in a sort order
  t.sort([{ tag: 'PR_MESSAGE_DELIVERY', order: 'desc' }]);
  // @ts-expect-error: misspelled column of folder.contents()
  folder.contents({ columns: ['PR_SUBJECT_W', 'PR_SENDER_NAME'] });
  // @ts-expect-error: a decoded string is not a number
  const n: number | undefined = m.get('PR_SUBJECT_W');
  // @ts-expect-error: PR_MESSAGE_SIZE is a PT_LONG, not a string
  const s: string | undefined = m.get('PR_MESSAGE_SIZE');
  // @ts-expect-error: a row's PR_SUBJECT_W is a string (or a PropError), never a Date
  const d: Date | undefined = t.all()[0].PR_SUBJECT_W;
  // @ts-expect-error: misspelled tag read from a row
  void t.all()[0].PR_SUBJET_W;
  void [n, s, d];
}

export function structs(): void {
  // @ts-expect-error: misspelled struct name
  structType('SPropValues');
  // @ts-expect-error: the C name of the union is _PV, not the export's name
  structType('PV');
}

export function exports(): void {
  // @ts-expect-error: misspelled export name
  lib.exports.MAPIInitialise(null);
  // @ts-expect-error: misspelled export in EXPORTS
  lib.call(EXPORTS.MAPIFreeBuffers, 0n);
  // @ts-expect-error: cbSize is a ULONG, not a string
  lib.exports.MAPIAllocateBuffer('64', [null]);
  // @ts-expect-error: lppBuffer is an out parameter: a one-element array, not a pointer
  lib.exports.MAPIAllocateBuffer(64, 0n);
  // @ts-expect-error: wrong argument type through call() too
  lib.call(EXPORTS.MAPIFreeBuffer, 'not a pointer');
  // @ts-expect-error: missing argument
  lib.call(EXPORTS.HrGetOneProp, null, 0x0037001f);
  // @ts-expect-error: one argument too many
  lib.exports.MAPIUninitialize(0);
  // @ts-expect-error: MAPIUninitialize returns nothing
  const r: number = lib.exports.MAPIUninitialize();
  void r;
}

export function methods(): void {
  // @ts-expect-error: ulFlags is a ULONG, not a string
  store.GetReceiveFolder(null, 'MAPI_UNICODE', [0], [null], [null]);
  // @ts-expect-error: lpcValues is an out ULONG: a number array, not a number
  store.GetProps(null, 0, 0, [null]);
  // @ts-expect-error: lpEntryID is a pointer: bigint, Buffer, null or an object with ptr, not a number
  store.OpenEntry(0, 42, null, 0, [0], [null]);
  // @ts-expect-error: missing argument
  store.SaveChanges();
  // @ts-expect-error: misspelled method
  store.GetProp(null, 0, [0], [null]);
  // @ts-expect-error: a handler's parameters are typed from the definition too
  implement(IMAPIProgress, { Progress(ulValue: string) { void ulValue; } });
}
